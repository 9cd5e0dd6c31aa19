"""Issue 15, part 1, end to end through real Kafka: roster → audit and notifier, each on its own database.

The fibre to a border commune is cut at 23:40 on giao thừa. A duty member records it at the border site as
serious: severe (serious with border impact). The leader on duty (on the enterprise's published leadership
shift over giao thừa) and the Department's inspectors are alerted by e-mail exactly once — not again when
responders and updates come, the incident is resolved, or the IncidentOpened record is delivered a second
time; once it is resolved, those alerted are told so, once, with the restore time, the outage and the cause (QZ26
#11b). A responder not on duty gives a warning with their name. Audit logs every version in its chain and
computes the time to respond and to restore. A responder added by mistake to another incident and taken off is told
by e-mail that they no longer respond, when and why (K5/N3)."""

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
from support import auth, eventually, principal, produce, read_topic

sys.path.insert(0, str(Path(__file__).parents[1] / "notifier"))
sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import Clock, clocked_apps
from notifier_testkit import Mailbox, applied, smtp_server

DEPARTMENT = ("thanhtra@sotttt.longan.gov.vn", "chanhvanphong@sotttt.longan.gov.vn")
LEADER_EMAIL = "lanh.lv@vnpt-longan.vn"
AFTER_MIDNIGHT = datetime(2027, 2, 5, 17, 30, tzinfo=UTC)  # 00:30 on Mùng 1 Tết


@pytest.fixture
async def mailbox() -> AsyncIterator[Mailbox]:
    box = Mailbox()
    async with smtp_server(box) as port:
        box.port = port
        yield box


@pytest.fixture
async def system(new_database, kafka, topic_prefix, mailbox):
    clock = Clock(AFTER_MIDNIGHT)
    async with clocked_apps(
        new_database, kafka, topic_prefix, clock=clock, smtp_port=mailbox.port, department_emails=DEPARTMENT
    ) as (r, a, n, notifier):
        yield {"roster": r, "audit": a, "notifier": n, "notifier_app": notifier, "clock": clock}


async def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


def _subject(received) -> str:
    return str(make_header(decode_header(received.message["Subject"])))


def alerts(mailbox: Mailbox) -> list:
    """The incident alerts received (the managers also get coverage-gap alerts for the border defaults)."""
    return [m for m in mailbox.received if _subject(m).startswith("[Sự cố thông tin") and not _closing(m)]


def _closing(received) -> bool:
    return _subject(received).startswith("[Sự cố thông tin — Đã khắc phục]")


