"""What the fault-injection scenarios build on: the three services as real processes on the
session's Kafka and PostgreSQL, a steady stream of roster writes through roster's HTTP API,
the faults themselves (SIGKILL, SIGSTOP, PostgreSQL stopped), a plain reader of the
dead-letter topics, a counting SMTP receiver, and the check that compares roster's committed
changes with what audit logged and what notifier and audit believe each shift looks like.

Ground truth is roster's own database: every committed change wrote its event into roster's
outbox in the same transaction, so `SELECT event_id FROM outbox` is exactly the set of
changes that must reach audit, once each. Nothing here trusts the load generator's view (a
request can commit and still time out on the client side).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import random
import signal
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiosmtpd.smtp import SMTP

from devstack.kafka import KafkaServer
from devstack.postgres import PostgresServer
from devstack.services import ServiceProcess, service_env
from lichtruc import topics
from lichtruc.events import ROSTER_SOURCE
from support import ADMIN, auth, free_port

AS_ADMIN = auth(ADMIN)
SERVICES = ("roster", "notifier", "audit")


# --- the system under test --------------------------------------------------------------------------


@dataclass
class System:
    """roster, notifier and audit as real processes (`python -m <service> serve`), each with a
    database of its own, on a topic namespace of their own."""

    pg: PostgresServer
    kafka: KafkaServer
    prefix: str
    services: dict[str, ServiceProcess]
    databases: dict[str, str]

    def url(self, name: str) -> str:
        return self.services[name].url

    @property
    def roster_topic(self) -> str:
        return topics.with_prefix(self.prefix, topics.ROSTER_EVENTS)

    @property
    def audit_topic(self) -> str:
        return topics.with_prefix(self.prefix, topics.AUDIT_EVENTS)

    def dlq_topics(self) -> list[str]:
        return [topics.dlq(self.roster_topic), topics.dlq(self.audit_topic)]

    async def psql(self, service: str, sql: str) -> list[list[str]]:
        out = await asyncio.to_thread(self.pg.psql, sql, self.databases[service])
        return [line.split("|") for line in out.splitlines() if line]

    async def restart(self, name: str, *, kill: bool = True) -> float:
        """SIGKILL (or stop) a service, start it again, wait until it is ready; the seconds it took."""
        began = time.monotonic()
        process = self.services[name]
        process.kill() if kill else process.stop()
        process.start()
        await asyncio.to_thread(process.wait_ready, 120)
        return time.monotonic() - began

    def stop(self) -> None:
        for process in self.services.values():
            # A frozen process (SIGSTOP) cannot act on SIGTERM: let it run first.
            process.send_signal(signal.SIGCONT)
            process.stop()


def start_system(
    pg: PostgresServer,
    kafka: KafkaServer,
    logs: Path,
    *,
    names: tuple[str, ...] = SERVICES,
    env: dict[str, dict[str, str]] | None = None,
    prefix: str | None = None,
) -> System:
    """Create the databases, start the services (in parallel) and wait until each is ready."""
    prefix = prefix or f"c{uuid.uuid4().hex[:8]}"
    services: dict[str, ServiceProcess] = {}
    databases: dict[str, str] = {}
    for name in names:
        database = f"chaos_{name}_{prefix}"
        pg.ensure_database(database)
        databases[name] = database
        values = service_env(name, database_url=pg.url(database), kafka=kafka.bootstrap_servers, topic_prefix=prefix)
        values[f"{name.upper()}_CONSUMER_GROUP"] = f"{prefix}-{name}"
        values[f"{name.upper()}_CONSUMER_RETRY_BACKOFF_SECONDS"] = "0.1"
        values[f"{name.upper()}_CONSUMER_MAX_BACKOFF_SECONDS"] = "2"
        if name == "notifier":
            values["NOTIFIER_SCHEDULER_ENABLED"] = "false"  # no reminders to send unless a scenario wants them
        values.update((env or {}).get(name, {}))
        services[name] = ServiceProcess(name=name, port=free_port(), env=values, log_file=logs / f"{name}.log")
    system = System(pg=pg, kafka=kafka, prefix=prefix, services=services, databases=databases)
    try:
        for process in services.values():
            process.start()
        for process in services.values():
            process.wait_ready(120)
    except BaseException:
        system.stop()
        raise
    return system


def client(timeout: float = 10.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(headers=AS_ADMIN, timeout=timeout)


# --- reference data ----------------------------------------------------------------------------------


@dataclass
class Enterprise:
    id: str
    staff: list[str]
    next_slot: int = 0


@dataclass
class Seed:
    campaign_id: str
    starts_at: datetime
    ends_at: datetime
    enterprises: list[Enterprise]


def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
    return response.json()


async def seed(
    http: httpx.AsyncClient,
    roster: str,
    *,
    enterprises: int = 4,
    staff_per_enterprise: int = 8,
    campaign: dict | None = None,
    emails: bool = False,
) -> Seed:
    """A campaign (Tết 2027 unless told otherwise), enterprises and their operators."""
    made = _created(await http.post(f"{roster}/campaigns", json=campaign or {"lunar_year": 2027}))
    names = [
        "VNPT Long An",
        "Viettel Long An",
        "Bưu điện tỉnh Long An",
        "MobiFone Long An",
        "FPT Telecom Long An",
        "Truyền hình cáp Long An",
    ]
    result = Seed(made["id"], datetime.fromisoformat(made["starts_at"]), datetime.fromisoformat(made["ends_at"]), [])
    for i in range(enterprises):
        e = _created(
            await http.post(f"{roster}/enterprises", json={"name": f"{names[i % len(names)]} {i}", "sector": "telecom"})
        )
        staff = []
        for j in range(staff_per_enterprise):
            body: dict[str, Any] = {
                "enterprise_id": e["id"],
                "full_name": f"Nguyễn Văn Trực {i}-{j}",
                "qualifications": ["operator"],
            }
            if emails:
                body["email"] = f"truc-{i}-{j}-{uuid.uuid4().hex[:6]}@vnpt-longan.vn"
            staff.append(_created(await http.post(f"{roster}/staff", json=body))["id"])
        result.enterprises.append(Enterprise(e["id"], staff))
    return result


# --- a steady stream of roster writes -----------------------------------------------------------------


@dataclass
class KnownShift:
    id: str
    version: int
    status: str
    slot_start: datetime
    shifted: bool = False
    stale: bool = False  # the last request's outcome is unknown: read the shift before changing it


@dataclass
class KnownIncident:
    """A communication incident the load opened (an aggregate besides shifts: its own versions)."""

    id: str
    version: int
    status: str
    notes: int = 0
    stale: bool = False


@dataclass
class LoadStats:
    requests: int = 0
    committed: Counter = field(default_factory=Counter)  # 2xx by operation
    statuses: Counter = field(default_factory=Counter)  # HTTP status (or exception name) by count
    server_errors: list[str] = field(default_factory=list)  # the first few 500s, for the report
    unavailable_without_retry_after: int = 0

    @property
    def http_500(self) -> int:
        return sum(n for s, n in self.statuses.items() if isinstance(s, int) and s >= 500 and s != 503)

    @property
    def http_503(self) -> int:
        return self.statuses.get(503, 0)

    def summary(self) -> str:
        return (
            f"{self.requests} requests, {sum(self.committed.values())} committed "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.committed.items()))}); statuses "
            f"{dict(sorted(self.statuses.items(), key=str))}"
        )


class Load:
    """Plans, reschedules, publishes, edits and cancels shifts through roster's API, at about
    `rate` requests a second in all, one worker per enterprise. Shifts never double-book: each
    enterprise has a grid of 3-hour slots 4 hours apart per person, and a reschedule moves a
    shift by 30 minutes inside its slot. With `incidents` > 0, that share of the writes opens,
    updates and resolves communication incidents instead (a second kind of aggregate)."""

    def __init__(
        self,
        roster: str,
        seed: Seed,
        *,
        rate: float = 4.0,
        rng: random.Random | None = None,
        incidents: float = 0.0,
    ) -> None:
        self.roster = roster
        self.seed = seed
        self.rate = rate
        self.rng = rng or random.Random(11)
        self.incident_share = incidents
        self.stats = LoadStats()
        self.shifts: dict[str, list[KnownShift]] = {e.id: [] for e in seed.enterprises}
        self.incidents: dict[str, list[KnownIncident]] = {e.id: [] for e in seed.enterprises}
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._http = client(timeout=10.0)

    def start(self) -> Load:
        self._stop.clear()
        self._tasks = [asyncio.create_task(self._worker(e)) for e in self.seed.enterprises]
        return self

    async def stop(self) -> LoadStats:
        self._stop.set()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        return self.stats

    async def close(self) -> None:
        await self.stop()
        await self._http.aclose()

    async def committed_at_least(self, n: int, *, timeout: float, what: str = "") -> None:
        """Wait until `n` more writes have been committed (a 2xx answer) from now."""
        target = sum(self.stats.committed.values()) + n
        await wait_for(
            lambda: _value(sum(self.stats.committed.values()) >= target),
            timeout=timeout,
            what=what or f"{n} more roster writes",
        )

    async def _worker(self, enterprise: Enterprise) -> None:
        interval = len(self.seed.enterprises) / self.rate
        next_at = time.monotonic() + self.rng.random() * interval
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._stop.wait(), max(0.0, next_at - time.monotonic()))
                return
            except TimeoutError:
                pass
            next_at += interval
            try:
                await self._one(enterprise)
            except Exception as exc:
                self.stats.statuses[type(exc).__name__] += 1

    async def _request(self, op: str, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
        self.stats.requests += 1
        if method != "GET":
            kwargs.setdefault("headers", {})["Idempotency-Key"] = str(uuid.uuid4())
        try:
            response = await self._http.request(method, f"{self.roster}{path}", **kwargs)
        except httpx.HTTPError as exc:
            self.stats.statuses[type(exc).__name__] += 1
            return None
        self.stats.statuses[response.status_code] += 1
        if response.is_success and method != "GET":
            self.stats.committed[op] += 1
        if response.status_code == 503 and "retry-after" not in response.headers:
            self.stats.unavailable_without_retry_after += 1
        if response.status_code >= 500 and response.status_code != 503 and len(self.stats.server_errors) < 5:
            self.stats.server_errors.append(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response

    async def _one(self, enterprise: Enterprise) -> None:
        if self.incident_share and self.rng.random() < self.incident_share:
            await self._incident(enterprise)
            return
        live = [s for s in self.shifts[enterprise.id] if s.status != "cancelled"]
        if len(live) < 4 or self.rng.random() < 0.35:
            await self._plan(enterprise)
            return
        shift = self.rng.choice(live)
        if shift.stale and not await self._refresh(shift):
            return
        if shift.status == "cancelled":
            return
        roll = self.rng.random()
        if roll < 0.45:
            start = shift.slot_start + (timedelta(0) if shift.shifted else timedelta(minutes=30))
            await self._change(
                shift,
                "reschedule",
                "POST",
                f"/shifts/{shift.id}/reschedule",
                json={"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat()},
                after=lambda s: setattr(s, "shifted", not s.shifted),
            )
        elif roll < 0.75:
            if shift.status == "draft":
                await self._change(shift, "publish", "POST", f"/shifts/{shift.id}/publish")
            else:
                await self._change(
                    shift, "edit", "PATCH", f"/shifts/{shift.id}", json={"notes": f"Ghi chú {uuid.uuid4().hex[:6]}"}
                )
        else:
            await self._change(
                shift, "cancel", "POST", f"/shifts/{shift.id}/cancel", json={"reason": "Điều chỉnh kế hoạch trực"}
            )

    async def _plan(self, enterprise: Enterprise) -> None:
        slot = enterprise.next_slot
        enterprise.next_slot += 1
        people = len(enterprise.staff)
        start = self.seed.starts_at + timedelta(hours=6 + 4 * (slot // people))
        if start + timedelta(hours=4) > self.seed.ends_at:
            return  # the campaign is full; a run this long is not expected
        response = await self._request(
            "plan",
            "POST",
            "/shifts",
            json={
                "campaign_id": self.seed.campaign_id,
                "enterprise_id": enterprise.id,
                "duty_type": "operations",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=3)).isoformat(),
                "assignees": [{"staff_id": enterprise.staff[slot % people]}],
                "status": self.rng.choice(["draft", "published"]),
                "notes": "Ca trực thử tải",
            },
        )
        if response is not None and response.status_code == 201:
            body = response.json()
            self.shifts[enterprise.id].append(KnownShift(body["id"], body["version"], body["status"], start))

    async def _incident(self, enterprise: Enterprise) -> None:
        """Open an incident, write an update on an open one, or resolve one (after a few updates)."""
        known = self.incidents[enterprise.id]
        open_ = [i for i in known if i.status == "open"]
        if len(open_) < 2 or self.rng.random() < 0.2:
            response = await self._request(
                "incident_open",
                "POST",
                "/incidents",
                json={
                    "enterprise_id": enterprise.id,
                    "detected_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
                    "district": "Tân An",
                    "services": ["mobile"],
                    "severity": "minor",
                    "description": f"Mất sóng cục bộ {uuid.uuid4().hex[:6]}",
                },
            )
            if response is not None and response.status_code == 201:
                body = response.json()
                known.append(KnownIncident(body["id"], body["version"], body["status"]))
            return
        incident = self.rng.choice(open_)
        if incident.stale and not await self._refresh_incident(incident):
            return
        if incident.status != "open":
            return
        if incident.notes >= 3 or self.rng.random() < 0.25:
            await self._change(
                incident,
                "incident_resolve",
                "POST",
                f"/incidents/{incident.id}/resolve",
                json={
                    "cause": "Đứt cáp quang",
                    "closing_note": "Đã hàn nối, dịch vụ trở lại",
                    "restored_at": datetime.now(UTC).isoformat(),
                },
            )
        else:
            await self._change(
                incident,
                "incident_update",
                "POST",
                f"/incidents/{incident.id}/updates",
                json={"note": f"Đang xử lý {uuid.uuid4().hex[:6]}"},
                after=lambda i: setattr(i, "notes", i.notes + 1),
            )

    async def _refresh_incident(self, incident: KnownIncident) -> bool:
        response = await self._request("read", "GET", f"/incidents/{incident.id}")
        if response is None or response.status_code != 200:
            return False
        body = response.json()
        incident.version, incident.status, incident.stale = body["version"], body["status"], False
        return True

    async def _change(
        self,
        shift: Any,  # a KnownShift or a KnownIncident: version, status, stale
        op: str,
        method: str,
        path: str,
        *,
        after: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        response = await self._request(op, method, path, headers={"If-Match": f'"{shift.version}"'}, **kwargs)
        if response is None or response.status_code >= 500:
            shift.stale = True
        elif response.is_success:
            body = response.json()
            shift.version, shift.status = body["version"], body["status"]
            if after:
                after(shift)
        elif response.status_code in (409, 412, 422, 428):
            shift.stale = True

    async def _refresh(self, shift: KnownShift) -> bool:
        response = await self._request("read", "GET", f"/shifts/{shift.id}")
        if response is None or response.status_code != 200:
            return False
        body = response.json()
        shift.version, shift.status, shift.stale = body["version"], body["status"], False
        shift.shifted = datetime.fromisoformat(body["starts_at"]) != shift.slot_start
        return True


# --- waiting ---------------------------------------------------------------------------------------------


async def _value(value: Any) -> Any:
    return value


async def wait_for(
    probe: Callable[[], Awaitable[Any]], *, timeout: float, interval: float = 0.2, what: str = "condition"
) -> Any:
    """Like support.eventually, for probes that may also raise transport errors while a fault lasts."""
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while True:
        try:
            value = await probe()
            if value:
                return value
        except (AssertionError, httpx.HTTPError, RuntimeError) as exc:
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last: {last!r}")
        await asyncio.sleep(interval)


async def outbox_backlog(system: System) -> int:
    [[count]] = await system.psql("roster", "SELECT count(*) FROM outbox WHERE published_at IS NULL")
    return int(count)


# --- reading what arrived ---------------------------------------------------------------------------------


async def read_all(bootstrap: str, topic: str, *, timeout: float = 30.0) -> list:
    """Every record of `topic` now (up to its end offsets), with a plain consumer; [] if it does not exist."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        group_id=None,
        max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=16 * 1024 * 1024,
    )
    await consumer.start()
    records: list = []
    try:
        cluster = await consumer._client.fetch_all_metadata()
        if topic not in cluster.topics():
            return []
        partitions = [TopicPartition(topic, p) for p in sorted(cluster.partitions_for_topic(topic) or ())]
        if not partitions:
            return []
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        deadline = time.monotonic() + timeout

        async def behind() -> bool:
            return any([await consumer.position(tp) < ends[tp] for tp in partitions])

        while await behind():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out reading {topic}")
            for batch in (await consumer.getmany(timeout_ms=300)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records


def headers_of(record) -> dict[str, str]:
    return {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)) for k, v in record.headers or ()}


