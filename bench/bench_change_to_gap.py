"""Benchmark: a roster change → the CoverageGapOpened it causes, read from audit's topic, with the
services deployed as compose and `make run` deploy them: roster's serving worker writes the outbox
(`ROSTER_RELAY=off`), its relay runs as a process of its own (`python -m roster relay`), and audit
(`python -m audit serve`) consumes, logs, recomputes coverage and publishes the gap through its outbox.

    .venv/bin/python bench/bench_change_to_gap.py [--trials 40] [--idle-ms 60]

Each trial's site has a one-off patrol requirement covered by one published shift; after a random
pause of up to `--idle-ms`, the trial cancels that shift (`POST /shifts/{id}/cancel`) and the clock
runs from just before the request to the gap's event read from audit's topic. No baseline: this is
the path a user waits on, end to end; bench_audit_ingest.py sets audit's hop against a forwarder and
bench_relay_latency.py roster's hop against a relay inside the worker.

Kafka and PostgreSQL come from devstack in a temporary folder on LICHTRUC_BENCH_KAFKA_PORT /
LICHTRUC_BENCH_PG_PORT (consumer_bench.infrastructure).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from aiokafka import AIOKafkaConsumer
from auth_env import ADMIN_HEADERS
from consumer_bench import infrastructure, percentile, uncollected

from devstack.procs import free_port
from devstack.run import relay_process
from devstack.services import ServiceProcess, service_env
from lichtruc import topics

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = datetime(2027, 2, 8, 8, tzinfo=VN)  # inside the Tết 2027 campaign


def processes(pg, kafka: str, workdir: Path, prefix: str) -> list[ServiceProcess]:
    """Roster (relay off), its relay process and audit, each on a database of its own."""
    for name in ("roster", "audit"):
        pg.ensure_database(name)
    env = service_env("roster", database_url=pg.url("roster"), kafka=kafka, topic_prefix=prefix)
    env |= {"ROSTER_RELAY": "off", "ROSTER_LOG_LEVEL": "WARNING"}
    roster = ServiceProcess(name="roster", port=free_port(), env=env, log_file=workdir / "roster.log")
    relay = relay_process(roster)
    relay.port = free_port()
    env = service_env("audit", database_url=pg.url("audit"), kafka=kafka, topic_prefix=prefix)
    audit = ServiceProcess(name="audit", port=free_port(), env=env, log_file=workdir / "audit.log")
    return [roster, relay, audit]


async def post(client: httpx.AsyncClient, url: str, body: dict | None = None, *, version: int | None = None) -> dict:
    """POST, with If-Match for a change to something of that `version`."""
    headers = {} if version is None else {"If-Match": f'"{version}"'}
    response = await client.post(url, json=body or {}, headers=headers)
    if response.status_code not in (200, 201):
        raise RuntimeError(f"POST {url} answered {response.status_code}: {response.text[:500]}")
    return response.json()


async def covered_site(client: httpx.AsyncClient, roster: str, campaign: dict, enterprise: dict, n: int) -> dict:
    """A site whose one-off patrol requirement is covered by a published shift (planned before the
    requirement, so audit never finds it uncovered); returns the shift."""
    site = await post(
        client, f"{roster}/sites", {"enterprise_id": enterprise["id"], "name": f"Trạm {n:03d}", "kind": "base_station"}
    )
    person = await post(
        client,
        f"{roster}/staff",
        {"enterprise_id": enterprise["id"], "full_name": f"Trần Văn Tuần {n:03d}", "qualifications": ["guard"]},
    )
    start = FIRST + timedelta(hours=n % 200)
    shift = await post(
        client,
        f"{roster}/shifts",
        {
            "campaign_id": campaign["id"],
            "enterprise_id": enterprise["id"],
            "site_id": site["id"],
            "duty_type": "patrol",
            "starts_at": (start - timedelta(hours=1)).isoformat(),
            "ends_at": (start + timedelta(hours=5)).isoformat(),
            "assignees": [{"staff_id": person["id"]}],
        },
    )
    shift = await post(client, f"{roster}/shifts/{shift['id']}/publish", version=shift["version"])
    await post(
        client,
        f"{roster}/requirements",
        {
            "campaign_id": campaign["id"],
            "enterprise_id": enterprise["id"],
            "site_id": site["id"],
            "duty_type": "patrol",
            "window": {
                "kind": "one_off",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=4)).isoformat(),
            },
            "minimum": 1,
        },
    )
    return shift


async def gap_at(consumer: AIOKafkaConsumer, site_id: str, began: float) -> None:
    while True:
        for records in (await consumer.getmany(timeout_ms=50)).values():
            for record in records:
                event = json.loads(record.value)
                if event["type"].endswith("coverage_gap.opened.v1") and event["data"].get("site_id") == site_id:
                    return
        if time.perf_counter() - began > 60:
            raise TimeoutError(f"no CoverageGapOpened for site {site_id} within 60 s")


async def run(args: argparse.Namespace, pg, kafka: str, workdir: Path) -> list[float]:
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    started = processes(pg, kafka, workdir, prefix)
    consumer = AIOKafkaConsumer(
        topics.with_prefix(prefix, topics.AUDIT_EVENTS),
        bootstrap_servers=kafka,
        group_id=f"bench-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    samples: list[float] = []
    try:
        for process in started:
            process.start()
        for process in started:
            process.wait_ready()
        roster = started[0].url
        async with httpx.AsyncClient(headers=ADMIN_HEADERS, timeout=30) as client:
            campaign = await post(client, f"{roster}/campaigns", {"lunar_year": 2027})
            enterprise = await post(client, f"{roster}/enterprises", {"name": "VNPT Cần Thơ", "sector": "telecom"})
            print(f"bench: setting up {args.trials + 1} covered sites…", file=sys.stderr, flush=True)
            shifts = [await covered_site(client, roster, campaign, enterprise, n) for n in range(args.trials + 1)]
            await consumer.start()
            # One enterprise: one partition, in commit order. Once the marker's gap is out, audit has
            # taken everything set up before it, and every trial starts from an idle pipeline.
            marker = shifts.pop()
            began = time.perf_counter()
            await post(
                client, f"{roster}/shifts/{marker['id']}/cancel", {"reason": "Đánh dấu"}, version=marker["version"]
            )
            await gap_at(consumer, marker["site_id"], began)
            idle = random.Random(args.seed)
            for shift in shifts:
                with uncollected():
                    await asyncio.sleep(idle.uniform(0, args.idle_ms / 1000))
                    began = time.perf_counter()
                    cancel = f"{roster}/shifts/{shift['id']}/cancel"
                    await post(client, cancel, {"reason": "Ốm"}, version=shift["version"])
                    await gap_at(consumer, shift["site_id"], began)
                    samples.append(time.perf_counter() - began)
    finally:
        await consumer.stop()
        for process in reversed(started):
            process.stop()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=40, help="changes timed (default 40)")
    parser.add_argument("--idle-ms", type=float, default=60, help="longest pause before each change (default 60)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with infrastructure() as (pg, kafka), tempfile.TemporaryDirectory(prefix="lichtruc-bench-gap-") as tmp:
        samples = sorted(asyncio.run(run(args, pg, kafka.bootstrap_servers, Path(tmp))))
    print(
        f"roster POST /shifts/{{id}}/cancel -> CoverageGapOpened read from audit's topic, relay apart, "
        f"{len(samples)} changes: p50 {statistics.median(samples) * 1000:.1f} ms, p99 {percentile(samples, 99) * 1000:.1f} ms, "
        f"max {samples[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
