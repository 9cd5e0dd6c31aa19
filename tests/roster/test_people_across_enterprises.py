"""One person at several enterprises: a record that very likely names someone already
registered (same national ID number, same e-mail, or same name and phone) is linked to them with
a warning, and double booking is refused across all records of the person — by the handler's
check and, for requests at the same instant, by the database's exclusion constraint."""

from __future__ import annotations

import asyncio
import random
import re

from support import auth, principal

from .seeding import shift_body

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-", re.IGNORECASE)


def a_phone() -> str:
    return "09" + "".join(random.choices("0123456789", k=8))


async def test_the_same_person_at_two_enterprises_is_linked_and_cannot_be_double_booked(client, seed) -> None:
    campaign = await seed.campaign()
    vnpt, viettel = await seed.enterprise("VNPT Lạng Sơn"), await seed.enterprise("Viettel Lạng Sơn")
    phone = a_phone()
    at_vnpt = await seed.staff(vnpt, "Hoàng Văn Bình", email=None, phone=phone)
    assert at_vnpt["warnings"] == [] and at_vnpt["person_id"] == at_vnpt["id"]

    # Same name (typed another way) and the same number written with +84: the same person.
    at_viettel = await seed.staff(viettel, "HOÀNG VĂN BÌNH", email=None, phone="+84" + phone[1:])
    assert at_viettel["person_id"] == at_vnpt["person_id"] != at_viettel["id"]
    assert at_viettel["phone"] == phone  # kept in its national form (lichtruc.text.phone_number)
    # the name typed in capitals is stored as names are written (QZ10 #13), and said first
    capitalised, warning = at_viettel["warnings"]
    assert (capitalised["rule"], at_viettel["full_name"]) == ("name-capitalised", "Hoàng Văn Bình")
    assert warning["rule"] == "likely-duplicate" and warning["matched_by"] == "phone"
    assert warning["linked_staff_id"] == at_vnpt["id"]
    assert vnpt["name"] in warning["message_vi"] and "Hoàng Văn Bình" in warning["message_vi"]
    assert not UUID.search(warning["message_vi"])

    night = await client.post("/shifts", json=shift_body(campaign, vnpt, [at_vnpt]))
    assert night.status_code == 201, night.text
    clash = await client.post(
        "/shifts",
        json=shift_body(
            campaign,
            viettel,
            [at_viettel],
            duty_type="patrol",
            starts_at="2027-02-06T04:00:00+07:00",
            ends_at="2027-02-06T12:00:00+07:00",
        ),
    )
    assert clash.status_code == 409, clash.text
    problem = clash.json()
    assert problem["conflicting_shift_id"] == night.json()["id"]
    assert problem["conflicting_enterprise_name"] == vnpt["name"]
    assert problem["detail_vi"] == (
        f"Hoàng Văn Bình đã có ca trực điều hành 22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 "
        f"(Mùng 1 Tết) — {vnpt['name']} trùng thời gian với ca này."
    )
    assert vnpt["name"] in problem["detail"]

    # Rest between the two enterprises' shifts counts too: a warning naming the other shift.
    after = await client.post(
        "/shifts",
        json=shift_body(
            campaign,
            viettel,
            [at_viettel],
            duty_type="patrol",
            starts_at="2027-02-06T08:00:00+07:00",
            ends_at="2027-02-06T12:00:00+07:00",
        ),
    )
    assert after.status_code == 201, after.text
    [rest] = after.json()["warnings"]
    assert rest["rule"] == "min-rest" and rest["shift_id"] == night.json()["id"]
    assert (
        f"trực điều hành 22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết) — {vnpt['name']}"
        in rest["message_vi"]
    )


async def test_a_national_id_links_records_even_with_another_spelling_of_the_name(client, seed) -> None:
    vnpt, mobifone = await seed.enterprise("VNPT Cao Bằng"), await seed.enterprise("MobiFone Cao Bằng")
    national_id = "".join(random.choices("0123456789", k=12))
    first = await seed.staff(vnpt, "Nông Thị Mai", national_id=national_id)
    second = await seed.staff(mobifone, "Nông Thị Mai Anh", national_id=f"{national_id[:4]} {national_id[4:]}")
    assert second["national_id"] == national_id
    assert second["person_id"] == first["person_id"]
    assert second["warnings"][0]["matched_by"] == "national_id"


async def test_a_shared_phone_with_another_name_or_other_national_ids_is_not_a_match(client, seed) -> None:
    vnpt, viettel = await seed.enterprise("VNPT Hà Giang"), await seed.enterprise("Viettel Hà Giang")
    phone = a_phone()
    father = await seed.staff(vnpt, "Lò Văn Páo", email=None, phone=phone)
    son = await seed.staff(viettel, "Lò Văn Sình", email=None, phone=phone)
    assert son["person_id"] != father["person_id"] and son["warnings"] == []
    one = await seed.staff(vnpt, "Giàng A Lử", email=None, phone=(p := a_phone()), national_id="0" * 11 + "1")
    other = await seed.staff(viettel, "Giàng A Lử", email=None, phone=p, national_id="0" * 11 + "2")
    assert other["person_id"] != one["person_id"] and other["warnings"] == []


