"""The event log as a Merkle tree, in the manner of Certificate Transparency (RFC 9162 §2.1):
pure functions, no I/O.

* Leaf ``i`` is the canonical bytes of the event with ``seq = i + 1``;
  leaf hash = SHA-256(0x00 || bytes), node hash = SHA-256(0x01 || left || right),
  the empty tree's root = SHA-256("").
* The tree is stored as its *perfect subtrees*: ``(level, index)`` is the root of the
  2^level leaves starting at leaf ``index * 2^level``. Every range a proof needs is a run
  of such subtrees, so a proof costs O(log n) stored hashes, never a pass over the log.
  The proof algorithms below are written over a ``RangeHash`` (the root of leaves [a, b));
  `ranges_needed` runs them once to learn which subtrees to read, `from_nodes` hashes the
  ranges from what was read.
* A signed tree head signs `tree_head_bytes` (documented there) with Ed25519.
* The hashes, the proofs' verification (RFC 9162 §2.1.3.2, §2.1.4.2) and `tree_head_bytes` are
  `lichtruc.transparency`'s, shared with the portal, which checks proofs for inspectors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# The hashes, the proofs' verification and the signed bytes are shared with whoever checks the log
# outside audit (the portal, for an inspector): one definition of each.
from lichtruc.transparency import EMPTY_ROOT as EMPTY_ROOT
from lichtruc.transparency import leaf_hash as leaf_hash
from lichtruc.transparency import node_hash as node_hash
from lichtruc.transparency import tree_head_bytes as tree_head_bytes
from lichtruc.transparency import verify_consistency as verify_consistency
from lichtruc.transparency import verify_inclusion as verify_inclusion

NodeRef = tuple[int, int]
"""(level, index): the perfect subtree over leaves [index * 2^level, (index + 1) * 2^level)."""

RangeHash = Callable[[int, int], bytes]
"""The root hash of the leaves [a, b) (a < b)."""


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over these leaf hashes (RFC 9162 §2.1.1), from scratch: O(n)."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = _split(n)
    return node_hash(root_of(leaf_hashes[:k]), root_of(leaf_hashes[k:]))


def perfect_subtrees(a: int, b: int) -> list[NodeRef]:
    """The perfect subtrees that make up the leaves [a, b), left to right, for the ranges a
    Merkle tree is split into (a a multiple of a power of two at least b - a; in particular
    every [0, n)). The range's root is `fold` of their hashes."""
    refs: list[NodeRef] = []
    while a < b:
        level = (b - a).bit_length() - 1
        while a % (1 << level):
            level -= 1
        refs.append((level, a >> level))
        a += 1 << level
    return refs


def fold(hashes: Sequence[bytes]) -> bytes:
    """The root over perfect subtrees of decreasing size, left to right (the right ones first)."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def from_nodes(nodes: Mapping[NodeRef, bytes]) -> RangeHash:
    """A `RangeHash` over stored perfect subtrees (KeyError if one needed was not given)."""

    def mth(a: int, b: int) -> bytes:
        return fold([nodes[r] for r in perfect_subtrees(a, b)])

    return mth


def from_leaves(leaf_hashes: Sequence[bytes]) -> RangeHash:
    """A `RangeHash` over all the leaf hashes (for tests and the full check)."""
    return lambda a, b: root_of(leaf_hashes[a:b])


def ranges_needed(prove: Callable[[RangeHash], object]) -> list[NodeRef]:
    """The stored subtrees a proof reads: `prove` is run once with a recording `RangeHash`."""
    wanted: list[NodeRef] = []

    def record(a: int, b: int) -> bytes:
        wanted.extend(perfect_subtrees(a, b))
        return EMPTY_ROOT

    prove(record)
    return list(dict.fromkeys(wanted))


# --- proofs (RFC 9162 §2.1.3.1 and §2.1.4.1) -------------------------------------------------


def inclusion_path(index: int, size: int, mth: RangeHash) -> list[bytes]:
    """PATH(index, D[0:size]): the audit path of leaf `index` in the tree of `size` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size} leaves")

    def path(m: int, lo: int, hi: int) -> list[bytes]:
        n = hi - lo
        if n == 1:
            return []
        k = _split(n)
        if m < k:
            return [*path(m, lo, lo + k), mth(lo + k, hi)]
        return [*path(m - k, lo + k, hi), mth(lo, lo + k)]

    return path(index, 0, size)


def consistency_proof(old: int, new: int, mth: RangeHash) -> list[bytes]:
    """PROOF(old, D[0:new]): that the tree of `old` leaves is a prefix of the tree of `new`."""
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from {old} to {new} leaves")
    if old == 0 or old == new:
        return []

    def subproof(m: int, lo: int, hi: int, whole: bool) -> list[bytes]:
        n = hi - lo
        if m == n:
            return [] if whole else [mth(lo, hi)]
        k = _split(n)
        if m <= k:
            return [*subproof(m, lo, lo + k, whole), mth(lo + k, hi)]
        return [*subproof(m - k, lo + k, hi, False), mth(lo, lo + k)]

    return subproof(old, 0, new, True)


# --- growing the stored tree ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grown:
    """What appending leaves adds: the new perfect subtrees (leaves included) and the new root."""

    nodes: list[tuple[int, int, bytes]]
    size: int
    root: bytes


def frontier(size: int) -> list[NodeRef]:
    """The perfect subtrees of the tree of `size` leaves (its right edge), left to right."""
    return perfect_subtrees(0, size)


def grow(size: int, edge: Sequence[bytes], new_leaves: Iterable[bytes]) -> Grown:
    """Append the leaf hashes `new_leaves` to the tree of `size` leaves whose `frontier` hashes
    are `edge`: every perfect subtree completed on the way (about two per leaf), and the root."""
    refs = frontier(size)
    if len(refs) != len(edge):
        raise ValueError(f"a tree of {size} leaves has {len(refs)} frontier nodes, not {len(edge)}")
    stack: list[tuple[int, int, bytes]] = [(lvl, idx, h) for (lvl, idx), h in zip(refs, edge, strict=True)]
    made: list[tuple[int, int, bytes]] = []
    for leaf in new_leaves:
        node = (0, size, leaf)
        made.append(node)
        size += 1
        while stack and stack[-1][0] == node[0]:
            level, index, left = stack.pop()
            node = (level + 1, index >> 1, node_hash(left, node[2]))
            made.append(node)
        stack.append(node)
    return Grown(made, size, fold([h for _, _, h in stack]))


# --- signed tree heads ------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_ms(instant: datetime) -> int:
    """Whole milliseconds since 1970-01-01 UTC (exact: no float on the way)."""
    return (instant - _EPOCH) // timedelta(milliseconds=1)
