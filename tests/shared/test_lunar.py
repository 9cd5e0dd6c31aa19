"""Tests for lichtruc.lunar, the Vietnamese (UTC+7) lunar calendar.

Independent sources the calendar is checked against:

- PyEphem 4.2.1 (``ephem``, XEphem's libastro): new-moon instants and the sun's
  apparent longitude, from which this file builds the Vietnamese calendar from
  first principles for lunar years 1900–2100.
- vnlunar 1.0.5 (PyPI): Hồ Ngọc Đức's precomputed tables TK19..TK22 (its default
  mode, which follows the published almanacs and so the Chinese UTC+8 calendar
  before 1968) and its own port of his algorithm (``time_zone=7.0``).
"""

import bisect
import datetime
import itertools
import math
import re
from datetime import date, timedelta

import ephem
import pytest
import vnlunar

from lichtruc import lunar
from lichtruc.lunar import (
    LunarDate,
    day_name,
    last_day_of_year,
    leap_month,
    lunar_to_solar,
    month_length,
    short_day_name,
    solar_to_lunar,
    tet,
    tet_name,
    year_name,
)

FIRST_DAY = date(1900, 1, 31)  # Tết Canh Tý 1900
LAST_DAY = date(2101, 1, 28)  # the day before Tết Tân Dậu 2101
YEARS = range(1900, 2101)
VIETNAM = datetime.timezone(timedelta(hours=7))

MonthKey = tuple[int, int, bool]  # (lunar year, month, leap)

# Month starts on which lichtruc (Hồ Ngọc Đức's series) and PyEphem put the same
# new moon on opposite sides of midnight UTC+7. The series is accurate to about
# two minutes, each of these new moons is less than two minutes from midnight, and
# after 2050 ΔT alone is uncertain by more than that — so the calendar cannot be
# decided more precisely than this. No Tết and no leap month is affected.
KNOWN_EPHEM_DIFFERENCES: dict[MonthKey, tuple[date, date]] = {
    # key: (lichtruc, ephem); ephem new moon 1944-06-20 23:59:32 +07, series 00:01:36
    (1944, 5, False): (date(1944, 6, 21), date(1944, 6, 20)),
    # ephem new moon 2072-12-09 23:58:28 +07, series 00:00:14
    (2072, 11, False): (date(2072, 12, 10), date(2072, 12, 9)),
    # ephem new moon 2077-11-15 23:59:34 +07, series 00:00:13
    (2077, 10, False): (date(2077, 11, 16), date(2077, 11, 15)),
}

# vnlunar's tables follow the UTC+8 almanacs until Tết Mậu Thân 1968, so they are
# compared from then on. After that they differ from Hồ Ngọc Đức's own algorithm in
# three months, all at new moons within 15 s to 2 min of midnight: 2072 and 2077 are
# the ephem differences above (the tables agree with ephem), and in 2054 ephem puts
# the new moon at 2054-05-08 00:00:14 +07, agreeing with lichtruc, not the table.
TABLE_FROM = date(1968, 1, 29)
KNOWN_TABLE_DIFFERENCES: dict[MonthKey, tuple[date, date]] = {
    # key: (lichtruc, vnlunar table)
    (2054, 4, False): (date(2054, 5, 8), date(2054, 5, 7)),
    (2072, 11, False): (date(2072, 12, 10), date(2072, 12, 9)),
    (2077, 10, False): (date(2077, 11, 16), date(2077, 11, 15)),
}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


@pytest.fixture(scope="module")
def supported_days() -> list[date]:
    return _days(FIRST_DAY, LAST_DAY)


def _months_of(lunar_year: int) -> list[tuple[int, bool]]:
    leap = leap_month(lunar_year)
    months = []
    for month in range(1, 13):
        months.append((month, False))
        if month == leap:
            months.append((month, True))
    return months


def _lichtruc_month_starts() -> dict[MonthKey, date]:
    return {(y, m, leap): lunar_to_solar(LunarDate(y, m, 1, leap)) for y in YEARS for m, leap in _months_of(y)}


