"""Post offices and transaction points (`lichtruc.counters`) and their publications for one campaign, read from
the projections."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.counters import COUNTER_KINDS
from lichtruc.scope import Visible
from lichtruc.text import sort_key

from ..domain.model import Campaign, utc
from .queries import districts_like, enterprise_condition
from .store import ENTITY_TABLES, from_row
from .tables import campaigns, enterprises, event_log, sites, transaction_hours


@dataclass(frozen=True, slots=True)
class PointRow:
    site_id: str
    site_name: str
    district: str | None
    enterprise_id: str
    enterprise_name: str | None
    first_published_at: datetime | None
    published_at: datetime | None
    published_version: int | None
    event_id: str | None = None
    """The logged event of its latest publication: what proves it (GET /log/proof/inclusion?event=…)."""
    obligations_from: date | None = None
    """The day its enterprise owes from (the Department's), if set: hours due before it are not owed."""


class HoursReads:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def campaign(self, campaign_id: uuid.UUID) -> Campaign | None:
        row = (
            (await self.session.execute(select(campaigns).where(campaigns.c.campaign_id == campaign_id)))
            .mappings()
            .first()
        )
        return None if row is None else from_row(Campaign, ENTITY_TABLES["campaigns"], row)

    async def points(
        self, campaign_id: uuid.UUID, *, enterprise_id: uuid.UUID | None, district: str | None, visible: Visible
    ) -> list[PointRow]:
        """Every post office and transaction point the caller may read, with its publication for the campaign (if
        any), by district, enterprise name, point name."""
        h = transaction_hours.c
        stmt = (
            select(
                sites.c.site_id,
                sites.c.name,
                sites.c.district,
                sites.c.enterprise_id,
                enterprises.c.name.label("enterprise_name"),
                enterprises.c.obligations_from,
                h.first_published_at,
                h.published_at,
                h.published_version,
                event_log.c.event_id,
            )
            .outerjoin(enterprises, enterprises.c.enterprise_id == sites.c.enterprise_id)
            .outerjoin(transaction_hours, and_(h.site_id == sites.c.site_id, h.campaign_id == campaign_id))
            .outerjoin(event_log, event_log.c.seq == h.updated_seq)
            .where(sites.c.kind.in_(COUNTER_KINDS), enterprise_condition(sites.c.enterprise_id, visible))
        )
        if enterprise_id is not None:
            stmt = stmt.where(sites.c.enterprise_id == enterprise_id)
        if district:  # however typed: "duc hue" is Đức Huệ (lichtruc.text.fold)
            stmt = stmt.where(sites.c.district.in_(await districts_like(self.session, district) or []))
        points = [
            PointRow(
                site_id=str(r.site_id),
                site_name=r.name,
                district=r.district,
                enterprise_id=str(r.enterprise_id),
                enterprise_name=r.enterprise_name,
                first_published_at=utc(r.first_published_at) if r.first_published_at else None,
                published_at=utc(r.published_at) if r.published_at else None,
                published_version=r.published_version,
                event_id=None if r.event_id is None else str(r.event_id),
                obligations_from=date.fromisoformat(r.obligations_from) if r.obligations_from else None,
            )
            for r in await self.session.execute(stmt)
        ]
        # By district (none last), enterprise, point, each in the Vietnamese alphabet: the database has no such collation.
        return sorted(
            points,
            key=lambda p: (
                p.district is None,
                sort_key(p.district or ""),
                sort_key(p.enterprise_name or ""),
                sort_key(p.site_name),
                p.site_id,
            ),
        )
