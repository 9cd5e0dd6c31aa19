"""`create_app(settings)`: roster wired together."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from lichtruc import topics
from lichtruc.events import SYSTEM_ACTOR
from lichtruc.outbox import describe as describe_outbox
from lichtruc.service import Runtime, create_service_app
from lichtruc.web import ReadinessDetails

from .api import ROUTERS
from .api import problems as domain_problems
from .api.policy import POLICY
from .db.tables import outbox
from .handlers import Context
from .handlers.context import unit_of_work
from .handlers.credentials import Credentials
from .handlers.idempotency import purge_expired
from .handlers.shifts import rewarn_queued
from .handlers.sign_in import purge_expired_refresh_tokens
from .handlers.swaps import lapse_started
from .messaging.relay import wire_relay
from .settings import RosterSettings

log = logging.getLogger(__name__)

DESCRIPTION = (
    "Plans Tết duty: campaigns, enterprises, sites, staff, requirements and shifts. "
    "The only writer of roster facts; every committed change is published to Kafka through a transactional outbox."
)
MIGRATIONS = Path(__file__).parent / "db" / "migrations"
IMPORT_PATH = "/imports/"
MULTIPART_OVERHEAD = 64 * 1024


LAPSE_TURN = 100
"""Swap requests lapsed in one transaction."""


async def _housekeeping(ctx: Context, every: float = 600.0) -> None:
    """Forget idempotency keys past their time and refresh tokens past their expiry."""
    while True:
        try:
            async with ctx.sessions.begin() as session:
                purged = await purge_expired(session, now=ctx.clock(), ttl=ctx.idempotency_ttl)
                tokens = await purge_expired_refresh_tokens(session, now=ctx.clock())
            if purged:
                log.info("forgot %d idempotency key(s) older than %s", purged, ctx.idempotency_ttl)
            if tokens:
                log.info("forgot %d expired refresh token(s)", tokens)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("housekeeping (idempotency keys, refresh tokens) failed: %r", exc)
        await asyncio.sleep(every)


async def _rewarner(ctx: Context, every: float) -> None:
    """Compute again the rest warnings of the shifts a change could not (another transaction held them, see
    handlers/shifts.py `refresh_neighbours`): at once when a change of this worker's queued one, and every
    `every` seconds for those other workers queued or that were still held at the last turn."""
    while True:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(every):  # not wait_for: it could drop a cancellation (lichtruc.tasks)
                await ctx.rewarn_wakeup.wait()
        ctx.rewarn_wakeup.clear()
        try:
            while True:
                async with unit_of_work(ctx, actor=SYSTEM_ACTOR) as uow:
                    taken, changed = await rewarn_queued(uow, limit=REWARN_TURN)
                if changed:
                    log.info("rest warnings of %d queued shift(s) computed again, %d changed", taken, changed)
                if taken < REWARN_TURN:
                    break
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database away: the next turn tries again, the queue keeps them
            log.warning("computing queued rest warnings failed (they stay queued): %r", exc)


REWARN_TURN = 100
"""Queued shifts taken in one transaction."""


async def _lapser(ctx: Context, every: float) -> None:
    """Store as lapsed the swap requests still waiting when their shift began, each announced (SwapLapsed) for the
    notifier to tell the people it named. Lists read them lapsed from the start instant already (`Swap.as_of`); this
    is what makes it an event, within `every` seconds of it. Every worker may run it: each takes the requests no
    other transaction holds. Its first turn comes `every` seconds after the start, not at it: a worker's start (and a
    test's, which counts the statements a request sends) is left to the requests."""
    while True:
        await asyncio.sleep(every)
        try:
            while True:
                async with unit_of_work(ctx, actor=SYSTEM_ACTOR) as uow:
                    lapsed = await lapse_started(uow, limit=LAPSE_TURN)
                if lapsed:
                    log.info("%d swap request(s) lapsed: their shift began before a decision", lapsed)
                if lapsed < LAPSE_TURN:
                    break
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database away: the next turn finds them still waiting
            log.warning("lapsing swap requests whose shift began failed: %r", exc)