async def dead_letters(system: System) -> list[dict[str, Any]]:
    """What the consumers put in the dead-letter topics: headers, size, and whether it was parked."""
    out = []
    for topic in system.dlq_topics():
        for record in await read_all(system.kafka.bootstrap_servers, topic):
            h = headers_of(record)
            out.append(
                {
                    "topic": topic,
                    "consumer": h.get("dlq-consumer"),
                    "error_type": h.get("dlq-error-type"),
                    "error": h.get("dlq-error", ""),
                    "parked": h.get("dlq-parked") == "true",
                    "original_offset": h.get("dlq-original-offset"),
                    "original_partition": h.get("dlq-original-partition"),
                    "size": len(record.value or b""),
                    "value": record.value,
                }
            )
    return out


async def audit_log(http: httpx.AsyncClient, audit: str) -> list[dict]:
    items: list[dict] = []
    address: str | None = f"{audit}/log?limit=500"
    while address is not None:
        page = await http.get(address)
        page.raise_for_status()
        body = page.json()
        items.extend(body["items"])
        address = body["next"]
    return items


# --- the check: lost, duplicated, wrong final state -----------------------------------------------------


@dataclass
class Consistency:
    committed: int = 0  # roster events committed (roster's outbox)
    unpublished: int = 0  # of those, still waiting in the outbox
    logged: int = 0  # roster events in audit's log (with repeats)
    lost: int = 0  # committed, not in audit's log
    duplicated: int = 0  # extra copies in audit's log
    unexpected: int = 0  # in audit's log with roster's source, never committed by roster
    shifts: int = 0
    incidents: int = 0
    wrong_in_notifier: int = 0  # final state (version, status, times) differs from roster's, or unknown
    wrong_in_audit: int = 0  # shifts and incidents (version and status in its log and its projection)
    verify_ok: bool | None = None
    verify: dict = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    @property
    def wrong_final_state(self) -> int:
        return self.wrong_in_notifier + self.wrong_in_audit

    @property
    def converged(self) -> bool:
        return not (self.unpublished or self.lost or self.duplicated or self.unexpected or self.wrong_final_state)

    def line(self) -> str:
        return (
            f"committed {self.committed} (unpublished {self.unpublished}), logged {self.logged}, lost {self.lost}, "
            f"duplicated {self.duplicated}, unexpected {self.unexpected}, shifts {self.shifts}, "
            f"incidents {self.incidents}, wrong final state "
            f"notifier {self.wrong_in_notifier} / audit {self.wrong_in_audit}, /log/verify ok={self.verify_ok}"
        )


