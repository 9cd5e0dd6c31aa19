"""The inspectors' questions: coverage board, coverage in a window as known at a record
time, who was on duty, gaps, an enterprise's history, the history of accounts, and the CSV
exports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import ValidationError

from lichtruc import vntime
from lichtruc.events import SYSTEM_ACTOR, CloudEvent, EventData, ShiftCancelled
from lichtruc.paging import PageRequest, Slice, by_offset
from lichtruc.scope import Visible
from lichtruc.sheets import Separator
from lichtruc.words import name, yes_no

from ..db.log import ACCOUNT_HISTORY_PAGES, HISTORY_PAGES, LogEntry, LogFilter
from ..db.queries import GapFilter, ListedGap, SequenceGapFilter
from ..db.unit import Unit
from ..domain import coverage, inforce, live, presence
from ..domain.accounts import ACCOUNT_EVENT_TYPES, name_at
from ..domain.causes import CauseEvent, NoShow, change_words, gap_cause
from ..domain.department import DEPARTMENT_EVENT_TYPES
from ..domain.errors import campaign_not_found, check_window, empty_window, gap_not_found
from ..domain.export import distinct, none_said, render_csv, render_xlsx
from ..domain.history import Description, Known, describe, wanted
from ..domain.live import KeyRef, campaign_days, gap_id
from ..domain.model import Campaign, Enterprise, Shift, Site, utc
from ..domain.reports import (
    DayCoverage,
    SiteFilter,
    campaign_coverage,
    clip,
    daily_coverage,
    local_midnight,
    on_duty,
    sites_on_duty,
    unstaffed_at,
)
from ..domain.sequences import SequenceGap, type_names
from ..domain.sequences import describe as describe_aggregate
from .context import Context
from .projector import decode_data
from .replay import AsOf, state_known_at

T = TypeVar("T")


def _within(visible: Visible) -> frozenset[str] | None:
    """The enterprises the caller may read as the domain's ids (None: all)."""
    return None if visible.enterprises is None else frozenset(str(e) for e in visible.enterprises)


@dataclass(frozen=True, slots=True)
class KeyNames:
    """A coverage key as people read it: its ids with the names the roster gave them (None: not
    named in the log, e.g. an enterprise registered before audit listened)."""

    enterprise_id: str
    enterprise_name: str | None
    sector: str | None
    site_id: str | None
    site_name: str | None
    border_area: bool | None
    district: str | None
    duty_type: str


def key_names(key: KeyRef, *, enterprises: Mapping[str, Enterprise], sites: Mapping[str, Site]) -> KeyNames:
    e, s = enterprises.get(key.enterprise_id), sites.get(key.site_id) if key.site_id else None
    return KeyNames(
        enterprise_id=key.enterprise_id,
        enterprise_name=e.name if e else None,
        sector=e.sector if e else None,
        site_id=key.site_id,
        site_name=s.name if s else None,
        border_area=s.border_area if s else None,
        district=s.district if s else None,
        duty_type=key.duty_type,
    )


def _sector_ok(key: KeyRef, *, sector: str | None, enterprises: dict[str, Enterprise]) -> bool:
    return sector is None or (key.enterprise_id in enterprises and enterprises[key.enterprise_id].sector == sector)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """A key's row of the board: its cells per day, and what they were made of (its timeline, the gaps counted, its
    presence shortfalls), for a figure over another stretch by the same rule (`reports.span_coverage`)."""

    key: KeyRef
    names: KeyNames
    open_gaps: int
    days: list[DayCoverage]
    segments: Sequence[coverage.Segment] = ()
    gaps: Sequence[tuple[datetime, datetime]] = ()
    shortfalls: Sequence[presence.Shortfall] = ()


@dataclass(frozen=True, slots=True)
class Board:
    campaign: Campaign
    as_of: AsOf | None
    days: list[date]
    rows: list[BoardRow]


async def board(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    as_of: datetime | None = None,
    enterprise_id: uuid.UUID | None = None,
    sector: str | None = None,
    duty_type: str | None = None,
    visible: Visible,
    in_force: inforce.InForce = "true",
    where: SiteFilter | None = None,
) -> Board:
    """Coverage per key and local day: live (from the stored coverage), or as known at `as_of` (replayed);
    only the keys of the enterprises the caller may read (`visible`), and with a site filter
    (`where`) only the keys of matching sites (a key of the enterprise as a whole has no site). The gap
    counts are of the open gaps `in_force` selects (in force by default), judged now or at `as_of`."""
    where = where or SiteFilter()
    ent = str(enterprise_id) if enterprise_id else None
    resolved: AsOf | None
    per_key: list[tuple[KeyRef, list[coverage.Segment], list[tuple[datetime, datetime]]]]
    if as_of is None:
        async with ctx.read() as unit:
            campaign = await unit.reads.campaign(campaign_id)
            if campaign is None:
                raise campaign_not_found()
            keyed = await unit.reads.live_coverage(
                campaign_id, enterprise_id=enterprise_id, duty_type=duty_type, visible=visible
            )
            enterprises, sites = await unit.reads.names()
            shifts = await unit.reads.counting_shifts(campaign_id, enterprise_id=enterprise_id, duty_type=duty_type)
        resolved = None
        now = ctx.clock()
        per_key = [
            (k.key, k.segments, [(g.starts_at, g.ends_at) for g in k.open_gaps if inforce.selected(g, now, in_force)])
            for k in keyed
        ]
    else:
        state, resolved = await state_known_at(ctx, as_of)
        campaign = await state.get("campaigns", str(campaign_id))
        if campaign is None:
            raise campaign_not_found(resolved.requested)
        report = campaign_coverage(
            campaign,
            state.all("requirements"),
            state.all("shifts"),
            enterprise_id=ent,
            duty_type=duty_type,
            within=_within(visible),
        )
        enterprises, sites = state.entities["enterprises"], state.entities["sites"]
        shifts = state.all("shifts")
        gaps_of: dict[KeyRef, list[tuple[datetime, datetime]]] = {}
        # An open gap known at `as_of` was opened no later than then, so it is in force
        # iff that instant is past min(its start, the deadline) (domain/inforce.py).
        at = resolved.requested or resolved.received_at or as_of
        now = at
        threshold = inforce.readiness_deadline(campaign)
        for k, g in report.gaps:
            if in_force == "all" or (at >= min(g.start, threshold)) == (in_force == "true"):
                gaps_of.setdefault(k, []).append((g.start, g.end))
        per_key = [
            (k, segs, gaps_of.get(k, []))
            for k, segs in sorted(report.timeline.items(), key=lambda item: item[0].sort_key())
        ]
    days = campaign_days(campaign)
    missing = await found_missing(ctx, campaign, recorded_by=None if resolved is None else now)
    absent = presence.absences(shifts, now=now, missing=missing)
    confirmed = presence.confirmations(shifts, now=now, missing=missing)
    rows = []
    for k, segs, gaps in per_key:
        if not _sector_ok(k, sector=sector, enterprises=enterprises) or not where.matches(
            sites.get(k.site_id or ""), k.site_id
        ):
            continue
        short = presence.shortfalls(k, segs, absent)
        rows.append(
            BoardRow(
                k,
                key_names(k, enterprises=enterprises, sites=sites),
                len(gaps),
                daily_coverage(segs, gaps, days, shortfalls=short, confirmed=[c for c in confirmed if c.on_key(k)]),
                segs,
                gaps,
                short,
            )
        )
    return Board(campaign, resolved, days, rows)


