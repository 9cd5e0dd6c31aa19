"""A drill's reminders, gap alerts and calendar events say that they are a drill's (pure): the subject's
and the title's bracketed marker in the reader's language, a line of the body, the webhook's `drill`,
CATEGORIES; a Tết shift's and gap's are unchanged, and a digest mixing both never marks the Tết gaps."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from notifier_testkit import gap_view, mailed_subjects

from notifier.domain.calendar import FeedEntry, FeedSpec, render_feed, render_invitation
from notifier.domain.entries import drill_change_is_visible
from notifier.domain.messages import (
    GapView,
    ShiftView,
    gap_digest,
    gap_message,
    gap_payload,
    json_body,
    reminder_message,
    reminder_payload,
)
from notifier.domain.texts import Lang

TUYET = "Nguyễn Thị Ánh Tuyết"
START = datetime(2027, 1, 28, 1, tzinfo=UTC)  # 08:00 on 21 tháng Chạp: a drill a week before Tết
SHIFT = ShiftView(
    shift_id=uuid.UUID(int=1),
    enterprise_id=uuid.UUID(int=2),
    duty_type="operations",
    enterprise_name="VNPT Long An",
    site_name="Trạm viễn thông Đức Hòa",
    starts_at=START,
    ends_at=START + timedelta(hours=4),
    colleagues=("Trần Văn Bình",),
    manager_phone="0272 3826 999",
)
DRILL_SHIFT = dataclasses.replace(SHIFT, drill=True)
MARKER = {"vi": "[Diễn tập]", "en": "[Drill]"}
REMINDER_LINE = {
    "vi": "Ca trực dưới đây thuộc buổi diễn tập, không phải lịch trực Tết.",
    "en": "The shift below belongs to a drill, not to the Tết duty roster.",
}
GAP_LINE = {
    "vi": "Khoảng thiếu người dưới đây thuộc buổi diễn tập, không phải lịch trực Tết.",
    "en": "The gap below belongs to a drill, not to the Tết duty roster.",
}
LANGS: tuple[Lang, ...] = ("vi", "en")


def _gap(n: int, *, drill: bool = False, **changes) -> GapView:
    return gap_view(n, start=START, drill=drill, **changes)


def _one_line(subject: str) -> bool:
    return "\n" not in subject and "\r" not in subject and subject == subject.strip()


def test_a_drills_reminder_is_marked_in_both_languages_and_a_tet_one_is_not() -> None:
    vi = reminder_message(DRILL_SHIFT, person_name=TUYET, offset_minutes=60, lang="vi")
    assert vi.subject == "[Diễn tập] Nhắc trước 1 giờ: Trực điều hành — VNPT Long An, 08:00 28/01/2027 (21 tháng Chạp)"
    assert vi.text.startswith(
        f"Chào {TUYET},\n\n{REMINDER_LINE['vi']}\n\nNhắc trước 1 giờ — anh/chị có ca trực sắp tới:\n"
    )
    en = reminder_message(DRILL_SHIFT, person_name=TUYET, offset_minutes=60, lang="en")
    assert en.subject.startswith("[Drill] 1 hour before: Operations (command) duty — VNPT Long An, 08:00 28 Jan 2027")
    assert en.text.startswith(f"Dear {TUYET},\n\n{REMINDER_LINE['en']}\n\n1 hour before — this is a reminder")
    for lang in LANGS:
        tet = reminder_message(SHIFT, person_name=TUYET, offset_minutes=60, lang=lang)
        marked = reminder_message(DRILL_SHIFT, person_name=TUYET, offset_minutes=60, lang=lang)
        assert _one_line(marked.subject) and unicodedata.is_normalized("NFC", marked.subject + marked.text)
        assert marked.subject == f"{MARKER[lang]} {tet.subject}"
        assert marked.text == tet.text.replace("\n\n", f"\n\n{REMINDER_LINE[lang]}\n\n", 1)
        assert "[" not in tet.subject and REMINDER_LINE[lang] not in tet.text


@pytest.mark.parametrize("lang", LANGS)
def test_a_drills_gap_alert_and_closing_notice_are_marked(lang: Lang) -> None:
    for closed in (False, True):
        tet = gap_message(_gap(0), lang=lang, closed=closed)
        drill = gap_message(_gap(0, drill=True), lang=lang, closed=closed)
        assert drill.subject == f"{MARKER[lang]} {tet.subject}" and _one_line(drill.subject)
        assert drill.text == f"{GAP_LINE[lang]}\n\n{tet.text}"
        assert MARKER[lang] not in tet.subject and GAP_LINE[lang] not in tet.text
    narrowed = _gap(0, drill=True, still_short=((START, START + timedelta(hours=1)),))
    assert gap_message(narrowed, lang=lang, closed=True).subject.startswith(f"{MARKER[lang]} ")


def test_a_digest_is_marked_only_when_every_gap_in_it_is_a_drills() -> None:
    drills = gap_digest([_gap(0, drill=True), _gap(1, drill=True)], [_gap(2, drill=True)], lang="vi")
    assert (
        drills.subject
        == "[Diễn tập] Cảnh báo thiếu người trực: 2 khoảng thiếu người mới, 1 khoảng đã đủ người — VNPT Long An"
    )
    assert drills.text.startswith("Mọi khoảng dưới đây đều thuộc buổi diễn tập, không phải lịch trực Tết.\n\n")
    assert not any(line.startswith("  - [") for line in drills.text.splitlines())

    mixed = gap_digest([_gap(0, drill=True), _gap(1)], [], lang="vi")
    assert mixed.subject == "Cảnh báo thiếu người trực: 2 khoảng thiếu người mới — VNPT Long An"
    assert mixed.text.startswith(
        "Các khoảng ghi [Diễn tập] thuộc buổi diễn tập, không phải lịch trực Tết; các khoảng khác thuộc lịch trực Tết.\n\n"
    )
    lines = [line for line in mixed.text.splitlines() if line.startswith("  - ")]
    assert lines == [
        "  - [Diễn tập] Trực điều hành — VNPT Long An, toàn doanh nghiệp: 08:00–12:00 28/01/2027 (21 tháng Chạp); 1/2 người",
        "  - Trực điều hành — VNPT Long An, toàn doanh nghiệp: 12:00–16:00 28/01/2027 (21 tháng Chạp); 1/2 người",
    ]
    en = gap_digest([_gap(0, drill=True), _gap(1)], [], lang="en")
    assert en.subject == "Coverage gap: 2 opened — VNPT Long An"
    assert en.text.startswith("The gaps marked [Drill] belong to a drill, not to the Tết duty roster;")
    assert "  - [Drill] Operations (command) duty — VNPT Long An" in en.text

    tet = gap_digest([_gap(0), _gap(1)], [], lang="en")
    assert "[Drill]" not in tet.subject + tet.text and "drill" not in tet.text
    assert gap_digest([_gap(0, drill=True)], [], lang="en") == gap_message(_gap(0, drill=True), lang="en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_marked_subject_survives_the_mail_header_with_every_diacritic(lang: Lang) -> None:
    view = dataclasses.replace(DRILL_SHIFT, enterprise_name="Đài Phát thanh và Truyền hình Long An — Ặng Ẫu Ỷ Đỗ Ưng")
    for message in (
        reminder_message(view, person_name=TUYET, offset_minutes=60, lang=lang),
        gap_message(_gap(0, drill=True, enterprise_name=view.enterprise_name), lang=lang),
    ):
        raw, subjects = mailed_subjects(message, to_name=TUYET, date=START)
        assert raw.isascii() and all(len(line) <= 78 for line in raw.split(b"\r\n"))
        assert subjects == [message.subject] * 2 and message.subject.startswith(f"{MARKER[lang]} ")


def test_webhooks_say_whether_the_shift_or_gap_is_a_drills() -> None:
    def reminder(view: ShiftView) -> dict:
        message = reminder_message(view, person_name=TUYET, offset_minutes=60, lang="vi")
        return json.loads(
            json_body(
                reminder_payload(
                    view,
                    delivery_id=uuid.UUID(int=9),
                    reminder_id=uuid.UUID(int=10),
                    staff_id=uuid.UUID(int=11),
                    person_name=TUYET,
                    offset_minutes=60,
                    lang="vi",
                    message=message,
                )
            )
        )

    def gap(view: GapView, closed: bool) -> dict:
        message = gap_message(view, lang="en", closed=closed)
        return json.loads(
            json_body(gap_payload(view, delivery_id=uuid.UUID(int=9), closed=closed, lang="en", message=message))
        )

    assert reminder(DRILL_SHIFT)["shift"]["drill"] is True and reminder(SHIFT)["shift"]["drill"] is False
    assert reminder(DRILL_SHIFT)["subject"].startswith("[Diễn tập] ")
    for closed in (False, True):
        assert gap(_gap(0, drill=True), closed)["gap"]["drill"] is True
        assert gap(_gap(0), closed)["gap"]["drill"] is False


def _entry(**changes) -> FeedEntry:
    entry = FeedEntry(
        shift_id="shift-0001",
        person_id="person-tuyet",
        duty_type="operations",
        enterprise_name="VNPT Long An",
        site_name=None,
        start=START,
        end=START + timedelta(hours=4),
        lunar_label="21 tháng Chạp",
        colleagues=("Trần Văn Bình",),
        manager_phone=None,
        status="confirmed",
        sequence=1,
        changed_at=START - timedelta(days=2),
    )
    return dataclasses.replace(entry, **changes)


@pytest.mark.parametrize("lang", LANGS)
def test_a_drills_calendar_event_is_marked_and_categorised(lang: Lang) -> None:
    notice = {
        "vi": "Ca trực này thuộc buổi diễn tập, không phải lịch trực Tết.",
        "en": "This shift belongs to a drill, not to the Tết duty roster.",
    }[lang]
    spec = FeedSpec(name="Lịch trực", lang=lang, feed_id="feed-tuyet")
    feed = render_feed(
        spec,
        [
            _entry(drill=True),
            _entry(shift_id="shift-0002", start=START + timedelta(days=9), end=START + timedelta(days=9, hours=4)),
        ],
    )
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed).events}
    drill, tet = events["shift-0001.person-tuyet@lichtruc"], events["shift-0002.person-tuyet@lichtruc"]
    duty = {"vi": "Trực điều hành", "en": "Operations (command) duty"}[lang]
    assert str(drill["SUMMARY"]).startswith(f"{MARKER[lang]} {duty} — VNPT Long An")
    assert [str(c) for c in drill.categories] == [MARKER[lang][1:-1]]
    assert str(drill["DESCRIPTION"]).split("\n")[0] == notice
    assert not str(tet["SUMMARY"]).startswith("[") and "CATEGORIES" not in tet
    assert notice not in str(tet["DESCRIPTION"])
    parsed = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8"))  # the other parser takes it too
    assert str(next(e.summary for e in parsed.events)).startswith(MARKER[lang])

    cancelled = icalendar.Calendar.from_ical(render_invitation(_entry(drill=True, status="cancelled"), lang=lang))
    [event] = cancelled.events
    cancelled_word = {"vi": "Đã hủy", "en": "Cancelled"}[lang]
    assert str(event["SUMMARY"]).startswith(f"{MARKER[lang]} {cancelled_word}: {duty}")


def test_only_a_campaign_becoming_a_drill_or_ceasing_to_be_one_changes_its_entries() -> None:
    assert drill_change_is_visible(None, "drill") and drill_change_is_visible("tet", "drill")
    assert drill_change_is_visible("drill", "tet")
    assert not drill_change_is_visible(None, "tet") and not drill_change_is_visible("drill", "drill")
    assert not drill_change_is_visible("tet", "tet")
