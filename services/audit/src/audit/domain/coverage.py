"""Coverage engine: from a campaign's requirements and shifts to proof of coverage.

Pure functions of values — no I/O, no clock — so that what an inspector is shown
can be recomputed from the same inputs at any time and give the same answer.

Rules, in one place:

* **Instants** are timezone-aware ``datetime``\\ s, normalised to UTC; a naive
  datetime is refused with ``ValueError``. Every interval is half-open
  ``[start, end)``: ``[a, b)`` and ``[b, c)`` neither overlap nor leave a gap.
* **Daily windows** are wall-clock times in Asia/Ho_Chi_Minh (UTC+7) and are
  expanded into one UTC interval per local day from ``first_day`` to
  ``last_day``. ``end_local <= start_local`` means the window ends on the next
  day; ``00:00``–``00:00`` is therefore the whole day.
* **Keys.** Coverage is judged per :class:`CoverageKey` (enterprise, site,
  duty type) for which at least one requirement exists. A key with
  ``site_id=None`` is the enterprise as a whole: every assignment of that
  enterprise and duty type counts, whatever its site. A key with a site counts
  the assignments at that site and those that cover it (``covers_site_ids``: one
  patrol round for several border sites counts at each of them, and once for the
  enterprise as a whole).
* **Required headcount** at an instant is the *maximum* of the requirements of
  the key in force then (several overlapping rules never add up — each is a
  floor on its own). Inside a :class:`PeakWindow` a requirement's
  ``peak_minimum``, when set, replaces its ``minimum``.
* **Actual headcount** is the number of *distinct people* on a qualified
  assignment of the key. Someone booked twice at once for the same key counts
  once (the double booking is reported separately). Assignments with
  ``qualified=False`` do not count.
* **Gaps** are the maximal intervals in which actual < required and in which
  ``required``, ``actual``, ``missing_qualification`` and ``peak`` are all
  constant. ``missing_qualification`` is true when, throughout the gap, someone
  is on duty for the key without the qualification (they would have counted
  had they held it).
* **Causes of a gap** (``cause_event_ids``), sorted and without duplicates, are
  the ``cause_event_ids`` of the key's assignments (qualified or not) that

  1. end exactly at the gap's start (the person who left opened it), or
  2. start exactly at the gap's end (the person whose late start made it), or
  3. are ``qualified=False`` and overlap the gap (the unqualified stand-in).

  A gap opened by a requirement's window or a peak starting, or by a shift
  that was cancelled (and so is absent from the input), may have no cause.
* **Double bookings** are pairs of one person's assignments that overlap, over
  all enterprises and sites. **Rest violations**: for each assignment of a
  person that does not overlap an earlier one, the rest is the time since the
  latest end among that person's earlier assignments; less than
  ``minimum_rest`` (8 h by default; exactly 8 h is fine) is a violation,
  back-to-back shifts included (rest 0).

The algorithm is an event-point sweep: per key, headcount changes are counted
per boundary instant (hash maps filled by C-level loops), the distinct
boundaries are sorted, and one pass over them yields the timeline and the
gaps. People are grouped first, their few shifts sorted, so that the rare
person with overlapping shifts is found at once and corrected for (counted
once), and double bookings and rest violations come from the same grouping.
O(n log n) overall; a million assignments take a few seconds
(``bench/bench_coverage.py``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain, compress, islice, repeat
from operator import attrgetter, gt, sub
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_MINIMUM_REST",
    "LOCAL_TZ",
    "Assignment",
    "CoverageKey",
    "CoverageReport",
    "DailyWindow",
    "DoubleBooking",
    "Gap",
    "OneOffWindow",
    "PeakWindow",
    "Requirement",
    "RestViolation",
    "Segment",
    "analyse",
    "coverage_timeline",
    "expand_window",
    "find_double_bookings",
    "find_gaps",
    "find_rest_violations",
    "timeline_and_gaps",
]

UTC = UTC
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
"""The zone daily windows are written in (UTC+7, no daylight saving)."""

DEFAULT_MINIMUM_REST = timedelta(hours=8)
"""Rest a person must have between two shifts unless the caller says otherwise."""

_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_START = attrgetter("start")
_END = attrgetter("end")
_CHRONOLOGICAL = attrgetter("start", "end", "shift_id")
_STAFF = attrgetter("staff_id")
_BUCKET = attrgetter("enterprise_id", "site_id", "duty_type", "qualified")
_COVERS = attrgetter("covers_site_ids")


def _as_utc(value: object, what: str) -> datetime:
    """Return ``value`` as an aware UTC datetime, or say what is wrong with it."""
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} is a naive datetime ({value.isoformat()}); give a timezone-aware "
            "instant, e.g. datetime(2027, 2, 5, 17, 0, tzinfo=timezone.utc)"
        )
    # The common case costs nothing; other aware zones are converted so that
    # every instant the engine hands back is in UTC.
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _check_range(start: object, end: object, what: str) -> tuple[datetime, datetime]:
    start_utc = _as_utc(start, f"{what}.start")
    end_utc = _as_utc(end, f"{what}.end")
    if end_utc <= start_utc:
        raise ValueError(f"{what} must end after it starts (start={start_utc}, end={end_utc})")
    return start_utc, end_utc


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class OneOffWindow:
    """A requirement window given as one UTC interval ``[start, end)``."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        start, end = _check_range(self.start, self.end, "OneOffWindow")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@dataclass(frozen=True, slots=True)
