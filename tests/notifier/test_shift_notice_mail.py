"""A swap asked for and approved reaches its people as e-mail, through real Kafka, PostgreSQL (the batch consumer's
staged unit of work) and the test's own SMTP server (QA round 9, #3): the manager is told who asks for which shift
and to whom, with the swap inbox; the colleague named that it was asked; on approval the person who asked and the
person who takes it, each with the manager's note and the shift's .ics (confirmed for the one, cancelled for the
other) — each once, though every event arrives twice; a handover reaches the replacement and the relieved (QZ10 #2);
a published shift cancelled reaches its person's mail (the .ics that cancels it) and her own webhook (QZ23 #2).
The roster events are produced by the test itself."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import timedelta
from email.header import decode_header, make_header

import icalendar
import pytest
from notifier_testkit import (
    GIAO_THUA,
    PORTAL,
    Enterprise,
    FakeClock,
    Person,
    account,
    allowing_receiver,
    send_and_wait,
    settings_for,
)
from sqlalchemy import update

from lichtruc.events import (
    ShiftCancelled,
    ShiftPlanned,
    ShiftPublished,
    ShiftRescheduled,
    ShiftSwapped,
    SwapRequested,
)
from notifier.app import create_app
from notifier.db.tables import accounts
from support import eventually, running, wait_ready

MANAGER = "giamdoc@vnpt-longan.vn"
ANH, BAO = "Phạm Thị Ngọc Ánh", "Đặng Quốc Bảo"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(days=10))


@pytest.fixture
def settings(new_database, kafka, topic_prefix, mailbox):
    return settings_for(new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port)


def _subject(received) -> str:
    return str(make_header(decode_header(received.message["Subject"])))


def _text(received) -> str:
    return received.message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # CRLF on the wire


def _ics(received) -> str:
    [part] = [p for p in received.message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part.get_content().replace("\r\n", "\n")


async def _count(mailbox, n: int) -> bool:
    return len(mailbox.received) >= n


async def test_a_swap_asked_and_approved_is_mailed_to_the_manager_and_both_people_once(
    settings, kafka, clock, mailbox
) -> None:
    vnpt = Enterprise(clock, manager_emails=(MANAGER,))
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao = Person.new(BAO, email="baodq@vnpt-longan.vn")
    shift = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=2), hours=12, duty_type="operations")
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        published = shift.published()
        await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao, language="en")])
        swap_id = uuid.uuid4()
        asked = SwapRequested(
            swap_id=swap_id, shift=shift.snapshot, from_staff_id=anh.staff_id, to_staff_id=bao.staff_id, version=1
        )
        swapped = ShiftSwapped(
            shift=shift._next(assignees=(bao.assignee(),)),
            swap_id=swap_id,
            from_staff_id=anh.staff_id,
            to_staff_id=bao.staff_id,
            note="Đồng ý, Bảo nhận ca",
            actor="manager-vnpt",  # the login (QA round 10, #15: mails said it) and the display name roster adds
            actor_name="Trần Văn Tâm",
        )
        # One batch: the publication, the request and its approval, each event twice (two envelopes).
        await send_and_wait(
            app,
            kafka,
            settings,
            [published, vnpt.event(asked), vnpt.event(asked), vnpt.event(swapped), vnpt.event(swapped)],
        )
        await eventually(lambda: _count(mailbox, 4), what="the manager's, the colleague's and the swap's two mails")

        [to_manager] = mailbox.to(MANAGER)
        assert _subject(to_manager).startswith("Yêu cầu đổi ca: ")
        assert f"{ANH} xin chuyển ca trực dưới đây cho {BAO}." in _text(to_manager)
        assert f"{PORTAL}/manage/swaps?enterprise_id={vnpt.enterprise_id}" in _text(to_manager)

        to_bao = {_subject(m).split(":")[0]: m for m in mailbox.to(bao.email or "")}
        assert set(to_bao) == {"A colleague asks you to take a shift", "A swapped shift is now yours"}
        asked_him = to_bao["A colleague asks you to take a shift"]  # QZ24 #2: no event before an approval
        assert not [p for p in asked_him.message.iter_attachments() if p.get_content_type() == "text/calendar"]
        assert "calendar invitation (.ics) is sent to you once a manager approves the request." in _text(asked_him)
        taken = to_bao["A swapped shift is now yours"]
        assert f"{ANH}'s swap request was approved: the shift below is now yours (approved by Trần Văn Tâm)." in (
            _text(taken)
        )
        assert "Manager's note: “Đồng ý, Bảo nhận ca”" in _text(taken)
        assert "STATUS:CONFIRMED" in _ics(taken) and _ics(taken).count("BEGIN:VALARM") == 2  # his phone reminds

        [to_anh] = mailbox.to(anh.email or "")
        assert _subject(to_anh).startswith("Yêu cầu đổi ca đã được duyệt: ")
        assert "anh/chị không còn trực ca này (người duyệt: Trần Văn Tâm)." in _text(to_anh)
        assert "Ghi chú của quản lý: “Đồng ý, Bảo nhận ca”" in _text(to_anh)
        assert not [m for m in mailbox.received if "manager-vnpt" in _text(m)]  # never the login
        assert "STATUS:CANCELLED" in _ics(to_anh) and "VALARM" not in _ics(to_anh)
        [removal] = [p for p in to_anh.message.iter_attachments() if p.get_content_type() == "text/calendar"]
        assert removal.get_param("method") == "CANCEL"  # QZ25 #6: her event removed, said so to her mail client
        assert icalendar.Calendar.from_ical(_ics(to_anh).replace("\n", "\r\n")).method == "CANCEL"
    assert len(mailbox.received) == 4  # nobody twice


async def test_an_approved_swaps_ics_says_what_the_takers_feed_says_of_the_event_on_postgres(
    settings, kafka, clock, mailbox
) -> None:
    """QZ29 #1 through real Kafka and PostgreSQL: the approval's .ics said "Đồng nghiệp cùng ca: không có — … xem
    trang" and no duty leader, where his feed's event names the duty leader and the others on duty as the portal's
    "Cùng trực" does. It is written again as the mail goes out, from his entry and who is on duty then: its event's
    description and URL are his feed's, byte for byte."""
    vnpt = Enterprise(clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao = Person.new(BAO, email="baodq@vnpt-longan.vn")
    tuan, linh = Person.new("Lê Minh Tuấn"), Person.new("Huỳnh Thị Mỹ Linh")
    start = GIAO_THUA + timedelta(days=2)
    shift = vnpt.shift([anh], start=start, hours=12, duty_type="operations")
    lead = vnpt.shift([tuan], start=start - timedelta(hours=2), hours=24)
    response = vnpt.shift([linh], start=start, hours=12, duty_type="incident_response")
    for s in (shift, lead, response):
        s.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        people = [vnpt.staff(anh), vnpt.staff(bao), vnpt.staff(tuan, phone="0901258324"), vnpt.staff(linh)]
        await send_and_wait(
            app,
            kafka,
            settings,
            [vnpt.registered(), *people, shift.published(), lead.published(), response.published()],
        )
        swapped = ShiftSwapped(
            shift=shift._next(assignees=(bao.assignee(),)),
            swap_id=uuid.uuid4(),
            from_staff_id=anh.staff_id,
            to_staff_id=bao.staff_id,
            actor="manager-vnpt",
            actor_name="Nguyễn Văn Hùng",
        )
        await send_and_wait(app, kafka, settings, [vnpt.event(swapped)])
        await eventually(lambda: _count(mailbox, 2), what="the swap's two mails")
        made = await client.post("/feeds", json={"kind": "person", "staff_id": str(bao.staff_id)})
        assert made.status_code == 201, made.text
        served = await client.get(made.json()["url"].removeprefix("https://lich.example.vn"))
        assert served.status_code == 200, served.text
    [taken] = mailbox.to(bao.email or "")
    assert _subject(taken).startswith("Ca đổi nay là của anh/chị: ")
    [mailed] = icalendar.Calendar.from_ical(_ics(taken).replace("\n", "\r\n")).events
    [fed] = icalendar.Calendar.from_ical(served.content).events
    said = str(mailed["DESCRIPTION"])
    assert "Cùng trực (2 người): Trực lãnh đạo: Lê Minh Tuấn, 0901 258 324" in said, said
    assert "Trực vận hành khai thác mạng lưới và ứng cứu thông tin: Huỳnh Thị Mỹ Linh" in said
    assert "Đồng nghiệp cùng ca" not in said
    assert said == str(fed["DESCRIPTION"])
    assert str(mailed["URL"]) == str(fed["URL"]) == f"{PORTAL}/go/shifts/{shift.shift_id}"
    assert (mailed["UID"], mailed["SEQUENCE"]) == (fed["UID"], fed["SEQUENCE"])
    # and its text says them too, line for line as the event (QZ29 #1's leftover: "Đồng nghiệp cùng ca: không có")
    text = _text(taken)
    assert "Đồng nghiệp cùng ca" not in text and "không có" not in text and "Ca trực của tôi" not in text
    beside = said[said.index("Cùng trực") :].splitlines()[:2]
    assert f"\n  {beside[0]}\n{' ' * 23}{beside[1]}\n" in text, text


async def test_a_swap_approved_the_day_before_mails_its_taker_once_not_with_a_reminder_on_postgres(
    settings, kafka, clock, mailbox
) -> None:
    """QZ25 #5 through real Kafka, PostgreSQL (the batch's staged unit of work) and the scheduler: approved 16 hours
    before the shift, the taker got the approval's mail and the day-before reminder a second apart, each with the same
    event. Now one mail — the approval's — while the person who asked had her publication's, which stood for her late
    day-before reminder (QZ26 #2); his day-before reminder is kept as skipped (so no later change sends it), his hour-before one waits."""
    vnpt = Enterprise(clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao = Person.new(BAO, email="baodq@vnpt-longan.vn")
    shift = vnpt.shift([anh], start=clock() + timedelta(hours=16), hours=8, duty_type="operations")
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao)])
        await send_and_wait(app, kafka, settings, [shift.published()])
        clock.advance(seconds=61)
        await eventually(lambda: _count(mailbox, 1), what="her publication mail, her day-before reminder due then")
        swapped = ShiftSwapped(
            shift=shift._next(assignees=(bao.assignee(),)),
            swap_id=uuid.uuid4(),
            from_staff_id=anh.staff_id,
            to_staff_id=bao.staff_id,
            actor="manager-vnpt",
            actor_name="Trần Văn Tâm",
        )
        await send_and_wait(app, kafka, settings, [vnpt.event(swapped), vnpt.event(swapped)])
        await eventually(lambda: _count(mailbox, 3), what="the swap's two mails")

        listed = await client.get("/reminders", params={"staff_id": str(bao.staff_id)})
        assert listed.status_code == 200, listed.text
        his = {r["offset_minutes"]: r["status"] for r in listed.json()["items"]}
        assert his == {1440: "skipped", 60: "scheduled"}
    [to_bao] = mailbox.to(bao.email or "")  # one mail of the approval, not two a second apart
    assert _subject(to_bao).startswith("Ca đổi nay là của anh/chị: ")
    assert [_subject(m).split(":")[0] for m in mailbox.to(anh.email or "")] == [
        "Lịch trực của anh/chị đã được công bố",  # saying the time left, as the late reminder did
        "Yêu cầu đổi ca đã được duyệt",
    ]


