"""/inspections/summary: the Department's inspection plans of a campaign per phase (before, during,
after Tết) — planned, done, overdue and cancelled, counted and listed (issue 15, part 5). Not audit's
coverage findings (/findings): these are the plans roster publishes, with their result once recorded."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from lichtruc import vntime

from ..domain.inspections import PHASES, InspectionPlan
from ..handlers import inspections
from .deps import Ctx

router = APIRouter(tags=["inspection plans"])

PHASE_VI = {"before": "trước Tết", "during": "trong Tết", "after": "sau Tết"}


class PlanOut(BaseModel):
    plan_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    site_id: uuid.UUID | None
    site_name: str | None
    planned_on: date
    planned_on_label: str = Field(description="the day with its lunar day name")
    purpose: str
    inspectors: list[str]
    surprise: bool
    state: Literal["planned", "overdue", "done", "cancelled"]
    result: Literal["compliant", "issues_found"] | None = Field(description="the inspection's result, once recorded")
    result_text: str | None
    recommendations: str | None
    recorded_by: str | None
    recorded_at: datetime | None

    @classmethod
    def of(cls, plan: InspectionPlan, today: date) -> PlanOut:
        """A plan as the summary lists it, in its state as of `today` (Vietnam time)."""
        planned_on = date.fromisoformat(plan.planned_on)
        return cls.model_validate(
            {
                "plan_id": plan.plan_id,
                "enterprise_id": plan.enterprise_id,
                "enterprise_name": plan.enterprise_name,
                "site_id": plan.site_id,
                "site_name": plan.site_name,
                "planned_on": planned_on,
                "planned_on_label": vntime.day_label(planned_on),
                "purpose": plan.purpose,
                "inspectors": list(plan.inspectors),
                "surprise": plan.surprise,
                "state": plan.state(today),
                "result": plan.result,
                "result_text": plan.result_text,
                "recommendations": plan.recommendations,
                "recorded_by": plan.recorded_by,
                "recorded_at": plan.recorded_at,
            }
        )


class StateCounts(BaseModel):
    planned: int
    overdue: int
    done: int
    cancelled: int


class StateLists(BaseModel):
    planned: list[PlanOut]
    overdue: list[PlanOut]
    done: list[PlanOut]
    cancelled: list[PlanOut]


class PhaseOut(BaseModel):
    phase: Literal["before", "during", "after"]
    phase_vi: str
    counts: StateCounts
    plans: StateLists


class InspectionSummaryOut(BaseModel):
    campaign_id: uuid.UUID
    campaign_name: str
    today: date = Field(description="the day (Vietnam time) that tells planned from overdue")
    phases: list[PhaseOut] = Field(max_length=len(PHASES))


@router.get(
    "/inspections/summary",
    response_model=InspectionSummaryOut,
    summary="A campaign's inspection plans per phase (before, during, after Tết): planned, done, overdue and "
    "cancelled counts and lists, surprise plans included (the Department's view)",
)
async def inspection_plans_summary(campaign_id: uuid.UUID, ctx: Ctx) -> InspectionSummaryOut:
    found = await inspections.summary(ctx, campaign_id)
    return InspectionSummaryOut(
        campaign_id=uuid.UUID(found.campaign_id),
        campaign_name=found.campaign_name,
        today=found.today,
        phases=[
            PhaseOut(
                phase=p.phase,
                phase_vi=PHASE_VI[p.phase],
                counts=StateCounts(**p.counts),
                plans=StateLists(**{s: [PlanOut.of(x, found.today) for x in items] for s, items in p.plans.items()}),
            )
            for p in found.phases
        ],
    )
