"""The campaign report (Báo cáo tổng kết công tác trực Tết): JSON for the portal's page, the PDF a department head
signs, and the workbook with one sheet per section — province-wide or for one enterprise (a manager: their own)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from lichtruc.bodies import In
from lichtruc.sheets import attachment, download_name

from ..documents.campaign_report import campaign_report_pdf, campaign_report_xlsx
from ..domain.campaign_report import MAX_REMARKS, CountsRow, CoverageFigures, CoverageRow, Remarks
from ..handlers import campaign_report as handler
from .deps import Caller, Ctx, Viewer
from .schemas import Local

router = APIRouter(tags=["campaign report"])


class FiguresOut(BaseModel):
    required_hours: float = Field(description="person-hours the requirements ask")
    planned_hours: float = Field(description="of those, person-hours the roster covers")
    present_hours: float = Field(description="of those, person-hours people were there (planned − absent)")
    gaps: int = Field(description="shortfalls of the plan: open gaps in force, as the gap list counts them")
    short_person_hours: float = Field(description="person-hours the roster leaves short ('chưa xếp đủ')")
    absences: int = Field(description="presence shortfalls: stretches someone rostered was not there")
    absent_person_hours: float = Field(description="person-hours rostered but not there ('chưa có mặt')")


class CoverageRowOut(BaseModel):
    enterprise_id: uuid.UUID
    enterprise_name: str
    total: FiguresOut
    by_duty: dict[str, FiguresOut]


class OpenIncidentOut(BaseModel):
    enterprise_name: str
    site_name: str | None
    severity: str
    detected_at: Local
    age_seconds: int


class IncidentRowOut(BaseModel):
    enterprise_id: uuid.UUID | None
    enterprise_name: str
    count: int
    by_severity: dict[str, int]
    by_sector: dict[str, int]
    response_median_seconds: float | None
    response_worst_seconds: int | None
    restore_median_seconds: float | None
    restore_worst_seconds: int | None
    open: list[OpenIncidentOut]


class ReportsRowOut(BaseModel):
    enterprise_id: uuid.UUID | None
    enterprise_name: str
    owed: int
    on_time: int
    late: int
    missing: int
    worst_late_seconds: int | None
    worst_late_day: str | None
    worst_late_enterprise: str | None = Field(
        default=None, description="whose the worst late report is (on the province's row, the enterprise it was of)"
    )
    missing_days: list[str]


class CountsOut(BaseModel):
    enterprise_id: uuid.UUID | None = Field(description="null: the province's total")
    enterprise_name: str
    counts: dict[str, int]


class CountsSection(BaseModel):
    rows: list[CountsOut]
    total: CountsOut


class FindingLineOut(BaseModel):
    enterprise_name: str
    site_name: str
    observed_at: Local
    missing: list[str] = Field(description="the people rostered there and not found, by name")
    said: list[str] = Field(description="each discrepancy as the finding says it, in Vietnamese")


class RemarksOut(BaseModel):
    text: str = Field(description="the inspectors' remarks and recommendations ('Kiến nghị') as last saved")
    version: int = Field(description="1 the first save, +1 each save that changed it; every version is kept")
    written_by: str = Field(description="the login of who saved it")
    written_by_name: str | None = Field(description="their name when they saved it")
    written_at: Local


class RemarksIn(In):
    enterprise_id: uuid.UUID | None = Field(default=None, description="the enterprise's report; null: the province's")
    recommendations: str = Field(max_length=MAX_REMARKS, description="the remarks as typed (empty: none)")
    read_version: int | None = Field(
        default=None,
        ge=0,
        description="the version the form was opened at (0: none written then): another saved since refuses the save, "
        "409 remarks-changed, its `remarks` the words kept now with their version, who and when; null: no check",
    )


class SaidOut(BaseModel):
    key: str = Field(
        description="what the sentence says: no_requirement, all_kept, short, plan_full, absent, night_short, "
        "night_kept, incidents, no_incidents, daily_reports, inspections, findings, findings_clean, tet_hours, "
        "readiness (a reader that does not know a key says conclusion's sentence at the same place)"
    )
    values: dict[str, Any] = Field(
        description="its figures: person-hours as hours, durations in seconds (restore_worst_seconds), enterprises by "
        "name (each: name with hours or missing)"
    )


class CampaignReportOut(BaseModel):
    campaign_id: uuid.UUID
    campaign_name: str
    starts_at: Local
    ends_at: Local
    made_at: Local
    enterprise_id: uuid.UUID | None = Field(description="the one enterprise reported on; null: the province")
    enterprise_name: str | None
    enterprises: int = Field(description="how many enterprises the report covers")
    giao_thua_from: Local | None
    giao_thua_to: Local | None
    coverage: list[CoverageRowOut]
    province: FiguresOut = Field(description="the sum of the enterprises' rows")
    giao_thua: list[CoverageRowOut]
    giao_thua_total: FiguresOut
    incidents: list[IncidentRowOut]
    incidents_total: IncidentRowOut
    daily_reports: list[ReportsRowOut]
    daily_reports_total: ReportsRowOut
    conclusion: list[str] = Field(description="'Đánh giá chung': sentences made from the figures, in Vietnamese")
    conclusion_facts: list[SaidOut] = Field(
        description="the same sentences as facts, one for each, in order: for a reader's own words (English)"
    )
    completeness: str = Field(description="whether audit had applied everything it had received when it made this")
    tet_hours: CountsSection | None = Field(
        description="Tết opening hours' points by status (on_time, late, missing, pending, not_owed, "
        "not_owed_published); null for a drill"
    )
    inspections: CountsSection | None = Field(
        description="inspection plans by state (done, overdue, cancelled, planned); null in a manager's report"
    )
    findings: int = Field(description="surprise visits recorded in the campaign")
    findings_with_discrepancies: list[FindingLineOut]
    readiness: CountsSection | None = Field(
        description="readiness items done, overdue, open; null in a manager's report of several enterprises"
    )
    remarks: RemarksOut | None = Field(description="the inspectors' 'Kiến nghị', as last saved; null: none written")
    remarks_earlier: list[RemarksOut] = Field(
        description="the remarks' earlier versions, the latest first (kept, never printed: the PDF has the newest)"
    )
    explanations: CountsSection | None = Field(
        default=None,
        description="the campaign's gaps in force and findings with discrepancies by their explanation's state "
        "(unexplained: never explained; submitted: waiting for the inspector; more_asked; accepted), per enterprise",
    )


def _figures(f: CoverageFigures) -> FiguresOut:
    return FiguresOut(
        required_hours=f.required_hours,
        planned_hours=f.planned_hours,
        present_hours=f.present_hours,
        gaps=f.gaps,
        short_person_hours=round(f.short_person_minutes / 60, 2),
        absences=f.absences,
        absent_person_hours=round(f.absent_person_minutes / 60, 2),
    )


def _rows(rows: list[CoverageRow]) -> list[CoverageRowOut]:
    return [
        CoverageRowOut(
            enterprise_id=uuid.UUID(r.enterprise_id),
            enterprise_name=r.enterprise_name,
            total=_figures(r.total),
            by_duty={d: _figures(f) for d, f in r.by_duty.items()},
        )
        for r in rows
    ]


def _incidents(row: Any) -> IncidentRowOut:
    return IncidentRowOut(
        enterprise_id=uuid.UUID(row.enterprise_id) if row.enterprise_id else None,
        enterprise_name=row.enterprise_name,
        count=row.count,
        by_severity=dict(row.by_severity),
        by_sector=dict(row.by_sector),
        response_median_seconds=row.response_median,
        response_worst_seconds=row.response_worst,
        restore_median_seconds=row.restore_median,
        restore_worst_seconds=row.restore_worst,
        open=[
            OpenIncidentOut(
                enterprise_name=i.enterprise_name,
                site_name=i.site_name,
                severity=i.severity,
                detected_at=i.detected_at,
                age_seconds=int(i.age.total_seconds()),
            )
            for i in row.open
        ],
    )


def _reports(row: Any) -> ReportsRowOut:
    fields = asdict(row)
    return ReportsRowOut(
        enterprise_id=uuid.UUID(row.enterprise_id) if row.enterprise_id else None,
        enterprise_name=row.enterprise_name,
        owed=row.owed,
        on_time=row.on_time,
        late=row.late,
        missing=row.missing,
        worst_late_seconds=None if row.worst_late is None else int(row.worst_late.total_seconds()),
        worst_late_day=None if row.worst_late_day is None else row.worst_late_day.isoformat(),
        missing_days=[d.isoformat() for d in fields["missing_days"]],
        worst_late_enterprise=row.worst_late_enterprise,
    )


async def _made(
    ctx: Ctx, visible: Viewer, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None, request: Request
) -> handler.CampaignReport:
    return await handler.campaign_report(
        ctx=ctx,
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        visible=visible,
        due=ctx.daily_report_due,
        lag=getattr(request.app.state, "lag", None),
    )


@router.get(
    "/campaigns/{campaign_id}/report",
    response_model=CampaignReportOut,
    summary="The campaign report (Báo cáo tổng kết công tác trực Tết): coverage by enterprise and duty type in "
    "person-hours (the board's own figures), the giao thừa night, incidents, daily reports, the conclusion",
)
async def campaign_report(
    campaign_id: uuid.UUID, ctx: Ctx, visible: Viewer, request: Request, enterprise_id: uuid.UUID | None = None
) -> CampaignReportOut:
    r = await _made(ctx, visible, campaign_id, enterprise_id, request)
    night = r.night or (None, None)
    return CampaignReportOut(
        campaign_id=uuid.UUID(r.campaign.campaign_id),
        campaign_name=r.campaign.name,
        starts_at=r.campaign.starts_at,
        ends_at=r.campaign.ends_at,
        made_at=r.made_at,
        enterprise_id=uuid.UUID(r.enterprise_id) if r.enterprise_id else None,
        enterprise_name=r.enterprise_name,
        enterprises=r.enterprises,
        giao_thua_from=night[0],
        giao_thua_to=night[1],
        coverage=_rows(r.coverage),
        province=_figures(r.province),
        giao_thua=_rows(r.night_rows),
        giao_thua_total=_figures(r.night_total),
        incidents=[_incidents(i) for i in r.incidents],
        incidents_total=_incidents(r.incidents_total),
        daily_reports=[_reports(x) for x in r.reports],
        daily_reports_total=_reports(r.reports_total),
        conclusion=r.conclusion,
        conclusion_facts=[SaidOut(key=x.key, values=dict(x.values)) for x in r.said],
        completeness=r.completeness,
        remarks=_remarks(r.remarks),
        remarks_earlier=[RemarksOut(**asdict(x)) for x in r.earlier_remarks],
        tet_hours=_counts(r.hours),
        inspections=_counts(r.inspections),
        findings=r.findings_count,
        findings_with_discrepancies=[FindingLineOut(**asdict(f)) for f in r.findings],
        readiness=_counts(r.readiness),
        explanations=_counts(r.explanations),
    )


def _counts(section: tuple[list[CountsRow], CountsRow] | None) -> CountsSection | None:
    if section is None:
        return None

    def one(row: CountsRow) -> CountsOut:
        return CountsOut(
            enterprise_id=uuid.UUID(row.enterprise_id) if row.enterprise_id else None,
            enterprise_name=row.enterprise_name,
            counts=dict(row.counts),
        )

    rows, total = section
    return CountsSection(rows=[one(r) for r in rows], total=one(total))


def _remarks(r: Remarks | None) -> RemarksOut | None:
    return None if r is None else RemarksOut(**asdict(r))


@router.put(
    "/campaigns/{campaign_id}/report/remarks",
    response_model=RemarksOut,
    summary="Keep the inspectors' remarks and recommendations ('Kiến nghị') on the campaign's report (province-wide or "
    "one enterprise's): a new version, who and when; the report prints the newest",
    responses={
        404: {"description": "the campaign is not known to audit"},
        409: {"description": "remarks-changed: saved by someone else since read_version; `remarks` are theirs"},
    },
)
async def save_report_remarks(campaign_id: uuid.UUID, body: RemarksIn, ctx: Ctx, caller: Caller) -> RemarksOut:
    saved = await handler.save_remarks(
        ctx=ctx,
        campaign_id=campaign_id,
        enterprise_id=body.enterprise_id,
        text=body.recommendations,
        written_by=caller.actor,
        written_by_name=caller.display_name,
        read_version=body.read_version,
    )
    return RemarksOut(**asdict(saved))


def _file(r: handler.CampaignReport, ext: str) -> str:
    return download_name("Báo cáo tổng kết", r.campaign.name, r.enterprise_name, ext=ext)


@router.get(
    "/campaigns/{campaign_id}/report.pdf",
    response_class=Response,
    summary="The campaign report as an A4 PDF in the Decree 30 layout, under the Department's letterhead",
    responses={200: {"content": {"application/pdf": {}}}},
)
async def campaign_report_pdf_file(
    campaign_id: uuid.UUID, ctx: Ctx, visible: Viewer, request: Request, enterprise_id: uuid.UUID | None = None
) -> Response:
    r = await _made(ctx, visible, campaign_id, enterprise_id, request)
    return Response(
        campaign_report_pdf(r, remarks=r.remarks.text if r.remarks else None),
        media_type="application/pdf",
        headers={"Content-Disposition": attachment(_file(r, "pdf"))},
    )


@router.get(
    "/campaigns/{campaign_id}/report.xlsx",
    response_class=Response,
    summary="The campaign report as a workbook, one sheet per section",
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def campaign_report_xlsx_file(
    campaign_id: uuid.UUID, ctx: Ctx, visible: Viewer, request: Request, enterprise_id: uuid.UUID | None = None
) -> Response:
    r = await _made(ctx, visible, campaign_id, enterprise_id, request)
    return Response(
        campaign_report_xlsx(r, remarks=r.remarks.text if r.remarks else None),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": attachment(_file(r, "xlsx"))},
    )
