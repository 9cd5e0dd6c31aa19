"""Who is on duty for an incident (`on_duty_at`, the one rule behind a responder's warning, the stored flag, the page's
choice and the day's report): from the shift's start, or from an earlier check-in, until its end (QZ22 #2: checked in
at 07:31 for 08:00, joining the response at once read "không có ca trực")."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from roster.domain.incidents import DutySpell, on_duty_among, on_duty_at

ANH, BINH = uuid.uuid4(), uuid.uuid4()
STARTS = datetime(2027, 2, 7, 1, 0, tzinfo=UTC)  # 08:00 on Mùng 2 Tết
ENDS = datetime(2027, 2, 7, 5, 0, tzinfo=UTC)  # 12:00
JOINED = STARTS - timedelta(minutes=29)  # 07:31


def test_checked_in_30_minutes_early_is_on_duty_from_the_check_in() -> None:
    early = DutySpell(ANH, STARTS, ENDS, checked_in_at=STARTS - timedelta(minutes=30))
    assert on_duty_at(early, STARTS - timedelta(minutes=30))
    assert on_duty_at(early, JOINED)
    assert not on_duty_at(early, STARTS - timedelta(minutes=31))  # before her check-in


def test_not_checked_in_before_the_start_is_not_on_duty() -> None:
    planned = DutySpell(ANH, STARTS, ENDS)
    assert not on_duty_at(planned, JOINED)
    assert on_duty_at(planned, STARTS)


def test_after_the_end_is_not_on_duty_checked_in_or_not() -> None:
    for spell in (
        DutySpell(ANH, STARTS, ENDS),
        DutySpell(ANH, STARTS, ENDS, checked_in_at=STARTS - timedelta(minutes=5)),
    ):
        assert on_duty_at(spell, ENDS - timedelta(seconds=1))
        assert not on_duty_at(spell, ENDS)


def test_on_duty_among_at_joining_or_at_detection() -> None:
    spells = [
        DutySpell(ANH, STARTS, ENDS, checked_in_at=JOINED),
        DutySpell(BINH, STARTS, ENDS),
    ]
    detected = JOINED - timedelta(minutes=10)
    assert on_duty_among(spells, (JOINED, detected)) == {ANH}
    assert on_duty_among(spells, (STARTS, detected)) == {ANH, BINH}
    assert on_duty_among(spells, (detected,)) == frozenset()
