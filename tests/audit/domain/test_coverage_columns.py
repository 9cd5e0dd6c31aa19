"""The columnar engine against the reference: `analyse_columns` must give exactly the report
`analyse` gives (the pure-Python sweep, itself checked minute by minute against the
definitions in test_coverage_properties.py), on random rosters shaped like real ones — several
people per shift, patrol rounds covering further sites, unqualified stand-ins, people on
overlapping shifts, rows of one shift that disagree on their times — and on a generated
province."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.domain.coverage import (
    Assignment,
    DailyWindow,
    OneOffWindow,
    PeakWindow,
    Requirement,
    analyse,
)
from audit.domain.coverage.columns import AssignmentColumns, analyse_columns
from support import bench_script, examples

START = datetime(2027, 2, 5, 6, 0, tzinfo=UTC)
HOURS = 36
END = START + timedelta(hours=HOURS)
MINUTE = timedelta(minutes=1)
ENTERPRISES = ["vnpt", "viettel"]
SITES = [None, "noc", "bts", "border-1", "border-2"]
DUTIES = ["operations", "patrol"]
STAFF = ["an", "bình", "chi", "dũng", "em", "giang", "hà"]
DAYS = [date(2027, 2, 4) + timedelta(days=i) for i in range(4)]


def at(minute: int) -> datetime:
    return START + minute * MINUTE


minutes = st.one_of(st.integers(-6, HOURS + 6).map(lambda h: h * 60), st.integers(-360, HOURS * 60 + 360))


@st.composite
def rosters(draw) -> list[Assignment]:
    made: list[Assignment] = []
    for n in range(draw(st.integers(0, 8))):
        start = draw(minutes)
        end = start + draw(st.one_of(st.integers(1, 12).map(lambda h: h * 60), st.integers(1, 24 * 60)))
        enterprise = draw(st.sampled_from(ENTERPRISES))
        site = draw(st.sampled_from(SITES))
        duty = draw(st.sampled_from(DUTIES))
        covers = tuple(draw(st.lists(st.sampled_from(SITES[1:]), max_size=3)))
        causes = tuple(draw(st.sets(st.sampled_from(["e1", "e2", f"own{n}"]), max_size=2)))
        for person in draw(st.lists(st.sampled_from(STAFF), min_size=1, max_size=4, unique=True)):
            lo, hi = start, end
            if draw(st.integers(0, 9)) == 0:  # this row disagrees with its shift's times
                lo, hi = start + 30, end + 90
            made.append(
                Assignment(
                    shift_id=f"shift-{n}",
                    enterprise_id=enterprise,
                    site_id=site,
                    duty_type=duty,
                    staff_id=person,
                    start=at(lo),
                    end=at(hi),
                    qualified=draw(st.sampled_from([True, True, True, False])),
                    cause_event_ids=causes if draw(st.booleans()) else (*causes, f"{person}-{n}"),
                    covers_site_ids=covers,
                )
            )
    return made


@st.composite
def requirements(draw) -> list[Requirement]:
    made = []
    for i in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            lo = draw(minutes)
            window: OneOffWindow | DailyWindow = OneOffWindow(at(lo), at(lo + draw(st.integers(1, 24 * 60))))
        else:
            first = draw(st.sampled_from(DAYS))
            last = draw(st.sampled_from([d for d in DAYS if d >= first]))
            window = DailyWindow(time(draw(st.integers(0, 23))), time(draw(st.integers(0, 23))), first, last)
        made.append(
            Requirement(
                requirement_id=f"req{draw(st.integers(0, i))}",  # one id twice: two versions of a requirement
                enterprise_id=draw(st.sampled_from(ENTERPRISES)),
                site_id=draw(st.sampled_from(SITES)),
                duty_type=draw(st.sampled_from(DUTIES)),
                minimum=draw(st.integers(0, 3)),
                peak_minimum=draw(st.one_of(st.none(), st.integers(0, 4))),
                window=window,
                in_force_from=draw(st.one_of(st.none(), minutes.map(at))),
                in_force_until=draw(st.one_of(st.none(), minutes.map(at))),
            )
        )
    return made


@st.composite
def peaks(draw) -> list[PeakWindow]:
    made = []
    for i in range(draw(st.integers(0, 2))):
        lo = draw(minutes)
        made.append(PeakWindow(at(lo), at(lo + draw(st.integers(1, 12 * 60))), f"peak{i}"))
    return made


def outcome(engine, *args, **kwargs):
    """The report, or the error's type and message: both engines refuse the same input alike."""
    try:
        return engine(*args, **kwargs)
    except ValueError as exc:
        return (type(exc), str(exc))


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reqs=requirements(), roster=rosters(), peak_windows=peaks(), rest_hours=st.integers(0, 12))
def test_the_columnar_engine_gives_the_reference_report(reqs, roster, peak_windows, rest_hours) -> None:
    window = {"start": START, "end": END, "minimum_rest": timedelta(hours=rest_hours)}
    expected = outcome(analyse, reqs, roster, peak_windows, **window)
    got = outcome(analyse_columns, reqs, roster, peak_windows, **window)
    assert got == expected