async def test_a_colleague_without_a_portal_account_is_mailed_what_to_do_and_no_sign_in_on_postgres(
    settings, kafka, clock, mailbox
) -> None:
    """QZ25 #5 through real Kafka and PostgreSQL: the colleague a request names has no portal account (roster's
    account events link hers to her record, none to his): his mail says to answer her, by name and phone, or the
    manager, and links no sign-in. Notifier's accounts say who has one: stored before migration 0018 (no staff
    record known), it cannot tell — until the account is recorded again at its version (`roster publish-accounts`)."""
    vnpt = Enterprise(clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao = Person.new(BAO, email="baodq@vnpt-longan.vn")
    hers = account(vnpt, "anhptn@vnpt-longan.vn", role="staff", staff_id=anh.staff_id)
    shift = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=2), hours=12, duty_type="operations")
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        people = [vnpt.registered(), vnpt.staff(anh, phone="0913555202"), vnpt.staff(bao), hers]
        await send_and_wait(app, kafka, settings, [*people, shift.published()])
        asked = SwapRequested(
            swap_id=uuid.uuid4(), shift=shift.snapshot, from_staff_id=anh.staff_id, to_staff_id=bao.staff_id, version=1
        )
        await send_and_wait(app, kafka, settings, [vnpt.event(asked)])
        await eventually(lambda: _count(mailbox, 1), what="the named colleague's mail")
        [to_bao] = mailbox.to(bao.email or "")
        text = _text(to_bao)
        assert f"hãy trả lời trực tiếp {ANH} (điện thoại 0913 555 202) hoặc gọi quản lý theo số trực lãnh đạo" in text
        assert "chưa có tài khoản trên Lịch trực Tết và không cần đăng nhập" in text and PORTAL not in text

        ctx = app.state.ctx
        async with ctx.uow() as uow:
            assert await uow.reference.has_account(anh.staff_id) is True
            assert await uow.reference.has_account(bao.staff_id) is False
        async with app.state.runtime.sessions() as session, session.begin():  # as stored before migration 0018
            await session.execute(update(accounts).values(staff_id=None, staff_known=False))
        async with ctx.uow() as uow:
            assert await uow.reference.has_account(anh.staff_id) is None
            assert await uow.reference.has_account(bao.staff_id) is None  # hers might be his: not known
        recorded = account(vnpt, "anhptn@vnpt-longan.vn", role="staff", staff_id=anh.staff_id, recorded=True)
        await send_and_wait(app, kafka, settings, [recorded])  # the same version, recorded again
        async with ctx.uow() as uow:
            assert await uow.reference.has_account(anh.staff_id) is True
            assert await uow.reference.has_account(bao.staff_id) is False


