"""Daily situation reports end to end, on the real broker and database: roster
publishes DailyReportSubmitted, audit logs it and tells the Department, per enterprise and day,
which report is in (the latest version) and which is missing after the deadline (09:00 local on
the next day). The campaign is Tết Bính Ngọ (February 2026), on a clock the test
moves: the enterprises are registered before it (none owes a report for a day before its registration),
then the clock passes the day's deadline, so a day without a report is missing then.

And notifier reminds (roster → audit and notifier, on one clock the test moves): once the due hour of the
next day has passed, the leader on duty that day (in their language) and the managers of the enterprise
that has not submitted get one reminder, the Department one digest naming it; the enterprise that
submitted gets nothing, and nothing is repeated."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx

from lichtruc.vntime import VIETNAM, local_day
from support import auth, eventually, principal

sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import DEPARTMENT, System, clocked_system, types

INSPECTOR = auth(principal("inspector", name="thanh.tra@stttt.longan.gov.vn"))


def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_missing_report_shows_after_the_deadline_and_a_submitted_one_does_not(
    new_database, kafka, topic_prefix
) -> None:
    # The enterprises are registered before the campaign (an enterprise owes no report for a day before its
    # registration, QZ11 #6), then the clock is moved past the day's deadline, when the reports come in late.
    async with clocked_system(new_database, kafka, topic_prefix, datetime(2026, 1, 5, 9, tzinfo=VIETNAM)) as s:
        await _missing_then_submitted(s)


async def _missing_then_submitted(s: System) -> None:
    r, a = s.roster, s.audit
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
    s.clock.now = datetime.combine(day + timedelta(days=2), datetime.min.time(), VIETNAM)  # past the deadline
    leader = auth(principal("staff", enterprises=(vnpt["id"],), staff=tuyet["id"], name="tuyet@vnpt.vn"))
    body = {"enterprise_id": vnpt["id"], "day": str(day), "remarks": "Mạng lưới ổn định."}
    v1 = _created(await r.post("/daily-reports", json=body, headers=leader))
    v2 = _created(await r.post("/daily-reports", json={**body, "remarks": "Bổ sung: mất điện 15 phút ở Tân Hưng."}))
    assert (v1["version"], v2["version"], v2["supersedes"]) == (1, 2, v1["id"])
    kept = (await r.get(f"/daily-reports/{v1['id']}")).json()
    assert (kept["remarks"], kept["submitted_by_name"]) == ("Mạng lưới ổn định.", "Nguyễn Thị Ánh Tuyết")

    a.headers.update(INSPECTOR)
    params = {"campaign_id": campaign["id"], "day": str(day)}

    async def both_known() -> dict | None:
        response = await a.get("/daily-reports/status", params=params)
        if response.status_code != 200:
            return None
        items = {i["enterprise_name"]: i for i in response.json()["items"]}
        done = items.get("VNPT Long An", {}).get("version") == 2 and "Viettel Long An" in items
        return items if done else None

    items = await eventually(both_known, timeout=120, what="audit to log both versions and both enterprises")
    assert list(items) == ["Viettel Long An", "VNPT Long An"]  # by name, in the Vietnamese alphabet (i before N)
    submitted, missing = items["VNPT Long An"], items["Viettel Long An"]
    assert (submitted["status"], submitted["report_id"], submitted["late"]) == ("submitted", v2["id"], True)
    assert submitted["submitted_by_name"] == "admin@test"
    assert missing["status"] == "missing" and missing["version"] is None and missing["event_id"] is None
    # The submitted report names the logged event of its latest version, what the inspector proves it by.
    logged = (await a.get("/log", params={"event_id": submitted["event_id"]})).json()["items"]
    assert [(r["event"]["data"]["report_id"], r["event"]["data"]["version"]) for r in logged] == [(v2["id"], 2)]
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


async def test_a_missing_report_reminds_the_leader_on_duty_and_the_managers_once_and_a_submitted_one_nobody(
    new_database, kafka, topic_prefix
) -> None:
    tet = date(2027, 2, 6)
    start = datetime(2027, 2, 6, 20, tzinfo=VIETNAM)
    # A one-hour window: the reports of the days before (owed until 09:00 + 1 h) are stale at the start.
    async with clocked_system(new_database, kafka, topic_prefix, start, daily_report_window_hours=1) as s:
        r = s.roster
        campaign = _created(await r.post("/campaigns", json={"lunar_year": 2027}))
        vnpt = _created(
            await r.post(
                "/enterprises",
                json={"name": "VNPT Long An", "sector": "telecom", "manager_emails": ["giamdoc@vnpt-longan.vn"]},
            )
        )
        viettel = _created(
            await r.post(
                "/enterprises",
                json={"name": "Viettel Long An", "sector": "telecom", "manager_emails": ["gd@viettel-longan.vn"]},
            )
        )

        async def leader(enterprise: dict, name: str, email: str, language: str) -> dict:
            person = _created(
                await r.post(
                    "/staff",
                    json={
                        "enterprise_id": enterprise["id"],
                        "full_name": name,
                        "email": email,
                        "language": language,
                        "qualifications": ["leader"],
                    },
                )
            )
            _created(
                await r.post(
                    "/shifts",
                    json={
                        "campaign_id": campaign["id"],
                        "enterprise_id": enterprise["id"],
                        "duty_type": "leadership",
                        "starts_at": f"{tet}T07:00:00+07:00",
                        "ends_at": f"{tet}T19:00:00+07:00",
                        "assignees": [{"staff_id": person["id"]}],
                        "status": "published",
                    },
                )
            )
            return person

        await leader(vnpt, "Lê Văn Lãnh", "lanh@vnpt-longan.vn", "en")
        hung = await leader(viettel, "Trần Văn Hùng", "hung@viettel-longan.vn", "vi")
        as_hung = auth(
            principal("staff", enterprises=(viettel["id"],), staff=hung["id"], name="hung@viettel-longan.vn")
        )
        body = {"enterprise_id": viettel["id"], "day": str(tet), "remarks": "Mạng lưới ổn định."}
        _created(await r.post("/daily-reports", json=body, headers=as_hung))
        await s.notifier_has(
            lambda events: (
                sum("shift." in t for t in types(events)) >= 2
                and sum("staff." in t for t in types(events)) == 2
                and any("daily_report.submitted" in t for t in types(events))
                and any("campaign.opened" in t for t in types(events))
            )
        )

        s.clock.now = datetime(2027, 2, 7, 9, tzinfo=VIETNAM)  # the due hour on the next day
        reminders = await s.deliveries("report_missing", 2)
        assert sorted(d["recipient"] for d in reminders) == ["giamdoc@vnpt-longan.vn", "lanh@vnpt-longan.vn"]
        [digest] = await s.deliveries("report_digest", 1)
        assert digest["recipient"] == DEPARTMENT[0]
        to_leader = [m for m in s.mails("[Tết daily report — not submitted]") if m[0] == "lanh@vnpt-longan.vn"]
        [(_, subject, text)] = to_leader
        assert subject == "[Tết daily report — not submitted] VNPT Long An — day 6 Feb 2027 (1st day of Tết, Đinh Mùi)"
        assert "09:00 7 Feb 2027" in text and vnpt["id"] not in text
        [(_, subject, _)] = s.mails("[Báo cáo trực Tết — chưa nộp]")
        assert subject == "[Báo cáo trực Tết — chưa nộp] VNPT Long An — ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi)"
        [(_, _, listed)] = s.mails("[Báo cáo trực Tết — doanh nghiệp chưa nộp]")
        assert "VNPT Long An" in listed and "Viettel Long An" not in listed

        async def audit_agrees() -> dict | None:
            got = await s.audit.get("/daily-reports/status", params={"campaign_id": campaign["id"], "day": str(tet)})
            items = {i["enterprise_name"]: i["status"] for i in got.json()["items"]} if got.status_code == 200 else {}
            return items if items == {"VNPT Long An": "missing", "Viettel Long An": "submitted"} else None

        await eventually(audit_agrees, timeout=60, what="audit to show the same report missing")

        # The next day's deadline (nobody reported the 7th): new reminders, the 6th's not repeated.
        s.clock.now = datetime(2027, 2, 8, 9, tzinfo=VIETNAM)
        await s.deliveries("report_missing", 4)
        await s.deliveries("report_digest", 2)
        sixth = [to for to, subject, _ in s.mails("[") if "06/02/2027" in subject or "6 Feb 2027" in subject]
        assert sorted(sixth) == ["giamdoc@vnpt-longan.vn", "lanh@vnpt-longan.vn", DEPARTMENT[0]]
        assert all(to != "hung@viettel-longan.vn" for to, _, _ in s.mails("["))
