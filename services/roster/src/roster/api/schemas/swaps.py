"""Swap request bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .common import In
from .shifts import ShiftOut

SwapStatus = Literal["requested", "approved", "rejected"]


class SwapIn(In):
    from_staff_id: uuid.UUID = Field(description="the person on the shift who hands it over")
    to_staff_id: uuid.UUID | None = Field(default=None, description="a named colleague; none: anyone qualified")
    reason: str | None = Field(default=None, max_length=2000)


class ApproveSwapIn(In):
    to_staff_id: uuid.UUID | None = Field(default=None, description="who takes the shift (for an open request)")
    note: str | None = Field(default=None, max_length=2000)


class RejectSwapIn(In):
    note: str | None = Field(default=None, max_length=2000)


class SwapOut(BaseModel):
    id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None
    status: SwapStatus
    reason: str | None
    decision_note: str | None
    requested_by: str | None
    decided_by: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    shift: ShiftOut | None = Field(default=None, description="the shift after an approval")