async def found_missing(
    ctx: Context, campaign: Campaign, *, recorded_by: datetime | None = None
) -> list[presence.FoundMissing]:
    """The people the campaign's findings (those recorded by `recorded_by` when given) found missing from their post,
    with the inspectors' names: what presence holds a word afterwards against (QZ28 #1)."""
    async with ctx.read() as unit:
        found = await unit.findings.with_discrepancies(campaign.starts_at, campaign.ends_at, recorded_by=recorded_by)
        logins = sorted({str(f.doc["inspector"]) for f in found if f.doc.get("inspector")})
        accounts = await unit.log.account_names(logins, event_types=ACCOUNT_EVENT_TYPES) if logins else {}
    names = {  # as the findings' pages name them (handlers.findings.inspector_names: as the account was then called)
        str(f.doc["finding_id"]): name_at(accounts.get(str(f.doc["inspector"]).lower(), []), int(f.doc["as_of_seq"]))
        for f in found
        if f.doc.get("inspector") and f.doc.get("as_of_seq") is not None
    }
    return presence.found_missing((f.doc for f in found), {k: v for k, v in names.items() if v})


@dataclass(frozen=True, slots=True)
class NamedShortfall:
    """A presence shortfall with its key's names."""

    names: KeyNames
    shortfall: presence.Shortfall


async def presence_shortfalls(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    visible: Visible,
    page: PageRequest,
    enterprise_id: uuid.UUID | None = None,
    duty_type: str | None = None,
    site_id: uuid.UUID | None = None,
    day: date | None = None,
) -> Slice[NamedShortfall]:
    """The campaign's presence shortfalls as of now (domain/presence.py), of the enterprises the caller may
    read, by key then start; with `day`, those touching that local day (cut to it). Read whole, paged by
    position: a campaign has few."""
    now = ctx.clock()
    async with ctx.read() as unit:
        campaign = await unit.reads.campaign(campaign_id)
        if campaign is None:
            raise campaign_not_found()
        keyed = await unit.reads.live_coverage(
            campaign_id, enterprise_id=enterprise_id, site_id=site_id, duty_type=duty_type, visible=visible
        )
        enterprises, sites = await unit.reads.names()
        shifts = await unit.reads.counting_shifts(campaign_id, enterprise_id=enterprise_id, duty_type=duty_type)
    lo = vntime.utc(vntime.at_local(day)) if day else None
    hi = vntime.utc(vntime.at_local(day + timedelta(days=1))) if day else None
    absent = presence.absences(shifts, now=now, missing=await found_missing(ctx, campaign))
    found = [
        NamedShortfall(key_names(k.key, enterprises=enterprises, sites=sites), f)
        for k in keyed
        for f in presence.shortfalls(k.key, k.segments, absent, starts_at=lo, ends_at=hi)
    ]
    return _by_position(found, page, "shortfalls")


@dataclass(frozen=True, slots=True)
class NamedConfirmation:
    """A presence confirmed afterwards with its post's names (the shift's own site, or the enterprise as a whole), and
    the stretch it alone counts present, cut to the day asked."""

    names: KeyNames
    confirmation: presence.Confirmation
    counted_from: datetime | None
    counted_until: datetime | None
    person_minutes: int


async def presence_confirmations(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    visible: Visible,
    page: PageRequest,
    enterprise_id: uuid.UUID | None = None,
    duty_type: str | None = None,
    site_id: uuid.UUID | None = None,
    day: date | None = None,
) -> Slice[NamedConfirmation]:
    """The campaign's presences confirmed (or corrected) afterwards by a manager, as of now (domain/presence.py), of the
    enterprises the caller may read, by shift start then name; with `day`, those of shifts touching that local day,
    their counted stretch cut to it. Read whole, paged by position: a campaign has few."""
    now = ctx.clock()
    async with ctx.read() as unit:
        campaign = await unit.reads.campaign(campaign_id)
        if campaign is None:
            raise campaign_not_found()
        enterprises, sites = await unit.reads.names()
        shifts = await unit.reads.counting_shifts(campaign_id, enterprise_id=enterprise_id, duty_type=duty_type)
    lo = vntime.utc(vntime.at_local(day)) if day else None
    hi = vntime.utc(vntime.at_local(day + timedelta(days=1))) if day else None
    found = []
    for c in presence.confirmations(shifts, now=now, missing=await found_missing(ctx, campaign)):
        if not visible.sees_enterprise(uuid.UUID(c.enterprise_id)):
            continue
        if site_id is not None and str(site_id) not in c.sites:
            continue
        if lo is not None and hi is not None and not (c.shift_starts_at < hi and c.shift_ends_at > lo):
            continue
        a = max(c.starts_at, lo) if c.starts_at is not None and lo is not None else c.starts_at
        b = min(c.ends_at, hi) if c.ends_at is not None and hi is not None else c.ends_at
        if a is None or b is None or b <= a:
            a = b = None
        key = KeyRef(str(campaign_id), c.enterprise_id, c.sites[0] if c.sites else None, c.duty_type)
        names = key_names(key, enterprises=enterprises, sites=sites)
        found.append(NamedConfirmation(names, c, a, b, c.person_minutes(lo, hi)))
    found.sort(key=lambda n: (n.confirmation.shift_starts_at, n.confirmation.full_name, n.confirmation.shift_id))
    return _by_position(found, page, "confirmations")


