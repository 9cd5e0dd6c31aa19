"""Notices of a change of who is on a shift (pure; QA round 9, #3): the exact sentences each person reads, in
Vietnamese and English — put on (in place of whom, by whom), taken off (who takes it), a swap approved (the
manager's note), asked for (to the managers, to the colleague it names) and rejected (the reason) — and when a
notice to a person inside their quiet hours goes out."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any

from lichtruc.events import SYSTEM_ACTOR
from notifier.domain.messages import ShiftView, json_body, reminder_message
from notifier.domain.on_duty import Beside
from notifier.domain.reminders import QuietHours
from notifier.domain.shift_notices import (
    asked_message,
    asked_you_message,
    cancelled_message,
    handover_off_message,
    handover_taker_message,
    lapsed_message,
    notice_payload,
    notice_time,
    people_now,
    published_message,
    put_on_message,
    rejected_message,
    swap_asker_message,
    swap_taker_message,
    taken_off_message,
)
from notifier.domain.swap_urgency import URGENT_WITHIN, starts_in
from notifier.domain.texts import Lang
from portal.app import load_catalogue
from portal.domain.swap_urgency import URGENT_WITHIN as PORTALS

ANH, BAO, MANAGER = "Phạm Thị Ngọc Ánh", "Đặng Quốc Bảo", "Trần Văn Tâm"
LOGIN = "manager-vnpt"  # the account's login: the event's `actor`, never said to a person (QA round 10, #15)
START = datetime(2027, 2, 7, 23, tzinfo=UTC)  # 06:00 08/02/2027, Mùng 3 Tết
VIEW = ShiftView(
    shift_id=uuid.UUID(int=1),
    enterprise_id=uuid.UUID(int=2),
    duty_type="operations",
    enterprise_name="VNPT Long An",
    site_name="Trung tâm điều hành Tân An",
    starts_at=START,
    ends_at=START + timedelta(hours=12),
    colleagues=("Lê Văn Hòa",),
    manager_phone="0272 3 826 999",
)


def test_a_person_put_on_a_shift_is_told_in_place_of_whom_and_by_which_manager() -> None:
    vi = put_on_message(
        VIEW, person_name=BAO, lang="vi", instead_of=[ANH], actor=LOGIN, actor_name=MANAGER, link="https://p/go/1"
    )
    assert vi.subject.startswith("Anh/chị được phân công trực: ")
    assert "VNPT Long An, 06:00 08/02/2027 (Mùng 3 Tết)" in vi.subject
    assert vi.text.startswith(f"Chào {BAO},\n\nAnh/chị vừa được phân công trực ca dưới đây, thay cho {ANH} ")
    assert f"(người phân công: {MANAGER})." in vi.text
    assert "06:00–18:00 08/02/2027 (Mùng 3 Tết), giờ Việt Nam" in vi.text
    assert "Trung tâm điều hành Tân An" in vi.text and "Lê Văn Hòa" in vi.text
    assert "tệp lịch (.ics)" in vi.text and "https://p/go/1" in vi.text
    assert "Nhắc trước" not in vi.subject  # not the generic reminder (00251.eml)
    en = put_on_message(VIEW, person_name=BAO, lang="en", instead_of=[ANH], actor=LOGIN, actor_name=MANAGER)
    assert en.subject.startswith("You are on a shift: ")
    assert f"You have been put on the shift below, in place of {ANH} (by {MANAGER})." in en.text
    assert "8 Feb 2027" in en.text
    added = put_on_message(VIEW, person_name=BAO, lang="en", instead_of=[], actor="system")
    assert "You have been put on the shift below." in added.text  # nobody replaced; roster itself named nobody
    # An event from before roster carried the name (or an account it no longer knew): a manager, not the login.
    old = put_on_message(VIEW, person_name=BAO, lang="vi", instead_of=[ANH], actor=LOGIN)
    assert f"thay cho {ANH} (người phân công: người quản lý)." in old.text and LOGIN not in old.text
    old = put_on_message(VIEW, person_name=BAO, lang="en", instead_of=[ANH], actor=LOGIN, actor_name=" ")
    assert f"in place of {ANH} (by a manager)." in old.text and LOGIN not in old.text


def test_a_person_taken_off_is_told_who_takes_it() -> None:
    vi = taken_off_message(VIEW, person_name=ANH, lang="vi", given_to=[BAO], actor=LOGIN, actor_name=MANAGER)
    assert vi.subject.startswith("Anh/chị không còn trực ca: ")
    assert f"Anh/chị không còn trực ca dưới đây: ca đã được giao cho {BAO} (người thay đổi: {MANAGER})." in vi.text
    assert "gỡ ca này khỏi lịch" in vi.text
    assert "Lê Văn Hòa" not in vi.text  # no "colleagues" list of a shift they are off
    old = taken_off_message(VIEW, person_name=ANH, lang="en", given_to=[BAO], actor=LOGIN)
    assert f"it was given to {BAO} (changed by a manager)." in old.text and LOGIN not in old.text
    en = taken_off_message(VIEW, person_name=ANH, lang="en", given_to=[BAO, "Lê Văn Hòa"], actor=None)
    assert f"You are no longer on the shift below: it was given to {BAO}, Lê Văn Hòa." in en.text


def test_an_approved_swap_tells_both_with_the_managers_note() -> None:
    taker = swap_taker_message(
        VIEW,
        person_name=BAO,
        lang="vi",
        asker=ANH,
        actor=LOGIN,
        actor_name=MANAGER,
        note="Đồng ý, Bảo nhận ca",
        link="https://p/go/shifts/1",
    )
    # QZ29 #2: it is his now — not "nhận ca" once more, as if taking it were still to do
    assert taker.subject.startswith("Ca đổi nay là của anh/chị: ")
    assert f"Yêu cầu đổi ca của {ANH} đã được duyệt: ca trực dưới đây nay là của anh/chị (người duyệt: {MANAGER})." in (
        taker.text
    )
    assert "\nXem ca trực của anh/chị trên Lịch trực Tết (điểm danh khi đến ca): https://p/go/shifts/1\n" in taker.text
    assert "nhận ca trên" not in taker.text
    assert "Ghi chú của quản lý: “Đồng ý, Bảo nhận ca”" in taker.text
    asker = swap_asker_message(
        VIEW, person_name=ANH, lang="en", taker=BAO, actor=LOGIN, actor_name=MANAGER, note="Đồng ý, Bảo nhận ca"
    )
    assert asker.subject.startswith("Your swap request was approved: ")
    assert f"{BAO} takes over the shift below, and you are no longer on it (approved by {MANAGER})." in asker.text
    assert "Manager's note: “Đồng ý, Bảo nhận ca”" in asker.text
    old = swap_asker_message(VIEW, person_name=ANH, lang="vi", taker=BAO, actor=LOGIN, note=None)
    assert "(người duyệt: người quản lý)." in old.text and LOGIN not in old.text
    quiet = swap_asker_message(VIEW, person_name=ANH, lang="en", taker=BAO, actor=LOGIN, actor_name=MANAGER, note="  ")
    assert "note" not in quiet.text  # no note, no empty line for it
    # A name notifier does not know is "a colleague" in the reader's language (QA: "một đồng nghiệp" in English).
    unknown = swap_taker_message(VIEW, person_name=BAO, lang="en", asker=None, actor=None, note=None)
    assert "A colleague's swap request was approved: the shift below is now yours." in unknown.text
    assert "một đồng nghiệp" not in unknown.text
    unknown = swap_taker_message(VIEW, person_name=BAO, lang="vi", asker=None, actor=None, note=None)
    assert "Yêu cầu đổi ca của một đồng nghiệp đã được duyệt" in unknown.text
    unknown = swap_asker_message(VIEW, person_name=ANH, lang="en", taker=None, actor=None, note=None)
    assert "Your swap request was approved: a colleague takes over the shift below" in unknown.text


def test_a_swap_request_tells_the_managers_with_the_inbox_and_the_named_colleague() -> None:
    inbox = "https://portal/manage/swaps?enterprise_id=2"
    vi = asked_message(
        VIEW, reader_name="Nguyễn Văn Hùng", lang="vi", asker=ANH, to=BAO, reason="Việc gia đình", link=inbox
    )
    assert vi.subject.startswith("Yêu cầu đổi ca: ")
    assert f"{ANH} xin chuyển ca trực dưới đây cho {BAO}." in vi.text
    assert "Lý do: “Việc gia đình”" in vi.text
    assert f"Duyệt hoặc từ chối trong hộp yêu cầu đổi ca: {inbox}" in vi.text
    mailbox = asked_message(VIEW, reader_name=None, lang="en", asker=ANH, to=None, reason=None)
    assert not mailbox.text.startswith("Dear")  # a bare mailbox is not greeted by a name
    assert f"{ANH} asks to hand the shift below to any qualified colleague (nobody named yet)." in mailbox.text
    you = asked_you_message(VIEW, person_name=BAO, lang="vi", asker=ANH, reason=None, link="https://p/go/1")
    assert f"{ANH} đề nghị chuyển ca trực dưới đây cho anh/chị; quản lý sẽ quyết định." in you.text
    en = asked_you_message(VIEW, person_name=BAO, lang="en", asker=ANH, reason=None)
    assert f"{ANH} asked to hand you the shift below; the manager decides." in en.text
    unknown = asked_you_message(VIEW, person_name=BAO, lang="en", asker=None, reason=None)
    assert "A colleague asked to hand you the shift below; the manager decides." in unknown.text
    unknown = asked_you_message(VIEW, person_name=BAO, lang="vi", asker=None, reason=None)
    assert "Một đồng nghiệp đề nghị chuyển ca trực dưới đây cho anh/chị" in unknown.text


def test_the_colleague_a_request_names_is_told_one_way_to_answer_and_linked_to_the_buttons() -> None:
    """QZ29 #1: Bảo's mail said "answer Ánh directly or call the manager" and then "press “Nhận” or “Từ chối”", and
    its link opened his swap requests, the request read-only. One instruction now: the buttons at the link (his
    shifts page at the request) with an account, the phone calls without one; both, the calls as a fallback, when
    notifier cannot tell."""
    at_buttons = "https://p/me/shifts#asked-1"
    said = partial(asked_you_message, VIEW, person_name=BAO, asker=ANH, reason=None, asker_phone="0913555202")
    vi = said(lang="vi", link=at_buttons, account=True)
    assert "Hãy bấm “Nhận” hoặc “Từ chối” ở yêu cầu này trên trang “Ca trực của tôi” (đường dẫn dưới đây)" in vi.text
    assert f"\nNhận hoặc từ chối trên Lịch trực Tết: {at_buttons}\n" in vi.text
    assert "trả lời trực tiếp" not in vi.text and "Xem các yêu cầu đổi ca" not in vi.text
    en = said(lang="en", link=at_buttons, account=True)
    assert "Press “Accept” or “Decline” at this request on your “My shifts” page (the link below)" in en.text
    assert f"\nAccept or decline on the Tết duty roster: {at_buttons}\n" in en.text and "directly" not in en.text
    without = said(lang="vi", link=at_buttons, account=False)
    assert f"hãy trả lời trực tiếp {ANH} (điện thoại 0913 555 202) hoặc gọi quản lý" in without.text
    assert "Hãy bấm" not in without.text and at_buttons not in without.text
    unknown = said(lang="en", link=at_buttons, account=None)
    assert "Press “Accept” or “Decline”" in unknown.text and at_buttons in unknown.text
    assert f"If you cannot sign in, answer {ANH} (phone 0913 555 202) directly or call the manager" in unknown.text


def test_a_rejected_request_says_the_reason() -> None:
    vi = rejected_message(
        VIEW, person_name=ANH, lang="vi", actor=LOGIN, actor_name=MANAGER, reason="Không đủ người đêm giao thừa"
    )
    assert vi.subject.startswith("Yêu cầu đổi ca bị từ chối: ")
    assert f"anh/chị vẫn trực ca dưới đây (người từ chối: {MANAGER})." in vi.text
    assert "Lý do từ chối: “Không đủ người đêm giao thừa”" in vi.text
    old = rejected_message(VIEW, person_name=ANH, lang="en", actor=LOGIN, reason=None)
    assert "you are still on the shift below (by a manager)." in old.text and LOGIN not in old.text
    en = rejected_message(VIEW, person_name=ANH, lang="en", actor=None, reason="Short on New Year's Eve")
    assert "Why it was rejected: “Short on New Year's Eve”" in en.text and "speak to your manager" in en.text


def test_a_lapsed_or_rejected_request_links_to_the_shift_with_nothing_to_take() -> None:
    """QZ18 #8b: the requester of a lapsed or rejected request, and the colleague it named, read "Xem ca trực, nhận
    ca" — but nobody takes the shift then. Their link only shows it; a person put on a shift is still asked to."""
    link = "https://p/go/1"
    lapsed_at = START + timedelta(minutes=1)
    mails = {
        "asker, lapsed": lapsed_message(VIEW, reader_name=ANH, lang="vi", lapsed_at=lapsed_at, link=link),
        "asker, rejected": rejected_message(VIEW, person_name=ANH, lang="vi", actor=None, reason=None, link=link),
    }
    for who, mail in mails.items():
        assert f"\nXem ca trực trên Lịch trực Tết: {link}\n" in mail.text, who
        assert "Xem ca trực, nhận ca" not in mail.text, who
    # QZ20 #7: the colleague it named is not on the shift: his link is to the requests asked of him, and says so
    asked_of_him = "https://p/me/swaps?status=lapsed#swap-1"
    vi, en = (
        lapsed_message(VIEW, reader_name=BAO, lang=lang, lapsed_at=lapsed_at, asker=ANH, named=True, link=asked_of_him)
        for lang in ("vi", "en")
    )
    assert f"\nXem các yêu cầu đổi ca trên Lịch trực Tết: {asked_of_him}\n" in vi.text and "Xem ca trực" not in vi.text
    assert f"\nSee the swap requests on the Tết duty roster: {asked_of_him}\n" in en.text
    assert "See the shift" not in en.text
    en = rejected_message(VIEW, person_name=ANH, lang="en", actor=None, reason=None, link=link)
    assert f"\nSee the shift on the Tết duty roster: {link}\n" in en.text and "check in" not in en.text
    put_on = put_on_message(VIEW, person_name=BAO, lang="vi", instead_of=[ANH], actor=None, link=link)
    assert f"\nXem ca trực, điểm danh trên Lịch trực Tết: {link}\n" in put_on.text