async def test_a_severe_border_incident_alerts_the_leader_on_duty_and_the_inspectors_once(
    system, kafka, topic_prefix, mailbox
) -> None:
    roster, audit, notifier = system["roster"], system["audit"], system["notifier"]
    campaign = await _created(await roster.post("/campaigns", json={"lunar_year": 2027}))
    vnpt = await _created(
        await roster.post(
            "/enterprises",
            json={"name": "VNPT Long An", "sector": "telecom", "manager_emails": ["giamdoc@vnpt-longan.vn"]},
        )
    )
    site = await _created(
        await roster.post(
            "/sites",
            json={
                "enterprise_id": vnpt["id"],
                "name": "Trạm Bình Hiệp",
                "kind": "base_station",
                "district": "Kiến Tường",
                "border_area": True,
            },
        )
    )

    async def person(name: str, email: str, qualifications: list[str]) -> dict:
        body = {"enterprise_id": vnpt["id"], "full_name": name, "email": email, "qualifications": qualifications}
        return await _created(await roster.post("/staff", json=body))

    leader = await person("Lê Văn Lãnh", LEADER_EMAIL, ["leader"])
    tech = await person("Trần Thị Ánh Tuyết", "tuyet.tta@vnpt-longan.vn", ["technician"])
    await _created(
        await roster.post(
            "/shifts",
            json={
                "campaign_id": campaign["id"],
                "enterprise_id": vnpt["id"],
                "duty_type": "leadership",
                "starts_at": "2027-02-05T18:00:00+07:00",
                "ends_at": "2027-02-06T06:00:00+07:00",
                "assignees": [{"staff_id": leader["id"]}],
                "status": "published",
            },
        )
    )

    on_duty_staff = auth(principal("staff", enterprises=(vnpt["id"],), staff=tech["id"], name="tuyet.tta"))
    opened = await _created(
        await roster.post(
            "/incidents",
            json={
                "enterprise_id": vnpt["id"],
                "detected_at": "2027-02-05T23:40:00+07:00",
                "site_id": site["id"],
                "services": ["internet", "fixed_line"],
                "severity": "serious",
                "description": "Đứt cáp quang tuyến xã biên giới Bình Hiệp",
            },
            headers=on_duty_staff,
        )
    )
    assert (opened["border"], opened["severe"], opened["campaign_id"]) == (True, True, campaign["id"])
    url = f"/incidents/{opened['id']}"

    system["clock"].now = datetime(2027, 2, 5, 16, 52, tzinfo=UTC)  # 23:52: the leader responds
    led = await roster.post(f"{url}/responders", json={"staff_id": leader["id"]}, headers={"If-Match": '"1"'})
    assert led.status_code == 200 and led.json()["warnings"] == []
    system["clock"].now = AFTER_MIDNIGHT
    off = await roster.post(f"{url}/responders", json={"staff_id": tech["id"]}, headers={"If-Match": '"2"'})
    [warning] = off.json()["warnings"]
    assert "Trần Thị Ánh Tuyết" in warning["message_vi"] and "Trần Thị Ánh Tuyết" in warning["message"]
    update = await roster.post(
        f"{url}/updates",
        json={"note": "Đã hàn nối, dịch vụ hoạt động lại", "restored_at": "2027-02-06T00:25:00+07:00"},
        # back before Tuyết's joining was recorded (00:30): asked first, answered (QZ26 #11a)
        params={"confirm": "true"},
        headers={"If-Match": '"3"'},
    )
    assert update.status_code == 200, update.text
    resolved = await roster.post(
        f"{url}/resolve",
        json={"cause": "Xe tải kéo đứt cáp treo", "closing_note": "Đã thay 200 m cáp"},
        headers={"If-Match": '"4"'},
    )
    assert resolved.status_code == 200, resolved.text

    topic = topics.with_prefix(topic_prefix, topics.ROSTER_EVENTS)

    def of_incident(records) -> list:
        return [r for r in records if json.loads(r.value)["subject"] == f"incidents/{opened['id']}"]

    records = of_incident(await read_topic(kafka, topic, until=lambda recs: len(of_incident(recs)) >= 5))
    # The IncidentOpened record delivered a second time, as a broker may.
    await produce(kafka, topic, [(records[0].key, records[0].value, {"content-type": "application/cloudevents+json"})])
    # A marker behind it on the same partition (same enterprise): a minor incident, for the leader only.
    marker = await _created(
        await roster.post(
            "/incidents",
            json={
                "enterprise_id": vnpt["id"],
                "detected_at": "2027-02-06T00:20:00+07:00",
                "district": "Kiến Tường",
                "services": ["mobile"],
                "severity": "minor",
                "description": "Mất sóng di động cục bộ",
            },
            headers=on_duty_staff,
        )
    )

    # On the marker, Tuyết is added by mistake and taken off: she is told, through the same Kafka and notifier.
    marked = f"/incidents/{marker['id']}"
    added = await roster.post(f"{marked}/responders", json={"staff_id": tech["id"]}, headers={"If-Match": '"1"'})
    assert added.status_code == 200, added.text
    taken_off = await roster.delete(
        f"{marked}/responders/{tech['id']}", params={"reason": "Thêm nhầm"}, headers={"If-Match": '"2"'}
    )
    assert taken_off.status_code == 200, taken_off.text

    def of_marker(records) -> list:
        return [r for r in records if json.loads(r.value)["subject"] == f"incidents/{marker['id']}"]

    marker_records = of_marker(await read_topic(kafka, topic, until=lambda recs: len(of_marker(recs)) >= 3))
    events = [CloudEvent.model_validate(json.loads(r.value)) for r in records + marker_records]
    await applied(system["notifier_app"], events, timeout=60)

    async def incident_deliveries() -> list[dict]:
        got = await notifier.get("/deliveries", params={"kind": "incident_opened", "limit": 50})
        assert got.status_code == 200, got.text
        items = got.json()["items"]
        return items if len(items) == 4 and all(d["status"] == "sent" for d in items) else []

    delivered = await eventually(incident_deliveries, timeout=30, what="the incident alerts to be sent")
    assert sorted(d["recipient"] for d in delivered) == sorted([LEADER_EMAIL, LEADER_EMAIL, *DEPARTMENT])
    assert sorted(m.rcpt_tos[0] for m in alerts(mailbox)) == sorted([LEADER_EMAIL, LEADER_EMAIL, *DEPARTMENT])
    to_leader = next(m for m in alerts(mailbox) if m.rcpt_tos[0] == LEADER_EMAIL and "Bình Hiệp" in _subject(m))
    assert _subject(to_leader).startswith(
        "[Sự cố thông tin — nghiêm trọng] Trạm Bình Hiệp — VNPT Long An, 23:40 05/02/2027"
    )
    text = to_leader.message.get_body(("plain",)).get_content()
    assert "29 tháng Chạp" in text and "Khu vực biên giới: có" in text
    assert "Đứt cáp quang tuyến xã biên giới Bình Hiệp" in text
    to_department = [m for m in alerts(mailbox) if m.rcpt_tos[0] in DEPARTMENT]
    assert all("Bình Hiệp" in _subject(m) for m in to_department)  # the minor one is not the Department's

    async def audited() -> dict | None:
        got = await audit.get(f"/incidents/{opened['id']}")
        return got.json() if got.status_code == 200 and got.json()["version"] == 5 else None

    seen = await eventually(audited, timeout=30, what="audit to project every version")
    assert (seen["response_minutes"], seen["restore_minutes"]) == (12.0, 45.0)
    assert [v["version"] for v in seen["history"]] == [1, 2, 3, 4, 5]
    assert len(alerts(mailbox)) == 2 + len(DEPARTMENT)  # nothing more after the updates and the redelivery

    # QZ26 #11b: those alerted of the serious one — the leader and the Department — are told it is resolved, once
    async def told_closed() -> list[dict]:
        got = await notifier.get("/deliveries", params={"kind": "incident_closed", "limit": 50})
        assert got.status_code == 200, got.text
        items = got.json()["items"]
        return items if len(items) == 1 + len(DEPARTMENT) and all(d["status"] == "sent" for d in items) else []

    closed = await eventually(told_closed, timeout=30, what="those alerted to be told the incident is resolved")
    assert sorted(d["recipient"] for d in closed) == sorted([LEADER_EMAIL, *DEPARTMENT])
    closings = [m for m in mailbox.received if _closing(m)]
    assert sorted(m.rcpt_tos[0] for m in closings) == sorted([LEADER_EMAIL, *DEPARTMENT])
    inspector = next(m for m in closings if m.rcpt_tos[0] == DEPARTMENT[0])
    assert _subject(inspector) == (
        "[Sự cố thông tin — Đã khắc phục] Trạm Bình Hiệp — VNPT Long An, khôi phục lúc 00:25 06/02/2027"
    )
    said = inspector.message.get_body(("plain",)).get_content()
    assert "Khôi phục dịch vụ lúc: 00:25 06/02/2027 (Mùng 1 Tết" in said
    assert "Thời gian gián đoạn: 45 phút" in said and "Nguyên nhân: Xe tải kéo đứt cáp treo" in said

    async def told_off() -> list[dict]:
        got = await notifier.get("/deliveries", params={"kind": "responder_off", "limit": 50})
        assert got.status_code == 200, got.text
        items = got.json()["items"]
        return items if items and all(d["status"] == "sent" for d in items) else []

    [off_notice] = await eventually(told_off, timeout=30, what="the responder taken off to be told")
    assert off_notice["recipient"] == "tuyet.tta@vnpt-longan.vn"
    to_her = [m for m in mailbox.received if m.rcpt_tos[0] == "tuyet.tta@vnpt-longan.vn"]
    [mail] = [m for m in to_her if _subject(m).startswith("[Anh/chị không còn")]
    assert _subject(mail).startswith("[Anh/chị không còn trong danh sách ứng cứu sự cố] Kiến Tường — VNPT Long An")
    said = mail.message.get_body(("plain",)).get_content()
    assert "Anh/chị không còn trong danh sách ứng cứu sự cố dưới đây (gỡ lúc 00:30 06/02/2027" in said
    assert "Lý do: “Thêm nhầm”" in said

    # Each person added as a responder is told once per incident, through PostgreSQL and SMTP: the leader of the
    # first, Tuyết of both (the marker's too, though she was taken off it after)
    async def told_on() -> list[dict]:
        got = await notifier.get("/deliveries", params={"kind": "responder_on", "limit": 50})
        assert got.status_code == 200, got.text
        items = got.json()["items"]
        return items if len(items) == 3 and all(d["status"] == "sent" for d in items) else []

    on_notices = await eventually(told_on, timeout=30, what="the people added as responders to be told")
    assert sorted(d["recipient"] for d in on_notices) == sorted([LEADER_EMAIL, *["tuyet.tta@vnpt-longan.vn"] * 2])
    to_her = [m for m in mailbox.received if m.rcpt_tos[0] == "tuyet.tta@vnpt-longan.vn"]
    [first] = [m for m in to_her if "Bình Hiệp" in _subject(m)]
    assert _subject(first).startswith(
        "[Anh/chị được thêm vào danh sách ứng cứu sự cố — nghiêm trọng] Trạm Bình Hiệp — VNPT Long An, 23:40 05/02/2027"
    )
    said = first.message.get_body(("plain",)).get_content()
    assert "Anh/chị vừa được thêm vào danh sách ứng cứu sự cố dưới đây (lúc 00:30 06/02/2027" in said
    assert "Đề nghị anh/chị tham gia ứng cứu ngay" in said