@dataclass(frozen=True, slots=True)
class KeyCoverage:
    key: KeyRef
    names: KeyNames
    segments: list[coverage.Segment]
    gaps: list[tuple[str, coverage.Gap]]


@dataclass(frozen=True, slots=True)
class WindowCoverage:
    campaign: Campaign
    as_of: AsOf
    start: datetime
    end: datetime
    keys: list[KeyCoverage]
    double_bookings: list[coverage.DoubleBooking]
    rest_violations: list[coverage.RestViolation]


async def coverage_in_window(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    start: datetime | None,
    end: datetime | None,
    as_of: datetime | None,
    enterprise_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    duty_type: str | None = None,
    visible: Visible,
) -> WindowCoverage:
    """Coverage over a valid-time window as known at a record time: the log is replayed up to
    `as_of` (default: all of it) and the engine run over the campaign; the timeline is clipped
    to the window and the gaps overlapping it are given whole, with their ids. Only the keys
    of the enterprises the caller may read (`visible`)."""
    state, resolved = await state_known_at(ctx, as_of)
    campaign = await state.get("campaigns", str(campaign_id))
    if campaign is None:
        raise campaign_not_found(resolved.requested)
    start = utc(start) if start else campaign.starts_at
    end = utc(end) if end else campaign.ends_at
    if end <= start:
        raise empty_window(start, end)
    report = campaign_coverage(
        campaign,
        state.all("requirements"),
        state.all("shifts"),
        enterprise_id=str(enterprise_id) if enterprise_id else None,
        site_id=str(site_id) if site_id else None,
        duty_type=duty_type,
        within=_within(visible),
    )
    enterprises, sites = state.entities["enterprises"], state.entities["sites"]
    gaps_of: dict[KeyRef, list[tuple[str, coverage.Gap]]] = {}
    for k, g in report.gaps:
        if g.start < end and g.end > start:
            gaps_of.setdefault(k, []).append((gap_id(k, g.start), g))
    keys = [
        KeyCoverage(k, key_names(k, enterprises=enterprises, sites=sites), clip(segs, start, end), gaps_of.get(k, []))
        for k, segs in sorted(report.timeline.items(), key=lambda item: item[0].sort_key())
    ]
    return WindowCoverage(
        campaign,
        resolved,
        start,
        end,
        keys,
        [d for d in report.double_bookings if d.overlap_start < end and d.overlap_end > start],
        report.rest_violations,
    )


@dataclass(frozen=True, slots=True)
class CoveredSite:
    site_id: str
    site_name: str | None


@dataclass(frozen=True, slots=True)
class ShiftOnDuty:
    """A shift under way, its key named, with the further sites it covers (named)."""

    shift: Shift
    names: KeyNames
    covers: list[CoveredSite]


def _shift_on_duty(s: Shift, *, enterprises: Mapping[str, Enterprise], sites: Mapping[str, Site]) -> ShiftOnDuty:
    key = KeyRef("", s.enterprise_id, s.site_id, s.duty_type)
    covers = [CoveredSite(c, sites[c].name if c in sites else None) for c in s.sites if c != s.site_id]
    return ShiftOnDuty(s, key_names(key, enterprises=enterprises, sites=sites), covers)


@dataclass(frozen=True, slots=True)
class NamedSiteOnDuty:
    """A site a site filter matched, with its enterprise's name and the shifts at it or covering it
    (none: nobody was there)."""

    site: Site
    enterprise_name: str | None
    shifts: list[Shift]

    @property
    def covered(self) -> bool:
        """Someone qualified is on one of the shifts."""
        return any(p.qualified for s in self.shifts for p in s.assignees)


@dataclass(frozen=True, slots=True)
class Unstaffed:
    """A key a requirement in force needs people at, with nobody on a shift under way there."""

    names: KeyNames
    required: int


@dataclass(frozen=True, slots=True)
class OnDuty:
    as_of: AsOf
    shifts: list[ShiftOnDuty]
    sites: list[NamedSiteOnDuty] | None  # with a site filter: every matching site, covered or not
    unstaffed: list[Unstaffed] = field(default_factory=list)  # required at the instant, nobody rostered


async def who_was_on_duty(
    *,
    ctx: Context,
    at: datetime,
    as_of: datetime | None,
    enterprise_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    duty_type: str | None = None,
    visible: Visible,
    sector: str | None = None,
    border: bool | None = None,
    district: str | None = None,
) -> OnDuty:
    """The counting shifts under way at `at` (valid time) as the roster said at `as_of` (record time),
    of the enterprises the caller may read (`visible`); with a site filter (site, border,
    district) also every matching site with the people at or covering it, so that a site
    nobody covers is in the answer with nobody."""
    state, resolved = await state_known_at(ctx, as_of)
    enterprises, sites = state.entities["enterprises"], state.entities["sites"]
    ent, site = (str(enterprise_id) if enterprise_id else None), (str(site_id) if site_id else None)
    within = _within(visible)
    found = on_duty(
        state.all("shifts"),
        utc(at),
        enterprise_id=ent,
        site_id=site,
        duty_type=duty_type,
        within=within,
        sector=sector,
        border=border,
        district=district,
        sites=sites,
        enterprises=enterprises,
    )
    per_site = None
    if SiteFilter(site, border, district).given:
        per_site = [
            NamedSiteOnDuty(
                a.site,
                enterprises[a.site.enterprise_id].name if a.site.enterprise_id in enterprises else None,
                a.shifts,
            )
            for a in sites_on_duty(
                found,
                sites.values(),
                enterprise_id=ent,
                site_id=site,
                border=border,
                district=district,
                sector=sector,
                within=within,
                enterprises=enterprises,
            )
        ]
    instant = utc(at)
    unstaffed = [
        Unstaffed(key_names(k, enterprises=enterprises, sites=sites), required)
        for campaign in state.all("campaigns")
        if campaign.starts_at <= instant < campaign.ends_at
        for k, required in unstaffed_at(
            campaign_coverage(
                campaign,
                state.all("requirements"),
                state.all("shifts"),
                enterprise_id=ent,
                site_id=site,
                duty_type=duty_type,
                within=within,
            ).timeline,
            found,
            instant,
            sector=sector,
            border=border,
            district=district,
            sites=sites,
            enterprises=enterprises,
        )
    ]
    return OnDuty(
        resolved, [_shift_on_duty(s, enterprises=enterprises, sites=sites) for s in found], per_site, unstaffed
    )


