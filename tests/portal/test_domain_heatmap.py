"""The heatmap's pure arithmetic: colour buckets, minutes per local day across midnight,
minutes per hour, peak days, and the grid's rows and columns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from portal.domain import heatmap
from portal.domain.gaps import GapFilters, day_bounds, parse_local

ICT = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, 0), (1, 1), (60, 1), (61, 2), (240, 2), (241, 3), (720, 3), (721, 4), (1440, 4), (5000, 4)],
)
def test_day_buckets(minutes: int, expected: int) -> None:
    assert heatmap.bucket(minutes) == expected
    assert heatmap.heat_class(minutes) == f"heat-{expected}"


@pytest.mark.parametrize(("minutes", "expected"), [(0, 0), (15, 1), (16, 2), (30, 2), (45, 3), (46, 4), (120, 4)])
def test_hour_buckets(minutes: int, expected: int) -> None:
    assert heatmap.bucket(minutes, heatmap.HOUR_THRESHOLDS) == expected


def test_legend_follows_the_thresholds() -> None:
    assert heatmap.legend() == [
        ("heat-0", 0, 0),
        ("heat-1", 1, 60),
        ("heat-2", 61, 240),
        ("heat-3", 241, 720),
        ("heat-4", 721, None),
    ]


def test_hours_minutes() -> None:
    assert heatmap.hours_minutes(0) == "0:00"
    assert heatmap.hours_minutes(330) == "5:30"
    assert heatmap.hours_minutes(1440 + 5) == "24:05"


def test_a_night_gap_counts_on_both_local_days() -> None:
    # Giao thừa night 18:00 05/02 → 06:00 06/02 Vietnam time, given in UTC as audit may send it.
    start = datetime(2027, 2, 5, 11, 0, tzinfo=UTC)
    end = datetime(2027, 2, 5, 23, 0, tzinfo=UTC)
    days = [date(2027, 2, 4), date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7)]
    assert heatmap.minutes_per_day([(start, end)], days) == {
        date(2027, 2, 4): 0,
        date(2027, 2, 5): 360,
        date(2027, 2, 6): 360,
        date(2027, 2, 7): 0,
    }


def test_utc_midnight_is_not_the_day_boundary() -> None:
    # 05:00–09:00 Vietnam time on 06/02 is 22:00 05/02 – 02:00 06/02 in UTC: all of it on 06/02 locally.
    start = datetime(2027, 2, 5, 22, 0, tzinfo=UTC)
    end = datetime(2027, 2, 6, 2, 0, tzinfo=UTC)
    assert heatmap.minutes_per_day([(start, end)], [date(2027, 2, 5), date(2027, 2, 6)]) == {
        date(2027, 2, 5): 0,
        date(2027, 2, 6): 240,
    }


def test_keys_add_up_and_days_outside_are_ignored() -> None:
    night = (datetime(2027, 2, 7, 18, tzinfo=ICT), datetime(2027, 2, 8, 6, tzinfo=ICT))
    whole_day = (datetime(2027, 2, 8, 0, tzinfo=ICT), datetime(2027, 2, 9, 0, tzinfo=ICT))
    got = heatmap.minutes_per_day([night, whole_day], [date(2027, 2, 8)])
    assert got == {date(2027, 2, 8): 360 + 1440}


def test_minutes_per_hour_of_a_day() -> None:
    gap = (datetime(2027, 2, 5, 18, 30, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT))
    hours = heatmap.minutes_per_hour([gap], date(2027, 2, 5))
    assert hours[:18] == [0] * 18 and hours[18] == 30 and hours[19:] == [60] * 5
    assert heatmap.minutes_per_hour([gap], date(2027, 2, 6)) == [60] * 6 + [0] * 18


def test_local_days_and_peak_days() -> None:
    assert heatmap.local_days(datetime(2027, 1, 30, tzinfo=ICT), datetime(2027, 2, 2, tzinfo=ICT)) == [
        date(2027, 1, 30),
        date(2027, 1, 31),
        date(2027, 2, 1),
    ]
    giao_thua = (datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT))
    assert heatmap.peak_days([giao_thua]) == {date(2027, 2, 5), date(2027, 2, 6)}


def test_build_heatmap_rows_columns_and_filters() -> None:
    enterprises = [
        heatmap.EnterpriseRef("e2", "VNPT Long An", "telecom", True),
        heatmap.EnterpriseRef("e1", "Bưu điện tỉnh Long An", "postal", True),
        heatmap.EnterpriseRef("e3", "Đài Phát thanh và Truyền hình Long An", "television", False),
    ]
    gaps = [
        heatmap.GapSpan("e1", "patrol", datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT)),
        heatmap.GapSpan("e3", "leadership", datetime(2027, 2, 8, tzinfo=ICT), datetime(2027, 2, 9, tzinfo=ICT)),
    ]
    days = [date(2027, 2, 4) + timedelta(days=n) for n in range(5)]
    peaks = {date(2027, 2, 5), date(2027, 2, 6)}
    grid = heatmap.build_heatmap(enterprises, gaps, days, peaks)
    assert [r.name for r in grid.rows] == [
        "Bưu điện tỉnh Long An",
        "Đài Phát thanh và Truyền hình Long An",
        "VNPT Long An",
    ]
    post = grid.rows[0]
    assert [c.minutes for c in post.cells] == [0, 360, 360, 0, 0]
    assert [c.css for c in post.cells] == ["heat-0", "heat-3", "heat-3", "heat-0", "heat-0"]
    assert post.cells[1].label == "6:00" and post.cells[1].peak and post.total_label == "12:00"
    assert grid.rows[1].cells[4].css == "heat-4" and grid.total_minutes == 720 + 1440

    only = heatmap.build_heatmap(enterprises, gaps, days, peaks, border_only=True, peak_only=True)
    assert [r.enterprise_id for r in only.rows] == ["e1", "e2"]
    assert [c.day for c in only.columns] == [date(2027, 2, 5), date(2027, 2, 6)]


def test_a_day_without_a_requirement_is_neither_covered_nor_short() -> None:
    """Nobody required is not "covered": its own state and colour, and the filter keeps only the enterprises
    with a requirement in force on a day shown."""
    enterprises = [
        heatmap.EnterpriseRef("e1", "Bưu điện tỉnh Long An", "postal", True),
        heatmap.EnterpriseRef("e2", "VNPT Long An", "telecom", False),
        heatmap.EnterpriseRef("e3", "Viettel Long An", "telecom", False),
    ]
    gaps = [heatmap.GapSpan("e1", "patrol", datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT))]
    days = [date(2027, 2, 4), date(2027, 2, 5), date(2027, 2, 6)]
    peaks = {date(2027, 2, 5)}
    required = {"e1": {date(2027, 2, 5), date(2027, 2, 6)}, "e2": {date(2027, 2, 4)}}
    grid = heatmap.build_heatmap(enterprises, gaps, days, peaks, required=required)
    post, viettel, vnpt = grid.rows
    assert [(c.state, c.css) for c in post.cells] == [
        ("none", heatmap.NO_REQUIREMENT),
        ("short", "heat-3"),
        ("short", "heat-3"),
    ]
    assert [(c.state, c.css) for c in vnpt.cells] == [
        ("covered", "heat-0"),
        ("none", "heat-none"),
        ("none", "heat-none"),
    ]
    assert {c.state for c in viettel.cells} == {"none"}
    # a gap on a day audit's board shows no requirement for (a board older than the gap): its minutes win
    late = heatmap.build_heatmap(enterprises[:1], gaps, days, peaks, required={})
    assert [c.state for c in late.rows[0].cells] == ["none", "short", "short"]

    only = heatmap.build_heatmap(enterprises, gaps, days, peaks, required=required, required_only=True)
    assert [r.enterprise_id for r in only.rows] == ["e1", "e2"]
    at_peak = heatmap.build_heatmap(
        enterprises, gaps, days, peaks, required=required, required_only=True, peak_only=True
    )
    assert [r.enterprise_id for r in at_peak.rows] == ["e1"]  # VNPT requires someone on 04/02 only
    # without the board's answer every day counts as required (as before)
    assert {c.state for r in heatmap.build_heatmap(enterprises, gaps, days, peaks).rows for c in r.cells} == {
        "covered",
        "short",
    }


def test_build_day_keeps_covered_rows() -> None:
    gaps = [heatmap.GapSpan("e1", "patrol", datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT))]
    rows = heatmap.build_day(
        [("e1", "leadership"), ("e1", "patrol")], {"e1": "Bưu điện tỉnh Long An"}, gaps, date(2027, 2, 6)
    )
    assert [(r.duty_type, r.total_minutes) for r in rows] == [("leadership", 0), ("patrol", 360)]
    assert rows[1].hours[5].css == "heat-4" and rows[1].hours[6].css == "heat-0"


def test_an_hour_without_a_requirement_is_neither_covered_nor_short() -> None:
    """Patrol requires someone 22:00–02:00 across midnight: on 06/02 hours 00 and 01 are required, 01:00 short
    for 30 minutes; the other hours say "none" — unless a gap touches them (its minutes win). Leadership,
    with no requirement known, is "none" all day; without audit's answer every hour counts as required."""
    night = (datetime(2027, 2, 5, 22, tzinfo=ICT), datetime(2027, 2, 6, 2, tzinfo=ICT))
    assert heatmap.hours_touched([night], date(2027, 2, 6)) == {0, 1}
    assert heatmap.hours_touched([night], date(2027, 2, 5)) == {22, 23}
    assert heatmap.hours_touched([(night[1], night[1] + timedelta(hours=1))], date(2027, 2, 6)) == {2}  # ends excluded
    gaps = [
        heatmap.GapSpan("e1", "patrol", datetime(2027, 2, 6, 1, 30, tzinfo=ICT), datetime(2027, 2, 6, 2, tzinfo=ICT)),
        heatmap.GapSpan("e1", "patrol", datetime(2027, 2, 6, 5, tzinfo=ICT), datetime(2027, 2, 6, 5, 10, tzinfo=ICT)),
    ]
    keys = [("e1", "leadership"), ("e1", "patrol")]
    required = {("e1", "patrol"): heatmap.hours_touched([night], date(2027, 2, 6))}
    leadership, patrol = heatmap.build_day(keys, {"e1": "VNPT Long An"}, gaps, date(2027, 2, 6), required=required)
    assert [(c.state, c.css) for c in patrol.hours[:3]] == [
        ("covered", "heat-0"),
        ("short", "heat-2"),
        ("none", heatmap.NO_REQUIREMENT),
    ]
    assert (patrol.hours[5].state, patrol.hours[5].css) == ("short", "heat-1")
    assert {c.state for c in patrol.hours[6:]} == {"none"} and patrol.total_minutes == 40
    assert {(c.state, c.css) for c in leadership.hours} == {("none", heatmap.NO_REQUIREMENT)}
    unknown = heatmap.build_day(keys, {}, gaps, date(2027, 2, 6))
    assert {c.state for r in unknown for c in r.hours} == {"covered", "short"}

    # Only the rows requiring someone in one of the day's hours: leadership goes (a gap of its own would not keep
    # it, as on the campaign's heatmap); without audit's answer every row requires someone.
    leader_gap = heatmap.GapSpan(
        "e1", "leadership", datetime(2027, 2, 6, 9, tzinfo=ICT), datetime(2027, 2, 6, 10, tzinfo=ICT)
    )
    only = heatmap.build_day(keys, {}, [*gaps, leader_gap], date(2027, 2, 6), required=required, required_only=True)
    assert [r.duty_type for r in only] == ["patrol"]
    assert heatmap.build_day(keys, {}, gaps, date(2027, 2, 6), required={}, required_only=True) == []
    assert len(heatmap.build_day(keys, {}, gaps, date(2027, 2, 6), required_only=True)) == 2


