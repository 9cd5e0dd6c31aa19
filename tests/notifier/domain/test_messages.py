"""Reminder and alert messages (pure): templates, MIME encoding, header injection, signatures."""

from __future__ import annotations

import dataclasses
import email
import email.header
import email.policy
import json
import sys
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from notifier_testkit import gap_view, mailed_subjects

from lichtruc import vntime, words
from notifier.domain.calendar import FeedEntry, render_invitation
from notifier.domain.deliveries import (
    http_status_is_transient,
    next_attempt,
    retry_delay,
    smtp_reply_is_transient,
)
from notifier.domain.messages import (
    GapView,
    Message,
    ShiftView,
    compose_email,
    gap_digest,
    gap_message,
    ics_method,
    json_body,
    reminder_message,
    reminder_payload,
    sign,
    single_line,
    span_said,
    start_said,
    still_short_within,
    valid_address,
    verify_signature,
)
from notifier.domain.tokens import digest, feed_links, looks_like_token, matches
from support import present

TUYET = "Nguyễn Thị Ánh Tuyết"
START = datetime(2027, 2, 5, 17, tzinfo=UTC)  # 00:00 on Mùng 1 Tết
VIEW = ShiftView(
    shift_id=uuid.UUID(int=1),
    enterprise_id=uuid.UUID(int=2),
    duty_type="incident_response",
    enterprise_name="Viettel Long An",
    site_name=None,
    starts_at=START,
    ends_at=START + timedelta(hours=8),
    colleagues=(),
    manager_phone="0909 000 111",
    notes=None,
)


def test_reminder_text_in_both_languages() -> None:
    vi = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="vi")
    assert (
        vi.subject
        == "Nhắc trước 1 giờ: Trực vận hành khai thác mạng lưới và ứng cứu thông tin — Viettel Long An, 00:00 06/02/2027 (Mùng 1 Tết)"
    )
    assert "  Thời gian: 00:00–08:00 06/02/2027 (Mùng 1 Tết), giờ Việt Nam\n" in vi.text
    assert (
        "  Đồng nghiệp cùng ca: không có — người trực cùng giờ ở các ca khác: xem trang “Ca trực của tôi”\n" in vi.text
    )
    assert "Địa điểm" not in vi.text
    en = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="en")
    assert (
        en.subject
        == "1 hour before: Network operation and incident response duty — Viettel Long An, 00:00 6 Feb 2027 (1st day of Tết)"
    )
    assert en.text.startswith(f"Dear {TUYET},\n")


def test_each_reminder_of_a_shift_says_how_long_before_it_is() -> None:
    """QZ12 #8: the hour-before reminder went, the person then chose 15 minutes, and the 15-minute reminder (an
    offset still ahead, so sent) read as the first one twice. Each says its own offset, in subject and first line."""
    hour = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="vi")
    quarter = reminder_message(VIEW, person_name=TUYET, offset_minutes=15, lang="vi")
    assert hour.subject != quarter.subject and hour.text != quarter.text
    assert quarter.subject.startswith(
        "Nhắc trước 15 phút: Trực vận hành khai thác mạng lưới và ứng cứu thông tin — Viettel Long An, "
    )
    assert quarter.text.startswith(f"Chào {TUYET},\n\nNhắc trước 15 phút — anh/chị có ca trực sắp tới:\n")
    en = reminder_message(VIEW, person_name=TUYET, offset_minutes=15, lang="en")
    assert en.subject.startswith("15 minutes before: Network operation and incident response duty — Viettel Long An, ")
    assert en.text.startswith(f"Dear {TUYET},\n\n15 minutes before — this is a reminder of your upcoming duty shift:\n")
    said = {
        minutes: (
            reminder_message(VIEW, person_name=TUYET, offset_minutes=minutes, lang="vi").subject.split(":")[0],
            reminder_message(VIEW, person_name=TUYET, offset_minutes=minutes, lang="en").subject.split(":")[0],
        )
        for minutes in (1, 30, 90, 1440, 2880, 1500)
    }
    assert said == {
        1: ("Nhắc trước 1 phút", "1 minute before"),
        30: ("Nhắc trước 30 phút", "30 minutes before"),
        90: ("Nhắc trước 1 giờ 30 phút", "1 hour 30 minutes before"),
        1440: ("Nhắc trước 1 ngày", "1 day before"),
        2880: ("Nhắc trước 2 ngày", "2 days before"),
        1500: ("Nhắc trước 1 ngày 1 giờ", "1 day 1 hour before"),
    }


