"""Daily situation reports: the draft of an enterprise's local day (computed from roster's facts,
nothing stored), submitting it (`DailyReportSubmitted`, immutable; a correction is the next
version), the lists, and the province's summary for a day or a whole campaign."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lichtruc import vntime
from lichtruc.events_reports import DailyReportSubmitted
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible
from lichtruc.text import sort_key
from lichtruc.vntime import at_local, local_day

from ..db.ports import Repositories
from ..db.reports import ReportFilter, absence_lines, facts_json, gap_lines, shortfall_lines
from ..domain import reports
from ..domain.coverage import build_board, rules_in_force
from ..domain.errors import Named, RuleViolation, check_window, missing
from ..domain.reports import DailyReport, IncidentLine, ReportFacts, Summary, SummaryRow
from ..domain.shifts import CampaignFacts
from .context import Context, UnitOfWork, reading

__all__ = ["ReportFilter", "absence_lines", "gap_lines", "shortfall_lines"]

MAX_SUMMARY_ENTERPRISES = 500


@dataclass(frozen=True)
class SubmitReport:
    enterprise_id: uuid.UUID
    day: date
    remarks: str
    campaign_id: uuid.UUID | None = None
    account_id: str | None = None
    staff_id: uuid.UUID | None = None
    manager: bool = False  # the caller manages the enterprise (or administers everything)


def _campaign_days(campaign: CampaignFacts) -> tuple[date, date]:
    return local_day(campaign.starts_at), local_day(campaign.ends_at - timedelta(microseconds=1))


async def _campaign(repos: Repositories, campaign_id: uuid.UUID | None, day: date) -> CampaignFacts:
    """The campaign the day belongs to (the given one, or the campaign whose days include it)."""
    if campaign_id is not None:
        campaign = await repos.facts.campaign(campaign_id)
        if campaign is None:
            raise missing("campaign", campaign_id)
    else:
        found = await repos.campaigns.find(lunar_year=None, kind=None, page=PageRequest(limit=500))
        candidates = [c for c in found.items if local_day(c.starts_at) <= day <= local_day(c.ends_at)]
        candidates.sort(key=lambda c: c.kind != "tet")  # a Tết campaign before a drill on the same day
        if not candidates:
            raise RuleViolation(
                "day",
                "inside-campaign",
                f"No campaign includes {vntime.date_said(day, 'en')}: pick a day of a campaign (GET /campaigns).",
                f"Ngày {day:%d/%m/%Y} không thuộc đợt trực nào: hãy chọn một ngày của đợt trực.",
            )
        campaign = await repos.facts.campaign(candidates[0].id)
        assert campaign is not None
    first, last = _campaign_days(campaign)
    if not first <= day <= last:
        raise RuleViolation(
            "day",
            "inside-campaign",
            f"The day must be one of {campaign.name} ({vntime.date_said(first, 'en')} to {vntime.date_said(last, 'en')}).",
            f"Ngày báo cáo phải thuộc {campaign.name} ({first:%d/%m/%Y} đến {last:%d/%m/%Y}).",
        )
    return campaign


async def _incidents(
    repos: Repositories, enterprise_id: uuid.UUID, start: datetime, end: datetime
) -> list[IncidentLine]:
    """The incidents open at some time that day (detected that day, or still being handled) and how they
    were handled (the incidents part keeps them); the report keeps those detected that day (`of_the_day`)."""
    return [reports.incident_line(i) for i in await repos.incidents.of_enterprise_between(enterprise_id, start, end)]


async def assemble(
    repos: Repositories, *, enterprise_id: uuid.UUID, day: date, campaign_id: uuid.UUID | None, now: datetime
) -> ReportFacts:
    campaign = await _campaign(repos, campaign_id, day)
    enterprise_name = await repos.facts.enterprise_name(enterprise_id)
    if enterprise_name is None:
        raise missing("enterprise", enterprise_id)
    start, end = reports.day_bounds(day)
    shifts = await repos.shifts.between(
        campaign_id=campaign.id, enterprise_id=enterprise_id, starts_at=start, ends_at=end, handed_over=True
    )
    rules = rules_in_force(await repos.requirements.versions_of(campaign_id=campaign.id, enterprise_id=enterprise_id))
    board = build_board(
        [day],
        shifts=[s for s in shifts if s.status in reports.ON_DUTY],
        requirements=rules,
        peaks=campaign.peaks,
        campaign_starts_at=campaign.starts_at,
        campaign_ends_at=campaign.ends_at,
    )
    site_ids = (
        {s.site_id for s in shifts if s.site_id}
        | {c for s in shifts for c in s.covers_site_ids}
        | {r.rule.site_id for r in rules if r.rule.site_id}
    )
    sites = await repos.facts.sites(site_ids)
    # the shifts that took over the day's, whichever day they begin: a night shift handed over after midnight is taken
    # by one beginning the next day, and what the manager said at the handover is on it (B1)
    listed = {s.id for s in shifts}
    takers = [t for t in await repos.shifts.continuing(listed) if t.id not in listed]
    return reports.assemble(
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        enterprise_id=enterprise_id,
        enterprise_name=enterprise_name,
        day=day,
        shifts=[*shifts, *takers],
        board_day=board[0] if board else None,
        site_names={k: v.name for k, v in sites.items()},
        incidents=await _incidents(repos, enterprise_id, start, end),
        now=now,
    )


async def draft(ctx: Context, *, enterprise_id: uuid.UUID, day: date, campaign_id: uuid.UUID | None) -> ReportFacts:
    """What the day's report would say now (nothing stored)."""
    async with reading(ctx) as repos:
        return await assemble(repos, enterprise_id=enterprise_id, day=day, campaign_id=campaign_id, now=ctx.clock())