class DailyWindow:
    """A window recurring every local day from ``first_day`` to ``last_day`` inclusive.

    Times are wall-clock times in Asia/Ho_Chi_Minh. ``end_local <= start_local``
    means the window ends the next day (22:00–06:00); 00:00–00:00 is all day.
    The dates are the local days on which the window *starts*.
    """

    start_local: time
    end_local: time
    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        for name in ("start_local", "end_local"):
            value = getattr(self, name)
            if not isinstance(value, time):
                raise TypeError(f"DailyWindow.{name} must be a datetime.time, not {type(value).__name__}")
            if value.tzinfo is not None:
                raise ValueError(f"DailyWindow.{name} must be a wall-clock time in Asia/Ho_Chi_Minh without tzinfo")
        for name in ("first_day", "last_day"):
            value = getattr(self, name)
            # datetime is a subclass of date; a datetime here is a caller mix-up.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"DailyWindow.{name} must be a datetime.date, not {type(value).__name__}")
        if self.last_day < self.first_day:
            raise ValueError(f"DailyWindow.last_day ({self.last_day}) is before first_day ({self.first_day})")


@dataclass(frozen=True, slots=True)
class PeakWindow:
    """A campaign-wide peak ``[start, end)`` (e.g. giao thừa) where peak minimums apply."""

    start: datetime
    end: datetime
    name: str

    def __post_init__(self) -> None:
        start, end = _check_range(self.start, self.end, f"PeakWindow {self.name!r}")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@dataclass(frozen=True, slots=True)
class CoverageKey:
    """What coverage is judged for: an enterprise (``site_id=None``: as a whole) or
    one of its sites, and a duty type."""

    enterprise_id: str
    site_id: str | None
    duty_type: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """At least ``minimum`` people (``peak_minimum`` inside peak windows, when set)
    of a duty type on duty for an enterprise or site during ``window``."""

    requirement_id: str
    enterprise_id: str
    site_id: str | None
    duty_type: str
    minimum: int
    peak_minimum: int | None
    window: OneOffWindow | DailyWindow

    def __post_init__(self) -> None:
        if isinstance(self.minimum, bool) or not isinstance(self.minimum, int) or self.minimum < 0:
            raise ValueError(
                f"Requirement {self.requirement_id}: minimum must be a whole number >= 0, got {self.minimum!r}"
            )
        if self.peak_minimum is not None and (
            isinstance(self.peak_minimum, bool) or not isinstance(self.peak_minimum, int) or self.peak_minimum < 0
        ):
            raise ValueError(
                f"Requirement {self.requirement_id}: peak_minimum must be None or a whole number >= 0, "
                f"got {self.peak_minimum!r}"
            )
        if not isinstance(self.window, (OneOffWindow, DailyWindow)):
            raise TypeError(f"Requirement {self.requirement_id}: window must be a OneOffWindow or a DailyWindow")

    @property
    def key(self) -> CoverageKey:
        """The key this requirement is judged under."""
        return CoverageKey(self.enterprise_id, self.site_id, self.duty_type)


