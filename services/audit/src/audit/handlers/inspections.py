"""Inspection plans in audit (issue 15, part 5): each roster inspection event upserts the plan it
carries (`project_inspection`, called by the projector), and the inspectors read the per-phase summary
of a campaign — planned, done, overdue and cancelled counts and lists (`summary`).

Surprise plans are in it: the summary is the Department's own (the policy admits inspectors and
administrators only), so nothing here reaches an enterprise before its finding."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from lichtruc import vntime
from lichtruc.events_inspections import InspectionEvent

from ..db.inspections import InspectionPlans
from ..domain.errors import campaign_not_found
from ..domain.inspections import InspectionPlan, PhaseSummary, apply_inspection, summarize
from .context import Context

if TYPE_CHECKING:
    from .projector import ProjectionStore

COLLECTION = "inspection_plans"


async def project_inspection(store: ProjectionStore, data: InspectionEvent, *, seq: int) -> None:
    """Upsert the plan an inspection event carries (a stale or repeated event changes nothing)."""
    old: InspectionPlan | None = await store.get(COLLECTION, str(data.inspection.inspection_id))
    new = apply_inspection(old, data, seq=seq)
    if new is not None:
        await store.put(COLLECTION, new)


@dataclass(frozen=True)
class Summary:
    campaign_id: str
    campaign_name: str
    today: date
    phases: list[PhaseSummary]


async def summary(ctx: Context, campaign_id: uuid.UUID) -> Summary:
    """The campaign's plans per phase and state, as of today (Vietnam time)."""
    today = vntime.local_day(ctx.clock())
    async with ctx.read() as unit:
        campaign = await unit.reads.campaign(campaign_id)
        if campaign is None:
            raise campaign_not_found()
        plans = await InspectionPlans(unit.session).of_campaign(campaign_id)
    return Summary(str(campaign_id), campaign.name, today, summarize(plans, today))
