"""Inspection plan bodies (issue 15, part 5)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from lichtruc.words import Invalid

from .common import OPTIONAL_TEXT, TEXT, In, Name

InspectionPhase = Literal["before", "during", "after"]
InspectionState = Literal["planned", "overdue", "done", "cancelled"]
InspectionResult = Literal["compliant", "issues_found"]
MAX_INSPECTORS = 10


def _plausible_day(value: date) -> date:
    if not 1901 <= value.year <= 2199:
        raise Invalid("the year must be between 1901 and 2199", "năm phải từ 1901 đến 2199")
    return value


Day = Annotated[date, AfterValidator(_plausible_day)]


def _names(values: list[str]) -> list[str]:
    # Each already a clean Name; the same inspector named twice is listed once.
    return list(dict.fromkeys(values))


class InspectionIn(In):
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = Field(default=None, description="one of the enterprise's sites (optional)")
    planned_on: Day = Field(description="the planned day (Vietnam time)")
    phase: InspectionPhase | None = Field(
        default=None, description="before / during / after Tết: derived from the day; if given it must agree"
    )
    purpose: Annotated[str, Field(min_length=1, max_length=4000), TEXT] = Field(
        description="the purpose and scope of the inspection"
    )
    inspectors: Annotated[list[Name], AfterValidator(_names)] = Field(
        min_length=1, max_length=MAX_INSPECTORS, description="the inspectors' names"
    )
    surprise: bool = Field(default=False, description="hidden from the enterprise until its finding is recorded")


class FindingIn(In):
    result: InspectionResult
    text: Annotated[str, Field(min_length=1, max_length=4000), TEXT] = Field(
        description="what the inspectors found (required, whatever the result)"
    )
    recommendations: Annotated[str, Field(max_length=4000), OPTIONAL_TEXT] | None = Field(
        default=None, description="what the enterprise must do; left out when there is nothing, not given blank"
    )
    held_on: date | None = Field(
        default=None,
        description="the day the inspection was really held, when not the planned day (today or earlier, Vietnam "
        "time): the plan moves there, keeping the day it left; left out, the finding is for the planned day, from "
        "that day on",
    )


Reason = Annotated[str, Field(max_length=2000), OPTIONAL_TEXT]


class RescheduleInspectionIn(In):
    planned_on: Day
    reason: Reason | None = Field(default=None, description="why it moves; may be left out, but not given blank")


class CancelInspectionIn(In):
    reason: Reason | None = Field(default=None, description="why it is cancelled; may be left out, but not given blank")


class FindingOut(BaseModel):
    result: InspectionResult
    result_vi: str
    text: str
    recommendations: str | None
    recorded_by: str | None
    recorded_at: datetime


class InspectionOut(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    site_id: uuid.UUID | None
    site_name: str | None
    planned_on: date
    planned_on_label: str = Field(description="the day as people read it, with its lunar day name")
    phase: InspectionPhase
    phase_vi: str
    status: InspectionState = Field(description="planned, overdue (its day passed without a finding), done, cancelled")
    status_vi: str
    purpose: str
    inspectors: list[str]
    surprise: bool
    finding: FindingOut | None
    cancel_reason: str | None
    rescheduled_from: date | None = Field(description="the day the plan was on before its last move, if moved")
    rescheduled_from_label: str | None = Field(description="that day as people read it, with its lunar day name")
    reschedule_reason: str | None = Field(description="why it was last moved, if a reason was given")
    planned_by: str | None
    version: int
    created_at: datetime
    updated_at: datetime