def _alike_first(a: Assignment) -> tuple[str, str, str, datetime, datetime]:
    return (a.enterprise_id, a.site_id or "", a.duty_type, a.start, a.end)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reqs=requirements(), roster=rosters(), peak_windows=peaks(), order=st.randoms(use_true_random=False))
def test_the_rows_order_does_not_change_the_report(reqs, roster, peak_windows, order) -> None:
    """The engine counts runs of neighbouring rows alike in key, start and end as one: shuffled (a
    shift's rows apart) or sorted (alike rows of different shifts side by side), the rows still
    give the reference's report."""
    shuffled = list(roster)
    order.shuffle(shuffled)
    for rows in (shuffled, sorted(roster, key=_alike_first)):
        expected = outcome(analyse, reqs, rows, peak_windows, start=START, end=END)
        assert outcome(analyse_columns, reqs, rows, peak_windows, start=START, end=END) == expected


def test_two_shifts_alike_in_site_and_times_count_their_people_and_causes_together() -> None:
    """Two shifts of one site with the same times, their rows interleaved: both shifts' people are
    counted, and a gap after them names every row's cause, as the reference does."""
    rows = [
        Assignment("s1", "vnpt", "noc", "operations", "an", at(0), at(60), cause_event_ids=("e1",)),
        Assignment("s2", "vnpt", "noc", "operations", "bình", at(0), at(60), cause_event_ids=("e2",)),
        Assignment("s1", "vnpt", "noc", "operations", "chi", at(0), at(60), cause_event_ids=("e1",)),
        Assignment("s2", "vnpt", "noc", "operations", "dũng", at(0), at(60), qualified=False, cause_event_ids=("e3",)),
    ]
    reqs = [Requirement("r", "vnpt", "noc", "operations", 3, None, OneOffWindow(at(0), at(120)))]
    report = analyse_columns(reqs, rows, start=START, end=END)
    assert report == analyse(reqs, rows, start=START, end=END)
    noc = next(segments for key, segments in report.timeline.items() if key.site_id == "noc")
    assert [(s.start, s.end, s.required, s.actual) for s in noc][:2] == [(at(0), at(60), 3, 3), (at(60), at(120), 3, 0)]
    assert [(g.start, g.end, g.cause_event_ids) for g in report.gaps] == [(at(60), at(120), ("e1", "e2", "e3"))]


