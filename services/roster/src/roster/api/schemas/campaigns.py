"""Campaign bodies: a Tết campaign from the lunar calendar, or a drill with free dates."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from .common import DutyType, In, Instant, LocalInstant, LocalSpan, Name, Sector
from .reference import Note


class LunarDayIn(In):
    """A lunar day relative to the Tết year: months 7–12 are in the year before Tết (23 tháng
    Chạp = month 12, day 23), months 1–6 in the Tết year (mùng 10 tháng Giêng = month 1, day 10)."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=30)
    leap: bool = False


class PeakIn(In):
    name: Name = Field(examples=["Giao thừa"])
    starts_at: Instant
    ends_at: Instant


class CampaignIn(In):
    kind: Literal["tet", "drill"] = Field(
        default="tet",
        description=(
            "tet: the campaign of a Tết, dates from the lunar calendar, one per lunar year; drill: an exercise "
            "before Tết, free dates (starts_at, ends_at), at most 14 days, as many as held"
        ),
    )
    lunar_year: int | None = Field(
        default=None,
        ge=1901,
        le=2100,
        examples=[2027],
        description="the Gregorian year of the Tết (required for kind tet; a drill's is the Tết season of its dates)",
    )
    starts_at: Instant | None = Field(default=None, description="a drill's start")
    ends_at: Instant | None = Field(default=None, description="a drill's end")
    start: LunarDayIn | None = Field(default=None, description="default 23 tháng Chạp (month 12, day 23)")
    end: LunarDayIn | None = Field(default=None, description="default mùng 10 tháng Giêng (month 1, day 10)")
    peaks: list[PeakIn] | None = Field(
        default=None,
        max_length=20,
        description="default: Giao thừa, 18:00 on the last day of the year to 06:00 on mùng 1; [] for none",
    )
    name: Name | None = Field(default=None, description='default e.g. "Tết Đinh Mùi 2027"')
    readiness_deadline: Instant | None = Field(
        default=None,
        description="when the roster must be ready (gaps still open then are in force); "
        "default 24 h before the campaign starts, following the start when it moves",
    )
    hours_deadline: Instant | None = Field(
        default=None,
        description="when every post office and transaction point must have published its Tết opening hours; "
        "default the campaign's first day, 00:00 local, following the start when it moves",
    )
    border_duty_types: list[DutyType] | None = Field(
        default=None,
        max_length=4,
        description="the Tết defaults: duty types every border site (of the border sectors) must have around the "
        'clock; roster creates the missing whole-day requirements (minimum 1). Default ["patrol"] for a Tết '
        "campaign; [] for none. Tết campaigns only: a drill gets none, and giving a drill any is a 422",
    )
    border_sectors: list[Sector] | None = Field(
        default=None,
        max_length=4,
        description='sectors whose border sites get the defaults; default ["telecom", "internet"] for a Tết '
        "campaign (the directive names them), none for a drill",
    )


class CampaignPatch(In):
    start: LunarDayIn | None = None
    end: LunarDayIn | None = None
    starts_at: Instant | None = Field(default=None, description="a drill's start")
    ends_at: Instant | None = Field(default=None, description="a drill's end")
    peaks: list[PeakIn] | None = Field(default=None, max_length=20)
    name: Name | None = None
    readiness_deadline: Instant | None = Field(
        default=None,
        description="a new readiness deadline; an explicit null goes back to the default (24 h before the start)",
    )
    hours_deadline: Instant | None = Field(
        default=None,
        description="a new deadline for published opening hours; an explicit null goes back to the default "
        "(the campaign's first day, 00:00 local)",
    )
    border_duty_types: list[DutyType] | None = Field(
        default=None,
        max_length=4,
        description="new defaults (Tết campaigns only): missing requirements are created, none removed",
    )
    border_sectors: list[Sector] | None = Field(default=None, max_length=4)


class LunarDayOut(BaseModel):
    month: int
    day: int
    leap: bool
    lunar_year: int
    date: date
    name_vi: str
    name_en: str


class PeakOut(BaseModel):
    name: str
    starts_at: datetime
    ends_at: datetime
    local: LocalSpan


class CampaignOut(BaseModel):
    id: uuid.UUID
    kind: Literal["tet", "drill"] = "tet"
    lunar_year: int
    name: str
    starts_at: datetime
    ends_at: datetime
    start: LunarDayOut
    end: LunarDayOut
    local: LocalSpan
    peaks: list[PeakOut]
    readiness_deadline: datetime = Field(description="gaps still open at this instant are in force")
    readiness_deadline_default: bool = Field(description="true: the default, 24 h before the start")
    readiness_deadline_local: LocalInstant
    hours_deadline: datetime | None = Field(
        default=None,
        description="post offices and transaction points without published Tết hours at this instant are listed as "
        "missing",
    )
    hours_deadline_default: bool = Field(default=True, description="true: the default, the campaign's start")
    border_duty_types: list[str] = Field(
        description="the Tết defaults for border sites: duty types required around the clock (a drill gets none)"
    )
    border_sectors: list[str] = Field(description="sectors whose border sites get the defaults")
    version: int
    created_at: datetime
    updated_at: datetime
    min_rest_hours: float | None = Field(
        default=None,
        description="the least rest between one person's shifts (ROSTER_MIN_REST_HOURS, a soft rule the board warns "
        "of): given when one campaign is read, so the hours per person count the rests below it",
    )
    warnings: list[Note] = Field(
        default_factory=list,
        description="what opening or moving this drill warns about: in the past, over Tết, over another drill "
        "(not stored; always empty for a Tết campaign and when read)",
    )
