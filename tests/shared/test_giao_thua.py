"""The night of giao thừa by the lunar calendar (lichtruc.vntime.in_giao_thua): 18:00 on the last day of the lunar year
(29 or 30 tháng Chạp) to 06:00 on mùng 1, roster's default peak's hours — the portal's board says "ca giao thừa" of a
shift holding some of it (QZ26 Q3 leftover)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lichtruc import lunar
from lichtruc.vntime import giao_thua_night, in_giao_thua

ICT = timezone(timedelta(hours=7))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ICT)


def test_the_night_into_mung_1_of_each_year_from_18_00_on_its_eve_to_06_00() -> None:
    assert giao_thua_night(2027) == (at(2027, 2, 5, 18), at(2027, 2, 6, 6))  # 29 tháng Chạp Bính Ngọ
    assert giao_thua_night(2026) == (at(2026, 2, 16, 18), at(2026, 2, 17, 6))
    eve = lunar.lunar_to_solar(lunar.last_day_of_year(2024))  # 29 tháng Chạp Giáp Thìn
    assert lunar.last_day_of_year(2024).day == 29 and giao_thua_night(2025)[0] == at(eve.year, eve.month, eve.day, 18)


def test_a_shift_is_on_giao_thua_when_it_holds_some_of_that_night() -> None:
    assert in_giao_thua(at(2027, 2, 5, 18), at(2027, 2, 6, 6))  # the night shift
    assert in_giao_thua(at(2027, 2, 5, 22, 30), at(2027, 2, 6, 6))  # its rest, handed over at 22:30
    assert in_giao_thua(at(2027, 2, 5, 8), at(2027, 2, 6, 8))  # the leader's 24 hours
    assert in_giao_thua(at(2027, 2, 6, 0), at(2027, 2, 6, 3))
    assert not in_giao_thua(at(2027, 2, 5, 6), at(2027, 2, 5, 18))  # the day before it, ending as it begins
    assert not in_giao_thua(at(2027, 2, 6, 6), at(2027, 2, 6, 18))  # mùng 1's day
    assert not in_giao_thua(at(2027, 2, 4, 18), at(2027, 2, 5, 6))  # the night before
    assert not in_giao_thua(at(2027, 1, 30, 18), at(2027, 1, 31, 6))  # 23 tháng Chạp, a year from the last one
