"""Local time and the lunar calendar as people in Vietnam read a roster.

All instants are stored in UTC; a person reads them in Asia/Ho_Chi_Minh (UTC+7, no daylight
saving since 1975) together with the lunar day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lichtruc import lunar
from lichtruc.vntime import VIETNAM, at_local, local_day, utc

LOCAL = VIETNAM
"""Asia/Ho_Chi_Minh (lichtruc.vntime.VIETNAM)."""

__all__ = ["LOCAL", "days_between", "local_day", "local_midnight", "local_view", "lunar_names", "utc"]


def local_midnight(day: date) -> datetime:
    """00:00 of a local calendar day, as an aware instant."""
    return at_local(day)


def lunar_names(day: date) -> dict[str, object]:
    """The lunar date of a local day and its Vietnamese and English names, or only the solar date
    when the day is outside the calendar's range."""
    try:
        ld = lunar.solar_to_lunar(day)
    except ValueError:
        return {"lunar": None, "lunar_name_vi": None, "lunar_name_en": None}
    return {
        "lunar": {"year": ld.year, "month": ld.month, "day": ld.day, "leap": ld.leap},
        "lunar_name_vi": lunar.day_name(ld, "vi"),
        "lunar_name_en": lunar.day_name(ld, "en"),
    }


def local_view(instant: datetime) -> dict[str, object]:
    """How a person in Vietnam reads an instant: local ISO time and the lunar day name."""
    local = instant.astimezone(LOCAL)
    names = lunar_names(local.date())
    return {"local": local.isoformat(), "lunar_day_vi": names["lunar_name_vi"], "lunar_day_en": names["lunar_name_en"]}


def days_between(first: date, last: date) -> list[date]:
    """Every calendar day from `first` to `last`, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
