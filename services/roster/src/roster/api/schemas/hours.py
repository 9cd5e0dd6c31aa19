"""Bodies of post offices' and transaction points' Tết hours: the manager's schedule and the public's view."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from lichtruc.events_hours import MAX_HOURS_DAYS, MAX_NOTE

from .common import In

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
HHMM_END = r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"


class SessionIn(In):
    opens: str = Field(pattern=HHMM, examples=["07:30"], description="local time (Asia/Ho_Chi_Minh)")
    closes: str = Field(pattern=HHMM_END, examples=["11:30"], description='after opens; "24:00" is midnight')


class DayHoursIn(In):
    day: date = Field(description="a local day of the campaign", examples=["2027-02-06"])
    open: bool = Field(description="false: closed all day (no sessions)")
    sessions: list[SessionIn] = Field(
        default_factory=list, max_length=2, description="one or two sessions of an open day, not overlapping"
    )
    note: str | None = Field(default=None, max_length=MAX_NOTE, examples=["Nghỉ giao thừa"])


class TetHoursIn(In):
    campaign_id: uuid.UUID
    days: list[DayHoursIn] = Field(
        max_length=MAX_HOURS_DAYS, description="the campaign's days (each once); all of them before publishing"
    )


class PublishIn(In):
    campaign_id: uuid.UUID


class SessionOut(BaseModel):
    opens: str
    closes: str


class DayHoursOut(BaseModel):
    day: date
    weekday_vi: str = Field(examples=["Thứ bảy"])
    lunar_day_vi: str = Field(examples=["Mùng 1 Tết"])
    lunar_day_en: str = Field(examples=["1st day of Tết"])
    open: bool
    sessions: list[SessionOut]
    note: str | None
    text_vi: str = Field(examples=["07:30–11:30, 13:30–17:00"], description='the hours as read, or "Nghỉ"')
    note_unprintable: list[str] = Field(
        default_factory=list,
        examples=[["福"]],
        description="the characters of the note that no font of the printed notice has: each prints as □ "
        "(reword the note to print it whole); empty when all of it prints",
    )


class TetHoursOut(BaseModel):
    """A point's schedule for a campaign as its manager sees it (the draft, and what is public)."""

    site_id: uuid.UUID
    site_name: str
    campaign_id: uuid.UUID
    campaign_name: str
    campaign_days: list[date] = Field(description="every local day of the campaign, in order")
    days: list[DayHoursOut] = Field(description="the draft schedule")
    version: int = Field(description='0: nothing entered yet (send If-Match: "0" with the first PUT)')
    published_version: int = Field(description="0: never published")
    published_at: datetime | None
    published_days: list[DayHoursOut] | None = Field(description="what the public sees")
    unpublished_changes: bool
    hours_deadline: datetime = Field(description="when the hours must be published (the campaign's deadline)")
    obligations_from: date | None = Field(
        default=None,
        description="the day the point's enterprise owes from (set by the Department for one that joined late; null: "
        "always)",
    )
    owed_days: list[date] = Field(
        default_factory=list,
        description="the days publishing needs: every campaign day, or those from obligations_from on (the days "
        "before may stay empty)",
    )
    hours_owed: bool = Field(
        default=True,
        description="false: the deadline falls before obligations_from, so the hours are welcome but not owed (never "
        "missing nor late)",
    )


class PublicCampaignOut(BaseModel):
    """The Tết campaign the public hours are of when none is named: under way or next, else the newest."""

    id: uuid.UUID
    name: str
    first_day: date = Field(description="its first local day")
    last_day: date = Field(description="its last local day")
    season: Literal["under_way", "coming", "over"] = Field(
        description="at the time asked: under way; to come (its hours, if any, are published ahead); over (no Tết is "
        "under way or opened to come: the hours shown are the last Tết's)"
    )


class PublicPointOut(BaseModel):
    site_id: uuid.UUID
    site_name: str
    district: str | None
    enterprise_id: uuid.UUID
    enterprise_name: str
    campaign_id: uuid.UUID
    campaign_name: str
    days: list[DayHoursOut]
    published_version: int
    published_at: datetime
    notice_url: str = Field(description="the printable A4 notice (PDF)")
