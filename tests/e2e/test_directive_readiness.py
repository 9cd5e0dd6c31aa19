"""The readiness checklist end to end, as real processes on the real broker and databases: the
Department seeds the directive's items, a manager marks one done → roster's outbox → Kafka → audit,
whose province-wide view shows it done (note, reference) and an item past due not done as overdue —
overdue too on the enterprise's own checklist in roster. A manager cannot mark another enterprise's
item, nor define items.

And notifier tells the managers (roster → audit and notifier, on one clock the test moves): an item not done
gets one reminder two days before its due day at 08:00 and one overdue notice the morning after; the
enterprise that marked it done before gets neither. A manager of two enterprises gets one mail a sweep naming
both (through a real SMTP server), and the webhook's JSON (a real HTTP receiver) lists the items."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from lichtruc.vntime import VIETNAM
from support import ADMIN, auth, eventually, principal, service_processes

sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import clocked_system, types
from notifier_testkit import Hooks, webhook_server

AS_ADMIN = auth(ADMIN)
INSPECTOR = auth(principal("inspector", name="thanh.tra@stttt.longan.gov.vn"))


@pytest.fixture
def system(new_database, kafka, topic_prefix, tmp_path):
    with service_processes(
        ("roster", "notifier", "audit"),
        new_database=new_database,
        kafka=kafka,
        topic_prefix=topic_prefix,
        logs=tmp_path,
    ) as services:
        yield {name: s.url for name, s in services.items()}


def _ok(response: httpx.Response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


async def test_marked_done_shows_in_audit_and_past_due_shows_overdue(system) -> None:
    roster, audit = system["roster"], system["audit"]
    async with httpx.AsyncClient(headers=AS_ADMIN) as client:
        campaign = _ok(await client.post(f"{roster}/campaigns", json={"lunar_year": 2027}), 201)
        vnpt = _ok(await client.post(f"{roster}/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}), 201)
        viettel = _ok(
            await client.post(f"{roster}/enterprises", json={"name": "Viettel Long An", "sector": "telecom"}), 201
        )
        items_url = f"{roster}/campaigns/{campaign['id']}/readiness-items"
        seeded = _ok(await client.post(f"{items_url}/directive", json={"sectors": ["telecom"]}, headers=INSPECTOR))
        assert seeded["created"] >= 8
        # one item already past due (the real clock runs in the processes)
        late = _ok(
            await client.post(
                items_url,
                json={
                    "sector": "telecom",
                    "title_vi": "Báo cáo phương án trực Tết",
                    "title_en": "Report the duty plan",
                    "due_at": "2026-01-05T17:00:00+07:00",
                    "position": 1,
                },
                headers=INSPECTOR,
            ),
            201,
        )
        boss = auth(principal("manager", enterprises=(vnpt["id"],), name="giam.doc@vnpt-longan.vn"))
        refused = await client.post(
            items_url,
            json={"sector": "telecom", "title_vi": "X", "title_en": "X", "due_date": "2027-01-20"},
            headers=boss,
        )
        assert refused.status_code == 403
        backup = next(i for i in seeded["items"] if i["title_vi"] == "Nguồn điện dự phòng")
        done = _ok(
            await client.post(
                f"{roster}/enterprises/{vnpt['id']}/readiness/{backup['id']}/done",
                json={"note": "Đã thử tải 12 máy phát điện", "reference": "Biên bản số 07/BB-VNPT"},
                headers=boss,
            )
        )
        assert done["status"] == "done"
        theirs = await client.post(
            f"{roster}/enterprises/{viettel['id']}/readiness/{backup['id']}/done", json={}, headers=boss
        )
        assert theirs.status_code == 404

        own = _ok(
            await client.get(
                f"{roster}/enterprises/{vnpt['id']}/readiness",
                params={"campaign_id": campaign["id"], "status": "overdue"},
                headers=boss,
            )
        )
        assert [x["item"]["title_vi"] for x in own["items"]] == ["Báo cáo phương án trực Tết"]

        async def audit_view() -> dict | None:
            response = await client.get(f"{audit}/readiness", params={"campaign_id": campaign["id"]}, headers=INSPECTOR)
            body = _ok(response)
            rows = {e["name"]: e for e in body["items"]}
            if (
                rows.get("VNPT Long An", {}).get("done") != 1
                or rows.get("VNPT Long An", {}).get("total") != len(seeded["items"]) + 1
            ):
                return None
            return rows

        rows = await eventually(audit_view, timeout=60, what="audit to project the checklist")
        lines = {x["item_id"]: x for x in rows["VNPT Long An"]["items"]}
        assert lines[backup["id"]]["status"] == "done"
        assert lines[backup["id"]]["reference"] == "Biên bản số 07/BB-VNPT"
        assert lines[backup["id"]]["note"] == "Đã thử tải 12 máy phát điện"
        assert lines[late["id"]]["status"] == "overdue"
        # The mark names its logged event, what the inspector proves it by; an unmarked line has none.
        assert lines[late["id"]]["event_id"] is None
        logged = _ok(
            await client.get(f"{audit}/log", params={"event_id": lines[backup["id"]]["event_id"]}, headers=INSPECTOR)
        )
        assert [(r["event"]["data"]["item_id"], r["event"]["data"]["enterprise_id"]) for r in logged["items"]] == [
            (backup["id"], vnpt["id"])
        ]
        assert rows["Viettel Long An"]["overdue"] == 1 and rows["Viettel Long An"]["done"] == 0
        overdue = _ok(
            await client.get(
                f"{audit}/readiness", params={"campaign_id": campaign["id"], "status": "overdue"}, headers=INSPECTOR
            )
        )
        assert {(e["name"], x["item_id"]) for e in overdue["items"] for x in e["items"]} == {
            ("VNPT Long An", late["id"]),
            ("Viettel Long An", late["id"]),
        }
        verdict = _ok(await client.get(f"{audit}/log/verify"))
        assert verdict["ok"] is True and verdict["open_sequence_gaps"] == 0


async def test_the_managers_are_reminded_and_told_of_an_overdue_item_once_and_not_when_it_is_done(
    new_database, kafka, topic_prefix
) -> None:
    hooks = Hooks()
    async with (
        webhook_server(hooks) as hook_url,
        clocked_system(
            new_database,
            kafka,
            topic_prefix,
            datetime(2027, 1, 15, 10, tzinfo=VIETNAM),
            webhook_url=hook_url,
            webhook_secret="operators-gateway-secret",
        ) as s,
    ):
        roster, audit = s.roster, s.audit
        campaign = _ok(await roster.post("/campaigns", json={"lunar_year": 2027}), 201)
        body = {"sector": "telecom", "manager_emails": ["giamdoc@vnpt-longan.vn"]}
        vnpt = _ok(await roster.post("/enterprises", json={**body, "name": "VNPT Long An"}), 201)
        viettel = _ok(
            await roster.post(
                "/enterprises", json={**body, "name": "Viettel Long An", "manager_emails": ["gd@viettel-longan.vn"]}
            ),
            201,
        )
        # VNPT's director manages a second enterprise: one mail a sweep names both.
        vinaphone = _ok(await roster.post("/enterprises", json={**body, "name": "VinaPhone Long An"}), 201)
        items_url = f"/campaigns/{campaign['id']}/readiness-items"

        async def define(title_vi: str, title_en: str, due_date: str) -> dict:
            body = {"sector": "telecom", "title_vi": title_vi, "title_en": title_en, "due_date": due_date}
            return _ok(await roster.post(items_url, json=body, headers=INSPECTOR), 201)

        power = await define("Nguồn điện dự phòng", "Back-up power", "2027-01-20")
        plan = await define("Phương án ứng cứu thông tin", "Incident-response plan", "2027-01-25")
        boss = auth(principal("manager", enterprises=(vnpt["id"],), name="giamdoc@vnpt-longan.vn"))
        _ok(
            await roster.post(
                f"/enterprises/{vnpt['id']}/readiness/{power['id']}/done",
                json={"note": "Đã thử tải 12 máy phát điện", "reference": "Biên bản số 07/BB-VNPT"},
                headers=boss,
            )
        )
        await s.notifier_has(
            lambda events: (
                sum("readiness_item.defined" in t for t in types(events)) == 2
                and any("readiness_item.completed" in t for t in types(events))
                and sum("enterprise.registered" in t for t in types(events)) == 3
                and any("campaign.opened" in t for t in types(events))
            )
        )

        s.clock.now = datetime(2027, 1, 18, 8, tzinfo=VIETNAM)  # two days before the due day, 08:00
        soon = await s.deliveries("readiness_soon", 2, channel="email")
        # VNPT marked it done already: its director is told of VinaPhone's only.
        assert sorted(d["recipient"] for d in soon) == ["gd@viettel-longan.vn", "giamdoc@vnpt-longan.vn"]
        assert "[Chuẩn bị Tết — sắp đến hạn] Nguồn điện dự phòng — VinaPhone Long An, hạn 20/01/2027" in {
            d["subject"] for d in soon
        }
        s.clock.now = datetime(2027, 1, 21, 8, tzinfo=VIETNAM)  # the morning after the due day
        await s.deliveries("readiness_late", 2, channel="email")
        [(to, subject, text)] = [m for m in s.mails("[Chuẩn bị Tết — quá hạn]") if "Viettel" in m[1]]
        assert to == "gd@viettel-longan.vn"
        assert subject == "[Chuẩn bị Tết — quá hạn] Nguồn điện dự phòng — Viettel Long An, hạn 20/01/2027"
        assert "Đợt trực: " in text and campaign["name"] in text and "tháng Chạp" in text
        text = text.replace("\r\n", "\n")  # as SMTP carries it
        assert "Lĩnh vực: Viễn thông\n" in text and "Quá hạn: 1 ngày\n" in text, text
        assert viettel["id"] not in text and power["id"] not in text

        async def overdue_in_audit() -> dict | None:
            got = _ok(await audit.get("/readiness", params={"campaign_id": campaign["id"]}, headers=INSPECTOR))
            rows = {e["name"]: {x["item_id"]: x["status"] for x in e["items"]} for e in got["items"]}
            done = rows.get("VNPT Long An", {}).get(power["id"]) == "done"
            return rows if done and rows.get("Viettel Long An", {}).get(power["id"]) == "overdue" else None

        await eventually(overdue_in_audit, timeout=60, what="audit to show the item done for VNPT, overdue for Viettel")

        # Two days later the second item is due soon at the three: VNPT's director gets one mail naming both their
        # enterprises; the first item's notices are not repeated. The webhook's message per enterprise lists its items.
        s.clock.now = datetime(2027, 1, 23, 8, tzinfo=VIETNAM)
        await s.deliveries("readiness_soon", 2 + 2, channel="email")
        assert [to for to, _, _ in s.mails("[Chuẩn bị Tết — sắp đến hạn] Phương án ứng cứu thông tin")] == [
            "gd@viettel-longan.vn",
        ]
        [(to, subject, text)] = s.mails("[Chuẩn bị Tết — sắp đến hạn] 2 hạng mục")
        assert to == "giamdoc@vnpt-longan.vn"
        assert subject == "[Chuẩn bị Tết — sắp đến hạn] 2 hạng mục — VinaPhone Long An, VNPT Long An"
        text = text.replace("\r\n", "\n")
        line = "  - Phương án ứng cứu thông tin (Viễn thông) — hết ngày 25/01/2027 (18 tháng Chạp Bính Ngọ)\n"
        assert f"\nVinaPhone Long An:\n{line}\nVNPT Long An:\n{line}\n" in text, text
        assert vinaphone["id"] not in text and plan["id"] not in text
        assert len(s.mails("[Chuẩn bị Tết — sắp đến hạn] Nguồn điện dự phòng")) == 2
        assert len(s.mails("[Chuẩn bị Tết — quá hạn]")) == 2  # the 21st's; not told again

        await s.deliveries("readiness_soon", 2 + 3, channel="webhook")  # 18th: Viettel, VinaPhone; 23rd: all three
        await s.deliveries("readiness_late", 2, channel="webhook")  # 21st: Viettel, VinaPhone
        sent = [json.loads(r.body) for r in hooks.requests]
        assert len(sent) == 7 and all({"delivery_id", "subject", "text", "campaign", "due_at"} <= set(m) for m in sent)
        by = {(m["type"], m["enterprise"]): m for m in sent}  # (the last of each)
        assert by[("readiness_late", "VinaPhone Long An")]["items"] == [
            {
                "id": power["id"],
                "title": "Nguồn điện dự phòng",
                "enterprise": "VinaPhone Long An",
                "sector": "telecom",
                "due_day": "2027-01-20",
                "overdue_days": 1,
            }
        ]
        assert [(i["title"], i["overdue_days"]) for i in by[("readiness_soon", "VNPT Long An")]["items"]] == [
            ("Phương án ứng cứu thông tin", 0)
        ]
