"""Kafka helpers every service uses: the broker, topic creation, and the
at-least-once consumer step with bounded retries and a dead-letter topic.

Consumers subscribe with auto-commit off and commit offsets themselves, only for
messages whose handler returned, i.e. whose effect and inbox row were committed together
(`OffsetCommitter`, in batches: one commit round trip per message would cap a consumer
at about a hundred messages a second). A message that still fails after bounded retries
is copied to `<topic>.dlq` with the error in its headers, and the consumer goes on.
If even the dead-letter publish fails the handler raises, the consumer seeks back to
that message, and Kafka redelivers it: nothing is lost. Whatever was processed but not
yet committed when a consumer dies is redelivered, and the inbox drops the repeats.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import TopicPartition
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from pydantic import ValidationError

from . import topics as topic_names
from .events import CloudEvent, decode
from .settings import ServiceSettings

log = logging.getLogger(__name__)

_TOPIC_ALREADY_EXISTS = 36


class PermanentError(Exception):
    """An event that can never be applied (retrying is pointless): straight to the DLQ."""


def make_broker(settings: ServiceSettings, *, client_id: str, description: str) -> KafkaBroker:
    """A FastStream Kafka broker whose producer waits for all in-sync replicas."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=client_id,
        description=description,
        acks="all",
        enable_idempotence=True,
        request_timeout_ms=10_000,
        graceful_timeout=10.0,
        logger=logging.getLogger(f"{client_id}.kafka"),
    )


async def ensure_topics(settings: ServiceSettings, names: list[str]) -> None:
    """Create the topics (and their DLQs) if missing; existing ones are left alone."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers, request_timeout_ms=10_000)
    await admin.start()
    try:
        wanted = []
        for name in names:
            wanted += [name, topic_names.dlq(name)]
        response = await admin.create_topics(
            [NewTopic(n, settings.topic_partitions, settings.topic_replication_factor) for n in wanted]
        )
        for topic, code, message in (tuple(e)[:3] for e in response.topic_errors):
            if code not in (0, _TOPIC_ALREADY_EXISTS):
                raise RuntimeError(f"creating Kafka topic {topic} failed with error {code}: {message}")
    finally:
        await admin.close()


async def raw_body(msg: Any) -> bytes:
    """FastStream decoder that hands the handler the exact bytes, so that a malformed
    message reaches our own error handling (and the DLQ) instead of failing in the framework."""
    return msg.body


def _header(value: object) -> bytes:
    return str(value).encode("utf-8", errors="replace")[:2000]


async def dead_letter(broker: KafkaBroker, msg: KafkaMessage, *, consumer: str, error: BaseException,
                      attempts: int) -> None:
    """Copy the message to `<topic>.dlq`, same key and value, with where it came from and why it failed."""
    raw = msg.raw_message
    headers = {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)) for k, v in (raw.headers or ())}
    headers.update(
        {
            "dlq-original-topic": raw.topic,
            "dlq-original-partition": str(raw.partition),
            "dlq-original-offset": str(raw.offset),
            "dlq-consumer": consumer,
            "dlq-attempts": str(attempts),
            "dlq-error-type": type(error).__name__,
            "dlq-error": _header(error).decode(),
        }
    )
    await broker.publish(raw.value, topic=topic_names.dlq(raw.topic), key=raw.key, headers=headers)
    log.warning("sent %s[%s]@%s to the DLQ after %d attempt(s): %s", raw.topic, raw.partition, raw.offset,
                attempts, error)


async def consume_event(
    body: bytes,
    msg: KafkaMessage,
    *,
    broker: KafkaBroker,
    consumer: str,
    apply: Callable[[CloudEvent, str], Awaitable[None]],
    max_attempts: int,
    backoff_seconds: float,
) -> None:
    """Decode and apply one message with bounded retries; dead-letter it if it cannot be applied.

    `apply(event, topic)` must commit the event's effect and its inbox row in one
    transaction, so that a retry or a redelivery after a crash changes nothing twice.
    """
    try:
        event = decode(body)
    except ValidationError as exc:
        await dead_letter(broker, msg, consumer=consumer, error=exc, attempts=1)
        return
    topic = msg.raw_message.topic
    for attempt in range(1, max_attempts + 1):
        try:
            await apply(event, topic)
            return
        except (PermanentError, ValidationError) as exc:
            await dead_letter(broker, msg, consumer=consumer, error=exc, attempts=attempt)
            return
        except Exception as exc:  # noqa: BLE001 - bounded retries, then the DLQ, by design
            if attempt == max_attempts:
                await dead_letter(broker, msg, consumer=consumer, error=exc, attempts=attempt)
                return
            log.warning("applying event %s failed (attempt %d/%d): %r", event.id, attempt, max_attempts, exc)
            await asyncio.sleep(backoff_seconds * 2 ** (attempt - 1))


async def connect_until_ready(broker: KafkaBroker, settings: ServiceSettings, topics: list[str],
                              connected: asyncio.Event, *, service: str) -> None:
    """Create the topics and start the broker, retrying with backoff while Kafka is unreachable.

    Run as a background task from the lifespan: the HTTP side serves (and roster's
    outbox fills) even when Kafka is down, and `/readyz` says so until it is back.
    """
    delay = 0.5
    while True:
        try:
            await ensure_topics(settings, topics)
            await broker.start()
        except Exception as exc:  # noqa: BLE001 - keep trying; readiness reports it
            log.warning("%s: Kafka at %s not reachable yet (%r); retrying in %.1fs", service,
                        settings.kafka_bootstrap_servers, exc, delay)
            try:
                await broker.stop()
            except Exception:  # noqa: BLE001
                pass
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
        else:
            connected.set()
            log.info("%s: connected to Kafka at %s", service, settings.kafka_bootstrap_servers)
            return


class OffsetCommitter:
    """Commits the offsets of processed messages in batches (at-least-once, see the module doc).

    `processed(msg)` is called after a message's handler returned; `run()` commits what
    is pending every `interval` seconds, and `flush()` commits the rest at shutdown.
    """

    def __init__(self, *, interval: float = 0.2) -> None:
        self.interval = interval
        self._pending: dict[tuple[int, TopicPartition], tuple[Any, int]] = {}
        self.committed_batches = 0

    def processed(self, msg: KafkaMessage) -> None:
        raw = msg.raw_message
        consumer = msg.consumer
        # The committed offset is the next one to read.
        self._pending[(id(consumer), TopicPartition(raw.topic, raw.partition))] = (consumer, raw.offset + 1)

    async def flush(self) -> None:
        pending, self._pending = self._pending, {}
        by_consumer: dict[int, tuple[Any, dict[TopicPartition, int]]] = {}
        for (consumer_id, tp), (consumer, offset) in pending.items():
            by_consumer.setdefault(consumer_id, (consumer, {}))[1][tp] = offset
        for consumer, offsets in by_consumer.values():
            try:
                await consumer.commit(offsets)
                self.committed_batches += 1
            except Exception as exc:  # noqa: BLE001 - e.g. a rebalance took the partition: it is redelivered
                log.warning("committing offsets %s failed (those messages will be redelivered): %r", offsets, exc)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            if self._pending:
                await self.flush()
