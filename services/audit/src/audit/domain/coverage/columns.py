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
  cover sites are expanded in Python). Consecutive rows alike in key, start and end (a shift's
  rows, as they are listed) go as one +n/−n: summed, their people count the same together or
  apart, so which shift a row is of does not matter to the headcount, and finding the runs is
  a comparison of neighbours rather than a pass of Python over every shift id. The events of
  all keys are sorted at once on ``key × (span + 1) + offset`` and summed with ``cumsum``;
  events before the range fold into the state at its start, those at or after its end are
  dropped.
* **Required headcount** comes from the same per-key steps as the reference
  (``_requirement_steps``); each point finds its step with ``searchsorted``.
* **Segments and gaps** are where (required, actual) — or a gap's shape — change between
  neighbouring points of a key, found with array comparisons; only the gaps (few) are
  visited one by one, for their requirement ids and causes.
* **Causes** of a gap: the rows that end at its start or begin at its end are read once per
  run of alike rows; the unqualified rows that overlap a key's gaps are found by binary
  search (a key's gaps are disjoint and in order).
* **People**: sorted by (person, start) in one sort of a combined integer, neighbours show at
  once who has overlapping shifts (nearly nobody) and which rests are short. Those few people
  are handed to the reference's own code (double bookings, rests around an overlap; its
  duplicate check where one shift holds a person twice); the distinct-person correction of
  their overlapping shifts in one key is computed on arrays, for those (key, person) groups
  only whose shifts overlap (any other group's correction sums to nothing).
* The cyclic garbage collector is paused while the engine runs (see ``_collector_paused``).
"""

from __future__ import annotations

import gc
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import compress, repeat
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
from .sweep import _key_sort, _prepare, _requirement_steps
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
            covering=np.fromiter(compress(itertools.count(), map(_COVERS, rows)), dtype=np.int64),
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
    with _collector_paused():
        return _analyse_columns(requirements, assignments, peaks, start, end, minimum_rest)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the engine runs, as it was after.

    The engine makes no reference cycles: whatever it allocates and drops is freed by
    reference counting, the collector would find nothing. But the report is made of some
    10⁵ objects (segments, gaps), and objects that survive young collections count toward a
    full one, which walks the caller's whole heap — a million assignments — a third of the
    engine's time at that size. Paused, that walk happens later only if the report is kept.
    Other threads' garbage waits for the pause to end: nothing is lost."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _analyse_columns(
    requirements: Iterable[Requirement],
    assignments: Iterable[Assignment] | AssignmentColumns,
    peaks: Iterable[PeakWindow],
    start: datetime,
    end: datetime,
    minimum_rest: timedelta,
) -> CoverageReport:
    start, end = _check_range(start, end, "analysis range")
    cols = (
        assignments if isinstance(assignments, AssignmentColumns) else AssignmentColumns.of(assignments, origin=start)
    )
    shift = round((cols.origin - start) / _US)
    starts, ends = cols.start_us + shift, cols.end_us + shift
    people = _People.of(cols, starts, ends)
    timeline, gaps = _Sweep(cols, starts, ends, people.overlapping_rows, start, end).run(requirements, peaks)
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


def _person_order(staff: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Row indices sorted by (person, start): one sort of ``person × width + start`` where
    that fits in 64 bits, else a lexsort. Ties (one person, two shifts with one start) may
    come in any order: they overlap, and overlapping people go to the reference's code."""
    if not len(staff):
        return np.zeros(0, np.int64)
    lo = int(starts.min())
    width = int(starts.max()) - lo + 1
    if width * (int(staff.max()) + 1) >= 2**63:
        return np.lexsort((starts, staff))
    return np.argsort(staff * width + (starts - lo))


def _roster(cols: AssignmentColumns, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> _Roster:
    """The reference's roster of the people with overlapping shifts (``rows``, sorted by
    person then start): each one's shifts in chronological order, people in the order they
    were first given, refused if someone is given twice for one shift at overlapping times
    (by the reference's own check, which says so the same way)."""
    if not len(rows):
        return _Roster({}, {}, [], {})
    staff = cols.staff[rows]
    order = np.lexsort((ends, starts, staff))  # (person, start, end); ties on both go by shift id
    rows, staff, starts, ends = rows[order], staff[order], starts[order], ends[order]
    new_person = np.r_[True, staff[1:] != staff[:-1]]
    tied = np.r_[False, ~new_person[1:] & (starts[1:] == starts[:-1]) & (ends[1:] == ends[:-1])]
    # One person, one shift, overlapping times: sorted by (person, shift, start), two
    # neighbours overlap (a row that overlaps a later one overlaps the one right after it).
    shift_of = _codes(map(_SHIFT, map(cols.rows.__getitem__, rows.tolist())), len(rows))[0]
    by_shift = np.lexsort((starts, shift_of, staff))
    shift = shift_of[by_shift]
    twice = (shift[1:] == shift[:-1]) & (staff[by_shift][1:] == staff[by_shift][:-1])
    twice &= starts[by_shift][1:] < ends[by_shift][:-1]
    shifts = list(map(cols.rows.__getitem__, rows.tolist()))
    bounds = [*np.flatnonzero(new_person).tolist(), len(rows)]
    by_staff = {
        cols.staff_ids[code]: shifts[lo:hi]
        for code, lo, hi in zip(staff[bounds[:-1]].tolist(), bounds[:-1], bounds[1:], strict=True)
    }
    for code in np.unique(staff[tied]).tolist():
        by_staff[cols.staff_ids[code]].sort(key=_CHRONOLOGICAL)
    if twice.any():
        for staff_id, mine in by_staff.items():
            _refuse_duplicates(staff_id, mine)
    return _Roster(by_staff, {}, sorted(by_staff), {})


@dataclass(slots=True)
class _People:
    """Everyone's shifts sorted by (person, start); the few with overlapping shifts as the
    reference's roster (chronological, checked for duplicates)."""

    cols: AssignmentColumns
    order: np.ndarray  # row indices sorted by (person, start)
    gaps_us: np.ndarray  # start of each sorted row minus the end of the one before (same person)
    same: np.ndarray  # whether the row before is the same person's
    overlapped: np.ndarray  # whether the row is of a person with overlapping shifts
    overlapping_rows: np.ndarray  # the rows of the people with overlapping shifts
    roster: _Roster

    @classmethod
    def of(cls, cols: AssignmentColumns, starts: np.ndarray, ends: np.ndarray) -> _People:
        order = _person_order(cols.staff, starts)
        staff = cols.staff[order]
        same = np.empty(len(order), dtype=bool)
        same[:1] = False
        same[1:] = staff[1:] == staff[:-1]
        gaps_us = np.zeros(len(order), dtype=np.int64)
        gaps_us[1:] = starts[order][1:] - ends[order][:-1]
        overlapped = np.isin(staff, staff[same & (gaps_us < 0)])
        rows = order[overlapped]
        roster = _roster(cols, rows, starts[rows], ends[rows])
        return cls(cols, order, gaps_us, same, overlapped, rows, roster)

    def rest_violations(self, minimum_rest: timedelta) -> list[RestViolation]:
        _check_minimum_rest(minimum_rest)
        short = np.flatnonzero(self.same & (self.gaps_us >= 0) & (self.gaps_us < round(minimum_rest / _US)))
        short = short[~self.overlapped[short]]
        rows = self.cols.rows
        found: list[_Rest] = []
        for i in short.tolist():
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
        overlapping_rows: np.ndarray,
        start: datetime,
        end: datetime,
    ) -> None:
        self.cols, self.starts, self.ends, self.overlapping_rows = cols, starts, ends, overlapping_rows
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
        self.coverage_keys = [CoverageKey(*key) for key in self.keys]
        self._memberships()
        steps = self._steps(by_key, peak_starts, peak_ends)
        points = self._points(steps)
        return self._timeline(points), self._gaps(points, steps)

    def _memberships(self) -> None:
        """The (key, weight) memberships: one per run of consecutive rows alike in key, start and
        end (a shift's rows, most often) and key it counts for, weighted by its people (all of
        them, and the qualified ones), plus one per row for the sites a row covers. A run is
        known by its first row; ``run_people`` gives its length there (0 elsewhere)."""
        cols, index, n = self.cols, self.index, len(self.cols.rows)
        new_run = np.ones(n, dtype=bool)
        new_run[1:] = (cols.key[1:] != cols.key[:-1]) | (self.starts[1:] != self.starts[:-1])
        new_run[1:] |= self.ends[1:] != self.ends[:-1]
        runs = np.flatnonzero(new_run)
        runs_people = np.diff(np.append(runs, n))
        self.run_people = np.zeros(n, np.int64)
        self.run_people[runs] = runs_people
        runs_qualified = np.add.reduceat(cols.qualified, runs, dtype=np.int64) if n else runs_people
        own = np.array([index.get(k, -1) for k in cols.keys], dtype=np.int64)
        whole = np.array(
            [index.get((k[0], None, k[2]), -1) if k[1] is not None else -1 for k in cols.keys], dtype=np.int64
        )
        self.own_key, self.whole_key = own[cols.key], whole[cols.key]
        own_key, whole_key = self.own_key[runs], self.whole_key[runs]
        self.extra_keys, self.extra_rows = extra_keys, extra_rows = self._covered()
        has_own, has_whole = own_key >= 0, whole_key >= 0
        self.mem_key = np.concatenate((own_key[has_own], whole_key[has_whole], extra_keys))
        self.mem_row = np.concatenate((runs[has_own], runs[has_whole], extra_rows))
        self.mem_run = np.r_[np.ones(len(self.mem_row) - len(extra_rows), bool), np.zeros(len(extra_rows), bool)]
        self.mem_people = np.concatenate(
            (runs_people[has_own], runs_people[has_whole], np.ones(len(extra_rows), np.int64))
        )
        self.mem_qualified = np.concatenate(
            (runs_qualified[has_own], runs_qualified[has_whole], cols.qualified[extra_rows].astype(np.int64))
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
        """The reference's corrections for a person on overlapping shifts of one key, as
        events: their raw intervals taken out, the union of them put in (people present, and
        qualified people among them).

        Sorted by (key, person, start), a group has two overlapping shifts iff two neighbours
        overlap (a shift that overlaps a later one overlaps the one right after it); any other
        group's corrections sum to nothing, so only those few groups are corrected."""
        cols, rows = self.cols, self.overlapping_rows
        extra = np.isin(self.extra_rows, rows)
        key = np.concatenate((self.own_key[rows], self.whole_key[rows], self.extra_keys[extra]))
        row = np.concatenate((rows, rows, self.extra_rows[extra]))
        row, key = row[key >= 0], key[key >= 0]
        if not len(row):
            return key, key, key, key
        staff, starts = cols.staff[row], self.starts[row]
        order = np.lexsort((starts, staff, key))
        row, key, staff, starts = row[order], key[order], staff[order], starts[order]
        new_group = np.r_[True, (key[1:] != key[:-1]) | (staff[1:] != staff[:-1])]
        overlaps = np.r_[False, ~new_group[1:] & (starts[1:] < self.ends[row][:-1])]
        group = np.cumsum(new_group)
        flagged = np.isin(group, group[overlaps])
        row, key, group = row[flagged], key[flagged], group[flagged]
        everyone = _union_fix(key, group, self.starts[row], self.ends[row])
        qualified = cols.qualified[row]
        only = _union_fix(key[qualified], group[qualified], self.starts[row][qualified], self.ends[row][qualified])
        return (
            np.concatenate((everyone[0], only[0])),
            np.concatenate((everyone[1], only[1])),
            np.concatenate((everyone[2], np.zeros(len(only[2]), np.int64))),
            np.concatenate((np.zeros(len(everyone[2]), np.int64), only[2])),
        )

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
        return {key: segments[bounds[k] : bounds[k + 1]] for k, key in enumerate(self.coverage_keys)}

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
        # The reference's order (start, key, end); keys are numbered in their sort order.
        result = []
        for i in np.lexsort((ends, p.key[starts], p.t[starts])).tolist():
            g = gaps[i]
            required, actual, missing_qualification, peak = g.shape
            result.append(
                Gap(
                    self.coverage_keys[g.key],
                    self.at(g.start),
                    self.at(g.end),
                    required,
                    actual,
                    missing_qualification,
                    peak,
                    tuple(sorted(g.requirement_ids)),
                    tuple(sorted(causes[i])),
                )
            )
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
        hits = []
        for times, wanted in ((self.ends[rows], opened), (self.starts[rows], closed)):
            members = np.flatnonzero((times >= 0) & (times <= self.span))
            combined = keys[members] * m + times[members]
            hit = np.isin(combined, np.fromiter(wanted, np.int64, len(wanted)))
            hits.append((members[hit], combined[hit], wanted))
        ids_of = self._cause_ids(np.concatenate([members for members, _, _ in hits]))
        done = 0
        for _, points, wanted in hits:
            for point, ids in zip(points.tolist(), ids_of[done : done + len(points)], strict=True):
                for i in wanted[point]:
                    causes[i].update(ids)
            done += len(points)
        # The unqualified rows of each key against its gaps: a key's gaps are disjoint and in
        # order, so those a row overlaps are one run, found by two binary searches (offsets
        # clipped to the range change no answer: gaps lie inside it).
        unqualified = np.flatnonzero(~self.cols.qualified)
        covering = ~self.cols.qualified[self.extra_rows]
        key = np.concatenate((self.own_key[unqualified], self.whole_key[unqualified], self.extra_keys[covering]))
        row = np.concatenate((unqualified, unqualified, self.extra_rows[covering]))
        row, key = row[key >= 0], key[key >= 0]
        gap_key = np.fromiter((g.key for g in gaps), np.int64, len(gaps)) * m
        gap_starts = gap_key + np.fromiter((g.start for g in gaps), np.int64, len(gaps))
        gap_ends = gap_key + np.fromiter((g.end for g in gaps), np.int64, len(gaps))
        first = np.searchsorted(gap_ends, key * m + np.clip(self.starts[row], 0, self.span), side="right")
        stop = np.searchsorted(gap_starts, key * m + np.clip(self.ends[row], 0, self.span), side="left")
        some = stop > first
        for r, lo, hi in zip(row[some].tolist(), first[some].tolist(), stop[some].tolist(), strict=True):
            ids = assignments[r].cause_event_ids
            for i in range(lo, hi):
                causes[i].update(ids)
        return causes

    def _cause_ids(self, members: np.ndarray) -> list[Iterable[str]]:
        """The cause event ids of the rows each of these memberships stands for (a run of alike
        rows, or the one covering row), read once per run."""
        assignments = self.cols.rows
        run = self.mem_run[members]
        of_member = self.mem_row[members]
        runs, which = np.unique(of_member[run], return_inverse=True)
        found: list[Iterable[str]] = [
            set().union(*map(_CAUSES, assignments[lo : lo + count]))
            for lo, count in zip(runs.tolist(), self.run_people[runs].tolist(), strict=True)
        ]
        found += map(_CAUSES, map(assignments.__getitem__, of_member[~run].tolist()))
        pick = np.empty(len(members), np.int64)
        pick[run] = which
        pick[~run] = np.arange(len(runs), len(found))
        return list(map(found.__getitem__, pick.tolist()))


def _union_fix(
    key: np.ndarray, group: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key, offset, change) events that take out each interval and put in the union of each
    group's intervals (rows sorted by group then start; a group lies in one key). Intervals
    that overlap or touch merge, as ``windows._union`` merges them."""
    n = len(key)
    if not n:
        return key, starts, np.zeros(0, np.int64)
    new_group = np.r_[True, group[1:] != group[:-1]]
    # Latest end so far in the group: a running maximum of the ends' ranks, each group's
    # ranks lifted above those of the groups before it (no overflow: all below n²).
    distinct, rank = np.unique(ends, return_inverse=True)
    lift = (np.cumsum(new_group) - 1) * n
    latest = distinct[np.maximum.accumulate(lift + rank) - lift]
    opens = new_group.copy()
    opens[1:] |= starts[1:] > latest[:-1]
    union_starts = np.flatnonzero(opens)
    union_ends = latest[np.append(union_starts[1:], n) - 1]
    ones = np.ones(n, np.int64)
    count = len(union_starts)
    return (
        np.concatenate((key, key, key[union_starts], key[union_starts])),
        np.concatenate((starts, ends, starts[union_starts], union_ends)),
        np.concatenate((-ones, ones, np.ones(count, np.int64), -np.ones(count, np.int64))),
    )


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
