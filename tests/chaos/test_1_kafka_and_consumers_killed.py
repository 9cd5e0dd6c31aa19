"""Scenario 1 — a steady stream of roster writes (plan, reschedule, publish, edit, cancel, a few a
second, four enterprises; a share of them opening, updating and resolving incidents) while Kafka is SIGKILLed and restarted five times, then audit and
notifier SIGKILLed and restarted three times each. At the end every change roster committed is
in audit's log exactly once, the hash chain verifies with no sequence gap open, each shift's
final state in notifier and in audit is roster's, and so is each incident's in audit."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest
from chaos_kit import FIGURES, Figures, Load, client, converge, dead_letters, seed, start_system, wait_for

KAFKA_KILLS = 5
CONSUMER_ROUNDS = 3
RATE = 8.0  # roster writes a second, in all
INCIDENTS = 0.15  # the share of them about incidents


@pytest.mark.timeout(900)
async def test_kafka_and_consumers_killed_under_a_stream_of_roster_writes(
    postgres_server, kafka_server, tmp_path
) -> None:
    began = time.monotonic()
    fig = FIGURES["1"] = Figures(
        "Kafka SIGKILLed ×5, then audit and notifier SIGKILLed ×3 each, under a steady stream of roster writes"
    )
    kafka_server.start()
    postgres_server.start()
    system = await asyncio.to_thread(start_system, postgres_server, kafka_server, tmp_path)
    problems: list[str] = []
    load: Load | None = None
    try:
        async with client() as http:
            reference = await seed(http, system.url("roster"), enterprises=4, staff_per_enterprise=8)
        load = Load(system.url("roster"), reference, rate=RATE, incidents=INCIDENTS).start()
        await load.committed_at_least(15, timeout=60, what="the stream of writes to start")

        readiness: Counter = Counter()
        kafka_down: list[float] = []
        for _ in range(KAFKA_KILLS):
            kafka_server.kill()
            killed_at = time.monotonic()

            # roster goes on committing while Kafka is away: the changes wait in its outbox.
            async def backlog() -> int | None:
                rows = await system.psql(
                    "roster", "SELECT count(*), coalesce(max(id), 0) FROM outbox WHERE published_at IS NULL"
                )
                count, top = int(rows[0][0]), int(rows[0][1])
                return top if count >= 5 else None

            top = await wait_for(backlog, timeout=60, what="roster to take writes while Kafka is down")
            async with client(timeout=5) as http:
                ready = await http.get(f"{system.url('roster')}/readyz")
                readiness[ready.status_code] += 1
            await asyncio.to_thread(kafka_server.start)
            kafka_down.append(time.monotonic() - killed_at)

            async def relayed(top: int = top) -> bool:
                rows = await system.psql(
                    "roster", f"SELECT count(*) FROM outbox WHERE published_at IS NULL AND id <= {top}"
                )
                return int(rows[0][0]) == 0

            await wait_for(relayed, timeout=120, interval=0.5, what="roster's relay to publish its backlog")
            await load.committed_at_least(10, timeout=60)
        if set(readiness) != {200}:
            problems.append(f"roster /readyz during Kafka outages: {dict(readiness)} (want 200 every time)")

        restarts: list[float] = []
        for _ in range(CONSUMER_ROUNDS):
            for name in ("audit", "notifier"):
                await load.committed_at_least(8, timeout=60)
                restarts.append(await system.restart(name, kill=True))
        await load.committed_at_least(10, timeout=60)
        stats = await load.stop()

        report, waited = await converge(system, timeout=240)
        letters = await dead_letters(system)
        fig.driven = (
            f"{stats.requests} roster requests, {sum(stats.committed.values())} writes committed, "
            f"{report.committed} events ({report.shifts} shifts, {report.incidents} incidents)"
        )
        fig.faults = (
            f"Kafka SIGKILL ×{KAFKA_KILLS} (down {min(kafka_down):.0f}–{max(kafka_down):.0f} s each); "
            f"consumer SIGKILL ×{len(restarts)} (audit ×{CONSUMER_ROUNDS}, notifier ×{CONSUMER_ROUNDS})"
        )
        fig.lost, fig.duplicated = report.lost, report.duplicated
        fig.wrong_final_state = report.wrong_final_state
        fig.other = (
            f"/log/verify ok={report.verify_ok}; DLQ {len(letters)}; roster HTTP 5xx {stats.http_500}; "
            f"roster /readyz in Kafka outages {dict(readiness)}; all arrived {waited:.0f} s after the writes stopped"
        )
        fig.details += [
            stats.summary(),
            report.line(),
            *report.examples,
            *stats.server_errors,
            f"consumer restarts took {', '.join(f'{r:.1f}' for r in restarts)} s",
            f"dead letters: {[(d['consumer'], d['error_type'], d['error'][:80]) for d in letters][:5]}",
        ]
        if not report.converged:
            problems.append(f"not consistent: {report.line()}; {report.examples}")
        if report.verify_ok is not True:
            problems.append(f"/log/verify: {report.verify}")
        if report.verify.get("open_sequence_gaps"):
            problems.append(f"audit reports open sequence gaps: {report.verify.get('sequence_gaps')}")
        if not report.incidents or not any(op.startswith("incident_") and n for op, n in stats.committed.items()):
            problems.append(f"the load made no incident: {stats.summary()}")
        if letters:
            problems.append(f"{len(letters)} event(s) dead-lettered: {fig.details[-1]}")
        if stats.http_500:
            problems.append(f"roster answered 5xx other than 503: {stats.server_errors}")
    finally:
        if load is not None:
            await load.close()
        await asyncio.to_thread(system.stop)
        kafka_server.start()  # whatever happened, leave the broker up for the other scenarios
        fig.seconds = time.monotonic() - began
        fig.passed = not problems and fig.driven != ""
    assert not problems, "\n".join(problems)
