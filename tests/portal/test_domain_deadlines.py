"""How late something came in against its deadline (portal.domain.deadlines), as its sender is told."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.domain.dates import VIETNAM
from portal.domain.deadlines import lateness

DUE = datetime(2027, 2, 8, 8, 0, tzinfo=VIETNAM)


def test_by_the_deadline_is_not_late_and_an_unknown_one_says_nothing() -> None:
    assert lateness(DUE, DUE) is None
    assert lateness(DUE - timedelta(seconds=1), DUE) is None
    assert lateness(DUE + timedelta(hours=1), None) is None and lateness(None, DUE) is None


def test_a_delay_reads_in_days_hours_and_minutes_rounded_up() -> None:
    late = lateness(DUE + timedelta(hours=2, minutes=15), DUE)
    assert late is not None and (late.days, late.hours, late.minutes, late.due) == (0, 2, 15, DUE)
    seconds = lateness(DUE + timedelta(seconds=3), DUE)
    assert seconds is not None and (seconds.days, seconds.hours, seconds.minutes) == (0, 0, 1)  # never "0 minutes"
    days = lateness(DUE + timedelta(days=8, hours=10, seconds=30), DUE)
    assert days is not None and (days.days, days.hours, days.minutes) == (8, 10, 1)
    edge = lateness(DUE + timedelta(hours=23, minutes=59, seconds=30), DUE)
    assert edge is not None and (edge.days, edge.hours, edge.minutes) == (1, 0, 0)  # a day, never "60 minutes"