def _epoch(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


async def consistency(system: System, http: httpx.AsyncClient, *, known_good: set[str] | None = None) -> Consistency:
    """Compare roster's committed changes and shifts with audit's log and notifier's read model.
    `known_good`: shifts already seen right in notifier (not asked again; the final check passes None)."""
    result = Consistency()
    rows = await system.psql(
        "roster", f"SELECT event_id, published_at IS NULL FROM outbox WHERE topic = '{system.roster_topic}'"
    )
    committed = {r[0] for r in rows}
    result.committed = len(committed)
    result.unpublished = sum(r[1] == "t" for r in rows)
    log = await audit_log(http, system.url("audit"))
    in_log = Counter(r["event_id"] for r in log if r["source"] == ROSTER_SOURCE)
    result.logged = sum(in_log.values())
    result.lost = len(committed - set(in_log))
    result.duplicated = sum(n - 1 for n in in_log.values() if n > 1)
    result.unexpected = len(set(in_log) - committed)
    if result.lost:
        result.examples.append(f"lost e.g. {sorted(committed - set(in_log))[:3]}")

    # The final state of each shift: roster's table against audit's last record and notifier's read model.
    shifts = await system.psql(
        "roster", "SELECT id, version, status, extract(epoch FROM starts_at), extract(epoch FROM ends_at) FROM shifts"
    )
    result.shifts = len(shifts)
    last_in_audit: dict[str, dict] = {}
    for record in log:
        snapshot = record["event"].get("data", {}).get("shift")
        if isinstance(snapshot, dict) and record["source"] == ROSTER_SOURCE:
            current = last_in_audit.get(snapshot["shift_id"])
            if current is None or snapshot["version"] > current["version"]:
                last_in_audit[snapshot["shift_id"]] = snapshot
    want = {sid: (int(v), status, round(float(s)), round(float(e))) for sid, v, status, s, e in shifts}
    for sid, expected in want.items():
        snap = last_in_audit.get(sid)
        got = (
            None
            if snap is None
            else (snap["version"], snap["status"], round(_epoch(snap["starts_at"])), round(_epoch(snap["ends_at"])))
        )
        if got != expected:
            result.wrong_in_audit += 1
            if len(result.examples) < 6:
                result.examples.append(f"audit shift {sid}: {got} != roster {expected}")

    await _incidents_in_audit(system, http, log, result)

    async def in_notifier(sid: str) -> tuple[str, Any]:
        response = await http.get(f"{system.url('notifier')}/shifts/{sid}")
        if response.status_code != 200:
            return sid, None
        body = response.json()
        data = body.get("data") or {}
        starts = data.get("starts_at")
        ends = data.get("ends_at")
        return sid, (
            body["version"],
            body["status"],
            round(_epoch(starts)) if starts else None,
            round(_epoch(ends)) if ends else None,
        )

    todo = [sid for sid in want if known_good is None or sid not in known_good]
    semaphore = asyncio.Semaphore(8)

    async def ask(sid: str) -> tuple[str, Any]:
        async with semaphore:
            return await in_notifier(sid)

    for sid, got in await asyncio.gather(*(ask(s) for s in todo)):
        if got == want[sid]:
            if known_good is not None:
                known_good.add(sid)
        else:
            result.wrong_in_notifier += 1
            if len(result.examples) < 8:
                result.examples.append(f"notifier shift {sid}: {got} != roster {want[sid]}")

    verification = await http.get(f"{system.url('audit')}/log/verify")
    result.verify = verification.json() if verification.status_code == 200 else {"status": verification.status_code}
    result.verify_ok = result.verify.get("ok")
    return result


async def _incidents_in_audit(system: System, http: httpx.AsyncClient, log: list[dict], result: Consistency) -> None:
    """Each incident's final (version, status) in roster against audit's last logged snapshot and
    audit's own projection of it (GET /incidents/{id})."""
    rows = await system.psql("roster", "SELECT id, version, status FROM incidents")
    result.incidents = len(rows)
    last: dict[str, tuple[int, str]] = {}
    for record in log:
        snapshot = record["event"].get("data", {}).get("incident")
        if isinstance(snapshot, dict) and record["source"] == ROSTER_SOURCE:
            got = (snapshot["version"], snapshot["status"])
            if snapshot["incident_id"] not in last or got[0] > last[snapshot["incident_id"]][0]:
                last[snapshot["incident_id"]] = got
    for iid, version, status in rows:
        expected = (int(version), status)
        projected = await http.get(f"{system.url('audit')}/incidents/{iid}")
        shown = (projected.json()["version"], projected.json()["status"]) if projected.status_code == 200 else None
        if last.get(iid) != expected or shown != expected:
            result.wrong_in_audit += 1
            if len(result.examples) < 6:
                result.examples.append(f"audit incident {iid}: log {last.get(iid)}, read {shown} != roster {expected}")


async def converge(system: System, *, timeout: float = 180.0) -> tuple[Consistency, float]:
    """Wait (with a deadline) until everything committed has arrived everywhere; then the full
    check, whatever the outcome, and how many seconds the wait took."""
    began = time.monotonic()
    good: set[str] = set()
    async with client(timeout=15) as http:
        deadline = began + timeout
        while time.monotonic() < deadline:
            try:
                partial = await consistency(system, http, known_good=good)
                if partial.converged:
                    break
            except (httpx.HTTPError, KeyError, ValueError):
                pass
            await asyncio.sleep(1.0)
        waited = time.monotonic() - began
        return await consistency(system, http), waited


# --- a counting SMTP receiver -------------------------------------------------------------------------


@dataclass
class Mail:
    message_id: str
    helo: str
    rcpt: str
    at: float


class CountingMailbox:
    """aiosmtpd handler that keeps each message's Message-ID and its sender's EHLO name.

    A message counts as delivered as soon as its data has arrived, and the reply (250) comes
    `delay` seconds later: the worst case for a sender that dies meanwhile, as with a real
    server that has queued the message although its reply never reached the sender (who then
    cannot know, and sends it again). A replica killed while sending hits this window."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.received: list[Mail] = []
        self.on_message: Callable[[Mail], None] | None = None  # called as each message arrives, before the reply

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        mail = Mail(str(message["Message-ID"]), session.host_name or "", envelope.rcpt_tos[0], time.monotonic())
        self.received.append(mail)
        if self.on_message is not None:
            self.on_message(mail)
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 OK: queued"

    def by_helo(self) -> Counter:
        return Counter(m.helo for m in self.received)


async def start_smtp(mailbox: CountingMailbox) -> tuple[asyncio.Server, int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(mailbox, hostname="mx.chaos.test", loop=loop), "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


# --- the figures each scenario reports ------------------------------------------------------------------


@dataclass
class Figures:
    """One scenario's line in the README table, and its details."""

    title: str
    driven: str = ""
    faults: str = ""
    lost: int | str = "–"
    duplicated: int | str = "–"
    wrong_final_state: int | str = "–"
    other: str = ""
    seconds: float = 0.0
    passed: bool | None = None
    details: list[str] = field(default_factory=list)


FIGURES: dict[str, Figures] = {}


def figures_table() -> list[str]:
    rows = [
        "| # | scenario | driven | faults injected | lost | duplicated | wrong final state | other outcomes | time |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(FIGURES):
        f = FIGURES[key]
        outcome = "" if f.passed else " (FAILED)" if f.passed is False else " (unfinished)"
        rows.append(
            f"| {key} | {f.title}{outcome} | {f.driven} | {f.faults} | {f.lost} | {f.duplicated} | "
            f"{f.wrong_final_state} | {f.other} | {f.seconds:.0f} s |"
        )
    return rows


def figures_details() -> str:
    lines = []
    for key in sorted(FIGURES):
        lines.append(f"scenario {key}: {FIGURES[key].title}")
        lines.extend(f"  - {d}" for d in FIGURES[key].details)
    return "\n".join(lines)
