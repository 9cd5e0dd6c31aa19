"""The hash-chained event log in PostgreSQL: appending (one tip, held by an advisory
lock; each record also becomes the next leaf of the log's Merkle tree, see tree.py),
reading it back in order, and the pages and records the inspectors read."""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import HeldWrites, Read, driver, one_statement, read_columns
from lichtruc.events import CloudEvent
from lichtruc.paging import PageRequest, Slice, keyset

from ..domain.accounts import matches
from ..domain.chain import GENESIS, StoredLink, canonical_bytes, link_hash
from ..domain.merkle import Grown
from ..domain.model import utc
from .inspections import hidden_inspection_event
from .tables import event_log, log_leaves, tree_heads
from .tree import LogTree, TreeHead

# Appends serialise on this lock: the chain has exactly one tip, even with several
# replicas — and the projections, updated in the same transaction, follow the log's order.
CHAIN_LOCK = zlib.crc32(b"lichtruc-audit-chain")

LOG_PAGES = "log"
HISTORY_PAGES = "history"
ACCOUNT_HISTORY_PAGES = "account-history"

_LOCK = "SELECT pg_advisory_xact_lock($1)"
_LOCK_PLANNING = "SELECT pg_advisory_xact_lock($1), set_config('plan_cache_mode', 'force_generic_plan', true)"

SMALL_BATCH = 16
"""Up to this many events, an append's transaction plans its statements once per connection
(`plan_cache_mode = force_generic_plan`, for that transaction only). PostgreSQL otherwise plans the
log's state read afresh at every execution (its generic plan looks dearer to it): about 1.7 ms of a
live change's 3.5 ms in the database on 2026-12-01, where running it took 0.8 ms. A replay's batches
of hundreds keep plans made for their arrays: generic ones ingested about 8 % slower there."""
_SEQ_OF = select(event_log.c.seq).where(event_log.c.event_id == bindparam("id"))
_TIP = select(event_log.c.seq, event_log.c.hash, event_log.c.received_at).order_by(event_log.c.seq.desc()).limit(1)
_INSERT = event_log.insert().returning(event_log.c.seq)
_COLUMNS = (
    "seq",
    "event_id",
    "event_type",
    "source",
    "subject",
    "partition_key",
    "event_time",
    "received_at",
    "topic",
    "kafka_partition",
    "kafka_offset",
    "canonical",
    "prev_hash",
    "hash",
)
"""The columns `append_many` fills, in the order of its rows."""

# `append_many` in three round trips whatever the batch's size (a batch of one event is what a
# change waits for on its way to a gap event), or two when its write is held for the caller's one
# statement of writes (`held`, the batch consumer's): the lock; one read of everything else it needs
# (which events are logged already, the tip, the tree's size, the hashes of its frontier — the
# perfect subtrees of its right edge, tree.py `grown_by` — and its latest signed head — after the
# lock, so that it sees the last append); and one write of the records, their leaves and the new
# subtrees, arrays unnested. It was thirteen: a statement per read, and three COPYs of two round
# trips each.
_STATE = """
SELECT
  ARRAY(SELECT event_id FROM event_log WHERE event_id = ANY($1::uuid[])) AS known,
  t.seq, t.hash, t.received_at,
  z.last_leaf,
  ARRAY(
    SELECT ROW(m.level, m.idx, m.hash)
    FROM generate_series(0, 62) AS b(level)
    JOIN merkle_nodes AS m ON m.level = b.level AND m.idx = (z.size >> b.level) - 1
    WHERE (z.size >> b.level) & 1 = 1
  ) AS edge,
  h.tree_size, h.root_hash, h.signed_at, h.signature{reads}
FROM (SELECT max(leaf_index) AS last_leaf, coalesce(max(leaf_index) + 1, 0) AS size FROM log_leaves) AS z
LEFT JOIN LATERAL (SELECT seq, hash, received_at FROM event_log ORDER BY seq DESC LIMIT 1) AS t ON true
LEFT JOIN LATERAL (
  SELECT tree_size, root_hash, signed_at, signature FROM tree_heads ORDER BY tree_size DESC LIMIT 1
) AS h ON true
"""
# `edge`: for each set bit `level` of the size, the perfect subtree of 2**level leaves ending where the
# higher bits' subtrees end (idx = (size >> level) - 1): domain.merkle.frontier, which the caller
# still asks for each ref (a node missing here is an error, never a silently different root).
# `reads`: the caller's own reads (lichtruc.db.read_columns), columns after the first ten.
_STATE_COLUMNS = 10
"""The columns of `_STATE` before the caller's reads."""
_WRITE_RECORDS = f"""
INSERT INTO event_log ({", ".join(_COLUMNS)})
SELECT r.seq, r.event_id, r.event_type, r.source, r.subject, r.partition_key, r.event_time, r.received_at,
       r.topic, NULL, NULL, r.canonical, r.prev_hash, r.hash
FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
            $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[])
     AS r(seq, event_id, event_type, source, subject, partition_key, event_time, received_at, topic, canonical,
          prev_hash, hash)
"""
_WRITE_LEAVES = "INSERT INTO log_leaves (leaf_index, seq) SELECT * FROM unnest($1::bigint[], $2::bigint[])"
_WRITE_NODES = (
    "INSERT INTO merkle_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])"
)


