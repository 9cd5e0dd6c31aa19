"""POST /shifts/{id}/handover over real PostgreSQL (QA 2026-12-06: the leader on duty at Viettel checked in at 08:03
on 29 tháng Chạp and fell ill at 21:00; the card offered nothing): the shift ends at the moment with its people and
check-ins, a published shift takes over the rest with the replacement, and the outbox holds the new shift's events
before the old one's move — in one transaction, idempotent, the replacement checked as a reassignment's."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text

from support import auth, principal

from .seeding import shift_body

MANAGER = "manager@viettel-longan.vn"


async def outbox_of(app_settings, *shift_ids: str) -> list[dict]:
    """The events of these shifts in roster's outbox, in the order written."""
    from lichtruc import db

    engine = db.create_engine(app_settings.database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT payload FROM outbox WHERE payload::jsonb->>'subject' = ANY(:s) ORDER BY id"),
                {"s": [f"shifts/{i}" for i in shift_ids]},
            )
            return [json.loads(r[0]) for r in rows]
    finally:
        await engine.dispose()


async def test_the_rest_of_a_checked_in_shift_is_handed_over(client, seed, clock, roster_settings) -> None:
    campaign, enterprise = await seed.campaign(), await seed.enterprise("Viettel Long An")
    leader = await seed.staff(enterprise, "Trần Văn Lãnh")
    cuong = await seed.staff(enterprise, "Phạm Văn Cường")
    guard = await seed.staff(enterprise, "Đỗ Văn Bảo", qualifications=["guard"])
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign,
        enterprise,
        [leader],
        starts_at="2027-02-05T08:00:00+07:00",
        ends_at="2027-02-06T00:00:00+07:00",
        status="published",
        notes="Trực giao thừa",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    # cường is on another shift later that night: taking over until midnight would double-book him
    other = shift_body(
        campaign, enterprise, [cuong], starts_at="2027-02-05T23:00:00+07:00", ends_at="2027-02-06T07:00:00+07:00"
    )
    later = (await client.post("/shifts", json=other, headers=me)).json()
    clock.now = datetime(2027, 2, 5, 1, 3, tzinfo=UTC)  # 08:03
    checked = await client.post(
        f"/shifts/{shift['id']}/check-in", json={"staff_id": leader["id"]}, headers={"If-Match": '"2"', **me}
    )
    assert checked.status_code == 200, checked.text
    clock.now = datetime(2027, 2, 5, 13, 52, tzinfo=UTC)  # 20:52, the leader falls ill
    path = f"/shifts/{shift['id']}/handover"
    v3 = {"If-Match": '"3"', **me}

    clash = await client.post(path, json={"assignees": [{"staff_id": cuong["id"]}], "reason": "Ốm"}, headers=v3)
    assert clash.status_code == 422, clash.text  # with the handover's other refusals, had there been any
    assert [(e["field"], e["rule"], e["shift_id"]) for e in clash.json()["errors"]] == [
        ("assignees.0", "no-double-booking", later["id"])
    ]
    # everything wrong at once (QZ10: the portal copied roster's bounds to say them together): one 422 listing each
    everything = await client.post(
        path,
        json={
            "assignees": [{"staff_id": cuong["id"]}, {"staff_id": guard["id"]}],
            "reason": " ",
            "at": "2027-02-06T00:30:00+07:00",
        },
        headers=v3,
    )
    assert everything.status_code == 422, everything.text
    assert [(e["field"], e["rule"]) for e in everything.json()["errors"]] == [
        ("at", "handover-before-end"),
        ("reason", "handover-reason-required"),
        ("assignees.1", "qualified"),
        ("assignees.0", "no-double-booking"),
    ]
    relieved = await client.post(path, json={"assignees": [{"staff_id": leader["id"]}], "reason": ""}, headers=v3)
    assert [(e["field"], e["rule"]) for e in relieved.json()["errors"]] == [
        ("reason", "handover-reason-required"),
        ("assignees", "handover-new-people"),
    ], relieved.text
    nobody = await client.post(path, json={"assignees": [], "reason": "Ốm", "at": "2027-02-05T07:00+07:00"}, headers=v3)
    assert [(e["field"], e["rule"]) for e in nobody.json()["errors"]] == [
        ("at", "handover-after-start"),
        ("assignees", "handover-people-required"),
    ], nobody.text
    assert "Trần Văn Lãnh đã điểm danh" in nobody.json()["detail_vi"]
    unqualified = await client.post(path, json={"assignees": [{"staff_id": guard["id"]}], "reason": "Ốm"}, headers=v3)
    assert unqualified.status_code == 422 and unqualified.json()["errors"][0]["rule"] == "qualified", unqualified.text
    no_reason = await client.post(path, json={"assignees": [{"staff_id": cuong["id"]}], "reason": " "}, headers=v3)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason", no_reason.text
    assert "Trần Văn Lãnh" in no_reason.json()["detail_vi"]
    too_late = await client.post(
        path,
        json={"assignees": [{"staff_id": cuong["id"]}], "reason": "Ốm", "at": "2027-02-06T00:00:00+07:00"},
        headers=v3,
    )
    assert too_late.status_code == 422 and too_late.json()["errors"][0]["rule"] == "handover-before-end"

    await client.post(f"/shifts/{later['id']}/cancel", headers={"If-Match": f'"{later["version"]}"', **me})
    key = {"Idempotency-Key": f"handover-{shift['id']}", **v3}
    handover = {"assignees": [{"staff_id": cuong["id"]}], "reason": " Trưởng ca bị ốm "}
    done = await client.post(path, json=handover, headers=key)
    assert done.status_code == 201, done.text
    ended, rest = done.json()["ended"], done.json()["rest"]
    assert done.headers["location"] == f"/shifts/{rest['id']}"
    assert (ended["id"], ended["status"], ended["starts_at"], ended["ends_at"]) == (
        shift["id"],
        "checked_in",
        "2027-02-05T01:00:00Z",
        "2027-02-05T13:55:00Z",  # 20:52 rounded up to 20:55
    )
    assert [(a["full_name"], a["checked_in_at"]) for a in ended["assignees"]] == [
        ("Trần Văn Lãnh", "2027-02-05T01:03:00Z")
    ]
    assert (rest["status"], rest["starts_at"], rest["ends_at"], rest["duty_type"], rest["notes"]) == (
        "published",
        "2027-02-05T13:55:00Z",
        "2027-02-05T17:00:00Z",
        "operations",
        "Trực giao thừa",
    )
    assert [a["full_name"] for a in rest["assignees"]] == ["Phạm Văn Cường"]
    assert (rest["continues_shift_id"], rest["handover_reason"]) == (shift["id"], "Trưởng ca bị ốm")

    again = await client.post(path, json=handover, headers=key)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["rest"]["id"] == rest["id"]
    # QZ21 #8: Cường reads, on his own shift, whom he took over from (Lãnh's shift is not his to read)
    as_cuong = auth(principal("staff", enterprises=(enterprise["id"],), staff=cuong["id"]))
    assert (await client.get(f"/shifts/{shift['id']}", headers=as_cuong)).status_code == 404
    took = {"shift_id": shift["id"], "people": ["Trần Văn Lãnh"], "whole": False}
    assert (await client.get(f"/shifts/{rest['id']}", headers=as_cuong)).json()["took_over"] == took
    listed = (await client.get("/shifts", params={"staff_id": cuong["id"]}, headers=as_cuong)).json()["items"]
    assert [(s["id"], s["took_over"]) for s in listed] == [(rest["id"], took)]
    assert (await client.get(f"/shifts/{shift['id']}", headers=me)).json()["took_over"] is None

    # who is on duty at 22:00: the replacement only
    at_22 = await client.get(
        "/shifts",
        params={
            "enterprise_id": enterprise["id"],
            "from": "2027-02-05T22:00:00+07:00",
            "to": "2027-02-05T22:01:00+07:00",
        },
        headers=me,
    )
    assert [s["id"] for s in at_22.json()["items"]] == [rest["id"]]
    # QZ18 #4: the shift kept says whom its rest went to, from when (a person's past card reads it: not theirs)
    taken = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()["handed_over_to"]
    assert (taken["shift_id"], taken["people"], taken["starts_at"], taken["reason"]) == (
        rest["id"],
        ["Phạm Văn Cường"],
        "2027-02-05T13:55:00Z",
        "Trưởng ca bị ốm",  # and why (QZ20 #5: the card said who, never why)
    )

    events = await outbox_of(roster_settings, shift["id"], rest["id"])
    handed = [e for e in events if e["time"] >= "2027-02-05T13:52"]
    assert [(e["type"].removeprefix("lichtruc.roster."), e["subject"]) for e in handed] == [
        ("shift.planned.v1", f"shifts/{rest['id']}"),
        ("shift.published.v1", f"shifts/{rest['id']}"),
        ("shift.rescheduled.v1", f"shifts/{shift['id']}"),
    ]
    planned, published, moved = (e["data"] for e in handed)
    assert planned["shift"]["continues_shift_id"] == published["shift"]["continues_shift_id"] == shift["id"]
    assert published["shift"]["handover_reason"] == "Trưởng ca bị ốm" and published["actor"] == MANAGER
    # someone had come: the new shift's events say the people of the old one were not absent (notifier's words)
    assert planned["shift"]["handover_absent"] is False and published["shift"]["handover_absent"] is False
    assert (moved["previous_ends_at"], moved["shift"]["ends_at"]) == ("2027-02-05T17:00:00Z", "2027-02-05T13:55:00Z")
    assert (moved["handed_over_to"], moved["reason"], moved["shift"]["status"]) == (
        rest["id"],
        "Trưởng ca bị ốm",
        "checked_in",
    )


