"""Who sees and changes what, with real data: a manager inside their enterprises, a staff
member on their own record, shifts and swaps, an inspector reading everything and changing
nothing. Someone else's item is answered 404 (as if it did not exist); a filter or a body
naming someone else's enterprise is refused with 403."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from fastapi.routing import APIRoute

from roster.api import ROUTERS
from support import auth, principal

from .seeding import shift_body

ONE = {"If-Match": '"1"'}


def _body_of(requirement: dict) -> dict:
    keys = ("campaign_id", "enterprise_id", "duty_type", "window", "minimum")
    return {k: requirement[k] for k in keys}


@pytest.fixture(scope="module")
async def world(seed):
    client = seed.client
    campaign = await seed.campaign()
    a, b = await seed.enterprise("VNPT Long An"), await seed.enterprise("Viettel Long An")
    tuyet, duc = await seed.staff(a, "Nguyễn Thị Ánh Tuyết"), await seed.staff(a, "Trần Văn Đức")
    bao = await seed.staff(b, "Đặng Văn Bảo")

    async def shift(enterprise: dict, people: list[dict], **times: str) -> dict:
        response = await client.post(
            "/shifts", json=shift_body(campaign, enterprise, people, status="published", **times)
        )
        assert response.status_code == 201, response.text
        return response.json()

    day = {"starts_at": "2027-02-07T08:00:00+07:00", "ends_at": "2027-02-07T16:00:00+07:00"}
    w = {
        "campaign": campaign,
        "a": a,
        "b": b,
        "tuyet": tuyet,
        "duc": duc,
        "bao": bao,
        "tuyet_night": await shift(a, [tuyet]),
        "duc_night": await shift(a, [duc]),
        "together": await shift(a, [tuyet, duc], **day),
        "b_night": await shift(b, [bao]),
        "site_b": await seed.site(b),
    }
    w["duc_swap"] = (
        await client.post(f"/shifts/{w['duc_night']['id']}/swaps", json={"from_staff_id": duc["id"]})
    ).json()
    w["b_swap"] = (await client.post(f"/shifts/{w['b_night']['id']}/swaps", json={"from_staff_id": bao["id"]})).json()
    w["requirement_b"] = (
        await client.post(
            "/requirements",
            json={
                "campaign_id": campaign["id"],
                "enterprise_id": b["id"],
                "duty_type": "operations",
                "window": {"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
                "minimum": 1,
            },
        )
    ).json()
    removed_b = (
        await client.post("/requirements", json={**_body_of(w["requirement_b"]), "duty_type": "patrol"})
    ).json()
    assert (await client.delete(f"/requirements/{removed_b['id']}", headers=ONE)).status_code == 204
    w["removed_requirement_b"] = removed_b
    w["incident_b"] = (
        await client.post(
            "/incidents",
            json={
                "enterprise_id": b["id"],
                "detected_at": "2026-11-27T23:40:00+07:00",  # by now: a detection still to come is refused
                "district": "Vĩnh Hưng",
                "services": ["mobile"],
                "severity": "minor",
                "description": "Mất sóng di động",
            },
        )
    ).json()
    return w


def status_of(response) -> tuple[int, str]:
    """The status and, for a problem, the last part of its type ("shift-not-found" → "not-found":
    test_someone_elses_item_answers_exactly_like_a_missing_one checks the whole answer)."""
    kind = response.json().get("type", "").rsplit("/", 1)[-1] if response.status_code >= 400 else ""
    return response.status_code, "not-found" if kind.endswith("not-found") else kind


async def test_someone_elses_item_answers_exactly_like_a_missing_one(client, world) -> None:
    w = world
    me = auth(principal("manager", enterprises=(w["a"]["id"],), name="truong.ca@vnpt-longan.vn"))
    hidden = {
        "/shifts/{}": w["b_night"]["id"],
        "/swaps/{}": w["b_swap"]["id"],
        "/staff/{}": w["bao"]["id"],
        "/sites/{}": w["site_b"]["id"],
        "/requirements/{}": w["requirement_b"]["id"],
        "/enterprises/{}": w["b"]["id"],
    }
    for path, ident in hidden.items():
        nobody = str(uuid.uuid4())
        theirs = await client.get(path.format(ident), headers=me)
        missing = await client.get(path.format(nobody), headers=me)
        assert theirs.status_code == missing.status_code == 404, path
        assert theirs.headers["content-type"] == missing.headers["content-type"]
        assert theirs.text.replace(ident, "ID") == missing.text.replace(nobody, "ID"), path


async def test_a_manager_works_only_inside_their_enterprises(client, world) -> None:
    w = world
    me = auth(principal("manager", enterprises=(w["a"]["id"],), name="truong.ca@vnpt-longan.vn"))
    b_shift = w["b_night"]["id"]

    assert status_of(await client.get(f"/shifts/{b_shift}", headers=me)) == (404, "not-found")
    assert (await client.get(f"/shifts/{w['tuyet_night']['id']}", headers=me)).status_code == 200
    assert (await client.get(f"/shifts/{uuid.uuid4()}", headers=me)).status_code == 404  # the route's own answer
    assert status_of(await client.get("/shifts", params={"enterprise_id": w["b"]["id"]}, headers=me)) == (
        403,
        "out-of-scope",
    )
    mine = (await client.get("/shifts", params={"limit": 500}, headers=me)).json()["items"]
    assert {s["enterprise_id"] for s in mine} == {w["a"]["id"]}
    assert {w["tuyet_night"]["id"], w["duc_night"]["id"], w["together"]["id"]} <= {s["id"] for s in mine}

    # Changing B's things: not found, and not changed.
    assert status_of(await client.post(f"/shifts/{b_shift}/cancel", headers={**me, **ONE})) == (404, "not-found")
    assert status_of(await client.patch(f"/shifts/{b_shift}", json={"notes": "x"}, headers={**me, **ONE})) == (
        404,
        "not-found",
    )
    assert status_of(
        await client.post(f"/shifts/{b_shift}/swaps", json={"from_staff_id": w["bao"]["id"]}, headers=me)
    ) == (404, "not-found")
    assert status_of(await client.post(f"/swaps/{w['b_swap']['id']}/approve", json={}, headers={**me, **ONE})) == (
        404,
        "not-found",
    )
    assert (await client.get(f"/shifts/{b_shift}")).json()["status"] == "published"
    # Creating inside B: refused.
    body = shift_body(
        w["campaign"], w["b"], [w["bao"]], starts_at="2027-02-08T22:00:00+07:00", ends_at="2027-02-09T06:00:00+07:00"
    )
    assert status_of(await client.post("/shifts", json=body, headers=me)) == (403, "out-of-scope")
    assert status_of(
        await client.post("/staff", json={"enterprise_id": w["b"]["id"], "full_name": "X"}, headers=me)
    ) == (403, "out-of-scope")
    assert status_of(
        await client.post(
            f"/imports/staff?enterprise_id={w['b']['id']}",
            headers=me,
            files={"file": ("s.csv", b"full_name\nX\n", "text/csv")},
        )
    ) == (403, "out-of-scope")

    # B's reference data, requirements, board and swaps are hidden or filtered out.
    for path in (
        f"/staff/{w['bao']['id']}",
        f"/sites/{w['site_b']['id']}",
        f"/enterprises/{w['b']['id']}",
        f"/requirements/{w['requirement_b']['id']}",
        f"/requirements/{w['removed_requirement_b']['id']}?include_removed=true",  # removed: its versions say whose
        f"/requirements/{w['removed_requirement_b']['id']}/versions",
        f"/swaps/{w['b_swap']['id']}",
        f"/campaigns/{w['campaign']['id']}/enterprises/{w['b']['id']}/board",
    ):
        assert status_of(await client.get(path, headers=me)) == (404, "not-found"), path
    with_removed = await client.get("/requirements", params={"include_removed": "true", "limit": 500}, headers=me)
    assert {i["enterprise_id"] for i in with_removed.json()["items"]} <= {w["a"]["id"]}
    assert (
        await client.get(f"/campaigns/{w['campaign']['id']}/enterprises/{w['a']['id']}/board", headers=me)
    ).status_code == 200
    for path in ("/staff", "/sites", "/requirements", "/swaps"):
        assert status_of(await client.get(path, params={"enterprise_id": w["b"]["id"]}, headers=me)) == (
            403,
            "out-of-scope",
        ), path
        items = (await client.get(path, params={"limit": 500}, headers=me)).json()["items"]
        assert {i["enterprise_id"] for i in items} <= {w["a"]["id"]}, path
    assert [e["id"] for e in (await client.get("/enterprises", params={"limit": 500}, headers=me)).json()["items"]] == [
        w["a"]["id"]
    ]


async def test_a_staff_member_sees_and_acts_on_their_own_shifts_only(client, world, clock) -> None:
    w = world
    tuyet = w["tuyet"]["id"]
    me = auth(principal("staff", enterprises=(w["a"]["id"],), staff=tuyet, name="tuyet.nta@vnpt-longan.vn"))

    mine = (await client.get("/shifts", headers=me)).json()["items"]
    assert {s["id"] for s in mine} == {w["tuyet_night"]["id"], w["together"]["id"]}
    assert (await client.get("/shifts", params={"staff_id": tuyet}, headers=me)).status_code == 200
    assert status_of(await client.get("/shifts", params={"staff_id": w["duc"]["id"]}, headers=me)) == (
        403,
        "out-of-scope",
    )
    assert status_of(await client.get(f"/shifts/{w['duc_night']['id']}", headers=me)) == (404, "not-found")
    assert (await client.get(f"/staff/{tuyet}", headers=me)).status_code == 200
    assert status_of(await client.get(f"/staff/{w['duc']['id']}", headers=me)) == (404, "not-found")
    assert (await client.get("/staff", headers=me)).status_code == 403  # the staff list is not for staff

    # Checking in: on one's own shift, as oneself.
    clock.now = datetime(2027, 2, 5, 14, 45, tzinfo=UTC)  # 21:45 local, 15 minutes before the night shifts
    checked = await client.post(
        f"/shifts/{w['tuyet_night']['id']}/check-in",
        json={"staff_id": tuyet},
        headers={**me, "If-Match": f'"{w["tuyet_night"]["version"]}"'},
    )
    assert checked.status_code == 200, checked.text
    assert checked.json()["assignees"][0]["checked_in_at"] is not None
    assert status_of(
        await client.post(
            f"/shifts/{w['duc_night']['id']}/check-in", json={"staff_id": w["duc"]["id"]}, headers={**me, **ONE}
        )
    ) == (404, "not-found")
    assert (await client.get(f"/shifts/{w['duc_night']['id']}")).json()["status"] == "published"
    assert status_of(
        await client.post(
            f"/shifts/{w['together']['id']}/check-in", json={"staff_id": w["duc"]["id"]}, headers={**me, **ONE}
        )
    ) == (403, "out-of-scope")

    # Asking for a swap: one's own place on one's own shift.
    assert status_of(
        await client.post(f"/shifts/{w['together']['id']}/swaps", json={"from_staff_id": w["duc"]["id"]}, headers=me)
    ) == (403, "out-of-scope")
    assert status_of(
        await client.post(f"/shifts/{w['duc_night']['id']}/swaps", json={"from_staff_id": tuyet}, headers=me)
    ) == (404, "not-found")
    asked = await client.post(
        f"/shifts/{w['together']['id']}/swaps", json={"from_staff_id": tuyet, "reason": "Về quê"}, headers=me
    )
    assert (asked.status_code, asked.json()["requested_by"]) == (201, "tuyet.nta@vnpt-longan.vn")
    swaps = (await client.get("/swaps", headers=me)).json()["items"]
    assert [s["id"] for s in swaps] == [asked.json()["id"]]
    assert (await client.get(f"/swaps/{asked.json()['id']}", headers=me)).status_code == 200
    assert status_of(await client.get(f"/swaps/{w['duc_swap']['id']}", headers=me)) == (404, "not-found")
    assert status_of(await client.get("/swaps", params={"staff_id": w["duc"]["id"]}, headers=me)) == (
        403,
        "out-of-scope",
    )
    assert status_of(await client.post(f"/swaps/{asked.json()['id']}/approve", json={}, headers={**me, **ONE})) == (
        403,
        "forbidden",
    )


async def test_a_manager_linked_to_their_staff_record_acts_on_their_own_shifts_as_staff_do(
    client, seed, world, clock
) -> None:
    """A leader on duty over Tết (QA 2026-12-06: hungnv@ had no shifts of his own): a manager's account linked to
    their own staff record lists, swaps and checks in to their shifts, and withdraws the swap they asked for; an
    enterprise they do not manage stays missing to them, and a swap someone else asked for is theirs to reject."""
    w = world
    hung = await seed.staff(w["a"], "Nguyễn Văn Hùng")
    times = {"starts_at": "2027-02-08T08:00:00+07:00", "ends_at": "2027-02-08T16:00:00+07:00"}
    body = shift_body(w["campaign"], w["a"], [hung], status="published", duty_type="leadership", **times)
    own = (await client.post("/shifts", json=body)).json()
    me = auth(principal("manager", enterprises=(w["a"]["id"],), staff=hung["id"], name="hungnv@vnpt-longan.vn"))

    mine = (await client.get("/shifts", params={"staff_id": hung["id"]}, headers=me)).json()["items"]
    assert [s["id"] for s in mine] == [own["id"]]
    asked = await client.post(f"/shifts/{own['id']}/swaps", json={"from_staff_id": hung["id"]}, headers=me)
    assert (asked.status_code, asked.json()["requested_by"]) == (201, "hungnv@vnpt-longan.vn"), asked.text
    withdrawn = await client.post(f"/swaps/{asked.json()['id']}/withdraw", headers={**me, **ONE})
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn"), withdrawn.text
    clock.now = datetime(2027, 2, 8, 0, 50, tzinfo=UTC)  # 07:50 local, 10 minutes before
    version = (await client.get(f"/shifts/{own['id']}", headers=me)).json()["version"]
    checked = await client.post(
        f"/shifts/{own['id']}/check-in", json={"staff_id": hung["id"]}, headers={**me, "If-Match": f'"{version}"'}
    )
    assert checked.status_code == 200, checked.text
    assert [a["checked_in_at"] is not None for a in checked.json()["assignees"]] == [True]

    # Not others': another enterprise's shifts are missing to them, as to any manager of theirs.
    other = w["b_night"]["id"]
    assert status_of(
        await client.post(f"/shifts/{other}/check-in", json={"staff_id": hung["id"]}, headers={**me, **ONE})
    ) == (404, "not-found")
    assert status_of(
        await client.post(f"/shifts/{other}/swaps", json={"from_staff_id": w["bao"]["id"]}, headers=me)
    ) == (404, "not-found")
    assert status_of(await client.post(f"/swaps/{w['b_swap']['id']}/withdraw", headers={**me, **ONE})) == (
        404,
        "not-found",
    )
    # A swap someone of their enterprise asked for: theirs to approve or reject, the asker's to withdraw.
    refused = await client.post(f"/swaps/{w['duc_swap']['id']}/withdraw", headers={**me, **ONE})
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"].endswith("as the enterprise's manager, reject it instead.")
    assert refused.json()["detail_vi"].endswith("là quản lý doanh nghiệp, bạn hãy từ chối yêu cầu.")


async def test_a_draft_is_hidden_from_the_staff_on_it_until_it_is_published(client, seed, world) -> None:
    """ "Lưu nháp (chưa báo cho nhân viên)": the staff on a draft do not see it anywhere roster answers
    them — as if it did not exist — while managers and administrators see it as before."""
    w = world
    lan, hung = await seed.staff(w["a"], "Võ Thị Lan"), await seed.staff(w["a"], "Phạm Văn Hùng")
    manager = auth(principal("manager", enterprises=(w["a"]["id"],), name="truong.ca@vnpt-longan.vn"))
    me = auth(principal("staff", enterprises=(w["a"]["id"],), staff=lan["id"], name="lan.vt@vnpt-longan.vn"))
    body = shift_body(
        w["campaign"],
        w["a"],
        [lan, hung],
        starts_at="2027-02-09T08:00:00+07:00",
        ends_at="2027-02-09T16:00:00+07:00",
        notes="Ghi chú QA nháp",
    )
    planned = await client.post("/shifts", json=body, headers=manager)
    assert (planned.status_code, planned.json()["status"]) == (201, "draft"), planned.text
    draft = planned.json()["id"]

    # The staff member on it: not in their lists, even asked for by status or by their own person.
    for params in ({}, {"status": "draft"}, {"staff_id": lan["id"]}, {"staff_id": lan["id"], "status": "draft"}):
        found = (await client.get("/shifts", params=params, headers=me)).json()
        assert (found["items"], found["total"]) == ([], 0), params
    # Reading it, checking in on it (as themselves or as a colleague), asking to swap it: a missing shift's answer.
    nobody = str(uuid.uuid4())
    for method, path, sent in (
        ("GET", "/shifts/{}", None),
        ("POST", "/shifts/{}/check-in", {"staff_id": lan["id"]}),
        ("POST", "/shifts/{}/check-in", {"staff_id": hung["id"]}),
        ("POST", "/shifts/{}/swaps", {"from_staff_id": lan["id"], "to_staff_id": w["tuyet"]["id"]}),
        ("POST", "/shifts/{}/swaps", {"from_staff_id": hung["id"]}),
    ):
        headers = {**me, **ONE} if method == "POST" else me
        theirs = await client.request(method, path.format(draft), json=sent, headers=headers)
        missing = await client.request(method, path.format(nobody), json=sent, headers=headers)
        assert theirs.status_code == missing.status_code == 404, (path, sent, theirs.text)
        assert theirs.text.replace(draft, "ID") == missing.text.replace(nobody, "ID"), (path, sent)
    # Nothing of it was changed, and the manager and the administrator see it as before.
    for headers in (manager, {}):
        seen = (await client.get(f"/shifts/{draft}", headers=headers)).json()
        assert (seen["status"], seen["version"], seen["notes"]) == ("draft", 1, "Ghi chú QA nháp")
        assert seen["assignees"][0]["checked_in_at"] is None
        drafts = (await client.get("/shifts", params={"status": "draft", "limit": 500}, headers=headers)).json()
        assert draft in {s["id"] for s in drafts["items"]}
    assert (await client.get("/swaps", params={"shift_id": draft}, headers=manager)).json()["total"] == 0

    # Published: now the staff member lists it, reads it and may ask to hand it over.
    published = await client.post(f"/shifts/{draft}/publish", headers={**manager, **ONE})
    assert published.status_code == 200, published.text
    assert [s["id"] for s in (await client.get("/shifts", headers=me)).json()["items"]] == [draft]
    assert [
        s["id"] for s in (await client.get("/shifts", params={"staff_id": lan["id"]}, headers=me)).json()["items"]
    ] == [draft]
    read = await client.get(f"/shifts/{draft}", headers=me)
    assert (read.status_code, read.json()["status"], read.json()["notes"]) == (200, "published", "Ghi chú QA nháp")
    asked = await client.post(f"/shifts/{draft}/swaps", json={"from_staff_id": lan["id"]}, headers=me)
    assert asked.status_code == 201, asked.text


def concrete(path: str, w: dict) -> str:
    """A route's path with ids of the world's items (B's, mostly)."""
    ids = {
        "shift_id": w["b_night"]["id"],
        "swap_id": w["b_swap"]["id"],
        "staff_id": w["bao"]["id"],
        "site_id": w["site_b"]["id"],
        "enterprise_id": w["b"]["id"],
        "campaign_id": w["campaign"]["id"],
        "requirement_id": w["requirement_b"]["id"],
        "account_id": str(uuid.uuid4()),
        "item_id": str(uuid.uuid4()),  # a readiness checklist item
        "inspection_id": str(uuid.uuid4()),
        "incident_id": w["incident_b"]["id"],
    }
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)


