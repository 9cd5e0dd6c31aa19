"""The Vietnamese lunisolar calendar (âm lịch), as pure functions.

Tết campaigns are defined by lunar year ("Tết Đinh Mùi 2027"), so the system
computes their dates itself instead of trusting a hand-typed table.

The calendar is the Vietnamese one: new moons and solar terms are placed on
civil days at UTC+7. The Chinese calendar does the same at UTC+8, and the two
disagree whenever a new moon or a solar term falls between 23:00 and 24:00
Vietnam time — Tết 1985 (21 Jan in Vietnam, 20 Feb in China) and Tết 2007
(17 Feb vs 18 Feb) are the famous cases.

The astronomy is Hồ Ngọc Đức's well-known algorithm (Meeus's new-moon series and
a low-precision solar longitude, both accurate to minutes). Every year in
1900–2100 is computed at UTC+7, including the years before 1968 when almanacs
in Vietnam still followed the Chinese calendar (North Vietnam moved to UTC+7
in 1967; hence Tết Mậu Thân 1968 fell on 29 Jan in the North, 30 Jan in the
South). Dates before 1968 are therefore the proleptic UTC+7 calendar, which
is what a roster needs: one rule, applied everywhere.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import math
from dataclasses import dataclass

__all__ = [
    "FIRST_LUNAR_YEAR",
    "LAST_LUNAR_YEAR",
    "LunarDate",
    "day_name",
    "last_day_of_year",
    "leap_month",
    "lunar_to_solar",
    "month_length",
    "short_day_name",
    "solar_to_lunar",
    "tet",
    "tet_name",
    "year_name",
]

FIRST_LUNAR_YEAR = 1900
LAST_LUNAR_YEAR = 2100

_VIETNAM_UTC_OFFSET_HOURS = 7.0

# date.toordinal() counts from 0001-01-01 = 1; the Julian Day Number of that
# day is 1721426, so one constant links the stdlib to the astronomy.
_JDN_MINUS_ORDINAL = 1721425

_SYNODIC_MONTH = 29.530588853
# JD of the new moon of 1900-01-01 (k = 0 in the series below).
_NEW_MOON_EPOCH_JD = 2415021.076998695

_STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")
_MONTH_NAMES_VI = (
    "Giêng",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Mười Một",
    "Chạp",
)


@dataclass(frozen=True, order=True)
class LunarDate:
    """A day of the Vietnamese lunar calendar.

    ``year`` is the lunar year number, i.e. the Gregorian year in which its Tết
    falls (2027 for Tết Đinh Mùi). ``leap`` marks the intercalary month that
    repeats ``month``. Ordering is by (year, month, day, leap), which is *not*
    chronological across a leap month; compare solar dates for that.
    """

    year: int
    month: int
    day: int
    leap: bool = False


@dataclass(frozen=True)
class _Month:
    start: int  # JDN of the first day
    month: int
    leap: bool
    length: int


# --- astronomy (Hồ Ngọc Đức) ---------------------------------------------------------


def _jdn(d: datetime.date) -> int:
    return d.toordinal() + _JDN_MINUS_ORDINAL


def _date(jdn: int) -> datetime.date:
    return datetime.date.fromordinal(jdn - _JDN_MINUS_ORDINAL)


def _new_moon_day(k: int, tz: float) -> int:
    """JDN of the local civil day holding the k-th new moon after 1900-01-01."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # moon's mean anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # moon's argument of latitude
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 += -0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    # The series gives Terrestrial Time; ΔT (in days) brings it back to UT.
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    jd_new = jd1 + c1 - delta_t
    # JD days begin at noon UT; +0.5 and the zone offset turn the instant into a local civil day.
    return math.floor(jd_new + 0.5 + tz / 24)


def _sun_sector(jdn: int, tz: float) -> int:
    """Which 30° sector (0..11) the sun's longitude is in at local midnight starting day ``jdn``.

    A major solar term (trung khí) is the sun crossing a multiple of 30°, so a
    month holds one exactly when the sector changes between its first day and
    the first day of the next month.
    """
    t = (jdn - 2451545.5 - tz / 24) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) % 360.0
    return math.floor(longitude / 30)


def _new_moon_index(jdn: int) -> int:
    return math.floor((jdn - _NEW_MOON_EPOCH_JD) / _SYNODIC_MONTH + 0.5)


@functools.cache
def _month_11_start(solar_year: int, tz: float) -> int:
    """JDN of the first day of lunar month 11, the month holding the winter solstice of ``solar_year``."""
    k = math.floor((_jdn(datetime.date(solar_year, 12, 31)) - 2415021) / _SYNODIC_MONTH)
    start = _new_moon_day(k, tz)
    # Sector 9 starts at 270°, the solstice: a month beginning past it is month 12.
    if _sun_sector(start, tz) >= 9:
        start = _new_moon_day(k - 1, tz)
    return start


