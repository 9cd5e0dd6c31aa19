"""The PostgreSQL store: one transaction over every repository, and the database's refusals
turned into domain errors here, once (a double booking that slipped past the rules because two
requests ran at once; a unique key taken concurrently; a serialization failure or deadlock)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc import outbox
from lichtruc.events import CloudEvent

from ..domain.errors import Conflict
from .accounts import PgAccounts, PgSignIns
from .bookings import PgBookings, is_exclusion_violation, lost_race, sqlstate
from .campaigns import PgCampaigns
from .enterprises import PgEnterprises
from .facts import PgFacts
from .idempotency import PgIdempotencyKeys
from .incidents import PgIncidents
from .ports import Repositories
from .reports import PgReports
from .requirements import PgRequirements
from .shifts import PgShifts
from .sites import PgSites
from .staff import PgStaff
from .swaps import PgSwaps
from .tables import outbox as outbox_table

SessionFactory = async_sessionmaker[AsyncSession]

UNIQUE_VIOLATION = "23505"
RETRYABLE = {"40001": "serialization failure", "40P01": "deadlock"}


class PgOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event: CloudEvent, *, topic: str) -> None:
        await outbox.add(self.session, outbox_table, event, topic=topic)


def repositories(session: AsyncSession) -> Repositories:
    """Every repository over one session (add a repository here with one line)."""
    return Repositories(
        shifts=PgShifts(session),
        bookings=PgBookings(session),
        swaps=PgSwaps(session),
        requirements=PgRequirements(session),
        idempotency=PgIdempotencyKeys(session),
        facts=PgFacts(session),
        outbox=PgOutbox(session),
        campaigns=PgCampaigns(session),
        enterprises=PgEnterprises(session),
        sites=PgSites(session),
        staff=PgStaff(session),
        accounts=PgAccounts(session),
        sign_ins=PgSignIns(session),
        daily_reports=PgReports(session),
        incidents=PgIncidents(session),
    )


class PgStore:
    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[tuple[Repositories, Any]]:
        repos: Repositories | None = None
        try:
            async with self.sessions.begin() as session:
                repos = repositories(session)
                yield repos, session
        except IntegrityError as exc:
            if repos is not None and is_exclusion_violation(exc):
                attempted = repos.bookings.attempted if isinstance(repos.bookings, PgBookings) else []
                raise await lost_race(self.sessions, attempted) from exc
            if sqlstate(exc) == UNIQUE_VIOLATION:  # a concurrent request took the same name, e-mail or year
                constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None) or "a unique key"
                # The Vietnamese message names no key: the constraint stays in its own field.
                raise Conflict(
                    "request",
                    "unique",
                    f"A concurrent request registered the same value ({constraint}) first: reload and retry.",
                    "Một yêu cầu đồng thời vừa ghi cùng giá trị trước: hãy tải lại và thử lại.",
                    constraint=constraint,
                ) from exc
            raise
        except DBAPIError as exc:
            reason = RETRYABLE.get(sqlstate(exc) or "")
            if reason is None:
                raise
            raise Conflict(
                "request",
                "concurrent-change",
                f"A concurrent change to the same data won ({reason}); nothing was changed: reload and retry.",
                "Một thay đổi đồng thời trên cùng dữ liệu đã được ghi trước; chưa có gì thay đổi: "
                "hãy tải lại và thử lại.",
            ) from exc

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[Repositories]:
        async with self.sessions() as session:
            yield repositories(session)
