"""Kafka helpers every service uses: the broker, topic creation, and the
at-least-once consumer step with failure classification and a dead-letter topic.

Consumers subscribe with auto-commit off and commit offsets themselves, only for
messages whose handler returned, i.e. whose effect and inbox row were committed together
(`OffsetCommitter`, in batches: one commit round trip per message would cap a consumer
at about a hundred messages a second). Whatever was processed but not yet committed
when a consumer dies is redelivered, and the inbox drops the repeats.

What a failure of `apply` leads to (lichtruc.failures.classify):

- **transient** (database or Kafka away, deadlock, serialization failure): retried
  without limit, with exponential backoff capped at `*_CONSUMER_MAX_BACKOFF_SECONDS`.
  The handler does not return meanwhile, so the subscriber (which handles one message
  at a time) reads nothing further: its partitions are paused, the offset stays before
  the event, and `ConsumerHealth` makes `/readyz` answer 503 with the reason.
- **permanent** (not JSON, not a CloudEvent, a schema violation, `PermanentError`):
  copied to `<topic>.dlq` at once, and the consumer goes on.
- **unknown** (a handler bug, a constraint the data breaks): retried; after
  `*_CONSUMER_MAX_ATTEMPTS` failures it goes to the DLQ if the database answers a ping,
  else it is the database's fault and counts as transient (and once the database answers
  again, the event gets one more try with it up before it is blamed).

Pausing for long: aiokafka heartbeats from a background task, so the group keeps the
consumer while its handler waits; but after `max_poll_interval_ms` (5 min) without a
fetch the consumer leaves the group and its partitions go to another member (or back
to it when it fetches again). Nothing is lost either way: the offset was not committed,
the event is redelivered, and the inbox makes the second application a no-op.

Batches: a service that passes `apply_batch` to `lichtruc.service.subscribe_events` gets
up to `*_CONSUMER_BATCH_SIZE` records at a time (whatever the fetch has buffered, waiting
up to `*_CONSUMER_BATCH_MS` when nothing is) and applies them in one transaction
(`consume_batch`; the records are fetched by `next_batch`, which listens all the time it is idle):
undecodable records go to the DLQ alone, a transient failure retries
the whole batch (paused, as above), any other failure falls back to one event at a time
under the rules above, so that a bad event is isolated without losing the good ones.
Offsets of a batch are marked processed only once all of it is applied or dead-lettered.

The DLQ never blocks. Its copy is the message as it came (same key, value and headers,
plus `dlq-*` headers saying where from and why). A copy that is too large to publish
(over the producer's `max_request_size`, `*_KAFKA_MAX_REQUEST_BYTES`, 1 MiB by default,
or the broker's `message.max.bytes` / the topic's `max.message.bytes`, 1 MiB + 12 bytes
by default; a compressed input can be far larger than its size on the wire) is replaced
by a bounded *parked* record: JSON with the original topic, partition and offset, key,
headers, size, SHA-256 digest and first KiB of the value, and the error. Any other
failure to publish to the DLQ is retried (paused, as above) until it succeeds: a message
is never skipped without a trace. `python -m audit|notifier dlq list|replay`
(lichtruc.dlq) shows dead letters and applies them again once the cause is fixed.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeAlias, cast

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import ConsumerRecord, TopicPartition
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from pydantic import ValidationError

from . import topics as topic_names
from . import vntime
from .cycles import collected_after
from .events import CloudEvent, decode
from .failures import Dependency, PermanentError, classify, dependency_of, is_too_large
from .settings import ServiceSettings

log = logging.getLogger(__name__)

_TOPIC_ALREADY_EXISTS = 36

PARKED_CONTENT_TYPE = "application/vnd.lichtruc.parked+json"
"""Content type of a parked record: the stand-in for a message too large for the DLQ."""
PARKED_HEAD_BYTES = 1024
_PARKED_HEADER_BYTES = 256
_PARKED_MAX_HEADERS = 32

__all__ = [
    "PARKED_CONTENT_TYPE",
    "Backoff",
    "BatchApply",
    "ConsumerHealth",
    "Fetched",
    "OffsetCommitter",
    "PermanentError",
    "Record",
    "connect_until_ready",
    "consume_batch",
    "consume_event",
    "dead_letter",
    "ensure_topics",
    "make_broker",
    "next_batch",
    "parked_record",
    "raw_body",
    "rewind",
]


def make_broker(settings: ServiceSettings, *, client_id: str, description: str) -> KafkaBroker:
    """A FastStream Kafka broker whose producer waits for all in-sync replicas and refuses,
    before sending, records over `kafka_max_request_bytes` (see the module docstring)."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=client_id,
        description=description,
        acks="all",
        enable_idempotence=True,
        request_timeout_ms=10_000,
        max_request_size=settings.kafka_max_request_bytes,
        graceful_timeout=10.0,
        logger=logging.getLogger(f"{client_id}.kafka"),
        # FastStream's "Received"/"Processed" line per message (per batch) only at DEBUG: a replay
        # would log two lines per event, and each costs a JSON format and a write on the way.
        log_level=logging.DEBUG,
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