async def test_two_enterprises_booking_the_same_person_at_once_one_wins(client, seed) -> None:
    campaign = await seed.campaign()
    vnpt, viettel = await seed.enterprise("VNPT Điện Biên"), await seed.enterprise("Viettel Điện Biên")
    phone = a_phone()
    here = await seed.staff(vnpt, "Quàng Văn Hặc", email=None, phone=phone)
    there = await seed.staff(viettel, "Quàng Văn Hặc", email=None, phone=phone)
    assert here["person_id"] == there["person_id"]
    times = {"starts_at": "2027-02-07T22:00:00+07:00", "ends_at": "2027-02-08T06:00:00+07:00"}
    results = []
    for _ in range(3):  # the handler's check usually wins; at the same instant the constraint does
        answers = await asyncio.gather(
            client.post("/shifts", json=shift_body(campaign, vnpt, [here], **times)),
            client.post("/shifts", json=shift_body(campaign, viettel, [there], **times)),
        )
        results.append(sorted(a.status_code for a in answers))
        for a in answers:
            if a.status_code == 201:
                assert (
                    await client.post(
                        f"/shifts/{a.json()['id']}/cancel", json={}, headers={"If-Match": a.headers["ETag"]}
                    )
                ).status_code == 200
            else:
                assert a.json()["type"].endswith("/no-double-booking") and not UUID.search(a.json()["detail_vi"])
    assert results == [[201, 409]] * 3


async def test_an_email_links_the_same_person_and_stays_one_persons(client, seed) -> None:
    vnpt, viettel = await seed.enterprise("VNPT Sơn La"), await seed.enterprise("Viettel Sơn La")
    mobifone = await seed.enterprise("MobiFone Sơn La")
    email = f"lo.van.pha.{a_phone()}@gmail.com"
    first = await seed.staff(vnpt, "Lò Văn Pha", email=email)
    # The same person (the name typed in capitals) with the same e-mail at Viettel: linked, not refused.
    second = await seed.staff(viettel, "LÒ VĂN PHA", email=email.upper())
    assert second["email"] == email and second["person_id"] == first["person_id"] != second["id"]
    capitalised, warning = second["warnings"]  # "LÒ VĂN PHA" stored "Lò Văn Pha", said first (QZ10 #13)
    assert (capitalised["rule"], second["full_name"]) == ("name-capitalised", "Lò Văn Pha")
    assert (warning["rule"], warning["matched_by"], warning["linked_staff_id"]) == (
        "likely-duplicate",
        "email",
        first["id"],
    )
    assert vnpt["name"] in warning["message_vi"] and vnpt["name"] in warning["message"]

    # Someone else under that e-mail, or the same name twice in one enterprise, is refused: 409 naming the holder.
    body = {"qualifications": ["operator"], "email": email}
    other = await client.post("/staff", json={**body, "enterprise_id": mobifone["id"], "full_name": "Cầm Thị Xuân"})
    assert other.status_code == 409, other.text
    assert other.json()["errors"][0]["rule"] == "unique-email"
    assert "Lò Văn Pha" in other.json()["detail_vi"] and not UUID.search(other.json()["detail_vi"])
    again = await client.post("/staff", json={**body, "enterprise_id": vnpt["id"], "full_name": "Lò Văn Pha"})
    assert again.status_code == 409, again.text

    # Editing: a record of another person may not take the e-mail; the person's own record may.
    xuan = await seed.staff(mobifone, "Cầm Thị Xuân")
    taken = await client.patch(f"/staff/{xuan['id']}", json={"email": email}, headers={"If-Match": '"1"'})
    assert taken.status_code == 409, taken.text
    assert "Lò Văn Pha" in taken.json()["detail_vi"]
    own = await client.patch(
        f"/staff/{second['id']}", json={"email": f"other.{email}"}, headers={"If-Match": f'"{second["version"]}"'}
    )
    assert own.status_code == 200, own.text
    back = await client.patch(
        f"/staff/{second['id']}", json={"email": email}, headers={"If-Match": f'"{own.json()["version"]}"'}
    )
    assert back.status_code == 200, back.text
    assert back.json()["email"] == email


