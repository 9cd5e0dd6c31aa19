"""A second, deliberately separate Merkle verifier for the tests (RFC 9162 §2.1), written
from the definitions of MTH, PATH and PROOF rather than from the bit-level verification
algorithms audit's `domain/merkle.py` uses: it rebuilds the roots by walking the same
recursive split (k = the largest power of two < n) and consumes the proof from its top.
It never imports audit's code, so that a mistake made twice would have to be made twice
differently."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over the leaves' data (not their hashes)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaf(leaves[0])
    k = _k(len(leaves))
    return node(mth(leaves[:k]), mth(leaves[k:]))


def _k(n: int) -> int:
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


class _Bad(Exception):
    pass


def inclusion_ok(leaf_hash: bytes, index: int, size: int, path: Sequence[bytes], root: bytes) -> bool:
    """Does the audit path lead from leaf `index` (hash `leaf_hash`) to `root` of `size` leaves?"""

    def climb(m: int, n: int, rest: list[bytes]) -> bytes:
        if n == 1:
            if rest:
                raise _Bad
            return leaf_hash
        if not rest:
            raise _Bad
        sibling, below = rest[-1], rest[:-1]
        k = _k(n)
        if m < k:
            return node(climb(m, k, below), sibling)
        return node(sibling, climb(m - k, n - k, below))

    if not 0 <= index < size:
        return False
    try:
        return climb(index, size, list(path)) == root
    except _Bad:
        return False


def consistency_ok(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """Does `proof` show that the first `old` leaves of the tree (`new`, `new_root`) have `old_root`?"""
    if not 0 <= old <= new:
        return False
    if old == 0:
        return not proof
    if old == new:
        return not proof and old_root == new_root

    def sub(m: int, n: int, rest: list[bytes], whole: bool) -> tuple[bytes, bytes]:
        """(root of the old part, root of the whole) of a subtree of n leaves, m of them old."""
        if m == n:
            if whole:
                if rest:
                    raise _Bad
                return old_root, old_root
            if len(rest) != 1:
                raise _Bad
            return rest[0], rest[0]
        if not rest:
            raise _Bad
        sibling, below = rest[-1], rest[:-1]
        k = _k(n)
        if m <= k:
            old_part, whole_part = sub(m, k, below, whole)
            return old_part, node(whole_part, sibling)
        old_part, whole_part = sub(m - k, n - k, below, False)
        return node(sibling, old_part), node(sibling, whole_part)

    try:
        got_old, got_new = sub(old, new, list(proof), True)
    except _Bad:
        return False
    return got_old == old_root and got_new == new_root
