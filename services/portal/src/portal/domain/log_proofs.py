"""Checking audit's log for an inspector without taking audit's word for it: the proofs audit
serves are verified here, in the portal, with RFC 9162's algorithms (`lichtruc.transparency`), and
every tree head a verdict rests on is checked against audit's public key. Pure: audit's answers
in, a verdict out.

* **A tree head the inspector kept** — its size and root hash, copied from the log page on an
  earlier visit (or from audit's `GET /log/tree-head`) — is held against the latest signed head.
  The kept tree must be a prefix of the latest one, which audit's consistency proof shows in
  O(log n) hashes: if it holds, none of the records the inspector saw then was changed, removed
  or re-ordered since. A kept head larger than the latest means the log lost records (or the head
  is not this log's). It may also come as the file the portal gave to keep (`head_file`, or the
  proof file's `tree_head`): read by `parse_head_file`, and believed only once its own signature
  verifies with audit's public key — a file is easily edited, a typed code is only mistyped.
* **An event** is held against the latest signed head by its inclusion proof. The leaf is
  recomputed here from the record audit shows (its event's canonical bytes), not taken from the
  proof, so the record on the screen is the one the signed tree covers. It is asked for by its
  event id or by its record number ("bản ghi số 567", as the pages cite records), and the proof is
  kept as a file (`proof_file`) that any RFC 9162 verifier can check offline, without the portal.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from cryptography.hazmat.primitives import serialization

from lichtruc.transparency import (
    TREE_HEAD_CONTEXT,
    canonical_bytes,
    head_signed,
    leaf_hash,
    tree_head_bytes,
    verify_consistency,
    verify_inclusion,
)

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


# a record number as written in either language: "1641", or grouped by thousands ("1.641" in Vietnamese, "1,641")
_RECORD_NO = re.compile(
    r"(?:(?:bản ghi|record)\s*)?(?:(?:số|no\.?|number)\s*)?#?\s*(\d{1,3}(?:[.,]\d{3})+|\d{1,18})\.?", re.IGNORECASE
)


@dataclass(frozen=True)
class EventRef:
    """An event as an inspector names it: by its id (a UUID, from a "Proof in the log" link) or by its
    record number in the log (`seq`, as the pages cite it: "bản ghi số 567")."""

    event_id: str = ""
    seq: int = 0


def parse_event_ref(text: str) -> EventRef | None:
    """An event id or a record number as typed ("567", "số 567", "bản ghi số 567", "record no. 567",
    "#567", "1.641" or "1,641"); None when it is neither."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    try:
        return EventRef(event_id=str(uuid.UUID(cleaned)))
    except ValueError:
        pass
    number = _RECORD_NO.fullmatch(cleaned)
    seq = int(re.sub(r"[.,]", "", number.group(1))) if number else 0
    return EventRef(seq=seq) if 0 < seq < 10**18 else None


def key_id(public_pem: str) -> str:
    """The log key's id as RFC 6962 §3.2 names a log: SHA-256 of its public key (DER SubjectPublicKeyInfo),
    hex; "" when the text is no public key."""
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
    except ValueError:
        return ""
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


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


MAX_HEAD_FILE_BYTES = 64 * 1024
"""A checkpoint file is under 2 KB (the proof file a few KB): anything far larger is some other file."""

HEAD_FILE_FIELDS = ("tree_size", "root_hash", "timestamp", "signature")
"""The fields of a kept file's `tree_head` that the check reads: all its signature covers, and the signature.
`signed_at` and `signed_bytes` are not read: they are derived from these, and not signed themselves."""


@dataclass(frozen=True)
class HeadFileRefusal:
    """Why a chosen file is no checkpoint to check: `reason` one of "empty", "too_big", "not_json", "field"
    (`field` then names the field of `tree_head` that is missing or not in its form)."""

    reason: Literal["empty", "too_big", "not_json", "field"]
    field: str = ""


_LIMITS = {"tree_size": 2**63, "timestamp": 253_402_300_800_000}  # the year 10000, in ms: past it no date is written


def _head_field(head: Mapping[str, Any], name: str) -> int | bytes | None:
    """One field of a kept `tree_head` in its form (None when missing or not in it): sizes and times as whole
    numbers (not true/false, not text), hashes and signatures as hex."""
    value = head.get(name)
    if name in ("tree_size", "timestamp"):
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return value if (1 if name == "tree_size" else 0) <= value < _LIMITS[name] else None
    if not isinstance(value, str):
        return None
    if name == "root_hash":
        return parse_root(value)
    try:
        return bytes.fromhex(value) if value else None
    except ValueError:
        return None


