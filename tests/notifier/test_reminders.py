"""Reminders against a real SMTP server and a real webhook receiver in the test process,
with the real broker and database: content and encoding, channels, retries, moves and
withdrawals, and reminders that fell due while the service was down."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from email.header import decode_header, make_header

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from notifier_testkit import (
    ALL_DIACRITICS,
    GIAO_THUA,
    PORTAL,
    TUYET,
    Enterprise,
    FakeClock,
    Person,
    allowing_receiver,
    campaign_opened,
    links_in,
    portal_page,
    send_and_wait,
    settings_for,
)

from notifier.app import create_app
from notifier.domain.messages import verify_signature
from support import eventually, running, wait_ready

GATEWAY_SECRET = "gateway-secret-0123456789"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(days=3))


@pytest.fixture
def settings(new_database, kafka, topic_prefix, mailbox, hooks):
    return settings_for(
        new_database("notifier"),
        kafka,
        topic_prefix,
        smtp_port=mailbox.port,
        webhook_url=hooks.url,
        webhook_secret=GATEWAY_SECRET,
        delivery_max_attempts=3,
        published_notice=False,  # reminders only (a shift published is told in test_shift_notice_mail.py)
        **allowing_receiver(hooks.url),
    )


@pytest.fixture
async def app_client(settings, clock):
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        yield app, client


async def deliveries(client, **params) -> list[dict]:
    response = await client.get("/deliveries", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def settled(client, count: int, **params) -> list[dict]:
    """The deliveries once `count` of them are done: the receiver has a message a moment before
    notifier records it as sent."""

    async def done() -> list[dict]:
        items = await deliveries(client, **params)
        return items if len(items) == count and all(d["status"] in ("sent", "failed") for d in items) else []

    return await eventually(done, what=f"{count} deliveries to be recorded as done")


async def reminders(client, **params) -> list[dict]:
    response = await client.get("/reminders", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def header(message, name: str) -> str:
    return str(make_header(decode_header(message[name])))


async def test_email_reminders_in_vietnamese_with_the_shift_attached(
    app_client, settings, kafka, clock, mailbox
) -> None:
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet, odd = Person.new(TUYET), Person.new(ALL_DIACRITICS)
    site_id, site = vnpt.site("Trạm viễn thông Đức Hòa")
    shift = vnpt.shift([tuyet, odd], start=GIAO_THUA, site_id=site_id, notes="Mang thẻ ra vào")
    shift.planned()
    await send_and_wait(
        app, kafka, settings, [vnpt.registered(), site, vnpt.staff(tuyet), vnpt.staff(odd), shift.published()]
    )
    planned = await reminders(client, staff_id=str(tuyet.staff_id))
    assert sorted((r["offset_minutes"], r["status"]) for r in planned) == [(60, "scheduled"), (1440, "scheduled")]
    assert {r["due_at"] for r in planned} == {"2027-02-04T22:00:00+07:00", "2027-02-05T21:00:00+07:00"}

    clock.now = GIAO_THUA - timedelta(hours=24)
    [received] = await eventually(lambda: _async(mailbox.to(tuyet.email)), what="the 24 h reminder")
    msg = received.message
    assert received.raw.isascii()  # RFC 2047 headers, quoted-printable text, base64 attachment
    assert header(msg, "Subject") == (
        "Nhắc trước 1 ngày: Trực lãnh đạo — VNPT Long An, 22:00 05/02/2027 (29 tháng Chạp, giao thừa)"
    )  # the night into mùng 1 (QZ26 #7)
    assert msg["To"].addresses[0].display_name == TUYET
    assert msg["From"].addresses[0].display_name == "Lịch trực Tết"
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")  # CRLF on the wire
    assert text.startswith(f"Chào {TUYET},\n")
    assert f"Đồng nghiệp cùng ca: {ALL_DIACRITICS}\n" in text
    assert ALL_DIACRITICS.encode("utf-8") in msg.get_body(("plain",)).get_payload(decode=True)
    assert "Địa điểm: Trạm viễn thông Đức Hòa" in text and "Ghi chú: Mang thẻ ra vào" in text
    # a night shift over two days: the lunar day of both ends; and the link to her shift's card on the portal
    assert (
        "Thời gian: 22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết), giao thừa, giờ Việt Nam\n" in text
    )
    card = f"{PORTAL}/go/shifts/{shift.shift_id}"
    assert f"\nXem ca trực, điểm danh trên Lịch trực Tết: {card}\n" in text
    assert links_in(text) == [card] and portal_page(card) == "/go/shifts/{shift_id}"
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    ics = attachment.get_payload(decode=True)
    cal = icalendar.Calendar.from_ical(ics)
    [event] = cal.events
    assert str(event["UID"]) == f"{shift.shift_id}.{tuyet.staff_id}@lichtruc"  # the feed's UID
    assert str(event["ORGANIZER"]) == "mailto:lichtruc@sotttt.longan.gov.vn"
    assert ALL_DIACRITICS in str(event["DESCRIPTION"])
    triggers = [a.decoded("TRIGGER") for a in event.walk("VALARM")]  # her phone reminds, as her feed would
    assert triggers == [-timedelta(minutes=m) for m in sorted(settings.reminder_offsets_minutes, reverse=True)]
    assert IcsCalendarStream.calendar_from_ics(ics.decode()).events[0].uid == str(event["UID"])

    [delivery] = await settled(client, 1, staff_id=str(tuyet.staff_id))
    assert msg["Message-ID"] == f"<{delivery['id']}@sotttt.longan.gov.vn>"
    assert (delivery["status"], delivery["attempts"], delivery["channel"]) == ("sent", 1, "email")
    assert [a["outcome"] for a in delivery["attempt_log"]] == ["sent"]
    assert delivery["attempt_log"][0]["detail"].startswith("SMTP 2.0.0 OK")

    # Her colleague's 24 h reminder is sent too before the clock moves on: once a later one is
    # due, the scheduler sends only the latest.
    await settled(client, 2, shift_id=str(shift.shift_id))
    clock.now = GIAO_THUA - timedelta(minutes=59)
    # Both 1 h reminders go out before the clock passes the start: a reminder still waiting
    # then is not sent at all (the scheduler sends only before the start).
    await eventually(lambda: _async(len(mailbox.to(tuyet.email)) == 2), what="the 1 h reminder")
    await eventually(lambda: _async(len(mailbox.to(odd.email)) == 2), what="her colleague's two reminders")
    await settled(client, 4, shift_id=str(shift.shift_id))
    clock.advance(hours=2)  # the shift has started: nothing more
    assert len(mailbox.to(tuyet.email)) == 2 and len(mailbox.to(odd.email)) == 2
    assert {r["status"] for r in await reminders(client, shift_id=str(shift.shift_id))} == {"dispatched"}


async def _async(value):
    return value


async def test_webhook_and_english_preferences(app_client, settings, kafka, clock, hooks, mailbox) -> None:
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    # Binh wants the operators' gateway; Tuyet her own webhook, in English, 30 minutes before.
    assert (await client.put(f"/people/{binh.staff_id}/preferences", json={"channels": ["webhook"]})).status_code == 200
    own = await client.put(
        f"/people/{tuyet.staff_id}/preferences",
        json={
            "language": "en",
            "channels": ["webhook", "email"],
            "reminder_offsets_minutes": [30],
            "webhook_url": hooks.url + "/tuyet",
            "webhook_secret": "her-own-secret-123456",
        },
    )
    assert own.status_code == 200, own.text
    assert own.json()["has_webhook_secret"] is True and "webhook_secret" not in own.json()
    shift = vnpt.shift([tuyet, binh], start=GIAO_THUA + timedelta(hours=2))  # 00:00 on Mùng 1 Tết
    shift.planned()
    await send_and_wait(
        app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), shift.published()]
    )
    clock.now = GIAO_THUA + timedelta(hours=1, minutes=31)
    await eventually(
        lambda: _async(len(hooks.requests) == 2 and len(mailbox.received) == 1), what="two webhook calls and one e-mail"
    )
    by_path = {r.path: r for r in hooks.requests}
    mine, gateway = by_path["/hooks/lichtruc/tuyet"], by_path["/hooks/lichtruc"]
    assert verify_signature(b"her-own-secret-123456", mine.body, mine.headers["x-lichtruc-signature"])
    assert verify_signature(GATEWAY_SECRET.encode(), gateway.body, gateway.headers["x-lichtruc-signature"])
    assert not verify_signature(GATEWAY_SECRET.encode(), mine.body, mine.headers["x-lichtruc-signature"])
    assert mine.headers["content-type"] == "application/json; charset=utf-8"
    payload = json.loads(mine.body)
    assert TUYET.encode() in mine.body  # raw UTF-8, not \\u escapes
    assert payload["person"]["full_name"] == TUYET and payload["language"] == "en"
    assert payload["shift"]["lunar_day"] == "1st day of Tết"
    assert payload["shift"]["starts_at"] == "2027-02-06T00:00:00+07:00"
    assert payload["text"].startswith(f"Dear {TUYET},\n")
    assert mine.headers["x-lichtruc-delivery"] == payload["delivery_id"]
    # Binh's hour-before reminder goes at 29 minutes before (the clock jumped past its time): it says so (QZ13)
    assert json.loads(gateway.body)["subject"].startswith("Ca trực bắt đầu sau 29 phút: Trực lãnh đạo")
    [email] = mailbox.received
    assert header(email.message, "Subject").startswith(
        "30 minutes before: Leadership duty — VNPT Long An, 00:00 6 Feb 2027"
    )
    english = email.message.get_body(("plain",)).get_content()
    assert f"\nSee the shift and check in on the Tết duty roster: {PORTAL}/go/shifts/{shift.shift_id}\n" in (
        english.replace("\r\n", "\n")
    )
    sent = await settled(client, 2, shift_id=str(shift.shift_id), channel="webhook")
    assert [d["status"] for d in sent] == ["sent", "sent"]


async def test_a_drills_reminder_says_so_in_the_mail_its_calendar_file_and_the_webhook(
    app_client, settings, kafka, clock, hooks, mailbox
) -> None:
    """A duty worker must not take a drill's shift for the Tết duty: the subject starts with the marker in
    their language, the mail's first paragraph says it, the attached event is marked as the feed's is, and
    the webhook's JSON says ``drill``."""
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    english_webhook = {"language": "en", "channels": ["webhook"]}
    assert (await client.put(f"/people/{binh.staff_id}/preferences", json=english_webhook)).status_code == 200
    drill_id = uuid.uuid4()
    start = GIAO_THUA - timedelta(days=1, hours=14)  # 08:00 on 04/02/2027, Vietnam time
    drill = campaign_opened(clock, campaign_id=drill_id, starts_at=start, ends_at=start + timedelta(hours=4))
    shift = vnpt.shift([tuyet, binh], start=start, hours=4, duty_type="operations", campaign_id=drill_id)
    shift.planned()
    await send_and_wait(
        app, kafka, settings, [drill, vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), shift.published()]
    )
    clock.now = start - timedelta(hours=24)
    [received] = await eventually(lambda: _async(mailbox.to(tuyet.email)), what="the drill's 24 h reminder")
    msg = received.message
    assert received.raw.isascii()
    assert header(msg, "Subject").startswith(
        "[Diễn tập] Nhắc trước 1 ngày: Trực điều hành — VNPT Long An, 08:00 04/02/2027"
    )
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(f"Chào {TUYET},\n\nCa trực dưới đây thuộc buổi diễn tập, không phải lịch trực Tết.\n\n")
    [attachment] = list(msg.iter_attachments())
    [event] = icalendar.Calendar.from_ical(attachment.get_payload(decode=True)).events
    assert str(event["SUMMARY"]).startswith("[Diễn tập] Trực điều hành — VNPT Long An")
    assert [str(c) for c in event.categories] == ["Diễn tập"]

    await eventually(lambda: _async(len(hooks.requests) == 1), what="Binh's webhook")
    payload = json.loads(hooks.requests[0].body)
    assert payload["shift"]["drill"] is True and payload["language"] == "en"
    assert payload["subject"].startswith("[Drill] 1 day before: Operations (command) duty — VNPT Long An")
    assert "The shift below belongs to a drill, not to the Tết duty roster." in payload["text"]
    await settled(client, 2, shift_id=str(shift.shift_id))


