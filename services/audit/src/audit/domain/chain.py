"""The hash chain of audit's event log (pure functions).

Each record's hash covers the previous record's hash and the canonical bytes of the
event, so changing, removing or re-ordering any stored event breaks every later link.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from lichtruc.transparency import canonical_bytes as canonical_bytes  # the bytes every checker hashes

GENESIS = "0" * 64


def link_hash(previous_hash: str, canonical: bytes) -> str:
    """The hash of one record given the previous record's hash (hex SHA-256)."""
    return hashlib.sha256(bytes.fromhex(previous_hash) + canonical).hexdigest()


@dataclass(frozen=True)
class StoredLink:
    seq: int
    prev_hash: str
    hash: str
    canonical: bytes


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str


def verify(links: Iterable[StoredLink], *, start_hash: str = GENESIS) -> tuple[int, BrokenLink | None]:
    """Re-compute the chain in sequence order; returns (records checked, first broken link or None)."""
    expected_prev = start_hash
    checked = 0
    for link in links:
        if link.prev_hash != expected_prev:
            return checked, BrokenLink(
                link.seq,
                "prev_hash does not match the previous record's hash (a record was removed, inserted or re-ordered)",
            )
        if link_hash(link.prev_hash, link.canonical) != link.hash:
            return checked, BrokenLink(link.seq, "hash does not match the stored event (the event was altered)")
        expected_prev = link.hash
        checked += 1
    return checked, None
