"""The inspection plans audit projected (issue 15, part 5), read for the inspectors' summary."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Table, and_, cast, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.inspections import InspectionPlan
from .store import from_row
from .tables import inspection_plans

INSPECTION_EVENTS = "lichtruc.roster.inspection.%"


def hidden_inspection_event(log: Table) -> ColumnElement[bool]:
    """A logged inspection event whose plan is a surprise without its finding: not for the enterprise's eyes
    (an enterprise's history leaves it out for its managers)."""
    plan = cast(log.c.canonical, JSONB)["data"]["inspection"]
    return and_(
        log.c.event_type.like(INSPECTION_EVENTS),
        plan["surprise"].astext == "true",
        plan["finding"].astext.is_(None),
    )


class InspectionPlans:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_campaign(self, campaign_id: uuid.UUID) -> list[InspectionPlan]:
        rows = await self.session.execute(select(inspection_plans).where(inspection_plans.c.campaign_id == campaign_id))
        return [from_row(InspectionPlan, inspection_plans, r) for r in rows.mappings()]
