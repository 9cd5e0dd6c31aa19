"""Where a staff member's own shift stands against now, for their list of shifts.

Rules:
- A shift is past only once it has ended: one under way (begun, not ended) is still ahead of the
  person — listed with the coming ones, never under "past" (roster lists the past ones: `ended_by` now)
  — and marked "on duty now".
- A coming shift that begins today (the local day, Asia/Ho_Chi_Minh) is marked "today".
- A cancelled shift is neither: it is shown (the person needs to know it is off) but after the live
  ones, each part by its start.
- What became of the person's own shift, once it has begun (`outcome`): checked in on time or late
  (later than `LATE_AFTER` after the start, roster's daily reports' rule), or not checked in — "not
  yet" while it is under way, "missed" once it has ended. Never the shift's status: "Đã công bố" on a
  shift that ended says nothing of what happened, and "checked_in" may be a colleague's check-in.

Pure: `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal, Protocol, TypeVar

from .dates import VIETNAM

Timing = Literal["on_duty", "today", ""]
Outcome = Literal["on_time", "late", "not_yet", "missed", ""]

LATE_AFTER = timedelta(minutes=15)
"""A check-in later than this after the shift began is late (roster's `domain.reports.LATE_AFTER`)."""


def timing(*, starts_at: datetime, ends_at: datetime, status: str, now: datetime) -> Timing:
    """`on_duty` while a live shift is under way, `today` for a live one beginning later today, else ''."""
    if status == "cancelled" or ends_at <= now:
        return ""
    if starts_at <= now:
        return "on_duty"
    return "today" if starts_at.astimezone(VIETNAM).date() == now.astimezone(VIETNAM).date() else ""


def outcome(
    *,
    starts_at: datetime,
    ends_at: datetime,
    status: str,
    on_shift: bool,
    checked_in_at: datetime | None,
    now: datetime,
    late_from: datetime | None = None,
) -> Outcome:
    """How the person's own check-in on a shift stands at `now`: `on_time` / `late` once they checked in (whenever),
    `not_yet` while it is under way without one, `missed` once it ended without one; '' for a shift not begun
    without a check-in, a cancelled shift or one they handed over (nothing of theirs to tell)."""
    if status in ("cancelled", "draft") or not on_shift:
        return ""
    if checked_in_at is not None:
        # lateness from `late_from` (roster's: a shift handed over is late only from the handover, QZ12 #3)
        return "late" if checked_in_at > (late_from or starts_at) + LATE_AFTER else "on_time"
    if now < starts_at:
        return ""
    return "missed" if now >= ends_at else "not_yet"


class _Shift(Protocol):
    @property
    def starts_at(self) -> datetime: ...

    @property
    def status(self) -> str: ...


S = TypeVar("S", bound=_Shift)


def live_then_cancelled(shifts: Sequence[S]) -> list[S]:
    """The coming shifts in the order a person reads them: the live ones by start, then the cancelled ones."""
    return sorted(shifts, key=lambda s: (s.status == "cancelled", s.starts_at))
