"""The in-memory store: every repository of `db.ports` over plain Python state, for fast
service-layer tests (no database, no broker). Transactions are all-or-nothing: the state is
copied when one begins and put back if it fails; events reach `state.events` only on commit.

To add a repository: one line in `MemoryStore.repositories` (its rows in `state.py`).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from lichtruc.events import CloudEvent

from ..ports import IdempotentRequest, Outbox, Repositories, StoredKey, StoredResponse
from .accounts import MemoryAccounts, MemorySignIns
from .campaigns import MemoryCampaigns
from .department import MemoryDepartment
from .early_leaves import MemoryEarlyLeaves
from .enterprises import MemoryEnterprises
from .facts import MemoryFacts
from .hours import MemoryHours
from .incidents import MemoryIncidents
from .inspections import MemoryInspections
from .readiness import MemoryReadiness
from .reports import MemoryReports
from .shifts import MemoryBookings, MemoryShifts
from .sites import MemorySites
from .staff import MemoryStaff
from .state import BookingRow, MemoryState
from .swaps import MemoryRequirements, MemorySwaps

__all__ = ["BookingRow", "MemoryState", "MemoryStore"]


class MemoryOutbox:
    def __init__(self) -> None:
        self.pending: list[tuple[str, CloudEvent]] = []

    async def add(self, event: CloudEvent, *, topic: str) -> None:
        self.pending.append((topic, event))


class MemoryIdempotencyKeys:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    async def claim(self, request: IdempotentRequest, *, now: datetime, ttl: timedelta) -> StoredKey | None:
        found = self.state.idempotency.get(request.stored_key)
        if found is not None and found[0] >= now - ttl:
            return found[1]
        empty = StoredResponse(0, "", {})
        self.state.idempotency[request.stored_key] = (
            now,
            StoredKey(request.fingerprint, request.method, request.path, empty),
        )
        return None

    async def store(self, request: IdempotentRequest, response: StoredResponse) -> None:
        at, key = self.state.idempotency[request.stored_key]
        self.state.idempotency[request.stored_key] = (at, StoredKey(key.fingerprint, key.method, key.path, response))

    async def purge_expired(self, *, now: datetime, ttl: timedelta) -> int:
        old = [k for k, (at, _) in self.state.idempotency.items() if at < now - ttl]
        for k in old:
            del self.state.idempotency[k]
        return len(old)


class MemoryStore:
    def __init__(self, state: MemoryState | None = None) -> None:
        self.state = state or MemoryState()

    def repositories(self, outbox: Outbox) -> Repositories:
        """Every repository over the state (add a repository here with one line)."""
        return Repositories(
            shifts=MemoryShifts(self.state),
            bookings=MemoryBookings(self.state),
            swaps=MemorySwaps(self.state),
            early_leaves=MemoryEarlyLeaves(self.state),
            requirements=MemoryRequirements(self.state),
            idempotency=MemoryIdempotencyKeys(self.state),
            facts=MemoryFacts(self.state),
            outbox=outbox,
            campaigns=MemoryCampaigns(self.state),
            enterprises=MemoryEnterprises(self.state),
            sites=MemorySites(self.state),
            staff=MemoryStaff(self.state),
            accounts=MemoryAccounts(self.state),
            sign_ins=MemorySignIns(self.state),
            readiness=MemoryReadiness(self.state),
            hours=MemoryHours(self.state),
            inspections=MemoryInspections(self.state),
            daily_reports=MemoryReports(self.state),
            incidents=MemoryIncidents(self.state),
            department=MemoryDepartment(self.state),
        )

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[tuple[Repositories, Any]]:
        saved = copy.deepcopy(self.state.__dict__)
        outbox = MemoryOutbox()
        try:
            yield self.repositories(outbox), None
        except BaseException:
            self.state.__dict__.update(saved)
            raise
        self.state.events.extend(outbox.pending)

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[Repositories]:
        yield self.repositories(MemoryOutbox())
