"""Names, sites and notes come from roster (typed by managers, imported from spreadsheets):
line breaks in them must not add calendar events or properties to a feed, headers to an
e-mail, or break a webhook's JSON. The text itself arrives intact, inside its own property
or field. Everything goes the whole way: roster events on Kafka, the feed over HTTP, the
e-mail through a real SMTP server, the webhook to a real receiver."""

from __future__ import annotations

import email
import json
import re
from datetime import timedelta
from email.header import decode_header, make_header

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from notifier_testkit import (
    GIAO_THUA,
    TUYET,
    Enterprise,
    FakeClock,
    Person,
    allowing_receiver,
    send_and_wait,
    settings_for,
)

from notifier.app import create_app
from support import eventually, running, wait_ready

ICAL_ATTACK = (
    "\r\nBEGIN:VEVENT\r\nSUMMARY:evil\r\nDTSTART:20270205T000000Z\r\nEND:VEVENT"
    "\r\nATTENDEE;CN=evil;RSVP=TRUE:mailto:attacker@example.com\u2028ORGANIZER:mailto:attacker@example.com"
)
MAIL_ATTACK = "\r\nBcc: attacker@example.com\nX-Evil: 1\u2028Cc: cc@example.com"


def as_ical_text(value: str) -> str:
    """What a calendar app reads back: every kind of line break is one newline inside the value."""
    return value.replace("\r\n", "\n").replace("\u2028", "\n")


