"""Roster's POST /shifts next to its two floors, measured in one run, interleaved A/B/C rounds.

    .venv/bin/python bench/bench_roster_post_shifts.py [--rounds 5] [--seconds 5] [--connections 4] [--workers W] [--neighbours]

Starts its own PostgreSQL (devstack, in a temporary folder, on free ports) and, with the same
server settings (lichtruc.serving: uvicorn, uvloop, httptools, `--workers` processes, default
one per core), two servers:

- **roster** (`python -m roster serve`, ROSTER_RELAY=off: the outbox relay is its own process
  role and is not measured here; Kafka is left out, the outbox keeps the events). Every request
  is the whole production path: the access token and rule, validation, the rule checks against
  the database (campaign, staff, double booking, rest and night warnings), the shift, its
  assignment row under the exclusion constraint and the ShiftPlanned event in the outbox, in one
  transaction; 201 with the shift.
- **no database** (bench/nodb_app.py): FastAPI with the same access check and the same request
  schema, answering 201 without a database — the floor of the HTTP stack and the framework.

With `--neighbours`, a fourth path in every round: **D**, roster again, for people who each already have
a published shift ending at 02:00 on the day their new shift starts at 06:00 (written beforehand, not
timed): the new shift carries a short-rest warning, and the neighbour's warnings are computed again, saved
at its next version and announced (handlers/shifts.py `refresh_neighbours`) — the cost of keeping rest
warnings true, next to A's people who have no neighbour.

and, as the floor of the database work, **raw asyncpg** (a process of its own, uvloop,
`--connections` connections): the same statements roster sends (roster.db.lean: the rules'
one read, then the shift, its booking and the outbox row as one statement) in one transaction.

Load comes from `wrk` (C, one thread, a Lua script that gives every request another person, so
there is no double booking; installed from Debian when missing), so the client does not eat
the measured cores. The people are written straight into the database beforehand (not timed).
Every round measures A (roster), B (no database) and C (raw asyncpg) in turn; prints the medians
and the ratios roster/no-database (the issue's target: ≥ 0.5) and roster/raw asyncpg. Each also
gets its CPU milliseconds per request: the server's processes (all its workers, read before and
after the round), the raw run's own count over its timed window. On this shared machine the rates
of two runs can differ by half while the CPU a request moves far less: compare code by that.

A measurement that cannot be taken honestly — wrk exits non-zero (a server gone, a script
error), a request answered other than 2xx, the load outrunning the people set aside
(`--max-rate` people per second of load; a reused person would be a double booking) — is
reported with its reason and left out of the medians; the bench goes on and exits 1 only when a
path has no round at all.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psutil
from auth_env import ADMIN_HEADERS, PUBLIC_KEY
from wrk import require_wrk

from devstack.postgres import PostgresServer
from devstack.procs import free_port
from devstack.services import ServiceProcess, service_env
from lichtruc.text import sort_key

BENCH = Path(__file__).resolve().parent
DAYS = 14  # shifts spread over 1–14 Feb 2027, inside the Tết 2027 campaign
BODY = (
    '{"campaign_id":"%s","enterprise_id":"%s","duty_type":"operations",'
    '"starts_at":"2027-02-%02dT06:00:00+07:00","ends_at":"2027-02-%02dT14:00:00+07:00",'
    '"assignees":[{"staff_id":"%s"}],"notes":"Trực điều hành"}'
)


# --- the people ---------------------------------------------------------------------------------


class People:
    """Staff ids written into the database, handed out in slices that are never used twice."""

    def __init__(self, ids: list[uuid.UUID]) -> None:
        self.ids = ids
        self.next = 0

    def take(self, count: int) -> list[uuid.UUID]:
        if self.next + count > len(self.ids):
            raise RoundFailed("out of the people written beforehand (an earlier round failed part-way?)")
        out = self.ids[self.next : self.next + count]
        self.next += count
        return out


async def write_people(dsn: str, enterprise_id: str, count: int) -> list[uuid.UUID]:
    import asyncpg

    now = datetime.now(UTC)
    ids = [uuid.uuid4() for _ in range(count)]
    rows = [
        (
            s,
            uuid.UUID(enterprise_id),
            f"Nguyễn Văn Trực {i:06d}",
            f"nguyen van truc {i:06d}",
            sort_key(f"Nguyễn Văn Trực {i:06d}"),
            '["operator"]',
            True,
            "vi",
            s,
            1,
            now,
            now,
        )
        for i, s in enumerate(ids)
    ]
    conn = await asyncpg.connect(dsn)
    try:
        await conn.copy_records_to_table(
            "staff",
            records=rows,
            columns=[
                "id",
                "enterprise_id",
                "full_name",
                "full_name_folded",
                "full_name_sort",
                "qualifications",
                "active",
                "language",
                "person_id",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return ids


def day_of(index: int) -> int:
    """The February day of the new shift of the `index`-th person of a pool (`lua_script`'s `days`)."""
    return 1 + index % DAYS


async def write_neighbours(dsn: str, campaign_id: str, enterprise_id: str, people: list[uuid.UUID]) -> None:
    """For each person, a published shift from 22:00 the evening before to 02:00 on the day of their new shift
    (`day_of`): 4 hours' rest before its 06:00, under the 8 the rules ask."""
    import asyncpg

    now = datetime.now(UTC)
    shifts, bookings = [], []
    for index, staff_id in enumerate(people):
        day = day_of(index)
        ends = datetime.fromisoformat(f"2027-02-{day:02d}T02:00:00+07:00")
        starts = ends - timedelta(hours=4)
        shift_id = uuid.uuid4()
        assignees = json.dumps(
            [{"staff_id": str(staff_id), "full_name": f"Nguyễn Văn Trực {index:06d}", "qualified": True}],
            ensure_ascii=False,
        )
        shifts.append(
            (shift_id, uuid.UUID(campaign_id), uuid.UUID(enterprise_id), "operations", starts, ends, assignees)
            + ("published", 1, now, now, now)
        )
        bookings.append((shift_id, staff_id, staff_id, starts, ends, True))
    conn = await asyncpg.connect(dsn)
    try:
        await conn.copy_records_to_table(
            "shifts",
            records=shifts,
            columns=[
                "id",
                "campaign_id",
                "enterprise_id",
                "duty_type",
                "starts_at",
                "ends_at",
                "assignees",
                "status",
                "version",
                "created_at",
                "updated_at",
                "published_at",
            ],
        )
        await conn.copy_records_to_table(
            "shift_assignments",
            records=bookings,
            columns=["shift_id", "staff_id", "person_id", "starts_at", "ends_at", "active"],
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def count_rewarned(dsn: str) -> int:
    """Shifts saved at a version that only recomputed their warnings (`Shift.edited_version`)."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM shifts WHERE edited_version IS NOT NULL"))
    finally:
        await conn.close()


def seed(base: str) -> tuple[str, str]:
    """The Tết 2027 campaign and an enterprise, through the API."""
    with httpx.Client(headers=ADMIN_HEADERS, base_url=base, timeout=30) as client:
        campaign = client.post("/campaigns", json={"lunar_year": 2027}).raise_for_status().json()
        enterprise = (
            client.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}).raise_for_status().json()
        )
    return campaign["id"], enterprise["id"]


# --- load through HTTP (wrk) --------------------------------------------------------------------


def lua_script(
    path: Path,
    campaign_id: str,
    enterprise_id: str,
    people: list[uuid.UUID],
    *,
    reuse: bool,
    days: list[int] | None = None,
) -> None:
    """A wrk script: every request is POST /shifts for the next person of `people` (on `days`, the day of
    each person's shift, where given; else the day goes round with the requests).

    When the people run out, the script never raises (a Lua error inside `request` kills wrk
    with exit status 1 and the whole bench with it — what crashed the lead's run in round 2,
    when the no-database app outran the people set aside). With `reuse` (the no-database app,
    which books nobody) it starts again from the first person; without it (roster, where a
    second shift for the same person on the same day is a double booking) it goes on but
    counts the requests that reused someone, and `done` prints the count, so the round is
    reported as spoiled with the reason instead of being measured on refused requests.
    """
    ids = ",".join(f'"{p}"' for p in people)
    day_list = ",".join(str(d) for d in days or ())
    day_of_request = "days[1 + (i - 1) % n]" if days else f"1 + i % {DAYS}"
    body = BODY.replace('"', '\\"') % (campaign_id, enterprise_id, 0, 0, "%s")
    body = body.replace("2027-02-00", "2027-02-%02d")
    path.write_text(
        f"""
local ids = {{{ids}}}
local days = {{{day_list}}}
local n = #ids
local i = 0
reused = 0  -- global: `done` reads it from each thread (thread:get)
local fmt = "{body}"
local headers = {{["Content-Type"] = "application/json", ["Authorization"] = "{ADMIN_HEADERS["Authorization"]}"}}
request = function()
  i = i + 1
  if i > n then
    reused = reused + 1
  end
  local id = ids[1 + (i - 1) % n]
  local day = {day_of_request}
  return wrk.format("POST", "/shifts", headers, string.format(fmt, day, day, id))
end
-- Answers other than 2xx, by status (globals, as `reused`): what a failed run was answered.
s409, s422, s503, sother = 0, 0, 0, 0
response = function(status, headers, body)
  if status == 409 then s409 = s409 + 1
  elseif status == 422 then s422 = s422 + 1
  elseif status == 503 then s503 = s503 + 1
  elseif status >= 300 then sother = sother + 1 end
end
local threads = {{}}
setup = function(thread)
  table.insert(threads, thread)
end
done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("reused")
  end
  io.write(string.format("people reused: %d\\n", {"0" if reuse else "total"}))
  local counts = {{s409 = 0, s422 = 0, s503 = 0, sother = 0}}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do counts[name] = counts[name] + thread:get(name) end
  end
  io.write(string.format("answers: 409 %d, 422 %d, 503 %d, other non-2xx %d\\n",
    counts.s409, counts.s422, counts.s503, counts.sother))
end
"""
    )


class RoundFailed(RuntimeError):
    """One measurement could not be taken honestly; the message says why."""


def wrk_rate(wrk: str, url: str, script: Path, *, seconds: float, connections: int) -> float:
    try:
        run = subprocess.run(
            [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "-s", str(script), url],
            capture_output=True,
            text=True,
            check=False,
            timeout=seconds + 60,
        )
    except subprocess.TimeoutExpired as exc:
        raise RoundFailed(f"wrk on {url} did not finish within {seconds + 60:g} s") from exc
    out = run.stdout
    if run.returncode != 0:
        raise RoundFailed(
            f"wrk on {url} exited with status {run.returncode} "
            f"(is the server still up? {server_answers(url)}):\n{out[-2000:]}{run.stderr[-2000:]}"
        )
    reused = re.search(r"people reused: (\d+)", out)
    if reused is not None and int(reused.group(1)) > 0:
        raise RoundFailed(
            f"the load on {url} outran the people set aside ({reused.group(1)} requests reused someone, "
            "so they were double bookings): raise --max-rate"
        )
    if "Non-2xx" in out or "Socket errors" in out:
        # wrk's output ends with the load's answers by status (the script's `response` counts them).
        raise RoundFailed(f"the load run on {url} had failures:\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise RoundFailed(f"no rate in wrk's output:\n{out}")
    return float(found.group(1))


def server_answers(url: str) -> str:
    try:
        httpx.get(f"{url}/", timeout=5)
    except httpx.HTTPError as exc:
        return f"no: {exc!r}"
    return "yes"


# --- the raw asyncpg floor ----------------------------------------------------------------------

RAW = r"""
import asyncio, json, sys, time, uuid
from datetime import UTC, datetime
import asyncpg, uvloop
from lichtruc.db import HeldWrites
from roster.db.lean import INSERT_BOOKINGS, INSERT_OUTBOX, INSERT_SHIFT, RULE_FACTS, rule_facts_args

dsn, seconds, connections, campaign_id, enterprise_id = sys.argv[1:6]
people = [uuid.UUID(p) for p in sys.stdin.read().split()]
campaign_id, enterprise_id = uuid.UUID(campaign_id), uuid.UUID(enterprise_id)
payload = json.dumps({"specversion": "1.0", "type": "vn.lichtruc.roster.shift.planned", "data": {"shift": {
    "notes": "Trực điều hành", "assignees": [{"full_name": "Nguyễn Văn Trực"}], "pad": "x" * 600}}},
    ensure_ascii=False)

async def main():
    done = 0
    end = time.monotonic() + float(seconds)
    async def one(conn):
        nonlocal done
        while time.monotonic() < end and people:
            staff_id = people.pop()
            day = 1 + done % 14
            starts = datetime.fromisoformat(f"2027-02-{day:02d}T06:00:00+07:00")
            ends = datetime.fromisoformat(f"2027-02-{day:02d}T14:00:00+07:00")
            shift_id, now = uuid.uuid4(), datetime.now(UTC)
            async with conn.transaction():
                await conn.fetchrow(RULE_FACTS, *rule_facts_args(
                    enterprise_id=enterprise_id, campaign_id=campaign_id, site_ids=(), staff_ids=(staff_id,),
                    starts_at=starts, ends_at=ends))
                batch = HeldWrites()
                batch.add(INSERT_SHIFT, (shift_id, campaign_id, enterprise_id, None, "[]", "operations", starts,
                    ends, json.dumps([{"staff_id": str(staff_id), "full_name": "Nguyễn Văn Trực"}],
                    ensure_ascii=False), "draft", "Trực điều hành", "[]", None, 1, now, now))
                batch.add(INSERT_BOOKINGS, (shift_id, [staff_id], starts, ends))
                batch.add(INSERT_OUTBOX, (uuid.uuid4(), "roster.events", str(enterprise_id),
                    "vn.lichtruc.roster.shift.planned", payload))
                for sql, args in batch.take():
                    await conn.execute(sql, *args)
            done += 1
    conns = [await asyncpg.connect(dsn) for _ in range(int(connections))]
    start, cpu = time.monotonic(), time.process_time()
    await asyncio.gather(*(one(c) for c in conns))
    elapsed, cpu = time.monotonic() - start, time.process_time() - cpu
    if not people and elapsed < float(seconds) - 0.05:
        print(f"ran out of people after {elapsed:.2f} s", file=sys.stderr)
        sys.exit(3)
    print(f"Requests/sec: {done / elapsed:.2f}")
    print(f"CPU ms/request: {1000 * cpu / max(done, 1):.4f}")
    for c in conns:
        await c.close()

uvloop.run(main())
"""


def raw_rate(
    dsn: str, people: list[uuid.UUID], *, seconds: float, connections: int, ids: tuple[str, str]
) -> tuple[float, float]:
    """Requests per second, and the process's CPU milliseconds per request (its own count, over the timed window)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*sys.path, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", RAW, dsn, str(seconds), str(connections), *ids],
        input="\n".join(map(str, people)),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode == 3:
        raise RoundFailed(f"the raw asyncpg run {out.stderr.strip()}: raise --max-rate")
    if out.returncode != 0:
        raise RoundFailed(f"the raw asyncpg run failed:\n{out.stderr[-3000:]}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    cpu = re.search(r"CPU ms/request:\s+([\d.]+)", out.stdout)
    if found is None or cpu is None:
        raise RoundFailed(f"no rate in the raw asyncpg run's output:\n{out.stdout}")
    return float(found.group(1)), float(cpu.group(1))


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and every process under it (a server's workers)."""
    top = psutil.Process(pid)
    total = 0.0
    for process in (top, *top.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.Error:  # a worker gone meanwhile
            continue
        total += times.user + times.system
    return total


# --- the run ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds, medians reported (default 5)")
    parser.add_argument("--seconds", type=float, default=5, help="length of one measurement (default 5)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server worker processes")
    parser.add_argument("--max-rate", type=int, default=8000, help="people set aside per second of load")
    parser.add_argument(
        "--neighbours",
        action="store_true",
        help="also D: roster for people who each have a shift ending 4 hours before the new one",
    )
    args = parser.parse_args()

    wrk = require_wrk()
    per_run = int(args.max_rate * args.seconds)
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-") as tmp:
        root = Path(tmp)
        postgres = PostgresServer(data_dir=root / "postgres", port=free_port())
        servers: list[ServiceProcess] = []
        nodb: subprocess.Popen[bytes] | None = None
        try:
            print("bench: starting PostgreSQL, roster and the no-database app…", file=sys.stderr, flush=True)
            postgres.start()
            postgres.ensure_database("roster")
            env = service_env(
                "roster", database_url=postgres.url("roster"), kafka=f"127.0.0.1:{free_port()}", workers=args.workers
            )
            env |= {"ROSTER_LOG_LEVEL": "WARNING", "ROSTER_RELAY": "off"}
            roster = ServiceProcess(name="roster", port=free_port(), env=env, log_file=root / "roster.log")
            servers.append(roster)
            roster.start()
            nodb_port = free_port()
            nodb = subprocess.Popen(
                [sys.executable, str(BENCH / "nodb_app.py"), "--port", str(nodb_port), "--workers", str(args.workers)],
                env={
                    **os.environ,
                    "BENCH_AUTH_PUBLIC_KEY": PUBLIC_KEY,
                    "PYTHONPATH": os.pathsep.join([str(BENCH), *sys.path]),
                },
                stdout=(root / "nodb.log").open("ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            roster.wait_ready()
            deadline = time.monotonic() + 180
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{nodb_port}/", timeout=1)
                    break
                except httpx.HTTPError as exc:
                    if time.monotonic() > deadline or nodb.poll() is not None:
                        log = (root / "nodb.log").read_text()
                        raise RuntimeError(f"the no-database app did not start ({nodb.poll()}): {log}") from exc
                    time.sleep(0.1)

            campaign_id, enterprise_id = seed(roster.url)
            dsn = postgres.url("roster", driver="postgresql")
            runs = 2 * (args.rounds + 1)  # roster and raw asyncpg each need fresh people per run
            print(f"bench: writing {runs * per_run} people…", file=sys.stderr, flush=True)
            people = People(asyncio.run(write_people(dsn, enterprise_id, runs * per_run)))
            labels: tuple[str, ...] = (
                "A roster POST /shifts",
                "B FastAPI, no database",
                "C raw asyncpg, same statements",
            )
            if args.neighbours:
                count = (args.rounds + 1) * per_run
                print(f"bench: writing {count} people with a shift each…", file=sys.stderr, flush=True)
                ids = asyncio.run(write_people(dsn, enterprise_id, count))
                asyncio.run(write_neighbours(dsn, campaign_id, enterprise_id, ids))
                neighboured = People(ids)
                labels += ("D roster POST /shifts, a neighbour each",)
            rates: dict[str, list[float]] = {label: [] for label in labels}
            # The server's (or the raw run's) CPU per request: what the machine's other load moves least.
            cpus: dict[str, list[float]] = {label: [] for label in labels}

            def served(pid: int, url: str, script: Path, seconds: float) -> tuple[float, float]:
                """wrk's rate on a server, and the server's CPU milliseconds per request meanwhile."""
                before = tree_cpu(pid)
                rate = wrk_rate(wrk, url, script, seconds=seconds, connections=args.connections)
                return rate, 1000 * (tree_cpu(pid) - before) / max(rate * seconds, 1)

            def measure(label: str, seconds: float) -> tuple[float, float]:
                if label.startswith("A"):
                    script = root / "a.lua"
                    lua_script(script, campaign_id, enterprise_id, people.take(per_run), reuse=False)
                    assert roster.process is not None
                    return served(roster.process.pid, roster.url, script, seconds)
                if label.startswith("D"):
                    script = root / "d.lua"
                    first = neighboured.next
                    taken = neighboured.take(per_run)
                    days = [day_of(first + k) for k in range(len(taken))]
                    lua_script(script, campaign_id, enterprise_id, taken, reuse=False, days=days)
                    assert roster.process is not None
                    return served(roster.process.pid, roster.url, script, seconds)
                if label.startswith("B"):
                    script = root / "b.lua"
                    lua_script(script, campaign_id, enterprise_id, [uuid.uuid4() for _ in range(per_run)], reuse=True)
                    return served(nodb.pid, f"http://127.0.0.1:{nodb_port}", script, seconds)
                return raw_rate(
                    dsn,
                    people.take(per_run),
                    seconds=seconds,
                    connections=args.connections,
                    ids=(campaign_id, enterprise_id),
                )

            failures: list[str] = []

            def attempt(label: str, seconds: float, what: str) -> tuple[float, float] | None:
                """One measurement; a failed one is reported with its reason and left out, the bench goes on."""
                try:
                    return measure(label, seconds)
                except RoundFailed as exc:
                    failures.append(f"{what}, {label}: {exc}")
                    print(f"bench: {what}, {label} failed: {exc}", file=sys.stderr, flush=True)
                    return None

            for label in labels:  # warm every path (not counted)
                attempt(label, min(2.0, args.seconds), "warm-up")
            for round_no in range(1, args.rounds + 1):
                got = {label: attempt(label, args.seconds, f"round {round_no}") for label in labels}
                for label, taken in got.items():
                    if taken is not None:
                        rates[label].append(taken[0])
                        cpus[label].append(taken[1])
                print(
                    f"bench: round {round_no}/{args.rounds}: "
                    + ", ".join(
                        f"{label.split()[0]} "
                        + ("failed" if taken is None else f"{taken[0]:.0f}/s, {taken[1]:.3f} ms CPU a request")
                        for label, taken in got.items()
                    ),
                    file=sys.stderr,
                    flush=True,
                )
            with httpx.Client(headers=ADMIN_HEADERS, base_url=roster.url, timeout=10) as client:
                planned = client.get("/shifts", params={"limit": 1}).raise_for_status().json()["total"]
            rewarned = asyncio.run(count_rewarned(dsn)) if args.neighbours else 0
        finally:
            for server in servers:
                server.stop()
            if nodb is not None and nodb.poll() is None:
                from devstack import procs

                procs.stop_process_tree(nodb.pid, timeout=15)
            postgres.stop()

    for failure in failures:
        print(f"failed (left out of the medians): {failure.splitlines()[0]}")
    missing = [label for label in labels if not rates[label]]
    if missing:
        print(f"no round succeeded for: {', '.join(missing)}; no ratio")
        return 1
    a, b, c = (statistics.median(rates[label]) for label in labels[:3])
    ca, cb, cc = (statistics.median(cpus[label]) for label in labels[:3])
    print(
        f"POST /shifts, {args.workers} worker(s), {args.connections} connections (wrk -t1), median of "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s ({planned} shifts planned in all):"
    )
    for label in labels:
        rate, cpu = statistics.median(rates[label]), statistics.median(cpus[label])
        print(
            f"  {label:34} {rate:8.0f} /s   {cpu:6.3f} ms CPU a request"
            f"   (rounds: {', '.join(f'{r:.0f}' for r in rates[label])})"
        )
    print(
        f"  roster / no database = {a / b:.2f}   (target ≥ 0.50); its CPU a request {ca / cb:.1f}× the no-database app's"
    )
    print(f"  roster / raw asyncpg = {a / c:.2f}; its CPU a request {ca / cc:.1f}× the raw run's")
    if args.neighbours:
        d, cd = statistics.median(rates[labels[3]]), statistics.median(cpus[labels[3]])
        pairs = [x / y for x, y in zip(cpus[labels[3]], cpus[labels[0]], strict=False)]
        print(f"  neighbours whose warnings were computed again, saved and announced: {rewarned}")
        print(
            f"  with a neighbour each / without: rate {d / a:.2f}; CPU a request {cd / ca:.2f}× "
            f"(round by round: {', '.join(f'{r:.2f}' for r in pairs)})"
        )
    print(
        json.dumps(
            {
                "roster": a,
                "nodb": b,
                "raw_asyncpg": c,
                "ratio_nodb": a / b,
                "ratio_raw": a / c,
                "cpu_ms": {"roster": ca, "nodb": cb, "raw_asyncpg": cc},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
