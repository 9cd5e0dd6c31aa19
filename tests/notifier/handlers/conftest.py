"""Service-layer tests: notifier's handlers over the in-memory repositories (no database, no Kafka)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from notifier_testkit import GIAO_THUA, FakeClock, settings_for

from lichtruc.events import CloudEvent
from notifier.db.memory import MemoryDatabase, MemoryState
from notifier.handlers import Context, LruCache
from notifier.handlers.events import make_apply


@dataclass
class World:
    db: MemoryDatabase
    clock: FakeClock
    ctx: Context

    @property
    def state(self) -> MemoryState:
        return self.db.state

    async def apply(self, *events: CloudEvent) -> None:
        consume = make_apply(self.ctx)
        for event in events:
            await consume(event, "test.roster.events")


def make_world(**settings: object) -> World:
    db = MemoryDatabase()
    clock = FakeClock(GIAO_THUA - timedelta(days=3))
    ctx = Context(
        settings=settings_for("postgresql+asyncpg://nobody@127.0.0.1:1/none", "127.0.0.1:1", "t", **settings),
        uow=db.uow,
        clock=clock,
        instance_id="replica-a",
        feed_cache=LruCache(8),
    )
    return World(db, clock, ctx)


@pytest.fixture
def world() -> World:
    return make_world()
