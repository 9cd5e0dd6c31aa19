"""Early-leave notice bodies ("Tôi cần về sớm", QZ29 #8; `domain.early_leave`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .common import BLANK_IS_NONE, In, Instant, LocalInstant

EarlyLeaveStatus = Literal["open", "withdrawn", "handed_over", "cancelled", "reassigned", "ended"]


class EarlyLeaveIn(In):
    staff_id: uuid.UUID = Field(description="the person on the shift who must leave (a staff member: themselves)")
    at: Instant | None = Field(
        default=None,
        description="from when they must leave: not before the shift's start, before its end (422 "
        "`early-leave-after-start`, `early-leave-before-end`); by default now rounded up to the next 5 minutes, as "
        "a handover's moment",
        examples=["2027-02-07T14:00:00+07:00"],
    )
    reason: Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None = Field(
        default=None,
        description="why; required, at most 500 characters (422 `early-leave-reason-required`, "
        "`early-leave-reason-short`)",
        examples=["Con bị sốt cao, phải đưa đi viện"],
    )
    colleague_id: uuid.UUID | None = Field(
        default=None,
        description="the colleague who agreed to take over, if any: one a handover would accept (of the enterprise, "
        "active, qualified, not on the shift, free from `at` to its end: 422 on `colleague_id` otherwise)",
    )


class WithdrawEarlyLeaveIn(In):
    staff_id: uuid.UUID = Field(description="the person whose open notice on the shift is withdrawn")


class EarlyLeaveOut(BaseModel):
    id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    staff_id: uuid.UUID
    staff_name: str | None = Field(description="the person's name (none: the record is gone)")
    leave_at: datetime
    leave_at_local: LocalInstant
    reason: str
    colleague_id: uuid.UUID | None
    colleague_name: str | None
    status: EarlyLeaveStatus = Field(
        description="open; withdrawn (by the person); handed_over, cancelled, reassigned (a manager's change of the "
        "shift closed it); ended (read so from the shift's end while open)"
    )
    asked_by: str | None
    closed_at: datetime | None
    closed_by: str | None
    handed_over_to: uuid.UUID | None = Field(description="closed by a handover: the shift that took the rest")
    version: int
    created_at: datetime
    updated_at: datetime