def test_the_link_to_a_shift_of_ones_own_says_one_thing_in_both_languages_the_pages_check_in() -> None:
    """QZ29 (W1's leftover): a reminder's and a shift notice's link read "Xem ca trực, nhận ca" in Vietnamese — taking
    a shift, a swap's word — and "check in" in English. The page it opens (`/go/shifts/{id}`, the person's shift)
    offers the check-in: both languages say that, in the portal's own word for its button."""
    catalogue, link = load_catalogue(), "https://p/go/1"
    langs: tuple[tuple[Lang, str], ...] = (("vi", "Xem ca trực, "), ("en", "See the shift and "))
    for lang, see in langs:
        button = catalogue.text("me.check_in", lang)
        mails = {
            "reminder": reminder_message(VIEW, person_name=ANH, lang=lang, link=link, offset_minutes=60),
            "put on": put_on_message(VIEW, person_name=BAO, lang=lang, instead_of=[ANH], actor=None, link=link),
            "published": published_message(VIEW, person_name=BAO, lang=lang, by=None, link=link),
        }
        for who, mail in mails.items():
            [line] = [x for x in mail.text.splitlines() if x.endswith(f": {link}")]
            assert line.startswith(see + button.lower() + " "), (lang, who, line)
            assert "nhận ca" not in line and "take" not in line, (lang, who, line)


