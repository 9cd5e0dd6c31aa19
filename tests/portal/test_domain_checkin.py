"""The check-in button's rule, the same as roster's: live from 30 minutes before the start until
the end, on a published or checked-in shift, for a person on it who has not checked in yet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from portal.domain.checkin import CHECK_IN_LEAD, check_in

START = datetime(2027, 2, 5, 11, 0, tzinfo=UTC)  # 18:00 on 30 tháng Chạp in Vietnam
END = START + timedelta(hours=12)


def state(now: datetime, **kw) -> str:
    args: dict[str, Any] = {"starts_at": START, "ends_at": END, "status": "published", "on_shift": True} | kw
    return check_in(now=now, **args).state


def test_opens_thirty_minutes_before_the_start() -> None:
    assert timedelta(minutes=30) == CHECK_IN_LEAD
    early = check_in(now=START - timedelta(minutes=31), starts_at=START, ends_at=END, status="published", on_shift=True)
    assert early.state == "not_yet" and early.opens_at == START - timedelta(minutes=30) and not early.live
    assert state(START - timedelta(minutes=30)) == "open"  # the very minute it opens
    assert state(START) == "open"
    assert state(END - timedelta(seconds=1)) == "open"


def test_closes_at_the_end() -> None:
    assert state(END) == "closed"
    assert state(END + timedelta(days=1)) == "closed"


def test_only_for_published_or_checked_in_shifts_of_the_person() -> None:
    now = START
    assert state(now, status="checked_in") == "open"  # a colleague checked in first
    for status in ("draft", "cancelled", "completed"):
        assert state(now, status=status) == "none"
    assert state(now, on_shift=False) == "none"


def test_done_once_checked_in() -> None:
    at = START - timedelta(minutes=5)
    done = check_in(now=START, starts_at=START, ends_at=END, status="checked_in", on_shift=True, checked_in_at=at)
    assert done.state == "done" and done.checked_in_at == at


def test_a_longer_lead_can_be_passed() -> None:
    assert check_in(
        now=START - timedelta(minutes=45),
        starts_at=START,
        ends_at=END,
        status="published",
        on_shift=True,
        lead=timedelta(hours=1),
    ).live
