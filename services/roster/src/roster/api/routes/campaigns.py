"""/campaigns: Tết campaigns from the lunar calendar."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status

from lichtruc import lunar
from lichtruc.paging import page_out

from ...domain.campaigns import Campaign, CampaignDay, CampaignWarning, LunarDay, Peak
from ...handlers import campaigns as handlers
from ..commands import etag
from ..deps import Change, Ctx, Cursor, IdempotentChange, IfMatch
from ..schemas import (
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    LunarDayIn,
    LunarDayOut,
    Note,
    Page,
    PeakIn,
    PeakOut,
)
from ..views import local_instant, local_span

router = APIRouter(tags=["campaigns"])


def _day(day: LunarDayIn | None) -> LunarDay | None:
    return LunarDay(day.month, day.day, day.leap) if day else None


def _peaks(peaks: list[PeakIn] | None) -> tuple[Peak, ...] | None:
    return None if peaks is None else tuple(Peak(p.name, p.starts_at, p.ends_at) for p in peaks)


def _lunar_day(day: CampaignDay, tet_year: int) -> LunarDayOut:
    ld = day.lunar_date(tet_year)
    return LunarDayOut(
        month=day.month,
        day=day.day,
        leap=day.leap,
        lunar_year=ld.year,
        date=lunar.lunar_to_solar(ld),
        name_vi=lunar.day_name(ld, "vi"),
        name_en=lunar.day_name(ld, "en"),
    )


def campaign_out(c: Campaign, warnings: Iterable[CampaignWarning] = ()) -> CampaignOut:
    """A campaign as the API shows it: UTC instants, their local and lunar reading (and the warnings of the change
    that answered it)."""
    return CampaignOut(
        id=c.id,
        kind=c.kind,
        lunar_year=c.lunar_year,
        name=c.name,
        starts_at=c.starts_at,
        ends_at=c.ends_at,
        start=_lunar_day(c.start, c.lunar_year),
        end=_lunar_day(c.end, c.lunar_year),
        local=local_span(c.starts_at, c.ends_at),
        peaks=[
            PeakOut(name=p.name, starts_at=p.starts_at, ends_at=p.ends_at, local=local_span(p.starts_at, p.ends_at))
            for p in c.peaks
        ],
        readiness_deadline=c.deadline,
        readiness_deadline_default=c.readiness_deadline is None,
        readiness_deadline_local=local_instant(c.deadline),
        hours_deadline=c.hours_due,
        hours_deadline_default=c.hours_deadline is None,
        border_duty_types=list(c.border_duty_types),
        border_sectors=list(c.border_sectors),
        version=c.version,
        created_at=c.created_at,
        updated_at=c.updated_at,
        warnings=[Note.model_validate(w.as_dict()) for w in warnings],
    )


def _render(outcome: handlers.CampaignOutcome, *, created: bool = False) -> tuple[CampaignOut, dict[str, str]]:
    campaign = outcome.campaign
    headers = etag(campaign.version)
    if created:
        headers["Location"] = f"/campaigns/{campaign.id}"
    return campaign_out(campaign, outcome.warnings), headers


@router.post(
    "/campaigns",
    status_code=status.HTTP_201_CREATED,
    response_model=CampaignOut,
    summary="Open the campaign of a Tết (dates from the lunar calendar) or a drill (free dates); publishes "
    "CampaignOpened",
    responses={409: {"description": "that lunar year's campaign exists"}},
)
async def open_campaign(body: CampaignIn, change: IdempotentChange) -> Response:
    cmd = handlers.OpenCampaign(
        body.lunar_year,
        _day(body.start),
        _day(body.end),
        _peaks(body.peaks),
        body.name,
        readiness_deadline=body.readiness_deadline,
        hours_deadline=body.hours_deadline,
        border_duty_types=None if body.border_duty_types is None else tuple(body.border_duty_types),
        border_sectors=None if body.border_sectors is None else tuple(body.border_sectors),
        kind=body.kind,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
    )
    return await change.run(
        lambda uow: handlers.open_campaign(uow, cmd),
        lambda v: _render(v, created=True),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.get("/campaigns", response_model=Page[CampaignOut], summary="Campaigns, newest lunar year first")
async def list_campaigns(
    request: Request,
    response: Response,
    ctx: Ctx,
    paging: Cursor,
    lunar_year: Annotated[int | None, Query(ge=1901, le=2100)] = None,
    kind: Literal["tet", "drill"] | None = None,
) -> dict[str, Any]:
    page = await handlers.list_campaigns(ctx, lunar_year=lunar_year, kind=kind, page=paging)
    return page_out(request, response, page, paging.limit, [campaign_out(c) for c in page.items])


@router.get("/campaigns/{campaign_id}", response_model=CampaignOut, summary="One campaign (ETag: its version)")
async def get_campaign(campaign_id: uuid.UUID, ctx: Ctx, response: Response) -> CampaignOut:
    campaign = await handlers.get_campaign(ctx, campaign_id)
    response.headers.update(etag(campaign.version))
    out = campaign_out(campaign)
    out.min_rest_hours = ctx.limits.min_rest.total_seconds() / 3600
    return out


@router.patch(
    "/campaigns/{campaign_id}",
    response_model=CampaignOut,
    summary="Change start/end (lunar days), peaks, name or readiness deadline; needs If-Match; "
    "publishes CampaignUpdated",
)
async def edit_campaign(campaign_id: uuid.UUID, body: CampaignPatch, change: Change, pre: IfMatch) -> Response:
    cmd = handlers.EditCampaign(
        _day(body.start),
        _day(body.end),
        _peaks(body.peaks),
        body.name,
        readiness_deadline=body.readiness_deadline,
        hours_deadline=body.hours_deadline,
        default_readiness="readiness_deadline" in body.model_fields_set and body.readiness_deadline is None,
        default_hours_deadline="hours_deadline" in body.model_fields_set and body.hours_deadline is None,
        border_duty_types=None if body.border_duty_types is None else tuple(body.border_duty_types),
        border_sectors=None if body.border_sectors is None else tuple(body.border_sectors),
        starts_at=body.starts_at,
        ends_at=body.ends_at,
    )
    return await change.run(lambda uow: handlers.edit_campaign(uow, campaign_id, change=cmd, pre=pre), _render)
