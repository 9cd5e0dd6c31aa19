"""Inspection plans in memory (the same visibility and order as `db.inspections`)."""

from __future__ import annotations

import uuid
from datetime import date

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ...domain.inspections import Inspection
from ..inspections import LIST_KIND, InspectionFilter, matches, sees
from .state import MemoryState


class MemoryInspections:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    async def get(self, inspection_id: uuid.UUID) -> Inspection | None:
        return self.state.inspections.get(inspection_id)

    async def lock(self, inspection_id: uuid.UUID) -> Inspection | None:
        return self.state.inspections.get(inspection_id)

    async def add(self, inspection: Inspection) -> None:
        self.state.inspections[inspection.id] = inspection

    async def save(self, inspection: Inspection) -> None:
        self.state.inspections[inspection.id] = inspection

    async def page(self, f: InspectionFilter, *, visible: Visible, today: date, page: PageRequest) -> Slice[Inspection]:
        found = sorted(
            (i for i in self.state.inspections.values() if sees(visible, i) and matches(f, i, today)),
            key=lambda i: (i.planned_on, i.id),
        )
        rest = found
        after = page.after(LIST_KIND, date, uuid.UUID)
        if after is not None:
            rest = [i for i in found if (i.planned_on, i.id) > (after[0], after[1])]
        return keyset(rest[: page.limit + 1], page.limit, LIST_KIND, lambda i: (i.planned_on, i.id), total=len(found))
