"""A replica that dies while working through a batch repeats at most the one message it had in
flight: each delivery is recorded as sent right after its channel accepted it, in its own
transaction, and the rest of the batch was never claimed.

The channel is a hand-written fake that accepts messages and, at the chosen one, accepts it
and then "kills" the replica (cancels it, as a SIGKILL would stop it, before anything more
is written); the scheduler, the claim/send/mark protocol and the database are the real ones.
(`test_exactly_once.py` does the same with real processes and a real SMTP server.)
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import timedelta

from notifier_testkit import GIAO_THUA, FakeClock, settings_for
from sqlalchemy import select

from lichtruc import db
from notifier.app import MIGRATIONS
from notifier.db.tables import deliveries, delivery_attempts
from notifier.db.uow import postgres
from notifier.domain.deliveries import new_delivery
from notifier.domain.messages import Message
from notifier.handlers.context import Context
from notifier.handlers.deliveries import Senders
from notifier.handlers.scheduler import run_once

BATCH = 10
DUE = 25
LEASE_SECONDS = 60


class Channel:
    """An SMTP server as far as the scheduler can tell: keeps every message it accepts (by its
    Message-ID, i.e. the delivery id); `die_after` accepts that many more, then kills the sender."""

    def __init__(self) -> None:
        self.accepted: list[str] = []
        self.die_after: int | None = None

    async def send(self, message, *, recipient: str) -> str:
        self.accepted.append(message["Message-ID"])
        if self.die_after is not None:
            self.die_after -= 1
            if self.die_after == 0:
                raise asyncio.CancelledError  # accepted, and the replica is gone before it records it
        return "250 2.0.0 OK: queued"


async def statuses(sessions) -> Counter[str]:
    async with sessions() as session:
        return Counter((await session.execute(select(deliveries.c.status))).scalars())


async def test_a_replica_killed_mid_batch_repeats_at_most_the_message_in_flight(
    new_database, kafka, topic_prefix
) -> None:
    settings = settings_for(
        new_database("notifier"), kafka, topic_prefix, scheduler_batch_size=BATCH, delivery_lease_seconds=LEASE_SECONDS
    )
    engine = db.create_engine(settings.database_url)
    try:
        await db.migrate(engine, MIGRATIONS, service="notifier")
        sessions = db.session_factory(engine)
        clock = FakeClock(GIAO_THUA - timedelta(days=1))
        channel = Channel()
        senders = Senders(smtp=channel, webhook=None)  # type: ignore[arg-type]  # a fake channel, e-mail only here
        a = Context(settings=settings, uow=postgres(sessions), clock=clock, instance_id="replica-a")
        b = Context(settings=settings, uow=postgres(sessions), clock=clock, instance_id="replica-b")
        async with postgres(sessions)() as uow:
            await uow.deliveries.add(
                [
                    new_delivery(
                        now=clock.now,
                        kind="reminder",
                        dedupe_key=f"test:{i}",
                        channel="email",
                        recipient=f"can-bo-{i}@vnpt.vn",
                        recipient_name=f"Cán bộ {i}",
                        language="vi",
                        message=Message(f"Nhắc lịch trực {i}", "Ca trực đêm giao thừa"),
                    )
                    for i in range(DUE)
                ],
            )

        # A works through its first batch; the server accepts the 7th message and A dies.
        channel.die_after = 7
        task = asyncio.create_task(run_once(a, senders))
        try:
            await task
        except asyncio.CancelledError:
            pass
        assert task.cancelled()
        assert len(channel.accepted) == 7
        # The six before it are recorded; only the one in flight is still leased; nothing else was taken.
        assert await statuses(sessions) == Counter({"sent": 6, "sending": 1, "pending": DUE - 7})

        # B takes over; A's lease runs out while B works.
        channel.die_after = None
        while await run_once(b, senders):
            pass
        clock.advance(seconds=LEASE_SECONDS + 1)
        while await run_once(b, senders):
            pass
        assert await statuses(sessions) == Counter({"sent": DUE})

        copies = Counter(channel.accepted)
        assert len(copies) == DUE  # nothing lost
        repeated = [message_id for message_id, n in copies.items() if n > 1]
        assert len(repeated) == 1 and copies[repeated[0]] == 2  # at most the one in flight, once
        # ... and the attempts say so: A's attempt on it is interrupted, B's sent it.
        repeated_id = uuid.UUID(repeated[0].strip("<>").split("@")[0])
        async with sessions() as session:
            attempts = (
                await session.execute(
                    select(delivery_attempts.c.owner, delivery_attempts.c.outcome)
                    .where(delivery_attempts.c.delivery_id == repeated_id)
                    .order_by(delivery_attempts.c.attempt)
                )
            ).all()
        assert [tuple(x) for x in attempts] == [("replica-a", "interrupted"), ("replica-b", "sent")]
    finally:
        await engine.dispose()


async def test_a_batch_is_recorded_message_by_message(new_database, kafka, topic_prefix) -> None:
    """What the old protocol got wrong: all of a batch sent before any of it was recorded."""
    settings = settings_for(new_database("notifier"), kafka, topic_prefix, scheduler_batch_size=BATCH)
    engine = db.create_engine(settings.database_url)
    try:
        await db.migrate(engine, MIGRATIONS, service="notifier")
        sessions = db.session_factory(engine)
        clock = FakeClock(GIAO_THUA - timedelta(days=1))
        ctx = Context(settings=settings, uow=postgres(sessions), clock=clock, instance_id="replica-a")
        seen: list[Counter[str]] = []

        class Watching(Channel):
            async def send(self, message, *, recipient: str) -> str:
                seen.append(await statuses(sessions))  # what the database says as each message leaves
                return await super().send(message, recipient=recipient)

        async with postgres(sessions)() as uow:
            await uow.deliveries.add(
                [
                    new_delivery(
                        now=clock.now,
                        kind="reminder",
                        dedupe_key=f"test:{i}",
                        channel="email",
                        recipient=f"can-bo-{i}@vnpt.vn",
                        recipient_name=None,
                        language="vi",
                        message=Message("Nhắc lịch trực", "Ca trực"),
                    )
                    for i in range(4)
                ],
            )
        assert await run_once(ctx, Senders(smtp=Watching(), webhook=None)) is False  # type: ignore[arg-type]
        assert seen == [Counter({"sent": i, "sending": 1, "pending": 3 - i}) - Counter() for i in range(4)]
    finally:
        await engine.dispose()