def test_a_days_row_without_any_requirement_totals_a_dash_not_zero() -> None:
    """The one-day heatmap's "Cộng": a row whose every hour requires nobody adds up to nothing ("–", as the
    campaign's heatmap says), not "0:00", which reads as covered; a required row covered all day is "0:00"."""
    keys = [("e1", "leadership"), ("e1", "patrol")]
    required = {("e1", "patrol"): frozenset({22, 23})}
    leadership, patrol = heatmap.build_day(keys, {"e1": "VNPT Long An"}, [], date(2027, 2, 6), required=required)
    assert (leadership.required, leadership.total_label) == (False, "–")
    assert (patrol.required, patrol.total_label) == (True, "0:00")
    stray = heatmap.GapSpan(
        "e1", "leadership", datetime(2027, 2, 6, 9, tzinfo=ICT), datetime(2027, 2, 6, 10, tzinfo=ICT)
    )
    (leadership, _) = heatmap.build_day(keys, {}, [stray], date(2027, 2, 6), required=required)
    assert leadership.total_label == "1:00"  # a gap's minutes win, as in its hour
    assert {r.total_label for r in heatmap.build_day(keys, {}, [], date(2027, 2, 6))} == {"0:00"}  # unknown: required


def test_gap_filters_days_are_vietnam_days_both_included() -> None:
    f = GapFilters(campaign_id="c", border="true", peak="", status="open", from_day="2027-02-05", to_day="2027-02-05")
    assert f.api_params() == {
        "campaign_id": "c",
        "border": "true",
        "status": "open",
        "from": "2027-02-05T00:00:00+07:00",
        "to": "2027-02-06T00:00:00+07:00",
    }
    assert GapFilters(from_day="05/02").errors() == {"from_day": "bad_day"}
    assert GapFilters(from_day="2027-02-10", to_day="2027-02-01").errors() == {"to_day": "out_of_order"}
    assert GapFilters(from_day="2027-02-01", to_day="2027-02-01").errors() == {}
    assert day_bounds(None, None) == (None, None)


