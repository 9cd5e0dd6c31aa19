"""The real components, one session-scoped fixture each, started by the project's own
launcher (devstack) on the test profile's ports and data folders, fresh every session."""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from devstack.kafka import KafkaServer
from devstack.postgres import PostgresServer
from devstack.stack import Stack
from lichtruc import db
from support import AUTH_ENV, CHEAP_PASSWORD_HASHING

# Settings read their keys from the environment, in this process and in the services the
# end-to-end tests start; so does roster's password hashing cost (support.py says why).
os.environ.update(AUTH_ENV)
os.environ.update(CHEAP_PASSWORD_HASHING)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = Stack.for_profile("test").postgres
    server.stop()
    shutil.rmtree(server.data_dir, ignore_errors=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def kafka_server() -> Iterator[KafkaServer]:
    server = Stack.for_profile("test").kafka
    server.stop()
    shutil.rmtree(server.data_dir, ignore_errors=True)
    server.start()
    yield server
    # Killed, not shut down in order (which took 5 s at the end of the whole suite, with its hundreds
    # of topics): the next session removes the data folder before it starts a broker anyway.
    server.kill()


@pytest.fixture
def kafka(kafka_server: KafkaServer) -> str:
    """Bootstrap servers of the session's broker."""
    return kafka_server.bootstrap_servers


def _database_name(request: pytest.FixtureRequest, role: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:30]
    return f"t_{role}_{slug}_{uuid.uuid4().hex[:6]}"


# The services whose schema a test database gets unless the test asks for an empty one.
SERVICES_WITH_A_SCHEMA = ("roster", "notifier", "audit")


@pytest.fixture(scope="session")
def schema_template(postgres_server: PostgresServer) -> Iterator[Callable[[str], str]]:
    """Factory: `schema_template("audit")` is the name of a database holding that service's schema at
    head, migrated once per session by the service's own `db.migrate` (the code every replica runs at
    start). Test databases are copied from it (CREATE DATABASE … TEMPLATE): a copy costs what creating
    an empty database costs, where running the migrations again cost up to a second per test. The
    migrations themselves stay tested from an empty database (tests/deploy/test_migrations.py, the
    services' test_migrations.py, roster's CLI test), and a service started on a copy still runs
    `migrate`, which finds the schema at head."""
    made: dict[str, str] = {}

    def template(service: str) -> str:
        if service not in made:
            name = f"template_{service}_{uuid.uuid4().hex[:6]}"
            postgres_server.ensure_database(name)
            migrations = importlib.import_module(f"{service}.app").MIGRATIONS

            async def migrate() -> None:
                engine = db.create_engine(postgres_server.url(name), pool_size=1)
                try:
                    await db.migrate(engine, migrations, service=service)
                finally:
                    await engine.dispose()

            # A loop of its own in a thread of its own: the factory may be called from an async test.
            with ThreadPoolExecutor(max_workers=1) as thread:
                thread.submit(asyncio.run, migrate()).result()
            made[service] = name
        return made[service]

    yield template
    for name in made.values():
        postgres_server.drop_database(name)


@pytest.fixture
def new_database(
    postgres_server: PostgresServer, schema_template: Callable[[str], str], request: pytest.FixtureRequest
):
    """Factory: `new_database("roster")` gives the URL of a database of its own, dropped afterwards:
    for roster, notifier and audit with that service's schema at head (a copy of `schema_template`),
    for any other role, or with `migrated=False`, an empty one (a test of the migrations themselves)."""
    created: list[str] = []

    def make(role: str = "db", *, migrated: bool = True) -> str:
        name = _database_name(request, role)
        template = schema_template(role) if migrated and role in SERVICES_WITH_A_SCHEMA else None
        postgres_server.ensure_database(name, template=template)
        created.append(name)
        return postgres_server.url(name)

    yield make
    for name in created:
        postgres_server.drop_database(name)


@pytest.fixture
def topic_prefix() -> str:
    """A topic namespace of this test's own, so that tests never see each other's events."""
    return f"t{uuid.uuid4().hex[:10]}"


# --- no codes or UUIDs in Vietnamese messages (see message_scan.py) ---------------------------

import message_scan  # noqa: E402

message_scan.install()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    found = message_scan.report()
    if found and not os.environ.get("LICHTRUC_ALLOW_MESSAGE_LEAKS"):
        print("\n" + found)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    s = message_scan.seen
    terminalreporter.write_line(
        f"messages scanned: {s['problems']} problems, {s['warnings']} warnings, "
        f"{s['messages']} Vietnamese messages; leaks: {len(message_scan.leaks)}"
    )
    found = message_scan.report()
    if found:
        terminalreporter.write_line(found, red=True)
