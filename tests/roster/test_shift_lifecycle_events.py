"""A shift's whole life as a consumer sees it: read back from Kafka with a plain aiokafka
consumer (not roster's code), every event in order, each carrying the shift's new version."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from support import auth, principal, read_topic

from .seeding import shift_body


async def test_the_events_of_a_shifts_whole_life(client, seed, clock, kafka, roster_topic) -> None:
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    hoa = await seed.staff(enterprise, "Phạm Thị Hoa")
    me = auth(principal("manager", enterprises=(enterprise["id"],), name="manager@vnpt-longan.vn"))

    created = (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]), headers=me)).json()
    shift_id = created["id"]

    async def act(path: str, body: dict | None, version: int, **headers: str) -> dict:
        response = await client.post(path, json=body, headers={"If-Match": f'"{version}"', **me, **headers})
        assert response.status_code in (200, 201), response.text
        return response.json()

    published = (
        await client.post(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/publish", headers=me)
    ).json()
    assert [s["id"] for s in published["shifts"]] == [shift_id]
    await act(
        f"/shifts/{shift_id}/reschedule",
        {"starts_at": "2027-02-05T20:00:00+07:00", "ends_at": "2027-02-06T04:00:00+07:00"},
        2,
    )
    await act(f"/shifts/{shift_id}/reassign", {"assignees": [{"staff_id": tuyet["id"]}, {"staff_id": duc["id"]}]}, 3)
    swap = (
        await client.post(
            f"/shifts/{shift_id}/swaps",
            json={"from_staff_id": duc["id"], "to_staff_id": hoa["id"], "reason": "Về quê ăn Tết"},
            headers=auth(
                principal("staff", enterprises=(enterprise["id"],), staff=duc["id"], name="duc@vnpt-longan.vn")
            ),
        )
    ).json()
    swapped = await act(
        f"/swaps/{swap['id']}/approve",
        {"note": " Đã báo trưởng trạm ", "agreement": "Đồng ý qua điện thoại"},
        swap["version"],
    )
    assert swapped["status"] == "approved" and swapped["shift"]["version"] == 5
    clock.now = datetime(2027, 2, 5, 12, 45, tzinfo=UTC)  # 19:45 local, 15 minutes before the start
    await act(f"/shifts/{shift_id}/check-in", {"staff_id": hoa["id"]}, 5)
    await act(f"/shifts/{shift_id}/cancel", {"reason": "Sự cố mất điện, chuyển sang ca dự phòng"}, 6)

    def events(records) -> list[dict]:
        return [
            json.loads(r.value)
            for r in records
            if json.loads(r.value)["data"].get("shift", {}).get("shift_id") == shift_id
        ]

    records = await read_topic(kafka, roster_topic, until=lambda recs: len(events(recs)) >= 8)
    mine = events(records)
    assert [e["type"].removeprefix("lichtruc.roster.") for e in mine] == [
        "shift.planned.v1",
        "shift.published.v1",
        "shift.rescheduled.v1",
        "shift.reassigned.v1",
        "swap.requested.v1",
        "shift.swapped.v1",
        "shift.checked_in.v1",
        "shift.cancelled.v1",
    ]
    assert [e["data"]["shift"]["version"] for e in mine] == [1, 2, 3, 4, 4, 5, 6, 7]
    assert [e["data"]["shift"]["status"] for e in mine] == [
        "draft",
        "published",
        "published",
        "published",
        "published",
        "published",
        "checked_in",
        "cancelled",
    ]
    assert {
        r.key for r in records if json.loads(r.value)["subject"] in (f"shifts/{shift_id}", f"swaps/{swap['id']}")
    } == {enterprise["id"].encode()}
    assert all(e["subject"] == f"shifts/{shift_id}" for i, e in enumerate(mine) if i != 4)

    planned, _, rescheduled, reassigned, requested, swapped_event, checked_in, cancelled = (e["data"] for e in mine)
    assert planned["actor"] == "manager@vnpt-longan.vn"
    assert (rescheduled["previous_starts_at"], rescheduled["previous_ends_at"]) == (
        "2027-02-05T15:00:00Z",
        "2027-02-05T23:00:00Z",
    )
    assert rescheduled["shift"]["starts_at"] == "2027-02-05T13:00:00Z"
    assert [a["full_name"] for a in reassigned["previous_assignees"]] == ["Nguyễn Thị Ánh Tuyết"]
    assert [a["full_name"] for a in reassigned["shift"]["assignees"]] == ["Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"]
    assert (
        requested["swap_id"],
        requested["from_staff_id"],
        requested["to_staff_id"],
        requested["version"],
        requested["actor"],
        requested["reason"],
    ) == (swap["id"], duc["id"], hoa["id"], 1, "duc@vnpt-longan.vn", "Về quê ăn Tết")
    assert (swapped_event["swap_id"], swapped_event["from_staff_id"], swapped_event["to_staff_id"]) == (
        swap["id"],
        duc["id"],
        hoa["id"],
    )
    assert [a["full_name"] for a in swapped_event["shift"]["assignees"]] == ["Nguyễn Thị Ánh Tuyết", "Phạm Thị Hoa"]
    assert swapped_event["note"] == swapped["decision_note"] == "Đã báo trưởng trạm"  # trimmed, as it is stored
    assert (checked_in["staff_id"], checked_in["checked_in_at"]) == (hoa["id"], "2027-02-05T12:45:00Z")
    assert cancelled["reason"] == "Sự cố mất điện, chuyển sang ca dự phòng"
    times = [datetime.fromisoformat(e["time"]) for e in mine]
    assert times == sorted(times)
