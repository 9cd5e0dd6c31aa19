"""Vietnam time and lunar day names, one helper for every service.

Instants are stored and sent in UTC. People read them on a Vietnamese wall clock,
Asia/Ho_Chi_Minh (UTC+7, no daylight saving since 1975), with the lunar day:
"06/02/2027 (Mùng 1 Tết Đinh Mùi)", "23:40 05/02/2027 (30 tháng Chạp Bính Ngọ)". English writes the
month's name, "6 Feb 2027 (1st day of Tết, Đinh Mùi)": dd/mm is how Vietnamese read a date, and an
American reads "08/02/2027" as 2 August (QA 2026-12-06).

Naive datetimes are refused, never guessed. Days outside the lunar tables (1900–2100) keep
their solar date and lose only the lunar name.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from . import lunar

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

Lang = Literal["vi", "en"]


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError(f"{instant!r} has no time zone: say which (an ISO time with an offset)")
    return instant


def local(instant: datetime) -> datetime:
    """The instant on a Vietnamese wall clock."""
    return _aware(instant).astimezone(VIETNAM)


def utc(instant: datetime) -> datetime:
    """The same instant in UTC (the only zone the database and events carry)."""
    return _aware(instant).astimezone(UTC)


def local_day(instant: datetime) -> date:
    """The local calendar day an instant falls on."""
    return local(instant).date()


def at_local(day: date, at: time = time(0)) -> datetime:
    """The instant a Vietnamese wall clock shows ``at`` on ``day``."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=VIETNAM)


GIAO_THUA_FROM, GIAO_THUA_TO = time(18), time(6)
"""The night of giao thừa: 18:00 on the last day of the lunar year (29 or 30 tháng Chạp) to 06:00 on mùng 1 — the
hours roster's default peak "Giao thừa" covers (`roster.domain.campaigns`)."""


def giao_thua_night(lunar_year: int) -> tuple[datetime, datetime]:
    """The night of giao thừa into mùng 1 of `lunar_year`, as two instants (ValueError outside the lunar tables)."""
    tet = lunar.lunar_to_solar(lunar.LunarDate(lunar_year, 1, 1))
    return at_local(tet - timedelta(days=1), GIAO_THUA_FROM), at_local(tet, GIAO_THUA_TO)


def in_giao_thua(starts_at: datetime, ends_at: datetime) -> bool:
    """Whether a span (a shift) holds some of a night of giao thừa (`giao_thua_night`) — "ca giao thừa" — by the lunar
    calendar, as the portal names a day "30 tháng Chạp" or "Mùng 1 Tết", not by a campaign's peaks."""
    try:
        years = {lunar.solar_to_lunar(local_day(at)).year for at in (starts_at, ends_at - timedelta(microseconds=1))}
        nights = [giao_thua_night(y) for year in years for y in (year, year + 1)]
    except ValueError:
        return False
    return any(starts_at < to and since < ends_at for since, to in nights)


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_said(day: date, lang: Lang = "vi", *, year: bool = True) -> str:
    """A solar day as a reader of the language cannot misread it: "08/02/2027" in Vietnamese, "8 Feb 2027"
    in English; without the year ("08/02", "8 Feb") where the text around it gives the year."""
    if lang == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{day:%d/%m/%Y}" if year else f"{day:%d/%m}"


@functools.lru_cache(maxsize=4096)
def lunar_day_name(day: date, lang: Lang = "vi") -> str:
    """ "Mùng 1 Tết", "30 tháng Chạp", "1st day of Tết"; empty outside the lunar tables."""
    try:
        return lunar.day_name(lunar.solar_to_lunar(day), lang)
    except ValueError:
        return ""


@functools.lru_cache(maxsize=4096)
def short_lunar_day_name(day: date, lang: Lang = "vi") -> str:
    """`lunar_day_name` where space is tight: "Mùng 1 Tết", "1st day of Tết", "23rd of lunar month 12"."""
    try:
        return lunar.short_day_name(lunar.solar_to_lunar(day), lang)
    except ValueError:
        return ""


@functools.lru_cache(maxsize=4096)
def lunar_label(day: date, lang: Lang = "vi") -> str:
    """The lunar day and year name: "Mùng 1 Tết Đinh Mùi", "1st day of Tết, Đinh Mùi"."""
    try:
        ld = lunar.solar_to_lunar(day)
    except ValueError:
        return ""
    name, year = lunar.day_name(ld, lang), lunar.year_name(ld.year)
    return f"{name} {year}" if lang == "vi" else f"{name}, {year}"