async def test_a_handover_is_mailed_to_the_replacement_and_the_relieved_once_on_postgres(
    settings, kafka, clock, mailbox
) -> None:
    """QZ10 #2, through the batch consumer's staged unit of work: the new shift's two events and the old one's, in
    one batch (the old shift read back from PostgreSQL for its people), each twice; no routine reminder."""
    vnpt = Enterprise(clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao = Person.new(BAO, email="baodq@vnpt-longan.vn")
    old = vnpt.shift([anh], start=GIAO_THUA - timedelta(hours=2), hours=12, duty_type="operations")
    old.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao, language="en")])
        clock.now = GIAO_THUA - timedelta(hours=3)
        await send_and_wait(app, kafka, settings, [old.published()])
        clock.advance(seconds=61)  # published an hour ahead: the notice, which stands for the hour-before reminder
        await eventually(lambda: _count(mailbox, 1), what="Ánh's publication notice of her own shift")
        assert _subject(mailbox.to(anh.email or "")[0]).startswith("Lịch trực của anh/chị đã được công bố: ")
        # She came, in time (a check-in sent only with the handover, past the grace, races the missed check-in alert
        # the scheduler may send meanwhile: a third mail to her): the rest of what she began is handed over.
        clock.now = GIAO_THUA - timedelta(hours=2) + timedelta(minutes=1)
        await send_and_wait(app, kafka, settings, [old.checked_in(anh)])
        clock.now = GIAO_THUA + timedelta(minutes=2)
        moment = GIAO_THUA + timedelta(minutes=5)
        rest = vnpt.shift([bao], start=moment, hours=8, duty_type="operations")
        rest.snapshot = rest.snapshot.model_copy(
            update={"continues_shift_id": old.shift_id, "handover_reason": "Ốm đột xuất"}
        )
        planned = vnpt.event(ShiftPlanned(shift=rest.snapshot))
        published = vnpt.event(ShiftPublished(shift=rest._next(status="published")))
        before = old.snapshot
        ended = vnpt.event(
            ShiftRescheduled(
                shift=old._next(ends_at=moment),
                previous_starts_at=before.starts_at,
                previous_ends_at=before.ends_at,
                handed_over_to=rest.shift_id,
                reason="Ốm đột xuất",
            )
        )
        await send_and_wait(app, kafka, settings, [planned, published, published, ended, ended])
        await eventually(lambda: _count(mailbox, 3), what="the replacement's and the relieved's mails")

        [to_bao] = mailbox.to(bao.email or "")
        assert _subject(to_bao).startswith("You take over the rest of a shift: ")
        assert f"from 22:05 5 Feb 2027, in place of {ANH}" in _text(to_bao)
        assert "  Reason: “Ốm đột xuất”\n" in _text(to_bao)  # on a labelled line of its own (QZ20 #5)
        relieved = [m for m in mailbox.to(anh.email or "") if _subject(m).startswith("Anh/chị thôi trực ca: ")]
        assert len(relieved) == 1 and f"; {BAO} nhận phần còn lại." in _text(relieved[0])
    assert len(mailbox.to(bao.email or "")) == 1  # the handover notice, not beside a routine reminder
    assert len(mailbox.to(anh.email or "")) == 2  # her publication, her relief: no reminder beside the first


