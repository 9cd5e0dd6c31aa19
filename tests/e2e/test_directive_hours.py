"""Transaction points' Tết hours end to end, through real roster and audit processes and Kafka: a
point publishes its hours before the campaign's deadline and another does not; after the deadline
audit lists the silent one as missing (and not the one that published), the public reads only the
published hours — no token at all — and the notice PDF and the iCal feed carry them."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import icalendar
import pytest
from pypdf import PdfReader

from support import ADMIN, auth, eventually, principal, service_processes

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

        await eventually(pending, timeout=60, interval=0.5, what="audit to know both points and the publication")

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
        assert len(events) == len(body["days"]) - 1  # one session a day, closed on mùng 1
        assert {str(e["LOCATION"]) for e in events} == {f"{published['name']}, Tân Hưng, Bưu điện tỉnh Long An"}
