"""Read-only queries behind the operations API: deliveries with their attempts, reminders,
and what notifier knows of a shift."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..db.tables import deliveries, delivery_attempts, reminders, shifts
from .context import Context
from .ownership import Viewer
from .paging import Order, page, split

_DELIVERY_COLUMNS = [c for c in deliveries.c if c.name not in ("body", "attachment")]


@dataclass(frozen=True)
class DeliveryFilter:
    staff_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    gap_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    channel: str | None = None
    status: str | None = None
    kind: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


async def _attempts(session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[dict]]:
    out: dict[uuid.UUID, list[dict]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = (
        (
            await session.execute(
                select(delivery_attempts)
                .where(delivery_attempts.c.delivery_id.in_(ids))
                .order_by(delivery_attempts.c.delivery_id, delivery_attempts.c.attempt)
            )
        )
        .mappings()
        .all()
    )
    for row in rows:
        out[row["delivery_id"]].append(dict(row))
    return out


async def list_deliveries(
    *, ctx: Context, where: DeliveryFilter, cursor: str | None, order: Order, limit: int, viewer: Viewer
) -> tuple[list[dict], str | None]:
    """Deliveries matching ``where``, among those ``viewer`` may see, each with its attempts."""
    query = select(*_DELIVERY_COLUMNS)
    if (visible := viewer.deliveries()) is not None:
        query = query.where(visible)
    for column in ("staff_id", "shift_id", "gap_id", "enterprise_id", "channel", "status", "kind"):
        value = getattr(where, column)
        if value is not None:
            query = query.where(deliveries.c[column] == value)
    if where.created_from is not None:
        query = query.where(deliveries.c.created_at >= where.created_from)
    if where.created_to is not None:
        query = query.where(deliveries.c.created_at < where.created_to)
    query = page(query, deliveries.c.created_at, deliveries.c.id, cursor=cursor, order=order, limit=limit)
    async with ctx.sessions() as session:
        rows = (await session.execute(query)).mappings().all()
        items, next_cursor = split(list(rows), limit)
        attempts = await _attempts(session, [r["id"] for r in items])
    return [{**r, "attempt_log": attempts[r["id"]]} for r in items], next_cursor


async def get_delivery(*, ctx: Context, delivery_id: uuid.UUID) -> dict | None:
    async with ctx.sessions() as session:
        row = (await session.execute(select(deliveries).where(deliveries.c.id == delivery_id))).mappings().first()
        if row is None:
            return None
        attempts = await _attempts(session, [delivery_id])
    return {**row, "attempt_log": attempts[delivery_id]}


async def list_reminders(
    *,
    ctx: Context,
    staff_id: uuid.UUID | None,
    shift_id: uuid.UUID | None,
    status: str | None,
    due_from: datetime | None,
    due_to: datetime | None,
    cursor: str | None,
    order: Order,
    limit: int,
    viewer: Viewer,
) -> tuple[list[dict], str | None]:
    """Reminders matching the filters, among those ``viewer`` may see."""
    query = select(reminders)
    if (visible := viewer.reminders()) is not None:
        query = query.where(visible)
    if staff_id is not None:
        query = query.where(reminders.c.staff_id == staff_id)
    if shift_id is not None:
        query = query.where(reminders.c.shift_id == shift_id)
    if status is not None:
        query = query.where(reminders.c.status == status)
    if due_from is not None:
        query = query.where(reminders.c.due_at >= due_from)
    if due_to is not None:
        query = query.where(reminders.c.due_at < due_to)
    query = page(query, reminders.c.created_at, reminders.c.id, cursor=cursor, order=order, limit=limit)
    async with ctx.sessions() as session:
        rows = (await session.execute(query)).mappings().all()
    items, next_cursor = split(list(rows), limit)
    return [dict(r) for r in items], next_cursor


async def get_shift(*, ctx: Context, shift_id: uuid.UUID) -> dict | None:
    async with ctx.sessions() as session:
        row = (await session.execute(select(shifts).where(shifts.c.shift_id == shift_id))).mappings().first()
    return dict(row) if row else None
