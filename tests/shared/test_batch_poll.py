"""The batch consumer's poll (lichtruc.service.PromptBatchSubscriber): records the fetcher has
are taken at once, and an empty poll that waited its `*_CONSUMER_BATCH_MS` is followed by the
next poll at once — FastStream's own batch subscriber sleeps as long again after it, and a
record arriving meanwhile waited for that sleep (issue 14's change → gap event latency). Only
a poll that came back empty early sleeps out the rest of its time, so the loop never spins.
Narrow unit tests with a hand-written consumer; the consumers on real Kafka are exercised by
tests/notifier/test_batch_consumer.py and the audit tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import anyio
import pytest
from aiokafka.structs import TopicPartition
from faststream.kafka.subscriber.usecase import BatchSubscriber

from lichtruc import db
from lichtruc.kafka import make_broker
from lichtruc.service import PromptBatchSubscriber, Runtime, subscribe_events
from lichtruc.settings import ServiceSettings

real_sleep = asyncio.sleep


@dataclass
class FakeConsumer:
    """getmany as aiokafka's: `answers` in turn; `wait` says whether an empty answer took the whole timeout."""

    answers: list[dict[TopicPartition, list[Any]]]
    wait: bool = True
    calls: list[tuple[int, int | None]] = field(default_factory=list)

    async def getmany(self, *, timeout_ms: int, max_records: int | None) -> dict[TopicPartition, list[Any]]:
        self.calls.append((timeout_ms, max_records))
        answer = self.answers.pop(0)
        if not answer and self.wait:
            await real_sleep(timeout_ms / 1000)
        return answer


def subscriber(runtime_settings: dict[str, Any] | None = None) -> PromptBatchSubscriber:
    """A batching consumer as `subscribe_events` registers it (nothing connects)."""
    settings = ServiceSettings(
        database_url="postgresql+asyncpg://postgres@127.0.0.1:1/none",
        consumer_batch_size=50,
        consumer_batch_ms=5,
        dev_mode=True,
        **(runtime_settings or {}),
    )
    engine = db.create_engine(settings.database_url)
    broker = make_broker(settings, client_id="test", description="test")
    runtime = Runtime(name="test", settings=settings, engine=engine, sessions=db.session_factory(engine), broker=broker)

    async def apply(event, topic):
        raise AssertionError("not called: nothing is consumed")

    async def apply_batch(events):
        raise AssertionError("not called: nothing is consumed")

    subscribe_events(runtime, "t", group_id="g", apply=apply, apply_batch=apply_batch, title="t", description="t")
    (registered,) = broker.subscribers
    assert isinstance(registered, PromptBatchSubscriber)
    return registered


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    taken: list[float] = []

    async def pause(seconds: float) -> None:
        taken.append(seconds)

    # Any sleep counts, FastStream's (anyio) included; the fake consumer keeps the real one.
    monkeypatch.setattr(PromptBatchSubscriber, "pause", staticmethod(pause))
    monkeypatch.setattr(asyncio, "sleep", pause)
    monkeypatch.setattr(anyio, "sleep", pause)
    return taken


def test_a_batching_consumer_is_registered_with_the_prompt_poll() -> None:
    registered = subscriber()
    assert type(registered) is PromptBatchSubscriber and isinstance(registered, BatchSubscriber)
    assert (registered.batch_timeout_ms, registered.max_records) == (5, 50)


async def test_buffered_records_are_taken_at_once_in_partition_order(pauses) -> None:
    sub = subscriber()
    p0, p1 = TopicPartition("t", 0), TopicPartition("t", 1)
    consumer = FakeConsumer([{p0: ["a", "b"], p1: ["c"]}])
    assert await sub.get_msg(consumer) == ("a", "b", "c")
    assert consumer.calls == [(5, 50)] and pauses == []


async def test_an_empty_poll_that_waited_its_time_is_followed_by_the_next_at_once(pauses) -> None:
    sub = subscriber()
    consumer = FakeConsumer([{}, {}, {TopicPartition("t", 0): ["late"]}], wait=True)
    assert await sub.get_msg(consumer) == ()
    assert await sub.get_msg(consumer) == ()
    assert await sub.get_msg(consumer) == ("late",)
    assert pauses == []  # FastStream's BatchSubscriber pauses 5 ms after each empty poll


async def test_an_empty_poll_that_came_back_early_sleeps_out_the_rest_so_the_loop_never_spins(pauses) -> None:
    sub = subscriber()
    consumer = FakeConsumer([{}], wait=False)
    assert await sub.get_msg(consumer) == ()
    assert len(pauses) == 1 and 0 < pauses[0] <= 0.005
