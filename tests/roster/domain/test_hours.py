"""Transaction points' Tết hours, the pure parts: the schedule's rules (each error naming its day in
Vietnamese with the lunar name, and in English), the spreadsheet's hours cells and its lunar column (ignored),
what an imported day changes, the iCal text."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import icalendar
import pytest

from roster.documents.hours import hours_calendar
from roster.domain.errors import RuleViolation
from roster.domain.hours import (
    DayHours,
    PublishedPoint,
    Session,
    campaign_days,
    check_complete,
    check_schedule,
    hours_owed,
    owed_days,
)
from roster.domain.hours_import import HoursRow, hours_update, parse_hours, parse_sessions
from roster.domain.spreadsheets import read_table

TET = date(2027, 2, 6)
DAYS = campaign_days(datetime(2027, 1, 29, 17, tzinfo=UTC), datetime(2027, 2, 15, 17, tzinfo=UTC))


def test_campaign_days_are_local_days() -> None:
    assert (DAYS[0], DAYS[-1], len(DAYS)) == (date(2027, 1, 30), date(2027, 2, 15), 17)


def _rules(days: list[DayHours]) -> list[str]:
    with pytest.raises(RuleViolation) as caught:
        check_schedule(days, DAYS)
    return [e.rule for e in caught.value.errors]


def test_a_good_schedule_passes() -> None:
    check_schedule(
        [
            DayHours(TET, False, (), "Nghỉ Tết"),
            DayHours(date(2027, 2, 5), True, (Session("13:30", "17:00"), Session("07:30", "11:30"))),
            DayHours(date(2027, 2, 7), True, (Session("00:00", "24:00"),)),
        ],
        DAYS,
    )


@pytest.mark.parametrize(
    ("day", "rule"),
    [
        (DayHours(TET, True, (Session("07:30", "11:30"), Session("11:00", "17:00"))), "no-overlap"),
        (DayHours(TET, True, (Session("11:30", "07:30"),)), "closes-after-opens"),
        (DayHours(TET, True, (Session("07:30", "07:30"),)), "closes-after-opens"),
        (DayHours(TET, True, ()), "open-needs-hours"),
        (DayHours(TET, False, (Session("07:30", "11:30"),)), "closed-no-hours"),
        (DayHours(date(2027, 3, 1), False), "campaign-day"),
        (
            DayHours(TET, True, (Session("07:00", "08:00"), Session("09:00", "10:00"), Session("11:00", "12:00"))),
            "max-sessions",
        ),
    ],
)
def test_each_rule(day: DayHours, rule: str) -> None:
    assert rule in _rules([day])


def test_errors_name_the_day_with_its_lunar_name() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_schedule([DayHours(TET, True, ())], DAYS)
    error = caught.value.errors[0]
    assert "06/02/2027 (Mùng 1 Tết Đinh Mùi)" in error.message_vi
    assert "6 Feb 2027 (1st day of Tết, Đinh Mùi)" in error.message


def test_a_day_twice_is_refused() -> None:
    assert _rules([DayHours(TET, False), DayHours(TET, False)]) == ["unique-day"]


def test_publishing_needs_every_day() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_complete([DayHours(TET, False)], DAYS, "Bưu cục Tân An")
    error = caught.value.errors[0]
    assert error.rule == "every-campaign-day" and "Bưu cục Tân An" in error.message_vi
    assert len(error.context["missing_days"]) == 16
    check_complete([DayHours(d, False) for d in DAYS], DAYS, "Bưu cục Tân An")


def test_an_enterprise_owing_from_a_day_of_the_campaign_publishes_the_days_from_it_alone() -> None:
    """QZ17 #3: an enterprise registered on 06/02, owing from it, was asked the hours of 30/01 on."""
    owes_from = TET  # 06/02/2027
    from_it = [DayHours(d, False) for d in DAYS if d >= owes_from]
    assert owed_days(DAYS, owes_from) == [d.day for d in from_it] and owed_days(DAYS, None) == DAYS
    check_complete(from_it, DAYS, "Điểm giao dịch Cáp quang Mê Kông", obligations_from=owes_from)  # 30/01–05/02 empty
    with pytest.raises(RuleViolation) as caught:
        check_complete(from_it[1:], DAYS, "Điểm giao dịch Cáp quang Mê Kông", obligations_from=owes_from)
    error = caught.value.errors[0]
    assert error.context["missing_days"] == ["2027-02-06"]
    assert error.message_vi == (
        "Điểm giao dịch Cáp quang Mê Kông chưa có giờ cho ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi): hãy nhập đủ mọi ngày "
        "từ 06/02/2027 (ngày tính nghĩa vụ; các ngày trước đó có thể để trống), mở cửa hoặc nghỉ, trước khi niêm yết."
    )
    assert "every day from 6 Feb 2027 on (the day it owes from; the days before may stay empty)" in error.message
    with pytest.raises(RuleViolation):  # owing from after the campaign, a schedule of no day is still no schedule
        check_complete([], DAYS, "Điểm giao dịch Cáp quang Mê Kông", obligations_from=date(2027, 3, 1))
    check_complete(from_it[:1], DAYS, "Điểm giao dịch Cáp quang Mê Kông", obligations_from=date(2027, 3, 1))