@dataclass(frozen=True, slots=True)
class Appended:
    """A record just appended: its place in the log and its record time."""

    seq: int
    received_at: datetime


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """A record read back in order, as the event it holds; read `with_batches`, also how the
    transaction that appended it settled coverage (domain/live.py, "Settled per append")."""

    seq: int
    received_at: datetime
    event: CloudEvent
    settled_per_batch: bool = False
    """Its transaction settled coverage once for all its events (its head says so), not after each."""
    closes_batch: bool = False
    """It is the last record of its transaction (a signed tree head ends at it)."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One log record as the inspectors read it (the event as stored, parsed)."""

    seq: int
    event_id: uuid.UUID
    event_type: str
    source: str
    subject: str | None
    partition_key: str
    event_time: datetime
    received_at: datetime
    hash: str
    prev_hash: str
    event: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LogFilter:
    partition_key: str | None = None
    event_type: str | None = None
    event_types: tuple[str, ...] = ()
    """Only records of one of these types (none given: any type)."""
    partition_keys: tuple[str, ...] | None = None
    """Only records keyed by one of these (None: any key; an empty tuple: no record at all)."""
    event_id: uuid.UUID | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    without_hidden_inspections: bool = False
    """Leave out surprise inspection plans not revealed yet (an enterprise's own view)."""


@dataclass(frozen=True, slots=True)
class EventKind:
    """Type and time of one logged event (a gap's cause, in words), who made it and why when it says."""

    event_id: uuid.UUID
    event_type: str
    event_time: datetime
    seq: int = 0
    actor: str | None = None
    """The event's `actor` (a login, or roster's own words: "system", "import")."""
    reason: str | None = None
    """The event's `reason` (a cancellation's, a handover's), else the handover reason its shift carries."""
    handed_over_to: str | None = None
    """A handover's new shift (`handed_over_to`), when the event is one."""
    shift: Mapping[str, Any] | None = None
    """The shift the event carries, as it says it (a handover's words name its people and hours)."""


def _entry(row: Any) -> LogEntry:
    return LogEntry(
        seq=row.seq,
        event_id=row.event_id,
        event_type=row.event_type,
        source=row.source,
        subject=row.subject,
        partition_key=row.partition_key,
        event_time=utc(row.event_time),
        received_at=utc(row.received_at),
        hash=row.hash,
        prev_hash=row.prev_hash,
        event=json.loads(row.canonical),
    )