def test_a_notice_written_as_its_event_was_applied_says_who_is_on_duty_meanwhile_as_it_goes_out() -> None:
    """QZ29 #1's leftover: the consumer writes a notice's text with its shift's own colleagues alone ("Đồng nghiệp
    cùng ca: không có — … xem trang"); as the mail goes out, that line is said again with who else of the enterprise
    is on duty then (`people_now`), the rest of the text untouched; a notice saying everyone on the shift, or the
    list not read, is left as written."""
    alone = replace(VIEW, colleagues=())
    leader = Beside("Lê Minh Tuấn", "leadership", START - timedelta(hours=2), START + timedelta(hours=22), "0901258324")
    ops = Beside("Huỳnh Thị Mỹ Linh", "incident_response", START, START + timedelta(hours=12))
    cases: tuple[tuple[Lang, str, str], ...] = (
        (
            "vi",
            "  Đồng nghiệp cùng ca: không có — người trực cùng giờ ở các ca khác: xem trang “Ca trực của tôi”\n",
            "  Cùng trực (2 người): Trực lãnh đạo: Lê Minh Tuấn, 0901 258 324 (04:00 08/02 → 04:00 09/02)\n"
            "                       Trực vận hành khai thác mạng lưới và ứng cứu thông tin: Huỳnh Thị Mỹ Linh\n",
        ),
        (
            "en",
            "  Colleagues on this shift: none — who else is on duty meanwhile on other shifts: see “My shifts”\n",
            "  On duty with you (2 people): Leadership duty: Lê Minh Tuấn, 0901 258 324 (04:00 8 Feb → 04:00 9 Feb)\n"
            "                               Network operation and incident response duty: Huỳnh Thị Mỹ Linh\n",
        ),
    )
    for lang, before, after in cases:
        written = put_on_message(alone, person_name=BAO, lang=lang, instead_of=[ANH], actor=None, link="https://p/1")
        assert before in written.text
        now = people_now(written.text, replace(alone, beside=(leader, ops)), lang)
        assert now == written.text.replace(before, after), now
        nobody = people_now(written.text, replace(alone, beside=()), lang)
        assert ("Cùng trực: không có ai khác" if lang == "vi" else "On duty with you: nobody else") in nobody
        assert people_now(written.text, alone, lang) == written.text  # not read: as written
        everyone = asked_message(alone, reader_name=None, lang=lang, asker=ANH, to=BAO, reason=None)
        assert people_now(everyone.text, replace(alone, beside=(leader,)), lang) == everyone.text


