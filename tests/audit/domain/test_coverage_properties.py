"""Coverage engine against a plain minute-by-minute reference, on random rosters.

The reference below is written for obviousness, not speed: for every minute of
the range it asks who is on duty and what is required, straight from the
definitions in the engine's module doc. It shares no code with the engine (it
even does its own local-time arithmetic, UTC+7 having no daylight saving).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations, pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.domain.coverage import (
    Assignment,
    CoverageKey,
    DailyWindow,
    OneOffWindow,
    PeakWindow,
    Requirement,
    analyse,
)
from support import examples

MINUTE = timedelta(minutes=1)
LOCAL_OFFSET = timedelta(hours=7)
# 36 hours around giao thừa Đinh Mùi: from 13:00 on 30 Tết to 01:00 on mùng 2, local.
RANGE_START = datetime(2027, 2, 5, 6, 0, tzinfo=UTC)
RANGE_MINUTES = 36 * 60
RANGE_END = RANGE_START + RANGE_MINUTES * MINUTE
LOCAL_DAYS = [date(2027, 2, 4) + timedelta(days=i) for i in range(4)]

ENTERPRISES = ["vnpt", "viettel"]
SITES = [None, "noc", "bts"]
DUTIES = ["operations", "leadership"]
STAFF = ["an", "binh", "chi", "dung", "em"]

PROPERTY_SETTINGS = settings(
    max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def at(minute: int) -> datetime:
    return RANGE_START + minute * MINUTE


# Boundaries fall on whole hours half of the time so that shifts touch, start
# together and meet requirement edges often; otherwise on any minute.
minutes = st.one_of(
    st.integers(-6, RANGE_MINUTES // 60 + 6).map(lambda h: h * 60),
    st.integers(-360, RANGE_MINUTES + 360),
)
wall_times = st.one_of(
    st.integers(0, 23).map(lambda h: time(h)),
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
)


@st.composite
def intervals(draw) -> tuple[int, int]:
    start = draw(minutes)
    length = draw(st.one_of(st.integers(1, 12).map(lambda h: h * 60), st.integers(1, 24 * 60)))
    return start, start + length


@st.composite
def assignments(draw) -> list[Assignment]:
    count = draw(st.integers(0, 9))
    made = []
    for i in range(count):
        start, end = draw(intervals())
        made.append(
            Assignment(
                shift_id=f"sh{i}",
                enterprise_id=draw(st.sampled_from(ENTERPRISES[:1] * 3 + ENTERPRISES)),
                site_id=draw(st.sampled_from(SITES)),
                duty_type=draw(st.sampled_from(DUTIES[:1] * 3 + DUTIES)),
                staff_id=draw(st.sampled_from(STAFF)),
                start=at(start),
                end=at(end),
                qualified=draw(st.sampled_from([True, True, True, False])),
                cause_event_ids=tuple(draw(st.sets(st.sampled_from(["e1", "e2", "e3", f"own{i}"]), max_size=2))),
            )
        )
    return made


@st.composite
def requirements(draw) -> list[Requirement]:
    count = draw(st.integers(0, 4))
    made = []
    for i in range(count):
        if draw(st.booleans()):
            start, end = draw(intervals())
            window: OneOffWindow | DailyWindow = OneOffWindow(at(start), at(end))
        else:
            first = draw(st.sampled_from(LOCAL_DAYS))
            last = draw(st.sampled_from([d for d in LOCAL_DAYS if d >= first]))
            window = DailyWindow(draw(wall_times), draw(wall_times), first, last)
        minimum = draw(st.integers(0, 3))
        made.append(
            Requirement(
                requirement_id=f"req{i}",
                enterprise_id=draw(st.sampled_from(ENTERPRISES[:1] * 3 + ENTERPRISES)),
                site_id=draw(st.sampled_from(SITES)),
                duty_type=draw(st.sampled_from(DUTIES[:1] * 3 + DUTIES)),
                minimum=minimum,
                peak_minimum=draw(st.one_of(st.none(), st.integers(0, 4))),
                window=window,
                in_force_from=draw(st.one_of(st.none(), minutes.map(at))),
                in_force_until=draw(st.one_of(st.none(), minutes.map(at))),
            )
        )
    return made


@st.composite
def peaks(draw) -> list[PeakWindow]:
    spans = draw(st.lists(intervals(), max_size=2))
    return [PeakWindow(at(s), at(e), f"peak{i}") for i, (s, e) in enumerate(spans)]


# ------------------------------------------------------------------ the reference


def minute_of(instant: datetime) -> int:
    return (instant - RANGE_START) // MINUTE


def requirement_minutes(req: Requirement) -> list[tuple[int, int]]:
    """The requirement's window as [start, end) minute pairs (may exceed the range)."""
    window = req.window
    if isinstance(window, OneOffWindow):
        return [(minute_of(window.start), minute_of(window.end))]
    spans = []
    day = window.first_day
    while day <= window.last_day:
        local_start = datetime.combine(day, window.start_local)
        end_day = day + timedelta(days=1) if window.end_local <= window.start_local else day
        local_end = datetime.combine(end_day, window.end_local)
        to_utc = lambda local: (local - LOCAL_OFFSET).replace(tzinfo=UTC)  # noqa: E731
        spans.append((minute_of(to_utc(local_start)), minute_of(to_utc(local_end))))
        day += timedelta(days=1)
    return spans


