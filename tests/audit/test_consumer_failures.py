"""Audit's consumer against the real broker and database when things fail: a database that
refuses connections for longer than the retry attempts is waited out (paused, `/readyz`
503, nothing dead-lettered, the event logged once it is back), and an event dead-lettered
by a fault that was then fixed is applied again by `python -m audit dlq replay`, once."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import uuid
from datetime import UTC, datetime, timedelta

from audit_testkit import audit_settings
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from audit.app import create_app
from audit.db.tables import event_log
from events_factory import message, shift_planned
from lichtruc import topics
from lichtruc.vntime import instant_label
from support import eventually, present, produce, read_topic, running, wait_ready


def roster_topic(settings) -> str:
    return topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)


async def logged(app, event_id) -> int:
    async with app.state.runtime.sessions() as session:
        return await session.scalar(select(func.count()).select_from(event_log).where(event_log.c.event_id == event_id))


async def test_a_database_outage_longer_than_the_attempts_pauses_the_consumer_and_loses_nothing(
    new_database, kafka, topic_prefix, postgres_server
) -> None:
    settings = audit_settings(
        new_database("audit"),
        kafka,
        topic_prefix,
        consumer_max_attempts=2,
        consumer_retry_backoff_seconds=0.05,
        consumer_max_backoff_seconds=0.3,
    )
    database = present(make_url(settings.database_url).database)
    app = create_app(settings)
    health = None
    async with running(app) as client:
        await wait_ready(client)
        health = app.state.runtime.consumers[settings.consumer_group]
        before, during = shift_planned(), shift_planned()  # same key: same partition, in this order
        await produce(kafka, roster_topic(settings), [message(before)])
        await eventually(lambda: logged(app, before.id), what="the first event in the log")

        await asyncio.to_thread(postgres_server.psql, f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        try:
            await asyncio.to_thread(
                postgres_server.psql,
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'",
            )
            await produce(kafka, roster_topic(settings), [message(during)])

            async def not_ready_because_paused() -> bool:
                response = await client.get("/readyz")
                assert response.status_code == 503, response.text
                body = response.json()
                assert "paused" in body["checks"]["consumers"], body
                # Not "check that they run": paused on a transient failure, waiting for the database.
                assert f"The consumer {settings.consumer_group} is paused on a transient failure" in body["detail"]
                assert "waits for its PostgreSQL database since " in body["detail"], body
                assert f"Bộ tiêu thụ {settings.consumer_group} đang tạm dừng vì một lỗi tạm thời" in body["detail_vi"]
                assert "đang chờ cơ sở dữ liệu PostgreSQL" in body["detail_vi"], body
                return True

            await eventually(not_ready_because_paused, what="/readyz to say the consumer is paused")

            async def paused_for_a_while() -> bool:
                # at 0.05–0.3 s between tries, 2 s is well past the 2 attempts an unknown failure gets
                return health.paused_since is not None and datetime.now(UTC) - health.paused_since > timedelta(
                    seconds=2
                )

            await eventually(paused_for_a_while, what="the consumer to stay paused through many retries")
            assert settings.consumer_group in health.describe() and health.reason
        finally:
            await asyncio.to_thread(postgres_server.psql, f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')

        await eventually(lambda: logged(app, during.id), what="the event that arrived during the outage")
        await wait_ready(client)
        assert not health.paused

        # A poison message with the same key lands in the same DLQ partition after anything the
        # outage might have dead-lettered: once it is there, the DLQ holds all it ever will.
        poison = (during.partitionkey.encode(), b"{not json", None)
        await produce(kafka, roster_topic(settings), [poison])
        dead = await read_topic(kafka, topics.dlq(roster_topic(settings)), until=lambda recs: len(recs) >= 1)
        assert [r.value for r in dead] == [b"{not json"]
        assert await logged(app, during.id) == 1 and await logged(app, before.id) == 1
        verification = (await client.get("/log/verify")).json()
        assert verification["ok"] is True and verification["records_checked"] == 2


def refuse_one_event(postgres_server, database: str, event_id: uuid.UUID) -> None:
    """Make the log refuse one event id: a fault that repeats while the database is healthy
    (as a bug or a constraint the data breaks would), fixed later by `allow_all`."""
    postgres_server.psql(
        f"""
        CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.event_id = '{event_id}' THEN RAISE EXCEPTION 'simulated fault for %', NEW.event_id; END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_one BEFORE INSERT ON event_log FOR EACH ROW EXECUTE FUNCTION refuse_one();
    """,
        database=database,
    )


def allow_all(postgres_server, database: str) -> None:
    postgres_server.psql("DROP TRIGGER refuse_one ON event_log", database=database)


async def audit_command(settings, *args: str) -> tuple[int, str]:
    """`python -m audit <args>` as an operator runs it, configured through the environment."""
    env = {
        **os.environ,
        "AUDIT_DATABASE_URL": settings.database_url,
        "AUDIT_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "AUDIT_TOPIC_PREFIX": settings.topic_prefix,
        "AUDIT_CONSUMER_GROUP": settings.consumer_group,
        "AUDIT_LOG_JSON": "false",
        "AUDIT_LOG_LEVEL": "WARNING",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "audit", *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode()


async def test_dlq_replay_applies_a_dead_letter_once_the_cause_is_fixed(settings, kafka, postgres_server) -> None:
    settings = settings.model_copy(update={"consumer_max_attempts": 2, "consumer_retry_backoff_seconds": 0.02})
    database = present(make_url(settings.database_url).database)
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        refused, marker = shift_planned(), shift_planned()
        await asyncio.to_thread(refuse_one_event, postgres_server, database, refused.id)
        await produce(kafka, roster_topic(settings), [message(refused), message(marker)])
        await eventually(lambda: logged(app, marker.id), what="the event after the refused one")
        assert await logged(app, refused.id) == 0

        code, listing = await audit_command(settings, "dlq", "list")
        assert code == 0, listing
        assert "1 dead letter(s) match" in listing and "1 sự kiện trong DLQ khớp" in listing, listing
        # Named by type and time (Vietnam time, lunar day), not by a bare id.
        assert f"{refused.type} @ {instant_label(refused.time, 'en')}" in listing, listing  # English first,
        assert f"sự kiện lúc: {instant_label(refused.time)}" in listing, listing  # then the Vietnamese line
        assert str(refused.id) not in listing.splitlines()[0], listing  # (the fault's own text names it)
        assert "simulated fault" in listing and f"{roster_topic(settings)}[" in listing, listing
        ref = listing.splitlines()[0].split()[-1]  # PARTITION:OFFSET, the row's last column
        assert re.fullmatch(r"\d+:\d+", ref), listing

        code, output = await audit_command(settings, "dlq", "replay", "--offset", ref)
        assert code == 1 and "NOT APPLIED" in output and "simulated fault" in output, output  # not fixed yet
        assert await logged(app, refused.id) == 0

        await asyncio.to_thread(allow_all, postgres_server, database)
        code, output = await audit_command(settings, "dlq", "replay", "--offset", ref)
        assert code == 0 and "replayed 1 of 1" in output, output
        assert await logged(app, refused.id) == 1

        code, output = await audit_command(settings, "dlq", "replay", "--all")  # twice: changes nothing
        assert code == 0 and "replayed 1 of 1" in output, output
        assert await logged(app, refused.id) == 1
        verification = (await client.get("/log/verify")).json()
        assert verification["ok"] is True and verification["records_checked"] == 2