def create_app(settings: RosterSettings | None = None, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """Roster's app; `clock` replaces the settings' clock (the wall clock, or LICHTRUC_CLOCK_OFFSET's test
    clock) for the tests of check-in windows and swaps."""
    settings = settings or RosterSettings()
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
    upload_bytes = settings.import_max_bytes + MULTIPART_OVERHEAD
    credentials = Credentials.from_settings(settings)  # reads the signing key once: a new key takes a restart
    # Access tokens are checked by every service against the stack's clock (lichtruc.service), not a test's
    # injected one: they are stamped with it.
    credentials.token_clock = settings.clock()

    def setup(runtime: Runtime, app: FastAPI) -> None:
        relay = wire_relay(runtime, settings, roster_topic)
        app.state.relay = relay
        app.state.relay_runs = settings.relay == "in-process"
        app.state.ctx = Context(
            sessions=runtime.sessions,
            clock=clock or settings.clock(),
            notify_relay=relay.notify,
            roster_topic=roster_topic,
            limits=settings.rule_limits(),
            import_max_rows=settings.import_max_rows,
            import_max_bytes=settings.import_max_bytes,
            idempotency_ttl=timedelta(hours=settings.idempotency_ttl_hours),
            list_max_limit=settings.list_max_limit,
            daily_report_due=settings.daily_report_due,
            event_max_bytes=settings.event_max_bytes(),
            credentials=credentials,
        )
        domain_problems.install(app)

    return create_service_app(
        name="roster",
        description=DESCRIPTION,
        settings=settings,
        migrations=MIGRATIONS,
        own_topics=[roster_topic],
        routers=ROUTERS,
        policy=POLICY,
        max_body_bytes=settings.max_body_bytes,
        # JSON bodies are held to ROSTER_MAX_BODY_BYTES; spreadsheet uploads to their own, larger limit.
        body_limit_for=lambda path: upload_bytes if path.startswith(IMPORT_PATH) else settings.max_body_bytes,
        setup=setup,
        background=lambda runtime, app: [
            *([app.state.relay.run()] if settings.relay == "in-process" else []),
            _housekeeping(app.state.ctx),
            _rewarner(app.state.ctx, settings.rewarn_poll_seconds),
            _lapser(app.state.ctx, settings.lapse_poll_seconds),
        ],
        ready_without_kafka=True,  # writes go to the outbox and leave when Kafka is back
        readiness_details=_outbox_backlog,
    )


def create_relay_app(settings: RosterSettings | None = None) -> FastAPI:
    """`python -m roster relay`: only the outbox relay, for when the serving workers run with
    ROSTER_RELAY=off. It serves `/healthz`, `/readyz` (the database and Kafka: a relay that
    cannot reach Kafka publishes nothing, so it is not ready) with the backlog, and `/metrics`.
    Several relays may run: one publishes at a time (the relay's advisory lock)."""
    settings = settings or RosterSettings()
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)

    def setup(runtime: Runtime, app: FastAPI) -> None:
        app.state.relay = wire_relay(runtime, settings, roster_topic)
        app.state.relay_runs = True

    return create_service_app(
        name="roster",  # the same migrations, under the same lock, as the serving workers
        description="Roster's outbox relay: publishes committed roster changes to Kafka, in order.",
        settings=settings,
        migrations=MIGRATIONS,
        own_topics=[roster_topic],
        routers=[],
        policy={},
        setup=setup,
        background=lambda runtime, app: [app.state.relay.run()],
        readiness_details=_outbox_backlog,
    )


def _outbox_backlog(runtime: Runtime, app: FastAPI) -> ReadinessDetails:
    """What `/readyz` adds to the checks (Kafka's state among them): how many events wait in the
    outbox, and since when, and how many the relay parked because Kafka refuses them for their
    size (`lichtruc_outbox_parked` in `/metrics`; each is in the log and kept in the table)."""

    async def details() -> dict[str, Any]:
        # Whether the relay hears commits, where it runs in this process (set up after this is made).
        return await describe_outbox(runtime.engine, outbox, app.state.relay if app.state.relay_runs else None)

    return details
