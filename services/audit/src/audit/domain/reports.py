"""What inspectors are shown, computed from values: coverage per local day, a
campaign's coverage from a roster state (live or as known at some record time),
and who was on duty at an instant."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lichtruc import vntime
from lichtruc.text import fold

from . import coverage, presence
from .live import KeyRef, campaign_days, engine_assignments, engine_peaks, engine_requirements, has_window
from .model import Campaign, Enterprise, Requirement, Shift, Site

COLUMNAR_FROM = 100_000
"""From how many assignments a campaign report uses the columnar engine (bench/bench_coverage.py)."""

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DayCoverage:
    """One key's coverage over one local day (only the part of the day inside the campaign).

    ``required_max`` / ``planned_max``: the most people required / on duty at once;
    ``planned_min``: the fewest on duty while someone is required (None if nobody is);
    ``required_hours`` / ``covered_hours``: person-hours required / of those, covered;
    ``uncovered_minutes``: time with fewer people than required; ``gap_count``: gaps
    touching the day (a gap across midnight counts on both days); ``absent_minutes``: time
    with fewer people present than required because someone rostered had not checked in when due,
    the roster full or short (domain/presence.py: counted on top of the uncovered minutes; each stretch's `presence.shown_minutes`, floored as the presence list
    reads it), 0 when all came. ``short_person_minutes`` / ``absent_person_minutes``: the same two in people × minutes
    (`presence.short_people`, `presence.absent_people`: a post short of two for an hour is 120), the figures every
    page and file totals over keys and days, in person-hours (QZ27 #2, #14); ``present_min``: the fewest people there
    while someone is required, as of now (`planned_min` less those not come in a shortfall; None if nobody is
    required); ``confirmed_person_minutes``: person-minutes counted present only because a manager confirmed afterwards
    that someone was on post (`presence.Confirmation`), told apart, already counted as present in the figures above.
    """

    day: date
    required_max: int
    planned_min: int | None
    planned_max: int
    required_hours: float
    covered_hours: float
    uncovered_minutes: int
    gap_count: int
    absent_minutes: int = 0
    short_person_minutes: int = 0
    absent_person_minutes: int = 0
    present_min: int | None = None
    confirmed_person_minutes: int = 0

    @property
    def missing_person_minutes(self) -> int:
        """Required people not there, person-minutes: the plan's gap and the absences on top of it."""
        return self.short_person_minutes + self.absent_person_minutes


def local_midnight(day: date) -> datetime:
    """The UTC instant at which the local (Asia/Ho_Chi_Minh) day starts."""
    return vntime.utc(vntime.at_local(day))


def daily_coverage(
    segments: Sequence[coverage.Segment],
    gaps: Iterable[tuple[datetime, datetime]],
    days: Sequence[date],
    absent: Iterable[tuple[datetime, datetime]] = (),
    *,
    shortfalls: Sequence[presence.Shortfall] = (),
    confirmed: Sequence[presence.Confirmation] = (),
) -> list[DayCoverage]:
    """Coverage per local day from a key's timeline, its gaps' (start, end) and its presence shortfalls' (start,
    end), or the shortfalls themselves (`shortfalls`, which also give the person-minutes of absence and who was
    there), and the key's presences confirmed afterwards (`confirmed`, their person-minutes told apart)."""
    gaps = list(gaps)
    absent = list(absent)
    return [
        span_coverage(
            segments,
            gaps,
            local_midnight(day),
            local_midnight(day + _DAY),
            absent,
            shortfalls=shortfalls,
            confirmed=confirmed,
        )
        for day in days
    ]


def span_coverage(
    segments: Sequence[coverage.Segment],
    gaps: Iterable[tuple[datetime, datetime]],
    lo: datetime,
    hi: datetime,
    absent: Iterable[tuple[datetime, datetime]] = (),
    *,
    shortfalls: Sequence[presence.Shortfall] = (),
    confirmed: Sequence[presence.Confirmation] = (),
) -> DayCoverage:
    """A key's coverage over [lo, hi) by `daily_coverage`'s rule — a local day's cell, or another stretch (the night
    of giao thừa in the campaign report): the same figures, by the same code, so that they agree. `day` is the local
    day `lo` falls on."""
    absent = [(f.starts_at, f.ends_at) for f in shortfalls] if shortfalls else list(absent)
    required_max = planned_max = 0
    planned_min: int | None = None
    required_s = covered_s = uncovered_s = short_s = 0.0
    for s in segments:
        start, end = max(s.start, lo), min(s.end, hi)
        if start >= end:
            continue
        seconds = (end - start).total_seconds()
        required_max = max(required_max, s.required)
        planned_max = max(planned_max, s.actual)
        if s.required > 0:
            planned_min = s.actual if planned_min is None else min(planned_min, s.actual)
        required_s += s.required * seconds
        covered_s += min(s.actual, s.required) * seconds
        if s.actual < s.required:
            uncovered_s += seconds
            short_s += presence.short_people(s.required, s.actual) * seconds
    return DayCoverage(
        day=vntime.local_day(lo),
        required_max=required_max,
        planned_min=planned_min,
        planned_max=planned_max,
        required_hours=round(required_s / 3600, 2),
        covered_hours=round(covered_s / 3600, 2),
        uncovered_minutes=round(uncovered_s / 60),
        gap_count=sum(1 for g0, g1 in gaps if g0 < hi and g1 > lo),
        absent_minutes=sum(presence.shown_minutes(max(a0, lo), min(a1, hi)) for a0, a1 in absent),
        short_person_minutes=round(short_s / 60),
        absent_person_minutes=sum(f.person_minutes(lo, hi) for f in shortfalls),
        present_min=_present_min(planned_min, shortfalls, lo, hi),
        confirmed_person_minutes=sum(c.person_minutes(lo, hi) for c in confirmed),
    )


def _present_min(
    planned_min: int | None, shortfalls: Sequence[presence.Shortfall], lo: datetime, hi: datetime
) -> int | None:
    """The fewest people there in [lo, hi) while someone is required: the plan's fewest, less those not come where a
    shortfall of presence touches the day (its `present`)."""
    if planned_min is None:
        return None
    inside = [f.present for f in shortfalls if f.starts_at < hi and f.ends_at > lo]
    return min([planned_min, *inside])


@dataclass(frozen=True, slots=True)
class CampaignCoverage:
    """A campaign's coverage from one roster state: per key, its timeline over the whole
    campaign window and its gaps (ids as live coverage gives them), and the campaign's
    double bookings and rest violations."""

    campaign: Campaign
    timeline: dict[KeyRef, list[coverage.Segment]]
    gaps: list[tuple[KeyRef, coverage.Gap]]
    double_bookings: list[coverage.DoubleBooking]
    rest_violations: list[coverage.RestViolation]


def campaign_coverage(
    campaign: Campaign,
    requirements: Iterable[Requirement],
    shifts: Iterable[Shift],
    *,
    enterprise_id: str | None = None,
    site_id: str | None = None,
    duty_type: str | None = None,
    within: Collection[str] | None = None,
    minimum_rest: timedelta = coverage.DEFAULT_MINIMUM_REST,
) -> CampaignCoverage:
    """Run the engine over the campaign window for the keys matching the filters (and of
    the enterprises `within`, the caller's, unless None).

    Double bookings and rest violations look at every counting shift in the campaign
    window (a person can be double-booked across enterprises) and are kept when one of
    the two shifts matches the filters.
    """
    if not has_window(campaign):
        return CampaignCoverage(campaign, {}, [], [], [])

    def wanted(enterprise: str, site: str | None, duty: str) -> bool:
        return (
            (enterprise_id is None or enterprise == enterprise_id)
            and (site_id is None or site == site_id)
            and (duty_type is None or duty == duty_type)
            and (within is None or enterprise in within)
        )

    made: list[coverage.Requirement] = []
    for r in requirements:
        if r.campaign_id == campaign.campaign_id and wanted(r.enterprise_id, r.site_id, r.duty_type):
            made += engine_requirements(r, campaign)
    in_window = [s for s in shifts if s.counts and s.starts_at < campaign.ends_at and s.ends_at > campaign.starts_at]
    assignments = engine_assignments(in_window)
    # The columnar engine wins on big rosters (a province's season); the reference on small ones.
    engine = coverage.analyse_columns if len(assignments) >= COLUMNAR_FROM else coverage.analyse
    report = engine(
        made,
        assignments,
        engine_peaks(campaign),
        start=campaign.starts_at,
        end=campaign.ends_at,
        minimum_rest=minimum_rest,
    )

    def ref(key: coverage.CoverageKey) -> KeyRef:
        return KeyRef(campaign.campaign_id, key.enterprise_id, key.site_id, key.duty_type)

    matching = {
        s.shift_id
        for s in in_window
        if any(wanted(s.enterprise_id, site, s.duty_type) for site in (s.site_id, *s.sites))
    }
    return CampaignCoverage(
        campaign=campaign,
        timeline={ref(k): segments for k, segments in report.timeline.items()},
        gaps=[(ref(g.key), g) for g in report.gaps],
        double_bookings=[
            d for d in report.double_bookings if d.first_shift_id in matching or d.second_shift_id in matching
        ],
        rest_violations=[
            v for v in report.rest_violations if v.first_shift_id in matching or v.second_shift_id in matching
        ],
    )


def clip(segments: Sequence[coverage.Segment], start: datetime, end: datetime) -> list[coverage.Segment]:
    """The part of a timeline inside ``[start, end)``."""
    out = []
    for s in segments:
        lo, hi = max(s.start, start), min(s.end, end)
        if lo < hi:
            out.append(coverage.Segment(lo, hi, s.required, s.actual))
    return out


@dataclass(frozen=True, slots=True)
class SiteFilter:
    """Which sites a question is about: one site, border sites (or not), a district. A shift
    matches when one of its sites (its own or one it covers) matches all of them."""

    site_id: str | None = None
    border: bool | None = None
    district: str | None = None

    @property
    def given(self) -> bool:
        return self.site_id is not None or self.border is not None or self.district is not None

    def matches(self, site: Site | None, site_id: str | None) -> bool:
        """Whether a site (None: the enterprise as a whole, or a site audit has not heard of) matches."""
        if not self.given:
            return True
        if site_id is None or (self.site_id is not None and site_id != self.site_id):
            return False
        if self.border is not None and (site is None or site.border_area != self.border):
            return False
        return self.district is None or (
            site is not None and fold_district(site.district) == fold_district(self.district)
        )


def fold_district(name: str | None) -> str:
    """District names compared as people type them, as names are (lichtruc.text.fold): case,
    diacritics (đ → d) and spacing aside, so "duc hue" is Đức Huệ."""
    return fold(name or "")


def on_duty(
    shifts: Iterable[Shift],
    at: datetime,
    *,
    enterprise_id: str | None = None,
    site_id: str | None = None,
    duty_type: str | None = None,
    within: Collection[str] | None = None,
    sector: str | None = None,
    border: bool | None = None,
    district: str | None = None,
    sites: Mapping[str, Site] | None = None,
    enterprises: Mapping[str, Enterprise] | None = None,
) -> list[Shift]:
    """The counting shifts under way at instant `at` (start <= at < end), in a stable order;
    only those of the enterprises `within` (the caller's) unless None. A site filter
    (`site_id`, `border`, `district`, see SiteFilter) keeps the shifts at or covering a
    matching site; `sector` keeps those of enterprises of that sector."""
    where = SiteFilter(site_id, border, district)
    sites = sites or {}
    enterprises = enterprises or {}
    found = [
        s
        for s in shifts
        if s.counts
        and s.starts_at <= at < s.ends_at
        and (enterprise_id is None or s.enterprise_id == enterprise_id)
        and (within is None or s.enterprise_id in within)
        and (duty_type is None or s.duty_type == duty_type)
        and (sector is None or (s.enterprise_id in enterprises and enterprises[s.enterprise_id].sector == sector))
        and (not where.given or any(where.matches(sites.get(x), x) for x in s.sites))
    ]
    found.sort(key=lambda s: (s.enterprise_id, s.site_id or "", s.duty_type, s.starts_at, s.shift_id))
    return found


def unstaffed_at(
    timeline: Mapping[KeyRef, Sequence[coverage.Segment]],
    found: Sequence[Shift],
    at: datetime,
    *,
    sector: str | None = None,
    border: bool | None = None,
    district: str | None = None,
    sites: Mapping[str, Site] | None = None,
    enterprises: Mapping[str, Enterprise] | None = None,
) -> list[tuple[KeyRef, int]]:
    """The keys of `timeline` (a campaign report's, already filtered by enterprise, site, duty type and the
    caller's enterprises) that require people at instant `at` and have nobody on a shift under way then
    (`found`, see on_duty: at the key's site or covering it), each with how many it requires — so that a post
    left empty is in the answer, not missing from it (QZ14 #5). The site and sector filters as on_duty's."""
    where = SiteFilter(None, border, district)
    sites = sites or {}
    enterprises = enterprises or {}
    answer = []
    for key, segments in timeline.items():
        required = next((g.required for g in segments if g.start <= at < g.end and g.required > 0), 0)
        if not required:
            continue
        if where.given and not where.matches(sites.get(key.site_id) if key.site_id else None, key.site_id):
            continue
        e = enterprises.get(key.enterprise_id)
        if sector is not None and (e is None or e.sector != sector):
            continue
        if any(
            s.enterprise_id == key.enterprise_id
            and s.duty_type == key.duty_type
            and (s.site_id is None if key.site_id is None else key.site_id in s.sites)
            for s in found
        ):
            continue
        answer.append((key, required))
    answer.sort(key=lambda item: item[0].sort_key())
    return answer


@dataclass(frozen=True, slots=True)
class SiteOnDuty:
    """One site and the shifts under way that are at it or cover it (none: nobody there)."""

    site: Site
    shifts: list[Shift]


def sites_on_duty(
    found: Sequence[Shift],
    sites: Iterable[Site],
    *,
    enterprise_id: str | None = None,
    site_id: str | None = None,
    border: bool | None = None,
    district: str | None = None,
    sector: str | None = None,
    within: Collection[str] | None = None,
    enterprises: Mapping[str, Enterprise] | None = None,
) -> list[SiteOnDuty]:
    """Every site matching the filters with the shifts of `found` (see on_duty) that are at
    it or cover it — also the sites nobody covers, so that "nobody" is an answer."""
    where = SiteFilter(site_id, border, district)
    enterprises = enterprises or {}
    answer = []
    for site in sites:
        if not where.matches(site, site.site_id):
            continue
        if enterprise_id is not None and site.enterprise_id != enterprise_id:
            continue
        if within is not None and site.enterprise_id not in within:
            continue
        e = enterprises.get(site.enterprise_id)
        if sector is not None and (e is None or e.sector != sector):
            continue
        answer.append(
            SiteOnDuty(site, [s for s in found if s.enterprise_id == site.enterprise_id and site.site_id in s.sites])
        )
    answer.sort(
        key=lambda a: (
            enterprises[a.site.enterprise_id].name if a.site.enterprise_id in enterprises else "",
            a.site.name,
            a.site.site_id,
        )
    )
    return answer


__all__ = [
    "CampaignCoverage",
    "DayCoverage",
    "SiteFilter",
    "SiteOnDuty",
    "campaign_coverage",
    "campaign_days",
    "clip",
    "daily_coverage",
    "fold_district",
    "local_midnight",
    "on_duty",
    "sites_on_duty",
    "span_coverage",
    "unstaffed_at",
]
