"""The log's Merkle tree in PostgreSQL: each record's leaf, the hash of every perfect subtree
(written as leaves arrive, about two per leaf), and the signed tree heads. A proof reads
O(log n) stored hashes (see domain/merkle.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import HeldWrites

from ..domain.merkle import Grown, NodeRef, RangeHash, fold, from_nodes, frontier, grow, leaf_hash, ranges_needed
from ..domain.model import utc
from .copy import copy_rows
from .tables import event_log, log_leaves, merkle_nodes, tree_heads

_ADD_HEAD = (
    "INSERT INTO tree_heads (tree_size, root_hash, signed_at, signature, coverage_per_batch) "
    "VALUES ($1::bigint, $2::bytea, $3::timestamptz, $4::bytea, $5::boolean)"
)


@dataclass(frozen=True, slots=True)
class TreeHead:
    """The tree of the first `tree_size` leaves, its root, when it was signed, and the signature
    over `domain.merkle.tree_head_bytes(tree_size, root_hash, signed_at in ms)`."""

    tree_size: int
    root_hash: bytes
    signed_at: datetime
    signature: bytes


@dataclass(frozen=True, slots=True)
class Leaf:
    """One record's place in the tree."""

    index: int
    seq: int
    hash: bytes


class LogTree:
    """The tree, in the caller's transaction (it never commits). Writes only under the chain
    lock (`EventLog.lock_chain`), which `EventLog.append` holds."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.held: HeldWrites | None = None
        """Where `add_head` leaves its insert instead of sending it (the unit's, when it holds writes)."""

    async def size(self) -> int:
        """How many leaves the tree has."""
        last = await self.session.scalar(select(func.max(log_leaves.c.leaf_index)))
        return 0 if last is None else int(last) + 1

    async def nodes(self, refs: Sequence[NodeRef]) -> dict[NodeRef, bytes]:
        if not refs:
            return {}
        n = merkle_nodes.c
        rows = await self.session.execute(
            select(n.level, n.idx, n.hash).where(tuple_(n.level, n.idx).in_([tuple(r) for r in refs]))
        )
        return {(r.level, r.idx): bytes(r.hash) for r in rows}

    async def grown_by(self, size: int, canonicals: Sequence[bytes]) -> Grown:
        """What appending the records (canonical bytes, in order) to the tree of `size` leaves
        adds, read from its frontier and not written."""
        return self.grown_from(size, await self.nodes(frontier(size)), canonicals)

    @staticmethod
    def grown_from(size: int, edge: dict[NodeRef, bytes], canonicals: Sequence[bytes]) -> Grown:
        """`grown_by`, the frontier's hashes given (read with the log's state, log.py `_STATE`):
        a frontier node missing from `edge` raises KeyError. The caller writes what it adds."""
        return grow(size, [edge[r] for r in frontier(size)], [leaf_hash(canonical) for canonical in canonicals])

    async def add(self, records: Sequence[tuple[int, bytes]]) -> Grown:
        """Append the records (seq, canonical bytes), in order, as the next leaves (each table
        filled with one COPY, db/copy.py)."""
        size = await self.size()
        grown = await self.grown_by(size, [canonical for _, canonical in records])
        await copy_rows(
            self.session, log_leaves, ("leaf_index", "seq"), [(size + i, seq) for i, (seq, _) in enumerate(records)]
        )
        await copy_rows(self.session, merkle_nodes, ("level", "idx", "hash"), grown.nodes)
        return grown

    async def root(self, size: int) -> bytes:
        """The root of the tree of the first `size` leaves (O(log n) reads)."""
        refs = frontier(size)
        found = await self.nodes(refs)
        return fold([found[r] for r in refs])

    async def hasher(self, prove: Callable[[RangeHash], object]) -> RangeHash:
        """A `RangeHash` holding exactly the stored subtrees `prove` needs (read at once)."""
        return from_nodes(await self.nodes(ranges_needed(prove)))

    async def leaf_of(self, event_id: uuid.UUID) -> Leaf | None:
        """The leaf of the logged event `event_id` (None if it is not in the log)."""
        row = (
            await self.session.execute(
                select(log_leaves.c.leaf_index, log_leaves.c.seq, merkle_nodes.c.hash)
                .join(event_log, event_log.c.seq == log_leaves.c.seq)
                .join(merkle_nodes, (merkle_nodes.c.level == 0) & (merkle_nodes.c.idx == log_leaves.c.leaf_index))
                .where(event_log.c.event_id == event_id)
            )
        ).first()
        return None if row is None else Leaf(int(row.leaf_index), int(row.seq), bytes(row.hash))

    async def add_head(self, head: TreeHead, *, per_batch: bool) -> None:
        """Record a signed head (left in `held` when set, to go with the transaction's other writes);
        `per_batch`: the records since the previous head had their coverage settled once, together
        (domain/live.py, "Settled per append"), not after each of them."""
        args = (head.tree_size, head.root_hash, head.signed_at, head.signature, per_batch)
        if self.held is not None:
            self.held.add(_ADD_HEAD, args)
        else:
            connection = await self.session.connection()
            await connection.exec_driver_sql(_ADD_HEAD, args)

    async def head(self, size: int | None = None) -> TreeHead | None:
        """The head signed for `size` leaves, or the latest (None if there is none)."""
        h = tree_heads.c
        stmt = select(tree_heads)
        stmt = stmt.where(h.tree_size == size) if size is not None else stmt.order_by(h.tree_size.desc()).limit(1)
        row = (await self.session.execute(stmt)).first()
        if row is None:
            return None
        return TreeHead(int(row.tree_size), bytes(row.root_hash), utc(row.signed_at), bytes(row.signature))
