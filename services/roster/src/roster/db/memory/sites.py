"""Sites in memory (service-layer tests)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence

from lichtruc.paging import PageRequest, Slice

from ...domain.districts import Spelling
from ...domain.reference import Site, name_key
from ..search import name_found, name_order, same_district
from ..sites import PAGE_KIND
from .pages import offset_page
from .state import MemoryState


class MemorySites:
    """SiteRepository over the in-memory state."""

    def __init__(self, state: MemoryState) -> None:
        self.state = state
        self.rows = state.site_records

    async def add(self, site: Site) -> bool:
        if await self.named(site.enterprise_id, site.name) is not None:
            return False
        self.state.put_site(site)
        return True

    async def named(self, enterprise_id: uuid.UUID, name: str, *, besides: uuid.UUID | None = None) -> Site | None:
        key = name_key(name)
        same = (s for s in self.rows.values() if s.enterprise_id == enterprise_id and s.id != besides)
        return next((s for s in same if name_key(s.name) == key), None)

    async def get(self, site_id: uuid.UUID, *, lock: bool = False) -> Site | None:
        return self.rows.get(site_id)

    async def of_enterprise(self, enterprise_id: uuid.UUID) -> list[Site]:
        return [s for s in self.rows.values() if s.enterprise_id == enterprise_id]

    async def save(self, site: Site) -> None:
        self.state.put_site(site)

    async def districts(self) -> list[str]:
        written = [s.district for s in self.rows.values()] + [i.district for i in self.state.incidents.values()]
        return sorted({d for d in written if d is not None})

    async def spellings(self) -> list[Spelling]:
        on_sites = Counter(s.district for s in self.rows.values() if s.district is not None)
        on_incidents = Counter(i.district for i in self.state.incidents.values() if i.district is not None)
        return [Spelling(d, on_sites[d], on_incidents[d]) for d in sorted(on_sites.keys() | on_incidents.keys())]

    async def in_districts(self, spellings: Sequence[str]) -> list[Site]:
        return sorted((s for s in self.rows.values() if s.district in spellings), key=lambda s: s.id)

    async def find(
        self,
        *,
        enterprise_id: uuid.UUID | None,
        border_area: bool | None,
        district: str | None,
        within: frozenset[uuid.UUID] | None,
        page: PageRequest,
        q: str | None = None,
    ) -> Slice[Site]:
        found = [
            s
            for s in self.rows.values()
            if (within is None or s.enterprise_id in within)
            and (not enterprise_id or s.enterprise_id == enterprise_id)
            and (border_area is None or s.border_area == border_area)
            and (not district or same_district(district, s.district))
            and (not q or name_found(q, s.name))
        ]
        return offset_page(found, key=self._order, page=page, kind=PAGE_KIND)

    def _order(self, s: Site) -> tuple[object, ...]:
        """`PgSites.find`'s order: the enterprise by name, then the site by name."""
        enterprise = self.state.enterprise_records.get(s.enterprise_id)
        return (*name_order(enterprise.name if enterprise else "", s.enterprise_id), *name_order(s.name, s.id))
