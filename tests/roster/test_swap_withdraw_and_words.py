"""Swap requests as people read them — the names of the one handing over and the one named, the
shift in words (duty type, site, local times with the lunar day) in every answer — and withdrawing
one's own waiting request: only the person who asked, only while it waits, at the version they
read; the withdrawal reaches Kafka as SwapWithdrawn."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from support import auth, principal, read_topic

from .seeding import shift_body

HOA = "Phạm Thị Hoa"


@pytest.fixture(scope="module")
def roster_settings(roster_settings):
    """The conftest's, with the sweep of swap requests whose shift began looking often (its default: 30 s)."""
    return roster_settings.model_copy(update={"lapse_poll_seconds": 0.2})


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def staff_token(enterprise: dict, person: dict) -> dict[str, str]:
    return auth(principal("staff", enterprises=(enterprise["id"],), staff=person["id"], name=f"{person['id']}@x.vn"))


async def asked(client, seed, *, named: bool = True) -> tuple[dict, dict, dict, dict, dict]:
    """A published shift at a site, Tuyết on it, and her request to hand it to Hoa (or to anyone)."""
    campaign, enterprise, tuyet = await seed.world()
    hoa = await seed.staff(enterprise, HOA)
    site = await seed.site(enterprise, "Trạm BTS Mỹ Thạnh Bắc")
    body = shift_body(campaign, enterprise, [tuyet], status="published", site_id=site["id"])
    shift = (await client.post("/shifts", json=body)).json()
    response = await client.post(
        f"/shifts/{shift['id']}/swaps",
        json={"from_staff_id": tuyet["id"], "to_staff_id": hoa["id"] if named else None, "reason": "Con ốm"},
        headers=staff_token(enterprise, tuyet),
    )
    assert response.status_code == 201, response.text
    return enterprise, tuyet, hoa, site, response.json()


async def test_every_answer_names_the_people_and_tells_the_shift_in_words(client, seed) -> None:
    enterprise, tuyet, hoa, site, swap = await asked(client, seed)
    expected_about = {
        "duty_type": "operations",
        "duty_type_vi": "Trực điều hành",
        "duty_type_en": "Operations (command) duty",
        "site_name": site["name"],
        "starts_at": "2027-02-05T15:00:00Z",
        "ends_at": "2027-02-05T23:00:00Z",
    }

    def reads_right(item: dict) -> None:
        assert (item["from_name"], item["to_name"]) == (tuyet["full_name"], HOA)
        assert {k: item["about"][k] for k in expected_about} == expected_about
        local = item["about"]["local"]
        assert local["starts_at"]["local"].startswith("2027-02-05T22:00:00")
        assert local["ends_at"]["local"].startswith("2027-02-06T06:00:00")
        assert local["ends_at"]["lunar_day_vi"] == "Mùng 1 Tết"

    reads_right(swap)  # the answer to the request itself
    reads_right((await client.get(f"/swaps/{swap['id']}")).json())
    mine = await client.get("/swaps", params={"staff_id": tuyet["id"]}, headers=staff_token(enterprise, tuyet))
    [listed] = mine.json()["items"]
    reads_right(listed)
    # the colleague named sees the same words
    theirs = (await client.get("/swaps", headers=staff_token(enterprise, hoa))).json()["items"]
    assert [s["id"] for s in theirs] == [swap["id"]]
    reads_right(theirs[0])
    rejected = await client.post(
        f"/swaps/{swap['id']}/reject", json={"note": "Thiếu người"}, headers={"If-Match": '"1"'}
    )
    reads_right(rejected.json())


async def test_an_open_request_has_no_taker_name_until_approved_then_the_takers(client, seed) -> None:
    _enterprise, tuyet, hoa, _site, swap = await asked(client, seed, named=False)
    assert (swap["from_name"], swap["to_staff_id"], swap["to_name"]) == (tuyet["full_name"], None, None)
    approved = await client.post(
        f"/swaps/{swap['id']}/approve",
        json={"to_staff_id": hoa["id"], "agreement": "Đồng ý qua điện thoại"},
        headers={"If-Match": '"1"'},
    )
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["to_name"]) == ("approved", HOA)
    assert approved.json()["about"]["duty_type_vi"] == "Trực điều hành"


