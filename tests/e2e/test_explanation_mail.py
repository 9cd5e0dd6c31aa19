"""Giải trình told by mail end to end (QZ28 #3), over the real broker and databases, with notifier mailing the test's
own SMTP server: roster's enterprise, requirement and accounts → Kafka → audit and notifier; a manager explains the
gap in force through audit's API → audit's outbox → its topic → notifier mails the inspector (one mail, naming the
enterprise, the gap's duty and window with their lunar days, the version, who wrote, the inspector's page of the gap);
the inspector asks for more → each manager is mailed the note and their page of the gap. The explanation's record
produced again on audit's topic sends nothing twice."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.header import decode_header, make_header
from pathlib import Path

import httpx
import pytest

from lichtruc import topics
from lichtruc.events import CloudEvent
from lichtruc.words import span
from support import auth, eventually, principal, produce, read_topic

sys.path.insert(0, str(Path(__file__).parents[1] / "notifier"))
sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import Clock, clocked_apps
from notifier_testkit import PORTAL, Mailbox, applied, smtp_server

DURING_TET = datetime(2027, 2, 6, 3, 0, tzinfo=UTC)  # 10:00 on mùng 1 Tết Đinh Mùi: the gap is in force
MANAGER_MAIL, MANAGER_LOGIN = "giamdoc@vnpt-longan.vn", "pho.giamdoc@vnpt-longan.vn"
INSPECTOR_LOGIN = "thanh.tra@stttt.longan.gov.vn"
PDF = b"%PDF-1.4\n" + b"%" * 3000 + b"\n%%EOF\n"  # some 3 KB
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}
PASSWORD = "Tết đến xuân về 2027"


@pytest.fixture
async def system(new_database, kafka, topic_prefix) -> AsyncIterator[dict]:
    mailbox = Mailbox()
    async with (
        smtp_server(mailbox) as port,
        clocked_apps(
            new_database,
            kafka,
            topic_prefix,
            clock=Clock(DURING_TET),
            smtp_port=port,
            portal_url=PORTAL,
            gap_alerts_enabled=False,  # the gap's own alert is not what this test is about
        ) as (roster, audit, notifier, notifier_app),
    ):
        yield {
            "roster": roster,
            "audit": audit,
            "notifier": notifier,
            "app": notifier_app,
            "mailbox": mailbox,
            "kafka": kafka,
            "prefix": topic_prefix,
        }


def _created(response: httpx.Response) -> dict:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _mails(mailbox: Mailbox, prefix: str) -> list[tuple[str, str, str]]:
    """(recipient, subject, text) of the mails received whose subject starts with `prefix`."""
    found = []
    for m in mailbox.received:
        subject = str(make_header(decode_header(m.message["Subject"])))
        if subject.startswith(prefix):
            text = m.message.get_body(("plain",)).get_content().replace("\r\n", "\n")
            found.append((m.rcpt_tos[0], subject, text))
    return sorted(found)


async def _arrived(mailbox: Mailbox, prefix: str, count: int) -> list[tuple[str, str, str]] | None:
    """The mails of `prefix` once `count` of them arrived (None before; more fails at once)."""
    found = _mails(mailbox, prefix)
    assert len(found) <= count, found
    return found if len(found) == count else None


async def _deliveries(notifier: httpx.AsyncClient, kind: str) -> list[dict]:
    got = await notifier.get("/deliveries", params={"kind": kind, "limit": 50})
    assert got.status_code == 200, got.text
    return got.json()["items"]


async def test_an_explanation_mails_the_inspector_and_its_answer_the_managers_each_once(system) -> None:
    roster, audit, notifier, mailbox = system["roster"], system["audit"], system["notifier"], system["mailbox"]
    campaign = _created(await roster.post("/campaigns", json={"lunar_year": 2027}))
    enterprise = _created(
        await roster.post(
            "/enterprises", json={"name": "VNPT Long An", "sector": "telecom", "manager_emails": [MANAGER_MAIL]}
        )
    )
    for login, role, name, scope in (
        (INSPECTOR_LOGIN, "inspector", "Phan Thị Thu Hà", []),
        (MANAGER_LOGIN, "manager", "Trần Thị Lan", [enterprise["id"]]),
    ):
        body = {"login": login, "display_name": name, "role": role, "password": PASSWORD, "enterprise_ids": scope}
        _created(await roster.post("/accounts", json=body))
    _created(
        await roster.post(
            "/requirements",
            json={
                "campaign_id": campaign["id"],
                "enterprise_id": enterprise["id"],
                "duty_type": "operations",
                "window": WHOLE_DAY,
                "minimum": 1,
            },
        )
    )
    # notifier knows the accounts (roster's topic) before audit's record of an explanation can name them
    roster_topic = topics.with_prefix(system["prefix"], topics.ROSTER_EVENTS)
    accounts = [
        CloudEvent.model_validate(json.loads(r.value))
        for r in await read_topic(
            system["kafka"],
            roster_topic,
            until=lambda rs: sum(b'"lichtruc.roster.account.created.v1"' in r.value for r in rs) >= 2,
        )
    ]
    await applied(system["app"], [e for e in accounts if e.type == "lichtruc.roster.account.created.v1"])

    manager = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER_MAIL, display_name="Lê Văn Quản"))
    inspector = auth(principal("inspector", name=INSPECTOR_LOGIN, display_name="Phan Thị Thu Hà"))

    async def the_gap() -> dict | None:
        listed = (await audit.get("/explanations", params={"kind": "gap"}, headers=manager)).json()["items"]
        return listed[0] if listed else None

    gap = await eventually(the_gap, timeout=60, what="audit to hold the enterprise's gap in force")
    assert gap["state"] == "unexplained" and gap["enterprise_name"] == "VNPT Long An"
    url = f"/gaps/{gap['item_id']}/explanation"
    given = await audit.post(
        url,
        data={"cause": "no_show", "reason": "Hai người trực điều hành nghỉ ốm cùng lúc", "action": "Điều động"},
        files=[
            ("files", ("Sổ giao ca mùng 1.pdf", PDF, "application/pdf")),
            ("files", ("Tin nhắn báo ốm.png", PNG, "image/png")),
        ],
        headers=manager,
    )
    assert given.status_code == 201, given.text

    # --- the inspector is mailed, once -----------------------------------------------------------------------
    await eventually(
        lambda: _arrived(mailbox, "Giải trình chờ thanh tra xem", 1), timeout=60, what="the inspector's mail"
    )
    [(to, subject, text)] = _mails(mailbox, "Giải trình chờ thanh tra xem")
    assert to == INSPECTOR_LOGIN
    assert subject == f"Giải trình chờ thanh tra xem: VNPT Long An — {gap['described_vi']}"
    assert text.startswith(f"VNPT Long An đã giải trình {gap['described_vi']}. Giải trình đang chờ thanh tra xem")
    assert "  Loại trực: Trực điều hành\n  Địa điểm: toàn doanh nghiệp\n" in text
    window = span(datetime.fromisoformat(gap["starts_at"]), datetime.fromisoformat(gap["ends_at"]))
    assert "(Mùng 1 Tết)" in window  # the window with its lunar days, in Viet Nam time
    assert f"  Khoảng thời gian: {window}, giờ Việt Nam\n" in text
    assert "  Lần giải trình: 1\n  Người giải trình: Lê Văn Quản\n" in text
    # QZ29 #3: the cause chosen, in words, and each file by name and size (as the inspector's page lists them)
    assert "  Nguyên nhân: Người trực không đến\n  Lý do: Hai người trực điều hành nghỉ ốm cùng lúc\n" in text
    assert "  Tệp đính kèm: Sổ giao ca mùng 1.pdf (3 KB)\n                Tin nhắn báo ốm.png (1 KB)\n" in text, text
    assert f"\nXem và trả lời giải trình: {PORTAL}/inspect/gaps/{gap['item_id']}\n" in text

    # --- the inspector asks for more: each manager is mailed, once ------------------------------------------
    more = await audit.post(
        f"{url}/review",
        json={"decision": "more", "note": "Cần bảng chấm công ngày mùng 1", "version": 1},
        headers=inspector,
    )
    assert more.status_code == 200, more.text
    await eventually(lambda: _arrived(mailbox, "Thanh tra yêu cầu bổ sung", 2), timeout=60, what="the managers' mails")
    answers = _mails(mailbox, "Thanh tra yêu cầu bổ sung")
    assert [to for to, _, _ in answers] == sorted([MANAGER_MAIL, MANAGER_LOGIN])
    for _, subject, text in answers:
        assert subject == f"Thanh tra yêu cầu bổ sung giải trình: VNPT Long An — {gap['described_vi']}"
        assert text.startswith("Thanh tra Phan Thị Thu Hà yêu cầu VNPT Long An bổ sung giải trình (lần 1) về ")
        assert "  Ghi chú của thanh tra: Cần bảng chấm công ngày mùng 1\n" in text
        assert f"\nBổ sung giải trình: {PORTAL}/manage/explanations/gap/{gap['item_id']}\n" in text

    # --- the records produced again on audit's topic (a replay): nothing is sent twice; the amendment after them
    # (the same key, so the same partition, read after them) is told, as version 2 -------------------------------
    audit_topic = topics.with_prefix(system["prefix"], topics.AUDIT_EVENTS)

    def explained(records: list) -> list:
        return [r for r in records if b'"lichtruc.audit.explanation.' in r.value]

    records = explained(await read_topic(system["kafka"], audit_topic, until=lambda rs: len(explained(rs)) >= 2))
    assert {r.key for r in records} == {enterprise["id"].encode()}
    await produce(system["kafka"], audit_topic, [(r.key, r.value, None) for r in records])
    files = given.json()["explanation"]["versions"][-1]["attachments"]
    kept = [f["attachment_id"] for f in files if f["filename"].endswith(".pdf")]
    amended = await audit.post(
        url,
        data={
            "cause": "sudden_absence",
            "reason": "Kèm bảng chấm công ngày mùng 1",
            "action": "Điều động",
            "keep": kept,
        },
        headers=manager,
    )
    assert amended.status_code == 201, amended.text
    await eventually(
        lambda: _arrived(mailbox, "Giải trình bổ sung (lần 2)", 1), timeout=60, what="the amendment's mail"
    )
    [(_, _, text)] = _mails(mailbox, "Giải trình bổ sung (lần 2)")  # the cause changed: said, with what it was
    assert "  Nguyên nhân: Ốm đau, việc gia đình đột xuất (lần 1: Người trực không đến)\n" in text, text
    assert "  Tệp đính kèm: Sổ giao ca mùng 1.pdf (3 KB)\n\n" in text  # the file kept, the photo not
    assert len(await _deliveries(notifier, "explained")) == 2
    assert len(await _deliveries(notifier, "explain_answered")) == 2
    assert len(mailbox.received) == 4
