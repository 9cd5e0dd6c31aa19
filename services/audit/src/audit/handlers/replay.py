"""Record time: the roster "as known at" any moment, snapshots that keep that fast, and
the rebuild of every projection from the log.

"As known at R" is the log up to the last record received at or before R (record
times never go backwards along the log, so that is a prefix). The state there is
replayed in memory with the same `project` the consumer runs, starting from the
nearest snapshot (or a cached state) before it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from lichtruc.paging import PageRequest, Slice

from ..db.differences import Corrected
from ..db.log import EventLog
from ..db.memory import SNAPSHOT_FORMAT, MemoryStore
from ..db.snapshots import SnapshotInfo, Snapshots
from ..db.unit import Sessions, one_moment, reading, writing
from ..domain.errors import empty_log
from ..domain.model import state_differences, state_digest
from .context import Context
from .projector import Logged, Pending, decode_data, project, settle

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AsOf:
    """Which log prefix an answer is computed from: up to `seq`, received at `received_at`."""

    requested: datetime | None
    seq: int
    received_at: datetime | None


async def _apply(store: MemoryStore, logged: Logged, pending: Pending | None = None) -> None:
    try:
        data = decode_data(logged.event)
    except ValidationError as exc:  # the consumer never logs such an event; a changed contract might
        logger.warning("log record %s no longer matches the contract; not projected: %s", logged.seq, exc)
        data = None
    await project(store=store, logged=logged, data=data, pending=pending)
    store.seq = logged.seq


async def resolve(ctx: Context, record_time: datetime | None) -> AsOf:
    """The log prefix known at `record_time` (None: everything logged so far)."""
    async with ctx.read() as unit:
        if record_time is None:
            seq, received_at = await unit.log.tip()
        else:
            seq, received_at = await unit.log.seq_known_at(record_time)
    return AsOf(record_time, seq, received_at)


async def state_at(ctx: Context, seq: int) -> MemoryStore:
    """The roster read model after log record `seq` (entities and incidents, no coverage; treat it as read-only)."""
    cached = ctx.states.get(seq)
    if cached is not None:
        return cached
    async with ctx.replay_lock:  # one replay at a time: the next question likely reuses this one
        cached = ctx.states.get(seq)
        if cached is not None:
            return cached
        async with ctx.read() as unit:
            start = ctx.states.nearest_before(seq)
            snapshot = await _nearest_snapshot(unit.snapshots, seq, after=start.seq if start else 0)
            state = (
                snapshot if snapshot is not None else (start.copy() if start else MemoryStore(tracks_coverage=False))
            )
            async for read in unit.log.read(after=state.seq, upto=seq):
                await _apply(state, Logged(read.seq, read.received_at, read.event))
        state.seq = seq
        ctx.states.put(seq, state)
        return state


async def _nearest_snapshot(snapshots: Snapshots, seq: int, *, after: int) -> MemoryStore | None:
    blob = await snapshots.nearest(seq, after=after, fmt=SNAPSHOT_FORMAT)
    if blob is None:
        return None
    try:
        return MemoryStore.from_snapshot(blob)
    except ValueError as exc:
        logger.warning("ignoring an unreadable snapshot: %s", exc)
        return None


async def state_known_at(ctx: Context, record_time: datetime | None) -> tuple[MemoryStore, AsOf]:
    """The roster as known at `record_time` (None: now), and which log prefix that is."""
    as_of = await resolve(ctx, record_time)
    return await state_at(ctx, as_of.seq), as_of


# --------------------------------------------------------------------------- snapshots


async def take_snapshot(ctx: Context) -> SnapshotInfo:
    """Snapshot the roster state at the log's tip (idempotent for one tip)."""
    async with ctx.read() as unit:
        seq, received_at = await unit.log.tip()
    if seq == 0 or received_at is None:
        raise empty_log()
    state = await state_at(ctx, seq)
    blob = state.snapshot()
    async with ctx.write() as unit:
        await unit.snapshots.put(seq=seq, received_at=received_at, fmt=SNAPSHOT_FORMAT, blob=blob)
    return SnapshotInfo(seq, received_at, None, len(blob))


