"""The campaign report (domain/campaign_report.py): the board's rows (`inspect.board`, the heat map's own figures),
the night of giao thừa over the same rows (`reports.span_coverage`), the incidents, the daily reports' statuses
(`daily_reports.day_statuses`), and the Department's profile for the signature block (the latest
`DepartmentProfileChanged` audit logged)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from lichtruc import vntime
from lichtruc.events_department import DepartmentProfileChanged
from lichtruc.paging import PageRequest
from lichtruc.scope import Visible

from ..db.incidents import IncidentFilter
from ..db.log import LogFilter
from ..domain import campaign_report as cr
from ..domain.errors import campaign_not_found
from ..domain.model import Campaign
from ..domain.reports import span_coverage
from .context import Context
from .daily_reports import day_statuses
from .inspect import board


@dataclass(frozen=True, slots=True)
class CampaignReport:
    """Everything the report prints, computed once for the page, the PDF and the workbook."""

    campaign: Campaign
    made_at: datetime
    enterprise_id: str | None
    enterprise_name: str | None
    enterprises: int
    night: tuple[datetime, datetime] | None
    coverage: list[cr.CoverageRow]
    province: cr.CoverageFigures
    night_rows: list[cr.CoverageRow]
    night_total: cr.CoverageFigures
    incidents: list[cr.IncidentRow]
    incidents_total: cr.IncidentRow
    reports: list[cr.ReportsRow]
    reports_total: cr.ReportsRow
    conclusion: list[str]
    profile: dict[str, Any] | None
    remarks: cr.Remarks | None = None


def giao_thua_window(campaign: Campaign) -> tuple[datetime, datetime] | None:
    """The night of giao thừa of the campaign's lunar year, cut to the campaign (None: outside it, or a drill's)."""
    try:
        lo, hi = vntime.giao_thua_night(campaign.lunar_year)
    except ValueError:
        return None
    lo, hi = max(vntime.utc(lo), campaign.starts_at), min(vntime.utc(hi), campaign.ends_at)
    return (lo, hi) if lo < hi else None


async def department_profile(*, ctx: Context) -> dict[str, Any] | None:
    """The Department's profile as last saved (the newest `DepartmentProfileChanged` in the log); None if never."""
    async with ctx.read() as unit:
        found = await unit.log.page(
            LogFilter(event_type=DepartmentProfileChanged.event_type), PageRequest(limit=1), newest_first=True
        )
    if not found.items:
        return None
    profile = found.items[0].event.get("data", {}).get("profile")
    return dict(profile) if isinstance(profile, dict) else None


async def campaign_report(
    *, ctx: Context, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None, visible: Visible, due: time
) -> CampaignReport:
    """The report of the campaign, province-wide (of the enterprises the caller may read) or for one enterprise."""
    now = ctx.clock()
    b = await board(ctx=ctx, campaign_id=campaign_id, enterprise_id=enterprise_id, visible=visible)
    night = giao_thua_window(b.campaign)
    keys = []
    for row in b.rows:
        name = row.names.enterprise_name or row.key.enterprise_id
        in_night = (
            span_coverage(row.segments, row.gaps, night[0], night[1], shortfalls=row.shortfalls) if night else None
        )
        keys.append(
            cr.KeyFigures(
                row.key.enterprise_id,
                name,
                row.key.duty_type,
                cr.figures_of(row.days, gaps=row.open_gaps, absences=len(row.shortfalls)),
                cr.figures_of(
                    [in_night] if in_night else [],
                    gaps=in_night.gap_count if in_night else 0,
                    absences=sum(
                        1 for f in row.shortfalls if night and f.starts_at < night[1] and f.ends_at > night[0]
                    ),
                ),
            )
        )
    coverage, province = cr.coverage_rows(keys)
    night_rows, night_total = cr.coverage_rows(keys, night=True)
    async with ctx.read() as unit:
        listed = await unit.reads.enterprises(visible)
        found = await unit.store.incidents.every(
            IncidentFilter(campaign_id=campaign_id, enterprise_id=enterprise_id, visible=visible), now=now
        )
    wanted = [e for e in listed if enterprise_id is None or e.enterprise_id == str(enterprise_id)]
    names = {e.enterprise_id: e.name for e in wanted}
    incidents, incidents_total = cr.incident_rows(found, names, now=now)
    statuses = await day_statuses(ctx=ctx, campaign_id=campaign_id, day=None, visible=visible, due=due)
    if enterprise_id is not None:
        statuses = [s for s in statuses if s.enterprise_id == str(enterprise_id)]
    reports, reports_total = cr.report_rows(statuses)
    sentences = cr.conclusion(
        coverage=coverage,
        province=province,
        night=night_total,
        incidents=incidents_total,
        reports=reports,
        reports_total=reports_total,
        enterprises=len(wanted),
    )
    return CampaignReport(
        b.campaign,
        now,
        None if enterprise_id is None else str(enterprise_id),
        names.get(str(enterprise_id)) if enterprise_id else None,
        len(wanted),
        night,
        coverage,
        province,
        night_rows,
        night_total,
        incidents,
        incidents_total,
        reports,
        reports_total,
        sentences,
        await department_profile(ctx=ctx),
        await remarks_of(ctx=ctx, campaign_id=campaign_id, enterprise_id=enterprise_id),
    )


async def remarks_of(*, ctx: Context, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None) -> cr.Remarks | None:
    """The report's remarks as last saved (None: never written)."""
    async with ctx.read() as unit:
        return await unit.remarks.latest(campaign_id, enterprise_id)


async def save_remarks(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None,
    text: str,
    written_by: str,
    written_by_name: str | None,
) -> cr.Remarks:
    """Keep the inspector's remarks on the report as its next version (the text as typed, trimmed); the campaign must
    be known (`campaign_not_found`). Saving the text it already has keeps the version there is."""
    text = text.strip()
    async with ctx.write() as unit:
        if await unit.reads.campaign(campaign_id) is None:
            raise campaign_not_found()
        last = await unit.remarks.latest(campaign_id, enterprise_id)
        if last is not None and last.text == text:
            return last
        return await unit.remarks.add(
            campaign_id,
            enterprise_id,
            text=text,
            written_by=written_by,
            written_by_name=written_by_name,
            written_at=ctx.clock(),
        )
