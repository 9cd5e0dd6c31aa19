"""What anyone who checks audit's log needs, audit itself and those outside it alike (the portal
checks, for an inspector, a tree head they kept and an event's place in the log): pure functions.

* An event's **canonical bytes**: its JSON with sorted keys, no spaces, UTF-8 with Vietnamese
  unescaped — exactly what ``json.dumps(..., sort_keys=True, separators=(",", ":"),
  ensure_ascii=False)`` writes, NaN and infinities (which JSON lacks) written as ``null`` as
  pydantic's JSON mode writes them. The hash chain and the Merkle tree's leaves cover these bytes,
  and audit stores them, so a checker re-encodes a record's event with this one function (or that
  one line of the standard library) and gets the bytes audit hashed. orjson writes them about 3×
  faster, the check included; where its bytes could differ from the standard library's (a small
  float, which the two spell differently; a key that is not text; an integer past 64 bits; a type
  orjson alone knows) the standard library writes them.
* RFC 9162 §2.1: leaf hash = SHA-256(0x00 || bytes), node hash = SHA-256(0x01 || left || right),
  the empty tree's root = SHA-256(""); an inclusion proof (§2.1.3.2) and a consistency proof
  (§2.1.4.2) checked with the RFC's own algorithms, O(log n) hashes each.
* A **signed tree head**: Ed25519 over `tree_head_bytes` (documented there) with audit's log key,
  whose public half audit serves as PEM (`GET /log/public-key`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import struct
from collections.abc import Sequence
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()
TREE_HEAD_CONTEXT = b"lichtruc-audit-tree-head-v1"


# orjson's bytes are the standard library's for text, integers, true/false/null, lists and objects;
# for anything else it is told to give up (the passthrough options and a `default` that refuses).
# Floats it spells alike too, except between 1e-9 and 1e-4 in size, where the standard library
# writes 1.5e-05 and orjson 0.000015 or 1.5e-6 (1.6 million floats of every size compared,
# tests/shared/test_transparency.py keeps checking): either spelling of orjson's is caught in its
# output. Text that merely looks like one costs the slower writer, never other bytes. The check
# costs about 1 µs an event against regular expressions over every number's 4–5.
_ORJSON_OPTIONS = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)
_SMALL_FLOAT = b"0.0000"
_SHORT_NEGATIVE_EXPONENT = re.compile(rb"e-[0-9][,\]}]")


def canonical_bytes(envelope: dict[str, Any]) -> bytes:
    """A stable byte form of an event: sorted keys, no spaces, UTF-8 (Vietnamese unescaped)."""
    try:
        written = orjson.dumps(envelope, default=_refuse, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        return _standard_bytes(envelope)
    if written[:1] != b"{" or _SMALL_FLOAT in written or _SHORT_NEGATIVE_EXPONENT.search(written):
        return _standard_bytes(envelope)
    return written


def _refuse(value: Any) -> Any:
    raise TypeError(type(value).__name__)


def _standard_bytes(document: Any) -> bytes:
    """The standard library's bytes, with NaN and infinities as null (orjson writes them so)."""
    text = json.dumps(_finite(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def verify_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes) -> bool:
    """Does `path` prove that the leaf hash `leaf` is leaf `index` of the tree (`size`, `root`)?"""
    if index >= size or index < 0:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """Does `proof` show that the tree (`old`, `old_root`) is a prefix of (`new`, `new_root`)?"""
    if old > new or old < 0:
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is the proof's first node
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


def tree_head_bytes(size: int, root: bytes, timestamp_ms: int) -> bytes:
    """The bytes a tree head's Ed25519 signature covers:

    ``b"lichtruc-audit-tree-head-v1" || 0x00 || timestamp (uint64, big-endian, milliseconds
    since 1970-01-01 UTC) || tree_size (uint64, big-endian) || root hash (32 bytes)``
    (the fields of RFC 6962's TreeHeadSignature after a context string of our own)."""
    if len(root) != 32:
        raise ValueError("a root hash is 32 bytes")
    return TREE_HEAD_CONTEXT + b"\x00" + struct.pack(">QQ", timestamp_ms, size) + root


def signature_valid(public_pem: str, message: bytes, signature: bytes) -> bool:
    """Does `signature` sign `message` with the key `public_pem` (Ed25519)? False for a key that
    is not an Ed25519 public key in PEM."""
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
    except ValueError:
        return False
    if not isinstance(key, Ed25519PublicKey):
        return False
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def head_signed(public_pem: str, *, size: int, root: bytes, timestamp_ms: int, signature: bytes) -> bool:
    """Is this tree head signed by the key `public_pem`?"""
    return len(root) == 32 and signature_valid(public_pem, tree_head_bytes(size, root, timestamp_ms), signature)
