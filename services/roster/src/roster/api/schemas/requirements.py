"""Coverage requirement bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from .common import DutyType, In, Instant
from .reference import Note

_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class OneOffWindowIn(In):
    kind: Literal["one_off"]
    starts_at: Instant
    ends_at: Instant


class DailyWindowIn(In):
    """Every day of the campaign between two local times; an end at or before the start
    crosses midnight, 00:00–00:00 is the whole day."""

    kind: Literal["daily"]
    start_local: str = Field(pattern=_HHMM, examples=["00:00"])
    end_local: str = Field(pattern=_HHMM, examples=["00:00"])


WindowIn = Annotated[OneOffWindowIn | DailyWindowIn, Field(discriminator="kind")]

Applies = Literal["from_now", "whole_campaign"]
APPLIES = (
    "How a change made during the campaign applies: `from_now`, a new rule from now "
    "on (the time already past keeps the version before; the event's applies_from is the minute of roster's now), "
    "or `whole_campaign`, the correction of a number typed wrong (the rule was always so; applies_from null). Before "
    "the campaign begins both mean the whole campaign. Missing: `whole_campaign`, as before the choice existed "
    "(API clients, imports and the demo keep working unchanged). Once the campaign has begun, `whole_campaign` rewrites "
    "the days past and is the Department's alone (an administrator); a manager's is refused (409 `past-kept`)."
)


class RequirementIn(In):
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = Field(default=None, description="only this site's shifts count; none: the enterprise's")
    duty_type: DutyType
    window: WindowIn
    minimum: int = Field(ge=0, le=1000)
    peak_minimum: int | None = Field(default=None, ge=0, le=1000, description="the minimum inside peak windows")
    applies: Applies = Field(default="whole_campaign", description=APPLIES)


class RequirementPatch(In):
    site_id: uuid.UUID | None = None
    duty_type: DutyType | None = None
    window: WindowIn | None = None
    minimum: int | None = Field(default=None, ge=0, le=1000)
    peak_minimum: int | None = Field(default=None, ge=0, le=1000)
    applies: Applies = Field(default="whole_campaign", description=APPLIES)


class RemovalOut(BaseModel):
    """When a requirement was removed, and from when its removal applies."""

    at: datetime = Field(description="when roster recorded the removal")
    applies_from: datetime | None = Field(
        description="from when it no longer applies (removed from then on: the time before still required it); "
        "null: the whole campaign (as if it had never been)"
    )


class RequirementOut(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    window: dict[str, Any]
    minimum: int
    peak_minimum: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    department_default: bool = Field(
        False,
        description="One of the Department's Tết defaults for a border site: a manager may raise it but not "
        "lower, change or remove it (only an administrator, for the Department, can)",
    )
    department_minimum: int | None = Field(None, description="The Department's floor for `minimum` (defaults only)")
    department_peak_minimum: int | None = Field(
        None, description="The Department's floor for `peak_minimum` (defaults only; null: as `minimum`)"
    )
    removed: RemovalOut | None = Field(
        None,
        description="set on a removed requirement (read with include_removed=true), as it last was: nothing can "
        "change it any more",
    )
    warnings: list[Note] = Field(
        default_factory=list,
        description="what setting or changing it warns about: more people than the enterprise's active staff holding "
        "the duty type's qualification (beyond-staff, with required and available); it is saved all the same "
        "(not stored; always empty when read)",
    )


class RequirementVersionOut(BaseModel):
    """One version of a requirement, as the board judges the time it was in force."""

    version: int
    applies_from: datetime | None = Field(
        description="from when this version applied (a change from then on); null: the whole campaign (a correction, "
        "or the campaign had not begun)"
    )
    removed: bool = Field(description="this version removed the requirement")
    site_id: uuid.UUID | None
    duty_type: str | None
    window: dict[str, Any] | None
    minimum: int | None
    peak_minimum: int | None
    recorded_at: datetime = Field(description="when roster recorded the change")