async def test_an_edit_links_and_managers_link_admins_unlink_never_into_a_double_booking(client, seed) -> None:
    campaign = await seed.campaign()
    vnpt, viettel = await seed.enterprise("VNPT Yên Bái"), await seed.enterprise("Viettel Yên Bái")
    phone = a_phone()
    here = await seed.staff(vnpt, "Hà Văn Thắng", email=None, phone=phone)
    there = await seed.staff(viettel, "Hà Văn Thắng", email=None)
    assert there["person_id"] != here["person_id"]

    # The record gains the same phone: linked on the edit, with the warning naming VNPT.
    edited = await client.patch(f"/staff/{there['id']}", json={"phone": phone}, headers={"If-Match": '"1"'})
    assert edited.status_code == 200, edited.text
    assert edited.json()["person_id"] == here["person_id"]
    [warning] = [w for w in edited.json()["warnings"] if w["rule"] == "likely-duplicate"]
    assert warning["linked_staff_id"] == here["id"] and vnpt["name"] in warning["message_vi"]

    # Unlinking is the administrators' (a manager is refused); then booked apart at the same time...
    manager = auth(principal("manager", enterprises=(viettel["id"],), name="ql@viettel-yb.vn"))
    assert (await client.post(f"/staff/{there['id']}/unlink", headers=manager)).status_code == 403
    apart = await client.post(f"/staff/{there['id']}/unlink")
    assert apart.status_code == 200, apart.text
    assert apart.json()["person_id"] != here["person_id"]
    assert (await client.get(f"/staff/{here['id']}")).json()["person_id"] == here["person_id"]
    times = {"starts_at": "2027-02-09T22:00:00+07:00", "ends_at": "2027-02-10T06:00:00+07:00"}
    a = await client.post("/shifts", json=shift_body(campaign, vnpt, [here], **times))
    b = await client.post("/shifts", json=shift_body(campaign, viettel, [there], duty_type="patrol", **times))
    assert a.status_code == b.status_code == 201, (a.text, b.text)

    # ...so linking them again would double-book: refused by name, nothing changed.
    refused = await client.post(f"/staff/{there['id']}/link", json={"staff_id": here["id"]}, headers=manager)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["errors"][0]["rule"] == "link-double-booked"
    assert "Hà Văn Thắng" in problem["detail_vi"] and "Mùng" in problem["detail_vi"]
    assert not UUID.search(problem["detail_vi"])
    assert set(problem["shift_ids"]) == {a.json()["id"], b.json()["id"]}
    assert (await client.get(f"/staff/{there['id']}")).json()["person_id"] == apart.json()["person_id"]

    # Once one shift is cancelled, the manager links them; the person can no longer be double-booked.
    cancel = await client.post(f"/shifts/{b.json()['id']}/cancel", json={}, headers={"If-Match": b.headers["ETag"]})
    assert cancel.status_code == 200, cancel.text
    linked = await client.post(f"/staff/{there['id']}/link", json={"staff_id": here["id"]}, headers=manager)
    assert linked.status_code == 200, linked.text
    assert linked.json()["person_id"] == here["person_id"]
    again = await client.post("/shifts", json=shift_body(campaign, viettel, [there], duty_type="patrol", **times))
    assert again.status_code == 409, again.text
    # A manager cannot link a record of an enterprise they do not manage.
    outside = await client.post(f"/staff/{here['id']}/link", json={"staff_id": there["id"]}, headers=manager)
    assert outside.status_code == 404


async def test_a_transaction_that_lost_to_a_concurrent_one_is_run_again(client, seed, monkeypatch) -> None:
    """A deadlock or serialization failure is transient: the command runs again from its reads,
    so the client gets the real answer (here 201, one shift, one event) rather than a 409."""
    from roster.domain.errors import ConcurrentChange
    from roster.handlers import shifts as handlers

    campaign = await seed.campaign()
    vnpt = await seed.enterprise("VNPT Lai Châu")
    here = await seed.staff(vnpt, "Lò Thị Mai", email=None, phone=a_phone())
    real, runs = handlers.plan_shift, []

    async def loses_once(uow, cmd):
        runs.append(cmd)
        shift = await real(uow, cmd)  # written, then rolled back with the lost transaction
        if len(runs) == 1:
            raise ConcurrentChange("deadlock")
        return shift

    monkeypatch.setattr(handlers, "plan_shift", loses_once)
    planned = await client.post("/shifts", json=shift_body(campaign, vnpt, [here]))
    assert planned.status_code == 201, planned.text
    assert len(runs) == 2
    listed = await client.get("/shifts", params={"campaign_id": campaign["id"], "enterprise_id": vnpt["id"]})
    assert [s["id"] for s in listed.json()["items"]] == [planned.json()["id"]]


async def test_a_command_that_keeps_losing_ends_with_a_409_that_says_to_retry(client, seed, monkeypatch) -> None:
    from roster.api.commands import CONCURRENT_ATTEMPTS
    from roster.domain.errors import ConcurrentChange
    from roster.handlers import shifts as handlers

    campaign = await seed.campaign()
    vnpt = await seed.enterprise("VNPT Hà Giang")
    here = await seed.staff(vnpt, "Vàng Thị Sua", email=None, phone=a_phone())
    runs = []

    async def always_loses(uow, cmd):
        runs.append(cmd)
        raise ConcurrentChange("serialization failure")

    monkeypatch.setattr(handlers, "plan_shift", always_loses)
    answer = await client.post("/shifts", json=shift_body(campaign, vnpt, [here]))
    assert answer.status_code == 409 and len(runs) == CONCURRENT_ATTEMPTS == 3
    problem = answer.json()
    assert problem["type"].endswith("/concurrent-change")
    assert "thử lại" in problem["detail_vi"] and "retry" in problem["detail"]
    listed = await client.get("/shifts", params={"campaign_id": campaign["id"], "enterprise_id": vnpt["id"]})
    assert listed.json()["items"] == []