async def test_the_person_who_asked_withdraws_a_waiting_request(client, seed, kafka, roster_topic) -> None:
    enterprise, tuyet, hoa, _site, swap = await asked(client, seed)
    url = f"/swaps/{swap['id']}/withdraw"
    stale = problem_of(await client.post(url, headers={"If-Match": '"0"', **staff_token(enterprise, tuyet)}), 412)
    assert stale["type"].endswith("/stale-version") and stale["current_version"] == 1
    assert problem_of(await client.post(url, headers=staff_token(enterprise, tuyet)), 428)["type"].endswith(
        "/if-match-required"
    )

    done = await client.post(url, headers={"If-Match": '"1"', **staff_token(enterprise, tuyet)})
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], body["version"], body["from_name"], body["to_name"]) == (
        "withdrawn",
        2,
        tuyet["full_name"],
        HOA,
    )
    assert done.headers["etag"] == '"2"'
    listed = (await client.get("/swaps", params={"enterprise_id": enterprise["id"], "status": "withdrawn"})).json()
    assert [s["id"] for s in listed["items"]] == [swap["id"]]
    assert (await client.get("/swaps", params={"enterprise_id": enterprise["id"], "status": "requested"})).json()[
        "items"
    ] == []
    # The shift is unchanged; a new request for it may be made.
    again = await client.post(
        f"/shifts/{swap['shift_id']}/swaps", json={"from_staff_id": tuyet["id"]}, headers=staff_token(enterprise, tuyet)
    )
    assert again.status_code == 201, again.text

    def withdrawn(records) -> list[dict]:
        return [
            e
            for e in (json.loads(r.value) for r in records)
            if e["type"] == "lichtruc.roster.swap.withdrawn.v1" and e["data"]["swap_id"] == swap["id"]
        ]

    records = await read_topic(kafka, roster_topic, until=lambda recs: bool(withdrawn(recs)))
    [event] = withdrawn(records)
    assert event["subject"] == f"swaps/{swap['id']}" and event["partitionkey"] == enterprise["id"]
    assert {k: event["data"][k] for k in ("shift_id", "enterprise_id", "from_staff_id", "to_staff_id", "version")} == {
        "shift_id": swap["shift_id"],
        "enterprise_id": enterprise["id"],
        "from_staff_id": tuyet["id"],
        "to_staff_id": hoa["id"],
        "version": 2,
    }
    assert event["data"]["actor"] == f"{tuyet['id']}@x.vn"
    [key] = {r.key for r in records if json.loads(r.value)["id"] == event["id"]}
    assert key == enterprise["id"].encode()


async def test_a_request_no_longer_waiting_cannot_be_withdrawn(client, seed) -> None:
    enterprise, tuyet, _hoa, _site, swap = await asked(client, seed)
    await client.post(f"/swaps/{swap['id']}/reject", json={"note": "Thiếu người"}, headers={"If-Match": '"1"'})
    problem = problem_of(
        await client.post(
            f"/swaps/{swap['id']}/withdraw", headers={"If-Match": '"2"', **staff_token(enterprise, tuyet)}
        ),
        409,
    )
    assert problem["type"].endswith("/swap-open") and problem["swap_status"] == "rejected"
    assert problem["detail"] == "This swap request is already rejected."
    assert problem["detail_vi"] == "Yêu cầu đổi ca này đã được xử lý (đã từ chối)."
    assert (await client.get(f"/swaps/{swap['id']}")).json()["status"] == "rejected"


