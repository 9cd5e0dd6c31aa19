"""The Department's profile: the names its official documents print."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo

from ...domain.values import clean_name
from .common import In


def _line(value: str, info: ValidationInfo) -> str:
    """One line as a document prints it (domain.values.clean_name: NFC, spaces made one, none blank)."""
    return clean_name(value, field=info.field_name or "name")


def _recipient(value: str) -> str:
    return clean_name(value, field="recipient")


Line = Annotated[str, Field(max_length=100), AfterValidator(_line)]
LongLine = Annotated[str, Field(max_length=200), AfterValidator(_line)]
Recipient = Annotated[str, Field(max_length=200), AfterValidator(_recipient)]


class DepartmentIn(In):
    province: Line = Field(description="the province's name", examples=["Long An"])
    department: LongLine = Field(
        description="the issuing body, the header's second line (printed in capitals)",
        examples=["Sở Thông tin và Truyền thông"],
    )
    abbreviation: str = Field(
        default="",
        max_length=40,
        description="the Department's abbreviation in its documents' numbers ('Số: …/BC-SKHCN'): capital letters "
        "and digits, at most 20; empty or left out: the initials of `department` ('Sở Thông tin và Truyền thông' → "
        "STTTT), following the name when it changes",
        examples=["SKHCN"],
    )
    superior: LongLine = Field(
        description="the body above it, the header's first line, as printed", examples=["UBND TỈNH LONG AN"]
    )
    place: Line = Field(description="the place written before a document's date", examples=["Long An"])
    report_recipients: list[Recipient] = Field(
        max_length=20,
        description="'Nơi nhận' of an enterprise's daily report, in order",
        examples=[["Sở Thông tin và Truyền thông tỉnh Long An", "Lưu: VT"]],
    )
    summary_recipients: list[Recipient] = Field(
        max_length=20,
        description="'Nơi nhận' of the province's summary, in order",
        examples=[["Bộ Thông tin và Truyền thông", "UBND tỉnh Long An", "Lưu: VT"]],
    )


class DepartmentOut(BaseModel):
    province: str = Field(description="the province's name; empty until an administrator sets the profile")
    department: str = Field(description="the issuing body, the header's second line")
    abbreviation: str = Field(
        description="the Department's abbreviation as its documents' numbers print it ('BC-STTTT'): the one set, "
        "else the initials of `department` (empty until the profile is set)"
    )
    abbreviation_from_name: bool = Field(
        description="whether `abbreviation` is the initials of `department` (none set: it follows the name)"
    )
    superior: str = Field(description="the body above it, the header's first line")
    place: str = Field(description="the place written before a document's date")
    report_recipients: list[str] = Field(description="'Nơi nhận' of an enterprise's daily report")
    summary_recipients: list[str] = Field(description="'Nơi nhận' of the province's summary")
    set: bool = Field(description="whether an administrator has set it (until then no document prints it)")
    version: int = Field(description="0 until set; send it as If-Match to change the profile")
    updated_at: datetime | None = None
