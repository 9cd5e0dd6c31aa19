"""The one rule of a day's report (lichtruc.report_deadline): due at 09:00 local on the next day; without one, not
yet due until then, missing from then on; late when its first version came after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from lichtruc.report_deadline import due_at, is_late, report_status

DAY = date(2027, 2, 6)  # mùng 1 Tết Đinh Mùi
DEADLINE = datetime(2027, 2, 7, 2, tzinfo=UTC)  # 09:00 on mùng 2, Vietnam time


def test_a_days_report_is_due_the_next_morning() -> None:
    assert due_at(DAY) == DEADLINE
    assert due_at(DAY, time(17, 30)) == datetime(2027, 2, 7, 10, 30, tzinfo=UTC)


def test_without_a_report_a_day_is_not_yet_due_until_its_deadline_then_missing() -> None:
    assert report_status(submitted=False, deadline=DEADLINE, now=DEADLINE - timedelta(seconds=1)) == "not_yet_due"
    assert report_status(submitted=False, deadline=DEADLINE, now=DEADLINE) == "missing"
    assert report_status(submitted=True, deadline=DEADLINE, now=DEADLINE - timedelta(days=1)) == "submitted"
    assert report_status(submitted=True, deadline=DEADLINE, now=DEADLINE + timedelta(days=1)) == "submitted"
    assert not is_late(DEADLINE, DEADLINE) and is_late(DEADLINE + timedelta(seconds=1), DEADLINE)
