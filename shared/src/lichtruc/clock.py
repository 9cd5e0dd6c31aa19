"""The clock a service reads: the wall clock, or — for a demonstration or a trial — the wall clock shifted by
a fixed offset, the same in every process of the stack (`LICHTRUC_CLOCK_OFFSET`, seconds; see
`lichtruc.serving.ServingSettings.clock_offset_seconds`).

Why an offset and not "the instant the stack's now started at": an instant alone says nothing of when it
was taken, so each process would need the wall time the stack started too, and a process started (or
restarted) later would begin its day at the same instant again and disagree with the others. An offset is
the relation of the stack's time to the wall clock itself: every process reading it agrees with every other
whenever it started, and time passes as it does on the wall. `python -m devstack run --at …` computes it
from the instant chosen, afresh at each run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

OFFSET_VARIABLE = "LICHTRUC_CLOCK_OFFSET"
"""The environment variable every service (roster, audit, notifier, the portal) reads its clock's offset from."""

MAX_OFFSET_SECONDS = 100 * 366 * 24 * 3600
"""A century either way: further is a typo (milliseconds for seconds), not a demonstration."""

Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    """Now, in UTC, on the machine's clock."""
    return datetime.now(UTC)


def shifted_clock(offset_seconds: float | None) -> Clock:
    """The wall clock moved by `offset_seconds` (None or 0: the wall clock itself, unchanged)."""
    if not offset_seconds:
        return wall_clock
    offset = timedelta(seconds=offset_seconds)

    def now() -> datetime:
        return datetime.now(UTC) + offset

    return now


def offset_to(instant: datetime, *, now: datetime | None = None) -> float:
    """The offset, in seconds, that makes a shifted clock read `instant` at the wall clock's `now` (default:
    this moment); `instant` needs its time zone."""
    if instant.tzinfo is None:
        raise ValueError(f"{instant.isoformat()} has no time zone: write it with one (+07:00 for Vietnam)")
    return (instant - (now or wall_clock())).total_seconds()
