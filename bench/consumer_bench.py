"""A harness for consumer benchmarks with a baseline measured in the same run (issue 14).

A service's ingest rate means little alone: the machine, the broker and the database move it by
30-50 % between runs. So every figure is printed next to the least durable work that could take
the same events off Kafka, measured in the same run on the same servers, interleaved A/B/A/B,
medians of each and their ratio:

    baseline: raw aiokafka consume (getmany, the consumer's batch size) + pydantic decode of every
              CloudEvent + one COPY per batch into a plain table (no index, no inbox, no commit)

Use (see bench_notifier_consumer.py):

    with infrastructure() as (pg, kafka):
        topic = ...; await produce(kafka.bootstrap_servers, topic, events)
        result = await interleaved(
            service=lambda trial: run_my_service(trial),        # -> Measured
            baseline=lambda trial: consume_decode_copy(kafka.bootstrap_servers, topic, len(events), dsn),
            trials=3,
        )
        result.print("notifier ingest", target=0.40)

Servers: devstack's Kafka (KRaft) and embedded PostgreSQL in a temporary folder, on
LICHTRUC_BENCH_PG_PORT / LICHTRUC_BENCH_KAFKA_PORT (defaults 25482 / 19502; the controller
takes the next port), stopped and removed at the end. Both lie below Linux's ephemeral ports (32768–60999):
a port in that range may be held for a while by any outgoing connection, and a bench's PostgreSQL once
failed to start on the former default 55482 ("Address already in use", `make bench` of 2026-12-02 22:29).
"""

from __future__ import annotations

import contextlib
import gc
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from devstack.kafka import KafkaServer, fetch_jars
from devstack.postgres import PostgresServer
from lichtruc.events import CloudEvent, decode, encode


def env_port(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


@contextlib.contextmanager
def infrastructure(pg_settings: dict[str, str] | None = None) -> Iterator[tuple[PostgresServer, KafkaServer]]:
    """PostgreSQL (with `pg_settings` beyond devstack's) and Kafka for the run, on the bench ports,
    removed afterwards."""
    fetch_jars(quiet=True)
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-") as tmp:
        workdir = Path(tmp)
        port = env_port("LICHTRUC_BENCH_PG_PORT", 25482)
        pg = PostgresServer(data_dir=workdir / "postgres", port=port, settings=dict(pg_settings or {}))
        kafka_port = env_port("LICHTRUC_BENCH_KAFKA_PORT", 19502)
        kafka = KafkaServer(data_dir=workdir / "kafka", port=kafka_port, controller_port=kafka_port + 1)
        print(f"bench: PostgreSQL on {pg.port}, Kafka on {kafka.bootstrap_servers}", file=sys.stderr)
        pg.start()
        try:
            kafka.start()
            try:
                yield pg, kafka
            finally:
                kafka.stop()
        finally:
            pg.stop()


async def produce(bootstrap: str, topic: str, events: Sequence[CloudEvent]) -> float:
    """Put the events on the topic (keyed by their partition key); returns the seconds it took."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20, max_batch_size=1 << 20)
    started = time.perf_counter()
    await producer.start()
    try:
        for event in events:
            await producer.send(topic, encode(event), key=(event.partitionkey or "").encode())
        await producer.flush()
    finally:
        await producer.stop()
    return time.perf_counter() - started


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank `p`th percentile (p in 0–100) of `samples`."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@contextlib.contextmanager
def uncollected() -> Iterator[None]:
    """A latency trial kept clear of the measuring process's own cycle collector: collected (and what
    survives frozen, so the next collection does not trace it again) before the block, paused during
    it, resumed after. The services' processes are not touched.

    Without it, a full collection of the bench's heap (a province's events, snapshots and the
    trials' records) took 100–150 ms and fell inside one trial of a hundred, at the same trial in
    every run of `bench_audit_ingest.py --events 300`: its p99 read 10–12× the forwarder's, 2.5×
    without it (2026-12-02; the trial's own timestamps showed the stall in the bench's producer,
    before its record left)."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass(frozen=True)
class Measured:
    events: int
    seconds: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.events / self.seconds


BASELINE_TABLE = "bench_baseline_events"


async def consume_decode_copy(
    bootstrap: str, topic: str, count: int, dsn: str, *, batch_size: int = 500, batch_ms: int = 20
) -> Measured:
    """The baseline: a fresh consumer group reads `count` records from the start of `topic`,
    decodes each with pydantic (lichtruc.events.decode) and COPYs each batch into a plain table.
    The clock runs from the first batch received to the last COPY done (group join not counted)."""
    connection = await asyncpg.connect(dsn)
    await connection.execute(
        f"CREATE TABLE IF NOT EXISTS {BASELINE_TABLE} "
        "(event_id uuid NOT NULL, type text NOT NULL, time timestamptz, data text NOT NULL)"
    )
    await connection.execute(f"TRUNCATE {BASELINE_TABLE}")
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bench-baseline-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        seen, first = 0, None
        while seen < count:
            batches = await consumer.getmany(timeout_ms=batch_ms, max_records=batch_size)
            records = [r for rs in batches.values() for r in rs]
            if not records:
                continue
            if first is None:
                first = time.perf_counter()
            rows = []
            for record in records:
                event = decode(record.value or b"")
                rows.append((event.id, event.type, event.time, str(event.data)))
            await connection.copy_records_to_table(
                BASELINE_TABLE, records=rows, columns=["event_id", "type", "time", "data"]
            )
            seen += len(records)
        assert first is not None
        return Measured(seen, time.perf_counter() - first)
    finally:
        await consumer.stop()
        await connection.close()


@dataclass(frozen=True)
class Comparison:
    service: list[Measured]
    baseline: list[Measured]

    def print(self, what: str, *, target: float | None = None) -> float:
        ours = statistics.median(m.rate for m in self.service)
        base = statistics.median(m.rate for m in self.baseline)
        ratio = ours / base
        for i, (a, b) in enumerate(zip(self.service, self.baseline, strict=True)):
            print(f"  trial {i + 1}: {what} {a.rate:,.0f} events/s{a.note}; baseline {b.rate:,.0f} events/s")
        goal = "" if target is None else f" (target ≥ {target:.0%}: {'met' if ratio >= target else 'NOT met'})"
        print(
            f"{what}: median {ours:,.0f} events/s; consume + decode + COPY baseline median {base:,.0f} "
            f"events/s; ratio {ratio:.1%}{goal}"
        )
        return ratio


async def interleaved(
    *,
    service: Callable[[int], Awaitable[Measured]],
    baseline: Callable[[int], Awaitable[Measured]],
    trials: int = 3,
) -> Comparison:
    """A, B, A, B…: `trials` of each, alternating, so that a drift of the machine hits both.

    One baseline run first, not counted: the first consumer group of a fresh Kafka waited on its
    group coordinator and measured about 5,000 events/s instead of 60–75,000, which made a
    one-trial ratio meaningless (it once printed "41 %, met")."""
    warm = await baseline(-1)
    print(f"  warm-up baseline (not counted): {warm.rate:,.0f} events/s", file=sys.stderr, flush=True)
    ours: list[Measured] = []
    theirs: list[Measured] = []
    for trial in range(trials):
        ours.append(await service(trial))
        theirs.append(await baseline(trial))
    return Comparison(ours, theirs)
