"""Which waiting swap requests a manager should decide first (S1: a request whose shift starts within a few hours
looked like any other in the inbox).

- A waiting request is *urgent* when its shift starts within URGENT_WITHIN of `now` and has not started yet (from
  its start roster reads it lapsed, and the inbox says so instead). The inbox marks it "Gấp — ca bắt đầu sau 2 giờ
  10 phút", the time left counted up to the next whole minute, so that it never reads "0 phút" before the start.
- The waiting requests are listed by their shift's start, soonest first; one whose shift roster did not name
  (a record gone) comes last; requests for one shift, oldest first; then by id, so that pages never shuffle.

Pure: `now` is passed in."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

URGENT_WITHIN = timedelta(hours=6)
"""A named constant, not a setting: it says when a decision is late for the people on the shift — the colleague who
takes it must still hear of it, get ready and travel to a site — which does not differ between deployments; one
number keeps every manager's inbox reading alike and its tests exact. Six hours: time enough, decided now, to find
and tell a colleague; shorter than a Tết shift (8 to 12 hours), so the mark falls on the requests for the next
shifts, not on every request of the day."""


@dataclass(frozen=True)
class StartsIn:
    """The time left before an urgent request's shift starts, in whole hours and minutes."""

    hours: int
    minutes: int

    @property
    def shape(self) -> str:
        """Which of the catalogue's words say it: "hours_minutes", "hours" (no minutes) or "minutes" (no hours)."""
        if not self.hours:
            return "minutes"
        return "hours" if not self.minutes else "hours_minutes"


def urgency(starts_at: datetime | None, *, now: datetime, within: timedelta = URGENT_WITHIN) -> StartsIn | None:
    """How long until a waiting request's shift starts, when it starts within `within` and has not started; None
    otherwise (no shift known, started already, or further off)."""
    if starts_at is None:
        return None
    left = starts_at - now
    if left <= timedelta(0) or left > within:
        return None
    minutes = math.ceil(left / timedelta(minutes=1))
    return StartsIn(hours=minutes // 60, minutes=minutes % 60)


def decide_first(
    starts_at: datetime | None, created_at: datetime, swap_id: str
) -> tuple[bool, datetime, datetime, str]:
    """The sort key of a waiting request in the inbox: its shift's start, soonest first (unknown last), then the
    oldest request first, then its id."""
    return (starts_at is None, starts_at or created_at, created_at, swap_id)
