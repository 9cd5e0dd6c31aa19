"""End-to-end benchmark of audit's consumer, next to baselines measured in the same run:
roster events on real Kafka → audit (a real `python -m audit serve` process) → hash-chained
log + Merkle tree + projections + live coverage in real PostgreSQL → gap events through the
outbox back onto Kafka.

    .venv/bin/python bench/bench_audit_ingest.py [--events N] [--trials K] [--latency-trials L] [--seed S] [--idle-ms MS]
                                                 [--workers W] [--ceiling log]

Starts its own Kafka and PostgreSQL (bench/consumer_bench.py: LICHTRUC_BENCH_PG_PORT /
LICHTRUC_BENCH_KAFKA_PORT, default 25482 / 19502) and the audit service on
LICHTRUC_BENCH_AUDIT_PORT (default 8113), so it can run beside `make run` and `make test`;
everything it started is stopped at the end.

1. **Ingest**: a synthetic province (5 enterprises × 10 sites, a 13-day Tết campaign
   with giao thừa as peak, a per-site all-day operations requirement and an
   enterprise-wide daytime leadership one) and then N shift events (planned and
   published, reassigned, moved, cancelled): audit, started on a fresh database and a topic
   of the trial's own, logs the province's reference data first, then takes the N shift
   events (log + tree + projections + coverage + gap events queued, in batches of
   AUDIT_CONSUMER_BATCH_SIZE): events per second from the first of them received to the
   last committed (`ingest_trial`). Baseline, the same N events, same run: a raw aiokafka
   consumer that decodes each event with pydantic and COPYs each batch into a plain table.
   K trials of each, interleaved A/B/A/B; medians and their ratio (issue 14's target ≥ 25 %).
2. **Latency**: L times, one roster event that uncovers a future window (a covering shift
   cancelled) is produced and the clock runs until the CoverageGapOpened it causes is read
   from the audit topic; p50/p99. Baseline, same run, interleaved in blocks: a
   consume→produce forwarder process (aiokafka, acks=all) relaying an event from one topic
   to another, timed the same way (issue 14's target: p50 ≤ 2×, p99 ≤ 5× the forwarder).
   Before each trial of either, a random pause of up to `--idle-ms` (default 60): a change
   reaches an idle consumer at any moment of its fetch loop, not just as it finishes the last.
   Then where audit's trials spent their time, hop by hop (`hop_breakdown`): the bench's clock
   around its own produce and read, PostgreSQL's commit timestamps and `now()` for audit's
   transaction and the relay's turn.
3. `--ceiling log` measures a ceiling instead of audit (in this process, ingest only): projecting,
   settling coverage and their reads do nothing (`_log_only`), so what is left is the log itself — the
   events decoded and checked, the chain's lock and state read, canonical JSON, the hash chain, the
   Merkle tree's leaves and nodes, the signed head, one statement of writes, the commit — in the
   consumer's frame. However fast the projections and coverage became, audit could not ingest faster
   than this; its ratio to the same run's baseline bounds the attainable one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from auth_env import ADMIN_HEADERS
from consumer_bench import Measured, consume_decode_copy, infrastructure, interleaved, percentile, produce, uncollected
from sqlalchemy import func, select

from audit.settings import AuditSettings
from devstack.kafka import KafkaServer
from devstack.postgres import PostgresServer
from devstack.services import ServiceProcess, service_env
from lichtruc import db, topics
from lichtruc.events import (
    ROSTER_SOURCE,
    Assignee,
    CampaignOpened,
    CloudEvent,
    DailyWindow,
    EnterpriseRegistered,
    OneOffWindow,
    PeakWindow,
    RequirementSet,
    ShiftCancelled,
    ShiftPlanned,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSnapshot,
    SiteRegistered,
    StaffJoined,
    decode,
    encode,
    make_event,
)
from lichtruc.kafka import ensure_topics

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PREFIX = "bench"
ENTERPRISES, SITES, DAYS = 5, 10, 13
FIRST = datetime(2027, 1, 30, tzinfo=VN).astimezone(UTC)  # 23 tháng Chạp Đinh Mùi
LAST = FIRST + timedelta(days=DAYS)
GIAO_THUA = (datetime(2027, 2, 5, 23, tzinfo=VN).astimezone(UTC), datetime(2027, 2, 6, 1, tzinfo=VN).astimezone(UTC))
NAMES = [
    "Nguyễn Thị Ánh Tuyết",
    "Trần Văn Đức",
    "Lê Hoàng Yến",
    "Phạm Minh Châu",
    "Hoàng Quốc Việt",
    "Võ Thị Sáu",
    "Đặng Thùy Trâm",
    "Bùi Xuân Phái",
]


def env_port(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Province:
    """Roster events of a synthetic province, versions counted per aggregate."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.at = datetime(2027, 1, 10, tzinfo=UTC)
        self.versions: dict[uuid.UUID, int] = {}
        self.shifts: dict[uuid.UUID, ShiftSnapshot] = {}
        self.campaign = uuid.uuid4()
        self.enterprises = [uuid.uuid4() for _ in range(ENTERPRISES)]
        self.sites = {e: [uuid.uuid4() for _ in range(SITES)] for e in self.enterprises}
        self.staff = {e: [(uuid.uuid4(), self.rng.choice(NAMES)) for _ in range(SITES * 6)] for e in self.enterprises}

    def _v(self, aggregate: uuid.UUID) -> int:
        self.versions[aggregate] = self.versions.get(aggregate, 0) + 1
        return self.versions[aggregate]

    def event(self, data, key: uuid.UUID):
        self.at += timedelta(seconds=1)
        return make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=self.at)

    def reference(self) -> list:
        events = [
            self.event(
                CampaignOpened(
                    campaign_id=self.campaign,
                    lunar_year=2027,
                    name="Tết Đinh Mùi 2027",
                    starts_at=FIRST,
                    ends_at=LAST,
                    peaks=(PeakWindow(name="Giao thừa", starts_at=GIAO_THUA[0], ends_at=GIAO_THUA[1]),),
                    version=self._v(self.campaign),
                ),
                self.campaign,
            )
        ]
        for i, e in enumerate(self.enterprises):
            events.append(
                self.event(
                    EnterpriseRegistered(
                        enterprise_id=e, name=f"Doanh nghiệp {i}", sector="telecom", version=self._v(e)
                    ),
                    e,
                )
            )
            for j, s in enumerate(self.sites[e]):
                events.append(
                    self.event(
                        SiteRegistered(
                            site_id=s,
                            enterprise_id=e,
                            name=f"Trạm {j}",
                            kind="bts",
                            border_area=j % 4 == 0,
                            version=self._v(s),
                        ),
                        e,
                    )
                )
                events.append(
                    self.requirement(
                        e, "operations", DailyWindow(start_local="00:00", end_local="00:00"), site=s, peak_minimum=2
                    )
                )
            for sid, name in self.staff[e]:
                events.append(
                    self.event(
                        StaffJoined(
                            staff_id=sid,
                            enterprise_id=e,
                            full_name=name,
                            qualifications=("operator", "leader"),
                            version=self._v(sid),
                        ),
                        e,
                    )
                )
            events.append(self.requirement(e, "leadership", DailyWindow(start_local="08:00", end_local="17:00")))
        return events

    def requirement(
        self,
        e: uuid.UUID,
        duty_type: str,
        window: DailyWindow | OneOffWindow,
        *,
        site: uuid.UUID | None = None,
        peak_minimum: int | None = None,
    ):
        """A new requirement of one person on duty for `e`, at `site` or enterprise-wide."""
        rid = uuid.uuid4()
        return self.event(
            RequirementSet(
                requirement_id=rid,
                campaign_id=self.campaign,
                enterprise_id=e,
                site_id=site,
                duty_type=duty_type,
                window=window,
                minimum=1,
                peak_minimum=peak_minimum,
                version=self._v(rid),
            ),
            e,
        )

    def people(self, e: uuid.UUID, n: int) -> tuple[Assignee, ...]:
        return tuple(Assignee(staff_id=s, full_name=name) for s, name in self.rng.sample(self.staff[e], n))

    def plan(self, e: uuid.UUID, site: uuid.UUID | None, duty: str, start: datetime, hours: int, n: int = 1):
        shift_id = uuid.uuid4()
        snap = ShiftSnapshot(
            shift_id=shift_id,
            campaign_id=self.campaign,
            enterprise_id=e,
            site_id=site,
            duty_type=duty,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            assignees=self.people(e, n),
            status="published",
            version=self._v(shift_id),
        )
        self.shifts[shift_id] = snap
        return shift_id, self.event(ShiftPlanned(shift=snap, actor="import"), e)

    def change(self, shift_id: uuid.UUID):
        old = self.shifts[shift_id]
        e = old.enterprise_id
        kind = self.rng.random()
        data: ShiftReassigned | ShiftRescheduled | ShiftCancelled
        if kind < 0.5:
            snap = old.model_copy(
                update={"assignees": self.people(e, len(old.assignees)), "version": self._v(shift_id)}
            )
            data = ShiftReassigned(shift=snap, previous_assignees=old.assignees, actor="quan-ly")
        elif kind < 0.85:
            delta = timedelta(minutes=30 * self.rng.choice([-2, -1, 1, 2]))
            snap = old.model_copy(
                update={
                    "starts_at": old.starts_at + delta,
                    "ends_at": old.ends_at + delta,
                    "version": self._v(shift_id),
                }
            )
            data = ShiftRescheduled(
                shift=snap, previous_starts_at=old.starts_at, previous_ends_at=old.ends_at, actor="quan-ly"
            )
        else:
            snap = old.model_copy(update={"status": "cancelled", "version": self._v(shift_id)})
            data = ShiftCancelled(shift=snap, reason="Ốm", actor="quan-ly")
        self.shifts[shift_id] = snap
        return self.event(data, e)

    def shift_events(self, n: int) -> list:
        """n shift events: a three-shift roster for every site and day, and changes to it (a cancelled
        shift's slot planned again when the changes come back to it)."""
        events: list[CloudEvent] = []
        planned: list[uuid.UUID] = []
        slots = [
            (e, s, day, slot)
            for e in self.enterprises
            for s in self.sites[e]
            for day in range(DAYS)
            for slot in range(3)
        ]
        for e, s, day, slot in slots:
            if len(events) >= int(n * 0.7):
                break
            shift_id, ev = self.plan(
                e, s, "operations", FIRST + timedelta(days=day, hours=8 * slot), 8, 2 if day == 6 and slot == 2 else 1
            )
            planned.append(shift_id)
            events.append(ev)
        while len(events) < n:
            i = self.rng.randrange(len(planned))
            old = self.shifts[planned[i]]
            if old.status == "cancelled":  # the manager plans the slot again (before: skipped, and once every
                # shift was cancelled, as a long run made them all, the loop never ended)
                hours = int((old.ends_at - old.starts_at).total_seconds()) // 3600
                planned[i], ev = self.plan(
                    old.enterprise_id, old.site_id, old.duty_type, old.starts_at, hours, len(old.assignees)
                )
                events.append(ev)
                continue
            events.append(self.change(planned[i]))
        return events


