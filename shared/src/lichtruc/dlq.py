"""`python -m <service> dlq list|replay`: see what a consumer dead-lettered, and apply it
again once the cause is fixed.

A service's dead letters are the records in `<topic>.dlq` of the topics it consumes
whose `dlq-consumer` header is one of its consumer groups (audit and notifier both read
roster's topic and share its DLQ). Each is named `PARTITION:OFFSET` in its DLQ topic.
Replay decodes the original message and hands it to the same `apply` the consumer
uses; `apply` records the event in the inbox with its effect, so an event already
applied (by an earlier replay, or by a redelivery) changes nothing. Replay reads the
DLQ without a consumer group and commits nothing: replaying twice is harmless, and a
record stays in the DLQ until the topic's retention removes it.

A parked record (a message too large to copy, see lichtruc.kafka) holds only a digest
and the first KiB: it cannot be replayed, and says where the original was.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition
from pydantic import ValidationError

from . import topics as topic_names
from .events import CloudEvent, decode
from .kafka import PARKED_CONTENT_TYPE

if TYPE_CHECKING:
    from .service import Runtime, Subscription


@dataclass(frozen=True)
class DeadLetter:
    """One record of a DLQ topic, as the consumer that wrote it described it."""

    dlq_topic: str
    partition: int
    offset: int
    timestamp_ms: int
    headers: dict[str, str]
    key: bytes | None
    value: bytes

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"

    @property
    def parked(self) -> bool:
        return self.headers.get("dlq-parked") == "true" or self.headers.get("content-type") == PARKED_CONTENT_TYPE

    @property
    def consumer(self) -> str:
        return self.headers.get("dlq-consumer", "")

    @property
    def original(self) -> str:
        h = self.headers
        return (
            f"{h.get('dlq-original-topic', '?')}[{h.get('dlq-original-partition', '?')}]@"
            f"{h.get('dlq-original-offset', '?')}"
        )

    @property
    def original_topic(self) -> str:
        return self.headers.get("dlq-original-topic", "")

    @property
    def when(self) -> str:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%SZ")

    @property
    def error(self) -> str:
        return f"{self.headers.get('dlq-error-type', '?')}: {self.headers.get('dlq-error', '')}"

    def parked_summary(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.value))
        except ValueError:
            return {}

    def event(self) -> CloudEvent:
        """The original event; ValidationError if it never was one (or the record is parked)."""
        return decode(self.value)

    def describe_event(self) -> str:
        if self.parked:
            summary = self.parked_summary()
            return f"PARKED: {summary.get('size', '?')} bytes, sha256 {str(summary.get('sha256', '?'))[:16]}…"
        try:
            event = self.event()
        except ValidationError:
            head = self.value[:40]
            return f"not a CloudEvent ({len(self.value)} bytes: {head!r}{'…' if len(self.value) > 40 else ''})"
        return f"{event.type} {event.id}"


async def read_dead_letters(bootstrap_servers: str, subscriptions: Sequence[Subscription]) -> list[DeadLetter]:
    """Every record in the DLQs of `subscriptions` that one of their groups wrote, oldest first per partition."""
    groups = {(s.topic, s.group_id) for s in subscriptions}
    dlq_topics = sorted({topic_names.dlq(s.topic) for s in subscriptions})
    partitions = await _partitions(bootstrap_servers, dlq_topics)
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        request_timeout_ms=10_000,
    )
    await consumer.start()
    letters: list[DeadLetter] = []
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=1000)
            for records in batch.values():
                for r in records:
                    headers = {k: v.decode("utf-8", "replace") for k, v in (r.headers or ())}
                    letter = DeadLetter(r.topic, r.partition, r.offset, r.timestamp, headers, r.key, r.value or b"")
                    if (letter.original_topic, letter.consumer) in groups:
                        letters.append(letter)
            for tp in list(remaining):
                if await consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await consumer.stop()
    return sorted(letters, key=lambda d: (d.timestamp_ms, d.dlq_topic, d.partition, d.offset))


async def _partitions(bootstrap_servers: str, names: list[str]) -> list[TopicPartition]:
    """The partitions of those of `names` that exist (a DLQ is created with its topic)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        described = await admin.describe_topics([n for n in names if n in existing]) if existing & set(names) else []
    finally:
        await admin.close()
    return [
        TopicPartition(d["topic"], p["partition"])
        for d in described
        if d.get("error_code", 0) == 0
        for p in sorted(d["partitions"], key=lambda p: p["partition"])
    ]


@dataclass(frozen=True)
class ReplayOutcome:
    letter: DeadLetter
    applied: bool
    message: str


