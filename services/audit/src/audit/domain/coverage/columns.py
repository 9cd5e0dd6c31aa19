"""The coverage engine on columns: :func:`analyse_columns` gives exactly what :func:`analyse`
gives (the same report, value for value), with the per-assignment work done on arrays.

For the bulk paths (a whole campaign, a province, a replay). :func:`analyse` — the event-point
sweep over Python objects in :mod:`.sweep` — stays the reference: it is the oracle the tests
hold this one to, and what live coverage uses for the handful of shifts one event touches.

How it works, with the rules of the package docstring unchanged:

* :class:`AssignmentColumns` holds the assignments as arrays: start and end as integer
  microseconds from the analysis start (``total_seconds`` of an offset is exact at that
  scale), a code per (enterprise, site, duty type), a code per person, and the qualified
  flag. Building them from objects is the only Python loop over every assignment; a caller
  that has columns already (rows from a database) can build them directly.
* **Headcount**: every assignment is one +1 at its start and one −1 at its end in each key it
  counts for (its site's key, its enterprise's key, and the sites it covers — the few that
  cover sites are expanded in Python). The events of all keys are sorted at once on
  ``key × (span + 1) + offset`` and summed with ``cumsum``; events before the range fold into
  the state at its start, those at or after its end are dropped.
* **Required headcount** comes from the same per-key steps as the reference
  (``_requirement_steps``); each point finds its step with ``searchsorted``.
* **Segments and gaps** are where (required, actual) — or a gap's shape — change between
  neighbouring points of a key, found with array comparisons; only the gaps (few) are
  visited one by one, for their requirement ids and causes.
* **People**: sorted by (person, start) with a stable sort, neighbours show at once who has
  overlapping shifts (nearly nobody) and which rests are short. Those few people are handed to
  the reference's own code (double bookings, the distinct-person correction, rests around an
  overlap), so the rare cases have one implementation.
"""

from __future__ import annotations

import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain, repeat
from operator import attrgetter, sub
from typing import Any

import numpy as np

from .people import (
    _CHRONOLOGICAL,
    _check_minimum_rest,
    _double_bookings,
    _refuse_duplicates,
    _Rest,
    _rest_report,
    _Roster,
    _short_rests,
)
from .sweep import _distinct_person_fixes, _key_sort, _prepare, _requirement_steps
from .values import (
    DEFAULT_MINIMUM_REST,
    Assignment,
    CoverageKey,
    CoverageReport,
    Gap,
    PeakWindow,
    Requirement,
    RestViolation,
    Segment,
    _check_range,
)

_Key = tuple[str, str | None, str]
_US = timedelta(microseconds=1)
_START = attrgetter("start")
_END = attrgetter("end")
_KEY = attrgetter("enterprise_id", "site_id", "duty_type")
_STAFF = attrgetter("staff_id")
_SHIFT = attrgetter("shift_id")
_QUALIFIED = attrgetter("qualified")
_COVERS = attrgetter("covers_site_ids")
_CAUSES = attrgetter("cause_event_ids")


def _micros(offsets: Iterable[timedelta], count: int) -> np.ndarray:
    seconds = np.fromiter(map(timedelta.total_seconds, offsets), dtype=np.float64, count=count)
    return np.rint(seconds * 1e6).astype(np.int64)


def _first_rows(values: Iterable[Any], count: int, seen: dict[Any, int] | None = None) -> np.ndarray:
    """For each value, the row where it was first seen (one C-level pass: setdefault keeps it)."""
    seen = {} if seen is None else seen
    return np.fromiter(map(seen.setdefault, values, itertools.count()), dtype=np.int64, count=count)


def _codes(values: Iterable[Any], count: int) -> tuple[np.ndarray, list[Any]]:
    """Each value's code (first seen, first coded) and the values by code."""
    seen: dict[Any, int] = {}
    first = _first_rows(values, count, seen)
    # First rows are increasing in the order values were first seen: their rank is the code.
    rank = np.zeros(count, dtype=np.int64)
    rank[np.flatnonzero(np.bincount(first, minlength=count))] = np.arange(len(seen))
    return rank[first], list(seen)