async def test_a_shift_not_begun_is_reassigned_not_handed_over(client, seed, clock) -> None:
    campaign, enterprise, tuyet = await seed.world()
    hoa = await seed.staff(enterprise, "Phạm Thị Hoa")
    shift = (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet], status="published"))).json()
    clock.now = datetime(2027, 2, 5, 14, tzinfo=UTC)  # 21:00, an hour before the start
    refused = await client.post(
        f"/shifts/{shift['id']}/handover",
        json={"assignees": [{"staff_id": hoa["id"]}], "reason": "Ốm"},
        headers={"If-Match": '"2"'},
    )
    assert refused.status_code == 409 and refused.json()["errors"][0]["rule"] == "handover-not-begun", refused.text
    assert "Nguyễn Thị Ánh Tuyết" in refused.json()["detail_vi"]


async def test_a_shift_nobody_came_to_is_handed_over_whole(client, seed, clock, roster_settings) -> None:
    """QZ10 #8: the leader rostered 08:00–20:00 never came; at 09:10 the replacement takes the shift from 08:00,
    and the old shift ends handed over before it began (cancelled, the reason kept), announced after the new one."""
    campaign, enterprise = await seed.campaign(), await seed.enterprise("Viettel Long An")
    leader = await seed.staff(enterprise, "Trần Văn Lãnh")
    cuong = await seed.staff(enterprise, "Phạm Văn Cường")
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign,
        enterprise,
        [leader],
        starts_at="2027-02-05T08:00:00+07:00",
        ends_at="2027-02-05T20:00:00+07:00",
        status="published",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    clock.now = datetime(2027, 2, 5, 2, 10, tzinfo=UTC)  # 09:10
    path = f"/shifts/{shift['id']}/handover"
    handover = {
        "assignees": [{"staff_id": cuong["id"]}],
        "reason": "Trưởng ca không đến",
        "at": "2027-02-05T08:00+07:00",
    }
    done = await client.post(path, json=handover, headers={"If-Match": '"2"', **me})
    assert done.status_code == 201, done.text
    ended, rest = done.json()["ended"], done.json()["rest"]
    assert (ended["status"], ended["cancel_reason"], ended["ends_at"]) == (
        "cancelled",
        "Trưởng ca không đến",
        "2027-02-05T13:00:00Z",
    )
    assert (rest["starts_at"], rest["ends_at"], rest["status"]) == (
        "2027-02-05T01:00:00Z",
        "2027-02-05T13:00:00Z",
        "published",
    )
    # QZ12 #3: the replacement is late only from the handover at 09:10, not from the 08:00 start
    assert rest["late_from"] == "2027-02-05T02:10:00Z" and ended["late_from"] == "2027-02-05T01:00:00Z"
    # QZ12 #2: the leader's own coming shifts still hold the one he did not come to (cancelled, the reason kept),
    # read by his own account: they say whom it went to and when (the other shift is not his to read)
    him = auth(principal("staff", enterprises=(enterprise["id"],), staff=leader["id"]))
    mine = {"staff_id": leader["id"], "from": "2027-02-05T02:10:00Z", "ever_published": "true"}
    listed = (await client.get("/shifts", params=mine, headers=him)).json()["items"]
    assert [(s["id"], s["status"]) for s in listed] == [(shift["id"], "cancelled")], listed
    taken = {
        "shift_id": rest["id"],
        "people": ["Phạm Văn Cường"],
        "at": "2027-02-05T02:10:00Z",
        "starts_at": "2027-02-05T01:00:00Z",  # from when he is on duty: the start here, typed by the manager
        "handover_absent": True,  # "Người trực không đến" ticked: he never came
        "reason": "Trưởng ca không đến",  # as his cancelled shift's own reason says
    }
    assert listed[0]["handed_over_to"] == taken, listed
    assert (await client.get(f"/shifts/{shift['id']}", headers=him)).json()["handed_over_to"] == taken
    assert (await client.get(f"/shifts/{rest['id']}", headers=him)).status_code == 404
    assert rest["handed_over_to"] is None
    events = await outbox_of(roster_settings, shift["id"], rest["id"])
    handed = [e for e in events if e["time"] >= "2027-02-05T02:10"]
    assert [(e["type"].removeprefix("lichtruc.roster."), e["subject"]) for e in handed] == [
        ("shift.planned.v1", f"shifts/{rest['id']}"),
        ("shift.published.v1", f"shifts/{rest['id']}"),
        ("shift.cancelled.v1", f"shifts/{shift['id']}"),
    ]
    assert (handed[2]["data"]["handed_over_to"], handed[2]["data"]["reason"]) == (rest["id"], "Trưởng ca không đến")
    # the leader's time is free again: he can be put on another shift of those hours
    again = shift_body(
        campaign, enterprise, [leader], starts_at="2027-02-05T12:00:00+07:00", ends_at="2027-02-05T16:00:00+07:00"
    )
    assert (await client.post("/shifts", json=again, headers=me)).status_code == 201

    # once someone checked in, the start is refused and the refusal says who did
    pho, bao = await seed.staff(enterprise, "Lê Thị Phó"), await seed.staff(enterprise, "Đỗ Văn Bảo")
    came = (await client.post("/shifts", json={**body, "assignees": [{"staff_id": pho["id"]}]}, headers=me)).json()
    checked = await client.post(
        f"/shifts/{came['id']}/check-in", json={"staff_id": pho["id"]}, headers={"If-Match": '"2"', **me}
    )
    assert checked.status_code == 200, checked.text
    refused = await client.post(
        f"/shifts/{came['id']}/handover",
        json={**handover, "assignees": [{"staff_id": bao["id"]}]},
        headers={"If-Match": '"3"', **me},
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["rule"] == "handover-after-start", refused.text
    assert "Lê Thị Phó đã điểm danh" in refused.json()["detail_vi"]
    # … and "nobody came" is refused too, naming her (the moment is fine: now)
    said_absent = await client.post(
        f"/shifts/{came['id']}/handover",
        json={"assignees": [{"staff_id": bao["id"]}], "reason": "Không đến", "absent": True},
        headers={"If-Match": '"3"', **me},
    )
    assert said_absent.status_code == 422, said_absent.text
    assert [(e["field"], e["rule"]) for e in said_absent.json()["errors"]] == [("absent", "handover-absent-checked-in")]
    assert "Lê Thị Phó đã điểm danh" in said_absent.json()["errors"][0]["message_vi"], said_absent.text


async def test_a_shift_nobody_came_to_is_handed_over_from_the_moment(client, seed, clock, roster_settings) -> None:
    """QZ13 #2: at 09:07 the 06:00–18:00 operations shift nobody came to is handed over with the default moment
    (now, rounded up: 09:10; nobody checked in, so "nobody came" by default): the old shift is cancelled and the new
    one runs 09:10–18:00 — 06:00–09:10 had nobody, and no shift says otherwise."""
    campaign, enterprise = await seed.campaign(), await seed.enterprise("Đài PTTH Long An")
    nhut = await seed.staff(enterprise, "Võ Minh Nhựt")
    hai = await seed.staff(enterprise, "Phan Văn Hải")
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign,
        enterprise,
        [nhut],
        starts_at="2027-02-06T06:00:00+07:00",
        ends_at="2027-02-06T18:00:00+07:00",
        status="published",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    # QZ20 #3: Nhựt is on the night at 22:00 too, 4 h after this one: the shift warns of his short rest
    night = {**body, "starts_at": "2027-02-06T22:00:00+07:00", "ends_at": "2027-02-07T06:00:00+07:00"}
    assert (await client.post("/shifts", json=night, headers=me)).status_code == 201
    warned = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()
    assert [w["rule"] for w in warned["warnings"]] == ["min-rest"]
    clock.now = datetime(2027, 2, 6, 2, 7, tzinfo=UTC)  # 09:07
    done = await client.post(
        f"/shifts/{shift['id']}/handover",
        json={"assignees": [{"staff_id": hai["id"]}], "reason": "Người trực không đến"},
        headers={"If-Match": f'"{warned["version"]}"', **me},
    )
    assert done.status_code == 201, done.text
    ended, rest = done.json()["ended"], done.json()["rest"]
    # cancelled, it warns of nothing (nobody works it): its card said "Cảnh báo — … chỉ được nghỉ 4 giờ 30 phút"
    assert ended["warnings"] == [] and (await client.get(f"/shifts/{shift['id']}", headers=me)).json()["warnings"] == []
    assert (ended["status"], ended["starts_at"], ended["ends_at"]) == (
        "cancelled",
        "2027-02-05T23:00:00Z",
        "2027-02-06T11:00:00Z",
    )
    assert (rest["starts_at"], rest["ends_at"], rest["continues_shift_id"]) == (
        "2027-02-06T02:10:00Z",
        "2027-02-06T11:00:00Z",
        shift["id"],
    )
    events = await outbox_of(roster_settings, shift["id"], rest["id"])
    handed = [e for e in events if e["time"] >= "2027-02-06T02:07"]
    assert [e["type"].removeprefix("lichtruc.roster.") for e in handed] == [
        "shift.planned.v1",
        "shift.published.v1",
        "shift.cancelled.v1",
    ]
    # nobody checked in and "nobody came" not said: absent, and the new shift's events say so (notifier's mail)
    assert [e["data"]["shift"].get("handover_absent") for e in handed] == [True, True, None]
    took = (await client.get(f"/shifts/{rest['id']}", headers=me)).json()
    assert (took["continues_shift_id"], took["took_over"]["whole"]) == (shift["id"], True)  # nobody came: whole

    # QZ14: the manager unticked "Người trực không đến" (the person is on the way, nobody checked in yet): the rest is
    # handed over from the moment, the old shift kept until then, and the new shift's events say nobody was absent
    tam = await seed.staff(enterprise, "Lê Văn Tâm")
    vy = await seed.staff(enterprise, "Ngô Thảo Vy")
    other = (await client.post("/shifts", json={**body, "assignees": [{"staff_id": tam["id"]}]}, headers=me)).json()
    kept = await client.post(
        f"/shifts/{other['id']}/handover",
        json={"assignees": [{"staff_id": vy["id"]}], "reason": "Trưởng ca đến muộn", "absent": False},
        headers={"If-Match": '"2"', **me},
    )
    assert kept.status_code == 201, kept.text
    assert (kept.json()["ended"]["status"], kept.json()["ended"]["ends_at"]) == ("published", "2027-02-06T02:10:00Z")
    events = await outbox_of(roster_settings, other["id"], kept.json()["rest"]["id"])
    handed = [e for e in events if e["subject"].endswith(kept.json()["rest"]["id"]) or "handed_over_to" in e["data"]]
    assert [
        (e["type"].removeprefix("lichtruc.roster."), e["data"]["shift"].get("handover_absent")) for e in handed
    ] == [
        ("shift.planned.v1", False),
        ("shift.published.v1", False),
        ("shift.rescheduled.v1", None),
    ]
    # QZ18 #5: the API says so too — the new shift's own word, and the kept one's `handed_over_to` — so that the portal's
    # board and the staff card say "there, not checked in" as the daily report does; ticked (the first handover): true
    rest_id = kept.json()["rest"]["id"]
    assert kept.json()["rest"]["handover_absent"] is False
    assert (await client.get(f"/shifts/{rest_id}", headers=me)).json()["handover_absent"] is False
    listed = (await client.get("/shifts", params={"enterprise_id": enterprise["id"]}, headers=me)).json()["items"]
    said = {s["id"]: (s["handover_absent"], (s["handed_over_to"] or {}).get("handover_absent")) for s in listed}
    assert said[other["id"]] == (None, False) and said[rest_id] == (False, None), said
    assert said[rest["id"]] == (True, None) and said[shift["id"]] == (None, True), said
    # B1: the board says it too, whichever day the shift that took the rest is on (a night shift of the board's last day
    # handed over after midnight is taken by a shift past the board, the portal's board reads the word from the kept one)
    board = await client.get(
        f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board",
        params={"from": "2027-02-06", "to": "2027-02-06"},
        headers=me,
    )
    on_board = {
        s["id"]: s["handed_over_to"] for d in board.json()["days"] for t in d["duty_types"] for s in t["shifts"]
    }
    assert (on_board[other["id"]]["shift_id"], on_board[other["id"]]["handover_absent"]) == (rest_id, False)
    assert on_board[rest_id] is None, on_board
