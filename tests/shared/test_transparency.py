"""lichtruc.transparency: what a checker outside audit needs. The proofs' verification is tested
against RFC 9162's vectors and a second implementation in tests/audit/domain/test_merkle.py (audit's
`domain.merkle` re-exports these functions); here, the canonical bytes and the head's signature."""

from __future__ import annotations

import json
import math
import random
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from lichtruc.transparency import canonical_bytes, head_signed, tree_head_bytes
from support import examples


def _public_pem(key) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def test_canonical_bytes_sort_keys_leave_no_spaces_and_keep_vietnamese_unescaped() -> None:
    event = {"subject": "Trực giao thừa", "data": {"z": 1, "a": [True, None]}, "id": "e1"}
    assert canonical_bytes(event) == '{"data":{"a":[true,null],"z":1},"id":"e1","subject":"Trực giao thừa"}'.encode()
    assert canonical_bytes(dict(reversed(list(event.items())))) == canonical_bytes(event)


def _standard_library(value: Any) -> bytes:
    """The bytes every log before orjson was hashed over, written independently of the module."""

    def finite(v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if isinstance(v, dict):
            return {k: finite(x) for k, x in v.items()}
        if isinstance(v, list):
            return [finite(x) for x in v]
        return v

    return json.dumps(finite(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# Text that looks like numbers inside JSON (`"a:1.5,"`, a UUID's `3e4`, a time's `:00.123Z`) beside
# any Unicode text; integers past 64 bits; floats of every spelling, NaN and infinities included.
_TEXT = st.text(alphabet='0123456789.eE+-:,[]{}"aZ đợt trực', max_size=12) | st.text(max_size=12)
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.floats(min_value=1e-10, max_value=1e-3)
    | _TEXT
)
_JSON = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4))


@settings(max_examples=examples(600), deadline=None)
@given(st.dictionaries(_TEXT, _JSON, max_size=6))
def test_canonical_bytes_are_the_standard_librarys_for_any_json_document(document: dict[str, Any]) -> None:
    assert canonical_bytes(document) == _standard_library(document)


def test_floats_of_every_size_are_written_as_the_standard_library_writes_them() -> None:
    # orjson spells floats between 1e-9 and 1e-4 otherwise; each must still come out as before.
    rng = random.Random(20261204)
    for exponent in range(-324, 309):
        for _ in range(12):
            value = rng.uniform(-10, 10) * 10.0**exponent
            if math.isfinite(value):
                document = {"v": [value, round(value, 6), 1], "w": value}
                assert canonical_bytes(document) == _standard_library(document), value


def test_every_record_already_in_a_log_keeps_its_bytes() -> None:
    # Floats the two writers spell differently, a key that is an integer, an integer past 64 bits,
    # NaN (pydantic's JSON mode, which built every logged event, already made it null).
    cases: dict[str, dict[Any, Any]] = {
        '{"a":1e-05,"b":1e+16,"c":[0.1,-0.0,2.0]}': {"c": [0.1, -0.0, 2.0], "b": 1e16, "a": 0.00001},
        '{"1":"x","2":"y"}': {2: "y", 1: "x"},
        '{"n":1180591620717411303424}': {"n": 2**70},
        '{"m":null,"t":"08:00:00.123+07:00"}': {"t": "08:00:00.123+07:00", "m": math.nan},
    }
    for expected, document in cases.items():
        assert canonical_bytes(document) == expected.encode()


def test_a_head_is_signed_only_with_the_key_its_fields_and_the_signature_as_signed() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    root = bytes(range(32))
    signature = key.sign(tree_head_bytes(12, root, 1_801_839_600_000))

    def signed(pem: str, size: int = 12, root: bytes = root, ms: int = 1_801_839_600_000) -> bool:
        return head_signed(pem, size=size, root=root, timestamp_ms=ms, signature=signature)

    assert signed(_public_pem(key))
    assert not signed(_public_pem(other))
    assert not signed(_public_pem(key), size=13)
    assert not signed(_public_pem(key), root=bytes(32))
    assert not signed(_public_pem(key), ms=1_801_839_600_001)
    assert not signed(_public_pem(key), root=root[:31])  # not a root hash at all
    # A key that is not Ed25519, or no key at all: never "signed".
    assert not signed(_public_pem(ec.generate_private_key(ec.SECP256R1())))
    assert not signed("not a PEM key")
