"""The duty board of one enterprise in one campaign."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from .shifts import ShiftOut


class Ref(BaseModel):
    id: uuid.UUID
    name: str


class BoardPeak(BaseModel):
    name: str
    starts_at: datetime
    ends_at: datetime


class GapOut(BaseModel):
    starts_at: datetime
    ends_at: datetime
    required: int
    planned: int
    peak: str | None


class CoverageOut(BaseModel):
    site_id: uuid.UUID | None = Field(description="the requirement's site; none: the whole enterprise")
    required: int = Field(description="the most people required at any moment of the day")
    planned: int = Field(description="the fewest people planned while something is required")
    met: bool
    gaps: list[GapOut]
    met_published: bool = Field(
        description="met by published shifts alone; false while the requirement is met only with draft shifts "
        "counted (drafts count in `planned` and `gaps`, but staff and the inspectors do not see them)"
    )
    planned_published: int = Field(
        description="`planned` with the draft shifts left out: the fewest people on published shifts while something "
        "is required (equal to `planned` when the scope has no drafts)"
    )


class Person(BaseModel):
    staff_id: uuid.UUID
    full_name: str


class DutyDay(BaseModel):
    duty_type: str
    name_vi: str
    name_en: str
    shifts: list[ShiftOut]
    people: list[Person]
    coverage: list[CoverageOut]


class LunarDateOut(BaseModel):
    year: int
    month: int
    day: int
    leap: bool


class BoardDay(BaseModel):
    date: date
    lunar: LunarDateOut | None
    lunar_name_vi: str | None
    lunar_name_en: str | None
    peaks: list[BoardPeak]
    duty_types: list[DutyDay]


class BoardOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    campaign: Ref
    enterprise: Ref
    from_: date = Field(alias="from")
    to: date
    days: list[BoardDay]