Record: TypeAlias = "ConsumerRecord[bytes, bytes]"
"""One Kafka record as aiokafka gives it (a batch subscriber's message carries a tuple of them)."""


def _record(msg: KafkaMessage | Record) -> Record:
    """The Kafka record of a one-record message, or the record itself."""
    raw = getattr(msg, "raw_message", None)
    return cast("Record", msg if raw is None else raw)


async def raw_body(msg: Any) -> bytes:
    """FastStream decoder that hands the handler the exact bytes, so that a malformed
    message reaches our own error handling (and the DLQ) instead of failing in the framework."""
    return msg.body


@dataclass
class ConsumerHealth:
    """Whether a consumer is waiting out a transient failure, since when and why (for `/readyz`)."""

    consumer: str
    paused_since: datetime | None = None
    reason: str | None = None
    waiting_for: Dependency | None = None

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    def pause(self, reason: str, *, waiting_for: Dependency = "database") -> None:
        if self.paused_since is None:
            self.paused_since = datetime.now(UTC)
            log.warning("consumer %s paused: %s", self.consumer, reason)
        self.reason = reason
        self.waiting_for = waiting_for

    def resume(self) -> None:
        if self.paused_since is not None:
            log.info(
                "consumer %s resumed after %.1fs",
                self.consumer,
                (datetime.now(UTC) - self.paused_since).total_seconds(),
            )
        self.paused_since = self.reason = self.waiting_for = None

    def describe(self) -> str:
        """One line for readiness: who, for how long, why."""
        if self.paused_since is None:
            return f"{self.consumer}: consuming"
        seconds = (datetime.now(UTC) - self.paused_since).total_seconds()
        return f"{self.consumer} paused for {seconds:.0f}s: {self.reason}"

    def explain(self, lang: str = "en") -> str:
        """What an operator reads in `/readyz`: paused on a transient failure, waiting for what, since when."""
        if self.paused_since is None:
            return ""
        dependency = DEPENDENCY_NAMES[self.waiting_for or "database"]
        since = vntime.clock(self.paused_since, "vi" if lang == "vi" else "en")  # "5 Feb 2027" in English
        seconds = max(0, round((datetime.now(UTC) - self.paused_since).total_seconds()))
        if lang == "vi":
            return (
                f"Bộ tiêu thụ {self.consumer} đang tạm dừng vì một lỗi tạm thời: đang chờ {dependency[1]} từ {since} "
                f"({seconds} giây) và tự thử lại, không bỏ qua sự kiện nào. Hãy khôi phục {dependency[1]}; "
                "nhật ký ghi rõ lỗi."
            )
        return (
            f"The consumer {self.consumer} is paused on a transient failure: it waits for {dependency[0]} since "
            f"{since} ({seconds} s) and retries by itself, skipping nothing. Bring {dependency[0]} back; the log "
            "says what failed."
        )


DEPENDENCY_NAMES: dict[str, tuple[str, str]] = {
    "database": ("its PostgreSQL database", "cơ sở dữ liệu PostgreSQL của nó"),
    "kafka": ("Kafka", "Kafka"),
}


class Backoff:
    """Exponential delays from `first`, capped at `cap`; `reset` after a success."""

    def __init__(self, first: float, cap: float) -> None:
        self.first, self.cap, self.tries = first, cap, 0

    def next(self) -> float:
        self.tries += 1
        return min(self.first * 2 ** min(self.tries - 1, 30), self.cap)

    def reset(self) -> None:
        self.tries = 0


def _text(value: object, limit: int = 2000) -> str:
    return str(value).encode("utf-8", errors="replace")[:limit].decode("utf-8", errors="ignore")


