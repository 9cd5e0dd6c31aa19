"""Coverage gaps: the list with filters and pages, one gap, and the CSV export."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from lichtruc import vntime
from lichtruc.bodies import Instant
from lichtruc.events import Sector
from lichtruc.paging import Paging, page_out
from lichtruc.sheets import attachment

from ..db.queries import GapFilter, ListedGap
from ..domain.causes import CauseEvent
from ..domain.explanations import owes_explanation
from ..domain.export import export_name, filters_set, none_said
from ..domain.inforce import InForce, is_in_force
from ..domain.live import closed_as, gap_end, opened_as, rest_ends, still_short
from ..domain.model import to_plain
from ..handlers import inspect
from .deps import Ctx, SeparatorQuery, Viewer
from .schemas import GapOut, GapPage, GapsEnded, GapSuccessor, ShortWindow

router = APIRouter(tags=["gaps"])


InForceQuery = Annotated[
    InForce,
    Query(
        description="true (default): gaps in force — their start came, or the campaign's readiness deadline passed, "
        "while uncovered; false: planning gaps only (seen while the roster was built, closed in time, or "
        "not in force yet); all: both"
    ),
]


async def gap_filter(
    visible: Viewer,
    ctx: Ctx,
    campaign_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    sector: Sector | None = None,
    duty_type: Annotated[str | None, Query(max_length=100)] = None,
    site_id: uuid.UUID | None = None,
    border: Annotated[bool | None, Query(description="true: only gaps at border-area sites; false: all others")] = None,
    status: Annotated[
        Literal["open", "closed", "requirement_changed"] | None,
        Query(
            description="open: still uncovered in the roster; closed: covered by a later change (people added); "
            "requirement_changed: closed with nobody added, because its requirement was lowered or removed "
            "(closed_as requirement_changed)"
        ),
    ] = None,
    peak: Annotated[bool | None, Query(description="true: only gaps in a peak window (giao thừa…)")] = None,
    district: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=100,
            examples=["Đức Huệ"],
            description="only gaps at sites of this district, however typed (case and diacritics aside: "
            '"duc hue" finds Đức Huệ)',
        ),
    ] = None,
    announced: Annotated[
        bool | None,
        Query(
            description="true: published to notifier when found (notifier alerts only gaps in force or imminent, "
            "so a planning gap is announced but never alerted); false: already over when found (history only)"
        ),
    ] = None,
    from_: Annotated[Instant | None, Query(alias="from", description="gaps ending after this instant")] = None,
    to: Annotated[Instant | None, Query(description="gaps starting before this instant")] = None,
    in_force: InForceQuery = "true",
    opened_as: Annotated[
        Literal["opened", "narrowed"] | None,
        Query(
            description="opened: gaps whose opening change is among their causes; narrowed: the parts left short "
            "when people were added for part of an earlier gap (`opened_as`) — after the season, how many of the "
            "gaps that ended uncovered were the rest of one filled in part"
        ),
    ] = None,
    explanation: Annotated[
        Literal["unexplained", "submitted", "more_asked", "accepted"] | None,
        Query(
            description="only gaps whose explanation (giải trình) is in this state — unexplained: owed and none "
            "given (in force, but not a hole that appeared after the readiness deadline and was filled before it "
            "began); submitted: waiting for the inspector; more_asked; accepted"
        ),
    ] = None,
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
        announced=announced,
        district=district,
        starts_before=to,
        ends_after=from_,
        visible=visible,
        in_force=in_force,
        opened_as=opened_as,
        now=ctx.clock(),
        explanation=explanation,
    )


def gap_out(listed: ListedGap, now: datetime, events: Mapping[str, CauseEvent]) -> GapOut:
    """One gap as the API answers it, its cause in words (`events`: `inspect.cause_events` of its page)."""
    g = listed.gap
    in_force = is_in_force(g, now)
    end = gap_end(g, listed.ends_with)
    rests = {s.gap_id: e for s, e in rest_ends(listed.replaced_by, listed.ends_with)}
    return GapOut(
        **to_plain(g),
        **asdict(listed.place),
        cause=inspect.cause_of(listed, events=events, lang="en"),
        cause_vi=inspect.cause_of(listed, events=events, lang="vi"),
        minutes=round((g.ends_at - g.starts_at).total_seconds() / 60),
        missing=g.required - g.actual,
        in_force=in_force,
        explanation=listed.explanation
        or ("unexplained" if owes_explanation(g, now, accounted_for=listed.accounted_by is not None) else None),
        explained_with=uuid.UUID(listed.accounted_by) if listed.accounted_by else None,
        opened_as=opened_as(g),
        closed_as=closed_as(g, listed.replaced_by),
        replaced_by=[
            GapSuccessor(
                gap_id=uuid.UUID(s.gap_id),
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                status=s.status,
                ends_as=rests[s.gap_id].how if s.gap_id in rests else None,
                ends_with=list(rests[s.gap_id].people) if s.gap_id in rests else [],
            )
            for s in listed.replaced_by
        ],
        still_short=[ShortWindow(starts_at=a, ends_at=b) for a, b in still_short(g, listed.replaced_by)],
        ends_as=end.how if end else None,
        ends_with=list(end.people) if end else [],
    )


FilterDep = Annotated[GapFilter, Depends(gap_filter)]

ExportLang = Annotated[
    Literal["vi", "en"],
    Query(
        description="language of the header row and of the codes (status, sector, duty type, qualification, yes/no, causes)"
    ),
]


@router.get(
    "/gaps",
    response_model=GapPage,
    summary="Coverage gaps, by start time, with filters (enterprise, sector, duty type, site, border sites, "
    "district, time range, open/closed, peak, in force or planning); pages by `cursor`; by default only gaps in "
    "force",
)
async def list_gaps(ctx: Ctx, request: Request, response: Response, f: FilterDep, page: Paging) -> dict[str, Any]:
    found = await inspect.gap_list(ctx=ctx, f=f, page=page)
    now = f.now or ctx.clock()
    events = await inspect.cause_events(ctx=ctx, rows=found.items)
    return page_out(request, response, found, page.limit, [gap_out(g, now, events) for g in found.items])


@router.get(
    "/gaps.csv",
    response_class=Response,
    summary="The gaps matching the filters as CSV (UTF-8 with BOM; comma-separated, or semicolon-separated for "
    "Excel); by default only gaps in force, and each row says whether it is a gap in force or a planning gap; "
    "saved as what it is, the campaign and the period (Khoảng trống - <campaign>.csv; for Excel: … (Excel).csv)",
    responses={200: {"content": {"text/csv": {}}}},
)
async def gaps_csv(
    ctx: Ctx,
    f: FilterDep,
    lang: ExportLang = "vi",
    separator: SeparatorQuery = "comma",
) -> Response:
    rows = await inspect.all_gaps(ctx=ctx, f=f)
    events = await inspect.cause_events(ctx=ctx, rows=rows)
    return Response(
        inspect.gaps_csv(
            rows,
            lang=lang,
            now=f.now or ctx.clock(),
            events=events,
            campaigns=await inspect.campaign_names(ctx=ctx),
            separator=separator,
        ),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": attachment(await _file_name(ctx, f, lang=lang, ext="csv", separator=separator))
        },
    )


async def _file_name(ctx: Ctx, f: GapFilter, *, lang: str, ext: str, separator: str = "comma") -> str:
    campaign = await inspect.campaign_name(ctx=ctx, campaign_id=f.campaign_id)
    today = vntime.local_day(ctx.clock())
    return export_name(
        "gaps",
        lang=lang,
        ext=ext,
        today=today,
        campaign=campaign,
        since=f.ends_after,
        before=f.starts_before,
        separator=separator,
    )


@router.get(
    "/gaps.xlsx",
    response_class=Response,
    summary="The gaps matching the filters as an XLSX sheet (the CSV's columns; cells never formulas)",
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def gaps_xlsx(
    ctx: Ctx,
    f: FilterDep,
    lang: ExportLang = "vi",
) -> Response:
    rows = await inspect.all_gaps(ctx=ctx, f=f)
    events = await inspect.cause_events(ctx=ctx, rows=rows)
    names = await inspect.campaign_names(ctx=ctx)
    empty = none_said("gaps", lang=lang, campaign=names.get(str(f.campaign_id)), filtered=filters_set(f))
    return Response(
        inspect.gaps_xlsx(rows, lang=lang, now=f.now or ctx.clock(), events=events, campaigns=names, empty=empty),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": attachment(await _file_name(ctx, f, lang=lang, ext="xlsx"))},
    )


@router.get(
    "/gaps/ended",
    response_model=GapsEnded,
    summary="How the open gaps matching the filters whose time has passed ended: at their window's end, until the "
    "next shift, taken over or filled at their end — each way counted (the gaps' list after a campaign); the status "
    "filter is open whatever is asked",
)
async def gaps_ended(ctx: Ctx, f: FilterDep) -> GapsEnded:
    counted = await inspect.gaps_ended(ctx=ctx, f=f, now=f.now or ctx.clock())
    return GapsEnded(total=counted.total, **asdict(counted))


@router.get("/gaps/{gap_id}", response_model=GapOut, summary="One gap, with its history fields")
async def get_gap(gap_id: uuid.UUID, ctx: Ctx) -> GapOut:
    found = await inspect.one_gap(ctx=ctx, gap_id_=gap_id)
    return gap_out(found, ctx.clock(), await inspect.cause_events(ctx=ctx, rows=[found]))