def matches(key: tuple, a: Assignment) -> bool:
    enterprise, site, duty = key
    return a.enterprise_id == enterprise and a.duty_type == duty and (site is None or a.site_id == site)


def reference(reqs: list[Requirement], roster: list[Assignment], peak_windows: list[PeakWindow]):
    """Per key, per minute: (required, actual, unqualified on duty, peak, breached requirement ids)."""
    in_peak = [False] * RANGE_MINUTES
    for p in peak_windows:
        for m in range(max(minute_of(p.start), 0), min(minute_of(p.end), RANGE_MINUTES)):
            in_peak[m] = True
    keys = {(r.enterprise_id, r.site_id, r.duty_type) for r in reqs}
    result = {}
    for key in keys:
        # Paint every minute of the range with who is on duty and what is in force.
        qualified = defaultdict(set)
        anyone = defaultdict(set)
        for a in roster:
            if matches(key, a):
                for m in range(max(minute_of(a.start), 0), min(minute_of(a.end), RANGE_MINUTES)):
                    anyone[m].add(a.staff_id)
                    if a.qualified:
                        qualified[m].add(a.staff_id)
        in_force = defaultdict(list)
        for r in reqs:
            if (r.enterprise_id, r.site_id, r.duty_type) == key:
                # Only while this version is in force (None: unbounded on that side).
                lo = 0 if r.in_force_from is None else max(minute_of(r.in_force_from), 0)
                hi = RANGE_MINUTES if r.in_force_until is None else min(minute_of(r.in_force_until), RANGE_MINUTES)
                for s, e in requirement_minutes(r):
                    for m in range(max(s, lo), min(e, hi)):
                        peak_minimum = r.peak_minimum if in_peak[m] else None
                        in_force[m].append((r.requirement_id, r.minimum if peak_minimum is None else peak_minimum))
        per_minute = []
        for m in range(RANGE_MINUTES):
            required = max((n for _, n in in_force[m]), default=0)
            actual = len(qualified[m])
            breached = {rid for rid, n in in_force[m] if n > actual}
            per_minute.append((required, actual, anyone[m] != qualified[m], in_peak[m], breached))
        result[CoverageKey(*key)] = per_minute
    return result


def reference_double_bookings(roster: list[Assignment]) -> set[tuple]:
    found = set()
    for a, b in combinations(roster, 2):
        if a.staff_id == b.staff_id and a.start < b.end and b.start < a.end:
            first, second = sorted((a, b), key=lambda x: (x.start, x.end, x.shift_id))
            found.add((a.staff_id, first.shift_id, second.shift_id, max(a.start, b.start), min(a.end, b.end)))
    return found


def reference_rest_violations(roster: list[Assignment], minimum_rest: timedelta) -> set[tuple]:
    found = set()
    order = lambda x: (x.start, x.end, x.shift_id)  # noqa: E731
    for b in roster:
        earlier = [a for a in roster if a.staff_id == b.staff_id and order(a) < order(b)]
        if earlier and all(a.end <= b.start for a in earlier):
            latest_end = max(a.end for a in earlier)
            first = max((a for a in earlier if a.end == latest_end), key=order)
            rest = b.start - latest_end
            if rest < minimum_rest:
                found.add((b.staff_id, first.shift_id, b.shift_id, rest))
    return found


