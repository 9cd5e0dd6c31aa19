"""From when an enterprise owes daily reports and readiness items (QZ11 #6 / QZ12 #5).

An enterprise the Department registered mid-campaign may carry the local day (Asia/Ho_Chi_Minh) it owes them from
(roster's ``obligations_from``, on its EnterpriseRegistered/Updated). What is due on a local day before it is not
owed: a readiness item (`owes`) due then is neither open nor overdue for it. What is due on that day or after is owed
as for any enterprise; an enterprise without the day owes everything. A day's report is owed by the day it reports
on, not by the day it is due (`owes_report`): the report of ``obligations_from`` itself is owed (due the next
morning, `lichtruc.report_deadline`), the report of the day before is not, though it falls due on that day (QZ18 #3).
Pure: no clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model imports the records that import this module
    from .model import Enterprise


def owes(obligations_from: date | None, due_day: date) -> bool:
    """Whether an enterprise owing from `obligations_from` (None: from always) owes what is due on the local day
    `due_day`."""
    return obligations_from is None or due_day >= obligations_from


def owes_report(obligations_from: date | None, day: date) -> bool:
    """Whether an enterprise owing from `obligations_from` (None: from always) owes the daily report of the local day
    `day`: `day` itself is on or after it, whatever day the report is due (the next morning). QZ18 #3: an enterprise
    registered on 06/02 owing from 06/02 was listed missing the report of 05/02, due at 09:00 on 06/02. Services
    share no code: the same rule is roster's `domain.reports.report_owed` and notifier's
    `domain.deadlines.owes_report`, each tested in its service."""
    return obligations_from is None or day >= obligations_from


def owing_from(enterprises: Iterable[Enterprise]) -> dict[str, date]:
    """The day each of the projected `enterprises` owes from, by id, for those the Department set one for."""
    return {e.enterprise_id: date.fromisoformat(e.obligations_from) for e in enterprises if e.obligations_from}