def test_a_reminder_sent_late_says_the_time_left_not_its_offset() -> None:
    """QZ13: at the demo's 09:00 a shift starting 09:30 got "Nhắc trước 1 giờ" (its hour-before reminder, due 08:30,
    went out late): read as an hour to go. Sent more than a minute or two late, it says the time really left."""
    late = START - timedelta(minutes=30)
    vi = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="vi", now=late)
    assert vi.subject.startswith(
        "Ca trực bắt đầu sau 30 phút: Trực vận hành khai thác mạng lưới và ứng cứu thông tin — Viettel Long An, "
    )
    assert vi.text.startswith(f"Chào {TUYET},\n\nCa trực của anh/chị bắt đầu sau 30 phút:\n")
    assert "Nhắc trước" not in vi.text + vi.subject
    en = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="en", now=late)
    assert en.subject.startswith(
        "Shift starts in 30 minutes: Network operation and incident response duty — Viettel Long An, "
    )
    assert en.text.startswith(f"Dear {TUYET},\n\nYour duty shift starts in 30 minutes:\n")
    # a day-before one held by an outage: the time left in days, hours and minutes, to the nearest minute
    held = reminder_message(
        VIEW, person_name=TUYET, offset_minutes=1440, lang="en", now=START - timedelta(hours=2, minutes=5, seconds=20)
    )
    assert held.subject.startswith("Shift starts in 2 hours 5 minutes: ")
    # on time, or the scheduler's poll a few seconds or a minute after: the offset, as before
    for now in (START - timedelta(minutes=60), START - timedelta(minutes=59, seconds=5), START - timedelta(minutes=58)):
        on_time = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="vi", now=now)
        assert on_time == reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="vi"), now
        assert on_time.subject.startswith("Nhắc trước 1 giờ: ")


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("02723826000", "0272 3826 000"), ("0913555202", "0913 555 202"), ("0909 000 111", "0909 000 111")],
)
def test_the_reminder_groups_the_managers_phone_as_the_portal_shows_it(stored: str, shown: str) -> None:
    """QA: the reminder said "Điện thoại quản lý: 02723826000", ungrouped; later QA: that label named the
    enterprise's leadership-duty phone as a manager's, so it now says what the number is."""
    view = dataclasses.replace(VIEW, manager_phone=stored)
    assert (
        f"  Điện thoại trực lãnh đạo: {shown}\n"
        in reminder_message(view, person_name=TUYET, offset_minutes=60, lang="vi").text
    )
    assert (
        f"  Leadership duty phone: {shown}\n"
        in reminder_message(view, person_name=TUYET, offset_minutes=60, lang="en").text
    )
    assert (
        "Điện thoại trực lãnh đạo"
        not in reminder_message(
            dataclasses.replace(VIEW, manager_phone=None), person_name=TUYET, offset_minutes=60, lang="vi"
        ).text
    )


def test_gap_alert_and_closing_notice() -> None:
    gap = GapView(
        gap_id=uuid.UUID(int=3),
        enterprise_id=uuid.UUID(int=2),
        enterprise_name=None,
        site_name=None,
        duty_type="leadership",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        required=2,
        actual=0,
        peak=True,
        missing_qualification=True,
    )
    opened = gap_message(gap, lang="vi")
    assert opened.subject == "Cảnh báo thiếu người trực: Trực lãnh đạo — doanh nghiệp chưa đăng ký, 00:00 06/02/2027"
    assert "Số người trực / yêu cầu: 0 / 2" in opened.text and "Thiếu người có chuyên môn" in opened.text
    closed = gap_message(gap, lang="en", closed=True)
    assert closed.subject.startswith("Coverage restored: Leadership duty") and "0 / 2" not in closed.text


