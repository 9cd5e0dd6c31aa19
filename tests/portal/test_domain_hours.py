"""Hours on duty per person (portal.domain.hours): totals, night hours 22:00–06:00 Vietnam
time, peak hours, sorting and the fairness mark."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from portal.domain.hours import DutyShift, Span, format_hours, hours_table, merge, night_hours, peak_hours

ICT = timezone(timedelta(hours=7))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 2, day, hour, minute, tzinfo=ICT)


GIAO_THUA = Span(at(5, 18), at(6, 6))


@pytest.mark.parametrize(
    ("start", "end", "night"),
    [
        (at(5, 6), at(5, 18), 0),  # a day shift
        (at(5, 18), at(6, 6), 8),  # the whole night is inside 18:00–06:00
        (at(5, 8), at(6, 8), 8),  # a leader's 24 hours
        (at(5, 23), at(6, 1), 2),
        (at(5, 5), at(5, 7), 1),  # the end of the night before
        (at(5, 21, 30), at(5, 22, 30), 0.5),
        (at(5, 18), at(7, 6), 16),  # two nights
    ],
)
def test_night_hours_are_between_22_and_6_vietnam_time(start, end, night) -> None:
    assert night_hours(start, end) == pytest.approx(night)


def test_night_hours_do_not_depend_on_the_zone_the_instants_come_in() -> None:
    utc_start = at(5, 18).astimezone(UTC)
    utc_end = at(6, 6).astimezone(UTC)
    assert night_hours(utc_start, utc_end) == pytest.approx(8)


def test_peak_hours_and_overlapping_peaks_count_once() -> None:
    assert peak_hours(at(5, 8), at(6, 8), [GIAO_THUA]) == pytest.approx(12)
    assert peak_hours(at(5, 6), at(5, 18), [GIAO_THUA]) == 0
    overlapping = [GIAO_THUA, Span(at(5, 22), at(6, 2))]
    assert peak_hours(at(5, 18), at(6, 6), overlapping) == pytest.approx(12)
    assert merge(overlapping) == [GIAO_THUA]


def shift(start: datetime, end: datetime, *people: str, status: str = "published") -> DutyShift:
    return DutyShift(start, end, tuple((p, p.title()) for p in people), status)


def test_hours_table_adds_up_each_person_and_skips_cancelled_and_drafts() -> None:
    shifts = [
        shift(at(5, 18), at(6, 6), "an", "binh"),  # 12 h, 8 at night, 12 at the peak, for both
        shift(at(6, 6), at(6, 18), "an"),  # 12 h by day
        shift(at(7, 6), at(7, 18), "an", status="cancelled"),
        shift(at(8, 6), at(8, 18), "binh", status="draft"),
    ]
    table = hours_table(shifts, [GIAO_THUA])
    rows = {p.staff_id: p for p in table.people}
    assert (rows["an"].total, rows["an"].night, rows["an"].peak, rows["an"].shifts) == (24, 8, 12, 2)
    assert (rows["binh"].total, rows["binh"].shifts) == (12, 1)
    with_drafts = {p.staff_id: p for p in hours_table(shifts, [GIAO_THUA], statuses=("published", "draft")).people}
    assert with_drafts["binh"].total == 24


def test_sorting_by_each_column() -> None:
    shifts = [
        shift(at(5, 6), at(5, 18), "an"),
        shift(at(5, 18), at(6, 6), "binh"),
        shift(at(6, 6), at(6, 8), "chi"),
        shift(at(7, 6), at(7, 8), "chi"),
    ]
    assert next(p.staff_id for p in hours_table(shifts, [], sort="night").people) == "binh"
    assert next(p.staff_id for p in hours_table(shifts, [], sort="shifts").people) == "chi"
    assert next(p.staff_id for p in hours_table(shifts, [], sort="total", descending=False).people) == "chi"
    assert [p.full_name for p in hours_table(shifts, [], sort="name", descending=False).people] == ["An", "Binh", "Chi"]
    assert hours_table(shifts, [], sort="nonsense").sort == "total"


def test_names_sort_by_the_given_name() -> None:
    shifts = [
        DutyShift(at(5, 6), at(5, 18), (("1", "Nguyễn Văn Tâm"),)),
        DutyShift(at(6, 6), at(6, 18), (("2", "Trần Thị An"),)),
        DutyShift(at(7, 6), at(7, 18), (("3", "Lê Đức"),)),
    ]
    names = [p.full_name for p in hours_table(shifts, [], sort="name", descending=False).people]
    assert names == ["Trần Thị An", "Lê Đức", "Nguyễn Văn Tâm"]


def test_far_above_the_median_is_marked_but_small_differences_are_not() -> None:
    shifts = [shift(at(d, 6), at(d, 18), "an") for d in (1, 2, 3, 4)]  # 48 h
    shifts += [
        shift(at(5, 6), at(5, 18), "binh"),
        shift(at(6, 6), at(6, 18), "chi"),
        shift(at(7, 6), at(7, 20), "dung"),
    ]  # 12, 12, 14 h
    table = hours_table(shifts, [])
    rows = {p.staff_id: p for p in table.people}
    assert table.medians["total"] == 13
    assert "total" in rows["an"].far_above and "shifts" in rows["an"].far_above
    assert not rows["dung"].far_above  # 14 h against a median of 13: not a fairness problem
    # A median of zero peak hours flags nobody: giao thừa needs a few people by design.
    table = hours_table(shifts + [shift(at(5, 18), at(6, 6), "binh")], [GIAO_THUA])
    assert table.medians["peak"] == 0
    assert "peak" not in {p.staff_id: p for p in table.people}["binh"].far_above
    # Above a real median, a real load is.
    busy = [shift(at(5, 18), at(6, 6), p) for p in ("an", "binh", "chi")] + [shift(at(5, 8), at(6, 8), "an")]
    table = hours_table(busy + [shift(at(5, 20), at(5, 22), "dung")], [GIAO_THUA])
    assert table.medians["peak"] == 12
    assert "peak" in {p.staff_id: p for p in table.people}["an"].far_above


def test_a_person_listed_twice_on_a_shift_counts_once_and_empty_input_is_empty() -> None:
    table = hours_table([DutyShift(at(5, 6), at(5, 18), (("a", "A"), ("a", "A")))], [])
    assert table.people[0].total == 12 and table.people[0].shifts == 1
    assert hours_table([], []).people == ()


def test_from_api_reads_roster_shifts() -> None:
    doc = {
        "starts_at": "2027-02-05T11:00:00Z",
        "ends_at": "2027-02-05T23:00:00Z",
        "status": "completed",
        "assignees": [{"staff_id": "s1", "full_name": "Phan Văn Hải", "qualified": True}],
    }
    s = DutyShift.from_api(doc)
    assert s.people == (("s1", "Phan Văn Hải"),) and s.status == "completed"
    assert night_hours(s.starts_at, s.ends_at) == pytest.approx(8)


def test_hours_are_written_with_a_decimal_comma_in_vietnamese() -> None:
    assert format_hours(12, "vi") == "12"
    assert format_hours(7.5, "vi") == "7,5"
    assert format_hours(7.5, "en") == "7.5"
    assert format_hours(0.25, "vi") == "0,2" or format_hours(0.25, "vi") == "0,3"


# --- short rests and runs of nights (QZ27 #7) -------------------------------------------------------------


def test_short_rests_count_each_rest_under_roster_minimum_between_shifts_in_a_row() -> None:
    shifts = [
        shift(at(5, 6), at(5, 14), "an"),
        shift(at(5, 18), at(6, 6), "an"),  # 4 h after the first: short
        shift(at(6, 6), at(6, 10), "an"),  # back to back: a rest of none, short
        shift(at(6, 18), at(7, 6), "an"),  # 8 h: enough
        shift(at(7, 5), at(7, 8), "an"),  # overlaps the one before: a double booking, not a rest
    ]
    table = hours_table(shifts, [], min_rest=timedelta(hours=8))
    assert table.people[0].rest_breaches == 2
    assert hours_table(shifts, [], min_rest=timedelta(hours=4)).people[0].rest_breaches == 1
    assert hours_table(shifts, []).people[0].rest_breaches == 0  # roster did not say its rule: nothing counted


def test_the_longest_run_of_nights_counts_nights_in_a_row_of_three_hours_or_more() -> None:
    shifts = [
        shift(at(1, 18), at(2, 6), "an"),
        shift(at(2, 18), at(3, 6), "an"),
        shift(at(3, 18), at(4, 6), "an"),  # three nights running
        shift(at(5, 8), at(5, 20), "an"),  # a day: the run is over
        shift(at(6, 18), at(7, 6), "an"),
        shift(at(7, 22), at(7, 23), "an"),  # an hour of the next night is not a night on duty
        shift(at(1, 18), at(2, 6), "binh"),
        shift(at(3, 4), at(3, 6), "binh"),
        shift(at(2, 23), at(3, 1), "binh"),  # 2 h + 2 h of one night: 4 h, a night on duty
    ]
    people = {p.staff_id: p for p in hours_table(shifts, []).people}
    assert people["an"].night_run == 3
    assert people["binh"].night_run == 2


def test_the_files_hold_the_tables_rows_in_its_order() -> None:
    import io

    import openpyxl

    from portal.domain.hours_files import hours_csv, hours_xlsx

    shifts = [shift(at(5, 18), at(6, 6), "an"), shift(at(5, 6), at(5, 13, 30), "=binh")]
    table = hours_table(shifts, [GIAO_THUA])  # by total hours, as the page opens
    header = [
        "Họ và tên",
        "Tổng",
        "Đêm",
        "Cao điểm",
        "Ca",
        "Nghỉ chưa đủ",
        "Chuỗi đêm",
        "Đầu",
        "Đầu âm",
        "Cuối",
        "Cuối âm",
    ]
    text = hours_csv(table, header, separator="semicolon").decode("utf-8")
    eve, mung_1 = ";2027-02-05;29 tháng Chạp", ";2027-02-06;Mùng 1 Tết"
    assert text.splitlines() == [
        "\ufeffHọ và tên;Tổng;Đêm;Cao điểm;Ca;Nghỉ chưa đủ;Chuỗi đêm;Đầu;Đầu âm;Cuối;Cuối âm",
        "An;12;8;12;1;0;1" + eve + eve,
        "'=Binh;7,5;0;0;1;0;0" + eve + eve,  # a name that would start a formula is text
    ]
    assert hours_csv(table, header).decode("utf-8").splitlines()[2] == "'=Binh,7.5,0,0,1,0,0" + (eve + eve).replace(
        ";", ","
    )
    book = openpyxl.load_workbook(io.BytesIO(hours_xlsx(table, header, title="Giờ trực", footer="Lập lúc", empty="")))
    rows = list(book.active.iter_rows(values_only=True))
    day = datetime(2027, 2, 5)
    assert rows[:3] == [
        tuple(header),
        ("An", 12, 8, 12, 1, 0, 1, day, "29 tháng Chạp", day, "29 tháng Chạp"),
        ("'=Binh", 7.5, 0, 0, 1, 0, 0, day, "29 tháng Chạp", day, "29 tháng Chạp"),
    ]
    assert book.active["H2"].number_format == "dd/mm/yyyy"
    # a person on two shifts, giao thừa's and mùng 1's: the first and the last day apart, in English too
    two = hours_table([shift(at(5, 18), at(6, 6), "an"), shift(at(6, 18), at(7, 6), "an")], [])
    assert (
        hours_csv(two, header)
        .decode("utf-8")
        .splitlines()[1]
        .endswith(eve.replace(";", ",") + mung_1.replace(";", ","))
    )
    english = hours_csv(two, header, lang="en").decode("utf-8").splitlines()[1]
    assert english.endswith(",2027-02-05,29th day of the 12th lunar month,2027-02-06,1st day of Tết")
    assert rows[-1][0] == "Lập lúc"
