"""How long a record waits in a batching consumer's poll on an idle topic, FastStream's batch
subscriber next to lichtruc's `PromptBatchSubscriber`, in one process, on one topic, in one run.

    .venv/bin/python bench/bench_batch_poll.py [--records N] [--batch-ms MS]

Two subscribers in different consumer groups read the same topic with the same settings
(`max_records` 500, `batch_timeout_ms` as `*_CONSUMER_BATCH_MS`, 20 by default); records are
produced one at a time (acks=all) at random moments 30-80 ms apart, so they find the consumers
idle, as a single roster change does. For each record: the time from its produce acknowledged to
each handler entering. Both subscribers share the event loop, the broker and the machine's load,
so their difference is the poll's: FastStream sleeps `batch_timeout_ms` after an empty poll and a
record arriving meanwhile waits for the sleep; the prompt subscriber polls again at once.

Kafka as for the other consumer benchmarks (bench/consumer_bench.py: LICHTRUC_BENCH_KAFKA_PORT),
stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from consumer_bench import infrastructure
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from lichtruc.kafka import raw_body
from lichtruc.service import PromptBatchSubscriber


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


async def run(bootstrap: str, records: int, batch_ms: int) -> None:
    topic = f"poll-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 1, 1)])
    finally:
        await admin.close()
    broker = KafkaBroker(bootstrap, logger=None)
    seen: dict[str, dict[bytes, float]] = {"faststream": {}, "prompt": {}}
    arrived = asyncio.Event()
    for name in seen:
        subscriber = broker.subscriber(
            topic,
            group_id=f"poll-{name}-{uuid.uuid4().hex[:6]}",
            ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest",
            decoder=raw_body,
            batch=True,
            max_records=500,
            batch_timeout_ms=batch_ms,
        )

        def handler(arrivals: dict[bytes, float]):
            async def on_batch(body: list[bytes], msg: KafkaMessage) -> None:
                now = time.perf_counter()
                for value in body:
                    arrivals.setdefault(value, now)
                arrived.set()

            return on_batch

        subscriber(handler(seen[name]))
        if name == "prompt":
            subscriber.__class__ = PromptBatchSubscriber
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    await broker.start()
    await producer.start()
    try:
        # Warm-up: both groups joined and reading.
        while not all(b"warm-up" in arrivals for arrivals in seen.values()):
            await producer.send_and_wait(topic, b"warm-up")
            await asyncio.sleep(0.5)
        waits: dict[str, list[float]] = {name: [] for name in seen}
        for i in range(records):
            await asyncio.sleep(random.uniform(0.03, 0.08))
            value = f"r{i}".encode()
            await producer.send_and_wait(topic, value)
            acked = time.perf_counter()
            async with asyncio.timeout(10):
                while not all(value in arrivals for arrivals in seen.values()):
                    arrived.clear()
                    await arrived.wait()
            for name, arrivals in seen.items():
                waits[name].append(max(0.0, arrivals[value] - acked))
    finally:
        await producer.stop()
        await broker.stop()
    for name, samples in waits.items():
        print(
            f"{name:>10}: produce acked -> handler, {len(samples)} records: p50 {percentile(samples, 50) * 1000:.1f} ms, "
            f"p99 {percentile(samples, 99) * 1000:.1f} ms, mean {statistics.mean(samples) * 1000:.1f} ms, "
            f"max {max(samples) * 1000:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--batch-ms", type=int, default=20, help="batch_timeout_ms of both (default 20)")
    args = parser.parse_args()
    with infrastructure() as (_pg, kafka):
        asyncio.run(run(kafka.bootstrap_servers, args.records, args.batch_ms))


if __name__ == "__main__":
    main()
