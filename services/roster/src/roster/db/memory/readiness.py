"""Readiness checklist items and marks in memory (service-layer tests)."""

from __future__ import annotations

import uuid

from lichtruc.paging import PageRequest, Slice

from ...domain.errors import Conflict
from ...domain.readiness import ReadinessItem, ReadinessMark
from ..readiness import ITEMS_KIND
from .pages import offset_page
from .state import MemoryState


def _order(item: ReadinessItem) -> tuple[str, int, str, uuid.UUID]:
    return (item.sector, item.position, item.title_vi, item.id)


class MemoryReadiness:
    def __init__(self, state: MemoryState) -> None:
        self.state = state
        self.items = state.readiness_items
        self.rows = state.readiness_marks

    async def get(self, item_id: uuid.UUID, *, lock: bool = False) -> ReadinessItem | None:
        return self.items.get(item_id)

    async def add(self, item: ReadinessItem) -> None:
        self.items[item.id] = item

    async def save(self, item: ReadinessItem) -> None:
        self.items[item.id] = item

    async def remove(self, item_id: uuid.UUID) -> None:
        self.items.pop(item_id, None)
        for key in [k for k in self.rows if k[0] == item_id]:
            del self.rows[key]

    async def count(self, campaign_id: uuid.UUID) -> int:
        return sum(1 for i in self.items.values() if i.campaign_id == campaign_id)

    async def titles(self, campaign_id: uuid.UUID) -> set[tuple[str, str]]:
        return {(i.sector, i.title_vi) for i in self.items.values() if i.campaign_id == campaign_id}

    async def page(self, *, campaign_id: uuid.UUID, sector: str | None, page: PageRequest) -> Slice[ReadinessItem]:
        found = [
            i for i in self.items.values() if i.campaign_id == campaign_id and (sector is None or i.sector == sector)
        ]
        return offset_page(found, key=_order, page=page, kind=ITEMS_KIND)

    async def of_sector(self, *, campaign_id: uuid.UUID, sector: str) -> list[ReadinessItem]:
        return sorted(
            (i for i in self.items.values() if i.campaign_id == campaign_id and i.sector == sector), key=_order
        )

    async def mark(self, item_id: uuid.UUID, enterprise_id: uuid.UUID, *, lock: bool = False) -> ReadinessMark | None:
        return self.rows.get((item_id, enterprise_id))

    async def put_mark(self, mark: ReadinessMark) -> None:
        key = (mark.item_id, mark.enterprise_id)
        if mark.version == 1 and key in self.rows:
            raise Conflict(
                "request",
                "unique",
                "A concurrent request registered the same value (readiness_marks_pkey) first: reload and retry.",
                "Một yêu cầu đồng thời vừa ghi cùng giá trị trước: hãy tải lại và thử lại.",
            )
        self.rows[key] = mark

    async def marks(self, item_ids: list[uuid.UUID], enterprise_id: uuid.UUID) -> dict[uuid.UUID, ReadinessMark]:
        return {i: self.rows[(i, enterprise_id)] for i in item_ids if (i, enterprise_id) in self.rows}
