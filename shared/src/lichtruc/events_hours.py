"""Events of the directive: Transaction points' Tết hours (issue 15, part 3). Registered with `lichtruc.events` on import (that
module imports this one at its end), published by roster on the roster topic."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from pydantic import AwareDatetime, Field, model_validator

from .events import EventData, _Value

MAX_SESSIONS = 2
"""A transaction point opens once or twice a day (morning and afternoon)."""
MAX_HOURS_DAYS = 120
"""At most one entry per day of a campaign (a campaign lasts at most 120 days)."""
MAX_NOTE = 300


class OpeningSession(_Value):
    """One opening of a day, local (Asia/Ho_Chi_Minh) wall-clock times; ``closes`` after ``opens``
    ("24:00" is the end of the day)."""

    opens: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["07:30"])
    closes: str = Field(pattern=r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$", examples=["11:30"])


class DayHours(_Value):
    """One local day of the campaign at a transaction point: open with one or two sessions, or closed."""

    day: dt.date = Field(description="the local (Vietnam) calendar day")
    open: bool
    sessions: tuple[OpeningSession, ...] = Field(default=(), max_length=MAX_SESSIONS)
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class TransactionHoursPublished(EventData):
    """A transaction point published its opening hours for a campaign's days (the whole schedule;
    a new publication after a change carries a higher ``published_version``). Key: the enterprise id."""

    event_type: ClassVar[str] = "lichtruc.roster.transaction_hours.published.v1"

    site_id: uuid.UUID
    enterprise_id: uuid.UUID
    campaign_id: uuid.UUID
    site_name: str = Field(min_length=1, max_length=200)
    district: str | None = Field(default=None, max_length=100)
    days: tuple[DayHours, ...] = Field(max_length=MAX_HOURS_DAYS, description="every day of the campaign, in order")
    published_at: AwareDatetime
    published_version: int = Field(ge=1, description="1 for the first publication, +1 for each later one")
    version: int = Field(ge=1, description="the version of the schedule that was published")
    actor: str | None = Field(default=None, max_length=200, description="who published")

    @model_validator(mode="after")
    def _days_in_order(self) -> TransactionHoursPublished:
        days = [d.day for d in self.days]
        if days != sorted(set(days)):
            raise ValueError("days must be distinct and in order")
        return self
