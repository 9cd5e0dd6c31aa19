"""A span said to people ends at 24:00 of its last day, never at 00:00 of the day after (QZ21 #9: a gap "06:00
7 Feb 2027 (2nd day of Tết) – 00:00 16 Feb 2027 (11th day of the 1st lunar month)" read as one day past the
campaign's 10th; the board said "00:00–24:00")."""

from __future__ import annotations

import unicodedata
from datetime import date, time, timedelta

from lichtruc import vntime, words
from lichtruc.vntime import at_local


def at(day: int, hour: int = 0, minute: int = 0):
    return at_local(date(2027, 2, day), time(hour, minute))


def test_a_span_ending_at_local_midnight_ends_at_24_00_of_the_day_before_with_its_lunar_name() -> None:
    assert words.span(at(7, 6), at(16), "en") == (
        "06:00 7 Feb 2027 (2nd day of Tết) – 24:00 15 Feb 2027 (10th day of the 1st lunar month)"
    )
    assert words.span(at(7, 6), at(16)) == "06:00 07/02/2027 (Mùng 2 Tết) – 24:00 15/02/2027 (Mùng 10 tháng Giêng)"
    assert vntime.span(at(7, 6), at(16), "en") == "06:00 7 Feb 2027 – 24:00 15 Feb 2027"
    assert vntime.span(at(7, 6), at(16)) == "06:00 07/02/2027 – 24:00 15/02/2027"
    # a whole day, and an evening to midnight: one day's span, as the board says it
    assert words.span(at(6), at(7)) == "00:00–24:00 06/02/2027 (Mùng 1 Tết)"
    assert words.span(at(5, 18), at(6), "en") == "18:00–24:00 5 Feb 2027 (29th day of the 12th lunar month)"
    assert vntime.span(at(5, 18), at(6)) == "18:00–24:00 05/02/2027"


def test_a_span_ending_at_any_other_time_or_starting_at_midnight_is_said_as_before() -> None:
    assert words.span(at(5, 22), at(6, 6)) == "22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết)"
    assert words.span(at(6), at(6, 8), "en") == "00:00–08:00 6 Feb 2027 (1st day of Tết)"
    assert vntime.span(at(6, 0, 1), at(7, 0, 1)) == "00:01 06/02/2027 – 00:01 07/02/2027"
    assert vntime.span(at(6), at(6)) == "00:00–00:00 06/02/2027"  # no span at all: its end is not moved before it


def test_a_span_says_its_lunar_days_with_the_arrow_and_giao_thua_when_it_takes_in_the_years_last_midnight() -> None:
    """QZ26 #7: a 23:00→03:00 shift on 29 tháng Chạp (Bính Ngọ's last day) read "(29 tháng Chạp)" alone."""
    assert vntime.giao_thua(at(5, 23), at(6, 3))
    assert vntime.giao_thua(at(5, 18), at(6))  # the eve's evening, on duty until the moment itself
    assert not vntime.giao_thua(at(6), at(6, 8))  # from 00:00 mùng 1: the new year's, not the eve's
    assert not vntime.giao_thua(at(4, 23), at(5, 3))  # 28 into 29 tháng Chạp: an ordinary night
    tet_2026 = at_local(date(2026, 2, 17))  # Bính Ngọ's mùng 1: another year's eve, by the same rule
    assert vntime.giao_thua(tet_2026 - timedelta(hours=1), tet_2026)
    assert not vntime.giao_thua(tet_2026 + timedelta(hours=1), tet_2026 + timedelta(hours=5))
    assert vntime.lunar_span(at(5, 23), at(6, 3)) == "29 tháng Chạp → Mùng 1 Tết, giao thừa"
    assert vntime.lunar_span(at(5, 23), at(6, 3), hours=True) == "23:00 29 tháng Chạp → 03:00 Mùng 1 Tết (giao thừa)"
    assert vntime.lunar_span(at(5, 23), at(6, 3), "en", hours=True) == (
        "23:00 29th day of the 12th lunar month → 03:00 1st day of Tết (New Year's Eve)"
    )
    assert vntime.lunar_span(at(5, 18), at(6), hours=True) == "18:00–24:00 29 tháng Chạp (giao thừa)"
    assert vntime.lunar_span(at(3, 22), at(4, 6), hours=True) == "22:00 27 tháng Chạp → 06:00 28 tháng Chạp"
    assert vntime.lunar_span(at(6, 8), at(6, 16)) == "Mùng 1 Tết"
    assert vntime.lunar_span(at_local(date(2101, 6, 1)), at_local(date(2101, 6, 2))) == ""  # outside the tables


def test_an_inspector_is_said_after_the_title_once_whatever_their_name() -> None:
    """V3: the demo inspector was named after the office, and an explanation's answer read "Thanh tra Thanh tra Sở
    Thông tin và Truyền thông". A person's name takes the title; a name that is a title already (in either language,
    however typed: decomposed, in capitals) stands as it is; no name, the title alone."""
    assert words.inspector_titled("Phan Thị Thu Hà") == "Thanh tra Phan Thị Thu Hà"
    assert words.inspector_titled("Phan Thị Thu Hà", "en") == "Inspector Phan Thị Thu Hà"
    office = "Thanh tra Sở Thông tin và Truyền thông"
    assert words.inspector_titled(office) == office and words.inspector_titled(office, "en") == office
    typed = unicodedata.normalize("NFD", "THANH TRA Sở Thông tin và Truyền thông ")
    assert words.inspector_titled(typed) == unicodedata.normalize("NFC", typed.strip())
    assert words.inspector_titled("Inspector Smith") == "Inspector Smith"
    assert words.inspector_titled("Thanh Tra") == "Thanh Tra"
    assert words.inspector_titled("Thanh Trang") == "Thanh tra Thanh Trang"  # a name beginning so is a name
    assert words.inspector_titled(None) == "Thanh tra" and words.inspector_titled("  ", "en") == "Inspector"
