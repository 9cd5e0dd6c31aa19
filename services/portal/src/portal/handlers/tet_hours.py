"""Transaction points' Tết hours in the portal: the public list (no sign-in: roster's public routes,
called without a token) and the manager's page to enter and publish a point's hours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from lichtruc.text import sort_key
from lichtruc.vntime import day_label

from ..clients.services import Caller, ServiceError, Services
from ..domain.tet_hours import DayRow, District, by_district, form_rows
from .staff import Choice, campaigns, pick

PUBLIC_PAGE = 200
PUBLIC_MAX_PAGES = 20


async def public_points(services: Services, *, district: str | None) -> list[Mapping[str, Any]]:
    """Every published point (of the newest Tết campaign), page after page, as anyone reads them."""
    items: list[Mapping[str, Any]] = []
    params: dict[str, Any] = {"limit": PUBLIC_PAGE, **({"district": district} if district else {})}
    for _ in range(PUBLIC_MAX_PAGES):
        response = await services.send("roster", "GET", "/public/transaction-hours", params=params)
        if response.status_code == 404:  # no Tết campaign yet
            return []
        if response.status_code != 200:
            raise ServiceError("roster", response.status_code, response.json())
        body = response.json()
        items.extend(body["items"])
        if not body.get("next"):
            break
        params = {**params, "cursor": httpx.URL(body["next"]).params.get("cursor")}
    return items


async def public_view(services: Services, *, district: str | None, unnamed: str) -> tuple[list[District], list[str]]:
    """The points grouped by district, and every district (for the filter)."""
    every = await public_points(services, district=None)
    districts = sorted({str(p["district"]) for p in every if p.get("district")}, key=sort_key)
    shown = [p for p in every if not district or p.get("district") == district]
    return by_district(shown, unnamed=unnamed), districts


async def public_file(services: Services, path: str, *, params: Mapping[str, str]) -> httpx.Response:
    """A public document of roster's (the notice PDF, the iCal feed), fetched without a token."""
    return await services.send("roster", "GET", path, params=dict(params))


@dataclass(frozen=True)
class ManageView:
    campaigns: tuple[Choice, ...]
    campaign_id: str
    points: tuple[Choice, ...]
    site_id: str
    hours: Mapping[str, Any] | None
    rows: tuple[DayRow, ...]


def _labels(days: list[str], lang: str) -> dict[str, str]:
    return {d: day_label(date.fromisoformat(d), "en" if lang == "en" else "vi") for d in days}


async def manage_view(caller: Caller, *, campaign_id: str | None, site_id: str | None, lang: str) -> ManageView:
    """The manager's transaction points (of their enterprises), the chosen one's schedule in the chosen campaign."""
    all_campaigns = await campaigns(caller)
    chosen_campaign = pick(all_campaigns, campaign_id)
    sites = await caller.every("roster", "/sites")
    points = sorted(
        (Choice(str(s["id"]), str(s["name"])) for s in sites if s.get("kind") == "transaction_point"),
        key=lambda c: sort_key(c.name),
    )
    chosen_site = pick(points, site_id)
    hours = None
    rows: list[DayRow] = []
    if chosen_campaign and chosen_site:
        hours = await caller.get("roster", f"/sites/{chosen_site}/tet-hours", {"campaign_id": chosen_campaign})
        days = [str(d) for d in hours["campaign_days"]]
        rows = form_rows(days, hours["days"], _labels(days, lang))
    return ManageView(tuple(all_campaigns), chosen_campaign, tuple(points), chosen_site, hours, tuple(rows))


async def save(caller: Caller, *, site_id: str, campaign_id: str, days: list[dict[str, Any]], version: int) -> Any:
    return await caller.put(
        "roster",
        f"/sites/{site_id}/tet-hours",
        {"campaign_id": campaign_id, "days": days},
        headers={"If-Match": f'"{version}"'},
    )


async def publish(caller: Caller, *, site_id: str, campaign_id: str, version: int) -> Any:
    return await caller.post(
        "roster", f"/sites/{site_id}/tet-hours/publish", {"campaign_id": campaign_id}, version=version
    )