async def _signer(uow: UnitOfWork, cmd: SubmitReport) -> str:
    """The name signing the report: the person on duty, else the account's display name."""
    if cmd.staff_id is not None:
        person = (await uow.facts.staff([cmd.staff_id])).get(cmd.staff_id)
        if person is not None:
            return person.full_name
    if cmd.account_id is not None:
        try:
            account = await uow.accounts.get(uuid.UUID(cmd.account_id))
        except ValueError:
            account = None
        if account is not None:
            return account.display_name
    return uow.actor or "—"


async def submit_report(uow: UnitOfWork, cmd: SubmitReport) -> DailyReport:
    """Submit the day's report as it stands now with the remarks: version 1, or the next version
    (a correction) when the day has one already, keeping the Department's place and recipients as they are now
    (what its PDF prints); publishes DailyReportSubmitted."""
    facts = await assemble(uow, enterprise_id=cmd.enterprise_id, day=cmd.day, campaign_id=cmd.campaign_id, now=uow.now)
    reports.may_submit(facts, staff_id=cmd.staff_id, manager=cmd.manager)
    latest = await uow.daily_reports.latest(cmd.enterprise_id, cmd.day)
    sequence = await uow.daily_reports.count(campaign_id=facts.campaign_id, enterprise_id=cmd.enterprise_id) + 1
    profile = await uow.department.get()  # its place and recipients, kept with the report (printed as sent)
    report = reports.submit(
        facts,
        remarks=cmd.remarks,
        latest=latest,
        sequence=sequence,
        now=uow.now,
        actor=uow.actor,
        signer=await _signer(uow, cmd),
        printed=reports.PrintedFor(profile.place, profile.report_recipients) if profile.is_set else None,
    )
    await uow.daily_reports.add(report)
    await uow.emit(
        submitted_event(report), key=report.enterprise_id, subject=f"daily-reports/{report.id}", named=_named(report)
    )
    return report


def _named(report: DailyReport) -> Named:
    """How a report too large to publish is named in the refusal, and what to shorten."""
    return Named(
        f"daily report of {vntime.date_said(report.day, 'en')} for {report.enterprise_name}",
        f"báo cáo ngày {report.day:%d/%m/%Y} của {report.enterprise_name}",
        "Shorten the remarks, or the descriptions, updates and closing notes of that day's incidents "
        "(the report carries them whole), then submit again.",
        "Hãy rút gọn phần ghi chú, hoặc mô tả, cập nhật và kết luận của các sự cố trong ngày (báo cáo "
        "mang toàn bộ các nội dung này), rồi gửi lại.",
    )


