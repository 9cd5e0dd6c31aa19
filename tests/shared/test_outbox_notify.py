"""The outbox's trigger (lichtruc.outbox.add_outbox_notify_in_migration), on the real database of
each service that publishes: a transaction that inserted outbox rows rings `NOTIFY_CHANNEL` once,
when it commits; a rolled-back one never rings. (The relay that listens, across processes:
tests/roster/test_relay_role.py.)"""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from lichtruc.outbox import NOTIFY_CHANNEL


def _insert(n: int) -> str:
    rows = ", ".join(
        f"('{uuid.uuid4()}', 'lichtruc.roster.events.v1', 'k', 'lichtruc.test.v1', '{{}}')" for _ in range(n)
    )
    return f"INSERT INTO outbox (event_id, topic, key, event_type, payload) VALUES {rows}"


@pytest.mark.parametrize("service", ["roster", "audit"])
async def test_a_commit_that_wrote_outbox_rows_rings_once_and_a_rollback_never(service, new_database) -> None:
    dsn = new_database(service).replace("postgresql+asyncpg://", "postgresql://")
    listener, writer = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    heard: asyncio.Queue[str] = asyncio.Queue()
    try:
        await listener.add_listener(NOTIFY_CHANNEL, lambda _c, _pid, channel, _p: heard.put_nowait(channel))

        async with writer.transaction():
            await writer.execute(_insert(3))
            await writer.execute(_insert(2))  # a second statement of the same transaction
            await writer.execute("SELECT 1")  # a round trip the notification would have ridden on
            assert heard.empty(), "nothing is delivered before the commit"
        assert await asyncio.wait_for(heard.get(), timeout=10) == NOTIFY_CHANNEL

        rolled_back = writer.transaction()
        await rolled_back.start()
        await writer.execute(_insert(1))
        await rolled_back.rollback()
        async with writer.transaction():  # a later commit that wrote none rings nothing either
            await writer.execute("UPDATE outbox SET attempts = attempts")
        async with writer.transaction():  # the marker: a ring after it means none came before
            await writer.execute(_insert(1))
        assert await asyncio.wait_for(heard.get(), timeout=10) == NOTIFY_CHANNEL
        await listener.execute("SELECT 1")  # whatever was queued for the listener came before this answer
        assert heard.empty(), "one ring per committed transaction, none for the rolled-back one"
        assert await writer.fetchval("SELECT count(*) FROM outbox") == 6
    finally:
        await listener.close()
        await writer.close()