def unescape(value: str) -> str:
    """RFC 5545 3.3.11 TEXT unescaping, for the properties icalendar does not unescape itself."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(days=3))


async def _now(value):
    return value


async def test_line_breaks_in_names_and_notes_stay_inside_their_ical_property(
    new_database, kafka, topic_prefix, clock
) -> None:
    settings = settings_for(new_database("notifier"), kafka, topic_prefix, scheduler_enabled=False)
    vnpt = Enterprise(clock, name="VNPT Long An" + ICAL_ATTACK)  # (roster allows only digits in a phone)
    victim, colleague = Person.new(TUYET + ICAL_ATTACK), Person.new("Trần Văn Bình" + ICAL_ATTACK)
    site_id, site = vnpt.site("Trạm Đức Hòa" + ICAL_ATTACK)
    shift = vnpt.shift([victim, colleague], start=GIAO_THUA, site_id=site_id, notes="Mang thẻ" + ICAL_ATTACK)
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(
            app,
            kafka,
            settings,
            [vnpt.registered(), site, vnpt.staff(victim), vnpt.staff(colleague), shift.published()],
        )
        feeds = [
            (await client.post("/feeds", json=body)).json()
            for body in (
                {"kind": "person", "staff_id": str(victim.staff_id)},
                {"kind": "enterprise", "enterprise_id": str(vnpt.enterprise_id)},
            )
        ]
        raws = [(await client.get(f"/feeds/{feed['token']}.ics")).content for feed in feeds]

    for raw in raws:
        physical = raw.split(b"\r\n")
        assert physical.count(b"BEGIN:VEVENT") == 1 and physical.count(b"END:VEVENT") == 1
        assert not any(
            line.startswith((b"SUMMARY:evil", b"ATTENDEE", b"ORGANIZER", b"DTSTART:2027")) for line in physical
        )
        assert all(len(line) <= 75 for line in physical)
        cal = icalendar.Calendar.from_ical(raw)
        assert [c.errors for c in cal.walk()] == [[] for _ in cal.walk()]
        [event] = cal.events
        assert "ATTENDEE" not in event and "ORGANIZER" not in event
        assert (
            str(event["SUMMARY"])
            == f"Trực lãnh đạo — {as_ical_text(vnpt.name)} (29 tháng Chạp → Mùng 1 Tết, giao thừa)"
        )
        assert str(event["LOCATION"]) == as_ical_text("Trạm Đức Hòa" + ICAL_ATTACK)
        description = str(event["DESCRIPTION"])
        assert f"Ghi chú: {as_ical_text('Mang thẻ' + ICAL_ATTACK)}" in description
        assert as_ical_text(colleague.full_name) in description
        assert len(IcsCalendarStream.calendar_from_ics(raw.decode("utf-8")).events) == 1  # a second parser agrees
    own = icalendar.Calendar.from_ical(raws[0])
    for name in ("NAME", "X-WR-CALNAME"):  # icalendar leaves these calendar-level values escaped: one line
        assert "\n" not in str(own[name])
        assert unescape(str(own[name])) == f"Lịch trực — {as_ical_text(victim.full_name)}"


async def test_line_breaks_in_names_cannot_add_email_headers_or_break_webhook_json(
    new_database, kafka, topic_prefix, clock, mailbox, hooks
) -> None:
    settings = settings_for(
        new_database("notifier"),
        kafka,
        topic_prefix,
        smtp_port=mailbox.port,
        webhook_url=hooks.url,
        webhook_secret="operators-gateway-secret",
        **allowing_receiver(hooks.url),
    )
    manager = "giamdoc@vnpt-longan.vn"
    vnpt = Enterprise(clock, name="VNPT Long An" + MAIL_ATTACK, manager_emails=(manager,))
    victim = Person.new(TUYET + MAIL_ATTACK)
    site_id, site = vnpt.site("Trạm Đức Hòa" + MAIL_ATTACK)
    shift = vnpt.shift([victim], start=GIAO_THUA, site_id=site_id, notes="Mang thẻ" + MAIL_ATTACK)
    shift.planned()
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        prefs = await client.put(
            f"/people/{victim.staff_id}/preferences",
            json={
                "channels": ["email", "webhook"],
                "reminder_offsets_minutes": [1440],
                "webhook_url": hooks.url + "/tuyet",
                "webhook_secret": "her-own-secret-123456",
            },
        )
        assert prefs.status_code == 200, prefs.text
        await send_and_wait(app, kafka, settings, [vnpt.registered(), site, vnpt.staff(victim), shift.published()])
        await send_and_wait(app, kafka, settings, [vnpt.gap_opened(start=GIAO_THUA)], audit=True)
        clock.now = GIAO_THUA - timedelta(hours=24)
        # Her shift's publication (its mail after its digest wait, its webhook at once), her reminder, the gap alert.
        await eventually(
            lambda: _now(len(mailbox.received) == 3 and len(hooks.requests) == 3),
            what="the publication, the reminder and the gap alert, by e-mail and webhook",
        )

    assert sorted(tuple(m.rcpt_tos) for m in mailbox.received) == sorted(
        [(victim.email,), (victim.email,), (manager,)]
    )  # the SMTP envelope: nobody else
    by_recipient = {
        tuple(m.rcpt_tos): m
        for m in mailbox.received
        if not str(make_header(decode_header(m.message["Subject"]))).startswith("Lịch trực của anh/chị đã được công bố")
    }
    for received in mailbox.received:
        head = received.raw.split(b"\r\n\r\n", 1)[0]
        assert not any(line.lower().startswith((b"bcc", b"cc", b"x-evil")) for line in head.split(b"\r\n"))
        msg = received.message
        assert {k.lower() for k in msg} == {
            "from",
            "to",
            "subject",
            "date",
            "message-id",
            "auto-submitted",
            "mime-version",
            "content-type",
            *(["content-transfer-encoding"] if not msg.is_multipart() else []),
        }
        subject = str(make_header(decode_header(msg["Subject"])))
        assert "\r" not in subject and "\n" not in subject and "\u2028" not in subject
        assert "VNPT Long An Bcc: attacker@example.com X-Evil: 1 Cc: cc@example.com" in subject  # kept, as text
        assert [a.addr_spec for a in msg["To"].addresses] == list(received.rcpt_tos)
    reminder = by_recipient[(victim.email,)].message
    # Decoded as RFC 2047 says (the stdlib's structured parser puts a space between adjacent encoded words).
    to = email.message_from_bytes(by_recipient[(victim.email,)].raw)["To"]
    assert str(make_header(decode_header(to))) == (
        f"{TUYET} Bcc: attacker@example.com X-Evil: 1 Cc: cc@example.com <{victim.email}>"
    )
    text = reminder.get_body(("plain",)).get_content()
    assert "Mang thẻ" in text and "attacker@example.com" in text  # the notes are in the text, not in the head
    [attachment] = list(reminder.iter_attachments())
    assert len(icalendar.Calendar.from_ical(attachment.get_payload(decode=True)).events) == 1

    for request in hooks.requests:
        assert not {"bcc", "cc", "x-evil"} & set(request.headers)
        payload = json.loads(request.body)  # valid JSON, whatever the names contain
        assert "\n" not in payload["subject"] and "\r" not in payload["subject"]
    by_path = {r.path: json.loads(r.body) for r in hooks.requests}
    own = by_path["/hooks/lichtruc/tuyet"]
    assert own["person"]["full_name"] == victim.full_name  # intact, line breaks and all
    assert own["shift"]["enterprise_name"] == vnpt.name
    assert own["shift"]["site_name"] == "Trạm Đức Hòa" + MAIL_ATTACK
    assert by_path["/hooks/lichtruc"]["gap"]["enterprise_name"] == vnpt.name
