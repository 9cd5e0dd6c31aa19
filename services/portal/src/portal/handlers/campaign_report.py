"""The campaign report (Báo cáo tổng kết công tác trực Tết) as the inspector's page and the manager's: audit makes it
(`GET /campaigns/{id}/report`, its PDF and workbook) and keeps the inspectors' remarks; the portal picks the campaign
(domain.campaigns' one rule: the Tết just ended, the morning after it) and the enterprise, and shows what audit says.
A manager's page is their enterprise's, read only: audit refuses them another's, and the page asks for none."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from ..clients.services import Caller
from ..domain.campaigns import LOOK_BACK, UNKNOWN_CAMPAIGN, CampaignChoice
from .staff import Choice, campaigns, enterprises, pick_campaign

INSPECT_PAGE = "/inspect/campaign-report"
MANAGE_PAGE = "/manage/campaign-report"
UNKNOWN_ENTERPRISE = "unknown_enterprise"
NO_CAMPAIGN = "no_campaign"
KINDS = ("pdf", "xlsx")


@dataclass(frozen=True)
class ReportView:
    """The page: the pickers, what was chosen, what is wrong with what the address asked for (nothing is shown then,
    never another campaign's or enterprise's report), and audit's report."""

    page: str
    campaigns: tuple[CampaignChoice, ...]
    enterprises: tuple[Choice, ...]
    campaign_id: str
    enterprise_id: str
    problem: str
    report: Mapping[str, Any] | None
    writes: bool
    """The person may write the remarks (an inspector or an administrator: audit's rule)."""

    @property
    def enterprise_options(self) -> list[tuple[str, str]]:
        return [(e.id, e.name) for e in self.enterprises]

    def link(self, path: str = "", **changes: str) -> str:
        """This page (or a download of it) for the same campaign and enterprise."""
        query = {
            k: v
            for k, v in {"campaign_id": self.campaign_id, "enterprise_id": self.enterprise_id, **changes}.items()
            if v
        }
        target = path or self.page
        return f"{target}?{urlencode(query)}" if query else target


async def _choose(
    caller: Caller, campaign_id: str, enterprise_id: str, *, manager: bool
) -> tuple[list[CampaignChoice], list[Choice], str, str, str]:
    """The campaigns and enterprises the person may see, the campaign and enterprise shown (a manager of one
    enterprise: theirs), and what is wrong with what was asked for."""
    found_campaigns, found_enterprises = await asyncio.gather(campaigns(caller), enterprises(caller))
    chosen = pick_campaign(found_campaigns, campaign_id or None, now=caller.clock(), purpose=LOOK_BACK)
    ids = {e.id for e in found_enterprises}
    if manager and not enterprise_id and found_enterprises:
        enterprise_id = found_enterprises[0].id
    problem = ""
    if campaign_id and chosen != campaign_id:
        problem = UNKNOWN_CAMPAIGN
    elif enterprise_id and enterprise_id not in ids:
        problem = UNKNOWN_ENTERPRISE
    elif not chosen:
        problem = NO_CAMPAIGN
    return found_campaigns, found_enterprises, chosen, enterprise_id, problem


async def report_page(caller: Caller, *, campaign_id: str, enterprise_id: str, manager: bool) -> ReportView:
    """The report of the campaign chosen, the province's or the enterprise's, as audit makes it."""
    found_campaigns, found_enterprises, chosen, enterprise_id, problem = await _choose(
        caller, campaign_id, enterprise_id, manager=manager
    )
    report = None
    if not problem:
        params = {"enterprise_id": enterprise_id} if enterprise_id else None
        report = await caller.get("audit", f"/campaigns/{chosen}/report", params)
    role = caller.session.account.role
    return ReportView(
        MANAGE_PAGE if manager else INSPECT_PAGE,
        tuple(found_campaigns),
        tuple(found_enterprises),
        chosen,
        enterprise_id,
        problem,
        report,
        writes=not manager and role in ("inspector", "admin"),
    )


async def save_remarks(
    caller: Caller, *, campaign_id: str, enterprise_id: str, text: str, read_version: int | None = None
) -> Mapping[str, Any]:
    """Keep the inspectors' remarks on the report with audit (a new version when the words changed); `read_version`,
    the version the form was opened at: audit refuses the save (409 remarks-changed) when another was saved since."""
    body = {"recommendations": text, "enterprise_id": enterprise_id or None, "read_version": read_version}
    saved: Mapping[str, Any] = await caller.put("audit", f"/campaigns/{campaign_id}/report/remarks", body)
    return saved


async def download(caller: Caller, *, campaign_id: str, enterprise_id: str, ext: str) -> httpx.Response:
    """The report's PDF or workbook from audit as the person, to hand on as it is."""
    params = {"enterprise_id": enterprise_id} if enterprise_id else None
    return await caller.request("audit", "GET", f"/campaigns/{campaign_id}/report.{ext}", params=params)
