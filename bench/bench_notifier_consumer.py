"""Benchmark: roster events applied per second by notifier's consumer, on a real Kafka and a
real PostgreSQL, next to the "consume + decode + COPY" baseline measured in the same run
(bench/consumer_bench.py), interleaved A/B/A/B, medians and their ratio (issue 14: ≥ 40 %).

    .venv/bin/python bench/bench_notifier_consumer.py [--shifts 4000] [--enterprises 12] [--trials 3]
                                                      [--batch-size 500] [--batch-ms 20] [--workers 1]
                                                      [--handlers all|none] [--no-scheduler]

Kafka and PostgreSQL are started with devstack in a temporary folder on LICHTRUC_BENCH_KAFKA_PORT /
LICHTRUC_BENCH_PG_PORT (defaults 19502 / 25482) and removed afterwards.

The events are what roster sends for a Tết campaign: each enterprise registered, 50 staff
each, and for every shift ShiftPlanned (draft), ShiftPublished, then for a third of them
ShiftRescheduled and for a quarter ShiftReassigned. All are produced to the topic once; each
trial is a fresh notifier (its own database and consumer group) reading them all from the
start, and the clock runs from its first applied event to its last (group joining is not
counted; the baseline's clock likewise). Notifier applies them in batches
(`NOTIFIER_CONSUMER_BATCH_SIZE`, `NOTIFIER_CONSUMER_BATCH_MS`): per batch one transaction with
the inbox rows, shift snapshots, feed entries with SEQUENCE, reminder planning and feed validators.

`--workers N` (N > 1) runs notifier as it is deployed, `python -m notifier serve` with N worker processes
(`NOTIFIER_WORKERS`, whose default is the number of cores): N members of the consumer group share the
topic's 6 partitions. Each such trial reads a topic of its own, filled once the N members have joined
(`_as_a_service`): a deployment's group is settled when a replay comes. The baseline stays one process.

A quarter of the shifts are reassigned while published, so notifier tells the people put on and taken off:
about 2,000 deliveries, which the scheduler in the same process then tries to send (no SMTP server here: each
attempt fails and is retried later). `--no-scheduler` leaves the sender out, to see the ingest alone.

`--handlers none` (in process only) measures a ceiling, not notifier: every event handler is replaced by
one that does nothing, so what is left is the consumer's frame around them — the batch fetched and its
envelopes decoded, each event's data decoded and validated, the inbox rows, the staged unit of work's
reads and its (empty) flush, the transaction. However fast the handlers became, notifier could not ingest
faster than this through this frame; its ratio to the same run's baseline bounds the attainable one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from auth_env import ADMIN_HEADERS  # noqa: F401 - puts a key pair in the environment before settings are read
from consumer_bench import Measured, consume_decode_copy, infrastructure, interleaved, produce
from sqlalchemy import func, select, text

from devstack.services import ServiceProcess, service_env
from lichtruc import db, topics
from lichtruc.events import (
    ROSTER_SOURCE,
    Assignee,
    EnterpriseRegistered,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSnapshot,
    StaffJoined,
    make_event,
)
from lichtruc.kafka import ensure_topics
from notifier.app import create_app
from notifier.db.tables import inbox
from notifier.handlers import events as events_module
from notifier.settings import NotifierSettings

FIRST_DAY = datetime(2027, 1, 29, 23, tzinfo=UTC)
NAMES = ["Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Hoàng Phúc", "Phạm Thị Hồng Nhung", "Võ Minh Đức"]
PREFIX = "bench"


def campaign(enterprises: int, shifts: int, seed: int = 11):
    rng = random.Random(seed)
    at = datetime(2027, 1, 10, tzinfo=UTC)
    out = []

    def emit(data, key):
        nonlocal at
        at += timedelta(milliseconds=10)
        out.append(make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=at))

    staff: dict[uuid.UUID, list[Assignee]] = {}
    for e in range(enterprises):
        eid = uuid.uuid4()
        emit(
            EnterpriseRegistered(
                enterprise_id=eid,
                name=f"Doanh nghiệp viễn thông {e + 1}",
                sector="telecom",
                manager_emails=(f"quanly{e}@example.vn",),
                version=1,
            ),
            eid,
        )
        staff[eid] = []
        for i in range(50):
            person = Assignee(staff_id=uuid.uuid4(), full_name=f"{rng.choice(NAMES)} {e}-{i}")
            staff[eid].append(person)
            emit(
                StaffJoined(
                    staff_id=person.staff_id,
                    enterprise_id=eid,
                    full_name=person.full_name,
                    email=f"s{e}-{i}@example.vn",
                    version=1,
                ),
                eid,
            )
    for n in range(shifts):
        eid = rng.choice(list(staff))
        start = FIRST_DAY + timedelta(days=n % 20, hours=8 * rng.randrange(3))
        snap = ShiftSnapshot(
            shift_id=uuid.uuid4(),
            enterprise_id=eid,
            duty_type="operations",
            starts_at=start,
            ends_at=start + timedelta(hours=8),
            assignees=tuple(rng.sample(staff[eid], 2)),
            status="draft",
            version=1,
        )
        emit(ShiftPlanned(shift=snap), eid)
        snap = snap.model_copy(update={"status": "published", "version": 2})
        emit(ShiftPublished(shift=snap), eid)
        if n % 3 == 0:
            moved = snap.model_copy(
                update={
                    "starts_at": start + timedelta(hours=1),
                    "ends_at": start + timedelta(hours=9),
                    "version": snap.version + 1,
                }
            )
            emit(ShiftRescheduled(shift=moved, previous_starts_at=snap.starts_at, previous_ends_at=snap.ends_at), eid)
            snap = moved
        if n % 4 == 0:
            other = snap.model_copy(
                update={"assignees": (snap.assignees[0], rng.choice(staff[eid])), "version": snap.version + 1}
            )
            emit(ShiftReassigned(shift=other, previous_assignees=snap.assignees), eid)
    return out


async def notifier_trial(pg, kafka: str, events: list, trial: int, args: argparse.Namespace) -> Measured:
    """A fresh notifier (database, consumer group) applies every event on the topic: in this
    process with `--workers 1`, else as the service runs (`python -m notifier serve`), with that
    many worker processes sharing the group's partitions."""
    name = f"notifier_t{trial}_{uuid.uuid4().hex[:6]}"
    pg.ensure_database(name)
    settings = NotifierSettings(
        database_url=pg.url(name),
        kafka_bootstrap_servers=kafka,
        topic_prefix=PREFIX,
        consumer_group=f"{name}-notifier",
        consumer_batch_size=args.batch_size,
        consumer_batch_ms=args.batch_ms,
        scheduler_enabled=args.scheduler,
        log_json=False,
    )
    if args.workers > 1:
        return await _as_a_service(settings, events, trial, args)
    app = create_app(settings)
    with _handlers(args.handlers):
        async with app.router.lifespan_context(app):
            measured = await _applied_all(app.state.runtime.engine, len(events))
    await app.state.runtime.engine.dispose()
    return measured