def test_parse_local_is_vietnam_time() -> None:
    at = parse_local("2027-02-06T00:00")
    assert at == datetime(2027, 2, 5, 17, tzinfo=UTC)
    assert parse_local("2026-11-30T15:04:09") == datetime(2026, 11, 30, 8, 4, 9, tzinfo=UTC)
    assert parse_local("") is None
    with pytest.raises(ValueError):
        parse_local("mùng 1")


def test_presence_per_hour_floors_each_stretch_to_the_minute_as_the_list_reads_it() -> None:
    """QZ14 #8: absent 06:15:00–08:00:40 reads "06:15–08:00" on the presence list: 45 + 60 minutes, and nothing at 08
    (rounding would say 1 minute there, and 2:46-style totals beside the list's times)."""
    day = date(2027, 2, 6)
    stretch = (datetime(2027, 2, 6, 6, 15, tzinfo=ICT), datetime(2027, 2, 6, 8, 0, 40, tzinfo=ICT))
    hours = heatmap.presence_per_hour([stretch], day)
    assert hours[5:9] == [0, 45, 60, 0] and sum(hours) == heatmap.shown_minutes(*stretch) == 105
    assert heatmap.shown_minutes(stretch[1], stretch[0]) == 0


def test_person_hours_are_said_as_a_number_not_a_clock() -> None:
    """QZ27 #14: "47:00" for one duty type in one day read as clock time; person-hours read as a quantity."""
    assert [heatmap.person_hours(m) for m in (0, 60, 2820, 7065, 30, 20)] == ["0", "1", "47", "117,75", "0,5", "0,33"]
    assert heatmap.person_hours(7065, "en") == "117.75"


