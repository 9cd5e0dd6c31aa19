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


def test_a_delay_reads_in_the_minutes_a_reader_counts_from_the_times_shown() -> None:
    late = lateness(DUE + timedelta(hours=2, minutes=15), DUE)
    assert late is not None and (late.days, late.hours, late.minutes, late.due) == (0, 2, 15, DUE)
    # QA: sent at 10:03:40 against 09:00 read "1 giờ 4 phút" beside "Gửi lúc 10:03": the reader gets 1 h 3 min
    nine = DUE.replace(hour=9)
    sent = lateness(nine + timedelta(hours=1, minutes=3, seconds=40), nine)
    assert sent is not None and (sent.days, sent.hours, sent.minutes) == (0, 1, 3)
    seconds = lateness(DUE + timedelta(seconds=3), DUE)
    assert (
        seconds is not None and seconds.under_a_minute and (seconds.days, seconds.hours, seconds.minutes) == (0, 0, 0)
    )
    days = lateness(DUE + timedelta(days=8, hours=10, minutes=4, seconds=59), DUE)
    assert days is not None and (days.days, days.hours, days.minutes) == (8, 10, 4) and not days.under_a_minute
    edge = lateness(DUE + timedelta(hours=23, minutes=59, seconds=59), DUE)
    assert edge is not None and (edge.days, edge.hours, edge.minutes) == (0, 23, 59)
    whole = lateness(DUE + timedelta(days=1), DUE)
    assert whole is not None and (whole.days, whole.hours, whole.minutes) == (1, 0, 0)
