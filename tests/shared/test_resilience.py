"""What every service does when its surroundings fail: a database that blinks is a 503 with
`Retry-After` (never a 500) and the service recovers by itself; readiness says what an
orchestrator needs (roster takes writes while Kafka is down; the consumers do not); and a
worker sheds requests beyond its limit at once instead of queueing them."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from audit.app import create_app as create_audit
from audit.settings import AuditSettings
from lichtruc.failures import database_unreachable
from lichtruc.web import InFlightLimit
from notifier.app import create_app as create_notifier
from notifier.settings import NotifierSettings
from roster.app import create_app as create_roster
from roster.settings import RosterSettings
from support import eventually, free_port, running

SERVICES: dict[str, tuple[Callable[..., FastAPI], Callable[..., Any], str]] = {
    # service: (app factory, settings class, a read that needs the database)
    "roster": (create_roster, RosterSettings, "/campaigns"),
    "notifier": (create_notifier, NotifierSettings, "/deliveries"),
    "audit": (create_audit, AuditSettings, "/log"),
}


def make_app(service: str, database_url: str, kafka: str, topic_prefix: str, **overrides) -> FastAPI:
    factory, settings_class, _ = SERVICES[service]
    settings = settings_class(
        database_url=database_url, kafka_bootstrap_servers=kafka, topic_prefix=topic_prefix, log_json=False, **overrides
    )
    return factory(settings)


@contextlib.contextmanager
def database_refusing_connections(postgres_server, database_url: str) -> Iterator[None]:
    """The database turns every connection away (as while it restarts), and drops the open ones."""
    name = urlsplit(database_url).path.lstrip("/")
    postgres_server.psql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        postgres_server.psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        yield
    finally:
        postgres_server.psql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


# --- a database blip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_a_database_blip_is_a_503_with_retry_after_and_passes(
    service, postgres_server, new_database, kafka, topic_prefix
) -> None:
    database_url = new_database(service)
    path = SERVICES[service][2]
    async with running(make_app(service, database_url, kafka, topic_prefix)) as client:
        assert (await client.get(path)).status_code == 200

        with database_refusing_connections(postgres_server, database_url):
            response = await client.get(path)
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "1"
            assert response.headers["content-type"] == "application/problem+json"
            problem = response.json()
            assert problem["type"].endswith("/database-unavailable")
            assert "nothing was changed" in problem["detail"] and "thử lại" in problem["detail_vi"]
            readiness = await client.get("/readyz")
            assert readiness.status_code == 503
            assert readiness.json()["checks"]["database"].startswith("unavailable")

        async def answers() -> bool:
            return (await client.get(path)).status_code == 200

        await eventually(answers, timeout=10, what=f"{service} to answer again once the database is back")


async def test_a_write_during_a_blip_is_a_503_and_changes_nothing(
    postgres_server, new_database, kafka, topic_prefix
) -> None:
    database_url = new_database("roster")
    async with running(make_app("roster", database_url, kafka, topic_prefix)) as client:
        await client.get("/enterprises")  # migrated and pooled
        with database_refusing_connections(postgres_server, database_url):
            refused = await client.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"})
            assert refused.status_code == 503 and refused.headers["retry-after"] == "1", refused.text
        listed = await eventually(lambda: _ok(client.get("/enterprises")), timeout=10, what="roster to answer again")
        assert listed.json()["total"] == 0


async def _ok(request) -> httpx.Response | None:
    response = await request
    return response if response.status_code == 200 else None


def test_what_counts_as_the_database_being_unavailable() -> None:
    from sqlalchemy.exc import DBAPIError, IntegrityError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    class Driver(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    def failed(sqlstate: str, statement: str | None = "SELECT 1") -> DBAPIError:
        return DBAPIError(statement, {}, Driver(sqlstate))

    assert database_unreachable(ConnectionRefusedError(111, "Connect call failed"))
    assert database_unreachable(PoolTimeout("QueuePool limit of size 10 overflow 10 reached"))
    for sqlstate in ("57P01", "57P02", "57P03", "08006", "08003", "53300"):
        assert database_unreachable(failed(sqlstate)), sqlstate
    assert database_unreachable(failed("55000", statement=None))  # refused while connecting
    assert not database_unreachable(failed("22021"))  # a NUL in text: the request's fault
    assert not database_unreachable(IntegrityError("INSERT", {}, Driver("23505")))
    assert not database_unreachable(ValueError("no"))
    wrapped = RuntimeError("while applying")
    wrapped.__cause__ = ConnectionResetError()
    assert database_unreachable(wrapped)


async def test_an_error_is_answered_inside_the_app_not_raised_to_the_server_as_well() -> None:
    """The driver's own errors (statements sent to asyncpg directly) and SQLAlchemy's disconnection
    error are answered 503 like SQLAlchemy's wrapped ones, any other error 500, and none is raised on
    to the server: Starlette raises what only the catch-all handler answered, and the server then
    logged every 503 of a database restart as a crash, with its traceback, and closed the connection
    after every 500."""
    import asyncpg.exceptions as pg
    from sqlalchemy.exc import DisconnectionError, InvalidRequestError

    from lichtruc.problems import install_problem_handlers

    failures: dict[str, Exception] = {
        "mid-statement": pg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        "found-closed": pg.InterfaceError("connection is closed"),
        "shutting-down": pg.AdminShutdownError("terminating connection due to administrator command"),
        "checkout": DisconnectionError("the pooled connection is closed"),
        "duplicate": pg.UniqueViolationError("duplicate key value violates unique constraint"),
        "misuse": InvalidRequestError("a bug in the caller"),
        "bug": ValueError("a bug in a handler"),
    }
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/{name}")
    async def fail(name: str) -> None:
        raise failures[name]

    # The transport raises into the client whatever the app raises on to the server.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        answers = {name: await client.get(f"/{name}") for name in failures}
    for name in ("mid-statement", "found-closed", "shutting-down", "checkout"):
        response = answers[name]
        assert response.status_code == 503 and response.headers["retry-after"] == "1", (name, response.text)
        assert response.json()["type"].endswith("/database-unavailable"), response.text
        assert "Retry" in response.json()["detail"] and response.json()["detail_vi"], response.text
    for name in ("duplicate", "misuse", "bug"):
        assert answers[name].status_code == 500, (name, answers[name].text)
        assert answers[name].json()["type"].endswith("/internal") and "nothing was changed" in answers[name].text


async def test_after_a_500_the_server_keeps_the_connection_and_answers_the_next_request_on_it() -> None:
    """Through a real server (uvicorn with httptools, as deployed): an error that became a 500 used to
    be raised on to the server as well, which then closed the keep-alive connection without saying
    so, and a client's next request on it failed with a reset."""
    import uvicorn

    from lichtruc.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/bug")
    async def bug() -> None:
        raise ValueError("a bug in a handler")

    @app.get("/fine")
    async def fine() -> dict[str, bool]:
        return {"fine": True}

    async def answer(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length = next(int(line.split(b":")[1]) for line in lines if line.lower().startswith(b"content-length:"))
        return lines[0], await reader.readexactly(length)

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", http="httptools", lifespan="off"))
    serving = asyncio.create_task(server.serve())
    try:
        await eventually(lambda: _done(server.started), what="the server to listen")
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        statuses = []
        for path in ("/bug", "/fine"):
            writer.write(f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
            await writer.drain()
            status, body = await asyncio.wait_for(answer(reader), timeout=10)
            statuses.append(status)
        writer.close()
        assert statuses == [b"HTTP/1.1 500 Internal Server Error", b"HTTP/1.1 200 OK"], statuses
        assert body == b'{"fine":true}'
    finally:
        server.should_exit = True
        await serving


async def _done(value: bool) -> bool:
    return value


# --- readiness -----------------------------------------------------------------------------------------


async def test_without_kafka_roster_is_ready_and_the_consumers_are_not(new_database, topic_prefix) -> None:
    nowhere = f"127.0.0.1:{free_port()}"  # no broker listens there
    for service in ("roster", "notifier", "audit"):
        async with running(make_app(service, new_database(service), nowhere, topic_prefix)) as client:
            readiness = await eventually(lambda: _answered(client), what=f"{service}'s database check")
            body = readiness.json()
            assert body["checks"]["database"] == "ok"
            assert body["checks"]["kafka"].startswith("unavailable")
            if service == "roster":  # it takes writes: the outbox holds their events
                assert readiness.status_code == 200, body
                assert body["status"] == "degraded"
                assert _backlog(body) == {"pending": 0, "oldest_pending_at": None, "parked": 0}
            else:  # it cannot consume: take it out of rotation
                assert readiness.status_code == 503, body
                assert "kafka" in body["detail"] and "Kafka" in body["detail_vi"]
            if service == "audit":  # it publishes through an outbox too
                assert _backlog(body) == {"pending": 0, "oldest_pending_at": None, "parked": 0}


def _backlog(body: dict) -> dict:
    """The outbox's part of /readyz, but for whether its relay listens for commits yet (it may not
    have connected in time for the first answer)."""
    outbox = dict(body["outbox"])
    assert isinstance(outbox.pop("listening"), bool)
    return outbox


async def _answered(client: httpx.AsyncClient) -> httpx.Response | None:
    response = await client.get("/readyz")
    return response if response.json()["checks"]["database"] == "ok" else None


# --- back-pressure ---------------------------------------------------------------------------------------


def slow_app(limit: int) -> tuple[FastAPI, asyncio.Event, list[int]]:
    app = FastAPI()
    release = asyncio.Event()
    entered: list[int] = []

    @app.get("/slow")
    async def slow() -> dict[str, str]:
        entered.append(1)
        await release.wait()
        return {"status": "done"}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(InFlightLimit, limit=limit)
    return app, release, entered


async def test_requests_beyond_the_limit_are_refused_at_once_not_queued() -> None:
    app, release, entered = slow_app(limit=3)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        admitted = [asyncio.create_task(client.get("/slow")) for _ in range(3)]
        await eventually(lambda: _value(len(entered) == 3), what="three requests in flight")

        refused = await asyncio.wait_for(asyncio.gather(*(client.get("/slow") for _ in range(5))), timeout=5)
        assert [r.status_code for r in refused] == [503] * 5
        assert {r.headers["retry-after"] for r in refused} == {"1"}
        assert refused[0].headers["content-type"] == "application/problem+json"
        assert refused[0].json()["type"].endswith("/overloaded") and "detail_vi" in refused[0].json()
        assert len(entered) == 3  # the refused ones never reached the endpoint
        assert (await client.get("/healthz")).status_code == 200  # probes are not counted

        release.set()
        assert [r.status_code for r in await asyncio.gather(*admitted)] == [200] * 3
        assert (await client.get("/slow")).status_code == 200  # the slots are free again


def test_every_service_bounds_its_requests_in_flight(topic_prefix) -> None:
    for service in SERVICES:
        app = make_app(
            service,
            "postgresql+asyncpg://postgres@127.0.0.1:1/unused",
            "127.0.0.1:1",
            topic_prefix,
            max_in_flight_requests=7,
        )
        [limit] = [m for m in app.user_middleware if m.cls is InFlightLimit]  # type: ignore[comparison-overlap]  # starlette types cls as a factory protocol
        assert limit.kwargs == {"limit": 7}
        default = make_app(service, "postgresql+asyncpg://postgres@127.0.0.1:1/unused", "127.0.0.1:1", topic_prefix)
        [limit] = [m for m in default.user_middleware if m.cls is InFlightLimit]  # type: ignore[comparison-overlap]  # as above
        assert limit.kwargs == {"limit": 10}  # the pool's steady size: each admitted request has a connection


# --- back-pressure on a real service -------------------------------------------------------------------


@contextlib.asynccontextmanager
async def enterprise_row_locked(database_url: str, enterprise_id: str) -> AsyncIterator[asyncpg.Connection]:
    """The test holds the enterprise's row FOR UPDATE: a site insert (its foreign key takes FOR KEY
    SHARE on that row) waits until the test lets go."""
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        transaction = conn.transaction()
        await transaction.start()
        await conn.execute("SELECT 1 FROM enterprises WHERE id = $1 FOR UPDATE", uuid.UUID(enterprise_id))
        try:
            yield conn
        finally:
            await transaction.rollback()
    finally:
        await conn.close()


async def waiting_on_locks(conn: asyncpg.Connection) -> int:
    """Backends of this database waiting for a lock (the snapshot is refreshed: `conn` is in a transaction)."""
    await conn.execute("SELECT pg_stat_clear_snapshot()")
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    )


async def timed(request: Awaitable[httpx.Response], started: float) -> tuple[httpx.Response, float]:
    response = await request
    return response, time.monotonic() - started


HELD = 3.0  # seconds the test holds the row every admitted request needs


async def test_fifty_clients_on_a_held_database_the_excess_is_shed_at_once_and_nothing_is_lost(
    new_database, kafka, topic_prefix
) -> None:
    """Roster with its default limits (pool 10 + 10, in flight 10): 50 clients create sites while
    the enterprise's row is locked, so every admitted request holds its connection and waits.
    The requests beyond the limit are answered 503 with Retry-After while the lock is still
    held (not queued behind it); the admitted ones complete once it is released; every refused
    one succeeds on retry: 50 sites, none twice."""
    database_url = new_database("roster")
    async with running(make_app("roster", database_url, kafka, topic_prefix)) as client:
        created = await client.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"})
        assert created.status_code == 201, created.text
        enterprise_id = created.json()["id"]

        def body(n: int) -> dict[str, str]:
            return {"enterprise_id": enterprise_id, "name": f"Trạm số {n}", "kind": "base_station"}

        async with enterprise_row_locked(database_url, enterprise_id) as lock:
            started = time.monotonic()
            calls = [asyncio.create_task(timed(client.post("/sites", json=body(n)), started)) for n in range(50)]

            async def shed_and_waiting() -> int | None:
                refused = sum(1 for c in calls if c.done() and c.result()[0].status_code == 503)
                waiting = await waiting_on_locks(lock)
                assert refused + waiting == 50, (
                    f"{refused} refused, {waiting} waiting on the lock; "
                    f"answers: {sorted(c.result()[0].status_code for c in calls if c.done())}"
                )
                return waiting

            admitted = await eventually(shed_and_waiting, timeout=30, what="the excess refused, the rest waiting")
            refused_calls = [c.result() for c in calls if c.done()]
            # Hold the lock for HELD seconds in all: the admitted requests wait for it all along.
            _, pending = await asyncio.wait(calls, timeout=max(0.0, HELD - (time.monotonic() - started)))
            assert len(pending) == admitted
            held = time.monotonic() - started
        # The lock is released (rolled back): the admitted requests go on.
        results = [await c for c in calls]

    assert admitted <= 10 and len(refused_calls) >= 40, (admitted, len(refused_calls))
    for response, latency in refused_calls:
        assert response.status_code == 503 and response.headers["retry-after"] == "1", response.text
        assert response.json()["type"].endswith("/overloaded") and "thử lại" in response.json()["detail_vi"]
        # Answered while the lock was still held (collected inside it, above): shed, not queued behind it. A bound of
        # a third of the hold failed once on a loaded machine (1.008 s against 3.01 s) and proved no more than this.
        assert latency < held, (latency, held)
    statuses = sorted(r.status_code for r, _ in results)
    assert statuses == [201] * admitted + [503] * (50 - admitted), statuses

    async with running(make_app("roster", database_url, kafka, topic_prefix)) as client:
        for n, (response, _) in enumerate(results):
            if response.status_code == 503:
                retried = await client.post("/sites", json=body(n))
                assert retried.status_code == 201, retried.text
        listed = (await client.get("/sites", params={"enterprise_id": enterprise_id, "limit": 100})).json()
    assert sorted(site["name"] for site in listed["items"]) == sorted(f"Trạm số {n}" for n in range(50))


async def test_a_request_that_waits_too_long_for_a_connection_is_a_503_not_a_queue(
    new_database, kafka, topic_prefix
) -> None:
    """Above the pool (in flight 30, pool 2 + 0, a 0.5 s pool timeout): the requests that find no
    connection wait at most the pool timeout, then are answered 503 database-unavailable with
    Retry-After; nothing of theirs is written."""
    database_url = new_database("roster")
    app = make_app(
        "roster",
        database_url,
        kafka,
        topic_prefix,
        max_in_flight_requests=30,
        database_pool_size=2,
        database_pool_overflow=0,
        database_pool_timeout_seconds=0.5,
    )
    async with running(app) as client:
        created = await client.post("/enterprises", json={"name": "Viettel Long An", "sector": "telecom"})
        assert created.status_code == 201, created.text
        enterprise_id = created.json()["id"]
        names = [f"Trạm chờ {n}" for n in range(6)]
        async with enterprise_row_locked(database_url, enterprise_id) as lock:
            started = time.monotonic()
            calls = [
                asyncio.create_task(
                    timed(
                        client.post("/sites", json={"enterprise_id": enterprise_id, "name": n, "kind": "base_station"}),
                        started,
                    )
                )
                for n in names
            ]

            async def timed_out() -> list[tuple[httpx.Response, float]] | None:
                done = [c.result() for c in calls if c.done()]
                return done if len(done) >= 4 and await waiting_on_locks(lock) >= 1 else None

            refused = await eventually(timed_out, timeout=30, what="the requests without a connection to time out")
            held = time.monotonic() - started
        results = [await c for c in calls]
        for response, latency in refused:
            assert response.status_code == 503 and response.headers["retry-after"] == "1", response.text
            assert response.json()["type"].endswith("/database-unavailable")
            assert latency < held
        written = [n for n, (r, _) in zip(names, results, strict=True) if r.status_code == 201]
        assert all(r.status_code in (201, 503) for r, _ in results) and len(written) <= 2
        listed = (await client.get("/sites", params={"enterprise_id": enterprise_id, "limit": 100})).json()
        assert sorted(site["name"] for site in listed["items"]) == sorted(written)


async def _value(value):
    return value


# --- words -----------------------------------------------------------------------------------------------


def test_a_paused_consumer_says_what_it_waits_for_and_since_when_in_both_languages() -> None:
    from datetime import UTC, datetime, timedelta

    from aiokafka.errors import KafkaConnectionError

    from lichtruc.failures import dependency_of
    from lichtruc.kafka import ConsumerHealth
    from lichtruc.web import not_ready_detail

    health = ConsumerHealth("lichtruc-audit")
    health.pause("ConnectionRefusedError applying …", waiting_for=dependency_of(ConnectionRefusedError(111, "refused")))
    health.paused_since = datetime(2027, 2, 5, 16, 40, tzinfo=UTC) - timedelta(seconds=0)
    en, vi = health.explain("en"), health.explain("vi")
    assert en.startswith("The consumer lichtruc-audit is paused on a transient failure: it waits for its PostgreSQL")
    assert "since 23:40 5 Feb 2027" in en and "Check that they run" not in en
    assert vi.startswith("Bộ tiêu thụ lichtruc-audit đang tạm dừng vì một lỗi tạm thời: đang chờ cơ sở dữ liệu")
    assert "từ 23:40 05/02/2027" in vi

    wrapped = RuntimeError("publishing")
    wrapped.__cause__ = KafkaConnectionError()
    assert dependency_of(wrapped) == "kafka" and dependency_of(ValueError("x")) == "database"

    detail, detail_vi = not_ready_detail(["database", "consumers"], {"consumers": (en, vi)})
    assert detail.startswith("Not reachable: database. ") and detail.endswith(en)
    assert detail_vi.startswith("Chưa kết nối được cơ sở dữ liệu: ") and detail_vi.endswith(vi)
    only_paused = not_ready_detail(["consumers"], {"consumers": (en, vi)})
    assert only_paused == (en, vi)


async def test_a_body_over_the_limit_is_refused_in_both_languages() -> None:
    from lichtruc.web import BodySizeLimit

    app = FastAPI()

    @app.post("/echo")
    async def echo() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(BodySizeLimit, max_bytes=10)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        refused = await client.post("/echo", content=b"x" * 11)
    assert refused.status_code == 413 and refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["detail"] == "The body exceeds 10 bytes: send less (split an import into several files)."
    assert problem["detail_vi"] == "Nội dung gửi lên vượt quá 10 byte: hãy gửi ít hơn (chia tệp nhập thành nhiều tệp)."
