"""Who else is on duty during one's shift (`GET /shifts/{id}/on-duty-beside`, QZ13 #8: every card said "Cùng ca:
Chỉ mình bạn" while the duty leader and the patrol were on too): the enterprise's live shifts overlapping it, any
duty type — names, duty types and times, the duty leader's phone number, nothing else; for the people on the shift
and the enterprise's managers; anyone else gets the 404 a missing shift gets."""

from __future__ import annotations

import uuid

from support import auth, principal

from .seeding import shift_body

OWN = {"starts_at": "2027-02-05T22:00:00+07:00", "ends_at": "2027-02-06T06:00:00+07:00"}


def staff_token(enterprise: dict, person: dict) -> dict[str, str]:
    return auth(principal("staff", enterprises=(enterprise["id"],), staff=person["id"], name=f"{person['id']}@x.vn"))


async def planned(client, campaign: dict, enterprise: dict, people: list[dict], **times: str) -> dict:
    body = shift_body(campaign, enterprise, people, status=times.pop("status", "published"), **times)
    response = await client.post("/shifts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_person_on_the_shift_reads_who_else_is_on_duty_and_nothing_more(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    other = await seed.enterprise("Viettel Tây Ninh")
    phone = f"09{uuid.uuid4().int % 10**8:08d}"
    hoa = await seed.staff(enterprise, "Trần Thị Hoa", phone=phone)
    bao = await seed.staff(enterprise, "Đặng Quốc Bảo", phone=f"08{uuid.uuid4().int % 10**8:08d}")
    gac = await seed.staff(enterprise, "Phan Văn Gác", phone=f"07{uuid.uuid4().int % 10**8:08d}")
    dong = await seed.staff(enterprise, "Đoàn Văn Đức")
    early = await seed.staff(enterprise, "Lê Văn Sớm")
    draft = await seed.staff(enterprise, "Võ Thị Nháp")
    elsewhere = await seed.staff(other, "Hồ Văn Khác")
    own = await planned(client, campaign, enterprise, [tuyet, dong], duty_type="incident_response", **OWN)
    await planned(
        client,
        campaign,
        enterprise,
        [gac],
        duty_type="patrol",
        starts_at="2027-02-06T02:00:00+07:00",
        ends_at="2027-02-06T10:00:00+07:00",
    )
    await planned(
        client,
        campaign,
        enterprise,
        [hoa],
        duty_type="leadership",
        starts_at="2027-02-05T18:00:00+07:00",
        ends_at="2027-02-06T08:00:00+07:00",
    )
    await planned(
        client,
        campaign,
        enterprise,
        [bao],
        starts_at="2027-02-05T18:00:00+07:00",
        ends_at="2027-02-06T02:00:00+07:00",
    )
    # ends as ours begins; a draft (its people not told yet); another enterprise's: none of them on duty beside us
    await planned(
        client,
        campaign,
        enterprise,
        [early],
        starts_at="2027-02-05T14:00:00+07:00",
        ends_at="2027-02-05T22:00:00+07:00",
    )
    await planned(client, campaign, enterprise, [draft], status="draft", **OWN)
    await planned(client, campaign, other, [elsewhere], **OWN)

    url = f"/shifts/{own['id']}/on-duty-beside"
    response = await client.get(url, headers=staff_token(enterprise, tuyet))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["shift_id"] == own["id"]
    # the leader first, with her phone; then by duty type (operations before patrol); the shift's own Đức not here
    assert [(p["full_name"], p["duty_type"], p["phone"]) for p in body["people"]] == [
        ("Trần Thị Hoa", "leadership", phone),
        ("Đặng Quốc Bảo", "operations", None),
        ("Phan Văn Gác", "patrol", None),
    ]
    assert [(p["starts_at"], p["ends_at"]) for p in body["people"]][2] == (
        "2027-02-05T19:00:00Z",
        "2027-02-06T03:00:00Z",
    )
    assert all(
        set(p) == {"staff_id", "full_name", "duty_type", "starts_at", "ends_at", "phone"} for p in body["people"]
    )
    # nothing else of theirs: no e-mail, no other phone, no shift id or site
    for person in (hoa, bao, gac):
        assert person["email"] not in response.text
    assert bao["phone"] not in response.text and gac["phone"] not in response.text

    # the enterprise's manager reads it too
    manager = auth(principal("manager", enterprises=(enterprise["id"],)))
    assert (await client.get(url, headers=manager)).status_code == 200
    # a colleague not on the shift, someone of another enterprise: the 404 of a missing shift
    for who, of in ((hoa, enterprise), (elsewhere, other)):
        refused = await client.get(url, headers=staff_token(of, who))
        assert refused.status_code == 404, refused.text
        assert "Trần Thị Hoa" not in refused.text
    other_manager = auth(principal("manager", enterprises=(other["id"],)))
    assert (await client.get(url, headers=other_manager)).status_code == 404
    # nor may a staff member read it of another shift of theirs enterprise they are not on
    leader_shift = f"/shifts/{(await client.get('/shifts', params={'staff_id': hoa['id']})).json()['items'][0]['id']}"
    assert (
        await client.get(f"{leader_shift}/on-duty-beside", headers=staff_token(enterprise, tuyet))
    ).status_code == 404
