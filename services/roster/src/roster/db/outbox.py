"""The transactional outbox: event rows written in the same transaction as the change,
read back in order by the relay (messaging/relay.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from lichtruc.events import CloudEvent, encode

from .tables import outbox

# Only one relay publishes at a time (per database), so that events leave in the order
# they were written even with several roster replicas.
RELAY_LOCK_KEY = 0x6C696368  # "lich"


@dataclass(frozen=True)
class PendingEvent:
    id: int
    topic: str
    key: str
    payload: str
    event_type: str


async def add(session: AsyncSession, event: CloudEvent, *, topic: str) -> None:
    """Queue `event` for publication; it leaves only if the caller's transaction commits."""
    await session.execute(
        outbox.insert().values(
            event_id=event.id, topic=topic, key=event.partitionkey, event_type=event.type,
            payload=encode(event).decode("utf-8"),
        )
    )


async def try_lock_relay(conn: AsyncConnection) -> bool:
    """Take the relay lock for the current transaction; False if another relay holds it."""
    return bool((await conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": RELAY_LOCK_KEY})).scalar())


async def pending(conn: AsyncConnection, limit: int) -> list[PendingEvent]:
    rows = await conn.execute(
        select(outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.payload, outbox.c.event_type)
        .where(outbox.c.published_at.is_(None))
        .order_by(outbox.c.id)
        .limit(limit)
    )
    return [PendingEvent(*row) for row in rows]


async def mark_published(conn: AsyncConnection, ids: list[int]) -> None:
    await conn.execute(
        update(outbox).where(outbox.c.id.in_(ids)).values(published_at=func.now(), attempts=outbox.c.attempts + 1)
    )


async def mark_failed(conn: AsyncConnection, row_id: int, error: str) -> None:
    await conn.execute(
        update(outbox).where(outbox.c.id == row_id).values(attempts=outbox.c.attempts + 1, last_error=error[:2000])
    )


async def backlog(conn: AsyncConnection) -> tuple[int, datetime | None]:
    """How many events wait, and since when (for /readyz and /outbox)."""
    row = (
        await conn.execute(
            select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
        )
    ).one()
    return int(row[0]), row[1]
