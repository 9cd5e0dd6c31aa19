"""What every handler works with: the app's context, and the unit of work that owns one
transaction — the change, its outbox events and (for a POST with Idempotency-Key) the
stored response commit together or not at all.

The unit of work *is* the bundle of repositories (`db.ports.Repositories`): a handler reaches
storage as ``uow.shifts``, ``uow.campaigns``, ``uow.staff``, ``uow.accounts``… Queries read
through the same repositories (`reading`); signing in writes through them in a transaction that
emits no events (`writing`). The store behind it is Postgres
(`db.postgres.PgStore`) or, in the service-layer tests, memory (`db.memory.MemoryStore`); the
database's refusals (a concurrent double booking, a unique key, a serialization failure) come
out of the store as domain errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, time, timedelta
from typing import Any

from lichtruc import report_deadline
from lichtruc.events import ROSTER_SOURCE, EventData, encode, make_event

from ..db.ports import Repositories, Store
from ..db.postgres import PgStore, SessionFactory
from ..domain.errors import A_CHANGE, Named, TooLarge
from ..domain.shifts import RuleLimits
from .credentials import Credentials


@dataclass(frozen=True)
class Context:
    """What handlers need from the app: the database, the clock, the relay's doorbell, names,
    limits, and what signing in needs (hasher, signing key, throttles)."""

    sessions: SessionFactory
    clock: Callable[[], datetime]
    notify_relay: Callable[[], None]
    roster_topic: str
    limits: RuleLimits = field(default_factory=RuleLimits)
    import_max_rows: int = 2000
    import_max_bytes: int = 4_194_304
    idempotency_ttl: timedelta = timedelta(hours=24)
    list_max_limit: int = 500
    daily_report_due: time = report_deadline.DEFAULT_DUE
    """The local time on the next day by which a day's report is due (ROSTER_DAILY_REPORT_DUE)."""
    event_max_bytes: int = 1_048_576 - 16_384
    """The largest event a change may publish (ServiceSettings.event_max_bytes): a larger one is refused."""
    credentials: Credentials | None = None
    rewarn_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    """Set when a committed change queued shifts whose warnings are to be computed again (`run_rewarner`)."""
    store: Store | None = None
    """Where the repositories live; None: PostgreSQL through `sessions`."""

    def storage(self) -> Store:
        return self.store if self.store is not None else PgStore(self.sessions)


@dataclass
class UnitOfWork(Repositories):
    """One transaction: handlers change entities through the repositories and `emit` events;
    the owner commits."""

    ctx: Context = field(kw_only=True)
    now: datetime = field(kw_only=True)
    actor: str | None = field(default=None, kw_only=True)
    session: Any = field(default=None, kw_only=True)
    """The raw database session, for handlers not yet behind repositories (None in memory)."""
    emitted: int = field(default=0, kw_only=True)
    _actor_name: tuple[str | None] | None = field(default=None, init=False, repr=False)
    rewarns_queued: int = field(default=0, kw_only=True)
    """Shifts this transaction queued for their warnings to be computed again (`refresh_neighbours`)."""

    def knows_actor_name(self, name: str) -> None:
        """The actor's display name as the caller knows it (the access token's): `actor_name` reads no account."""
        self._actor_name = (name,)

    async def actor_name(self) -> str | None:
        """The display name of the account making this change (`actor` is its login), for the events whose mails
        say who made it; None for no account (an import, roster itself, a login no longer known). Read once."""
        if self._actor_name is None:
            named = await self.accounts.display_names({self.actor}) if self.actor else {}
            self._actor_name = (named.get(self.actor or ""),)
        return self._actor_name[0]

    async def emit(self, data: EventData, *, key: uuid.UUID | str, subject: str, named: Named = A_CHANGE) -> None:
        """Queue an event in this transaction's outbox (it leaves only if the transaction commits).

        An event larger than Kafka takes is refused here (TooLarge, 413, `named` says what was too
        large and what to do), so the change is not made: relayed, it would never leave."""
        event = make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=self.now, subject=subject)
        size = len(encode(event))
        if size > self.ctx.event_max_bytes:
            raise TooLarge(named, size, self.ctx.event_max_bytes)
        await self.outbox.add(event, topic=self.ctx.roster_topic)
        self.emitted += 1


@contextlib.asynccontextmanager
async def unit_of_work(
    ctx: Context, *, actor: str | None = None, actor_name: str | None = None
) -> AsyncIterator[UnitOfWork]:
    """Open a transaction; commit when the block ends normally, roll back on any error, then
    wake the outbox relay if events were written. `actor_name`: the actor's display name when the
    caller knows it (their access token's), so that no event of the change reads the account for it.

    A double booking that slipped past the handler's check (two requests at once) is refused
    by the store; it comes out as the same 409 Conflict, naming the shift that won.
    """
    async with ctx.storage().transaction() as (repos, session):
        uow = UnitOfWork(
            **{f.name: getattr(repos, f.name) for f in fields(Repositories)},
            ctx=ctx,
            now=ctx.clock(),
            actor=actor,
            session=session,
        )
        if actor_name is not None:
            uow.knows_actor_name(actor_name)
        yield uow
    if uow.emitted:
        ctx.notify_relay()
    if uow.rewarns_queued:
        ctx.rewarn_wakeup.set()


@contextlib.asynccontextmanager
async def reading(ctx: Context) -> AsyncIterator[Repositories]:
    """Repositories for a query (no change, no events)."""
    async with ctx.storage().reading() as repos:
        yield repos


@contextlib.asynccontextmanager
async def writing(ctx: Context) -> AsyncIterator[Repositories]:
    """One transaction without events (signing in): committed when the block ends normally —
    also when the block then answers with an error it returns rather than raises (a failed
    sign-in is counted); rolled back on an exception."""
    async with ctx.storage().transaction() as (repos, _session):
        yield repos