async def campaigns(
    *, ctx: Context, page: PageRequest, as_of: datetime | None = None
) -> tuple[AsOf | None, Slice[Campaign]]:
    """The campaigns known now (or as known at `as_of`, with the log position that answered), one page.
    A province has a campaign a year: the list is read whole and paged by position."""
    if as_of is None:
        async with ctx.read() as unit:
            found, resolved = await unit.reads.campaigns(), None
    else:
        state, resolved = await state_known_at(ctx, as_of)
        found = state.all("campaigns")
    return resolved, _by_position(sorted(found, key=lambda c: (c.starts_at, str(c.campaign_id))), page, "campaigns")


async def campaign_name(*, ctx: Context, campaign_id: uuid.UUID | None) -> str | None:
    """The name of the campaign an export is filtered to (None: no campaign, or one audit does not know)."""
    if campaign_id is None:
        return None
    async with ctx.read() as unit:
        found = await unit.reads.campaign(campaign_id)
    return found.name if found else None


async def campaign_names(*, ctx: Context) -> dict[str, str]:
    """Every campaign's name by its id (a province has a few a season: read whole), for an export's campaign
    column."""
    async with ctx.read() as unit:
        return {str(c.campaign_id): c.name for c in await unit.reads.campaigns()}


async def enterprises(*, ctx: Context, visible: Visible, page: PageRequest) -> Slice[Enterprise]:
    """The enterprises known to audit that the caller may read, one page (a province has dozens: read whole,
    paged by position)."""
    async with ctx.read() as unit:
        found = await unit.reads.enterprises(visible)
    return _by_position(found, page, "enterprises")


def _by_position(items: list[T], page: PageRequest, kind: str) -> Slice[T]:
    start = page.offset(kind)
    return by_offset(items[start : start + page.limit + 1], page, kind, total=len(items))


# --------------------------------------------------------------------------------- gaps


def _check_window(f: GapFilter) -> None:
    """A window that ends before it starts is a mistake in the request, not a question whose answer
    is "no gaps": the list and its exports would otherwise be empty without saying why."""
    if f.ends_after is not None and f.starts_before is not None and f.starts_before <= f.ends_after:
        raise empty_window(f.ends_after, f.starts_before)


async def gap_list(*, ctx: Context, f: GapFilter, page: PageRequest) -> Slice[ListedGap]:
    """Gaps matching `f`, by start, one page."""
    _check_window(f)
    async with ctx.read() as unit:
        return await unit.reads.gap_page(f, page)


async def all_gaps(*, ctx: Context, f: GapFilter) -> list[ListedGap]:
    """Every gap matching `f`, by start (the CSV export)."""
    _check_window(f)
    async with ctx.read() as unit:
        return await unit.reads.all_gaps(f)


async def gaps_ended(*, ctx: Context, f: GapFilter, now: datetime) -> live.Ended:
    """How the gaps matching `f` that were still open when their time passed by `now` ended, each way counted
    (`live.ended`): the gaps' list's opening line after a campaign."""
    return live.ended(((x.gap, x.ends_with) for x in await all_gaps(ctx=ctx, f=replace(f, status="open"))), now)


@dataclass(frozen=True, slots=True)
class NamedSequenceGap:
    """A sequence gap with what it concerns in words: the enterprise's name (None: audit does not
    know it), the aggregate type's name and the aggregate's own (from the event that revealed it)."""

    gap: SequenceGap
    enterprise_name: str | None
    type_vi: str
    type_en: str
    what_vi: str
    what_en: str


def _data_of(event: CloudEvent) -> EventData | None:
    """A logged event's data; None where this version cannot read it (a label is then left out)."""
    try:
        return decode_data(event)
    except ValidationError:
        return None


async def name_sequence_gaps(unit: Unit, gaps: Sequence[SequenceGap]) -> list[NamedSequenceGap]:
    """Name each gap: the enterprise (its key) from the projection, else from the revealing
    event; the aggregate in words from that event (two queries for the whole page)."""
    enterprises = await unit.reads.enterprise_names([g.partition_key for g in gaps])
    events = await unit.log.events_at([g.noticed_seq for g in gaps])
    named = []
    for g in gaps:
        vi_type, en_type = type_names(g.aggregate_type)
        event = events.get(g.noticed_seq)
        said = describe_aggregate(_data_of(event)) if event is not None else None
        named.append(
            NamedSequenceGap(
                gap=g,
                enterprise_name=enterprises.get(g.partition_key) or (said.enterprise_name if said else None),
                type_vi=vi_type,
                type_en=en_type,
                what_vi=said.vi if said else vi_type,
                what_en=said.en if said else en_type,
            )
        )
    return named


async def sequence_gap_list(*, ctx: Context, f: SequenceGapFilter, page: PageRequest) -> Slice[NamedSequenceGap]:
    async with ctx.read() as unit:
        found = await unit.reads.sequence_gap_page(f, page)
        return Slice(await name_sequence_gaps(unit, found.items), found.next_cursor, found.total)


async def one_gap(*, ctx: Context, gap_id_: uuid.UUID) -> ListedGap:
    async with ctx.read() as unit:
        found = await unit.reads.gap(gap_id_)
    if found is None:
        raise gap_not_found()
    return found


# ------------------------------------------------------------------------------ history


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to an enterprise's roster, in words."""

    seq: int
    event_id: uuid.UUID
    event_type: str
    what: str
    actor: str | None
    actor_name: str | None
    """The actor's display name, as the log's latest event of their account gives it (None: none does)."""
    subject: str | None
    subject_id: str | None
    summary: str
    summary_vi: str
    event_time: datetime
    received_at: datetime
    data: dict[str, Any]