async def produce_all(producer: AIOKafkaProducer, topic: str, events: list) -> None:
    futures = [await producer.send(topic, encode(e), key=e.partitionkey.encode()) for e in events]
    await asyncio.gather(*futures)


async def logged_count(engine) -> int:
    from audit.db.tables import event_log

    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(event_log)))


async def wait_logged(engine, n: int, timeout: float = 1800) -> float:
    deadline = time.perf_counter() + timeout
    while (count := await logged_count(engine)) < n:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {count} of {n} events logged after {timeout}s")
        await asyncio.sleep(0.05)
    return time.perf_counter()


@dataclass(frozen=True)
class TrialTimes:
    """One latency trial's moments on the machine's clock (epoch seconds), as the bench saw them; the
    ones in between are read afterwards from audit's database (`hop_breakdown`)."""

    cause_id: str
    gap_id: str
    produced: float
    """The bench's producer asked to send the roster event."""
    acked: float
    """Kafka acknowledged it (acks=all)."""
    read: float
    """The bench read the gap."""


# Audit's side of a trial: its transaction's start (now(), the outbox row's created_at) and commit (the
# log record's commit timestamp), and the start of the relay's turn that published the gap (published_at
# is that turn's now()).
_AUDIT_SIDE = (
    "SELECT extract(epoch FROM o.created_at), extract(epoch FROM pg_xact_commit_timestamp(l.xmin)), "
    "extract(epoch FROM o.published_at) "
    "FROM outbox AS o, event_log AS l WHERE o.event_id = $1::uuid AND l.event_id = $2::uuid"
)
HOPS = (
    ("roster event produced -> acknowledged by Kafka", "produced", "acked"),
    ("acknowledged -> audit's transaction begun", "acked", "begun"),
    ("audit's transaction (log, tree, coverage, gap queued)", "begun", "committed"),
    ("committed -> the relay's turn begun", "committed", "relay_begun"),
    ("the relay's turn (lock, rows, publish) -> read by the bench", "relay_begun", "read"),
)


