"""`python -m devstack up|down|status|fetch|run|asyncapi`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from lichtruc.vntime import VIETNAM

from .kafka import KafkaLaunchError, fetch_jars
from .postgres import PostgresLaunchError
from .stack import Stack

DEFAULT_AT = datetime(2027, 2, 7, 10, 0, tzinfo=VIETNAM)
"""Where `make run` puts the stack's clock: 10:00 on mùng 2 Tết Đinh Mùi."""


def _instant(text: str) -> datetime:
    """An instant as --at takes it: ISO 8601, Vietnam time when no zone is given."""
    try:
        instant = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an instant: write it in ISO 8601, e.g. 2027-02-07T10:00+07:00"
        ) from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=VIETNAM)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="devstack", description="lichtruc's local Kafka + PostgreSQL")
    parser.add_argument("--profile", choices=["dev", "test"], default="dev")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="download the Kafka jars once (Maven Central)")
    sub.add_parser("up", help="start PostgreSQL and Kafka in the background")
    sub.add_parser("down", help="stop them")
    sub.add_parser("status", help="show what runs where")
    run = sub.add_parser(
        "run",
        help="the whole system: infrastructure, three services, demo data",
        description="Start PostgreSQL, Kafka, roster, notifier, audit and the portal, and load the demonstration "
        "Tết campaign. The stack runs on a test clock (LICHTRUC_CLOCK_OFFSET, seconds, the same for every "
        "service): it reads --at when the services start, then runs on like any clock; the portal says so on "
        "every page. Each run starts at --at again, whatever the day it is run. On a fresh data folder the demo is "
        "loaded first in phases, on one stack whose clock is moved to each moment (LICHTRUC_CLOCK_FILE; the "
        "preparation on 20/01/2027, each finding, incident step, daily report and check-in at its own; "
        "devstack.phases): about a minute and a half in all.",
    )
    run.add_argument("--no-demo", action="store_true", help="skip loading the demonstration campaign")
    when = run.add_mutually_exclusive_group()
    when.add_argument(
        "--at",
        type=_instant,
        default=DEFAULT_AT,
        metavar="INSTANT",
        help="the stack's time when it starts, ISO 8601 (default: 2027-02-07T10:00+07:00, 10:00 on mùng 2 Tết "
        "Đinh Mùi: giao thừa's incidents recorded, the first days' reports due and submitted, shifts on duty); "
        "without a time zone it is Vietnam time",
    )
    when.add_argument(
        "--wall-clock",
        action="store_true",
        help="run on the machine's clock instead (no test clock; the demo then records only the incidents and "
        "daily reports whose time has come)",
    )
    sub.add_parser("asyncapi", help="write docs/asyncapi/<service>.json and docs/openapi/<service>.json from the code")
    args = parser.parse_args(argv)

    stack = Stack.for_profile(args.profile)
    try:
        if args.command == "fetch":
            print(f"kafka jars: {fetch_jars()}")
        elif args.command == "up":
            stack.up()
            print("\n".join(stack.status_lines()))
        elif args.command == "down":
            stack.down()
            print("\n".join(stack.status_lines()))
        elif args.command == "status":
            print("\n".join(stack.status_lines()))
        elif args.command == "run":
            from .run import run_system

            run_system(stack, load_demo=not args.no_demo, at=None if args.wall_clock else args.at)
        elif args.command == "asyncapi":
            from .asyncapi import write_documents

            for path in write_documents():
                print(f"wrote {path}")
    except (KafkaLaunchError, PostgresLaunchError) as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        sys.exit(1)
