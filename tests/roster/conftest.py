"""Roster test fixtures: one running app per test module, with a database and a topic
namespace of that module's own (tests in a module create their own people, so they do not
interfere), a clock the tests can set, and helpers that seed reference data over the API.
`make run`'s demonstration data has its own (demo/conftest.py)."""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from lichtruc import topics
from roster.app import create_app
from roster.settings import RosterSettings
from support import running, wait_ready

from .seeding import Seed

# `incident_kit` (next to this file) for the domain tests; a module name of its own, as audit's and notifier's.
sys.path.insert(0, str(Path(__file__).parent))


class Clock:
    """The app's clock: real time unless a test sets `now`."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now or datetime.now(UTC)


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def _reset_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "clock" in request.fixturenames:
        request.getfixturevalue("clock").now = None


@pytest.fixture(scope="module")
def module_database(postgres_server, schema_template, request: pytest.FixtureRequest) -> Iterator[str]:
    """The module's database, with roster's schema at head (a copy of the session's template)."""
    slug = re.sub(r"[^a-z0-9]+", "_", request.module.__name__.rsplit(".", 1)[-1].lower())[:30]
    name = f"t_roster_{slug}_{uuid.uuid4().hex[:6]}"
    postgres_server.ensure_database(name, template=schema_template("roster"))
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(scope="module")
def module_topic_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def roster_settings(module_database, kafka_server, module_topic_prefix) -> RosterSettings:
    return RosterSettings(
        database_url=module_database,
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        topic_prefix=module_topic_prefix,
        outbox_poll_seconds=0.2,
        rewarn_poll_seconds=0.2,
        log_json=False,
    )


@pytest.fixture(scope="module")
def roster_topic(module_topic_prefix) -> str:
    return topics.with_prefix(module_topic_prefix, topics.ROSTER_EVENTS)


@pytest.fixture(scope="module")
async def client(roster_settings, clock) -> AsyncIterator[httpx.AsyncClient]:
    async with running(create_app(roster_settings, clock=clock)) as c:
        await wait_ready(c)
        yield c


@pytest.fixture(scope="module")
def seed(client) -> Seed:
    return Seed(client)