@dataclass(frozen=True, slots=True, eq=False)
class AssignmentColumns:
    """Assignments as columns (see the module docstring); ``rows`` keeps the values for the
    few that the row-by-row rules need (people with overlapping shifts, gap causes)."""

    rows: Sequence[Assignment]
    origin: datetime
    start_us: np.ndarray
    end_us: np.ndarray
    key: np.ndarray
    keys: list[_Key]
    staff: np.ndarray
    staff_ids: list[str]
    qualified: np.ndarray
    covering: np.ndarray  # indices of the rows that cover further sites
    shift_first: np.ndarray  # for each row, the first row of the same shift

    @classmethod
    def of(cls, assignments: Iterable[Assignment], *, origin: datetime) -> AssignmentColumns:
        rows = assignments if isinstance(assignments, (list, tuple)) else list(assignments)
        n = len(rows)
        key, keys = _codes(map(_KEY, rows), n)
        staff, staff_ids = _codes(map(_STAFF, rows), n)
        return cls(
            rows=rows,
            origin=origin,
            start_us=_micros(map(sub, map(_START, rows), repeat(origin)), n),
            end_us=_micros(map(sub, map(_END, rows), repeat(origin)), n),
            key=key,
            keys=keys,
            staff=staff,
            staff_ids=staff_ids,
            qualified=np.fromiter(map(_QUALIFIED, rows), dtype=bool, count=n),
            covering=np.flatnonzero(np.fromiter(map(bool, map(_COVERS, rows)), dtype=bool, count=n)),
            shift_first=_first_rows(map(_SHIFT, rows), n),
        )


def analyse_columns(
    requirements: Iterable[Requirement],
    assignments: Iterable[Assignment] | AssignmentColumns,
    peaks: Iterable[PeakWindow] = (),
    *,
    start: datetime,
    end: datetime,
    minimum_rest: timedelta = DEFAULT_MINIMUM_REST,
) -> CoverageReport:
    """:func:`analyse`, on columns: the same report for the same input."""
    start, end = _check_range(start, end, "analysis range")
    cols = (
        assignments if isinstance(assignments, AssignmentColumns) else AssignmentColumns.of(assignments, origin=start)
    )
    shift = round((cols.origin - start) / _US)
    starts, ends = cols.start_us + shift, cols.end_us + shift
    people = _People.of(cols, starts, ends)
    timeline, gaps = _Sweep(cols, starts, ends, people.roster, start, end).run(requirements, peaks)
    doubles = _double_bookings(people.roster)
    _check_minimum_rest(minimum_rest)
    return CoverageReport(
        start=start,
        end=end,
        timeline=timeline,
        gaps=gaps,
        peak_understaffing=[g for g in gaps if g.peak],
        double_bookings=doubles,
        rest_violations=people.rest_violations(minimum_rest),
    )


@dataclass(slots=True)
class _People:
    """Everyone's shifts sorted by (person, start); the few with overlapping shifts as the
    reference's roster (chronological, checked for duplicates)."""

    cols: AssignmentColumns
    order: np.ndarray  # row indices sorted by (person, start), ties in input order
    gaps_us: np.ndarray  # start of each sorted row minus the end of the one before (same person)
    same: np.ndarray  # whether the row before is the same person's
    overlapping: np.ndarray  # the staff codes with overlapping shifts
    roster: _Roster

    @classmethod
    def of(cls, cols: AssignmentColumns, starts: np.ndarray, ends: np.ndarray) -> _People:
        order = np.lexsort((starts, cols.staff))  # lexsort is stable
        staff = cols.staff[order]
        same = np.empty(len(order), dtype=bool)
        same[:1] = False
        same[1:] = staff[1:] == staff[:-1]
        gaps_us = np.zeros(len(order), dtype=np.int64)
        gaps_us[1:] = starts[order][1:] - ends[order][:-1]
        overlapping = np.unique(staff[same & (gaps_us < 0)])
        by_staff: dict[str, list[Assignment]] = {}
        for row in np.flatnonzero(np.isin(cols.staff, overlapping)).tolist():
            a = cols.rows[row]
            by_staff.setdefault(a.staff_id, []).append(a)
        for staff_id, shifts in by_staff.items():
            shifts.sort(key=_CHRONOLOGICAL)
            _refuse_duplicates(staff_id, shifts)
        roster = _Roster(by_staff, {}, sorted(by_staff), {})
        return cls(cols, order, gaps_us, same, overlapping, roster)

    def rest_violations(self, minimum_rest: timedelta) -> list[RestViolation]:
        _check_minimum_rest(minimum_rest)
        short = self.same & (self.gaps_us >= 0) & (self.gaps_us < round(minimum_rest / _US))
        short &= ~np.isin(self.cols.staff[self.order], self.overlapping)
        rows = self.cols.rows
        found: list[_Rest] = []
        for i in np.flatnonzero(short).tolist():
            first, second = rows[self.order[i - 1]], rows[self.order[i]]
            found.append((second.start, second.staff_id, first.shift_id, second.shift_id, second.start - first.end))
        for staff_id, shifts in self.roster.by_staff.items():
            found += _short_rests(staff_id, shifts, minimum_rest)
        return _rest_report(found, minimum_rest)