# --- 1. published dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lunar_year", "expected"),
    [
        (1968, date(1968, 1, 29)),  # Tết Mậu Thân in the North, the first year at UTC+7
        (1985, date(1985, 1, 21)),  # China: 20 February
        (2000, date(2000, 2, 5)),
        (2007, date(2007, 2, 17)),  # China: 18 February
        (2020, date(2020, 1, 25)),
        (2021, date(2021, 2, 12)),
        (2022, date(2022, 2, 1)),
        (2023, date(2023, 1, 22)),
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2026, date(2026, 2, 17)),
        (2027, date(2027, 2, 6)),
    ],
)
def test_tet_falls_on_the_published_vietnamese_date(lunar_year: int, expected: date) -> None:
    assert tet(lunar_year) == expected
    assert solar_to_lunar(expected) == LunarDate(lunar_year, 1, 1)


@pytest.mark.parametrize(
    ("lunar", "solar"),
    [
        (LunarDate(2024, 3, 10), date(2024, 4, 18)),  # Giỗ Tổ Hùng Vương, public holiday
        (LunarDate(2025, 3, 10), date(2025, 4, 7)),  # Giỗ Tổ Hùng Vương, public holiday
        (LunarDate(2023, 8, 15), date(2023, 9, 29)),  # Tết Trung thu
        (LunarDate(2024, 8, 15), date(2024, 9, 17)),  # Tết Trung thu
        (LunarDate(2025, 12, 23), date(2026, 2, 10)),  # ông Công ông Táo before Tết Bính Ngọ
        (LunarDate(2025, 12, 29), date(2026, 2, 16)),  # giao thừa before Tết Bính Ngọ
    ],
)
def test_published_festival_dates(lunar: LunarDate, solar: date) -> None:
    assert lunar_to_solar(lunar) == solar
    assert solar_to_lunar(solar) == lunar


def test_tet_dinh_mui_2027_campaign_dates() -> None:
    assert lunar_to_solar(LunarDate(2026, 12, 23)) == date(2027, 1, 30)
    assert last_day_of_year(2026) == LunarDate(2026, 12, 29)
    assert lunar_to_solar(last_day_of_year(2026)) == date(2027, 2, 5)
    assert lunar_to_solar(LunarDate(2027, 1, 10)) == date(2027, 2, 15)


# --- 2. independent astronomical reference (PyEphem) -----------------------------------


def _vietnam_day(instant: ephem.Date) -> date:
    return instant.datetime().replace(tzinfo=datetime.UTC).astimezone(VIETNAM).date()


def _apparent_sun_longitude(instant: float) -> float:
    sun = ephem.Sun(instant)
    of_date = ephem.Equatorial(sun.g_ra, sun.g_dec, epoch=instant)
    return float(ephem.Ecliptic(of_date).lon)


def _major_term(near: float, multiple: int) -> ephem.Date:
    """The instant near ``near`` at which the sun's apparent longitude is multiple × 30°."""
    target = multiple * math.pi / 6
    instant = near
    for _ in range(10):
        error = (_apparent_sun_longitude(instant) - target + math.pi) % (2 * math.pi) - math.pi
        step = -error / (2 * math.pi) * 365.2422
        instant += step
        if abs(step) < 1e-6:  # 0.09 s
            return ephem.Date(instant)
    raise AssertionError(f"solar term {multiple * 30}° did not converge near {ephem.Date(near)}")


@pytest.fixture(scope="module")
def ephem_calendar() -> dict[MonthKey, date]:
    """Month starts of lunar years 1900–2100 built from the rules, not from any algorithm.

    A month begins on the Vietnamese (UTC+7) civil day of a new moon; month 11 holds
    the winter solstice; between two months 11 that are 13 months apart, the first
    month without a major solar term (sun at a multiple of 30°) is the leap month
    and repeats the number of the month before it.
    """
    begin, end = ephem.Date("1898/10/01"), ephem.Date("2102/06/01")
    new_moons = []
    instant = begin
    while instant < end:
        instant = ephem.next_new_moon(instant)
        new_moons.append(instant)
    starts = [_vietnam_day(nm) for nm in new_moons]

    terms_in_month: dict[int, set[int]] = {}
    multiple, instant = 9, ephem.next_solstice(begin)  # the December solstice
    while instant < end:
        instant = _major_term(instant, multiple)
        month = bisect.bisect_right(starts, _vietnam_day(instant)) - 1
        terms_in_month.setdefault(month, set()).add(multiple)
        multiple = (multiple + 1) % 12
        instant = ephem.Date(instant + 30.44)

    elevens = sorted(i for i, terms in terms_in_month.items() if 9 in terms)
    labels: dict[int, tuple[int, bool]] = {}
    for first, following in itertools.pairwise(elevens):
        leap = None
        if following - first == 13:
            leap = next(i for i in range(first + 1, following) if i not in terms_in_month)
        number = 10
        for i in range(first, following):
            if i != leap:
                number = number % 12 + 1
            labels[i] = (number, i == leap)

    calendar: dict[MonthKey, date] = {}
    lunar_year = None
    for i in sorted(labels):
        number, leap = labels[i]
        if number == 1 and not leap:
            lunar_year = starts[i].year
        if lunar_year is not None and lunar_year in YEARS:
            calendar[(lunar_year, number, leap)] = starts[i]
    return calendar