ROUTERS_ROUTES = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
# every role signs in and out, keeps a password, and may ask for a new one (public: QZ29 #15)
OWN_ACCOUNT = {"login", "refresh", "logout", "change_password", "request_password_reset"}
DEPARTMENT_WRITES = {  # the Department (inspectors among them) defines the readiness checklist (issue 15, part 4)
    "define_readiness_item",
    "seed_readiness_directive",
    "copy_previous_tet_checklist",  # last Tết's checklist copied (QZ23 #7), as the directive's items are
    "change_readiness_item",
    "remove_readiness_item",
}
# The Department's own work (issue 15, part 5): inspectors plan inspections and record their findings.
INSPECTORS_WORK = {"plan_inspection", "record_inspection_finding", "reschedule_inspection", "cancel_inspection"}


async def test_an_inspector_reads_everything_and_changes_nothing_but_the_departments_own_work(client, world) -> None:
    w = world
    me = auth(principal("inspector", name="thanh.tra@stttt.longan.gov.vn"))
    for path in (
        f"/shifts/{w['b_night']['id']}",
        f"/staff/{w['bao']['id']}",
        f"/swaps/{w['b_swap']['id']}",
        f"/requirements/{w['requirement_b']['id']}",
        f"/requirements/{w['removed_requirement_b']['id']}?include_removed=true",
        f"/requirements/{w['removed_requirement_b']['id']}/versions",
        f"/campaigns/{w['campaign']['id']}/enterprises/{w['b']['id']}/board",
    ):
        assert (await client.get(path, headers=me)).status_code == 200, path
    every = (await client.get("/shifts", params={"limit": 1})).json()["total"]
    assert (await client.get("/shifts", params={"limit": 1}, headers=me)).json()["total"] == every
    assert (await client.get("/shifts", params={"enterprise_id": w["b"]["id"]}, headers=me)).status_code == 200

    writes = [
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
        if method in ("POST", "PUT", "PATCH", "DELETE") and route.name not in OWN_ACCOUNT | INSPECTORS_WORK
    ]
    assert len(writes) >= 25
    department = 0
    for method, path in writes:
        name = next(r.name for r in ROUTERS_ROUTES if r.path == path and method in (r.methods or ()))
        response = await client.request(method, concrete(path, w), json={}, headers={**me, **ONE})
        if name in DEPARTMENT_WRITES:
            department += 1
            assert response.status_code not in (401, 403), (method, path, response.text)
        else:
            assert status_of(response) == (403, "forbidden"), (method, path, response.text)
    assert department == len(DEPARTMENT_WRITES)
    inspectors_work = [
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and route.name in INSPECTORS_WORK
        for method in route.methods or ()
    ]
    assert len(inspectors_work) == len(INSPECTORS_WORK)
    for method, path in inspectors_work:  # past the policy: the empty body is what is refused
        response = await client.request(method, concrete(path, w), json={}, headers={**me, **ONE})
        assert response.status_code in (404, 422), (method, path, response.text)
    assert (await client.get(f"/shifts/{w['b_night']['id']}")).json()["version"] == w["b_night"]["version"]
