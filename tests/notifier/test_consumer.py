"""Notifier's consumer on the real broker and database: at-least-once, idempotent,
tolerant of out-of-order versions, and a poison message goes to the DLQ without
stopping the consumer."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from events_factory import message, roster_example, shift_planned
from lichtruc import topics
from lichtruc.events import SwapRejected, SwapRequested, SwapWithdrawn
from lichtruc.events_department import DepartmentProfileChanged
from notifier.app import create_app
from notifier.db.tables import inbox
from notifier.settings import NotifierSettings
from support import eventually, produce, read_topic, running, wait_ready


@pytest.fixture
def settings(new_database, kafka, topic_prefix) -> NotifierSettings:
    return NotifierSettings(
        database_url=new_database("notifier"),
        kafka_bootstrap_servers=kafka,
        topic_prefix=topic_prefix,
        consumer_group=f"{topic_prefix}-notifier",
        consumer_retry_backoff_seconds=0.01,
        log_json=False,
    )


def roster_topic(settings: NotifierSettings) -> str:
    return topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)


async def known_version(client, shift_id) -> int | None:
    response = await client.get(f"/shifts/{shift_id}")
    return response.json()["version"] if response.status_code == 200 else None


async def inbox_count(app) -> int:
    async with app.state.runtime.sessions() as session:
        return await session.scalar(select(func.count()).select_from(inbox))


async def test_event_is_applied_once_even_when_delivered_twice(settings, kafka) -> None:
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        first = shift_planned()
        marker = shift_planned()  # same key, same partition: applied after the duplicate
        await produce(kafka, roster_topic(settings), [message(first), message(first), message(marker)])

        async def marker_applied() -> bool:
            return await known_version(client, marker.data["shift"]["shift_id"]) == 1

        await eventually(marker_applied, what="the marker event to be applied")
        assert await known_version(client, first.data["shift"]["shift_id"]) == 1
        assert await inbox_count(app) == 2
        shown = (await client.get(f"/shifts/{first.data['shift']['shift_id']}")).json()
        assert shown["data"]["assignees"][0]["full_name"] == "Nguyễn Thị Ánh Tuyết"


async def test_a_withdrawn_swap_is_recorded_like_the_other_swap_events_and_the_next_event_applied(
    settings, kafka
) -> None:
    """Notifier tells no one of a request withdrawn (nor of one rejected), nor of a change of the Department's
    details (the names its documents print): recorded, never a dead letter."""
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        swaps = [roster_example(m) for m in (SwapRequested, SwapRejected, SwapWithdrawn)]
        department = roster_example(DepartmentProfileChanged)  # its own key: in order with nothing else here
        marker = shift_planned()  # the same key as the swaps: applied after them
        await produce(kafka, roster_topic(settings), [message(e) for e in (*swaps, department, marker)])

        async def all_recorded() -> bool:
            return await known_version(client, marker.data["shift"]["shift_id"]) == 1 and await inbox_count(app) == 5

        await eventually(all_recorded, what="the event after the swap events to be applied, and every event recorded")
        async with app.state.runtime.sessions() as session:
            recorded = set(await session.scalars(select(inbox.c.event_type)))
        assert recorded >= {e.type for e in (*swaps, department)}


async def test_older_version_arriving_late_does_not_overwrite_a_newer_one(settings, kafka) -> None:
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        newer = shift_planned(version=3, name="Trần Văn Đức")
        older = shift_planned(shift_id=newer.data["shift"]["shift_id"], version=2, name="Lê Hoàng Yến")
        marker = shift_planned()
        await produce(kafka, roster_topic(settings), [message(newer), message(older), message(marker)])

        async def marker_applied() -> bool:
            return await known_version(client, marker.data["shift"]["shift_id"]) == 1

        await eventually(marker_applied, what="the marker event")
        shown = (await client.get(f"/shifts/{newer.data['shift']['shift_id']}")).json()
        assert shown["version"] == 3
        assert shown["data"]["assignees"][0]["full_name"] == "Trần Văn Đức"


async def test_poison_message_goes_to_the_dlq_and_the_next_event_is_applied(settings, kafka) -> None:
    app = create_app(settings)
    topic = roster_topic(settings)
    async with running(app) as client:
        await wait_ready(client)
        good = shift_planned()
        bad_data = shift_planned()
        bad_data_raw = message(bad_data)[1].replace(b'"version":1', b'"version":0')  # violates version >= 1
        await produce(
            kafka,
            topic,
            [
                (good.partitionkey.encode(), b"{not json at all", {"content-type": "application/json"}),
                (good.partitionkey.encode(), bad_data_raw, None),
                message(good),
            ],
        )

        async def good_applied() -> bool:
            return await known_version(client, good.data["shift"]["shift_id"]) == 1

        await eventually(good_applied, what="the good event after two poison messages")

    dead = await read_topic(kafka, topics.dlq(topic), until=lambda recs: len(recs) >= 2)
    assert [r.value for r in dead] == [b"{not json at all", bad_data_raw]
    headers = dict(dead[0].headers)
    assert headers["dlq-original-topic"] == topic.encode()
    assert headers["dlq-error-type"] == b"ValidationError"
    assert headers["dlq-consumer"] == settings.consumer_group.encode()
    assert b"version" in dict(dead[1].headers)["dlq-error"]


async def committed_offsets(kafka: str, group: str, topic: str) -> int:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset > 0)


async def test_offsets_are_committed_after_processing_and_a_restart_reprocesses_nothing(settings, kafka) -> None:
    topic = roster_topic(settings)
    events = [shift_planned() for _ in range(30)]
    app = create_app(settings)
    async with running(app) as client:
        await wait_ready(client)
        await produce(kafka, topic, [message(e) for e in events])

        async def all_applied() -> bool:
            return await inbox_count(app) == 30

        await eventually(all_applied, what="30 events applied")

        async def all_committed() -> bool:
            return await committed_offsets(kafka, settings.consumer_group, topic) == 30

        await eventually(all_committed, what="the group's offsets to cover the 30 events")
        assert app.state.runtime.offsets.committed_batches < 30  # batched, not one round trip per message

    # A second instance of the same group starts where the first stopped: nothing comes again.
    again = create_app(settings)
    async with running(again) as client:
        await wait_ready(client)
        marker = shift_planned()
        await produce(kafka, topic, [message(marker)])

        async def marker_applied() -> bool:
            return await known_version(client, marker.data["shift"]["shift_id"]) == 1

        await eventually(marker_applied, what="the marker after the restart")
        assert await inbox_count(again) == 31

        async def marker_committed() -> bool:
            return await committed_offsets(kafka, settings.consumer_group, topic) == 31

        await eventually(marker_committed, what="the marker's offset to be committed")
