"""The portal's Tết hours forms and lists, without services: the manager's form read into roster's body
(every problem of it named, nothing typed left out, an untouched form read as its draft exactly), the
draft into the form, the public list by district, the status filter into audit's statuses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from portal.app import load_catalogue
from portal.domain.tet_hours import (
    CLOSES_PATTERN,
    OPENS_PATTERN,
    DayRow,
    FormReading,
    asked_statuses,
    by_district,
    clock,
    copy_day,
    form_rows,
    read_form,
    refused_days,
    typed_rows,
    with_unprintable,
)

DAYS = ["2027-02-05", "2027-02-06", "2027-02-07"]
LABELS = {
    "2027-02-05": "05/02/2027 (29 tháng Chạp Bính Ngọ)",
    "2027-02-06": "06/02/2027 (Mùng 1 Tết Đinh Mùi)",
    "2027-02-07": "07/02/2027 (Mùng 2 Tết Đinh Mùi)",
}
POINT = "Bưu điện Văn hóa xã Hưng Điền"
CATALOGUE = load_catalogue()


def browser_sends(rows: list[DayRow]) -> dict[str, str]:
    """What a browser sends for the form as shown: a ticked box's value, every text box's value (a text
    box holds no line break: the browser takes them out)."""
    form: dict[str, str] = {}
    for r in rows:
        if r.open:
            form[f"open-{r.day}"] = "1"
        for n, (opens, closes) in enumerate(r.sessions, start=1):
            form[f"a{n}-{r.day}"], form[f"b{n}-{r.day}"] = opens, closes
        form[f"note-{r.day}"] = r.note.replace("\r", "").replace("\n", "")
    return form


def read(
    form: Mapping[str, str], draft: list[dict[str, Any]] | None = None, *, publishing: bool = False
) -> FormReading:
    return read_form(typed_rows(DAYS, form, LABELS), draft or [], point=POINT, publishing=publishing)


def said(reading: FormReading, lang: str = "vi") -> list[tuple[str, str]]:
    """Each problem as the page says it: (day, words)."""
    return [
        (p.day, CATALOGUE.text(f"tet_hours.manage.errors.{p.key}", lang, **dict(p.params))) for p in reading.problems
    ]


@pytest.mark.parametrize(
    ("typed", "opening", "closing"),
    [
        ("07:30", "07:30", "07:30"),
        (" 7:30 ", "07:30", "07:30"),
        ("7h30", "07:30", "07:30"),
        ("7.30", "07:30", "07:30"),
        ("17h", "17:00", "17:00"),
        ("00:00", "00:00", "00:00"),
        ("23:59", "23:59", "23:59"),
        ("24:00", None, "24:00"),
        ("24h", None, "24:00"),
        ("24:01", None, None),
        ("25:00", None, None),
        ("07:60", None, None),
        ("7", None, None),
        ("0730", None, None),
        ("07:30:00", None, None),
        ("abc", None, None),
        ("", None, None),
        ("٠٧:٣٠", None, None),  # Arabic-Indic digits are not the digits people type here
    ],
)
def test_a_time_is_read_as_roster_takes_it_and_the_boxes_pattern_agrees(
    typed: str, opening: str | None, closing: str | None
) -> None:
    assert clock(typed) == opening
    assert clock(typed, closing=True) == closing
    # The browser checks the box's pattern (anchored, as HTML does) before sending, on the value as typed.
    if typed == typed.strip():
        assert bool(re.fullmatch(f"(?:{OPENS_PATTERN})", typed)) == (opening is not None)
        assert bool(re.fullmatch(f"(?:{CLOSES_PATTERN})", typed)) == (closing is not None)


def test_an_untouched_form_reads_as_its_draft_exactly() -> None:
    draft: list[dict[str, Any]] = [
        {
            "day": "2027-02-05",
            "open": True,
            "sessions": [{"opens": "07:30", "closes": "11:30"}, {"opens": "19:00", "closes": "24:00"}],
            "note": "mở đêm giao thừa tới 24:00",
        },
        {"day": "2027-02-06", "open": False, "sessions": [], "note": "Nghỉ Tết\n(cả ngày) "},
        {"day": "2027-02-07", "open": True, "sessions": [{"opens": "00:00", "closes": "24:00"}], "note": None},
    ]
    rows = form_rows(DAYS, draft, LABELS)
    assert rows[0].sessions == (("07:30", "11:30"), ("19:00", "24:00"))
    for publishing in (False, True):
        reading = read(browser_sends(rows), draft, publishing=publishing)
        assert reading.problems == ()
        assert list(reading.days) == draft


def test_a_changed_note_is_sent_trimmed_and_the_others_as_drafted() -> None:
    draft: list[dict[str, Any]] = [{"day": d, "open": False, "sessions": [], "note": "Nghỉ  Tết "} for d in DAYS]
    form = browser_sends(form_rows(DAYS, draft, LABELS))
    form["note-2027-02-05"] = "  Nghỉ cả ngày  "
    form["note-2027-02-06"] = "Nghỉ Tết"  # the same words
    assert [d["note"] for d in read(form, draft).days] == ["Nghỉ cả ngày", "Nghỉ  Tết ", "Nghỉ  Tết "]


def test_the_form_becomes_roster_days() -> None:
    form = {
        "open-2027-02-05": "1",
        "a1-2027-02-05": "7h30",
        "b1-2027-02-05": "11:30",
        "a2-2027-02-05": "19:00",
        "b2-2027-02-05": "24:00",
        "note-2027-02-05": " mở đêm giao thừa ",
        "a1-2027-02-06": "07:30",  # not open: its times are not sent
        "b1-2027-02-06": "",
        "note-2027-02-06": "Nghỉ Tết",
        "open-2027-02-07": "1",
        "a1-2027-02-07": "13:00",  # typed in the second row first: sent in the day's order
        "b1-2027-02-07": "17:00",
        "a2-2027-02-07": "08:00",
        "b2-2027-02-07": "12:00",
    }
    reading = read(form, publishing=True)
    assert reading.problems == ()
    assert list(reading.days) == [
        {
            "day": "2027-02-05",
            "open": True,
            "sessions": [{"opens": "07:30", "closes": "11:30"}, {"opens": "19:00", "closes": "24:00"}],
            "note": "mở đêm giao thừa",
        },
        {"day": "2027-02-06", "open": False, "sessions": [], "note": "Nghỉ Tết"},
        {
            "day": "2027-02-07",
            "open": True,
            "sessions": [{"opens": "08:00", "closes": "12:00"}, {"opens": "13:00", "closes": "17:00"}],
            "note": None,
        },
    ]


def test_half_a_session_is_a_problem_naming_the_point_the_day_and_the_session_never_dropped() -> None:
    form = {
        "open-2027-02-05": "1",
        "a1-2027-02-05": "07:30",
        "b1-2027-02-05": "11:30",
        "a2-2027-02-05": "19:00",
        "b2-2027-02-05": "",
        "open-2027-02-06": "1",
        "a1-2027-02-06": "",
        "b1-2027-02-06": "17:00",
        "open-2027-02-07": "1",
        "a1-2027-02-07": "08:00",
        "b1-2027-02-07": "12:00",
    }
    reading = read(form)
    assert reading.days == ()  # nothing to send
    assert said(reading) == [
        (
            "2027-02-05",
            "Bưu điện Văn hóa xã Hưng Điền, ngày 05/02/2027 (29 tháng Chạp Bính Ngọ), buổi 2: có giờ mở cửa “19:00” "
            "nhưng chưa có giờ đóng cửa. Hãy ghi giờ đóng cửa (ví dụ 17:00, hoặc 24:00 nếu mở tới nửa đêm), hoặc "
            "xóa giờ mở cửa nếu không mở buổi này.",
        ),
        (
            "2027-02-06",
            "Bưu điện Văn hóa xã Hưng Điền, ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi), buổi 1: có giờ đóng cửa “17:00” "
            "nhưng chưa có giờ mở cửa. Hãy ghi giờ mở cửa (ví dụ 07:30), hoặc xóa giờ đóng cửa nếu không mở buổi này.",
        ),
    ]
    assert [p.inputs for p in reading.problems] == [("b2",), ("a1",)]
    english = said(reading, "en")[0][1]
    assert english.startswith("Bưu điện Văn hóa xã Hưng Điền, 05/02/2027 (29 tháng Chạp Bính Ngọ), session 2: ")
    assert "opens at “19:00” but has no closing time" in english


def test_every_problem_of_every_day_is_listed() -> None:
    form = {
        "open-2027-02-05": "1",
        "a1-2027-02-05": "25:00",  # no time of day
        "b1-2027-02-05": "11:30",
        "a2-2027-02-05": "24:00",  # midnight closes a day, it opens none
        "b2-2027-02-05": "24:00",
        "open-2027-02-06": "1",
        "a1-2027-02-06": "18:00",
        "b1-2027-02-06": "00:00",  # before it opens: the end of the day is 24:00
        "note-2027-02-06": "x" * 301,
        "open-2027-02-07": "1",
        "a1-2027-02-07": "08:00",
        "b1-2027-02-07": "12:00",
        "a2-2027-02-07": "11:00",  # before the first closes
        "b2-2027-02-07": "17:00",
    }
    reading = read(form)
    assert reading.days == ()
    assert [(p.day, p.key, p.inputs) for p in reading.problems] == [
        ("2027-02-05", "bad_opening", ("a1",)),
        ("2027-02-05", "bad_opening", ("a2",)),
        ("2027-02-06", "note_long", ("note",)),
        ("2027-02-06", "closes_first", ("a1", "b1")),
        ("2027-02-07", "overlap", ("a2",)),
    ]
    words = dict(said(reading))
    assert "giờ mở cửa “25:00” không phải là giờ trong ngày" in said(reading)[0][1]
    assert "buổi 1: 18:00–00:00 đóng cửa không muộn hơn giờ mở cửa" in words["2027-02-06"]
    assert "buổi 2 (11:00–17:00) bắt đầu khi buổi 1 (08:00–12:00) chưa đóng cửa" in words["2027-02-07"]
    assert "Hãy cho buổi 2 bắt đầu từ 12:00 trở đi" in words["2027-02-07"]
    assert "ghi chú dài 301 ký tự, tối đa 300" in said(reading)[2][1]


def test_a_day_left_empty_is_not_entered_yet_in_a_draft_and_a_problem_when_publishing() -> None:
    form = {
        "open-2027-02-05": "1",
        "a1-2027-02-05": "07:30",
        "b1-2027-02-05": "11:30",
        "open-2027-02-06": "1",  # nothing typed
        "open-2027-02-07": "1",
        "note-2027-02-07": "Mở cửa bình thường",  # a note, but no hours
    }
    reading = read(form)
    assert [(p.day, p.key) for p in reading.problems] == [("2027-02-07", "no_hours")]
    del form["note-2027-02-07"]
    assert [d["day"] for d in read(form).days] == ["2027-02-05"]  # a draft goes without the empty days
    publishing = read(form, publishing=True)
    assert [(p.day, p.key) for p in publishing.problems] == [
        ("2027-02-06", "not_entered"),
        ("2027-02-07", "not_entered"),
    ]
    assert (
        "ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi): chưa nhập giờ, mà niêm yết cần có giờ của ngày này"
        in said(publishing)[0][1]
    )


def test_a_day_whose_only_session_ends_at_midnight_is_open_with_hours() -> None:
    form = {f"open-{d}": "1" for d in DAYS} | {f"a1-{d}": "19:00" for d in DAYS} | {f"b1-{d}": "24:00" for d in DAYS}
    reading = read(form, publishing=True)
    assert reading.problems == ()
    assert {d["sessions"][0]["closes"] for d in reading.days} == {"24:00"}


def test_what_roster_still_refuses_is_placed_beside_its_day() -> None:
    sent = [{"day": "2027-02-05"}, {"day": "2027-02-07"}]
    errors = [
        {
            "field": "days.1.sessions.0",
            "rule": "closes-after-opens",
            "message": "07/02/2027: …",
            "message_vi": "Ngày 07/02: …",
        },
        {"field": "body.days.0.note", "rule": "validation", "message": "Value error, too long", "message_vi": None},
        {"field": "days", "rule": "every-campaign-day", "message": "…", "missing_days": ["2027-02-06"]},
        {"field": "site_id", "rule": "transaction-point", "message": "not a point", "message_vi": "không phải điểm"},
    ]
    problems, others = refused_days(errors, sent, LABELS, point=POINT, lang="vi")
    assert [(p.day, p.key, dict(p.params).get("said")) for p in problems] == [
        ("2027-02-07", "roster", "Ngày 07/02: …"),
        ("2027-02-05", "roster", "too long"),
        ("2027-02-06", "not_entered", None),
    ]
    assert others == ("không phải điểm",)
    assert CATALOGUE.text("tet_hours.manage.errors.roster", "en", **dict(problems[1].params)) == f"{POINT}: too long"


def test_the_draft_fills_the_form() -> None:
    draft = [{"day": "2027-02-06", "open": False, "sessions": [], "note": "Nghỉ Tết"}]
    rows = form_rows(DAYS, draft, {"2027-02-06": "06/02/2027 (Mùng 1 Tết Đinh Mùi)"})
    assert [(r.day, r.open, r.note) for r in rows] == [
        ("2027-02-05", True, ""),
        ("2027-02-06", False, "Nghỉ Tết"),
        ("2027-02-07", True, ""),
    ]
    assert rows[1].label == "06/02/2027 (Mùng 1 Tết Đinh Mùi)" and rows[0].sessions == (("", ""), ("", ""))


def test_points_grouped_by_district_in_order() -> None:
    points: list[dict[str, str | None]] = [
        {"district": "Mộc Hóa", "site_name": "A"},
        {"district": "Tân An", "site_name": "B"},
        {"district": "Tân An", "site_name": "C"},
        {"district": None, "site_name": "D"},
    ]
    groups = by_district(points, unnamed="Chưa ghi huyện")
    assert [(g.name, [p["site_name"] for p in g.points]) for g in groups] == [
        ("Mộc Hóa", ["A"]),
        ("Tân An", ["B", "C"]),
        ("Chưa ghi huyện", ["D"]),
    ]


def test_the_status_filter_becomes_audits_statuses() -> None:
    """Blank: every point not published on time (before the deadline the points still to publish, after it the
    findings), where audit's own default would leave out those still to publish; not those not owed (QZ16 #8b: the
    Department exempted them, nothing to chase — counted on the page and a status of their own); "all", or one."""
    assert asked_statuses("") == ("missing", "late", "pending")
    assert asked_statuses("all") == ("missing", "late", "pending", "not_owed", "not_owed_published", "on_time")
    assert asked_statuses("on_time") == ("on_time",)


def test_a_note_is_told_unprintable_only_while_it_reads_as_the_saved_one() -> None:
    """roster names the characters of a saved note the printed notice cannot print; the form tells them beside a row
    whose note has the saved words (spaces aside), never beside a note typed anew and not saved yet."""
    draft = [
        {"day": DAYS[0], "open": False, "sessions": [], "note": "Nghỉ Tết 福", "note_unprintable": ["福"]},
        {"day": DAYS[1], "open": False, "sessions": [], "note": "Nghỉ Tết 禄", "note_unprintable": ["禄"]},
        {"day": DAYS[2], "open": False, "sessions": [], "note": "Nghỉ Tết", "note_unprintable": []},
    ]
    saved = with_unprintable(form_rows(DAYS, draft, LABELS), draft)
    assert [r.unprintable for r in saved] == [("福",), ("禄",), ()]
    form = {f"note-{DAYS[0]}": "  Nghỉ   Tết 福 ", f"note-{DAYS[1]}": "Nghỉ Tết", f"note-{DAYS[2]}": "Nghỉ Tết 寿"}
    typed = with_unprintable(typed_rows(DAYS, form, LABELS), draft)
    assert [r.unprintable for r in typed] == [("福",), (), ()]


# --- "Chép sang các ngày sau" (QZ24 #1): a day's hours copied in the form, nothing saved ------------------------

WEEK = [f"2027-02-{d:02d}" for d in range(5, 10)]


def _week(**typed: str) -> list[DayRow]:
    """The form over five days as a browser sends it: each day open unless `open-<day>` is given otherwise."""
    form = {f"open-{d}": "1" for d in WEEK} | typed
    return typed_rows(WEEK, {k: v for k, v in form.items() if v is not None and v != "0"}, {d: d for d in WEEK})


def _hours(row: DayRow) -> tuple[bool, tuple[tuple[str, str], ...]]:
    return row.open, row.sessions


def test_a_days_hours_copied_to_every_day_after_it_keep_each_days_note_and_read_as_its_own() -> None:
    rows = _week(
        **{
            "a1-2027-02-06": " 7h30",
            "b1-2027-02-06": "11:30",
            "a2-2027-02-06": "13:30",
            "b2-2027-02-06": "24:00",
            "note-2027-02-06": "Mùng 1",
            "note-2027-02-08": "Chỉ buổi sáng",
            "a1-2027-02-08": "08:00",
            "b1-2027-02-08": "9",
        }
    )
    rows[3] = replace(rows[3], errors=("giờ sai",), invalid=frozenset({"b1", "note"}))
    made = copy_day(rows, "2027-02-06", scope="rest", point=POINT)
    assert made.outcome == "done" and made.copied == ("2027-02-07", "2027-02-08", "2027-02-09")
    copied = (True, (("7h30", "11:30"), ("13:30", "24:00")))
    assert [_hours(r) for r in made.rows[2:]] == [copied] * 3
    assert made.rows[0] == rows[0] and made.rows[1] == rows[1]  # the days before it and itself as they were
    assert [r.copied_from for r in made.rows] == ["", "", "2027-02-06", "2027-02-06", "2027-02-06"]
    assert made.rows[3].note == "Chỉ buổi sáng"  # a note is its own day's
    assert made.rows[3].invalid == {"note"} and made.rows[3].errors == ()  # what was said of its times is gone
    # saved, each copied day reads as the day it was copied from (24:00 kept, "7h30" read as 07:30)
    days = read_form(made.rows, [], point=POINT, publishing=False).days
    assert [d["day"] for d in days] == WEEK[1:]  # the first day, empty, is not entered yet
    assert [d["sessions"] for d in days] == [
        [{"opens": "07:30", "closes": "11:30"}, {"opens": "13:30", "closes": "24:00"}]
    ] * 4


def test_a_copy_up_to_a_day_or_to_the_empty_days_only_leaves_the_others_as_typed() -> None:
    typed = {"a1-2027-02-05": "07:00", "b1-2027-02-05": "17:00", "a1-2027-02-08": "19:00", "b1-2027-02-08": "22:00"}
    rows = _week(**typed, **{"open-2027-02-07": "0", "note-2027-02-06": "chưa có giờ"})
    until = copy_day(rows, "2027-02-05", scope="until", until="2027-02-07", point=POINT)
    assert until.copied == ("2027-02-06", "2027-02-07")
    assert until.rows[2].open and until.rows[2].sessions[0] == ("07:00", "17:00")  # a closed day opened by the copy
    assert until.rows[3] == rows[3] and until.rows[4] == rows[4]
    empty = copy_day(rows, "2027-02-05", scope="empty", point=POINT)
    # the closed day is decided and the evening one typed: only the open days with no time (a note aside) take it
    assert empty.copied == ("2027-02-06", "2027-02-09")
    assert empty.rows[1].note == "chưa có giờ" and empty.rows[1].sessions[0] == ("07:00", "17:00")
    assert empty.rows[2] == rows[2] and empty.rows[3] == rows[3]
    # a day chosen that is not after it, or no empty day left: nothing copied, the form as it was
    assert copy_day(rows, "2027-02-08", scope="until", until="2027-02-06", point=POINT).outcome == "no_targets"
    again = copy_day(empty.rows, "2027-02-05", scope="empty", point=POINT)
    assert again.outcome == "no_targets" and again.rows == tuple(empty.rows)


def test_a_closed_day_copies_as_closed_and_a_day_with_no_hours_or_a_mistake_copies_nothing() -> None:
    rows = _week(
        **{
            "open-2027-02-05": "0",
            "a1-2027-02-06": "8h",
            "b1-2027-02-06": "7h",
            "a1-2027-02-07": "25:00",
            "b1-2027-02-07": "26:00",
        }
    )
    closed = copy_day(rows, "2027-02-05", scope="rest", point=POINT)
    assert [r.open for r in closed.rows] == [False] * 5
    assert {r.sessions for r in closed.rows} == {(("", ""), ("", ""))}  # its boxes too: no hours left behind
    nothing = copy_day(rows, "2027-02-08", scope="rest", point=POINT)
    assert nothing.outcome == "nothing" and nothing.rows == tuple(rows)
    wrong = copy_day(rows, "2027-02-06", scope="rest", point=POINT)
    assert wrong.outcome == "unreadable" and wrong.rows == tuple(rows) and wrong.copied == ()
    assert [(p.day, p.key, p.inputs) for p in wrong.problems] == [("2027-02-06", "closes_first", ("a1", "b1"))]
    assert copy_day(rows, "2027-02-07", scope="rest", point=POINT).outcome == "unreadable"


def test_a_days_copy_mark_comes_back_with_the_form_and_a_later_copy_keeps_the_others() -> None:
    """QZ25 #10: a second copy dropped the first one's "chưa lưu" marks. The form carries each day's mark
    (`copied_from-<day>`, an earlier day of the campaign: anything else is no mark), and a copy marks the days it
    fills, leaving the others' marks as they came."""
    sent = {
        "open-2027-02-06": "1",
        "copied_from-2027-02-06": "2027-02-05",  # marked by a first copy
        "copied_from-2027-02-05": "2027-02-07",  # a later day: no copy fills a day from one after it
        "copied_from-2027-02-07": "2027-03-01",  # no day of the campaign
        "open-2027-02-07": "1",
        "a1-2027-02-06": "07:00",
        "b1-2027-02-06": "11:00",
    }
    rows = typed_rows(DAYS, sent, LABELS)
    assert [r.copied_from for r in rows] == ["", "2027-02-05", ""]
    made = copy_day(rows, "2027-02-06", scope="rest", point=POINT)
    assert made.copied == ("2027-02-07",)
    assert [r.copied_from for r in made.rows] == ["", "2027-02-05", "2027-02-06"]
