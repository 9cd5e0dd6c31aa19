"""Whose a staff record is, as far as the administrator's account form can tell (QA 2026-12-06): an account is linked
to its holder's own staff record, and the one sign of whose a record is, is its e-mail — the login of an account is
its holder's work e-mail. Linking an account to a record whose e-mail is another's, or to one with no e-mail (nothing
then says it is theirs), is asked about first, once for that record: choosing another asks again.

Pure code: the form's handler reads the record from roster and asks the question these say it must."""

from __future__ import annotations

import unicodedata


def _compared(text: str) -> str:
    """An e-mail or login as compared: NFC, trimmed, case folded (folding may undo NFC: composed once more)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).strip().casefold())


def is_own_record(login: str, email: str | None) -> bool:
    """Whether a staff record with this `email` is the account `login`'s own: the two the same, whatever their case,
    composition and surrounding spaces. A record with no e-mail is no one's as far as this can tell."""
    return bool(email and email.strip()) and _compared(login) == _compared(email or "")


def asks_about(chosen: str, *, linked: str | None, confirmed: str) -> bool:
    """Whether the form must look at the record `chosen` before saving: one newly chosen (not the record the account
    is `linked` to now) that the administrator has not `confirmed` (the id the question's answer carries)."""
    return bool(chosen) and chosen != (linked or "") and confirmed != chosen