async def _does_nothing(uow: object, **_: object) -> bool:
    return False


@contextlib.contextmanager
def _handlers(which: str) -> Iterator[None]:
    """`all`: notifier as it is. `none`: every handler does nothing for the block (see the module's
    docstring: the frame's ceiling); `handler_for` reads the table at each event."""
    if which == "all":
        yield
        return
    saved = events_module.HANDLERS
    events_module.HANDLERS = tuple((kind, _does_nothing) for kind, _ in saved)
    try:
        yield
    finally:
        events_module.HANDLERS = saved


async def _applied_all(engine, count: int) -> Measured:
    """From the first applied event to the last (the group's joining is not counted)."""

    async def applied() -> int:
        async with engine.connect() as conn:
            if await conn.scalar(text("SELECT to_regclass('inbox')")) is None:
                return 0  # a service process still migrating its database
            return int(await conn.scalar(select(func.count()).select_from(inbox)) or 0)

    while await applied() == 0:  # noqa: ASYNC110 - the condition is a database count: nothing to await
        await asyncio.sleep(0.01)
    first = time.perf_counter()
    done = 0
    while done < count:
        await asyncio.sleep(0.05)
        done = await applied()
    return Measured(count, time.perf_counter() - first)


async def _as_a_service(settings: NotifierSettings, events: list, trial: int, args: argparse.Namespace) -> Measured:
    """The service as deployed, its group settled before its first event: the trial has a topic of its own
    (prefix `bench<trial>`), filled once all the workers have joined the group and been given their
    partitions. On the shared topic, the first worker to join took every partition and the group was
    rebalanced when the others joined, a pause of a second or more inside the clock (one trial in three
    showed 9,014/s and the others 3,991 and 4,696 on 2026-12-01), which a running deployment does not have."""
    prefix = f"{PREFIX}{trial}"
    topic = topics.with_prefix(prefix, topics.ROSTER_EVENTS)
    await ensure_topics(settings.model_copy(update={"topic_prefix": prefix}), [topic])
    env = service_env(
        "notifier",
        database_url=settings.database_url,
        kafka=settings.kafka_bootstrap_servers,
        topic_prefix=prefix,
        workers=args.workers,
    )
    env |= {
        "NOTIFIER_CONSUMER_GROUP": settings.consumer_group or "",
        "NOTIFIER_CONSUMER_BATCH_SIZE": str(args.batch_size),
        "NOTIFIER_CONSUMER_BATCH_MS": str(args.batch_ms),
    }
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-notifier-") as tmp:
        service = ServiceProcess(
            name="notifier",
            port=int(os.environ.get("LICHTRUC_BENCH_NOTIFIER_PORT") or 8112),
            env=env,
            log_file=Path(tmp) / "notifier.log",
        )
        service.start()
        engine = db.create_engine(settings.database_url, pool_size=1)
        try:
            service.wait_ready()
            await _group_settled(settings.kafka_bootstrap_servers, settings.consumer_group or "", args.workers)
            filling = asyncio.create_task(produce(settings.kafka_bootstrap_servers, topic, events))
            measured = await _applied_all(engine, len(events))
            await filling
            return measured
        finally:
            service.stop()
            await engine.dispose()