def test_a_reason_of_several_lines_keeps_them_under_its_label_and_a_sentence_or_subject_keeps_one() -> None:
    """QZ17 #6: "Nhà có việc đột xuất⏎xin nhờ anh Tuấn" reached the manager and the colleague as one line."""
    reason = "Nhà có việc đột xuất\r\n  xin nhờ   anh Tuấn\n\n"
    to_manager = asked_message(VIEW, reader_name=None, lang="vi", asker=ANH, to=BAO, reason=reason)
    to_colleague = asked_you_message(VIEW, person_name=BAO, lang="vi", asker=ANH, reason=reason)
    for mail in (to_manager, to_colleague):
        assert "  Lý do: “Nhà có việc đột xuất\n          xin nhờ anh Tuấn”\n" in mail.text, mail.text
        assert "\n" not in mail.subject
    en = rejected_message(VIEW, person_name=ANH, lang="en", actor=None, reason="Short tonight\nask again tomorrow")
    assert "  Why it was rejected: “Short tonight\n" + " " * 24 + "ask again tomorrow”\n" in en.text
    note = swap_taker_message(VIEW, person_name=BAO, lang="vi", asker=ANH, actor=None, note="Dòng một\nDòng hai")
    assert "“Dòng một\n" in note.text and "  Dòng hai”" in note.text
    moment = VIEW.starts_at + timedelta(hours=1)
    taker = handover_taker_message(VIEW, person_name=BAO, lang="vi", moment=moment, relieved=[ANH], reason=reason)
    # QZ20 #5: the handover's taker reads its lines as the relieved person does, on a labelled line of their own
    assert "  Lý do: “Nhà có việc đột xuất\n          xin nhờ anh Tuấn”\n" in taker.text, taker.text
    assert f"thay cho {ANH}.\n" in taker.text and "đột xuất xin nhờ" not in taker.text
    off = handover_off_message(VIEW, person_name=ANH, lang="vi", moment=moment, replacements=[BAO], reason=reason)
    assert "  Lý do: “Nhà có việc đột xuất\n          xin nhờ anh Tuấn”\n" in off.text, off.text
    # QZ21 #7: a blank line between two is kept, as one empty line (not spaces), the next still under the label
    typed = "\n\nphải về nhà.\r\nĐã báo “trưởng ca” qua Zalo lúc 08:50.\n \n\nAnh Bảo nhận thay\n\n"
    for mail in (
        handover_taker_message(VIEW, person_name=BAO, lang="vi", moment=moment, relieved=[ANH], reason=typed),
        handover_off_message(VIEW, person_name=ANH, lang="vi", moment=moment, replacements=[BAO], reason=typed),
    ):
        assert (
            "  Lý do: “phải về nhà.\n          Đã báo “trưởng ca” qua Zalo lúc 08:50.\n\n          Anh Bảo nhận thay”\n"
        ) in mail.text, mail.text


