"""`create_app(settings)`: notifier wired together."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from lichtruc.service import Runtime, create_service_app

from .api import problems, routers
from .api.policy import POLICY
from .db.uow import postgres
from .handlers import Clock, Context, LruCache
from .handlers.context import default_instance_id
from .handlers.scheduler import run_scheduler
from .messaging import subscribers
from .settings import NotifierSettings

DESCRIPTION = (
    "Keeps its own read model of who is on duty when, from roster's events; serves calendar feeds "
    "and sends reminders before each shift, and alerts managers of coverage gaps."
)
MIGRATIONS = Path(__file__).parent / "db" / "migrations"


def create_app(settings: NotifierSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The notifier app. `clock` (default: the settings' clock — the wall clock, or LICHTRUC_CLOCK_OFFSET's test
    clock) lets tests move time without sleeping."""
    settings = settings or NotifierSettings()
    holder: dict[str, Context] = {}

    def setup(runtime: Runtime, app: FastAPI) -> None:
        ctx = Context(
            settings=settings,
            uow=postgres(runtime.sessions),
            clock=clock or settings.clock(),
            # Each worker process is a replica of its own in leases and attempts.
            instance_id=(
                f"{settings.instance_id}-{os.getpid()}"
                if settings.instance_id and settings.workers > 1
                else settings.instance_id or default_instance_id()
            ),
            feed_cache=LruCache(settings.feed_cache_size),
        )
        holder["ctx"] = app.state.ctx = ctx
        problems.install(app)
        subscribers.register(runtime, settings, ctx)

    def background(runtime: Runtime, app: FastAPI) -> list:
        return [run_scheduler(holder["ctx"])] if settings.scheduler_enabled else []

    return create_service_app(
        name="notifier",
        description=DESCRIPTION,
        settings=settings,
        migrations=MIGRATIONS,
        own_topics=subscribers.topic_names(settings),
        routers=routers(),
        policy=POLICY,
        setup=setup,
        background=background,
    )