async def hop_breakdown(url: str, trials: list[TrialTimes]) -> None:
    """Where a trial's time went, hop by hop: the median of each hop over the trials (they do not add
    up to the median of the whole). Needs PostgreSQL's `track_commit_timestamp` (the bench sets it)."""
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        durations: dict[str, list[float]] = {hop: [] for hop, _, _ in HOPS}
        for trial in trials:
            row = await conn.fetchrow(_AUDIT_SIDE, trial.gap_id, trial.cause_id)
            if row is None or None in row:
                continue
            begun, committed, relay_begun = map(float, row)
            moments = {**vars(trial), "begun": begun, "committed": committed, "relay_begun": relay_begun}
            for hop, start, end in HOPS:
                durations[hop].append(moments[end] - moments[start])
    finally:
        await conn.close()
    print(f"latency, where it went (median of each hop over {len(durations[HOPS[0][0]])} trials):")
    for hop, values in durations.items():
        if values:
            print(f"  {hop:58s} {statistics.median(values) * 1000:6.2f} ms")


async def latency_trials(
    province: Province,
    producer: AIOKafkaProducer,
    kafka: str,
    engine,
    roster_topic: str,
    audit_topic: str,
    trials: int,
    already: int,
    pauses: list[float],
    hops: list[TrialTimes],
) -> list[float]:
    """Each trial: a covered one-off window at a site of its own; cancelling its shift opens a gap.
    `pauses`: the idle time before each trial (seconds); each trial's moments are added to `hops`."""
    e = province.enterprises[0]
    setup, cancels = [], []
    for i in range(trials):
        site = uuid.uuid4()
        setup.append(
            province.event(
                SiteRegistered(
                    site_id=site, enterprise_id=e, name=f"Bưu cục {i}", kind="post", version=province._v(site)
                ),
                e,
            )
        )
        start = datetime(2027, 2, 7, 8, tzinfo=VN).astimezone(UTC)
        setup.append(
            province.requirement(
                e, "patrol", OneOffWindow(starts_at=start, ends_at=start + timedelta(hours=4)), site=site
            )
        )
        shift_id, ev = province.plan(e, site, "patrol", start - timedelta(hours=1), 6)
        setup.append(ev)
        cancels.append(shift_id)
    await produce_all(producer, roster_topic, setup)
    await wait_logged(engine, already + len(setup))

    consumer = AIOKafkaConsumer(
        audit_topic,
        bootstrap_servers=kafka,
        group_id=f"bench-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="latest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=100)
        await consumer.seek_to_end()
        samples = []
        for shift_id in cancels:
            old = province.shifts[shift_id]
            snap = old.model_copy(update={"status": "cancelled", "version": province._v(shift_id)})
            province.shifts[shift_id] = snap
            event = province.event(ShiftCancelled(shift=snap, reason="Ốm", actor="bench"), e)
            payload, wanted = encode(event), str(event.id)
            with uncollected():
                await asyncio.sleep(pauses.pop())
                began, produced = time.perf_counter(), time.time()
                await producer.send_and_wait(roster_topic, payload, key=event.partitionkey.encode())
                acked = time.time()
                seen: float | None = None
                while seen is None:
                    batch = await consumer.getmany(timeout_ms=50)
                    for records in batch.values():
                        for record in records:
                            gap = decode(record.value)
                            if gap.type.endswith("coverage_gap.opened.v1") and wanted in gap.data["cause_event_ids"]:
                                seen, gap_id = time.perf_counter(), str(gap.id)
                    if time.perf_counter() - began > 60:
                        raise TimeoutError("no CoverageGapOpened within 60s")
                samples.append(seen - began)
                hops.append(TrialTimes(wanted, gap_id, produced, acked, produced + seen - began))
        return samples
    finally:
        await consumer.stop()