def test_tet_matches_ephem_for_every_year_1900_to_2100(ephem_calendar: dict[MonthKey, date]) -> None:
    assert {y: tet(y) for y in YEARS} == {y: ephem_calendar[(y, 1, False)] for y in YEARS}


def test_every_month_start_and_leap_month_matches_ephem(ephem_calendar: dict[MonthKey, date]) -> None:
    ours = _lichtruc_month_starts()
    assert ours.keys() == ephem_calendar.keys()  # same months, same leap months, every year
    differences = {k: (ours[k], ephem_calendar[k]) for k in ours if ours[k] != ephem_calendar[k]}
    assert differences == KNOWN_EPHEM_DIFFERENCES


@pytest.mark.parametrize("key", sorted(KNOWN_EPHEM_DIFFERENCES.keys() | KNOWN_TABLE_DIFFERENCES.keys()))
def test_known_differences_are_new_moons_within_two_minutes_of_midnight(key: MonthKey) -> None:
    ours = (KNOWN_EPHEM_DIFFERENCES | KNOWN_TABLE_DIFFERENCES)[key][0]
    new_moon = ephem.next_new_moon(ephem.Date(ours) - 2)
    local = new_moon.datetime().replace(tzinfo=datetime.UTC).astimezone(VIETNAM)
    midnight = datetime.datetime.combine(ours, datetime.time(), VIETNAM)
    assert abs(local - midnight) < timedelta(minutes=2)


# --- 3. cross-check with vnlunar ----------------------------------------------------------


def _as_vnlunar(ld: LunarDate) -> tuple[int, int, int, int]:
    return (ld.year, ld.month, ld.day, int(ld.leap))


def test_solar_to_lunar_matches_vnlunar_algorithm_every_day(supported_days: list[date]) -> None:
    differences = []
    for d in supported_days:
        theirs = vnlunar.convert_solar_to_lunar(d.day, d.month, d.year, 7.0)
        if (theirs["year"], theirs["month"], theirs["day"], theirs["leap"]) != _as_vnlunar(solar_to_lunar(d)):
            differences.append(d)
    assert differences == []


def test_lunar_to_solar_matches_vnlunar_algorithm_every_day(supported_days: list[date]) -> None:
    differences = []
    for d in supported_days:
        ld = solar_to_lunar(d)
        theirs = vnlunar.convert_lunar_to_solar(ld.day, ld.month, ld.year, int(ld.leap), 7.0)
        if theirs != (d.day, d.month, d.year):
            differences.append(ld)
    assert differences == []


def test_impossible_dates_agree_with_vnlunar_algorithm() -> None:
    impossible = [LunarDate(y, m, 30) for y in YEARS for m in range(1, 13) if month_length(y, m) == 29]
    impossible += [LunarDate(y, m, 1, True) for y in YEARS for m in range(1, 13) if leap_month(y) != m]
    for ld in impossible:
        assert vnlunar.convert_lunar_to_solar(ld.day, ld.month, ld.year, int(ld.leap), 7.0) is None
        with pytest.raises(ValueError):
            lunar_to_solar(ld)


def _days_renumbered_by(differences: dict[MonthKey, tuple[date, date]]) -> set[date]:
    """Days whose lunar date changes when a month starts a day earlier or later.

    Both calendars agree on when the month ends, so every day from the earlier of
    the two starts to that end gets a different lunar date.
    """
    renumbered = set()
    for key, (ours, theirs) in differences.items():
        end = ours + timedelta(month_length(*key) - 1)
        renumbered |= set(_days(min(ours, theirs), end))
    return renumbered


