"""The calendar feed renderer, checked through two independent parsers.

Every rendered file is read back with ``icalendar`` and with ``ical``
(allenporter's pydantic parser), because the serialiser is hand-written and
the calendar apps we target each have their own parser.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar import Calendar as IcalCalendar
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus

from notifier.domain.calendar import (
    FeedEntry,
    FeedSpec,
    invitation_method,
    render_feed,
    render_invitation,
    render_invitations,
)
from support import present

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TUYET = "Nguyễn Thị Ánh Tuyết"
ALL_DIACRITICS = (
    "ăâđêôơư ÁÀẢÃẠ ẮẰẲẴẶ ẤẦẨẪẬ ÉÈẺẼẸ ẾỀỂỄỆ ÍÌỈĨỊ ÓÒỎÕỌ ỐỒỔỖỘ ỚỜỞỠỢ "
    "ÚÙỦŨỤ ỨỪỬỮỰ ÝỲỶỸỴ Đđ áàảãạ ắằẳẵặ ấầẩẫậ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ "
    "ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ"
)
INJECTION = "x\r\nBEGIN:VEVENT\r\nUID:evil@example\r\nEND:VEVENT\r\nEND:VCALENDAR"
CHANGED_AT = datetime(2027, 1, 20, 3, 4, 5, tzinfo=UTC)
# 23:00 on 05 Feb 2027 in Viet Nam: the eve of the eve of Tết Đinh Mùi.
NIGHT_START = datetime(2027, 2, 5, 16, 0, tzinfo=UTC)


def make_entry(**changes: Any) -> FeedEntry:
    entry = FeedEntry(
        shift_id="shift-0001",
        person_id="person-tuyet",
        duty_type="leadership",
        enterprise_name="VNPT Long An",
        site_name="Trung tâm Điều hành mạng, 3 Hùng Vương, Tân An",
        start=NIGHT_START,
        end=NIGHT_START + timedelta(hours=8),
        lunar_label="29 tháng Chạp",
        colleagues=("Trần Văn Bình", "Lê Hoàng Phúc"),
        manager_phone="0912 345 678",
        status="confirmed",
        sequence=3,
        changed_at=CHANGED_AT,
        notes="Kiểm tra máy phát điện; mang thẻ ra vào.",
    )
    return replace(entry, **changes)


def make_spec(**changes: Any) -> FeedSpec:
    spec = FeedSpec(name=f"Lịch trực Tết — {TUYET}", lang="vi", feed_id="feed-tuyet")
    return replace(spec, **changes)


def parse_both(data: bytes) -> tuple[icalendar.Calendar, IcalCalendar]:
    """Parse with both libraries, failing on anything icalendar only tolerated."""
    with_icalendar = icalendar.Calendar.from_ical(data)
    for component in with_icalendar.walk():
        assert component.errors == [], (component.name, component.errors)
    with_ical = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return with_icalendar, with_ical


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[: -len(b"\r\n")].split(b"\r\n")


def text_of(component: icalendar.Component, name: str) -> str:
    return str(component[name])


# --- calendar-level properties ------------------------------------------------


def test_calendar_properties_are_read_by_both_parsers() -> None:
    data = render_feed(make_spec(), [make_entry()])
    cal, ical_cal = parse_both(data)

    assert text_of(cal, "VERSION") == "2.0"
    assert text_of(cal, "PRODID") == "-//lichtruc//lichtruc 0.1//VI"
    assert text_of(cal, "CALSCALE") == "GREGORIAN"
    assert text_of(cal, "METHOD") == "PUBLISH"
    assert text_of(cal, "X-WR-CALNAME") == f"Lịch trực Tết — {TUYET}"
    assert text_of(cal, "NAME") == f"Lịch trực Tết — {TUYET}"
    assert text_of(cal, "X-WR-TIMEZONE") == "Asia/Ho_Chi_Minh"
    assert cal.refresh_interval == timedelta(minutes=15)
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert text_of(cal, "X-PUBLISHED-TTL") == "PT15M"

    assert ical_cal.method == "PUBLISH"
    assert ical_cal.prodid == "-//lichtruc//lichtruc 0.1//VI"
    assert ical_cal.name == [f"Lịch trực Tết — {TUYET}"]
    assert ical_cal.refresh_interval == timedelta(minutes=15)
    assert ical_cal.x_wr_timezone == "Asia/Ho_Chi_Minh"
    extras = {extra.name: extra.value for extra in ical_cal.extras}
    assert extras["x-wr-calname"] == f"Lịch trực Tết — {TUYET}"
    assert extras["x-published-ttl"] == "PT15M"


def test_refresh_interval_is_written_as_an_rfc5545_duration() -> None:
    spec = make_spec(refresh_interval=timedelta(hours=1, minutes=30))
    cal, ical_cal = parse_both(render_feed(spec, []))

    assert text_of(cal, "X-PUBLISHED-TTL") == "PT1H30M"
    assert cal.refresh_interval == timedelta(hours=1, minutes=30)
    assert ical_cal.refresh_interval == timedelta(hours=1, minutes=30)


def test_vtimezone_declares_ict_without_daylight_saving() -> None:
    cal, ical_cal = parse_both(render_feed(make_spec(), [make_entry()]))

    [vtimezone] = cal.walk("VTIMEZONE")
    assert text_of(vtimezone, "TZID") == "Asia/Ho_Chi_Minh"
    [standard] = vtimezone.walk("STANDARD")
    assert standard.decoded("TZOFFSETFROM") == timedelta(hours=7)
    assert standard.decoded("TZOFFSETTO") == timedelta(hours=7)
    assert text_of(standard, "TZNAME") in {"+07", "ICT"}
    assert vtimezone.walk("DAYLIGHT") == []

    [ical_tz] = ical_cal.timezones
    assert ical_tz.tz_id == "Asia/Ho_Chi_Minh"
    assert [o.tz_offset_to.offset for o in ical_tz.standard] == [timedelta(hours=7)]
    assert ical_tz.daylight == []


def test_an_empty_feed_is_still_a_valid_calendar() -> None:
    cal, ical_cal = parse_both(render_feed(make_spec(), []))

    assert cal.events == []
    assert ical_cal.events == []
    assert text_of(cal, "X-WR-CALNAME") == f"Lịch trực Tết — {TUYET}"


# --- events -----------------------------------------------------------------------


def test_event_identity_and_versioning_come_from_the_entry() -> None:
    entry = make_entry(sequence=7)
    cal, ical_cal = parse_both(render_feed(make_spec(), [entry]))

    [event] = cal.events
    assert event.uid == "shift-0001.person-tuyet@lichtruc" == entry.uid
    assert event.sequence == 7
    assert event.status == "CONFIRMED"
    assert event.DTSTAMP == CHANGED_AT
    assert event.LAST_MODIFIED == CHANGED_AT
    assert text_of(event, "TRANSP") == "OPAQUE"
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event["DTEND"].params["TZID"] == "Asia/Ho_Chi_Minh"

    [ical_event] = ical_cal.events
    assert ical_event.uid == entry.uid
    assert ical_event.sequence == 7
    assert ical_event.status == EventStatus.CONFIRMED
    assert ical_event.dtstamp == CHANGED_AT
    assert ical_event.last_modified == CHANGED_AT
    assert ical_event.transparency == "OPAQUE"


def test_uid_differs_per_person_on_the_same_shift() -> None:
    entries = [make_entry(person_id="a"), make_entry(person_id="b")]
    cal, _ = parse_both(render_feed(make_spec(), entries))

    assert sorted(event.uid for event in cal.events) == [
        "shift-0001.a@lichtruc",
        "shift-0001.b@lichtruc",
    ]


def test_dtstamp_is_the_change_time_not_the_render_time() -> None:
    long_ago = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)
    data = render_feed(make_spec(), [make_entry(changed_at=long_ago)])
    cal, ical_cal = parse_both(data)

    assert long_ago == cal.events[0].DTSTAMP
    assert ical_cal.events[0].dtstamp == long_ago
    assert ical_cal.events[0].last_modified == long_ago


def test_shift_crossing_midnight_shows_local_wall_clock_times() -> None:
    data = render_feed(make_spec(), [make_entry()])
    cal, ical_cal = parse_both(data)

    lines = physical_lines(data)
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20270205T230000" in lines
    assert b"DTEND;TZID=Asia/Ho_Chi_Minh:20270206T070000" in lines
    [event] = cal.events
    assert event.start == NIGHT_START and isinstance(event.start, datetime) and isinstance(event.end, datetime)
    assert event.start.astimezone(HCM).replace(tzinfo=None) == datetime(2027, 2, 5, 23, 0)
    assert event.end.astimezone(HCM).replace(tzinfo=None) == datetime(2027, 2, 6, 7, 0)
    [ical_event] = ical_cal.events
    assert ical_event.dtstart == NIGHT_START
    assert ical_event.dtend == NIGHT_START + timedelta(hours=8)
    assert isinstance(ical_event.dtstart, datetime)
    assert ical_event.dtstart.astimezone(HCM).date() == date(2027, 2, 5)


def test_start_given_in_another_zone_is_the_same_instant() -> None:
    start_in_hcm = NIGHT_START.astimezone(HCM)
    same = render_feed(make_spec(), [make_entry(start=start_in_hcm)])

    assert same == render_feed(make_spec(), [make_entry()])


def test_summary_location_and_description_in_vietnamese() -> None:
    cal, ical_cal = parse_both(render_feed(make_spec(), [make_entry()]))

    expected_description = "\n".join(
        [
            "Doanh nghiệp: VNPT Long An",
            "Địa điểm: Trung tâm Điều hành mạng, 3 Hùng Vương, Tân An",
            "Ngày âm lịch: 29 tháng Chạp",
            "Đồng nghiệp cùng ca: Trần Văn Bình, Lê Hoàng Phúc",
            "Điện thoại trực lãnh đạo: 0912 345 678",
            "Ghi chú: Kiểm tra máy phát điện; mang thẻ ra vào.",
        ]
    )
    [event] = cal.events
    assert text_of(event, "SUMMARY") == "Trực lãnh đạo — VNPT Long An (29 tháng Chạp)"
    assert text_of(event, "LOCATION") == "Trung tâm Điều hành mạng, 3 Hùng Vương, Tân An"
    assert text_of(event, "DESCRIPTION") == expected_description
    [ical_event] = ical_cal.events
    assert ical_event.summary == "Trực lãnh đạo — VNPT Long An (29 tháng Chạp)"
    assert ical_event.location == "Trung tâm Điều hành mạng, 3 Hùng Vương, Tân An"
    assert present(ical_event.description) == expected_description


def test_english_feed_uses_english_words() -> None:
    entry = make_entry(duty_type="incident_response", lunar_label="Mùng 1 Tết")
    data = render_feed(make_spec(lang="en", name="Tết duty — " + TUYET), [entry])
    cal, ical_cal = parse_both(data)

    assert text_of(cal, "PRODID") == "-//lichtruc//lichtruc 0.1//EN"
    [event] = cal.events
    assert text_of(event, "SUMMARY") == "Network operation and incident response duty — VNPT Long An (Mùng 1 Tết)"
    description = present(ical_cal.events[0].description)
    assert description.splitlines() == [
        "Enterprise: VNPT Long An",
        "Site: Trung tâm Điều hành mạng, 3 Hùng Vương, Tân An",
        "Lunar day: Mùng 1 Tết",
        "Colleagues on this shift: Trần Văn Bình, Lê Hoàng Phúc",
        "Leadership duty phone: 0912 345 678",
        "Notes: Kiểm tra máy phát điện; mang thẻ ra vào.",
    ]


# The names come from lichtruc.duty_types: the one name in a title as everywhere (QZ29 #2).
@pytest.mark.parametrize(
    ("duty_type", "vi", "en"),
    [
        ("leadership", "Trực lãnh đạo", "Leadership duty"),
        ("operations", "Trực điều hành", "Operations (command) duty"),
        (
            "incident_response",
            "Trực vận hành khai thác mạng lưới và ứng cứu thông tin",
            "Network operation and incident response duty",
        ),
        ("patrol", "Tuần tra, bảo vệ", "Patrol and guard duty"),
        ("night_watch", "night_watch", "night_watch"),
    ],
)
def test_duty_type_names_with_raw_key_fallback(duty_type: str, vi: str, en: str) -> None:
    entry = make_entry(duty_type=duty_type)
    vi_cal, _ = parse_both(render_feed(make_spec(lang="vi"), [entry]))
    en_cal, _ = parse_both(render_feed(make_spec(lang="en"), [entry]))

    assert text_of(vi_cal.events[0], "SUMMARY").startswith(f"{vi} — ")
    assert text_of(en_cal.events[0], "SUMMARY").startswith(f"{en} — ")


def test_optional_fields_are_left_out_and_no_colleagues_points_to_who_else_is_on_duty() -> None:
    """A feed lists its shift's colleagues only (`domain.on_duty`: not the other shifts' people); with none, it does
    not say "không có", which read "you are alone that night" beside a duty leader (QZ25 #1), but where to look."""
    entry = make_entry(site_name=None, manager_phone=None, notes=None, colleagues=())
    cal, ical_cal = parse_both(render_feed(make_spec(), [entry]))

    [event] = cal.events
    assert "LOCATION" not in event
    assert present(ical_cal.events[0].description) == "\n".join(
        [
            "Doanh nghiệp: VNPT Long An",
            "Ngày âm lịch: 29 tháng Chạp",
            "Đồng nghiệp cùng ca: không có — người trực cùng giờ ở các ca khác: xem trang “Ca trực của tôi”",
        ]
    )


def test_cancelled_entry_is_rendered_as_cancelled_and_free() -> None:
    entry = make_entry(status="cancelled", sequence=4)
    cal, ical_cal = parse_both(render_feed(make_spec(), [entry, make_entry(shift_id="other")]))

    event = next(e for e in cal.events if e.uid == entry.uid)
    assert event.status == "CANCELLED"
    assert event.sequence == 4
    assert text_of(event, "TRANSP") == "TRANSPARENT"
    assert text_of(event, "SUMMARY") == "Đã hủy: Trực lãnh đạo — VNPT Long An (29 tháng Chạp)"
    ical_event = next(e for e in ical_cal.events if e.uid == entry.uid)
    assert ical_event.status == EventStatus.CANCELLED
    assert present(ical_event.description).startswith("Ca trực này đã bị hủy.\n")
    assert len(ical_cal.events) == 2


def test_a_cancelled_shift_says_why_in_both_parsers_and_languages() -> None:
    entry = make_entry(status="cancelled", sequence=4, cancel_reason="Trùng lịch ứng cứu sự cố cáp quang")
    cal, ical_cal = parse_both(render_feed(make_spec(), [entry]))
    [event] = cal.events
    assert text_of(event, "SUMMARY") == "Đã hủy: Trực lãnh đạo — VNPT Long An (29 tháng Chạp)"
    assert present(ical_cal.events[0].description).startswith(
        "Ca trực này đã bị hủy.\nLý do hủy: Trùng lịch ứng cứu sự cố cáp quang\n"
    )
    cal, _ = parse_both(render_feed(make_spec(lang="en"), [entry]))
    assert "Reason: Trùng lịch ứng cứu sự cố cáp quang" in text_of(cal.events[0], "DESCRIPTION")


def test_a_shift_handed_over_names_the_colleague_instead_of_saying_cancelled() -> None:
    entry = make_entry(status="cancelled", sequence=4, handed_to=("Trần Văn Bình",))
    cal, ical_cal = parse_both(render_feed(make_spec(), [entry]))
    [event] = cal.events
    assert event.status == "CANCELLED" and text_of(event, "TRANSP") == "TRANSPARENT"  # the time is free again
    assert text_of(event, "SUMMARY") == "Đã chuyển giao cho Trần Văn Bình: Trực lãnh đạo — VNPT Long An (29 tháng Chạp)"
    assert present(ical_cal.events[0].description).startswith(
        "Anh/chị không còn trực ca này: ca đã được chuyển giao cho Trần Văn Bình.\n"
    )
    assert "hủy" not in present(ical_cal.events[0].description)
    cal, _ = parse_both(render_feed(make_spec(lang="en"), [entry]))
    assert text_of(cal.events[0], "SUMMARY").startswith("Handed over to Trần Văn Bình: Leadership")


# --- Vietnamese text, folding and escaping -------------------------------------


def vietnamese_entry(text: str) -> FeedEntry:
    return make_entry(
        enterprise_name=f"Bưu điện tỉnh {text}",
        site_name=text,
        lunar_label=text,
        colleagues=(TUYET, text),
        notes=text,
    )


@pytest.mark.parametrize("text", [TUYET, ALL_DIACRITICS, unicodedata.normalize("NFD", ALL_DIACRITICS)])
def test_vietnamese_text_survives_both_parsers_unchanged(text: str) -> None:
    spec = make_spec(name=f"Lịch trực Tết — {text}")
    data = render_feed(spec, [vietnamese_entry(text)])
    cal, ical_cal = parse_both(data)

    [event] = cal.events
    [ical_event] = ical_cal.events
    expected_summary = f"Trực lãnh đạo — Bưu điện tỉnh {text} ({text})"
    for parsed in (text_of(event, "SUMMARY"), present(ical_event.summary)):
        assert parsed.encode("utf-8") == expected_summary.encode("utf-8")
    for parsed in (text_of(event, "LOCATION"), present(ical_event.location)):
        assert parsed.encode("utf-8") == text.encode("utf-8")
    for parsed in (text_of(event, "DESCRIPTION"), present(ical_event.description)):
        assert f"Đồng nghiệp cùng ca: {TUYET}, {text}\n" in parsed
        assert parsed.endswith(f"Ghi chú: {text}")
    assert text_of(cal, "X-WR-CALNAME") == f"Lịch trực Tết — {text}"
    assert ical_cal.name == [f"Lịch trực Tết — {text}"]


@pytest.mark.parametrize("padding", range(6))
@pytest.mark.parametrize("text", [ALL_DIACRITICS, unicodedata.normalize("NFD", ALL_DIACRITICS)])
def test_lines_are_folded_at_75_octets_between_whole_characters(padding: int, text: str) -> None:
    # Shifting the text by 0..5 ASCII bytes lands every fold on a different
    # byte of the 2- and 3-byte sequences.
    entry = vietnamese_entry("x" * padding + text)
    data = render_feed(make_spec(name="x" * padding + text), [entry])
    lines = physical_lines(data)

    assert max(len(line) for line in lines) <= 75
    assert any(len(line) >= 70 for line in lines)
    for line in lines:
        assert b"\r" not in line and b"\n" not in line
        decoded = line.decode("utf-8")  # each physical line on its own
        if decoded.startswith(" "):
            assert unicodedata.category(decoded[1])[0] != "M", decoded
    _, ical_cal = parse_both(data)
    assert ical_cal.events[0].location == "x" * padding + text


@pytest.mark.parametrize("padding", range(4))
def test_folding_never_separates_a_backslash_from_what_it_escapes(padding: int) -> None:
    notes = "x" * padding + "a,;\\" * 40
    data = render_feed(make_spec(), [make_entry(notes=notes)])

    for line in physical_lines(data):
        run = len(line) - len(line.rstrip(b"\\"))
        assert run % 2 == 0, line
    cal, ical_cal = parse_both(data)
    assert text_of(cal.events[0], "DESCRIPTION").endswith(notes)
    assert present(ical_cal.events[0].description).endswith(notes)


def test_commas_semicolons_backslashes_and_newlines_are_escaped() -> None:
    notes = "Phòng A, tầng 2; cửa sau\\kho\nGọi trước\\N khi đến C:\\new"
    data = render_feed(make_spec(), [make_entry(notes=notes, site_name="A, B; C")])

    assert "Phòng A\\, tầng 2\\; cửa sau\\\\kho\\nGọi trước\\\\N".encode() in data.replace(b"\r\n ", b"")
    assert b"LOCATION:A\\, B\\; C\r\n" in data
    cal, ical_cal = parse_both(data)
    assert text_of(cal.events[0], "DESCRIPTION").endswith(f"Ghi chú: {notes}")
    assert present(ical_cal.events[0].description).endswith(f"Ghi chú: {notes}")


@pytest.mark.parametrize(
    "field", ["enterprise_name", "site_name", "lunar_label", "notes", "colleague", "calendar_name"]
)
@pytest.mark.parametrize(
    ("separator", "becomes"),
    [("\r\n", "\n"), ("\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\x85", "\n"), ("\x0b\x00", "")],
)
def test_line_injection_stays_inside_one_property(field: str, separator: str, becomes: str) -> None:
    attack = INJECTION.replace("\r\n", separator)
    expected = INJECTION.replace("\r\n", becomes)
    if field == "colleague":
        entry, spec = make_entry(colleagues=(attack,)), make_spec()
    elif field == "calendar_name":
        entry, spec = make_entry(), make_spec(name=attack)
    else:
        entry, spec = make_entry(**{field: attack}), make_spec()
    data = render_feed(spec, [entry])
    cal, ical_cal = parse_both(data)

    lines = physical_lines(data)
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert lines.count(b"END:VCALENDAR") == 1
    assert not any(line.startswith(b"UID:evil") for line in lines)
    assert [e.uid for e in cal.events] == [entry.uid]
    assert [e.uid for e in ical_cal.events] == [entry.uid]
    if field == "calendar_name":
        assert ical_cal.name == [expected]
        # icalendar 7.3 reads NAME and X-WR-CALNAME as vUnknown and does not
        # unescape them, so compare its unfolded raw lines instead.
        escaped = expected.replace("\n", "\\n").encode()
        unfolded = physical_lines(data.replace(b"\r\n ", b""))
        assert b"NAME:" + escaped in unfolded
        assert b"X-WR-CALNAME:" + escaped in unfolded
    else:
        assert expected in present(ical_cal.events[0].description)
        assert expected in text_of(cal.events[0], "DESCRIPTION")


# --- alarms (the phone's own reminders) -----------------------------------------


def test_a_persons_feed_reminds_by_itself_per_offset_in_both_parsers() -> None:
    spec = make_spec(alarm_offsets_minutes=(60, 1440))
    cal, ical_cal = parse_both(render_feed(spec, [make_entry()]))

    [event] = cal.events
    alarms = event.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [timedelta(days=-1), timedelta(hours=-1)]
    assert {text_of(a, "ACTION") for a in alarms} == {"DISPLAY"}
    assert [text_of(a, "DESCRIPTION") for a in alarms] == [  # each says how long before (QZ12 #8)
        "Còn 1 ngày nữa đến giờ trực: Trực lãnh đạo — VNPT Long An (29 tháng Chạp)",
        "Còn 1 giờ nữa đến giờ trực: Trực lãnh đạo — VNPT Long An (29 tháng Chạp)",
    ]
    [ical_event] = ical_cal.events
    assert [a.trigger for a in ical_event.alarm] == [timedelta(days=-1), timedelta(hours=-1)]
    assert [a.action for a in ical_event.alarm] == ["DISPLAY", "DISPLAY"]

    cal, _ = parse_both(render_feed(make_spec(lang="en", alarm_offsets_minutes=(90,)), [make_entry(drill=True)]))
    [alarm] = cal.events[0].walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(hours=-1, minutes=-30)
    assert text_of(alarm, "DESCRIPTION") == (
        "Your duty shift starts in 1 hour 30 minutes: [Drill] Leadership duty — VNPT Long An (29 tháng Chạp)"
    )


def test_the_alarm_is_written_exactly_as_rfc5545_shows_it() -> None:
    unfolded = render_feed(make_spec(alarm_offsets_minutes=(60,)), [make_entry()]).replace(b"\r\n ", b"")
    lines = physical_lines(unfolded)
    end = lines.index(b"END:VEVENT")
    assert lines[end - 5 : end] == [
        b"BEGIN:VALARM",
        b"ACTION:DISPLAY",
        b"TRIGGER:-PT1H",
        "DESCRIPTION:Còn 1 giờ nữa đến giờ trực: Trực lãnh đạo — VNPT Long An (29 tháng Chạp)".encode(),
        b"END:VALARM",
    ]
    assert lines[end - 6] == b"TRANSP:OPAQUE"


def test_a_cancelled_or_handed_over_shift_and_a_feed_without_offsets_carry_no_alarm() -> None:
    spec = make_spec(alarm_offsets_minutes=(1440, 60))
    entries = [
        make_entry(),
        make_entry(shift_id="cancelled", status="cancelled"),
        make_entry(shift_id="handed", status="cancelled", handed_to=("Trần Văn Bình",)),
    ]
    cal, ical_cal = parse_both(render_feed(spec, entries))
    alarms = {str(e["UID"]).split(".")[0]: len(e.walk("VALARM")) for e in cal.events}
    assert alarms == {"shift-0001": 2, "cancelled": 0, "handed": 0}
    assert sorted(len(e.alarm) for e in ical_cal.events) == [0, 0, 2]

    assert b"VALARM" not in render_feed(make_spec(), entries)  # an enterprise's feed reminds nobody


def test_a_shift_over_carries_no_alarm_as_the_feed_version_says_not_the_clock() -> None:
    spec = make_spec(alarm_offsets_minutes=(1440, 60))
    done = make_entry(shift_id="done", start=NIGHT_START - timedelta(days=1), end=NIGHT_START - timedelta(hours=16))
    entries = [done, make_entry()]
    cal, _ = parse_both(render_feed(replace(spec, ended_through=done.end), entries))
    assert {str(e["UID"]).split(".")[0]: len(e.walk("VALARM")) for e in cal.events} == {"done": 0, "shift-0001": 2}
    cal, _ = parse_both(render_feed(replace(spec, ended_through=done.end - timedelta(seconds=1)), entries))
    assert [len(e.walk("VALARM")) for e in cal.events] == [2, 2]  # not over yet
    assert render_feed(spec, entries).count(b"BEGIN:VALARM") == 4  # None: nothing said over
    with pytest.raises(ValueError, match="ended_through must be timezone-aware"):
        make_spec(ended_through=datetime(2027, 2, 1))


def test_alarm_offsets_are_kept_in_one_order_and_checked() -> None:
    entries = [make_entry()]
    assert render_feed(make_spec(alarm_offsets_minutes=(60, 1440, 60)), entries) == render_feed(
        make_spec(alarm_offsets_minutes=(1440, 60)), entries
    )
    for wrong in [(0,), (-60,), (True,), 60]:
        with pytest.raises(ValueError, match="alarm_offsets_minutes must be whole minutes of at least 1"):
            make_spec(alarm_offsets_minutes=wrong)


# --- determinism and ordering ---------------------------------------------------


def test_same_input_gives_identical_bytes_in_any_order() -> None:
    entries = [
        make_entry(
            shift_id=f"s{i:03d}",
            start=NIGHT_START + timedelta(hours=i % 5),
            end=NIGHT_START + timedelta(hours=i % 5 + 8),
        )
        for i in range(40)
    ]
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)

    spec = make_spec(alarm_offsets_minutes=(1440, 60))
    first = render_feed(spec, entries)
    assert render_feed(spec, entries) == first
    assert render_feed(spec, shuffled) == first
    assert render_feed(spec, tuple(reversed(entries))) == first
    assert first.count(b"BEGIN:VALARM") == 80