def test_a_drill_notice_says_so_and_the_webhook_carries_the_kind() -> None:
    drill = put_on_message(
        replace(VIEW, drill=True),
        person_name=BAO,
        lang="vi",
        instead_of=[ANH],
        actor=LOGIN,
        actor_name=MANAGER,
    )
    assert drill.subject.startswith("[Diễn tập] Anh/chị được phân công trực")
    payload = json.loads(
        json_body(
            notice_payload(
                VIEW,
                kind="shift_put_on",
                delivery_id=uuid.UUID(int=7),
                staff_id=uuid.UUID(int=8),
                person_name=BAO,
                lang="vi",
                message=drill,
            )
        )
    )
    assert payload["kind"] == "shift_put_on" and payload["person"]["full_name"] == BAO
    assert payload["shift"]["starts_at"] == "2027-02-08T06:00:00+07:00"
    assert payload["reason"] is None  # a notice with no reason: the field is there, null


def test_a_webhook_of_a_change_with_a_reason_carries_it_in_its_own_field_as_typed() -> None:
    """M3: the cancellation's webhook had its reason only inside `text`, behind the label and the quotes."""
    reason = "Trạm mất điện lưới\nĐã báo ông Tâm "
    message = cancelled_message(VIEW, person_name=BAO, lang="vi", reason=reason, actor=LOGIN, actor_name=MANAGER)
    said = {
        typed: notice_payload(
            VIEW,
            kind="shift_cancelled",
            delivery_id=uuid.UUID(int=7),
            staff_id=uuid.UUID(int=8),
            person_name=BAO,
            lang="vi",
            message=message,
            reason=typed,
        )["reason"]
        for typed in (reason, "  ", None)
    }
    assert said == {reason: "Trạm mất điện lưới\nĐã báo ông Tâm", "  ": None, None: None}