async def test_cancelled_shift_sends_nothing_and_rescheduling_moves_reminders(
    app_client, settings, kafka, clock, mailbox
) -> None:
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    cancelled = vnpt.shift([tuyet], start=GIAO_THUA)
    moved = vnpt.shift([binh], start=GIAO_THUA)
    reassigned = vnpt.shift([binh], start=GIAO_THUA + timedelta(hours=8))
    for s in (cancelled, moved, reassigned):
        s.planned()
    await send_and_wait(
        app,
        kafka,
        settings,
        [
            vnpt.registered(),
            vnpt.staff(tuyet),
            vnpt.staff(binh),
            cancelled.published(),
            moved.published(),
            reassigned.published(),
        ],
    )
    clock.advance(hours=1)
    await send_and_wait(
        app,
        kafka,
        settings,
        [cancelled.cancelled(), moved.rescheduled(GIAO_THUA + timedelta(days=2)), reassigned.reassigned([tuyet])],
    )
    withdrawn = await reminders(client, shift_id=str(cancelled.shift_id))
    assert {(r["status"], r["reason"]) for r in withdrawn} == {("withdrawn", "shift cancelled")}
    moved_rows = await reminders(client, shift_id=str(moved.shift_id))
    assert {(r["status"], r["shift_starts_at"]) for r in moved_rows} == {("scheduled", "2027-02-07T22:00:00+07:00")}
    assert {r["due_at"] for r in moved_rows} == {"2027-02-06T22:00:00+07:00", "2027-02-07T21:00:00+07:00"}
    swapped = {(r["staff_id"], r["status"]) for r in await reminders(client, shift_id=str(reassigned.shift_id))}
    assert swapped == {(str(binh.staff_id), "withdrawn"), (str(tuyet.staff_id), "scheduled")}

    # The reassignment itself is told at once (QA round 9, #3): Tuyết that she is on it, Bình that he no longer is;
    # the move of Bình's other shift and the cancellation of Tuyết's (QZ23 #2).
    await eventually(
        lambda: _async(len(mailbox.received) == 4), what="the reassignment's, the move's and the cancellation's notices"
    )
    told = sorted((m.rcpt_tos[0], header(m.message, "Subject").split(":")[0]) for m in mailbox.received)
    assert told == sorted(
        [
            (tuyet.email, "Anh/chị được phân công trực"),
            (binh.email, "Anh/chị không còn trực ca"),
            (binh.email, "Ca trực của anh/chị đã đổi giờ"),
            (tuyet.email, "Ca trực của anh/chị đã bị hủy"),
        ]
    )

    clock.now = GIAO_THUA + timedelta(hours=7, minutes=30)  # past the old due times of all three
    # Both of Tuyet's reminders of the reassigned shift are due by now: only the later one goes.
    await eventually(lambda: _async(len(mailbox.received) == 5), what="Tuyet's reminder of the reassigned shift")
    reminded = [m for m in mailbox.received if header(m.message, "Subject").startswith("Ca trực bắt đầu sau ")]
    assert {m.rcpt_tos[0] for m in reminded} == {tuyet.email}
    # sent half an hour before the start, the hour-before reminder says the half hour, not "1 giờ" (QZ13)
    assert [header(m.message, "Subject").split(":")[0] for m in reminded] == ["Ca trực bắt đầu sau 30 phút"]
    assert len(mailbox.to(binh.email)) == 2  # the two notices only: no reminder of a shift he is off
    # of the cancelled shift, its notice only: no reminder
    assert [d["kind"] for d in await deliveries(client, shift_id=str(cancelled.shift_id))] == ["shift_cancelled"]
    clock.now = GIAO_THUA + timedelta(days=1, minutes=1)
    await eventually(lambda: _async(len(mailbox.to(binh.email)) == 3), what="the moved 24 h reminder")
    assert header(mailbox.to(binh.email)[2].message, "Subject").startswith("Nhắc trước 1 ngày: ")


