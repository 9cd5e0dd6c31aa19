"""The inspection plans audit projected (issue 15, part 5), read for the inspectors' summary."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.inspections import InspectionPlan
from .store import from_row
from .tables import inspection_plans


class InspectionPlans:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_campaign(self, campaign_id: uuid.UUID) -> list[InspectionPlan]:
        rows = await self.session.execute(select(inspection_plans).where(inspection_plans.c.campaign_id == campaign_id))
        return [from_row(InspectionPlan, inspection_plans, r) for r in rows.mappings()]
