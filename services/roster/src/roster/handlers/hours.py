"""Tết hours of post offices and transaction points (`lichtruc.counters`): managers enter a point's schedule for a campaign and publish it
(TransactionHoursPublished); the public reads only what was published (JSON, iCal, the PDF notice)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from lichtruc import events_hours as ev
from lichtruc.counters import serves_counter
from lichtruc.paging import PageRequest, Slice
from lichtruc.text import fold
from lichtruc.vntime import day_label, lunar_day_name

from ..db.ports import Repositories
from ..domain.campaigns import Campaign
from ..domain.errors import ANY_VERSION, FieldError, NotFound, Precondition, RuleViolation, missing
from ..domain.hours import (
    DayHours,
    PublicSeason,
    PublishedPoint,
    TetHours,
    campaign_days,
    check_complete,
    check_has_points,
    check_schedule,
    check_serves_counter,
    check_tet_campaign,
    normalised,
    public_season,
    session_text,
)
from ..domain.hours_import import (
    Action,
    HoursRowReport,
    HoursRowResult,
    PointInFile,
    hours_update,
    left_empty,
    parse_hours,
    published_late,
)
from ..domain.imports import FieldChange, ImportReport, RowResult, rejection, summarise
from ..domain.reference import Enterprise, Site
from ..domain.spreadsheets import read_table
from .context import Context, UnitOfWork, reading
from .lookups import enterprise_and_campaign

WHAT, WHAT_VI = "Tết opening hours", "giờ mở cửa dịp Tết"


@dataclass(frozen=True)
class PointHours:
    """A point's schedule as its manager sees it: the site, the campaign, the schedule (None: nothing yet)."""

    site: Site
    campaign: Campaign
    hours: TetHours | None
    obligations_from: date | None = None
    """The day the point's enterprise owes from (the Department's, for one that joined late; None: always): publishing
    needs only the days from it on, and hours due before it are not owed."""

    @property
    def version(self) -> int:
        return self.hours.version if self.hours else 0