def test_the_time_zone_is_said_after_the_lunar_days_bracket_not_inside_it() -> None:
    """QA: a gap's period ended "08:00 09/02/2027 (Mùng 4 tháng Giêng, giờ Việt Nam)", the time zone read as part of
    the lunar day's name. It follows the bracket, in both languages (and in the reminder, which says it the same)."""
    start = datetime(2027, 2, 8, 1, tzinfo=UTC)  # 08:00 on mùng 3 Tết, to 08:00 on mùng 4
    gap = gap_view(0, start=start, ends_at=start + timedelta(days=1))
    assert (
        "  Khoảng thời gian: 08:00 08/02/2027 (Mùng 3 Tết) – 08:00 09/02/2027 (Mùng 4 tháng Giêng), giờ Việt Nam\n"
    ) in gap_message(gap, lang="vi").text
    assert (
        "  Window: 08:00 8 Feb 2027 (3rd day of Tết) – 08:00 9 Feb 2027 (4th day of the 1st lunar month), Viet Nam time\n"
    ) in gap_message(gap, lang="en").text
    en = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="en").text
    assert "00:00–08:00 6 Feb 2027 (1st day of Tết), Viet Nam time\n" in en, en
    assert "Viet Nam time)" not in en


def test_a_gap_alert_and_a_reminder_name_the_duty_in_their_body_and_subject_as_the_portal_and_roster_do() -> None:
    """QA: a gap alert called the duty "Trực ứng cứu thông tin" where the portal and roster say "Trực vận hành
    khai thác mạng lưới và ứng cứu thông tin" (lichtruc.duty_types). QZ29 #2: the subjects then said the
    vocabulary's short name ("Trực vận hành và ứng cứu…"), which no page says: one name, body and subject."""
    gap = gap_view(2, start=START, duty_type="incident_response", site_name="Trạm Bình Hiệp")
    for message in (
        gap_message(gap, lang="vi"),
        reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="vi"),
    ):
        assert "  Loại trực: Trực vận hành khai thác mạng lưới và ứng cứu thông tin\n" in message.text, message.text
        assert ": Trực vận hành khai thác mạng lưới và ứng cứu thông tin — " in message.subject
        assert "Trực vận hành và ứng cứu" not in message.subject + message.text
    en = gap_message(gap, lang="en")
    assert "  Duty: Network operation and incident response duty\n" in en.text, en.text
    assert en.subject.startswith("Coverage gap: Network operation and incident response duty — VNPT Long An, ")
    closed = gap_message(gap, lang="vi", closed=True)
    assert "  Loại trực: Trực vận hành khai thác mạng lưới và ứng cứu thông tin\n" in closed.text


def _gap(n: int, **changes) -> GapView:
    return gap_view(n, start=START, **changes)


def test_a_digest_counts_the_gaps_in_its_subject_and_lists_each_earliest_first() -> None:
    opened = [_gap(2, duty_type="incident_response", site_name="Trạm Bình Hiệp", peak=True), _gap(0)]
    closed = [_gap(1, duty_type="leadership")]
    vi = gap_digest(opened, closed, lang="vi")
    assert vi.subject == "Cảnh báo thiếu người trực: 2 khoảng thiếu người mới, 1 khoảng đã đủ người — VNPT Long An"
    lines = [line for line in vi.text.splitlines() if line.startswith("  - ")]
    assert lines == [
        "  - Trực điều hành — VNPT Long An, toàn doanh nghiệp: 00:00–04:00 06/02/2027 (Mùng 1 Tết); 1/2 người",
        "  - Trực vận hành khai thác mạng lưới và ứng cứu thông tin — VNPT Long An, Trạm Bình Hiệp: "
        "08:00–12:00 06/02/2027 (Mùng 1 Tết); 1/2 người, giờ cao điểm",
        "  - Trực lãnh đạo — VNPT Long An, toàn doanh nghiệp: 04:00–08:00 06/02/2027 (Mùng 1 Tết)",
    ]
    assert vi.text.index("Thiếu người trực (2):") < vi.text.index("Đã đủ người trực (1):")
    assert "Thời gian theo giờ Việt Nam." in vi.text and "Đề nghị bổ sung người trực" in vi.text
    assert "00000000-" not in vi.text and "operations" not in vi.text and "incident_response" not in vi.text

    en = gap_digest(opened, closed, lang="en")
    assert en.subject == "Coverage gap: 2 opened, 1 closed — VNPT Long An"
    assert (
        "  - Network operation and incident response duty — VNPT Long An, Trạm Bình Hiệp: 08:00–12:00 6 Feb 2027 "
        "(1st day of Tết); 1 of 2 people, peak window" in en.text
    )
    # QZ21 #5: a requirement of one is one person, not "1 people"
    alone = gap_digest([_gap(0, required=1, actual=0), _gap(1)], [], lang="en").text
    assert "(1st day of Tết); 0 of 1 person\n" in alone and "1 of 2 people" in alone and "1 people" not in alone
    assert "(Mùng 1 Tết); 0/1 người\n" in gap_digest([_gap(0, required=1, actual=0), _gap(1)], [], lang="vi").text


