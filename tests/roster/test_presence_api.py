"""POST /shifts/{id}/presence over real PostgreSQL (QZ27 #3: Lò Văn Tâm was at the relay station, his phone flat, and
signed the paper handover book; audit counted him "vắng" for good): once the shift has ended a manager confirms he was
on post from when he came, with evidence, or records that someone who checked in was not there; the shift's record
says so, and the outbox holds PresenceConfirmed / PresenceCorrected in the same transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from support import auth, principal

from .seeding import shift_body
from .test_shift_handover_api import outbox_of

MANAGER = "manager@viettel-longan.vn"


async def test_a_manager_confirms_presence_afterwards_with_evidence(client, seed, clock, roster_settings) -> None:
    campaign, enterprise = await seed.campaign(), await seed.enterprise("Viettel Long An")
    other = await seed.enterprise("MobiFone Long An")
    tam = await seed.staff(enterprise, "Lò Văn Tâm")
    hoa = await seed.staff(enterprise, "Nguyễn Thị Hoà")
    stranger = await seed.staff(enterprise, "Đinh Văn Khách")
    await seed.account(tam)  # he can check in himself: nobody confirms him while the shift is under way
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    them = auth(principal("manager", enterprises=(other["id"],), name="manager@mobifone-longan.vn"))
    body = shift_body(
        campaign,
        enterprise,
        [tam, hoa],
        starts_at="2027-02-05T08:00:00+07:00",
        ends_at="2027-02-05T16:00:00+07:00",
        status="published",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    clock.now = datetime(2027, 2, 5, 1, 5, tzinfo=UTC)  # 08:05
    checked = await client.post(
        f"/shifts/{shift['id']}/check-in", json={"staff_id": hoa["id"]}, headers={"If-Match": '"2"', **me}
    )
    assert checked.status_code == 200, checked.text
    path = f"/shifts/{shift['id']}/presence"
    v3 = {"If-Match": '"3"', **me}
    said = {
        "staff_id": tam["id"],
        "present_from": "2027-02-05T08:40:00+07:00",
        "evidence": "handover_book",
        "evidence_note": "Sổ giao ca trạm Bà Đen, trang 14",
    }

    clock.now = datetime(2027, 2, 5, 5, tzinfo=UTC)  # 12:00, under way
    early = await client.post(path, json=said, headers=v3)
    assert early.status_code == 409 and early.json()["errors"][0]["rule"] == "shift-not-over", early.text
    assert "Lò Văn Tâm" in early.json()["detail_vi"] and "16:00 05/02/2027" in early.json()["detail_vi"]

    clock.now = datetime(2027, 2, 5, 11, tzinfo=UTC)  # 18:00, over
    elsewhere = await client.post(path, json=said, headers={"If-Match": '"3"', **them})
    assert elsewhere.status_code == 404, elsewhere.text  # another enterprise's shift reads as a missing one
    nobody = await client.post(path, json={**said, "staff_id": stranger["id"]}, headers=v3)
    assert nobody.status_code == 422 and nobody.json()["errors"][0]["rule"] == "on-shift", nobody.text
    assert nobody.json()["detail_vi"].startswith("Đinh Văn Khách không có tên trong ca trực điều hành")
    bare = await client.post(path, json={**said, "evidence_note": "  "}, headers=v3)
    assert [(e["field"], e["rule"]) for e in bare.json()["errors"]] == [("evidence_note", "evidence-required")]
    unknown = await client.post(path, json={**said, "evidence": "rumour"}, headers=v3)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "body.evidence", unknown.text
    assert "sổ giao ca, camera, xác nhận của trưởng ca, khác" in unknown.json()["detail_vi"]
    never = await client.post(path, json={**said, "staff_id": tam["id"], "present": False}, headers=v3)
    assert never.status_code == 409 and never.json()["errors"][0]["rule"] == "presence-not-recorded", never.text

    done = await client.post(path, json=said, headers=v3)
    assert done.status_code == 200, done.text
    assert done.headers["etag"] == '"4"' and done.json()["status"] == "checked_in"
    confirmed = done.json()["assignees"][0]["presence"]
    assert confirmed == {
        "present": True,
        "present_from": "2027-02-05T01:40:00Z",
        "present_until": "2027-02-05T09:00:00Z",
        "absent_from": None,
        "absent_until": None,
        "evidence": "handover_book",
        "evidence_note": "Sổ giao ca trạm Bà Đen, trang 14",
        "confirmed_by": MANAGER,
        "confirmed_by_name": None,
        "confirmed_at": "2027-02-05T11:00:00Z",
    }
    away = {"staff_id": hoa["id"], "present": False, "evidence": "camera", "evidence_note": "Camera cổng trạm"}
    backwards = await client.post(
        path,
        json={**away, "absent_from": "2027-02-05T12:00:00+07:00", "absent_until": "2027-02-05T11:00:00+07:00"},
        headers={"If-Match": '"4"', **me},
    )
    assert backwards.status_code == 422, backwards.text
    assert [(e["field"], e["rule"]) for e in backwards.json()["errors"]] == [("absent_until", "end-after-start")]
    # QZ28 #4: Hoà checked in at 08:05 and left at 12:00 — away 12:00–16:00
    corrected = await client.post(
        path, json={**away, "absent_from": "2027-02-05T12:00:00+07:00"}, headers={"If-Match": '"4"', **me}
    )
    assert corrected.status_code == 200, corrected.text
    kept = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()
    assert [(a["full_name"], (a["presence"] or {}).get("present")) for a in kept["assignees"]] == [
        ("Lò Văn Tâm", True),
        ("Nguyễn Thị Hoà", False),
    ]
    assert kept["assignees"][1]["checked_in_at"] == "2027-02-05T01:05:00Z"  # the check-in itself stays on record

    events = [e for e in await outbox_of(roster_settings, shift["id"]) if "presence" in e["type"]]
    assert [e["type"] for e in events] == [
        "lichtruc.roster.shift.presence_confirmed.v1",
        "lichtruc.roster.shift.presence_corrected.v1",
    ]
    first, second = (e["data"] for e in events)
    assert (first["staff_id"], first["present_from"], first["present_until"], first["actor"]) == (
        tam["id"],
        "2027-02-05T01:40:00Z",
        "2027-02-05T09:00:00Z",
        MANAGER,
    )
    assert (first["shift"]["version"], second["shift"]["version"]) == (4, 5)
    assert (second["staff_id"], second["evidence"], second["evidence_note"]) == (
        hoa["id"],
        "camera",
        "Camera cổng trạm",
    )
    assert (second["absent_from"], second["absent_until"]) == ("2027-02-05T05:00:00Z", "2027-02-05T09:00:00Z")
    assert kept["assignees"][1]["presence"]["absent_from"] == "2027-02-05T05:00:00Z"


async def test_under_way_a_manager_records_the_arrival_of_someone_who_cannot_check_in(
    client, seed, clock, roster_settings
) -> None:
    """QZ29 #1: Hồ Thị Mai Phương's shift handed to Lê Hữu Nghĩa, who has no account — he could not check in, the board
    said him absent and the presence page refused until the end. His arrival is now recorded while the shift runs, as
    a confirmation (PresenceConfirmed); someone with an account is still refused, told they can check in; so is one
    whose account was deactivated no longer."""
    campaign, enterprise = await seed.campaign(), await seed.enterprise("Bưu điện tỉnh Long An", "postal")
    nghia = await seed.staff(enterprise, "Lê Hữu Nghĩa")
    phuong = await seed.staff(enterprise, "Hồ Thị Mai Phương")
    gam = await seed.staff(enterprise, "Đặng Thị Hồng Gấm")
    await seed.account(phuong)
    await seed.account(gam, active=False)  # deactivated: she cannot sign in either
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign,
        enterprise,
        [nghia, phuong, gam],
        starts_at="2027-02-07T10:05:00+07:00",
        ends_at="2027-02-07T18:00:00+07:00",
        status="published",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    path = f"/shifts/{shift['id']}/presence"
    read = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()
    assert [a["can_check_in"] for a in read["assignees"]] == [False, True, False]  # the portal offers the form by it
    said = {"staff_id": nghia["id"], "evidence": "shift_leader", "evidence_note": "Trưởng ca gọi điện xác nhận 10:06"}

    clock.now = datetime(2027, 2, 7, 3, 21, tzinfo=UTC)  # 10:21, under way
    ahead = await client.post(
        path, json={**said, "present_from": "2027-02-07T10:40:00+07:00"}, headers={"If-Match": '"2"', **me}
    )
    assert ahead.status_code == 422, ahead.text
    assert [(e["field"], e["rule"]) for e in ahead.json()["errors"]] == [("present_from", "present-not-yet")]
    can = await client.post(path, json={**said, "staff_id": phuong["id"]}, headers={"If-Match": '"2"', **me})
    assert can.status_code == 409 and can.json()["errors"][0]["rule"] == "shift-not-over", can.text
    assert "Hồ Thị Mai Phương có tài khoản và vẫn tự điểm danh được" in can.json()["detail_vi"]

    came = await client.post(
        path, json={**said, "present_from": "2027-02-07T10:06:00+07:00"}, headers={"If-Match": '"2"', **me}
    )
    assert came.status_code == 200, came.text
    word = came.json()["assignees"][0]["presence"]
    assert (word["present"], word["present_from"], word["present_until"]) == (
        True,
        "2027-02-07T03:06:00Z",
        "2027-02-07T11:00:00Z",  # to the shift's end
    )
    assert came.json()["status"] == "published" and came.json()["assignees"][0]["checked_in_at"] is None
    off = await client.post(path, json={**said, "staff_id": gam["id"]}, headers={"If-Match": '"3"', **me})
    assert off.status_code == 200, off.text

    events = [e for e in await outbox_of(roster_settings, shift["id"]) if "presence" in e["type"]]
    assert [(e["type"], e["data"]["staff_id"]) for e in events] == [
        ("lichtruc.roster.shift.presence_confirmed.v1", nghia["id"]),
        ("lichtruc.roster.shift.presence_confirmed.v1", gam["id"]),
    ]
    assert events[0]["data"]["present_from"] == "2027-02-07T03:06:00Z"


async def test_under_way_a_manager_records_the_arrival_of_someone_waiting_for_a_new_password(
    client, seed, clock, roster_settings
) -> None:
    """QZ29 #15: someone who forgot their password asks the administrators for a new one, and is told that meanwhile
    their manager records their arrival. Until a password is set they cannot sign in, so they count as unable to
    check in (`can_check_in` false) and the manager's word is taken while the shift runs; with a new password set,
    they check in themselves again and the manager is refused, told so."""
    campaign, enterprise = await seed.campaign(), await seed.enterprise("MobiFone Long An", "telecom")
    tram = await seed.staff(enterprise, "Võ Thị Bích Trâm")
    account = await seed.account(tram)
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign,
        enterprise,
        [tram],
        starts_at="2027-02-08T06:00:00+07:00",
        ends_at="2027-02-08T18:00:00+07:00",
        status="published",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    path = f"/shifts/{shift['id']}/presence"
    said = {"staff_id": tram["id"], "evidence": "shift_leader", "evidence_note": "Trưởng ca xác nhận qua điện thoại"}
    clock.now = datetime(2027, 2, 7, 23, 30, tzinfo=UTC)  # 06:30 on 08/02, under way

    asked = await client.post("/auth/password-reset", json={"login": account["login"]})
    assert asked.status_code == 202, asked.text
    read = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()
    assert [a["can_check_in"] for a in read["assignees"]] == [False]
    came = await client.post(
        path, json={**said, "present_from": "2027-02-08T06:10:00+07:00"}, headers={"If-Match": '"2"', **me}
    )
    assert came.status_code == 200, came.text
    assert came.json()["assignees"][0]["presence"]["present_from"] == "2027-02-07T23:10:00Z"

    admin = auth(principal("admin"))
    current = (await client.get(f"/accounts/{account['id']}", headers=admin)).json()
    set_one = await client.patch(
        f"/accounts/{account['id']}",
        json={"password": "hoa mai nở sớm 2027"},
        headers={"If-Match": f'"{current["version"]}"', **admin},
    )
    assert set_one.status_code == 200, set_one.text
    read = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()
    assert [a["can_check_in"] for a in read["assignees"]] == [True]
    refused = await client.post(path, json=said, headers={"If-Match": f'"{read["version"]}"', **me})
    assert refused.status_code == 409 and "Võ Thị Bích Trâm có tài khoản" in refused.json()["detail_vi"], refused.text
