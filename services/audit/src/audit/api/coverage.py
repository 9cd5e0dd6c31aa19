"""Coverage: the live board, coverage in a window as known at a record time, who was on
duty, and coverage per day as CSV."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from lichtruc import vntime
from lichtruc.bodies import Instant
from lichtruc.events import Sector
from lichtruc.paging import Page, Paging, page_out
from lichtruc.sheets import attachment

from ..db.queries import GapFilter
from ..domain.export import export_name
from ..domain.inforce import InForce, readiness_deadline
from ..domain.model import Campaign, to_plain
from ..domain.reports import SiteFilter
from ..handlers import inspect
from ..handlers.replay import AsOf
from .deps import Ctx, SeparatorQuery, Viewer
from .schemas import (
    AsOfOut,
    BoardOut,
    BoardRow,
    CampaignOut,
    CoveredSiteOut,
    DoubleBookingOut,
    EngineGapOut,
    KeyCoverageOut,
    OnDutyOut,
    OnDutyShift,
    PersonOut,
    RestViolationOut,
    SegmentOut,
    SiteOnDutyOut,
    SitePersonOut,
    UnstaffedOut,
    WindowCoverageOut,
)

InForceQuery = Annotated[
    InForce,
    Query(
        description="which gaps the counts (open_gaps, gaps per day) include: true (default) the gaps in force, "
        "false the planning gaps, all both"
    ),
]

router = APIRouter(tags=["coverage"])

_MINUTE = timedelta(minutes=1)

Now = Literal["now"]
AsOfQuery = Annotated[
    Instant | Now | None,
    Query(
        description="record time: answer as the roster was known to audit at this instant (with offset, e.g. "
        "2027-02-05T18:00:00+07:00); `now` or omitted: everything received so far"
    ),
]
AtQuery = Annotated[
    Instant | Now, Query(description="the instant, with offset (e.g. 2027-02-06T00:00:00+07:00), or `now`")
]


def recorded(as_of: datetime | str | None) -> datetime | None:
    """The record time to replay to: "now" is everything received so far, the live projection."""
    return None if as_of == "now" or as_of is None else as_of  # type: ignore[return-value]


DutyQuery = Annotated[str | None, Query(max_length=100, examples=["operations"])]
BorderQuery = Annotated[bool | None, Query(description="true: only border-area sites; false: only the others")]
DistrictQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=100,
        examples=["Tân Hưng"],
        description='only sites of this district, however typed (case and diacritics aside: "tan hung" is Tân Hưng)',
    ),
]
SiteQuery = Annotated[uuid.UUID | None, Query(description="only this site (shifts at it or covering it)")]
Lang = Annotated[
    Literal["vi", "en"],
    Query(description="language of the CSV header row and of the codes (sector, duty type, yes/no)"),
]


def campaign_out(c: Campaign, as_of: AsOf | None = None) -> CampaignOut:
    return CampaignOut.model_validate(
        {**to_plain(c), "readiness_deadline": readiness_deadline(c), "as_of": as_of_out(as_of)}
    )


def as_of_out(a: AsOf | None) -> AsOfOut | None:
    return None if a is None else AsOfOut(requested=a.requested, seq=a.seq, received_at=a.received_at)


@router.get(
    "/campaigns",
    response_model=Page[CampaignOut],
    summary="Campaigns known to audit (now, or as known at), by start; a short list, paged by position",
)
async def list_campaigns(
    ctx: Ctx, request: Request, response: Response, page: Paging, as_of: AsOfQuery = None
) -> dict[str, Any]:
    resolved, found = await inspect.campaigns(ctx=ctx, as_of=recorded(as_of), page=page)
    return page_out(request, response, found, page.limit, [campaign_out(c, resolved) for c in found.items])


@router.get(
    "/campaigns/{campaign_id}/board",
    response_model=BoardOut,
    summary="Coverage board: enterprise (and site) × duty type × local day, live or as known at",
)
async def coverage_board(
    campaign_id: uuid.UUID,
    ctx: Ctx,
    visible: Viewer,
    as_of: AsOfQuery = None,
    enterprise_id: uuid.UUID | None = None,
    sector: Sector | None = None,
    duty_type: DutyQuery = None,
    border: BorderQuery = None,
    district: DistrictQuery = None,
    site_id: SiteQuery = None,
    in_force: InForceQuery = "true",
) -> BoardOut:
    b = await inspect.board(
        ctx=ctx,
        campaign_id=campaign_id,
        as_of=recorded(as_of),
        enterprise_id=enterprise_id,
        sector=sector,
        duty_type=duty_type,
        visible=visible,
        in_force=in_force,
        where=SiteFilter(str(site_id) if site_id else None, border, district),
    )
    return BoardOut(
        campaign=campaign_out(b.campaign),
        as_of=as_of_out(b.as_of),
        days=b.days,
        rows=[
            BoardRow(**asdict(row.names), open_gaps=row.open_gaps, days=[to_plain(d) for d in row.days])
            for row in b.rows
        ],
    )


async def exported_board(
    campaign_id: uuid.UUID,
    ctx: Ctx,
    visible: Viewer,
    as_of: AsOfQuery = None,
    enterprise_id: uuid.UUID | None = None,
    sector: Sector | None = None,
    duty_type: DutyQuery = None,
    border: BorderQuery = None,
    district: DistrictQuery = None,
    site_id: SiteQuery = None,
    in_force: InForceQuery = "true",
    lang: Lang = "vi",
) -> inspect.ExportedBoard:
    """The board the exports write: the same filters as the board itself; with the gaps of its keys that those
    filters select and that were closed, and what closed them in words of `lang` (the gaps CSV's "closed by")."""
    b = await inspect.board(
        ctx=ctx,
        campaign_id=campaign_id,
        as_of=recorded(as_of),
        enterprise_id=enterprise_id,
        sector=sector,
        duty_type=duty_type,
        visible=visible,
        in_force=in_force,
        where=SiteFilter(str(site_id) if site_id else None, border, district),
    )
    f = GapFilter(
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        sector=sector,
        duty_type=duty_type,
        site_id=site_id,
        border=border,
        district=district,
        visible=visible,
        in_force=in_force,
        now=ctx.clock(),
    )
    return await inspect.exported_board(ctx=ctx, board_=b, f=f, lang=lang)


ExportedBoard = Annotated[inspect.ExportedBoard, Depends(exported_board)]


@router.get(
    "/campaigns/{campaign_id}/coverage.csv",
    response_class=Response,
    summary="Coverage per local day as CSV (UTF-8 with BOM; comma-separated, or semicolon-separated for Excel; "
    "days as ISO dates), saved as Độ phủ theo ngày - <campaign>.csv (for Excel: … (Excel).csv)",
    responses={200: {"content": {"text/csv": {}}}},
)
async def coverage_per_day_csv(
    ctx: Ctx, b: ExportedBoard, lang: Lang = "vi", separator: SeparatorQuery = "comma"
) -> Response:
    return Response(
        inspect.coverage_csv(b, lang, separator=separator),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(_file_name(ctx, b, lang=lang, ext="csv", separator=separator))},
    )


