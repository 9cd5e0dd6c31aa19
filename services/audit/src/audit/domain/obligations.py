"""From when an enterprise owes daily reports and readiness items (QZ11 #6 / QZ12 #5).

An enterprise the Department registered mid-campaign may carry the local day (Asia/Ho_Chi_Minh) it owes them from
(roster's ``obligations_from``, on its EnterpriseRegistered/Updated). What is due on a local day before it is not
owed: a readiness item due then is neither open nor overdue for it, a day's report due then is not missing. What is
due on that day or after is owed as for any enterprise; an enterprise without the day owes everything. A day's report
is due the next day (`lichtruc.report_deadline`), so the report of the day before ``obligations_from`` is owed.
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


def owing_from(enterprises: Iterable[Enterprise]) -> dict[str, date]:
    """The day each of the projected `enterprises` owes from, by id, for those the Department set one for."""
    return {e.enterprise_id: date.fromisoformat(e.obligations_from) for e in enterprises if e.obligations_from}