async def as_of_timings(url: str, engine, campaign: uuid.UUID, total: int) -> None:
    """Coverage of the whole campaign as known at the record time of the middle event: the first
    question replays from the nearest snapshot, a repeated one is served from memory."""
    import httpx

    from audit.db.tables import event_log, projection_snapshots

    async with engine.connect() as conn:
        # The topic's partitions arrive interleaved: the campaign's record is not necessarily first.
        opened = await conn.scalar(select(func.min(event_log.c.seq)).where(event_log.c.partition_key == str(campaign)))
        at = (int(opened or 1) + total) // 2
        middle = await conn.scalar(select(event_log.c.received_at).where(event_log.c.seq == at))
        snapshots = await conn.scalar(select(func.count()).select_from(projection_snapshots))
    timings = []
    async with httpx.AsyncClient(headers=ADMIN_HEADERS, base_url=url, timeout=120) as client:
        for _ in range(2):
            began = time.perf_counter()
            response = await client.get(f"/campaigns/{campaign}/coverage", params={"as_of": middle.isoformat()})
            timings.append(time.perf_counter() - began)
            if response.status_code != 200:
                print(f"as-of: GET {response.url} answered {response.status_code}: {response.text[:300]}")
                return
    body = response.json()
    print(
        f"as-of: coverage of the whole campaign as known at log record {body['as_of']['seq']} "
        f"({len(body['keys'])} keys, {sum(len(k['gaps']) for k in body['keys'])} gaps; {snapshots} snapshot(s) "
        f"stored): first answer {timings[0] * 1000:.0f} ms, repeated {timings[1] * 1000:.0f} ms"
    )