@functools.cache
def _months_from_solstice(solar_year: int, tz: float) -> tuple[_Month, ...]:
    """The lunar months from month 11 of ``solar_year - 1`` up to (excluding) month 11 of ``solar_year``."""
    a11 = _month_11_start(solar_year - 1, tz)
    b11 = _month_11_start(solar_year, tz)
    k = _new_moon_index(a11)
    count = 13 if b11 - a11 > 365 else 12
    starts = [_new_moon_day(k + i, tz) for i in range(count)] + [b11]
    leap_offset = None
    if count == 13:
        # The leap month is the first one after month 11 without a major solar term.
        for i in range(1, count):
            if _sun_sector(starts[i], tz) == _sun_sector(starts[i + 1], tz):
                leap_offset = i
                break
        if leap_offset is None:  # pragma: no cover - cannot happen for a 13-month span
            raise AssertionError(f"no month without a major solar term after JDN {a11}")
    months = []
    number = 10
    for i in range(count):
        leap = i == leap_offset
        if not leap:
            number = number % 12 + 1
        months.append(_Month(starts[i], number, leap, starts[i + 1] - starts[i]))
    return tuple(months)


def _first_month_index(months: tuple[_Month, ...]) -> int:
    return next(i for i, m in enumerate(months) if m.month == 1 and not m.leap)


@functools.cache
def _lunar_year_months(lunar_year: int, tz: float = _VIETNAM_UTC_OFFSET_HOURS) -> tuple[_Month, ...]:
    """Months 1..12 (with any leap month) of ``lunar_year``, in order; unchecked range, any zone."""
    this_span = _months_from_solstice(lunar_year, tz)
    next_span = _months_from_solstice(lunar_year + 1, tz)
    return this_span[_first_month_index(this_span) :] + next_span[: _first_month_index(next_span)]


def _tet_at_offset(lunar_year: int, tz: float) -> datetime.date:
    """Tết of ``lunar_year`` for a calendar kept at UTC+``tz`` (8.0 gives the Chinese calendar)."""
    return _date(_lunar_year_months(lunar_year, tz)[0].start)


# --- public API -------------------------------------------------------------------------


def _check_year(lunar_year: int) -> None:
    if not FIRST_LUNAR_YEAR <= lunar_year <= LAST_LUNAR_YEAR:
        raise ValueError(
            f"lunar year {lunar_year} is outside the supported range "
            f"{FIRST_LUNAR_YEAR}–{LAST_LUNAR_YEAR} (solar dates {_first_day()} to {_last_day()})"
        )


@functools.cache
def _first_day() -> datetime.date:
    return _date(_lunar_year_months(FIRST_LUNAR_YEAR)[0].start)


@functools.cache
def _last_day() -> datetime.date:
    last = _lunar_year_months(LAST_LUNAR_YEAR)[-1]
    return _date(last.start + last.length - 1)


def _months(lunar_year: int) -> tuple[_Month, ...]:
    _check_year(lunar_year)
    return _lunar_year_months(lunar_year)


def _month_name_vi(month: int, leap: bool) -> str:
    return f"tháng {_MONTH_NAMES_VI[month - 1]}" + (" nhuận" if leap else "")


def _find_month(lunar_year: int, month: int, leap: bool) -> _Month:
    if not 1 <= month <= 12:
        raise ValueError(f"lunar month {month} does not exist; months are numbered 1..12")
    for m in _months(lunar_year):
        if m.month == month and m.leap == leap:
            return m
    # Every year has all twelve ordinary months, so only a leap month can be missing.
    actual = leap_month(lunar_year)
    instead = (
        f"its only leap month is {actual} ({_month_name_vi(actual, True)})" if actual else "it has no leap month at all"
    )
    raise ValueError(f"lunar year {lunar_year} has no leap month {month} ({_month_name_vi(month, True)}); {instead}")


def solar_to_lunar(d: datetime.date) -> LunarDate:
    """Return the Vietnamese lunar date of the Gregorian date ``d``.

    Raises ValueError outside lunar years 1900–2100 (about 1900-01-31 to 2101-01-28).
    """
    if not _first_day() <= d <= _last_day():
        raise ValueError(
            f"{d.isoformat()} is outside the supported range {_first_day()} to {_last_day()} "
            f"(lunar years {FIRST_LUNAR_YEAR}–{LAST_LUNAR_YEAR})"
        )
    jdn = _jdn(d)
    lunar_year = d.year if jdn >= _lunar_year_months(d.year)[0].start else d.year - 1
    months = _lunar_year_months(lunar_year)
    i = bisect.bisect_right([m.start for m in months], jdn) - 1
    return LunarDate(lunar_year, months[i].month, jdn - months[i].start + 1, months[i].leap)


