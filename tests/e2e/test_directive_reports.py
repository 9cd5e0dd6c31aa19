"""Daily situation reports end to end, real processes on the real broker and database: roster
publishes DailyReportSubmitted, audit logs it and tells the Department, per enterprise and day,
which report is in (the latest version) and which is missing after the deadline (09:00 local on
the next day). The campaign is Tết Bính Ngọ (February 2026): its deadlines are past by the wall
clock, so a day without a report is missing now."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import httpx
import pytest

from lichtruc.vntime import local_day
from support import ADMIN, auth, eventually, principal, service_processes

AS_ADMIN = auth(ADMIN)
INSPECTOR = auth(principal("inspector", name="thanh.tra@stttt.longan.gov.vn"))


@pytest.fixture
def system(new_database, kafka, topic_prefix, tmp_path):
    with service_processes(
        ("roster", "audit"), new_database=new_database, kafka=kafka, topic_prefix=topic_prefix, logs=tmp_path
    ) as services:
        yield {name: s.url for name, s in services.items()}


def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_missing_report_shows_after_the_deadline_and_a_submitted_one_does_not(system) -> None:
    roster, audit = system["roster"], system["audit"]
    async with httpx.AsyncClient(base_url=roster, headers=AS_ADMIN, timeout=30) as r:
        campaign = _created(await r.post("/campaigns", json={"lunar_year": 2026}))
        day = local_day(datetime.fromisoformat(campaign["starts_at"])) + timedelta(days=2)
        vnpt = _created(await r.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}))
        viettel = _created(await r.post("/enterprises", json={"name": "Viettel Long An", "sector": "telecom"}))
        tuyet = _created(
            await r.post(
                "/staff",
                json={"enterprise_id": vnpt["id"], "full_name": "Nguyễn Thị Ánh Tuyết", "qualifications": ["leader"]},
            )
        )
        _created(
            await r.post(
                "/shifts",
                json={
                    "campaign_id": campaign["id"],
                    "enterprise_id": vnpt["id"],
                    "duty_type": "leadership",
                    "starts_at": f"{day}T07:00:00+07:00",
                    "ends_at": f"{day}T19:00:00+07:00",
                    "assignees": [{"staff_id": tuyet["id"]}],
                    "status": "published",
                },
            )
        )
        leader = auth(principal("staff", enterprises=(vnpt["id"],), staff=tuyet["id"], name="tuyet@vnpt.vn"))
        body = {"enterprise_id": vnpt["id"], "day": str(day), "remarks": "Mạng lưới ổn định."}
        v1 = _created(await r.post("/daily-reports", json=body, headers=leader))
        v2 = _created(await r.post("/daily-reports", json={**body, "remarks": "Bổ sung: mất điện 15 phút ở Tân Hưng."}))
        assert (v1["version"], v2["version"], v2["supersedes"]) == (1, 2, v1["id"])
        kept = (await r.get(f"/daily-reports/{v1['id']}")).json()
        assert (kept["remarks"], kept["submitted_by_name"]) == ("Mạng lưới ổn định.", "Nguyễn Thị Ánh Tuyết")

    async with httpx.AsyncClient(base_url=audit, headers=INSPECTOR, timeout=30) as a:
        params = {"campaign_id": campaign["id"], "day": str(day)}

        async def both_known() -> dict | None:
            response = await a.get("/daily-reports/status", params=params)
            if response.status_code != 200:
                return None
            items = {i["enterprise_name"]: i for i in response.json()["items"]}
            done = items.get("VNPT Long An", {}).get("version") == 2 and "Viettel Long An" in items
            return items if done else None

        items = await eventually(both_known, timeout=120, what="audit to log both versions and both enterprises")
        assert list(items) == ["VNPT Long An", "Viettel Long An"]  # by name
        submitted, missing = items["VNPT Long An"], items["Viettel Long An"]
        assert (submitted["status"], submitted["report_id"], submitted["late"]) == ("submitted", v2["id"], True)
        assert submitted["submitted_by_name"] == "admin@test"
        assert missing["status"] == "missing" and missing["version"] is None
        assert missing["due_at"] == f"{day + timedelta(days=1)}T09:00:00+07:00"
        only_missing = (await a.get("/daily-reports/status", params={**params, "status": "missing"})).json()
        assert [i["enterprise_id"] for i in only_missing["items"]] == [viettel["id"]]
        assert only_missing["total"] == 1

        # As things stood just before and at the deadline (the reports came in much later): not yet due, then missing.
        before = (
            await a.get("/daily-reports/status", params={**params, "at": f"{day + timedelta(days=1)}T08:59:00+07:00"})
        ).json()
        assert [i["status"] for i in before["items"]] == ["not_yet_due", "not_yet_due"]
        at_deadline = (
            await a.get("/daily-reports/status", params={**params, "at": f"{day + timedelta(days=1)}T09:00:00+07:00"})
        ).json()
        assert [i["status"] for i in at_deadline["items"]] == ["missing", "missing"]

        # A manager sees only their own enterprises; naming another one is refused.
        manager = auth(principal("manager", enterprises=(viettel["id"],), name="quan.ly@viettel.vn"))
        own = (await a.get("/daily-reports/status", params=params, headers=manager)).json()
        assert [i["enterprise_name"] for i in own["items"]] == ["Viettel Long An"]
        other = await a.get("/daily-reports/status", params={**params, "enterprise_id": vnpt["id"]}, headers=manager)
        assert other.status_code == 403
        outside = await a.get("/daily-reports/status", params={**params, "day": str(date(2026, 6, 1))})
        assert outside.status_code == 422 and outside.json()["detail_vi"]
