"""The rebuild's replay of the log (`python -m audit rebuild [--check]`, `replay_log`): every event
projected in memory, coverage and gaps included, next to its reference measured in the same run.

    .venv/bin/python bench/bench_audit_rebuild.py [--events 3000,10000] [--rounds 3] [--seed 7]

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
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from bench_audit_ingest import Province

from audit.db.memory import MemoryStore
from audit.handlers.projector import Logged
from audit.handlers.replay import _apply
from lichtruc.events import decode, encode

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", default="3000,10000", help="shift events after the reference data, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved A/B rounds per size (default 3)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(n) for n in args.events.split(",")]
    if not asyncio.run(run(sizes, args.rounds, args.seed)):
        sys.exit(1)


if __name__ == "__main__":
    main()
