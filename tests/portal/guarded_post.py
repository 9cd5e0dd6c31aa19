"""The Tết portal stack's presence and board tests guard a post of their own among the demo's: a site asking one
guard for a few hours alone (a one-off requirement, so that the board has its cell and audit's presence its stretch)
and a published patrol shift of those hours."""

from __future__ import annotations

from typing import Any


def guarded_site(
    roster: Any, stack: Any, enterprise: str, site_name: str, starts_at: str, ends_at: str, names: tuple[str, ...]
) -> tuple[str, dict[str, str]]:
    """A base station of `enterprise` asking one patrol guard `starts_at`–`ends_at` (a one-off requirement), and a
    guard of each of `names`: the site's id and each name's staff id (no shift yet)."""
    site = roster.post("/sites", json={"enterprise_id": enterprise, "name": site_name, "kind": "base_station"})
    assert site.status_code == 201, site.text
    site_id = site.json()["id"]
    required = roster.post(
        "/requirements",
        json={
            "campaign_id": stack.campaign_id,
            "enterprise_id": enterprise,
            "site_id": site_id,
            "duty_type": "patrol",
            "minimum": 1,
            "window": {"kind": "one_off", "starts_at": starts_at, "ends_at": ends_at},
        },
    )
    assert required.status_code == 201, required.text
    people = {}
    for name in names:
        made = roster.post("/staff", json={"enterprise_id": enterprise, "full_name": name, "qualifications": ["guard"]})
        assert made.status_code == 201, made.text
        people[name] = made.json()["id"]
    return site_id, people


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
