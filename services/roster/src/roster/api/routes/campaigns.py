"""/campaigns: Tết campaigns from the lunar calendar."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status

from ...domain.campaigns import LunarDay, Peak
from ...handlers import campaigns as handlers
from ..commands import etag, run
from ..deps import Actor, Ctx, IdempotencyKey, IfMatch, Pages
from ..paging import page_out
from ..schemas import CampaignIn, CampaignOut, CampaignPatch, LunarDayIn, Page, PeakIn

router = APIRouter(tags=["campaigns"])


def _day(day: LunarDayIn | None) -> LunarDay | None:
    return LunarDay(day.month, day.day, day.leap) if day else None


def _peaks(peaks: list[PeakIn] | None) -> tuple[Peak, ...] | None:
    return None if peaks is None else tuple(Peak(p.name, p.starts_at, p.ends_at) for p in peaks)


def _render(view: dict, *, created: bool = False) -> tuple[CampaignOut, dict[str, str]]:
    headers = etag(view["version"])
    if created:
        headers["Location"] = f"/campaigns/{view['id']}"
    return CampaignOut.model_validate(view), headers


@router.post(
    "/campaigns",
    status_code=status.HTTP_201_CREATED,
    response_model=CampaignOut,
    summary="Open the campaign of a Tết (dates from the lunar calendar) or a drill (free dates); publishes "
    "CampaignOpened",
    responses={409: {"description": "that lunar year's campaign exists"}},
)
async def open_campaign(
    body: CampaignIn, request: Request, ctx: Ctx, actor: Actor = None, idempotency_key: IdempotencyKey = None
) -> Response:
    cmd = handlers.OpenCampaign(
        body.lunar_year,
        _day(body.start),
        _day(body.end),
        _peaks(body.peaks),
        body.name,
        readiness_deadline=body.readiness_deadline,
        border_duty_types=tuple(body.border_duty_types),
        border_sectors=tuple(body.border_sectors),
        kind=body.kind,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
    )
    return await run(
        request,
        ctx,
        lambda uow: handlers.open_campaign(uow, cmd),
        lambda v: _render(v, created=True),
        status_code=201,
        actor=actor,
        idempotency_key=idempotency_key,
        payload=body.model_dump(mode="json"),
    )


@router.get("/campaigns", response_model=Page[CampaignOut], summary="Campaigns, newest lunar year first")
async def list_campaigns(
    request: Request,
    ctx: Ctx,
    pages: Pages,
    lunar_year: Annotated[int | None, Query(ge=1901, le=2100)] = None,
    kind: Literal["tet", "drill"] | None = None,
) -> dict:
    page = await handlers.list_campaigns(ctx, lunar_year=lunar_year, limit=pages.limit, offset=pages.offset, kind=kind)
    return page_out(request, page)


@router.get("/campaigns/{campaign_id}", response_model=CampaignOut, summary="One campaign (ETag: its version)")
async def get_campaign(campaign_id: uuid.UUID, ctx: Ctx, response: Response) -> dict:
    view = await handlers.get_campaign(ctx, campaign_id)
    response.headers.update(etag(view["version"]))
    return view


@router.patch(
    "/campaigns/{campaign_id}",
    response_model=CampaignOut,
    summary="Change start/end (lunar days), peaks, name or readiness deadline; needs If-Match; "
    "publishes CampaignUpdated",
)
async def edit_campaign(
    campaign_id: uuid.UUID, body: CampaignPatch, request: Request, ctx: Ctx, pre: IfMatch, actor: Actor = None
) -> Response:
    cmd = handlers.EditCampaign(
        _day(body.start),
        _day(body.end),
        _peaks(body.peaks),
        body.name,
        readiness_deadline=body.readiness_deadline,
        default_readiness="readiness_deadline" in body.model_fields_set and body.readiness_deadline is None,
        border_duty_types=None if body.border_duty_types is None else tuple(body.border_duty_types),
        border_sectors=None if body.border_sectors is None else tuple(body.border_sectors),
        starts_at=body.starts_at,
        ends_at=body.ends_at,
    )
    return await run(request, ctx, lambda uow: handlers.edit_campaign(uow, campaign_id, cmd, pre), _render, actor=actor)
