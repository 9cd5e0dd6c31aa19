"""Reading the readiness checklist's projection (the inspectors' province-wide view)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.readiness import ReadinessItem, ReadinessMark
from .store import from_row
from .tables import enterprises, readiness_items, readiness_marks


class ReadinessReads:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def items(self, campaign_id: uuid.UUID, *, sector: str | None) -> list[ReadinessItem]:
        stmt = select(readiness_items).where(readiness_items.c.campaign_id == campaign_id, ~readiness_items.c.removed)
        if sector is not None:
            stmt = stmt.where(readiness_items.c.sector == sector)
        rows = (await self.session.execute(stmt)).mappings()
        return [from_row(ReadinessItem, readiness_items, r) for r in rows]

    async def enterprises(self, *, sector: str | None, enterprise_id: uuid.UUID | None) -> list[tuple[str, str, str]]:
        """(id, name, sector) of the enterprises the filter keeps."""
        return [(i, name, s) for i, name, s, _ in await self._enterprises(sector=sector, enterprise_id=enterprise_id)]

    async def owing_from(self, *, sector: str | None, enterprise_id: uuid.UUID | None) -> dict[str, date]:
        """The day each enterprise the filter keeps owes readiness items from, by id, for those that have one
        (`domain.obligations`)."""
        rows = await self._enterprises(sector=sector, enterprise_id=enterprise_id)
        return {i: date.fromisoformat(owes) for i, _, _, owes in rows if owes}

    async def _enterprises(
        self, *, sector: str | None, enterprise_id: uuid.UUID | None
    ) -> list[tuple[str, str, str, str | None]]:
        stmt = select(
            enterprises.c.enterprise_id, enterprises.c.name, enterprises.c.sector, enterprises.c.obligations_from
        )
        if sector is not None:
            stmt = stmt.where(enterprises.c.sector == sector)
        if enterprise_id is not None:
            stmt = stmt.where(enterprises.c.enterprise_id == enterprise_id)
        return [(str(r.enterprise_id), r.name, r.sector, r.obligations_from) for r in await self.session.execute(stmt)]

    async def marks(self, campaign_id: uuid.UUID, *, enterprise_id: uuid.UUID | None) -> list[ReadinessMark]:
        stmt = select(readiness_marks).where(readiness_marks.c.campaign_id == campaign_id)
        if enterprise_id is not None:
            stmt = stmt.where(readiness_marks.c.enterprise_id == enterprise_id)
        rows = (await self.session.execute(stmt)).mappings()
        return [from_row(ReadinessMark, readiness_marks, r) for r in rows]
