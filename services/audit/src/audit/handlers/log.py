"""The event log as the inspectors read it: pages of records, one record, the chain and the
Merkle tree verified (with the roster events known to be missing from it); the signed tree
heads, and proofs of inclusion and consistency against them."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from lichtruc.paging import PageRequest, Slice

from ..db.log import LogEntry, LogFilter
from ..db.queries import SequenceGapFilter
from ..db.tree import TreeHead
from ..db.unit import Unit
from ..domain import merkle
from ..domain.chain import BrokenLink, verify
from ..domain.errors import (
    event_after_tree,
    event_not_in_log,
    log_record_not_found,
    no_tree_head,
    sizes_out_of_order,
    tree_head_not_found,
    tree_size_beyond_log,
)
from ..domain.model import utc
from ..signing import LogKey
from .context import Context
from .inspect import NamedSequenceGap, name_sequence_gaps

log = logging.getLogger(__name__)


async def list_log(*, ctx: Context, f: LogFilter, page: PageRequest) -> Slice[LogEntry]:
    """Log records matching `f`, oldest first (keyset on seq; no total)."""
    async with ctx.read() as unit:
        return await unit.log.page(f, page)


async def record(*, ctx: Context, seq: int) -> LogEntry:
    """One log record; `NotFound` if the log has no record `seq`."""
    async with ctx.read() as unit:
        found = await unit.log.record(seq)
    if found is None:
        raise log_record_not_found(seq)
    return found


@dataclass(frozen=True, slots=True)
class LogVerdict:
    """The chain re-computed, and the roster events known to be missing from the log."""

    records_checked: int
    broken: BrokenLink | None
    open_sequence_gaps: int
    sequence_gaps: list[NamedSequenceGap]
    tree_head: TreeHead | None = None
    """The latest signed tree head (None if none was signed yet)."""
    tree_ok: bool = True
    """The Merkle root re-computed from every record matches the latest head's (and its signature)."""


async def verify_log(*, ctx: Context, gaps_shown: int) -> LogVerdict:
    """Re-compute the hash chain; report the first broken link, and the first `gaps_shown`
    open sequence gaps with how many are open. Re-compute the Merkle root of the records the
    latest tree head covers, from the records themselves, and compare it with that head."""
    async with ctx.read() as unit:
        head = await unit.tree.head()
        links = await unit.log.links()
        holes = await unit.reads.sequence_gap_page(SequenceGapFilter(status="open"), PageRequest(limit=gaps_shown))
        named = await name_sequence_gaps(unit, holes.items)
    checked, broken = verify(links)
    tree_ok = True
    if head is not None:
        leaves = [merkle.leaf_hash(link.canonical) for link in links[: head.tree_size]]
        tree_ok = (
            len(leaves) == head.tree_size
            and merkle.root_of(leaves) == head.root_hash
            and ctx.log_key.verifies(head_bytes(head), head.signature)
        )
    return LogVerdict(checked, broken, holes.total or 0, named, head, tree_ok)


# --- the Merkle tree: signed heads and proofs -------------------------------------------------


def head_bytes(head: TreeHead) -> bytes:
    """What the head's signature covers (domain.merkle.tree_head_bytes)."""
    return merkle.tree_head_bytes(head.tree_size, head.root_hash, merkle.epoch_ms(head.signed_at))


