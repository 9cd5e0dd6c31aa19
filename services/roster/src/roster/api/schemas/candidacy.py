"""What roster would say of each person were they put on a shift (GET /enterprises/{id}/shift-candidates)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from .reference import Note
from .swaps import NightShiftsOut


class NearShiftOut(BaseModel):
    """Another shift of the person's, as a picker names it."""

    shift_id: uuid.UUID
    duty_type: str | None
    starts_at: datetime
    ends_at: datetime
    enterprise_name: str | None = Field(default=None, description="set when it is another enterprise's shift")


class ShortRestOut(NearShiftOut):
    rest_hours: float = Field(description="the rest between the two shifts, under the minimum (0: back to back)")
    before: bool = Field(description="true: that shift ends before this one starts; false: it starts after it ends")
    min_rest_hours: float = Field(
        description="the least rest the rule asks between two shifts (ROSTER_MIN_REST_HOURS): how short this one falls"
    )


class CandidacyOut(BaseModel):
    """One person as the shift's checks would judge them on it."""

    id: uuid.UUID
    full_name: str = Field(description="empty for an id that is no staff record")
    refused: list[Note] = Field(
        default_factory=list,
        description="the hard rules they break (not active, another enterprise's, not qualified): a save is refused",
    )
    busy: list[NearShiftOut] = Field(
        default_factory=list, description="their other active shifts overlapping this one: a save is refused (409)"
    )
    short_rests: list[ShortRestOut] = Field(
        default_factory=list,
        description="their other shifts leaving less than the minimum rest (ROSTER_MIN_REST_HOURS)",
    )
    night_shifts: NightShiftsOut | None = Field(
        default=None, description="with this shift, more night shifts in a period than the rule allows; null otherwise"
    )
    warnings: list[Note] = Field(
        default_factory=list, description="every warning the saved shift would carry about them, in roster's words"
    )
    free: bool = Field(description="nothing to say: qualified, free at the time and rested")
    can_check_in: bool = Field(
        default=True,
        description="an active account is linked to them, so they can check in themselves; false: they cannot — put "
        "on the shift, a manager records their arrival (POST /shifts/{id}/presence) — not a rule a save breaks",
    )


class CandidaciesOut(BaseModel):
    # `people`, not `items`: a judgement of each person asked about (at most 50, by id), not a list to page
    people: list[CandidacyOut] = Field(description="each person asked about (`staff_id`), in the order asked")
