"""Benchmark: roster events applied per second by notifier's consumer, on a real Kafka and a
real PostgreSQL.

    .venv/bin/python bench/bench_notifier_consumer.py [--shifts 1500] [--enterprises 12]
                                                      [--kafka HOST:PORT --database-url URL]

Without --kafka/--database-url, Kafka (KRaft, from the cached Maven jars) and an embedded
PostgreSQL are started with devstack in a temporary folder and removed afterwards.

The events are what roster sends for a Tết campaign: each enterprise registered, 50 staff
each, and for every shift ShiftPlanned (draft), ShiftPublished, then for a third of them
ShiftRescheduled and for a quarter ShiftReassigned. All are produced to the topic first;
then notifier starts, and the clock runs from its first applied event to its last (so Kafka
group joining is not counted; it is printed apart). Each applied event is one transaction:
inbox row, shift snapshot, feed entries with SEQUENCE, reminder planning, feed validators.
With the embedded PostgreSQL it then applies the same events to a second database through
the consumer's apply function without Kafka, to show what the database side costs alone.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import shutil
import socket
import tempfile
import time as clock
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from auth_env import ADMIN_HEADERS  # noqa: F401 - puts a key pair in the environment before settings are read
from sqlalchemy import func, select

from lichtruc import topics
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
    encode,
    make_event,
)
from lichtruc.kafka import ensure_topics
from notifier.app import create_app
from notifier.db.tables import inbox
from notifier.settings import NotifierSettings

FIRST_DAY = datetime(2027, 1, 29, 23, tzinfo=UTC)
NAMES = ["Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Hoàng Phúc", "Phạm Thị Hồng Nhung", "Võ Minh Đức"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


async def produce(bootstrap: str, topic: str, events) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20)
    await producer.start()
    try:
        for event in events:
            await producer.send(topic, encode(event), key=event.partitionkey.encode())
        await producer.flush()
    finally:
        await producer.stop()


async def run(kafka: str, database_url: str, enterprises: int, shifts: int) -> list:
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    settings = NotifierSettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka,
        topic_prefix=prefix,
        consumer_group=f"{prefix}-notifier",
        log_json=False,
    )
    events = campaign(enterprises, shifts)
    roster_topic = topics.with_prefix(prefix, topics.ROSTER_EVENTS)
    await ensure_topics(settings, [roster_topic])
    t = clock.perf_counter()
    await produce(kafka, roster_topic, events)
    print(
        f"produced {len(events)} events in {clock.perf_counter() - t:.1f}s "
        f"({enterprises} enterprises keyed over {settings.topic_partitions} partitions)"
    )

    app = create_app(settings)
    sessions = app.state.runtime.sessions

    async def applied() -> int:
        async with sessions() as session:
            return await session.scalar(select(func.count()).select_from(inbox))

    started = clock.perf_counter()
    async with app.router.lifespan_context(app):
        while await applied() == 0:  # noqa: ASYNC110 - the condition is a database count: nothing to await
            await asyncio.sleep(0.05)
        first = clock.perf_counter()
        count = 0
        while count < len(events):
            await asyncio.sleep(0.2)
            count = await applied()
        last = clock.perf_counter()
    print(f"start-up to first applied event (migrations, Kafka connect, group join): {first - started:.1f}s")
    print(
        f"consumer: applied {len(events)} events in {last - first:.1f}s: {len(events) / (last - first):.0f} events/s "
        "(one consumer; each event one PostgreSQL transaction, then its offset commit)"
    )
    return events


async def run_direct(database_url: str, events) -> None:
    """The same events through the consumer's apply function, without Kafka: the database side alone."""
    from lichtruc import db
    from notifier.app import MIGRATIONS
    from notifier.handlers.events import make_apply

    settings = NotifierSettings(database_url=database_url, log_json=False, scheduler_enabled=False)
    engine = db.create_engine(database_url)
    await db.migrate(engine, MIGRATIONS, service="notifier")
    await engine.dispose()
    app = create_app(settings)
    apply = make_apply(app.state.ctx)
    t = clock.perf_counter()
    for event in events:
        await apply(event, "bench")
    seconds = clock.perf_counter() - t
    await app.state.runtime.engine.dispose()
    print(f"apply alone (no Kafka): {len(events)} events in {seconds:.1f}s: {len(events) / seconds:.0f} events/s")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=12)
    parser.add_argument("--shifts", type=int, default=1500)
    parser.add_argument("--kafka", default=None)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    tmp = Path(tempfile.mkdtemp(prefix="lichtruc-bench-consumer-"))
    started: list[Any] = []
    try:
        kafka, url = args.kafka, args.database_url
        if url is None:
            from devstack.postgres import PostgresServer

            pg = PostgresServer(data_dir=tmp / "postgres", port=free_port())
            pg.start()
            started.append(pg)
            pg.ensure_database("notifier")
            url = pg.url("notifier")
        if kafka is None:
            from devstack.kafka import KafkaServer

            broker = KafkaServer(data_dir=tmp / "kafka", port=free_port(), controller_port=free_port())
            broker.start()
            started.append(broker)
            kafka = broker.bootstrap_servers
        events = await run(kafka, url, args.enterprises, args.shifts)
        if started and args.database_url is None:
            started[0].ensure_database("notifier_direct")
            await run_direct(started[0].url("notifier_direct"), events)
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
