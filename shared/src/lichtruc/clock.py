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

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

OFFSET_VARIABLE = "LICHTRUC_CLOCK_OFFSET"
"""The environment variable every service (roster, audit, notifier, the portal) reads its clock's offset from."""

CLOCK_FILE_VARIABLE = "LICHTRUC_CLOCK_FILE"
"""Instead of `OFFSET_VARIABLE`: a file holding the offset, which the clock reads again whenever the file changes
(`file_clock`). Devstack's phased demo load moves a running stack's clock with it from one moment to the next,
where starting the services again at each moment cost seconds a phase."""

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


def file_clock(path: Path) -> Clock:
    """The wall clock moved by the offset (seconds) written in `path`, read again whenever the file is replaced (its
    inode and modification time): every process reading the file agrees, and a writer moves them all at once (`write_offset`,
    forward only: the audit log's record times never go back). The file must exist and hold a number when the clock
    is made; one unreadable later keeps the last offset read."""
    state: list[object] = [None, _read_offset(path)]  # (the file's identity, the offset)

    def now() -> datetime:
        try:
            found = os.stat(path)
            # A replacement is a new file made while the old one still existed: another inode, whatever the
            # modification times' resolution.
            stamp = (found.st_ino, found.st_mtime_ns)
            if stamp != state[0]:
                state[:] = [stamp, _read_offset(path)]
        except (OSError, ValueError):
            pass  # replaced this instant, or removed: the last offset read
        offset = state[1]
        assert isinstance(offset, timedelta)
        return datetime.now(UTC) + offset

    return now


def write_offset(path: Path, offset_seconds: float) -> None:
    """Replace `path`'s offset at once for every `file_clock` reading it (a new file renamed over the old one: never
    read half-written)."""
    spare = path.with_name(path.name + ".new")
    spare.write_text(f"{offset_seconds:.3f}\n")
    os.replace(spare, path)


def _read_offset(path: Path) -> timedelta:
    seconds = float(path.read_text().strip())
    if not abs(seconds) <= MAX_OFFSET_SECONDS:
        raise ValueError(f"{path}: {seconds} seconds is further than a century from the wall clock")
    return timedelta(seconds=seconds)
