"""The campaign report (domain/campaign_report.py): the board's rows (`inspect.board`, the heat map's own figures),
the night of giao thừa over the same rows (`reports.span_coverage`), the incidents, the daily reports' statuses
(`daily_reports.day_statuses`), and the Department's profile for the signature block (the latest
`DepartmentProfileChanged` audit logged)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Any

from lichtruc import vntime
from lichtruc.events_department import DepartmentProfileChanged
from lichtruc.paging import MAX_LIMIT, PageRequest
from lichtruc.scope import Visible
from lichtruc.text import sort_key

from ..db.explanations import AccountableFilter
from ..db.findings import FindingFilter
from ..db.incidents import IncidentFilter
from ..db.inspections import InspectionPlans
from ..db.log import LogFilter
from ..domain import campaign_report as cr
from ..domain.campaign_report import CampaignReport
from ..domain.errors import AuditError, campaign_not_found, report_enterprise_required
from ..domain.model import Campaign
from ..domain.reports import span_coverage
from .context import Context
from .daily_reports import day_statuses
from .hours import missing_hours
from .inspect import board
from .lag import KeptLag
from .readiness import province_overview


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


@dataclass(frozen=True, slots=True)
class ReportKey:
    """What a campaign report is made from, so that one made from the same is the same report: whose (the campaign,
    the enterprise, the caller's visibility, the deadline of daily reports), the log as it stands (its tree's size:
    every fact the report reads — roster's events, findings, the Department's profile — is a record of it), the
    remarks' version (audit's own table, outside the log) and the clock's minute (what turns on the time — a gap
    coming into force, a report falling due, an open incident's age — is said to the minute; the report says when
    it was made)."""

    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID | None
    visible: Visible
    due: time
    tree_size: int
    remarks_version: int
    minute: datetime


async def report_key(
    *, ctx: Context, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None, visible: Visible, due: time
) -> ReportKey:
    """The key of the report these would make now (two cheap reads: the tree's size, the remarks' version)."""
    async with ctx.read() as unit:
        size = await unit.tree.size()
        version = await unit.remarks.version(campaign_id, enterprise_id)
    minute = ctx.clock().replace(second=0, microsecond=0)
    return ReportKey(campaign_id, enterprise_id, visible, due, size, version, minute)


async def campaign_report(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None,
    visible: Visible,
    due: time,
    lag: KeptLag | None = None,
) -> CampaignReport:
    """The report of the campaign, province-wide (of the enterprises the caller may read) or for one enterprise;
    `lag`: audit's consumer's, read for the data's completeness notice. A manager's is their enterprise's: asked
    without one, the one they manage (of several, `report_enterprise_required`) — never the province's title and
    remarks over their own figures (QZ28 #3). Made once per `ReportKey` and kept (`Context.reports`): the page, the
    PDF and the workbook read the same computation; the completeness notice is read anew for each (the consumer's
    lag moves without the log)."""
    if enterprise_id is None and visible.enterprises is not None:
        enterprise_id = await _managers_own(ctx, visible)
    key = await report_key(ctx=ctx, campaign_id=campaign_id, enterprise_id=enterprise_id, visible=visible, due=due)
    made = await ctx.reports.get(
        key,
        lambda: make_campaign_report(
            ctx=ctx, campaign_id=campaign_id, enterprise_id=enterprise_id, visible=visible, due=due
        ),
    )
    return replace(made, completeness=await _completeness(lag))


async def make_campaign_report(
    *, ctx: Context, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None, visible: Visible, due: time
) -> CampaignReport:
    """The report computed from the stored figures (every section; the completeness notice left to the caller)."""
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
    said = cr.conclusion_facts(
        coverage=coverage,
        province=province,
        night=night_total,
        incidents=incidents_total,
        reports=reports,
        reports_total=reports_total,
        enterprises=len(wanted),
        enterprise_name=names.get(str(enterprise_id)) if enterprise_id else None,
    )
    remarks, earlier = await remarks_of(ctx=ctx, campaign_id=campaign_id, enterprise_id=enterprise_id)
    made = CampaignReport(
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
        [cr.said_vi(x) for x in said],
        await department_profile(ctx=ctx),
        remarks,
        earlier,
        said=said,
    )
    made = replace(made, sectors=tuple(e.sector for e in wanted))
    return await _the_directives_other_duties(ctx, made, campaign_id, enterprise_id, visible, names)


async def _managers_own(ctx: Context, visible: Visible) -> uuid.UUID:
    """The one enterprise a manager reads the report of when they name none."""
    async with ctx.read() as unit:
        listed = await unit.reads.enterprises(visible)
    if len(listed) != 1:
        raise report_enterprise_required(sorted((e.name for e in listed), key=sort_key))
    return uuid.UUID(listed[0].enterprise_id)


async def _completeness(lag: KeptLag | None) -> str:
    """The notice of the data's completeness, from the lag `GET /lag` answers (its last reading)."""
    if lag is None:
        return cr.completeness_note(None, None)
    try:
        reading = await lag.current()
    except AuditError:
        return cr.completeness_note(None, None)
    return cr.completeness_note(reading.lag.pending, reading.lag.oldest_pending_at)


HOURS_STATUSES = ("on_time", "late", "missing", "pending", "not_owed", "not_owed_published")
PLAN_STATES = ("done", "overdue", "cancelled", "planned")
READINESS_STATES = ("done", "overdue", "open")
_EVERY = PageRequest(limit=MAX_LIMIT)


async def _the_directives_other_duties(
    ctx: Context,
    made: CampaignReport,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None,
    visible: Visible,
    names: dict[str, str],
) -> CampaignReport:
    """Tết hours, inspections and findings, readiness: each read by its own handler, as its page reads it; the
    explanations (giải trình) of the campaign's gaps and findings as their list reads them."""
    hours = None
    if made.campaign.kind == "tet":
        points = await missing_hours(
            ctx=ctx, campaign_id=campaign_id, visible=visible, enterprise_id=enterprise_id, district=None,
            statuses=frozenset(HOURS_STATUSES), page=_EVERY,
        )  # fmt: skip
        hours = cr.count_rows(
            ((p.point.enterprise_id, p.point.enterprise_name or names.get(p.point.enterprise_id, ""), p.status)
             for p in points.items),
            HOURS_STATUSES,
        )  # fmt: skip
    async with ctx.read() as unit:
        plans = await InspectionPlans(unit.session).of_campaign(campaign_id) if visible.enterprises is None else None
        found = await unit.findings.page(
            FindingFilter(enterprise_id=enterprise_id, observed_from=made.campaign.starts_at,
                          observed_to=made.campaign.ends_at, visible=visible),
            _EVERY,
        )  # fmt: skip
        owed = await unit.explanations.states(
            AccountableFilter(campaign_id=campaign_id, within=(made.campaign.starts_at, made.campaign.ends_at),
                              enterprise_id=enterprise_id, visible=visible),
            now=made.made_at,
        )  # fmt: skip
    explained = cr.count_rows(((e, n or names.get(e, ""), s) for e, n, s in owed), cr.EXPLANATION_STATES)
    inspections = None
    if plans is not None:
        today = vntime.local_day(made.made_at)
        wanted = [p for p in plans if enterprise_id is None or p.enterprise_id == str(enterprise_id)]
        inspections = cr.count_rows(
            ((p.enterprise_id, p.enterprise_name or names.get(p.enterprise_id, ""), p.state(today)) for p in wanted),
            PLAN_STATES,
        )
    readiness = None
    if visible.enterprises is None or enterprise_id is not None:
        rows, _ = await province_overview(
            ctx=ctx, campaign_id=campaign_id, status=None, sector=None, enterprise_id=enterprise_id, page=_EVERY
        )
        each = [cr.CountsRow(r.enterprise_id, r.name, {"done": r.done, "overdue": r.overdue, "open": r.open})
                for r in rows.items]  # fmt: skip
        readiness = (each, cr.CountsRow("", "Toàn tỉnh", {s: sum(r[s] for r in each) for s in READINESS_STATES}))
    lines = cr.finding_lines((f.doc for f in found.items), names)
    more = cr.duties_facts(
        hours=hours[1] if hours else None,
        inspections=inspections[1] if inspections else None,
        findings=len(found.items),
        with_discrepancies=len(lines),
        readiness=readiness[1] if readiness else None,
    ) + cr.explanations_facts(explained[1])
    return replace(
        made,
        conclusion=[*made.conclusion, *(cr.said_vi(x) for x in more)],
        said=[*made.said, *more],
        explanations=explained,
        hours=hours,
        inspections=inspections,
        findings=lines,
        findings_count=len(found.items),
        readiness=readiness,
    )


async def remarks_of(
    *, ctx: Context, campaign_id: uuid.UUID, enterprise_id: uuid.UUID | None
) -> tuple[cr.Remarks | None, tuple[cr.Remarks, ...]]:
    """The report's remarks as last saved (None: never written) and the versions before, the latest first."""
    async with ctx.read() as unit:
        every = await unit.remarks.versions(campaign_id, enterprise_id)
    return (every[0], tuple(every[1:])) if every else (None, ())


async def save_remarks(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None,
    text: str,
    written_by: str,
    written_by_name: str | None,
    read_version: int | None = None,
) -> cr.Remarks:
    """Keep the inspector's remarks on the report as its next version (the text as typed, trimmed); the campaign must
    be known (`campaign_not_found`). Saving the text it already has keeps the version there is. `read_version`: the
    version the form was opened at, refused when another was saved since (`check_remarks_read`)."""
    text = text.strip()
    async with ctx.write() as unit:
        if await unit.reads.campaign(campaign_id) is None:
            raise campaign_not_found()
        last = await unit.remarks.latest(campaign_id, enterprise_id)
        cr.check_remarks_read(read_version, last, text)
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
