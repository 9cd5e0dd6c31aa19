"""/daily-reports: an enterprise's daily situation report (báo cáo tình hình trực Tết) — the draft,
submitting it (a correction is the next version), the lists, the PDF and XLSX exports — and the
province's summary for the Department."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status

from lichtruc.auth import as_uuid
from lichtruc.paging import Page, page_out
from lichtruc.sheets import attachment, download_name

from ...documents import reports as documents
from ...domain.reports import DailyReport, ReportFacts, SectionIV, Summary, section_iv
from ...handlers import department
from ...handlers import reports as handlers
from ..deps import Caller, Ctx, Cursor, IdempotentChange, Viewer
from ..schemas.reports import DraftOut, ReportIn, ReportOut, ReportVersionOut

router = APIRouter(tags=["daily reports"])

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _facts(facts: ReportFacts, versions: Sequence[DailyReport], *, section: SectionIV) -> dict:
    """What a draft and a report both say; `section`: section IV, a draft's as of now, a report's as submitted."""
    return {
        "campaign_id": facts.campaign_id,
        "campaign_name": facts.campaign_name,
        "enterprise_id": facts.enterprise_id,
        "enterprise_name": facts.enterprise_name,
        "day": facts.day,
        "lunar_day_vi": facts.lunar_vi,
        "lunar_day_en": facts.lunar_en,
        "duty": [dataclasses.asdict(x) for x in facts.duty],
        "check_ins": [dataclasses.asdict(x) for x in facts.check_ins],
        "incidents": [  # with the line the PDF prints, for the page to show the same words
            {**dataclasses.asdict(x), "said": documents.incident_text(x), "said_en": documents.incident_text(x, "en")}
            for x in facts.incidents
        ],
        # section IV as the PDF prints it: the gaps naming who never came in their hours, then the presence lines
        "gaps": [x.model_dump() for x in handlers.gap_lines(section)],
        "absences": [x.model_dump() for x in handlers.absence_lines(section)],
        "shortfalls": [x.model_dump() for x in handlers.shortfall_lines(section)],
        "leader_ids": sorted(facts.leaders, key=str),
        "versions": [
            ReportVersionOut(
                id=v.id,
                version=v.version,
                number=v.number,
                submitted_at=v.submitted_at,
                submitted_by_name=v.submitted_by_name,
            )
            for v in versions
        ],
    }


def report_out(report: DailyReport, versions: Sequence[DailyReport] = ()) -> ReportOut:
    return ReportOut.model_validate(
        {
            **_facts(report.facts, versions, section=report.section),
            "id": report.id,
            "version": report.version,
            "supersedes": report.supersedes,
            "number": report.number,
            "remarks": report.remarks,
            "submitted_at": report.submitted_at,
            "submitted_by": report.submitted_by,
            "submitted_by_name": report.submitted_by_name,
            "pdf": f"/daily-reports/{report.id}.pdf",
            "xlsx": f"/daily-reports/{report.id}.xlsx",
        }
    )


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type, headers={"Content-Disposition": attachment(filename)})


def _filename(report: DailyReport, ext: str) -> str:
    f = report.facts
    return download_name("Báo cáo trực Tết", f.enterprise_name, report.day, f"lần {report.version}", ext=ext)


def _summary_name(found: Summary, day: date | None, ext: str) -> str:
    return download_name("Tổng hợp báo cáo trực Tết", found.campaign_name, day, ext=ext)


@router.get(
    "/daily-reports/draft",
    response_model=DraftOut,
    summary="The draft of an enterprise's report for one local day, computed now from roster's facts (nothing "
    "stored): duty, check-ins, incidents, coverage gaps, and the versions submitted so far",
)
async def daily_report_draft(
    ctx: Ctx,
    enterprise_id: uuid.UUID,
    day: Annotated[date, Query(description="the local day")],
    campaign_id: Annotated[
        uuid.UUID | None, Query(description="default: the campaign whose days include `day`")
    ] = None,
) -> DraftOut:
    facts = await handlers.draft(ctx, enterprise_id=enterprise_id, day=day, campaign_id=campaign_id)
    versions = await handlers.versions(ctx, enterprise_id=enterprise_id, day=day)
    return DraftOut.model_validate(_facts(facts, versions, section=section_iv(facts, until=ctx.clock())))


@router.post(
    "/daily-reports",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportOut,
    summary="Submit the day's report as it stands now, with the leader's remarks (a manager of the enterprise, or "
    "the staff member on leadership duty that day); a second submission is the next version; publishes "
    "DailyReportSubmitted",
)
async def submit_daily_report(body: ReportIn, change: IdempotentChange, caller: Caller) -> Response:
    cmd = handlers.SubmitReport(
        enterprise_id=body.enterprise_id,
        day=body.day,
        remarks=body.remarks,
        campaign_id=body.campaign_id,
        account_id=caller.account_id,
        staff_id=as_uuid(caller.staff_id) if caller.staff_id else None,
        manager=caller.manages(body.enterprise_id),
    )

    def render(report: DailyReport) -> tuple[ReportOut, dict[str, str]]:
        return report_out(report), {"Location": f"/daily-reports/{report.id}"}

    return await change.run(
        lambda uow: handlers.submit_report(uow, cmd), render, status_code=201, payload=body.model_dump(mode="json")
    )


@router.get(
    "/daily-reports",
    response_model=Page[ReportOut],
    summary="Submitted reports (every version, or each day's latest), by day, enterprise, then version",
)
async def list_daily_reports(
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    viewer: Viewer,
    campaign_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    day: date | None = None,
    from_: Annotated[date | None, Query(alias="from", description="first local day")] = None,
    to: Annotated[date | None, Query(description="last local day, included")] = None,
    latest: Annotated[bool, Query(description="only each day's latest version")] = False,
) -> dict:
    f = handlers.ReportFilter(
        campaign_id=campaign_id, enterprise_id=enterprise_id, day=day, day_from=from_, day_to=to, latest_only=latest
    )
    found = await handlers.list_reports(ctx, f, page=page, visible=viewer)
    return page_out(request, response, found, page.limit, [report_out(r) for r in found.items])


@router.get(
    "/daily-reports/{report_id}.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
    summary="One report as a PDF administrative report (Decree 30/2020/NĐ-CP layout, Vietnamese, fonts embedded; "
    "409 until an administrator has set the Department's profile, whose place and recipients it prints)",
)
async def daily_report_pdf(report_id: uuid.UUID, ctx: Ctx) -> Response:
    report, _ = await handlers.get_report(ctx, report_id)
    profile = await department.get_profile(ctx)
    pdf = documents.report_pdf(report, created=report.submitted_at, profile=profile)
    return _download(pdf, PDF, _filename(report, "pdf"))


@router.get(
    "/daily-reports/{report_id}.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
    summary="One report as an XLSX workbook (an overview sheet, then one sheet per section), in `lang`",
)
async def daily_report_xlsx(
    report_id: uuid.UUID,
    ctx: Ctx,
    lang: Annotated[
        Literal["vi", "en"],
        Query(description="language of the sheet names, headers and codes (duty type, check-in, severity, status)"),
    ] = "vi",
) -> Response:
    report, _ = await handlers.get_report(ctx, report_id)
    return _download(documents.report_xlsx(report, lang), XLSX, _filename(report, "xlsx"))


@router.get(
    "/daily-reports/{report_id}",
    response_model=ReportOut,
    summary="One submitted version, with every version of its day",
)
async def get_daily_report(report_id: uuid.UUID, ctx: Ctx) -> ReportOut:
    report, versions = await handlers.get_report(ctx, report_id)
    return report_out(report, versions)


SummaryDay = Annotated[date | None, Query(description="one local day; default: the whole campaign")]


@router.get(
    "/campaigns/{campaign_id}/daily-reports/summary.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
    summary="The province's summary for a day or the whole campaign as a PDF report: every enterprise, each day's "
    "latest report or that none was submitted (409 until an administrator has set the Department's profile, "
    "its letterhead)",
)
async def daily_reports_summary_pdf(campaign_id: uuid.UUID, ctx: Ctx, day: SummaryDay = None) -> Response:
    found = await handlers.summary(ctx, campaign_id, day=day)
    pdf = documents.summary_pdf(found, created=ctx.clock(), profile=await department.get_profile(ctx))
    return _download(pdf, PDF, _summary_name(found, day, "pdf"))


@router.get(
    "/campaigns/{campaign_id}/daily-reports/summary.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
    summary="The province's summary for a day or the whole campaign as a workbook: one row per enterprise and day, "
    "in `lang`",
)
async def daily_reports_summary_xlsx(
    campaign_id: uuid.UUID,
    ctx: Ctx,
    day: SummaryDay = None,
    lang: Annotated[
        Literal["vi", "en"],
        Query(description="language of the sheet's name, headers, status and lunar days (remarks stay as written)"),
    ] = "vi",
) -> Response:
    found = await handlers.summary(ctx, campaign_id, day=day)
    return _download(documents.summary_xlsx(found, lang), XLSX, _summary_name(found, day, "xlsx"))