def test_events_are_ordered_by_start_then_uid() -> None:
    late = make_entry(
        shift_id="a-late", start=NIGHT_START + timedelta(days=1), end=NIGHT_START + timedelta(days=1, hours=8)
    )
    early_b = make_entry(shift_id="b-early")
    early_a = make_entry(shift_id="a-early")
    cal, _ = parse_both(render_feed(make_spec(), [late, early_b, early_a]))

    assert [e.uid.split(".")[0] for e in cal.events] == ["a-early", "b-early", "a-late"]


# --- invitation -----------------------------------------------------------------


def test_invitation_is_one_published_event_with_the_feed_uid() -> None:
    entry = make_entry()
    data = render_invitation(entry, lang="en", organizer_email="lichtruc@stttt.longan.gov.vn")
    cal, ical_cal = parse_both(data)

    assert text_of(cal, "METHOD") == "PUBLISH"
    assert text_of(cal, "PRODID") == "-//lichtruc//lichtruc 0.1//EN"
    [event] = cal.events
    assert event.uid == entry.uid
    assert event["ORGANIZER"] == "mailto:lichtruc@stttt.longan.gov.vn"
    assert event.DTSTAMP == CHANGED_AT
    assert text_of(event, "SUMMARY") == "Leadership duty — VNPT Long An (29 tháng Chạp)"
    assert [tz.tz_id for tz in ical_cal.timezones] == ["Asia/Ho_Chi_Minh"]
    [ical_event] = ical_cal.events
    assert ical_event.organizer is not None
    assert ical_event.organizer.uri == "mailto:lichtruc@stttt.longan.gov.vn"
    assert ical_event.dtstart == NIGHT_START
    assert max(len(line) for line in physical_lines(data)) <= 75


