"""The Tết portal stack's presence and board tests guard a post of their own among the demo's: a site asking one
guard for a few hours alone (a one-off requirement, so that the board has its cell and audit's presence its stretch)
and a published patrol shift of those hours."""

from __future__ import annotations

from typing import Any


def guarded_post(
    roster: Any, stack: Any, enterprise: str, site_id: str, starts_at: str, ends_at: str, staff_ids: list[str]
) -> dict:
    """The requirement and the published shift of `staff_ids` at `site_id`, `starts_at`–`ends_at` (ISO 8601 with
    the offset); roster's shift, with its `site_id`."""
    asked = roster.post(
        "/requirements",
        json={
            "campaign_id": stack.campaign_id,
            "enterprise_id": enterprise,
            "site_id": site_id,
            "duty_type": "patrol",
            "window": {"kind": "one_off", "starts_at": starts_at, "ends_at": ends_at},
            "minimum": 1,
        },
    )
    assert asked.status_code == 201, asked.text
    shift = roster.post(
        "/shifts",
        json={
            "campaign_id": stack.campaign_id,
            "enterprise_id": enterprise,
            "site_id": site_id,
            "duty_type": "patrol",
            "starts_at": starts_at,
            "ends_at": ends_at,
            "assignees": [{"staff_id": s} for s in staff_ids],
            "status": "published",
        },
    )
    assert shift.status_code == 201, shift.text
    return shift.json() | {"site_id": site_id}
