"""Serving and relaying as separate roles, with real processes: roster served by two workers
on uvloop + httptools with ROSTER_RELAY=off keeps its committed events in the outbox; `python
-m roster relay` then publishes them to Kafka in commit order. The asyncio + h11 fallback is
what a served process reports when asked for it."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import datetime

import httpx
import pytest
from sqlalchemy import text

from devstack.run import relay_process
from devstack.services import ServiceProcess, service_env
from lichtruc import db, topics
from support import ADMIN, auth, eventually, free_port, read_topic

AS_ADMIN = auth(ADMIN)
SERVER_INFO = re.compile(r'lichtruc_server_info\{loop="(\w+)",http="(\w+)",pid="(\d+)"\} 1')


async def server_info(url: str) -> tuple[str, str, str]:
    """(loop, http, pid) as the worker that answered reports them; a fresh connection each time."""
    async with httpx.AsyncClient(timeout=5) as client:
        found = SERVER_INFO.search((await client.get(f"{url}/metrics")).text)
    assert found is not None
    return found.group(1), found.group(2), found.group(3)


@pytest.fixture
def roster_env(new_database, kafka, topic_prefix):
    return service_env("roster", database_url=new_database("roster"), kafka=kafka, topic_prefix=topic_prefix)


def created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


async def test_relay_off_keeps_events_in_the_outbox_until_the_relay_process_publishes_them(
    roster_env, kafka, topic_prefix, tmp_path
) -> None:
    env = {**roster_env, "ROSTER_WORKERS": "2", "ROSTER_RELAY": "off", "ROSTER_OUTBOX_POLL_SECONDS": "0.2"}
    roster = ServiceProcess(name="roster", port=free_port(), env=env, log_file=tmp_path / "roster.log")
    relay = relay_process(roster)
    relay.port = free_port()
    engine = db.create_engine(env["ROSTER_DATABASE_URL"], pool_size=1)
    try:
        roster.start()
        roster.wait_ready()
        # Both workers serve, each on uvloop and httptools (new connections land on either).
        pids: set[str] = set()

        async def both_workers() -> bool:
            loop, http, pid = await server_info(roster.url)
            assert (loop, http) == ("uvloop", "httptools")
            pids.add(pid)
            return len(pids) == 2

        await eventually(both_workers, timeout=30, interval=0.05, what="both roster workers to answer")

        async with httpx.AsyncClient(base_url=roster.url, headers=AS_ADMIN, timeout=10) as client:
            campaign = created(await client.post("/campaigns", json={"lunar_year": 2027}))
            enterprise = created(await client.post("/enterprises", json={"name": "VNPT Cần Thơ", "sector": "telecom"}))
            for name in ("Trần Văn Bình", "Lê Thị Hoa", "Phạm Minh Đức"):
                created(
                    await client.post(
                        "/staff",
                        json={"enterprise_id": enterprise["id"], "full_name": name, "qualifications": ["operator"]},
                    )
                )
            assert campaign["id"]

            async with engine.connect() as conn:
                committed = [str(row[0]) for row in await conn.execute(text("SELECT event_id FROM outbox ORDER BY id"))]
                first_at = (await conn.execute(text("SELECT min(created_at) FROM outbox"))).scalar_one()
            assert len(committed) >= 5
            # No worker publishes: several poll intervals later everything still waits, since the first commit
            # (what the portal's inspector pages say as "N changes since HH:MM have not reached audit").
            await asyncio.sleep(1.0)  # the absence of an effect has no condition to wait for
            waiting = (await client.get("/outbox")).json()
            assert waiting["pending"] == len(committed)
            assert datetime.fromisoformat(waiting["oldest_pending_at"]) == first_at
            assert 1.0 <= waiting["oldest_pending_seconds"] < 60  # by the database's clock, after the 1 s above

            relay.start()
            relay.wait_ready()

            async def drained() -> bool:
                return (await client.get("/outbox")).json()["pending"] == 0

            await eventually(drained, timeout=60, what="the relay process to publish the outbox")
            assert (await client.get("/outbox")).json() == {
                "pending": 0,
                "oldest_pending_at": None,
                "oldest_pending_seconds": None,
            }
            metrics = (await client.get(f"{relay.url}/metrics")).text
            assert "lichtruc_outbox_pending 0\n" in metrics
            assert 'lichtruc_dependency_up{dependency="kafka"} 1' in metrics
    finally:
        relay.stop()
        roster.stop()
        await engine.dispose()

    topic = topics.with_prefix(topic_prefix, topics.ROSTER_EVENTS)
    records = await read_topic(kafka, topic, until=lambda recs: len(recs) >= len(committed))
    # One enterprise's events share a key, so a partition; each key's events arrive in commit order.
    published = [json.loads(r.value)["id"] for r in sorted(records, key=lambda r: (r.partition, r.offset))]
    assert sorted(published) == sorted(committed)
    by_key: dict[bytes | None, list[str]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(record.key, []).append(json.loads(record.value)["id"])
    for ids in by_key.values():
        assert ids == [event for event in committed if event in ids]


async def test_the_relay_process_publishes_a_commit_at_once_not_at_its_next_poll(
    roster_env, kafka, topic_prefix, postgres_server, tmp_path
) -> None:
    """The relay polls only every minute here (each change is awaited 20 s at most, a reader joining
    its group included): what reaches it sooner is the outbox's notification
    at commit (lichtruc.outbox: the trigger and `OutboxRelay.listen`). It hears it again after its
    listening connection is cut (the database's backends terminated)."""
    env = {**roster_env, "ROSTER_RELAY": "off", "ROSTER_OUTBOX_POLL_SECONDS": "60"}
    roster = ServiceProcess(name="roster", port=free_port(), env=env, log_file=tmp_path / "roster.log")
    relay = relay_process(roster)
    relay.port = free_port()
    topic = topics.with_prefix(topic_prefix, topics.ROSTER_EVENTS)
    database = env["ROSTER_DATABASE_URL"].rsplit("/", 1)[1]
    try:
        roster.start()
        relay.start()
        roster.wait_ready()
        relay.wait_ready()
        async with httpx.AsyncClient(base_url=roster.url, headers=AS_ADMIN, timeout=10) as client:

            async def register(name: str) -> str:
                """An enterprise registered (retried while roster finds its connections cut: a 503)."""
                made: list[str] = []

                async def answered() -> bool:
                    response = await client.post("/enterprises", json={"name": name, "sector": "telecom"})
                    if response.status_code == 503:
                        return False
                    made.append(created(response)["id"])
                    return True

                await eventually(answered, timeout=30, interval=0.1, what=f"roster to register {name}")
                return made[0]

            async def published(enterprise_id: str) -> None:
                records = await read_topic(
                    kafka, topic, until=lambda recs: any(r.key == enterprise_id.encode() for r in recs), timeout=20
                )
                assert any(r.key == enterprise_id.encode() for r in records)

            async def listening() -> bool:
                return "lichtruc_outbox_listening 1\n" in (await client.get(f"{relay.url}/metrics")).text

            await eventually(listening, timeout=10, what="the relay to listen for commits")
            # The serving worker runs no relay (ROSTER_RELAY=off): it says nothing of listening.
            assert "lichtruc_outbox_listening" not in (await client.get("/metrics")).text
            await published(await register("VNPT Hậu Giang"))  # well before the relay's next poll
            postgres_server.psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'")
            await published(await register("Viettel Sóc Trăng"))
            await eventually(listening, timeout=10, what="the relay to listen again")
            await published(await register("MobiFone Bạc Liêu"))
    finally:
        relay.stop()
        roster.stop()
    assert "the listening connection was lost" in (tmp_path / "roster-relay.log").read_text()


async def test_asyncio_and_h11_remain_a_setting(roster_env, tmp_path) -> None:
    env = {**roster_env, "ROSTER_LOOP": "asyncio", "ROSTER_HTTP": "h11"}
    roster = ServiceProcess(name="roster", port=free_port(), env=env, log_file=tmp_path / "roster.log")
    try:
        roster.start()
        roster.wait_ready()
        loop, http, _ = await server_info(roster.url)
        assert (loop, http) == ("asyncio", "h11")
    finally:
        roster.stop()