async def test_failing_smtp_server_is_retried_then_recorded_as_failed(
    app_client, settings, kafka, clock, mailbox
) -> None:
    app, client = app_client
    mailbox.reply = "451 4.3.0 Mailbox busy, try again later"
    vnpt = Enterprise(clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), shift.published()])
    created_from = clock.now.isoformat()
    clock.now = GIAO_THUA - timedelta(hours=23)

    async def failed() -> list[dict]:
        return await deliveries(client, staff_id=str(tuyet.staff_id), status="failed")

    [delivery] = await eventually(failed, what="the delivery to be recorded as failed")
    assert mailbox.data_commands == settings.delivery_max_attempts == 3
    assert mailbox.received == []
    assert [a["outcome"] for a in delivery["attempt_log"]] == ["retry", "retry", "failed"]
    assert all("451" in a["detail"] for a in delivery["attempt_log"])
    assert "451" in delivery["last_error"] and "gave up after 3 attempts" in delivery["last_error"]
    assert (
        await deliveries(
            client,
            shift_id=str(shift.shift_id),
            channel="email",
            created_from=created_from,
            created_to=(clock.now + timedelta(seconds=1)).isoformat(),
        )
        != []
    )
    assert await deliveries(client, shift_id=str(shift.shift_id), channel="webhook") == []
    assert await deliveries(client, created_to=created_from) == []
    one = await client.get(f"/deliveries/{delivery['id']}")
    assert one.status_code == 200 and one.json()["attempts"] == 3
    assert (await client.get("/deliveries", params={"status": "nonsense"})).status_code == 422
    # A period ending before it starts is refused with both times, not answered with an empty list.
    backwards = await client.get(
        "/deliveries", params={"created_from": "2027-02-10T00:00:00+07:00", "created_to": "2027-02-01T00:00:00+07:00"}
    )
    assert backwards.status_code == 422 and backwards.json()["type"].endswith("/empty-period"), backwards.text
    assert "00:00 1 Feb 2027" in backwards.json()["detail"] and "00:00 10/02/2027" in backwards.json()["detail_vi"]
    assert all(e["message_vi"] for e in backwards.json()["errors"])  # each error in both languages too
    # QA (2026-12-04): the reminders answered such a period with an empty list, and an instant past
    # datetime's range once in UTC was a 500 here.
    reminders_backwards = await client.get(
        "/reminders", params={"due_from": "2027-02-10T00:00:00+07:00", "due_to": "2027-02-01T00:00:00+07:00"}
    )
    assert reminders_backwards.status_code == 422 and reminders_backwards.json()["type"].endswith("/empty-period")
    assert [e["field"] for e in reminders_backwards.json()["errors"]] == ["query.due_to"]
    far = await client.get("/deliveries", params={"created_from": "9999-12-31T23:59:59-12:00"})
    assert far.status_code == 422 and "năm phải từ 1901 đến 2199" in far.json()["detail_vi"], far.text


