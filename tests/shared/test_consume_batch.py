"""The batch consumer step in isolation (narrow unit tests with hand-written fakes): a batch
goes to `apply_batch` in one call, in order; undecodable records go to the DLQ alone; a
transient failure retries the whole batch while the consumer shows as paused; any other
failure falls back to one event at a time, so that the bad event is dead-lettered and the
good ones are applied; the offsets committed are past every record of a batch and never
past one not handled. (With real Kafka and PostgreSQL: tests/notifier/test_batch_consumer.py.)"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import cast

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError
from aiokafka.structs import TopicPartition
from faststream.kafka import KafkaBroker

from events_factory import message, shift_planned
from lichtruc.kafka import (
    ConsumerHealth,
    FetchWait,
    OffsetCommitter,
    PermanentError,
    Record,
    consume_batch,
    next_batch,
    rewind,
)
from support import eventually, produce

TOPIC = "lichtruc.roster.events.v1"


@dataclass
class FakeRecord:
    offset: int
    value: bytes
    topic: str = TOPIC
    partition: int = 0
    key: bytes = b"k"
    headers: tuple = (("content-type", b"application/cloudevents+json"),)


@dataclass
class FakeBroker:
    failures: int = 0
    published: list = field(default_factory=list)
    attempts: int = 0

    async def publish(self, value, *, topic, key, headers):
        self.attempts += 1
        if self.attempts <= self.failures:
            raise KafkaConnectionError("kafka down")
        self.published.append((topic, key, value, headers))


def records(bodies: list[bytes], partition: int = 0, first: int = 100) -> list[FakeRecord]:
    return [FakeRecord(offset=first + i, value=b, partition=partition) for i, b in enumerate(bodies)]


def events(n: int) -> list[bytes]:
    return [message(shift_planned())[1] for _ in range(n)]


async def run(batch, apply, apply_batch, broker, *, attempts=3, health=None, healthy=None) -> None:
    await consume_batch(
        cast("list[Record]", batch),
        broker=cast("KafkaBroker", broker),
        consumer="test-group",
        apply=apply,
        apply_batch=apply_batch,
        max_attempts=attempts,
        backoff_seconds=0,
        health=health,
        healthy=healthy,
    )


def event_id(body: bytes) -> str:
    from lichtruc.events import decode

    return str(decode(body).id)


async def test_a_batch_is_applied_in_one_call_in_order() -> None:
    bodies = events(7)
    calls: list[list[tuple[str, str]]] = []

    async def apply(event, topic):
        raise AssertionError("not used when the batch succeeds")

    async def apply_batch(batch):
        calls.append([(str(e.id), t) for e, t in batch])

    broker = FakeBroker()
    await run(records(bodies), apply, apply_batch, broker)
    assert calls == [[(event_id(b), TOPIC) for b in bodies]]
    assert broker.published == []


async def test_an_undecodable_record_goes_to_the_dlq_alone_and_the_rest_is_applied() -> None:
    bodies = events(2) + [b"not json at all"] + events(2)
    applied: list[str] = []

    async def apply(event, topic):
        raise AssertionError("not used when the batch succeeds")

    async def apply_batch(batch):
        applied.extend(str(e.id) for e, _ in batch)

    broker = FakeBroker()
    await run(records(bodies), apply, apply_batch, broker)
    assert applied == [event_id(b) for i, b in enumerate(bodies) if i != 2]
    [(topic, _, value, headers)] = broker.published
    assert (topic, value) == (f"{TOPIC}.dlq", b"not json at all")
    assert headers["dlq-original-offset"] == "102" and headers["dlq-error-type"] == "ValidationError"


async def test_a_batch_of_only_undecodable_records_never_calls_apply() -> None:
    async def apply(event, topic):
        raise AssertionError("never")

    async def apply_batch(batch):
        raise AssertionError("never")

    broker = FakeBroker()
    await run(records([b"x", b"{}"]), apply, apply_batch, broker)
    assert [p[3]["dlq-original-offset"] for p in broker.published] == ["100", "101"]


async def test_a_transient_failure_retries_the_whole_batch_paused_and_never_falls_back() -> None:
    health = ConsumerHealth("test-group")
    bodies = events(5)
    seen: list[tuple[int, bool]] = []
    reasons: list[str | None] = []

    async def apply(event, topic):
        raise AssertionError("a transient failure must not fall back to one by one")

    async def apply_batch(batch):
        seen.append((len(batch), health.paused))
        reasons.append(health.reason)
        if len(seen) <= 12:  # far more than max_attempts
            raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")

    broker = FakeBroker()
    await run(records(bodies), apply, apply_batch, broker, attempts=3, health=health)
    assert [n for n, _ in seen] == [5] * 13
    assert seen[0][1] is False and all(p for _, p in seen[1:])  # paused from the first failure on
    assert "ConnectionRefusedError applying a batch of 5 events" in str(reasons[-1])  # what /readyz shows
    assert not health.paused and broker.published == []


async def test_a_bad_event_is_isolated_and_the_good_ones_of_its_batch_are_applied() -> None:
    bodies = events(6)
    bad = event_id(bodies[3])
    applied: list[str] = []
    batch_calls = []

    async def apply(event, topic):
        if str(event.id) == bad:
            raise PermanentError("refers to an unknown campaign")
        applied.append(str(event.id))

    async def apply_batch(batch):
        batch_calls.append(len(batch))
        if any(str(e.id) == bad for e, _ in batch):
            raise PermanentError("refers to an unknown campaign")  # the whole transaction rolls back
        applied.extend(str(e.id) for e, _ in batch)

    broker = FakeBroker()
    await run(records(bodies, partition=4), apply, apply_batch, broker)
    assert batch_calls == [6]  # not retried: falls back at once
    assert applied == [event_id(b) for i, b in enumerate(bodies) if i != 3]  # in order, the bad one left out
    [(dlq_topic, _, value, headers)] = broker.published
    assert (
        dlq_topic == f"{TOPIC}.dlq"
        and value == bodies[3]
        and headers["dlq-original-partition"] == "4"
        and headers["dlq-original-offset"] == "103"
    )
    assert headers["dlq-error-type"] == "PermanentError"


async def test_an_unknown_batch_failure_falls_back_and_a_buggy_event_goes_to_the_dlq_after_its_attempts() -> None:
    bodies = events(3)
    bad = event_id(bodies[0])
    tries: dict[str, int] = {}

    async def apply(event, topic):
        tries[str(event.id)] = tries.get(str(event.id), 0) + 1
        if str(event.id) == bad:
            raise KeyError("a handler bug")

    async def apply_batch(batch):
        raise KeyError("a handler bug")

    async def healthy():
        return True

    broker = FakeBroker()
    await run(records(bodies), apply, apply_batch, broker, attempts=4, healthy=healthy)
    assert tries == {bad: 4, event_id(bodies[1]): 1, event_id(bodies[2]): 1}
    [(_, _, value, headers)] = broker.published
    assert value == bodies[0] and headers["dlq-attempts"] == "4"


def test_offsets_of_a_batch_are_committed_past_its_last_record_per_partition() -> None:
    committer = OffsetCommitter()
    consumer = object()
    batch = records([b""] * 3, partition=0, first=10) + records([b""] * 2, partition=1, first=7)
    committer.processed_records(consumer, cast("list[Record]", batch))
    pending = {tp: offset for (_, tp), (_, offset) in committer._pending.items()}
    assert pending == {TopicPartition(TOPIC, 0): 13, TopicPartition(TOPIC, 1): 9}


class ScriptedConsumer:
    """`getmany` that answers what it is given, after the fetch took `took` seconds (on `clock`)."""

    def __init__(self, answer: dict, took: float, clock: list[float]) -> None:
        self.answer, self.took, self.clock = answer, took, clock
        self.asked: list[tuple[int, int]] = []

    async def getmany(self, *, timeout_ms: int, max_records: int) -> dict:
        self.asked.append((timeout_ms, max_records))
        self.clock[0] += self.took
        return self.answer


async def _fetch(consumer: ScriptedConsumer, clock: list[float]) -> tuple[tuple, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    got = await next_batch(consumer, timeout_ms=20, max_records=500, clock=lambda: clock[0], sleep=sleep)
    return got, slept


async def test_an_idle_batch_consumer_goes_straight_back_to_listening() -> None:
    """FastStream's batch subscriber slept as long again after every empty fetch: an event arriving
    then waited up to `*_CONSUMER_BATCH_MS` before anyone read it. A fetch that waited its whole
    timeout is followed by the next fetch at once."""
    clock = [100.0]
    waited = ScriptedConsumer({}, took=0.020, clock=clock)
    assert await _fetch(waited, clock) == ((), [])
    assert waited.asked == [(20, 500)]


async def test_an_empty_answer_that_came_back_early_waits_out_the_timeout_so_the_loop_does_not_spin() -> None:
    clock = [100.0]
    paused = ScriptedConsumer({}, took=0.005, clock=clock)  # every partition paused: getmany answers at once
    got, slept = await _fetch(paused, clock)
    assert got == () and len(slept) == 1 and abs(slept[0] - 0.015) < 1e-9


async def test_records_come_back_at_once_partition_by_partition_in_offset_order() -> None:
    clock = [100.0]
    a0, a1, b0 = FakeRecord(0, b"a0"), FakeRecord(1, b"a1"), FakeRecord(0, b"b0", partition=1)
    fetched = ScriptedConsumer({TopicPartition(TOPIC, 0): [a0, a1], TopicPartition(TOPIC, 1): [b0]}, 0.001, clock)
    assert await _fetch(fetched, clock) == ((a0, a1, b0), [])


class SeekingConsumer:
    def __init__(self) -> None:
        self.seeks: list[tuple[TopicPartition, int]] = []

    def seek(self, partition: TopicPartition, offset: int) -> None:
        self.seeks.append((partition, offset))


def test_a_failed_batch_is_rewound_to_its_earliest_record_in_every_partition() -> None:
    """A batch spanning partitions (records of a partition in any order): each partition goes back
    to its first record of the batch, so nothing after it is skipped; other partitions are left."""
    consumer = SeekingConsumer()
    batch = records(events(3), partition=0, first=7)[::-1] + records(events(2), partition=2, first=40)
    rewind(consumer, cast("list[Record]", batch))
    assert sorted(consumer.seeks, key=lambda s: s[0].partition) == [
        (TopicPartition(TOPIC, 0), 7),
        (TopicPartition(TOPIC, 2), 40),
    ]


async def test_a_batch_is_applied_with_the_cycle_collector_paused_and_resumed_after_it() -> None:
    """lichtruc.cycles: the collector is off while the batch is applied, on again once it returns or fails."""
    import gc

    seen: list[bool] = []

    async def apply(event, topic):
        seen.append(gc.isenabled())  # the fallback, one event at a time: not paused

    async def apply_batch(batch):
        seen.append(gc.isenabled())
        if len(seen) == 2:
            raise ValueError("a bug: fall back to one at a time")

    assert gc.isenabled()
    await run(records(events(1)), apply, apply_batch, FakeBroker())
    assert seen == [False] and gc.isenabled()
    await run(records(events(1)), apply, apply_batch, FakeBroker())
    assert seen == [False, False, True] and gc.isenabled()


async def test_the_cycle_collector_is_never_paused_for_long(monkeypatch) -> None:
    """A batch stuck on the database: the guard timer resumes the collector meanwhile; a pause taken
    by someone else is left alone."""
    import gc

    from lichtruc import cycles

    monkeypatch.setattr(cycles, "PAUSE_LIMIT_SECONDS", 0.05)
    async with cycles.collected_after():
        assert not gc.isenabled()

        async def resumed() -> bool:
            return gc.isenabled()

        await eventually(resumed, timeout=10, interval=0.01, what="the collector resumed by the guard")
    assert gc.isenabled()
    gc.disable()
    try:
        async with cycles.collected_after():
            assert not gc.isenabled()
        assert not gc.isenabled()  # not ours to resume
    finally:
        gc.enable()


class _Fetcher:
    def __init__(self, wait_ms: int) -> None:
        self._fetch_max_wait_ms = wait_ms


class WaitingConsumer(ScriptedConsumer):
    """A scripted consumer with aiokafka's place for the broker's hold on its fetches."""

    def __init__(self, answer: dict, took: float, clock: list[float]) -> None:
        super().__init__(answer, took, clock)
        self._fetcher = _Fetcher(50)


async def test_the_broker_holds_an_idle_consumers_fetch_long_and_a_busy_ones_short() -> None:
    """`FetchWait`: 50 ms while records come, 500 ms once none has come for a second, 50 ms again with the
    first record."""
    clock = [100.0]
    wait = FetchWait(busy_ms=50, idle_ms=500, idle_after=1.0)
    record = {TopicPartition(TOPIC, 0): [FakeRecord(0, b"a0")]}
    consumer = WaitingConsumer(record, took=0.001, clock=clock)

    async def fetch() -> int:
        await next_batch(consumer, timeout_ms=20, max_records=500, clock=lambda: clock[0], wait=wait)
        return consumer._fetcher._fetch_max_wait_ms

    assert await fetch() == 50  # records: busy
    consumer.answer, consumer.took = {}, 0.020
    waits = [await fetch() for _ in range(60)]  # 1.2 s of empty fetches
    assert waits[:45] == [50] * 45  # under a second since the last record
    assert waits[-5:] == [500] * 5  # idle
    consumer.answer, consumer.took = record, 0.001
    assert await fetch() == 50  # a record: busy again at once


async def test_a_consumer_without_aiokafkas_fetcher_keeps_its_wait() -> None:
    clock = [100.0]
    consumer = ScriptedConsumer({}, took=0.020, clock=clock)
    wait = FetchWait(busy_ms=50, idle_ms=500, idle_after=0.0)
    assert await next_batch(consumer, timeout_ms=20, max_records=500, clock=lambda: clock[0], wait=wait) == ()
    assert not hasattr(consumer, "_fetcher")


async def test_a_fetch_the_broker_may_hold_eight_seconds_is_answered_when_a_record_arrives(kafka) -> None:
    """With aiokafka as pinned and a real broker: `FetchWait` reaches the fetcher, and an idle consumer whose
    fetches the broker may hold for 8 s reads a record as it arrives, not when the 8 s are out."""
    topic = f"t{uuid.uuid4().hex[:10]}.fetch-wait"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=6, replication_factor=1)])
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka,
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=50,
    )
    await consumer.start()
    try:
        wait = FetchWait(busy_ms=50, idle_ms=8000, idle_after=0.0)

        async def idle() -> bool:  # the consumer's own empty fetches, until its partitions are its
            assert await next_batch(consumer, timeout_ms=20, max_records=500, wait=wait) == ()
            return bool(consumer.assignment())

        await eventually(idle, timeout=60, interval=0, what="the consumer's partitions")
        assert consumer._fetcher._fetch_max_wait_ms == 8000
        for _ in range(25):  # half a second of idle fetching: the fetch in flight is one held up to 8 s
            await next_batch(consumer, timeout_ms=20, max_records=500, wait=wait)
        await produce(kafka, topic, [(b"k", b"Xin ch\xc3\xa0o", None)])
        started = time.monotonic()

        async def arrived() -> tuple[Record, ...]:
            return await next_batch(consumer, timeout_ms=20, max_records=500, wait=wait)

        [record] = await eventually(arrived, timeout=30, interval=0, what="the record")
        assert record.value == "Xin chào".encode()
        assert time.monotonic() - started < 4.0, "the broker held the fetch to its end"
        assert consumer._fetcher._fetch_max_wait_ms == 50  # busy again
    finally:
        await consumer.stop()
