"""The event-point sweep: per key, the timeline of required against actual headcount and
its gaps (with their causes); and :func:`analyse`, the whole audit of a campaign."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain, compress, repeat
from operator import attrgetter, sub

from .people import _double_bookings, _index, _rest_violations, _Roster
from .values import (
    DEFAULT_MINIMUM_REST,
    Assignment,
    CoverageKey,
    CoverageReport,
    Gap,
    PeakWindow,
    Requirement,
    Segment,
    _check_range,
)
from .windows import _union, expand_window

_ZERO = timedelta(0)
_START = attrgetter("start")
_END = attrgetter("end")


def _key_sort(key: tuple[str, str | None, str]) -> tuple[str, bool, str, str]:
    enterprise_id, site_id, duty_type = key
    # The enterprise as a whole (site None) before its sites; None never meets a str.
    return (enterprise_id, site_id is not None, site_id or "", duty_type)


# The sweep places instants as offsets (timedelta) from the start of the analysed
# range: hashing a timedelta costs a third of hashing an aware datetime, and
# hashing a million shift boundaries is the engine's hot spot.
_Offset = timedelta


@dataclass(slots=True)
class _OpenGap:
    start: _Offset
    # (required, actual, missing_qualification, peak): constant over a gap
    shape: tuple[int, int, bool, bool]
    requirement_ids: set[str]
    end: _Offset = _ZERO


def _requirement_steps(
    intervals: list[tuple[_Offset, _Offset, Requirement]],
    peak_starts: list[_Offset],
    peak_ends: list[_Offset],
    span: _Offset,
) -> dict[_Offset, tuple[int, bool, list[tuple[str, int]]]]:
    """The key's required headcount as a step function over ``[0, span)``: for each
    offset where it may change, (required, in a peak, [(requirement id, its
    effective minimum)]) holding from there on."""
    opens: defaultdict[_Offset, list[int]] = defaultdict(list)
    closes: defaultdict[_Offset, list[int]] = defaultdict(list)
    for i, (lo, hi, _) in enumerate(intervals):
        opens[lo].append(i)
        closes[hi].append(i)
    bounds = {_ZERO, *opens, *closes}
    bounds.update(t for t in chain(peak_starts, peak_ends) if _ZERO < t < span)
    bounds.discard(span)
    active: Counter[int] = Counter()
    steps = {}
    for t in sorted(bounds):
        for i in closes.get(t, ()):
            active[i] -= 1
            if not active[i]:
                del active[i]
        for i in opens.get(t, ()):
            active[i] += 1
        p = bisect_right(peak_starts, t) - 1
        peak = p >= 0 and t < peak_ends[p]
        in_force = []
        for i in active:
            req = intervals[i][2]
            in_force.append(
                (req.requirement_id, req.peak_minimum if peak and req.peak_minimum is not None else req.minimum)
            )
        steps[t] = (max((m for _, m in in_force), default=0), peak, in_force)
    return steps


@dataclass(slots=True)
class _Placed:
    """A bucket of assignments with their starts and ends as offsets, computed once
    per analysis and shared by every key the bucket counts for."""

    assignments: list[Assignment]
    starts: list[_Offset]
    ends: list[_Offset]

    @classmethod
    def of(cls, assignments: list[Assignment], origin: datetime) -> _Placed:
        return cls(
            assignments,
            list(map(sub, map(_START, assignments), repeat(origin))),
            list(map(sub, map(_END, assignments), repeat(origin))),
        )


def _headcount_deltas(parts: list[_Placed]) -> Counter[_Offset]:
    """offset -> change of headcount there, if each assignment were a distinct person."""
    # Counter(iterable) counts in C; the subtraction loops over distinct instants only.
    delta = Counter(chain.from_iterable(p.starts for p in parts))
    delta.subtract(Counter(chain.from_iterable(p.ends for p in parts)))
    return delta


def _distinct_person_fixes(
    roster: _Roster, keys: set[tuple[str, str | None, str]], origin: datetime
) -> dict[tuple[str, str | None, str], tuple[Counter[_Offset], Counter[_Offset]]]:
    """Corrections (present, qualified) that make a person on overlapping shifts of
    one key count once: their raw intervals are taken out, their union put in."""
    fixes: dict[tuple[str, str | None, str], tuple[Counter[_Offset], Counter[_Offset]]] = {}
    for staff_id in roster.overlapping_staff:
        per_key: defaultdict[tuple[str, str | None, str], list[Assignment]] = defaultdict(list)
        for a in roster.by_staff[staff_id]:
            own = (a.enterprise_id, a.site_id, a.duty_type)
            if own in keys:
                per_key[own].append(a)
            whole = (a.enterprise_id, None, a.duty_type)
            if a.site_id is not None and whole in keys:
                per_key[whole].append(a)
            for site in dict.fromkeys(a.covers_site_ids):
                covered = (a.enterprise_id, site, a.duty_type)
                if site != a.site_id and covered in keys:
                    per_key[covered].append(a)
        for key, shifts in per_key.items():
            if len(shifts) < 2:
                continue
            present_fix, qualified_fix = fixes.setdefault(key, (Counter(), Counter()))
            for fix, chosen in ((present_fix, shifts), (qualified_fix, [a for a in shifts if a.qualified])):
                for a in chosen:
                    fix[a.start - origin] -= 1
                    fix[a.end - origin] += 1
                for lo, hi in _union((a.start, a.end) for a in chosen):
                    fix[lo - origin] += 1
                    fix[hi - origin] -= 1
    return fixes


def _sweep_key(
    steps: dict[_Offset, tuple[int, bool, list[tuple[str, int]]]],
    present_delta: Counter[_Offset],
    qualified_delta: Counter[_Offset],
    origin: datetime,
    span: _Offset,
) -> tuple[list[Segment], list[_OpenGap]]:
    """One pass over the key's sorted boundaries in ``[0, span)``: its timeline
    (as segments in UTC, ``origin`` being offset 0) and its gaps (in offsets)."""
    points = set(steps)
    points.update(t for t, d in present_delta.items() if d and _ZERO < t < span)
    points.update(t for t, d in qualified_delta.items() if d and _ZERO < t < span)
    ordered = sorted(points)
    # Headcount already reached when the range opens.
    present = sum(d for t, d in present_delta.items() if t <= _ZERO)
    actual = sum(d for t, d in qualified_delta.items() if t <= _ZERO)
    present_at, actual_at, step_at = present_delta.get, qualified_delta.get, steps.get

    segments: list[Segment] = []
    gaps: list[_OpenGap] = []
    seg_start, seg_required, seg_actual = _ZERO, -1, -1
    gap: _OpenGap | None = None
    required, peak, in_force = steps[_ZERO]
    for t in ordered:
        if t:  # the state at offset 0 itself was set up above
            present += present_at(t, 0)
            actual += actual_at(t, 0)
            step = step_at(t)
            if step is not None:
                required, peak, in_force = step
        if required != seg_required or actual != seg_actual:
            if seg_required >= 0:
                segments.append(Segment(origin + seg_start, origin + t, seg_required, seg_actual))
            seg_start, seg_required, seg_actual = t, required, actual
        if actual < required:
            # present > actual: someone is on duty who would count if qualified.
            shape = (required, actual, present > actual, peak)
            if gap is None or gap.shape != shape:
                if gap is not None:
                    gap.end = t
                gap = _OpenGap(t, shape, set())
                gaps.append(gap)
            gap.requirement_ids.update(rid for rid, minimum in in_force if minimum > actual)
        elif gap is not None:
            gap.end = t
            gap = None
    segments.append(Segment(origin + seg_start, origin + span, seg_required, seg_actual))
    if gap is not None:
        gap.end = span
    return segments, gaps


def _gap_causes(gaps: list[_OpenGap], qualified: list[_Placed], unqualified: list[_Placed]) -> list[tuple[str, ...]]:
    """Event ids per gap (same order), by the rule in the module doc."""
    causes: list[set[str]] = [set() for _ in gaps]
    opened_at: defaultdict[_Offset, list[int]] = defaultdict(list)
    closed_at: defaultdict[_Offset, list[int]] = defaultdict(list)
    for i, g in enumerate(gaps):
        opened_at[g.start].append(i)
        closed_at[g.end].append(i)
    opened, closed = dict(opened_at), dict(closed_at)
    for part in chain(qualified, unqualified):
        # compress/map keep the scan of a big bucket in C; few assignments match.
        matched = compress(zip(part.assignments, part.ends, strict=False), map(opened.__contains__, part.ends))
        for a, at in matched:
            for i in opened[at]:
                causes[i].update(a.cause_event_ids)
        matched = compress(zip(part.assignments, part.starts, strict=False), map(closed.__contains__, part.starts))
        for a, at in matched:
            for i in closed[at]:
                causes[i].update(a.cause_event_ids)
    gap_starts = [g.start for g in gaps]  # gaps of one key are disjoint and sorted
    for part in unqualified:
        for a, lo, hi in zip(part.assignments, part.starts, part.ends, strict=False):
            i = max(bisect_right(gap_starts, lo) - 1, 0)
            while i < len(gaps) and gaps[i].start < hi:
                if gaps[i].end > lo:
                    causes[i].update(a.cause_event_ids)
                i += 1
    return [tuple(sorted(c)) for c in causes]


_Intervals = list[tuple[_Offset, _Offset, Requirement]]


def _prepare(
    requirements: Iterable[Requirement], peaks: Iterable[PeakWindow], start: datetime, end: datetime
) -> tuple[dict[tuple[str, str | None, str], _Intervals], list[_Offset], list[_Offset]]:
    """The requirements' windows per key and the peaks' union, as offsets from ``start``
    (inputs checked): what every engine starts from."""
    by_key: defaultdict[tuple[str, str | None, str], _Intervals] = defaultdict(list)
    for req in requirements:
        if not isinstance(req, Requirement):
            raise TypeError(f"requirements must hold Requirement values, not {type(req).__name__}")
        intervals = by_key[req.enterprise_id, req.site_id, req.duty_type]
        # Only where this version is in force: each instant is judged by the version in force then.
        lo_in = start if req.in_force_from is None else max(start, req.in_force_from)
        hi_in = end if req.in_force_until is None else min(end, req.in_force_until)
        if lo_in >= hi_in:
            continue
        for lo, hi in expand_window(req.window, start=lo_in, end=hi_in):
            intervals.append((lo - start, hi - start, req))
    peaks = list(peaks)
    for peak in peaks:
        if not isinstance(peak, PeakWindow):
            raise TypeError(f"peaks must hold PeakWindow values, not {type(peak).__name__}")
    peak_spans = _union((p.start - start, p.end - start) for p in peaks)
    return dict(by_key), [lo for lo, _ in peak_spans], [hi for _, hi in peak_spans]


def _sweep(
    requirements: Iterable[Requirement],
    roster: _Roster,
    peaks: Iterable[PeakWindow],
    start: datetime,
    end: datetime,
) -> tuple[dict[CoverageKey, list[Segment]], list[Gap]]:
    start, end = _check_range(start, end, "analysis range")
    span = end - start
    by_key, peak_starts, peak_ends = _prepare(requirements, peaks, start, end)
    keys = sorted(by_key, key=_key_sort)
    # Which buckets each key counts: its own site's, or all its enterprise's.
    buckets_of_enterprise: defaultdict[tuple[str, str], list[tuple]] = defaultdict(list)
    for bucket_key in roster.by_bucket:
        buckets_of_enterprise[bucket_key[0], bucket_key[2]].append(bucket_key)
    # A source is a bucket of assignments at a site (own=True) or covering it from another one.
    sources: dict[tuple[str, str | None, str], list[tuple[bool, tuple]]] = {}
    for key in keys:
        enterprise_id, site_id, duty_type = key
        if site_id is None:
            sources[key] = [(True, b) for b in buckets_of_enterprise.get((enterprise_id, duty_type), [])]
        else:
            own = [(enterprise_id, site_id, duty_type, q) for q in (True, False)]
            sources[key] = [(True, b) for b in own if b in roster.by_bucket] + [
                (False, b) for b in own if b in roster.covering
            ]
    # A bucket's offsets are computed on first use and dropped after its last,
    # which bounds the memory the sweep adds to the roster's own.
    uses = Counter(chain.from_iterable(sources.values()))
    placed: dict[tuple[bool, tuple], _Placed] = {}
    fixes = _distinct_person_fixes(roster, set(keys), start)

    timeline: dict[CoverageKey, list[Segment]] = {}
    gaps: list[Gap] = []
    for key in keys:
        for src in sources[key]:
            if src not in placed:
                is_own, b = src
                placed[src] = _Placed.of((roster.by_bucket if is_own else roster.covering)[b], start)
        qualified = [placed[src] for src in sources[key] if src[1][3]]
        unqualified = [placed[src] for src in sources[key] if not src[1][3]]
        qualified_delta = _headcount_deltas(qualified)
        # Without unqualified people the two headcounts are one and the same.
        present_delta = Counter(qualified_delta) if unqualified else qualified_delta
        if unqualified:
            present_delta.update(_headcount_deltas(unqualified))
        if key in fixes:
            present_fix, qualified_fix = fixes[key]
            if unqualified:
                present_delta.update(present_fix)
            qualified_delta.update(qualified_fix)

        steps = _requirement_steps(by_key[key], peak_starts, peak_ends, span)
        segments, open_gaps = _sweep_key(steps, present_delta, qualified_delta, start, span)
        coverage_key = CoverageKey(*key)
        timeline[coverage_key] = segments
        if open_gaps:
            causes = _gap_causes(open_gaps, qualified, unqualified)
            gaps.extend(
                Gap(coverage_key, start + g.start, start + g.end, *g.shape, tuple(sorted(g.requirement_ids)), ids)
                for g, ids in zip(open_gaps, causes, strict=False)
            )
        for src in sources[key]:
            uses[src] -= 1
            if not uses[src]:
                del placed[src]
    gaps.sort(key=lambda g: (g.start, _key_sort((g.key.enterprise_id, g.key.site_id, g.key.duty_type)), g.end))
    return timeline, gaps


def coverage_timeline(
    requirements: Iterable[Requirement],
    assignments: Iterable[Assignment],
    peaks: Iterable[PeakWindow] = (),
    *,
    start: datetime,
    end: datetime,
) -> dict[CoverageKey, list[Segment]]:
    """Required vs actual headcount over ``[start, end)`` for every key that has a
    requirement, as consecutive segments that tile the range.

    Keys come in a stable order (enterprise, the enterprise as a whole before its
    sites, site, duty type). Headcount rules are in the module doc.
    """
    timeline, _ = _sweep(requirements, _index(assignments), peaks, start, end)
    return timeline


def find_gaps(
    requirements: Iterable[Requirement],
    assignments: Iterable[Assignment],
    peaks: Iterable[PeakWindow] = (),
    *,
    start: datetime,
    end: datetime,
) -> list[Gap]:
    """Every coverage gap in ``[start, end)``, sorted by start, key and end.

    A gap is a maximal interval with constant required, actual,
    missing_qualification and peak where actual < required; see the module doc
    for how its causes are chosen.
    """
    _, gaps = _sweep(requirements, _index(assignments), peaks, start, end)
    return gaps


def timeline_and_gaps(
    requirements: Iterable[Requirement],
    assignments: Iterable[Assignment],
    peaks: Iterable[PeakWindow] = (),
    *,
    start: datetime,
    end: datetime,
) -> tuple[dict[CoverageKey, list[Segment]], list[Gap]]:
    """:func:`coverage_timeline` and :func:`find_gaps` from one sweep: what live
    coverage recomputes for the keys an event touched, without the per-person
    analyses of :func:`analyse`."""
    return _sweep(requirements, _index(assignments), peaks, start, end)


def analyse(
    requirements: Iterable[Requirement],
    assignments: Iterable[Assignment],
    peaks: Iterable[PeakWindow] = (),
    *,
    start: datetime,
    end: datetime,
    minimum_rest: timedelta = DEFAULT_MINIMUM_REST,
) -> CoverageReport:
    """The whole audit of a campaign over ``[start, end)``: timeline, gaps, peak
    understaffing, double bookings and rest violations, from one indexing pass.

    Double bookings and rest violations consider every assignment given, also
    those outside ``[start, end)``; select the assignments to narrow them.
    """
    start, end = _check_range(start, end, "analysis range")
    roster = _index(assignments)
    timeline, gaps = _sweep(requirements, roster, peaks, start, end)
    return CoverageReport(
        start=start,
        end=end,
        timeline=timeline,
        gaps=gaps,
        peak_understaffing=[g for g in gaps if g.peak],
        double_bookings=_double_bookings(roster),
        rest_violations=_rest_violations(roster, minimum_rest),
    )