class EventLog:
    """The log, in the caller's transaction (it never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.tree = LogTree(session)
        self.grown: Grown | None = None
        """The tree as the last `append_many` of this transaction left it (size and root)."""
        self.latest_head: TreeHead | None = None
        """The latest signed head as the last `append_many` of this transaction found it."""
        self.held: HeldWrites | None = None
        """Where `append_many` leaves its write instead of sending it (the unit's, when it holds writes)."""

    async def lock_chain(self, *, small: bool = False) -> None:
        """Hold the chain (until the transaction ends): no append runs meanwhile. `small`: the
        transaction appends a small batch (`SMALL_BATCH`), and plans its statements generically."""
        await (await driver(self.session)).execute(_LOCK_PLANNING if small else _LOCK, CHAIN_LOCK)

    async def append(
        self,
        event: CloudEvent,
        *,
        topic: str,
        clock: Callable[[], datetime],
        partition: int | None = None,
        offset: int | None = None,
    ) -> Appended | None:
        """Append `event`; None if it is already there.

        The record time (`received_at`) is read from `clock` once the chain is held and
        never goes backwards along the log, so that "as known at R" is always a prefix of
        the log. The seq is the tip's plus one (never a hole, even after an aborted append),
        so the record is leaf seq - 1 of the Merkle tree, added here too; the caller signs
        the new tree head once its transaction's appends are done (`handlers.log.sign_head`).
        """
        await self.lock_chain()
        if await self.session.scalar(_SEQ_OF, {"id": event.id}) is not None:
            return None
        tip = (await self.session.execute(_TIP)).first()
        prev = tip.hash if tip else GENESIS
        received_at = utc(clock())
        if tip is not None and tip.received_at > received_at:
            received_at = utc(tip.received_at)
        canonical = canonical_bytes(event.model_dump(mode="json"))
        seq = await self.session.scalar(
            _INSERT,
            {
                "seq": (tip.seq if tip else 0) + 1,
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
        await self.tree.add([(int(seq or 0), canonical)])
        return Appended(int(seq or 0), received_at)

    async def append_many(
        self, events: Sequence[tuple[CloudEvent, str]], *, clock: Callable[[], datetime], reads: Sequence[Read] = ()
    ) -> list[Appended | None]:
        """Append the events in order, as `append` does one by one (the same seqs, record times,
        hashes and leaves), in three round trips (see `_STATE`), or two with `held` set: the write
        of the records, leaves and subtrees is then left there, for the caller to send with its
        others before the transaction ends. Returns, for each event, its record, or None if it was
        in the log already (or earlier in `events`).

        `reads`: the caller's, made in the same round trip as the log's state (after the lock, so
        they see the last append's transaction too), each handed its rows."""
        await self.lock_chain(small=len(events) <= SMALL_BATCH)
        conn = await driver(self.session)
        extra, args = read_columns([r.statement for r in reads], after=1)
        sql = _STATE.format(reads=f",\n  {extra}" if reads else "")
        state = await conn.fetchrow(sql, [e.id for e, _ in events], *args)
        for read, records in zip(reads, tuple(state)[_STATE_COLUMNS:], strict=True):
            read.took(records)
        known = {uuid.UUID(bytes=i.bytes) for i in state["known"]}
        prev = state["hash"] if state["seq"] is not None else GENESIS
        seq = state["seq"] or 0
        last_at = utc(state["received_at"]) if state["received_at"] is not None else None
        self.latest_head = (
            None
            if state["tree_size"] is None
            else TreeHead(
                state["tree_size"], bytes(state["root_hash"]), utc(state["signed_at"]), bytes(state["signature"])
            )
        )
        rows: list[tuple[Any, ...]] = []
        canonicals: list[bytes] = []
        appended: list[Appended | None] = []
        for event, topic in events:
            if event.id in known:
                appended.append(None)
                continue
            known.add(event.id)
            received_at = utc(clock())
            if last_at is not None and last_at > received_at:
                received_at = last_at
            last_at = received_at
            canonical = canonical_bytes(event.model_dump(mode="json"))
            seq += 1
            link = link_hash(prev, canonical)
            rows.append(
                (
                    seq,
                    event.id,
                    event.type,
                    event.source,
                    event.subject,
                    event.partitionkey,
                    event.time,
                    received_at,
                    topic,
                    canonical.decode("utf-8"),
                    prev,
                    link,
                )
            )
            canonicals.append(canonical)
            prev = link
            appended.append(Appended(seq, received_at))
        if rows:
            size = 0 if state["last_leaf"] is None else state["last_leaf"] + 1
            edge = {(int(level), int(idx)): bytes(node) for level, idx, node in state["edge"]}
            self.grown = grown = self.tree.grown_from(size, edge, canonicals)
            columns = [list(column) for column in zip(*rows, strict=True)]
            levels, indexes, hashes = (list(c) for c in zip(*grown.nodes, strict=True))
            writes = [
                (_WRITE_RECORDS, tuple(columns)),
                (_WRITE_LEAVES, (list(range(size, size + len(rows))), columns[0])),
                (_WRITE_NODES, (levels, indexes, hashes)),
            ]
            if self.held is not None:
                self.held.extend(writes)
            else:
                sql, args = one_statement(writes)
                await conn.execute(sql, *args)
        return appended

    async def tip(self) -> tuple[int, datetime | None]:
        """The last record's seq (0 if the log is empty) and its record time."""
        row = (await self.session.execute(_TIP)).first()
        return (row.seq, utc(row.received_at)) if row else (0, None)

    async def seq_known_at(self, record_time: datetime) -> tuple[int, datetime | None]:
        """The last record received at or before `record_time` (0, None if none)."""
        row = (
            await self.session.execute(
                select(event_log.c.seq, event_log.c.received_at)
                .where(event_log.c.received_at <= record_time)
                .order_by(event_log.c.seq.desc())
                .limit(1)
            )
        ).first()
        return (row.seq, utc(row.received_at)) if row else (0, None)

    async def read(
        self, *, after: int, upto: int | None = None, batch: int = 2000, with_batches: bool = False
    ) -> AsyncIterator[LoggedEvent]:
        """The log records with `after` < seq <= `upto`, in order, as events; `with_batches`, with how
        their transactions settled coverage, from the tree heads (read with the records: a record and
        its transaction's head are committed together)."""
        heads, covering_heads = tree_heads.alias("head"), tree_heads.alias("covering")
        e, leaf, head, covering = event_log.c, log_leaves.c, heads.c, covering_heads.c
        while True:
            stmt = select(e.seq, e.received_at, e.canonical).where(e.seq > after).order_by(e.seq).limit(batch)
            if with_batches:
                # The first head at or past the record's leaf is the one its transaction signed.
                per_batch = (
                    select(covering.coverage_per_batch)
                    .where(covering.tree_size >= leaf.leaf_index + 1)
                    .order_by(covering.tree_size)
                    .limit(1)
                    .scalar_subquery()
                )
                stmt = (
                    stmt.add_columns(per_batch.label("per_batch"), head.tree_size.is_not(None).label("closes"))
                    .outerjoin(log_leaves, leaf.seq == e.seq)
                    .outerjoin(heads, head.tree_size == leaf.leaf_index + 1)
                )
            if upto is not None:
                stmt = stmt.where(e.seq <= upto)
            rows = (await self.session.execute(stmt)).all()
            for row in rows:
                event = CloudEvent.model_validate(json.loads(row.canonical))
                if with_batches:
                    yield LoggedEvent(row.seq, utc(row.received_at), event, bool(row.per_batch), bool(row.closes))
                else:
                    yield LoggedEvent(row.seq, utc(row.received_at), event)
            if len(rows) < batch:
                return
            after = rows[-1].seq

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(event_log)) or 0)

    async def page(
        self, f: LogFilter, page: PageRequest, *, kind: str = LOG_PAGES, newest_first: bool = False
    ) -> Slice[LogEntry]:
        """Records matching `f`, oldest first (or newest first), after the cursor's seq (keyset:
        stable while the log grows; a newest-first cursor is of its own kind, so that one cursor is
        never read in the other order). No total: counting an append-only log on every page is not cheap."""
        e = event_log.c
        kind = f"{kind}-newest" if newest_first else kind
        after = page.after(kind, int)
        stmt = select(event_log)
        if after is not None:
            stmt = stmt.where(e.seq < after[0] if newest_first else e.seq > after[0])
        if f.partition_key:
            stmt = stmt.where(e.partition_key == f.partition_key)
        if f.event_type:
            stmt = stmt.where(e.event_type == f.event_type)
        if f.event_types:
            stmt = stmt.where(e.event_type.in_(f.event_types))
        if f.partition_keys is not None:
            stmt = stmt.where(e.partition_key.in_(f.partition_keys))
        if f.event_id:
            stmt = stmt.where(e.event_id == f.event_id)
        if f.received_from:
            stmt = stmt.where(e.received_at >= f.received_from)
        if f.received_to:
            stmt = stmt.where(e.received_at < f.received_to)
        if f.without_hidden_inspections:
            stmt = stmt.where(~hidden_inspection_event(event_log))
        order = e.seq.desc() if newest_first else e.seq
        rows = (await self.session.execute(stmt.order_by(order).limit(page.limit + 1))).all()
        return keyset([_entry(r) for r in rows], page.limit, kind, lambda x: [x.seq])

    async def account_keys_named(self, text: str, *, event_types: Sequence[str]) -> tuple[str, ...]:
        """The keys (account ids) of the records of these types whose account's login or display name
        contains `text` as people type it (domain.accounts.matches). Each distinct key, login and name
        of the log is read and folded here, not in SQL: a province has some hundreds of accounts with
        a few events each (the types' index finds them), and one folding rule stays in one place."""
        data = cast(event_log.c.canonical, JSONB)
        rows = await self.session.execute(
            select(
                event_log.c.partition_key,
                data[("data", "login")].astext.label("login"),
                data[("data", "display_name")].astext.label("display_name"),
            )
            .where(event_log.c.event_type.in_(list(event_types)))
            .distinct()
        )
        return tuple(
            sorted({r.partition_key for r in rows if matches(text, login=r.login, display_name=r.display_name)})
        )

    async def account_names(
        self, logins: Iterable[str], *, event_types: Sequence[str]
    ) -> dict[str, list[tuple[int, str]]]:
        """The display names of each of these logins' accounts, record by record: (seq, display name) of
        every record of these types (the account events) naming the login, in seq order, by login
        folded to lower case (roster keeps a login unique whatever its case); see
        `domain.accounts.name_at`. A login no such record names is left out."""
        wanted = sorted({login.lower() for login in logins})
        if not wanted:
            return {}
        data = cast(event_log.c.canonical, JSONB)
        login = func.lower(data[("data", "login")].astext)
        rows = await self.session.execute(
            select(event_log.c.seq, login.label("login"), data[("data", "display_name")].astext.label("display_name"))
            .where(event_log.c.event_type.in_(list(event_types)), login.in_(wanted))
            .order_by(event_log.c.seq)
        )
        names: dict[str, list[tuple[int, str]]] = {}
        for r in rows:
            if r.display_name:
                names.setdefault(r.login, []).append((r.seq, r.display_name))
        return names

    async def record(self, seq: int) -> LogEntry | None:
        row = (await self.session.execute(select(event_log).where(event_log.c.seq == seq))).first()
        return None if row is None else _entry(row)

    async def events_at(self, seqs: Sequence[int]) -> dict[int, CloudEvent]:
        """The logged events of these records, by seq (one query)."""
        if not seqs:
            return {}
        rows = await self.session.execute(
            select(event_log.c.seq, event_log.c.canonical).where(event_log.c.seq.in_(sorted(set(seqs))))
        )
        return {r.seq: CloudEvent.model_validate(json.loads(r.canonical)) for r in rows}

    async def event_ids_at(self, seqs: Iterable[int]) -> dict[int, uuid.UUID]:
        """The event ids of these records, by seq (one query): what a projected record's `updated_seq` is
        proved by (GET /log/proof/inclusion?event=…)."""
        wanted = sorted(set(seqs))
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(event_log.c.seq, event_log.c.event_id).where(event_log.c.seq.in_(wanted))
        )
        return {r.seq: r.event_id for r in rows}

    async def seqs_of(self, event_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        """The records of these events, by event id (one query); an event not in the log is left out."""
        wanted = sorted(set(event_ids))
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(event_log.c.event_id, event_log.c.seq).where(event_log.c.event_id.in_(wanted))
        )
        return {r.event_id: r.seq for r in rows}

    async def links(self) -> list[StoredLink]:
        """Every record's link of the chain, in order (to verify it)."""
        result = await self.session.stream(
            select(event_log.c.seq, event_log.c.prev_hash, event_log.c.hash, event_log.c.canonical)
            .order_by(event_log.c.seq)
            .execution_options(yield_per=2000)
        )
        return [StoredLink(r.seq, r.prev_hash, r.hash, r.canonical.encode("utf-8")) async for r in result]

    async def kinds(self, event_ids: Sequence[uuid.UUID]) -> list[EventKind]:
        """Type, time, actor and reason of each of these logged events."""
        if not event_ids:
            return []
        data = cast(event_log.c.canonical, JSONB)
        rows = await self.session.execute(
            select(
                event_log.c.event_id,
                event_log.c.event_type,
                event_log.c.event_time,
                event_log.c.seq,
                data[("data", "actor")].astext.label("actor"),
                func.coalesce(data[("data", "reason")].astext, data[("data", "shift", "handover_reason")].astext).label(
                    "reason"
                ),
                data[("data", "handed_over_to")].astext.label("handed_over_to"),
                data[("data", "shift")].label("shift"),
            ).where(event_log.c.event_id.in_(list(event_ids)))
        )
        return [
            EventKind(
                r.event_id,
                r.event_type,
                utc(r.event_time),
                seq=r.seq,
                actor=r.actor,
                reason=r.reason,
                handed_over_to=r.handed_over_to,
                shift=r.shift if isinstance(r.shift, Mapping) else None,
            )
            for r in rows
        ]

    async def shifts_as_published(self, shift_ids: Sequence[str]) -> dict[str, Mapping[str, Any]]:
        """Each of these shifts as its last publication carries it (a handover's new shift: who took over,
        from when)."""
        if not shift_ids:
            return {}
        data = cast(event_log.c.canonical, JSONB)
        rows = await self.session.execute(
            select(event_log.c.subject, data[("data", "shift")].label("shift"))
            .where(
                event_log.c.event_type == "lichtruc.roster.shift.published.v1",  # its index: no scan of the whole log
                event_log.c.subject.in_([f"shifts/{i}" for i in shift_ids]),
            )
            .order_by(event_log.c.seq)
        )
        found: dict[str, Mapping[str, Any]] = {}
        for r in rows:
            if isinstance(r.shift, Mapping):
                found[str(r.subject).removeprefix("shifts/")] = r.shift
        return found
