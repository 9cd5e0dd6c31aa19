"""Who else is on duty during one's shifts (`GET /shifts/on-duty-beside?shift_id=…`, QZ13 #8: every card said "Cùng
ca: Chỉ mình bạn" while the duty leader and the patrol were on too): the enterprise's live shifts overlapping each,
any duty type — names, duty types, times and sites, the duty leader's phone number, nothing else; for the people on the
shift and the enterprise's managers; a shift anyone else asks for is left out of the answer, as a missing one is.
Several shifts in one request (a page of cards), each answered from its own window."""

from __future__ import annotations

import uuid

from support import auth, principal

from .seeding import shift_body

OWN = {"starts_at": "2027-02-05T22:00:00+07:00", "ends_at": "2027-02-06T06:00:00+07:00"}


URL = "/shifts/on-duty-beside"


def asking(*shifts: object) -> dict[str, list[str]]:
    return {"shift_id": [str(s) for s in shifts]}


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
    station = await seed.site(enterprise, "Trạm Mỹ Thạnh")
    await planned(
        client,
        campaign,
        enterprise,
        [gac],
        site_id=station["id"],
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

    # her shift the next night, in the same request: its own window (nobody else on then), not the union of both
    later = await planned(
        client,
        campaign,
        enterprise,
        [tuyet],
        duty_type="incident_response",
        starts_at="2027-02-06T22:00:00+07:00",
        ends_at="2027-02-07T06:00:00+07:00",
    )
    missing = uuid.uuid4()
    response = await client.get(
        URL, params=asking(later["id"], own["id"], missing), headers=staff_token(enterprise, tuyet)
    )
    assert response.status_code == 200, response.text
    answered = response.json()["shifts"]
    # in the order asked; an id of no shift left out
    assert [s["shift_id"] for s in answered] == [later["id"], own["id"]]
    assert answered[0]["people"] == []
    body = answered[1]
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
        set(p) == {"staff_id", "full_name", "duty_type", "starts_at", "ends_at", "phone", "site_name"}
        for p in body["people"]
    )
    # the site each shift is at (QZ14 #13: no site was shown), none for a shift of the enterprise as a whole
    assert [p["site_name"] for p in body["people"]] == [None, None, station["name"]]
    # nothing else of theirs: no e-mail, no other phone, no shift id
    for person in (hoa, bao, gac):
        assert person["email"] not in response.text
    assert bao["phone"] not in response.text and gac["phone"] not in response.text

    mine = asking(own["id"])
    # the enterprise's manager reads it too
    manager = auth(principal("manager", enterprises=(enterprise["id"],)))
    assert [s["shift_id"] for s in (await client.get(URL, params=mine, headers=manager)).json()["shifts"]] == [
        own["id"]
    ]
    # a colleague not on the shift, someone of another enterprise, another enterprise's manager: as if it did not exist
    other_manager = auth(principal("manager", enterprises=(other["id"],)))
    for headers in (staff_token(enterprise, hoa), staff_token(other, elsewhere), other_manager):
        refused = await client.get(URL, params=mine, headers=headers)
        assert refused.status_code == 200, refused.text
        assert refused.json() == {"shifts": []}
    # nor may a staff member read it of another shift of their enterprise they are not on: that one is left out,
    # their own still answered
    leader_shift = (await client.get("/shifts", params={"staff_id": hoa["id"]})).json()["items"][0]["id"]
    both = await client.get(URL, params=asking(leader_shift, own["id"]), headers=staff_token(enterprise, tuyet))
    assert [s["shift_id"] for s in both.json()["shifts"]] == [own["id"]]
    assert hoa["email"] not in both.text
    # nor a draft of their own (its people not told yet)
    drafted = await planned(
        client,
        campaign,
        enterprise,
        [tuyet],
        status="draft",
        starts_at="2027-02-08T22:00:00+07:00",
        ends_at="2027-02-09T06:00:00+07:00",
    )
    assert (await client.get(URL, params=asking(drafted["id"]), headers=staff_token(enterprise, tuyet))).json() == {
        "shifts": []
    }


async def test_at_most_a_page_of_shifts_at_once(client) -> None:
    too_many = await client.get(URL, params=asking(*(uuid.uuid4() for _ in range(201))))
    assert too_many.status_code == 422, too_many.text
    assert "shift_id" in too_many.text
    assert (await client.get(URL)).status_code == 422
