"""The HTTP stack: h11 + asyncio (uvicorn's pure-Python defaults) against httptools + uvloop
(what the services serve with), on the same roster, the same worker count, the same database.

    .venv/bin/python bench/bench_http.py [--rounds 5] [--seconds 5] [--connections 32] [--workers 1]

Starts its own PostgreSQL (devstack, in a temporary folder, on a free port) and two roster
processes side by side on one database — A with ROSTER_HTTP=h11 ROSTER_LOOP=asyncio, B with
ROSTER_HTTP=httptools ROSTER_LOOP=uvloop — and a few shifts. Kafka is left out: roster serves
without it (its outbox waits), and a broker would only add noise to the measured cores.

The load generator is `wrk` (C, one thread: it leaves the cores to the server; installed from
Debian when missing, as `make bench` may install), else a Python client in a process of its own.
Every round measures, in turn, A then B (then A then B…) on `GET /healthz` and on an
authenticated `GET /shifts?limit=1` (token check, a database query, the page format) under
`--connections` concurrent keep-alive connections, so drift of the machine hits both alike.
Prints the median requests/s of each over the rounds and the ratio B/A.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from auth_env import ADMIN_HEADERS
from wrk import find_wrk

from devstack.postgres import PostgresServer
from devstack.procs import free_port
from devstack.services import ServiceProcess, service_env

STACKS = {"A h11+asyncio": ("h11", "asyncio"), "B httptools+uvloop": ("httptools", "uvloop")}
PATHS = {"GET /healthz": ("/healthz", False), "GET /shifts?limit=1": ("/shifts?limit=1", True)}

# The fallback client: a process of its own, asyncio + httpx, `connections` keep-alive clients.
PY_CLIENT = r"""
import asyncio, sys, time, httpx
url, seconds, connections, header = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
headers = dict([header.split(": ", 1)]) if header else {}
async def main():
    done = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=30) as client:
        end = time.monotonic() + seconds
        async def one():
            nonlocal done
            while time.monotonic() < end:
                (await client.get(url)).raise_for_status()
                done += 1
        start = time.monotonic()
        await asyncio.gather(*(one() for _ in range(connections)))
        print(f"Requests/sec: {done / (time.monotonic() - start):.2f}")
asyncio.run(main())
"""


def load(wrk: str | None, url: str, *, seconds: float, connections: int, authenticated: bool) -> float:
    """Requests per second that `url` answered (every answer must be a 2xx)."""
    header = f"Authorization: {ADMIN_HEADERS['Authorization']}" if authenticated else ""
    if wrk is not None:
        command = [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", url]
        if header:
            command[1:1] = ["-H", header]
    else:
        command = [sys.executable, "-c", PY_CLIENT, url, str(seconds), str(connections), header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"the load run had failures:\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise RuntimeError(f"no rate in the load generator's output:\n{out}")
    return float(found.group(1))


def seed(base: str) -> None:
    """A campaign, an enterprise, a person and a shift: `/shifts?limit=1` answers a real page."""
    with httpx.Client(headers=ADMIN_HEADERS, base_url=base, timeout=30) as client:
        campaign = client.post("/campaigns", json={"lunar_year": 2027}).raise_for_status().json()
        enterprise = (
            client.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}).raise_for_status().json()
        )
        person = (
            client.post(
                "/staff",
                json={
                    "enterprise_id": enterprise["id"],
                    "full_name": "Nguyễn Văn Trực",
                    "qualifications": ["operator"],
                },
            )
            .raise_for_status()
            .json()
        )
        client.post(
            "/shifts",
            json={
                "campaign_id": campaign["id"],
                "enterprise_id": enterprise["id"],
                "duty_type": "operations",
                "starts_at": "2027-02-06T06:00:00+07:00",
                "ends_at": "2027-02-06T14:00:00+07:00",
                "assignees": [{"staff_id": person["id"]}],
            },
        ).raise_for_status()
        page = client.get("/shifts", params={"limit": 1}).raise_for_status().json()
        assert len(page["items"]) == 1, page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="A/B rounds, the median is reported (default 5)")
    parser.add_argument("--seconds", type=float, default=5, help="length of one measurement (default 5)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--workers", type=int, default=1, help="roster worker processes, both stacks (default 1)")
    args = parser.parse_args()

    wrk = find_wrk()
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-") as tmp:
        root = Path(tmp)
        postgres = PostgresServer(data_dir=root / "postgres", port=free_port())
        servers: dict[str, ServiceProcess] = {}
        try:
            print("bench: starting PostgreSQL and two rosters…", file=sys.stderr, flush=True)
            postgres.start()
            postgres.ensure_database("roster")
            for label, (http, loop) in STACKS.items():
                env = service_env(
                    "roster",
                    database_url=postgres.url("roster"),
                    kafka=f"127.0.0.1:{free_port()}",
                    workers=args.workers,
                )
                env |= {"ROSTER_LOG_LEVEL": "ERROR", "ROSTER_HTTP": http, "ROSTER_LOOP": loop}
                # Measure the stack, not the shedding: admit every connection the generator opens
                # (the default limit is the pool's size, 10; one worker gets them all).
                env["ROSTER_MAX_IN_FLIGHT_REQUESTS"] = str(args.connections)
                servers[label] = ServiceProcess(
                    name="roster", port=free_port(), env=env, log_file=root / f"roster-{http}.log"
                )
            for server in servers.values():
                server.start()
                server.wait_ready()
            seed(next(iter(servers.values())).url)
            for label, server in servers.items():  # what each one really runs
                info = httpx.get(f"{server.url}/metrics").text
                print(f"bench: {label}: " + re.findall(r"lichtruc_server_info\{[^}]*\}", info)[0], file=sys.stderr)

            rates: dict[tuple[str, str], list[float]] = {(s, p): [] for s in STACKS for p in PATHS}
            for path, authenticated in PATHS.values():  # warm both (not counted)
                for server in servers.values():
                    load(wrk, server.url + path, seconds=1, connections=args.connections, authenticated=authenticated)
            for round_no in range(1, args.rounds + 1):
                for path_label, (path, authenticated) in PATHS.items():
                    for label, server in servers.items():
                        rate = load(
                            wrk,
                            server.url + path,
                            seconds=args.seconds,
                            connections=args.connections,
                            authenticated=authenticated,
                        )
                        rates[(label, path_label)].append(rate)
                print(f"bench: round {round_no}/{args.rounds} done", file=sys.stderr, flush=True)
        finally:
            for server in servers.values():
                server.stop()
            postgres.stop()

    generator = "wrk -t1" if wrk else "httpx in a separate process"
    print(
        f"HTTP stack, roster with {args.workers} worker(s), {args.connections} connections, {generator}, "
        f"median of {args.rounds} interleaved rounds of {args.seconds:g} s:"
    )
    a, b = STACKS
    for path_label in PATHS:
        ra, rb = statistics.median(rates[(a, path_label)]), statistics.median(rates[(b, path_label)])
        print(f"  {path_label:20} {a}: {ra:8.0f} req/s   {b}: {rb:8.0f} req/s   B/A = {rb / ra:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
