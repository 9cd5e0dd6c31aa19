"""The alert digest: gap alerts and closing notices to the same manager within
NOTIFIER_ALERT_DIGEST_SECONDS go out as one e-mail listing them. A campaign moved and moved back
(audit opens, then closes, a gap for each of its requirements) sends each manager at most one
message per burst, and nothing when the gaps closed before the digest went out."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from notifier_testkit import (
    GIAO_THUA,
    PORTAL,
    Enterprise,
    FakeClock,
    links_in,
    portal_page,
    send_and_wait,
    settings_for,
)

from lichtruc import vntime, words
from notifier.app import create_app
from support import eventually, running, wait_ready

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
WINDOW = 300


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(hours=6))


@pytest.fixture
def settings(new_database, kafka, topic_prefix, mailbox):
    return settings_for(
        new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port, alert_digest_seconds=WINDOW
    )


async def _now(value):
    return value


def subject(received) -> str:
    return str(make_header(decode_header(received.message["Subject"])))


def text(received) -> str:
    return received.message.get_body(("plain",)).get_content()


async def _statuses(client, kind: str) -> list[str]:
    items = (await client.get("/deliveries", params={"kind": kind, "limit": 200})).json()["items"]
    return sorted(i["status"] for i in items)


async def test_two_alerts_within_the_window_are_one_email_listing_both(settings, kafka, clock, mailbox) -> None:
    vnpt = Enterprise(clock, manager_emails=("truca@vnpt-longan.vn",))
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered()])
        campaign = uuid.uuid4()
        first = vnpt.gap_opened(start=GIAO_THUA, duty_type="leadership", campaign_id=campaign)
        await send_and_wait(app, kafka, settings, [first], audit=True)
        clock.advance(minutes=2)
        second = vnpt.gap_opened(start=GIAO_THUA + timedelta(hours=2), duty_type="incident_response")
        await send_and_wait(app, kafka, settings, [second], audit=True)

        items = (await client.get("/deliveries", params={"kind": "gap_opened"})).json()["items"]
        assert {i["status"] for i in items} == {"pending"} and len(items) == 2
        assert len({i["next_attempt_at"] for i in items}) == 1  # the second joined the first's digest
        clock.advance(minutes=2)  # 4 minutes after the first: still within the window
        assert await _statuses(client, "gap_opened") == ["pending", "pending"] and mailbox.received == []

        clock.advance(minutes=1, seconds=1)  # the window after the first alert is over
        [digest] = await eventually(lambda: _now(mailbox.received), what="one digest")
        assert digest.rcpt_tos == ["truca@vnpt-longan.vn"]
        assert subject(digest) == "Cảnh báo thiếu người trực: 2 khoảng thiếu người mới — VNPT Long An"
        body = text(digest)
        assert "Thiếu người trực (2):" in body
        assert (  # over two days: the lunar day of both ends, then the link to the gap's board cell
            "  - Trực lãnh đạo — VNPT Long An, toàn doanh nghiệp: "
            "22:00 05/02/2027 (29 tháng Chạp) – 02:00 06/02/2027 (Mùng 1 Tết); 1/2 người, giờ cao điểm\n"
            "    Xếp người trực cho khoảng này: "
            f"{PORTAL}/manage/board/{campaign}/{vnpt.enterprise_id}/cell?day=2027-02-05&duty_type=leadership"
            "&through=2027-02-06#cell-2027-02-05-leadership\n"
        ) in body.replace("\r\n", "\n")
        # the second gap's campaign is not known to notifier: its enterprise's board chooser
        assert links_in(body)[1] == f"{PORTAL}/manage/board?enterprise_id={vnpt.enterprise_id}"
        assert [portal_page(url) for url in links_in(body)] == [
            "/manage/board/{campaign_id}/{enterprise_id}/cell",
            "/manage/board",
        ]
        assert (
            "Trực vận hành khai thác mạng lưới và ứng cứu thông tin — VNPT Long An" in body and "(Mùng 1 Tết)" in body
        )
        assert "1/2 người, giờ cao điểm" in body
        named = re.sub(re.escape(PORTAL) + r"/\S*", "", body)  # the text, its links aside, names no id
        assert not UUID.search(named) and "incident_response" not in named and "leadership" not in named

        async def both_sent() -> bool:
            return await _statuses(client, "gap_opened") == ["sent", "sent"]

        await eventually(both_sent, what="both alerts recorded as sent with the one message")
        attempts = [
            a
            for i in (await client.get("/deliveries", params={"kind": "gap_opened"})).json()["items"]
            for a in i["attempt_log"]
        ]
        assert len(attempts) == 2 and all("one message for 2" in a["detail"] for a in attempts)

        # An alert after the window is a message of its own, told as a single alert.
        clock.advance(minutes=10)
        third = vnpt.gap_opened(start=GIAO_THUA + timedelta(hours=8))
        await send_and_wait(app, kafka, settings, [third], audit=True)
        clock.advance(seconds=WINDOW)
        await eventually(lambda: _now(len(mailbox.received) == 2), what="the later alert")
        assert subject(mailbox.received[1]).startswith("Cảnh báo thiếu người trực: Trực điều hành — VNPT Long An")


async def test_moving_a_campaign_and_back_sends_at_most_one_digest_per_manager(settings, kafka, clock, mailbox) -> None:
    managers = ("giamdoc@vnpt-longan.vn", "truca@vnpt-longan.vn")
    vnpt = Enterprise(clock, manager_emails=managers)
    app = create_app(settings, clock=clock)

    def burst(hours_from: int) -> list:
        # One gap per requirement of the moved campaign: in force now (its readiness deadline passed).
        return [
            vnpt.gap_opened(
                start=clock() + timedelta(hours=hours_from + 4 * i),
                duty_type=("leadership", "operations", "incident_response")[i % 3],
                in_force_from=clock(),
            )
            for i in range(30)
        ]

    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered()])

        # Moved and moved back within the window: every alert is cancelled with its gap, nothing to tell.
        quick = burst(1)
        await send_and_wait(app, kafka, settings, quick, audit=True)
        clock.advance(minutes=1)
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(g) for g in quick], audit=True)
        assert await _statuses(client, "gap_opened") == ["cancelled"] * 60
        assert await _statuses(client, "gap_closed") == []

        # Moved, kept past the window, then moved back: one digest of the opened gaps, one of the closed.
        clock.advance(minutes=10)
        lasting = burst(2)
        await send_and_wait(app, kafka, settings, lasting, audit=True)
        clock.advance(seconds=WINDOW + 1)
        await eventually(lambda: _now(len(mailbox.received) == 2), what="one digest per manager")

        async def alerts_sent() -> bool:
            return await _statuses(client, "gap_opened") == ["cancelled"] * 60 + ["sent"] * 60

        await eventually(alerts_sent, what="the 60 alerts recorded as sent")
        for manager in managers:
            [digest] = mailbox.to(manager)
            assert subject(digest) == "Cảnh báo thiếu người trực: 30 khoảng thiếu người mới — VNPT Long An"
            assert text(digest).count("\n  - ") == 30 and "Thiếu người trực (30):" in text(digest)
            assert not UUID.search(re.sub(re.escape(PORTAL) + r"/\S*", "", text(digest)))  # ids only in its links

        clock.advance(minutes=1)
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(g) for g in lasting], audit=True)
        clock.advance(seconds=WINDOW + 1)
        await eventually(lambda: _now(len(mailbox.received) == 4), what="one closing digest per manager")

        async def notices_sent() -> bool:
            return await _statuses(client, "gap_closed") == ["sent"] * 60

        await eventually(notices_sent, what="the 60 closing notices recorded as sent")
        for manager in managers:
            _opened, closed = mailbox.to(manager)
            assert subject(closed) == "Đã đủ người trực: 30 khoảng đã đủ người — VNPT Long An"
            assert "Đã đủ người trực (30):" in text(closed) and text(closed).count("\n  - ") == 30
        assert len(mailbox.received) == 4


async def test_a_gap_filled_only_in_part_is_never_told_as_restored(settings, kafka, clock, mailbox) -> None:
    """People are added for the first hours of a gap: audit closes it and opens a narrower one (a new gap).
    The manager is told the first is partly filled and which hours are still short — in the digest with the
    new gap's alert, and alone when that alert waits (its gap not in force yet) — never "Đã đủ người trực";
    once the narrower gap closes too, that one is told as restored."""
    manager = "truca@vnpt-longan.vn"
    vnpt = Enterprise(clock, manager_emails=(manager,))
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, [vnpt.registered()])
        start = clock() + timedelta(hours=1)
        first = vnpt.gap_opened(start=start, hours=4, duty_type="leadership", in_force_from=clock())
        await send_and_wait(app, kafka, settings, [first], audit=True)
        clock.advance(seconds=WINDOW + 1)
        await eventually(lambda: _now(len(mailbox.received) == 1), what="the first gap's alert")

        # Hours 1–2 filled: audit closes the gap and opens the rest of it as a new one, closing first.
        rest = vnpt.gap_opened(start=start + timedelta(hours=2), hours=2, duty_type="leadership", in_force_from=clock())
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(first), rest], audit=True)
        clock.advance(seconds=WINDOW + 1)
        await eventually(lambda: _now(len(mailbox.received) == 2), what="the digest of the change")
        digest = mailbox.received[1]
        still = words.span(start + timedelta(hours=2), start + timedelta(hours=4))
        assert subject(digest) == (
            "Cảnh báo thiếu người trực: 1 khoảng thiếu người mới, 1 khoảng đã bổ sung một phần — VNPT Long An"
        )
        body = text(digest)
        assert "Đã bổ sung một phần, vẫn còn thiếu người (1):" in body
        assert f"{words.span(start, start + timedelta(hours=4))}" in body
        # the hours still short are the new gap listed first: said so, not counted as a second shortfall
        assert f"phần còn thiếu là khoảng thiếu người mới nêu ở trên: {still}" in body
        assert f"vẫn thiếu người {still}" not in body
        assert "Đã đủ người trực" not in body

        # The same again on operations, the rest not in force yet: the closing notice goes alone, and says so.
        ops = vnpt.gap_opened(start=start, hours=4, duty_type="operations", in_force_from=clock())
        await send_and_wait(app, kafka, settings, [ops], audit=True)
        clock.advance(seconds=WINDOW + 1)
        await eventually(lambda: _now(len(mailbox.received) == 3), what="the operations gap's alert")
        later = clock() + timedelta(days=1)
        ops_rest = vnpt.gap_opened(
            start=start + timedelta(hours=1), hours=3, duty_type="operations", in_force_from=later
        )
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(ops), ops_rest], audit=True)
        clock.advance(seconds=WINDOW + 1)
        await eventually(lambda: _now(len(mailbox.received) == 4), what="the operations gap's closing notice")
        alone = mailbox.received[3]
        assert subject(alone).startswith("Đã bổ sung một phần người trực: Trực điều hành — VNPT Long An")
        lines = text(alone)
        assert lines.startswith("Khoảng thiếu người trực sau đây đã được bổ sung một phần")
        assert f"Vẫn còn thiếu người: {vntime.span(start + timedelta(hours=1), start + timedelta(hours=4))}" in lines

        # The narrower leadership gap filled too: now it is restored, and said so.
        await send_and_wait(app, kafka, settings, [vnpt.gap_closed(rest)], audit=True)
        clock.advance(seconds=WINDOW + 1)
        await eventually(lambda: _now(len(mailbox.received) == 5), what="the rest's closing notice")
        assert subject(mailbox.received[4]).startswith("Đã đủ người trực: Trực lãnh đạo — VNPT Long An")

        async def closings_sent() -> bool:  # the mail is received before its delivery is recorded as sent
            return await _statuses(client, "gap_closed") == ["sent"] * 3

        await eventually(closings_sent, what="the three closing notices recorded as sent")
