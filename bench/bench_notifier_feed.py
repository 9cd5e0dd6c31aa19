"""Benchmark: serving a calendar feed of 10,000 events over real HTTP (uvicorn) from a real
PostgreSQL, cold and with If-None-Match (304).

    .venv/bin/python bench/bench_notifier_feed.py [--events 10000] [--runs 20] [--database-url URL]

Without --database-url an embedded PostgreSQL is started with devstack in a temporary folder
(and removed afterwards). The feed is an enterprise feed (one VEVENT per shift): 10,000
published shifts of one enterprise over the 20 days of a Tết campaign, two or three people
each, at 100 sites, put in through the consumer's own code path (`make_apply`, minus Kafka),
so the rows are exactly what the service would hold. Kafka is not needed to serve feeds: the
app is served without its lifespan (see `serve`), so nothing tries to reach a broker.

Measured, each as median and 95th percentile over --runs requests:
  cold 200    rendered-feed cache off: token look-up, version read, query of 10,000 rows, entries,
              render, 7 MB body (what the first request after a change costs)
  cold 304    the same with If-None-Match: the ETag comes from the feed's version, so nothing is
              queried or rendered (what a polling calendar client costs, on any replica)
  cached 200  the replica's rendered copy, validated by the same small reads (full body)
  cached 304  the same with If-None-Match (no body)
These are timed by an httpx client in this process, which serves the app too: the client's own work is
inside them. The 304 (issue 14's target: ≤ 5 ms) is then also timed as a calendar client sees it, by
`wrk` in a process of its own (bench/wrk.py; one connection, each request sent as the last is answered,
3 s, cold and cached): the server's latency, p50 and p99. And then, interleaved in this process over
--runs rounds, the handler's whole cold path against the serialiser alone on the same entries
(`render_feed`), medians and their ratio; and the serialiser once more with the two default alarms on every
event, as a person's feed carries them (an enterprise feed carries none).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import random
import shutil
import statistics
import sys
import tempfile
import time as clock
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from auth_env import ADMIN_HEADERS
from wrk import find_wrk, latency

from devstack.procs import free_port
from lichtruc import db
from lichtruc.events import (
    ROSTER_SOURCE,
    Assignee,
    EnterpriseRegistered,
    ShiftPublished,
    ShiftSnapshot,
    SiteRegistered,
    make_event,
)
from notifier.app import MIGRATIONS, create_app
from notifier.domain.calendar import FeedSpec, render_feed
from notifier.domain.views import feed_entries_of
from notifier.handlers.events import make_apply
from notifier.handlers.feeds import feed_for_token
from notifier.settings import NotifierSettings

FIRST_DAY = datetime(2027, 1, 29, 23, tzinfo=UTC)  # 06:00 on 23 tháng Chạp, local
NAMES = [
    "Nguyễn Thị Ánh Tuyết",
    "Trần Văn Bình",
    "Lê Hoàng Phúc",
    "Phạm Thị Hồng Nhung",
    "Võ Minh Đức",
    "Huỳnh Thị Mỹ Dung",
    "Đặng Quốc Việt",
    "Bùi Thị Thu Hương",
    "Đỗ Văn Hùng",
    "Ngô Thị Kim Oanh",
]
DUTIES = ["leadership", "operations", "incident_response", "patrol"]


def events(n: int, seed: int = 7):
    rng = random.Random(seed)
    enterprise = uuid.uuid4()
    at = datetime(2027, 1, 10, tzinfo=UTC)
    out = [
        make_event(
            EnterpriseRegistered(
                enterprise_id=enterprise,
                name="VNPT Long An",
                sector="telecom",
                manager_phone="0272 3 826 999",
                version=1,
            ),
            source=ROSTER_SOURCE,
            partitionkey=str(enterprise),
            time=at,
        )
    ]
    sites = [uuid.uuid4() for _ in range(100)]
    for i, site in enumerate(sites):
        out.append(
            make_event(
                SiteRegistered(
                    site_id=site,
                    enterprise_id=enterprise,
                    kind="exchange",
                    version=1,
                    name=f"Trạm viễn thông số {i + 1}, huyện Đức Hòa",
                ),
                source=ROSTER_SOURCE,
                partitionkey=str(enterprise),
                time=at,
            )
        )
    staff = [Assignee(staff_id=uuid.uuid4(), full_name=f"{rng.choice(NAMES)} {i}") for i in range(400)]
    for i in range(n):
        start = FIRST_DAY + timedelta(days=i % 20, hours=8 * rng.randrange(3), minutes=rng.randrange(60))
        shift = ShiftSnapshot(
            shift_id=uuid.uuid4(),
            enterprise_id=enterprise,
            site_id=rng.choice(sites),
            duty_type=rng.choice(DUTIES),
            starts_at=start,
            ends_at=start + timedelta(hours=8),
            assignees=tuple(rng.sample(staff, rng.choice((2, 3)))),
            status="published",
            notes="Kiểm tra máy phát điện, mang thẻ ra vào." if i % 3 == 0 else None,
            version=2,
        )
        out.append(
            make_event(
                ShiftPublished(shift=shift),
                source=ROSTER_SOURCE,
                partitionkey=str(enterprise),
                time=at + timedelta(seconds=i),
            )
        )
    return enterprise, out


async def load(settings: NotifierSettings, n: int) -> uuid.UUID:
    app = create_app(settings)
    engine = db.create_engine(settings.database_url)
    await db.migrate(engine, MIGRATIONS, service="notifier")
    await engine.dispose()
    try:
        apply = make_apply(app.state.ctx)
        enterprise, evs = events(n)
        started = clock.perf_counter()
        for event in evs[:101]:  # enterprise and sites first
            await apply(event, "bench")
        queue: asyncio.Queue[Any] = asyncio.Queue()
        for event in evs[101:]:
            queue.put_nowait(event)

        async def worker() -> None:
            while not queue.empty():
                await apply(queue.get_nowait(), "bench")

        await asyncio.gather(*(worker() for _ in range(8)))
        print(
            f"loaded {len(evs)} events through the consumer's apply in {clock.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
    finally:
        await app.state.runtime.engine.dispose()
    return enterprise


def summary(name: str, seconds: list[float], size: int | None = None) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    extra = f"  body {size / 1e6:.2f} MB" if size is not None else ""
    return f"{name:10} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   ({len(ms)} requests){extra}"


async def serve(settings: NotifierSettings, enterprise: uuid.UUID, runs: int) -> dict[str, list[float]]:
    """Time GET (200) and GET with If-None-Match (304) of one enterprise feed, `runs` times each."""
    app = create_app(settings)
    port = free_port()
    # A feed is served without Kafka: the app runs without its lifespan, which would start the
    # Kafka connection and the consumers (and, with no broker here, log their retries). What the
    # lifespan does that serving depends on — keeping the startup objects out of the collector's
    # sight — is done here the same way; the database engine is the app's own.
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, not an event, to wait on
        await asyncio.sleep(0.05)
    gc.collect()
    gc.freeze()
    times: dict[str, list[float]] = {"200": [], "304": []}
    try:
        async with httpx.AsyncClient(headers=ADMIN_HEADERS, base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            token = (await client.post("/feeds", json={"kind": "enterprise", "enterprise_id": str(enterprise)})).json()[
                "token"
            ]
            first = await client.get(f"/feeds/{token}.ics")
            times["size"] = [len(first.content)]
            times["events"] = [first.content.count(b"BEGIN:VEVENT")]
            for _ in range(runs):
                t = clock.perf_counter()
                again = await client.get(f"/feeds/{token}.ics")
                times["200"].append(clock.perf_counter() - t)
                assert again.headers["etag"] == first.headers["etag"]
                t = clock.perf_counter()
                r304 = await client.get(f"/feeds/{token}.ics", headers={"If-None-Match": first.headers["etag"]})
                times["304"].append(clock.perf_counter() - t)
                assert r304.status_code == 304
            wrk = find_wrk()
            if wrk is not None:
                seen = await latency(
                    wrk, f"http://127.0.0.1:{port}/feeds/{token}.ics", headers={"If-None-Match": first.headers["etag"]}
                )
                times["304 wrk"] = [seen["50%"], seen["99%"], seen["requests"]]
            if settings.feed_cache_size == 0:
                times.update(await against_the_serialiser(app.state.ctx, token, enterprise, runs))
    finally:
        server.should_exit = True
        await task
        gc.unfreeze()
        await app.state.runtime.engine.dispose()
    return times


async def against_the_serialiser(ctx: Any, token: str, enterprise: uuid.UUID, runs: int) -> dict[str, list[float]]:
    """Interleaved, in this process: the whole cold path of the handler (token, version, query,
    entries, render) against the serialiser alone on the same entries (the floor)."""
    async with ctx.uow() as uow:
        rows = await uow.shifts.feed_rows(now=ctx.clock(), enterprise_id=enterprise)
    entries, _ = feed_entries_of(rows, "vi")
    spec = FeedSpec(name="bench", lang="vi", feed_id="bench", refresh_interval=timedelta(minutes=5))
    # What a person's feed of as many events adds: the default two alarms (a day and an hour before) on each.
    alarmed = FeedSpec(
        name="bench",
        lang="vi",
        feed_id="bench",
        refresh_interval=timedelta(minutes=5),
        alarm_offsets_minutes=(1440, 60),
    )
    times: dict[str, list[float]] = {"handler": [], "serialiser": [], "alarms": []}
    for _ in range(runs):
        t = clock.perf_counter()
        await feed_for_token(ctx=ctx, token=token)
        times["handler"].append(clock.perf_counter() - t)
        t = clock.perf_counter()
        render_feed(spec, entries)
        times["serialiser"].append(clock.perf_counter() - t)
        t = clock.perf_counter()
        render_feed(alarmed, entries)
        times["alarms"].append(clock.perf_counter() - t)
    return times


async def measure(settings: NotifierSettings, enterprise: uuid.UUID, runs: int) -> None:
    # Cold: the rendered-feed cache off, so every request queries and renders all events (what
    # happens once per replica after each change of the feed); then with the cache, as in service.
    cold = await serve(settings.model_copy(update={"feed_cache_size": 0}), enterprise, runs)
    warm = await serve(settings, enterprise, runs)
    size = int(cold["size"][0])
    print(f"feed of {int(cold['events'][0])} events, {size} bytes, over HTTP (uvicorn) on 127.0.0.1")
    print(summary("cold 200", cold["200"], size))
    print(summary("cold 304", cold["304"]))
    print(summary("cached 200", warm["200"], size))
    print(summary("cached 304", warm["304"]))
    for name, run in (("cold", cold), ("cached", warm)):
        if "304 wrk" in run:
            p50, p99, count = run["304 wrk"]
            print(
                f"{name} 304 from wrk (its own process, 1 connection, 3 s): p50 {p50 * 1000:.2f} ms, "
                f"p99 {p99 * 1000:.2f} ms ({count:,.0f} requests; target ≤ 5 ms: {'met' if p50 <= 0.005 else 'NOT met'})"
            )
        else:
            print(f"{name} 304 from wrk: not measured (wrk missing and not installable here)")
    handler, serialiser = statistics.median(cold["handler"]), statistics.median(cold["serialiser"])
    print(
        f"same-run, interleaved, in process: cold handler {handler * 1000:.1f} ms, serialiser alone "
        f"{serialiser * 1000:.1f} ms (medians): {handler / serialiser:.2f}x the serialiser"
    )
    alarms = statistics.median(cold["alarms"])
    print(f"the serialiser with two alarms on every event (a person's feed, default offsets): {alarms * 1000:.1f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    tmp = None
    server = None
    url = args.database_url
    if url is None:
        from devstack.postgres import PostgresServer

        tmp = Path(tempfile.mkdtemp(prefix="lichtruc-bench-feed-"))
        server = PostgresServer(data_dir=tmp / "postgres", port=free_port())
        server.start()
        server.ensure_database("notifier")
        url = server.url("notifier")
    try:
        settings = NotifierSettings(
            database_url=url,
            kafka_bootstrap_servers=f"127.0.0.1:{free_port()}",
            scheduler_enabled=False,
            log_json=False,
            migrate_on_startup=False,
            topic_prefix=f"bench{uuid.uuid4().hex[:6]}",
        )
        enterprise = await load(settings, args.events)
        await measure(settings, enterprise, args.runs)
    finally:
        if server is not None:
            server.stop()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
