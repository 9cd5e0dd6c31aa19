"""The rebuild (`python -m audit rebuild [--check]`): its replay of the log next to the reference
replay, and the consumer's appends while it runs next to the same appends without it, in one run.

    .venv/bin/python bench/bench_audit_rebuild.py [--events 3000,10000] [--rounds 3] [--seed 7]
                                                  [--log-events 10000] [--appends 100] [--snapshot-every 500]

**1. The replay**, in memory.

The log is bench_audit_ingest.py's synthetic province (5 enterprises × 10 sites, a 13-day Tết
campaign, per-site and enterprise-wide requirements) followed by N shift events, each decoded
from its JSON as the log hands it back. Two ways of replaying it, interleaved A/B/A/B, medians:

- **A, windowed** (what the rebuild does): a shift's change recomputes, for each key it touches,
  the stretch of the key's timeline it can have moved (handlers/projector.py `recompute_key`),
  reading the shifts at the key's site;
- **B, whole campaign** (the reference; the rebuild's way until 2026-12-01, which also read every
  shift of the enterprise for a site key): every touched key's whole campaign recomputed for
  every event.

Both must leave the same state (timelines, gaps with their versions and causes, records): the
bench compares the two exports and exits 1 if they differ. B slows down as the log grows.
No database and no Kafka: the replay is the part of a rebuild that grows with the log.

**2. The consumer during a rebuild**, on a PostgreSQL of its own (devstack, LICHTRUC_BENCH_PG_PORT,
default 25482). The province and `--log-events` shift events are logged through audit's batch
apply (batches of 500, as the consumer takes them); then `python -m audit rebuild` runs as a
process while the bench goes on appending one shift event at a time, a pause of 50 ms after each,
as a consumer would (A), and the same while `python -m audit rebuild --check` runs (A'); before
them, `--appends` such appends with neither (B). The rebuild takes a snapshot every
`--snapshot-every` records, as deployed (the setting's default). Printed: the check's and the
rebuild's own reports (what the rebuild wrote), and each side's median and longest append. The rebuild replays
without holding the chain and holds it only for the records appended meanwhile and the writing of
what differs (db/differences.py: here nothing, the consumer's projections being right), so A's
longest append is about that last step (it used to be the whole rebuild, then the emptying and
refilling of every table); the check holds nothing (one snapshot), so A' should be B.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_audit_ingest import Province, env_port

from audit.app import MIGRATIONS
from audit.db.memory import MemoryStore
from audit.handlers import Context, make_apply_batch
from audit.handlers.projector import Logged
from audit.handlers.replay import _apply
from audit.settings import AuditSettings
from devstack.postgres import PostgresServer
from lichtruc import db
from lichtruc.events import CloudEvent, decode, encode

RECORDED = datetime(2027, 1, 20, tzinfo=UTC)


def the_log(events: int, seed: int) -> list[Logged]:
    """The province's reference events, then `events` shift events, as the log reads them back."""
    province = Province(seed)
    made = province.reference() + province.shift_events(events)
    return [Logged(seq, RECORDED + seq * timedelta(milliseconds=5), decode(encode(e))) for seq, e in enumerate(made, 1)]


async def replay(log: list[Logged], *, windowed: bool) -> tuple[float, dict]:
    store = MemoryStore(tracks_coverage=True)
    store.recomputes_windows = windowed
    began = time.perf_counter()
    for logged in log:
        await _apply(store, logged)
    took = time.perf_counter() - began
    return took, await store.export_state()


async def run(sizes: list[int], rounds: int, seed: int) -> bool:
    same = True
    for size in sizes:
        log = the_log(size, seed)
        a: list[float] = []
        b: list[float] = []
        gaps = 0
        for r in range(rounds):
            took_a, state_a = await replay(log, windowed=True)
            took_b, state_b = await replay(log, windowed=False)
            a.append(took_a)
            b.append(took_b)
            gaps = len(state_a["coverage_gaps"])
            if state_a != state_b:
                same = False
                print(f"  round {r + 1}: the two replays left DIFFERENT states", flush=True)
            print(f"  {len(log):,} events, round {r + 1}/{rounds}: A {took_a:.2f} s, B {took_b:.2f} s", flush=True)
        ma, mb = statistics.median(a), statistics.median(b)
        print(
            f"replay of {len(log):,} log records ({size:,} shift events; {gaps:,} gaps): "
            f"A windowed {ma:.2f} s ({len(log) / ma:,.0f} records/s), B whole campaign {mb:.2f} s "
            f"({len(log) / mb:,.0f} records/s): A takes {ma / mb:.2f}x B's time; states equal: {same}",
            flush=True,
        )
    return same


class StepClock:
    """Audit's clock: 5 ms later at every reading (record times never go backwards)."""

    def __init__(self) -> None:
        self.now = RECORDED

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=5)
        return self.now