async def test_a_shift_published_on_giao_thua_evening_for_the_night_sends_one_mail_then_the_hour_before_reminder(
    settings, kafka, clock, mailbox
) -> None:
    """QZ26 #2, on the QA stack's clock (22:30 05/02/2027): a night shift published at 22:30 for 08:00 mùng 1 — its
    day-before reminder already due — sent the publication mail and, seconds later, the late "starts in 9 hours"
    reminder: the same shift twice. Now one mail, the publication, saying what the reminder would (the time left, the
    place, the check-in link); the day-before reminder stored as skipped with the reason; the hour-before reminder
    still comes at 07:00."""
    vnpt = Enterprise(clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    site_id, site = vnpt.site("Trung tâm điều hành Tân An")
    morning = vnpt.shift([anh], start=GIAO_THUA + timedelta(hours=10), hours=8, duty_type="operations", site_id=site_id)
    morning.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered(), site, vnpt.staff(anh)])
        clock.now = GIAO_THUA + timedelta(minutes=30)  # 22:30 on 29 tháng Chạp
        await send_and_wait(app, kafka, settings, [morning.published(), morning.published()])  # delivered twice
        planned = (await client.get("/reminders", params={"staff_id": str(anh.staff_id)})).json()["items"]
        assert sorted((r["offset_minutes"], r["status"]) for r in planned) == [(60, "scheduled"), (1440, "skipped")]
        [skipped] = [r for r in planned if r["status"] == "skipped"]
        assert skipped["reason"].startswith("not sent: the publication notice")

        clock.advance(seconds=61)  # the publication's window
        await eventually(lambda: _count(mailbox, 1), what="the publication mail")
        [published] = mailbox.to(anh.email or "")
        assert _subject(published).startswith("Lịch trực của anh/chị đã được công bố: Trực điều hành — VNPT Long An")
        text = _text(published)
        assert "  Bắt đầu sau: 9 giờ 29 phút (thư này thay cho thư nhắc trước ca; điểm danh khi đến ca)\n" in text, text
        assert "  Địa điểm: Trung tâm điều hành Tân An\n" in text
        assert "08:00–16:00 06/02/2027 (Mùng 1 Tết)" in text
        assert f"Xem ca trực, điểm danh trên Lịch trực Tết: {PORTAL}/go/shifts/{morning.shift_id}\n" in text

        clock.now = GIAO_THUA + timedelta(hours=9)  # 07:00 mùng 1: the hour-before reminder, as planned
        await eventually(lambda: _count(mailbox, 2), what="the hour-before reminder")
        [_, reminder] = mailbox.to(anh.email or "")
        assert _subject(reminder).startswith("Nhắc trước 1 giờ: Trực điều hành — VNPT Long An, 08:00 06/02/2027")
    assert len(mailbox.received) == 2  # the late day-before reminder never went (it would have, long before 07:00)


