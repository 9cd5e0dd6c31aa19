"""Coverage-gap alerts: audit's CoverageGapOpened reaches the enterprise's managers once per gap
and manager (also when redelivered, or when the enterprise becomes known only later), and
CoverageGapClosed sends a short notice. The audit events are produced by the test itself."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from notifier_testkit import (
    GIAO_THUA,
    PORTAL,
    Enterprise,
    FakeClock,
    Person,
    account,
    campaign_opened,
    links_in,
    portal_page,
    send,
    send_and_wait,
    settings_for,
)

from lichtruc import topics
from notifier.app import create_app
from support import eventually, produce, read_topic, running, wait_ready


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(hours=6))


@pytest.fixture
def settings(new_database, kafka, topic_prefix, mailbox, hooks):
    return settings_for(
        new_database("notifier"),
        kafka,
        topic_prefix,
        smtp_port=mailbox.port,
        webhook_url=hooks.url,
        webhook_secret="operators-gateway-secret",
    )


async def _now(value):
    return value


def subject(received) -> str:
    return str(make_header(decode_header(received.message["Subject"])))


async def test_managers_are_alerted_once_per_gap_and_told_when_it_closes(
    settings, kafka, clock, mailbox, hooks
) -> None:
    managers = ("giamdoc@vnpt-longan.vn", "truca@vnpt-longan.vn")
    vnpt = Enterprise(clock, manager_emails=managers)
    # truca@ is a staff member's address too (typed in capitals there), who reads English: named, in English.
    truc = Person.new("Trần Văn Trực", email="TRUCA@vnpt-longan.vn")
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(truc, language="en")])
        campaign, site = uuid.uuid4(), uuid.uuid4()
        opened = vnpt.gap_opened(start=GIAO_THUA, campaign_id=campaign, site_id=site)
        # Redelivered as is, and a second copy of the same gap version under another event id.
        again = vnpt.gap_opened(gap_id=opened.data["gap_id"], start=GIAO_THUA, campaign_id=campaign, site_id=site)
        await send_and_wait(app, kafka, settings, [opened, opened, again], audit=True)
        await eventually(
            lambda: _now(len(mailbox.received) == 2 and len(hooks.requests) == 1),
            what="one alert per manager and one to the operators' webhook",
        )
        assert sorted(m.rcpt_tos[0] for m in mailbox.received) == sorted(managers)
        first, english = sorted(mailbox.received, key=lambda m: m.rcpt_tos[0])
        assert str(make_header(decode_header(english.message["To"]))) == "Trần Văn Trực <truca@vnpt-longan.vn>"
        assert subject(english) == "Coverage gap: Operations (command) duty — VNPT Long An, 22:00 5 Feb 2027"
        assert subject(first) == "Cảnh báo thiếu người trực: Trực điều hành — VNPT Long An, 22:00 05/02/2027"
        text = first.message.get_body(("plain",)).get_content()
        assert "Số người trực / yêu cầu: 1 / 2" in text and "Thuộc giờ cao điểm" in text
        # 22:00 to 02:00: the lunar day of both ends; and the link to the board's cell where people are added
        assert (
            "Khoảng thời gian: 22:00 05/02/2027 (29 tháng Chạp) – 02:00 06/02/2027 (Mùng 1 Tết), giờ Việt Nam" in text
        )
        cell = (  # over two days: the board marks both, opened at the first
            f"{PORTAL}/manage/board/{campaign}/{vnpt.enterprise_id}/cell?day=2027-02-05&duty_type=operations"
            f"&site_id={site}&through=2027-02-06#cell-2027-02-05-operations-{site}"
        )
        assert f"\nXếp người trực cho khoảng này: {cell}\n" in text.replace("\r\n", "\n")
        assert links_in(text) == [cell] and portal_page(cell) == "/manage/board/{campaign_id}/{enterprise_id}/cell"

        clock.advance(minutes=20)
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(opened)], audit=True)
        await eventually(
            lambda: _now(len(mailbox.received) == 4 and len(hooks.requests) == 2),
            what="a closing notice to everyone alerted",
        )
        notices = {m.rcpt_tos[0]: m for m in mailbox.received[2:]}
        assert subject(notices["giamdoc@vnpt-longan.vn"]).split(":")[0] == "Đã đủ người trực"
        assert not subject(notices["truca@vnpt-longan.vn"]).startswith("Đã đủ")
        closed = notices["giamdoc@vnpt-longan.vn"].message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert f"\nXem lịch trực của khoảng này: {cell}\n" in closed

        async def all_sent() -> bool:
            # The mail server has the message a moment before notifier records it as sent.
            gap = (await client.get("/deliveries", params={"gap_id": opened.data["gap_id"]})).json()["items"]
            assert sorted((d["kind"], d["channel"], d["status"]) for d in gap) == sorted(
                [("gap_opened", "email", "sent")] * 2
                + [("gap_closed", "email", "sent")] * 2
                + [("gap_opened", "webhook", "sent"), ("gap_closed", "webhook", "sent")]
            )
            return True

        await eventually(all_sent, what="every alert and notice recorded as sent")


async def test_a_drills_gap_alert_and_closing_notice_say_it_is_a_drill(settings, kafka, clock, mailbox, hooks) -> None:
    vnpt = Enterprise(clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    drill_id = uuid.uuid4()
    start = clock.now + timedelta(minutes=30)
    drill = campaign_opened(clock, campaign_id=drill_id, starts_at=start, ends_at=start + timedelta(hours=4))
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered(), drill])
        opened = vnpt.gap_opened(start=start, campaign_id=drill_id)
        await send_and_wait(app, kafka, settings, [opened], audit=True)
        [alert] = await eventually(lambda: _now(mailbox.received), what="the drill's gap alert")
        assert subject(alert) == "[Diễn tập] Cảnh báo thiếu người trực: Trực điều hành — VNPT Long An, 16:30 05/02/2027"
        text = alert.message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert text.startswith("Khoảng thiếu người dưới đây thuộc buổi diễn tập, không phải lịch trực Tết.\n\n")
        await eventually(lambda: _now(len(hooks.requests) == 1), what="the operators' webhook")
        assert json.loads(hooks.requests[0].body)["gap"]["drill"] is True

        clock.advance(minutes=10)
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(opened)], audit=True)
        await eventually(lambda: _now(len(mailbox.received) == 2), what="the closing notice")
        assert subject(mailbox.received[1]).startswith("[Diễn tập] Đã đủ người trực: Trực điều hành")
        await eventually(lambda: _now(len(hooks.requests) == 2), what="the webhook's closing notice")
        assert json.loads(hooks.requests[1].body)["gap"]["drill"] is True


async def test_gap_of_an_enterprise_not_known_yet_is_alerted_when_it_arrives(
    settings, kafka, clock, mailbox, hooks
) -> None:
    vnpt = Enterprise(clock, name="MobiFone Long An", manager_emails=("quanly@mobifone-longan.vn",))
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        opened = vnpt.gap_opened(start=GIAO_THUA, duty_type="leadership")
        past = vnpt.gap_opened(start=clock.now - timedelta(hours=8))  # already over: no alert
        await send_and_wait(app, kafka, settings, [opened, past], audit=True)
        await eventually(lambda: _now(len(hooks.requests) == 1), what="the webhook alert (no manager known yet)")
        assert mailbox.received == []
        await send_and_wait(app, kafka, settings, [vnpt.registered()])
        [alert] = await eventually(lambda: _now(mailbox.received), what="the manager's alert")
        assert alert.rcpt_tos == ["quanly@mobifone-longan.vn"]
        assert "MobiFone Long An" in subject(alert)
        assert (await client.get("/deliveries", params={"gap_id": past.data["gap_id"]})).json()["items"] == []
        # A manager account made meanwhile learns of the gap still open (QZ12: only inspections reached accounts);
        # one whose sign-in address is the enterprise's own is not told twice.
        await send_and_wait(
            app, kafka, settings, [account(vnpt, "pgd@mobifone-longan.vn"), account(vnpt, "QUANLY@mobifone-longan.vn")]
        )
        await eventually(lambda: _now(len(mailbox.received) == 2), what="the manager account's alert")
        assert mailbox.received[1].rcpt_tos == ["pgd@mobifone-longan.vn"] and "MobiFone" in subject(mailbox.received[1])
        gap = (await client.get("/deliveries", params={"gap_id": opened.data["gap_id"]})).json()["items"]
        assert sorted(d["recipient"] for d in gap if d["channel"] == "email") == [
            "pgd@mobifone-longan.vn",
            "quanly@mobifone-longan.vn",
        ]


async def test_poison_audit_message_goes_to_the_dlq_and_the_next_gap_is_alerted(
    settings, kafka, clock, mailbox
) -> None:
    vnpt = Enterprise(clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    audit_topic = topics.with_prefix(settings.topic_prefix, topics.AUDIT_EVENTS)
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered()])
        await produce(kafka, audit_topic, [(str(vnpt.enterprise_id).encode(), b'{"type": "nonsense"}', None)])
        await send(kafka, settings, [vnpt.gap_opened(start=GIAO_THUA)], audit=True)
        await eventually(lambda: _now(len(mailbox.received) == 1), what="the alert after the poison message")
    [dead] = await read_topic(kafka, topics.dlq(audit_topic), until=lambda recs: len(recs) >= 1)
    assert dead.value == b'{"type": "nonsense"}'
    assert dict(dead.headers)["dlq-consumer"] == f"{settings.consumer_group}.audit".encode()


async def test_alerts_of_future_gaps_are_held_back_and_dropped_when_the_gap_closes_meanwhile(
    new_database, kafka, topic_prefix, clock, mailbox
) -> None:
    settings = settings_for(
        new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port, gap_alert_hold_seconds=600
    )
    vnpt = Enterprise(clock, manager_emails=("truca@vnpt-longan.vn",))
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered()])
        # Planning in progress: a gap six hours ahead opens and closes within a minute, another stays.
        transient = vnpt.gap_opened(start=GIAO_THUA)
        lasting = vnpt.gap_opened(start=GIAO_THUA + timedelta(hours=4), duty_type="leadership")
        await send_and_wait(app, kafka, settings, [transient, lasting], audit=True)
        clock.advance(minutes=1)
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(transient)], audit=True)

        async def held() -> list:
            items = (await client.get("/deliveries", params={"kind": "gap_opened"})).json()["items"]
            return items if {i["status"] for i in items} == {"pending", "cancelled"} else []

        items = await held()
        assert mailbox.received == []
        assert {i["gap_id"]: i["status"] for i in items} == {
            transient.data["gap_id"]: "cancelled",
            lasting.data["gap_id"]: "pending",
        }

        # Meanwhile the lasting gap shrinks in place (its end moved: version 2); the alert tells it as it is.
        shrunk = vnpt.gap_opened(
            gap_id=uuid.UUID(lasting.data["gap_id"]),
            start=GIAO_THUA + timedelta(hours=4),
            hours=1,
            duty_type="leadership",
            version=2,
        )
        await send_and_wait(app, kafka, settings, [shrunk], audit=True)
        clock.advance(minutes=10)  # the hold is over: the gap that is still open is alerted
        await eventually(lambda: _now(len(mailbox.received) == 1), what="the held alert to go out")
        assert "Trực lãnh đạo" in subject(mailbox.received[0])
        text = mailbox.received[0].message.get_body(("plain",)).get_content()
        assert "Khoảng thời gian: 02:00–03:00 06/02/2027" in text, text  # not to 06:00 as it opened
        [stored] = (await client.get("/deliveries", params={"gap_id": lasting.data["gap_id"]})).json()["items"]
        assert stored["subject"] == subject(mailbox.received[0])

        # An imminent gap is not held.
        clock.advance(hours=5)
        soon = vnpt.gap_opened(start=clock() + timedelta(minutes=5), duty_type="incident_response")
        await send_and_wait(app, kafka, settings, [soon], audit=True)
        await eventually(lambda: _now(len(mailbox.received) == 2), what="the imminent gap's alert at once")


async def test_planning_gaps_are_never_alerted_and_a_gap_is_alerted_once_in_force_or_imminent(
    new_database, kafka, topic_prefix, clock, mailbox
) -> None:
    settings = settings_for(
        new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port, gap_alert_hold_seconds=600
    )
    vnpt = Enterprise(clock, manager_emails=("truca@vnpt-longan.vn",))
    deadline = clock() + timedelta(hours=2)  # the campaign's readiness deadline, before giao thừa
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered()])
        planning = vnpt.gap_opened(start=GIAO_THUA, in_force_from=deadline)
        lasting = vnpt.gap_opened(start=GIAO_THUA + timedelta(hours=4), duty_type="leadership", in_force_from=deadline)
        await send_and_wait(app, kafka, settings, [planning, lasting], audit=True)
        clock.advance(minutes=30)  # past the hold, still before the deadline: nothing goes out
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(planning)], audit=True)
        clock.advance(minutes=30)

        async def states() -> dict:
            items = (await client.get("/deliveries", params={"kind": "gap_opened"})).json()["items"]
            return {i["gap_id"]: i["status"] for i in items}

        assert await eventually(lambda: states()) == {
            planning.data["gap_id"]: "cancelled",
            lasting.data["gap_id"]: "pending",
        }
        assert mailbox.received == []

        clock.advance(hours=1, minutes=1)  # the deadline passed with the gap still open: in force, alerted
        [alert] = await eventually(lambda: _now(mailbox.received), what="the alert of the gap in force")
        assert "Trực lãnh đạo" in subject(alert)

        # A gap whose in-force moment is far off but that starts within the hold is imminent: alerted now.
        soon = vnpt.gap_opened(
            start=clock() + timedelta(minutes=5),
            duty_type="incident_response",
            in_force_from=clock() + timedelta(minutes=5),
        )
        await send_and_wait(app, kafka, settings, [soon], audit=True)
        await eventually(lambda: _now(len(mailbox.received) == 2), what="the imminent gap's alert at once")


async def test_a_gap_reopened_after_its_alert_was_cancelled_is_alerted_when_in_force(
    new_database, kafka, topic_prefix, clock, mailbox
) -> None:
    """A campaign moved and moved back closes its first gap and opens it again under the same id: the
    alert cancelled by the closing must not swallow the re-opened gap's alert (it is a delivery of its
    own), and it still waits for the gap to be in force."""
    settings = settings_for(new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port)
    vnpt = Enterprise(clock, manager_emails=("truca@vnpt-longan.vn",))
    deadline = clock() + timedelta(hours=2)
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered()])
        first = vnpt.gap_opened(start=GIAO_THUA, in_force_from=deadline)
        await send_and_wait(app, kafka, settings, [first], audit=True)
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(first, version=2)], audit=True)
        again = vnpt.gap_opened(gap_id=first.data["gap_id"], start=GIAO_THUA, in_force_from=deadline, version=3)
        await send_and_wait(app, kafka, settings, [again], audit=True)

        async def statuses() -> list[tuple[str, str]]:
            items = (await client.get("/deliveries", params={"kind": "gap_opened"})).json()["items"]
            return sorted((i["status"], i["next_attempt_at"][:16]) for i in items)

        waiting = await statuses()
        assert [s for s, _ in waiting] == ["cancelled", "pending"]
        assert mailbox.received == []  # a planning gap still: nothing goes out before its deadline
        clock.advance(hours=2, minutes=6)
        [alert] = await eventually(lambda: _now(mailbox.received), what="the re-opened gap's alert")
        assert "Trực điều hành" in subject(alert)
        # Redelivered, the re-opening adds nothing.
        await send_and_wait(app, kafka, settings, [again], audit=True)
        assert len([s for s, _ in await statuses() if s != "cancelled"]) == 1
