"""One definition of coverage: distinct people on duty (lichtruc.coverage)."""

from __future__ import annotations

from datetime import UTC, datetime

from lichtruc.coverage import OnDuty, people_on_duty


def at(hour: int) -> datetime:
    return datetime(2027, 2, 5, hour, tzinfo=UTC)


def test_a_double_counted_person_is_counted_once() -> None:
    on_duty = [OnDuty("an", at(0), at(8)), OnDuty("an", at(2), at(6)), OnDuty("binh", at(0), at(8))]
    assert people_on_duty(on_duty, at(2), at(6)) == 2


def test_only_people_on_duty_for_the_whole_interval_count() -> None:
    on_duty = [OnDuty("an", at(0), at(4)), OnDuty("binh", at(4), at(8))]
    assert people_on_duty(on_duty, at(0), at(4)) == 1
    assert people_on_duty(on_duty, at(3), at(5)) == 0
    assert people_on_duty([], at(0), at(1)) == 0