async def test_only_the_person_who_asked_may_withdraw(client, seed) -> None:
    enterprise, _tuyet, hoa, _site, swap = await asked(client, seed)
    url = f"/swaps/{swap['id']}/withdraw"
    # The colleague it names sees it, and is told who may withdraw it.
    named = problem_of(await client.post(url, headers={"If-Match": '"1"', **staff_token(enterprise, hoa)}), 403)
    assert named["detail"].startswith("Only the person who asked for this swap may withdraw it")
    assert named["detail_vi"].startswith("Chỉ người xin đổi ca mới được rút yêu cầu này")
    # Someone else of the enterprise: the request is missing to them, as any item not theirs.
    lan = await seed.staff(enterprise, "Hồ Thị Lan")
    assert problem_of(await client.post(url, headers={"If-Match": '"1"', **staff_token(enterprise, lan)}), 404)[
        "type"
    ].endswith("/swap-request-not-found")
    # A manager decides; withdrawing is not theirs.
    manager = auth(principal("manager", enterprises=(enterprise["id"],)))
    assert problem_of(await client.post(url, headers={"If-Match": '"1"', **manager}), 403)["detail_vi"]
    current = (await client.get(f"/swaps/{swap['id']}")).json()
    assert (current["status"], current["version"]) == ("requested", 1)


async def test_a_request_still_waiting_when_its_shift_began_lapses_and_is_announced(
    client, seed, clock, kafka, roster_topic
) -> None:
    """QZ15 #1: at 18:10 the manager was told "ask a manager to reassign it" and the request stayed waiting."""
    enterprise, tuyet, hoa, _site, swap = await asked(client, seed)
    by_enterprise = {"enterprise_id": enterprise["id"]}
    clock.now = datetime(2027, 2, 5, 15, 10, tzinfo=UTC)  # 22:10: the shift began at 22:00
    refused = problem_of(await client.post(f"/swaps/{swap['id']}/approve", headers={"If-Match": '"1"'}), 409)
    assert refused["type"].endswith("/swap-lapsed")
    assert refused["errors"][0]["message_vi"].startswith("Ca đã bắt đầu lúc 22:00 05/02/2027 nên yêu cầu đổi ca này")
    assert "Giao phần còn lại của ca" in refused["errors"][0]["message_vi"]
    waiting = (await client.get("/swaps", params={**by_enterprise, "status": "requested"})).json()
    assert waiting["items"] == [] and waiting["total"] == 0
    lapsed = (await client.get("/swaps", params={**by_enterprise, "status": "lapsed"})).json()
    assert [(s["id"], s["status"]) for s in lapsed["items"]] == [(swap["id"], "lapsed")] and lapsed["total"] == 1
    mine = (await client.get("/swaps", headers=staff_token(enterprise, tuyet))).json()["items"]
    assert [s["status"] for s in mine] == ["lapsed"]

    def lapsed_events(records) -> list[dict]:
        return [
            e
            for e in (json.loads(r.value) for r in records)
            if e["type"] == "lichtruc.roster.swap.lapsed.v1" and e["data"]["swap_id"] == swap["id"]
        ]

    records = await read_topic(kafka, roster_topic, until=lambda recs: bool(lapsed_events(recs)))
    [event] = lapsed_events(records)
    assert (event["data"]["from_staff_id"], event["data"]["to_staff_id"]) == (tuyet["id"], hoa["id"])
    assert event["data"]["lapsed_at"].startswith("2027-02-05T15:00:00")
    assert event["data"]["shift"]["shift_id"] == swap["shift_id"] and event["data"]["version"] == 2
    stored = (await client.get(f"/swaps/{swap['id']}")).json()
    assert (stored["status"], stored["version"]) == ("lapsed", 2)  # stored so by the sweep, at its next version
    rejected = problem_of(await client.post(f"/swaps/{swap['id']}/reject", headers={"If-Match": '"2"'}), 409)
    assert rejected["type"].endswith("/swap-lapsed")  # stored lapsed: the same words, not "already handled"
