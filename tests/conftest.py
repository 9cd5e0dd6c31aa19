"""The real components, one session-scoped fixture each, started by the project's own
launcher (devstack) on the test profile's ports and data folders, fresh every session.

`make test` runs the tests in two worker processes (pytest-xdist, `-n 2 --dist loadscope`): each
worker is a session of its own, with its own PostgreSQL and Kafka on ports and in a data folder of
its own (below); a module's tests run in one worker, and so do the packages whose modules share a
costlier fixture (`ONE_WORKER_PACKAGES`)."""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import settings
from xdist.scheduler import LoadScopeScheduling

import hang_watch
from devstack.kafka import KafkaServer
from devstack.postgres import PostgresServer
from devstack.stack import Stack
from lichtruc import db
from support import AUTH_ENV, CHEAP_PASSWORD_HASHING

# In a worker of `pytest -n N` (PYTEST_XDIST_WORKER "gw0", "gw1", …): the test profile's ports moved up by
# 10 × (N + 1) and a data folder of the worker's own, so that the workers' servers never meet.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER:
    _offset = 10 * (int(_WORKER.removeprefix("gw")) + 1)
    _test = Stack.for_profile("test")
    os.environ["LICHTRUC_TEST_PG_PORT"] = str(_test.postgres.port + _offset)
    os.environ["LICHTRUC_TEST_KAFKA_PORT"] = str(_test.kafka.port + _offset)
    os.environ["LICHTRUC_TEST_DATA_DIR"] = str(_test.postgres.data_dir.parent / _WORKER)

# Settings read their keys from the environment, in this process and in the services the
# end-to-end tests start; so does roster's password hashing cost (support.py says why).
os.environ.update(AUTH_ENV)
os.environ.update(CHEAP_PASSWORD_HASHING)

# No property test checks how fast an example runs, and the machine is shared: Hypothesis' default 200 ms deadline
# per example failed a pure one (notifier's quiet hours) on a loaded machine (2026-12-06). Loaded here, before any
# test module, so that every `settings(...)` of theirs starts from it.
settings.register_profile("lichtruc", deadline=None)
settings.load_profile("lichtruc")


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


# --- a hung test says where its coroutines wait (see hang_watch.py) ---------------------------


def _timeout_of(item: pytest.Item) -> float:
    marker = item.get_closest_marker("timeout")
    if marker is not None and marker.args:
        return float(marker.args[0])
    return float(item.config.getoption("timeout", None) or item.config.getini("timeout") or 0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    timeout = _timeout_of(item)
    if timeout <= hang_watch.GRACE_SECONDS:
        return (yield)
    with hang_watch.Watchdog(timeout - hang_watch.GRACE_SECONDS, item.nodeid):
        return (yield)


# --- no codes or UUIDs in Vietnamese messages (see message_scan.py) ---------------------------

import message_scan  # noqa: E402

message_scan.install()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports for the whole run
        workeroutput["message_scan"] = message_scan.snapshot()
        return
    found = message_scan.report()
    if found and not os.environ.get("LICHTRUC_ALLOW_MESSAGE_LEAKS"):
        print("\n" + found)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """xdist's controller: a worker finished; add what it scanned."""
    scanned = getattr(node, "workeroutput", {}).get("message_scan")
    if scanned is not None:
        message_scan.merge(scanned)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    s = message_scan.seen
    terminalreporter.write_line(
        f"messages scanned: {s['problems']} problems, {s['warnings']} warnings, "
        f"{s['messages']} Vietnamese messages; leaks: {len(message_scan.leaks)}"
    )
    found = message_scan.report()
    if found:
        terminalreporter.write_line(found, red=True)


# --- which tests run together in one worker (`--dist loadscope`) ----------------------------------

# Packages whose costlier fixtures (several processes, a browser, a demo load) their modules share.
ONE_WORKER_PACKAGES = ("tests/portal/", "tests/fuzz/", "tests/roster/demo/")
# Handed out first, the longest first, so that no worker is left alone with one of them at the end.
LONGEST_FIRST = ("tests/portal/", "tests/fuzz/", "tests/e2e/", "tests/roster/demo/")


class ModuleOrPackageScheduling(LoadScopeScheduling):
    """xdist's loadscope (a module's tests in one worker: its module-scoped app and database are made
    once), with each of `ONE_WORKER_PACKAGES` one unit, and the units in the collection's order (see
    `pytest_collection_modifyitems`) rather than by their number of tests. The scope comes from the
    node id alone: xdist's own `xdist_group` mark renames `Node._nodeid`, which pytest 9.2 no longer reads."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        config.option.loadscopereorder = False

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return next((package for package in ONE_WORKER_PACKAGES if path.startswith(package)), path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling | None:
    return ModuleOrPackageScheduling(config, log) if config.getvalue("dist") == "loadscope" else None


def _rank(nodeid: str) -> int:
    return next((n for n, prefix in enumerate(LONGEST_FIRST) if nodeid.startswith(prefix)), len(LONGEST_FIRST))


def _browser_last(item: pytest.Item) -> int:
    """1 for a portal test in a browser: they run after the portal's other tests, so that one Playwright driver
    serves them all (tests/portal/conftest.py, `_Driver`); 0 for any other test."""
    return int(item.nodeid.startswith("tests/portal/") and "browser" in getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a worker of `pytest -n`: `LONGEST_FIRST` first (every worker sorts alike, as xdist requires). In any run,
    the portal's browser tests after its others (`_browser_last`); the sorts are stable, each module's tests stay
    in their order."""
    if _WORKER:
        items.sort(key=lambda item: (_rank(item.nodeid), _browser_last(item)))
    else:
        items.sort(key=_browser_last)