async def test_reminders_survive_a_restart_and_late_ones_go_only_before_the_start(
    settings, kafka, clock, mailbox
) -> None:
    vnpt = Enterprise(clock)
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    later = vnpt.shift([tuyet], start=GIAO_THUA)
    sooner = vnpt.shift([binh], start=GIAO_THUA - timedelta(hours=10))
    later.planned()
    sooner.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(
            app,
            kafka,
            settings,
            [vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), later.published(), sooner.published()],
        )
    # Down while both of Tuyet's reminders and the whole of Binh's shift go by.
    clock.now = GIAO_THUA - timedelta(minutes=30)
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await eventually(lambda: _async(len(mailbox.received) == 1), what="the one late reminder")
        rows = {r["offset_minutes"]: r for r in await reminders(client, shift_id=str(later.shift_id))}
        assert rows[60]["status"] == "dispatched"
        assert rows[1440]["status"] == "skipped"  # superseded: one late reminder, not two

        async def binh_expired() -> bool:
            return {r["status"] for r in await reminders(client, staff_id=str(binh.staff_id))} == {"expired"}

        await eventually(binh_expired, what="Binh's reminders to expire unsent")
        reasons = {r["reason"] for r in await reminders(client, staff_id=str(binh.staff_id))}
    # the saved reason is English, its day as English reads it (QA 2026-12-06: "05/02/2027" read as 2 May)
    (reason,) = reasons
    assert reason.startswith("not sent: the shift started at 12:00 5 Feb 2027 "), reason
    assert [m.rcpt_tos for m in mailbox.received] == [[tuyet.email]]