async def sign_head(
    unit: Unit, *, key: LogKey, at: datetime, grown: merkle.Grown | None = None, per_batch: bool = True
) -> TreeHead:
    """Sign and record the head of the tree as it is now (once per append transaction, after
    its appends, the chain held). `at` is the time of its last record; the head's time never
    goes backwards along the log, and is kept to the millisecond it is signed with. `grown`
    (what the transaction's last `append_many` left) spares reading the size, the root and the
    latest head back. `per_batch`: the transaction settled its records' coverage once (the
    consumer's, always); recorded with the head for the rebuild."""
    size = grown.size if grown is not None else await unit.tree.size()
    latest = unit.log.latest_head if grown is not None else await unit.tree.head()
    at = utc(at).replace(microsecond=(utc(at).microsecond // 1000) * 1000)
    if latest is not None and latest.signed_at > at:
        at = latest.signed_at
    if latest is not None and latest.tree_size == size:
        return latest
    root = grown.root if grown is not None else await unit.tree.root(size)
    unsigned = TreeHead(size, root, at, b"")
    head = TreeHead(size, root, at, key.sign(head_bytes(unsigned)))
    await unit.tree.add_head(head, per_batch=per_batch)
    return head


async def sign_pending_head(*, ctx: Context) -> None:
    """At start-up: sign the head of the tree if none covers it yet (a log placed in its tree
    by migration 0006, or an empty one). If the database is away, the next append signs it."""
    try:
        async with ctx.write() as unit:
            await unit.log.lock_chain()
            _, last_record = await unit.log.tip()
            # Records no head covers were appended before heads were signed, by code that settled
            # coverage after each event: the rebuild must settle them so.
            await sign_head(unit, key=ctx.log_key, at=last_record or ctx.clock(), per_batch=False)
    except Exception:
        log.warning("could not sign the log's pending tree head at start-up", exc_info=True)


async def tree_head(*, ctx: Context, size: int | None = None) -> TreeHead:
    """The latest signed tree head, or the one signed for `size` records."""
    async with ctx.read() as unit:
        latest = await unit.tree.head()
        wanted = latest if size is None or latest is None or size == latest.tree_size else await unit.tree.head(size)
    return _checked_head(latest, wanted, size)


def _checked_head(latest: TreeHead | None, wanted: TreeHead | None, size: int | None) -> TreeHead:
    if latest is None:
        raise no_tree_head()
    if size is not None and size > latest.tree_size:
        raise tree_size_beyond_log(size, latest.tree_size)
    if wanted is None:
        raise tree_head_not_found(size or 0)
    return wanted


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """That the event is leaf `leaf_index` of the tree of the signed `head`."""

    event_id: uuid.UUID
    seq: int
    leaf_index: int
    leaf_hash: bytes
    path: list[bytes]
    head: TreeHead


async def inclusion_proof(*, ctx: Context, event_id: uuid.UUID, tree_size: int | None = None) -> InclusionProof:
    """The audit path of the logged event `event_id` in the signed tree of `tree_size` records
    (the latest if None): O(log n) stored hashes read."""
    async with ctx.read() as unit:
        latest = await unit.tree.head()
        wanted = latest if tree_size is None or latest is None else await unit.tree.head(tree_size)
        head = _checked_head(latest, wanted, tree_size)
        leaf = await unit.tree.leaf_of(event_id)
        if leaf is None:
            raise event_not_in_log()
        if leaf.index >= head.tree_size:
            raise event_after_tree(leaf.seq, head.tree_size)

        def prove(mth: merkle.RangeHash) -> list[bytes]:
            return merkle.inclusion_path(leaf.index, head.tree_size, mth)

        mth = await unit.tree.hasher(prove)
    return InclusionProof(event_id, leaf.seq, leaf.index, leaf.hash, prove(mth), head)


@dataclass(frozen=True, slots=True)
class ConsistencyProof:
    """That the tree of `first` records (root `first_root`) is a prefix of the signed `head`'s."""

    first: int
    first_root: bytes
    proof: list[bytes]
    head: TreeHead


async def consistency_proof(*, ctx: Context, first: int, second: int | None = None) -> ConsistencyProof:
    """The proof that the log's first `first` records are still the first records of the signed
    tree of `second` (the latest if None): nothing before was rewritten, removed or re-ordered."""
    async with ctx.read() as unit:
        latest = await unit.tree.head()
        wanted = latest if second is None or latest is None else await unit.tree.head(second)
        head = _checked_head(latest, wanted, second)
        if first > head.tree_size:
            raise sizes_out_of_order(first, head.tree_size)

        def prove(mth: merkle.RangeHash) -> list[bytes]:
            return merkle.consistency_proof(first, head.tree_size, mth)

        mth = await unit.tree.hasher(lambda h: (prove(h), h(0, first) if first else b""))
        first_root = mth(0, first) if first else merkle.EMPTY_ROOT
    return ConsistencyProof(first, first_root, prove(mth), head)
