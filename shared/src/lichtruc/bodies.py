"""The base of every request body of every service: unknown fields refused, every text brought to
NFC (lichtruc.text) before it is validated — so a name typed in decomposed Unicode is stored,
compared and found like any other. Passwords and secrets are checked exactly as typed."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from .text import nfc

AS_TYPED = frozenset({"password", "current_password", "new_password", "webhook_secret"})
"""Members left exactly as sent: a password or a secret is compared byte for byte."""


class In(BaseModel):
    """A request body (subclass it): `extra="forbid"`, every string in it (nested too) in NFC."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, data: Any) -> Any:
        return nfc(data, keep=AS_TYPED)