def _file_name(ctx: Ctx, b: inspect.ExportedBoard, *, lang: str, ext: str, separator: str = "comma") -> str:
    today = vntime.local_day(ctx.clock())
    return export_name("coverage", lang=lang, ext=ext, today=today, campaign=b.board.campaign.name, separator=separator)


@router.get(
    "/campaigns/{campaign_id}/coverage.xlsx",
    response_class=Response,
    summary="Coverage per local day as an XLSX sheet (the CSV's columns, days as dates; cells never formulas)",
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def coverage_per_day_xlsx(ctx: Ctx, b: ExportedBoard, lang: Lang = "vi") -> Response:
    return Response(
        inspect.coverage_xlsx(b, lang),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": attachment(_file_name(ctx, b, lang=lang, ext="xlsx"))},
    )


@router.get(
    "/campaigns/{campaign_id}/coverage",
    response_model=WindowCoverageOut,
    summary="Coverage in a valid-time window, as known at a record time (log replay + engine)",
)
async def coverage_in_window(
    campaign_id: uuid.UUID,
    ctx: Ctx,
    visible: Viewer,
    from_: Annotated[
        Instant | None, Query(alias="from", description="valid time from (default: campaign start)")
    ] = None,
    to: Annotated[Instant | None, Query(description="valid time to, exclusive (default: campaign end)")] = None,
    as_of: AsOfQuery = None,
    enterprise_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    duty_type: DutyQuery = None,
) -> WindowCoverageOut:
    w = await inspect.coverage_in_window(
        ctx=ctx,
        campaign_id=campaign_id,
        start=from_,
        end=to,
        as_of=recorded(as_of),
        enterprise_id=enterprise_id,
        site_id=site_id,
        duty_type=duty_type,
        visible=visible,
    )
    return WindowCoverageOut(
        campaign=campaign_out(w.campaign),
        as_of=as_of_out(w.as_of),
        starts_at=w.start,
        ends_at=w.end,
        keys=[
            KeyCoverageOut(
                **asdict(k.names),
                segments=[
                    SegmentOut(starts_at=s.start, ends_at=s.end, required=s.required, actual=s.actual)
                    for s in k.segments
                ],
                gaps=[
                    EngineGapOut(
                        gap_id=gid,
                        starts_at=g.start,
                        ends_at=g.end,
                        required=g.required,
                        actual=g.actual,
                        missing=g.missing,
                        missing_qualification=g.missing_qualification,
                        peak=g.peak,
                        requirement_ids=list(g.requirement_ids),
                        cause_event_ids=list(g.cause_event_ids),
                    )
                    for gid, g in k.gaps
                ],
            )
            for k in w.keys
        ],
        double_bookings=[
            DoubleBookingOut(
                staff_id=d.staff_id,
                first_shift_id=d.first_shift_id,
                second_shift_id=d.second_shift_id,
                overlap_start=d.overlap_start,
                overlap_end=d.overlap_end,
            )
            for d in w.double_bookings
        ],
        rest_violations=[
            RestViolationOut(
                staff_id=v.staff_id,
                first_shift_id=v.first_shift_id,
                second_shift_id=v.second_shift_id,
                rest_minutes=v.rest // _MINUTE,
                minimum_rest_minutes=v.minimum_rest // _MINUTE,
            )
            for v in w.rest_violations
        ],
    )


@router.get(
    "/on-duty",
    response_model=OnDutyOut,
    summary="Who was on duty at instant `at` (valid time), as the roster said at `as_of` (record time)",
)
async def who_was_on_duty(
    ctx: Ctx,
    visible: Viewer,
    at: AtQuery,
    as_of: AsOfQuery = None,
    enterprise_id: uuid.UUID | None = None,
    site_id: SiteQuery = None,
    duty_type: DutyQuery = None,
    sector: Sector | None = None,
    border: BorderQuery = None,
    district: DistrictQuery = None,
) -> OnDutyOut:
    """With `site_id`, `border` or `district`, `sites` lists every matching site with the people at it or
    covering it — a border site nobody covers is there with nobody: "who covered border site X at T".

    Not a list in the one page format: it is one answer about one instant as of one log position
    (`at`, `as_of`, the shifts under way, and with a site filter the sites), bounded by the
    province's requirements at that instant, so it comes whole, not in pages."""
    if at == "now":
        at = ctx.clock()
    found = await inspect.who_was_on_duty(
        ctx=ctx,
        at=at,
        as_of=recorded(as_of),
        enterprise_id=enterprise_id,
        site_id=site_id,
        duty_type=duty_type,
        visible=visible,
        sector=sector,
        border=border,
        district=district,
    )
    return OnDutyOut(
        at=at,
        as_of=as_of_out(found.as_of),
        shifts=[_shift_out(s) for s in found.shifts],
        sites=None if found.sites is None else [_site_out(s) for s in found.sites],
        unstaffed=[UnstaffedOut(**asdict(u.names), required=u.required) for u in found.unstaffed],
    )


def _shift_out(on: inspect.ShiftOnDuty) -> OnDutyShift:
    s = on.shift
    return OnDutyShift(
        **asdict(on.names),
        shift_id=s.shift_id,
        campaign_id=s.campaign_id,
        status=s.status,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        version=s.version,
        last_event_id=s.last_event_id,
        checked_in_at=s.checked_in_at,
        covers=[CoveredSiteOut(site_id=c.site_id, site_name=c.site_name) for c in on.covers],
        people=[
            PersonOut(
                staff_id=p.staff_id,
                full_name=p.full_name,
                qualified=p.qualified,
                checked_in_at=p.checked_in_at,
                late_reason=p.late_reason,
            )
            for p in s.assignees
        ],
    )


def _site_out(at: inspect.NamedSiteOnDuty) -> SiteOnDutyOut:
    return SiteOnDutyOut(
        site_id=at.site.site_id,
        site_name=at.site.name,
        district=at.site.district,
        border_area=at.site.border_area,
        enterprise_id=at.site.enterprise_id,
        enterprise_name=at.enterprise_name,
        covered=at.covered,
        people=[
            SitePersonOut(
                staff_id=p.staff_id,
                full_name=p.full_name,
                qualified=p.qualified,
                checked_in_at=p.checked_in_at,
                duty_type=s.duty_type,
                shift_id=s.shift_id,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                shift_site_id=s.site_id,
            )
            for s in at.shifts
            for p in s.assignees
        ],
    )
