"""Tết hours of post offices and transaction points end to end, through real roster and audit processes and Kafka: a
point publishes its hours before the campaign's deadline and another does not; after the deadline
audit lists the silent one as missing (and not the one that published), the public reads only the
published hours — no token at all — and the notice PDF and the iCal feed carry them.

And notifier tells the enterprise's managers (roster → audit and notifier, on one clock the test moves): two
days before the deadline a reminder listing its post office and transaction points without published hours, and
at the deadline one notice naming those still unpublished — not the one that published meanwhile; neither is
repeated. Audit lists the same post office and point as missing."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import icalendar
import pytest
from pypdf import PdfReader

from lichtruc.vntime import VIETNAM
from support import ADMIN, auth, eventually, principal, service_processes

sys.path.insert(0, str(Path(__file__).parent))
from clocked_directive import clocked_system, types

AS_ADMIN = auth(ADMIN)
TET = date(2027, 2, 6)


@pytest.fixture
def system(new_database, kafka, topic_prefix, tmp_path):
    with service_processes(
        ("roster", "audit"), new_database=new_database, kafka=kafka, topic_prefix=topic_prefix, logs=tmp_path
    ) as services:
        yield {name: s.url for name, s in services.items()}


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return response.json()


def _schedule(campaign: dict[str, Any]) -> list[dict[str, Any]]:
    first, last = date.fromisoformat(campaign["start"]["date"]), date.fromisoformat(campaign["end"]["date"])
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [
        {"day": d.isoformat(), "open": False, "note": "Nghỉ mùng 1 Tết"}
        if d == TET
        else {"day": d.isoformat(), "open": True, "sessions": [{"opens": "07:30", "closes": "11:30"}]}
        for d in days
    ]


async def test_published_hours_are_public_and_audit_lists_the_point_that_missed_the_deadline(system) -> None:
    async with (
        httpx.AsyncClient(base_url=system["roster"], headers=AS_ADMIN, timeout=30) as roster,
        httpx.AsyncClient(base_url=system["roster"], timeout=30) as public,
        httpx.AsyncClient(base_url=system["audit"], timeout=30) as audit,
    ):
        campaign = _created(await roster.post("/campaigns", json={"lunar_year": 2027}))
        enterprise = _created(
            await roster.post("/enterprises", json={"name": "Bưu điện tỉnh Long An", "sector": "postal"})
        )
        manager = auth(principal("manager", enterprises=(enterprise["id"],)))
        inspector = auth(principal("inspector"))

        def point(name: str, district: str) -> dict[str, Any]:
            return {"enterprise_id": enterprise["id"], "name": name, "kind": "transaction_point", "district": district}

        published = _created(await roster.post("/sites", json=point("Bưu điện Văn hóa xã Hưng Điền", "Tân Hưng")))
        silent = _created(await roster.post("/sites", json=point("Điểm giao dịch Vĩnh Châu", "Tân Hưng")))
        _created(await roster.post("/sites", json={"enterprise_id": enterprise["id"], "name": "Kho", "kind": "office"}))

        path = f"/sites/{published['id']}/tet-hours"
        body = {"campaign_id": campaign["id"], "days": _schedule(campaign)}
        put = await roster.put(path, json=body, headers={**manager, "If-Match": '"0"'})
        assert put.status_code == 200, put.text
        done = await roster.post(
            f"{path}/publish", json={"campaign_id": campaign["id"]}, headers={**manager, "If-Match": '"1"'}
        )
        assert done.status_code == 200, done.text
        published_at = datetime.fromisoformat(done.json()["published_at"])

        # Before the deadline (the campaign's first day by default) both are only pending.
        async def pending() -> list[dict[str, Any]]:
            r = await audit.get(
                "/transaction-hours/missing",
                params={"campaign_id": campaign["id"], "status": ["pending", "on_time"]},
                headers=inspector,
            )
            assert r.status_code == 200, r.text
            found = {i["site_name"]: i["status"] for i in r.json()["items"]}
            assert found == {published["name"]: "on_time", silent["name"]: "pending"}
            return r.json()["items"]

        both = await eventually(pending, timeout=60, interval=0.5, what="audit to know both points and the publication")
        # The publication names its logged event, what the inspector proves it by; the silent point has none.
        proofs = {i["site_name"]: i["event_id"] for i in both}
        assert proofs[silent["name"]] is None
        logged = (await audit.get("/log", params={"event_id": proofs[published["name"]]}, headers=inspector)).json()
        assert [(r["event_type"], r["subject"]) for r in logged["items"]] == [
            ("lichtruc.roster.transaction_hours.published.v1", f"sites/{published['id']}/tet-hours")
        ]

        # The Department moves the deadline to just after the publication; it passes at once.
        deadline = published_at + timedelta(milliseconds=500)
        moved = await roster.patch(
            f"/campaigns/{campaign['id']}",
            json={"hours_deadline": deadline.isoformat()},
            headers={"If-Match": f'"{campaign["version"]}"'},
        )
        assert moved.status_code == 200, moved.text

        async def missing() -> list[dict[str, Any]]:
            r = await audit.get("/transaction-hours/missing", params={"campaign_id": campaign["id"]}, headers=inspector)
            items = r.json()["items"]
            assert [(i["site_name"], i["status"]) for i in items] == [(silent["name"], "missing")]
            return items

        [item] = await eventually(missing, timeout=60, interval=0.5, what="the silent point listed as missing")
        assert item["enterprise_name"] == "Bưu điện tỉnh Long An"
        assert "chưa niêm yết giờ mở cửa" in item["summary_vi"] and silent["name"] in item["summary_vi"]
        assert datetime.fromisoformat(item["deadline"]) == deadline

        # The enterprise's manager sees it too; another enterprise's manager may not ask for it.
        mine = await audit.get(
            "/transaction-hours/missing",
            params={"campaign_id": campaign["id"], "enterprise_id": enterprise["id"]},
            headers=manager,
        )
        assert [i["site_name"] for i in mine.json()["items"]] == [silent["name"]]
        stranger = auth(principal("manager", enterprises=("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f09",)))
        refused = await audit.get(
            "/transaction-hours/missing",
            params={"campaign_id": campaign["id"], "enterprise_id": enterprise["id"]},
            headers=stranger,
        )
        assert refused.status_code == 403
        assert (
            await audit.get("/transaction-hours/missing", params={"campaign_id": campaign["id"]})
        ).status_code == 401

        # The public, with no token: only the published point, its notice and its calendar.
        listed = await public.get("/public/transaction-hours", params={"district": "Tân Hưng"})
        assert listed.status_code == 200, listed.text
        assert [i["site_name"] for i in listed.json()["items"]] == [published["name"]]
        assert (await public.get(f"/public/transaction-points/{silent['id']}/notice.pdf")).status_code == 404
        notice = await public.get(listed.json()["items"][0]["notice_url"])
        assert notice.status_code == 200
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(notice.content)).pages)
        assert "Thời gian mở cửa, đóng cửa giao dịch dịp Tết Nguyên đán Đinh Mùi 2027" in text
        assert published["name"] in text and "Nghỉ" in text
        feed = icalendar.Calendar.from_ical((await public.get("/public/transaction-hours.ics")).content)
        events = list(feed.walk("VEVENT"))
        # one session a day, and mùng 1 closed: an all-day "Nghỉ giao dịch" event
        assert len(events) == len(body["days"])
        [closed] = [e for e in events if str(e["SUMMARY"]).startswith("Nghỉ giao dịch")]
        assert closed.decoded("DTSTART") == TET
        assert {str(e["LOCATION"]) for e in events} == {f"{published['name']}, Tân Hưng, Bưu điện tỉnh Long An"}


async def test_the_managers_are_told_of_points_without_published_hours_before_and_at_the_deadline_once(
    new_database, kafka, topic_prefix
) -> None:
    async with clocked_system(new_database, kafka, topic_prefix, datetime(2027, 1, 20, 10, tzinfo=VIETNAM)) as s:
        roster = s.roster
        campaign = _created(await roster.post("/campaigns", json={"lunar_year": 2027}))
        deadline = datetime.fromisoformat(campaign["starts_at"])  # the default: the campaign's first day, 00:00
        enterprise = _created(
            await roster.post(
                "/enterprises",
                json={"name": "Bưu điện tỉnh Long An", "sector": "postal", "manager_emails": ["gd@buudien-longan.vn"]},
            )
        )
        manager = auth(principal("manager", enterprises=(enterprise["id"],)))

        async def point(name: str, district: str, kind: str = "transaction_point") -> dict[str, Any]:
            body = {"enterprise_id": enterprise["id"], "name": name, "kind": kind, "district": district}
            return _created(await roster.post("/sites", json=body))

        hung_dien = await point("Bưu điện Văn hóa xã Hưng Điền", "Tân Hưng")
        vinh_chau = await point("Điểm giao dịch Vĩnh Châu", "Tân Hưng")
        tan_hung = await point("Bưu điện huyện Tân Hưng", "Tân Hưng", "post_office")
        _created(await roster.post("/sites", json={"enterprise_id": enterprise["id"], "name": "Kho", "kind": "office"}))
        await s.notifier_has(
            lambda events: (
                sum("site.registered" in t for t in types(events)) == 4
                and any("campaign.opened" in t for t in types(events))
                and any("enterprise.registered" in t for t in types(events))
            )
        )

        s.clock.now = deadline - timedelta(days=2)
        [soon] = await s.deliveries("hours_soon", 1)
        assert soon["recipient"] == "gd@buudien-longan.vn"
        [(_, subject, text)] = s.mails("[Giờ mở cửa Tết — sắp đến hạn niêm yết]")
        assert subject.startswith(
            "[Giờ mở cửa Tết — sắp đến hạn niêm yết] 1 bưu cục, 2 điểm giao dịch — Bưu điện tỉnh Long An"
        )
        assert f"{hung_dien['name']} (Tân Hưng)" in text and f"{vinh_chau['name']} (Tân Hưng)" in text
        assert f"{tan_hung['name']} (Tân Hưng)" in text
        assert "Kho" not in text

        path = f"/sites/{hung_dien['id']}/tet-hours"
        put = await roster.put(
            path,
            json={"campaign_id": campaign["id"], "days": _schedule(campaign)},
            headers={**manager, "If-Match": '"0"'},
        )
        assert put.status_code == 200, put.text
        done = await roster.post(
            f"{path}/publish", json={"campaign_id": campaign["id"]}, headers={**manager, "If-Match": '"1"'}
        )
        assert done.status_code == 200, done.text
        await s.notifier_has(lambda events: any("transaction_hours.published" in t for t in types(events)))

        s.clock.now = deadline
        [late] = await s.deliveries("hours_late", 1)
        assert late["recipient"] == "gd@buudien-longan.vn"
        [(_, subject, text)] = s.mails("[Giờ mở cửa Tết — quá hạn niêm yết]")
        assert subject.startswith(
            "[Giờ mở cửa Tết — quá hạn niêm yết] 1 bưu cục, 1 điểm giao dịch — Bưu điện tỉnh Long An"
        )
        assert f"{vinh_chau['name']} (Tân Hưng)" in text and f"{tan_hung['name']} (Tân Hưng)" in text
        assert hung_dien["name"] not in text
        assert vinh_chau["id"] not in text

        async def audit_agrees() -> list[str] | None:
            r = await s.audit.get("/transaction-hours/missing", params={"campaign_id": campaign["id"]})
            names = [i["site_name"] for i in r.json()["items"]] if r.status_code == 200 else []
            return names if names == [tan_hung["name"], vinh_chau["name"]] else None

        await eventually(audit_agrees, timeout=60, what="audit to list the same post office and point as missing")

        # A day and a half later the first day's report is owed (a later notice): the hours ones are not repeated.
        s.clock.now = deadline + timedelta(days=1, hours=9)
        await s.deliveries("report_missing", 1)
        assert len(s.mails("[Giờ mở cửa Tết")) == 2