async def test_a_personal_webhook_whose_host_was_taken_off_the_list_is_not_called(
    settings, kafka, clock, hooks
) -> None:
    vnpt = Enterprise(clock)
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    shift = vnpt.shift([tuyet, binh], start=GIAO_THUA)
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        own = await client.put(
            f"/people/{tuyet.staff_id}/preferences",
            json={
                "channels": ["webhook"],
                "reminder_offsets_minutes": [1440],
                "webhook_url": hooks.url + "/tuyet",
                "webhook_secret": "her-own-secret-123456",
            },
        )
        assert own.status_code == 200, own.text  # allowed when she saved it
        gateway = await client.put(f"/people/{binh.staff_id}/preferences", json={"channels": ["webhook"]})
        assert gateway.status_code == 200, gateway.text
        await send_and_wait(
            app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), shift.published()]
        )
    # The operator takes the receiver's host off the list. The operators' own webhook (the same
    # receiver) is theirs to set and still goes out.
    narrowed = settings.model_copy(update={"webhook_allowed_hosts": ("chat.example.vn",)})
    clock.now = GIAO_THUA - timedelta(hours=23)
    app = create_app(narrowed, clock=clock)
    async with running(app) as client:
        await wait_ready(client)

        async def hers_failed_and_his_sent() -> dict | None:
            found = (
                await deliveries(client, staff_id=str(tuyet.staff_id), channel="webhook"),
                await deliveries(client, staff_id=str(binh.staff_id), channel="webhook"),
            )
            assert [len(rows) for rows in found] == [1, 1], found  # until the scheduler has planned both
            [hers], [his] = found
            return hers if (hers["status"], his["status"]) == ("failed", "sent") else None

        hers = await eventually(hers_failed_and_his_sent, what="her delivery refused, his sent")
    assert [r.path for r in hooks.requests] == ["/hooks/lichtruc"]  # nothing reached /hooks/lichtruc/tuyet
    assert hers["attempts"] == 1 and [a["outcome"] for a in hers["attempt_log"]] == ["failed"]  # not retried
    assert hers["last_error"].startswith("personal webhook not called (host-not-allowed; the operator's list")
    assert "127.0.0.1" in hers["last_error"] and "NOTIFIER_WEBHOOK_ALLOWED_HOSTS" in hers["last_error"]