def _original_headers(raw: Any) -> dict[str, str]:
    return {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)) for k, v in (raw.headers or ())}


def _dlq_headers(raw: Any, *, consumer: str, error: BaseException, attempts: int) -> dict[str, str]:
    return {
        "dlq-original-topic": raw.topic,
        "dlq-original-partition": str(raw.partition),
        "dlq-original-offset": str(raw.offset),
        "dlq-consumer": consumer,
        "dlq-attempts": str(attempts),
        "dlq-error-type": type(error).__name__,
        "dlq-error": _text(error),
    }


def parked_record(
    raw: Any, *, consumer: str, error: BaseException, attempts: int, publish_error: BaseException
) -> tuple[bytes, bytes | None, dict[str, str]]:
    """The bounded stand-in (value, key, headers) of a message that cannot be copied to the DLQ whole.

    It keeps what an operator needs to find and judge the original (topic, partition,
    offset, key, headers, size, SHA-256, the first KiB) and is a few KiB at most whatever
    the original's size; the original itself stays in its topic until retention deletes it.
    """
    value: bytes = raw.value or b""
    key: bytes | None = raw.key
    headers = []
    for name, header_value in list(raw.headers or ())[:_PARKED_MAX_HEADERS]:
        data = header_value if isinstance(header_value, bytes) else str(header_value).encode()
        headers.append(
            {
                "key": _text(name, _PARKED_HEADER_BYTES),
                "size": len(data),
                "value_base64": base64.b64encode(data[:_PARKED_HEADER_BYTES]).decode(),
            }
        )
    body = {
        "parked": True,
        "reason": "the message is too large to copy to the dead-letter topic",
        "original": {
            "topic": raw.topic,
            "partition": raw.partition,
            "offset": raw.offset,
            "timestamp_ms": getattr(raw, "timestamp", None),
        },
        "consumer": consumer,
        "attempts": attempts,
        "error_type": type(error).__name__,
        "error": _text(error, 1000),
        "publish_error": _text(publish_error, 500),
        "key_size": None if key is None else len(key),
        "key_base64": None if key is None else base64.b64encode(key[:_PARKED_HEADER_BYTES]).decode(),
        "headers": headers,
        "headers_count": len(raw.headers or ()),
        "size": len(value),
        "sha256": hashlib.sha256(value).hexdigest(),
        "head_base64": base64.b64encode(value[:PARKED_HEAD_BYTES]).decode(),
    }
    # Same partition as the original would go to, unless the key itself is what is too large.
    parked_key = key if key is None or len(key) <= _PARKED_HEADER_BYTES else hashlib.sha256(key).hexdigest().encode()
    dlq_headers = {
        "content-type": PARKED_CONTENT_TYPE,
        "dlq-parked": "true",
        **_dlq_headers(raw, consumer=consumer, error=error, attempts=attempts),
    }
    return json.dumps(body, ensure_ascii=False).encode(), parked_key, dlq_headers


async def dead_letter(
    broker: KafkaBroker,
    msg: KafkaMessage | Record,
    *,
    consumer: str,
    error: BaseException,
    attempts: int,
    health: ConsumerHealth | None = None,
    backoff_seconds: float = 0.2,
    max_backoff_seconds: float = 10.0,
) -> None:
    """Copy the message to `<topic>.dlq`, same key and value, with where it came from and why it failed.

    Returns only once something is in the DLQ: the copy, or its parked stand-in if the
    copy is too large; any other publishing failure is retried (the consumer pauses).
    """
    raw = _record(msg)
    dlq = topic_names.dlq(raw.topic)
    value, key = raw.value, raw.key
    headers = {**_original_headers(raw), **_dlq_headers(raw, consumer=consumer, error=error, attempts=attempts)}
    parked = False
    delay = Backoff(backoff_seconds, max_backoff_seconds)
    while True:
        try:
            await broker.publish(value, topic=dlq, key=key, headers=headers)
            break
        except Exception as exc:
            if not parked and is_too_large(exc):
                value, key, headers = parked_record(
                    raw, consumer=consumer, error=error, attempts=attempts, publish_error=exc
                )
                parked = True
                continue
            if health is not None:
                health.pause(f"cannot write to {dlq}: {_text(repr(exc), 160)}", waiting_for="kafka")
            wait = delay.next()
            log.warning(
                "publishing %s[%s]@%s to %s failed (%r); retrying in %.2fs",
                raw.topic,
                raw.partition,
                raw.offset,
                dlq,
                exc,
                wait,
            )
            await asyncio.sleep(wait)
    if parked:
        log.error(
            "%s[%s]@%s (%d bytes) is too large for %s: parked a digest of it there instead; %s",
            raw.topic,
            raw.partition,
            raw.offset,
            len(raw.value or b""),
            dlq,
            error,
        )
    else:
        log.warning(
            "sent %s[%s]@%s to %s after %d attempt(s): %s", raw.topic, raw.partition, raw.offset, dlq, attempts, error
        )


