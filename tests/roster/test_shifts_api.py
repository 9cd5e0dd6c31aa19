"""Planning shifts against the real database and broker: a shift is committed with its event
and published through the outbox; every broken rule is a precise problem that stores
nothing; a person is never double-booked, even by two requests at once; lists filter and page."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid

import pytest

from roster.app import create_app
from roster.settings import RosterSettings
from support import eventually, read_topic, running

from .seeding import shift_body


async def pending(client) -> int:
    return (await client.get("/outbox")).json()["pending"]


async def test_planned_shift_is_committed_and_published_through_the_outbox(client, seed, kafka, roster_topic) -> None:
    campaign, enterprise, tuyet = await seed.world()
    site = await seed.site(enterprise, border_area=True, district="Tân Hưng")
    response = await client.post(
        "/shifts", json=shift_body(campaign, enterprise, [tuyet], site_id=site["id"], notes="Trực đêm giao thừa")
    )
    assert response.status_code == 201, response.text
    shift = response.json()
    assert response.headers["location"] == f"/shifts/{shift['id']}"
    assert response.headers["etag"] == '"1"'
    assert shift["assignees"] == [
        {
            "staff_id": tuyet["id"],
            "full_name": "Nguyễn Thị Ánh Tuyết",
            "qualified": True,
            "checked_in_at": None,
            "late_reason": None,
            "presence": None,
            "can_check_in": None,  # not read for a change's answer (GET /shifts/{id} says it)
        }
    ]
    assert (shift["status"], shift["version"], shift["warnings"]) == ("draft", 1, [])
    assert shift["starts_at"] == "2027-02-05T15:00:00Z"  # stored and answered in UTC…
    assert shift["local"]["starts_at"] == {
        "local": "2027-02-05T22:00:00+07:00",
        "lunar_day_vi": "29 tháng Chạp",
        "lunar_day_en": "29th day of the 12th lunar month",
    }  # …and read locally
    read = (await client.get(f"/shifts/{shift['id']}")).json()
    assert [a.pop("can_check_in") for a in read["assignees"]] == [False]  # read for GET alone: she has no account
    assert read == shift | {
        "assignees": [{k: v for k, v in a.items() if k != "can_check_in"} for a in shift["assignees"]]
    }

    records = await read_topic(
        kafka,
        roster_topic,
        until=lambda recs: any(json.loads(r.value)["subject"] == f"shifts/{shift['id']}" for r in recs),
    )
    [record] = [r for r in records if json.loads(r.value)["subject"] == f"shifts/{shift['id']}"]
    assert record.key == enterprise["id"].encode()
    assert "Nguyễn Thị Ánh Tuyết".encode() in record.value
    event = json.loads(record.value)
    assert event["type"] == "lichtruc.roster.shift.planned.v1"
    assert event["data"]["shift"] == {
        "shift_id": shift["id"],
        "campaign_id": campaign["id"],
        "enterprise_id": enterprise["id"],
        "site_id": site["id"],
        "covers_site_ids": [],
        "duty_type": "operations",
        "starts_at": "2027-02-05T15:00:00Z",
        "ends_at": "2027-02-05T23:00:00Z",
        "status": "draft",
        "notes": "Trực đêm giao thừa",
        "warnings": [],
        "version": 1,
        "assignees": [{"staff_id": tuyet["id"], "full_name": "Nguyễn Thị Ánh Tuyết", "qualified": True}],
    }
    assert dict(record.headers)["content-type"].startswith(b"application/cloudevents+json")
    await eventually(lambda: _drained(client), what="the outbox to drain")


async def _drained(client) -> bool:
    return await pending(client) == 0


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"ends_at": "2027-02-05T21:00:00+07:00"}, "ends_at", "end-after-start"),
        ({"ends_at": "2027-02-07T06:00:00+07:00"}, "ends_at", "max-length"),
        (
            {"starts_at": "2027-01-29T22:00:00+07:00", "ends_at": "2027-01-30T06:00:00+07:00"},
            "starts_at",
            "inside-campaign",
        ),
        (
            {"starts_at": "2027-02-15T20:00:00+07:00", "ends_at": "2027-02-16T04:00:00+07:00"},
            "ends_at",
            "inside-campaign",
        ),
        ({"twice": True}, "assignees", "unique"),
        ({"campaign_id": str(uuid.uuid4())}, "campaign_id", "campaign-exists"),
        ({"enterprise_id": str(uuid.uuid4())}, "enterprise_id", "enterprise-exists"),
        ({"site_id": str(uuid.uuid4())}, "site_id", "site-exists"),
    ],
)
async def test_broken_rules_are_precise_problems_and_store_nothing(client, seed, overrides, field, rule) -> None:
    campaign, enterprise, tuyet = await seed.world()
    people = [tuyet, tuyet] if overrides.pop("twice", False) else [tuyet]
    before = (await client.get("/shifts", params={"limit": 1})).json()["total"]
    response = await client.post("/shifts", json=shift_body(campaign, enterprise, people, **overrides))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith(f"/{rule}")
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [(field, rule)]
    assert problem["errors"][0]["message"] == problem["detail"]
    assert problem["detail_vi"]
    assert (await client.get("/shifts", params={"limit": 1})).json()["total"] == before


async def test_assignee_rules_name_each_person(client, seed) -> None:
    campaign, enterprise, boss = await seed.world()
    retired = await seed.staff(enterprise, "Lê Hoàng Yến", active=False)
    guard = await seed.staff(enterprise, "Võ Thị Hồng Nhung", qualifications=["guard"])
    stranger = await seed.staff(await seed.enterprise("Viettel Long An"), "Phạm Minh Khôi")
    response = await client.post(
        "/shifts",
        json=shift_body(
            campaign, enterprise, [boss, retired, guard, stranger, {"id": str(uuid.uuid4())}], duty_type="leadership"
        ),
    )
    assert response.status_code == 422
    problem = response.json()
    assert [(e["field"], e["rule"], e["staff_id"]) for e in problem["errors"]] == [
        ("assignees.1", "staff-active", retired["id"]),
        ("assignees.2", "qualified", guard["id"]),
        ("assignees.3", "same-enterprise", stranger["id"]),
        ("assignees.4", "staff-exists", problem["errors"][3]["staff_id"]),
    ]
    assert "Võ Thị Hồng Nhung" in problem["errors"][1]["message"]


async def test_schema_errors_name_the_field(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    body = shift_body(campaign, enterprise, [tuyet], duty_type="cooking", surprise=1)
    body["assignees"][0]["full_name"] = "names come from the staff records"
    response = await client.post("/shifts", json=body)
    assert response.status_code == 422
    fields = {e["field"]: e["rule"] for e in response.json()["errors"]}
    assert fields == {
        "body.duty_type": "literal_error",  # the contract's DutyTypeKey (a Literal), like every other code
        "body.surprise": "extra_forbidden",
        "body.assignees.0.full_name": "extra_forbidden",
    }


async def test_malformed_json_is_a_400_problem(client) -> None:
    response = await client.post("/shifts", content=b'{"enterprise_id": ', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["type"].endswith("/malformed-json")


async def test_oversized_body_is_refused_with_413(new_database, kafka, topic_prefix) -> None:
    settings = RosterSettings(
        database_url=new_database("roster"),
        kafka_bootstrap_servers=kafka,
        topic_prefix=topic_prefix,
        max_body_bytes=2048,
        log_json=False,
    )
    async with running(create_app(settings)) as client:
        body = {
            "campaign_id": str(uuid.uuid4()),
            "enterprise_id": str(uuid.uuid4()),
            "duty_type": "patrol",
            "starts_at": "2027-02-05T22:00:00+07:00",
            "ends_at": "2027-02-06T06:00:00+07:00",
            "assignees": [{"staff_id": str(uuid.uuid4())}],
            "notes": "x" * 1900,
        }
        response = await client.post("/shifts", json=body)
        assert response.status_code == 413
        assert response.json()["status"] == 413
        assert "send less" in response.json()["detail"] and "hãy gửi ít hơn" in response.json()["detail_vi"]
        assert await pending(client) == 0


async def test_unknown_shift_is_404_problem(client) -> None:
    missing = uuid.uuid4()
    response = await client.get(f"/shifts/{missing}")
    assert response.status_code == 404
    assert response.json()["type"].endswith("/shift-not-found")
    assert str(missing) in response.json()["detail"]


async def test_double_booking_is_a_409_naming_the_conflicting_shift(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    site_a, site_b = await seed.site(enterprise), await seed.site(enterprise)
    first = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet], site_id=site_a["id"]))
    assert first.status_code == 201
    # Another site, another duty type, overlapping by an hour: still the same person.
    response = await client.post(
        "/shifts",
        json=shift_body(
            campaign,
            enterprise,
            [tuyet],
            site_id=site_b["id"],
            duty_type="patrol",
            starts_at="2027-02-06T05:00:00+07:00",
            ends_at="2027-02-06T12:00:00+07:00",
        ),
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"].endswith("/no-double-booking")
    assert problem["conflicting_shift_id"] == first.json()["id"]
    assert problem["staff_id"] == tuyet["id"]
    assert problem["errors"][0]["field"] == "assignees.0"
    assert "Nguyễn Thị Ánh Tuyết" in problem["detail"] and problem["detail_vi"]
    # Back to back is fine.
    after = await client.post(
        "/shifts",
        json=shift_body(
            campaign,
            enterprise,
            [tuyet],
            duty_type="patrol",
            starts_at="2027-02-06T06:00:00+07:00",
            ends_at="2027-02-06T12:00:00+07:00",
        ),
    )
    assert after.status_code == 201
    assert [w["rule"] for w in after.json()["warnings"]] == ["min-rest"]


async def test_two_concurrent_requests_cannot_both_book_the_same_person(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    bodies = [
        shift_body(campaign, enterprise, [tuyet]),
        shift_body(
            campaign,
            enterprise,
            [tuyet],
            starts_at="2027-02-06T02:00:00+07:00",
            ends_at="2027-02-06T10:00:00+07:00",
            duty_type="patrol",
        ),
    ]
    responses = await asyncio.gather(*(client.post("/shifts", json=b) for b in bodies))
    assert sorted(r.status_code for r in responses) == [201, 409]
    winner = next(r for r in responses if r.status_code == 201).json()
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["conflicting_shift_id"] == winner["id"]
    listed = (await client.get("/shifts", params={"staff_id": tuyet["id"]})).json()
    assert [s["id"] for s in listed["items"]] == [winner["id"]]


async def test_the_database_refuses_a_double_booking_the_check_missed(client, seed, monkeypatch) -> None:
    # As if both requests had read before either wrote: the service's own check sees nobody.
    campaign, enterprise, tuyet = await seed.world()
    first = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))
    assert first.status_code == 201

    from roster.db.facts import PgFacts

    reads = PgFacts.for_rules

    async def sees_nobody(self, **kwargs):
        return dataclasses.replace(await reads(self, **kwargs), bookings=[])

    monkeypatch.setattr(PgFacts, "for_rules", sees_nobody)
    before = await pending(client)
    response = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet], duty_type="patrol"))
    assert response.status_code == 409, response.text
    assert response.json()["conflicting_shift_id"] == first.json()["id"]
    assert response.json()["type"].endswith("/no-double-booking")
    assert await pending(client) <= before  # no event for the refused shift


async def test_list_filters_sorts_and_pages(client, seed) -> None:
    campaign, enterprise, tuyet = await seed.world()
    duc = await seed.staff(enterprise, "Trần Văn Đức")
    site = await seed.site(enterprise)
    made = []
    for day, person, duty in [
        (3, tuyet, "operations"),
        (1, duc, "patrol"),
        (2, tuyet, "operations"),
        (1, tuyet, "leadership"),
    ]:
        response = await client.post(
            "/shifts",
            json=shift_body(
                campaign,
                enterprise,
                [person],
                duty_type=duty,
                site_id=site["id"] if person is duc else None,
                starts_at=f"2027-02-0{day}T08:00:00+07:00",
                ends_at=f"2027-02-0{day}T16:00:00+07:00",
            ),
        )
        assert response.status_code == 201, response.text
        made.append(response.json())
    mine = {"enterprise_id": enterprise["id"]}

    async def ids(**params) -> list[str]:
        page = (await client.get("/shifts", params={**mine, **params})).json()
        return [s["id"] for s in page["items"]]

    by_start = sorted(made, key=lambda s: (s["starts_at"], s["id"]))
    assert await ids() == [s["id"] for s in by_start]
    assert await ids(staff_id=duc["id"]) == [made[1]["id"]]
    assert await ids(site_id=site["id"]) == [made[1]["id"]]
    assert await ids(duty_type="operations") == [made[2]["id"], made[0]["id"]]
    assert await ids(**{"from": "2027-02-02T12:00:00+07:00", "to": "2027-02-03T09:00:00+07:00"}) == [
        made[2]["id"],
        made[0]["id"],
    ]
    assert await ids(status="published") == []
    assert await ids(campaign_id=campaign["id"], status=["draft", "published"]) == [s["id"] for s in by_start]

    answer = await client.get("/shifts", params={**mine, "limit": 3})
    first = answer.json()
    assert (first["total"], first["limit"], len(first["items"])) == (4, 3, 3)
    assert "offset" not in first and "cursor=" in first["next"]
    assert answer.headers["Link"] == f'<{first["next"]}>; rel="next"'
    second = (await client.get(first["next"].replace("http://test", ""))).json()
    assert [s["id"] for s in first["items"] + second["items"]] == [s["id"] for s in by_start]
    assert second["next"] is None and second["total"] == 4

    cursor = first["next"].split("cursor=")[1].split("&")[0]
    elsewhere = await client.get("/swaps", params={"cursor": cursor})  # a shifts cursor does not page swaps
    assert elsewhere.status_code == 422, elsewhere.text
    assert elsewhere.json()["type"].endswith("/bad-cursor") and elsewhere.json()["detail_vi"]

    # Latest first, paged the same way; ties on the start go by id, the other way round too.
    latest = list(reversed(by_start))
    assert await ids(order="-starts_at") == [s["id"] for s in latest]
    assert await ids(order="starts_at") == [s["id"] for s in by_start]
    first = (await client.get("/shifts", params={**mine, "order": "-starts_at", "limit": 3})).json()
    assert "order=-starts_at" in first["next"] and first["total"] == 4
    second = (await client.get(first["next"].replace("http://test", ""))).json()
    assert [s["id"] for s in first["items"] + second["items"]] == [s["id"] for s in latest]
    # One order's cursor does not page the other (it would skip or repeat shifts).
    latest_cursor = first["next"].split("cursor=")[1].split("&")[0]
    mixed = await client.get("/shifts", params={**mine, "cursor": latest_cursor})
    assert mixed.status_code == 422 and mixed.json()["type"].endswith("/bad-cursor")
    unknown = await client.get("/shifts", params={**mine, "order": "ends_at"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "query.order"
    # Over by an instant: ended at or before it (one ending at 16:00 on the 2nd is over by then, not the 3rd's).
    assert await ids(ended_by="2027-02-02T16:00:00+07:00", order="-starts_at") == [
        made[2]["id"],
        *[s["id"] for s in latest if s["starts_at"].startswith("2027-02-01")],
    ]
    assert await ids(ended_by="2027-02-01T15:59:00+07:00") == []

    too_many = await client.get("/shifts", params={"limit": 100_000})
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "query.limit"
    backwards = await client.get("/shifts", params={"from": "2027-02-03T00:00:00Z", "to": "2027-02-02T00:00:00Z"})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "to"