async def history(
    *,
    ctx: Context,
    enterprise_id: uuid.UUID,
    page: PageRequest,
    event_type: str | None = None,
    event_id: uuid.UUID | None = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    visible: Visible | None = None,
    newest_first: bool = False,
) -> Slice[HistoryEntry]:
    """The enterprise's log records (events keyed by it), oldest first (or newest first), each
    described; for the enterprise's own managers without surprise inspection plans not revealed yet."""
    check_window(received_from, received_to, keys=("received_from", "received_to"))
    f = LogFilter(
        partition_key=str(enterprise_id),
        event_type=event_type,
        event_id=event_id,
        received_from=received_from,
        received_to=received_to,
        without_hidden_inspections=visible is not None and visible.enterprises is not None,
    )
    async with ctx.read() as unit:
        records = await unit.log.page(f, page, kind=HISTORY_PAGES, newest_first=newest_first)
        known = await _known(unit, records.items, staff=await unit.reads.all_staff_names(enterprise_id))
        described = await _in_words(unit, records.items, known=known)
    items = []
    for r, d, actor_name in described:
        data = r.event.get("data") or {}
        items.append(
            HistoryEntry(
                seq=r.seq,
                event_id=r.event_id,
                event_type=r.event_type,
                what=d.what,
                actor=d.actor,
                actor_name=actor_name,
                subject=r.subject,
                subject_id=d.subject_id,
                summary=d.summary,
                summary_vi=d.summary_vi,
                event_time=r.event_time,
                received_at=r.received_at,
                data=data,
            )
        )
    return Slice(items, records.next_cursor, records.total)


async def _in_words(
    unit: Unit, records: Sequence[LogEntry], *, known: Known
) -> list[tuple[LogEntry, Description, str | None]]:
    """Each record in words, with its actor's display name when it was appended (`name_at`; the page's
    actors' names read in one query), else the name the event itself gives (a daily report's signer)."""
    described = [(r, describe(r.event_type, r.event.get("data") or {}, known=known)) for r in records]
    actors = await unit.log.account_names((d.actor for _, d in described if d.actor), event_types=ACCOUNT_EVENT_TYPES)
    return [
        (r, d, (name_at(actors.get(d.actor.lower(), []), r.seq) if d.actor else None) or d.actor_name)
        for r, d in described
    ]


async def _known(unit: Unit, records: Sequence[LogEntry], *, staff: Mapping[str, str] | None = None) -> Known:
    """What audit's projections know of the records the page's events give by id only: the enterprises
    an account's data lists, the sites of requirements, the requirements removed, the readiness items, the
    other shift of a handover. No query for what no record names."""
    want = wanted((r.event_type, r.event.get("data") or {}) for r in records)
    enterprise_ids = [str(i) for r in records for i in (r.event.get("data") or {}).get("enterprise_ids") or ()]
    enterprise_names = await unit.reads.enterprise_names(enterprise_ids) if enterprise_ids else {}
    requirements = await unit.reads.entities("requirements", want.requirements) if want.requirements else {}
    site_ids = want.sites | {q.site_id for q in requirements.values() if q.site_id}
    sites = await unit.reads.entities("sites", site_ids) if site_ids else {}
    items = await unit.reads.entities("readiness_items", want.readiness_items) if want.readiness_items else {}
    shifts = await unit.reads.entities("shifts", want.shifts) if want.shifts else {}
    return Known(
        staff=staff or {},
        enterprises=enterprise_names,
        sites={i: s.name for i, s in sites.items()},
        requirements=requirements,
        readiness_items=items,
        shifts=shifts,
    )


@dataclass(frozen=True, slots=True)
class AccountEnterprise:
    """An enterprise an account acts for: its id, and its name as audit knows it (None: unknown)."""

    enterprise_id: str
    name: str | None


@dataclass(frozen=True, slots=True)
class AccountHistoryEntry:
    """One logged account event: what happened in words, who did it, and the account's state after it."""

    seq: int
    event_id: uuid.UUID
    event_type: str
    what: str
    actor: str | None
    actor_name: str | None
    """The actor's display name, as the log's latest event of their account gives it (None: none does)."""
    summary: str
    summary_vi: str
    event_time: datetime
    received_at: datetime
    account_id: str | None
    login: str | None
    display_name: str | None
    role: str | None
    enterprises: list[AccountEnterprise]
    staff_id: str | None
    active: bool | None
    changed: list[str]
    version: int | None


async def account_history(
    *,
    ctx: Context,
    page: PageRequest,
    account_id: uuid.UUID | None = None,
    q: str | None = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    newest_first: bool = True,
) -> Slice[AccountHistoryEntry]:
    """The log's account events (created, changed), and the changes of the Department's profile, newest first (or
    oldest first), each in words with the account's state after it and its enterprises by name. `q`: only the accounts whose login or
    display name, in any of their events, contains it as people type it (a renamed account keeps its
    whole history)."""
    check_window(received_from, received_to, keys=("received_from", "received_to"))
    async with ctx.read() as unit:
        keys = None if not q else await unit.log.account_keys_named(q, event_types=ACCOUNT_EVENT_TYPES)
        f = LogFilter(
            partition_key=str(account_id) if account_id else None,
            # the administrators' other change read here: the names the Department's documents print (none when
            # the page is of one account or of the accounts searched for)
            event_types=ACCOUNT_EVENT_TYPES if account_id or q else ACCOUNT_EVENT_TYPES + DEPARTMENT_EVENT_TYPES,
            partition_keys=keys,
            received_from=received_from,
            received_to=received_to,
        )
        records = await unit.log.page(f, page, kind=ACCOUNT_HISTORY_PAGES, newest_first=newest_first)
        known = await _known(unit, records.items)
        described = await _in_words(unit, records.items, known=known)
    items = []
    for r, d, actor_name in described:
        data = r.event.get("data") or {}
        items.append(
            AccountHistoryEntry(
                seq=r.seq,
                event_id=r.event_id,
                event_type=r.event_type,
                what=d.what,
                actor=d.actor,
                actor_name=actor_name,
                summary=d.summary,
                summary_vi=d.summary_vi,
                event_time=r.event_time,
                received_at=r.received_at,
                account_id=data.get("account_id"),
                login=data.get("login"),
                display_name=data.get("display_name"),
                role=data.get("role"),
                enterprises=[
                    AccountEnterprise(str(i), known.enterprises.get(str(i))) for i in data.get("enterprise_ids") or ()
                ],
                staff_id=data.get("staff_id"),
                active=data.get("active"),
                changed=[str(c) for c in data.get("changed") or ()],
                version=data.get("version"),
            )
        )
    return Slice(items, records.next_cursor, records.total)