def submitted_event(report: DailyReport) -> DailyReportSubmitted:
    lines = facts_json(report.facts)
    section = report.section
    return DailyReportSubmitted(
        report_id=report.id,
        campaign_id=report.campaign_id,
        enterprise_id=report.enterprise_id,
        enterprise_name=report.enterprise_name,
        day=report.day,
        version=report.version,
        supersedes=report.supersedes,
        number=report.number,
        remarks=report.remarks,
        submitted_at=report.submitted_at,
        submitted_by=report.submitted_by,
        submitted_by_name=report.submitted_by_name,
        duty=lines["duty"],
        check_ins=lines["check_ins"],
        incidents=lines["incidents"],
        # section IV as the report shows it, derived at the submission and kept with it (DailyReport.section): each gap
        # with the people who never came whose hours it is (QZ16 #1: not also a presence line), then the presence lines
        gaps=gap_lines(section),
        absences=absence_lines(section),
        shortfalls=shortfall_lines(section),
    )


async def get_report(ctx: Context, report_id: uuid.UUID) -> tuple[DailyReport, list[DailyReport]]:
    """One version and every version of its day (oldest first)."""
    async with reading(ctx) as repos:
        found = await repos.daily_reports.get(report_id)
        if found is None:
            raise missing("daily_report", report_id)
        versions = await repos.daily_reports.versions(found.enterprise_id, found.day)
    return found, versions


async def list_reports(
    ctx: Context, f: ReportFilter, *, page: PageRequest, visible: Visible = EVERYTHING
) -> Slice[DailyReport]:
    check_window(f.day_from, f.day_to, keys=("from", "to"), days=True)
    async with reading(ctx) as repos:
        return await repos.daily_reports.page(f, visible=visible, page=page)


