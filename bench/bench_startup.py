"""Benchmark: what a service process costs to start, next to the frameworks it stands on, measured
in the same run (interleaved, medians).

    .venv/bin/python bench/bench_startup.py [--trials 7]

Every worker process (`*_WORKERS`), every CLI command and every test that starts a service pays it
before it answers anything. Each trial starts, in turn, a fresh interpreter per case and reads its
CPU time (`time.process_time`) in parts:

- **floor**: importing the frameworks every service imports (FastAPI, SQLAlchemy's asyncio engine,
  asyncpg, FastStream's Kafka broker, pydantic);
- **roster / notifier / audit**: importing the service's app (`<service>.app`), then
  `lichtruc.db.migrate` on its database, which is at its head already (as at every start but a
  release's first).

PostgreSQL is started with devstack in a temporary folder on LICHTRUC_BENCH_PG_PORT (default 25482)
and removed afterwards. Compare a change by running this script with the old code first on
PYTHONPATH (the interpreters it starts inherit it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from devstack.postgres import PostgresServer
from lichtruc import db

SERVICES = ("roster", "notifier", "audit")

FLOOR = """
import json, time
started = time.process_time()
import asyncpg, fastapi, pydantic, sqlalchemy.ext.asyncio, faststream.kafka
print(json.dumps({"import": time.process_time() - started, "migrate": 0.0}))
"""

SERVICE = """
import asyncio, json, sys, time
started = time.process_time()
module = __import__(sys.argv[1] + ".app", fromlist=["MIGRATIONS"])
from lichtruc import db
imported = time.process_time()

async def migrate():
    engine = db.create_engine(sys.argv[2], pool_size=1)
    try:
        await db.migrate(engine, module.MIGRATIONS, service=sys.argv[1])
    finally:
        await engine.dispose()

asyncio.run(migrate())
print(json.dumps({"import": imported - started, "migrate": time.process_time() - imported}))
"""


def child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


async def migrated(pg: PostgresServer, service: str) -> str:
    url = pg.url(f"start_{service}")
    pg.ensure_database(f"start_{service}")
    module = __import__(f"{service}.app", fromlist=["MIGRATIONS"])
    engine = db.create_engine(url, pool_size=1)
    try:
        await db.migrate(engine, module.MIGRATIONS, service=service)
    finally:
        await engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-start-") as tmp:
        pg = PostgresServer(data_dir=Path(tmp), port=int(os.environ.get("LICHTRUC_BENCH_PG_PORT") or 25482))
        pg.start()
        try:
            urls = {service: asyncio.run(migrated(pg, service)) for service in SERVICES}
            child(FLOOR)  # warm-up (not counted): the file cache, compiled bytecode
            for service in SERVICES:
                child(SERVICE, service, urls[service])
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in ("floor", *SERVICES)}
            for trial in range(args.trials):
                runs["floor"].append(child(FLOOR))
                for service in SERVICES:
                    runs[service].append(child(SERVICE, service, urls[service]))
                print(f"  trial {trial + 1} of {args.trials}", file=sys.stderr)
        finally:
            pg.stop()
    floor = statistics.median(r["import"] for r in runs["floor"])
    print(f"start of a service process, CPU seconds, medians of {args.trials} interleaved trials")
    print(f"  floor (FastAPI, SQLAlchemy asyncio, asyncpg, FastStream Kafka, pydantic imported): {floor:.3f} s")
    for service in SERVICES:
        imported = statistics.median(r["import"] for r in runs[service])
        migrating = statistics.median(r["migrate"] for r in runs[service])
        total = statistics.median(r["import"] + r["migrate"] for r in runs[service])
        print(
            f"  {service}: import {imported:.3f} s, migrate at head {migrating:.3f} s, "
            f"together {total:.3f} s = {total / floor:.2f}x the floor"
        )


if __name__ == "__main__":
    main()
