"""`make run`'s demonstration data in a roster process of the tests' own: the process, with the
administrator made by roster's CLI, and a load of the data (see `demo_roster` in conftest.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from devstack import local_http
from devstack.demo import load_demo_data, sign_in
from devstack.keys import ADMIN_LOGIN, DevCredentials
from devstack.run import create_admin
from devstack.services import ServiceProcess, service_env
from lichtruc.clock import OFFSET_VARIABLE, Clock, wall_clock
from support import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, free_port

DEMO_CREDENTIALS = DevCredentials(TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, admin_password="demo-admin-password-2027")


@contextlib.contextmanager
def demo_roster_process(
    database_url: str,
    kafka: str,
    topic_prefix: str,
    log_file: Path,
    *,
    clock_offset: float | None = None,
    admin: bool = True,
) -> Iterator[str]:
    """A roster process (`python -m roster serve`) with the administrator made by roster's CLI, as
    `make run` does (unless `admin` is False: a copy of a database that has one), on the wall clock or moved by
    `clock_offset` seconds (LICHTRUC_CLOCK_OFFSET, as `make run` sets it); yields its URL."""
    env = service_env("roster", database_url=database_url, kafka=kafka, topic_prefix=topic_prefix)
    if clock_offset is not None:
        env[OFFSET_VARIABLE] = str(clock_offset)
    service = ServiceProcess(name="roster", port=free_port(), env=env, log_file=log_file)
    try:
        service.start()
        service.wait_ready()
        if admin:
            create_admin(service, DEMO_CREDENTIALS)
        yield service.url
    finally:
        service.stop()


def signed_in(roster_url: str, login: str = ADMIN_LOGIN, **kwargs: Any) -> httpx.Client:
    """A client of the roster signed in as `login` (the administrator unless told), with the demo's
    password, which the demo's accounts share."""
    token = sign_in(roster_url, login, DEMO_CREDENTIALS.admin_password)
    return local_http.signed(roster_url, token, **kwargs)


@dataclass(frozen=True)
class LoadedDemo:
    """A roster process holding the demonstration data, what its first load printed, and the process's clock."""

    url: str
    first_load: str
    clock: Clock = wall_clock

    def load_again(self) -> None:
        load_demo_data(self.url, login=ADMIN_LOGIN, password=DEMO_CREDENTIALS.admin_password, now=self.clock())