FORWARDER = Path(__file__).with_name("forwarder.py")


async def forwarder_trials(kafka: str, trials: int, pauses: list[float]) -> list[float]:
    """The latency floor: an event produced on one topic, relayed by a consume→produce
    process (bench/forwarder.py), read from the other; seconds per trial."""
    source, target = f"fwd-{uuid.uuid4().hex[:8]}", f"fwd-{uuid.uuid4().hex[:8]}-out"
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(FORWARDER), kafka, source, target, stdout=asyncio.subprocess.PIPE
    )
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all", linger_ms=0)
    consumer = AIOKafkaConsumer(
        target, bootstrap_servers=kafka, group_id=f"bench-{uuid.uuid4().hex[:8]}", auto_offset_reset="earliest"
    )
    try:
        assert process.stdout is not None
        await process.stdout.readline()  # "ready": its consumer has its partitions
        await producer.start()
        await consumer.start()
        # Warm up: the first relayed event also makes the target topic and joins the group.
        await producer.send_and_wait(source, b"warm-up", key=b"w")
        while not any((await consumer.getmany(timeout_ms=100)).values()):
            pass
        samples = []
        for i in range(trials):
            wanted = f"{i}-{uuid.uuid4().hex}".encode()
            with uncollected():
                await asyncio.sleep(pauses.pop())
                began = time.perf_counter()
                await producer.send_and_wait(source, wanted, key=b"k")
                seen = False
                while not seen:
                    batch = await consumer.getmany(timeout_ms=50)
                    seen = any(r.value == wanted for records in batch.values() for r in records)
                    if time.perf_counter() - began > 60:
                        raise TimeoutError("the forwarder relayed nothing within 60s")
                samples.append(time.perf_counter() - began)
        return samples
    finally:
        await consumer.stop()
        await producer.stop()
        process.terminate()
        await process.wait()