def test_invitation_without_organizer_and_in_vietnamese() -> None:
    cal, _ = parse_both(render_invitation(make_entry(status="cancelled"), lang="vi"))

    [event] = cal.events
    assert "ORGANIZER" not in event
    assert event.status == "CANCELLED"
    assert text_of(event, "SUMMARY").startswith("Đã hủy: Trực lãnh đạo")


def test_a_mailed_invitation_carries_the_persons_alarms_as_the_feed_does_and_a_cancellation_none() -> None:
    """Z20: the feed reminded by itself, the .ics attached to a mail did not."""
    entry = make_entry()
    data = render_invitation(entry, lang="vi", alarm_offsets_minutes=(60, 1440, 60))
    cal, ical_cal = parse_both(data)
    [event] = cal.events
    alarms = event.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [timedelta(days=-1), timedelta(hours=-1)]
    assert {text_of(a, "ACTION") for a in alarms} == {"DISPLAY"}
    assert [a.trigger for a in ical_cal.events[0].alarm] == [timedelta(days=-1), timedelta(hours=-1)]

    def valarms(ics: bytes) -> list[bytes]:
        unfolded = ics.replace(b"\r\n ", b"").split(b"\r\n")
        return [line for line in unfolded if line in (b"BEGIN:VALARM", b"END:VALARM") or line.startswith(b"TRIGGER")]

    feed = render_feed(make_spec(alarm_offsets_minutes=(1440, 60)), [entry])
    assert valarms(data) == valarms(feed) and len(valarms(data)) == 6  # one builder: the same lines as the feed's
    said = [text_of(a, "DESCRIPTION") for a in alarms]
    assert said == [str(cal_a["DESCRIPTION"]) for cal_a in icalendar.Calendar.from_ical(feed).events[0].walk("VALARM")]
    cancelled = render_invitation(replace(entry, status="cancelled"), lang="vi", alarm_offsets_minutes=(1440, 60))
    assert b"VALARM" not in cancelled  # the one that removes a shift reminds of nothing
    handed = replace(entry, status="cancelled", handed_to=("Trần Văn Bình",))
    assert b"VALARM" not in render_invitation(handed, lang="en", alarm_offsets_minutes=(60,))
    assert b"VALARM" not in render_invitation(entry, lang="vi")  # a person who chose no reminders
    with pytest.raises(ValueError, match="alarm_offsets_minutes must be whole minutes of at least 1"):
        render_invitation(entry, lang="vi", alarm_offsets_minutes=(0,))


