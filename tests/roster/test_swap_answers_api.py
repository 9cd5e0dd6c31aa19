"""The colleague a swap request names answers it before the manager decides (QZ26 #12), through the API: only they
may accept or decline; a manager approves an accepted request, refuses a declined one and asks how the colleague
agreed of one not answered; a declined one goes back to the asker, who names someone else; an open one is taken by
a qualified colleague; every refusal a 409 in both languages, with names. The answers reach Kafka as SwapAnswered."""

from __future__ import annotations

import json

from support import auth, principal, read_topic

from .seeding import shift_body

HOA = "Phạm Thị Hoa"
DUC = "Lê Văn Đức"


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def staff_token(enterprise: dict, person: dict) -> dict[str, str]:
    return auth(principal("staff", enterprises=(enterprise["id"],), staff=person["id"], name=f"{person['id']}@x.vn"))


def manager_of(enterprise: dict) -> dict[str, str]:
    return auth(principal("manager", enterprises=(enterprise["id"],), name="truong.phong@vnpt.vn"))


def at(version: int, headers: dict[str, str]) -> dict[str, str]:
    return {"If-Match": f'"{version}"', **headers}


async def asked(client, seed, *, named: bool = True) -> tuple[dict, dict, dict, dict]:
    """A published shift, Tuyết on it, and her request to hand it to Hoa (or to anyone)."""
    campaign, enterprise, tuyet = await seed.world()
    hoa = await seed.staff(enterprise, HOA)
    shift = (await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet], status="published"))).json()
    response = await client.post(
        f"/shifts/{shift['id']}/swaps",
        json={"from_staff_id": tuyet["id"], "to_staff_id": hoa["id"] if named else None, "reason": "Về quê"},
        headers=staff_token(enterprise, tuyet),
    )
    assert response.status_code == 201, response.text
    return enterprise, tuyet, hoa, response.json()


async def test_the_colleague_accepts_then_the_manager_approves(client, seed, kafka, roster_topic) -> None:
    enterprise, tuyet, hoa, swap = await asked(client, seed)
    assert (swap["stage"], swap["answer"]) == ("asking", None)
    done = await client.post(
        f"/swaps/{swap['id']}/accept", json={"note": "Được chị"}, headers=at(1, staff_token(enterprise, hoa))
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], body["stage"], body["answer"], body["answer_note"], body["version"]) == (
        "requested",
        "accepted",
        "accepted",
        "Được chị",
        2,
    )
    assert body["answered_at"] is not None and done.headers["etag"] == '"2"'
    approved = await client.post(f"/swaps/{swap['id']}/approve", json={}, headers=at(2, manager_of(enterprise)))
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["to_name"], approved.json()["agreement"]) == (
        "approved",
        HOA,
        None,
    )

    def answered(records) -> list[dict]:
        return [
            e
            for e in (json.loads(r.value) for r in records)
            if e["type"] == "lichtruc.roster.swap.answered.v1" and e["data"]["swap_id"] == swap["id"]
        ]

    records = await read_topic(kafka, roster_topic, until=lambda recs: bool(answered(recs)))
    [event] = answered(records)
    assert event["partitionkey"] == enterprise["id"] and event["subject"] == f"swaps/{swap['id']}"
    assert {k: event["data"][k] for k in ("from_staff_id", "to_staff_id", "answer", "taken", "note", "version")} == {
        "from_staff_id": tuyet["id"],
        "to_staff_id": hoa["id"],
        "answer": "accepted",
        "taken": False,
        "note": "Được chị",
        "version": 2,
    }


async def test_only_the_named_colleague_answers(client, seed) -> None:
    enterprise, tuyet, _hoa, swap = await asked(client, seed)
    url = f"/swaps/{swap['id']}/accept"
    asker = problem_of(await client.post(url, headers=at(1, staff_token(enterprise, tuyet))), 403)
    assert asker["detail_vi"].startswith("Chỉ đồng nghiệp được nêu tên trong yêu cầu đổi ca mới được nhận")
    assert asker["detail"].startswith("Only the colleague this swap request names may accept or decline it")
    assert problem_of(await client.post(url, headers=at(1, manager_of(enterprise))), 403)["detail_vi"]
    lan = await seed.staff(enterprise, "Hồ Thị Lan")  # of the enterprise, not named: missing to her
    assert problem_of(await client.post(url, headers=at(1, staff_token(enterprise, lan))), 404)
    _c, elsewhere, stranger = await seed.world()
    refused = await client.post(f"/swaps/{swap['id']}/decline", headers=at(1, staff_token(elsewhere, stranger)))
    assert refused.status_code == 404
    assert (await client.get(f"/swaps/{swap['id']}")).json()["version"] == 1  # nothing changed


