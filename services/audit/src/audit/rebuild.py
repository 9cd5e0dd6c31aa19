"""`python -m audit rebuild [--check]`: derive every projection again from the event log.

Replays the log in memory with the consumer's own code while the consumer goes on, saying how far
it is on stderr; then, in one transaction during which appends wait, replays the records appended
meanwhile and writes the rows of the projection tables that differ from what the log gives (the log
and the findings are untouched; the snapshots are re-taken). `--check` compares instead and exits 1
if the stored projections differ from what the log gives.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from typing import TextIO

from lichtruc import db
from lichtruc.logs import configure_logging

from .app import MIGRATIONS
from .handlers.replay import Progress, RebuildReport, rebuild
from .settings import AuditSettings


def report_lines(report: RebuildReport) -> list[str]:
    verb = "rebuilt" if report.written else "checked"
    taken = f"{report.snapshots} snapshot(s) taken"
    if report.written:
        kept = report.snapshots - report.snapshots_written
        taken += f", {report.snapshots_written} written" + (f", {kept} stored as taken already" if kept else "")
    lines = [
        f"audit: {verb} the projections from {report.events} log record(s) (up to seq {report.seq}) "
        f"in {report.seconds:.2f}s; {taken}"
    ]
    lines += [f"  {name:<18} {rows:>8} rows  sha256 {sha}" for name, (rows, sha) in report.digest.items()]
    if report.written:
        lines.append(
            "audit: rows written where the tables differed from the log:"
            if report.corrected
            else "audit: the tables already matched the log: no row written"
        )
        lines += [f"  {name:<18} {done}" for name, done in report.corrected.items()]
    if not report.written:
        lines.append(
            "audit: stored projections match the log"
            if not report.differences
            else "audit: stored projections DIFFER from the log:"
        )
        lines += [f"  {d}" for d in report.differences]
    return lines


class ProgressLines:
    """How far the replay is, as a line on `out` at most every `every` seconds: records replayed of
    those the log held when it began, the share, the pace since the first record and the time it
    suggests is left. (The report itself goes to stdout once the rebuild is done.)"""

    def __init__(self, out: TextIO, *, every: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.out = out
        self.every = every
        self.clock = clock
        self.began: float | None = None
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.began is None:
            self.began = self.last = now
            return
        if now - self.last < self.every or now <= self.began:
            return
        self.last = now
        total = max(total, done)  # records appended while it replays are replayed too
        pace = done / (now - self.began)
        left = (total - done) / pace
        print(
            f"audit: rebuild: {done:,} of {total:,} log record(s) replayed ({100 * done // total} %), "
            f"{pace:,.0f} a second, about {left:,.0f} s to go",
            file=self.out,
            flush=True,
        )


async def run(settings: AuditSettings, *, check_only: bool, progress: Progress | None = None) -> RebuildReport:
    engine = db.create_engine(settings.database_url, pool_size=1)
    try:
        await db.migrate(engine, MIGRATIONS, service="audit")
        return await rebuild(
            db.session_factory(engine),
            snapshot_every=settings.snapshot_every,
            check_only=check_only,
            progress=progress,
        )
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit rebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare the stored projections with the log instead of replacing them"
    )
    args = parser.parse_args(argv)
    settings = AuditSettings()
    configure_logging("audit", level=settings.log_level, json=settings.log_json)
    report = asyncio.run(run(settings, check_only=args.check, progress=ProgressLines(sys.stderr)))
    print("\n".join(report_lines(report)))
    return 1 if report.differences else 0