def parse_head_file(data: bytes) -> SignedHead | HeadFileRefusal:
    """The signed tree head a kept file holds: the checkpoint file (`head_file`) or the proof file (`proof_file`),
    whose `tree_head` is the same, or audit's own `GET /log/tree-head` answer saved as it came. Its signature is
    NOT checked here (`SignedHead.signed_by`, with audit's key, must be before anything is concluded from it); when
    it was signed is read from its signed `timestamp`, not from the file's unsigned `signed_at`."""
    if len(data) > MAX_HEAD_FILE_BYTES:  # first: only the start of a large file is read
        return HeadFileRefusal("too_big")
    if not data.strip():
        return HeadFileRefusal("empty")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return HeadFileRefusal("not_json")
    if not isinstance(document, dict):
        return HeadFileRefusal("field", "tree_head")
    head = document.get("tree_head", document if "tree_size" in document else None)
    if not isinstance(head, dict):
        return HeadFileRefusal("field", "tree_head")
    values: dict[str, Any] = {}
    for name in HEAD_FILE_FIELDS:
        value = _head_field(head, name)
        if value is None:
            return HeadFileRefusal("field", name)
        values[name] = value
    return SignedHead(
        size=values["tree_size"],
        root=values["root_hash"],
        timestamp_ms=values["timestamp"],
        signed_at=datetime.fromtimestamp(values["timestamp"] / 1000, UTC),
        signature=values["signature"],
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
    leaf: bytes = b""
    """The leaf hash recomputed from the record as shown (SHA-256 of 0x00 and its event's canonical bytes)."""
    key_id: str = ""
    """The id of the key the head is signed with (`key_id`)."""
    path: tuple[str, ...] = ()
    """The audit path (hex), from the leaf up."""
    record_text: str = ""
    """The record's canonical bytes (the leaf's data) as UTF-8 text: printed, the paper holds what was hashed."""
    public_pem: str = ""
    """The log's public key (PEM) the head's signature was checked with: printed, the paper holds it too."""

    @property
    def signed_bytes(self) -> bytes:
        """The bytes the head's signature covers (`tree_head_bytes`: context, timestamp, size, root)."""
        return tree_head_bytes(self.head.size, self.head.root, self.head.timestamp_ms)

    @property
    def aggregate(self) -> str:
        """What the event changed, for its words (`aggregate_of`)."""
        return aggregate_of(self.event_type)


def check_inclusion(record: Mapping[str, Any], proof: Mapping[str, Any], *, public_pem: str) -> InclusionCheck:
    """A log record (`LogRecord`: its event as stored) against audit's inclusion proof of it in
    the latest signed tree (`InclusionProofOut`)."""
    head = SignedHead.from_api(proof["tree_head"])
    seq = int(record["seq"])
    data = canonical_bytes(dict(record["event"]))
    leaf = leaf_hash(data)

    def verdict(v: InclusionVerdict) -> InclusionCheck:
        received = parse_instant(str(record["received_at"]))
        return InclusionCheck(
            str(record["event_id"]),
            seq,
            str(record["event_type"]),
            received,
            head,
            v,
            leaf,
            key_id(public_pem),
            tuple(str(h) for h in proof["audit_path"]),
            data.decode("utf-8"),
            public_pem,
        )

    if not head.signed_by(public_pem):
        return verdict("unsigned")
    path = [bytes.fromhex(str(h)) for h in proof["audit_path"]]
    index = int(proof["leaf_index"])
    holds = index == seq - 1 and verify_inclusion(leaf, index, head.size, path, head.root)
    return verdict("included" if holds else "not_included")


_HOW_TO_CHECK = (
    "leaf_hash = SHA-256(0x00 || leaf_data as UTF-8); the audit_path leads from leaf leaf_index to "
    "tree_head.root_hash of tree_head.tree_size leaves (RFC 9162 §2.1.3.2, nodes SHA-256(0x01 || left || right)); "
    "tree_head.signature is Ed25519 by public_key over signed_bytes: "
    f"{TREE_HEAD_CONTEXT.decode()!r} || 0x00 || timestamp (uint64 big-endian, ms) || tree_size (uint64 big-endian) "
    "|| root_hash (32 bytes)."
)
_HOW_TO_CHECK_VI = (
    "Tệp này chứng minh rằng bản ghi (leaf_data) nằm trong cây Merkle của nhật ký có đầu cây đã ký (tree_head). "
    "Bất kỳ ai có tệp đều kiểm chứng lại được mà không cần hệ thống: tính leaf_hash từ leaf_data, đi theo "
    "audit_path tới gốc (RFC 9162 mục 2.1.3.2) và kiểm tra chữ ký Ed25519 của đầu cây bằng public_key."
)


_HEAD_HOW_TO_CHECK = (
    "Keep this file: it is the log's signed checkpoint (a signed tree head, RFC 9162) of tree_head.tree_size "
    "records. Later, ask for a consistency proof from it to the latest head (GET /log/proof/consistency?from=tree_size, "
    "or enter tree_size and root_hash on the portal's log page): it shows that none of those records was changed, "
    "removed or re-ordered since. tree_head.signature is Ed25519 by public_key over signed_bytes: "
    f"{TREE_HEAD_CONTEXT.decode()!r} || 0x00 || timestamp (uint64 big-endian, ms) || tree_size (uint64 big-endian) "
    "|| root_hash (32 bytes)."
)
_HEAD_HOW_TO_CHECK_VI = (
    "Giữ tệp này: đó là mốc chốt sổ đã ký của nhật ký, phủ tree_head.tree_size bản ghi. Lần kiểm tra sau, nhập số bản "
    "ghi (tree_size) và mã chốt sổ (root_hash) vào mục “Mốc chốt sổ đã lưu từ trước” của trang Sổ nhật ký: cổng thông "
    "tin chứng minh rằng không bản ghi nào trong số đó bị sửa, xóa hay đảo thứ tự kể từ lúc ký. Chữ ký Ed25519 của "
    "mốc chốt sổ (signature) kiểm chứng được bằng public_key trên signed_bytes."
)


def _head_document(head: SignedHead) -> dict[str, Any]:
    """A signed tree head as the files to keep write it: audit's `TreeHeadOut` and the bytes its signature covers."""
    return {
        "tree_size": head.size,
        "root_hash": head.root.hex(),
        "timestamp": head.timestamp_ms,
        "signed_at": head.signed_at.isoformat(),
        "signature": head.signature.hex(),
        "signed_bytes": tree_head_bytes(head.size, head.root, head.timestamp_ms).hex(),
    }


def head_file(head: SignedHead, *, public_pem: str) -> bytes:
    """A signed tree head as a file to keep (JSON, UTF-8): the proof file's `tree_head`, `public_key` and `key_id`
    (`proof_file`) without the record, so that one reader reads both and the head's signature is checked offline."""
    document = {
        "about": "Signed checkpoint (tree head) of the lichtruc audit log, to keep (RFC 9162)",
        "about_vi": "Mốc chốt sổ đã ký của nhật ký hệ thống lưu vết và đối soát lichtruc, để lưu",
        "how_to_check": _HEAD_HOW_TO_CHECK,
        "how_to_check_vi": _HEAD_HOW_TO_CHECK_VI,
        "tree_head": _head_document(head),
        "public_key": public_pem,
        "key_id": key_id(public_pem),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def proof_file(record: Mapping[str, Any], proof: Mapping[str, Any], *, public_pem: str) -> bytes:
    """The inclusion proof of a log record as a file to keep (JSON, UTF-8): the record's canonical bytes (the leaf's
    data), its leaf index and hash, the audit path, the signed tree head with the bytes its signature covers, and the
    log's public key, so that it can be checked offline by any RFC 9162 verifier."""
    head = SignedHead.from_api(proof["tree_head"])
    data = canonical_bytes(dict(record["event"]))
    document = {
        "about": "Inclusion proof of one record of the lichtruc audit log (RFC 9162 §2.1.3)",
        "about_vi": "Bằng chứng một bản ghi có trong nhật ký của hệ thống lưu vết và đối soát (audit) lichtruc",
        "how_to_check": _HOW_TO_CHECK,
        "how_to_check_vi": _HOW_TO_CHECK_VI,
        "event_id": str(record["event_id"]),
        "record_number": int(record["seq"]),
        "event_type": str(record["event_type"]),
        "received_at": str(record["received_at"]),
        "leaf_index": int(proof["leaf_index"]),
        "leaf_data": data.decode("utf-8"),
        "leaf_hash": leaf_hash(data).hex(),
        "audit_path": [str(h) for h in proof["audit_path"]],
        "tree_head": _head_document(head),
        "public_key": public_pem,
        "key_id": key_id(public_pem),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