async def test_a_published_shift_cancelled_reaches_her_mail_and_her_webhook_once_on_postgres(
    new_database, kafka, topic_prefix, clock, mailbox, hooks
) -> None:
    """QZ23 #2 through real Kafka, PostgreSQL, the test's SMTP server and its webhook receiver: the person on a
    cancelled shift who chose e-mail and her own webhook gets, once though the event arrives twice, the mail with
    the .ics that cancels the event (read by icalendar) and a signed JSON POST a chat gateway can act on — what,
    to whom, which shift with its names and local times, the mail's own subject and text."""
    secret = "anh-gateway-secret-0123"
    settings = settings_for(
        new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port, **allowing_receiver(hooks.url)
    )
    vnpt = Enterprise(clock, name="Viễn thông Long An")
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao = Person.new(BAO, email="baodq@vnpt-longan.vn")
    site_id, site = vnpt.site("Trạm Đức Huệ (biên giới)")
    night = GIAO_THUA + timedelta(days=4, hours=-4)  # 18:00 09/02/2027, Mùng 4 tháng Giêng
    shift = vnpt.shift([anh, bao], start=night, hours=6, duty_type="operations", site_id=site_id)
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        chosen = await client.put(
            f"/people/{anh.staff_id}/preferences",
            json={"channels": ["email", "webhook"], "webhook_url": hooks.url + "/anh", "webhook_secret": secret},
        )
        assert chosen.status_code == 200, chosen.text
        await send_and_wait(
            app, kafka, settings, [vnpt.registered(), site, vnpt.staff(anh), vnpt.staff(bao), shift.published()]
        )
        reason = "Trạm mất điện lưới\nĐã báo ông Tâm"
        cancelled = vnpt.event(
            ShiftCancelled(
                shift=shift._next(status="cancelled"), reason=reason, actor="manager-vnpt", actor_name="Trần Văn Tâm"
            )
        )
        await send_and_wait(app, kafka, settings, [cancelled, cancelled])

        async def arrived() -> bool:
            return len(hooks.requests) >= 2 and len(mailbox.to(anh.email or "")) >= 1

        await eventually(arrived, what="her cancellation by mail and by webhook")

        [mail] = mailbox.to(anh.email or "")  # the publication's mail waits for its digest; this is the cancellation
        calendar = icalendar.Calendar.from_ical(_ics(mail).replace("\n", "\r\n"))
        [event] = calendar.events
        assert calendar.method == "CANCEL" and event.status == "CANCELLED"
        assert event.uid == f"{shift.shift_id}.{anh.staff_id}@lichtruc"

        # A webhook goes at once: the publication's, then the cancellation's, once though its event came twice.
        published, hook = hooks.requests
        assert published.headers["x-lichtruc-kind"] == "shift_published"
        assert (hook.method, hook.path) == ("POST", "/hooks/lichtruc/anh")
        signed = "sha256=" + hmac.new(secret.encode(), hook.body, hashlib.sha256).hexdigest()
        assert hook.headers["x-lichtruc-signature"] == signed
        assert hook.headers["x-lichtruc-kind"] == "shift_cancelled"
        payload = json.loads(hook.body)
        assert hook.headers["x-lichtruc-delivery"] == payload["delivery_id"]
        assert payload == {
            "type": "lichtruc.notifier.shift_notice.v1",
            "kind": "shift_cancelled",
            "delivery_id": payload["delivery_id"],
            "language": "vi",
            "subject": _subject(mail),
            "text": _text(mail),
            "reason": "Trạm mất điện lưới\nĐã báo ông Tâm",  # its own field, its lines kept (M3)
            "person": {"staff_id": str(anh.staff_id), "full_name": ANH},
            "shift": {
                "shift_id": str(shift.shift_id),
                "enterprise_id": str(vnpt.enterprise_id),
                "enterprise_name": "Viễn thông Long An",
                "site_name": "Trạm Đức Huệ (biên giới)",
                "duty_type": "operations",
                "duty_type_name": "Trực điều hành",
                "starts_at": "2027-02-09T18:00:00+07:00",
                "ends_at": "2027-02-10T00:00:00+07:00",
                "lunar_day": "Mùng 4 tháng Giêng",
                "drill": False,
            },
        }
        assert payload["subject"].startswith("Ca trực của anh/chị đã bị hủy: ")
        assert "(người hủy: Trần Văn Tâm)." in payload["text"] and "manager-vnpt" not in payload["text"]
        assert "Lý do hủy: “Trạm mất điện lưới\n" in payload["text"]
        assert f"{PORTAL}/go/shifts/{shift.shift_id}" in payload["text"]
    # The cancellation once, though its event came twice (beside the publication's webhook, at once).
    assert len(hooks.requests) == 2 and len(mailbox.to(anh.email or "")) == 1


