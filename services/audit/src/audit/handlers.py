"""Audit's event handlers: append every event once to the hash-chained log."""

from __future__ import annotations

import logging
import zlib

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc.events import CloudEvent

from .db.tables import event_log
from .domain.chain import GENESIS, canonical_bytes, link_hash

log = logging.getLogger(__name__)

# Appends serialise on this lock: the chain has exactly one tip, even with several replicas.
CHAIN_LOCK = zlib.crc32(b"lichtruc-audit-chain")


async def append(session: AsyncSession, event: CloudEvent, *, topic: str, partition: int | None = None,
                 offset: int | None = None) -> bool:
    """Append `event` to the log in the caller's transaction; False if it is already there."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK})
    exists = await session.scalar(select(event_log.c.seq).where(event_log.c.event_id == event.id))
    if exists is not None:
        return False
    prev = await session.scalar(select(event_log.c.hash).order_by(event_log.c.seq.desc()).limit(1)) or GENESIS
    canonical = canonical_bytes(event.model_dump(mode="json"))
    await session.execute(
        event_log.insert().values(
            event_id=event.id, event_type=event.type, source=event.source, subject=event.subject,
            partition_key=event.partitionkey, event_time=event.time, topic=topic, kafka_partition=partition,
            kafka_offset=offset, canonical=canonical.decode("utf-8"), prev_hash=prev, hash=link_hash(prev, canonical),
        )
    )
    return True


def make_apply(sessions: async_sessionmaker[AsyncSession]):
    """The consumer callback: the log's unique event id is audit's inbox."""

    async def apply(event: CloudEvent, topic: str) -> None:
        async with sessions.begin() as session:
            if not await append(session, event, topic=topic):
                log.info("event %s already in the log; skipped", event.id)

    return apply
