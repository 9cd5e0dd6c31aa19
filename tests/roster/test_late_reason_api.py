"""A late check-in says why, over real PostgreSQL (QZ29 #13: Nguyễn Thị Ánh Tuyết came at 07:06 to the 06:00 shift of
mùng 2 — the road flooded — and could not say so; her manager and the inspector each had to phone to ask). The reason
goes with the check-in (POST /shifts/{id}/check-in) or afterwards, once (POST /shifts/{id}/late-reason), is kept on the
shift's record and leaves through the outbox with ShiftCheckedIn / LateArrivalExplained in the same transaction; a
manager recording the arrival of someone who cannot check in gives it with the arrival (PresenceConfirmed)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from support import auth, principal

from .seeding import shift_body
from .test_shift_handover_api import outbox_of

MANAGER = "manager@vnpt-longan.vn"
FLOODED = "Đường Quốc lộ 62 ngập sâu, phải đi vòng qua Thạnh Hóa"


def _staff(enterprise: dict, person: dict) -> dict[str, str]:
    return auth(principal("staff", enterprises=(enterprise["id"],), staff=person["id"], name=f"{person['id']}@x.vn"))


async def test_a_late_check_in_says_why_with_it_or_once_afterwards(client, seed, clock, roster_settings) -> None:
    campaign, enterprise = await seed.campaign(), await seed.enterprise("VNPT Long An")
    tuyet = await seed.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    duc = await seed.staff(enterprise, "Trần Minh Đức")
    hoa = await seed.staff(enterprise, "Lê Thị Hoà")
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign,
        enterprise,
        [tuyet, duc, hoa],
        starts_at="2027-02-07T06:00:00+07:00",
        ends_at="2027-02-07T14:00:00+07:00",
        status="published",
    )
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    check_in, explain = f"/shifts/{shift['id']}/check-in", f"/shifts/{shift['id']}/late-reason"

    # Hoà at 06:10 is on time: a reason is refused, saying until when a check-in is on time
    clock.now = datetime(2027, 2, 6, 23, 10, tzinfo=UTC)  # 06:10
    on_time = await client.post(
        check_in,
        json={"staff_id": hoa["id"], "late_reason": "Kẹt xe"},
        headers={"If-Match": '"2"', **_staff(enterprise, hoa)},
    )
    assert on_time.status_code == 409 and on_time.json()["errors"][0]["rule"] == "not-late", on_time.text
    assert "Lê Thị Hoà điểm danh ca" in on_time.json()["detail_vi"] and "06:15" in on_time.json()["detail_vi"]
    plain = await client.post(
        check_in, json={"staff_id": hoa["id"]}, headers={"If-Match": '"2"', **_staff(enterprise, hoa)}
    )
    assert plain.status_code == 200, plain.text

    # Tuyết at 07:06, typed in decomposed Unicode: kept in NFC, trimmed; too long a reason is refused with her name
    clock.now = datetime(2027, 2, 7, 0, 6, tzinfo=UTC)  # 07:06
    hers = {"If-Match": '"3"', **_staff(enterprise, tuyet)}
    long = await client.post(check_in, json={"staff_id": tuyet["id"], "late_reason": "x" * 501}, headers=hers)
    assert long.status_code == 422 and long.json()["errors"][0]["rule"] == "max-length", long.text
    assert long.json()["detail_vi"].startswith("Lý do đến muộn của Nguyễn Thị Ánh Tuyết tối đa 500 ký tự")
    came = await client.post(
        check_in,
        json={"staff_id": tuyet["id"], "late_reason": "  " + unicodedata.normalize("NFD", FLOODED) + " "},
        headers=hers,
    )
    assert came.status_code == 200, came.text
    assert [a["late_reason"] for a in came.json()["assignees"]] == [FLOODED, None, None]
    again = await client.post(
        explain,
        json={"staff_id": tuyet["id"], "late_reason": "Con ốm"},
        headers={"If-Match": '"4"', **_staff(enterprise, tuyet)},
    )
    assert again.status_code == 409 and again.json()["errors"][0]["rule"] == "already-explained", again.text
    assert FLOODED in again.json()["detail_vi"]  # the reason on record is quoted, never rewritten

    # Đức at 08:30, without a reason, gives it after the shift (once); Hoà, on time, has nothing to explain
    clock.now = datetime(2027, 2, 7, 1, 30, tzinfo=UTC)  # 08:30
    his = _staff(enterprise, duc)
    late = await client.post(check_in, json={"staff_id": duc["id"]}, headers={"If-Match": '"4"', **his})
    assert late.status_code == 200 and late.json()["assignees"][1]["late_reason"] is None, late.text
    clock.now = datetime(2027, 2, 7, 8, tzinfo=UTC)  # 15:00, the shift over
    for_her = await client.post(
        explain, json={"staff_id": tuyet["id"], "late_reason": "Con ốm"}, headers={"If-Match": '"5"', **his}
    )
    assert for_her.status_code == 403, for_her.text  # someone else's check-in
    assert for_her.json()["detail_vi"] == "Cán bộ chỉ được nêu lý do đến muộn của chính mình."
    nothing = await client.post(
        explain, json={"staff_id": hoa["id"], "late_reason": "Kẹt xe"}, headers={"If-Match": '"5"', **me}
    )
    assert nothing.status_code == 409 and nothing.json()["errors"][0]["rule"] == "not-late", nothing.text
    blank = await client.post(
        explain, json={"staff_id": duc["id"], "late_reason": "   "}, headers={"If-Match": '"5"', **his}
    )
    assert blank.status_code == 422 and blank.json()["errors"][0]["rule"] == "reason-required", blank.text
    assert "Trần Minh Đức" in blank.json()["detail_vi"]
    said = await client.post(
        explain,
        json={"staff_id": duc["id"], "late_reason": "Được gọi đi ứng cứu cáp quang ở Bến Lức"},
        headers={"If-Match": '"5"', **his},
    )
    assert said.status_code == 200 and said.headers["etag"] == '"6"', said.text
    kept = (await client.get(f"/shifts/{shift['id']}", headers=me)).json()
    assert [a["late_reason"] for a in kept["assignees"]] == [FLOODED, "Được gọi đi ứng cứu cáp quang ở Bến Lức", None]
    assert kept["status"] == "checked_in"
    twice = await client.post(
        explain, json={"staff_id": duc["id"], "late_reason": "Khác"}, headers={"If-Match": '"6"', **his}
    )
    assert twice.status_code == 409 and twice.json()["errors"][0]["rule"] == "already-explained", twice.text

    events = [
        e for e in await outbox_of(roster_settings, shift["id"]) if "checked_in" in e["type"] or "late" in e["type"]
    ]
    assert [(e["type"].rsplit(".", 2)[-2], e["data"]["staff_id"], e["data"].get("late_reason")) for e in events] == [
        ("checked_in", hoa["id"], None),
        ("checked_in", tuyet["id"], FLOODED),
        ("checked_in", duc["id"], None),
        ("late_explained", duc["id"], "Được gọi đi ứng cứu cáp quang ở Bến Lức"),
    ]
    assert "late_reason" not in events[0]["data"]  # an on-time check-in's bytes are as before the field existed
    assert (events[3]["data"]["checked_in_at"], events[3]["data"]["explained_at"]) == (
        "2027-02-07T01:30:00Z",
        "2027-02-07T08:00:00Z",
    )
    assert events[3]["data"]["shift"]["version"] == 6


async def test_a_manager_recording_an_arrival_gives_its_reason(client, seed, clock, roster_settings) -> None:
    """W2's "record arrival": Lê Hữu Nghĩa has no account; his manager records that he came at 10:40 to the 10:00
    shift, and why, as Nghĩa told him on the phone."""
    campaign, enterprise = await seed.campaign(), await seed.enterprise("Bưu điện tỉnh Long An", "postal")
    nghia = await seed.staff(enterprise, "Lê Hữu Nghĩa")
    me = auth(principal("manager", enterprises=(enterprise["id"],), name=MANAGER))
    body = shift_body(
        campaign, enterprise, [nghia], starts_at="2027-02-07T10:00:00+07:00", ends_at="2027-02-07T18:00:00+07:00",
        status="published",
    )  # fmt: skip
    shift = (await client.post("/shifts", json=body, headers=me)).json()
    path = f"/shifts/{shift['id']}/presence"
    said = {"staff_id": nghia["id"], "evidence": "shift_leader", "evidence_note": "Trưởng ca gọi điện xác nhận"}
    clock.now = datetime(2027, 2, 7, 3, 45, tzinfo=UTC)  # 10:45
    early = await client.post(
        path,
        json={**said, "present_from": "2027-02-07T10:10:00+07:00", "late_reason": "Xe hỏng"},
        headers={"If-Match": '"2"', **me},
    )
    assert early.status_code == 409 and early.json()["errors"][0]["rule"] == "not-late", early.text
    came = await client.post(
        path,
        json={**said, "present_from": "2027-02-07T10:40:00+07:00", "late_reason": "Xe hỏng giữa đường"},
        headers={"If-Match": '"2"', **me},
    )
    assert came.status_code == 200 and came.json()["assignees"][0]["late_reason"] == "Xe hỏng giữa đường", came.text
    (event,) = [e for e in await outbox_of(roster_settings, shift["id"]) if "presence" in e["type"]]
    assert event["data"]["late_reason"] == "Xe hỏng giữa đường"