async def test_four_shifts_published_at_once_reach_each_person_once_in_one_mail_with_one_ics(
    settings, kafka, clock, mailbox
) -> None:
    """QZ24 #1: a manager planned four shifts — Ánh on giao thừa night (to 24:00), on mùng 1 and on mùng 2, Bảo on
    mùng 1 — and pressed "Công bố cả 4 ca nháp": nobody was told. Now Ánh gets one mail listing her three with one
    .ics of three events, Bảo one of his; a draft left unpublished tells nobody; each once, though every event
    arrives twice."""
    vnpt = Enterprise(clock, manager_emails=(MANAGER,))
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao = Person.new(BAO, email="baodq@vnpt-longan.vn")
    night = vnpt.shift([anh], start=GIAO_THUA - timedelta(hours=4), hours=6, duty_type="operations")
    first_day = vnpt.shift([anh, bao], start=GIAO_THUA + timedelta(hours=8), duty_type="leadership")
    second_day = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=1, hours=8))
    draft = vnpt.shift([bao], start=GIAO_THUA + timedelta(days=2))
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao, language="en")])
        planned = [s.planned() for s in (night, first_day, second_day, draft)]
        published = [
            s.published(actor="manager-vnpt", actor_name="Trần Văn Tâm") for s in (night, first_day, second_day)
        ]
        await send_and_wait(app, kafka, settings, planned + published + published)
        clock.advance(seconds=61)  # the window in which a person's other published shifts join the first
        await eventually(lambda: _count(mailbox, 2), what="Ánh's and Bảo's mails")

        [to_anh] = mailbox.to(anh.email or "")
        assert (
            _subject(to_anh)
            == "Lịch trực của anh/chị đã được công bố: 3 ca, 05/02 – 07/02/2027 (29 tháng Chạp – Mùng 2 Tết)"
        )
        text = _text(to_anh)
        assert "3 ca trực dưới đây của anh/chị đã được công bố (người công bố: Trần Văn Tâm)." in text
        assert "18:00–24:00 05/02/2027 (29 tháng Chạp), giao thừa, giờ Việt Nam" in text
        assert "06:00–14:00 06/02/2027 (Mùng 1 Tết)" in text and "(Mùng 2 Tết)" in text
        assert f"{PORTAL}/go/shifts/{night.shift_id}" in text and "manager-vnpt" not in text
        calendar = icalendar.Calendar.from_ical(_ics(to_anh))
        assert calendar.get("METHOD") == "PUBLISH"
        assert [str(e.get("UID")) for e in calendar.events] == [
            f"{s.shift_id}.{anh.staff_id}@lichtruc" for s in (night, first_day, second_day)
        ]
        assert [e.start for e in calendar.events] == [s.snapshot.starts_at for s in (night, first_day, second_day)]

        [to_bao] = mailbox.to(bao.email or "")
        assert _subject(to_bao).startswith("Your duty roster is published: Leadership")
        assert "Your shift below has been published (published by Trần Văn Tâm)." in _text(to_bao)
        [event] = icalendar.Calendar.from_ical(_ics(to_bao)).events
        assert str(event.get("UID")) == f"{first_day.shift_id}.{bao.staff_id}@lichtruc"

        async def all_sent() -> bool:
            items = (await client.get("/deliveries", params={"kind": "shift_published"})).json()["items"]
            return sorted(i["status"] for i in items) == ["sent"] * 4

        await eventually(all_sent, what="the four deliveries recorded as sent with their two mails")
    assert len(mailbox.received) == 2  # nobody twice, nothing of the draft