def test_solar_to_lunar_matches_vnlunar_tables_from_1968(supported_days: list[date]) -> None:
    differences = set()
    for d in supported_days:
        if d < TABLE_FROM:
            continue
        theirs = vnlunar.get_lunar_date(d.day, d.month, d.year)
        if (theirs["year"], theirs["month"], theirs["day"], theirs["leap"]) != _as_vnlunar(solar_to_lunar(d)):
            differences.add(d)
    assert differences == _days_renumbered_by(KNOWN_TABLE_DIFFERENCES)
    for (y, m, leap), (_, table) in KNOWN_TABLE_DIFFERENCES.items():
        assert vnlunar.convert_lunar_to_solar(1, m, y, int(leap)) == (table.day, table.month, table.year)


def test_lunar_to_solar_matches_vnlunar_tables_from_1968(supported_days: list[date]) -> None:
    differences = set()
    for d in supported_days:
        if d < TABLE_FROM:
            continue
        ld = solar_to_lunar(d)
        if vnlunar.convert_lunar_to_solar(ld.day, ld.month, ld.year, int(ld.leap)) != (d.day, d.month, d.year):
            differences.add(d)
    assert differences == _days_renumbered_by(KNOWN_TABLE_DIFFERENCES)


# --- 4. round trips, month lengths, leap months ----------------------------------------


def test_round_trip_every_day(supported_days: list[date]) -> None:
    assert [d for d in supported_days if lunar_to_solar(solar_to_lunar(d)) != d] == []


def test_lunar_days_run_consecutively(supported_days: list[date]) -> None:
    previous = solar_to_lunar(supported_days[0])
    assert previous == LunarDate(1900, 1, 1)
    for d in supported_days[1:]:
        current = solar_to_lunar(d)
        if current.day == 1:
            assert previous.day == month_length(previous.year, previous.month, previous.leap), d
        else:
            assert current == LunarDate(previous.year, previous.month, previous.day + 1, previous.leap), d
        previous = current
    assert previous == last_day_of_year(2100)


@pytest.mark.parametrize("lunar_year", YEARS)
def test_year_is_made_of_29_and_30_day_months(lunar_year: int) -> None:
    lengths = [month_length(lunar_year, m, leap) for m, leap in _months_of(lunar_year)]
    assert set(lengths) <= {29, 30}
    length = (tet(lunar_year + 1) if lunar_year < 2100 else LAST_DAY + timedelta(1)) - tet(lunar_year)
    assert sum(lengths) == length.days
    assert length.days in ({383, 384, 385} if leap_month(lunar_year) else {353, 354, 355})


def test_every_lunar_day_maps_back() -> None:
    for y in YEARS:
        for m, leap in _months_of(y):
            for day in range(1, month_length(y, m, leap) + 1):
                assert solar_to_lunar(lunar_to_solar(LunarDate(y, m, day, leap))) == LunarDate(y, m, day, leap)


@pytest.mark.parametrize(
    ("lunar_year", "expected"),
    [(2017, 6), (2020, 4), (2023, 2), (2025, 6), (2026, None), (2027, None), (2028, 5), (2033, 11)],
)
def test_leap_month(lunar_year: int, expected: int | None, ephem_calendar: dict[MonthKey, date]) -> None:
    assert leap_month(lunar_year) == expected
    reference = [m for (y, m, leap) in ephem_calendar if y == lunar_year and leap]
    assert reference == ([expected] if expected else [])


def test_leap_month_2033_is_month_11_before_tet() -> None:
    # The "2033 problem": the leap month falls after the winter solstice, so
    # giao thừa 2033 closes a year holding tháng Mười Một nhuận.
    assert month_length(2033, 11, leap=True) in (29, 30)
    assert lunar_to_solar(LunarDate(2033, 11, 1, True)) > lunar_to_solar(LunarDate(2033, 11, 1))
    assert last_day_of_year(2033).month == 12


def test_last_day_of_year_is_the_eve_of_tet() -> None:
    for y in YEARS:
        eve = last_day_of_year(y)
        assert (eve.month, eve.day) in {(12, 29), (12, 30)}
        assert lunar_to_solar(eve) + timedelta(1) == (tet(y + 1) if y < 2100 else LAST_DAY + timedelta(1))


