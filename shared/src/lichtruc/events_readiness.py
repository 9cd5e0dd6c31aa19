"""Events of the directive: Readiness checklists (issue 15, part 4). Registered with `lichtruc.events` on import (that
module imports this one at its end), published by roster on the roster topic.

The Department defines checklist items per campaign and sector (key: the campaign id); an enterprise's manager marks
an item done for the enterprise, or reopens it (key: the enterprise id). Every event carries the whole new state of
what it is about, with its version, so that a consumer upserts without calling roster."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from pydantic import AwareDatetime, Field

from .events import EventData, Sector

READINESS_TITLE_MAX = 200
READINESS_DESCRIPTION_MAX = 2000
READINESS_NOTE_MAX = 1000
READINESS_REFERENCE_MAX = 500


class ReadinessItemDefined(EventData):
    """A checklist item before Tết was defined for one sector of a campaign (whole state; key: the campaign id)."""

    event_type: ClassVar[str] = "lichtruc.roster.readiness_item.defined.v1"

    item_id: uuid.UUID
    campaign_id: uuid.UUID
    sector: Sector = Field(description="every enterprise of this sector must do the item")
    title_vi: str = Field(min_length=1, max_length=READINESS_TITLE_MAX, description="the item's title in Vietnamese")
    title_en: str = Field(min_length=1, max_length=READINESS_TITLE_MAX, description="the item's title in English")
    description: str = Field(
        default="", max_length=READINESS_DESCRIPTION_MAX, description="what is asked (Vietnamese, e.g. the directive)"
    )
    due_at: AwareDatetime = Field(description="when the item is overdue if not done")
    due_date: date | None = Field(
        default=None, description="the local (Asia/Ho_Chi_Minh) day it is due by, when set as a day (due_at: its end)"
    )
    position: int = Field(ge=0, le=10_000, description="the item's place in the sector's checklist")
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


class ReadinessItemUpdated(ReadinessItemDefined):
    """A checklist item's title, description, due date or order changed (whole new state)."""

    event_type: ClassVar[str] = "lichtruc.roster.readiness_item.updated.v1"


class ReadinessItemRemoved(EventData):
    """A checklist item was removed (its marks go with it; key: the campaign id)."""

    event_type: ClassVar[str] = "lichtruc.roster.readiness_item.removed.v1"

    item_id: uuid.UUID
    campaign_id: uuid.UUID
    sector: Sector
    version: int = Field(ge=1, description="the item's version after the removal")
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


class ReadinessItemCompleted(EventData):
    """An enterprise marked a checklist item done, with a note and a reference (key: the enterprise id).

    `version` counts the changes of this item's mark for this enterprise (done, reopened, done again…)."""

    event_type: ClassVar[str] = "lichtruc.roster.readiness_item.completed.v1"

    item_id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    sector: Sector
    title_vi: str = Field(min_length=1, max_length=READINESS_TITLE_MAX)
    due_at: AwareDatetime
    note: str = Field(default="", max_length=READINESS_NOTE_MAX, description="what was done")
    reference: str = Field(
        default="", max_length=READINESS_REFERENCE_MAX, description="a document number or an address (no file)"
    )
    done_at: AwareDatetime = Field(description="when it was marked done")
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


class ReadinessItemReopened(EventData):
    """An enterprise's mark on a checklist item was withdrawn: the item is open (or overdue) again."""

    event_type: ClassVar[str] = "lichtruc.roster.readiness_item.reopened.v1"

    item_id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    sector: Sector
    title_vi: str = Field(min_length=1, max_length=READINESS_TITLE_MAX)
    due_at: AwareDatetime
    note: str = Field(default="", max_length=READINESS_NOTE_MAX, description="why it was reopened")
    reopened_at: AwareDatetime
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


__all__ = [
    "ReadinessItemCompleted",
    "ReadinessItemDefined",
    "ReadinessItemRemoved",
    "ReadinessItemReopened",
    "ReadinessItemUpdated",
]
