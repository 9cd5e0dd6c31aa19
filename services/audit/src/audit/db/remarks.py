"""The inspectors' remarks on a campaign's report (table `report_remarks`): append-only, one version per save."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.campaign_report import Remarks
from .tables import report_remarks


def _of(campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None) -> ColumnElement[bool]:
    c = report_remarks.c
    whose = c.enterprise_id.is_(None) if enterprise_id is None else c.enterprise_id == enterprise_id
    return (c.campaign_id == campaign_id) & whose


class ReportRemarks:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def latest(self, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None) -> Remarks | None:
        """The newest version of the report's remarks (None: never written)."""
        c = report_remarks.c
        row = (
            await self.session.execute(
                select(c.version, c.text, c.written_by, c.written_by_name, c.written_at)
                .where(_of(campaign_id, enterprise_id))
                .order_by(c.version.desc())
                .limit(1)
            )
        ).first()
        return (
            None if row is None else Remarks(row.text, row.version, row.written_by, row.written_by_name, row.written_at)
        )

    async def versions(self, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None) -> list[Remarks]:
        """Every version of the report's remarks, the newest first (empty: never written)."""
        c = report_remarks.c
        rows = await self.session.execute(
            select(c.version, c.text, c.written_by, c.written_by_name, c.written_at)
            .where(_of(campaign_id, enterprise_id))
            .order_by(c.version.desc())
        )
        return [Remarks(r.text, r.version, r.written_by, r.written_by_name, r.written_at) for r in rows]

    async def version(self, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None) -> int:
        """The newest version's number (0: never written)."""
        c = report_remarks.c
        return int(await self.session.scalar(select(func.max(c.version)).where(_of(campaign_id, enterprise_id))) or 0)

    async def add(
        self,
        campaign_id: uuid.UUID,
        enterprise_id: uuid.UUID | None,
        *,
        text: str,
        written_by: str,
        written_by_name: str | None,
        written_at: datetime,
    ) -> Remarks:
        """A new version after the newest (the unique index refuses a version written twice at once)."""
        version = await self.version(campaign_id, enterprise_id) + 1
        await self.session.execute(
            insert(report_remarks).values(
                campaign_id=campaign_id,
                enterprise_id=enterprise_id,
                version=version,
                text=text,
                written_by=written_by,
                written_by_name=written_by_name,
                written_at=written_at,
            )
        )
        return Remarks(text, version, written_by, written_by_name, written_at)