async def _answers(healthy: Callable[[], Awaitable[bool]] | None) -> bool:
    if healthy is None:
        return True
    try:
        async with asyncio.timeout(5.0):  # not wait_for: see lichtruc.tasks
            return bool(await healthy())
    except Exception:
        return False


async def consume_event(
    body: bytes,
    msg: KafkaMessage | Record,
    *,
    broker: KafkaBroker,
    consumer: str,
    apply: Callable[[CloudEvent, str], Awaitable[None]],
    max_attempts: int,
    backoff_seconds: float,
    max_backoff_seconds: float = 10.0,
    healthy: Callable[[], Awaitable[bool]] | None = None,
    health: ConsumerHealth | None = None,
) -> None:
    """Decode and apply one message; return once it is applied or in the DLQ (see the module docstring).

    `apply(event, topic)` must commit the event's effect and its inbox row in one
    transaction, so that a retry or a redelivery after a crash changes nothing twice.
    `healthy()` says whether the database answers; it decides whether a repeating unknown
    failure is the event's fault (DLQ) or the database's (keep waiting).
    """
    dlq_options: dict[str, Any] = dict(
        broker=broker,
        consumer=consumer,
        health=health,
        backoff_seconds=backoff_seconds,
        max_backoff_seconds=max_backoff_seconds,
    )
    try:
        try:
            event = decode(body)
        except ValidationError as exc:
            await dead_letter(msg=msg, error=exc, attempts=1, **dlq_options)
            return
        raw = _record(msg)
        topic = raw.topic
        delay = Backoff(backoff_seconds, max_backoff_seconds)
        attempts = unknown = 0
        database_was_down = False
        while True:
            attempts += 1
            try:
                await apply(event, topic)
                return
            except Exception as exc:
                kind = classify(exc)
                if kind == "permanent":
                    await dead_letter(msg=msg, error=exc, attempts=attempts, **dlq_options)
                    return
                if kind == "unknown":
                    unknown += 1
                    if unknown >= max_attempts:
                        if await _answers(healthy):
                            if not database_was_down:
                                await dead_letter(msg=msg, error=exc, attempts=attempts, **dlq_options)
                                return
                            # It came back between that attempt and the probe: one more try with it
                            # up before blaming the event.
                            database_was_down = False
                        else:
                            database_was_down = True
                            kind = "transient"  # the database does not answer: not the event's fault
                if kind == "transient" and health is not None:
                    health.pause(
                        f"{type(exc).__name__} applying {topic}[{raw.partition}]@{raw.offset}: {_text(exc, 120)}",
                        waiting_for=dependency_of(exc),
                    )
                wait = delay.next()
                log.warning(
                    "applying event %s (%s[%s]@%s) failed, %s (attempt %d), retrying in %.2fs: %r",
                    event.id,
                    topic,
                    raw.partition,
                    raw.offset,
                    kind,
                    attempts,
                    wait,
                    exc,
                )
                await asyncio.sleep(wait)
    finally:
        if health is not None:
            health.resume()


BatchApply = Callable[[Sequence[tuple[CloudEvent, str]]], Awaitable[None]]
"""Applies decoded events (with their topics) in one transaction: every effect and inbox row, or none."""


class Fetched(NamedTuple):
    """What a batch subscriber's fetch got: the records, and the consumer that read them (to
    commit their offsets, or rewind to them)."""

    consumer: Any
    records: tuple[Record, ...]


