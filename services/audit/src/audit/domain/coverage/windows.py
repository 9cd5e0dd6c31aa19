"""Requirement windows as concrete UTC intervals, and the union of intervals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
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
    crosses_midnight = window.end_local <= window.start_local
    intervals = []
    while day <= last:
        lo = datetime.combine(day, window.start_local, tzinfo=LOCAL_TZ).astimezone(UTC)
        end_day = day + _ONE_DAY if crosses_midnight else day
        hi = datetime.combine(end_day, window.end_local, tzinfo=LOCAL_TZ).astimezone(UTC)
        lo, hi = max(lo, start), min(hi, end)
        if lo < hi:
            intervals.append((lo, hi))
        day += _ONE_DAY
    return intervals


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