def lunar_to_solar(ld: LunarDate) -> datetime.date:
    """Return the Gregorian date of the lunar date ``ld``.

    Raises ValueError, saying what exists instead, for a day past the end of its
    month (30 in a 29-day month), a leap month the year does not have, or a year
    outside 1900–2100.
    """
    m = _find_month(ld.year, ld.month, ld.leap)
    if not 1 <= ld.day <= m.length:
        name = _month_name_vi(m.month, m.leap)
        raise ValueError(
            f"{name} năm {ld.year} có {m.length} ngày; {ld.day} {name} does not exist "
            f"in lunar year {ld.year} — use a day from 1 to {m.length}"
        )
    return _date(m.start + ld.day - 1)


def tet(lunar_year: int) -> datetime.date:
    """Return the Gregorian date of Tết (mùng 1 tháng Giêng) of ``lunar_year``."""
    return _date(_months(lunar_year)[0].start)


def month_length(lunar_year: int, month: int, leap: bool = False) -> int:
    """Return the number of days (29 or 30) of a lunar month; ValueError if the month does not exist."""
    return _find_month(lunar_year, month, leap).length


def leap_month(lunar_year: int) -> int | None:
    """Return the month number that ``lunar_year`` repeats as a leap month, or None in a 12-month year."""
    return next((m.month for m in _months(lunar_year) if m.leap), None)


def last_day_of_year(lunar_year: int) -> LunarDate:
    """Return the last day of ``lunar_year`` — 29 or 30 tháng Chạp, the day of giao thừa.

    In a year whose leap month is 12 that day is in the leap tháng Chạp.
    """
    last = _months(lunar_year)[-1]
    return LunarDate(lunar_year, last.month, last.length, last.leap)


def year_name(lunar_year: int) -> str:
    """Return the can chi name of a lunar year in Vietnamese, e.g. 2027 -> "Đinh Mùi"."""
    # 4 CE was a Giáp Tý year; both cycles are counted from it.
    return f"{_STEMS[(lunar_year - 4) % 10]} {_BRANCHES[(lunar_year - 4) % 12]}"


def tet_name(lunar_year: int) -> str:
    """Return the campaign-style name of a Tết, e.g. 2027 -> "Tết Đinh Mùi 2027"."""
    return f"Tết {year_name(lunar_year)} {lunar_year}"


def _ordinal_en(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def day_name(ld: LunarDate, lang: str = "vi") -> str:
    """Name a lunar day the way people say it, in Vietnamese ("vi") or English ("en").

    Vietnamese: "Mùng 1 Tết".."Mùng 3 Tết", then "Mùng 4 tháng Giêng"; other
    days 1–10 "Mùng N tháng X"; day 15 "Rằm tháng X"; others "N tháng X"; a
    leap month is "tháng X nhuận". English, one ordinal pattern throughout: "1st day of Tết".."3rd day of
    Tết", otherwise "23rd day of the 12th lunar month" ("… of the leap 4th lunar month").
    The date's existence in the calendar is not checked; only its ranges are.
    """
    _check_day(ld)
    tet_day = _tet_day(ld)
    if lang == "vi":
        if tet_day:
            return f"Mùng {ld.day} Tết"
        month = _month_name_vi(ld.month, ld.leap)
        if ld.day <= 10:
            return f"Mùng {ld.day} {month}"
        if ld.day == 15:
            return f"Rằm {month}"
        return f"{ld.day} {month}"
    if lang == "en":
        if tet_day:
            return f"{_ordinal_en(ld.day)} day of Tết"
        leap = "leap " if ld.leap else ""
        return f"{_ordinal_en(ld.day)} day of the {leap}{_ordinal_en(ld.month)} lunar month"
    raise ValueError(f"unknown language {lang!r}; use 'vi' or 'en'")


def short_day_name(ld: LunarDate, lang: str = "vi") -> str:
    """A lunar day's name where space is tight (a column heading on a phone). Vietnamese is already short
    (`day_name`). English keeps Tết's first days by name ("1st day of Tết") and writes the others as `day_name`'s
    long form shortened, the same ordinal day and the words "lunar month": "23rd of lunar month 12" ("4th of leap
    lunar month 4") for "23rd day of the 12th lunar month". "Lunar 23/12" would read as the 23rd of December, the
    whole long form runs to five lines in a phone's column, and "Lunar 23 of month 12" beside a heading's "23rd day
    of the 12th lunar month" read as two ways of counting (QA 2026-12-06).
    """
    if lang == "vi" or _tet_day(ld):
        return day_name(ld, lang)
    _check_day(ld)
    if lang == "en":
        return f"{_ordinal_en(ld.day)} of {'leap ' if ld.leap else ''}lunar month {ld.month}"
    raise ValueError(f"unknown language {lang!r}; use 'vi' or 'en'")


def _check_day(ld: LunarDate) -> None:
    if not 1 <= ld.month <= 12 or not 1 <= ld.day <= 30:
        raise ValueError(f"{ld} is not a lunar date: months are 1..12 and days 1..30")


def _tet_day(ld: LunarDate) -> bool:
    return ld.month == 1 and not ld.leap and ld.day <= 3
