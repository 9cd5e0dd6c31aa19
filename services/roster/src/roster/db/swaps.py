"""Swap requests in PostgreSQL."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import BadCursor, PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.swaps import Swap
from .ports import Owners, SwapFilter
from .tables import swaps
from .visibility import visible_where

LIST_KIND = "swaps"
_FIELDS = [f.name for f in dataclasses.fields(Swap)]


def to_swap(row: Mapping[Any, Any]) -> Swap:
    return Swap(**{k: row[k] for k in _FIELDS})


def _row(swap: Swap) -> dict[str, Any]:
    return {k: getattr(swap, k) for k in _FIELDS}


def own_swaps(staff_id: uuid.UUID) -> ColumnElement[bool]:
    """The swaps a person is part of."""
    return or_(swaps.c.from_staff_id == staff_id, swaps.c.to_staff_id == staff_id)


def filtered(f: SwapFilter, visible: Visible) -> Select[Any]:
    stmt = select(swaps).where(*visible_where(visible, swaps.c.enterprise_id))
    if visible.own_only and visible.staff_id is not None:
        stmt = stmt.where(own_swaps(visible.staff_id))
    if f.shift_id:
        stmt = stmt.where(swaps.c.shift_id == f.shift_id)
    if f.enterprise_id:
        stmt = stmt.where(swaps.c.enterprise_id == f.enterprise_id)
    if f.staff_id:
        stmt = stmt.where(own_swaps(f.staff_id))
    if f.status:
        stmt = stmt.where(swaps.c.status == f.status)
    return stmt


class PgSwaps:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, stmt: Select[Any]) -> Swap | None:
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_swap(row)

    async def get(self, swap_id: uuid.UUID) -> Swap | None:
        return await self._one(select(swaps).where(swaps.c.id == swap_id))

    async def lock(self, swap_id: uuid.UUID) -> Swap | None:
        return await self._one(select(swaps).where(swaps.c.id == swap_id).with_for_update())

    async def add(self, swap: Swap) -> uuid.UUID | None:
        stmt = (
            insert(swaps)
            .values(**_row(swap))
            .on_conflict_do_nothing(
                index_elements=["shift_id", "from_staff_id"], index_where=swaps.c.status == "requested"
            )
            .returning(swaps.c.id)
        )
        if await self.session.scalar(stmt) is not None:
            return None
        return await self.session.scalar(
            select(swaps.c.id).where(
                swaps.c.shift_id == swap.shift_id,
                swaps.c.from_staff_id == swap.from_staff_id,
                swaps.c.status == "requested",
            )
        )

    async def save(self, swap: Swap) -> None:
        values = _row(swap)
        del values["id"], values["created_at"]
        await self.session.execute(update(swaps).where(swaps.c.id == swap.id).values(**values))

    async def page(self, f: SwapFilter, *, visible: Visible, page: PageRequest) -> Slice[Swap]:
        stmt = filtered(f, visible)
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        after = page.after(LIST_KIND)
        if after is not None:
            if len(after) != 2 or not isinstance(after[0], datetime) or not isinstance(after[1], uuid.UUID):
                raise BadCursor(page.cursor or "")
            stmt = stmt.where(tuple_(swaps.c.created_at, swaps.c.id) > tuple_(*after))
        rows = await self.session.execute(stmt.order_by(swaps.c.created_at, swaps.c.id).limit(page.limit + 1))
        found = [to_swap(r) for r in rows.mappings()]
        return keyset(found, page.limit, LIST_KIND, lambda s: (s.created_at, s.id), total=int(total or 0))

    async def owners(self, swap_id: uuid.UUID) -> Owners | None:
        swap = await self.get(swap_id)
        return None if swap is None else Owners(swap.enterprise_id, swap.people)
