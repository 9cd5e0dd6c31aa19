"""Offset pages of a query (the lists not yet on `lichtruc.paging` cursors)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class Page:
    items: list[dict]
    total: int
    limit: int
    offset: int


async def fetch_page(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    order_by: Sequence[Any],
    limit: int,
    offset: int,
    view: Callable[[Any], dict] = dict,
) -> Page:
    """One page of `stmt` in a total order (the caller's sort keys end with a unique column)."""
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = (await session.execute(stmt.order_by(*order_by).limit(limit).offset(offset))).mappings().all()
    return Page([view(r) for r in rows], int(total or 0), limit, offset)