async def replay(letters: Sequence[DeadLetter], subscriptions: Sequence[Subscription]) -> list[ReplayOutcome]:
    """Apply each dead letter again through its subscription's `apply`, in order; report each one."""
    by_group = {(s.topic, s.group_id): s for s in subscriptions}
    outcomes = []
    for letter in letters:
        if letter.parked:
            s = letter.parked_summary()
            outcomes.append(
                ReplayOutcome(
                    letter,
                    False,
                    (
                        f"cannot replay a parked record: the message ({s.get('size', '?')} bytes, sha256 {s.get('sha256', '?')}) "
                        f"was too large to copy. Read it from {letter.original} while retention keeps it, fix it at its "
                        "source, and publish it again."
                    ),
                )
            )
            continue
        subscription = by_group.get((letter.original_topic, letter.consumer))
        try:
            event = letter.event()
        except ValidationError as exc:
            outcomes.append(
                ReplayOutcome(
                    letter,
                    False,
                    f"cannot replay: not a valid CloudEvent ({exc.error_count()} error(s): {str(exc)[:200]})",
                )
            )
            continue
        if subscription is None:  # pragma: no cover - read_dead_letters only returns known groups
            outcomes.append(ReplayOutcome(letter, False, f"no subscription of {letter.consumer}"))
            continue
        try:
            await subscription.apply(event, letter.original_topic)
        except Exception as exc:
            outcomes.append(ReplayOutcome(letter, False, f"failed again: {type(exc).__name__}: {str(exc)[:300]}"))
        else:
            outcomes.append(
                ReplayOutcome(letter, True, f"applied {event.type} {event.id} (or found it already applied)")
            )
    return outcomes


def select(letters: Sequence[DeadLetter], refs: Sequence[str]) -> list[DeadLetter]:
    """The letters named `PARTITION:OFFSET` or `DLQTOPIC:PARTITION:OFFSET`; ValueError naming any not found."""
    chosen, missing = [], []
    for ref in refs:
        parts = ref.rsplit(":", 2)
        if len(parts) < 2 or not all(p.strip().isdigit() for p in parts[-2:]):
            raise ValueError(f"{ref!r}: write a dead letter as PARTITION:OFFSET (e.g. 3:17), as `dlq list` shows it")
        topic = parts[0] if len(parts) == 3 else ""
        wanted = f"{int(parts[-2])}:{int(parts[-1])}"
        found = [d for d in letters if d.ref == wanted and (not topic or d.dlq_topic == topic)]
        if len(found) > 1:
            raise ValueError(
                f"{ref} is in several DLQ topics ({', '.join(d.dlq_topic for d in found)}): write it TOPIC:{wanted}"
            )
        if not found:
            missing.append(ref)
        chosen += found
    if missing:
        raise ValueError(f"no dead letter of this service at {', '.join(missing)}: see `dlq list` for the names")
    return chosen


def add_parser(sub: Any) -> None:
    """The `dlq` command and its `list` and `replay` subcommands."""
    dlq = sub.add_parser("dlq", help="list dead-lettered events, or apply them again once the cause is fixed")
    commands = dlq.add_subparsers(dest="dlq_command", required=True)
    listing = commands.add_parser("list", help="show this service's dead letters, oldest first")
    listing.add_argument("--limit", type=int, default=50, help="show at most N (default 50)")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    again = commands.add_parser("replay", help="apply dead letters again through the consumer's own handler")
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--offset",
        action="append",
        metavar="PARTITION:OFFSET",
        help="a dead letter as `dlq list` names it (repeatable)",
    )
    which.add_argument("--all", action="store_true", help="every dead letter of this service, oldest first")


def _row(letter: DeadLetter) -> dict[str, Any]:
    return {
        "ref": letter.ref,
        "dlq_topic": letter.dlq_topic,
        "when": letter.when,
        "original": letter.original,
        "consumer": letter.consumer,
        "event": letter.describe_event(),
        "parked": letter.parked,
        "attempts": letter.headers.get("dlq-attempts"),
        "error": letter.error,
    }


async def run(args: argparse.Namespace, runtime: Runtime, out: TextIO) -> int:
    """Carry out `dlq list` or `dlq replay` for the service whose runtime this is; the exit code."""
    subscriptions = runtime.subscriptions
    try:
        letters = await read_dead_letters(runtime.settings.kafka_bootstrap_servers, subscriptions)
        if args.dlq_command == "list":
            shown = letters[: max(args.limit, 0)]
            for letter in shown:
                if args.json:
                    print(json.dumps(_row(letter), ensure_ascii=False), file=out)
                else:
                    print(
                        f"{letter.ref:>8}  {letter.when}  from {letter.original}  {letter.describe_event()}\n"
                        f"          {letter.error[:300]}",
                        file=out,
                    )
            if not args.json:
                more = len(letters) - len(shown)
                print(
                    f"{len(letters)} dead letter(s) in {', '.join(sorted({topic_names.dlq(s.topic) for s in subscriptions}))}"
                    + (f"; {more} not shown (--limit)" if more > 0 else ""),
                    file=out,
                )
            return 0
        try:
            chosen = letters if args.all else select(letters, args.offset)
        except ValueError as exc:
            print(f"error: {exc}", file=out)
            return 2
        outcomes = await replay(chosen, subscriptions)
        for outcome in outcomes:
            print(f"{outcome.letter.ref:>8}  {'ok' if outcome.applied else 'NOT APPLIED'}  {outcome.message}", file=out)
        failed = sum(not o.applied for o in outcomes)
        print(
            f"replayed {len(outcomes) - failed} of {len(outcomes)} dead letter(s)"
            + (f"; {failed} not applied (see above)" if failed else ""),
            file=out,
        )
        return 1 if failed else 0
    finally:
        await runtime.engine.dispose()


def main(args: argparse.Namespace, runtime: Runtime, out: TextIO) -> int:
    return asyncio.run(run(args, runtime, out))