def rewind(consumer: Any, records: Sequence[Record]) -> None:
    """Seek each partition of `records` back to its earliest one: the consumer reads them again
    (a batch may span partitions; none is committed past a record that was not handled)."""
    earliest: dict[TopicPartition, int] = {}
    for record in records:
        tp = TopicPartition(record.topic, record.partition)
        if tp not in earliest or record.offset < earliest[tp]:
            earliest[tp] = record.offset
    for tp, offset in earliest.items():
        consumer.seek(tp, offset)


class FetchWait:
    """How long the broker may hold a batching consumer's fetch when its partitions have nothing new:
    `busy_ms` while records come, `idle_ms` once none has come for `idle_after` seconds.

    Short while busy: aiokafka keeps one fetch in flight per broker, and a partition whose records the
    consumer still has in hand is left out of it; once they are handled, that partition is fetched again
    only when the fetch in flight returns, which the broker holds up to the wait when its partitions are
    dry — the replay stalls `*_CONSUMER_FETCH_MAX_WAIT_MS` keeps short. Long while idle: a short wait is a
    fetch round trip every `busy_ms` for nothing, and ten idle consumers fetching every 50 ms took a third
    of a core of the broker and an eighth of their own process's (2026-12-05; 4 % and 5 % at 500 ms). An
    idle consumer's fetch names all its partitions (none has records in hand), and the broker answers a
    held fetch as soon as one of them receives a record, so the long wait delays no event; only a backlog
    larger than one fetch brings of a partition, arriving while idle, can wait once up to `idle_ms`.

    aiokafka takes the wait once, at the consumer's construction, and keeps it on its fetcher
    (`_fetcher._fetch_max_wait_ms`, read for each fetch request it builds): it is changed there. A
    consumer without that attribute (another aiokafka) keeps the wait it was made with."""

    def __init__(self, *, busy_ms: int, idle_ms: int, idle_after: float = 1.0) -> None:
        self.busy_ms, self.idle_ms, self.idle_after = busy_ms, idle_ms, idle_after
        self._last_records: float | None = None

    def saw(self, consumer: Any, *, records: bool, now: float) -> None:
        """After a fetch of `consumer` at `now` (monotonic seconds) that did or did not bring records."""
        if records or self._last_records is None:
            self._last_records = now
        idle = not records and now - self._last_records >= self.idle_after
        fetcher = getattr(consumer, "_fetcher", None)
        if fetcher is not None and hasattr(fetcher, "_fetch_max_wait_ms"):
            fetcher._fetch_max_wait_ms = self.idle_ms if idle else self.busy_ms


async def next_batch(
    consumer: Any,
    *,
    timeout_ms: int,
    max_records: int,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    wait: FetchWait | None = None,
) -> tuple[Record, ...]:
    """The next records of a batch subscriber (what FastStream's `BatchSubscriber.get_msg` does,
    `service._subscribe_batches` puts this in its place): whatever `consumer.getmany` returns
    within `timeout_ms`, which is as soon as any record arrives, in partition order.

    FastStream's own version sleeps `timeout_ms` more after every empty fetch, so an idle consumer
    was deaf half the time and a change arriving then waited up to that long before anyone read it.
    Here only an empty answer that came back early (every partition paused while a batch is
    retried, none assigned yet) is followed by a pause, for the rest of the timeout: the loop never
    spins, and never sleeps while it could be listening. `wait` sets the broker's hold on the next
    fetches by whether this one brought records (`FetchWait`)."""
    started = clock()
    fetched = await consumer.getmany(timeout_ms=timeout_ms, max_records=max_records)
    if wait is not None:
        wait.saw(consumer, records=bool(fetched), now=clock())
    if fetched:
        return tuple(record for records in fetched.values() for record in records)
    rest = timeout_ms / 1000 - (clock() - started)
    if rest > 0.001:  # less is the clocks' disagreement on a fetch that waited its time
        await sleep(rest)
    return ()


