"""Events of the directive: Inspection plans (issue 15, part 5). Registered with `lichtruc.events` on import (that
module imports this one at its end), published by roster on the roster topic.

Every inspection event carries the inspection's whole state after the change (`InspectionSnapshot`), like the
shift events, so a consumer upserts by (inspection_id, version). A **surprise** inspection is meant for the
Department only until its finding is recorded: consumers must not tell or show it to the enterprise before
`InspectionFindingRecorded` (``snapshot.hidden_from_enterprise`` says so)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from .events import EventData, _Value

InspectionPhase = Literal["before", "during", "after"]
InspectionStatus = Literal["planned", "done", "cancelled"]
InspectionResult = Literal["compliant", "issues_found"]

MAX_INSPECTORS = 10
MAX_NAME = 200
MAX_TEXT = 4000


class InspectionFindingData(_Value):
    """What the inspectors found, recorded once; it marks the plan done."""

    result: InspectionResult = Field(description="compliant, or issues_found")
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="what the inspectors found")
    recommendations: str | None = Field(default=None, max_length=MAX_TEXT, description="what the enterprise must do")
    recorded_by: str | None = Field(default=None, max_length=MAX_NAME, description="the account that recorded it")
    recorded_at: AwareDatetime


class InspectionSnapshot(_Value):
    """An inspection plan's whole state after a change."""

    inspection_id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None = Field(default=None, max_length=MAX_NAME)
    site_id: uuid.UUID | None = None
    site_name: str | None = Field(default=None, max_length=MAX_NAME)
    planned_on: date = Field(description="the planned day (Vietnam time)")
    phase: InspectionPhase = Field(description="before, during or after Tết (derived from the planned day)")
    purpose: str = Field(min_length=1, max_length=MAX_TEXT, description="the purpose and scope of the inspection")
    inspectors: tuple[str, ...] = Field(
        min_length=1, max_length=MAX_INSPECTORS, description="the inspectors' names (each at most 200 characters)"
    )
    surprise: bool = Field(description="a surprise inspection: hidden from the enterprise until its finding")
    status: InspectionStatus
    finding: InspectionFindingData | None = None
    planned_by: str | None = Field(default=None, max_length=MAX_NAME)
    version: int = Field(ge=1, description="the inspection's own version")

    @property
    def hidden_from_enterprise(self) -> bool:
        """A surprise inspection without its finding: the enterprise must not learn of it."""
        return self.surprise and self.finding is None


class InspectionEvent(EventData):
    """Base of every inspection event: the inspection after the change, and who made it (key: the enterprise id)."""

    inspection: InspectionSnapshot
    actor: str | None = Field(default=None, max_length=MAX_NAME, description="who made the change")


class InspectionPlanned(InspectionEvent):
    """An inspector planned an inspection of an enterprise (a surprise one stays hidden from it)."""

    event_type: ClassVar[str] = "lichtruc.roster.inspection.planned.v1"


class InspectionRescheduled(InspectionEvent):
    """An inspection plan moved to another day (its phase follows the day)."""

    event_type: ClassVar[str] = "lichtruc.roster.inspection.rescheduled.v1"

    previous_planned_on: date
    reason: str | None = Field(default=None, max_length=2000)


class InspectionCancelled(InspectionEvent):
    """An inspection plan was cancelled before its finding."""

    event_type: ClassVar[str] = "lichtruc.roster.inspection.cancelled.v1"

    reason: str | None = Field(default=None, max_length=2000)


class InspectionFindingRecorded(InspectionEvent):
    """The inspectors recorded their finding: the plan is done, and visible to the enterprise even if a surprise."""

    event_type: ClassVar[str] = "lichtruc.roster.inspection.finding_recorded.v1"


__all__ = [
    "InspectionCancelled",
    "InspectionEvent",
    "InspectionFindingData",
    "InspectionFindingRecorded",
    "InspectionPhase",
    "InspectionPlanned",
    "InspectionRescheduled",
    "InspectionResult",
    "InspectionSnapshot",
    "InspectionStatus",
]