async def test_a_declined_request_goes_back_and_no_manager_may_approve_it(client, seed) -> None:
    enterprise, tuyet, hoa, swap = await asked(client, seed)
    declined = await client.post(
        f"/swaps/{swap['id']}/decline",
        json={"note": "Tối giao thừa tôi về quê"},
        headers=at(1, staff_token(enterprise, hoa)),
    )
    assert declined.status_code == 200, declined.text
    assert (declined.json()["stage"], declined.json()["answer_note"]) == ("declined", "Tối giao thừa tôi về quê")
    refused = problem_of(
        await client.post(
            f"/swaps/{swap['id']}/approve", json={"agreement": "gọi điện"}, headers=at(2, manager_of(enterprise))
        ),
        409,
    )
    assert refused["type"].endswith("/swap-declined")
    assert refused["detail_vi"].startswith(f"{HOA} đã từ chối nhận ca: Tối giao thừa tôi về quê")
    assert refused["detail"].startswith(f"{HOA} declined this request")
    twice = problem_of(
        await client.post(f"/swaps/{swap['id']}/accept", headers=at(2, staff_token(enterprise, hoa))), 409
    )
    assert twice["type"].endswith("/swap-answered") and twice["detail_vi"].startswith(f"{HOA} đã từ chối")
    # Tuyết names Đức instead; he accepts; the manager approves him.
    duc = await seed.staff(enterprise, DUC)
    again = await client.post(
        f"/swaps/{swap['id']}/ask", json={"to_staff_id": duc["id"]}, headers=at(2, staff_token(enterprise, tuyet))
    )
    assert again.status_code == 200, again.text
    assert (again.json()["to_name"], again.json()["stage"], again.json()["answer_note"]) == (DUC, "asking", None)
    assert problem_of(
        await client.post(f"/swaps/{swap['id']}/accept", headers=at(3, staff_token(enterprise, hoa))), 404
    )  # no longer hers to answer
    assert (
        await client.post(f"/swaps/{swap['id']}/accept", headers=at(3, staff_token(enterprise, duc)))
    ).status_code == 200
    done = await client.post(f"/swaps/{swap['id']}/approve", headers=at(4, manager_of(enterprise)))
    assert (done.status_code, done.json()["to_name"]) == (200, DUC)


async def test_approving_without_an_answer_asks_how_the_colleague_agreed(client, seed) -> None:
    enterprise, _tuyet, _hoa, swap = await asked(client, seed)
    url = f"/swaps/{swap['id']}/approve"
    unanswered = problem_of(await client.post(url, json={}, headers=at(1, manager_of(enterprise))), 409)
    assert unanswered["type"].endswith("/swap-unanswered")
    assert unanswered["detail_vi"].startswith(f"{HOA} chưa nhận ca này. Nếu người đó đã đồng ý bằng cách khác")
    _c, other, _p = await seed.world()  # a manager of another enterprise: the request is missing to them
    elsewhere = await client.post(url, json={"agreement": "điện thoại"}, headers=at(1, manager_of(other)))
    assert elsewhere.status_code == 404
    agreed = "Chị Hoa đồng ý qua điện thoại lúc 20:15"
    done = await client.post(url, json={"agreement": agreed}, headers=at(1, manager_of(enterprise)))
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["agreement"]) == ("approved", agreed)
    assert (await client.get(f"/swaps/{swap['id']}")).json()["agreement"] == agreed


async def test_an_open_request_is_taken_by_a_qualified_colleague(client, seed) -> None:
    enterprise, tuyet, hoa, swap = await asked(client, seed, named=False)
    assert swap["stage"] == "open"
    offered = await client.get(f"/staff/{hoa['id']}/swaps-to-take", headers=staff_token(enterprise, hoa))
    assert offered.status_code == 200, offered.text
    assert [s["id"] for s in offered.json()["items"]] == [swap["id"]] and offered.json()["total"] == 1
    mine = await client.get(f"/staff/{tuyet['id']}/swaps-to-take", headers=staff_token(enterprise, tuyet))
    assert mine.json()["items"] == []  # her own is not hers to take
    someone_else = await client.post(
        f"/swaps/{swap['id']}/take", json={"staff_id": tuyet["id"]}, headers=at(1, staff_token(enterprise, hoa))
    )
    assert problem_of(someone_else, 403)["detail_vi"] == "Đồng nghiệp chỉ được nhận ca thay cho chính mình."
    # named nobody: nobody accepts it (an administrator passes every scope, and is told what to do instead)
    accept = problem_of(await client.post(f"/swaps/{swap['id']}/accept", headers={"If-Match": '"1"'}), 409)
    assert accept["type"].endswith("/swap-unnamed") and "Nhận ca này" in accept["detail_vi"]
    taken = await client.post(
        f"/swaps/{swap['id']}/take", json={"staff_id": hoa["id"]}, headers=at(1, staff_token(enterprise, hoa))
    )
    assert taken.status_code == 200, taken.text
    assert (taken.json()["to_name"], taken.json()["stage"]) == (HOA, "accepted")
    after = await client.get(f"/staff/{hoa['id']}/swaps-to-take", headers=staff_token(enterprise, hoa))
    assert after.json()["items"] == []
    done = await client.post(f"/swaps/{swap['id']}/approve", headers=at(2, manager_of(enterprise)))
    assert (done.status_code, done.json()["status"]) == (200, "approved")


async def test_withdrawn_after_an_answer_it_can_be_answered_no_more(client, seed) -> None:
    enterprise, tuyet, hoa, swap = await asked(client, seed)
    await client.post(f"/swaps/{swap['id']}/accept", headers=at(1, staff_token(enterprise, hoa)))
    withdrawn = await client.post(f"/swaps/{swap['id']}/withdraw", headers=at(2, staff_token(enterprise, tuyet)))
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    late = problem_of(
        await client.post(f"/swaps/{swap['id']}/decline", headers=at(3, staff_token(enterprise, hoa))), 409
    )
    assert late["type"].endswith("/swap-open") and late["detail_vi"] == "Yêu cầu đổi ca này đã được xử lý (đã rút)."
