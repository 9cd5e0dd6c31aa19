"""The readiness checklist end to end, as real processes on the real broker and databases: the
Department seeds the directive's items, a manager marks one done → roster's outbox → Kafka → audit,
whose province-wide view shows it done (note, reference) and an item past due not done as overdue —
overdue too on the enterprise's own checklist in roster. A manager cannot mark another enterprise's
item, nor define items."""

from __future__ import annotations

import httpx
import pytest

from support import ADMIN, auth, eventually, principal, service_processes

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
