"""The unit of work: one session (a read, or a transaction that commits when the block ends)
and every repository over it. Handlers reach the database only through this."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc import outbox
from lichtruc.db import HeldWrites, driver
from lichtruc.events import CloudEvent, encode

from .batch import BatchStore
from .explanations import PgExplanations
from .findings import Findings
from .log import EventLog
from .queries import Queries
from .remarks import ReportRemarks
from .snapshots import Snapshots
from .store import SqlStore
from .tables import outbox as outbox_table
from .tree import LogTree

# The gap events of a batch, in order (their ids, which the relay publishes by, follow it).
_QUEUE_MANY = (
    f"INSERT INTO {outbox_table.name} (event_id, topic, key, event_type, payload) "
    "SELECT event_id, topic, key, event_type, payload "
    "FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY "
    "AS u(event_id, topic, key, event_type, payload, n) ORDER BY n"
)

Sessions = async_sessionmaker[AsyncSession]
"""Where units of work come from (the app's session factory)."""


@dataclass
class Unit:
    session: AsyncSession
    log: EventLog = field(init=False)
    tree: LogTree = field(init=False)
    """The log's Merkle tree and its signed heads."""
    findings: Findings = field(init=False)
    explanations: PgExplanations = field(init=False)
    """The explanations of gaps and findings, and their files."""
    remarks: ReportRemarks = field(init=False)
    """The inspectors' remarks on campaign reports."""
    reads: Queries = field(init=False)
    snapshots: Snapshots = field(init=False)
    store: SqlStore = field(init=False)
    """The projections as a `ProjectionStore` (what `project` writes)."""
    held: HeldWrites | None = field(default=None, init=False)
    """The writes held back for one round trip (`hold_writes`); None: each goes at once."""

    def __post_init__(self) -> None:
        self.log = EventLog(self.session)
        self.tree = self.log.tree
        self.findings = Findings(self.session)
        self.explanations = PgExplanations(self.session)
        self.remarks = ReportRemarks(self.session)
        self.reads = Queries(self.session)
        self.snapshots = Snapshots(self.session)
        self.store = SqlStore(self.session)

    async def queue(self, event: CloudEvent, *, topic: str) -> None:
        """Queue an event in this transaction's outbox (it leaves only if the transaction commits)."""
        await outbox.add(self.session, outbox_table, event, topic=topic)

    async def queue_many(self, events: list[CloudEvent], *, topic: str) -> None:
        """Queue events in this transaction's outbox, in order, with one insert (held, when the
        unit holds its writes)."""
        if events:
            args = (
                [e.id for e in events],
                [topic] * len(events),
                [e.partitionkey for e in events],
                [e.type for e in events],
                [encode(e).decode("utf-8") for e in events],
            )
            if self.held is not None:
                self.held.add(_QUEUE_MANY, args)
            else:
                await (await driver(self.session)).execute(_QUEUE_MANY, *args)

    def hold_writes(self) -> None:
        """From now on, the log's appends (`EventLog.append_many`), the tree's heads, the batch
        store's flush and `queue_many` are held, to go in one statement by `write_held`: a
        batch's writes in one round trip. They touch different tables, and nothing the
        transaction reads meanwhile is what they write (the projections it reads are the
        batch store's, which keeps its own writes). The unit refuses to commit with writes
        still held."""
        self.held = self.log.held = self.tree.held = HeldWrites()

    async def write_held(self) -> None:
        """Send the held writes, as one statement (none if none is held; a batch's few writes, one
        per table, are far below `HeldWrites.take`'s limits)."""
        if self.held is not None:
            for sql, args in self.held.take():
                await (await driver(self.session)).execute(sql, *args)

    def batch_store(self) -> BatchStore:
        """The projections for a batch of events: read once, written back by `BatchStore.flush`
        (held with the unit's other writes when it holds them)."""
        return BatchStore(self.session, held=self.held)


@contextlib.asynccontextmanager
async def reading(sessions: Sessions) -> AsyncIterator[Unit]:
    """A unit for reading (nothing is committed)."""
    async with sessions() as session:
        yield Unit(session)


@contextlib.asynccontextmanager
async def one_moment(sessions: Sessions) -> AsyncIterator[Unit]:
    """A read-only unit on one snapshot (REPEATABLE READ): the log and the projections as they stood at
    one moment. The consumer commits each batch's log records and projections together, so the reads
    see a batch wholly or not at all and the projections are those of the log they see, without
    holding the chain (the consumer goes on meanwhile)."""
    async with sessions() as session:
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True})
        yield Unit(session)


@contextlib.asynccontextmanager
async def writing(sessions: Sessions) -> AsyncIterator[Unit]:
    """A transaction: committed when the block ends normally, rolled back on any error."""
    async with sessions.begin() as session:
        unit = Unit(session)
        yield unit
        if unit.held is not None and unit.held.statements:  # never committed without them
            raise RuntimeError("writes held and never sent (Unit.write_held)")
