"""Inspection plans end to end (issue 15, part 5), over the real broker and databases: roster → Kafka →
audit and notifier, on one clock the test moves (a finding waits for its inspection day). A surprise
inspection is hidden from the enterprise's manager — roster answers 404 and leaves it out of lists,
notifier tells nothing, and its finding cannot be recorded before its day — until its finding is
recorded; then the manager sees it and is told its result exactly once. A planned non-surprise
inspection is told exactly once. Audit's per-phase summary counts what the inspectors planned and did;
managers can neither plan nor record."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import httpx
import pytest

from lichtruc.vntime import VIETNAM, day_label
from roster.domain.inspections import tet_phases
from support import auth, eventually, principal

sys.path.insert(0, str(Path(__file__).parents[1] / "notifier"))
sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import Clock, clocked_apps
from notifier_testkit import Mailbox, smtp_server

YEAR = 2030
EVE, LAST_DURING = tet_phases(YEAR)
PLANNING = datetime.combine(EVE - timedelta(days=20), time(9), tzinfo=VIETNAM)  # no plan is overdue yet
MANAGER_MAIL = "giam.doc@vnpt-longan.vn"
INSPECTOR = auth(principal("inspector", name="thanh.tra@stttt.longan.gov.vn"))
FINDING = {
    "result": "issues_found",
    "text": "Trạm Bình Hiệp thiếu bình chữa cháy; sổ trực ghi chưa đầy đủ",
    "recommendations": "Bổ sung bình chữa cháy trước mùng 3 Tết",
}


@pytest.fixture
async def system(new_database, kafka, topic_prefix) -> AsyncIterator[dict]:
    clock = Clock(PLANNING)
    async with (
        smtp_server(Mailbox()) as port,
        clocked_apps(new_database, kafka, topic_prefix, clock=clock, smtp_port=port) as (roster, audit, notifier, _),
    ):
        yield {"roster": roster, "audit": audit, "notifier": notifier, "clock": clock}


def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_surprise_inspection_stays_hidden_from_the_enterprise_until_its_finding(system) -> None:
    roster, notifier, audit = system["roster"], system["notifier"], system["audit"]
    # the clients call as an administrator unless told otherwise
    campaign = _created(await roster.post("/campaigns", json={"lunar_year": YEAR}))
    enterprise = _created(
        await roster.post(
            "/enterprises",
            json={"name": "VNPT Long An", "sector": "telecom", "manager_emails": [MANAGER_MAIL]},
        )
    )
    manager = auth(principal("manager", enterprises=(enterprise["id"],)))

    def plan(day: str, purpose: str, **extra: object) -> dict:
        return {
            "campaign_id": campaign["id"],
            "enterprise_id": enterprise["id"],
            "planned_on": day,
            "purpose": purpose,
            "inspectors": ["Lê Văn Thành", "Phạm Thị Hồng"],
            **extra,
        }

    before = (EVE - timedelta(days=10)).isoformat()
    during = (EVE + timedelta(days=2)).isoformat()
    after = (LAST_DURING + timedelta(days=3)).isoformat()

    # managers cannot plan
    refused = await roster.post("/inspections", json=plan(before, "Tự kiểm tra"), headers=manager)
    assert refused.status_code == 403

    announced = _created(
        await roster.post("/inspections", json=plan(before, "Kiểm tra phương án trực Tết"), headers=INSPECTOR)
    )
    surprise = _created(
        await roster.post(
            "/inspections",
            json=plan(during, "Kiểm tra đột xuất ca trực đêm giao thừa", surprise=True),
            headers=INSPECTOR,
        )
    )
    assert (announced["phase"], surprise["phase"]) == ("before", "during")
    # a marker behind the surprise on the same partition (the same enterprise)
    marker = _created(await roster.post("/inspections", json=plan(after, "Kiểm tra sau Tết"), headers=INSPECTOR))

    async def deliveries(kind: str) -> list[dict]:
        response = await notifier.get(
            "/deliveries", params={"enterprise_id": enterprise["id"], "kind": kind, "limit": 50}
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def planned_told() -> list[dict] | None:
        found = await deliveries("inspection_plan")
        return found if len(found) >= 2 else None

    told = await eventually(planned_told, what="notifier to tell the manager of the two announced inspections")
    assert len(told) == 2 and {d["recipient"] for d in told} == {MANAGER_MAIL}
    subjects = " | ".join(d["subject"] for d in told)
    assert day_label(date.fromisoformat(before)) in subjects and day_label(date.fromisoformat(after)) in subjects
    assert day_label(date.fromisoformat(during)) not in subjects  # the surprise plan was never told
    assert await deliveries("inspection_found") == []

    # roster: the manager does not see the surprise plan, in one read or in a list
    assert (await roster.get(f"/inspections/{surprise['id']}", headers=manager)).status_code == 404
    listed = (await roster.get("/inspections", headers=manager)).json()
    assert {i["id"] for i in listed["items"]} == {announced["id"], marker["id"]} and listed["total"] == 2
    # … and cannot record its finding
    no = await roster.post(
        f"/inspections/{surprise['id']}/finding", json=FINDING, headers={**manager, "If-Match": '"1"'}
    )
    assert no.status_code == 403

    # audit: the inspectors' summary per phase, surprise included
    async def summary_with(n: int) -> dict | None:
        response = await audit.get("/inspections/summary", params={"campaign_id": campaign["id"]})
        if response.status_code != 200:
            return None
        body = response.json()
        return body if sum(sum(p["counts"].values()) for p in body["phases"]) >= n else None

    summary = await eventually(lambda: summary_with(3), what="audit to project the three plans")
    counts = {p["phase"]: p["counts"] for p in summary["phases"]}
    assert counts == {
        "before": {"planned": 1, "overdue": 0, "done": 0, "cancelled": 0},
        "during": {"planned": 1, "overdue": 0, "done": 0, "cancelled": 0},
        "after": {"planned": 1, "overdue": 0, "done": 0, "cancelled": 0},
    }
    assert summary["phases"][1]["plans"]["planned"][0]["surprise"] is True
    assert (
        await audit.get("/inspections/summary", params={"campaign_id": campaign["id"]}, headers=manager)
    ).status_code == 403

    # audit's history of the enterprise: the Department sees the surprise plan, its managers do not
    history = f"/enterprises/{enterprise['id']}/history"

    def about(items: list[dict], plan_id: str) -> list[str]:
        return [i["what"] for i in items if i["subject_id"] == plan_id]

    department = (await audit.get(history, params={"limit": 500}, headers=INSPECTOR)).json()["items"]
    assert about(department, surprise["id"]) == ["inspection.planned"]
    [line] = [i for i in department if i["subject_id"] == surprise["id"]]
    assert "đột xuất" in line["summary_vi"] and "VNPT Long An" in line["summary_vi"]
    theirs = (await audit.get(history, params={"limit": 500}, headers=manager)).json()["items"]
    assert about(theirs, announced["id"]) == ["inspection.planned"] and about(theirs, surprise["id"]) == []

    # … nor can the Department before the inspection day, Vietnam time: nothing is revealed ahead of it
    early = await roster.post(
        f"/inspections/{surprise['id']}/finding", json=FINDING, headers={**INSPECTOR, "If-Match": '"1"'}
    )
    assert early.status_code == 422 and early.json()["errors"][0]["rule"] == "day-begun", early.text
    assert day_label(date.fromisoformat(during)) in early.json()["detail_vi"]
    system["clock"].now = datetime.combine(date.fromisoformat(during), time(9), tzinfo=VIETNAM)

    # on its day, the finding reveals the surprise plan
    done = await roster.post(
        f"/inspections/{surprise['id']}/finding", json=FINDING, headers={**INSPECTOR, "If-Match": '"1"'}
    )
    assert done.status_code == 200, done.text
    seen = await roster.get(f"/inspections/{surprise['id']}", headers=manager)
    assert seen.status_code == 200 and seen.json()["finding"]["text"] == FINDING["text"]

    async def finding_told() -> list[dict] | None:
        return await deliveries("inspection_found") or None

    [result] = await eventually(finding_told, what="notifier to tell the manager of the finding")
    assert result["recipient"] == MANAGER_MAIL
    assert "đột xuất" in result["subject"] and day_label(date.fromisoformat(during)) in result["subject"]

    async def summary_done() -> dict | None:
        body = await summary_with(3)
        return body if body and body["phases"][1]["counts"]["done"] == 1 else None

    summary = await eventually(summary_done, what="audit to project the finding")
    [revealed] = summary["phases"][1]["plans"]["done"]
    assert revealed["result"] == "issues_found" and revealed["result_text"] == FINDING["text"]
    assert revealed["plan_id"] == surprise["id"]
    assert revealed["state"] == "done" and revealed["surprise"] is True
    assert revealed["planned_on_label"] == day_label(date.fromisoformat(during))

    theirs = (await audit.get(history, params={"limit": 500}, headers=manager)).json()["items"]
    assert about(theirs, surprise["id"]) == ["inspection.finding_recorded"]

    # exactly once: still one of each after everything arrived
    assert len(await deliveries("inspection_found")) == 1 and len(await deliveries("inspection_plan")) == 2