async def _group_settled(kafka: str, group: str, members: int, timeout: float = 120) -> None:
    """Until the consumer group is Stable with `members` members, each given partitions."""
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        deadline = time.perf_counter() + timeout
        while True:
            [response] = await admin.describe_consumer_groups([group])
            [(_, _, state, _, _, joined)] = response.groups
            if state == "Stable" and len(joined) == members and all(m[4] for m in joined):
                return
            if time.perf_counter() > deadline:
                raise TimeoutError(f"group {group}: {state} with {len(joined)} of {members} members after {timeout}s")
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


async def run(pg, kafka: str, args: argparse.Namespace) -> None:
    events = campaign(args.enterprises, args.shifts)
    topic = topics.with_prefix(PREFIX, topics.ROSTER_EVENTS)
    await ensure_topics(
        NotifierSettings(database_url=pg.url("postgres"), kafka_bootstrap_servers=kafka, topic_prefix=PREFIX), [topic]
    )
    seconds = await produce(kafka, topic, events)
    print(f"produced {len(events)} events in {seconds:.1f}s ({args.enterprises} enterprises keyed over 6 partitions)")
    pg.ensure_database("baseline")
    result = await interleaved(
        service=lambda trial: notifier_trial(pg, kafka, events, trial, args),
        baseline=lambda trial: consume_decode_copy(
            kafka, topic, len(events), pg.url("baseline", driver="postgresql"), batch_size=args.batch_size
        ),
        trials=args.trials,
    )
    workers = f"{args.workers} worker processes" if args.workers > 1 else "in process"
    if args.handlers == "none":
        result.print(f"notifier's consumer frame, every handler doing nothing (a ceiling; batch {args.batch_size})")
        return
    result.print(f"notifier ingest (batch {args.batch_size}, {args.batch_ms} ms, {workers})", target=0.40)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=12)
    parser.add_argument("--shifts", type=int, default=4000)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--batch-ms", type=int, default=20)
    parser.add_argument("--scheduler", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="1: notifier in this process (default); more: the service with that many worker processes",
    )
    parser.add_argument(
        "--handlers",
        choices=("all", "none"),
        default="all",
        help="none: every event handler does nothing (in process only): the consumer frame's ceiling",
    )
    args = parser.parse_args()
    if args.handlers == "none" and args.workers > 1:
        parser.error("--handlers none runs notifier in this process: use it with --workers 1")
    logging.basicConfig(level=logging.ERROR)
    with infrastructure() as (pg, kafka):
        try:
            import uvloop

            uvloop.run(run(pg, kafka.bootstrap_servers, args))
        except ImportError:
            asyncio.run(run(pg, kafka.bootstrap_servers, args))


if __name__ == "__main__":
    main()