@st.composite
def tangled_rosters(draw) -> list[Assignment]:
    """Few people, shifts and times: shifts tied on start and end, overlaps, and people given
    twice for one shift (refused when the times overlap, allowed when they do not)."""
    made: list[Assignment] = []
    for n in range(draw(st.integers(0, 12))):
        lo = draw(st.sampled_from([0, 60, 120, 480]))
        made.append(
            Assignment(
                shift_id=draw(st.sampled_from(["s3", "s1", "s2"])),
                enterprise_id="vnpt",
                site_id=draw(st.sampled_from([None, "noc"])),
                duty_type="operations",
                staff_id=draw(st.sampled_from(["an", "bình", "chi"])),
                start=at(lo),
                end=at(lo + draw(st.sampled_from([60, 120, 480]))),
                qualified=draw(st.booleans()),
                cause_event_ids=(f"e{n}",),
            )
        )
    return made


@settings(max_examples=examples(300), deadline=None)
@given(roster=tangled_rosters(), minimum=st.integers(0, 3), rest_hours=st.integers(0, 12))
def test_tangled_rosters_give_the_reference_report_or_error(roster, minimum, rest_hours) -> None:
    reqs = [
        Requirement("whole", "vnpt", None, "operations", minimum, None, OneOffWindow(at(-60), at(24 * 60))),
        Requirement("noc", "vnpt", "noc", "operations", 1, None, OneOffWindow(at(0), at(12 * 60))),
    ]
    window = {"start": START, "end": END, "minimum_rest": timedelta(hours=rest_hours)}
    assert outcome(analyse_columns, reqs, roster, **window) == outcome(analyse, reqs, roster, **window)


def test_one_person_given_twice_for_one_shift_is_refused_as_the_reference_refuses() -> None:
    twice = [
        Assignment("s2", "vnpt", "noc", "operations", "bình", at(0), at(60)),
        Assignment("s2", "vnpt", "noc", "operations", "bình", at(120), at(180)),  # twice, apart: allowed
        Assignment("s1", "vnpt", "noc", "operations", "an", at(0), at(8 * 60)),
        Assignment("s2", "vnpt", "noc", "operations", "an", at(0), at(8 * 60)),
        Assignment("s1", "vnpt", "noc", "operations", "an", at(4 * 60), at(9 * 60)),
    ]
    with pytest.raises(ValueError, match="an is assigned twice to shift s1"):
        analyse_columns([], twice, start=START, end=END)
    with pytest.raises(ValueError, match="an is assigned twice to shift s1"):
        analyse([], twice, start=START, end=END)
    report = analyse_columns([], twice[:4], start=START, end=END)
    assert report == analyse([], twice[:4], start=START, end=END)
    # Tied on start and end, the shifts go by id: s1 first.
    assert [(d.staff_id, d.first_shift_id, d.second_shift_id) for d in report.double_bookings] == [("an", "s1", "s2")]


def test_columns_built_for_another_origin_give_the_same_report() -> None:
    roster = [
        Assignment("s1", "vnpt", "noc", "operations", "an", at(0), at(8 * 60), cause_event_ids=("e1",)),
        Assignment("s2", "vnpt", "noc", "operations", "bình", at(10 * 60), at(20 * 60), cause_event_ids=("e2",)),
    ]
    reqs = [Requirement("r", "vnpt", "noc", "operations", 1, None, OneOffWindow(at(0), at(24 * 60)))]
    columns = AssignmentColumns.of(roster, origin=START - timedelta(days=3))
    report = analyse_columns(reqs, columns, start=START, end=END)
    assert report == analyse(reqs, roster, start=START, end=END)
    # The hole between the two shifts, caused by who left and who came late; and the evening.
    assert [(g.start, g.end, g.cause_event_ids) for g in report.gaps] == [
        (at(8 * 60), at(10 * 60), ("e1", "e2")),
        (at(20 * 60), at(24 * 60), ("e2",)),
    ]


@pytest.mark.parametrize("size", [3_000, 20_000])
def test_a_generated_province_gives_the_reference_report(size: int) -> None:
    bench_coverage = bench_script("bench_coverage")

    reqs, roster, peak_windows, start, end = bench_coverage.generate(size, seed=size)
    assert analyse_columns(reqs, roster, peak_windows, start=start, end=end) == analyse(
        reqs, roster, peak_windows, start=start, end=end
    )