async def summary(ctx: Context, campaign_id: uuid.UUID, *, day: date | None) -> Summary:
    """The province's summary: every enterprise and every day (or the one day), with each day's latest report."""
    async with reading(ctx) as repos:
        campaign = await repos.facts.campaign(campaign_id)
        if campaign is None:
            raise missing("campaign", campaign_id)
        first, last = _campaign_days(campaign)
        if day is not None:
            if not first <= day <= last:
                raise RuleViolation(
                    "day",
                    "inside-campaign",
                    f"The day must be one of {campaign.name} ({vntime.date_said(first, 'en')} to {vntime.date_said(last, 'en')}).",
                    f"Ngày phải thuộc {campaign.name} ({first:%d/%m/%Y} đến {last:%d/%m/%Y}).",
                )
            first = last = day
        enterprises = await repos.enterprises.find(
            sector=None, q=None, within=None, page=PageRequest(limit=MAX_SUMMARY_ENTERPRISES)
        )
        found: list[DailyReport] = []
        cursor: str | None = None
        while True:
            chunk = await repos.daily_reports.page(
                # Every version: the first one's time says whether the day's report came late.
                ReportFilter(campaign_id=campaign_id, day_from=first, day_to=last),
                visible=EVERYTHING,
                page=PageRequest(limit=500, cursor=cursor),
            )
            found += chunk.items
            if chunk.next_cursor is None:
                break
            cursor = chunk.next_cursor
        # The incidents roster knows now, of each enterprise that reported in the period: one read each.
        period = (reports.day_bounds(first)[0], reports.day_bounds(last)[1])
        known = {
            eid: [reports.incident_line(i) for i in await repos.incidents.of_enterprise_between(eid, *period)]
            for eid in {r.enterprise_id for r in found}
        }
        # …and the handovers whose moment falls in it (K3 leftover), with whom each took over from and where
        takers = [
            t
            for t in await repos.shifts.handovers(campaign_id=campaign.id, starts_at=period[0], ends_at=period[1])
            if t.enterprise_id in known
        ]
        handed = {
            s.id: s for s in await repos.shifts.continued(t.continues_shift_id for t in takers if t.continues_shift_id)
        }
        sites = await repos.facts.sites({i for t in takers for i in (t.site_id, *t.covers_site_ids) if i})
        site_names = {k: v.name for k, v in sites.items()}
        handovers: dict[uuid.UUID, list[reports.HandoverLine]] = {}
        for t in takers:
            of = handed.get(t.continues_shift_id) if t.continues_shift_id else None
            handovers.setdefault(t.enterprise_id, []).append(reports.handover_line(t, of, site_names))
    by_key: dict[tuple[uuid.UUID, date], DailyReport] = {}
    first_sent: dict[tuple[uuid.UUID, date], datetime] = {}
    for r in found:
        key = (r.enterprise_id, r.day)
        if key not in by_key or r.version > by_key[key].version:
            by_key[key] = r
        first_sent[key] = min(first_sent.get(key, r.submitted_at), r.submitted_at)
    now = ctx.clock()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    # In the Vietnamese order of the inspector's pages, not PostgreSQL's (code point) order of names.
    named = sorted(enterprises.items, key=lambda e: sort_key(e.name))

    def row(enterprise_id: uuid.UUID, name: str, day: date) -> SummaryRow:
        report = by_key.get((enterprise_id, day))
        status, late = reports.summary_status(
            day, first_sent.get((enterprise_id, day)), due=ctx.daily_report_due, now=now
        )
        if report is None:
            return SummaryRow(enterprise_id, name, day, None, status=status)
        # By the report's own rule (QA: an incident of giao thừa still being handled on mùng 1, which mùng 1's
        # report leaves to giao thừa's, was counted as recorded after mùng 1's was sent).
        that_day = reports.of_the_day(day, known[enterprise_id])
        sent_at = first_sent.get((enterprise_id, day))
        return SummaryRow(
            enterprise_id,
            name,
            day,
            report,
            reports.not_in(report, that_day),
            reports.handed_since(day, handovers.get(enterprise_id, ()), sent_at=report.submitted_at),
            status,
            late,
            first_submitted_at=sent_at,
            early=reports.submitted_early(day, sent_at, due=ctx.daily_report_due, now=now),
        )

    # A day whose report an enterprise does not owe (a day before the day it owes from) is no row, unless it sent one.
    rows = [
        row(e.id, e.name, d)
        for d in days
        for e in named
        if (e.id, d) in by_key or reports.report_owed(d, obligations_from=e.obligations_from)
    ]
    # A day begun whose report is not due yet and not sent tells what roster knows of it so far (QZ26 #8: giao thừa's
    # summary at 22:30 said "Chưa đến hạn" and nothing of the night): each such day's draft, as of now.
    pending = [
        i for i, r in enumerate(rows) if r.report is None and r.status == "not_yet_due" and at_local(r.day) <= now
    ]
    if pending:
        async with reading(ctx) as repos:
            for i in pending:
                facts = await assemble(
                    repos, enterprise_id=rows[i].enterprise_id, day=rows[i].day, campaign_id=campaign.id, now=now
                )
                rows[i] = dataclasses.replace(rows[i], so_far=reports.so_far(facts, now=now))
    # …and is said, so that the count adds up (QZ19 #4).
    not_owed = (
        reports.not_owed(e.name, e.obligations_from, days=days, sent={d for (eid, d) in by_key if eid == e.id})
        for e in named
    )
    return Summary(
        campaign.id,
        campaign.name,
        first,
        last,
        tuple(rows),
        tuple(n for n in not_owed if n),
        as_of=now if pending else None,
    )


async def versions(ctx: Context, *, enterprise_id: uuid.UUID, day: date) -> list[DailyReport]:
    """Every version of the day's report, oldest first."""
    async with reading(ctx) as repos:
        return await repos.daily_reports.versions(enterprise_id, day)