def test_every_vietnamese_calendar_text_addresses_the_person_as_the_mails_do() -> None:
    """QA round 10, #15: the removed person's .ics said "Bạn" where the mail said "Anh/chị"."""
    entries = [
        make_entry(),
        make_entry(shift_id="drill", drill=True),
        make_entry(shift_id="cancelled", status="cancelled", cancel_reason="Trùng lịch"),
        make_entry(shift_id="handed", status="cancelled", handed_to=("Trần Văn Bình",)),
    ]
    files = [render_invitation(e, lang="vi", organizer_email="lichtruc@stttt.longan.gov.vn") for e in entries]
    files.append(render_feed(make_spec(alarm_offsets_minutes=(1440, 60)), entries))
    said = [
        str(c[name])
        for data in files
        for c in icalendar.Calendar.from_ical(data).walk()
        for name in ("SUMMARY", "DESCRIPTION")
        if name in c
    ]
    assert len(said) == 4 * 2 * 2 + 2 * 2  # the events' of both, and the feed's two alarms on each shift not off
    assert [t for t in said if "bạn" in t.lower()] == []
    assert sum(t.startswith("Anh/chị không còn trực ca này") for t in said) == 2  # the handed-over one, twice


def test_several_shifts_in_one_publish_meet_rfc_5546s_table_and_a_cancel_is_of_one_event() -> None:
    """RFC 5546 3.2.1's constraints for a METHOD:PUBLISH of VEVENTs (checked against its table, N2's leftover):
    METHOD once; VEVENT 1+; in each VEVENT DTSTAMP, DTSTART, ORGANIZER, SUMMARY and UID exactly once, SEQUENCE
    (present: above 0 it must be), no ATTENDEE, no REQUEST-STATUS; a VTIMEZONE for the TZID the times name. 3.2.5:
    a CANCEL's VEVENTs all have one UID, no VALARM; so a CANCEL of two shifts, or an attendee in a PUBLISH, is
    refused."""
    night, morning = (
        make_entry(),
        make_entry(
            shift_id="shift-0002",
            start=NIGHT_START + timedelta(hours=10),
            end=NIGHT_START + timedelta(hours=18),
            sequence=0,
        ),
    )
    data = render_invitations(
        [morning, night], lang="vi", organizer_email="lichtruc@stttt.longan.gov.vn", alarm_offsets_minutes=(60,)
    )
    cal, ical_cal = parse_both(data)
    unfolded = data.replace(b"\r\n ", b"").split(b"\r\n")
    assert [line for line in unfolded if line.startswith(b"METHOD")] == [b"METHOD:PUBLISH"]  # once, in the calendar
    assert [e.uid for e in cal.events] == [night.uid, morning.uid]  # each its own, in time order
    for event in cal.events:
        names = [name for name, _ in event.property_items(recursive=False)]
        for name in ("DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID", "SEQUENCE"):
            assert names.count(name) == 1, name
        assert "ATTENDEE" not in event and "REQUEST-STATUS" not in event and "METHOD" not in event
        assert event["ORGANIZER"] == "mailto:lichtruc@stttt.longan.gov.vn"
    assert [e.get("SEQUENCE") for e in cal.events] == [3, 0] and [e.DTSTAMP for e in cal.events] == [CHANGED_AT] * 2
    assert [tz.tz_id for tz in ical_cal.timezones] == ["Asia/Ho_Chi_Minh"]
    assert len(ical_cal.events) == 2
    cancelled = [replace(e, status="cancelled") for e in (night, morning)]
    with pytest.raises(ValueError, match="CANCEL invitation cancels one event"):
        render_invitations(cancelled, lang="vi", method="CANCEL", attendee_email="tuyet@vnpt-longan.vn")
    with pytest.raises(ValueError, match="PUBLISH invitation names no attendee"):
        render_invitations([night], lang="vi", attendee_email="tuyet@vnpt-longan.vn")
    one = render_invitations(cancelled[:1], lang="vi", method="CANCEL", organizer_email="lichtruc@stttt.longan.gov.vn")
    [event] = icalendar.Calendar.from_ical(one).events
    assert event.get("STATUS") == "CANCELLED" and event.walk("VALARM") == [] and event.get("SEQUENCE") == 3