def test_hours_due_before_the_day_an_enterprise_owes_from_are_not_owed() -> None:
    """As audit reads it: the deadline 00:00 30/01 is due by 29/01; 00:00 06/02 by 05/02, not owed from 06/02."""
    assert not hours_owed(datetime(2027, 1, 29, 17, tzinfo=UTC), TET)
    assert not hours_owed(datetime(2027, 2, 5, 17, tzinfo=UTC), TET)
    assert hours_owed(datetime(2027, 2, 6, 17, tzinfo=UTC), TET)
    assert hours_owed(datetime(2027, 1, 29, 17, tzinfo=UTC), None)


@pytest.mark.parametrize(
    ("text", "sessions"),
    [
        ("07:30-11:30, 13:30-17:00", (Session("07:30", "11:30"), Session("13:30", "17:00"))),
        ("7h30 – 11h30; 13h30 đến 17h", (Session("07:30", "11:30"), Session("13:30", "17:00"))),
        ("Nghỉ", ()),
        ("nghi", ()),
        ("", ()),
        ("sáng thôi", None),
        ("07:30-25:00", None),
    ],
)
def test_hours_cells(text: str, sessions: tuple[Session, ...] | None) -> None:
    assert parse_sessions(text) == sessions


MORNING, AFTERNOON = Session("07:30", "11:30"), Session("13:30", "17:00")


def test_an_imported_day_is_new_unchanged_or_an_update_saying_each_change_before_and_after() -> None:
    both = DayHours(TET, True, (MORNING, AFTERNOON))
    assert hours_update(None, both) == ("create", ())
    # The same sessions written in another order, or a note left empty: nothing changes.
    assert hours_update(both, DayHours(TET, True, (AFTERNOON, MORNING), "")) == ("unchanged", ())

    action, [closed] = hours_update(both, DayHours(TET, False))
    assert action == "update"
    assert (closed.field, closed.before, closed.after) == ("hours", ("07:30–11:30", "13:30–17:00"), ())
    assert closed.message_vi == "Giờ mở cửa: 07:30–11:30, 13:30–17:00 → Nghỉ"
    assert closed.message == "Opening hours: 07:30–11:30, 13:30–17:00 → closed"

    later = DayHours(TET, True, (Session("08:00", "11:30"),), "Mở muộn")
    action, (opening, note) = hours_update(DayHours(TET, False, (), "Nghỉ Tết"), later)
    assert action == "update"
    assert (opening.before, opening.after, opening.message_vi) == (
        (),
        ("08:00–11:30",),
        "Giờ mở cửa: Nghỉ → 08:00–11:30",
    )
    assert (note.field, note.before, note.after) == ("note", "Nghỉ Tết", "Mở muộn")
    assert (note.message_vi, note.message) == ("Ghi chú: Nghỉ Tết → Mở muộn", "Note: Nghỉ Tết → Mở muộn")

    action, [closing] = hours_update(DayHours(TET, True, (MORNING,)), DayHours(TET, True, (Session("07:30", "12:00"),)))
    assert (action, closing.message_vi) == ("update", "Giờ mở cửa: 07:30–11:30 → 07:30–12:00")
    _, [noted] = hours_update(DayHours(TET, True, (MORNING,)), DayHours(TET, True, (MORNING,), "Trực Tết"))
    assert (noted.before, noted.message_vi, noted.message) == (None, "Ghi chú: — → Trực Tết", "Note: (none) → Trực Tết")


def _parsed(csv_text: str) -> tuple[tuple[str, ...], list[tuple[int, HoursRow | None, list[str]]]]:
    cols, results = parse_hours(read_table(csv_text.encode("utf-8"), max_rows=10))
    return cols.ignored, [(r.row, r.parsed, [e.rule for e in r.errors]) for r in results]


def test_the_lunar_column_is_known_and_ignored_the_date_decides() -> None:
    """The template's "Âm lịch" column is for reading: a file with it reads as the same file without it, also when a
    lunar cell contradicts its date, is blank, or holds what a spreadsheet would run; it is not reported as a
    column nobody knows."""
    without = "Điểm giao dịch,Ngày,Giờ mở cửa,Ghi chú\nBưu cục Tân An,06/02/2027,Nghỉ,Nghỉ Tết\nBưu cục Tân An,15/02/2027,07:30-11:30,\n"
    with_lunar = (
        "Điểm giao dịch,Ngày,Âm lịch,Giờ mở cửa,Ghi chú\n"
        "Bưu cục Tân An,06/02/2027,Mùng 5 Tết,Nghỉ,Nghỉ Tết\n"  # contradicts its date: the date decides
        "Bưu cục Tân An,15/02/2027,=1+1\x07,07:30-11:30,\n"
    )
    assert _parsed(with_lunar) == _parsed(without)
    ignored, [(_, first, errors), _second] = _parsed(with_lunar)
    assert (ignored, errors) == ((), [])
    assert first is not None and first.day == DayHours(TET, False, (), "Nghỉ Tết")
    # Other spellings of the header are known too; a column nobody knows is still said to be ignored.
    other = "Điểm giao dịch,Ngày,Ngày âm lịch,Giờ mở cửa,Người điền\nBưu cục Tân An,06/02/2027,,Nghỉ,Lan\n"
    assert _parsed(other)[0] == ("Người điền",)


def test_ical_feed_parses_and_folds_long_vietnamese_lines() -> None:
    point = PublishedPoint(
        site_id=uuid.uuid4(),
        site_name="Bưu điện Văn hóa xã Hưng Điền, huyện Tân Hưng; điểm phục vụ khách hàng vùng biên giới Việt Nam – Campuchia",
        district="Tân Hưng",
        enterprise_id=uuid.uuid4(),
        enterprise_name="Bưu điện tỉnh Long An",
        campaign_id=uuid.uuid4(),
        lunar_year=2027,
        days=(
            DayHours(date(2027, 2, 5), True, (Session("07:30", "11:30"),), "Nghỉ chiều giao thừa\\thật"),
            DayHours(TET, False, (), "Nghỉ Tết"),
        ),
        published_version=2,
        published_at=datetime(2027, 1, 20, 3, tzinfo=UTC),
    )
    data = hours_calendar([point], name="Giờ mở cửa Tết Đinh Mùi 2027")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    [event, closed] = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert (closed.decoded("DTSTART"), closed.decoded("DTEND")) == (TET, date(2027, 2, 7))  # all day, mùng 1
    assert str(closed["SUMMARY"]) == f"Nghỉ giao dịch – {point.site_name}"
    assert str(closed["DESCRIPTION"]).endswith("ngày 06/02/2027 (Mùng 1 Tết). Nghỉ Tết")
    assert str(event["SUMMARY"]) == f"Mở cửa giao dịch – {point.site_name}"
    assert event.decoded("DTSTART") == datetime(2027, 2, 5, 0, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 2, 5, 4, 30, tzinfo=UTC)
    assert "(29 tháng Chạp)" in str(event["DESCRIPTION"]) and "giao thừa\\thật" in str(event["DESCRIPTION"])
    assert hours_calendar([point], name="x") == hours_calendar([point], name="x")  # same input, same bytes


def test_the_public_season_says_whether_the_tet_shown_is_under_way_to_come_or_over() -> None:
    """QZ23 #5: after Tết the public page said only that nobody had published, not of which Tết."""
    from roster.domain.hours import public_season

    starts, ends = datetime(2027, 1, 29, 17, tzinfo=UTC), datetime(2027, 2, 15, 17, tzinfo=UTC)
    assert public_season(starts, ends, now=datetime(2027, 1, 20, tzinfo=UTC)) == "coming"
    assert public_season(starts, ends, now=datetime(2027, 2, 7, 0, 30, tzinfo=UTC)) == "under_way"
    assert public_season(starts, ends, now=ends) == "over"  # 00:00 on 16/02
