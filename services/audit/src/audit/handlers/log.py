"""Appending to the hash-chained event log, and reading it back in order."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.events import CloudEvent

from ..db.tables import event_log
from ..domain.chain import GENESIS, canonical_bytes, link_hash
from ..domain.model import utc
from .projector import Logged

# Appends serialise on this lock: the chain has exactly one tip, even with several
# replicas — and the projections, updated in the same transaction, follow the log's order.
CHAIN_LOCK = zlib.crc32(b"lichtruc-audit-chain")


_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
_SEQ_OF = select(event_log.c.seq).where(event_log.c.event_id == bindparam("id"))
_TIP = select(event_log.c.seq, event_log.c.hash, event_log.c.received_at).order_by(event_log.c.seq.desc()).limit(1)
_INSERT = event_log.insert().returning(event_log.c.seq)


async def lock_chain(session: AsyncSession) -> None:
    """Hold the chain (until the caller's transaction ends): no append runs meanwhile."""
    await session.execute(_LOCK, {"k": CHAIN_LOCK})


async def append(
    session: AsyncSession,
    event: CloudEvent,
    *,
    topic: str,
    clock: Callable[[], datetime],
    partition: int | None = None,
    offset: int | None = None,
) -> Logged | None:
    """Append `event` to the log in the caller's transaction; None if it is already there.

    The record time (`received_at`) is read from `clock` once the chain is held and
    never goes backwards along the log, so that "as known at R" is always a prefix of
    the log.
    """
    await lock_chain(session)
    if await session.scalar(_SEQ_OF, {"id": event.id}) is not None:
        return None
    tip = (await session.execute(_TIP)).first()
    prev = tip.hash if tip else GENESIS
    received_at = utc(clock())
    if tip is not None and tip.received_at > received_at:
        received_at = utc(tip.received_at)
    canonical = canonical_bytes(event.model_dump(mode="json"))
    seq = await session.scalar(
        _INSERT,
        {
            "event_id": event.id,
            "event_type": event.type,
            "source": event.source,
            "subject": event.subject,
            "partition_key": event.partitionkey,
            "event_time": event.time,
            "received_at": received_at,
            "topic": topic,
            "kafka_partition": partition,
            "kafka_offset": offset,
            "canonical": canonical.decode("utf-8"),
            "prev_hash": prev,
            "hash": link_hash(prev, canonical),
        },
    )
    return Logged(seq=seq, received_at=received_at, event=event)


async def tip(session: AsyncSession) -> tuple[int, datetime | None]:
    """The last record's seq (0 if the log is empty) and its record time."""
    row = (await session.execute(_TIP)).first()
    return (row.seq, utc(row.received_at)) if row else (0, None)


async def seq_known_at(session: AsyncSession, record_time: datetime) -> tuple[int, datetime | None]:
    """The last record received at or before `record_time` (0, None if none)."""
    row = (
        await session.execute(
            select(event_log.c.seq, event_log.c.received_at)
            .where(event_log.c.received_at <= record_time)
            .order_by(event_log.c.seq.desc())
            .limit(1)
        )
    ).first()
    return (row.seq, utc(row.received_at)) if row else (0, None)


async def read(
    session: AsyncSession, *, after: int, upto: int | None = None, batch: int = 2000
) -> AsyncIterator[Logged]:
    """The log records with `after` < seq <= `upto`, in order, as events."""
    while True:
        stmt = (
            select(event_log.c.seq, event_log.c.received_at, event_log.c.canonical)
            .where(event_log.c.seq > after)
            .order_by(event_log.c.seq)
            .limit(batch)
        )
        if upto is not None:
            stmt = stmt.where(event_log.c.seq <= upto)
        rows = (await session.execute(stmt)).all()
        for row in rows:
            yield Logged(row.seq, utc(row.received_at), CloudEvent.model_validate(json.loads(row.canonical)))
        if len(rows) < batch:
            return
        after = rows[-1].seq


async def count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(event_log)) or 0)