@pytest.mark.parametrize(
    "address", ["x@example.vn\r\nBEGIN:VEVENT", "no-at-sign", "a b@example.vn", "tuyết@example.vn"]
)
def test_invitation_rejects_an_organizer_that_is_not_a_plain_address(address: str) -> None:
    with pytest.raises(ValueError, match="organizer_email"):
        render_invitation(make_entry(), lang="vi", organizer_email=address)


# --- input validation -----------------------------------------------------------


def test_two_entries_for_the_same_shift_and_person_are_refused() -> None:
    with pytest.raises(ValueError, match="shift-0001 and person person-tuyet"):
        render_feed(make_spec(), [make_entry(), make_entry(sequence=9)])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": datetime(2027, 2, 5, 23, 0)}, "start must be timezone-aware"),
        ({"changed_at": datetime(2027, 1, 1)}, "changed_at must be timezone-aware"),
        ({"end": NIGHT_START}, "end .* must be after start"),
        ({"status": "published"}, "status must be one of confirmed, cancelled"),
        ({"sequence": -1}, "sequence must be a non-negative int"),
        ({"shift_id": ""}, "shift_id and person_id must be non-empty"),
    ],
)
def test_invalid_entries_are_refused_with_the_field_named(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_entry(**changes)


def test_invalid_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="lang must be one of vi, en"):
        make_spec(lang="fr")
    with pytest.raises(ValueError, match="refresh_interval must be a positive"):
        make_spec(refresh_interval=timedelta(0))