async def _site_and_campaign(
    repos: Repositories, site_id: uuid.UUID, campaign_id: uuid.UUID, *, lock: bool = False
) -> tuple[Site, Campaign]:
    site = await repos.sites.get(site_id, lock=lock)
    if site is None:
        raise missing("site", site_id)
    campaign = await repos.campaigns.get(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    check_tet_campaign(campaign.kind, campaign.name)
    return site, campaign


async def _owes_from(repos: Repositories, site: Site) -> date | None:
    enterprise = await repos.enterprises.get(site.enterprise_id)
    return enterprise.obligations_from if enterprise else None


async def get_hours(ctx: Context, site_id: uuid.UUID, *, campaign_id: uuid.UUID) -> PointHours:
    """A point's schedule; any other site is refused as saving and publishing refuse it (an empty schedule would
    read as hours not entered yet, for a site that keeps none)."""
    async with reading(ctx) as repos:
        site, campaign = await _site_and_campaign(repos, site_id, campaign_id)
        check_serves_counter(site.kind, site.name)
        owes_from = await _owes_from(repos, site)
        return PointHours(site, campaign, await repos.hours.get(site_id, campaign_id), owes_from)


async def set_hours(
    uow: UnitOfWork, site_id: uuid.UUID, *, campaign_id: uuid.UUID, days: Sequence[DayHours], pre: Precondition
) -> PointHours:
    """Replace a post office's or transaction point's draft schedule for a campaign (If-Match: its version; "0" for the
    first one). Nothing is public until it is published."""
    site, campaign = await _site_and_campaign(uow, site_id, campaign_id, lock=True)
    check_serves_counter(site.kind, site.name)
    current = await uow.hours.get(site_id, campaign_id, lock=True)
    pre.check(current.version if current else 0, what=WHAT, what_vi=WHAT_VI, ident=f"{site.name} ({campaign.name})")
    check_schedule(days, campaign_days(campaign.starts_at, campaign.ends_at))
    schedule = normalised(days)
    owes_from = await _owes_from(uow, site)
    if current is not None and current.days == schedule:
        return PointHours(site, campaign, current, owes_from)
    hours = (
        replace(current, days=schedule, version=current.version + 1, updated_at=uow.now)
        if current is not None
        else TetHours(
            site_id=site.id,
            campaign_id=campaign.id,
            enterprise_id=site.enterprise_id,
            days=schedule,
            version=1,
            published_days=None,
            published_version=0,
            published_at=None,
            created_at=uow.now,
            updated_at=uow.now,
        )
    )
    await uow.hours.save(hours)
    return PointHours(site, campaign, hours, owes_from)


def _event_days(days: Sequence[DayHours]) -> tuple[ev.DayHours, ...]:
    return tuple(
        ev.DayHours(
            day=d.day,
            open=d.open,
            sessions=tuple(ev.OpeningSession(opens=s.opens, closes=s.closes) for s in d.sessions),
            note=d.note,
        )
        for d in days
    )


async def publish_hours(
    uow: UnitOfWork, site_id: uuid.UUID, *, campaign_id: uuid.UUID, pre: Precondition
) -> PointHours:
    """Publish the draft (every day of the campaign given, or every day from the one its enterprise owes from:
    `check_complete`): the public sees it from now on;
    TransactionHoursPublished carries the whole schedule. Publishing an unchanged draft again
    changes nothing (no new version)."""
    site, campaign = await _site_and_campaign(uow, site_id, campaign_id, lock=True)
    check_serves_counter(site.kind, site.name)
    current = await uow.hours.get(site_id, campaign_id, lock=True)
    pre.check(current.version if current else 0, what=WHAT, what_vi=WHAT_VI, ident=f"{site.name} ({campaign.name})")
    allowed = campaign_days(campaign.starts_at, campaign.ends_at)
    owes_from = await _owes_from(uow, site)
    check_complete(current.days if current else (), allowed, site.name, obligations_from=owes_from)
    assert current is not None  # check_complete refused an empty schedule
    check_schedule(current.days, allowed)  # the campaign's dates may have moved since the draft was saved
    if not current.unpublished_changes:
        return PointHours(site, campaign, current, owes_from)
    published = replace(
        current, published_days=current.days, published_version=current.published_version + 1, published_at=uow.now
    )
    await uow.hours.save(published)
    await uow.emit(
        ev.TransactionHoursPublished(
            site_id=site.id,
            enterprise_id=site.enterprise_id,
            campaign_id=campaign.id,
            site_name=site.name,
            district=site.district,
            days=_event_days(published.days),
            published_at=uow.now,
            published_version=published.published_version,
            version=published.version,
            actor=uow.actor,
        ),
        key=site.enterprise_id,
        subject=f"sites/{site.id}/tet-hours",
    )
    return PointHours(site, campaign, published, owes_from)


# --- what the public reads (published schedules only) ---------------------------------------------


def _no_campaign() -> NotFound:
    return NotFound(
        "campaign",
        "đợt trực Tết",
        "(none)",
        "no Tết campaign has been opened yet: post offices and transaction points publish their hours once one is.",
    )


async def _campaign(repos: Repositories, campaign_id: uuid.UUID | None, *, now: datetime) -> Campaign:
    ident = campaign_id or await repos.hours.current_tet_campaign(now)
    if ident is None:
        raise _no_campaign()
    campaign = await repos.campaigns.get(ident)
    if campaign is None:
        raise missing("campaign", ident)
    check_tet_campaign(campaign.kind, campaign.name)
    return campaign


async def public_campaign(ctx: Context) -> tuple[Campaign, PublicSeason]:
    """The Tết campaign the public page shows without naming one (`current_tet_campaign`), and where it stands."""
    now = ctx.clock()
    async with reading(ctx) as repos:
        campaign = await _campaign(repos, None, now=now)
    return campaign, public_season(campaign.starts_at, campaign.ends_at, now=now)


async def public_page(
    ctx: Context, *, campaign_id: uuid.UUID | None, district: str | None, page: PageRequest
) -> tuple[Campaign, Slice[PublishedPoint]]:
    async with reading(ctx) as repos:
        campaign = await _campaign(repos, campaign_id, now=ctx.clock())
        return campaign, await repos.hours.published_page(campaign_id=campaign.id, district=district, page=page)


async def public_all(
    ctx: Context, *, campaign_id: uuid.UUID | None, district: str | None
) -> tuple[Campaign, list[PublishedPoint]]:
    async with reading(ctx) as repos:
        campaign = await _campaign(repos, campaign_id, now=ctx.clock())
        return campaign, await repos.hours.published_all(campaign_id=campaign.id, district=district)


async def public_point(
    ctx: Context, site_id: uuid.UUID, *, campaign_id: uuid.UUID | None
) -> tuple[Campaign, PublishedPoint]:
    async with reading(ctx) as repos:
        campaign = await _campaign(repos, campaign_id, now=ctx.clock())
        found = await repos.hours.published_of(site_id, campaign.id)
    if found is None:
        raise NotFound(
            "post office or transaction point",
            "bưu cục hoặc điểm giao dịch đã niêm yết giờ mở cửa dịp Tết",
            site_id,
            f"none has published its hours for {campaign.name} under this id (see GET /public/transaction-hours).",
        )
    return campaign, found


# --- the spreadsheet import -----------------------------------------------------------------------------


def _report_row(
    r: HoursRowResult, sites: Mapping[str, Site], update: tuple[Action, tuple[FieldChange, ...]] | None
) -> HoursRowReport:
    """A row as the report shows it: the point by its registered name when the typed one matched a point of
    the enterprise (the typed text otherwise, so that the manager finds the row in the file), and what it does
    to that point's day (`update`: None for a row that cannot be imported)."""
    p = r.parsed
    matched = sites.get(fold(r.site)) if r.site else None
    action, changes = update if update is not None and not r.errors else (None, ())
    if r.blank:
        action = "blank"
    return HoursRowReport(
        r.row,
        tuple(r.errors),
        tuple(r.warnings),
        site_name=matched.name if matched else (r.site or None),
        day=r.day,
        open=p.day.open if p else None,
        hours=session_text(p.day) if p else None,
        action=action,
        changes=changes,
    )


def _row_errors(exc: RuleViolation) -> list[FieldError]:
    # check_schedule names the field "days.0.<…>" for a one-day schedule: the row's fields are its own.
    return [replace(e, field=e.field.removeprefix("days.0.").removeprefix("days.0") or "date") for e in exc.errors]


async def _points_in_file(
    uow: UnitOfWork, results: Sequence[HoursRowResult], *, campaign_id: uuid.UUID, sites: Mapping[str, Site]
) -> list[PointInFile]:
    """Each post office and transaction point the file's rows name, its rows counted (blank, wrong), and whether
    its hours were published before this import: what the report's late and empty points are judged on."""
    named: dict[uuid.UUID, tuple[Site, list[HoursRowResult]]] = {}
    for r in results:
        site = sites.get(fold(r.site)) if r.site else None
        if site is not None and serves_counter(site.kind):
            named.setdefault(site.id, (site, []))[1].append(r)
    points = []
    for site, rows in named.values():
        before = await uow.hours.get(site.id, campaign_id)
        points.append(
            PointInFile(
                site.name,
                rows=len(rows),
                blank=sum(1 for r in rows if r.blank),
                wrong=sum(1 for r in rows if r.errors),
                published=before is not None and before.published_version > 0,
            )
        )
    return points


async def import_hours(
    uow: UnitOfWork,
    *,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    data: bytes,
    dry_run: bool,
    publish: bool = False,
) -> ImportReport:
    """Tết hours of an enterprise's post offices and transaction points for one campaign from a spreadsheet (one row per
    point and day): each row checked by the rules of PUT /sites/{id}/tet-hours, the days merged into each
    point's draft; with ``publish`` each point's schedule is published too (every day of the campaign
    needed, or every day from the one the enterprise owes from). A commit writes every row or, when any row is wrong, nothing. The report says what each row does
    to the day its point already has in the draft: new, unchanged, the hours and note before → after, or
    nothing (a blank row: hours and note empty, the day left as it is); and it names the points published late by
    this import (a dry run: that its commit would) and those it leaves unpublished, every row of theirs blank. An
    enterprise with no post office or transaction point has no hours to import: the file is refused whole
    (`check_has_points`), dry run or not."""
    enterprise, campaign = await enterprise_and_campaign(uow, enterprise_id=enterprise_id, campaign_id=campaign_id)
    check_tet_campaign(campaign.kind, campaign.name)
    own_sites = await uow.sites.of_enterprise(enterprise_id)
    # QA: without a post office or transaction point every row was refused one by one ("not a site of this
    # enterprise"); the file is refused whole, in the template's words, before a row is read.
    check_has_points(sum(1 for s in own_sites if serves_counter(s.kind)), enterprise.name)
    table = await asyncio.to_thread(read_table, data, max_rows=uow.ctx.import_max_rows)
    cols, results = parse_hours(table)
    allowed = campaign_days(campaign.starts_at, campaign.ends_at)
    sites = {fold(s.name): s for s in own_sites}
    merged: dict[uuid.UUID, dict[date, DayHours]] = {}
    last_row: dict[uuid.UUID, HoursRowResult] = {}
    updates: dict[int, tuple[Action, tuple[FieldChange, ...]]] = {}  # row → what it does to its point's day
    seen: dict[tuple[uuid.UUID, date], int] = {}
    for r in results:
        if r.parsed is None:
            continue
        site = sites.get(fold(r.parsed.site))
        if site is None:
            r.errors.append(
                FieldError(
                    "site",
                    "known-site",
                    f"{r.parsed.site} is not a site of this enterprise: use the name it is registered under.",
                    f"{r.parsed.site} không phải địa điểm của doanh nghiệp này: hãy ghi đúng tên đã đăng ký.",
                )
            )
            continue
        try:
            check_serves_counter(site.kind, site.name)
            check_schedule([r.parsed.day], allowed)
        except RuleViolation as exc:
            r.errors.extend(_row_errors(exc))
            continue
        key = (site.id, r.parsed.day.day)
        if key in seen:
            label_vi, label_en = day_label(r.parsed.day.day), day_label(r.parsed.day.day, "en")
            r.errors.append(
                FieldError(
                    "date",
                    "unique-day",
                    f"{site.name}, {label_en} is already given in row {seen[key]}: give each day once.",
                    f"{site.name}, ngày {label_vi} đã có ở dòng {seen[key]}: mỗi ngày chỉ ghi một lần.",
                )
            )
            continue
        seen[key] = r.row
        if site.id not in merged:
            current = await uow.hours.get(site.id, campaign_id)
            merged[site.id] = {d.day: d for d in current.days} if current else {}
        updates[r.row] = hours_update(merged[site.id].get(r.parsed.day.day), r.parsed.day)
        merged[site.id][r.parsed.day.day] = r.parsed.day
        last_row[site.id] = r
    if publish:
        for site_id, days in merged.items():
            site_name = next(s.name for s in sites.values() if s.id == site_id)
            try:
                check_complete(list(days.values()), allowed, site_name, obligations_from=enterprise.obligations_from)
            except RuleViolation as exc:
                last_row[site_id].errors.extend(exc.errors)
    plain = [RowResult(r.row, None, r.errors, warnings=list(r.warnings)) for r in results]
    points = await _points_in_file(uow, results, campaign_id=campaign_id, sites=sites)
    report = ImportReport(
        kind="tet_hours",
        dry_run=dry_run,
        committed=False,
        ignored_columns=cols.ignored,
        summary=summarise(plain),
        rows=tuple(_report_row(r, sites, updates.get(r.row)) for r in results),
        late_points=published_late(points, publish=publish, due=campaign.hours_due, now=uow.now),
        empty_points=left_empty(points),
        notes=cols.notes,
    )
    if any(r.errors for r in results):
        if dry_run:
            return report
        raise rejection("Tết hours", plain, report)
    if dry_run:
        return report
    for site_id, days in merged.items():
        await set_hours(uow, site_id, campaign_id=campaign_id, days=list(days.values()), pre=ANY_VERSION)
        if publish:
            await publish_hours(uow, site_id, campaign_id=campaign_id, pre=ANY_VERSION)
    return replace(report, committed=True)


# --- the template (the enterprise's points × the campaign's days) ------------------------------------------


async def hours_template(
    ctx: Context, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID
) -> tuple[Enterprise, Campaign, list[list[object]]]:
    """The rows of the template: every post office and transaction point of the enterprise × every day of the campaign,
    with the point's current draft (else empty hours), each date with its lunar name beside it ("Mùng 1 Tết", for
    reading only: the import ignores it). A drill has no hours to fill in (as to import), nor an enterprise without
    a post office or transaction point."""
    async with reading(ctx) as repos:
        enterprise, campaign = await enterprise_and_campaign(
            repos, enterprise_id=enterprise_id, campaign_id=campaign_id
        )
        check_tet_campaign(campaign.kind, campaign.name)
        points = sorted(
            (s for s in await repos.sites.of_enterprise(enterprise_id) if serves_counter(s.kind)),
            key=lambda s: s.name,
        )
        check_has_points(len(points), enterprise.name)
        drafts = {p.id: await repos.hours.get(p.id, campaign_id) for p in points}
    rows: list[list[object]] = []
    for point in points:
        draft = drafts[point.id]
        known = {d.day: d for d in draft.days} if draft else {}
        for day in campaign_days(campaign.starts_at, campaign.ends_at):
            d = known.get(day)
            hours, note = (session_text(d), d.note or "") if d else ("", "")
            rows.append([point.name, f"{day:%d/%m/%Y}", lunar_day_name(day), hours, note])
    return enterprise, campaign, rows
