"""Inspection plans in PostgreSQL (issue 15, part 5).

Who sees what: the Department (inspectors and administrators: ``Visible.enterprises`` None) every plan;
an enterprise's managers their enterprises' plans except surprise ones whose finding is not recorded yet —
those are left out of the rows and the counts, exactly as if they did not exist."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.inspections import Inspection
from .tables import inspections
from .visibility import visible_where

LIST_KIND = "inspections"
_FIELDS = [f.name for f in dataclasses.fields(Inspection)]


@dataclass(frozen=True)
class InspectionFilter:
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    phase: str | None = None
    status: str | None = None  # planned (not overdue) | overdue | done | cancelled
    surprise: bool | None = None


class InspectionRepository(Protocol):
    async def get(self, inspection_id: uuid.UUID) -> Inspection | None: ...

    async def lock(self, inspection_id: uuid.UUID) -> Inspection | None: ...

    async def add(self, inspection: Inspection) -> None: ...

    async def save(self, inspection: Inspection) -> None: ...

    async def page(self, f: InspectionFilter, *, visible: Visible, today: date, page: PageRequest) -> Slice[Inspection]:
        """The plans the caller may see, by planned day then id (keyset), with the total; `today` (the
        local day) tells planned from overdue."""
        ...


def sees(visible: Visible, inspection: Inspection) -> bool:
    """Whether the caller may see this plan at all (someone else's, or a surprise not yet revealed: no)."""
    if visible.enterprises is None:
        return True
    return inspection.enterprise_id in visible.enterprises and not inspection.hidden_from_enterprise


def matches(f: InspectionFilter, inspection: Inspection, today: date) -> bool:
    return (
        (f.campaign_id is None or inspection.campaign_id == f.campaign_id)
        and (f.enterprise_id is None or inspection.enterprise_id == f.enterprise_id)
        and (f.phase is None or inspection.phase == f.phase)
        and (f.status is None or inspection.state(today) == f.status)
        and (f.surprise is None or inspection.surprise == f.surprise)
    )


def to_inspection(row: Mapping[Any, Any]) -> Inspection:
    values = {k: row[k] for k in _FIELDS}
    values["inspectors"] = tuple(values["inspectors"])
    return Inspection(**values)


def _row(inspection: Inspection) -> dict[str, Any]:
    values = {k: getattr(inspection, k) for k in _FIELDS}
    values["inspectors"] = list(inspection.inspectors)
    return values


def _status(status: str, today: date) -> ColumnElement[bool]:
    c = inspections.c
    if status == "overdue":
        return and_(c.status == "planned", c.planned_on < today)
    if status == "planned":
        return and_(c.status == "planned", c.planned_on >= today)
    return c.status == status


def filtered(f: InspectionFilter, visible: Visible, today: date) -> Select[Any]:
    c = inspections.c
    stmt = select(inspections).where(*visible_where(visible, c.enterprise_id))
    if visible.enterprises is not None:  # the enterprise's side: surprise plans only once revealed
        stmt = stmt.where(or_(c.surprise.is_(False), c.recorded_at.is_not(None)))
    if f.campaign_id:
        stmt = stmt.where(c.campaign_id == f.campaign_id)
    if f.enterprise_id:
        stmt = stmt.where(c.enterprise_id == f.enterprise_id)
    if f.phase:
        stmt = stmt.where(c.phase == f.phase)
    if f.status:
        stmt = stmt.where(_status(f.status, today))
    if f.surprise is not None:
        stmt = stmt.where(c.surprise.is_(f.surprise))
    return stmt


class PgInspections:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, stmt: Select[Any]) -> Inspection | None:
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_inspection(row)

    async def get(self, inspection_id: uuid.UUID) -> Inspection | None:
        return await self._one(select(inspections).where(inspections.c.id == inspection_id))

    async def lock(self, inspection_id: uuid.UUID) -> Inspection | None:
        return await self._one(select(inspections).where(inspections.c.id == inspection_id).with_for_update())

    async def add(self, inspection: Inspection) -> None:
        await self.session.execute(inspections.insert().values(**_row(inspection)))

    async def save(self, inspection: Inspection) -> None:
        values = _row(inspection)
        del values["id"], values["created_at"]
        await self.session.execute(update(inspections).where(inspections.c.id == inspection.id).values(**values))

    async def page(self, f: InspectionFilter, *, visible: Visible, today: date, page: PageRequest) -> Slice[Inspection]:
        stmt = filtered(f, visible, today)
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        after = page.after(LIST_KIND, date, uuid.UUID)
        if after is not None:
            stmt = stmt.where(tuple_(inspections.c.planned_on, inspections.c.id) > tuple_(*after))
        rows = await self.session.execute(
            stmt.order_by(inspections.c.planned_on, inspections.c.id).limit(page.limit + 1)
        )
        found = [to_inspection(r) for r in rows.mappings()]
        return keyset(found, page.limit, LIST_KIND, lambda i: (i.planned_on, i.id), total=int(total or 0))