# --- scale ----------------------------------------------------------------------


def test_ten_thousand_entries_render_whole() -> None:
    # Speed is measured in bench/, not asserted here.
    template = vietnamese_entry(TUYET)
    entries = [
        replace(
            template,
            shift_id=f"shift-{i:05d}",
            start=NIGHT_START + timedelta(hours=8 * (i % 60)),
            end=NIGHT_START + timedelta(hours=8 * (i % 60) + 8),
        )
        for i in range(10_000)
    ]
    data = render_feed(make_spec(), entries)

    lines = physical_lines(data)
    assert lines.count(b"BEGIN:VEVENT") == 10_000
    assert max(len(line) for line in lines) <= 75
    assert len({line for line in lines if line.startswith(b"UID:")}) == 10_000 + 1  # + feed UID


def test_the_local_stamp_fast_path_is_the_zoneinfo_wall_clock() -> None:
    """The serialiser adds a fixed +07:00 instead of converting with ZoneInfo (a measured fast path):
    the same wall clock for every instant since Vietnam's last transition (13 June 1975) to 2100,
    and ZoneInfo's own answer before it."""
    from lichtruc.vntime import VIETNAM
    from notifier.domain import calendar

    rng = random.Random(1975)
    start, end = datetime(1975, 6, 13, tzinfo=UTC), datetime(2100, 12, 31, tzinfo=UTC)
    span_s = int((end - start).total_seconds())
    instants = [start + timedelta(seconds=rng.randrange(span_s)) for _ in range(20_000)]
    instants += [start, end, datetime(1975, 6, 12, 16, tzinfo=UTC), datetime(1960, 1, 1, tzinfo=UTC)]
    for at in instants:
        assert calendar._local_stamp(at) == f"{at.astimezone(VIETNAM):%Y%m%dT%H%M%S}", at


