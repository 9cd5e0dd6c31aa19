"""Presence: the stretches a post had fewer people than required because someone rostered had not checked in, whether
or not the roster was full (domain/presence.py)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lichtruc.paging import Page, Paging, page_out

from ..handlers import inspect
from .coverage import DutyQuery, SiteQuery
from .deps import Ctx, Viewer
from .schemas import AbsentOut, ShortfallOut

router = APIRouter(tags=["coverage"])


def shortfall_out(named: inspect.NamedShortfall) -> ShortfallOut:
    f = named.shortfall
    return ShortfallOut(
        **asdict(named.names),
        starts_at=f.starts_at,
        ends_at=f.ends_at,
        minutes=f.minutes,
        required=f.required,
        rostered=f.rostered,
        present=f.present,
        absent=[
            AbsentOut(
                staff_id=a.staff_id,
                full_name=a.full_name,
                shift_id=a.shift_id,
                shift_starts_at=a.shift_starts_at,
                shift_ends_at=a.shift_ends_at,
                absent_from=a.starts_at,
                absent_until=a.ends_at,
                checked_in_at=a.checked_in_at,
            )
            for a in f.absent
        ],
    )


@router.get(
    "/attendance/shortfalls",
    response_model=Page[ShortfallOut],
    summary="Presence shortfalls as of now: a post with fewer people there than required because someone rostered "
    "had not checked in (from 15 minutes after a shift's start until the check-in, the shift's end or now), the roster "
    "full or short, with the absent by name",
)
async def list_shortfalls(
    ctx: Ctx,
    request: Request,
    response: Response,
    visible: Viewer,
    page: Paging,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None = None,
    duty_type: DutyQuery = None,
    site_id: SiteQuery = None,
    day: Annotated[
        date | None, Query(description="only this local day (Asia/Ho_Chi_Minh), stretches cut to it")
    ] = None,
) -> dict[str, Any]:
    found = await inspect.presence_shortfalls(
        ctx=ctx,
        campaign_id=campaign_id,
        visible=visible,
        page=page,
        enterprise_id=enterprise_id,
        duty_type=duty_type,
        site_id=site_id,
        day=day,
    )
    return page_out(request, response, found, page.limit, [shortfall_out(n) for n in found.items])