class _Sweep:
    """The timeline and gaps of every key, from the columns (see the module docstring)."""

    def __init__(
        self,
        cols: AssignmentColumns,
        starts: np.ndarray,
        ends: np.ndarray,
        overlapping: _Roster,
        start: datetime,
        end: datetime,
    ) -> None:
        self.cols, self.starts, self.ends, self.overlapping = cols, starts, ends, overlapping
        self.origin, self.span = start, round((end - start) / _US)
        self.moments: dict[int, datetime] = {}

    def at(self, offset: int) -> datetime:
        moment = self.moments.get(offset)
        if moment is None:
            moment = self.moments[offset] = self.origin + timedelta(microseconds=offset)
        return moment

    def run(
        self, requirements: Iterable[Requirement], peaks: Iterable[PeakWindow]
    ) -> tuple[dict[CoverageKey, list[Segment]], list[Gap]]:
        end = self.origin + timedelta(microseconds=self.span)
        by_key, peak_starts, peak_ends = _prepare(requirements, peaks, self.origin, end)
        self.keys: list[_Key] = sorted(by_key, key=_key_sort)
        if not self.keys:
            return {}, []
        if len(self.keys) * (self.span + 1) >= 2**62:
            raise ValueError("analysis range too long for the columnar engine; use analyse()")
        self.index = {key: i for i, key in enumerate(self.keys)}
        self._memberships()
        steps = self._steps(by_key, peak_starts, peak_ends)
        points = self._points(steps)
        return self._timeline(points), self._gaps(points, steps)

    def _memberships(self) -> None:
        """The (key, weight) memberships: one per shift and key it counts for, weighted by its
        people (all of them, and the qualified ones), plus one per row for the sites a row
        covers. Rows of one shift are counted together only where they agree on key, start and
        end (the contract does not promise it); a row that differs counts on its own."""
        cols, index, n = self.cols, self.index, len(self.cols.rows)
        first = cols.shift_first
        agrees = (self.starts == self.starts[first]) & (self.ends == self.ends[first]) & (cols.key == cols.key[first])
        if not agrees.all():
            first = np.where(agrees, first, np.arange(n))
        self.first = first
        people = np.bincount(first, minlength=n)
        qualified = np.bincount(first, weights=cols.qualified, minlength=n).astype(np.int64)
        shifts = np.flatnonzero(people)
        own = np.array([index.get(k, -1) for k in cols.keys], dtype=np.int64)
        whole = np.array(
            [index.get((k[0], None, k[2]), -1) if k[1] is not None else -1 for k in cols.keys], dtype=np.int64
        )
        self.own_key, self.whole_key = own[cols.key], whole[cols.key]
        own_key, whole_key = self.own_key[shifts], self.whole_key[shifts]
        extra_keys, extra_rows = self._covered()
        with_own, with_whole = shifts[own_key >= 0], shifts[whole_key >= 0]
        self.mem_key = np.concatenate((own_key[own_key >= 0], whole_key[whole_key >= 0], extra_keys))
        self.mem_row = np.concatenate((with_own, with_whole, extra_rows))
        self.mem_shift = np.r_[np.ones(len(with_own) + len(with_whole), bool), np.zeros(len(extra_rows), bool)]
        self.mem_people = np.concatenate((people[with_own], people[with_whole], np.ones(len(extra_rows), np.int64)))
        self.mem_qualified = np.concatenate(
            (qualified[with_own], qualified[with_whole], cols.qualified[extra_rows].astype(np.int64))
        )

    def _covered(self) -> tuple[np.ndarray, np.ndarray]:
        """(key, row) for the sites rows cover beyond their own (the few patrol rounds)."""
        keys, rows = [], []
        for row in self.cols.covering.tolist():
            a = self.cols.rows[row]
            for site in dict.fromkeys(a.covers_site_ids):
                covered = self.index.get((a.enterprise_id, site, a.duty_type))
                if site != a.site_id and covered is not None:
                    keys.append(covered)
                    rows.append(row)
        return np.asarray(keys, np.int64), np.asarray(rows, np.int64)

    def _rows_of(self, members: np.ndarray) -> dict[int, list[int]]:
        """The rows each of these memberships stands for (a shift's, or the one covering row)."""
        shifts = np.unique(self.mem_row[members][self.mem_shift[members]])
        rows = np.flatnonzero(np.isin(self.first, shifts))
        found: dict[int, list[int]] = {}
        for first, row in zip(self.first[rows].tolist(), rows.tolist(), strict=True):
            found.setdefault(first, []).append(row)
        return {
            m: found[r] if shift else [r]
            for m, r, shift in zip(
                members.tolist(), self.mem_row[members].tolist(), self.mem_shift[members].tolist(), strict=True
            )
        }

    def _steps(self, by_key: dict[_Key, Any], peak_starts: list[timedelta], peak_ends: list[timedelta]) -> _Steps:
        span = timedelta(microseconds=self.span)
        combined: list[int] = []
        required: list[int] = []
        peak: list[bool] = []
        in_force: list[list[tuple[str, int]]] = []
        for k, key in enumerate(self.keys):
            for t, (r, p, f) in _requirement_steps(by_key[key], peak_starts, peak_ends, span).items():
                combined.append(k * (self.span + 1) + t // _US)
                required.append(r)
                peak.append(p)
                in_force.append(f)
        return _Steps(np.asarray(combined, np.int64), np.asarray(required), np.asarray(peak, bool), in_force)

    def _points(self, steps: _Steps) -> _Points:
        m = self.span + 1
        rows, keys, people, qualified = self.mem_row, self.mem_key, self.mem_people, self.mem_qualified
        fix_keys, fix_t, fix_present, fix_qualified = self._fixes()
        key = np.concatenate((keys, keys, fix_keys))
        t = np.concatenate((self.starts[rows], self.ends[rows], fix_t))
        present = np.concatenate((people, -people, fix_present))
        actual = np.concatenate((qualified, -qualified, fix_qualified))
        inside = t < self.span
        keyed = np.concatenate((key[inside] * m + np.maximum(t[inside], 0), steps.combined))
        order = np.argsort(keyed)
        combined = keyed[order]
        zeros = np.zeros(len(steps.combined), np.int64)
        present = np.cumsum(np.concatenate((present[inside], zeros))[order])
        actual = np.cumsum(np.concatenate((actual[inside], zeros))[order])
        of_key = combined // m
        new_key = np.empty(len(combined), dtype=bool)
        new_key[0] = True
        np.not_equal(of_key[1:], of_key[:-1], out=new_key[1:])
        # Each key's sums start from what the keys before it left.
        first = np.flatnonzero(new_key)
        before_present = np.r_[0, present][first]
        before_actual = np.r_[0, actual][first]
        group = np.cumsum(new_key) - 1
        last = np.empty(len(combined), dtype=bool)  # a point's state: after its last event
        last[-1] = True
        np.not_equal(combined[1:], combined[:-1], out=last[:-1])
        point = combined[last]
        step = np.searchsorted(steps.combined, point, side="right") - 1
        group = group[last]
        return _Points(
            key=point // m,
            t=point % m,
            present=present[last] - before_present[group],
            actual=actual[last] - before_actual[group],
            required=steps.required[step],
            peak=steps.peak[step],
            step=step,
        )

    def _fixes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The reference's corrections for people on overlapping shifts of one key, as events."""
        fixes = _distinct_person_fixes(self.overlapping, set(self.keys), self.origin)
        keys: list[int] = []
        ts: list[int] = []
        present: list[int] = []
        qualified: list[int] = []
        for key, (present_fix, qualified_fix) in fixes.items():
            k = self.index[key]
            for fix, into, other in ((present_fix, present, qualified), (qualified_fix, qualified, present)):
                keys.extend(repeat(k, len(fix)))
                ts.extend(map(operator.floordiv, fix.keys(), repeat(_US)))
                into.extend(fix.values())
                other.extend(repeat(0, len(fix)))
        return tuple(np.asarray(v, np.int64) for v in (keys, ts, present, qualified))  # type: ignore[return-value]

    def _timeline(self, p: _Points) -> dict[CoverageKey, list[Segment]]:
        new_key = np.r_[True, p.key[1:] != p.key[:-1]]
        changed = new_key | np.r_[True, p.required[1:] != p.required[:-1]] | np.r_[True, p.actual[1:] != p.actual[:-1]]
        at = np.flatnonzero(changed)
        seg_key = p.key[at]
        seg_start = p.t[at]
        seg_end = np.r_[seg_start[1:], self.span]
        seg_end[:-1][seg_key[1:] != seg_key[:-1]] = self.span
        starts, ends = self.moments_of(seg_start, seg_end)
        segments = list(map(Segment, starts, ends, p.required[at].tolist(), p.actual[at].tolist()))
        bounds = np.searchsorted(seg_key, np.arange(len(self.keys) + 1)).tolist()
        return {CoverageKey(*key): segments[bounds[k] : bounds[k + 1]] for k, key in enumerate(self.keys)}

    def moments_of(self, *offsets: np.ndarray) -> list[tuple[datetime, ...]]:
        """The instants of arrays of offsets (one datetime object per distinct offset, shared)."""
        distinct, inverse = np.unique(np.concatenate(offsets), return_inverse=True)
        moments = [self.at(t) for t in distinct.tolist()]
        picked = (
            operator.itemgetter(*inverse.tolist())(moments) if len(inverse) > 1 else tuple(moments[i] for i in inverse)
        )
        out, i = [], 0
        for a in offsets:
            out.append(picked[i : i + len(a)])
            i += len(a)
        return out

    def _gaps(self, p: _Points, steps: _Steps) -> list[Gap]:
        short = p.actual < p.required
        if not short.any():
            return []
        new_key = np.r_[True, p.key[1:] != p.key[:-1]]
        missing = p.present > p.actual

        def differs(a: np.ndarray) -> np.ndarray:
            return np.r_[True, a[1:] != a[:-1]]

        shape_changed = differs(p.required) | differs(p.actual) | differs(missing) | differs(p.peak)
        opens = short & (new_key | np.r_[True, ~short[:-1]] | shape_changed)
        breaks = np.flatnonzero(new_key | opens | ~short)
        starts = np.flatnonzero(opens)
        following = np.searchsorted(breaks, starts, side="right")
        n = len(p.t)
        stops = np.append(breaks, n)[following]
        ends = np.where(stops < n, p.t[np.minimum(stops, n - 1)], self.span)
        ends[(stops < n) & new_key[np.minimum(stops, n - 1)]] = self.span
        # Python values from here on: a gap is visited once, its points (usually one) once.
        inside = np.flatnonzero(short).tolist()
        point_ids = dict(zip(inside, self._short_of(p, steps, inside), strict=True))
        gaps = [
            _Found(k, t, e, (r, a, m, pk), set().union(*map(point_ids.__getitem__, range(i, stop))))
            for i, stop, k, t, e, r, a, m, pk in zip(
                starts.tolist(),
                stops.tolist(),
                p.key[starts].tolist(),
                p.t[starts].tolist(),
                ends.tolist(),
                p.required[starts].tolist(),
                p.actual[starts].tolist(),
                missing[starts].tolist(),
                p.peak[starts].tolist(),
                strict=True,
            )
        ]
        causes = self._causes(gaps)
        result = [
            Gap(
                CoverageKey(*self.keys[g.key]),
                self.at(g.start),
                self.at(g.end),
                *g.shape,
                tuple(sorted(g.requirement_ids)),
                tuple(sorted(c)),
            )
            for g, c in zip(gaps, causes, strict=True)
        ]
        result.sort(key=lambda g: (g.start, _key_sort((g.key.enterprise_id, g.key.site_id, g.key.duty_type)), g.end))
        return result

    @staticmethod
    def _short_of(p: _Points, steps: _Steps, points: list[int]) -> list[frozenset[str]]:
        """For each point, the requirements in force there that ask more than the actual headcount."""
        memo: dict[tuple[int, int], frozenset[str]] = {}
        found = []
        for step, actual in zip(p.step[points].tolist(), p.actual[points].tolist(), strict=True):
            ids = memo.get((step, actual))
            if ids is None:
                ids = memo[step, actual] = frozenset(r for r, minimum in steps.in_force[step] if minimum > actual)
            found.append(ids)
        return found

    def _causes(self, gaps: list[_Found]) -> list[set[str]]:
        """The reference's rule (package docstring): who left at a gap's start, who came at
        its end, and the unqualified people during it."""
        m = self.span + 1
        rows, keys, assignments = self.mem_row, self.mem_key, self.cols.rows
        causes: list[set[str]] = [set() for _ in gaps]
        opened: defaultdict[int, list[int]] = defaultdict(list)
        closed: defaultdict[int, list[int]] = defaultdict(list)
        for i, g in enumerate(gaps):
            opened[g.key * m + g.start].append(i)
            closed[g.key * m + g.end].append(i)
        for times, wanted in ((self.ends[rows], opened), (self.starts[rows], closed)):
            inside = (times >= 0) & (times <= self.span)
            members = np.flatnonzero(inside)
            combined = keys[members] * m + times[members]
            hits = np.isin(combined, np.fromiter(wanted, np.int64, len(wanted)))
            rows_of = self._rows_of(members[hits])
            for member, point in zip(members[hits].tolist(), combined[hits].tolist(), strict=True):
                ids = set(chain.from_iterable(assignments[row].cause_event_ids for row in rows_of[member]))
                for i in wanted[point]:
                    causes[i].update(ids)
        by_key: defaultdict[int, list[int]] = defaultdict(list)
        for i, g in enumerate(gaps):
            by_key[g.key].append(i)
        for k, row in self._unqualified():
            lo, hi = int(self.starts[row]), int(self.ends[row])
            for i in by_key.get(k, ()):
                if gaps[i].start < hi and gaps[i].end > lo:
                    causes[i].update(assignments[row].cause_event_ids)
        return causes

    def _unqualified(self) -> list[tuple[int, int]]:
        """(key, row) of every unqualified row, in each key it counts for."""
        rows = np.flatnonzero(~self.cols.qualified)
        found = [
            (k, r)
            for keys in (self.own_key, self.whole_key)
            for k, r in zip(keys[rows].tolist(), rows.tolist(), strict=True)
            if k >= 0
        ]
        extra_keys, extra_rows = self._covered()
        found += [
            (k, r) for k, r in zip(extra_keys.tolist(), extra_rows.tolist(), strict=True) if not self.cols.qualified[r]
        ]
        return found


@dataclass(frozen=True, slots=True)
class _Steps:
    combined: np.ndarray  # key × (span + 1) + offset, sorted
    required: np.ndarray
    peak: np.ndarray
    in_force: list[list[tuple[str, int]]]


@dataclass(frozen=True, slots=True)
class _Points:
    """Every instant where a key's state may change, in key then time order, with the state
    holding from there on."""

    key: np.ndarray
    t: np.ndarray
    present: np.ndarray
    actual: np.ndarray
    required: np.ndarray
    peak: np.ndarray
    step: np.ndarray


@dataclass(slots=True)
class _Found:
    key: int
    start: int
    end: int
    shape: tuple[int, int, bool, bool]
    requirement_ids: set[str]