def test_a_digest_of_closings_only_and_across_enterprises() -> None:
    closed = [_gap(0), _gap(1, enterprise_name="Viettel Long An"), _gap(2, enterprise_name=None)]
    message = gap_digest([], closed, lang="vi")
    assert message.subject == "Đã đủ người trực: 3 khoảng đã đủ người — 3 doanh nghiệp"
    assert "Đề nghị bổ sung" not in message.text and "doanh nghiệp chưa đăng ký" in message.text
    assert gap_digest([], closed, lang="en").subject == "Coverage restored: 3 closed — 3 enterprises"


def test_a_gap_filled_in_part_is_its_own_group_and_says_what_is_still_short() -> None:
    """Its hours still short are said once: as "the new gap above" when the digest lists it, else by time."""
    rest = _gap(0, starts_at=START + timedelta(hours=2))  # 02:00–04:00, the part not filled
    narrowed = dataclasses.replace(_gap(0, gap_id=uuid.UUID(int=99)), still_short=((rest.starts_at, rest.ends_at),))
    other = _gap(3, duty_type="leadership")
    both = gap_digest([rest, other], [narrowed], lang="vi")
    assert both.subject == (
        "Cảnh báo thiếu người trực: 2 khoảng thiếu người mới, 1 khoảng đã bổ sung một phần — VNPT Long An"
    )
    assert "Đã bổ sung một phần, vẫn còn thiếu người (1):" in both.text and "Đã đủ người trực" not in both.text
    assert (
        "00:00–04:00 06/02/2027 (Mùng 1 Tết); phần còn thiếu là khoảng thiếu người mới nêu ở trên: "
        "02:00–04:00 06/02/2027 (Mùng 1 Tết)\n" in both.text
    )
    alone = gap_digest([other], [narrowed], lang="en")  # the rest was alerted before: said by its time
    assert alone.subject == "Coverage gap: 1 opened, 1 partly filled — VNPT Long An"
    assert "Partly filled, still understaffed (1):" in alone.text
    assert "; still understaffed 02:00–04:00 6 Feb 2027 (1st day of Tết)\n" in alone.text
    single = gap_message(narrowed, lang="vi", closed=True)
    assert single.subject.startswith("Đã bổ sung một phần người trực: Trực điều hành — VNPT Long An")
    assert "Vẫn còn thiếu người: 02:00–04:00 06/02/2027 (Mùng 1 Tết), giờ Việt Nam" in single.text