async def test_a_retry_to_an_address_the_person_has_since_changed_is_not_signed_with_the_operators_key(
    new_database, kafka, topic_prefix, clock, hooks
) -> None:
    # Retries wait an hour of the test's clock, so that she can change her webhook in between.
    settings = settings_for(
        new_database("notifier"),
        kafka,
        topic_prefix,
        webhook_url=hooks.url,
        webhook_secret=GATEWAY_SECRET,
        delivery_max_attempts=3,
        delivery_backoff_seconds=3600,
        published_notice=False,
        delivery_backoff_max_seconds=3600,
        **allowing_receiver(hooks.url),
    )
    vnpt = Enterprise(clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        assert (
            await client.put(
                f"/people/{tuyet.staff_id}/preferences",
                json={
                    "channels": ["webhook"],
                    "reminder_offsets_minutes": [1440],
                    "webhook_url": hooks.url + "/old",
                    "webhook_secret": "her-old-secret-123456",
                },
            )
        ).status_code == 200
        hooks.status = 503
        await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), shift.published()])
        clock.now = GIAO_THUA - timedelta(hours=23)

        async def first_attempt_failed() -> dict | None:
            items = await deliveries(client, staff_id=str(tuyet.staff_id))
            return items[0] if items and items[0]["attempts"] == 1 and items[0]["status"] == "pending" else None

        await eventually(first_attempt_failed, what="the first attempt to fail and wait for its retry")
        assert (
            await client.put(
                f"/people/{tuyet.staff_id}/preferences",
                json={
                    "channels": ["webhook"],
                    "reminder_offsets_minutes": [1440],
                    "webhook_url": hooks.url + "/new",
                    "webhook_secret": "her-new-secret-1234567",
                },
            )
        ).status_code == 200
        hooks.status = 200
        clock.advance(hours=2)
        [delivery] = await settled(client, 1, staff_id=str(tuyet.staff_id))
    assert delivery["status"] == "failed" and "no webhook secret for this address" in delivery["last_error"]
    old = [r for r in hooks.requests if r.path == "/hooks/lichtruc/old"]
    assert len(old) == 1  # the first attempt only, signed with her key then
    assert verify_signature(b"her-old-secret-123456", old[0].body, old[0].headers["x-lichtruc-signature"])
    assert not any(
        verify_signature(GATEWAY_SECRET.encode(), r.body, r.headers["x-lichtruc-signature"]) for r in hooks.requests
    )


