"""Coverage gaps as audit reported them: the `GapRepository` interface and its PostgreSQL implementation."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.model import Gap, NamedGap
from .readmodel import is_drill
from .tables import deadline_campaigns, enterprises, gaps, sites


class GapRepository(Protocol):
    async def get(self, gap_id: uuid.UUID, *, lock: bool = False) -> Gap | None: ...

    async def put(self, gap: Gap) -> None:
        """Upsert if newer than the stored version."""
        ...

    async def named(self, gap_ids: Iterable[uuid.UUID]) -> list[NamedGap]:
        """The gaps with their enterprise's and site's names and whether their campaign is a drill, in one
        statement."""
        ...

    async def open_gap_ids(self, enterprise_id: uuid.UUID, *, ending_after: datetime) -> list[uuid.UUID]: ...

    async def open_windows(self, gap: Gap) -> list[tuple[datetime, datetime]]:
        """The windows of the open gaps of `gap`'s enterprise, site (or none) and duty type that overlap it."""
        ...


def _gap(row: Any) -> Gap:
    return Gap(
        gap_id=row.gap_id,
        enterprise_id=row.enterprise_id,
        site_id=row.site_id,
        duty_type=row.duty_type,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        required=row.required,
        actual=row.actual,
        peak=row.peak,
        missing_qualification=row.missing_qualification,
        status=row.status,
        version=row.version,
        changed_at=row.changed_at,
        in_force_from=row.in_force_from,
        campaign_id=row.campaign_id,
        closed_reason=row.closed_reason,
    )


class PgGaps:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, gap_id: uuid.UUID, *, lock: bool = False) -> Gap | None:
        query = select(gaps).where(gaps.c.gap_id == gap_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return _gap(row) if row is not None else None

    async def put(self, gap: Gap) -> None:
        values = asdict(gap)
        stmt = insert(gaps).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["gap_id"],
            set_={k: stmt.excluded[k] for k in values if k != "gap_id"},
            where=gaps.c.version < stmt.excluded.version,
        )
        await self.session.execute(stmt)

    async def named(self, gap_ids: Iterable[uuid.UUID]) -> list[NamedGap]:
        rows = await self.session.execute(
            select(
                gaps,
                enterprises.c.name.label("enterprise_name"),
                sites.c.name.label("site_name"),
                is_drill(deadline_campaigns).label("drill"),
            )
            .select_from(gaps)
            .outerjoin(enterprises, enterprises.c.enterprise_id == gaps.c.enterprise_id)
            .outerjoin(sites, sites.c.site_id == gaps.c.site_id)
            .outerjoin(deadline_campaigns, deadline_campaigns.c.campaign_id == gaps.c.campaign_id)
            .where(gaps.c.gap_id.in_(list(gap_ids)))
        )
        return [NamedGap(_gap(r), r.enterprise_name, r.site_name, r.drill) for r in rows.all()]

    async def open_gap_ids(self, enterprise_id: uuid.UUID, *, ending_after: datetime) -> list[uuid.UUID]:
        result = await self.session.execute(
            select(gaps.c.gap_id).where(
                gaps.c.enterprise_id == enterprise_id, gaps.c.status == "open", gaps.c.ends_at > ending_after
            )
        )
        return list(result.scalars().all())

    async def open_windows(self, gap: Gap) -> list[tuple[datetime, datetime]]:
        result = await self.session.execute(
            select(gaps.c.starts_at, gaps.c.ends_at).where(
                gaps.c.enterprise_id == gap.enterprise_id,
                gaps.c.site_id.is_not_distinct_from(gap.site_id),
                gaps.c.duty_type == gap.duty_type,
                gaps.c.status == "open",
                gaps.c.gap_id != gap.gap_id,
                gaps.c.starts_at < gap.ends_at,
                gaps.c.ends_at > gap.starts_at,
            )
        )
        return [(r.starts_at, r.ends_at) for r in result.all()]