def day_label(day: date, lang: Lang = "vi") -> str:
    """ "06/02/2027 (Mùng 1 Tết Đinh Mùi)", "6 Feb 2027 (1st day of Tết, Đinh Mùi)"."""
    name = lunar_label(day, lang)
    return f"{date_said(day, lang)} ({name})" if name else date_said(day, lang)


def instant_label(instant: datetime, lang: Lang = "vi") -> str:
    """ "23:40 05/02/2027 (30 tháng Chạp Bính Ngọ)", "23:40 5 Feb 2027 (30th day of the 12th lunar month, Bính
    Ngọ)"."""
    at = local(instant)
    return f"{at:%H:%M} {day_label(at.date(), lang)}"


def clock(instant: datetime, lang: Lang = "vi") -> str:
    """ "22:00 05/02/2027", "22:00 5 Feb 2027": a local date and time."""
    at = local(instant)
    return f"{at:%H:%M} {date_said(at.date(), lang)}"


def span_end(start: datetime, end: datetime) -> tuple[date, str]:
    """The local day and wall-clock time a span's end is said with: at local midnight, "24:00" of the day before
    (the span runs to that day's end, as the board says "00:00–24:00"; QZ21 #9: "– 00:00 16/02/2027 (11 tháng
    Giêng)" read as one more day of a campaign ending on the 10th); else the end's own day and time. A span that
    is no span (the end not after the start) keeps its end as is."""
    a, b = local(start), local(end)
    if b.time() == time(0) and b > a:
        return b.date() - timedelta(days=1), "24:00"
    return b.date(), f"{b:%H:%M}"


GIAO_THUA: dict[Lang, str] = {"vi": "giao thừa", "en": "New Year's Eve"}
"""The words for giao thừa, the night from the last day of a lunar year (29 or 30 tháng Chạp) into mùng 1 Tết."""


def giao_thua(start: datetime, end: datetime) -> bool:
    """Whether a span takes in giao thừa, the local midnight that begins mùng 1 Tết: after its start and not after
    its end. A shift to 24:00 of the year's last day is on duty until that moment (the eve's evening shift); one
    from 00:00 of mùng 1 starts with the new year, and is mùng 1's. Outside the lunar tables: False."""
    a, b = local(start), local(end)
    for year in range(a.year, b.year + 1):
        try:
            midnight = at_local(lunar.tet(year))
        except ValueError:
            continue
        if a < midnight <= b:
            return True
    return False


def lunar_span(start: datetime, end: datetime, lang: Lang = "vi", *, hours: bool = False) -> str:
    """A span's lunar days, as a calendar event's title and description say them: "29 tháng Chạp" within one local
    day (an end at midnight is 24:00 of the day before, `span_end`), "27 tháng Chạp → 28 tháng Chạp" across days
    (the portal's arrow between dated ends); giao thừa said when the span takes it in (`giao_thua`): "29 tháng Chạp
    → Mùng 1 Tết, giao thừa". With `hours`, each end's time too: "23:00 29 tháng Chạp → 03:00 Mùng 1 Tết (giao
    thừa)", "18:00–24:00 29 tháng Chạp (giao thừa)" (an en dash within a day). Empty outside the lunar tables."""
    a = local(start)
    last, hour = span_end(start, end)
    first_name, last_name = lunar_day_name(a.date(), lang), lunar_day_name(last, lang)
    if not first_name or not last_name:
        return ""
    eve = GIAO_THUA[lang] if giao_thua(start, end) else ""
    if hours:
        if a.date() == last:
            said = f"{a:%H:%M}–{hour} {first_name}"
        else:
            said = f"{a:%H:%M} {first_name} → {hour} {last_name}"
        return f"{said} ({eve})" if eve else said
    said = first_name if a.date() == last else f"{first_name} → {last_name}"
    return f"{said}, {eve}" if eve else said


def span(start: datetime, end: datetime, lang: Lang = "vi") -> str:
    """ "22:00 05/02/2027 – 06:00 06/02/2027", or "08:00–16:00 05/02/2027" within one local day; an end at
    local midnight is 24:00 of the day before (`span_end`): "18:00–24:00 05/02/2027"."""
    a = local(start)
    last, hour = span_end(start, end)
    if a.date() == last:
        return f"{a:%H:%M}–{hour} {date_said(a.date(), lang)}"
    return f"{clock(start, lang)} – {hour} {date_said(last, lang)}"
