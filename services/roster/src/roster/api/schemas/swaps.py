"""Swap request bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .common import BLANK_IS_NONE, In, LocalSpan
from .reference import Note
from .shifts import ShiftOut

SwapStatus = Literal["requested", "approved", "rejected", "withdrawn", "lapsed"]
"""`lapsed`: still waiting when the shift began (read so from that instant); nobody may decide it."""
SwapAnswer = Literal["accepted", "declined"]
SwapStage = Literal["asking", "open", "accepted", "declined"]
"""A waiting request's stage: "asking" its named colleague, "open" to anyone qualified, the colleague "accepted" (the
manager's to decide), or "declined" (back with the asker)."""

_NOTE = Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None


class SwapIn(In):
    from_staff_id: uuid.UUID = Field(description="the person on the shift who hands it over")
    to_staff_id: uuid.UUID | None = Field(default=None, description="a named colleague; none: anyone qualified")
    reason: Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None = None


class ApproveSwapIn(In):
    to_staff_id: uuid.UUID | None = Field(default=None, description="who takes the shift (for an open request)")
    note: Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None = None
    agreement: _NOTE = Field(
        default=None,
        description="a request the colleague has not accepted: how they agreed (by phone…); required then (409 "
        "swap-unanswered without it), kept on the request and in ShiftSwapped",
    )


class AnswerSwapIn(In):
    note: _NOTE = Field(default=None, description="what the colleague writes with their answer")


class TakeSwapIn(In):
    staff_id: uuid.UUID = Field(description="the colleague taking the shift: the caller's own staff record")
    note: _NOTE = Field(default=None, description="what the colleague writes with it")


class AskAgainIn(In):
    to_staff_id: uuid.UUID | None = Field(default=None, description="the colleague now asked; none: anyone qualified")


class RejectSwapIn(In):
    note: Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None = None


class NightShiftsOut(BaseModel):
    """Too many night shifts: how many taking the shift would give them within the rule's period, over its limit."""

    count: int = Field(description="the most night shifts (22:00–06:00) in one period holding this shift")
    within_days: float = Field(description="the period, in days (ROSTER_NIGHT_SHIFT_PERIOD)")
    at_most: int = Field(description="the most the rule allows in it (ROSTER_NIGHT_SHIFT_LIMIT)")


class SwapCandidateOut(BaseModel):
    """A colleague who could take the shift over: a name — no e-mail, phone or national id (a staff member may not
    list staff), only hints enough to tell two colleagues of one name apart."""

    id: uuid.UUID
    full_name: str
    phone_end: str | None = Field(
        default=None, description="the last three digits of their phone number (to tell namesakes apart)"
    )
    email_hint: str | None = Field(
        default=None, description="their e-mail with the middle of its name part hidden: u…t@vnpt.vn"
    )
    shared_shift: bool = Field(
        description="has been on a shift (published, not cancelled, begun by now) with the person handing this one "
        "over; a shift only scheduled together does not count"
    )
    short_rest_hours: float | None = Field(
        default=None,
        description="the rest (hours) taking the shift would leave them between it and another shift of theirs, "
        "where under the minimum rest (ROSTER_MIN_REST_HOURS; the soft rule the board then warns of); null otherwise",
    )
    night_shifts: NightShiftsOut | None = Field(
        default=None,
        description="taking the shift would give them more night shifts in a period than the rule allows; null "
        "otherwise",
    )
    warnings: list[Note] = Field(
        default_factory=list,
        description="every warning the shift would carry about them once handed over, in the shift's own words "
        "(the soft rules its approval applies: short rest, too many night shifts)",
    )


class SwapShiftOut(BaseModel):
    """The shift a request is about, in words: what a person needs to read the request."""

    duty_type: str
    duty_type_vi: str = Field(description="the duty type in words, Vietnamese")
    duty_type_en: str = Field(description="the duty type in words, English")
    site_name: str | None = Field(description="the shift's site; none: the enterprise as a whole")
    covers_site_names: list[str] = Field(
        default_factory=list, description="the further sites the shift covers (covers_site_ids), by name"
    )
    starts_at: datetime
    ends_at: datetime
    local: LocalSpan


class SwapOut(BaseModel):
    id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    from_staff_id: uuid.UUID
    from_name: str | None = Field(description="the name of the person handing over (none: the record is gone)")
    to_staff_id: uuid.UUID | None
    to_name: str | None = Field(description="the name of the colleague named to take over; none: anyone qualified")
    about: SwapShiftOut | None = Field(description="the shift the request is about, in words")
    status: SwapStatus
    reason: str | None
    decision_note: str | None
    requested_by: str | None
    decided_by: str | None
    answer: SwapAnswer | None = Field(
        default=None, description="the named colleague's answer; none while nobody has answered (or nobody is named)"
    )
    answer_note: str | None = Field(default=None, description="what the colleague wrote with their answer")
    answered_at: datetime | None = None
    agreement: str | None = Field(
        default=None, description="approved before the colleague accepted: how the manager says they agreed"
    )
    stage: SwapStage | None = Field(
        default=None, description="a waiting request's stage (none once it is no longer waiting)"
    )
    version: int
    created_at: datetime
    updated_at: datetime
    shift: ShiftOut | None = Field(default=None, description="the shift after an approval")
