"""Campaigns in memory (service-layer tests)."""

from __future__ import annotations

import uuid
from datetime import datetime

from lichtruc.paging import PageRequest, Slice

from ...domain.campaigns import Campaign, DatedRequirement, DatedShift, Side
from ..campaigns import PAGE_KIND
from .pages import offset_page
from .state import MemoryState


class MemoryCampaigns:
    """CampaignRepository over the in-memory state; ``state.dated_shifts`` and
    ``state.dated_requirements`` stand for what other concepts hold of each campaign."""

    def __init__(self, state: MemoryState) -> None:
        self.state = state
        self.rows = state.campaign_records

    async def add(self, campaign: Campaign) -> Campaign | None:
        if campaign.kind == "tet" and await self.tet_of(campaign.lunar_year) is not None:
            return None
        self.state.put_campaign(campaign)
        return campaign

    async def tet_of(self, lunar_year: int) -> Campaign | None:
        return next((c for c in self.rows.values() if c.kind == "tet" and c.lunar_year == lunar_year), None)

    async def tet_before(self, lunar_year: int) -> Campaign | None:
        earlier = [c for c in self.rows.values() if c.kind == "tet" and c.lunar_year < lunar_year]
        return max(earlier, key=lambda c: c.lunar_year, default=None)

    async def get(self, campaign_id: uuid.UUID, *, lock: bool = False) -> Campaign | None:
        return self.rows.get(campaign_id)

    async def save(self, campaign: Campaign) -> Campaign:
        self.state.put_campaign(campaign)
        return campaign

    async def find(self, *, lunar_year: int | None, kind: str | None, page: PageRequest) -> Slice[Campaign]:
        found = [
            c
            for c in self.rows.values()
            if (lunar_year is None or c.lunar_year == lunar_year) and (kind is None or c.kind == kind)
        ]
        return offset_page(
            found, key=lambda c: (-c.lunar_year, -c.starts_at.timestamp(), c.id), page=page, kind=PAGE_KIND
        )

    async def names(self) -> list[tuple[uuid.UUID, str]]:
        return [(c.id, c.name) for c in self.rows.values()]

    async def overlapping(self, *, starts_at: datetime, ends_at: datetime) -> list[Campaign]:
        found = [c for c in self.rows.values() if c.starts_at < ends_at and c.ends_at > starts_at]
        return sorted(found, key=lambda c: (c.starts_at, c.id))

    async def shifts_outside(
        self, campaign_id: uuid.UUID, *, starts_at: datetime, ends_at: datetime, side: Side, limit: int
    ) -> tuple[list[DatedShift], int]:
        outside = [
            s
            for s in self.state.dated_shifts.get(campaign_id, [])
            if (s.starts_at < starts_at if side == "start" else s.starts_at >= starts_at and s.ends_at > ends_at)
        ]
        return sorted(outside, key=lambda s: (s.starts_at, s.id))[:limit], len(outside)

    async def one_off_requirements(self, campaign_id: uuid.UUID) -> list[DatedRequirement]:
        return sorted(self.state.dated_requirements.get(campaign_id, []), key=lambda r: r.id)
