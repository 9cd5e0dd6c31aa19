"""Where a staff member's own shift stands against now, for their list of shifts.

Rules:
- A shift is past only once it has ended: one under way (begun, not ended) is still ahead of the
  person — listed with the coming ones, never under "past" (roster lists the past ones: `ended_by` now)
  — and marked "on duty now".
- A coming shift that begins today (the local day, Asia/Ho_Chi_Minh) is marked "today".
- A cancelled shift is neither: it is shown (the person needs to know it is off) but after the live
  ones, each part by its start.

Pure: `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, Protocol, TypeVar

from .dates import VIETNAM

Timing = Literal["on_duty", "today", ""]


def timing(*, starts_at: datetime, ends_at: datetime, status: str, now: datetime) -> Timing:
    """`on_duty` while a live shift is under way, `today` for a live one beginning later today, else ''."""
    if status == "cancelled" or ends_at <= now:
        return ""
    if starts_at <= now:
        return "on_duty"
    return "today" if starts_at.astimezone(VIETNAM).date() == now.astimezone(VIETNAM).date() else ""


class _Shift(Protocol):
    @property
    def starts_at(self) -> datetime: ...

    @property
    def status(self) -> str: ...


S = TypeVar("S", bound=_Shift)


def live_then_cancelled(shifts: Sequence[S]) -> list[S]:
    """The coming shifts in the order a person reads them: the live ones by start, then the cancelled ones."""
    return sorted(shifts, key=lambda s: (s.status == "cancelled", s.starts_at))