async def list_snapshots(*, ctx: Context, page: PageRequest) -> Slice[SnapshotInfo]:
    """Snapshots, newest first."""
    async with ctx.read() as unit:
        return await unit.snapshots.page(page)


async def snapshot_if_due(ctx: Context) -> SnapshotInfo | None:
    """Take a snapshot if the log has grown by `snapshot_every` records since the last one."""
    if not ctx.snapshot_every:
        return None
    async with ctx.read() as unit:
        seq, _ = await unit.log.tip()
        last = await unit.snapshots.last_seq(fmt=SNAPSHOT_FORMAT)  # an old format's is no use: re-take
    if seq - last < ctx.snapshot_every:
        return None
    return await take_snapshot(ctx)


QUIET_SECONDS = 0.5
LONGEST_WAIT_SECONDS = 30.0


async def run_snapshotter(ctx: Context, *, poll_seconds: float = 60.0) -> None:
    """Background loop: snapshot when the consumer rings (every `snapshot_every` records) or on
    the poll — once the consumer has been quiet for QUIET_SECONDS, or LONGEST_WAIT_SECONDS later.

    A snapshot replays the records since the last one and encodes the whole state, in the
    consumer's process: taken every 500 records while a backlog is applied, it took about a sixth
    of the process's CPU (cProfile of bench_audit_ingest: 0.44 of 2.8 s). Snapshots only speed up
    "as known at" answers, so during a catch-up one is taken every LONGEST_WAIT_SECONDS at most,
    and otherwise in the first pause."""
    while True:
        try:
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the task's cancellation.
            async with asyncio.timeout(poll_seconds):
                await ctx.snapshot_wakeup.wait()
        except TimeoutError:
            pass
        ctx.snapshot_wakeup.clear()
        await until_quiet(ctx)
        try:
            info = await snapshot_if_due(ctx)
            if info is not None:
                logger.info("snapshot of the projections at log seq %d (%d bytes)", info.seq, info.bytes)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("taking a snapshot failed")