def test_the_managers_phone_is_grouped_as_people_read_it() -> None:
    """QA: the reminder e-mail wrote "02723826000"; the calendar's description as well. Grouped as the portal does."""
    cal, _ = parse_both(render_feed(make_spec(), [make_entry(manager_phone="02723826000")]))
    [event] = cal.events
    assert "Điện thoại trực lãnh đạo: 0272 3826 000" in text_of(event, "DESCRIPTION")


def test_an_event_links_to_its_shift_on_the_portal_with_an_url_both_parsers_read() -> None:
    """QZ29 #1: each event carries the portal's link to its shift (RFC 5545 3.8.4.6 URL, a URI value: not escaped
    as TEXT), in a feed as in an invitation; none without the portal's address, nor for something not an http(s) URL."""
    link = "https://lich.example.vn/go/shifts/6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f02"
    feed = render_feed(make_spec(), [make_entry(url=link)])
    [event] = icalendar.Calendar.from_ical(feed).events
    assert str(event["URL"]) == link
    [other] = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8")).events
    assert other.url == link
    invitation = render_invitation(make_entry(url=link), lang="vi", organizer_email="lichtruc@example.vn")
    assert f"\r\nURL:{link}\r\n".encode() in invitation
    assert b"\r\nURL:" not in render_feed(make_spec(), [make_entry()])
    assert b"\r\nURL:" not in render_feed(make_spec(), [make_entry(url="javascript:alert(1)")])
    assert b"\r\nURL:" not in render_feed(make_spec(), [make_entry(url="https://x.vn/a b\r\nX-EVIL:1")])


def test_invitation_method_reads_the_calendars_method() -> None:
    assert invitation_method(render_invitation(make_entry(), lang="vi").decode("utf-8")) == "PUBLISH"
    cancelled = make_entry(status="cancelled", sequence=2)
    assert invitation_method(render_invitation(cancelled, lang="vi", method="CANCEL").decode("utf-8")) == "CANCEL"
    assert invitation_method("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n") is None
