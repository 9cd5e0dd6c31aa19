"""What every request and response body of roster's API shares: the NFC request base, names,
instants, the contract's value types (sectors, duty types, shift statuses), local readings, the page."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo

from lichtruc.bodies import In, Instant
from lichtruc.duty_types import DutyTypeKey
from lichtruc.events import Language, Sector, ShiftStatus
from lichtruc.paging import Page
from lichtruc.words import Invalid

from ...domain.values import clean_name, clean_text, free_text, normalize_email, normalize_national_id, normalize_phone

DutyType = DutyTypeKey
"""The contract's duty-type codes (lichtruc.duty_types); kept under the name the routes import."""

Qualification = Literal["leader", "operator", "technician", "guard"]

SiteKind = Literal[
    "noc", "exchange", "base_station", "transmitter", "post_office", "transaction_point", "data_center", "office"
]


def _name(value: str, info: ValidationInfo) -> str:
    return clean_name(value, field=info.field_name or "name")


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_name)]
"""A name on one line (domain.values.clean_name): spaces collapsed and trimmed, invisible characters left
out, and only then required to hold a letter or a digit — "   " and "\u200b" are no names."""


def _optional_name(value: str, info: ValidationInfo) -> str:
    return clean_name(value, field=info.field_name or "name", optional=True)


District = Annotated[str, Field(max_length=100), AfterValidator(_optional_name)]
"""A district (a site's, an incident's), shown in lists and filtered on: it may be left out (absent or null),
but one that is given is a Name — cleaned the same way, and refused when blank, invisible or holding a
control character, not stored as typed."""


def _text(value: str, info: ValidationInfo) -> str:
    return clean_text(value, field=info.field_name or "text")


def _optional_text(value: str, info: ValidationInfo) -> str:
    return clean_text(value, field=info.field_name or "text", optional=True)


# Free text is checked after its length (each field has its own bounds), in the type's metadata:
# Annotated[str, Field(max_length=2000), OPTIONAL_TEXT] | None.
TEXT = AfterValidator(_text)
"""Free text that must say something (a purpose, a finding): trimmed at either end (domain.values.trim_text), and
refused when nothing visible is left — "   " says nothing."""
OPTIONAL_TEXT = AfterValidator(_optional_text)
"""Free text that may be left out (absent or null) but says something when given (a reason, recommendations):
trimmed, and a blank one refused — it is left out instead, not stored as spaces."""


def _trimmed(value: str, info: ValidationInfo) -> str:
    return free_text(value, field=info.field_name or "text")


def _note(value: str, info: ValidationInfo) -> str | None:
    return free_text(value, field=info.field_name or "text") or None


TRIMMED = AfterValidator(_trimmed)
"""Free text whose absence is "" (a readiness note or reference, a shift's notes when changed): trimmed, so that
"   " is stored as "". Every kind of free text refuses a control character (domain.values.free_text)."""
BLANK_IS_NONE = AfterValidator(_note)
"""Free text that may be left out and is nothing when blank (a shift's notes, a cancellation's or a swap's reason,
a manager's note on a swap): trimmed, and "   " kept as no text at all (null), not as spaces."""


def _email(value: str | None) -> str | None:
    if value is None:
        return None
    email = normalize_email(value)
    if email is None:
        raise Invalid(f"“{value}” is not an e-mail address", f"“{value}” không phải địa chỉ email hợp lệ")
    return email


def _phone(value: str | None) -> str | None:
    if value is None:
        return None
    phone = normalize_phone(value)
    if phone is None:
        raise Invalid(
            f"“{value}” is not a phone number (8–15 digits, optional leading +)",
            f"“{value}” không phải số điện thoại hợp lệ (8–15 chữ số, có thể bắt đầu bằng +)",
        )
    return phone


def _national_id(value: str | None) -> str | None:
    if value is None:
        return None
    national_id = normalize_national_id(value)
    if national_id is None:
        raise Invalid(
            f"“{value}” is not a national ID number (12 digits, or 9 for an old CMND)",
            f"“{value}” không phải số CCCD hợp lệ (12 chữ số, hoặc 9 chữ số với CMND cũ)",
        )
    return national_id


def _listed(values: list[str], and_: str) -> str:
    quoted = [f"“{v}”" for v in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {and_} {quoted[-1]}"


def _emails(values: list[str] | None) -> list[str] | None:
    """Every address normalised, duplicates dropped; the ones that are no address all named at once
    (a person fixing a list of five should not find them one by one)."""
    if values is None:
        return None
    wrong = [v for v in values if normalize_email(v) is None]
    if wrong:
        are = "is not an e-mail address" if len(wrong) == 1 else "are not e-mail addresses"
        raise Invalid(f"{_listed(wrong, 'and')} {are}", f"{_listed(wrong, 'và')} không phải địa chỉ email hợp lệ")
    return list(dict.fromkeys(e for v in values if (e := normalize_email(v)) is not None))


# --- local readings ----------------------------------------------------------------------------


class LocalInstant(BaseModel):
    local: str = Field(examples=["2027-02-05T18:00:00+07:00"])
    lunar_day_vi: str | None = Field(default=None, examples=["30 tháng Chạp"])
    lunar_day_en: str | None = None


class LocalSpan(BaseModel):
    starts_at: LocalInstant
    ends_at: LocalInstant


__all__ = [
    "OPTIONAL_TEXT",
    "TEXT",
    "TRIMMED",
    "District",
    "DutyType",
    "DutyTypeKey",
    "In",
    "Instant",
    "Language",
    "LocalInstant",
    "LocalSpan",
    "Name",
    "Page",
    "Qualification",
    "Sector",
    "ShiftStatus",
    "SiteKind",
]
