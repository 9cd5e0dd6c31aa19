"""Roster's own commands besides serve and migrate:

- `python -m roster create-admin --login LOGIN [--name NAME] [--password-stdin] [--if-missing]`:
  the first administrator (there is no default password: the operator chooses it);
- `python -m roster keygen [--out DIR]`: a fresh Ed25519 key pair for signing access tokens;
- `python -m roster link-people`: link the staff records of one person registered before records
  were linked (idempotent; records that would then be double-booked are reported and left apart);
- `python -m roster publish-accounts`: record every account as it stands in roster's outbox
  (`AccountRecorded`), for the accounts made before roster published account events.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from lichtruc import db, topics
from lichtruc.auth import generate_keypair

from .db.ports import Repositories
from .db.postgres import PgStore
from .domain.accounts import normalize_login, password_errors
from .domain.errors import DomainError
from .handlers.accounts import CreateAccount, create_first_admin, record_accounts
from .handlers.credentials import password_hasher

T = TypeVar("T")

COMMANDS = ("create-admin", "keygen", "link-people", "publish-accounts")


class Refused(Exception):
    """The command cannot go on; the message says why and what to do (exit code 1)."""


def _read_password(from_stdin: bool, login: str) -> str:
    """One line from stdin, or typed twice without echo; checked against the password rules."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password for the administrator: ")
        if getpass.getpass("Repeat the password: ") != password:
            raise Refused("the two passwords differ: nothing was created")
    errors = password_errors(password, login=login)
    if errors:
        raise Refused("; ".join(e.message for e in errors) + " Nothing was created.")
    return password


async def create_admin(args: argparse.Namespace) -> str:
    from .app import MIGRATIONS
    from .settings import RosterSettings

    login = normalize_login(args.login)
    if login is None:
        raise Refused(f"“{args.login}” is not a login: use an e-mail address (at most 200 characters)")
    try:
        settings = RosterSettings()
    except ValueError as exc:  # pydantic's ValidationError: a missing key, a bad database URL, …
        raise Refused(f"the ROSTER_* settings are not usable: {exc}") from exc
    engine = db.create_engine(settings.database_url, pool_size=1)
    try:
        await db.migrate(engine, MIGRATIONS, service="roster")
        sessions = db.session_factory(engine)
        store = PgStore(sessions)
        async with store.reading() as r:
            existing = await r.accounts.with_login(login)
        if existing is not None:
            if args.if_missing:
                return f"roster: the account {login} exists already ({existing.role}, {existing.id}): nothing to do"
            raise Refused(
                f"the account {login} exists already ({existing.role}, {existing.id}): choose another "
                "login, or pass --if-missing to accept an existing one"
            )
        password = _read_password(args.password_stdin, login)
        password_hash = await asyncio.to_thread(password_hasher(settings).hash, password)
        cmd = CreateAccount(login=login, display_name=args.name or login, role="admin", password=password)
        topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
        async with store.transaction() as (r, _):
            account = await create_first_admin(r, cmd, password_hash=password_hash, now=settings.clock()(), topic=topic)
    except DomainError as exc:
        raise Refused(exc.first.message) from exc
    finally:
        await engine.dispose()
    return f"roster: administrator {login} created ({account.id}); sign in with POST /auth/login"


async def _in_one_transaction(work: Callable[[Repositories, str], Awaitable[T]]) -> T:
    """`work` on the configured database, migrated first, in one transaction (committed if it returns),
    given the repositories and the topic roster publishes to."""
    from .app import MIGRATIONS
    from .settings import RosterSettings

    try:
        settings = RosterSettings()
    except ValueError as exc:
        raise Refused(f"the ROSTER_* settings are not usable: {exc}") from exc
    engine = db.create_engine(settings.database_url, pool_size=1)
    try:
        await db.migrate(engine, MIGRATIONS, service="roster")
        store = PgStore(db.session_factory(engine))
        async with store.transaction() as (repos, _):
            return await work(repos, topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS))
    finally:
        await engine.dispose()