async def append_one_by_one(apply, events: list[CloudEvent], *, until: asyncio.Future | None) -> list[float]:
    """Append the events one at a time (a pause of 50 ms after each) until `until` is done, or all
    of them if it is None; the seconds each append took."""
    took: list[float] = []
    for event in events:
        if until is not None and until.done():
            break
        began = time.perf_counter()
        await apply([(event, "roster")])
        took.append(time.perf_counter() - began)
        if until is None:
            await asyncio.sleep(0.05)
        else:
            await asyncio.wait([until], timeout=0.05)
    return took


async def during_rebuild(log_events: int, appends: int, seed: int, snapshot_every: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-rebuild-") as tmp:
        pg = PostgresServer(data_dir=Path(tmp) / "postgres", port=env_port("LICHTRUC_BENCH_PG_PORT", 25482))
        pg.start()
        try:
            pg.ensure_database("audit")
            url = pg.url("audit")
            engine = db.create_engine(url, pool_size=2)
            try:
                await db.migrate(engine, MIGRATIONS, service="audit")
                ctx = Context(
                    sessions=db.session_factory(engine), clock=StepClock(), audit_topic="audit", snapshot_every=0
                )
                apply = make_apply_batch(ctx)
                province = Province(seed)
                logged = [decode(encode(e)) for e in province.reference() + province.shift_events(log_events)]
                # The baseline's appends, then enough to go on appending while the check and the rebuild
                # run (about 12 a second: at 2,000 each, some three minutes).
                more = [decode(encode(e)) for e in province.shift_events(appends + 4000)]
                began = time.perf_counter()
                for i in range(0, len(logged), 500):
                    await apply([(e, "roster") for e in logged[i : i + 500]])
                print(f"logged {len(logged):,} records in {time.perf_counter() - began:.1f} s", flush=True)
                alone = await append_one_by_one(apply, more[:appends], until=None)
                env = {
                    **os.environ,
                    "AUDIT_DATABASE_URL": url,
                    "AUDIT_LOG_JSON": "false",
                    "AUDIT_SNAPSHOT_EVERY": str(snapshot_every),
                }
                rest = more[appends:]
                during: dict[str, list[float]] = {}
                for name, command in (("the check", ["rebuild", "--check"]), ("the rebuild", ["rebuild"])):
                    took, said = await appending_while(apply, rest[:2000], command, env)
                    rest = rest[len(took) :]
                    print("\n".join(said), flush=True)
                    if not took:
                        print(f"{name} ended before the first append: log more events (--log-events)", flush=True)
                        sys.exit(1)
                    during[name] = took
            finally:
                await engine.dispose()
        finally:
            pg.stop()
    for name, took in during.items():
        print(
            f"appends of one shift event: A during {name} ({len(took)}): median "
            f"{statistics.median(took) * 1000:.1f} ms, longest {max(took) * 1000:,.0f} ms; "
            f"B with neither ({len(alone)}): median {statistics.median(alone) * 1000:.1f} ms, "
            f"longest {max(alone) * 1000:,.0f} ms; A's longest is {max(took) / max(alone):.1f}x B's",
            flush=True,
        )


async def appending_while(apply, events: list[CloudEvent], command: list[str], env: dict[str, str]):
    """`python -m audit <command>` as a process while the events are appended one at a time until it
    ends: the seconds each append took, and the lines of its report worth printing (exits 1 if it fails)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "audit",
        *command,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    finished = asyncio.ensure_future(process.communicate())
    took = await append_one_by_one(apply, events, until=finished)
    out, _ = await finished
    said = out.decode().splitlines()
    if process.returncode != 0:  # the check exits 1 on differences: the consumer's projections are the log's
        print("\n".join(said), flush=True)
        print(f"python -m audit {' '.join(command)} exited with {process.returncode}", flush=True)
        sys.exit(1)
    return took, [said[0], *(line for line in said if line.startswith(("audit: the", "audit: rows", "audit: stored")))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events",
        default="3000,10000",
        help="shift events after the reference data, comma-separated (part 1; empty: part 2 only)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved A/B rounds per size (default 3)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--log-events", type=int, default=10000, help="shift events logged before the rebuild (part 2)")
    parser.add_argument("--appends", type=int, default=100, help="appends without a rebuild, the baseline (part 2)")
    parser.add_argument(
        "--snapshot-every",
        type=int,
        default=AuditSettings.model_fields["snapshot_every"].default,
        help="the rebuild's AUDIT_SNAPSHOT_EVERY (part 2; default: the setting's, as deployed)",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.events.split(",") if n]
    if sizes and not asyncio.run(run(sizes, args.rounds, args.seed)):
        sys.exit(1)
    asyncio.run(during_rebuild(args.log_events, args.appends, args.seed, args.snapshot_every))


if __name__ == "__main__":
    main()
