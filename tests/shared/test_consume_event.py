"""The consumer step in isolation (narrow unit test with hand-written fakes): bounded
retries, then the DLQ; and if even the DLQ is unreachable, the error surfaces so that
the message is not acknowledged."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from events_factory import message, shift_planned
from lichtruc.kafka import PermanentError, consume_event


@dataclass
class FakeRecord:
    topic: str = "lichtruc.roster.events.v1"
    partition: int = 2
    offset: int = 41
    key: bytes = b"k"
    value: bytes = b""
    headers: tuple = (("content-type", b"application/cloudevents+json"),)  # as aiokafka gives them


@dataclass
class FakeMessage:
    raw_message: FakeRecord


@dataclass
class FakeBroker:
    fail: bool = False
    published: list = field(default_factory=list)

    async def publish(self, value, *, topic, key, headers):
        if self.fail:
            raise ConnectionError("kafka down")
        self.published.append((topic, key, value, headers))


async def run(apply, broker, body, attempts=3):
    await consume_event(body, FakeMessage(FakeRecord(value=body)), broker=broker, consumer="test-group",
                        apply=apply, max_attempts=attempts, backoff_seconds=0)


async def test_transient_failure_is_retried_until_it_succeeds() -> None:
    calls = []

    async def apply(event, topic):
        calls.append(event.id)
        if len(calls) < 3:
            raise ConnectionError("database restarting")

    broker = FakeBroker()
    await run(apply, broker, message(shift_planned())[1])
    assert len(calls) == 3 and broker.published == []


async def test_persistent_failure_goes_to_the_dlq_after_bounded_attempts() -> None:
    calls = []

    async def apply(event, topic):
        calls.append(1)
        raise RuntimeError("boom")

    broker = FakeBroker()
    body = message(shift_planned())[1]
    await run(apply, broker, body, attempts=4)
    assert len(calls) == 4
    [(topic, key, value, headers)] = broker.published
    assert (topic, key, value) == ("lichtruc.roster.events.v1.dlq", b"k", body)
    assert headers["dlq-attempts"] == "4" and headers["dlq-error"] == "boom"
    assert headers["dlq-original-offset"] == "41" and headers["content-type"] == "application/cloudevents+json"


async def test_permanent_error_skips_the_retries() -> None:
    calls = []

    async def apply(event, topic):
        calls.append(1)
        raise PermanentError("references an unknown campaign")

    broker = FakeBroker()
    await run(apply, broker, message(shift_planned())[1])
    assert len(calls) == 1 and broker.published[0][3]["dlq-error-type"] == "PermanentError"


async def test_unreachable_dlq_raises_so_the_message_is_redelivered() -> None:
    async def apply(event, topic):
        raise AssertionError("never called for malformed bytes")

    with pytest.raises(ConnectionError):
        await run(apply, FakeBroker(fail=True), b"garbage")
