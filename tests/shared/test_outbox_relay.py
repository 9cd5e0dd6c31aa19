"""The outbox relay's turn (lichtruc.outbox.OutboxRelay.publish_batch), on roster's real database with
a broker that records what it is given: committed rows leave in id order and are marked; a relay that
finds another's turn under way sends nothing; a row Kafka does not acknowledge stops the batch, the
rows before it marked and it counted; and a connection killed under the relay is not handed back to
the pool. (Across processes and with Kafka itself: tests/roster/test_relay_role.py,
test_outbox_survives_kafka_outage.py, test_oversized_events.py.)"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import pytest
from aiokafka.errors import MessageSizeTooLargeError

from lichtruc import db
from lichtruc.outbox import OutboxRelay
from roster.db.tables import outbox


class RecordingBroker:
    """What the relay hands to `KafkaBroker.publish`: the payloads in order; `refuse` names a payload
    whose acknowledgement fails."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.refuse: str | None = None
        self.too_large: str | None = None

    async def publish(self, body: bytes, **_: Any) -> asyncio.Future[None]:
        if body.decode() == self.too_large:  # as aiokafka's producer: refused at once, before it is queued
            raise MessageSizeTooLargeError(f"The message is {len(body)} bytes when serialized")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if body.decode() == self.refuse:
            future.set_exception(ConnectionError("the broker did not acknowledge"))
        else:
            self.sent.append(body.decode())
            future.set_result(None)
        return future


async def _queue(dsn: str, *payloads: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.executemany(
            "INSERT INTO outbox (event_id, topic, key, event_type, payload) "
            "VALUES ($1, 't', 'k', 'lichtruc.test.v1', $2)",
            [(uuid.uuid4(), p) for p in payloads],
        )
    finally:
        await conn.close()


async def _rows(dsn: str) -> list[tuple[str, bool, int, str | None]]:
    conn = await asyncpg.connect(dsn)
    try:
        found = await conn.fetch(
            "SELECT payload, published_at IS NOT NULL AS sent, attempts, last_error FROM outbox ORDER BY id"
        )
        return [(r["payload"], r["sent"], r["attempts"], r["last_error"]) for r in found]
    finally:
        await conn.close()


@pytest.fixture
async def relay_on(new_database):
    """(the database's asyncpg DSN, a relay on an engine of one connection, its broker)."""
    url = new_database("roster")
    engine = db.create_engine(url, pool_size=1, max_overflow=0)
    broker = RecordingBroker()
    relay = OutboxRelay(
        engine,
        broker,  # type: ignore[arg-type]
        outbox,
        service="roster",
        batch_size=3,
        poll_seconds=60,
        connected=asyncio.Event(),
    )
    try:
        yield url.replace("postgresql+asyncpg://", "postgresql://"), relay, broker
    finally:
        await engine.dispose()


async def test_committed_rows_leave_in_id_order_a_batch_at_a_time_and_are_marked(relay_on) -> None:
    dsn, relay, broker = relay_on
    await _queue(dsn, "a", "b", "c", "d")
    assert await relay.publish_batch() == 3  # batch_size
    assert await relay.publish_batch() == 1
    assert await relay.publish_batch() == 0
    assert broker.sent == ["a", "b", "c", "d"]
    assert await _rows(dsn) == [(p, True, 1, None) for p in "abcd"]


async def test_while_another_relay_has_its_turn_nothing_is_sent(relay_on) -> None:
    dsn, relay, broker = relay_on
    await _queue(dsn, "a")
    other = await asyncpg.connect(dsn)
    try:
        async with other.transaction():  # another relay's turn: the same lock, held in its transaction
            await other.execute("SELECT pg_advisory_xact_lock($1)", relay.lock_key)
            assert await relay.publish_batch() == 0
            assert broker.sent == []
        assert await relay.publish_batch() == 1
    finally:
        await other.close()
    assert broker.sent == ["a"]


async def test_an_unacknowledged_row_stops_the_batch_the_rows_before_it_stay_marked(relay_on) -> None:
    dsn, relay, broker = relay_on
    await _queue(dsn, "a", "b", "c")
    broker.refuse = "b"
    with pytest.raises(ConnectionError):
        await relay.publish_batch()
    rows = await _rows(dsn)
    assert [r[:3] for r in rows] == [("a", True, 1), ("b", False, 1), ("c", False, 0)]
    assert "did not acknowledge" in (rows[1][3] or "")
    broker.refuse = None
    assert await relay.publish_batch() == 2  # b again, then c (queued after b: its outcome was unknown)
    assert broker.sent[-2:] == ["b", "c"]
    assert [r[:3] for r in await _rows(dsn)] == [("a", True, 1), ("b", True, 2), ("c", True, 1)]


async def test_a_row_refused_for_its_size_is_parked_and_the_rows_queued_before_it_are_sent(relay_on) -> None:
    """The producer refuses a message too large before it is queued, after the batch's earlier rows were
    queued: those are sent and marked, the large one parked, the next turn goes on after it. (The first
    row of the batch used to be parked instead, with the large one's error, though Kafka had it.)"""
    dsn, relay, broker = relay_on
    await _queue(dsn, "a", "b", "big", "c")
    broker.too_large = "big"
    assert await relay.publish_batch() == 2
    rows = await _rows(dsn)
    assert [r[:3] for r in rows] == [("a", True, 1), ("b", True, 1), ("big", False, 1), ("c", False, 0)]
    assert "MessageSizeTooLargeError" in (rows[2][3] or "") and rows[0][3] is None
    conn = await asyncpg.connect(dsn)
    try:
        parked = await conn.fetch("SELECT payload FROM outbox WHERE parked_at IS NOT NULL")
    finally:
        await conn.close()
    assert [r["payload"] for r in parked] == ["big"]
    assert await relay.publish_batch() == 1  # c
    assert broker.sent == ["a", "b", "c"]


async def test_a_connection_killed_under_the_relay_is_replaced_not_handed_back(relay_on) -> None:
    """The relay's statements go to asyncpg directly, past SQLAlchemy, which therefore cannot tell that
    their connection broke: the relay must drop it from the pool, or every later turn would fail on it
    (the pool holds one connection here). At most one turn fails."""
    dsn, relay, broker = relay_on
    await _queue(dsn, "a")
    assert await relay.publish_batch() == 1
    admin = await asyncpg.connect(dsn)
    try:
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await admin.close()
    assert killed == 1, "the relay's pooled connection was open"
    await _queue(dsn, "b")
    # The pool replaces a connection asyncpg has seen closed at checkout (lichtruc.db.create_engine);
    # one it has not seen closed yet fails the turn, and the relay drops it: the next turn publishes.
    try:
        published = await relay.publish_batch()
    except (asyncpg.PostgresError, asyncpg.InterfaceError, ConnectionError):
        published = await relay.publish_batch()
    assert published == 1
    assert broker.sent == ["a", "b"]
