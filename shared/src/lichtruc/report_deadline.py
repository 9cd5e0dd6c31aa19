"""When an enterprise's daily report is due, and what a day without one is: the one rule of audit's status
page (`GET /daily-reports/status`), roster's province summary (its PDF and workbook) and notifier's reminders
("report missing"). A day's report is due at a local time on the next day (AUDIT_DAILY_REPORT_DUE,
ROSTER_DAILY_REPORT_DUE, NOTIFIER_DAILY_REPORT_DUE: 09:00 by default); a day
without one is missing once that time has passed, else not yet due. Pure: `now` is passed in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from .vntime import at_local

ReportStatus = Literal["submitted", "missing", "not_yet_due"]

DEFAULT_DUE = time(9, 0)
"""The default local time, on the next day, by which a day's report is due."""


def due_at(day: date, due: time = DEFAULT_DUE) -> datetime:
    """The deadline of a day's report: `due` (local) on the next day, in UTC."""
    return at_local(day + timedelta(days=1), due).astimezone(UTC)


def report_status(*, submitted: bool, deadline: datetime, now: datetime) -> ReportStatus:
    """A day's report as of `now`: submitted (whenever it came); else missing from its `deadline` on; else not
    yet due."""
    if submitted:
        return "submitted"
    return "missing" if now >= deadline else "not_yet_due"


def is_late(first_submitted_at: datetime, deadline: datetime) -> bool:
    """Whether a day's report came late: its first version after the deadline."""
    return first_submitted_at > deadline
