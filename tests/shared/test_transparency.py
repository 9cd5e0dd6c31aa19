"""lichtruc.transparency: what a checker outside audit needs. The proofs' verification is tested
against RFC 9162's vectors and a second implementation in tests/audit/domain/test_merkle.py (audit's
`domain.merkle` re-exports these functions); here, the canonical bytes and the head's signature."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lichtruc.transparency import canonical_bytes, head_signed, tree_head_bytes


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
