"""Whether a swap request is urgent, as the managers' mail of it says (QZ19 #12: the inbox marked the request "Gấp —
ca bắt đầu sau 26 phút"; the mail sent at 09:04 for the shift at 09:30 said nothing of it).

- A request is *urgent* when its shift starts within URGENT_WITHIN of when it was asked (the SwapRequested event's
  time: a mail held by quiet hours or an outage says what the request was) and has not started then; the time left
  is counted up to the next whole minute, so that it never reads "0 phút" before the start.
- The mail's subject then begins "Gấp: " / "Urgent: ", and its body says how long was left ("Ca bắt đầu sau 26
  phút.").

The rule is the portal's (`services/portal/src/portal/domain/swap_urgency.py`, `URGENT_WITHIN`, its `urgency`):
services share no code, so this is a copy — change both together, or the inbox and the mail disagree. Pure: `now`
is passed in."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

URGENT_WITHIN = timedelta(hours=6)
"""The portal's URGENT_WITHIN (portal/domain/swap_urgency.py, which says why six hours)."""


def starts_in(starts_at: datetime, *, now: datetime, within: timedelta = URGENT_WITHIN) -> int | None:
    """The whole minutes (rounded up) until the shift of a request asked at `now` starts, when it starts within
    `within` and has not started; None otherwise (started already, or further off): not urgent."""
    left = starts_at - now
    if left <= timedelta(0) or left > within:
        return None
    return math.ceil(left / timedelta(minutes=1))
