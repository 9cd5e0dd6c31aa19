"""The unit of work: one transaction, and every repository working inside it.

``async with ctx.uow() as uow:`` begins a transaction; leaving the block commits it, an exception
rolls it back. ``uow.savepoint()`` nests one (a failing part is undone, the rest kept).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction, async_sessionmaker

from .check_ins import CheckInAlertRepository, PgCheckInAlerts
from .deadlines import DeadlineRepository, PgDeadlines
from .deliveries import DeliveryRepository, PgDeliveries
from .feeds import FeedRepository, PgFeeds
from .gaps import GapRepository, PgGaps
from .inbox import InboxRepository, PgInbox
from .incidents import LeaderRepository, PgLeaders
from .preferences import PgPreferences, PreferencesRepository
from .readmodel import PgReference, PgShifts, ReferenceRepository, ShiftRepository
from .reminders import PgReminders, ReminderRepository


class UnitOfWork(Protocol):
    feeds: FeedRepository
    preferences: PreferencesRepository
    shifts: ShiftRepository
    reference: ReferenceRepository
    reminders: ReminderRepository
    check_ins: CheckInAlertRepository
    deliveries: DeliveryRepository
    gaps: GapRepository
    inbox: InboxRepository
    incidents: LeaderRepository
    deadlines: DeadlineRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None: ...

    def savepoint(self) -> AbstractAsyncContextManager[Any]: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class PgUnitOfWork:
    feeds: FeedRepository
    preferences: PreferencesRepository
    shifts: ShiftRepository
    reference: ReferenceRepository
    reminders: ReminderRepository
    check_ins: CheckInAlertRepository
    deliveries: DeliveryRepository
    gaps: GapRepository
    inbox: InboxRepository
    incidents: LeaderRepository
    deadlines: DeadlineRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        self._transaction: AsyncSessionTransaction = self._session.begin()
        session = await self._session.__aenter__()
        await self._transaction.__aenter__()
        self.feeds = PgFeeds(session)
        self.preferences = PgPreferences(session)
        self.shifts = PgShifts(session)
        self.reference = PgReference(session)
        self.reminders = PgReminders(session)
        self.check_ins = PgCheckInAlerts(session)
        self.deliveries = PgDeliveries(session)
        self.gaps = PgGaps(session)
        self.inbox = PgInbox(session)
        self.incidents = PgLeaders(session)
        self.deadlines = PgDeadlines(session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        try:
            await self._transaction.__aexit__(exc_type, exc, tb)
        finally:
            await self._session.__aexit__(exc_type, exc, tb)
        return None

    def savepoint(self) -> AbstractAsyncContextManager[Any]:
        return self._session.begin_nested()

    @property
    def session(self) -> AsyncSession:
        """The transaction's session (for db.staged, which reads and writes a batch's rows in bulk)."""
        return self._session


def postgres(sessions: async_sessionmaker[AsyncSession]) -> UnitOfWorkFactory:
    """The unit-of-work factory over PostgreSQL sessions."""
    return lambda: PgUnitOfWork(sessions)