async def consume_batch(
    records: Sequence[Record],
    *,
    broker: KafkaBroker,
    consumer: str,
    apply: Callable[[CloudEvent, str], Awaitable[None]],
    apply_batch: BatchApply,
    max_attempts: int,
    backoff_seconds: float,
    max_backoff_seconds: float = 10.0,
    healthy: Callable[[], Awaitable[bool]] | None = None,
    health: ConsumerHealth | None = None,
) -> None:
    """Decode and apply a batch of records; return once every one is applied or in the DLQ.

    Undecodable records go to the DLQ alone, as in `consume_event`. The decoded ones
    (in the order given: a partition's records in offset order) go to `apply_batch` in one
    call, i.e. one transaction. A transient failure retries the whole batch without limit
    (paused, as for one event); any other failure falls back to applying the events one by
    one through `consume_event`'s rules with `apply`, so that a bad event is isolated and
    dead-lettered while the good ones of the batch are applied. `apply_batch` must be
    idempotent per event through the inbox, as `apply` is: after a crash or a fallback, an
    event applied already changes nothing.
    """
    options: dict[str, Any] = dict(
        broker=broker,
        consumer=consumer,
        max_attempts=max_attempts,
        backoff_seconds=backoff_seconds,
        max_backoff_seconds=max_backoff_seconds,
        healthy=healthy,
        health=health,
    )
    try:
        decoded: list[tuple[CloudEvent, Record]] = []
        async with collected_after():  # a batch allocates much and keeps it: lichtruc.cycles
            for raw in records:
                try:
                    decoded.append((decode(raw.value or b""), raw))
                except ValidationError as exc:
                    await dead_letter(
                        broker,
                        raw,
                        consumer=consumer,
                        error=exc,
                        attempts=1,
                        health=health,
                        backoff_seconds=backoff_seconds,
                        max_backoff_seconds=max_backoff_seconds,
                    )
        if not decoded:
            return
        events = [(event, raw.topic) for event, raw in decoded]
        delay = Backoff(backoff_seconds, max_backoff_seconds)
        attempts = 0
        while True:
            attempts += 1
            try:
                async with collected_after():
                    await apply_batch(events)
                return
            except Exception as exc:
                first, last = decoded[0][1], decoded[-1][1]
                where = f"{len(decoded)} events from {first.topic}[{first.partition}]@{first.offset}"
                if classify(exc) != "transient":
                    log.warning("applying a batch of %s failed (%r); applying them one by one", where, exc)
                    break
                if health is not None:
                    health.pause(
                        f"{type(exc).__name__} applying a batch of {where}: {_text(exc, 120)}",
                        waiting_for=dependency_of(exc),
                    )
                wait = delay.next()
                log.warning(
                    "applying a batch of %s to %s[%s]@%s failed, transient (attempt %d), retrying in %.2fs: %r",
                    where,
                    last.topic,
                    last.partition,
                    last.offset,
                    attempts,
                    wait,
                    exc,
                )
                await asyncio.sleep(wait)
        for _event, raw in decoded:
            await consume_event(raw.value or b"", raw, apply=apply, **options)
    finally:
        if health is not None:
            health.resume()


async def connect_until_ready(
    broker: KafkaBroker, settings: ServiceSettings, topics: list[str], connected: asyncio.Event, *, service: str
) -> None:
    """Create the topics and start the broker, retrying with backoff while Kafka is unreachable.

    Run as a background task from the lifespan: the HTTP side serves (and roster's
    outbox fills) even when Kafka is down, and `/readyz` says so until it is back.
    """
    delay = 0.5
    while True:
        try:
            await ensure_topics(settings, topics)
            await broker.start()
        except Exception as exc:
            log.warning(
                "%s: Kafka at %s not reachable yet (%r); retrying in %.1fs",
                service,
                settings.kafka_bootstrap_servers,
                exc,
                delay,
            )
            try:
                await broker.stop()
            except Exception:
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
        self.processed_records(msg.consumer, (_record(msg),))

    def processed_records(self, consumer: Any, records: Sequence[Record]) -> None:
        """Every record given was handled by `consumer` (of a batch: in any order)."""
        for raw in records:
            # The committed offset is the next one to read.
            key = (id(consumer), TopicPartition(raw.topic, raw.partition))
            known = self._pending.get(key)
            if known is None or known[1] <= raw.offset:
                self._pending[key] = (consumer, raw.offset + 1)

    async def flush(self) -> None:
        pending, self._pending = self._pending, {}
        by_consumer: dict[int, tuple[Any, dict[TopicPartition, int]]] = {}
        for (consumer_id, tp), (consumer, offset) in pending.items():
            by_consumer.setdefault(consumer_id, (consumer, {}))[1][tp] = offset
        for consumer, offsets in by_consumer.values():
            try:
                await consumer.commit(offsets)
                self.committed_batches += 1
            except Exception as exc:
                log.warning("committing offsets %s failed (those messages will be redelivered): %r", offsets, exc)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            if self._pending:
                await self.flush()
