"""Scenario 2 — PostgreSQL restarted under a stream of roster writes, then stopped for 15 s
while audit and notifier are behind (frozen with SIGSTOP while a burst of changes is
published, thawed as the database goes away). Nothing goes to a dead-letter topic for
"connection refused", every change is applied once the database is back, and roster answers
503 with Retry-After (never 500) while it cannot reach its database."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter

import pytest
from chaos_kit import (
    FIGURES,
    Figures,
    Load,
    client,
    converge,
    dead_letters,
    outbox_backlog,
    seed,
    start_system,
    wait_for,
)

OUTAGE_SECONDS = 15.0
BURST = 60
RESTARTS = 3
RESTART_LOAD_RATE = 30.0  # roster writes a second while PostgreSQL restarts


@pytest.mark.timeout(600)
async def test_postgres_restart_and_a_15_s_outage_while_consumers_are_behind(
    postgres_server, kafka_server, tmp_path
) -> None:
    began = time.monotonic()
    fig = FIGURES["2"] = Figures("PostgreSQL restarted under writes, then down 15 s while the consumers are behind")
    kafka_server.start()
    postgres_server.start()
    system = await asyncio.to_thread(start_system, postgres_server, kafka_server, tmp_path)
    problems: list[str] = []
    loads: list[Load] = []
    try:
        async with client() as http:
            reference = await seed(http, system.url("roster"), enterprises=6, staff_per_enterprise=8)
        load = Load(system.url("roster"), reference, rate=RESTART_LOAD_RATE).start()
        loads.append(load)
        await load.committed_at_least(15, timeout=60, what="the stream of writes to start")

        # (a) Restarts while writes come in: some may be refused (503), none may fail with a 500.
        restart_seconds: list[float] = []
        postmaster_started: set[str] = set()
        for _ in range(RESTARTS):
            [[started]] = await system.psql("roster", "SELECT pg_postmaster_start_time()")
            postmaster_started.add(started)
            restart_began = time.monotonic()
            await asyncio.to_thread(postgres_server.stop)
            await asyncio.to_thread(postgres_server.start)
            restart_seconds.append(time.monotonic() - restart_began)
            await load.committed_at_least(15, timeout=90, what="writes to go on after the restart")
        [[started]] = await system.psql("roster", "SELECT pg_postmaster_start_time()")
        postmaster_started.add(started)
        during_restart = await load.stop()
        if len(postmaster_started) != RESTARTS + 1:
            problems.append(f"PostgreSQL was not restarted {RESTARTS} times: start times {postmaster_started}")

        # (b) The consumers fall behind: frozen while a burst of changes is committed and published.
        for name in ("notifier", "audit"):
            system.services[name].send_signal(signal.SIGSTOP)
        [[before]] = await system.psql("roster", "SELECT coalesce(max(id), 0) FROM outbox")
        burst = Load(system.url("roster"), reference, rate=30.0).start()
        loads.append(burst)
        await burst.committed_at_least(BURST, timeout=60, what="a burst of writes")
        await burst.stop()
        await wait_for(lambda: _zero(outbox_backlog(system)), timeout=60, what="the burst to be published")
        [[behind]] = await system.psql("roster", f"SELECT count(*) FROM outbox WHERE id > {before}")

        # The outage: the database goes away as the consumers wake up to a backlog.
        await asyncio.to_thread(postgres_server.stop)
        outage_began = time.monotonic()
        for name in ("notifier", "audit"):
            system.services[name].send_signal(signal.SIGCONT)
        roster_writes: Counter = Counter()
        retry_after_missing = 0
        readiness: dict[str, Counter] = {name: Counter() for name in ("roster", "notifier", "audit")}
        reasons: dict[str, str] = {}
        enterprise = reference.enterprises[0]
        async with client(timeout=5) as http:
            # The deliberate outage: 15 s, probing the services meanwhile.
            while time.monotonic() - outage_began < OUTAGE_SECONDS:
                try:
                    answer = await http.post(
                        f"{system.url('roster')}/staff",
                        json={
                            "enterprise_id": enterprise.id,
                            "full_name": "Trần Thị Mất Điện",
                            "qualifications": ["guard"],
                        },
                    )
                    roster_writes[answer.status_code] += 1
                    if answer.status_code == 503 and "retry-after" not in answer.headers:
                        retry_after_missing += 1
                except Exception as exc:
                    roster_writes[type(exc).__name__] += 1
                for name in readiness:
                    try:
                        ready = await http.get(f"{system.url(name)}/readyz")
                        readiness[name][ready.status_code] += 1
                        if ready.status_code != 200:
                            reasons[name] = ready.text[:300]
                    except Exception as exc:
                        readiness[name][type(exc).__name__] += 1
                await asyncio.sleep(0.5)
        await asyncio.to_thread(postgres_server.start)
        outage_seconds = time.monotonic() - outage_began

        report, waited = await converge(system, timeout=180)
        letters = await dead_letters(system)
        refused = [d for d in letters if "refused" in d["error"].lower() or "connect" in d["error"].lower()]
        fig.driven = (
            f"{during_restart.requests + burst.stats.requests} roster requests, "
            f"{sum(during_restart.committed.values()) + sum(burst.stats.committed.values())} writes "
            f"committed ({int(behind)} events queued for frozen consumers), {report.committed} events"
        )
        fig.faults = (
            f"PostgreSQL restart ×{RESTARTS} ({min(restart_seconds):.1f}–{max(restart_seconds):.1f} s) under "
            f"{RESTART_LOAD_RATE:.0f} writes/s, PostgreSQL outage ×1 ({outage_seconds:.0f} s); "
            f"consumers SIGSTOP/SIGCONT ×1"
        )
        fig.lost, fig.duplicated, fig.wrong_final_state = report.lost, report.duplicated, report.wrong_final_state
        server_errors = during_restart.http_500 + sum(
            n for s, n in roster_writes.items() if isinstance(s, int) and s >= 500 and s != 503
        )
        fig.other = (
            f"DLQ {len(letters)} ({len(refused)} for connection errors); roster 500s {server_errors}, "
            f"503s {during_restart.http_503 + roster_writes[503]} (without Retry-After "
            f"{during_restart.unavailable_without_retry_after + retry_after_missing}); /log/verify "
            f"ok={report.verify_ok}; converged {waited:.0f} s after PostgreSQL came back"
        )
        fig.details += [
            f"restart under load: {during_restart.summary()}",
            *during_restart.server_errors,
            f"burst: {burst.stats.summary()}",
            f"roster writes during the outage: {dict(roster_writes)}",
            f"/readyz during the outage: { {k: dict(v) for k, v in readiness.items()} }",
            *(f"{k} not ready: {v}" for k, v in reasons.items()),
            report.line(),
            *report.examples,
            f"dead letters: {[(d['consumer'], d['error_type'], d['error'][:100]) for d in letters][:5]}",
        ]
        if letters:
            problems.append(f"{len(letters)} dead letter(s), {len(refused)} for connection errors: {fig.details[-1]}")
        if not report.converged:
            problems.append(f"not consistent: {report.line()}; {report.examples}")
        if report.verify_ok is not True:
            problems.append(f"/log/verify: {report.verify}")
        if server_errors:
            problems.append(
                f"roster answered {server_errors} 5xx other than 503: {during_restart.server_errors}, "
                f"{dict(roster_writes)}"
            )
        if roster_writes[503] == 0:
            problems.append(f"roster never answered 503 while PostgreSQL was down: {dict(roster_writes)}")
        if retry_after_missing or during_restart.unavailable_without_retry_after:
            problems.append("503 without Retry-After")
        for name in ("notifier", "audit"):
            if not any(isinstance(s, int) and s == 503 for s in readiness[name]):
                problems.append(f"{name} /readyz never said not-ready during the outage: {dict(readiness[name])}")
    finally:
        for load in loads:
            await load.close()
        postgres_server.start()
        await asyncio.to_thread(system.stop)
        fig.seconds = time.monotonic() - began
        fig.passed = not problems and fig.driven != ""
    assert not problems, "\n".join(problems)


async def _zero(count) -> bool:
    return await count == 0
