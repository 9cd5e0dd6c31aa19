"""The administrator's forms without the services: campaign days as lunar days of a Tết,
peaks typed on a Vietnamese wall clock, lists typed in one box."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from portal.domain import admin

ICT = timezone(timedelta(hours=7))


def test_a_solar_day_is_named_as_the_lunar_day_of_its_tet() -> None:
    # 19/01/2028 is 23 tháng Chạp Đinh Mùi: month 12 of the year before Tết Mậu Thân.
    assert admin.campaign_day("2028-01-19", 2028, "start") == admin.LunarDay(12, 23)
    assert admin.campaign_day("2028-02-04", 2028, "end") == admin.LunarDay(1, 10)
    assert admin.lunar_day_of(date(2028, 1, 26), 2028) == admin.LunarDay(1, 1)  # mùng 1 Tết


def test_a_day_outside_the_campaign_months_is_refused_on_its_field() -> None:
    with pytest.raises(admin.FormInvalid) as refused:
        admin.campaign_day("2027-05-01", 2028, "start")  # tháng Ba Đinh Mùi: before tháng Bảy
    assert refused.value.problems[0].field == "start"
    assert refused.value.problems[0].key == "errors.outside_year"
    with pytest.raises(admin.FormInvalid):
        admin.campaign_day("19/01/2028", 2028, "start")


def test_peaks_are_read_in_vietnam_time_and_empty_or_removed_rows_are_left_out() -> None:
    rows = admin.peak_rows(
        ["Giao thừa", "Sáng mùng 1", ""],
        ["2028-01-25T18:00", "2028-01-26T06:00", ""],
        ["2028-01-26T06:00", "2028-01-26T12:00", ""],
    )
    peaks = admin.parse_peaks(rows, removed={1})
    assert [p.name for p in peaks] == ["Giao thừa"]
    assert peaks[0].starts_at == datetime(2028, 1, 25, 18, tzinfo=ICT)
    assert peaks[0].as_json()["starts_at"] == "2028-01-25T18:00:00+07:00"
    assert admin.local_input(datetime(2028, 1, 25, 11, tzinfo=UTC)) == "2028-01-25T18:00"


@pytest.mark.parametrize(
    ("row", "key"),
    [
        (admin.PeakRow("Giao thừa", "2028-01-25T18:00", ""), "errors.peak_incomplete"),
        (admin.PeakRow("Giao thừa", "2028-01-25T18:00", "2028-01-25T17:00"), "errors.peak_order"),
        (admin.PeakRow("Giao thừa", "tối 30", "2028-01-25T17:00"), "errors.peak_time"),
    ],
)
def test_a_wrong_peak_row_is_named_by_its_number(row, key) -> None:
    with pytest.raises(admin.FormInvalid) as refused:
        admin.parse_peaks([admin.PeakRow("", "", ""), row])
    problem = refused.value.problems[0]
    assert (problem.field, problem.key, dict(problem.params)) == ("peaks", key, {"row": 2})


def test_every_peak_row_at_fault_is_named_at_once_with_one_outside_the_campaigns_days() -> None:
    """QA: the campaign form said one refusal a send; the peaks said only their first row at fault."""
    rows = [
        admin.PeakRow("Giao thừa", "2028-01-25T18:00", ""),
        admin.PeakRow("Giao thừa", "2028-01-26T06:00", "2028-01-26T02:00"),
        admin.PeakRow("Rằm", "2028-02-10T18:00", "2028-02-11T06:00"),  # after 24:00 on the last day
        admin.PeakRow("Mùng 1", "2028-01-26T00:00", "2028-01-26T06:00"),
    ]
    with pytest.raises(admin.FormInvalid) as refused:
        admin.parse_peaks(rows, days=(date(2028, 1, 19), date(2028, 2, 4)))
    assert [(p.key, dict(p.params).get("row")) for p in refused.value.problems] == [
        ("errors.peak_incomplete", 1),
        ("errors.peak_name_twice", 2),
        ("errors.peak_order", 2),
        ("errors.peak_outside", 3),
    ]
    assert dict(refused.value.problems[1].params)["other"] == 1
    # the whole last day is the campaign's: a peak to 24:00 on it is inside
    last = admin.PeakRow("Đêm cuối", "2028-02-04T18:00", "2028-02-05T00:00")
    assert admin.parse_peaks([last], days=(date(2028, 1, 19), date(2028, 2, 4)))[0].name == "Đêm cuối"


def test_a_campaigns_days_in_the_wrong_order_or_too_many_are_said_on_its_last_day() -> None:
    assert admin.campaign_days(date(2028, 1, 19), date(2028, 1, 19)) == []  # one whole day
    (order,) = admin.campaign_days(date(2028, 2, 4), date(2028, 1, 19))
    assert (order.field, order.key) == ("end", "days.out_of_order")  # every page's one message of it
    assert dict(order.params)["last_box"] == admin.Label("campaigns.last_day", written=True)
    (length,) = admin.campaign_days(date(2027, 9, 1), date(2028, 1, 30))  # 152 days
    assert (length.field, length.key, dict(length.params)["count"]) == ("end", "errors.campaign_length", 152)
    assert admin.campaign_days(date(2027, 10, 3), date(2028, 1, 30)) == []  # 120 days, roster's most


def test_small_inputs() -> None:
    assert admin.split_emails("a@x.vn, b@x.vn;c@x.vn\nd@x.vn") == ["a@x.vn", "b@x.vn", "c@x.vn", "d@x.vn"]
    assert admin.lunar_year_of(" 2028 ") == 2028
    with pytest.raises(admin.FormInvalid):
        admin.lunar_year_of("hai nghìn")
    with pytest.raises(admin.FormInvalid):
        admin.lunar_year_of("1800")
    assert admin.tet_name(2028) == "Tết Mậu Thân 2028"
    assert [admin.yes_no(v) for v in ("yes", "no", "", None, "x")] == [True, False, None, None, None]


def test_a_phone_or_addresses_that_are_none_are_named_as_roster_would_refuse_them() -> None:
    assert admin.phone_problem("", "manager_phone") is None
    assert admin.phone_problem("0272 3826 000", "manager_phone") is None
    assert admin.phone_problem("+84 (272) 3826-000", "manager_phone") is None
    assert admin.phone_problem(" 12 ", "manager_phone") == admin.FormProblem(
        "manager_phone", "errors.phone", (("phone", "12"),)
    )
    assert admin.phone_problem("1234567890123456", "manager_phone") is not None  # 16 digits
    assert admin.emails_problem("", "manager_emails") is None
    assert admin.emails_problem("a@b.vn; C@D.VN", "manager_emails") is None
    assert admin.emails_problem("a@b.vn, x, c@d", "manager_emails") == admin.FormProblem(
        "manager_emails", "errors.emails", (("emails", "x, c@d"), ("count", 2))
    )


def test_a_new_enterprise_owes_from_today_once_a_campaign_that_has_not_ended_obliges() -> None:
    """QZ15 #2: registered at 09:02 on mùng 1 with the box empty, an enterprise was mailed as late for the day before
    it existed. The form proposes today (Vietnam time) while a campaign is under way or a readiness item of one yet to
    start is due; nothing (it owes everything, which then means the same) before that or once every campaign ended."""
    tet = admin.Obliging(datetime(2027, 2, 6, 0, tzinfo=ICT), datetime(2027, 2, 21, 0, tzinfo=ICT))
    at_0902 = datetime(2027, 2, 6, 2, 2, tzinfo=UTC)  # 09:02 on mùng 1, Vietnam time
    assert admin.owes_from_default([tet], now=at_0902) == date(2027, 2, 6)
    late_evening = datetime(2027, 2, 6, 18, 30, tzinfo=UTC)  # 01:30 on 07/02 in Vietnam: its day, not UTC's
    assert admin.owes_from_default([tet], now=late_evening) == date(2027, 2, 7)
    assert admin.owes_from_default([tet], now=datetime(2027, 2, 21, 0, tzinfo=ICT)) is None  # ended
    # before the start: only once its first readiness item is due
    due = datetime(2027, 1, 25, 0, tzinfo=ICT)  # the end of 24/01
    ahead = admin.Obliging(tet.starts_at, tet.ends_at, first_due=due)
    assert admin.owes_from_default([ahead], now=due - timedelta(minutes=1)) is None
    assert admin.owes_from_default([ahead], now=due) == date(2027, 1, 25)
    assert admin.owes_from_default([tet], now=due) is None  # no item: nothing is owed before the start
    assert admin.owes_from_default([], now=at_0902) is None


def test_a_drill_under_way_before_tet_does_not_make_a_new_enterprise_owe_from_today() -> None:
    """QZ24 #3: during the drill of 27–29/01, Tết from 30/01, the form said the campaign had begun and proposed today:
    a drill owes no reports. Its Tết's readiness item already due still does."""
    drill = admin.Obliging(datetime(2027, 1, 27, 0, tzinfo=ICT), datetime(2027, 1, 30, 0, tzinfo=ICT), drill=True)
    tet = admin.Obliging(datetime(2027, 1, 30, 0, tzinfo=ICT), datetime(2027, 2, 16, 0, tzinfo=ICT))
    at_0900 = datetime(2027, 1, 27, 9, tzinfo=ICT)
    assert admin.owes_from_default([drill, tet], now=at_0900) is None
    due = admin.Obliging(tet.starts_at, tet.ends_at, first_due=datetime(2027, 1, 27, 0, tzinfo=ICT))
    assert admin.owes_from_default([drill, due], now=at_0900) == date(2027, 1, 27)
    assert admin.owes_from_default([drill, tet], now=datetime(2027, 1, 30, 9, tzinfo=ICT)) == date(2027, 1, 30)
