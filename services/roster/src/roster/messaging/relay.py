"""The outbox relay: publishes committed event rows to Kafka, in order, then marks them sent.

Kafka being down delays events and never loses one: a row is marked sent only after
the broker acknowledged it (acks=all), and a row of a rolled-back transaction never
existed. A crash between publish and mark re-sends the row; consumers drop the
repeat by event id (inbox).
"""

from __future__ import annotations

import asyncio
import logging

from faststream.kafka import KafkaBroker
from sqlalchemy.ext.asyncio import AsyncEngine

from lichtruc.events import CONTENT_TYPE

from ..db import outbox

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(self, engine: AsyncEngine, broker: KafkaBroker, *, batch_size: int, poll_seconds: float,
                 connected: asyncio.Event) -> None:
        self.engine = engine
        self.broker = broker
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.connected = connected
        self.wakeup = asyncio.Event()

    def notify(self) -> None:
        """Called after a commit that wrote events, so they leave without waiting for the next poll."""
        self.wakeup.set()

    async def publish_batch(self) -> int:
        """Publish up to one batch; returns how many rows were sent (0 if none or not our turn).

        Rows sent before a failure are marked in the same transaction that records the
        failure, so a broker outage costs no duplicate of what already went out.
        """
        failure: Exception | None = None
        async with self.engine.begin() as conn:
            if not await outbox.try_lock_relay(conn):
                return 0
            rows = await outbox.pending(conn, self.batch_size)
            sent: list[int] = []
            for row in rows:
                try:
                    await self.broker.publish(
                        row.payload.encode("utf-8"), topic=row.topic, key=row.key.encode("utf-8"),
                        headers={"content-type": CONTENT_TYPE, "ce-type": row.event_type},
                    )
                except Exception as exc:  # noqa: BLE001 - Kafka down: keep what was sent, retry the rest
                    await outbox.mark_failed(conn, row.id, repr(exc))
                    failure = exc
                    break
                sent.append(row.id)
            if sent:
                await outbox.mark_published(conn, sent)
        if failure is not None:
            raise failure
        return len(sent)

    async def run(self) -> None:
        """Loop until cancelled: drain the outbox, then wait for a commit or the poll interval."""
        delay = self.poll_seconds
        while True:
            await self.connected.wait()
            try:
                while await self.publish_batch() == self.batch_size:
                    pass
                delay = self.poll_seconds
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001
                log.warning("outbox relay: publishing failed, retrying in %.1fs: %r", delay, exc)
                delay = min(max(delay, 0.5) * 2, 15.0)
            self.wakeup.clear()
            try:
                await asyncio.wait_for(self.wakeup.wait(), timeout=delay)
            except TimeoutError:
                pass
