"""Kafka being down delays events, it never loses one: roster accepts a shift while its
broker is stopped (and stays ready, reporting the backlog), and the outbox relay delivers
the event once the broker is back."""

from __future__ import annotations

import json

import pytest

from devstack.kafka import QUICK_START, KafkaServer
from lichtruc import topics
from roster.app import create_app
from roster.settings import RosterSettings
from support import eventually, free_port, read_topic, running, wait_ready

from .seeding import Seed, shift_body


@pytest.fixture
def own_kafka(tmp_path, kafka_server):
    # A broker of this test's own: stopping it must not disturb the session's broker.
    # (Depending on kafka_server makes sure the jars are fetched first.)
    port = free_port()
    server = KafkaServer(
        data_dir=tmp_path / "kafka", port=port, controller_port=free_port(), heap="384m", jvm_options=QUICK_START
    )
    server.start()
    yield server
    server.stop()


async def test_event_committed_while_kafka_is_down_is_delivered_after_it_returns(
    own_kafka, new_database, topic_prefix
) -> None:
    settings = RosterSettings(
        database_url=new_database("roster"),
        kafka_bootstrap_servers=own_kafka.bootstrap_servers,
        topic_prefix=topic_prefix,
        outbox_poll_seconds=0.2,
        log_json=False,
    )
    topic = topics.with_prefix(topic_prefix, topics.ROSTER_EVENTS)
    async with running(create_app(settings)) as client:
        await wait_ready(client)
        campaign, enterprise, tuyet = await Seed(client).world()

        async def delivered() -> bool:
            return (await client.get("/outbox")).json()["pending"] == 0

        await eventually(delivered, what="the reference data's events to leave")
        own_kafka.stop()

        response = await client.post("/shifts", json=shift_body(campaign, enterprise, [tuyet]))
        assert response.status_code == 201
        shift_id = response.json()["id"]
        assert (await client.get("/outbox")).json()["pending"] == 1
        # Roster still takes writes, so it stays in the load balancer: ready, saying what waits.
        readiness = await client.get("/readyz")
        assert readiness.status_code == 200
        assert readiness.json()["status"] == "degraded"
        assert readiness.json()["checks"]["database"] == "ok"
        assert readiness.json()["checks"]["kafka"].startswith("unavailable")
        assert readiness.json()["outbox"]["pending"] == 1
        # The same for a scraper: Kafka down, the database up, one event waiting.
        metrics = (await client.get("/metrics")).text
        assert 'lichtruc_dependency_up{dependency="kafka"} 0' in metrics
        assert 'lichtruc_dependency_up{dependency="database"} 1' in metrics
        assert "lichtruc_outbox_pending 1\n" in metrics and "lichtruc_outbox_oldest_pending_age_seconds " in metrics

        own_kafka.start()
        await eventually(delivered, timeout=90, what="the relay to deliver the held event")

    def shift_events(records) -> list[str]:
        return [
            json.loads(r.value)["data"]["shift"]["shift_id"]
            for r in records
            if json.loads(r.value)["type"].startswith("lichtruc.roster.shift.")
        ]

    records = await read_topic(own_kafka.bootstrap_servers, topic, until=lambda recs: len(shift_events(recs)) >= 1)
    assert shift_events(records) == [shift_id]
