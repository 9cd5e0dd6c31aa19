"""Benchmark: how soon a committed roster change is on Kafka when roster runs as compose and
`make run` deploy it (serving workers that only write the outbox, `ROSTER_RELAY=off`, and the
relay as a process of its own, `python -m roster relay`), next to the relay inside the serving
worker that made the change (rung directly), measured in the same run, interleaved.

    .venv/bin/python bench/bench_relay_latency.py [--trials 60] [--block 10] [--poll-seconds 1]

Each trial: a pause of up to `--idle-ms` (a change comes at any moment), then `POST /staff` (a person
joins an enterprise), then its StaffJoined read from the roster topic by a plain consumer; the time
runs from just before the request to the record read. The two deployments have databases and topics
of their own and take the trials in alternating blocks. Both relays poll every `--poll-seconds`
(roster's default, `ROSTER_OUTBOX_POLL_SECONDS`, is 1 s): before the outbox's commit notification
(lichtruc.outbox), that was all that woke a relay in another process.

Kafka and PostgreSQL come from devstack in a temporary folder on LICHTRUC_BENCH_KAFKA_PORT /
LICHTRUC_BENCH_PG_PORT (consumer_bench.infrastructure).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer
from auth_env import ADMIN_HEADERS
from consumer_bench import infrastructure, percentile, uncollected

from devstack.procs import free_port
from devstack.run import relay_process
from devstack.services import ServiceProcess, service_env
from lichtruc import topics


class Deployment:
    """One roster with its own database and topic: its relay apart or inside."""

    def __init__(self, label: str, pg, kafka: str, workdir: Path, *, apart: bool, poll_seconds: float) -> None:
        self.label = label
        self.prefix = f"bench{uuid.uuid4().hex[:6]}"
        name = f"roster_{'apart' if apart else 'inside'}"
        pg.ensure_database(name)
        env = service_env("roster", database_url=pg.url(name), kafka=kafka, topic_prefix=self.prefix)
        env |= {
            "ROSTER_LOG_LEVEL": "WARNING",
            "ROSTER_RELAY": "off" if apart else "in-process",
            "ROSTER_OUTBOX_POLL_SECONDS": str(poll_seconds),
        }
        self.roster = ServiceProcess(name="roster", port=free_port(), env=env, log_file=workdir / f"{name}.log")
        self.processes = [self.roster]
        if apart:
            relay = relay_process(self.roster)
            relay.port = free_port()
            self.processes.append(relay)
        self.topic = topics.with_prefix(self.prefix, topics.ROSTER_EVENTS)
        self.samples: list[float] = []

    def start(self) -> None:
        for process in self.processes:
            process.start()
        for process in self.processes:
            process.wait_ready()

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


async def trials(
    deployment: Deployment, client: httpx.AsyncClient, consumer: AIOKafkaConsumer, enterprise: str, pauses: list[float]
) -> None:
    for pause in pauses:
        name = f"Nguyễn Văn Trực {uuid.uuid4().hex[:6]}"
        with uncollected():
            await asyncio.sleep(pause)
            began = time.perf_counter()
            response = await client.post(
                f"{deployment.roster.url}/staff",
                json={"enterprise_id": enterprise, "full_name": name, "qualifications": ["operator"]},
            )
            if response.status_code != 201:
                raise RuntimeError(f"{deployment.label}: POST /staff answered {response.status_code}: {response.text}")
            staff_id = response.json()["id"].encode()
            while True:
                batch = await consumer.getmany(timeout_ms=50)
                if any(staff_id in r.value for records in batch.values() for r in records):
                    break
                if time.perf_counter() - began > 30:
                    raise TimeoutError(f"{deployment.label}: the change was not on Kafka within 30 s")
            deployment.samples.append(time.perf_counter() - began)


async def run(args: argparse.Namespace, pg, kafka: str, workdir: Path) -> None:
    apart = Deployment(
        "relay process apart (ROSTER_RELAY=off)", pg, kafka, workdir, apart=True, poll_seconds=args.poll_seconds
    )
    inside = Deployment(
        "relay inside the serving worker", pg, kafka, workdir, apart=False, poll_seconds=args.poll_seconds
    )
    deployments = [apart, inside]
    consumers: list[AIOKafkaConsumer] = []
    try:
        for deployment in deployments:
            deployment.start()
        async with httpx.AsyncClient(headers=ADMIN_HEADERS, timeout=30) as client:
            enterprises = []
            for deployment in deployments:
                made = await client.post(
                    f"{deployment.roster.url}/enterprises", json={"name": "VNPT Cần Thơ", "sector": "telecom"}
                )
                made.raise_for_status()
                enterprises.append(made.json()["id"])
                consumer = AIOKafkaConsumer(
                    deployment.topic,
                    bootstrap_servers=kafka,
                    group_id=f"bench-{uuid.uuid4().hex[:8]}",
                    auto_offset_reset="earliest",
                    enable_auto_commit=False,
                )
                await consumer.start()
                consumers.append(consumer)
                # Ready when the enterprise's own event has come through (topic made, group joined).
                while not any(
                    enterprises[-1].encode() in r.value
                    for records in (await consumer.getmany(timeout_ms=200)).values()
                    for r in records
                ):
                    pass
            idle = random.Random(args.seed)
            done = 0
            while done < args.trials:
                n = min(args.block, args.trials - done)
                pauses = [idle.uniform(0, args.idle_ms / 1000) for _ in range(n)]
                for deployment, consumer, enterprise in zip(deployments, consumers, enterprises, strict=True):
                    await trials(deployment, client, consumer, enterprise, pauses)
                done += n
                print(f"bench: {done}/{args.trials} trials of each", file=sys.stderr, flush=True)
    finally:
        for consumer in consumers:
            await consumer.stop()
        for deployment in deployments:
            deployment.stop()
    print(
        f"roster POST /staff -> StaffJoined read from Kafka, {args.trials} trials each, relays polling every "
        f"{args.poll_seconds:g} s, a random pause of up to {args.idle_ms:g} ms before each:"
    )
    for deployment in deployments:
        s = deployment.samples
        print(
            f"  {deployment.label:42s} p50 {statistics.median(s) * 1000:7.1f} ms   "
            f"p99 {percentile(s, 99) * 1000:7.1f} ms   max {max(s) * 1000:7.1f} ms"
        )
    ratio = statistics.median(apart.samples) / statistics.median(inside.samples)
    print(f"  apart / inside, p50: {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=60, help="trials of each deployment (default 60)")
    parser.add_argument("--block", type=int, default=10, help="trials in a row before switching (default 10)")
    parser.add_argument("--poll-seconds", type=float, default=1.0, help="the relays' poll interval (default 1)")
    parser.add_argument("--idle-ms", type=float, default=60, help="longest pause before each trial (default 60)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with infrastructure() as (pg, kafka), tempfile.TemporaryDirectory(prefix="lichtruc-bench-relay-") as tmp:
        asyncio.run(run(args, pg, kafka.bootstrap_servers, Path(tmp)))


if __name__ == "__main__":
    main()
