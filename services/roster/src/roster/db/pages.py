"""One page of a query, for lists sorted by a human key (names): counted, paged by offset
(``lichtruc.paging.by_offset``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, by_offset

Item = TypeVar("Item")
Row = Mapping[Any, Any]
"""A row as SQLAlchemy maps it."""


async def offset_page(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    order_by: Sequence[Any],
    page: PageRequest,
    kind: str,
    entity: Callable[[Row], Item],
) -> Slice[Item]:
    """The page ``page`` asks for of ``stmt`` in a total order (the sort keys end with a unique
    column), with the count of every match; ``BadCursor`` for a cursor of another list."""
    start = page.offset(kind)
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = (await session.execute(stmt.order_by(*order_by).limit(page.limit + 1).offset(start))).mappings().all()
    return by_offset([entity(r) for r in rows], page, kind, total=int(total or 0))
