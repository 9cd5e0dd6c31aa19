"""An in-memory roster for service-layer tests: the one in-memory store (roster.db.memory) behind
the real Context and UnitOfWork, so every repository (shifts, campaigns, staff, accounts…) shares
one state (no database, no Kafka)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, cast

from lichtruc.events import CloudEvent, EventData
from roster.db.memory import MemoryState, MemoryStore
from roster.db.ports import Repositories
from roster.handlers import border
from roster.handlers.context import Context, UnitOfWork


@dataclass
class Emitted:
    data: EventData
    key: str
    subject: str | None


class RecordingStore(MemoryStore):
    """The in-memory store, noting each time a handler runs the border defaults (they run for
    real too: see `record_border_defaults`)."""

    def __init__(self, state: MemoryState) -> None:
        super().__init__(state)
        self.border_calls: list[dict[str, Any]] = []


async def record_border_defaults(uow: UnitOfWork, **which: Any) -> int:
    """`handlers.border.apply_border_defaults`, noting its arguments on a RecordingStore."""
    store = uow.ctx.store
    if isinstance(store, RecordingStore):
        store.border_calls.append({k: v for k, v in which.items() if v is not None})
    return await border.apply_border_defaults(uow, **which)


class CommittedOutbox:
    """An outbox whose events are committed at once: a test's unit of work changes the state in
    place (a refused command raises before it writes)."""

    def __init__(self, state: MemoryState) -> None:
        self.state = state

    async def add(self, event: CloudEvent, *, topic: str) -> None:
        self.state.events.append((topic, event))


@dataclass
class MemoryRoster:
    """One test's roster: its state, its clock, the Context handlers take (``ctx``) and its
    units of work (``uow()``)."""

    now: datetime = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    credentials: Any = None  # a Credentials where a test signs in
    state: MemoryState = field(default_factory=MemoryState)
    store: RecordingStore = field(init=False)

    def __post_init__(self) -> None:
        self.store = RecordingStore(self.state)

    def clock(self) -> datetime:
        return self.now

    @property
    def ctx(self) -> Context:
        return Context(
            sessions=cast(Any, None),
            clock=self.clock,
            notify_relay=lambda: None,
            roster_topic="roster",
            credentials=self.credentials,
            store=self.store,
        )

    def uow(self, actor: str | None = "tester") -> UnitOfWork:
        repos = self.store.repositories(CommittedOutbox(self.state))
        return UnitOfWork(
            **{f.name: getattr(repos, f.name) for f in fields(Repositories)}, ctx=self.ctx, now=self.now, actor=actor
        )

    @property
    def events(self) -> list[Emitted]:
        """The committed events, decoded."""
        return [Emitted(e.decoded(), e.partitionkey, e.subject) for _, e in self.state.events]

    @property
    def border_calls(self) -> list[dict[str, Any]]:
        return self.store.border_calls

    def types(self) -> list[str]:
        return [e.data.event_type.split(".")[-2] for e in self.events]