# --- 5. names and errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ld", "vi", "en"),
    [
        (LunarDate(2027, 1, 1), "Mùng 1 Tết", "1st day of Tết"),
        (LunarDate(2027, 1, 3), "Mùng 3 Tết", "3rd day of Tết"),
        (LunarDate(2027, 1, 4), "Mùng 4 tháng Giêng", "4th day of the 1st lunar month"),
        (LunarDate(2027, 1, 10), "Mùng 10 tháng Giêng", "10th day of the 1st lunar month"),
        (LunarDate(2027, 1, 11), "11 tháng Giêng", "11th day of the 1st lunar month"),
        (LunarDate(2027, 1, 15), "Rằm tháng Giêng", "15th day of the 1st lunar month"),
        (LunarDate(2027, 2, 12), "12 tháng Hai", "12th day of the 2nd lunar month"),
        (LunarDate(2027, 3, 13), "13 tháng Ba", "13th day of the 3rd lunar month"),
        (LunarDate(2027, 4, 21), "21 tháng Tư", "21st day of the 4th lunar month"),
        (LunarDate(2027, 5, 22), "22 tháng Năm", "22nd day of the 5th lunar month"),
        (LunarDate(2027, 6, 2), "Mùng 2 tháng Sáu", "2nd day of the 6th lunar month"),
        (LunarDate(2027, 7, 7), "Mùng 7 tháng Bảy", "7th day of the 7th lunar month"),
        (LunarDate(2027, 8, 15), "Rằm tháng Tám", "15th day of the 8th lunar month"),
        (LunarDate(2027, 9, 9), "Mùng 9 tháng Chín", "9th day of the 9th lunar month"),
        (LunarDate(2027, 10, 20), "20 tháng Mười", "20th day of the 10th lunar month"),
        (LunarDate(2027, 11, 1), "Mùng 1 tháng Mười Một", "1st day of the 11th lunar month"),
        (LunarDate(2027, 12, 23), "23 tháng Chạp", "23rd day of the 12th lunar month"),
        (LunarDate(2026, 12, 30), "30 tháng Chạp", "30th day of the 12th lunar month"),
        (LunarDate(2020, 4, 5, True), "Mùng 5 tháng Tư nhuận", "5th day of the leap 4th lunar month"),
        (LunarDate(2025, 6, 15, True), "Rằm tháng Sáu nhuận", "15th day of the leap 6th lunar month"),
        (LunarDate(2033, 11, 1, True), "Mùng 1 tháng Mười Một nhuận", "1st day of the leap 11th lunar month"),
    ],
)
def test_day_name(ld: LunarDate, vi: str, en: str) -> None:
    assert day_name(ld) == vi
    assert day_name(ld, lang="en") == en


def test_english_day_names_follow_one_ordinal_pattern_and_say_the_month_where_space_is_tight() -> None:
    """QA 2026-12-06: "Day 3 of Tết" beside "4th day of the 1st lunar month"; "Lunar 23/12" read as 23 December."""
    names = [day_name(LunarDate(2027, 1, d), "en") for d in (2, 3, 4)]
    assert names == ["2nd day of Tết", "3rd day of Tết", "4th day of the 1st lunar month"]
    assert short_day_name(LunarDate(2027, 1, 3), "en") == "3rd day of Tết"
    assert short_day_name(LunarDate(2026, 12, 23), "en") == "23rd of lunar month 12"
    assert short_day_name(LunarDate(2020, 4, 5, True), "en") == "5th of leap lunar month 4"
    assert short_day_name(LunarDate(2026, 12, 23)) == day_name(LunarDate(2026, 12, 23)) == "23 tháng Chạp"
    with pytest.raises(ValueError, match=re.escape("unknown language 'fr'")):
        short_day_name(LunarDate(2026, 12, 23), "fr")


def test_day_name_rejects_unknown_language_and_bad_ranges() -> None:
    with pytest.raises(ValueError, match=re.escape("unknown language 'fr'; use 'vi' or 'en'")):
        day_name(LunarDate(2027, 1, 1), lang="fr")
    with pytest.raises(ValueError, match=re.escape("months are 1..12 and days 1..30")):
        day_name(LunarDate(2027, 13, 1))
    with pytest.raises(ValueError, match=re.escape("months are 1..12 and days 1..30")):
        day_name(LunarDate(2027, 1, 31))


