"""The unit of work: one session (a read, or a transaction that commits when the block ends)
and every repository over it. Handlers reach the database only through this."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc import outbox
from lichtruc.events import CloudEvent, encode

from .batch import BatchStore
from .findings import Findings
from .log import EventLog
from .queries import Queries
from .snapshots import Snapshots
from .store import SqlStore
from .tables import outbox as outbox_table
from .tree import LogTree

_QUEUE = outbox_table.insert()

Sessions = async_sessionmaker[AsyncSession]
"""Where units of work come from (the app's session factory)."""


@dataclass
class Unit:
    session: AsyncSession
    log: EventLog = field(init=False)
    tree: LogTree = field(init=False)
    """The log's Merkle tree and its signed heads."""
    findings: Findings = field(init=False)
    reads: Queries = field(init=False)
    snapshots: Snapshots = field(init=False)
    store: SqlStore = field(init=False)
    """The projections as a `ProjectionStore` (what `project` writes)."""

    def __post_init__(self) -> None:
        self.log = EventLog(self.session)
        self.tree = self.log.tree
        self.findings = Findings(self.session)
        self.reads = Queries(self.session)
        self.snapshots = Snapshots(self.session)
        self.store = SqlStore(self.session)

    async def queue(self, event: CloudEvent, *, topic: str) -> None:
        """Queue an event in this transaction's outbox (it leaves only if the transaction commits)."""
        await outbox.add(self.session, outbox_table, event, topic=topic)

    async def queue_many(self, events: list[CloudEvent], *, topic: str) -> None:
        """Queue events in this transaction's outbox, in order, with one multi-row insert."""
        if events:
            await self.session.execute(
                _QUEUE,
                [
                    {
                        "event_id": e.id,
                        "topic": topic,
                        "key": e.partitionkey,
                        "event_type": e.type,
                        "payload": encode(e).decode("utf-8"),
                    }
                    for e in events
                ],
            )

    def batch_store(self) -> BatchStore:
        """The projections for a batch of events: read once, written back by `BatchStore.flush`."""
        return BatchStore(self.session)


@contextlib.asynccontextmanager
async def reading(sessions: Sessions) -> AsyncIterator[Unit]:
    """A unit for reading (nothing is committed)."""
    async with sessions() as session:
        yield Unit(session)


@contextlib.asynccontextmanager
async def writing(sessions: Sessions) -> AsyncIterator[Unit]:
    """A transaction: committed when the block ends normally, rolled back on any error."""
    async with sessions.begin() as session:
        yield Unit(session)