def test_the_plans_people_short_by_hour_are_people_times_minutes_and_add_up_to_the_day() -> None:
    """Two short of two for 09:00–09:30, one short 11:00–11:20: 60 and 20 person-minutes; a met segment adds nothing;
    the day's hours add up to audit's `short_person_minutes` of the same segments (80)."""
    at = lambda h, m=0: datetime(2027, 2, 6, h, m, tzinfo=ICT)  # noqa: E731
    segments = [(at(8), at(9), 2, 2), (at(9), at(9, 30), 2, 0), (at(9, 30), at(11), 2, 2), (at(11), at(11, 20), 1, 0)]
    hours = heatmap.short_per_hour(segments, date(2027, 2, 6))
    assert (hours[8], hours[9], hours[10], hours[11]) == (0, 60, 0, 20) and sum(hours) == 80
    # absence by hour: people × minutes (two not there 06:15–07:00 is 90 in hour 6)
    absent = heatmap.presence_per_hour([(at(6, 15), at(7), 2)], date(2027, 2, 6))
    assert (absent[6], absent[7]) == (90, 0)


def test_a_day_whose_people_did_not_come_is_coloured_by_it() -> None:
    """QZ27 #2: a day cell with no gap and 117:45 person-hours of absence was green "0:00"; its colour is by both."""
    e = heatmap.EnterpriseRef("e1", "VNPT Long An", "telecom", True)
    day = date(2027, 2, 6)
    grid = heatmap.build_heatmap([e], (), [day], set(), short={"e1": {day: 0}}, absent={"e1": {day: 7065}})
    [cell] = grid.rows[0].cells
    assert (cell.minutes, cell.absent_minutes, cell.missing_minutes, cell.css, cell.state) == (
        0,
        7065,
        7065,
        "heat-4",
        "short",
    )
    assert (grid.total_minutes, grid.total_absent, grid.total_missing) == (0, 7065, 7065)


def test_the_time_confirmed_afterwards_is_said_apart_and_changes_no_figure_short() -> None:
    """QZ27 #3: audit's board's confirmed_person_minutes travel to each cell and add up per row and map, apart from
    the person-minutes short: the colour and the totals short are as without them."""
    a, b = heatmap.EnterpriseRef("a", "Bưu điện", "postal", False), heatmap.EnterpriseRef("b", "Viettel", "", False)
    days = [date(2027, 2, 5), date(2027, 2, 6)]
    short = {"a": {days[0]: 30}}
    absent = {"a": {days[1]: 25}}
    plain = heatmap.build_heatmap([a, b], (), days, set(), short=short, absent=absent)
    said = heatmap.build_heatmap(
        [a, b], (), days, set(), short=short, absent=absent, confirmed={"a": {days[1]: 440}, "b": {days[0]: 60}}
    )
    assert [[c.confirmed_minutes for c in r.cells] for r in said.rows] == [[0, 440], [60, 0]]
    assert [r.total_confirmed for r in said.rows] == [440, 60] and said.total_confirmed == 500
    assert plain.total_confirmed == 0
    assert [[(c.css, c.missing_minutes) for c in r.cells] for r in said.rows] == [
        [(c.css, c.missing_minutes) for c in r.cells] for r in plain.rows
    ]
    assert (said.total_minutes, said.total_absent) == (plain.total_minutes, plain.total_absent) == (30, 25)
