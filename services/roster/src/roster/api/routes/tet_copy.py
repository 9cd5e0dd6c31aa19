"""Last Tết's coverage requirements and Tết opening hours copied into a new Tết campaign (QZ27 #5): each day as
many days from mùng 1 as it was (`domain.tet_copy`), nothing the campaign has overwritten without being asked, what
was copied and skipped counted, and why."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from ...domain.tet_copy import SKIPPED_WHY, Skipped
from ...handlers import tet_copy as handlers
from ..deps import Caller, Change
from ..schemas.tet_copy import (
    HoursCopyOut,
    PointCopiedOut,
    RequirementsCopyOut,
    SkippedOut,
    TetCopyIn,
    TetHoursCopyIn,
)
from ..views import requirement_out

router = APIRouter(tags=["requirements"])


def _skipped(s: Skipped) -> SkippedOut:
    vi, en = SKIPPED_WHY[s.why]
    return SkippedOut(what=s.what, why=s.why, why_vi=vi, why_en=en, day=s.day)


def _enterprises(body: TetCopyIn, caller: Caller) -> list[uuid.UUID] | None:
    """The one asked for; else every one the caller manages, or (an administrator) None: the whole province."""
    if body.enterprise_id is not None:
        return [body.enterprise_id]
    if caller.role == "admin":
        return None
    return sorted(uuid.UUID(e) for e in caller.enterprise_ids)


@router.post(
    "/campaigns/{campaign_id}/requirements/previous-tet",
    response_model=RequirementsCopyOut,
    summary="Copy the coverage requirements of the Tết campaign before this one (drills aside), of one enterprise "
    "or every one the caller manages (an administrator: the province): daily windows as they were, one-off ones as "
    "many days from this Tết's mùng 1 as they were from that one's; one the campaign has, a border default, one "
    "moved outside the campaign or of a site gone is skipped and counted with why; dry_run: what it would add; one "
    "RequirementSet each; into a drill, 422 copy-tet-only; a manager's into a Tết already begun (the copies would "
    "apply to the days past, the Department's alone), 409 past-kept",
)
async def copy_previous_tet_requirements(
    campaign_id: uuid.UUID, change: Change, caller: Caller, body: TetCopyIn | None = None
) -> Response:
    asked = body or TetCopyIn()

    def render(done: handlers.RequirementsFromTet) -> tuple[RequirementsCopyOut, dict[str, str]]:
        return RequirementsCopyOut(
            from_campaign_id=done.from_campaign.id,
            from_campaign_name=done.from_campaign.name,
            dry_run=asked.dry_run,
            added=len(done.added),
            skipped=len(done.skipped),
            requirements=[requirement_out(r) for r in done.added],
            skipped_items=[_skipped(s) for s in done.skipped],
        ), {}

    return await change.run(
        lambda uow: handlers.copy_requirements_from_tet(
            uow,
            campaign_id,
            enterprise_ids=_enterprises(asked, caller),
            by_department=caller.role == "admin",
            dry_run=asked.dry_run,
        ),
        render,
    )


@router.post(
    "/campaigns/{campaign_id}/tet-hours/previous-tet",
    response_model=HoursCopyOut,
    summary="Copy the Tết opening hours of the post offices and transaction points of the Tết campaign before this "
    "one (what was published, else the draft) into this one's drafts, of one enterprise or every one the caller "
    "manages (an administrator: the province): each day as many days from mùng 1 as it was, 29 or 30 tháng Chạp to "
    "this year's last day before mùng 1; a day landing outside the campaign is skipped; a point whose draft has "
    "days is skipped unless replace_drafts; nothing published; dry_run: what it would copy",
)
async def copy_previous_tet_hours(
    campaign_id: uuid.UUID, change: Change, caller: Caller, body: TetHoursCopyIn | None = None
) -> Response:
    asked = body or TetHoursCopyIn()

    def render(done: handlers.HoursFromTet) -> tuple[HoursCopyOut, dict[str, str]]:
        filled = done.filled
        return HoursCopyOut(
            from_campaign_id=done.from_campaign.id,
            from_campaign_name=done.from_campaign.name,
            dry_run=asked.dry_run,
            points=len(filled),
            days=sum(len(p.copied.days) for p in filled),
            skipped=len(done.skipped),
            copied=[
                PointCopiedOut(
                    site_id=p.site.id, site_name=p.site.name, days=len(p.copied.days), replaced=p.copied.replaced
                )
                for p in filled
            ],
            skipped_items=[_skipped(s) for s in done.skipped],
        ), {}

    return await change.run(
        lambda uow: handlers.copy_hours_from_tet(
            uow,
            campaign_id,
            enterprise_ids=_enterprises(asked, caller),
            replace_drafts=asked.replace_drafts,
            dry_run=asked.dry_run,
        ),
        render,
    )
