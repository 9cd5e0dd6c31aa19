"""The real components, one session-scoped fixture each, started by the project's own
launcher (devstack) on the test profile's ports and data folders, fresh every session."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator

import pytest

from devstack.kafka import KafkaServer
from devstack.postgres import PostgresServer
from devstack.stack import Stack
from support import AUTH_ENV

# Settings read their keys from the environment, in this process and in the services the
# end-to-end tests start.
os.environ.update(AUTH_ENV)


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
    server.stop()


@pytest.fixture
def kafka(kafka_server: KafkaServer) -> str:
    """Bootstrap servers of the session's broker."""
    return kafka_server.bootstrap_servers


def _database_name(request: pytest.FixtureRequest, role: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:30]
    return f"t_{role}_{slug}_{uuid.uuid4().hex[:6]}"


@pytest.fixture
def new_database(postgres_server: PostgresServer, request: pytest.FixtureRequest):
    """Factory: `new_database("roster")` gives the URL of an empty database of its own, dropped afterwards."""
    created: list[str] = []

    def make(role: str = "db") -> str:
        name = _database_name(request, role)
        postgres_server.ensure_database(name)
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
