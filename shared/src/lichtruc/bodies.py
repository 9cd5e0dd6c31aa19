"""The base of every request body of every service: unknown fields refused, every text brought to
NFC (lichtruc.text) before it is validated — so a name typed in decomposed Unicode is stored,
compared and found like any other. Passwords and secrets are checked exactly as typed. Also the
instant every service takes, in a body or a query string (`Instant`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, model_validator

from .text import nfc
from .words import Invalid

AS_TYPED = frozenset({"password", "current_password", "new_password", "webhook_secret"})
"""Members left exactly as sent: a password or a secret is compared byte for byte."""


class In(BaseModel):
    """A request body (subclass it): `extra="forbid"`, every string in it (nested too) in NFC."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, data: Any) -> Any:
        return nfc(data, keep=AS_TYPED)


def _plausible(value: datetime) -> datetime:
    # The lunar calendar covers 1900–2100; far-off years only overflow time-zone arithmetic (a year 9999
    # given with offset -12:00 is past datetime's last day in UTC: a 500, where this is a 422).
    if not 1901 <= value.year <= 2199:
        raise Invalid("the year must be between 1901 and 2199", "năm phải từ 1901 đến 2199")
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_plausible)]
"""An instant with its UTC offset (any offset; stored in UTC), in the years 1901–2199."""
