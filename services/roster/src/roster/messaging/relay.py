"""What roster publishes to Kafka, and the outbox relay that publishes it.

Every committed change is written to the `outbox` table in the transaction that made it
(lichtruc.outbox); the relay sends those rows, in order, as the exact bytes stored. The
publisher declared here sends nothing itself: it documents, in the AsyncAPI document, every
event type roster publishes (lichtruc.event_schema)."""

from __future__ import annotations

from lichtruc.event_schema import ROSTER_EVENTS, event_union
from lichtruc.outbox import OutboxRelay
from lichtruc.service import Runtime

from ..db.tables import outbox
from ..settings import RosterSettings


def wire_relay(runtime: Runtime, settings: RosterSettings, roster_topic: str) -> OutboxRelay:
    """Declare roster's publication on `roster_topic` and build the relay (run it in the background)."""
    runtime.broker.publisher(
        roster_topic,
        schema=event_union(ROSTER_EVENTS),
        title="roster events",
        description="Every committed roster change, keyed by enterprise id.",
    )
    return OutboxRelay(
        runtime.engine,
        runtime.broker,
        outbox,
        service="roster",
        batch_size=settings.outbox_batch_size,
        poll_seconds=settings.outbox_poll_seconds,
        connected=runtime.kafka_connected,
    )
