"""Planned headcount (distinct people on duty) against requirements, and the roster board built from it."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, Protocol, TypeVar

from lichtruc.coverage import OnDuty, Version, in_force, people_on_duty
from lichtruc.lunar import LunarDate
from lichtruc.text import fold
from lichtruc.vntime import at_local as local_midnight

from .campaigns import Peak
from .localtime import lunar_names
from .reference import DUTY_TYPES
from .requirements import Requirement, RequirementVersion, Segment, expand


@dataclass(frozen=True)
class RuleInForce:
    """A requirement as it stood over ``[starts_at, ends_at)`` (None: unbounded on that side)."""

    rule: Requirement
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def rules_in_force(versions: Iterable[RequirementVersion]) -> list[RuleInForce]:
    """Each requirement's versions laid on the time line (`lichtruc.coverage.in_force`, the one rule audit's heatmap
    follows too): at each instant the newest version that applies then, a removal in force requiring nothing. So a
    minimum raised "from now on" leaves the days already past as they were judged, and a correction for the whole
    campaign rewrites them."""
    by_requirement: dict[uuid.UUID, list[Version[Requirement]]] = {}
    for v in versions:
        by_requirement.setdefault(v.requirement_id, []).append(Version(v.version, v.applies_from, v.rule))
    return [
        RuleInForce(piece.value, piece.starts_at, piece.ends_at)
        for found in by_requirement.values()
        for piece in in_force(found)
        if piece.value is not None
    ]


@dataclass(frozen=True)
class Gap:
    starts_at: datetime
    ends_at: datetime
    required: int
    planned: int
    peak: str | None


@dataclass(frozen=True)
class Stretch:
    """A stretch in which something is required: how many, and how many distinct qualified people are planned."""

    starts_at: datetime
    ends_at: datetime
    required: int
    planned: int


@dataclass(frozen=True)
class Coverage:
    required: int  # the most asked for at any moment
    planned: int  # the fewest on duty while something is asked for
    gaps: tuple[Gap, ...]
    timeline: tuple[Stretch, ...] = ()
    """Every stretch in which something is required, gap or not (adjacent ones alike merged): what the daily report
    needs to tell a post short of people in fact from one short in plan (`reports.presence_shortfalls`)."""


def coverage(segments: Sequence[Segment], staffing: Sequence[OnDuty]) -> Coverage | None:
    """Compare what is required with who is planned; None when nothing is required.

    A sweep over every boundary: within each elementary interval the requirement is the
    largest one in force and the headcount the number of distinct people on duty
    (`lichtruc.coverage.people_on_duty`: a person on two overlapping shifts counts once).
    Adjacent intervals with the same shortfall merge into one gap.
    """
    if not segments:
        return None
    bounds = sorted(
        {t for s in segments for t in (s.starts_at, s.ends_at)}
        | {t for p in staffing for t in (p.starts_at, p.ends_at)}
    )
    gaps: list[Gap] = []
    timeline: list[Stretch] = []
    required_max = 0
    planned_min: int | None = None
    for a, b in itertools.pairwise(bounds):
        active = [s for s in segments if s.starts_at <= a and b <= s.ends_at]
        if not active:
            continue
        required = max(s.required for s in active)
        peak = next((s.peak for s in active if s.required == required and s.peak), None)
        planned = people_on_duty(staffing, a, b)
        required_max = max(required_max, required)
        planned_min = planned if planned_min is None else min(planned_min, planned)
        before = timeline[-1] if timeline else None
        if before and before.ends_at == a and (before.required, before.planned) == (required, planned):
            timeline[-1] = Stretch(before.starts_at, b, required, planned)
        else:
            timeline.append(Stretch(a, b, required, planned))
        if planned < required:
            last = gaps[-1] if gaps else None
            if last and last.ends_at == a and (last.required, last.planned, last.peak) == (required, planned, peak):
                gaps[-1] = Gap(last.starts_at, b, required, planned, peak)
            else:
                gaps.append(Gap(a, b, required, planned, peak))
    return Coverage(required_max, planned_min or 0, tuple(gaps), tuple(timeline))


class OnBoard(Protocol):
    """A person as the board needs them (a shift's assignee)."""

    @property
    def staff_id(self) -> uuid.UUID: ...
    @property
    def full_name(self) -> str: ...
    @property
    def qualified(self) -> bool: ...


class ShiftOnBoard(Protocol):
    """A shift as the board needs it (the `Shift` entity is one)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def site_id(self) -> uuid.UUID | None: ...
    @property
    def covers_site_ids(self) -> tuple[uuid.UUID, ...]: ...
    @property
    def duty_type(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def assignees(self) -> Sequence[OnBoard]: ...


S = TypeVar("S", bound=ShiftOnBoard)


@dataclass(frozen=True)
class BoardPerson:
    staff_id: uuid.UUID
    full_name: str
    qualified: bool = True


@dataclass(frozen=True)
class BoardShift:
    """The least a shift needs to be on the board (the domain tests build these)."""

    id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    status: str
    assignees: tuple[BoardPerson, ...]
    version: int
    warnings: int = 0
    covers_site_ids: tuple[uuid.UUID, ...] = ()


def _covers(shift: ShiftOnBoard, site_id: uuid.UUID) -> bool:
    """Whether the shift's people count at the site: its own, or one it covers too."""
    return shift.site_id == site_id or site_id in shift.covers_site_ids


@dataclass(frozen=True)
class ScopeCoverage:
    """A requirement scope's day: the most people required at any moment, the fewest planned
    while something is required, and the gaps."""

    site_id: uuid.UUID | None  # None: the whole enterprise
    required: int
    planned: int
    gaps: tuple[Gap, ...]
    met_published: bool = True
    """Met by published shifts alone: a draft counts as planned (the manager plans with it) but staff, reminders and
    the inspectors do not see it, so a scope met only with its drafts is not yet covered for them."""
    planned_published: int | None = None
    """`planned` with the drafts left out (the fewest people on published shifts while something is required), so a
    scope met only with its drafts can say how many are published and how many planned; None: not worked out."""
    timeline: tuple[Stretch, ...] = ()
    """Every stretch of the day in which something is required, with the planned headcount (`Coverage.timeline`)."""

    @property
    def met(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class DutyDay(Generic[S]):
    duty_type: str
    name_vi: str
    name_en: str
    shifts: tuple[S, ...]
    people: tuple[OnBoard, ...]
    coverage: tuple[ScopeCoverage, ...]


@dataclass(frozen=True)
class BoardDay(Generic[S]):
    day: date
    lunar: LunarDate | None  # None outside the calendar's range
    lunar_name_vi: str | None
    lunar_name_en: str | None
    peaks: tuple[Peak, ...]
    duty_types: tuple[DutyDay[S], ...]


def _gaps(found: Coverage | None) -> tuple[Gap, ...]:
    return found.gaps if found is not None else ()


def _person_key(p: OnBoard) -> tuple[str, str, str]:
    # Vietnamese order reads the given name (the last word) first; fold() keeps "Đ" next to "D".
    words = fold(p.full_name).split()
    return (words[-1] if words else "", fold(p.full_name), str(p.staff_id))


def _expand_within(r: RuleInForce, lo: datetime, hi: datetime, peaks: Sequence[Peak]) -> list[Segment]:
    """The rule's segments within ``[lo, hi)`` and the stretch it was in force."""
    a = lo if r.starts_at is None else max(lo, r.starts_at)
    b = hi if r.ends_at is None else min(hi, r.ends_at)
    return expand(r.rule, starts_at=a, ends_at=b, peaks=peaks) if a < b else []


def build_board(
    days: Sequence[date],
    *,
    shifts: Iterable[S],
    requirements: Iterable[Requirement | RuleInForce],
    peaks: Sequence[Peak],
    campaign_starts_at: datetime,
    campaign_ends_at: datetime,
) -> list[BoardDay[S]]:
    """One entry per local day: its lunar name, the peaks touching it and, per duty type, the
    shifts overlapping the day, the people on them and the requirement against the planned
    headcount (with the gaps), per requirement scope (the whole enterprise, or one site).

    Cancelled shifts are left out; drafts count as planned, and a scope met only with its drafts says so
    (`ScopeCoverage.met_published` false). A requirement given with the stretch it was in force (`rules_in_force`)
    counts only within it.
    """
    live = sorted((s for s in shifts if s.status != "cancelled"), key=lambda s: (s.starts_at, str(s.id)))
    rules = [r if isinstance(r, RuleInForce) else RuleInForce(r) for r in requirements]
    board: list[BoardDay[S]] = []
    for day in days:
        day_start, day_end = local_midnight(day), local_midnight(day + timedelta(days=1))
        lo, hi = max(day_start, campaign_starts_at), min(day_end, campaign_ends_at)
        duty_days: list[DutyDay[S]] = []
        for duty in DUTY_TYPES:
            todays = [s for s in live if s.duty_type == duty.key and s.starts_at < day_end and day_start < s.ends_at]
            people = {p.staff_id: p for s in todays for p in s.assignees}
            scopes = sorted(
                {r.rule.site_id for r in rules if r.rule.duty_type == duty.key}, key=lambda x: (x is not None, str(x))
            )
            cover = []
            for scope in scopes:
                segments = [
                    seg
                    for r in rules
                    if r.rule.duty_type == duty.key and r.rule.site_id == scope
                    for seg in _expand_within(r, lo, hi, peaks)
                ]
                on_duty = [
                    (s.status == "draft", OnDuty(p.staff_id, s.starts_at, s.ends_at))
                    for s in live
                    if s.duty_type == duty.key and (scope is None or _covers(s, scope))
                    for p in s.assignees
                    if p.qualified
                ]
                result = coverage(segments, [d for _, d in on_duty])
                if result is not None:
                    published = (
                        coverage(segments, [d for draft, d in on_duty if not draft])
                        if any(draft for draft, _ in on_duty)
                        else result
                    )
                    met_published = not result.gaps and not _gaps(published)
                    cover.append(
                        ScopeCoverage(
                            scope,
                            result.required,
                            result.planned,
                            result.gaps,
                            met_published,
                            published.planned if published is not None else 0,
                            result.timeline,
                        )
                    )
            duty_days.append(
                DutyDay(
                    duty.key,
                    duty.name_vi,
                    duty.name_en,
                    tuple(todays),
                    tuple(sorted(people.values(), key=_person_key)),
                    tuple(cover),
                )
            )
        names = lunar_names(day)
        board.append(
            BoardDay(
                day,
                names.lunar,
                names.name_vi,
                names.name_en,
                tuple(p for p in peaks if p.starts_at < day_end and day_start < p.ends_at),
                tuple(duty_days),
            )
        )
    return board
