"""When a person may check in on a shift — the same rule as roster's (`check_in_errors` and the
statuses that allow "check_in"): from `lead` (30 minutes by default, roster's
ROSTER_CHECK_IN_LEAD) before the start until the end, on a published or already checked-in
shift, once per person. The portal only uses it to show the button live or not; roster
decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

CHECK_IN_LEAD = timedelta(minutes=30)
CHECKABLE = frozenset({"published", "checked_in"})
EXPLAINABLE = frozenset({"published", "checked_in", "completed"})
"""The statuses in which a late check-in's reason may still be given afterwards (roster's "explain_late")."""

CheckInState = Literal["open", "not_yet", "closed", "done", "none"]


@dataclass(frozen=True)
class CheckIn:
    """`open`: the button is live; `not_yet`: shown disabled until `opens_at`; `closed`: the shift
    is over; `done`: the person checked in at `checked_in_at`; `none`: not theirs to check in."""

    state: CheckInState
    opens_at: datetime | None = None
    checked_in_at: datetime | None = None

    @property
    def live(self) -> bool:
        return self.state == "open"


def check_in(
    *,
    now: datetime,
    starts_at: datetime,
    ends_at: datetime,
    status: str,
    on_shift: bool,
    checked_in_at: datetime | None = None,
    lead: timedelta = CHECK_IN_LEAD,
) -> CheckIn:
    """What the check-in button of one person on one shift is at `now`."""
    if not on_shift:
        return CheckIn("none")
    if checked_in_at is not None:
        return CheckIn("done", checked_in_at=checked_in_at)
    if status not in CHECKABLE:
        return CheckIn("none")
    opens = starts_at - lead
    if now < opens:
        return CheckIn("not_yet", opens_at=opens)
    if now >= ends_at:
        return CheckIn("closed")
    return CheckIn("open", opens_at=opens)