@dataclass(frozen=True, slots=True)
class Assignment:
    """One person on one shift that counts (published, checked in or completed).

    Cancelled shifts are left out by the caller. ``qualified=False``: the person
    lacks the qualification the duty type demands and is not counted.
    ``cause_event_ids`` are the ids of the events that put this assignment in
    its present shape (planned, swapped, moved...), quoted as causes of gaps.
    ``covers_site_ids``: further sites of the enterprise where it counts too.
    """

    shift_id: str
    enterprise_id: str
    site_id: str | None
    duty_type: str
    staff_id: str
    start: datetime
    end: datetime
    qualified: bool = True
    cause_event_ids: tuple[str, ...] = ()
    covers_site_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        what = f"Assignment of {self.staff_id} to shift {self.shift_id}"
        start = _as_utc(self.start, f"{what}: start")
        end = _as_utc(self.end, f"{what}: end")
        if end <= start:
            raise ValueError(f"{what} must end after it starts (start={start}, end={end})")
        if start is not self.start:
            object.__setattr__(self, "start", start)
        if end is not self.end:
            object.__setattr__(self, "end", end)
        if type(self.cause_event_ids) is not tuple:
            if isinstance(self.cause_event_ids, str):
                raise TypeError(f"{what}: cause_event_ids must be a tuple of ids, not one string")
            object.__setattr__(self, "cause_event_ids", tuple(self.cause_event_ids))


# -------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch ``[start, end)`` of a key's timeline with constant required and
    actual headcount. A key's segments tile the analysed range without gaps."""

    start: datetime
    end: datetime
    required: int
    actual: int

    @property
    def shortfall(self) -> int:
        """People missing (0 when covered)."""
        return max(self.required - self.actual, 0)


@dataclass(frozen=True, slots=True)
class Gap:
    """An interval in which a key had fewer qualified people on duty than required.

    ``requirement_ids`` are the requirements breached somewhere in the gap (their
    own minimum exceeds ``actual``); for ``cause_event_ids`` see the module doc.
    """

    key: CoverageKey
    start: datetime
    end: datetime
    required: int
    actual: int
    missing_qualification: bool
    peak: bool
    requirement_ids: tuple[str, ...]
    cause_event_ids: tuple[str, ...]

    @property
    def missing(self) -> int:
        """How many people short."""
        return self.required - self.actual

    @property
    def duration(self) -> timedelta:
        """How long the gap lasted."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class DoubleBooking:
    """One person on two overlapping shifts (any enterprises, any sites).

    ``first_shift_id`` is the shift that starts first (then ends first, then by id).
    """

    staff_id: str
    first_shift_id: str
    second_shift_id: str
    overlap_start: datetime
    overlap_end: datetime


@dataclass(frozen=True, slots=True)
class RestViolation:
    """Too little rest between the end of one shift and the start of the person's next."""

    staff_id: str
    first_shift_id: str
    second_shift_id: str
    rest: timedelta
    minimum_rest: timedelta


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Everything :func:`analyse` finds for a campaign over ``[start, end)``.

    ``peak_understaffing`` is the subset of ``gaps`` with ``peak=True``. The
    containers are the engine's own; treat them as read-only.
    """

    start: datetime
    end: datetime
    timeline: dict[CoverageKey, list[Segment]]
    gaps: list[Gap]
    peak_understaffing: list[Gap]
    double_bookings: list[DoubleBooking]
    rest_violations: list[RestViolation]


# ------------------------------------------------------------------------- windows


def expand_window(
    window: OneOffWindow | DailyWindow, *, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The concrete UTC intervals of ``window`` that fall in ``[start, end)``, clipped
    to it, in chronological order."""
    start, end = _check_range(start, end, "analysis range")
    if isinstance(window, OneOffWindow):
        lo, hi = max(window.start, start), min(window.end, end)
        return [(lo, hi)] if lo < hi else []
    if not isinstance(window, DailyWindow):
        raise TypeError(f"window must be a OneOffWindow or a DailyWindow, not {type(window).__name__}")
    # Only the local days that can reach the range are expanded, so a window
    # declared over years costs no more than the range itself. A window starts
    # at most one day before its end, hence the day of margin.
    day = max(window.first_day, start.astimezone(LOCAL_TZ).date() - _ONE_DAY)
    last = min(window.last_day, end.astimezone(LOCAL_TZ).date())
    crosses_midnight = window.end_local <= window.start_local
    intervals = []
    while day <= last:
        lo = datetime.combine(day, window.start_local, tzinfo=LOCAL_TZ).astimezone(UTC)
        end_day = day + _ONE_DAY if crosses_midnight else day
        hi = datetime.combine(end_day, window.end_local, tzinfo=LOCAL_TZ).astimezone(UTC)
        lo, hi = max(lo, start), min(hi, end)
        if lo < hi:
            intervals.append((lo, hi))
        day += _ONE_DAY
    return intervals


