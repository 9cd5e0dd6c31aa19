"""Request and response bodies of roster's HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class DutyType(StrEnum):
    leadership = "leadership"
    operations = "operations"
    incident_response = "incident_response"
    patrol = "patrol"


class AssigneeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    staff_id: uuid.UUID
    full_name: str = Field(min_length=1, max_length=200, examples=["Nguyễn Thị Ánh Tuyết"])


class AssigneeOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    qualified: bool = True


class ShiftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: uuid.UUID
    campaign_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None
    duty_type: DutyType
    starts_at: AwareDatetime = Field(examples=["2027-02-05T22:00:00+07:00"])
    ends_at: AwareDatetime = Field(examples=["2027-02-06T06:00:00+07:00"])
    assignees: list[AssigneeIn] = Field(min_length=1, max_length=50)
    notes: str | None = Field(default=None, max_length=2000)


class ShiftOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    campaign_id: uuid.UUID | None
    site_id: uuid.UUID | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    assignees: list[AssigneeOut]
    status: str
    notes: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class OutboxStatus(BaseModel):
    pending: int = Field(description="events committed but not yet acknowledged by Kafka")
    oldest_pending_at: datetime | None