async def test_the_published_mail_names_who_is_on_duty_on_other_shifts_meanwhile_on_postgres(
    settings, kafka, clock, mailbox
) -> None:
    """QZ25 #1: Hòa, put alone on the giao thừa night's operations shift, read "Đồng nghiệp cùng ca: không có"
    beside the duty leader on her own shift at the same hours. Now his mail and its .ics name her first, with her
    phone, and the incident response at the NOC; Cường, alone on mùng 5 with nobody else of VNPT on, is told so."""
    vnpt = Enterprise(clock, manager_emails=(MANAGER,))
    hoa, anh = Person.new("Lê Văn Hòa"), Person.new(ANH)
    bao, cuong = Person.new(BAO), Person.new("Ngô Văn Cường")
    noc, site = vnpt.site("Trung tâm điều hành Tân An")
    leader = vnpt.shift([anh], start=GIAO_THUA - timedelta(hours=4), hours=14, duty_type="leadership")
    response = vnpt.shift([bao], start=GIAO_THUA, duty_type="incident_response", site_id=noc)
    night = vnpt.shift([hoa], start=GIAO_THUA, duty_type="operations")
    alone = vnpt.shift([cuong], start=GIAO_THUA + timedelta(days=4), duty_type="operations")
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        people = [vnpt.staff(p, phone="0912345678" if p is anh else None) for p in (hoa, anh, bao, cuong)]
        await send_and_wait(app, kafka, settings, [vnpt.registered(), site, *people])
        shifts = (leader, response, night, alone)
        await send_and_wait(app, kafka, settings, [s.planned() for s in shifts] + [s.published() for s in shifts])
        clock.advance(seconds=61)
        await eventually(lambda: _count(mailbox, 4), what="the four people's mails")

        [to_hoa] = mailbox.to(hoa.email or "")
        text = _text(to_hoa)
        assert (
            "  Cùng trực (2 người): Trực lãnh đạo: Phạm Thị Ngọc Ánh, 0912 345 678 (18:00 05/02 → 08:00 06/02)\n"
            "                       Trực vận hành khai thác mạng lưới và ứng cứu thông tin: Đặng Quốc Bảo "
            "(Trung tâm điều hành Tân An)\n"
        ) in text, text
        assert "không có" not in text and "Ngô Văn Cường" not in text
        [event] = icalendar.Calendar.from_ical(_ics(to_hoa)).events
        assert "Cùng trực (2 người): Trực lãnh đạo: Phạm Thị Ngọc Ánh, 0912 345 678" in str(event.get("DESCRIPTION"))

        [to_anh] = mailbox.to(anh.email or "")  # the leader is told of the two beside her, her own phone not said
        assert "  Cùng trực (2 người): Trực điều hành: Lê Văn Hòa (22:00 05/02 → 06:00 06/02)\n" in _text(to_anh)
        assert "Đặng Quốc Bảo (Trung tâm điều hành Tân An, 22:00 05/02 → 06:00 06/02)" in _text(to_anh)
        assert "0912" not in _text(to_anh)

        [to_cuong] = mailbox.to(cuong.email or "")
        assert "  Cùng trực: không có ai khác của doanh nghiệp\n" in _text(to_cuong)
        assert "Đồng nghiệp cùng ca" not in _text(to_cuong)
    assert len(mailbox.received) == 4