def test_a_gap_closed_by_its_requirement_is_never_said_staffed() -> None:
    """Lowered or removed (nobody added): the notice says the requirement changed and the window is no longer
    short under the new one — alone, and in a digest as its own group beside one covered by people."""
    changed = _gap(0, requirement_changed=True)
    vi = gap_message(changed, lang="vi", closed=True)
    assert vi.subject == "Yêu cầu trực đã thay đổi: Trực điều hành — VNPT Long An, 00:00 06/02/2027"
    assert "không còn thiếu người theo yêu cầu mới" in vi.text
    assert "đủ người" not in vi.text.lower() and "khắc phục" not in vi.text
    en = gap_message(changed, lang="en", closed=True)
    assert en.subject.startswith("The requirement changed: ") and "restored" not in en.text
    assert "no longer short under the new requirement" in en.text
    digest = gap_digest([], [changed, _gap(1, duty_type="leadership")], lang="vi")
    assert digest.subject == (
        "Đã đủ người trực: 1 khoảng đã đủ người, 1 khoảng không còn thiếu người theo yêu cầu mới — VNPT Long An"
    )
    changed_part = digest.text.split("Yêu cầu trực đã thay đổi, không còn thiếu người theo yêu cầu mới (1):\n")[1]
    assert changed_part.startswith("  - Trực điều hành — VNPT Long An")
    only = gap_digest([], [changed, _gap(1, requirement_changed=True)], lang="en")
    assert only.subject == "The requirement changed: 2 no longer short under the new requirement — VNPT Long An"
    assert "Coverage restored" not in only.text


def test_a_digest_of_one_gap_is_the_single_alert() -> None:
    assert gap_digest([_gap(0)], [], lang="vi") == gap_message(_gap(0), lang="vi")
    assert gap_digest([], [_gap(0)], lang="en") == gap_message(_gap(0), lang="en", closed=True)
    with pytest.raises(ValueError):
        gap_digest([], [], lang="vi")


@pytest.mark.parametrize("evil", ["Tuyết\r\nBcc: all@example.vn", "Tuyết\nX-Evil: 1", "Tuyết\u2028Bcc: x@y.vn"])
def test_no_name_can_add_a_header(evil: str) -> None:
    msg = compose_email(
        sender="lichtruc@so.vn",
        sender_name=evil,
        to="a@b.vn",
        to_name=evil,
        message=Message(f"Nhắc: {evil}", "Nội dung"),
        message_id="<1@so.vn>",
        date=START,
    )
    raw = bytes(msg)
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert str(parsed["Subject"]) == "Nhắc: " + single_line(evil)  # kept as text, on one line
    assert single_line(evil) == single_line(evil).strip() and "\n" not in single_line(evil)


def test_a_header_line_loses_every_control_and_line_separator_and_nothing_else() -> None:
    """Every code point of Unicode's categories Cc, Zl and Zp becomes a space (runs of spaces one), every other
    one is kept: Vietnamese letters, combining marks, the no-break and zero-width spaces, emoji."""
    unsafe = [chr(i) for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) in ("Cc", "Zl", "Zp")]
    assert len(unsafe) == 67
    assert single_line("a" + "".join(unsafe) + "b", limit=10_000) == "a b"
    kept = "".join(chr(i) for i in range(0x20, 0x3000) if chr(i) not in unsafe and chr(i) != " ")
    assert (
        single_line(f"Trực điều hành {kept}\u200b\U0001f9e7", limit=100_000) == f"Trực điều hành {kept}\u200b\U0001f9e7"
    )
    assert single_line("Chúc mừng\u2028năm\r\nmới\x85", limit=100_000) == "Chúc mừng năm mới"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "enterprise", ["VNPT Long An", "Đài Phát thanh và Truyền hình Long An", "Bưu điện tỉnh Long An"]
)
def test_the_subject_keeps_every_space_however_the_header_is_folded(lang, enterprise) -> None:
    for duty_type in ("leadership", "operations", "incident_response", "patrol"):
        view = dataclasses.replace(VIEW, duty_type=duty_type, enterprise_name=enterprise)
        message = reminder_message(view, person_name=TUYET, offset_minutes=60, lang=lang)
        assert " — " in message.subject
        raw, subjects = mailed_subjects(message, to_name=TUYET, date=START)
        assert raw.isascii() and all(len(line) <= 78 for line in raw.split(b"\r\n"))
        assert subjects == [message.subject] * 2, raw.split(b"\r\n\r\n")[0]