async def until_quiet(
    ctx: Context,
    *,
    quiet: float = QUIET_SECONDS,
    longest: float = LONGEST_WAIT_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Return once nothing has been appended for `quiet` seconds, or after `longest` seconds."""
    deadline = clock() + longest
    while (now := clock()) < deadline:
        idle = now - ctx.last_append_at
        if idle >= quiet:
            return
        await sleep(min(quiet - idle, deadline - now))


# ----------------------------------------------------------------------------- rebuild


@dataclass
class RebuildReport:
    events: int
    seq: int
    digest: dict[str, tuple[int, str]]
    snapshots: int
    seconds: float
    written: bool
    differences: list[str] = field(default_factory=list)
    corrected: dict[str, Corrected] = field(default_factory=dict)
    """Written: what each projection table needed to match the log (only those that needed anything)."""
    snapshots_written: int = 0
    """Written: the snapshots not stored as they were taken."""


Progress = Callable[[int, int], None]
"""Told, after each record a rebuild replays, how many it has replayed and how many the log held
when it began (more may come meanwhile); the caller decides what to show and how often."""


async def replay_log(
    log: EventLog,
    *,
    snapshot_every: int = 0,
    store: MemoryStore | None = None,
    replayed: Callable[[int], None] | None = None,
) -> tuple[MemoryStore, int, list[tuple[int, datetime, bytes]]]:
    """Every projection, coverage and gaps included, derived from the whole log in memory;
    with a snapshot every `snapshot_every` records. Given the `store` of a replay so far, it goes
    on from the record after the last one that replay applied. `replayed(n)` is told after each
    record how many it has replayed.

    Coverage is settled where the consumer settled it (domain/live.py, "Settled per append"): once
    for the events of a transaction whose tree head says so, at its last record; after each event
    for the transactions before that rule. A log read to its end ends with a transaction (its
    records and its head commit together); if a head were missing, what is pending is settled at
    the end."""
    store = store if store is not None else MemoryStore(tracks_coverage=True)
    events = 0
    snapshots = []
    pending = Pending()
    async for read in log.read(after=store.seq, with_batches=True):
        logged = Logged(read.seq, read.received_at, read.event)
        if pending and not read.settled_per_batch:
            await settle(store=store, pending=pending)  # a transaction without its head: not seen
        await _apply(store, logged, pending if read.settled_per_batch else None)
        if pending and read.closes_batch:
            await settle(store=store, pending=pending)
        events += 1
        if replayed is not None:
            replayed(events)
        if snapshot_every and logged.seq % snapshot_every == 0:
            snapshots.append((logged.seq, logged.received_at, store.snapshot()))
    if pending:
        await settle(store=store, pending=pending)
    return store, events, snapshots


async def rebuild(
    sessions: Sessions, *, snapshot_every: int, check_only: bool = False, progress: Progress | None = None
) -> RebuildReport:
    """Derive every projection again from the log, and make the tables hold it, writing only the
    rows that differ (`check_only`: compare instead, change nothing, on one snapshot of the log and
    the projections, without holding the chain). Findings are evidence, not projections: untouched.
    The snapshots are re-taken; those stored as taken are not written again.

    In two passes, so that the consumer waits only for the second, and not at all for a check. The
    log as it stands is replayed first without holding the chain: its records never change, and an
    append only adds records after the last one committed (appends commit in seq order, under the
    chain), so every read sees a prefix of the log. Its rows are staged for the comparison
    (db/differences.py `Staging`). Then, the chain held, the records appended meanwhile are
    replayed and the tables corrected in the same transaction: nothing is appended half-way, and
    the projections written are those of the whole log as it is then. A check reads
    the records appended meanwhile and the projections on one snapshot instead, which the consumer's
    commits (log and projections together) leave consistent. `progress` follows the first pass."""
    began = time.perf_counter()
    async with reading(sessions) as unit:
        total, _ = await unit.log.tip()
        replayed = None if progress is None else (lambda n: progress(n, total))
        store, events, snapshots = await replay_log(unit.log, snapshot_every=snapshot_every, replayed=replayed)
    differences: list[str] = []
    corrected: dict[str, Corrected] = {}
    snapshots_written = 0
    if check_only:
        async with one_moment(sessions) as unit:  # the log and the projections as of one moment: no chain held
            store, later, more = await replay_log(unit.log, snapshot_every=snapshot_every, store=store)
            rebuilt = await store.export_state()
            differences = state_differences(rebuilt, await unit.store.export_state())
    else:
        async with writing(sessions) as unit:
            staged = await unit.store.stage(await store.export_state())  # the bulk of the rows, chain not held yet
            await unit.log.lock_chain()
            store, later, more = await replay_log(unit.log, snapshot_every=snapshot_every, store=store)
            rebuilt = await store.export_state()
            corrected = await unit.store.replace_changed(rebuilt, staged)
            snapshots_written = await unit.snapshots.replace_changed([*snapshots, *more], fmt=SNAPSHOT_FORMAT)
    events += later
    snapshots += more
    return RebuildReport(
        events=events,
        seq=store.seq,
        digest=state_digest(rebuilt),
        snapshots=len(snapshots),
        seconds=time.perf_counter() - began,
        written=not check_only,
        differences=differences,
        corrected=corrected,
        snapshots_written=snapshots_written,
    )


async def projection_digest(sessions: Sessions) -> tuple[int, dict[str, tuple[int, str]]]:
    """The live projections' digest and the seq they are at, read on one snapshot of the log and the
    projections (`one_moment`): consistent without holding the chain, so the consumer goes on meanwhile."""
    async with one_moment(sessions) as unit:
        seq, _ = await unit.log.tip()
        return seq, state_digest(await unit.store.export_state())
