"""“Tôi cần về sớm” over real PostgreSQL (QZ29 #8: a duty worker on mùng 2 Tết, checked in, had no way to say she
must leave before her shift ended; she phoned the manager and nothing recorded that she asked, when, or why): the
person on a shift under way sends a notice — from when, why, the colleague who agreed — refused in words with names
when wrong; it changes nobody on duty; one open per person and shift; she withdraws it, or the manager's handover,
cancellation or reassignment closes it, each in the outbox (EarlyLeaveAsked, EarlyLeaveClosed); the shift's end
reads it "ended"."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from support import auth, principal

from .seeding import shift_body
from .test_shift_handover_api import MANAGER


async def _outbox(app_settings, notice_id: str) -> list[dict]:
    import json

    from sqlalchemy import text

    from lichtruc import db

    engine = db.create_engine(app_settings.database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT payload FROM outbox WHERE payload::jsonb->>'subject' = :s ORDER BY id"),
                {"s": f"early-leaves/{notice_id}"},
            )
            return [json.loads(r[0]) for r in rows]
    finally:
        await engine.dispose()


async def _setting(seed, client):
    campaign, enterprise = await seed.campaign(), await seed.enterprise("Viettel Long An")
    tuyet = await seed.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    cuong = await seed.staff(enterprise, "Phạm Văn Cường")
    bao = await seed.staff(enterprise, "Đỗ Văn Bảo", qualifications=["guard"])
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign,
        enterprise,
        [tuyet],
        starts_at="2027-02-07T06:00:00+07:00",
        ends_at="2027-02-07T18:00:00+07:00",
        status="published",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    return enterprise, shift, tuyet, cuong, bao, me


async def test_a_person_on_a_shift_under_way_says_she_must_leave_and_withdraws_it(
    client, seed, clock, roster_settings
) -> None:
    enterprise, shift, tuyet, cuong, bao, me = await _setting(seed, client)
    her = auth(principal("staff", enterprises=(enterprise["id"],), staff=tuyet["id"]))
    path = f"/shifts/{shift['id']}/early-leave"
    clock.now = datetime(2027, 2, 6, 22, 0, tzinfo=UTC)  # 05:00, before the shift
    early = await client.post(path, json={"staff_id": tuyet["id"], "reason": "Ốm"}, headers=her)
    assert early.status_code == 409 and early.json()["errors"][0]["rule"] == "early-leave-not-begun", early.text
    assert "xin đổi ca" in early.json()["detail_vi"]

    clock.now = datetime(2027, 2, 7, 2, 52, tzinfo=UTC)  # 09:52 on mùng 2
    # everything wrong at once, in words with names
    wrong = await client.post(
        path,
        json={"staff_id": tuyet["id"], "reason": " ", "at": "2027-02-07T05:00:00+07:00", "colleague_id": bao["id"]},
        headers=her,
    )
    assert wrong.status_code == 422, wrong.text
    assert [(e["field"], e["rule"]) for e in wrong.json()["errors"]] == [
        ("at", "early-leave-after-start"),
        ("reason", "early-leave-reason-required"),
        ("colleague_id", "qualified"),
    ]
    assert "trước khi ca" in wrong.json()["detail_vi"]
    on_it = await client.post(
        path, json={"staff_id": tuyet["id"], "reason": "Ốm", "colleague_id": tuyet["id"]}, headers=her
    )
    assert on_it.status_code == 422 and "Nguyễn Thị Ánh Tuyết đã có tên trong ca này" in on_it.json()["detail_vi"]
    late = await client.post(
        path, json={"staff_id": tuyet["id"], "reason": "Ốm", "at": "2027-02-07T18:00+07:00"}, headers=her
    )
    assert late.status_code == 422 and late.json()["errors"][0]["rule"] == "early-leave-before-end", late.text
    # nobody else's name: a staff member says it only of herself
    for_him = await client.post(path, json={"staff_id": cuong["id"], "reason": "Ốm"}, headers=her)
    assert for_him.status_code == 403, for_him.text

    typed = unicodedata.normalize("NFD", " Con bị sốt cao, phải đưa đi viện ")
    sent = await client.post(
        path, json={"staff_id": tuyet["id"], "reason": typed, "colleague_id": cuong["id"]}, headers=her
    )
    assert sent.status_code == 201, sent.text
    notice = sent.json()
    assert (notice["status"], notice["leave_at"], notice["reason"], notice["colleague_name"], notice["staff_name"]) == (
        "open",
        "2027-02-07T02:55:00Z",  # 09:52 rounded up as the handover form rounds it
        "Con bị sốt cao, phải đưa đi viện",  # NFC, trimmed
        "Phạm Văn Cường",
        "Nguyễn Thị Ánh Tuyết",
    )
    assert notice["leave_at_local"]["local"] == "2027-02-07T09:55:00+07:00"
    assert notice["leave_at_local"]["lunar_day_vi"] == "Mùng 2 Tết"
    # nobody on duty changed
    now_shift = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()
    assert [a["full_name"] for a in now_shift["assignees"]] == ["Nguyễn Thị Ánh Tuyết"]
    assert now_shift["version"] == shift["version"]
    # one open notice per person and shift
    again = await client.post(path, json={"staff_id": tuyet["id"], "reason": "Vẫn ốm"}, headers=her)
    assert again.status_code == 409 and again.json()["errors"][0]["rule"] == "one-open-early-leave", again.text
    assert "Nguyễn Thị Ánh Tuyết đã báo về sớm" in again.json()["detail_vi"]

    # the managers' board reads it among the enterprise's open notices; she reads her own
    listed = await client.get("/early-leaves", params={"enterprise_id": enterprise["id"], "open": "true"}, headers=me)
    assert [(n["id"], n["status"]) for n in listed.json()["items"]] == [(notice["id"], "open")]
    mine = await client.get("/early-leaves", params={"staff_id": tuyet["id"]}, headers=her)
    assert [n["id"] for n in mine.json()["items"]] == [notice["id"]]
    theirs = await client.get("/early-leaves", params={"staff_id": cuong["id"]}, headers=her)
    assert theirs.status_code == 403

    withdrawn = await client.post(f"{path}/withdraw", json={"staff_id": tuyet["id"]}, headers=her)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn", withdrawn.text
    twice = await client.post(f"{path}/withdraw", json={"staff_id": tuyet["id"]}, headers=her)
    assert twice.status_code == 409 and twice.json()["errors"][0]["rule"] == "early-leave-none-open"
    events = await _outbox(roster_settings, notice["id"])
    assert [e["type"] for e in events] == [
        "lichtruc.roster.early_leave.asked.v1",
        "lichtruc.roster.early_leave.closed.v1",
    ]
    asked, closed = events[0]["data"], events[1]["data"]
    assert (asked["staff_name"], asked["colleague_name"], asked["reason"], asked["leave_at"]) == (
        "Nguyễn Thị Ánh Tuyết",
        "Phạm Văn Cường",
        "Con bị sốt cao, phải đưa đi viện",
        "2027-02-07T02:55:00Z",
    )
    assert asked["shift"]["shift_id"] == shift["id"] and events[0]["partitionkey"] == enterprise["id"]
    assert (closed["how"], closed["version"]) == ("withdrawn", 2)


async def test_the_managers_handover_cancellation_or_reassignment_closes_it_and_its_end_reads_ended(
    client, seed, clock, roster_settings
) -> None:
    enterprise, shift, tuyet, cuong, _, me = await _setting(seed, client)
    path = f"/shifts/{shift['id']}/early-leave"
    clock.now = datetime(2027, 2, 7, 6, 0, tzinfo=UTC)  # 13:00
    sent = await client.post(
        path,
        json={"staff_id": tuyet["id"], "reason": "Gia đình có việc gấp", "at": "2027-02-07T14:00+07:00"},
        headers=me,
    )
    assert sent.status_code == 201 and sent.json()["leave_at"] == "2027-02-07T07:00:00Z", sent.text
    handed = await client.post(
        f"/shifts/{shift['id']}/handover",
        json={"assignees": [{"staff_id": cuong["id"]}], "reason": "Tuyết về sớm", "at": "2027-02-07T14:00+07:00"},
        headers={"If-Match": f'"{shift["version"]}"', **me},
    )
    assert handed.status_code == 201, handed.text
    read = (await client.get("/early-leaves", params={"shift_id": shift["id"]}, headers=me)).json()["items"]
    assert [(n["status"], n["handed_over_to"], n["closed_by"]) for n in read] == [
        ("handed_over", handed.json()["rest"]["id"], MANAGER)
    ]
    events = await _outbox(roster_settings, sent.json()["id"])
    assert [e["data"].get("how") for e in events] == [None, "handed_over"]

    # on Cường's shift now: he says he must leave, then the manager puts someone else in his place
    rest = handed.json()["rest"]
    clock.now = datetime(2027, 2, 7, 8, 0, tzinfo=UTC)  # 15:00, his part under way
    his = await client.post(
        f"/shifts/{rest['id']}/early-leave", json={"staff_id": cuong["id"], "reason": "Ốm"}, headers=me
    )
    assert his.status_code == 201, his.text
    other = await seed.staff(enterprise, "Lê Thị Hoa")
    moved = await client.post(
        f"/shifts/{rest['id']}/reassign",
        json={"assignees": [{"staff_id": other["id"]}]},
        headers={"If-Match": f'"{rest["version"]}"', **me},
    )
    assert moved.status_code == 200, moved.text
    assert (await client.get("/early-leaves", params={"shift_id": rest["id"]}, headers=me)).json()["items"][0][
        "status"
    ] == "reassigned"
    # Hoa's, then the shift cancelled
    hers = await client.post(
        f"/shifts/{rest['id']}/early-leave", json={"staff_id": other["id"], "reason": "Ốm"}, headers=me
    )
    assert hers.status_code == 201, hers.text
    cancelled = await client.post(
        f"/shifts/{rest['id']}/cancel",
        json={"reason": "Gộp ca"},
        headers={"If-Match": f'"{moved.json()["version"]}"', **me},
    )
    assert cancelled.status_code == 200, cancelled.text
    statuses = {
        n["staff_name"]: n["status"]
        for n in (await client.get("/early-leaves", params={"shift_id": rest["id"]}, headers=me)).json()["items"]
    }
    assert statuses == {"Phạm Văn Cường": "reassigned", "Lê Thị Hoa": "cancelled"}


async def test_an_open_notice_reads_ended_once_its_shift_has(client, seed, clock) -> None:
    enterprise, shift, tuyet, _, _, me = await _setting(seed, client)
    clock.now = datetime(2027, 2, 7, 10, 0, tzinfo=UTC)  # 17:00
    sent = await client.post(
        f"/shifts/{shift['id']}/early-leave", json={"staff_id": tuyet["id"], "reason": "Ốm"}, headers=me
    )
    assert sent.status_code == 201 and sent.json()["leave_at"] == "2027-02-07T10:00:00Z", sent.text
    clock.now = datetime(2027, 2, 7, 11, 0, tzinfo=UTC)  # 18:00, the end
    read = await client.get("/early-leaves", params={"staff_id": tuyet["id"]}, headers=me)
    assert [n["status"] for n in read.json()["items"]] == ["ended"]
    still = await client.get("/early-leaves", params={"enterprise_id": enterprise["id"], "open": "true"}, headers=me)
    assert still.json()["items"] == []
    over = await client.post(
        f"/shifts/{shift['id']}/early-leave", json={"staff_id": tuyet["id"], "reason": "Ốm"}, headers=me
    )
    assert over.status_code == 409 and over.json()["errors"][0]["rule"] == "early-leave-not-under-way", over.text
