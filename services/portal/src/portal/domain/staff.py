"""Staff as a manager edits them: the qualifications in roster's vocabulary, and the add/edit
form checked for the mistakes people make before roster is asked (roster checks again)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lichtruc.text import fold, one_line

from .text_limits import over_limits

# roster's qualifications (domain/reference.py QUALIFICATIONS), in the order pages list them.
QUALIFICATIONS = ("leader", "operator", "technician", "guard")
# roster's staff languages (the one their messages go in, and the portal's at sign-in), in the order pages list them.
LANGUAGES = ("vi", "en")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s.\-()]+$")


def clean_text(text: str | None) -> str:
    """NFC, single spaces and no invisible characters (lichtruc.text.one_line): what a person typed, as roster
    stores and searches it (QA: a name searched with a zero-width space pasted in it found nobody)."""
    return one_line(text or "")


@dataclass(frozen=True)
class StaffForm:
    full_name: str = ""
    email: str = ""
    phone: str = ""
    qualifications: tuple[str, ...] = ()
    active: bool = True
    enterprise_id: str = ""
    language: str = ""  # "" from a form that sent none: roster's (Vietnamese for a new person, else unchanged)

    @classmethod
    def from_api(cls, doc: Mapping[str, Any]) -> StaffForm:
        return cls(
            full_name=str(doc.get("full_name") or ""),
            email=str(doc.get("email") or ""),
            phone=str(doc.get("phone") or ""),
            qualifications=tuple(q for q in QUALIFICATIONS if q in (doc.get("qualifications") or ())),
            active=bool(doc.get("active", True)),
            enterprise_id=str(doc.get("enterprise_id") or ""),
            language=str(doc.get("language") or "vi"),
        )


@dataclass(frozen=True)
class CheckedStaff:
    body: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)  # field → catalogue key under `staff.error.`, or TEXT_OVER
    over: dict[str, tuple[int, int]] = field(default_factory=dict)  # a box past its limit: (characters over, limit)


TEXT_OVER = "text_over"
"""A box past roster's limit, said as portal.js says it under the box (`check.text_over`, `CheckedStaff.over`)."""


def check_staff(form: StaffForm, *, new: bool) -> CheckedStaff:
    """roster's body for the form (POST /staff when `new`, else PATCH) and the errors found."""
    errors: dict[str, str] = {}
    name = clean_text(form.full_name)
    email = form.email.strip()
    # counted and said as portal.js does under the box, by how much and the limit (QZ17 #4)
    over = over_limits({"full_name": (name, "staff.full_name"), "email": (email, "staff.email")})
    if not name:
        errors["full_name"] = "name_required"
    elif "full_name" in over:
        errors["full_name"] = TEXT_OVER
    if "email" in over:
        errors["email"] = TEXT_OVER
    elif email and not _EMAIL.match(email):
        errors["email"] = "email"
    phone = form.phone.strip()
    digits = re.sub(r"\D", "", phone)
    if phone and (not _PHONE_CHARS.match(phone) or not 8 <= len(digits) <= 15):
        errors["phone"] = "phone"
    unknown = [q for q in form.qualifications if q not in QUALIFICATIONS]
    if unknown:
        errors["qualifications"] = "qualification"
    elif new and form.active and not form.qualifications:
        # someone added to work could fill no shift: said as they are added (a record already kept without one — an
        # import's — is still saved when edited, its other changes not held up by it)
        errors["qualifications"] = "qualification_required"
    if new and not form.enterprise_id:
        errors["enterprise_id"] = "enterprise"
    if form.language and form.language not in LANGUAGES:
        errors["language"] = "language"
    body: dict[str, Any] = {
        "full_name": name,
        "email": email or None,
        "phone": phone or None,
        "qualifications": [q for q in QUALIFICATIONS if q in form.qualifications],
        "active": form.active,
    }
    if form.language in LANGUAGES:
        body["language"] = form.language
    if new:
        body["enterprise_id"] = form.enterprise_id
    return CheckedStaff(body, errors, over)


def listed_as(full_name: str, records: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The record, among the enterprise's `records` that hold the e-mail typed, of the person the form adds again:
    the same name, case, accents and spaces aside (roster's rule `staff-already-listed`: edited there, not added
    again); None when there is none (an e-mail of someone else is roster's to say)."""
    wanted = fold(clean_text(full_name))
    return next((r for r in records if wanted and fold(str(r.get("full_name") or "")) == wanted), None)
