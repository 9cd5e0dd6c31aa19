"""Early-leave notices in PostgreSQL (`domain.early_leave`), each read in one query with the names of the person and
of the colleague named, and its shift's end."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.early_leave import EarlyLeave
from .ports import EarlyLeaveFilter
from .tables import early_leaves, shifts, staff
from .visibility import visible_where

LIST_KIND = "early-leaves"
_FIELDS = [c.name for c in early_leaves.columns]
assert set(_FIELDS) <= {f.name for f in dataclasses.fields(EarlyLeave)}

_person = staff.alias("person")
_colleague = staff.alias("colleague")


def _described() -> Select[Any]:
    """A notice with the names and its shift's end, in one query."""
    return (
        select(
            early_leaves,
            _person.c.full_name.label("staff_name"),
            _colleague.c.full_name.label("colleague_name"),
            shifts.c.ends_at.label("shift_ends_at"),
        )
        .select_from(early_leaves)
        .outerjoin(_person, _person.c.id == early_leaves.c.staff_id)
        .outerjoin(_colleague, _colleague.c.id == early_leaves.c.colleague_id)
        .outerjoin(shifts, shifts.c.id == early_leaves.c.shift_id)
    )


def to_notice(row: Mapping[Any, Any]) -> EarlyLeave:
    return EarlyLeave(
        **{k: row[k] for k in _FIELDS},
        staff_name=row.get("staff_name"),
        colleague_name=row.get("colleague_name"),
        shift_ends_at=row.get("shift_ends_at"),
    )


def _row(notice: EarlyLeave) -> dict[str, Any]:
    return {k: getattr(notice, k) for k in _FIELDS}


def conditions(f: EarlyLeaveFilter, visible: Visible) -> list[ColumnElement[bool]]:
    found = visible_where(visible, early_leaves.c.enterprise_id)
    if visible.own_only and visible.staff_id is not None:
        found.append(early_leaves.c.staff_id == visible.staff_id)
    if f.shift_id:
        found.append(early_leaves.c.shift_id == f.shift_id)
    if f.enterprise_id:
        found.append(early_leaves.c.enterprise_id == f.enterprise_id)
    if f.staff_id:
        found.append(early_leaves.c.staff_id == f.staff_id)
    if f.open_at is not None:  # stored open, the shift not ended (EarlyLeave.as_of)
        live = select(shifts.c.id).where(shifts.c.ends_at > f.open_at)
        found += [early_leaves.c.status == "open", early_leaves.c.shift_id.in_(live)]
    return found


class PgEarlyLeaves:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, notice: EarlyLeave) -> uuid.UUID | None:
        stmt = (
            insert(early_leaves)
            .values(**_row(notice))
            .on_conflict_do_nothing(
                index_elements=["shift_id", "staff_id"], index_where=early_leaves.c.status == "open"
            )
            .returning(early_leaves.c.id)
        )
        if await self.session.scalar(stmt) is not None:
            return None
        return await self.session.scalar(
            select(early_leaves.c.id).where(
                early_leaves.c.shift_id == notice.shift_id,
                early_leaves.c.staff_id == notice.staff_id,
                early_leaves.c.status == "open",
            )
        )

    async def save(self, notice: EarlyLeave) -> None:
        values = _row(notice)
        del values["id"], values["created_at"]
        await self.session.execute(update(early_leaves).where(early_leaves.c.id == notice.id).values(**values))

    async def open_on(self, shift_id: uuid.UUID, *, staff_id: uuid.UUID | None = None) -> list[EarlyLeave]:
        stmt = select(early_leaves).where(early_leaves.c.shift_id == shift_id, early_leaves.c.status == "open")
        if staff_id is not None:
            stmt = stmt.where(early_leaves.c.staff_id == staff_id)
        rows = await self.session.execute(stmt.order_by(early_leaves.c.created_at, early_leaves.c.id).with_for_update())
        return [to_notice(r) for r in rows.mappings()]

    async def get(self, notice_id: uuid.UUID) -> EarlyLeave | None:
        row = (await self.session.execute(_described().where(early_leaves.c.id == notice_id))).mappings().first()
        return None if row is None else to_notice(row)

    async def page(self, f: EarlyLeaveFilter, *, visible: Visible, page: PageRequest) -> Slice[EarlyLeave]:
        where = conditions(f, visible)
        total = await self.session.scalar(select(func.count()).select_from(early_leaves).where(*where))
        stmt = _described().where(*where)
        after = page.after(LIST_KIND, datetime, uuid.UUID)
        if after is not None:
            stmt = stmt.where(tuple_(early_leaves.c.created_at, early_leaves.c.id) < tuple_(*after))
        order = (early_leaves.c.created_at.desc(), early_leaves.c.id.desc())
        rows = await self.session.execute(stmt.order_by(*order).limit(page.limit + 1))
        found = [to_notice(r) for r in rows.mappings()]
        return keyset(found, page.limit, LIST_KIND, lambda n: (n.created_at, n.id), total=int(total or 0))
