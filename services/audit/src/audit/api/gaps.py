"""Coverage gaps: the list with filters and pages, one gap, and the CSV export."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import AwareDatetime

from lichtruc.events import Sector

from ..db.queries import GapFilter
from ..domain.inforce import InForce, is_in_force
from ..domain.live import GapRecord
from ..domain.model import to_plain
from ..handlers import inspect
from .deps import Ctx, Within
from .schemas import GapOut, GapPage

router = APIRouter(tags=["gaps"])


InForceQuery = Annotated[
    InForce,
    Query(
        description="true (default): gaps in force — their start came, or the campaign's readiness deadline passed, "
        "while uncovered; false: planning gaps only (seen while the roster was built, closed in time, or "
        "not in force yet); all: both"
    ),
]


def gap_filter(
    within: Within,
    ctx: Ctx,
    campaign_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    sector: Sector | None = None,
    duty_type: Annotated[str | None, Query(max_length=100)] = None,
    site_id: uuid.UUID | None = None,
    border: Annotated[bool | None, Query(description="true: only gaps at border-area sites; false: all others")] = None,
    status: Annotated[
        Literal["open", "closed"] | None,
        Query(description="open: still uncovered in the roster; closed: covered by a later change"),
    ] = None,
    peak: Annotated[bool | None, Query(description="true: only gaps in a peak window (giao thừa…)")] = None,
    alerted: Annotated[
        bool | None, Query(description="true: published as alerts; false: already over when found (history)")
    ] = None,
    from_: Annotated[AwareDatetime | None, Query(alias="from", description="gaps ending after this instant")] = None,
    to: Annotated[AwareDatetime | None, Query(description="gaps starting before this instant")] = None,
    in_force: InForceQuery = "true",
) -> GapFilter:
    return GapFilter(
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        sector=sector,
        duty_type=duty_type,
        site_id=site_id,
        border=border,
        status=status,
        peak=peak,
        alerted=alerted,
        starts_before=to,
        ends_after=from_,
        within=within,
        in_force=in_force,
        now=ctx.clock(),
    )


def gap_out(g: GapRecord, shown: dict[str, Any], now: datetime) -> GapOut:
    plain = to_plain(g)
    return GapOut(
        **plain,
        **shown,
        minutes=round((g.ends_at - g.starts_at).total_seconds() / 60),
        missing=g.required - g.actual,
        in_force=is_in_force(g, now),
    )


FilterDep = Annotated[GapFilter, Depends(gap_filter)]


@router.get(
    "/gaps",
    response_model=GapPage,
    summary="Coverage gaps, by start time, with filters (enterprise, sector, duty type, border sites, "
    "time range, open/closed, peak, in force or planning) and pages; by default only gaps in force",
)
async def list_gaps(
    ctx: Ctx, f: FilterDep, offset: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> GapPage:
    rows, total = await inspect.gap_list(ctx=ctx, f=f, offset=offset, limit=limit)
    return GapPage(
        items=[gap_out(g, shown, f.now) for g, shown in rows],
        total=total,
        offset=offset,
        limit=limit,
        next_offset=offset + limit if offset + limit < total else None,
    )


@router.get(
    "/gaps.csv",
    response_class=Response,
    summary="The gaps matching the filters as CSV (UTF-8 with BOM)",
    responses={200: {"content": {"text/csv": {}}}},
)
async def gaps_csv(
    ctx: Ctx,
    f: FilterDep,
    lang: Annotated[
        Literal["vi", "en"],
        Query(
            description="language of the header row and of the codes (status, sector, duty type, "
            "qualification, yes/no, causes)"
        ),
    ] = "vi",
) -> Response:
    rows, _ = await inspect.gap_list(ctx=ctx, f=f, offset=0, limit=None)
    causes = await inspect.cause_words(ctx, rows, lang)
    return Response(
        inspect.gaps_csv(rows, lang, f.now, causes),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gaps.csv"'},
    )


@router.get("/gaps/{gap_id}", response_model=GapOut, summary="One gap, with its history fields")
async def get_gap(gap_id: uuid.UUID, ctx: Ctx) -> GapOut:
    g, shown = await inspect.one_gap(ctx=ctx, gap_id_=gap_id)
    return gap_out(g, shown, ctx.clock())
