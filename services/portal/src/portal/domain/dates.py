"""How the portal writes instants and days for people, on `lichtruc.vntime` (Vietnam time and
lunar day names, one helper for every service), e.g. "06/02/2027 (Mùng 1 Tết Đinh Mùi)" or
"06/02/2027 (Day 1 of Tết, Đinh Mùi)".

What is here is only what the portal's pages add: reading an API's instant, a board's column
heading (`short_day`), a shift's time (`span_label`), a bare clock time. Naive values are refused
(by vntime) rather than guessed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lichtruc import lunar, vntime
from lichtruc.vntime import VIETNAM, Lang, local

__all__ = [
    "VIETNAM",
    "day_label",
    "days_between",
    "instant_label",
    "local",
    "lunar_label",
    "parse_instant",
    "short_day",
    "span_label",
    "time_label",
]


def _lang(lang: str) -> Lang:
    """The person's language as vntime names it (anything but English reads Vietnamese)."""
    return "en" if lang == "en" else "vi"


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant from an API (UTC, with "Z" or an offset) as a Vietnam-time datetime."""
    return local(datetime.fromisoformat(text.replace("Z", "+00:00")))


def lunar_label(day: date, lang: str = "vi") -> str:
    """The lunar day and year name of a solar day: "Mùng 1 Tết Đinh Mùi", "Day 1 of Tết, Đinh Mùi"."""
    return vntime.lunar_label(day, _lang(lang))


def day_label(day: date, lang: str = "vi") -> str:
    """ "06/02/2027 (Mùng 1 Tết Đinh Mùi)"."""
    return vntime.day_label(day, _lang(lang))


def instant_label(instant: datetime, lang: str = "vi") -> str:
    """ "23:40 06/02/2027 (Mùng 1 Tết Đinh Mùi)"."""
    return vntime.instant_label(instant, _lang(lang))


def short_day(day: date, lang: str = "vi") -> str:
    """ "06/02 · Mùng 1 Tết", "09/02 · Lunar 4/1": a column heading where space is tight (the board's days, the
    coverage map's columns, its day picker). English says a lunar day in a sentence "4th day of the 1st lunar
    month", five lines in a phone's column where Vietnamese says "Mùng 4 tháng Giêng": its short form is the lunar
    day/month as the solar one is written ("Lunar 4/1"), Tết's first three days by name ("Day 1 of Tết"). The
    whole name is in `day_label`."""
    name = vntime.lunar_day_name(day, "vi") if _lang(lang) == "vi" else _short_lunar_en(day)
    return f"{day:%d/%m} · {name}" if name else f"{day:%d/%m}"


def _short_lunar_en(day: date) -> str:
    try:
        ld = lunar.solar_to_lunar(day)
    except ValueError:  # outside the lunar tables
        return ""
    if ld.month == 1 and not ld.leap and ld.day <= 3:
        return vntime.lunar_day_name(day, "en")
    return f"Lunar {ld.day}/{ld.month}{' leap' if ld.leap else ''}"


def time_label(instant: datetime) -> str:
    return f"{local(instant):%H:%M}"


def span_label(start: datetime, end: datetime, lang: str = "vi") -> str:
    """A shift's time: "22:00 05/02/2027 (30 tháng Chạp Bính Ngọ) → 06:00 06/02"."""
    a, b = local(start), local(end)
    tail = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%H:%M} {b:%d/%m}"
    if b - a >= timedelta(days=1) and b.time() == a.time():
        tail = f"{b:%H:%M} {b:%d/%m}"
    return f"{a:%H:%M} {day_label(a.date(), lang)} → {tail}"


def clock_span(start: datetime, end: datetime, *, within: tuple[datetime, datetime]) -> str:
    """Hours of a part of a gap, `within` the gap's own start and end, which its page already dates: "10:30–12:00"
    when the gap lies in one day; "06:00–18:00 05/02" when it spans several (QA: a remainder of a week-long gap
    read as hours of its first day); "22:00 05/02 – 06:00 06/02" across days."""
    a, b = local(start), local(end)
    if a.date() != b.date():
        return f"{a:%H:%M} {a:%d/%m} – {b:%H:%M} {b:%d/%m}"
    if local(within[0]).date() == local(within[1] - timedelta(microseconds=1)).date():
        return f"{a:%H:%M}–{b:%H:%M}"
    return f"{a:%H:%M}–{b:%H:%M} {a:%d/%m}"


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
