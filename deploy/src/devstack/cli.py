"""`python -m devstack up|down|status|fetch|run|asyncapi`."""

from __future__ import annotations

import argparse
import sys

from .kafka import KafkaLaunchError, fetch_jars
from .postgres import PostgresLaunchError
from .stack import Stack


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="devstack", description="lichtruc's local Kafka + PostgreSQL")
    parser.add_argument("--profile", choices=["dev", "test"], default="dev")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="download the Kafka jars once (Maven Central)")
    sub.add_parser("up", help="start PostgreSQL and Kafka in the background")
    sub.add_parser("down", help="stop them")
    sub.add_parser("status", help="show what runs where")
    run = sub.add_parser("run", help="the whole system: infrastructure, three services, demo data")
    run.add_argument("--no-demo", action="store_true", help="skip loading the demonstration campaign")
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

            run_system(stack, load_demo=not args.no_demo)
        elif args.command == "asyncapi":
            from .asyncapi import write_documents

            for path in write_documents():
                print(f"wrote {path}")
    except (KafkaLaunchError, PostgresLaunchError) as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        sys.exit(1)