def test_a_notice_inside_quiet_hours_waits_for_their_end_unless_the_shift_starts_first() -> None:
    quiet = QuietHours(time(22), time(6))
    at_night = datetime(2027, 2, 5, 16, tzinfo=UTC)  # 23:00 local
    morning = datetime(2027, 2, 5, 23, tzinfo=UTC)  # 06:00 local
    assert notice_time(at_night, quiet=quiet, starts_at=START) == morning
    assert notice_time(at_night, quiet=quiet, starts_at=morning - timedelta(hours=1)) == at_night
    assert notice_time(at_night, quiet=None, starts_at=START) == at_night
    midday = datetime(2027, 2, 5, 5, tzinfo=UTC)
    assert notice_time(midday, quiet=quiet, starts_at=START) == midday


def test_a_handover_tells_the_replacement_from_when_for_whom_and_why_and_the_relieved_who_takes_the_rest() -> None:
    """QA round 10, #2: not the routine reminder, not "được phân công trực … thay cho …"."""
    moment = START + timedelta(hours=3)  # 09:00 local
    rest = replace(VIEW, starts_at=moment)
    vi = handover_taker_message(
        rest, person_name=BAO, lang="vi", moment=moment, relieved=[ANH], reason="Ốm đột xuất", link="https://p/go/1"
    )
    assert vi.subject.startswith("Anh/chị nhận phần còn lại của ca: ")
    assert (
        f"Anh/chị nhận phần còn lại của ca trực dưới đây từ 09:00 08/02/2027, thay cho {ANH}." in vi.text
        and "Lý do: “Ốm đột xuất”" in vi.text
    )
    assert "tệp lịch (.ics)" in vi.text and "https://p/go/1" in vi.text and "phân công" not in vi.text
    en = handover_taker_message(rest, person_name=BAO, lang="en", moment=moment, relieved=[], reason=None)
    assert "You take over the rest of the shift below from 09:00 8 Feb 2027." in en.text  # nobody relieved, no reason
    off = handover_off_message(
        replace(VIEW, ends_at=moment), person_name=ANH, lang="vi", moment=moment, replacements=[BAO], reason="Ốm"
    )
    assert off.subject.startswith("Anh/chị thôi trực ca: ")
    assert f"Anh/chị thôi trực ca dưới đây từ 09:00 08/02/2027; {BAO} nhận phần còn lại." in off.text
    assert "Lý do: “Ốm”" in off.text and "cập nhật giờ kết thúc" in off.text
    off_en = handover_off_message(VIEW, person_name=ANH, lang="en", moment=moment, replacements=[BAO], reason=None)
    assert f"You are relieved of the shift below from 09:00 8 Feb 2027; the rest of it goes to {BAO}." in off_en.text
    assert "Reason" not in off_en.text


