"""Readiness checklist bodies: the Department's items, an enterprise's checklist and marks."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from lichtruc.events_readiness import (
    READINESS_DESCRIPTION_MAX,
    READINESS_NOTE_MAX,
    READINESS_REFERENCE_MAX,
    READINESS_TITLE_MAX,
)

from .common import TRIMMED, In, Instant, LocalInstant, Sector, _name

ALL_SECTORS: tuple[Sector, ...] = ("postal", "telecom", "internet", "television")
Title = Annotated[str, Field(min_length=1, max_length=READINESS_TITLE_MAX), AfterValidator(_name)]
"""An item's title is shown as a checkbox's label: cleaned and required visible like a name."""
ReadinessStatus = Literal["done", "open", "overdue"]


class ReadinessItemIn(In):
    """A checklist item for every enterprise of one sector: due by a local day (its end) or an instant."""

    sector: Sector
    title_vi: Title = Field(examples=["Nguồn điện dự phòng"])
    title_en: Title = Field(examples=["Back-up power"])
    description: str = Field(default="", max_length=READINESS_DESCRIPTION_MAX)
    due_date: date | None = Field(default=None, description="the local (Asia/Ho_Chi_Minh) day it is due by")
    due_at: Instant | None = Field(default=None, description="or the instant it is due at")
    position: int = Field(default=0, ge=0, le=10_000, description="its place in the sector's checklist")


class ReadinessItemPatch(In):
    title_vi: Title | None = None
    title_en: Title | None = None
    description: str | None = Field(default=None, max_length=READINESS_DESCRIPTION_MAX)
    due_date: date | None = None
    due_at: Instant | None = None
    position: int | None = Field(default=None, ge=0, le=10_000)


class DirectiveSeedIn(In):
    """Which sectors get the directive's items (default: all four), and by when (default: the campaign's
    readiness deadline)."""

    sectors: list[Sector] = Field(default_factory=lambda: list(ALL_SECTORS), max_length=4)
    due_date: date | None = None
    due_at: Instant | None = None
    dry_run: bool = Field(
        default=False,
        description="true: answer the items that would be added, and when they would be due, adding none (the "
        "portal asks first when they would be overdue at once)",
    )


class ReadinessItemOut(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    sector: str
    title_vi: str
    title_en: str
    description: str
    due_at: datetime
    due_date: date | None
    due_local: LocalInstant
    position: int
    version: int
    created_at: datetime
    updated_at: datetime


class PreviousTetCopyIn(In):
    """Copy the Tết campaign before this one's checklist into it (due days moved to this Tết's mùng 1)."""

    late_due_date: date | None = Field(
        default=None,
        description="the day the items whose moved due has already passed are due by the end of instead (the answer "
        "to the portal's question); none: they keep it, overdue at once",
    )
    dry_run: bool = Field(
        default=False,
        description="true: answer the items that would be added and skipped, and when they would be due, adding none "
        "(the portal asks first when some would be overdue at once)",
    )


class SeedOut(BaseModel):
    created: int = Field(description="how many items were added (0: the campaign had them all)")
    items: list[ReadinessItemOut]


Note = Annotated[str, Field(max_length=READINESS_NOTE_MAX), TRIMMED]
"""A mark's note: trimmed at either end, so that one of spaces alone is stored as none ("")."""


class MarkDoneIn(In):
    note: Note = Field(
        default="",
        description="what was done; a note or a reference is required (both blank: 422 evidence-required)",
        examples=["Đã bảo dưỡng 12 trạm, thay 4 ắc quy."],
    )
    reference: Annotated[str, Field(max_length=READINESS_REFERENCE_MAX), TRIMMED] = Field(
        default="",
        description="a document number or an address (no file upload); trimmed, spaces alone are none",
        examples=["Biên bản số 12/BB-KT"],
    )


class ReopenIn(In):
    note: Note = Field(
        default="", description="why it is reopened: required (a blank note is refused, 422 reason-required)"
    )


class ChecklistLineOut(BaseModel):
    item: ReadinessItemOut
    status: ReadinessStatus
    done: bool
    note: str | None
    reference: str | None
    done_at: datetime | None
    done_by: str | None = Field(description="who marked it done: the account's login")
    done_by_name: str | None = Field(
        default=None, description="that account's display name (null: not done, or no account has that login any more)"
    )
    mark_version: int | None = Field(description="the mark's version (absent: never marked)")
    not_owed_before: date | None = Field(
        default=None,
        description="set when the enterprise does not owe this item: the day it owes from (obligations_from), which "
        "the item is due before — still listed and markable done, never overdue, counted only when done; null: owed",
    )


class ChecklistSummaryOut(BaseModel):
    """How far one enterprise's checklist is in one campaign."""

    enterprise_id: uuid.UUID
    enterprise_name: str
    sector: str
    campaign_id: uuid.UUID
    as_of: datetime
    done: int
    overdue: int
    open: int
    total: int


class CopyOut(BaseModel):
    from_campaign_id: uuid.UUID = Field(description="the Tết campaign copied from: the one before, drills aside")
    from_campaign_name: str
    created: int = Field(description="how many items were added (0: the campaign had them all)")
    skipped: int = Field(
        description="how many of the previous Tết's items were not copied: the campaign has one of the same sector and "
        "Vietnamese title already"
    )
    late: int = Field(
        description="how many of the items added were due by now once moved (due late_due_date instead when given)"
    )
    items: list[ReadinessItemOut] = Field(description="the items added (would be, on a dry run)")
    skipped_items: list[ReadinessItemOut] = Field(description="the previous Tết's items not copied, as they were there")
