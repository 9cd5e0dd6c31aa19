"""The Tết portal stack's tests plan their own shifts among the demo's: a person's first two free hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def plan_when_free(
    roster: Any, stack: Any, manager: Any, staff_id: str, start: datetime, *, tries: int = 10, **fields: Any
) -> dict:
    """A two-hour operations shift of `staff_id` at `manager`'s enterprise (`fields` add to the body: status, site,
    notes…), in the first two hours from `start` on — tried every two hours, `tries` times — in which the person
    is on no other shift (roster's 409); roster's answer."""
    for later in range(tries):
        starts = start + timedelta(hours=2 * later)
        made = roster.post(
            "/shifts",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": manager.enterprise_id,
                "duty_type": "operations",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=2)).isoformat(),
                "assignees": [{"staff_id": staff_id}],
                **fields,
            },
        )
        if made.status_code != 409:
            break
    assert made.status_code == 201, made.text
    return made.json()
