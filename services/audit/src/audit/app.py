"""`create_app(settings)`: audit wired together."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from lichtruc import topics
from lichtruc.service import Runtime, create_service_app

from .api.routes import router
from .messaging import subscribers
from .settings import AuditSettings

DESCRIPTION = (
    "The inspectors' system of record: an append-only, hash-chained log of every roster event, "
    "coverage and gaps derived from it."
)
MIGRATIONS = Path(__file__).parent / "db" / "migrations"


def create_app(settings: AuditSettings | None = None) -> FastAPI:
    settings = settings or AuditSettings()
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)

    def setup(runtime: Runtime, app: FastAPI) -> None:
        subscribers.register(runtime, settings)

    return create_service_app(
        name="audit", description=DESCRIPTION, settings=settings, migrations=MIGRATIONS,
        own_topics=[roster_topic], routers=[router], setup=setup,
    )
