"""The PostgreSQL store: one transaction over every repository, and the database's refusals
turned into domain errors here, once (a double booking that slipped past the rules because two
requests ran at once; a unique key taken concurrently; a serialization failure or deadlock)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc.events import CloudEvent, encode

from ..domain.errors import ConcurrentChange, Conflict
from . import lean
from .accounts import PgAccounts, PgSignIns
from .bookings import PgBookings, is_exclusion_violation, lost_race, sqlstate
from .campaigns import PgCampaigns
from .department import PgDepartment
from .early_leaves import PgEarlyLeaves
from .enterprises import PgEnterprises
from .facts import PgFacts
from .hours import PgHours
from .idempotency import PgIdempotencyKeys
from .incidents import PgIncidents
from .inspections import PgInspections
from .ports import Repositories
from .readiness import PgReadiness
from .reports import PgReports
from .requirements import PgRequirements
from .shifts import PgShifts
from .sites import PgSites
from .staff import PgStaff
from .swaps import PgSwaps

SessionFactory = async_sessionmaker[AsyncSession]

UNIQUE_VIOLATION = "23505"
RETRYABLE = {"40001": "serialization failure", "40P01": "deadlock"}


class PgOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event: CloudEvent, *, topic: str) -> None:
        """Held and sent with the transaction's other inserts (db/lean.py); the same row as `outbox.add`."""
        payload = encode(event).decode("utf-8")
        lean.hold(self.session, lean.INSERT_OUTBOX, (event.id, topic, event.partitionkey, event.type, payload))


def repositories(session: AsyncSession) -> Repositories:
    """Every repository over one session (add a repository here with one line)."""
    return Repositories(
        shifts=PgShifts(session),
        bookings=PgBookings(session),
        swaps=PgSwaps(session),
        early_leaves=PgEarlyLeaves(session),
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
        readiness=PgReadiness(session),
        hours=PgHours(session),
        inspections=PgInspections(session),
        daily_reports=PgReports(session),
        incidents=PgIncidents(session),
        department=PgDepartment(session),
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
                await lean.flush(session)  # the held inserts (db/lean.py), before the commit
        except IntegrityError as exc:
            if repos is not None and is_exclusion_violation(exc):
                bookings = repos.bookings if isinstance(repos.bookings, PgBookings) else None
                attempted, moved = (bookings.attempted, bookings.moved) if bookings else ([], [])
                raise await lost_race(self.sessions, attempted, moved) from exc
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
            raise ConcurrentChange(reason) from exc

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[Repositories]:
        async with self.sessions() as session:
            yield repositories(session)
