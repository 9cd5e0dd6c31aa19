"""Notifier's event handlers: each applies one roster event to the read model, in the
same transaction as its inbox row, so that a redelivered event changes nothing."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc.db import record_in_inbox
from lichtruc.events import CloudEvent, EventData, ShiftEvent, UnknownEventType

from .db.tables import inbox, shifts

log = logging.getLogger(__name__)


async def _apply_shift_event(session: AsyncSession, event: CloudEvent, data: ShiftEvent) -> None:
    shift = data.shift
    values = {
        "shift_id": shift.shift_id, "enterprise_id": shift.enterprise_id, "version": shift.version,
        "status": shift.status, "data": shift.model_dump(mode="json"), "last_event_id": event.id,
        "changed_at": event.time,
    }
    stmt = insert(shifts).values(**values)
    # An older version arriving late (out of order) must not overwrite a newer one.
    stmt = stmt.on_conflict_do_update(
        index_elements=["shift_id"], set_={k: stmt.excluded[k] for k in values if k != "shift_id"},
        where=shifts.c.version < stmt.excluded.version,
    )
    await session.execute(stmt)


def _handler_for(data: EventData | None):
    if isinstance(data, ShiftEvent):
        return _apply_shift_event
    return None


def make_apply(sessions: async_sessionmaker[AsyncSession]):
    """The consumer callback: decode the data, apply it and record the event id, atomically."""

    async def apply(event: CloudEvent, topic: str) -> None:
        try:
            data: EventData | None = event.decoded()
        except UnknownEventType:
            data = None  # a type notifier does not act on (yet): recorded, not applied
        async with sessions.begin() as session:
            if not await record_in_inbox(session, inbox, event_id=event.id, event_type=event.type, topic=topic):
                log.info("event %s already applied; skipped", event.id)
                return
            handler = _handler_for(data)
            if handler is not None:
                await handler(session, event, data)

    return apply


async def get_shift(sessions: async_sessionmaker[AsyncSession], shift_id) -> dict | None:
    async with sessions() as session:
        row = (await session.execute(select(shifts).where(shifts.c.shift_id == shift_id))).mappings().first()
    return dict(row) if row else None