def test_mime_keeps_every_diacritic_byte_for_byte() -> None:
    name = "Ặng Ẫu Ỷ Đỗ Ưng ờ ổ ễ ị ọ ụ ỹ ỵ"
    msg = compose_email(
        sender="lichtruc@so.vn",
        sender_name="Lịch trực Tết",
        to="a@b.vn",
        to_name=name,
        message=Message(f"Nhắc {name}", f"Chào {name},\n"),
        message_id="<1@so.vn>",
        date=START,
        ics=f"BEGIN:VCALENDAR\r\nX-NAME:{name}\r\nEND:VCALENDAR\r\n".encode(),
    )
    raw = bytes(msg)
    assert raw.isascii()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["To"].addresses[0].display_name == name
    assert str(parsed["Subject"]) == f"Nhắc {name}"
    assert name.encode() in present(parsed.get_body(("plain",))).get_payload(decode=True)
    [ics] = parsed.iter_attachments()
    assert name.encode() in ics.get_payload(decode=True)


@pytest.mark.parametrize(("method", "said"), [("CANCEL", "CANCEL"), ("PUBLISH", "PUBLISH"), (None, "PUBLISH")])
def test_the_attachments_content_type_says_the_method_of_its_calendar(method: str | None, said: str) -> None:
    """QZ25 #6: a METHOD:CANCEL file went out as `text/calendar; method=PUBLISH`, and a mail client acting on the
    parameter (RFC 5545 8.1: it is the object's METHOD) would not remove the event."""
    ics = "BEGIN:VCALENDAR\r\n" + (f"METHOD:{method}\r\n" if method else "") + "END:VCALENDAR\r\n"
    msg = compose_email(
        sender="lichtruc@so.vn",
        sender_name="Lịch trực Tết",
        to="a@b.vn",
        to_name=None,
        message=Message("Ca trực của anh/chị đã bị hủy", "Chào,\n"),
        message_id="<1@so.vn>",
        date=START,
        ics=ics.encode(),
    )
    [part] = email.message_from_bytes(bytes(msg), policy=email.policy.default).iter_attachments()
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == said


@pytest.mark.parametrize("address", ["", "not-an-address", "a@b", "tuyết@vnpt.vn", "a@b.vn\r\nBcc: x@y.vn"])
def test_unusable_addresses_are_refused(address: str) -> None:
    assert not valid_address(address)
    with pytest.raises(ValueError, match="plain e-mail address"):
        compose_email(
            sender="lichtruc@so.vn",
            sender_name="x",
            to=address,
            to_name=None,
            message=Message("s", "t"),
            message_id="<1@so.vn>",
            date=START,
        )


def test_webhook_body_is_signed_over_its_exact_bytes() -> None:
    message = reminder_message(VIEW, person_name=TUYET, offset_minutes=60, lang="vi")
    body = json_body(
        reminder_payload(
            VIEW,
            delivery_id=uuid.UUID(int=9),
            reminder_id=uuid.UUID(int=10),
            staff_id=uuid.UUID(int=11),
            person_name=TUYET,
            offset_minutes=60,
            lang="vi",
            message=message,
        )
    )
    assert TUYET.encode() in body and json.loads(body)["shift"]["lunar_day"] == "Mùng 1 Tết"
    signature = sign(b"secret", body)
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert verify_signature(b"secret", body, signature)
    assert not verify_signature(b"secret", body + b" ", signature)
    assert not verify_signature(b"other", body, signature)


def test_backoff_and_what_is_worth_retrying() -> None:
    assert [retry_delay(n, base_seconds=30, max_seconds=300).total_seconds() for n in range(1, 7)] == [
        30,
        60,
        120,
        240,
        300,
        300,
    ]
    now = START
    assert next_attempt(now, 1, max_attempts=3, base_seconds=30, max_seconds=300) == now + timedelta(seconds=30)
    assert next_attempt(now, 3, max_attempts=3, base_seconds=30, max_seconds=300) is None
    assert smtp_reply_is_transient(451) and smtp_reply_is_transient(-1) and not smtp_reply_is_transient(550)
    assert http_status_is_transient(503) and http_status_is_transient(429) and not http_status_is_transient(404)


