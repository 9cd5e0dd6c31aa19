"""Roster test fixtures: one running app per test module, with a database and a topic
namespace of that module's own (tests in a module create their own people, so they do not
interfere), a clock the tests can set, and helpers that seed reference data over the API;
and `make run`'s demonstration data loaded once into a roster process, for the tests that
only read it (`demo_roster`)."""

from __future__ import annotations

import contextlib
import io
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from devstack.demo import load_demo_data
from devstack.keys import ADMIN_LOGIN
from lichtruc import topics
from roster.app import create_app
from roster.settings import RosterSettings
from support import running, wait_ready

from .demo_support import DEMO_CREDENTIALS, LoadedDemo, demo_roster_process
from .seeding import Seed


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


# --- make run's demonstration data ---------------------------------------------------------------


@pytest.fixture(scope="package")
def demo_roster(postgres_server, schema_template, kafka_server, tmp_path_factory) -> Iterator[LoadedDemo]:
    """The demonstration data, loaded once for the tests that only read it (a load takes seconds);
    a test that changes it (the drill) loads it into a roster of its own."""
    name = f"t_roster_demo_{uuid.uuid4().hex[:6]}"
    postgres_server.ensure_database(name, template=schema_template("roster"))
    log_file = tmp_path_factory.mktemp("demo-roster") / "roster.log"
    try:
        with demo_roster_process(
            postgres_server.url(name), kafka_server.bootstrap_servers, f"t{uuid.uuid4().hex[:10]}", log_file
        ) as url:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                load_demo_data(url, login=ADMIN_LOGIN, password=DEMO_CREDENTIALS.admin_password)
            yield LoadedDemo(url, printed.getvalue())
    finally:
        postgres_server.drop_database(name)