@pytest.mark.parametrize(
    ("lunar_year", "name"),
    [
        (1900, "Canh Tý"),
        (1968, "Mậu Thân"),
        (1985, "Ất Sửu"),
        (2000, "Canh Thìn"),
        (2024, "Giáp Thìn"),
        (2025, "Ất Tỵ"),
        (2026, "Bính Ngọ"),
        (2027, "Đinh Mùi"),
        (2100, "Canh Thân"),
    ],
)
def test_year_name(lunar_year: int, name: str) -> None:
    assert year_name(lunar_year) == name
    assert tet_name(lunar_year) == f"Tết {name} {lunar_year}"


def test_year_names_repeat_every_sixty_years() -> None:
    assert len({year_name(y) for y in range(1984, 2044)}) == 60
    assert all(year_name(y) == year_name(y + 60) for y in range(1900, 2041))


def test_tet_name_of_the_2027_campaign() -> None:
    assert tet_name(2027) == "Tết Đinh Mùi 2027"


def test_impossible_day_error_names_the_month_length() -> None:
    with pytest.raises(ValueError) as error:
        lunar_to_solar(LunarDate(2026, 12, 30))
    assert str(error.value) == (
        "tháng Chạp năm 2026 có 29 ngày; 30 tháng Chạp does not exist in lunar year 2026 — use a day from 1 to 29"
    )


def test_missing_leap_month_error_names_the_real_leap_month() -> None:
    with pytest.raises(ValueError) as error:
        lunar_to_solar(LunarDate(2027, 3, 1, leap=True))
    assert str(error.value) == "lunar year 2027 has no leap month 3 (tháng Ba nhuận); it has no leap month at all"
    with pytest.raises(ValueError) as error:
        month_length(2025, 4, leap=True)
    assert str(error.value) == (
        "lunar year 2025 has no leap month 4 (tháng Tư nhuận); its only leap month is 6 (tháng Sáu nhuận)"
    )


def test_month_out_of_range_error() -> None:
    with pytest.raises(ValueError, match=re.escape("lunar month 13 does not exist; months are numbered 1..12")):
        lunar_to_solar(LunarDate(2027, 13, 1))
    with pytest.raises(ValueError, match="use a day from 1 to 30"):
        lunar_to_solar(LunarDate(2027, 1, 0))


@pytest.mark.parametrize("call", [tet, leap_month, last_day_of_year, lambda y: month_length(y, 1)])
@pytest.mark.parametrize("lunar_year", [1899, 2101])
def test_unsupported_lunar_years_are_refused_with_the_range(call, lunar_year: int) -> None:
    with pytest.raises(ValueError) as error:
        call(lunar_year)
    assert str(error.value) == (
        f"lunar year {lunar_year} is outside the supported range 1900–2100 (solar dates 1900-01-31 to 2101-01-28)"
    )


def test_unsupported_solar_dates_are_refused_with_the_range() -> None:
    for d in (FIRST_DAY - timedelta(1), LAST_DAY + timedelta(1), date(1, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValueError, match=r"outside the supported range 1900-01-31 to 2101-01-28"):
            solar_to_lunar(d)
    with pytest.raises(ValueError, match="outside the supported range 1900–2100"):
        lunar_to_solar(LunarDate(2101, 1, 1))
    assert solar_to_lunar(FIRST_DAY) == LunarDate(1900, 1, 1)
    assert solar_to_lunar(LAST_DAY) == LunarDate(2100, 12, 29)


# --- 6. Vietnam (UTC+7) against China (UTC+8) -------------------------------------------


@pytest.mark.parametrize(
    ("lunar_year", "vietnam", "china"),
    [
        (1968, date(1968, 1, 29), date(1968, 1, 30)),  # also South Vietnam's Tết Mậu Thân
        (1985, date(1985, 1, 21), date(1985, 2, 20)),
        (2007, date(2007, 2, 17), date(2007, 2, 18)),
        (2027, date(2027, 2, 6), date(2027, 2, 6)),
    ],
)
def test_calendar_at_utc_plus_8_gives_the_chinese_tet(lunar_year: int, vietnam: date, china: date) -> None:
    assert tet(lunar_year) == lunar._tet_at_offset(lunar_year, 7.0) == vietnam
    assert lunar._tet_at_offset(lunar_year, 8.0) == china
