"""One live change in a fully staffed enterprise: audit's apply of a single shift change (a batch of
one, as the latency path has it) against the same change recomputing each touched key's whole
campaign, in one run.

    .venv/bin/python bench/bench_audit_change.py [--sites 20,60] [--changes 40] [--rounds 4] [--seed 7]

One enterprise with `--sites` sites, each staffed round the clock over bench_audit_ingest.py's
13-day campaign (three 8-hour shifts a day, handed over end to start), a 24/7 requirement at each
site and one for the enterprise as a whole, all logged through audit's batch apply on a PostgreSQL
of its own (devstack, LICHTRUC_BENCH_PG_PORT, default 25482). Then `--changes` single changes (a
shift moved half an hour, back or forth), each applied alone, in `--rounds` interleaved A/B rounds:

- **A, stretches** (what audit does): each touched key recomputed over the stretch of its timeline
  the change can have moved (handlers/projector.py `recompute_key`). A fully staffed key's timeline
  is one covered segment, so the stretch is the shift's span before and after the change, and the
  read brings the shifts that meet it;
- **B, whole campaign**: the same store told not to recompute stretches (`recomputes_windows`
  False), so each touched key's whole campaign is read and swept again — what the enterprise-wide
  key cost before 2026-12-02 (the stretch then ran to the ends of the segment, here the campaign).

Printed per size: the medians of each side's wall and CPU time per change, and B / A. Both sides
apply to the same database in turn, so the log is not checked against a rebuild here: B names a
recomputed gap's causes afresh, where a rebuild, like A, leaves a gap outside the stretches as it is
(that A leaves what the whole campaign gives is tests/audit/handlers/test_projector_properties.py's).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench_audit_ingest
from bench_audit_ingest import DAYS, FIRST, Province, env_port

from audit.app import MIGRATIONS
from audit.db.batch import BatchStore
from audit.handlers import Context, make_apply_batch
from devstack.postgres import PostgresServer
from lichtruc import db
from lichtruc.cycles import collected_after
from lichtruc.events import DailyWindow, ShiftRescheduled, decode, encode


def staffed(sites: int, seed: int) -> tuple[Province, uuid.UUID, list, list[uuid.UUID]]:
    """The province of one enterprise: its reference data, an enterprise-wide 24/7 requirement
    besides the sites' own, and every site's round-the-clock shifts (events, and the shifts' ids)."""
    bench_audit_ingest.SITES = sites
    province = Province(seed)
    enterprise = province.enterprises[0]
    province.enterprises = [enterprise]
    province.sites = {enterprise: [uuid.uuid4() for _ in range(sites)]}
    province.staff = {enterprise: [(uuid.uuid4(), "Nguyễn Thị Huệ") for _ in range(sites * 6)]}
    events = province.reference()
    events.append(province.requirement(enterprise, "operations", DailyWindow(start_local="00:00", end_local="00:00")))
    planned = []
    for site in province.sites[enterprise]:
        for day in range(DAYS):
            for slot in range(3):
                shift_id, event = province.plan(
                    enterprise, site, "operations", FIRST + timedelta(days=day, hours=8 * slot), 8
                )
                planned.append(shift_id)
                events.append(event)
    return province, enterprise, events, planned


def moved(province: Province, enterprise: uuid.UUID, shift_id: uuid.UUID, minutes: int):
    old = province.shifts[shift_id]
    delta = timedelta(minutes=minutes)
    snap = old.model_copy(
        update={"starts_at": old.starts_at + delta, "ends_at": old.ends_at + delta, "version": province._v(shift_id)}
    )
    province.shifts[shift_id] = snap
    data = ShiftRescheduled(shift=snap, previous_starts_at=old.starts_at, previous_ends_at=old.ends_at, actor="bench")
    return decode(encode(province.event(data, enterprise)))


async def measure(pg: PostgresServer, sites: int, changes: int, rounds: int, seed: int) -> tuple[float, ...]:
    name = f"change{sites}"
    pg.ensure_database(name)
    engine = db.create_engine(pg.url(name))
    try:
        await db.migrate(engine, MIGRATIONS, service="audit")
        ctx = Context(sessions=db.session_factory(engine), clock=lambda: datetime.now(UTC), audit_topic="audit")
        apply = make_apply_batch(ctx)
        province, enterprise, events, planned = staffed(sites, seed)
        decoded = [decode(encode(e)) for e in events]
        for i in range(0, len(decoded), 500):
            await apply([(e, "roster") for e in decoded[i : i + 500]])
        times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        n = 0
        for _ in range(rounds):
            for windowed in (True, False):
                BatchStore.recomputes_windows = windowed
                for _ in range(changes // rounds):
                    n += 1
                    event = moved(province, enterprise, planned[(n * 7919) % len(planned)], 30 if n % 2 else -30)
                    wall, cpu = time.perf_counter(), time.process_time()
                    async with collected_after():
                        await apply([(event, "roster")])
                    times[windowed].append((time.perf_counter() - wall, time.process_time() - cpu))
                    await asyncio.sleep(0.002)
        a_wall, a_cpu = (statistics.median(t[i] for t in times[True]) * 1000 for i in (0, 1))
        b_wall, b_cpu = (statistics.median(t[i] for t in times[False]) * 1000 for i in (0, 1))
        return len(planned), a_wall, a_cpu, b_wall, b_cpu
    finally:
        BatchStore.recomputes_windows = True
        await engine.dispose()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pg = PostgresServer(data_dir=Path(tmp) / "pg", port=env_port("LICHTRUC_BENCH_PG_PORT", 25482))
        pg.start()
        try:
            for sites in (int(s) for s in args.sites.split(",")):
                shifts, a_wall, a_cpu, b_wall, b_cpu = await measure(pg, sites, args.changes, args.rounds, args.seed)
                print(
                    f"{sites} sites, {shifts} shifts: one change A (stretches) {a_wall:.1f} ms wall, {a_cpu:.1f} ms CPU;"
                    f" B (whole campaign) {b_wall:.1f} ms wall, {b_cpu:.1f} ms CPU; B / A {b_wall / a_wall:.1f}× wall,"
                    f" {b_cpu / a_cpu:.1f}× CPU (medians of {args.changes // args.rounds * args.rounds} each)"
                )
        finally:
            pg.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", default="20,60", help="sizes of the enterprise, comma-separated (default 20,60)")
    parser.add_argument("--changes", type=int, default=40, help="changes per side and size (default 40)")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved A/B rounds (default 4)")
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(main(parser.parse_args()))
