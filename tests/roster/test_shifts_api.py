"""Roster's first path against the real database and broker: a shift is committed with
its event, the outbox relay publishes it, and bad input gets a precise problem."""

from __future__ import annotations

import json
import uuid

import pytest

from lichtruc import topics
from roster.app import create_app
from roster.settings import RosterSettings
from support import eventually, read_topic, running, wait_ready

ENTERPRISE = "6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f01"
TUYET = {"staff_id": "6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f02", "full_name": "Nguyễn Thị Ánh Tuyết"}


def shift_body(**overrides) -> dict:
    body = {
        "enterprise_id": ENTERPRISE, "duty_type": "leadership",
        "starts_at": "2027-02-05T22:00:00+07:00", "ends_at": "2027-02-06T06:00:00+07:00",
        "assignees": [TUYET], "notes": "Trực đêm giao thừa",
    }
    body.update(overrides)
    return body


@pytest.fixture
def settings(new_database, kafka, topic_prefix) -> RosterSettings:
    return RosterSettings(database_url=new_database("roster"), kafka_bootstrap_servers=kafka,
                          topic_prefix=topic_prefix, outbox_poll_seconds=0.2, log_json=False)


async def test_planned_shift_is_committed_and_published_through_the_outbox(settings, kafka) -> None:
    async with running(create_app(settings)) as client:
        await wait_ready(client)
        response = await client.post("/shifts", json=shift_body())
        assert response.status_code == 201, response.text
        shift = response.json()
        assert response.headers["location"] == f"/shifts/{shift['id']}"
        assert shift["assignees"][0]["full_name"] == "Nguyễn Thị Ánh Tuyết"
        assert (await client.get(f"/shifts/{shift['id']}")).json()["version"] == 1

        topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
        records = await read_topic(kafka, topic, until=lambda recs: len(recs) >= 1)
        assert len(records) == 1
        record = records[0]
        assert record.key == ENTERPRISE.encode()
        assert "Nguyễn Thị Ánh Tuyết".encode() in record.value
        event = json.loads(record.value)
        assert event["type"] == "lichtruc.roster.shift.planned.v1"
        assert event["data"]["shift"]["shift_id"] == shift["id"]
        assert event["data"]["shift"]["starts_at"] == "2027-02-05T15:00:00Z"  # stored and sent in UTC
        assert dict(record.headers)["content-type"].startswith(b"application/cloudevents+json")

        async def outbox_drained() -> bool:
            return (await client.get("/outbox")).json()["pending"] == 0

        await eventually(outbox_drained, what="the outbox to drain")


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"ends_at": "2027-02-05T21:00:00+07:00"}, "ends_at", "end-after-start"),
        ({"ends_at": "2027-02-07T06:00:00+07:00"}, "ends_at", "max-length"),
        ({"assignees": [TUYET, TUYET]}, "assignees", "unique"),
    ],
)
async def test_broken_rules_are_precise_problems_and_store_nothing(settings, overrides, field, rule) -> None:
    async with running(create_app(settings)) as client:
        response = await client.post("/shifts", json=shift_body(**overrides))
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["errors"] == [{"field": field, "rule": rule, "message": problem["detail"]}]
        assert problem["detail_vi"]
        assert (await client.get("/outbox")).json()["pending"] == 0


async def test_schema_errors_name_the_field(settings) -> None:
    async with running(create_app(settings)) as client:
        response = await client.post("/shifts", json=shift_body(duty_type="cooking", surprise=1))
        assert response.status_code == 422
        fields = {e["field"]: e["rule"] for e in response.json()["errors"]}
        assert fields == {"body.duty_type": "enum", "body.surprise": "extra_forbidden"}


async def test_malformed_json_is_a_400_problem(settings) -> None:
    async with running(create_app(settings)) as client:
        response = await client.post("/shifts", content=b'{"enterprise_id": ', headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert response.json()["type"].endswith("/malformed-json")


async def test_oversized_body_is_refused_with_413(new_database, kafka, topic_prefix) -> None:
    settings = RosterSettings(database_url=new_database("roster"), kafka_bootstrap_servers=kafka,
                              topic_prefix=topic_prefix, max_body_bytes=2048, log_json=False)
    async with running(create_app(settings)) as client:
        response = await client.post("/shifts", json=shift_body(notes="x" * 1900, assignees=[TUYET] * 3))
        assert response.status_code == 413
        assert response.json()["status"] == 413
        assert (await client.get("/outbox")).json()["pending"] == 0


async def test_unknown_shift_is_404_problem(settings) -> None:
    async with running(create_app(settings)) as client:
        missing = uuid.uuid4()
        response = await client.get(f"/shifts/{missing}")
        assert response.status_code == 404
        assert str(missing) in response.json()["detail"]
