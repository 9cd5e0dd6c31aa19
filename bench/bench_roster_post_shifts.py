"""Throughput of roster's POST /shifts with its transactional outbox, end to end.

    .venv/bin/python bench/bench_roster_post_shifts.py [--requests N] [--clients C] [--warmup W]

Starts its own PostgreSQL and Kafka (devstack, in a temporary folder, on free ports), runs
roster as a real process (`python -m roster serve`), opens the Tết 2027 campaign and
registers one enterprise with N + W distinct people (not timed), then sends N POST /shifts —
each a one-person, 8-hour shift for a different person, so no double booking — from C
concurrent HTTP clients. Every request is the whole production path: validation, the rule
checks against the database (campaign, staff, double booking, rest and night warnings), the
shift, its assignment row under the exclusion constraint, and the ShiftPlanned event in the
outbox, in one transaction.

Prints the throughput (shifts/s), the latency percentiles, and how long the outbox relay
took after the last response to deliver every event to Kafka.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from auth_env import ADMIN_HEADERS

from devstack.kafka import KafkaServer, fetch_jars
from devstack.postgres import PostgresServer
from devstack.services import ServiceProcess, service_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(base: str, people: int) -> tuple[str, str, list[str]]:
    """A campaign, an enterprise and `people` operators, through the API."""
    with httpx.Client(headers=ADMIN_HEADERS, base_url=base, timeout=30) as client:
        campaign = client.post("/campaigns", json={"lunar_year": 2027}).raise_for_status().json()
        enterprise = (
            client.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}).raise_for_status().json()
        )
        staff = [
            client.post(
                "/staff",
                json={
                    "enterprise_id": enterprise["id"],
                    "full_name": f"Nguyễn Văn Trực {i:04d}",
                    "qualifications": ["operator"],
                },
            )
            .raise_for_status()
            .json()["id"]
            for i in range(people)
        ]
    return campaign["id"], enterprise["id"], staff


def body(campaign_id: str, enterprise_id: str, staff_id: str, i: int) -> dict:
    day = 1 + i % 14  # spread over 1–14 Feb 2027, inside the campaign
    return {
        "campaign_id": campaign_id,
        "enterprise_id": enterprise_id,
        "duty_type": "operations",
        "starts_at": f"2027-02-{day:02d}T06:00:00+07:00",
        "ends_at": f"2027-02-{day:02d}T14:00:00+07:00",
        "assignees": [{"staff_id": staff_id}],
        "notes": "Trực điều hành",
    }


async def post_all(base: str, bodies: list[dict], clients: int) -> tuple[float, list[float]]:
    queue: asyncio.Queue[dict] = asyncio.Queue()
    for b in bodies:
        queue.put_nowait(b)
    latencies: list[float] = []

    async def worker() -> None:
        async with httpx.AsyncClient(headers=ADMIN_HEADERS, base_url=base, timeout=60) as client:
            while True:
                try:
                    b = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                response = await client.post("/shifts", json=b)
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 201:
                    raise RuntimeError(f"POST /shifts answered {response.status_code}: {response.text[:300]}")

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return time.perf_counter() - t0, latencies


def drain_time(base: str, timeout: float = 300) -> tuple[float, int]:
    """Seconds until the outbox is empty, and the backlog seen right after the last response."""
    t0 = time.perf_counter()
    first = None
    with httpx.Client(headers=ADMIN_HEADERS, base_url=base, timeout=10) as client:
        while True:
            pending = client.get("/outbox").json()["pending"]
            first = pending if first is None else first
            if pending == 0:
                return time.perf_counter() - t0, first
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(f"outbox still holds {pending} events after {timeout}s")
            time.sleep(0.02)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="timed POST /shifts (default 1000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients (default 4)")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests first (default 50)")
    args = parser.parse_args()

    fetch_jars(quiet=True)
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-") as tmp:
        root = Path(tmp)
        kafka_port = free_port()
        postgres = PostgresServer(data_dir=root / "postgres", port=free_port())
        kafka = KafkaServer(data_dir=root / "kafka", port=kafka_port, controller_port=free_port())
        roster = None
        try:
            print("bench: starting PostgreSQL and Kafka…", file=sys.stderr, flush=True)
            postgres.start()
            postgres.ensure_database("roster")
            kafka.start()
            env = service_env("roster", database_url=postgres.url("roster"), kafka=kafka.bootstrap_servers)
            env["ROSTER_LOG_LEVEL"] = "WARNING"
            roster = ServiceProcess(name="roster", port=free_port(), env=env, log_file=root / "roster.log")
            roster.start()
            roster.wait_ready()

            total = args.requests + args.warmup
            print(f"bench: seeding a campaign, an enterprise and {total} people…", file=sys.stderr, flush=True)
            campaign_id, enterprise_id, staff = seed(roster.url, total)
            bodies = [body(campaign_id, enterprise_id, s, i) for i, s in enumerate(staff)]
            asyncio.run(post_all(roster.url, bodies[: args.warmup], args.clients))
            drain_time(roster.url)

            elapsed, latencies = asyncio.run(post_all(roster.url, bodies[args.warmup :], args.clients))
            drained, backlog = drain_time(roster.url)
            quantiles = statistics.quantiles(latencies, n=100)
            print(
                f"POST /shifts: {args.requests} shifts in {elapsed:.2f} s from {args.clients} clients = "
                f"{args.requests / elapsed:.0f} shifts/s (with the outbox; latency p50 {quantiles[49] * 1000:.0f} ms, "
                f"p95 {quantiles[94] * 1000:.0f} ms)"
            )
            print(
                f"outbox: {backlog} event(s) waiting after the last response, all delivered to Kafka "
                f"{drained:.2f} s later"
            )
        finally:
            if roster is not None:
                roster.stop()
            kafka.stop()
            postgres.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