async def link_people(args: argparse.Namespace) -> str:
    """Link the staff records registered before people were linked (a command, not a migration:
    a link may meet bookings that would then be a double booking — those are reported and left
    apart for a manager to resolve — and it should be run, and re-run, when the operator chooses)."""
    from .handlers.reference import link_existing_people

    done = await _in_one_transaction(lambda repos, _: link_existing_people(repos))
    lines = [f"roster: linked {len(done.linked)} staff record(s); {len(done.apart)} left apart"]
    for member, other, by in done.linked:
        lines.append(f"  linked: {member.full_name} → {other.full_name} of {other.enterprise_name} (same {by})")
    for member, other, why in done.apart:
        lines.append(f"  apart: {member.full_name} / {other.full_name} of {other.enterprise_name}: {why}")
    return "\n".join(lines)


async def publish_accounts(args: argparse.Namespace) -> str:
    """Record every account as it stands (AccountRecorded) in roster's outbox, in one transaction: the
    relay of a running roster (or of the next one started) publishes them, and audit's log then holds
    the accounts made before roster published account events."""
    from .settings import RosterSettings

    recorded = await _in_one_transaction(
        lambda repos, topic: record_accounts(repos, now=RosterSettings().clock()(), topic=topic)
    )
    return f"roster: {recorded} account(s) recorded in the outbox (AccountRecorded), for the relay to publish"


def _write(path: Path, text: str, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    os.chmod(path, mode)  # whatever the umask


def keygen(args: argparse.Namespace) -> str:
    private, public = generate_keypair()
    if args.out is None:
        print(private + public, end="")
        print(
            "# ROSTER_AUTH_PRIVATE_KEY takes the private key (roster only); NOTIFIER_AUTH_PUBLIC_KEY and "
            "AUDIT_AUTH_PUBLIC_KEY take the public one. Keep the private key out of version control.",
            file=sys.stderr,
        )
        return ""
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    private_path, public_path = folder / "private.pem", folder / "public.pem"
    for path in (private_path, public_path):
        if path.exists():
            raise Refused(
                f"{path} exists already: move it away first (a new key signs tokens the old public key cannot verify)"
            )
    _write(private_path, private, 0o600)
    _write(public_path, public, 0o644)
    return (
        f"roster: wrote {private_path} (mode 600) and {public_path}\n"
        f"  roster:           ROSTER_AUTH_PRIVATE_KEY_FILE={private_path.resolve()}\n"
        f"  notifier, audit:  NOTIFIER_AUTH_PUBLIC_KEY_FILE / AUDIT_AUTH_PUBLIC_KEY_FILE={public_path.resolve()}\n"
        "  (or the PEM text itself in ROSTER_AUTH_PRIVATE_KEY, NOTIFIER_AUTH_PUBLIC_KEY, AUDIT_AUTH_PUBLIC_KEY)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m roster")
    sub = parser.add_subparsers(dest="command", required=True)
    admin = sub.add_parser("create-admin", help="create an administrator account (applies migrations first)")
    admin.add_argument("--login", required=True, help="an e-mail address")
    admin.add_argument("--name", help="the display name (default: the login)")
    admin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin instead of asking twice",
    )
    admin.add_argument(
        "--if-missing",
        action="store_true",
        help="an existing account with this login is fine (exit 0) instead of an error",
    )
    keys = sub.add_parser("keygen", help="make an Ed25519 key pair for access tokens")
    keys.add_argument("--out", help="write private.pem (mode 600) and public.pem into this folder instead of printing")
    sub.add_parser(
        "link-people",
        help="link staff records of one person registered before linking existed (applies migrations first)",
    )
    sub.add_parser(
        "publish-accounts",
        help="record every account as it stands, for audit's log (applies migrations first)",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "create-admin":
            message = asyncio.run(create_admin(args))
        elif args.command == "link-people":
            message = asyncio.run(link_people(args))
        elif args.command == "publish-accounts":
            message = asyncio.run(publish_accounts(args))
        else:
            message = keygen(args)
    except Refused as exc:
        print(f"roster {args.command}: {exc}", file=sys.stderr)
        return 1
    if message:
        print(message)
    return 0
