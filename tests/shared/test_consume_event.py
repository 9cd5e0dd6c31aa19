"""The consumer step in isolation (narrow unit test with hand-written fakes): transient
failures are retried without limit while the consumer shows as paused; permanent ones go
to the DLQ at once; unknown ones after bounded attempts, and only while the database
answers; a copy too large for the DLQ is parked as a digest; a DLQ that is briefly away
is waited for, never skipped."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import cast

from aiokafka.errors import KafkaConnectionError, MessageSizeTooLargeError
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage

from events_factory import message, shift_planned
from lichtruc.kafka import PARKED_CONTENT_TYPE, ConsumerHealth, PermanentError, consume_event


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


def kafka_message(record: FakeRecord) -> KafkaMessage:
    """A stand-in for FastStream's message: consume_event reads only its raw record."""
    return cast("KafkaMessage", FakeMessage(record))


@dataclass
class FakeBroker:
    """Publishes into a list; fails the first `failures` publishes, and any over `max_bytes`."""

    failures: int = 0
    max_bytes: int = 1_048_576
    published: list = field(default_factory=list)
    attempts: int = 0

    async def publish(self, value, *, topic, key, headers):
        self.attempts += 1
        if self.attempts <= self.failures:
            raise KafkaConnectionError("kafka down")
        if len(value) > self.max_bytes:
            raise MessageSizeTooLargeError(f"The message is {len(value)} bytes when serialized")
        self.published.append((topic, key, value, headers))


async def run(apply, broker, body, attempts=3, *, healthy=None, health=None):
    await consume_event(
        body,
        kafka_message(FakeRecord(value=body)),
        broker=broker,
        consumer="test-group",
        apply=apply,
        max_attempts=attempts,
        backoff_seconds=0,
        healthy=healthy,
        health=health,
    )


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


async def test_an_outage_longer_than_the_attempts_is_waited_out_and_shown_as_a_pause() -> None:
    health = ConsumerHealth("test-group")
    seen_paused = []

    async def apply(event, topic):
        seen_paused.append(health.paused)
        if len(seen_paused) <= 25:
            raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")

    broker = FakeBroker()
    await run(apply, broker, message(shift_planned())[1], attempts=3, health=health)
    assert len(seen_paused) == 26 and broker.published == []  # far beyond the 3 attempts, and no DLQ
    assert seen_paused[0] is False and all(seen_paused[1:])  # paused from the first failure on
    assert not health.paused and health.reason is None  # and resumed once applied


async def test_an_unknown_failure_on_an_unreachable_database_is_not_the_events_fault() -> None:
    probes = []

    async def healthy():
        probes.append(1)
        return len(probes) > 4  # the database answers from the fifth ping on

    calls = []

    async def apply(event, topic):
        calls.append(1)
        raise RuntimeError("something the driver did not explain")

    broker = FakeBroker()
    health = ConsumerHealth("test-group")
    await run(apply, broker, message(shift_planned())[1], attempts=2, healthy=healthy, health=health)
    # Attempts 2..6 asked the database; the 6th found it back, so a 7th ran with it up, failed the
    # same way and found it healthy again: the event's fault.
    assert len(probes) == 6 and len(calls) == 7
    [(_, _, _, headers)] = broker.published
    assert headers["dlq-attempts"] == "7" and headers["dlq-error-type"] == "RuntimeError"
    assert not health.paused


async def test_an_event_that_failed_just_before_the_database_came_back_is_tried_again_not_parked() -> None:
    probes = []

    async def healthy():
        probes.append(1)
        return len(probes) > 2  # back between the 4th attempt and the probe after it

    calls = []

    async def apply(event, topic):
        calls.append(1)
        if len(calls) <= 4:
            raise RuntimeError("connection refused, in words the driver does not classify")

    broker = FakeBroker()
    health = ConsumerHealth("test-group")
    await run(apply, broker, message(shift_planned())[1], attempts=2, healthy=healthy, health=health)
    assert len(calls) == 5 and len(probes) == 3 and broker.published == []
    assert not health.paused


async def test_a_dlq_that_is_away_is_waited_for_and_nothing_is_skipped() -> None:
    health = ConsumerHealth("test-group")
    broker = FakeBroker(failures=5)

    async def apply(event, topic):
        raise AssertionError("never called for malformed bytes")

    paused_during = []
    original = broker.publish

    async def publish(value, **kwargs):
        paused_during.append(health.paused)
        await original(value, **kwargs)

    broker.publish = publish  # type: ignore[method-assign]
    await run(apply, broker, b"garbage", health=health)
    assert broker.attempts == 6 and [p[2] for p in broker.published] == [b"garbage"]
    assert paused_during == [False, True, True, True, True, True] and not health.paused


async def test_a_message_too_large_for_the_dlq_is_parked_as_a_bounded_digest() -> None:
    body = b'{"padding": "' + b"x" * 3_000_000 + b'"}'  # JSON, but no CloudEvent: permanent
    record = FakeRecord(value=body, headers=(("content-type", b"application/json"), ("trace", b"t" * 5000)))
    broker = FakeBroker(max_bytes=1_048_576)

    async def apply(event, topic):
        raise AssertionError("never called")

    await consume_event(
        body,
        kafka_message(record),
        broker=cast("KafkaBroker", broker),  # the fake: publish() is all consume_event uses
        consumer="test-group",
        apply=apply,
        max_attempts=3,
        backoff_seconds=0,
    )
    [(topic, key, value, headers)] = broker.published
    assert topic == "lichtruc.roster.events.v1.dlq" and key == b"k"
    assert len(value) < 8192 and headers["content-type"] == PARKED_CONTENT_TYPE and headers["dlq-parked"] == "true"
    assert headers["dlq-original-offset"] == "41" and headers["dlq-error-type"] == "ValidationError"
    parked = json.loads(value)
    assert parked["original"] == {
        "topic": "lichtruc.roster.events.v1",
        "partition": 2,
        "offset": 41,
        "timestamp_ms": None,
    }
    assert parked["size"] == len(body) and parked["sha256"] == hashlib.sha256(body).hexdigest()
    assert base64.b64decode(parked["head_base64"]) == body[:1024]
    assert base64.b64decode(parked["key_base64"]) == b"k"
    assert [h["key"] for h in parked["headers"]] == ["content-type", "trace"]
    assert parked["headers"][1]["size"] == 5000 and len(base64.b64decode(parked["headers"][1]["value_base64"])) == 256
    assert "MessageSizeTooLargeError" not in parked["error_type"] and "bytes" in parked["publish_error"]
