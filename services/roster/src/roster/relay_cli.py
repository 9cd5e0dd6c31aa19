"""`python -m roster relay [--host H] [--port P]`: the outbox relay as a process of its own.

Run it when roster serves with ROSTER_RELAY=off (several workers, or several replicas that
should not all poll the outbox). It serves `/healthz`, `/readyz` and `/metrics` on
ROSTER_RELAY_PORT (8104) for the supervisor, in one worker; it exits 0 on SIGTERM/SIGINT and
non-zero when it cannot start (bad settings, migrations failing)."""

from __future__ import annotations

import argparse

from lichtruc.logs import configure_logging
from lichtruc.serving import serve

from .settings import RosterSettings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m roster relay", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="the health port (default: ROSTER_RELAY_PORT, 8104)")
    args = parser.parse_args(argv)
    settings = RosterSettings()
    configure_logging("roster-relay", level=settings.log_level, json=settings.log_json)
    serve(
        name="roster-relay",
        app_factory="roster.app:create_relay_app",
        settings=settings,
        host=args.host,
        port=args.port or settings.relay_port,
        workers=1,  # one relay per process; more processes only wait for the advisory lock
    )
    return 0