def test_a_handover_says_which_manager_made_it_by_name_never_by_login() -> None:
    """K8: the put-on/taken-off/swap notices said who made the change; the handover's did not."""
    moment = START + timedelta(hours=3)  # 09:00 local
    rest, ended = replace(VIEW, starts_at=moment), replace(VIEW, ends_at=moment)
    taker = handover_taker_message(
        rest, person_name=BAO, lang="vi", moment=moment, relieved=[ANH], reason="Ốm", actor=LOGIN, actor_name=MANAGER
    )
    assert f"từ 09:00 08/02/2027, thay cho {ANH} (người giao ca: {MANAGER})." in taker.text
    assert "Lý do: “Ốm”" in taker.text
    off = handover_off_message(
        ended,
        person_name=ANH,
        lang="en",
        moment=moment,
        replacements=[BAO],
        reason=None,
        actor=LOGIN,
        actor_name=MANAGER,
    )
    assert f"from 09:00 8 Feb 2027; the rest of it goes to {BAO} (handed over by {MANAGER})." in off.text
    whole = handover_off_message(
        VIEW, person_name=ANH, lang="vi", moment=START, replacements=[BAO], reason=None, whole=True, actor=LOGIN
    )
    assert f"{BAO} nhận ca từ 06:00 08/02/2027 (người giao ca: người quản lý)." in whole.text  # no name: a manager
    whole_en = handover_taker_message(
        VIEW, person_name=BAO, lang="en", moment=START, relieved=[], reason=None, whole=True, actor=LOGIN
    )
    assert "(those rostered did not come) (handed over by a manager)." in whole_en.text, whole_en.text
    assert "You take over the shift below from 06:00 8 Feb 2027 to " in whole_en.text, whole_en.text
    assert not any(LOGIN in m.text for m in (taker, off, whole, whole_en))
    by_roster = handover_taker_message(
        rest, person_name=BAO, lang="vi", moment=moment, relieved=[], reason=None, actor=SYSTEM_ACTOR
    )
    assert "người giao ca" not in by_roster.text


# QZ19 #12: the inbox said "Gấp — ca bắt đầu sau 26 phút", the mail sent at 09:04 for the shift at 09:30 said nothing
ASKED = datetime(2027, 2, 7, 22, 34, tzinfo=UTC)  # 05:34, the shift at 06:00


def test_a_request_is_urgent_within_six_hours_of_its_shift_the_minutes_rounded_up() -> None:
    assert timedelta(hours=6) == URGENT_WITHIN == PORTALS  # the inbox's mark and the mail's, one rule
    assert starts_in(START, now=ASKED) == 26
    assert starts_in(START, now=ASKED + timedelta(seconds=30)) == 26  # 25½ minutes: never less than is left
    assert starts_in(START, now=START - timedelta(seconds=10)) == 1  # never "0 phút" before the start
    assert starts_in(START, now=START - URGENT_WITHIN) == 360  # six hours exactly: urgent
    assert starts_in(START, now=START - URGENT_WITHIN - timedelta(minutes=1)) is None  # further off
    assert starts_in(START, now=START) is None  # started: roster reads it lapsed
    assert starts_in(START, now=START + timedelta(minutes=5)) is None


def test_an_urgent_requests_mail_begins_its_subject_so_and_says_how_long_is_left() -> None:
    kw: dict[str, Any] = {"reader_name": None, "asker": ANH, "to": BAO, "reason": None}
    vi = asked_message(VIEW, lang="vi", starts_in=26, **kw)
    assert vi.subject.startswith("Gấp: Yêu cầu đổi ca: ")
    assert f"{ANH} xin chuyển ca trực dưới đây cho {BAO}. Ca bắt đầu sau 26 phút." in vi.text
    en = asked_message(VIEW, lang="en", starts_in=130, **kw)
    assert en.subject.startswith("Urgent: Swap request: ")
    assert f"{ANH} asks to hand the shift below to {BAO}. The shift starts in 2 h 10 min." in en.text
    assert "3 giờ." in asked_message(VIEW, lang="vi", starts_in=180, **kw).text
    calm = asked_message(VIEW, lang="vi", **kw)
    assert calm.subject.startswith("Yêu cầu đổi ca: ") and "Ca bắt đầu sau" not in calm.text
