"""The audit log key: Ed25519, it signs every tree head of the log (lichtruc.transparency says
which bytes, and checks a signature: `signature_valid`). Its public half is served at GET /log/public-key, for inspectors to check heads with."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lichtruc.transparency import signature_valid


def _private(pem: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"the audit log signing key is not an unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the audit log signing key must be an Ed25519 key (lichtruc.auth.generate_keypair makes one)")
    return key


@dataclass(frozen=True)
class LogKey:
    """Signs tree heads; knows its public half (PEM)."""

    private_pem: str = field(repr=False)
    _key: Ed25519PrivateKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Parsed once: refuses a malformed key at start-up, and a batch's head is signed without
        # parsing the PEM again (about 60 µs each time, measured in-process).
        object.__setattr__(self, "_key", _private(self.private_pem))

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def verifies(self, message: bytes, signature: bytes) -> bool:
        return signature_valid(self.public_pem, message, signature)

    @property
    def public_pem(self) -> str:
        return (
            self._key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )


def throwaway_key() -> LogKey:
    """A fresh key that lives as long as the process (development and tests only)."""
    return LogKey(
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )
