"""Transaction points' Tết hours, the pure parts: the schedule's rules (each error naming its day in
Vietnamese with the lunar name, and in English), the spreadsheet's hours cells, the iCal text."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import icalendar
import pytest

from roster.documents.hours import hours_calendar
from roster.domain.errors import RuleViolation
from roster.domain.hours import DayHours, PublishedPoint, Session, campaign_days, check_complete, check_schedule
from roster.domain.hours_import import parse_sessions

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
    assert "06/02/2027 (Day 1 of Tết, Đinh Mùi)" in error.message


def test_a_day_twice_is_refused() -> None:
    assert _rules([DayHours(TET, False), DayHours(TET, False)]) == ["unique-day"]


def test_publishing_needs_every_day() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_complete([DayHours(TET, False)], DAYS, "Bưu cục Tân An")
    error = caught.value.errors[0]
    assert error.rule == "every-campaign-day" and "Bưu cục Tân An" in error.message_vi
    assert len(error.context["missing_days"]) == 16
    check_complete([DayHours(d, False) for d in DAYS], DAYS, "Bưu cục Tân An")


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
    data = hours_calendar([point], name="Giờ giao dịch Tết Đinh Mùi 2027")
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
