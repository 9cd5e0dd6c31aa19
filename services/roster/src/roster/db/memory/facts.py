"""The facts the shift rules read, in memory."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from ...domain.border import BorderSettings, BorderSite
from ...domain.shifts import CampaignFacts, SiteFacts, StaffFacts
from ..ports import RuleFacts
from .shifts import MemoryBookings
from .state import MemoryState


class MemoryFacts:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

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
        return RuleFacts(
            await self.enterprise_name(enterprise_id),
            await self.campaign(campaign_id),
            await self.sites(site_ids),
            await self.staff(staff_ids),
            await MemoryBookings(self.state).near(staff_ids, starts_at, ends_at, enterprise_id=enterprise_id),
        )

    async def enterprise_name(self, enterprise_id: uuid.UUID) -> str | None:
        found = self.state.enterprises.get(enterprise_id)
        return None if found is None else found[0]

    async def campaign(self, campaign_id: uuid.UUID) -> CampaignFacts | None:
        return self.state.campaigns.get(campaign_id)

    async def sites(self, site_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, SiteFacts]:
        return {s: self.state.sites[s] for s in set(site_ids) if s in self.state.sites}

    async def staff(self, staff_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, StaffFacts]:
        return {s: self.state.staff[s][0] for s in set(staff_ids) if s in self.state.staff}

    async def enterprise_staff(self, enterprise_id: uuid.UUID) -> list[tuple[StaffFacts, str | None]]:
        return [entry for entry in self.state.staff.values() if entry[0].enterprise_id == enterprise_id]

    async def border_settings(self, *, campaign_id: uuid.UUID | None, ongoing_at: datetime) -> list[BorderSettings]:
        ids = [
            c.id
            for c in self.state.campaigns.values()
            if (c.id == campaign_id if campaign_id else c.ends_at > ongoing_at)
        ]
        return [self.state.border_settings[i] for i in sorted(ids) if i in self.state.border_settings]

    async def border_sites(
        self, *, site_ids: Iterable[uuid.UUID] | None, enterprise_id: uuid.UUID | None
    ) -> list[BorderSite]:
        wanted = None if site_ids is None else set(site_ids)
        return [
            self.state.border_site(s)
            for s in sorted(self.state.border_sites)
            if (wanted is None or s in wanted)
            and (enterprise_id is None or self.state.sites[s].enterprise_id == enterprise_id)
        ]

    async def enterprise_of(self, kind: str, ident: uuid.UUID) -> uuid.UUID | None:
        if kind == "site":
            site = self.state.sites.get(ident)
            return None if site is None else site.enterprise_id
        entry = self.state.staff.get(ident)
        return None if entry is None else entry[0].enterprise_id
