"""Copying last Tết's coverage requirements and Tết opening hours into a new Tết campaign (QZ27 #5)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from lichtruc.bodies import In

from .requirements import RequirementOut


class TetCopyIn(In):
    """What to copy from the Tết campaign before this one: one enterprise's, or (the Department) every one's."""

    enterprise_id: uuid.UUID | None = Field(
        default=None,
        description="the enterprise whose last-Tết requirements or hours to copy; none: every enterprise the caller "
        "manages (an administrator: the whole province)",
    )
    dry_run: bool = Field(
        default=False, description="true: answer what would be copied and skipped, and why, copying nothing"
    )


class TetHoursCopyIn(TetCopyIn):
    replace_drafts: bool = Field(
        default=False,
        description="true: a point whose draft in this campaign has days already gets last Tết's in their stead (the "
        "answer to the question the portal asks first); false: such a point is skipped (has-draft)",
    )


class SkippedOut(BaseModel):
    what: str = Field(description="the requirement in words, or the point's name")
    why: str = Field(
        description="exists, border-default, outside, site-gone (requirements); has-draft, day-outside (hours)"
    )
    why_vi: str
    why_en: str
    day: date | None = Field(default=None, description="for day-outside: last Tết's day that has no day to go to")


class RequirementsCopyOut(BaseModel):
    from_campaign_id: uuid.UUID = Field(description="the Tết campaign copied from: the one before, drills aside")
    from_campaign_name: str
    dry_run: bool
    added: int = Field(description="how many requirements were added (would be, on a dry run)")
    skipped: int = Field(description="how many of last Tết's were not copied (each in skipped_items, with why)")
    requirements: list[RequirementOut]
    skipped_items: list[SkippedOut]


class PointCopiedOut(BaseModel):
    site_id: uuid.UUID
    site_name: str
    days: int = Field(description="the days its draft got (would get, on a dry run)")
    replaced: bool = Field(description="its draft had days, overwritten as asked (replace_drafts)")


class HoursCopyOut(BaseModel):
    from_campaign_id: uuid.UUID
    from_campaign_name: str
    dry_run: bool
    points: int = Field(description="how many points' drafts got last Tết's days (to check and publish)")
    days: int = Field(description="how many days were copied in all")
    skipped: int = Field(description="the points and days not copied (each in skipped_items, with why)")
    copied: list[PointCopiedOut]
    skipped_items: list[SkippedOut]
