"""Requirement windows as concrete UTC intervals, and the union of intervals."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from .values import LOCAL_TZ, UTC, DailyWindow, OneOffWindow, _check_range

_ONE_DAY = timedelta(days=1)


def expand_window(
    window: OneOffWindow | DailyWindow, *, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The concrete UTC intervals of ``window`` that fall in ``[start, end)``, clipped
    to it, in chronological order."""
    start, end = _check_range(start, end, "analysis range")
    if isinstance(window, OneOffWindow):
        lo, hi = max(window.start, start), min(window.end, end)
        return [(lo, hi)] if lo < hi else []
    if not isinstance(window, DailyWindow):
        raise TypeError(f"window must be a OneOffWindow or a DailyWindow, not {type(window).__name__}")
    # Only the local days that can reach the range are expanded, so a window
    # declared over years costs no more than the range itself. A window starts
    # at most one day before its end, hence the day of margin.
    day = max(window.first_day, start.astimezone(LOCAL_TZ).date() - _ONE_DAY)
    last = min(window.last_day, end.astimezone(LOCAL_TZ).date())
    intervals = []
    while day <= last:
        lo, hi = _daily_interval(day, window.start_local, window.end_local)
        lo, hi = max(lo, start), min(hi, end)
        if lo < hi:
            intervals.append((lo, hi))
        day += _ONE_DAY
    return intervals


@functools.lru_cache(maxsize=16384)
def _daily_interval(day: date, start_local: time, end_local: time) -> tuple[datetime, datetime]:
    """A daily window's UTC interval on one local day (it ends the next day if it crosses
    midnight). Kept: the live consumer expands the same days of the same windows for every
    event, and the time-zone arithmetic is most of what expanding costs."""
    lo = datetime.combine(day, start_local, tzinfo=LOCAL_TZ).astimezone(UTC)
    end_day = day + _ONE_DAY if end_local <= start_local else day
    return lo, datetime.combine(end_day, end_local, tzinfo=LOCAL_TZ).astimezone(UTC)


_Instant = TypeVar("_Instant", datetime, timedelta)


def _union(intervals: Iterable[tuple[_Instant, _Instant]]) -> list[tuple[_Instant, _Instant]]:
    """Merge overlapping or touching intervals into disjoint sorted ones (instants, or offsets)."""
    merged: list[list[_Instant]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]
