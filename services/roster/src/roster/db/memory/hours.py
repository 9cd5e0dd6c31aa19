"""Tết hours of post offices and transaction points in memory (service-layer tests)."""

from __future__ import annotations

import uuid
from datetime import datetime

from lichtruc.counters import serves_counter
from lichtruc.paging import PageRequest, Slice

from ...domain.hours import PublishedPoint, TetHours
from ..hours import PAGE_KIND
from ..search import key_order_nulls_last, name_order, same_district
from .pages import offset_page
from .state import MemoryState


class MemoryHours:
    """HoursRepository over the in-memory state."""

    def __init__(self, state: MemoryState) -> None:
        self.state = state
        self.rows = state.tet_hours

    async def get(self, site_id: uuid.UUID, campaign_id: uuid.UUID, *, lock: bool = False) -> TetHours | None:
        return self.rows.get((site_id, campaign_id))

    async def save(self, hours: TetHours) -> None:
        self.rows[hours.site_id, hours.campaign_id] = hours

    async def current_tet_campaign(self, now: datetime) -> uuid.UUID | None:
        tet = [c for c in self.state.campaign_records.values() if c.kind == "tet"]
        coming = [c for c in tet if c.ends_at > now]
        if coming:
            return min(coming, key=lambda c: c.starts_at).id
        return max(tet, key=lambda c: c.lunar_year).id if tet else None

    def _points(self, campaign_id: uuid.UUID, district: str | None) -> list[PublishedPoint]:
        found = []
        for h in self.rows.values():
            site = self.state.site_records.get(h.site_id)
            campaign = self.state.campaign_records.get(h.campaign_id)
            enterprise = self.state.enterprise_records.get(h.enterprise_id)
            if h.published_days is None or h.published_at is None or site is None or campaign is None:
                continue
            if (
                h.campaign_id != campaign_id
                or not serves_counter(site.kind)
                or (district and not same_district(district, site.district))
            ):
                continue
            found.append(
                PublishedPoint(
                    site.id,
                    site.name,
                    site.district,
                    h.enterprise_id,
                    enterprise.name if enterprise else "",
                    campaign.id,
                    campaign.lunar_year,
                    h.published_days,
                    h.published_version,
                    h.published_at,
                )
            )
        return sorted(found, key=_order)

    async def published_page(
        self, *, campaign_id: uuid.UUID, district: str | None, page: PageRequest
    ) -> Slice[PublishedPoint]:
        return offset_page(self._points(campaign_id, district), key=_order, page=page, kind=PAGE_KIND)

    async def published_all(self, *, campaign_id: uuid.UUID, district: str | None) -> list[PublishedPoint]:
        return self._points(campaign_id, district)

    async def published_of(self, site_id: uuid.UUID, campaign_id: uuid.UUID) -> PublishedPoint | None:
        return next((p for p in self._points(campaign_id, None) if p.site_id == site_id), None)


def _order(p: PublishedPoint) -> tuple[object, ...]:
    """`PgHours`'s order: district (those without last), enterprise name, point name."""
    return (
        *key_order_nulls_last(p.district),
        *name_order(p.enterprise_name, p.enterprise_id),
        *name_order(p.site_name, p.site_id),
    )
