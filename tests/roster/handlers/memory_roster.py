"""An in-memory roster for service-layer tests: the repositories of db/memory/ behind a unit of
work that records the events it would put in the outbox (no database, no Kafka)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lichtruc.events import EventData
from roster.db.accounts import AccountRepository, SignInRepository
from roster.db.campaigns import CampaignRepository
from roster.db.enterprises import EnterpriseRepository
from roster.db.memory.accounts import MemoryAccounts, MemorySignIns
from roster.db.memory.campaigns import MemoryCampaigns
from roster.db.memory.enterprises import MemoryEnterprises
from roster.db.memory.sites import MemorySites
from roster.db.memory.staff import MemoryStaff
from roster.db.sites import SiteRepository
from roster.db.staff import StaffRepository


@dataclass
class Emitted:
    data: EventData
    key: str
    subject: str


@dataclass
class MemoryRoster:
    """Every repository of one test, shared by its units of work; ``events`` is the outbox."""

    now: datetime = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    campaigns: MemoryCampaigns = field(default_factory=MemoryCampaigns)
    enterprises: MemoryEnterprises = field(default_factory=MemoryEnterprises)
    sites: MemorySites = field(default_factory=MemorySites)
    staff: MemoryStaff = field(init=False)
    accounts: MemoryAccounts = field(init=False)
    sign_ins: MemorySignIns = field(default_factory=MemorySignIns)
    credentials: Any = None  # a handlers.credentials.Credentials where a test signs in
    events: list[Emitted] = field(default_factory=list)
    border_calls: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        rows = self.enterprises.rows
        self.staff = MemoryStaff(lambda ident: rows[ident].name if ident in rows else "")
        people = self.staff.rows
        self.accounts = MemoryAccounts(lambda ident: people[ident].full_name if ident in people else "")

    def clock(self) -> datetime:
        return self.now

    def uow(self, actor: str | None = "tester") -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self, actor)

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[MemoryUnitOfWork]:
        yield MemoryUnitOfWork(self, None)

    writing = reading  # no transaction to commit: every change is in place at once

    def types(self) -> list[str]:
        return [e.data.event_type.split(".")[-2] for e in self.events]


class MemoryUnitOfWork:
    """What handlers use of a UnitOfWork: repositories, now, actor, emit (and the border defaults)."""

    def __init__(self, roster: MemoryRoster, actor: str | None) -> None:
        self.roster = roster
        self.now = roster.now
        self.actor = actor
        self.emitted = 0
        self.campaigns: CampaignRepository = roster.campaigns
        self.enterprises: EnterpriseRepository = roster.enterprises
        self.sites: SiteRepository = roster.sites
        self.staff: StaffRepository = roster.staff
        self.accounts: AccountRepository = roster.accounts
        self.sign_ins: SignInRepository = roster.sign_ins

    async def emit(self, data: EventData, *, key: uuid.UUID | str, subject: str) -> None:
        self.roster.events.append(Emitted(data, str(key), subject))
        self.emitted += 1

    async def border_defaults(self, **which: Any) -> None:
        self.roster.border_calls.append({k: v for k, v in which.items() if v is not None})