async def test_a_shift_published_an_hour_before_its_start_sends_one_reminder_not_two_minutes_apart(
    app_client, settings, kafka, clock, mailbox
) -> None:
    """QA: published at 09:47 for 10:50, the late day-before reminder went at 09:47 and the hour-before one at 09:50,
    the same e-mail twice. The late one now waits for the next, due within minutes: one reminder, at 09:50."""
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    clock.now = GIAO_THUA - timedelta(minutes=63)
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), shift.published()])

    async def day_before_skipped() -> bool:
        rows = {r["offset_minutes"]: r["status"] for r in await reminders(client, shift_id=str(shift.shift_id))}
        return rows == {1440: "skipped", 60: "scheduled"}

    await eventually(day_before_skipped, what="the late day-before reminder to be held back for the hour-before one")
    assert mailbox.to(tuyet.email) == []
    clock.now = GIAO_THUA - timedelta(minutes=60)
    await eventually(lambda: _async(len(mailbox.to(tuyet.email)) == 1), what="the hour-before reminder")
    await settled(client, 1, shift_id=str(shift.shift_id))
    assert len(mailbox.to(tuyet.email)) == 1


async def test_a_reminder_due_while_down_waits_for_the_end_of_quiet_hours_after_a_restart(
    settings, kafka, clock, mailbox
) -> None:
    """QA round 11, #3: quiet hours 04:00–05:30, a shift at 06:00 8 Feb; its hour-before reminder (05:00, quiet) was
    due at 04:00 while the service was down; restarted at 04:50, it sent the reminder at once, inside her quiet
    hours. Now the catch-up moves it to 05:30, the quiet time's end, and sends it then, once."""
    vnpt = Enterprise(clock)
    tuyet = Person.new(TUYET)
    start = GIAO_THUA + timedelta(days=2, hours=8)  # 06:00 on 8 Feb 2027
    shift = vnpt.shift([tuyet], start=start)
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        chosen = {"language": "en", "channels": ["email"], "quiet_hours": {"start": "04:00", "end": "05:30"}}
        response = await client.put(f"/people/{tuyet.staff_id}/preferences", json=chosen)
        assert response.status_code == 200, response.text
        await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), shift.published()])
        clock.now = start - timedelta(days=1)
        await eventually(lambda: _async(len(mailbox.to(tuyet.email)) == 1), what="the day-before reminder")
        await settled(client, 1, shift_id=str(shift.shift_id))
    clock.now = start - timedelta(minutes=70)  # 04:50, inside her quiet hours: down since before 04:00
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)

        async def hour_before() -> dict:
            rows = {r["offset_minutes"]: r for r in await reminders(client, shift_id=str(shift.shift_id))}
            return rows[60] if rows[60]["due_at"] != "2027-02-08T04:00:00+07:00" else {}

        moved = await eventually(hour_before, what="the hour-before reminder to be moved out of her quiet hours")
        assert (moved["status"], moved["due_at"]) == ("scheduled", "2027-02-08T05:30:00+07:00")
        assert moved["reason"] == "due inside the person's quiet hours: moved to their end"
        assert len(mailbox.to(tuyet.email)) == 1
        clock.now = start - timedelta(minutes=30)  # 05:30: the quiet time is over
        await eventually(lambda: _async(len(mailbox.to(tuyet.email)) == 2), what="the hour-before reminder at 05:30")
        await settled(client, 2, shift_id=str(shift.shift_id))
    assert len(mailbox.to(tuyet.email)) == 2
    # QZ13: sent at 05:30, half an hour before the start, it says so, not "1 hour before"
    assert header(mailbox.to(tuyet.email)[1].message, "Subject").startswith("Shift starts in 30 minutes: ")


