"""Helpers the tests share: waiting for a condition, running an app in-process with its
lifespan, and reading a topic with a plain aiokafka consumer (not the services' code)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI

from devstack.procs import free_port

# argon2id at its cheapest for every roster the tests start, in this process or as a process (tests/conftest.py puts
# it in the environment); production's cost stays tested: roster's CLI test hashes the first administrator's password
# with it.
from devstack.services import CHEAP_PASSWORD_HASHING as CHEAP_PASSWORD_HASHING
from devstack.services import ServiceProcess, service_env
from lichtruc.auth import Principal, Role, generate_keypair, issue_access_token

T = TypeVar("T")

# A property test draws `examples(n)` cases: n in a deep run (`make deep`: LICHTRUC_DEEP=1), half as many in
# `make test`, which issue 14 keeps within ten minutes on two cores (the heaviest of them took 46 s of its
# workers' time at full depth, 2026-12-05). Hypothesis tries the examples that failed before first (.hypothesis/),
# in either run.
DEEP = os.environ.get("LICHTRUC_DEEP") == "1"


def examples(n: int) -> int:
    return n if DEEP else max(10, n // 2)


def bench_script(name: str) -> ModuleType:
    """The script bench/`name`.py as a module, for tests of the benchmarks' own code (bench/ is not a package)."""
    path = Path(__file__).resolve().parents[1] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def present(value: T | None) -> T:
    """`value`, asserted to be there: for what a type allows to be None but the test expects."""
    assert value is not None
    return value


def duplicate_ids(markup: str) -> list[str]:
    """The ids that more than one element of an HTML page carries (a label's `for`, a link's #fragment and
    aria-describedby then find the first only), each once, in the page's order."""

    class Ids(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.seen += [value for name, value in attrs if name == "id" and value is not None]

    parser = Ids()
    parser.feed(markup)
    counts = Counter(parser.seen)
    return [i for i in dict.fromkeys(parser.seen) if counts[i] > 1]


# One key pair per test session: roster signs with the private half; every service verifies
# with the public half. conftest.py puts them in the environment the settings read.
# Audit signs its log's tree heads with a key pair of its own (one per session too).
TEST_PRIVATE_KEY, TEST_PUBLIC_KEY = generate_keypair()
TEST_LOG_PRIVATE_KEY, TEST_LOG_PUBLIC_KEY = generate_keypair()
AUTH_ENV = {
    "ROSTER_AUTH_PRIVATE_KEY": TEST_PRIVATE_KEY,
    "NOTIFIER_AUTH_PUBLIC_KEY": TEST_PUBLIC_KEY,
    "AUDIT_AUTH_PUBLIC_KEY": TEST_PUBLIC_KEY,
    "AUDIT_LOG_SIGNING_KEY": TEST_LOG_PRIVATE_KEY,
}


def principal(
    role: Role = "admin",
    *,
    enterprises: tuple[object, ...] = (),
    staff: object | None = None,
    name: str | None = None,
    account_id: str | None = None,
    display_name: str | None = None,
) -> Principal:
    return Principal(
        account_id=account_id or str(uuid.uuid4()),
        role=role,
        enterprise_ids=frozenset(str(e) for e in enterprises),
        staff_id=str(staff) if staff is not None else None,
        name=name or f"test-{role}",
        display_name=display_name,
    )


# Its token names it as roster's sign-in would ("dn"), so a change it makes reads no account for the name.
ADMIN = principal(
    "admin", name="admin@test", account_id="00000000-0000-4000-8000-00000000a001", display_name="Quản trị Thử"
)


def token(who: Principal, *, ttl: float = 3600) -> str:
    """An access token for `who`, signed as roster would sign it."""
    return issue_access_token(who, private_key_pem=TEST_PRIVATE_KEY, now=datetime.now(UTC), ttl=timedelta(seconds=ttl))


def auth(who: Principal | None = None, **kwargs: Any) -> dict[str, str]:
    """Headers for a request as `who` (or as principal(**kwargs))."""
    who = who or principal(**kwargs)
    return {"Authorization": f"Bearer {token(who)}"}


@contextlib.contextmanager
def service_processes(
    names: tuple[str, ...], *, new_database: Callable[[str], str], kafka: str, topic_prefix: str, logs: Any
) -> Iterator[dict[str, ServiceProcess]]:
    """The services as real processes (`python -m <name> serve`), each on a database of its own and
    this test's topic namespace, ready when yielded and stopped afterwards."""
    services = {}
    for name in names:
        env = service_env(name, database_url=new_database(name), kafka=kafka, topic_prefix=topic_prefix)
        env[f"{name.upper()}_CONSUMER_GROUP"] = f"{topic_prefix}-{name}"
        services[name] = ServiceProcess(name=name, port=free_port(), env=env, log_file=logs / f"{name}.log")
    try:
        for service in services.values():
            service.start()
        for service in services.values():
            service.wait_ready()
        yield services
    finally:
        for service in services.values():
            service.stop()


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, timeout: float = 30.0, interval: float = 0.1, what: str = "condition"
) -> T:
    """Call `probe` until it returns a truthy value without raising AssertionError; return that value."""
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while True:
        try:
            value = await probe()
            if value:
                return value
        except AssertionError as exc:
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last!r}")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def running(app: FastAPI, as_: Principal | None = ADMIN) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan (migrations, Kafka, background loops), and a client for it
    that calls as `as_` (an administrator unless told otherwise; None: no token)."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = auth(as_) if as_ is not None else {}
        async with httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers) as client:
            yield client


async def wait_ready(client: httpx.AsyncClient, timeout: float = 60.0) -> None:
    async def ready() -> bool:
        return (await client.get("/readyz")).status_code == 200

    await eventually(ready, timeout=timeout, what="/readyz to answer 200")


async def read_topic(
    bootstrap: str, topic: str, *, until: Callable[[list[ConsumerRecord]], bool], timeout: float = 30.0
) -> list[ConsumerRecord]:
    """Read `topic` from the beginning with a plain consumer until `until(records)` holds."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        deadline = time.monotonic() + timeout
        while not until(records):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out reading {topic}: got {len(records)} record(s)")
            batch = await consumer.getmany(timeout_ms=200)
            for recs in batch.values():
                records.extend(recs)
    finally:
        await consumer.stop()
    return records


async def produce(
    bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes, dict[str, Any] | None]]
) -> None:
    """Put raw messages (key, value, headers) on a topic, as any producer could."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value, headers in messages:
            hdrs = [(k, str(v).encode()) for k, v in (headers or {}).items()]
            await producer.send_and_wait(topic, value, key=key, headers=hdrs)
    finally:
        await producer.stop()
