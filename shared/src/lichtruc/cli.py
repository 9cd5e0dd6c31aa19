"""The command line every service has: `python -m <service> serve|migrate`, and for the
services that consume Kafka topics `dlq list|replay` (lichtruc.dlq)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from .logs import configure_logging
from .settings import ServiceSettings


def run_cli(
    *,
    name: str,
    settings_factory: Callable[[], ServiceSettings],
    app_factory: str,
    migrations: Path,
    default_port: int,
    argv: list[str] | None = None,
    dlq: bool = False,
) -> None:
    """Parse argv and serve the app (uvicorn), apply the migrations and exit, or (`dlq=True`:
    the service consumes topics) list or replay its dead letters."""
    parser = argparse.ArgumentParser(prog=f"python -m {name}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cmd = sub.add_parser("serve", help="run the HTTP API and the Kafka side")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=default_port)
    sub.add_parser("migrate", help="apply database migrations, then exit")
    if dlq:
        from . import dlq as dead_letters

        dead_letters.add_parser(sub)
    args = parser.parse_args(argv)

    settings = settings_factory()
    configure_logging(name, level=settings.log_level, json=settings.log_json)
    if args.command == "migrate":
        from . import db

        async def _migrate() -> None:
            engine = db.create_engine(settings.database_url, pool_size=1)
            try:
                await db.migrate(engine, migrations, service=name)
            finally:
                await engine.dispose()

        asyncio.run(_migrate())
        print(f"{name}: database is at the latest migration")
        return
    if args.command == "dlq":
        from . import dlq as dead_letters

        module, _, factory = app_factory.partition(":")
        app = getattr(importlib.import_module(module), factory)(settings)  # no I/O: wires `apply`, starts nothing
        sys.exit(dead_letters.main(args, app.state.runtime, sys.stdout))

    from .serving import serve

    serve(
        name=name,
        app_factory=app_factory,
        settings=settings,
        host=args.host,
        port=args.port,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
