"""Notifier's dead letters on the real broker and database: a message too large to copy to
the DLQ is parked as a digest and the partition goes on; a dead-lettered event is applied
by `dlq replay` once its cause is fixed, and replaying again changes nothing."""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re

import pytest
from aiokafka import AIOKafkaProducer
from notifier_testkit import settings_for
from sqlalchemy import func, select, text

from events_factory import message, shift_planned
from lichtruc import dlq, topics
from lichtruc.kafka import PARKED_CONTENT_TYPE
from lichtruc.vntime import instant_label
from notifier.app import create_app
from notifier.db.tables import inbox
from support import eventually, produce, read_topic, running, wait_ready


def roster_topic(settings) -> str:
    return topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)


async def known_version(client, shift_id) -> int | None:
    response = await client.get(f"/shifts/{shift_id}")
    return response.json()["version"] if response.status_code == 200 else None


async def dlq_command(settings, *argv: str) -> tuple[int, str]:
    """`python -m notifier dlq …` in this process: a fresh app (as the command builds), its output."""
    parser = argparse.ArgumentParser()
    dlq.add_parser(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    code = await dlq.run(parser.parse_args(["dlq", *argv]), create_app(settings).state.runtime, out)
    return code, out.getvalue()


async def test_a_message_too_large_for_the_dlq_is_parked_and_the_partition_goes_on(
    new_database, kafka, topic_prefix
) -> None:
    settings = settings_for(new_database("notifier"), kafka, topic_prefix)
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        after = shift_planned()
        key = after.partitionkey.encode()
        # 2 MB that gzip squeezes under the broker's limit; uncompressed, over the DLQ producer's 1 MiB.
        huge = json.dumps({"note": "Tết " * 500_000}).encode()
        producer = AIOKafkaProducer(
            bootstrap_servers=kafka, acks="all", compression_type="gzip", max_request_size=8 * 1024 * 1024
        )
        await producer.start()
        try:
            sent = await producer.send_and_wait(
                roster_topic(settings), huge, key=key, headers=[("content-type", b"application/json")]
            )
            await producer.send_and_wait(roster_topic(settings), message(after)[1], key=key)
        finally:
            await producer.stop()

        async def next_event_applied() -> bool:
            return await known_version(client, after.data["shift"]["shift_id"]) == 1

        await eventually(next_event_applied, what="the event after the oversized message")
        assert (await client.get("/readyz")).status_code == 200

        [parked] = await read_topic(kafka, topics.dlq(roster_topic(settings)), until=lambda recs: len(recs) >= 1)
        headers = {k: v.decode() for k, v in parked.headers}
        assert headers["content-type"] == PARKED_CONTENT_TYPE and headers["dlq-parked"] == "true"
        assert headers["dlq-consumer"] == settings.consumer_group and headers["dlq-error-type"] == "ValidationError"
        assert len(parked.value) < 8192 and parked.key == key
        summary = json.loads(parked.value)
        assert summary["original"]["topic"] == roster_topic(settings)
        assert (summary["original"]["partition"], summary["original"]["offset"]) == (sent.partition, sent.offset)
        assert summary["size"] == len(huge) > 1024 * 1024
        assert summary["sha256"] == hashlib.sha256(huge).hexdigest()
        assert base64.b64decode(summary["head_base64"]) == huge[:1024]
        assert summary["headers"][0]["key"] == "content-type"

        code, listing = await dlq_command(settings, "list")
        assert code == 0 and "PARKED" in listing and f"{len(huge)} bytes" in listing, listing
        code, output = await dlq_command(settings, "replay", "--all")
        assert code == 1 and "cannot replay a parked record" in output, output
        assert f"{roster_topic(settings)}[{sent.partition}]@{sent.offset}" in output, output


async def test_replay_applies_a_dead_letter_once_its_cause_is_fixed_and_twice_changes_nothing(
    new_database, kafka, topic_prefix
) -> None:
    settings = settings_for(new_database("notifier"), kafka, topic_prefix, consumer_max_attempts=2)
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        refused, after = shift_planned(), shift_planned()
        async with app.state.runtime.engine.begin() as conn:  # a fault that repeats on a healthy database
            await conn.execute(
                text(f"""
                CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.event_id = '{refused.id}' THEN RAISE EXCEPTION 'simulated fault'; END IF;
                    RETURN NEW;
                END $$""")
            )
            await conn.execute(
                text("CREATE TRIGGER refuse_one BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION refuse_one()")
            )
        await produce(kafka, roster_topic(settings), [message(refused), message(after)])

        async def next_event_applied() -> bool:
            return await known_version(client, after.data["shift"]["shift_id"]) == 1

        await eventually(next_event_applied, what="the event after the refused one")
        refused_shift = refused.data["shift"]["shift_id"]
        assert await known_version(client, refused_shift) is None

        code, listing = await dlq_command(settings, "list", "--json")
        [row, trailer] = [json.loads(line) for line in listing.splitlines()]
        assert row["event"] == f"{refused.type} @ {instant_label(refused.time)}" and "simulated fault" in row["error"]
        assert row["event_id"] == str(refused.id) and row["error"].startswith(row["error_type"] + ": ")
        assert row["consumer"] == settings.consumer_group and row["parked"] is False
        assert trailer == {"total": 1, "limit": 50, "next": None}

        async with app.state.runtime.engine.begin() as conn:  # the cause is fixed
            await conn.execute(text("DROP TRIGGER refuse_one ON inbox"))

        code, output = await dlq_command(settings, "replay", "--offset", row["ref"])
        assert code == 0 and "replayed 1 of 1" in output, output
        assert await known_version(client, refused_shift) == 1
        first = (await client.get(f"/shifts/{refused_shift}")).json()

        async def applied_events() -> int:
            async with app.state.runtime.sessions() as session:
                return await session.scalar(select(func.count()).select_from(inbox))

        assert await applied_events() == 2
        code, output = await dlq_command(settings, "replay", "--all")
        assert code == 0 and "replayed 1 of 1" in output, output
        assert await applied_events() == 2
        assert (await client.get(f"/shifts/{refused_shift}")).json() == first

        code, output = await dlq_command(settings, "replay", "--offset", "5:999")
        assert code == 2 and "no dead letter of this service at 5:999" in output, output


async def test_dlq_list_pages_and_filters_and_speaks_both_languages(new_database, kafka, topic_prefix) -> None:
    settings = settings_for(new_database("notifier"), kafka, topic_prefix)
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        marker = shift_planned()
        junk = [(b"k", f"not json {n}".encode(), None) for n in range(3)]  # permanent: straight to the DLQ
        await produce(kafka, roster_topic(settings), [*junk, message(marker)])

        async def next_event_applied() -> bool:
            return await known_version(client, marker.data["shift"]["shift_id"]) == 1

        await eventually(next_event_applied, what="the event after the malformed ones")

    code, first = await dlq_command(settings, "list", "--limit", "2")
    assert code == 0, first
    rows = [line for line in first.splitlines() if re.fullmatch(r".*\s\d+:\d+", line)]
    assert len(rows) == 2 and all("not a CloudEvent" in r and "[ValidationError]" in r for r in rows), first
    assert "3 dead letter(s) match" in first and "2 shown" in first, first
    assert "3 sự kiện trong DLQ khớp điều kiện" in first and "đang hiện 2" in first, first
    following = re.search(r"Next page: python -m notifier dlq list --limit 2 --cursor (\S+)", first)
    assert (
        following is not None and f"Trang sau: python -m notifier dlq list --limit 2 --cursor {following[1]}" in first
    )

    code, second = await dlq_command(settings, "list", "--limit", "2", "--cursor", following[1])
    more = [line for line in second.splitlines() if re.fullmatch(r".*\s\d+:\d+", line)]
    assert code == 0 and len(more) == 1 and "(the last page)" in second and "(trang cuối)" in second, second
    refs = {r.split()[-1] for r in rows + more}
    assert len(refs) == 3  # each dead letter once across the pages

    async def count(*argv: str) -> int:
        code, output = await dlq_command(settings, "list", "--json", *argv)
        assert code == 0, output
        return json.loads(output.splitlines()[-1])["total"]

    assert await count() == 3
    assert await count("--error-type", "ValidationError") == 3 and await count("--error-type", "KeyError") == 0
    assert await count("--consumer", settings.consumer_group) == 3 and await count("--consumer", "someone-else") == 0
    assert await count("--parked") == 0
    assert await count("--since", "2020-01-01") == 3 and await count("--since", "2999-01-01T08:00") == 0

    code, refused = await dlq_command(settings, "list", "--cursor", "bm90LWEtY3Vyc29y")
    assert (
        code == 2 and "was not handed out" in refused and "Vị trí trang đã gửi không do danh sách này cấp" in refused
    ), refused
    with pytest.raises(SystemExit):
        await dlq_command(settings, "list", "--limit", "0")
    code, refused = await dlq_command(settings, "replay", "--offset", "7")
    assert code == 2 and "PARTITION:OFFSET" in refused and "PHÂN_VÙNG:VỊ_TRÍ" in refused, refused
