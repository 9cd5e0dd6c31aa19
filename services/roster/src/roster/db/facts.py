"""The facts of other concepts that the shift rules read, in PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.border import BorderSettings, BorderSite
from ..domain.campaigns import Peak
from ..domain.shifts import CampaignFacts, SiteFacts, StaffFacts
from . import lean
from .ports import RuleFacts
from .tables import campaigns, enterprises, sites, staff


def _staff_facts(row: Any) -> StaffFacts:
    return StaffFacts(
        row.id,
        row.enterprise_id,
        row.full_name,
        frozenset(row.qualifications),
        row.active,
        row.enterprise_name,
        row.person_id,
    )


_STAFF_COLUMNS = (
    staff.c.id,
    staff.c.enterprise_id,
    staff.c.full_name,
    staff.c.qualifications,
    staff.c.active,
    enterprises.c.name.label("enterprise_name"),
    staff.c.person_id,
)


class PgFacts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_rules(
        self,
        *,
        enterprise_id: uuid.UUID,
        campaign_id: uuid.UUID,
        site_ids: Sequence[uuid.UUID],
        staff_ids: Sequence[uuid.UUID],
        starts_at: datetime,
        ends_at: datetime,
    ) -> RuleFacts:
        args = lean.rule_facts_args(
            enterprise_id=enterprise_id,
            campaign_id=campaign_id,
            site_ids=site_ids,
            staff_ids=staff_ids,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        (row,) = await lean.fetch(self.session, lean.RULE_FACTS, args)
        return lean.rule_facts_of(row, enterprise_id=enterprise_id)

    async def enterprise_name(self, enterprise_id: uuid.UUID) -> str | None:
        return await self.session.scalar(select(enterprises.c.name).where(enterprises.c.id == enterprise_id))

    async def campaign(self, campaign_id: uuid.UUID) -> CampaignFacts | None:
        row = (
            await self.session.execute(
                select(
                    campaigns.c.id, campaigns.c.name, campaigns.c.starts_at, campaigns.c.ends_at, campaigns.c.peaks
                ).where(campaigns.c.id == campaign_id)
            )
        ).first()
        if row is None:
            return None
        peaks = tuple(
            Peak(p["name"], datetime.fromisoformat(p["starts_at"]), datetime.fromisoformat(p["ends_at"]))
            for p in row.peaks or ()
        )
        return CampaignFacts(row.id, row.name, row.starts_at, row.ends_at, peaks)

    async def sites(self, site_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, SiteFacts]:
        ids = list(set(site_ids))
        if not ids:
            return {}
        rows = await self.session.execute(
            select(sites.c.id, sites.c.enterprise_id, sites.c.name).where(sites.c.id.in_(ids))
        )
        return {r.id: SiteFacts(r.id, r.enterprise_id, r.name) for r in rows}

    async def staff(self, staff_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, StaffFacts]:
        ids = list(set(staff_ids))
        if not ids:
            return {}
        rows = await self.session.execute(
            select(*_STAFF_COLUMNS)
            .join(enterprises, enterprises.c.id == staff.c.enterprise_id)
            .where(staff.c.id.in_(ids))
        )
        return {r.id: _staff_facts(r) for r in rows}

    async def enterprise_staff(self, enterprise_id: uuid.UUID) -> list[tuple[StaffFacts, str | None]]:
        rows = await self.session.execute(
            select(*_STAFF_COLUMNS, staff.c.email)
            .join(enterprises, enterprises.c.id == staff.c.enterprise_id)
            .where(staff.c.enterprise_id == enterprise_id)
        )
        return [(_staff_facts(r), r.email) for r in rows]

    async def border_settings(self, *, campaign_id: uuid.UUID | None, ongoing_at: datetime) -> list[BorderSettings]:
        stmt = select(campaigns.c.id, campaigns.c.border_duty_types, campaigns.c.border_sectors, campaigns.c.kind)
        stmt = (
            stmt.where(campaigns.c.id == campaign_id) if campaign_id else stmt.where(campaigns.c.ends_at > ongoing_at)
        )
        rows = await self.session.execute(stmt.order_by(campaigns.c.id))
        return [BorderSettings(r.id, tuple(r.border_duty_types), tuple(r.border_sectors), r.kind) for r in rows]

    async def border_sites(
        self, *, site_ids: Iterable[uuid.UUID] | None, enterprise_id: uuid.UUID | None
    ) -> list[BorderSite]:
        stmt = (
            select(sites.c.id, sites.c.enterprise_id, sites.c.border_area, enterprises.c.sector)
            .join(enterprises, enterprises.c.id == sites.c.enterprise_id)
            .where(sites.c.border_area)
        )
        if site_ids is not None:
            stmt = stmt.where(sites.c.id.in_(list(site_ids)))
        if enterprise_id is not None:
            stmt = stmt.where(sites.c.enterprise_id == enterprise_id)
        rows = await self.session.execute(stmt.order_by(sites.c.id))
        return [BorderSite(r.id, r.enterprise_id, r.sector, r.border_area) for r in rows]

    async def enterprise_of(self, kind: str, ident: uuid.UUID) -> uuid.UUID | None:
        table = {"site": sites, "staff": staff}[kind]
        return await self.session.scalar(select(table.c.enterprise_id).where(table.c.id == ident))