def per_minute_of(segments_or_gaps, value):
    """Expand [start, end) pieces into {minute: value(piece)} over the range."""
    out = {}
    for piece in segments_or_gaps:
        for m in range(minute_of(piece.start), minute_of(piece.end)):
            out[m] = value(piece)
    return out


# ------------------------------------------------------------------ the properties


@PROPERTY_SETTINGS
@given(reqs=requirements(), roster=assignments(), peak_windows=peaks())
def test_sweep_agrees_with_the_minute_by_minute_reference(reqs, roster, peak_windows) -> None:
    report = analyse(reqs, roster, peak_windows, start=RANGE_START, end=RANGE_END)
    expected = reference(reqs, roster, peak_windows)

    # Timeline: same keys; segments tile the range, are maximal, and carry the
    # reference's required and actual headcount at every minute.
    assert set(report.timeline) == set(expected)
    for key, segments in report.timeline.items():
        assert segments[0].start == RANGE_START and segments[-1].end == RANGE_END
        for left, right in pairwise(segments):
            assert left.end == right.start
            assert (left.required, left.actual) != (right.required, right.actual)
        got = per_minute_of(segments, lambda s: (s.required, s.actual))
        assert got == {m: (req, act) for m, (req, act, *_) in enumerate(expected[key])}

    # Gaps: exactly the reference's understaffed minutes, with its headcounts and
    # flags, maximal, and naming the requirements breached within them.
    gaps_by_key = defaultdict(list)
    for g in report.gaps:
        gaps_by_key[g.key].append(g)
    for key, minutes_ in expected.items():
        got = per_minute_of(gaps_by_key[key], lambda g: (g.required, g.actual, g.missing_qualification, g.peak))
        want = {m: (req, act, unq, peak) for m, (req, act, unq, peak, _) in enumerate(minutes_) if act < req}
        assert got == want
        for g in gaps_by_key[key]:
            breached = set().union(*(minutes_[m][4] for m in range(minute_of(g.start), minute_of(g.end))))
            assert g.requirement_ids == tuple(sorted(breached))
        for before, after in pairwise(gaps_by_key[key]):
            if before.end == after.start:
                assert (before.required, before.actual, before.missing_qualification, before.peak) != (
                    after.required,
                    after.actual,
                    after.missing_qualification,
                    after.peak,
                )

    # The report's order is the documented one, and peak understaffing its peak part.
    def documented_order(g):
        return (g.start, g.key.enterprise_id, g.key.site_id is not None, g.key.site_id or "", g.key.duty_type)

    assert report.gaps == sorted(report.gaps, key=documented_order)
    assert report.peak_understaffing == [g for g in report.gaps if g.peak]


@PROPERTY_SETTINGS
@given(reqs=requirements(), roster=assignments(), peak_windows=peaks())
def test_gap_causes_follow_the_documented_rule(reqs, roster, peak_windows) -> None:
    for g in analyse(reqs, roster, peak_windows, start=RANGE_START, end=RANGE_END).gaps:
        key = (g.key.enterprise_id, g.key.site_id, g.key.duty_type)
        causes = set()
        for a in roster:
            if matches(key, a) and (
                a.end == g.start or a.start == g.end or (not a.qualified and a.start < g.end and g.start < a.end)
            ):
                causes.update(a.cause_event_ids)
        assert g.cause_event_ids == tuple(sorted(causes))


@PROPERTY_SETTINGS
@given(roster=assignments(), minimum_rest=st.sampled_from([timedelta(0), timedelta(hours=8), timedelta(hours=11)]))
def test_double_bookings_and_rest_violations_agree_with_brute_force(roster, minimum_rest) -> None:
    report = analyse([], roster, start=RANGE_START, end=RANGE_END, minimum_rest=minimum_rest)

    doubles = [
        (d.staff_id, d.first_shift_id, d.second_shift_id, d.overlap_start, d.overlap_end)
        for d in report.double_bookings
    ]
    assert len(doubles) == len(set(doubles))
    assert set(doubles) == reference_double_bookings(roster)
    assert doubles == sorted(doubles, key=lambda d: (d[3], d[0], d[1], d[2], d[4]))

    rests = [(r.staff_id, r.first_shift_id, r.second_shift_id, r.rest) for r in report.rest_violations]
    assert len(rests) == len(set(rests))
    assert set(rests) == reference_rest_violations(roster, minimum_rest)
    for r in report.rest_violations:
        assert r.minimum_rest == minimum_rest and timedelta(0) <= r.rest < minimum_rest
