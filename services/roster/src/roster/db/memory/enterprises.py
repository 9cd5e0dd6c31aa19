"""Enterprises in memory (service-layer tests)."""

from __future__ import annotations

import uuid

from lichtruc.paging import PageRequest, Slice

from ...domain.reference import Enterprise, name_key
from ..enterprises import PAGE_KIND
from ..search import name_found, name_order
from .pages import offset_page
from .state import MemoryState


class MemoryEnterprises:
    """EnterpriseRepository over the in-memory state."""

    def __init__(self, state: MemoryState) -> None:
        self.state = state
        self.rows = state.enterprise_records

    async def add(self, enterprise: Enterprise) -> bool:
        if await self.named(enterprise.name) is not None:
            return False
        self.state.put_enterprise(enterprise)
        return True

    async def named(self, name: str, *, besides: uuid.UUID | None = None) -> Enterprise | None:
        key = name_key(name)
        return next((e for e in self.rows.values() if name_key(e.name) == key and e.id != besides), None)

    async def get(self, enterprise_id: uuid.UUID, *, lock: bool = False) -> Enterprise | None:
        return self.rows.get(enterprise_id)

    async def existing(self, ids: tuple[uuid.UUID, ...]) -> set[uuid.UUID]:
        return {i for i in ids if i in self.rows}

    async def save(self, enterprise: Enterprise) -> None:
        self.state.put_enterprise(enterprise)

    async def find(
        self, *, sector: str | None, q: str | None, within: frozenset[uuid.UUID] | None, page: PageRequest
    ) -> Slice[Enterprise]:
        found = [
            e
            for e in self.rows.values()
            if (within is None or e.id in within)
            and (not sector or e.sector == sector)
            and (not q or name_found(q, e.name))
        ]
        return offset_page(found, key=lambda e: name_order(e.name, e.id), page=page, kind=PAGE_KIND)