def start_audit(pg: PostgresServer, kafka: KafkaServer, workdir: Path, *, database: str, prefix: str, args):
    """Audit on its own database and consumer group: it takes the roster topic (of `prefix`) from the start."""
    pg.ensure_database(database)
    url = pg.url(database)
    env = service_env(
        "audit", database_url=url, kafka=kafka.bootstrap_servers, topic_prefix=prefix, workers=args.workers
    )
    env["AUDIT_SNAPSHOT_EVERY"] = str(args.snapshot_every)
    env["AUDIT_CONSUMER_GROUP"] = f"bench-{database}"
    service = ServiceProcess(
        name="audit",
        port=env_port("LICHTRUC_BENCH_AUDIT_PORT", 8113),
        env=env,
        log_file=workdir / f"{database}.log",
    )
    service.start()
    service.wait_ready()
    return service, url


async def first_received(engine, after: int) -> float:
    """When audit received its first record past the first `after` (epoch seconds, the machine's clock)."""
    from audit.db.tables import event_log

    async with engine.connect() as conn:
        at = await conn.scalar(select(func.min(event_log.c.received_at)).where(event_log.c.seq > after))
    return at.timestamp()


def trial_prefix(trial: int) -> str:
    return f"{PREFIX}{trial}"


async def ingest_trial(
    trial: int, args, pg, kafka, workdir: Path, settings: AuditSettings, reference: list, changes: list
) -> Measured:
    """Audit on a fresh database and a topic of the trial's own: the province's reference data (campaign,
    requirements, enterprises, sites, staff) is put on it and logged first, then the shift events, timed
    from the first of them received to the last committed. On one topic filled in advance, audit read the
    partitions in an order of the moment: when the campaign came late, the shifts before it were logged
    without coverage to compute, and such a trial ran twice to three times as fast (a bimodal spread, e.g.
    999 and 2,965 events/s in one run on 2026-12-01); a live province's campaign exists before its shifts."""
    prefix = trial_prefix(trial)
    roster_topic = topics.with_prefix(prefix, topics.ROSTER_EVENTS)
    await ensure_topics(settings, [roster_topic, topics.with_prefix(prefix, topics.AUDIT_EVENTS)])
    service, url = start_audit(pg, kafka, workdir, database=f"audit_{trial}", prefix=prefix, args=args)
    engine = db.create_engine(url, pool_size=1)
    try:
        await produce(kafka.bootstrap_servers, roster_topic, reference)
        await wait_logged(engine, len(reference))
        await produce(kafka.bootstrap_servers, roster_topic, changes)
        await wait_logged(engine, len(reference) + len(changes))
        done = time.time()
        began = await first_received(engine, after=len(reference))
        return Measured(len(changes), done - began)
    finally:
        service.stop()
        await engine.dispose()