# -------------------------------------------------------------------------------- CSV


CSV_HEADERS = {
    "gaps": {
        "en": [
            "gap id",
            "status",
            "gap in force or planning gap",
            "campaign",
            "enterprise",
            "sector",
            "site",
            "border area",
            "district/town/city",
            "duty type",
            "starts (UTC+7)",
            "ends (UTC+7)",
            "minutes",
            "required",
            "on duty",
            "missing",
            "missing qualification",
            "peak",
            "causes",
            "opened (UTC+7)",
            "closed (UTC+7)",
            "closed by",
            "enterprise id",
            "site id",
            "cause event ids",
            "passed on to notifications (only gaps in force are alerted)",
        ],
        "vi": [
            "mã khoảng trống",
            "trạng thái",
            "có hiệu lực hay khi lập lịch",
            "đợt trực",
            "doanh nghiệp",
            "lĩnh vực",
            "điểm trực",
            "vùng biên giới",
            "huyện/thị xã/TP",
            "loại trực",
            "bắt đầu (giờ VN)",
            "kết thúc (giờ VN)",
            "số phút",
            "yêu cầu",
            "có mặt",
            "thiếu",
            "thiếu chuyên môn",
            "cao điểm",
            "nguyên nhân",
            "phát hiện lúc (giờ VN)",
            "đóng lúc (giờ VN)",
            "đóng bởi",
            "mã doanh nghiệp",
            "mã điểm trực",
            "mã sự kiện nguyên nhân",
            "đã chuyển cho dịch vụ thông báo (chỉ cảnh báo khoảng trống có hiệu lực)",
        ],
    },
    "coverage": {
        "en": [
            "day",
            "enterprise",
            "sector",
            "site",
            "border area",
            "duty type",
            "required (max)",
            "rostered (min)",
            "rostered (max)",
            "present (min, as of now)",
            "required person-hours",
            "rostered person-hours (up to the required)",
            "minutes short by the roster (this post's clock time)",
            "minutes someone rostered was absent (this post's clock time)",
            "person-hours short: not rostered",
            "person-hours short: rostered, absent",
            "person-hours short in all",
            "person-hours present, confirmed afterwards (not checked in)",
            "gaps",
            "closed by (gaps closed that day)",
            "enterprise id",
            "site id",
        ],
        "vi": [
            "ngày",
            "doanh nghiệp",
            "lĩnh vực",
            "điểm trực",
            "vùng biên giới",
            "loại trực",
            "yêu cầu (tối đa)",
            "đã xếp (tối thiểu)",
            "đã xếp (tối đa)",
            "có mặt (tối thiểu, đến lúc xuất)",
            "giờ công yêu cầu",
            "giờ công đã xếp (trong mức yêu cầu)",
            "số phút xếp thiếu người (giờ đồng hồ của điểm này)",
            "số phút có người chưa có mặt (giờ đồng hồ của điểm này)",
            "giờ-người thiếu: chưa xếp",
            "giờ-người thiếu: đã xếp, chưa có mặt",
            "giờ-người thiếu (cộng)",
            "giờ-người có mặt xác nhận sau (không điểm danh)",
            "số khoảng trống",
            "đóng bởi (khoảng trống đã đóng trong ngày)",
            "mã doanh nghiệp",
            "mã điểm trực",
        ],
    },
}


async def cause_events(*, ctx: Context, rows: Sequence[ListedGap]) -> dict[str, CauseEvent]:
    """Each cause event of these gaps, and each change that closed one, as the log has it: what happened and when,
    who made it (their display name when the event was logged, as the history names them) and why when it says."""
    ids = {i for row in rows for i in (*row.gap.cause_event_ids, *row.gap.closed_by_event_ids)}
    if not ids:
        return {}
    async with ctx.read() as unit:
        found = await unit.log.kinds([uuid.UUID(i) for i in ids])
        people = [k.actor for k in found if k.actor and k.actor not in (SYSTEM_ACTOR, "import")]
        names = await unit.log.account_names(people, event_types=ACCOUNT_EVENT_TYPES)
        handed = [k.handed_over_to for k in found if k.handed_over_to and k.event_type == ShiftCancelled.event_type]
        takers = await unit.log.shifts_as_published(handed)
    events = {}
    for k in found:
        who = None
        if k.actor and k.actor not in (SYSTEM_ACTOR, "import"):
            who = name_at(names.get(k.actor.lower(), []), k.seq) or k.actor
        kind = ".".join(k.event_type.split(".")[2:4])
        no_show = None
        if k.event_type == ShiftCancelled.event_type and k.handed_over_to and k.shift:
            no_show = _no_show(k.shift, takers.get(k.handed_over_to))
        events[str(k.event_id)] = CauseEvent(str(k.event_id), kind, k.event_time, who, k.reason or "", no_show)
    return events


