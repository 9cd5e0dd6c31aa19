"""Coverage engine, hand-worked cases: every expected gap is written out in full.

Times are written in Vietnam local time (UTC+7) where the story is local — a
night shift, giao thừa — and in UTC elsewhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from audit.domain.coverage import (
    Assignment,
    CoverageKey,
    DailyWindow,
    DoubleBooking,
    Gap,
    OneOffWindow,
    PeakWindow,
    Requirement,
    RestViolation,
    Segment,
    analyse,
    coverage_timeline,
    expand_window,
    find_double_bookings,
    find_gaps,
    find_rest_violations,
)
from lichtruc import lunar

VN = ZoneInfo("Asia/Ho_Chi_Minh")

VNPT, VIETTEL = "vnpt-long-an", "viettel-long-an"
NOC, EXCHANGE = "noc-tan-an", "exchange-ben-luc"
OPS, LEAD = "operations", "leadership"
KEY = CoverageKey(VNPT, NOC, OPS)


def utc(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


def vn(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    """A Vietnam wall-clock time, as the UTC instant the engine takes."""
    return datetime(2027, month, day, hour, minute, tzinfo=VN).astimezone(UTC)


def shift(
    shift_id: str,
    staff: str,
    start: datetime,
    end: datetime,
    *,
    enterprise: str = VNPT,
    site: str | None = NOC,
    duty: str = OPS,
    qualified: bool = True,
) -> Assignment:
    return Assignment(
        shift_id, enterprise, site, duty, staff, start, end, qualified, cause_event_ids=(f"evt-{shift_id}",)
    )


def need(
    minimum: int,
    window: OneOffWindow | DailyWindow,
    *,
    rid: str = "req-ops",
    peak_minimum: int | None = None,
    enterprise: str = VNPT,
    site: str | None = NOC,
    duty: str = OPS,
) -> Requirement:
    return Requirement(rid, enterprise, site, duty, minimum, peak_minimum, window)


def gap(
    start: datetime,
    end: datetime,
    required: int,
    actual: int,
    *,
    key: CoverageKey = KEY,
    missing_qualification: bool = False,
    peak: bool = False,
    requirement_ids: tuple[str, ...] = ("req-ops",),
    causes: tuple[str, ...] = (),
) -> Gap:
    return Gap(key, start, end, required, actual, missing_qualification, peak, requirement_ids, causes)


# ------------------------------------------------------------- requirement edges


def test_gap_exactly_at_both_edges_of_a_requirement_window() -> None:
    requirement = need(1, OneOffWindow(utc(3, 8), utc(3, 12)))
    roster = [shift("s1", "an", utc(3, 9), utc(3, 11))]

    assert find_gaps([requirement], roster, start=utc(3, 6), end=utc(3, 14)) == [
        gap(utc(3, 8), utc(3, 9), 1, 0, causes=("evt-s1",)),  # s1 starts at the gap's end
        gap(utc(3, 11), utc(3, 12), 1, 0, causes=("evt-s1",)),  # s1 ends at the gap's start
    ]
    assert coverage_timeline([requirement], roster, start=utc(3, 6), end=utc(3, 14)) == {
        KEY: [
            Segment(utc(3, 6), utc(3, 8), 0, 0),
            Segment(utc(3, 8), utc(3, 9), 1, 0),
            Segment(utc(3, 9), utc(3, 11), 1, 1),
            Segment(utc(3, 11), utc(3, 12), 1, 0),
            Segment(utc(3, 12), utc(3, 14), 0, 0),
        ]
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [(utc(3, 8), utc(3, 12)), (utc(3, 7), utc(3, 13))],
    ids=["exactly-the-window", "beyond-the-window"],
)
def test_a_shift_covering_the_window_leaves_no_gap(start: datetime, end: datetime) -> None:
    requirement = need(1, OneOffWindow(utc(3, 8), utc(3, 12)))
    assert find_gaps([requirement], [shift("s1", "an", start, end)], start=utc(3, 0), end=utc(4, 0)) == []


def test_gaps_are_clipped_to_the_analysed_range() -> None:
    requirement = need(1, OneOffWindow(utc(3, 8), utc(3, 12)))
    assert find_gaps([requirement], [], start=utc(3, 9), end=utc(3, 10)) == [gap(utc(3, 9), utc(3, 10), 1, 0)]


# -------------------------------------------------------- touching and overlapping


def test_touching_shifts_neither_overlap_nor_leave_a_gap() -> None:
    requirement = need(1, OneOffWindow(utc(3, 8), utc(3, 12)))
    roster = [shift("s1", "an", utc(3, 8), utc(3, 10)), shift("s2", "binh", utc(3, 10), utc(3, 12))]

    report = analyse([requirement], roster, start=utc(3, 8), end=utc(3, 12))
    assert report.gaps == []
    assert report.timeline == {KEY: [Segment(utc(3, 8), utc(3, 12), 1, 1)]}
    assert report.double_bookings == []


def test_overlapping_shifts_of_different_people_add_up() -> None:
    requirement = need(2, OneOffWindow(utc(3, 8), utc(3, 12)))
    roster = [shift("s1", "an", utc(3, 8), utc(3, 11)), shift("s2", "binh", utc(3, 10), utc(3, 12))]

    assert coverage_timeline([requirement], roster, start=utc(3, 8), end=utc(3, 12))[KEY] == [
        Segment(utc(3, 8), utc(3, 10), 2, 1),
        Segment(utc(3, 10), utc(3, 11), 2, 2),
        Segment(utc(3, 11), utc(3, 12), 2, 1),
    ]
    assert find_gaps([requirement], roster, start=utc(3, 8), end=utc(3, 12)) == [
        gap(utc(3, 8), utc(3, 10), 2, 1, causes=("evt-s2",)),
        gap(utc(3, 11), utc(3, 12), 2, 1, causes=("evt-s1",)),
    ]


def test_one_person_on_two_overlapping_shifts_of_one_key_counts_once() -> None:
    requirement = need(2, OneOffWindow(utc(3, 8), utc(3, 12)))
    roster = [
        shift("s1", "an", utc(3, 8), utc(3, 12)),
        shift("s2", "binh", utc(3, 8), utc(3, 12)),
        shift("s3", "an", utc(3, 9), utc(3, 11)),  # An again, at the same post
    ]

    report = analyse([requirement], roster, start=utc(3, 8), end=utc(3, 12))
    assert report.timeline[KEY] == [Segment(utc(3, 8), utc(3, 12), 2, 2)]
    assert report.gaps == []
    assert report.double_bookings == [DoubleBooking("an", "s1", "s3", utc(3, 9), utc(3, 11))]


def test_a_person_counts_once_for_the_enterprise_even_at_two_sites_at_once() -> None:
    requirement = need(2, OneOffWindow(utc(3, 8), utc(3, 12)), site=None, rid="req-vnpt-ops")
    roster = [
        shift("s1", "an", utc(3, 8), utc(3, 12), site=NOC),
        shift("s2", "an", utc(3, 8), utc(3, 12), site=EXCHANGE),
    ]

    assert find_gaps([requirement], roster, start=utc(3, 8), end=utc(3, 12)) == [
        gap(utc(3, 8), utc(3, 12), 2, 1, key=CoverageKey(VNPT, None, OPS), requirement_ids=("req-vnpt-ops",))
    ]


# ------------------------------------------ midnight, lunar new year and the peak


def test_mung_1_tet_dinh_mui_is_6_february_2027() -> None:
    # The dates the next tests rely on: giao thừa is the evening of 5 February.
    assert lunar.tet(2027) == date(2027, 2, 6)


def test_a_night_shift_crossing_midnight_and_the_lunar_new_year() -> None:
    # All-day requirement on 30 Tết and mùng 1, in local days: two daily
    # intervals touching at local midnight, which is also the lunar new year.
    requirement = need(1, DailyWindow(time(0), time(0), date(2027, 2, 5), date(2027, 2, 6)))
    roster = [
        shift("night", "an", vn(5, 22), vn(6, 6)),  # 15:00-23:00 UTC on 5 February
        shift("morning", "binh", vn(6, 6), vn(6, 14)),
    ]

    window: dict[str, Any] = {"start": vn(5, 18), "end": vn(6, 14)}
    assert find_gaps([requirement], roster, **window) == [gap(vn(5, 18), vn(5, 22), 1, 0, causes=("evt-night",))]
    # No seam at midnight: the two days' windows and the shift run on as one segment.
    assert coverage_timeline([requirement], roster, **window)[KEY] == [
        Segment(vn(5, 18), vn(5, 22), 1, 0),
        Segment(vn(5, 22), vn(6, 14), 1, 1),
    ]


def test_peak_window_raises_the_minimum_at_giao_thua() -> None:
    requirement = need(1, DailyWindow(time(0), time(0), date(2027, 2, 5), date(2027, 2, 6)), peak_minimum=3)
    giao_thua = PeakWindow(vn(5, 23), vn(6, 1), "giao thừa Đinh Mùi")
    roster = [shift("n1", "an", vn(5, 22), vn(6, 6)), shift("n2", "binh", vn(5, 22), vn(6, 6))]

    report = analyse([requirement], roster, [giao_thua], start=vn(5, 22), end=vn(6, 6))
    peak_gap = gap(vn(5, 23), vn(6, 1), 3, 2, peak=True)
    assert report.gaps == [peak_gap]
    assert report.peak_understaffing == [peak_gap]
    assert report.timeline[KEY] == [
        Segment(vn(5, 22), vn(5, 23), 1, 2),
        Segment(vn(5, 23), vn(6, 1), 3, 2),
        Segment(vn(6, 1), vn(6, 6), 1, 2),
    ]


def test_a_gap_is_split_where_a_peak_begins_and_ends() -> None:
    requirement = need(1, OneOffWindow(vn(5, 22), vn(6, 2)))  # no peak minimum
    giao_thua = PeakWindow(vn(5, 23), vn(6, 1), "giao thừa")

    assert find_gaps([requirement], [], [giao_thua], start=vn(5, 20), end=vn(6, 4)) == [
        gap(vn(5, 22), vn(5, 23), 1, 0),
        gap(vn(5, 23), vn(6, 1), 1, 0, peak=True),
        gap(vn(6, 1), vn(6, 2), 1, 0),
    ]


def test_daily_window_crossing_midnight() -> None:
    window = DailyWindow(time(22), time(6), date(2027, 2, 5), date(2027, 2, 6))
    assert expand_window(window, start=vn(5, 0), end=vn(8, 0)) == [
        (vn(5, 22), vn(6, 6)),
        (vn(6, 22), vn(7, 6)),
    ]
    requirement = need(1, window, rid="req-night")
    roster = [shift("n1", "an", vn(5, 22), vn(6, 6)), shift("n2", "an", vn(6, 23), vn(7, 6))]
    assert find_gaps([requirement], roster, start=vn(5, 0), end=vn(8, 0)) == [
        gap(vn(6, 22), vn(6, 23), 1, 0, requirement_ids=("req-night",), causes=("evt-n2",))
    ]


def test_daily_window_expansion_all_day_and_clipped_to_the_range() -> None:
    all_day = DailyWindow(time(0), time(0), date(2027, 2, 5), date(2027, 2, 7))
    assert expand_window(all_day, start=vn(6, 12), end=vn(20, 0)) == [(vn(6, 12), vn(7, 0)), (vn(7, 0), vn(8, 0))]
    assert expand_window(all_day, start=vn(9, 0), end=vn(10, 0)) == []
    # Local 07:00-19:00 is 00:00-12:00 UTC.
    daytime = DailyWindow(time(7), time(19), date(2027, 2, 6), date(2027, 2, 6))
    assert expand_window(daytime, start=utc(1, 0), end=utc(9, 0)) == [(utc(6, 0), utc(6, 12))]


# ------------------------------------------------------------ requirements combined


def test_overlapping_requirements_of_one_key_take_the_maximum_not_the_sum() -> None:
    requirements = [
        need(1, OneOffWindow(utc(3, 8), utc(3, 16)), rid="req-day"),
        need(2, OneOffWindow(utc(3, 12), utc(3, 20)), rid="req-evening"),
    ]
    roster = [shift("s1", "an", utc(3, 8), utc(3, 20))]

    assert coverage_timeline(requirements, roster, start=utc(3, 8), end=utc(3, 20))[KEY] == [
        Segment(utc(3, 8), utc(3, 12), 1, 1),
        Segment(utc(3, 12), utc(3, 20), 2, 1),
    ]
    # Only the requirement asking for more than the one person is breached.
    assert find_gaps(requirements, roster, start=utc(3, 8), end=utc(3, 20)) == [
        gap(utc(3, 12), utc(3, 20), 2, 1, requirement_ids=("req-evening",))
    ]


def test_enterprise_requirement_counts_every_site_and_site_requirement_only_its_own() -> None:
    whole = need(3, OneOffWindow(utc(3, 8), utc(3, 12)), rid="req-lead-vnpt", site=None, duty=LEAD)
    at_noc = need(2, OneOffWindow(utc(3, 8), utc(3, 12)), rid="req-lead-noc", site=NOC, duty=LEAD)
    roster = [
        shift("l1", "an", utc(3, 8), utc(3, 12), site=NOC, duty=LEAD),
        shift("l2", "binh", utc(3, 8), utc(3, 12), site=EXCHANGE, duty=LEAD),
        shift("l3", "chi", utc(3, 8), utc(3, 12), site=None, duty=LEAD),
        shift("l4", "dung", utc(3, 8), utc(3, 12), enterprise=VIETTEL, site=NOC, duty=LEAD),  # other enterprise
        shift("o1", "em", utc(3, 8), utc(3, 12), site=NOC, duty=OPS),  # other duty
    ]

    timeline = coverage_timeline([whole, at_noc], roster, start=utc(3, 8), end=utc(3, 12))
    assert timeline == {
        CoverageKey(VNPT, None, LEAD): [Segment(utc(3, 8), utc(3, 12), 3, 3)],
        CoverageKey(VNPT, NOC, LEAD): [Segment(utc(3, 8), utc(3, 12), 2, 1)],
    }


# ------------------------------------------------------------ cancellation, causes


def test_a_cancelled_shift_reopens_the_gap_it_filled() -> None:
    requirement = need(1, OneOffWindow(vn(5, 6), vn(6, 6)))
    morning = shift("morning", "an", vn(5, 6), vn(5, 14))
    evening = shift("evening", "binh", vn(5, 14), vn(5, 22))
    night = shift("night", "chi", vn(5, 22), vn(6, 6))
    window: dict[str, Any] = {"start": vn(5, 6), "end": vn(6, 6)}

    assert find_gaps([requirement], [morning, evening, night], **window) == []
    # The evening shift is cancelled: the caller drops it, and the gap is back,
    # caused by the shift that ended at its start and the one that starts at its end.
    assert find_gaps([requirement], [morning, night], **window) == [
        gap(vn(5, 14), vn(5, 22), 1, 0, causes=("evt-morning", "evt-night"))
    ]


def test_an_unqualified_stand_in_leaves_a_gap_marked_missing_qualification() -> None:
    requirement = need(1, OneOffWindow(utc(3, 0), utc(3, 16)), rid="req-lead", duty=LEAD)
    roster = [
        shift("l1", "an", utc(3, 0), utc(3, 8), duty=LEAD),
        shift("l2", "binh", utc(3, 8), utc(3, 12), duty=LEAD, qualified=False),  # not a leader
    ]
    key = CoverageKey(VNPT, NOC, LEAD)

    lead: dict[str, Any] = {"key": key, "requirement_ids": ("req-lead",)}
    assert find_gaps([requirement], roster, start=utc(3, 0), end=utc(3, 16)) == [
        # l1 ended at its start, l2 is the unqualified stand-in inside it
        gap(utc(3, 8), utc(3, 12), 1, 0, missing_qualification=True, causes=("evt-l1", "evt-l2"), **lead),
        # l2 ended at its start
        gap(utc(3, 12), utc(3, 16), 1, 0, causes=("evt-l2",), **lead),
    ]


# ------------------------------------------------------- double bookings and rest


def test_one_person_double_booked_across_two_enterprises() -> None:
    roster = [
        shift("vnpt-day", "tuyet", utc(3, 1), utc(3, 9), enterprise=VNPT),
        shift("viettel-day", "tuyet", utc(3, 5), utc(3, 13), enterprise=VIETTEL, site="bts-duc-hoa"),
        shift("viettel-next", "tuyet", utc(3, 13), utc(3, 15), enterprise=VIETTEL),  # touching: no overlap
    ]
    assert find_double_bookings(roster) == [
        DoubleBooking("tuyet", "vnpt-day", "viettel-day", utc(3, 5), utc(3, 9)),
    ]


def test_each_pair_of_a_triple_booking_is_reported() -> None:
    roster = [
        shift("a", "an", utc(3, 0), utc(3, 10)),
        shift("b", "an", utc(3, 2), utc(3, 4), enterprise=VIETTEL),
        shift("c", "an", utc(3, 3), utc(3, 12), site=EXCHANGE),
    ]
    assert find_double_bookings(roster) == [
        DoubleBooking("an", "a", "b", utc(3, 2), utc(3, 4)),
        DoubleBooking("an", "a", "c", utc(3, 3), utc(3, 10)),
        DoubleBooking("an", "b", "c", utc(3, 3), utc(3, 4)),
    ]


def test_rest_of_exactly_eight_hours_is_enough_and_a_minute_less_is_not() -> None:
    night = shift("night", "an", vn(5, 22), vn(6, 6))
    exactly = shift("day-ok", "an", vn(6, 14), vn(6, 22), enterprise=VIETTEL)
    too_soon = shift("day-early", "binh", vn(6, 13, 59), vn(6, 22))
    night_binh = shift("night-binh", "binh", vn(5, 22), vn(6, 6))

    assert find_rest_violations([night, exactly]) == []
    assert find_rest_violations([night_binh, too_soon]) == [
        RestViolation("binh", "night-binh", "day-early", timedelta(hours=7, minutes=59), timedelta(hours=8))
    ]
    assert find_rest_violations([night, exactly], minimum_rest=timedelta(hours=9)) == [
        RestViolation("an", "night", "day-ok", timedelta(hours=8), timedelta(hours=9))
    ]


def test_back_to_back_shifts_have_no_rest_and_overlaps_are_not_rest_violations() -> None:
    roster = [
        shift("a", "an", utc(3, 0), utc(3, 8)),
        shift("b", "an", utc(3, 8), utc(3, 16), enterprise=VIETTEL),
        shift("c", "an", utc(3, 10), utc(3, 12)),  # inside b: a double booking
        shift("d", "an", utc(3, 20), utc(3, 23)),  # 4 h after b, the latest end
    ]
    assert find_rest_violations(roster) == [
        RestViolation("an", "a", "b", timedelta(0), timedelta(hours=8)),
        RestViolation("an", "b", "d", timedelta(hours=4), timedelta(hours=8)),
    ]


# ---------------------------------------------------------------------- the report


def test_analyse_bundles_everything_and_agrees_with_the_single_functions() -> None:
    requirements = [need(2, DailyWindow(time(0), time(0), date(2027, 2, 5), date(2027, 2, 6)), peak_minimum=3)]
    peaks = [PeakWindow(vn(5, 23), vn(6, 1), "giao thừa")]
    roster = [
        shift("n1", "an", vn(5, 22), vn(6, 6)),
        shift("n2", "binh", vn(5, 22), vn(6, 6)),
        shift("m1", "an", vn(6, 6), vn(6, 14)),  # no rest after the night
        shift("x1", "binh", vn(6, 5), vn(6, 9), enterprise=VIETTEL),  # double booked
    ]
    window: dict[str, Any] = {"start": vn(5, 22), "end": vn(6, 14)}

    report = analyse(requirements, roster, peaks, **window)
    assert report.start == window["start"] and report.end == window["end"]
    assert report.timeline == coverage_timeline(requirements, roster, peaks, **window)
    assert report.gaps == find_gaps(requirements, roster, peaks, **window)
    assert report.peak_understaffing == [g for g in report.gaps if g.peak] != []
    assert (
        report.double_bookings
        == find_double_bookings(roster)
        == [DoubleBooking("binh", "n2", "x1", vn(6, 5), vn(6, 6))]
    )
    assert (
        report.rest_violations
        == find_rest_violations(roster)
        == [RestViolation("an", "n1", "m1", timedelta(0), timedelta(hours=8))]
    )


def test_gaps_are_sorted_by_start_then_key() -> None:
    requirements = [
        need(1, OneOffWindow(utc(3, 8), utc(3, 9)), rid="b", site="z-site"),
        need(1, OneOffWindow(utc(3, 8), utc(3, 9)), rid="a", site=None),
        need(1, OneOffWindow(utc(3, 7), utc(3, 9)), rid="c", site="a-site"),
    ]
    found = find_gaps(requirements, [], start=utc(3, 0), end=utc(4, 0))
    assert [(g.start, g.key.site_id) for g in found] == [
        (utc(3, 7), "a-site"),
        (utc(3, 8), None),  # the enterprise as a whole before its sites
        (utc(3, 8), "z-site"),
    ]


def test_keys_without_requirements_are_not_reported_and_empty_inputs_work() -> None:
    assert coverage_timeline([], [shift("s1", "an", utc(3, 8), utc(3, 9))], start=utc(3, 0), end=utc(4, 0)) == {}
    requirement = need(1, OneOffWindow(utc(5, 8), utc(5, 9)))  # outside the range
    assert coverage_timeline([requirement], [], start=utc(3, 0), end=utc(4, 0)) == {
        KEY: [Segment(utc(3, 0), utc(4, 0), 0, 0)]
    }


# ---------------------------------------------------------------------- validation


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2027, 2, 5, 22, 0)
    with pytest.raises(ValueError, match="naive"):
        Assignment("s1", VNPT, NOC, OPS, "an", naive, utc(6, 0))
    with pytest.raises(ValueError, match="naive"):
        OneOffWindow(utc(5, 0), naive)
    with pytest.raises(ValueError, match="naive"):
        PeakWindow(naive, utc(6, 0), "giao thừa")
    with pytest.raises(ValueError, match="naive"):
        coverage_timeline([], [], start=naive, end=utc(6, 0))


def test_aware_datetimes_in_other_zones_are_normalised_to_utc() -> None:
    local = datetime(2027, 2, 5, 22, 0, tzinfo=VN)
    a = Assignment("s1", VNPT, NOC, OPS, "an", local, local + timedelta(hours=8))
    assert a.start == utc(5, 15) and a.start.tzinfo is UTC and a.end.tzinfo is UTC


@pytest.mark.parametrize(
    "build",
    [
        lambda: Assignment("s1", VNPT, NOC, OPS, "an", utc(3, 9), utc(3, 9)),
        lambda: OneOffWindow(utc(3, 9), utc(3, 8)),
        lambda: DailyWindow(time(8), time(9), date(2027, 2, 6), date(2027, 2, 5)),
        lambda: DailyWindow(time(8, tzinfo=UTC), time(9), date(2027, 2, 5), date(2027, 2, 6)),
        lambda: need(-1, OneOffWindow(utc(3, 8), utc(3, 9))),
        lambda: need(1, OneOffWindow(utc(3, 8), utc(3, 9)), peak_minimum=-2),
        lambda: coverage_timeline([], [], start=utc(3, 9), end=utc(3, 9)),
        lambda: find_rest_violations([], minimum_rest=timedelta(hours=-1)),
    ],
    ids=[
        "empty-shift",
        "window-backwards",
        "days-backwards",
        "daily-time-with-zone",
        "negative-minimum",
        "negative-peak",
        "empty-range",
        "negative-rest",
    ],
)
def test_invalid_inputs_are_refused_with_value_error(build) -> None:
    with pytest.raises(ValueError):
        build()


def test_one_person_given_twice_for_the_same_shift_is_refused() -> None:
    twice = [shift("s1", "an", utc(3, 8), utc(3, 12)), shift("s1", "an", utc(3, 8), utc(3, 12))]
    with pytest.raises(ValueError, match="twice to shift s1"):
        find_double_bookings(twice)
    with pytest.raises(ValueError, match="twice to shift s1"):
        find_gaps([need(1, OneOffWindow(utc(3, 8), utc(3, 12)))], twice, start=utc(3, 0), end=utc(4, 0))
