"""Tết hours of post offices and transaction points: the manager's schedule (/sites/{site_id}/tet-hours, publish) and what
the public reads without signing in (/public/transaction-hours, its iCal feed, each point's PDF notice).
Only published schedules are ever public."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from lichtruc import lunar
from lichtruc.paging import page_out
from lichtruc.pdf.glyphs import unprintable
from lichtruc.sheets import attachment, download_name
from lichtruc.vntime import lunar_day_name

from ...documents.hours import hours_calendar, notice_pdf, template_csv, template_name, template_xlsx, weekday_vi
from ...domain.hours import (
    DayHours,
    PublishedPoint,
    Session,
    campaign_days,
    hours_owed,
    owed_days,
    session_text,
)
from ...domain.hours_import import TEMPLATE_HEADER
from ...handlers import hours as handlers
from ..commands import etag
from ..deps import Change, Ctx, Cursor, IdempotentChange, IfMatch
from ..schemas import ImportReport, Page
from ..schemas.hours import (
    DayHoursOut,
    PublicCampaignOut,
    PublicPointOut,
    PublishIn,
    SessionOut,
    TetHoursIn,
    TetHoursOut,
)
from .imports import IMPORT_RESPONSES, DryRun, Upload, run_import

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PUBLIC_TAG = "public: transaction hours"
District = Annotated[str | None, Query(max_length=100, description="only the points of this district")]
CampaignParam = Annotated[
    uuid.UUID | None, Query(description="default: the Tết campaign under way or next (else the newest)")
]


def day_out(d: DayHours) -> DayHoursOut:
    return DayHoursOut(
        day=d.day,
        weekday_vi=weekday_vi(d),
        lunar_day_vi=lunar_day_name(d.day),
        lunar_day_en=lunar_day_name(d.day, "en"),
        open=d.open,
        sessions=[SessionOut(opens=s.opens, closes=s.closes) for s in d.sessions],
        note=d.note,
        text_vi=session_text(d),
        note_unprintable=list(unprintable(d.note)),
    )


def hours_out(p: handlers.PointHours) -> TetHoursOut:
    h = p.hours
    days = campaign_days(p.campaign.starts_at, p.campaign.ends_at)
    return TetHoursOut(
        site_id=p.site.id,
        site_name=p.site.name,
        campaign_id=p.campaign.id,
        campaign_name=p.campaign.name,
        campaign_days=days,
        days=[day_out(d) for d in h.days] if h else [],
        version=p.version,
        published_version=h.published_version if h else 0,
        published_at=h.published_at if h else None,
        published_days=[day_out(d) for d in h.published_days] if h and h.published_days is not None else None,
        unpublished_changes=h.unpublished_changes if h else False,
        hours_deadline=p.campaign.hours_due,
        obligations_from=p.obligations_from,
        owed_days=owed_days(days, p.obligations_from),
        hours_owed=hours_owed(p.campaign.hours_due, p.obligations_from),
    )


def _render(p: handlers.PointHours) -> tuple[TetHoursOut, dict[str, str]]:
    return hours_out(p), etag(p.version)


@router.get(
    "/sites/{site_id}/tet-hours",
    response_model=TetHoursOut,
    tags=["transaction hours"],
    summary="A post office's or transaction point's Tết hours for a campaign: the draft and what is published "
    "(ETag: its version); any other site is a 422 `post-office-or-transaction-point`",
)
async def get_tet_hours(site_id: uuid.UUID, campaign_id: uuid.UUID, ctx: Ctx, response: Response) -> TetHoursOut:
    found = await handlers.get_hours(ctx, site_id, campaign_id=campaign_id)
    response.headers.update(etag(found.version))
    return hours_out(found)


@router.put(
    "/sites/{site_id}/tet-hours",
    response_model=TetHoursOut,
    tags=["transaction hours"],
    summary="Replace a post office's or transaction point's draft Tết hours for a campaign; needs If-Match "
    '("0" for the first); not public until published; any other site is a 422 `post-office-or-transaction-point`',
)
async def set_tet_hours(site_id: uuid.UUID, body: TetHoursIn, change: Change, pre: IfMatch) -> Response:
    days = [
        DayHours(d.day, d.open, tuple(Session(s.opens, s.closes) for s in d.sessions), d.note or None)
        for d in body.days
    ]
    return await change.run(
        lambda uow: handlers.set_hours(uow, site_id, campaign_id=body.campaign_id, days=days, pre=pre), _render
    )


@router.post(
    "/sites/{site_id}/tet-hours/publish",
    response_model=TetHoursOut,
    tags=["transaction hours"],
    summary="Publish the draft (every day of the campaign); needs If-Match; publishes TransactionHoursPublished "
    "(a new version after each change)",
)
async def publish_tet_hours(site_id: uuid.UUID, body: PublishIn, change: Change, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.publish_hours(uow, site_id, campaign_id=body.campaign_id, pre=pre), _render
    )


# --- public (no sign-in) -----------------------------------------------------------------------------


def notice_url(p: PublishedPoint) -> str:
    return f"/public/transaction-points/{p.site_id}/notice.pdf?campaign_id={p.campaign_id}"


def public_out(p: PublishedPoint, campaign_name: str) -> PublicPointOut:
    return PublicPointOut(
        site_id=p.site_id,
        site_name=p.site_name,
        district=p.district,
        enterprise_id=p.enterprise_id,
        enterprise_name=p.enterprise_name,
        campaign_id=p.campaign_id,
        campaign_name=campaign_name,
        days=[day_out(d) for d in p.days],
        published_version=p.published_version,
        published_at=p.published_at,
        notice_url=notice_url(p),
    )


@router.get(
    "/public/transaction-hours",
    response_model=Page[PublicPointOut],
    tags=[PUBLIC_TAG],
    summary="Published Tết hours of every post office and transaction point, by district (then enterprise, point); "
    "no sign-in",
)
async def public_transaction_hours(
    request: Request,
    response: Response,
    ctx: Ctx,
    paging: Cursor,
    campaign_id: CampaignParam = None,
    district: District = None,
) -> dict[str, Any]:
    campaign, page = await handlers.public_page(ctx, campaign_id=campaign_id, district=district, page=paging)
    response.headers["Cache-Control"] = "public, max-age=60"
    return page_out(request, response, page, paging.limit, [public_out(p, campaign.name) for p in page.items])


@router.get(
    "/public/tet-campaign",
    response_model=PublicCampaignOut,
    tags=[PUBLIC_TAG],
    summary="The Tết campaign the public hours are of when none is named (under way or next, else the newest), its "
    "days and whether it is under way, to come or over; no sign-in; 404 before any Tết campaign is opened",
)
async def public_tet_campaign(ctx: Ctx, response: Response) -> PublicCampaignOut:
    campaign, season = await handlers.public_campaign(ctx)
    response.headers["Cache-Control"] = "public, max-age=60"
    days = campaign_days(campaign.starts_at, campaign.ends_at)
    first, last = days[0], days[-1]
    return PublicCampaignOut(id=campaign.id, name=campaign.name, first_day=first, last_day=last, season=season)


@router.get(
    "/public/transaction-hours.ics",
    tags=[PUBLIC_TAG],
    summary="The published Tết hours as an iCalendar feed (an event per open session, an all-day event per "
    "closed day); no sign-in",
    description="Every published post office's and transaction point's campaign days: each session a point is open is a timed "
    'event ("Mở cửa giao dịch – <point>"), each day it is closed an all-day event ("Nghỉ giao dịch – <point>"), '
    "the day's note in the description.",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "RFC 5545 calendar"}},
)
async def public_transaction_hours_ics(
    ctx: Ctx, campaign_id: CampaignParam = None, district: District = None
) -> Response:
    campaign, points = await handlers.public_all(ctx, campaign_id=campaign_id, district=district)
    name = f"Giờ giao dịch {lunar.tet_name(campaign.lunar_year)}" + (f" – {district}" if district else "")
    return Response(
        hours_calendar(points, name=name),
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "public, max-age=300",
            "Content-Disposition": 'inline; filename="gio-giao-dich-tet.ics"',
        },
    )


@router.get(
    "/public/transaction-points/{site_id}/notice.pdf",
    tags=[PUBLIC_TAG],
    summary="The printable A4 notice of a point's published Tết hours (Vietnamese); no sign-in",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the notice"}},
)
async def public_transaction_notice(site_id: uuid.UUID, ctx: Ctx, campaign_id: CampaignParam = None) -> Response:
    _campaign, point = await handlers.public_point(ctx, site_id, campaign_id=campaign_id)
    return Response(
        notice_pdf(point, created=point.published_at),
        media_type="application/pdf",
        headers={
            "Cache-Control": "public, max-age=300",
            "Content-Disposition": attachment(
                download_name("Thông báo giờ giao dịch", point.site_name, ext="pdf"), inline=True
            ),
        },
    )


# --- the spreadsheet import and its template -------------------------------------------------------------


@router.post(
    "/imports/tet-hours",
    response_model=ImportReport,
    responses=IMPORT_RESPONSES,
    tags=["imports"],
    summary="Import Tết hours of one enterprise's post offices and transaction points in one campaign, one row per "
    "point and day (Bưu cục/điểm giao dịch/site, Ngày/date, Giờ mở cửa/hours as 07:30-11:30, 13:30-17:00 or Nghỉ, Ghi chú/note); "
    "merged into each point's draft; publish=true publishes them too; an enterprise with no post office or "
    "transaction point has none to import: the whole file is refused before a row is read (dry run or not), a 422 "
    "`hours-no-points` naming it",
)
async def import_tet_hours(
    change: IdempotentChange,
    file: Upload,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    dry_run: DryRun = False,
    publish: Annotated[bool, Query(description="publish each point's schedule (every campaign day needed)")] = False,
) -> Response:
    return await run_import(
        change,
        file,
        lambda uow, data: handlers.import_hours(
            uow, campaign_id=campaign_id, enterprise_id=enterprise_id, data=data, dry_run=dry_run, publish=publish
        ),
        dry_run=dry_run,
    )


@router.get(
    "/imports/tet-hours/template",
    tags=["imports"],
    summary="The import template: the enterprise's post offices and transaction points × the campaign's days, with the current "
    "drafts (XLSX or CSV, Vietnamese headers); each date has its lunar day beside it (Âm lịch: 'Mùng 1 Tết'), "
    "for reading only: the import ignores that column and goes by the date; an enterprise with no post office or "
    "transaction point has none to fill in: a 422 `hours-no-points` naming it",
    response_class=Response,
    responses={200: {"content": {XLSX: {}, "text/csv": {}}, "description": "the template"}},
)
async def tet_hours_template(
    ctx: Ctx,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    format: Annotated[Literal["xlsx", "csv"], Query(description="the file format")] = "xlsx",
) -> Response:
    enterprise, campaign, rows = await handlers.hours_template(
        ctx, campaign_id=campaign_id, enterprise_id=enterprise_id
    )
    title = f"Giờ mở cửa giao dịch dịp {campaign.name}"
    if format == "csv":
        data, media = template_csv(TEMPLATE_HEADER, rows), "text/csv; charset=utf-8"
    else:
        data, media = template_xlsx(TEMPLATE_HEADER, rows, title=title), XLSX
    name = template_name(enterprise.name, campaign.name, ext=format)
    return Response(data, media_type=media, headers={"Content-Disposition": attachment(name)})
