"""The assignments indexed by person (and by bucket, for the sweep): double bookings and
rest violations come from that one grouping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import compress, islice
from operator import attrgetter, gt, sub

from .values import DEFAULT_MINIMUM_REST, Assignment, DoubleBooking, RestViolation

_ZERO = timedelta(0)
_START = attrgetter("start")
_END = attrgetter("end")
_CHRONOLOGICAL = attrgetter("start", "end", "shift_id")
_STAFF = attrgetter("staff_id")
_BUCKET = attrgetter("enterprise_id", "site_id", "duty_type", "qualified")
_COVERS = attrgetter("covers_site_ids")


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
    _check_minimum_rest(minimum_rest)
    overlapping = set(roster.overlapping_staff)
    found: list[_Rest] = []
    for staff_id, shifts in roster.by_staff.items():
        if len(shifts) < 2:
            continue
        # Disjoint and sorted: the rests are the pauses between neighbours,
        # and most people have none too short — find that out in C.
        if (
            staff_id not in overlapping
            and min(map(sub, map(_START, islice(shifts, 1, None)), map(_END, shifts))) >= minimum_rest
        ):
            continue
        found += _short_rests(staff_id, shifts, minimum_rest)
    return _rest_report(found, minimum_rest)


_Rest = tuple[datetime, str, str, str, timedelta]  # (second start, staff, first shift, second shift, rest)


def _short_rests(staff_id: str, shifts: list[Assignment], minimum_rest: timedelta) -> list[_Rest]:
    """The rests shorter than ``minimum_rest`` of one person's chronological shifts."""
    found = []
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
    return found


def _check_minimum_rest(minimum_rest: timedelta) -> None:
    if not isinstance(minimum_rest, timedelta) or minimum_rest < _ZERO:
        raise ValueError(f"minimum_rest must be a timedelta >= 0, got {minimum_rest!r}")


def _rest_report(found: list[_Rest], minimum_rest: timedelta) -> list[RestViolation]:
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
