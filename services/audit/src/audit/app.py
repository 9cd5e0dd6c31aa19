"""`create_app(settings)`: audit wired together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI

from lichtruc import topics
from lichtruc.outbox import OutboxRelay
from lichtruc.outbox import describe as describe_outbox
from lichtruc.service import Runtime, create_service_app

from .api import problems
from .api.policy import POLICY
from .api.routes import router
from .db.tables import outbox
from .domain.explanations import BODY_BYTES as EXPLANATION_BODY_BYTES
from .handlers import Context
from .handlers.context import StateCache
from .handlers.lag import KeptLag
from .handlers.log import sign_pending_head
from .handlers.replay import run_snapshotter
from .messaging import subscribers
from .messaging.lag import KafkaLag
from .settings import AuditSettings

DESCRIPTION = (
    "The inspectors' system of record: an append-only, hash-chained log of every roster event; the roster "
    "read model, live coverage and gaps derived from it (gap events published through an outbox); coverage "
    "as known at any record time; inspection findings."
)
MIGRATIONS = Path(__file__).parent / "db" / "migrations"


def create_app(settings: AuditSettings | None = None, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """The audit app. `clock` (default: the settings' clock — the wall clock, or LICHTRUC_CLOCK_OFFSET's test
    clock) stamps record times and decides which gaps are already over when found; tests pass their own."""
    settings = settings or AuditSettings()
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
    audit_topic = topics.with_prefix(settings.topic_prefix, topics.AUDIT_EVENTS)

    def setup(runtime: Runtime, app: FastAPI) -> None:
        relay = OutboxRelay(
            runtime.engine,
            runtime.broker,
            outbox,
            service="audit",
            batch_size=settings.outbox_batch_size,
            poll_seconds=settings.outbox_poll_seconds,
            connected=runtime.kafka_connected,
        )
        ctx = Context(
            sessions=runtime.sessions,
            clock=clock or settings.clock(),
            audit_topic=audit_topic,
            notify_relay=relay.notify,
            snapshot_every=settings.snapshot_every,
            states=StateCache(settings.replay_cache_states),
            log_key=settings.log_key(),
            daily_report_due=settings.daily_report_due,
        )
        app.state.relay = relay
        app.state.ctx = ctx
        problems.install(app)
        subscribers.register(runtime, settings, ctx)
        consumed = [(s.topic, s.group_id) for s in runtime.subscriptions]
        app.state.lag = KeptLag(KafkaLag(settings.kafka_bootstrap_servers, consumed))

    return create_service_app(
        name="audit",
        description=DESCRIPTION,
        settings=settings,
        migrations=MIGRATIONS,
        own_topics=[roster_topic, audit_topic],
        routers=[router],
        policy=POLICY,
        # An explanation's files (domain/explanations.py) come in one multipart body: its own, larger limit, so
        # that a file over MAX_FILE_BYTES is refused by name (413 naming it), not as a body; JSON stays at 1 MB.
        body_limit_for=lambda path: EXPLANATION_BODY_BYTES if path.endswith("/explanation") else 1_048_576,
        setup=setup,
        background=lambda runtime, app: [
            app.state.relay.run(),
            run_snapshotter(app.state.ctx),
            sign_pending_head(ctx=app.state.ctx),
            app.state.lag.closed_at_shutdown(),
        ],
        # Audit publishes through an outbox too: its backlog and parked rows in /readyz and /metrics.
        readiness_details=lambda runtime, app: lambda: describe_outbox(runtime.engine, outbox, app.state.relay),
    )
