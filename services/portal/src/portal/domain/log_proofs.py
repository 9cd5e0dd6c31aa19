"""Checking audit's log for an inspector without taking audit's word for it: the proofs audit
serves are verified here, in the portal, with RFC 9162's algorithms (`lichtruc.transparency`), and
every tree head a verdict rests on is checked against audit's public key. Pure: audit's answers
in, a verdict out.

* **A tree head the inspector kept** — its size and root hash, copied from the log page on an
  earlier visit (or from audit's `GET /log/tree-head`) — is held against the latest signed head.
  The kept tree must be a prefix of the latest one, which audit's consistency proof shows in
  O(log n) hashes: if it holds, none of the records the inspector saw then was changed, removed
  or re-ordered since. A kept head larger than the latest means the log lost records (or the head
  is not this log's).
* **An event** is held against the latest signed head by its inclusion proof. The leaf is
  recomputed here from the record audit shows (its event's canonical bytes), not taken from the
  proof, so the record on the screen is the one the signed tree covers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from lichtruc.transparency import canonical_bytes, head_signed, leaf_hash, verify_consistency, verify_inclusion

from .dates import parse_instant
from .sequence_gaps import AGGREGATE_TYPES  # audit's aggregate types, each named in messages log.aggregate.*

_HEX64 = re.compile(r"[0-9a-f]{64}")


def aggregate_of(event_type: str) -> str:
    """What a logged event changed, for words when audit has no description of it (an event not keyed
    by an enterprise): "lichtruc.roster.shift.planned.v1" → "shift"; "other" for anything else."""
    parts = event_type.split(".")
    return parts[2] if len(parts) == 5 and parts[2] in AGGREGATE_TYPES else "other"


def parse_root(text: str) -> bytes | None:
    """A root hash as an inspector may paste it (hex, any case, spaces or colons between); None
    when it is not 32 bytes of hex."""
    cleaned = re.sub(r"[\s:]", "", text).lower()
    return bytes.fromhex(cleaned) if _HEX64.fullmatch(cleaned) else None


@dataclass(frozen=True)
class SignedHead:
    """A signed tree head as audit serves it (`TreeHeadOut`)."""

    size: int
    root: bytes
    timestamp_ms: int
    signed_at: datetime
    signature: bytes

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> SignedHead:
        return cls(
            size=int(body["tree_size"]),
            root=bytes.fromhex(str(body["root_hash"])),
            timestamp_ms=int(body["timestamp"]),
            signed_at=parse_instant(str(body["signed_at"])),
            signature=bytes.fromhex(str(body["signature"])),
        )

    def signed_by(self, public_pem: str) -> bool:
        return head_signed(
            public_pem, size=self.size, root=self.root, timestamp_ms=self.timestamp_ms, signature=self.signature
        )


KeptVerdict = Literal["kept", "rewritten", "shrunk", "unsigned"]
"""kept: the kept tree is a prefix of the latest signed one; rewritten: it is not (a record it
covers was changed, removed or re-ordered, or the root was copied wrong); shrunk: the kept head
covers more records than the latest (records were lost, or it is another log's head); unsigned:
the latest head's signature does not verify with audit's public key (nothing can be concluded)."""


@dataclass(frozen=True)
class KeptCheck:
    size: int
    root: bytes
    latest: SignedHead
    verdict: KeptVerdict


def check_kept_head(
    size: int, root: bytes, *, latest: SignedHead, proof: Mapping[str, Any] | None, public_pem: str
) -> KeptCheck:
    """The kept head (`size`, `root`) against the `latest` signed head, with audit's consistency
    proof from `size` to the latest (`ConsistencyProofOut`; None when the kept head is larger)."""

    def verdict(v: KeptVerdict) -> KeptCheck:
        return KeptCheck(size, root, latest, v)

    if not latest.signed_by(public_pem):
        return verdict("unsigned")
    if size > latest.size:
        return verdict("shrunk")
    if proof is None or int(proof["to_size"]) != latest.size or bytes.fromhex(str(proof["to_root"])) != latest.root:
        return verdict("rewritten")  # a proof for another tree proves nothing about this one
    hashes = [bytes.fromhex(str(h)) for h in proof["proof"]]
    return verdict("kept" if verify_consistency(size, latest.size, root, latest.root, hashes) else "rewritten")


InclusionVerdict = Literal["included", "not_included", "unsigned"]
"""included: the record's event is leaf `seq - 1` of the latest signed tree; not_included: the
proof does not lead from the record to the signed root (the record shown was changed after it
was logged, or the proof is wrong); unsigned: the head's signature does not verify."""


@dataclass(frozen=True)
class InclusionCheck:
    event_id: str
    seq: int
    event_type: str
    received_at: datetime
    head: SignedHead
    verdict: InclusionVerdict

    @property
    def aggregate(self) -> str:
        """What the event changed, for its words (`aggregate_of`)."""
        return aggregate_of(self.event_type)


def check_inclusion(record: Mapping[str, Any], proof: Mapping[str, Any], *, public_pem: str) -> InclusionCheck:
    """A log record (`LogRecord`: its event as stored) against audit's inclusion proof of it in
    the latest signed tree (`InclusionProofOut`)."""
    head = SignedHead.from_api(proof["tree_head"])
    seq = int(record["seq"])

    def verdict(v: InclusionVerdict) -> InclusionCheck:
        received = parse_instant(str(record["received_at"]))
        return InclusionCheck(str(record["event_id"]), seq, str(record["event_type"]), received, head, v)

    if not head.signed_by(public_pem):
        return verdict("unsigned")
    leaf = leaf_hash(canonical_bytes(dict(record["event"])))
    path = [bytes.fromhex(str(h)) for h in proof["audit_path"]]
    index = int(proof["leaf_index"])
    holds = index == seq - 1 and verify_inclusion(leaf, index, head.size, path, head.root)
    return verdict("included" if holds else "not_included")
