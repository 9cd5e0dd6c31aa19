"""Service-layer tests: notifier's handlers over the in-memory repositories (no database, no Kafka)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from notifier_testkit import GIAO_THUA, Enterprise, FakeClock, Person, settings_for

from lichtruc.events import CloudEvent
from notifier.db.memory import MemoryDatabase, MemoryState
from notifier.handlers import Context, LruCache
from notifier.handlers.events import make_apply
from notifier.handlers.preferences import PreferencesIn, put_preferences


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


ENGLISH_MANAGER, VIETNAMESE_MANAGER, MAILBOX = (
    "TamTV@buudien-longan.vn",
    "hungnv@buudien-longan.vn",
    "truc-tet@buudien-longan.vn",
)
"""The managers' addresses of `post_office`: a manager who chose English on /me/reminders (typed in other case on
the enterprise than on her staff record), one who reads Vietnamese, and the duty mailbox no staff record has."""


async def post_office(world: World) -> Enterprise:
    """An enterprise of three managers' addresses (`ENGLISH_MANAGER`, `VIETNAMESE_MANAGER`, `MAILBOX`) and the
    two managers' staff records, both Vietnamese in roster: Phạm Thị Thúy Vy, who chose English here, and Nguyễn
    Văn Hùng. The settings' default language is Vietnamese."""
    post = Enterprise(
        world.clock, name="Bưu điện tỉnh Long An", manager_emails=(ENGLISH_MANAGER, VIETNAMESE_MANAGER, MAILBOX)
    )
    tam = Person.new("Phạm Thị Thúy Vy", email="tamtv@buudien-longan.vn")
    hung = Person.new("Nguyễn Văn Hùng", email=VIETNAMESE_MANAGER)
    await world.apply(post.registered(), post.staff(tam), post.staff(hung))
    chosen = PreferencesIn("en", ("email",), None, None, None, None)
    await put_preferences(ctx=world.ctx, staff_id=tam.staff_id, new=chosen)
    return post


def read_as(world: World, kind: str) -> dict[str, tuple[str | None, str]]:
    """The `kind` deliveries by address: (the name beside it, the language)."""
    return {
        d.recipient or "": (d.recipient_name, d.language) for d in world.state.deliveries.values() if d.kind == kind
    }


THREE_READERS = {
    ENGLISH_MANAGER: ("Phạm Thị Thúy Vy", "en"),
    VIETNAMESE_MANAGER: ("Nguyễn Văn Hùng", "vi"),
    MAILBOX: (None, "vi"),
}
