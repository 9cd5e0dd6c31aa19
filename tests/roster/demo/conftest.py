"""`make run`'s demonstration data, loaded once into a roster process for the tests of this package
that only read it (a load takes seconds); `make test` runs the package in one worker (tests/conftest.py)."""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import Iterator

import pytest

from devstack.cli import DEFAULT_AT
from devstack.demo import load_demo_data
from devstack.keys import ADMIN_LOGIN
from lichtruc.clock import offset_to, shifted_clock

from .demo_support import DEMO_CREDENTIALS, LoadedDemo, demo_roster_process


@pytest.fixture(scope="package")
def demo_roster(postgres_server, schema_template, kafka_server, tmp_path_factory) -> Iterator[LoadedDemo]:
    """The demonstration data, loaded once for the tests that only read it (a load takes seconds), on `make run`'s
    test clock (10:00 on mùng 2 Tết when roster starts); a test that changes it (the drill) loads it into a roster
    of its own."""
    offset = offset_to(DEFAULT_AT)
    clock = shifted_clock(offset)
    name = f"t_roster_demo_{uuid.uuid4().hex[:6]}"
    postgres_server.ensure_database(name, template=schema_template("roster"))
    log_file = tmp_path_factory.mktemp("demo-roster") / "roster.log"
    try:
        with demo_roster_process(
            postgres_server.url(name),
            kafka_server.bootstrap_servers,
            f"t{uuid.uuid4().hex[:10]}",
            log_file,
            clock_offset=offset,
        ) as url:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                load_demo_data(url, login=ADMIN_LOGIN, password=DEMO_CREDENTIALS.admin_password, now=clock())
            yield LoadedDemo(url, printed.getvalue(), clock)
    finally:
        postgres_server.drop_database(name)