@contextlib.contextmanager
def _log_only() -> Iterator[None]:
    """For the block, audit's consumer logs and does nothing else: `project` and `settle` return no
    changes, the batch store reads nothing ahead and what it would read is not gathered (see the
    module's docstring, 3)."""
    from audit.db.batch import BatchStore
    from audit.handlers import consume

    async def no_changes(**_: object) -> list:
        return []

    async def read_nothing(*_: object, **__: object) -> None:
        return None

    def no_reads(*_: object, **__: object) -> list:
        return []

    def names_nothing(*_: object) -> tuple[dict, set, set]:
        return {}, set(), set()

    stubs: dict[tuple[object, str], object] = {
        (consume, "project"): no_changes,
        (consume, "settle"): no_changes,
        (consume, "_named"): names_nothing,  # what the reads below would be given
        (consume, "_shift_spans"): no_reads,
        (consume, "_sites"): lambda *_: set(),
        (BatchStore, "named_reads"): no_reads,
        (BatchStore, "read_ahead"): read_nothing,
    }
    saved = {where: getattr(*where) for where in stubs}
    for (owner, name), stub in stubs.items():
        setattr(owner, name, stub)
    try:
        yield
    finally:
        for (owner, name), original in saved.items():
            setattr(owner, name, original)


async def log_only_trial(
    trial: int, args, pg, kafka, settings: AuditSettings, reference: list, changes: list
) -> Measured:
    """`ingest_trial` with audit in this process under `_log_only`, configured from the same environment
    `start_audit` gives the service, timed from the first shift event received to the last committed."""
    from audit.app import create_app

    prefix = trial_prefix(trial)
    roster_topic = topics.with_prefix(prefix, topics.ROSTER_EVENTS)
    await ensure_topics(settings, [roster_topic, topics.with_prefix(prefix, topics.AUDIT_EVENTS)])
    database = f"audit_log_only_{trial}"
    pg.ensure_database(database)
    url = pg.url(database)
    env = service_env("audit", database_url=url, kafka=kafka.bootstrap_servers, topic_prefix=prefix)
    env |= {"AUDIT_SNAPSHOT_EVERY": str(args.snapshot_every), "AUDIT_CONSUMER_GROUP": f"bench-{database}"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        ceiling_settings = AuditSettings()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    engine = db.create_engine(url, pool_size=1)
    try:
        with _log_only():
            # The reference data logged by a first run of the app; the shift events put on the topic while
            # none runs, then taken by a second one: this process produces nothing while audit is timed.
            app = create_app(ceiling_settings)
            async with app.router.lifespan_context(app):
                await produce(kafka.bootstrap_servers, roster_topic, reference)
                await wait_logged(engine, len(reference))
            await produce(kafka.bootstrap_servers, roster_topic, changes)
            app = create_app(ceiling_settings)
            async with app.router.lifespan_context(app):
                await wait_logged(engine, len(reference) + len(changes))
                done = time.time()
        began = await first_received(engine, after=len(reference))
        return Measured(len(changes), done - began)
    finally:
        await engine.dispose()


async def run(args, pg: PostgresServer, kafka: KafkaServer, workdir: Path) -> None:
    province = Province(args.seed)
    reference, changes = province.reference(), province.shift_events(args.events)
    events = reference + changes
    bootstrap = kafka.bootstrap_servers
    roster_topic = topics.with_prefix(PREFIX, topics.ROSTER_EVENTS)
    settings = AuditSettings(database_url=pg.url("postgres"), kafka_bootstrap_servers=bootstrap, dev_mode=True)
    await ensure_topics(settings, [roster_topic])
    await produce(bootstrap, roster_topic, changes)  # the baseline's: the shift events the trials time
    pg.ensure_database("baseline")
    dsn = pg.url("baseline").replace("postgresql+asyncpg://", "postgresql://")
    if args.ceiling == "log":
        ceiling = await interleaved(
            service=lambda trial: log_only_trial(trial, args, pg, kafka, settings, reference, changes),
            baseline=lambda trial: consume_decode_copy(bootstrap, roster_topic, len(changes), dsn),
            trials=args.trials,
        )
        ceiling.print(f"audit's log alone, in process ({args.events} shift events; a ceiling, see --ceiling)")
        return
    result = await interleaved(
        service=lambda trial: ingest_trial(trial, args, pg, kafka, workdir, settings, reference, changes),
        baseline=lambda trial: consume_decode_copy(bootstrap, roster_topic, len(changes), dsn),
        trials=args.trials,
    )
    print(
        f"ingest: {args.events} shift events timed, after {len(reference)} reference events logged first, "
        f"logged + Merkle tree + projected + coverage + gap events queued"
    )
    result.print("audit ingest", target=0.25)

    # Latency, on the last trial's database and topics (the province is in it): audit and the forwarder in blocks.
    trial = args.trials - 1
    roster_topic = topics.with_prefix(trial_prefix(trial), topics.ROSTER_EVENTS)
    audit_topic = topics.with_prefix(trial_prefix(trial), topics.AUDIT_EVENTS)
    service, url = start_audit(pg, kafka, workdir, database=f"audit_{trial}", prefix=trial_prefix(trial), args=args)
    engine = db.create_engine(url, pool_size=1)
    try:
        await as_of_timings(service.url, engine, province.campaign, len(events))
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
        await producer.start()
        ours: list[float] = []
        floor: list[float] = []
        hops: list[TrialTimes] = []
        logged = len(events)
        try:
            block = max(1, min(20, args.latency_trials))
            idle = random.Random(args.seed)
            while len(ours) < args.latency_trials:
                n = min(block, args.latency_trials - len(ours))
                # The same pauses for both, in the same order.
                pauses = [idle.uniform(0, args.idle_ms / 1000) for _ in range(n)]
                ours += await latency_trials(
                    province, producer, bootstrap, engine, roster_topic, audit_topic, n, logged, pauses[::-1], hops
                )
                logged += 4 * n  # a site, a requirement, a shift and its cancellation per trial
                floor += await forwarder_trials(bootstrap, n, pauses[::-1])
        finally:
            await producer.stop()
    finally:
        service.stop()
        await engine.dispose()
    if not ours:
        print("latency: not measured (--latency-trials 0)")
        return
    await hop_breakdown(url, hops)
    p50, p99 = percentile(ours, 50), percentile(ours, 99)
    f50, f99 = percentile(floor, 50), percentile(floor, 99)
    print(
        f"latency roster event produced -> CoverageGapOpened read ({len(ours)} trials): p50 {p50 * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms, max {max(ours) * 1000:.1f} ms, mean {statistics.mean(ours) * 1000:.1f} ms"
    )
    print(
        f"latency floor, consume->produce forwarder ({len(floor)} trials): p50 {f50 * 1000:.1f} ms, "
        f"p99 {f99 * 1000:.1f} ms"
    )
    print(
        f"latency ratio: p50 {p50 / f50:.1f}x (target <= 2x: {'met' if p50 <= 2 * f50 else 'NOT met'}), "
        f"p99 {p99 / f99:.1f}x (target <= 5x: {'met' if p99 <= 5 * f99 else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000, help="shift events to ingest (default 3000)")
    parser.add_argument("--trials", type=int, default=3, help="ingest trials of audit and of the baseline (default 3)")
    parser.add_argument("--latency-trials", type=int, default=100, help="latency trials (default 100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--idle-ms", type=float, default=60, help="longest random pause before each latency trial (default 60)"
    )
    parser.add_argument("--snapshot-every", type=int, default=500)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="audit's worker processes (AUDIT_WORKERS; deployed, its default is the number of cores)",
    )
    parser.add_argument(
        "--ceiling",
        choices=("log",),
        help="log: ingest only, audit in this process doing nothing but its log (the attainable ratio's bound)",
    )
    args = parser.parse_args()
    # Commit timestamps for the latency's breakdown (`hop_breakdown`), on both sides of the ingest ratio alike.
    with (
        infrastructure({"track_commit_timestamp": "on"}) as (pg, kafka),
        tempfile.TemporaryDirectory(prefix="lichtruc-bench-audit-") as tmp,
    ):
        asyncio.run(run(args, pg, kafka, Path(tmp)))


if __name__ == "__main__":
    main()
