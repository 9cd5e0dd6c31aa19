"""Local time and the lunar calendar as people in Vietnam read a roster, built on
`lichtruc.vntime` (the one Vietnam-time helper): the names here shape roster's API output.

All instants are stored in UTC; a person reads them in Asia/Ho_Chi_Minh (UTC+7, no daylight
saving since 1975) together with the lunar day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lichtruc import lunar, vntime
from lichtruc.vntime import VIETNAM as LOCAL
from lichtruc.vntime import local_day, utc

__all__ = [
    "LOCAL",
    "LocalReading",
    "LunarReading",
    "days_between",
    "local_day",
    "local_midnight",
    "local_view",
    "lunar_names",
    "utc",
]


def local_midnight(day: date) -> datetime:
    """00:00 of a local calendar day, as an aware instant."""
    return vntime.at_local(day)


@dataclass(frozen=True)
class LunarReading:
    """The lunar date of a local day and its Vietnamese and English names (all None when the
    day is outside the calendar's range)."""

    lunar: lunar.LunarDate | None
    name_vi: str | None
    name_en: str | None


def lunar_names(day: date) -> LunarReading:
    try:
        ld = lunar.solar_to_lunar(day)
    except ValueError:
        return LunarReading(None, None, None)
    return LunarReading(ld, lunar.day_name(ld, "vi"), lunar.day_name(ld, "en"))


@dataclass(frozen=True)
class LocalReading:
    """How a person in Vietnam reads an instant: local ISO time and the lunar day name."""

    local: str
    lunar_day_vi: str | None
    lunar_day_en: str | None


def local_view(instant: datetime) -> LocalReading:
    here = vntime.local(instant)
    names = lunar_names(here.date())
    return LocalReading(here.isoformat(), names.name_vi, names.name_en)


def days_between(first: date, last: date) -> list[date]:
    """Every calendar day from `first` to `last`, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
