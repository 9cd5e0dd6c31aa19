"""Viet Nam local time and lunar day names, as people read them in a message.

Times are stored in UTC and shown at UTC+7 (Asia/Ho_Chi_Minh has had no daylight
saving since 1975; calendar.py uses the same fixed offset).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta, timezone

from lichtruc.lunar import day_name, solar_to_lunar

from .texts import Lang, check_lang

VIETNAM = timezone(timedelta(hours=7), "ICT")


def to_local(value: datetime) -> datetime:
    """The same instant on Viet Nam's wall clock."""
    return value.astimezone(VIETNAM)


def from_local(day: date, at: time) -> datetime:
    """The instant at which Viet Nam's wall clock shows `day` `at`."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=VIETNAM)


@functools.lru_cache(maxsize=4096)
def _lunar_label(day: date, lang: Lang) -> str:
    try:
        return day_name(solar_to_lunar(day), lang)
    except ValueError:  # outside the lunar tables (1900-2100): say nothing rather than fail a feed
        return ""


def lunar_label(start: datetime, lang: Lang) -> str:
    """The lunar name of the local day a shift starts on ("Mùng 1 Tết", "Day 1 of Tết")."""
    return _lunar_label(to_local(start).date(), check_lang(lang))


def format_local(value: datetime) -> str:
    """ "22:00 05/02/2027": the Vietnamese way of writing a local date and time (also used in English texts)."""
    local = to_local(value)
    return f"{local:%H:%M %d/%m/%Y}"


def format_span(start: datetime, end: datetime) -> str:
    """ "22:00 05/02/2027 – 06:00 06/02/2027", or "08:00–16:00 05/02/2027" within one local day."""
    a, b = to_local(start), to_local(end)
    if a.date() == b.date():
        return f"{a:%H:%M}–{b:%H:%M} {a:%d/%m/%Y}"
    return f"{format_local(start)} – {format_local(end)}"