async def test_a_reminder_sent_is_not_sent_again_when_the_person_then_chooses_another_offset(
    app_client, settings, kafka, clock, mailbox
) -> None:
    """QA round 11, #4: the 10:30 shift's hour-before reminder went at 10:00; at 10:10 she chose "30 minutes before"
    only, and a second, identical e-mail went at once for the new 30-minute reminder (due 10:00, passed)."""
    app, client = app_client
    vnpt = Enterprise(clock)
    nhung = Person.new("Lê Thị Hồng Nhung")
    start = GIAO_THUA + timedelta(days=1, hours=12, minutes=30)  # 10:30 on 7 Feb 2027
    shift = vnpt.shift([nhung], start=start)
    shift.planned()
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(nhung), shift.published()])
    clock.now = start - timedelta(minutes=30)  # 10:00: the hour-before reminder (the day-before one is skipped)
    await eventually(lambda: _async(len(mailbox.to(nhung.email)) == 1), what="the hour-before reminder")
    await settled(client, 1, shift_id=str(shift.shift_id))
    clock.now = start - timedelta(minutes=20)  # 10:10
    response = await client.put(
        f"/people/{nhung.staff_id}/preferences", json={"channels": ["email"], "reminder_offsets_minutes": [30]}
    )
    assert response.status_code == 200, response.text
    rows = {r["offset_minutes"]: r["status"] for r in await reminders(client, shift_id=str(shift.shift_id))}
    assert rows == {1440: "skipped", 60: "dispatched"}  # no 30-minute reminder planned for a start already told
    # 15 minutes before is still ahead: chosen now, it is planned and goes at 10:15, once.
    response = await client.put(
        f"/people/{nhung.staff_id}/preferences", json={"channels": ["email"], "reminder_offsets_minutes": [30, 15]}
    )
    assert response.status_code == 200, response.text
    clock.now = start - timedelta(minutes=15)
    await eventually(lambda: _async(len(mailbox.to(nhung.email)) == 2), what="the 15-minute reminder")
    await settled(client, 2, shift_id=str(shift.shift_id))
    rows = {r["offset_minutes"]: r["status"] for r in await reminders(client, shift_id=str(shift.shift_id))}
    assert rows == {1440: "skipped", 60: "dispatched", 15: "dispatched"}
    assert len(mailbox.to(nhung.email)) == 2
    # QZ12 #8: the 15-minute one is its own reminder, not the first one twice: each says how long before (QZ13: the
    # hour-before one, due 09:30 and sent at 10:00, the time really left).
    assert [header(m.message, "Subject").split(":")[0] for m in mailbox.to(nhung.email)] == [
        "Ca trực bắt đầu sau 30 phút",
        "Nhắc trước 15 phút",
    ]
