"""Free text a manager or a staff member types — a shift's notes, a cancellation's reason, a swap's reason and the
manager's note on it — is kept as written between its ends: trimmed, blank kept as no text (null), and a control
character (NUL, escape, the C1 controls) refused with a 422 naming the field in both languages, nothing stored.
QA found them stored as typed and left out only by the exports."""

from __future__ import annotations

import pytest

from support import auth, principal

from .seeding import shift_body


def staff_token(enterprise: dict, person: dict) -> dict[str, str]:
    return auth(principal("staff", enterprises=(enterprise["id"],), staff=person["id"], name=f"{person['id']}@x.vn"))


def refused(response, field: str, words_vi: str) -> None:
    assert response.status_code == 422, response.text
    problem = response.json()
    assert [e["field"] for e in problem["errors"]] == [field], problem
    assert words_vi in problem["detail_vi"], problem["detail_vi"]
    assert "control character" in problem["errors"][0]["message"], problem


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\x9b"])
async def test_a_control_character_in_a_shifts_notes_is_refused_and_nothing_is_planned(
    client, seed, control: str
) -> None:
    campaign, enterprise, person = await seed.world()
    body = shift_body(campaign, enterprise, [person], notes=f"Mang áo mưa{control} và đèn pin")
    refused(await client.post("/shifts", json=body), "body.notes", "ký tự điều khiển")
    listed = await client.get("/shifts", params={"enterprise_id": enterprise["id"]})
    assert listed.json()["items"] == []


async def test_notes_and_reasons_are_trimmed_and_blank_ones_are_no_text(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    hoa = await seed.staff(enterprise, "Phạm Thị Hoa")
    planned = await client.post(
        "/shifts",
        json=shift_body(campaign, enterprise, [tuyet], status="published", notes="  Mang áo mưa.\n\tVà đèn pin.  "),
    )
    assert planned.status_code == 201, planned.text
    shift = planned.json()
    assert shift["notes"] == "Mang áo mưa.\n\tVà đèn pin."  # tabs and line breaks inside are the writer's

    later = {"starts_at": "2027-02-07T06:00:00+07:00", "ends_at": "2027-02-07T14:00:00+07:00"}
    blank = await client.post("/shifts", json=shift_body(campaign, enterprise, [hoa], notes=" \u200b ", **later))
    assert blank.status_code == 201 and blank.json()["notes"] is None

    changed = await client.patch(
        f"/shifts/{shift['id']}", json={"notes": "Ghi\u001bchú"}, headers={"If-Match": f'"{shift["version"]}"'}
    )
    refused(changed, "body.notes", "ký tự điều khiển")
    cleared = await client.patch(
        f"/shifts/{shift['id']}", json={"notes": "   "}, headers={"If-Match": f'"{shift["version"]}"'}
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["notes"] == ""  # "" clears them: nothing of the spaces is kept

    token = staff_token(enterprise, tuyet)
    swaps = f"/shifts/{shift['id']}/swaps"
    ask = {"from_staff_id": tuyet["id"], "to_staff_id": hoa["id"]}
    refused(await client.post(swaps, json={**ask, "reason": "Con ốm\x00"}, headers=token), "body.reason", "Lý do")
    assert (await client.get("/swaps", headers=token)).json()["items"] == []
    swap = await client.post(swaps, json={**ask, "reason": "  \n "}, headers=token)
    assert swap.status_code == 201, swap.text
    assert swap.json()["reason"] is None
    approve = f"/swaps/{swap.json()['id']}/approve"
    refused(await client.post(approve, json={"note": "Đồng ý\x9b"}, headers={"If-Match": '"1"'}), "body.note", "")
    approved = await client.post(
        approve,
        json={"note": " Đồng ý, đã báo trưởng trạm. ", "agreement": "Đồng ý qua điện thoại"},
        headers={"If-Match": '"1"'},
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["decision_note"] == "Đồng ý, đã báo trưởng trạm."

    current = (await client.get(f"/shifts/{shift['id']}")).json()
    cancel = f"/shifts/{shift['id']}/cancel"
    version = {"If-Match": f'"{current["version"]}"'}
    refused(await client.post(cancel, json={"reason": "Bão\x1b"}, headers=version), "body.reason", "Lý do")
    cancelled = await client.post(cancel, json={"reason": "  Bão số 3 \n"}, headers=version)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["cancel_reason"] == "Bão số 3"