def _union(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Merge overlapping or touching intervals into disjoint sorted ones."""
    merged: list[list[datetime]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


# -------------------------------------------------------------- the roster, indexed


@dataclass(slots=True)
class _Roster:
    """The assignments regrouped once, shared by every analysis of :func:`analyse`."""

    # staff_id -> that person's assignments in chronological order
    by_staff: dict[str, list[Assignment]]
    # (enterprise, site, duty, qualified) -> assignments, in input order
    by_bucket: dict[tuple[str, str | None, str, bool], list[Assignment]]
    # people with at least two overlapping assignments, sorted
    overlapping_staff: list[str]
    # (enterprise, covered site, duty, qualified) -> assignments covering that site from another one
    covering: dict[tuple[str, str, str, bool], list[Assignment]]


def _index(assignments: Iterable[Assignment], *, with_buckets: bool = True) -> _Roster:
    if not isinstance(assignments, (list, tuple)):
        assignments = list(assignments)
    by_staff: defaultdict[str, list[Assignment]] = defaultdict(list)
    by_bucket: defaultdict[tuple[str, str | None, str, bool], list[Assignment]] = defaultdict(list)
    # The one Python-level loop over every assignment: the grouping keys are
    # read by attrgetter in C, leaving one or two appends per assignment.
    if with_buckets:
        for a, staff_id, bucket in zip(assignments, map(_STAFF, assignments), map(_BUCKET, assignments), strict=False):
            by_staff[staff_id].append(a)
            by_bucket[bucket].append(a)
    else:
        for a, staff_id in zip(assignments, map(_STAFF, assignments), strict=False):
            by_staff[staff_id].append(a)
    overlapping = []
    for staff_id, shifts in by_staff.items():
        if len(shifts) > 1:
            # Sorting by start alone compares datetimes only, which is fast; it
            # is enough when the shifts are disjoint (no two share a start).
            shifts.sort(key=_START)
            # Sorted by start, the shifts are pairwise disjoint iff each one ends
            # by the time the next starts; map(gt, ...) checks that at C speed.
            if any(map(gt, map(_END, shifts), map(_START, islice(shifts, 1, None)))):
                shifts.sort(key=_CHRONOLOGICAL)  # ties are possible: make the order total
                _refuse_duplicates(staff_id, shifts)
                overlapping.append(staff_id)
    overlapping.sort()
    covering: defaultdict[tuple[str, str, str, bool], list[Assignment]] = defaultdict(list)
    if with_buckets:
        for a in compress(assignments, map(_COVERS, assignments)):  # the few that cover further sites
            for site in dict.fromkeys(a.covers_site_ids):
                if site != a.site_id:
                    covering[a.enterprise_id, site, a.duty_type, a.qualified].append(a)
    return _Roster(dict(by_staff), dict(by_bucket), overlapping, dict(covering))


def _refuse_duplicates(staff_id: str, shifts: list[Assignment]) -> None:
    """A person given twice for one shift would be double-booked with themselves:
    that is a caller's bug, and every analysis says so the same way."""
    latest_end: dict[str, datetime] = {}  # shift id -> latest end so far (shifts are chronological)
    for a in shifts:
        end = latest_end.get(a.shift_id)
        if end is not None and end > a.start:
            raise ValueError(
                f"{staff_id} is assigned twice to shift {a.shift_id} at overlapping times; "
                "pass each person's assignment to a shift once"
            )
        latest_end[a.shift_id] = a.end if end is None else max(end, a.end)


# ------------------------------------------------------------------ double bookings


def _double_bookings(roster: _Roster) -> list[DoubleBooking]:
    found = []
    # People without overlapping shifts (nearly everyone) need no look at all.
    for staff_id in roster.overlapping_staff:
        running: list[Assignment] = []  # earlier shifts not yet over
        for later in roster.by_staff[staff_id]:
            running = [a for a in running if a.end > later.start]
            for earlier in running:
                overlap_end = min(earlier.end, later.end)
                found.append(DoubleBooking(staff_id, earlier.shift_id, later.shift_id, later.start, overlap_end))
            running.append(later)
    found.sort(key=lambda d: (d.overlap_start, d.staff_id, d.first_shift_id, d.second_shift_id, d.overlap_end))
    return found


def find_double_bookings(assignments: Iterable[Assignment]) -> list[DoubleBooking]:
    """Every pair of one person's assignments that overlap, across all enterprises
    and sites, sorted by overlap start, person and shift ids.

    Touching shifts (one ends when the other starts) are not double bookings.
    Raises ``ValueError`` if a person is given twice for the same shift at
    overlapping times (as do all the analyses).
    """
    return _double_bookings(_index(assignments, with_buckets=False))


# ------------------------------------------------------------------ rest violations


def _rest_violations(roster: _Roster, minimum_rest: timedelta) -> list[RestViolation]:
    if not isinstance(minimum_rest, timedelta) or minimum_rest < _ZERO:
        raise ValueError(f"minimum_rest must be a timedelta >= 0, got {minimum_rest!r}")
    overlapping = set(roster.overlapping_staff)
    found = []  # (second start, staff, first, second, rest)
    for staff_id, shifts in roster.by_staff.items():
        if len(shifts) < 2:
            continue
        if staff_id not in overlapping:
            # Disjoint and sorted: the rests are the pauses between neighbours,
            # and most people have none too short — find that out in C.
            if min(map(sub, map(_START, islice(shifts, 1, None)), map(_END, shifts))) >= minimum_rest:
                continue
        latest = shifts[0]  # the earlier shift that ends last
        for shift in islice(shifts, 1, None):
            rest = shift.start - latest.end
            if rest < _ZERO:  # overlaps: a double booking, not a rest problem
                if shift.end >= latest.end:
                    latest = shift
                continue
            if rest < minimum_rest:
                found.append((shift.start, staff_id, latest.shift_id, shift.shift_id, rest))
            latest = shift
    found.sort()
    return [RestViolation(staff, first, second, rest, minimum_rest) for _, staff, first, second, rest in found]


def find_rest_violations(
    assignments: Iterable[Assignment], minimum_rest: timedelta = DEFAULT_MINIMUM_REST
) -> list[RestViolation]:
    """Shifts that start less than ``minimum_rest`` after the person's previous shift
    ended, across all enterprises and sites, in chronological order.

    Rest is counted from the latest end among the person's earlier shifts;
    exactly ``minimum_rest`` is enough, back-to-back shifts have rest 0.
    Overlapping shifts are double bookings and are not reported here.
    """
    return _rest_violations(_index(assignments, with_buckets=False), minimum_rest)


# ---------------------------------------------------------------------- the sweep


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


def _sweep(
    requirements: Iterable[Requirement],
    roster: _Roster,
    peaks: Iterable[PeakWindow],
    start: datetime,
    end: datetime,
) -> tuple[dict[CoverageKey, list[Segment]], list[Gap]]:
    start, end = _check_range(start, end, "analysis range")
    span = end - start
    by_key: defaultdict[tuple[str, str | None, str], list[tuple[_Offset, _Offset, Requirement]]] = defaultdict(list)
    for req in requirements:
        if not isinstance(req, Requirement):
            raise TypeError(f"requirements must hold Requirement values, not {type(req).__name__}")
        intervals = by_key[req.enterprise_id, req.site_id, req.duty_type]
        for lo, hi in expand_window(req.window, start=start, end=end):
            intervals.append((lo - start, hi - start, req))
    peaks = list(peaks)
    for peak in peaks:
        if not isinstance(peak, PeakWindow):
            raise TypeError(f"peaks must hold PeakWindow values, not {type(peak).__name__}")
    peak_spans = _union((p.start - start, p.end - start) for p in peaks)
    peak_starts = [lo for lo, _ in peak_spans]
    peak_ends = [hi for _, hi in peak_spans]

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
