"""`create_app(settings)`: roster wired together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI

from lichtruc import topics
from lichtruc.events import CloudEvent
from lichtruc.outbox import OutboxRelay
from lichtruc.service import Runtime, create_service_app

from .api.routes import router
from .db.tables import outbox
from .handlers import Context
from .settings import RosterSettings

DESCRIPTION = (
    "Plans Tết duty: campaigns, enterprises, sites, staff, requirements and shifts. "
    "The only writer of roster facts; every committed change is published to Kafka through a transactional outbox."
)
MIGRATIONS = Path(__file__).parent / "db" / "migrations"


def create_app(settings: RosterSettings | None = None) -> FastAPI:
    settings = settings or RosterSettings()
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)

    def setup(runtime: Runtime, app: FastAPI) -> None:
        # Declared so that AsyncAPI documents what roster publishes; the relay publishes the bytes.
        runtime.broker.publisher(roster_topic, schema=CloudEvent, title="roster events",
                                 description="Every committed roster change, keyed by enterprise id.")
        relay = OutboxRelay(runtime.engine, runtime.broker, outbox, service="roster",
                            batch_size=settings.outbox_batch_size,
                            poll_seconds=settings.outbox_poll_seconds, connected=runtime.kafka_connected)
        app.state.relay = relay
        app.state.ctx = Context(
            sessions=runtime.sessions,
            clock=lambda: datetime.now(UTC),
            notify_relay=relay.notify,
            roster_topic=roster_topic,
            max_shift_length=timedelta(hours=settings.max_shift_hours),
        )

    return create_service_app(
        name="roster",
        description=DESCRIPTION,
        settings=settings,
        migrations=MIGRATIONS,
        own_topics=[roster_topic],
        routers=[router],
        max_body_bytes=settings.max_body_bytes,
        setup=setup,
        background=lambda runtime, app: [app.state.relay.run()],
    )
