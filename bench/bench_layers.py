"""What each layer the services put around roster's `POST /shifts` costs, against the same app without
it, measured in one run, interleaved rounds (issue 14: "fewer middleware layers on the hot path (measure
each)").

    .venv/bin/python bench/bench_layers.py [--rounds 60] [--requests 100]

Builds, in this process, the no-database app of bench_roster_post_shifts.py (bench/nodb_app.py: FastAPI
with roster's access check and request schema for `POST /shifts`, answering 201 without a database) once
for each variant, which differ only in the layers `lichtruc.service.create_service_app` gives every
service app, added as it adds them (nodb_app's BENCH_LAYERS):

- **none**: the baseline, nodb_app as bench_roster_post_shifts.py serves it;
- **inflight**: the `InFlightLimit` middleware (lichtruc.web), the outermost;
- **body**: the `BodySizeLimit` middleware (lichtruc.web), roster's limits (1 MiB; uploads their own);
- **query**: the app-wide dependency `check_query_string` (lichtruc.queries), after the
  token check;
- **problems**: `install_problem_handlers` (lichtruc.problems), the exception handlers;
- **all**: the four together, as deployed;
- **telemetry**: none of them, but FastAPI's per-request telemetry check left at its default (on), which
  the services switch off.

Each request is an ASGI call of the app itself (a valid shift, an administrator's token; the app books
nobody, so one body serves throughout), without a socket or a server. Served through uvicorn the same app
took 230–380 µs of CPU a request from one 3 s round to the next on this shared machine (a first version of
this bench, with `wrk` and six servers), far more than a layer costs; what the server adds is the same
for every variant, so it is left out and the layers' differences stand clear. Every round times
`--requests` requests of each variant in turn (CPU time of this process), in an order rotated each round,
after a warm-up that is not counted; every answer must be a 201.

Prints, per variant, the median µs of CPU a request over the rounds, and its difference against none's.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import uvloop
from auth_env import ADMIN_HEADERS, PUBLIC_KEY
from bench_roster_post_shifts import BODY

VARIANTS = ("none", "inflight", "body", "query", "problems", "all", "telemetry")  # nodb_app's BENCH_LAYERS

App = Callable[
    [dict[str, Any], Callable[[], Awaitable[dict[str, Any]]], Callable[[dict[str, Any]], Awaitable[None]]],
    Awaitable[None],
]


def build_apps() -> dict[str, App]:
    """nodb_app's app of each variant (it reads BENCH_LAYERS when it is built)."""
    import nodb_app

    os.environ["BENCH_AUTH_PUBLIC_KEY"] = PUBLIC_KEY
    apps = {}
    for variant in VARIANTS:
        os.environ["BENCH_LAYERS"] = variant
        apps[variant] = nodb_app.create_app()
    del os.environ["BENCH_LAYERS"]
    return apps


class Request:
    """One POST /shifts as an ASGI server hands it to the app: the scope, `receive` and `send`."""

    def __init__(self) -> None:
        self.body = (BODY % (uuid.uuid4(), uuid.uuid4(), 1, 1, uuid.uuid4())).encode()
        self.headers = [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"authorization", ADMIN_HEADERS["Authorization"].encode()),
            (b"content-length", str(len(self.body)).encode()),
        ]

    async def answer(self, app: App) -> int:
        """The status the app answers."""
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/shifts",
            "raw_path": b"/shifts",
            "query_string": b"",
            "root_path": "",
            "headers": self.headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        given = False
        statuses: list[int] = []

        async def receive() -> dict[str, Any]:
            nonlocal given
            if not given:
                given = True
                return {"type": "http.request", "body": self.body, "more_body": False}
            await asyncio.Event().wait()  # the client stays connected: never a disconnect
            raise AssertionError("unreachable")

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        await app(scope, receive, send)
        return statuses[0]


async def cpu_per_request(app: App, request: Request, count: int) -> float:
    """µs of this process's CPU a request, over `count` requests; each must be answered 201."""
    start = time.process_time()
    for _ in range(count):
        status = await request.answer(app)
        if status != 201:
            raise RuntimeError(f"the app answered {status}, not 201")
    return 1e6 * (time.process_time() - start) / count


async def measure(rounds: int, count: int) -> tuple[list[float], dict[str, list[float]]]:
    """Each round: every variant in turn (the order rotated each round), each right after a run of none,
    so that each of its figures has a baseline of the same moment. Returns none's µs a request (all its
    runs) and, per variant, each round's difference to the run of none just before it."""
    apps, request = build_apps(), Request()
    gc.collect()
    gc.freeze()  # as the services do after starting: the apps are out of the collector's sight
    for variant in VARIANTS:  # warm-up, not counted
        await cpu_per_request(apps[variant], request, 300)
    others = VARIANTS[1:]
    baseline: list[float] = []
    paired: dict[str, list[float]] = {variant: [] for variant in others}
    for round_no in range(rounds):
        turn = round_no % len(others)
        for variant in others[turn:] + others[:turn]:
            none = await cpu_per_request(apps["none"], request, count)
            baseline.append(none)
            paired[variant].append(await cpu_per_request(apps[variant], request, count) - none)
    return baseline, paired


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=60, help="interleaved rounds, medians reported (default 60)")
    parser.add_argument("--requests", type=int, default=100, help="requests of each variant a round (default 100)")
    args = parser.parse_args()
    baseline, paired = uvloop.run(measure(args.rounds, args.requests))
    none = statistics.median(baseline)
    print(
        f"POST /shifts on the no-database app with each layer, in process (ASGI calls, no socket), µs of CPU a "
        f"request; each variant's run right after one of none, {args.rounds} rounds of {args.requests} requests, "
        "medians (and quartiles) of the differences:"
    )
    print(f"  none       {none:7.1f} µs a request (quartiles {_quartiles(baseline)})")
    for variant, differences in paired.items():
        print(f"  {variant:10} {statistics.median(differences):+7.1f} µs (quartiles {_quartiles(differences)})")
    print(json.dumps({"none_cpu_us": none, "cpu_us_over_none": {v: statistics.median(d) for v, d in paired.items()}}))
    return 0


def _quartiles(values: list[float]) -> str:
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"{q1:+.1f}, {q3:+.1f}" if min(values) < 0 else f"{q1:.1f}, {q3:.1f}"


if __name__ == "__main__":
    sys.exit(main())
