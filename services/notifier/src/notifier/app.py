"""`create_app(settings)`: notifier wired together."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from lichtruc import topics
from lichtruc.service import Runtime, create_service_app

from .api.routes import router
from .messaging import subscribers
from .settings import NotifierSettings

DESCRIPTION = (
    "Keeps its own read model of who is on duty when, from roster's events; serves calendar feeds "
    "and sends reminders before each shift."
)
MIGRATIONS = Path(__file__).parent / "db" / "migrations"


def create_app(settings: NotifierSettings | None = None) -> FastAPI:
    settings = settings or NotifierSettings()
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)

    def setup(runtime: Runtime, app: FastAPI) -> None:
        subscribers.register(runtime, settings)

    return create_service_app(
        name="notifier", description=DESCRIPTION, settings=settings, migrations=MIGRATIONS,
        own_topics=[roster_topic], routers=[router], setup=setup,
    )