def test_tokens_are_kept_as_digests_and_offered_as_https_and_webcal() -> None:
    token = "A" * 43
    assert looks_like_token(token) and not looks_like_token(token + "=") and not looks_like_token("../x")
    assert matches(digest(token), token) and not matches(digest(token), "B" * 43)
    assert feed_links("https://lich.example.vn/", token) == (
        f"https://lich.example.vn/feeds/{token}.ics",
        f"webcal://lich.example.vn/feeds/{token}.ics",
    )


def test_what_a_closed_gap_still_lacks_is_its_window_clipped_to_the_open_gaps_joined() -> None:
    t = datetime(2027, 2, 5, 15, 0, tzinfo=UTC)  # 22:00 on giao thừa, Vietnam time
    h = timedelta(hours=1)
    assert still_short_within(t, t + 4 * h, []) == ()
    assert still_short_within(t, t + 4 * h, [(t - h, t), (t + 4 * h, t + 5 * h)]) == ()  # touching is not overlapping
    assert still_short_within(t, t + 4 * h, [(t + 3 * h, t + 6 * h), (t - h, t + h), (t + h, t + 2 * h)]) == (
        (t, t + 2 * h),
        (t + 3 * h, t + 4 * h),
    )


def test_the_calendar_attachments_method_parameter_is_its_files_method() -> None:
    """RFC 5545 3.7.2 and RFC 6047 2.4: the text/calendar part's "method" parameter is the file's METHOD — a
    cancellation's .ics (METHOD:CANCEL) went out labelled method=PUBLISH, which a mail client may take as an
    update to keep rather than a removal."""
    entry = FeedEntry(
        shift_id="s1",
        person_id="p1",
        duty_type="leadership",
        enterprise_name="VNPT Long An",
        site_name=None,
        start=START,
        end=START + timedelta(hours=8),
        lunar_label="",
        colleagues=(),
        manager_phone=None,
        status="cancelled",
        sequence=2,
        changed_at=START,
    )
    cancel = render_invitation(entry, lang="vi", organizer_email="lichtruc@so.vn", method="CANCEL")
    publish = render_invitation(
        dataclasses.replace(entry, status="confirmed"), lang="vi", organizer_email="lichtruc@so.vn"
    )
    for method, ics in (("CANCEL", cancel), ("PUBLISH", publish)):
        msg = compose_email(
            sender="lichtruc@so.vn",
            sender_name="Lịch trực",
            to="a@b.vn",
            to_name=None,
            message=Message("Hủy ca", "Nội dung"),
            message_id="<1@so.vn>",
            date=START,
            ics=ics,
        )
        parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
        [part] = [p for p in parsed.iter_attachments() if p.get_content_type() == "text/calendar"]
        assert part.get_param("method") == method and f"METHOD:{method}\r\n" in part.get_content()
    assert ics_method(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n") == "PUBLISH"


def test_spans_and_starts_said_once_read_the_same_for_the_same_instants_however_written() -> None:
    """`span_said` and `start_said` remember what they said (a batch says the same slots for every person): the
    same instants written in another zone are the same key, and read the same words, as `lichtruc.words` says
    them; an end at local midnight stays 24:00 of the day before."""
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    starts, ends = datetime(2027, 2, 5, 15, tzinfo=UTC), datetime(2027, 2, 5, 17, tzinfo=UTC)  # 22:00–24:00 local
    for lang in ("vi", "en"):
        first = span_said(starts, ends, lang)
        assert first == words.span(starts, ends, lang) and "24:00" in first
        assert span_said(starts.astimezone(hcm), ends.astimezone(hcm), lang) == first
        lunar = vntime.lunar_day_name(vntime.local_day(starts), lang)
        assert start_said(starts.astimezone(hcm), ends.astimezone(hcm), lang) == start_said(starts, ends, lang)
        # 22:00–24:00 on 29 tháng Chạp ends at the midnight mùng 1 begins: giao thừa's (`vntime.giao_thua`)
        said = f"{vntime.clock(starts, lang)} ({lunar}, {vntime.GIAO_THUA[lang]})"
        assert start_said(starts, ends, lang) == said
    assert span_said(starts, ends, "vi") != span_said(starts, ends, "en")
