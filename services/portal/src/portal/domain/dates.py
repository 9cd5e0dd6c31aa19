"""How the portal writes instants and days for people: Vietnam time, day/month/year, and the
lunar day name, e.g. "06/02/2027 (Mùng 1 Tết Đinh Mùi)" or "06/02/2027 (Day 1 of Tết, Đinh Mùi)".

Every instant is shown in Asia/Ho_Chi_Minh, whatever zone it came in; naive values are
refused rather than guessed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lichtruc import lunar

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(instant: datetime) -> datetime:
    """The instant on a Vietnamese wall clock."""
    if instant.tzinfo is None:
        raise ValueError(f"{instant!r} has no time zone: say which (an ISO time with an offset)")
    return instant.astimezone(VIETNAM)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant from an API (UTC, with "Z" or an offset) as a Vietnam-time datetime."""
    return local(datetime.fromisoformat(text.replace("Z", "+00:00")))


def lunar_label(day: date, lang: str = "vi") -> str:
    """The lunar day and year name of a solar day: "Mùng 1 Tết Đinh Mùi", "Day 1 of Tết, Đinh Mùi"."""
    ld = lunar.solar_to_lunar(day)
    name = lunar.day_name(ld, lang)
    year = lunar.year_name(ld.year)
    return f"{name} {year}" if lang == "vi" else f"{name}, {year}"


def day_label(day: date, lang: str = "vi") -> str:
    """ "06/02/2027 (Mùng 1 Tết Đinh Mùi)"."""
    return f"{day:%d/%m/%Y} ({lunar_label(day, lang)})"


def short_day(day: date, lang: str = "vi") -> str:
    """ "06/02 · Mùng 1 Tết": a column heading on the board."""
    return f"{day:%d/%m} · {lunar.day_name(lunar.solar_to_lunar(day), lang)}"


def time_label(instant: datetime) -> str:
    return f"{local(instant):%H:%M}"


def instant_label(instant: datetime, lang: str = "vi") -> str:
    """ "23:40 06/02/2027 (Mùng 1 Tết Đinh Mùi)"."""
    at = local(instant)
    return f"{at:%H:%M} {day_label(at.date(), lang)}"


def span_label(start: datetime, end: datetime, lang: str = "vi") -> str:
    """A shift's time: "22:00 05/02/2027 (30 tháng Chạp Bính Ngọ) → 06:00 06/02"."""
    a, b = local(start), local(end)
    tail = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%H:%M} {b:%d/%m}"
    if b - a >= timedelta(days=1) and b.time() == a.time():
        tail = f"{b:%H:%M} {b:%d/%m}"
    return f"{a:%H:%M} {day_label(a.date(), lang)} → {tail}"


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