def _no_show(shift: Mapping[str, Any], taker: Mapping[str, Any] | None) -> NoShow | None:
    """A shift handed over whole (nobody came) as its cancellation and its new shift's publication carry them."""

    def names(s: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(str(a.get("full_name", "")) for a in s.get("assignees") or () if isinstance(a, Mapping))

    try:
        starts, ends = datetime.fromisoformat(shift["starts_at"]), datetime.fromisoformat(shift["ends_at"])
        taken = datetime.fromisoformat(taker["starts_at"]) if taker else None
    except (KeyError, TypeError, ValueError):
        return None
    return NoShow(names(shift), starts, ends, names(taker) if taker else (), taken)


async def cause_words(*, ctx: Context, rows: Sequence[ListedGap], lang: str) -> dict[str, str]:
    """Each cause event of these gaps, and each change that closed one, in words (`causes.change_words`: "hủy ca
    20:59 05/02/2027 — Nguyễn Văn Hùng: Lãnh đạo được điều động"), as the gap's page says them."""
    return {i: change_words(e, lang) for i, e in (await cause_events(ctx=ctx, rows=rows)).items()}


def cause_of(row: ListedGap, *, events: Mapping[str, CauseEvent], lang: str) -> str:
    """The gap's cause as an inspector writes it (`causes.gap_cause`): the one sentence its list, its page and its
    files give."""
    g = row.gap
    return gap_cause(
        cause_event_ids=g.cause_event_ids,
        required=g.required,
        rostered=g.actual,
        unqualified=g.missing_qualification,
        enterprise=row.place.enterprise_name,
        events=events,
        lang=lang,
    )


GAP_KINDS = {  # the third column: what the gap is (domain/inforce.py)
    True: ("có hiệu lực", "in force"),
    False: ("khi lập lịch (không phải vi phạm)", "planning gap (not a violation)"),
}


def gaps_csv(
    rows: Sequence[ListedGap],
    *,
    lang: str,
    now: datetime,
    events: Mapping[str, CauseEvent] | None = None,
    campaigns: dict[str, str] | None = None,
    separator: Separator = "comma",
) -> bytes:
    """The gaps, codes in words of `lang` (status, sector, duty type, qualification, yes/no) and the
    cause as an inspector writes it (`cause_of`); ids stay in their own columns. The third column says whether
    the gap is in force or a planning gap, the fourth its campaign by name (`campaigns`: a drill's gaps
    beside the Tết campaign's in one file are told apart); the last whether audit announced it to
    notifier — which is no alert: notifier alerts only gaps in force or imminent."""
    return render_csv(
        CSV_HEADERS["gaps"][lang],
        _gap_rows(rows, lang=lang, now=now, events=events or {}, campaigns=campaigns or {}),
        separator=separator,
    )


def gaps_xlsx(
    rows: Sequence[ListedGap],
    *,
    lang: str,
    now: datetime,
    events: Mapping[str, CauseEvent] | None = None,
    campaigns: dict[str, str] | None = None,
    empty: str | None = None,
) -> bytes:
    """The same columns and words as `gaps_csv`, as one XLSX sheet; `empty` beneath the header when no row is."""
    return render_xlsx(
        CSV_HEADERS["gaps"][lang],
        _gap_rows(rows, lang=lang, now=now, events=events or {}, campaigns=campaigns or {}),
        title="Khoảng trống" if lang == "vi" else "Gaps",
        empty=empty,
    )


def whole_enterprise(lang: str) -> str:
    """The site column of a requirement for the enterprise as a whole (no site): the portal's gaps page's words,
    not an empty cell (QA: the page said "Toàn doanh nghiệp", the file nothing)."""
    return "Toàn doanh nghiệp" if lang == "vi" else "Whole enterprise"


NARROWED = ("đã bổ sung một phần", "partly filled")  # a closed gap replaced by gaps over its window
REQUIREMENT_CHANGED = ("đóng vì định mức thay đổi", "closed because the requirement changed")  # nobody added
NOBODY_ADDED = ("không có ai được bổ sung", "nobody was added")  # the gap page's words for such a close
ENDED_UNCOVERED = ("đã qua, không được bổ sung người", "ended uncovered")  # open, its time passed (QZ23 #3)
ENDED_BY = {  # open, its time passed, someone came on duty at its end (domain/live.py `gap_end`, QZ29 #1)
    "taken_over": ("đã có người nhận thay từ {at}: {who}", "taken over from {at}: {who}"),
    "filled": ("đã có người bổ sung từ {at}: {who}", "filled from {at}: {who}"),
    "next_shift": (
        "đã qua, không được bổ sung người — ca sau bắt đầu lúc {at}: {who}",
        "ended uncovered — the next shift began at {at}: {who}",
    ),
}
NARROWED_ENDED = (  # filled in part, what it left short over and never filled: the portal's words for it
    "đã bổ sung một phần — phần còn lại đã qua, không được bổ sung người",
    "partly filled — the rest ended uncovered",
)
THE_REST = ("phần còn lại", "the rest")  # of a gap filled in part: its parts still open, once over (`_rest_ended`)


def _ended_said(gap: live.GapRecord, end: live.GapEnd | None, lang: str) -> str:
    """How an open gap whose time has passed ended, in the status column's words: who came on duty at its end and
    from when (`ENDED_BY`), else ended uncovered."""
    if end is None or end.how not in ENDED_BY:
        return ENDED_UNCOVERED[0 if lang == "vi" else 1]
    said = ENDED_BY[end.how][0 if lang == "vi" else 1]
    return said.format(at=f"{vntime.local(gap.ends_at):%H:%M}", who=", ".join(end.people))


def _rest_ended(row: ListedGap, lang: str) -> str:
    """A gap filled in part whose rest, still open, is over: how that rest ended, as a whole gap's end is said
    (`live.rest_ends`; QZ29: a rest taken over by a hand-over read "the rest ended uncovered"): "đã bổ sung một phần —
    phần còn lại đã có người nhận thay từ 09:05: Tạ Văn Hiếu"; several parts each with its hours."""
    ends = live.rest_ends(row.replaced_by, row.ends_with)
    head, rest = NARROWED[0 if lang == "vi" else 1], THE_REST[0 if lang == "vi" else 1]
    if len(ends) == 1:
        [(part, end)] = ends
        return f"{head} — {rest} {_ended_said(part, end, lang)}"
    each = "; ".join(
        f"{vntime.local(p.starts_at):%H:%M}–{vntime.span_end(p.starts_at, p.ends_at)[1]} {_ended_said(p, e, lang)}"
        for p, e in ends
    )
    return f"{head} — {rest}: {each}"


def _closed_by(row: ListedGap, lang: str, words: dict[str, str]) -> str | None:
    """The "closed by" column (QZ12): the change(s) that closed the gap, worded as its causes are (what, when, who,
    why) — the shift that covered it, or the requirement lowered or removed, then "nobody was added", as the gap's
    page says it. Empty while open."""
    said = distinct(words.get(i, "") for i in row.gap.closed_by_event_ids)
    if live.closed_as(row.gap, row.replaced_by) == "requirement_changed":
        return "; ".join(x for x in (said, NOBODY_ADDED[0 if lang == "vi" else 1]) if x)
    return said or None


def _gap_status(row: ListedGap, lang: str, now: datetime) -> str:
    """The status column's word: a gap filled only in part (closed, the rest opened as new gaps), or closed only
    because its requirement was lowered or removed (QZ11), is not "đã được bổ sung"; one still open whose end has
    passed by `now` is over and was never filled, not "còn thiếu người" (QZ23 #3: every gap of a season past) —
    unless someone came on duty at its end (a hand-over, a shift added for it, the next shift: `live.gap_end`, QZ29
    #1), said with who and from when; one filled in part whose rest, still open, has ended too says how that rest
    ended, in the same words (`_rest_ended`)."""
    if row.gap.status == "open" and row.gap.ends_at <= now:
        return _ended_said(row.gap, live.gap_end(row.gap, row.ends_with), lang)
    how = live.closed_as(row.gap, row.replaced_by)
    short = live.still_short(row.gap, row.replaced_by) if how == "narrowed" else ()
    if short and all(end <= now for _, end in short):
        return _rest_ended(row, lang)
    if how == "narrowed":
        return NARROWED[0 if lang == "vi" else 1]
    if how == "requirement_changed":
        return REQUIREMENT_CHANGED[0 if lang == "vi" else 1]
    return name("gap_status", row.gap.status, lang)


def _gap_rows(
    rows: Sequence[ListedGap],
    *,
    lang: str,
    now: datetime,
    events: Mapping[str, CauseEvent],
    campaigns: dict[str, str],
) -> Iterator[list[object]]:
    words = {i: change_words(e, lang) for i, e in events.items()}
    return (
        [
            g.gap_id,
            _gap_status(row, lang, now),
            GAP_KINDS[inforce.is_in_force(g, now)][0 if lang == "vi" else 1],
            campaigns.get(g.campaign_id, g.campaign_id),
            shown.enterprise_name,
            name("sector", shown.sector, lang),
            shown.site_name if g.site_id else whole_enterprise(lang),
            yes_no(shown.border_area, lang),
            shown.district,
            name("duty_type", g.duty_type, lang),
            g.starts_at,
            g.ends_at,
            round((g.ends_at - g.starts_at).total_seconds() / 60),
            g.required,
            g.actual,
            g.required - g.actual,
            name("qualification", g.missing_qualification, lang) if g.missing_qualification else None,
            yes_no(g.peak, lang),
            cause_of(row, events=events, lang=lang),
            g.opened_at,
            g.closed_at,
            _closed_by(row, lang, words),
            g.enterprise_id,
            g.site_id,
            " ".join(g.cause_event_ids),
            yes_no(g.announced, lang),
        ]
        for row in rows
        for g, shown in ((row.gap, row.place),)
    )


@dataclass(frozen=True, slots=True)
class ExportedBoard:
    """The board an export writes, with the closed gaps of its keys (`closed`: the gaps that left the map, by start)
    and the closing changes in words (`words`: `cause_words`), so that each day says what closed its gaps."""

    board: Board
    closed: list[ListedGap]
    words: dict[str, str]


async def exported_board(*, ctx: Context, board_: Board, f: GapFilter, lang: str) -> ExportedBoard:
    """`board_` with the closed gaps `f` selects (the board's own filters) of its keys: as known at its record time
    when it was replayed (closed at or before that log position)."""
    async with ctx.read() as unit:
        found = await unit.reads.all_gaps(replace(f, campaign_id=uuid.UUID(board_.campaign.campaign_id)))
    upto = board_.as_of.seq if board_.as_of else None
    keys = {_board_key(r.key) for r in board_.rows}
    closed = [
        x
        for x in found
        if x.gap.status == "closed"
        and x.gap.closed_seq is not None
        and (upto is None or x.gap.closed_seq <= upto)
        and _board_key(x.gap.key) in keys
    ]
    return ExportedBoard(board_, closed, await cause_words(ctx=ctx, rows=closed, lang=lang))


def _board_key(k: KeyRef) -> tuple[str, str | None, str]:
    return (k.enterprise_id, k.site_id, k.duty_type)


def coverage_csv(b: ExportedBoard, lang: str, *, separator: Separator = "comma") -> bytes:
    """Coverage per key and local day (the day as an ISO date), codes in words of `lang`; the gaps closed that day
    (touching it) say what closed them, as the gaps CSV's "closed by" column does."""
    return render_csv(CSV_HEADERS["coverage"][lang], _coverage_rows(b, lang), separator=separator)


def coverage_xlsx(b: ExportedBoard, lang: str) -> bytes:
    """The same columns and words as `coverage_csv`, as one XLSX sheet."""
    return render_xlsx(
        CSV_HEADERS["coverage"][lang],
        _coverage_rows(b, lang),
        title="Độ phủ" if lang == "vi" else "Coverage",
        # named, as the gaps' and incidents' are
        empty=none_said("coverage", lang=lang, campaign=b.board.campaign.name),
    )


def _closed_that_day(e: ExportedBoard, key: KeyRef, day: date, lang: str) -> str | None:
    """The "closed by" words of the key's closed gaps touching the local day, one gap's after another ("|")."""
    lo, hi = local_midnight(day), local_midnight(day + timedelta(days=1))
    said = distinct(
        (
            _closed_by(x, lang, e.words) or ""
            for x in e.closed
            if _board_key(x.gap.key) == _board_key(key) and x.gap.starts_at < hi and x.gap.ends_at > lo
        ),
        sep=" | ",
    )
    return said or None


def person_hours(minutes: int) -> float:
    """Person-minutes as the files write person-hours: hours to two decimals (117.75), as the required and covered
    person-hours are."""
    return round(minutes / 60, 2)


def _coverage_rows(e: ExportedBoard, lang: str) -> Iterator[list[object]]:
    b = e.board
    return (
        [
            d.day,
            r.names.enterprise_name,
            name("sector", r.names.sector, lang),
            r.names.site_name if r.key.site_id else whole_enterprise(lang),
            yes_no(r.names.border_area, lang),
            name("duty_type", r.key.duty_type, lang),
            d.required_max,
            d.planned_min,
            d.planned_max,
            d.present_min,
            d.required_hours,
            d.covered_hours,
            d.uncovered_minutes,
            d.absent_minutes,
            person_hours(d.short_person_minutes),
            person_hours(d.absent_person_minutes),
            person_hours(d.missing_person_minutes),
            person_hours(d.confirmed_person_minutes),
            d.gap_count,
            _closed_that_day(e, r.key, d.day, lang),
            r.key.enterprise_id,
            r.key.site_id,
        ]
        for d_index in range(len(b.days))
        for r in b.rows
        for d in (r.days[d_index],)
    )
