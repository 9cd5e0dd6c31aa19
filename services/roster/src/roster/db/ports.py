"""What the service layer asks of storage: one `typing.Protocol` per repository, the bundle of
repositories a unit of work carries (`Repositories`), and the `Store` that opens a transaction
or a read over them. Two implementations of each: Postgres (`db/<concept>.py`, assembled in
`db/postgres.py`) and in memory (`db/memory/`, for fast service-layer tests).

To add a repository: declare its Protocol (here, or in `db/<concept>.py` next to its Postgres
implementation) and one field in `Repositories`; add one line to `db/postgres.py::repositories` and one to
`db/memory/__init__.py::MemoryStore.repositories`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from lichtruc.events import CloudEvent
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import Visible

from ..domain.border import BorderSettings, BorderSite
from ..domain.early_leave import EarlyLeave
from ..domain.requirements import RequirementVersion, StaffingRequirement
from ..domain.shifts import Booking, CampaignFacts, Shift, SiteFacts, StaffFacts
from ..domain.swaps import Swap, SwapCandidate
from .accounts import AccountRepository, SignInRepository
from .campaigns import CampaignRepository
from .department import DepartmentRepository
from .enterprises import EnterpriseRepository
from .hours import HoursRepository
from .incidents import IncidentFilter as IncidentFilter  # re-exported: the handlers' filter
from .incidents import IncidentRepository
from .inspections import InspectionRepository
from .readiness import ReadinessRepository
from .reports import ReportRepository
from .sites import SiteRepository
from .staff import StaffRepository


@dataclass(frozen=True)
class ShiftFilter:
    """Which shifts a list shows (the time range selects shifts that overlap it)."""

    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None  # at the site, or covering it
    duty_type: str | None = None
    staff_id: uuid.UUID | None = None  # shifts this person is (or was) booked on
    overlaps_from: datetime | None = None
    overlaps_to: datetime | None = None
    ended_by: datetime | None = None  # shifts over by then (ending at or before it)
    statuses: tuple[str, ...] = ()
    ever_published: bool | None = None  # True: published at some time (its staff were told of it); False: never


@dataclass(frozen=True)
class ShiftsBeside:
    """Shifts asked for by id — those of them the caller may read, narrowed as a list is (`Visible`) — and
    every shift of their enterprises in one of some statuses overlapping one of them, each by start then id
    (an asked shift in those statuses is in both)."""

    asked: list[Shift]
    overlapping: list[Shift]


ShiftOrder = Literal["starts_at", "-starts_at"]
"""How a list of shifts is sorted: by start then id, earliest first, or (``-``) latest first."""


def shift_list_kind(order: ShiftOrder) -> str:
    """The name a list of shifts gives its cursors: one order's cursor does not page the other."""
    return "shifts" if order == "starts_at" else "shifts:latest-first"


@dataclass(frozen=True)
class Owners:
    """An item's enterprise and the people it is about; `draft`: a shift never published (still a draft, or
    a draft cancelled before anyone was told), which its people may not see (`lichtruc.scope.Visible.drafts`);
    `asker`: a swap's, the person who asked (the one handing over)."""

    enterprise_id: uuid.UUID
    people: frozenset[uuid.UUID]
    draft: bool = False
    asker: uuid.UUID | None = None


@dataclass(frozen=True)
class SwapFilter:
    shift_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None  # the swaps this person is part of
    status: str | None = None
    now: datetime | None = None
    """With it, `status` is read as of then: "requested" leaves out the waiting requests whose shift has begun,
    "lapsed" takes them in (`Swap.as_of`)."""


@dataclass(frozen=True)
class EarlyLeaveFilter:
    """Early-leave notices (`domain.early_leave`) of a shift, an enterprise or a person; `open_at`: only those still
    open then (stored open, their shift not ended by that moment: `EarlyLeave.as_of`)."""

    shift_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None
    open_at: datetime | None = None


@dataclass(frozen=True)
class CandidateQuery:
    """Who could take a shift over (`SwapRepository.candidates`): the enterprise's active staff holding
    `qualification`, none of `on_shift`, none booked (under any of their records, at any enterprise)
    on an active shift overlapping [starts_at, ends_at); each flagged whether they shared a shift
    with `asker` — one that had begun by `now` (a shift only scheduled together is no shared duty yet)."""

    enterprise_id: uuid.UUID
    qualification: str
    starts_at: datetime
    ends_at: datetime
    on_shift: frozenset[uuid.UUID]
    asker: uuid.UUID
    now: datetime


@dataclass(frozen=True)
class RequirementFilter:
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None
    duty_type: str | None = None
    include_removed: bool = False
    """Removed requirements too, each as it last was, with its removal."""


class ShiftRepository(Protocol):
    async def get(self, shift_id: uuid.UUID) -> Shift | None: ...

    async def lock(self, shift_id: uuid.UUID) -> Shift | None:
        """The shift, held against concurrent changes until the transaction ends."""
        ...

    async def try_lock_many(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        """Those of these shifts that exist and no other transaction holds, held as `lock` holds one, by id;
        one another transaction holds is left out at once (SKIP LOCKED), never waited for."""
        ...

    async def queue_rewarn(self, shift_ids: Iterable[uuid.UUID]) -> None:
        """Remember, in this transaction, that these shifts' rest warnings are to be computed again once no
        other transaction holds them (`try_lock_many` left them out); a shift queued already stays queued."""
        ...

    async def queued_rewarns(self, limit: int) -> list[uuid.UUID]:
        """Up to `limit` queued shifts, oldest first; held, so that two transactions never take the same one,
        and one another transaction takes is left out (SKIP LOCKED)."""
        ...

    async def drop_rewarns(self, shift_ids: Iterable[uuid.UUID]) -> None:
        """These shifts are no longer queued (when this transaction commits)."""
        ...

    async def add(self, shift: Shift) -> None: ...

    async def save(self, shift: Shift) -> None:
        """Write the shift's new state (its version is already the next one)."""
        ...

    async def drafts(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> list[Shift]:
        """An enterprise's drafts in a campaign, by start then id, held for publishing."""
        ...

    async def between(
        self,
        *,
        campaign_id: uuid.UUID,
        enterprise_id: uuid.UUID,
        starts_at: datetime,
        ends_at: datetime,
        handed_over: bool = False,
    ) -> list[Shift]:
        """The live (not cancelled) shifts overlapping [starts_at, ends_at), by start then id; `handed_over`: with the
        cancelled ones a live shift continues (handed over whole, nobody having come — the daily report's absent)."""
        ...

    async def continuing(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        """The live (not cancelled) shifts that took over these ones (`continues_shift_id`: a handover), by start
        then id."""
        ...

    async def continued(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        """The shifts these ones continue (`continues_shift_id`), any status, by id: whom a handover's taker took
        over from."""
        ...

    async def handovers(self, *, campaign_id: uuid.UUID, starts_at: datetime, ends_at: datetime) -> list[Shift]:
        """The live (not cancelled) shifts of the campaign that took over another (`continues_shift_id`: a handover)
        starting in [starts_at, ends_at) — a handover at its moment —, by start then id."""
        ...

    async def page(
        self, f: ShiftFilter, *, visible: Visible, page: PageRequest, order: ShiftOrder = "starts_at"
    ) -> Slice[Shift]:
        """Shifts matching `f` the caller may see, by start then id in `order` (keyset cursor), with the total."""
        ...

    async def beside(
        self, shift_ids: Collection[uuid.UUID], *, visible: Visible, statuses: Collection[str]
    ) -> ShiftsBeside:
        """These shifts the caller may read, and the shifts of their enterprises in `statuses` overlapping one of
        them — in one statement (the portal's page of cards asks for all its shifts at once)."""
        ...

    async def owners(self, shift_id: uuid.UUID) -> Owners | None:
        """The shift's enterprise, everyone booked on it (a cancelled shift keeps its people), and
        whether it was never published (a draft, or a draft cancelled before anyone was told)."""
        ...


class BookingRepository(Protocol):
    """People's places on shifts: the storage refuses one person on two overlapping active shifts
    (`DoubleBooked`, naming the shift that won) even when two transactions race."""

    async def near(
        self, staff_ids: Iterable[uuid.UUID], starts_at: datetime, ends_at: datetime, *, enterprise_id: uuid.UUID | None
    ) -> list[Booking]:
        """The active bookings of these people overlapping [starts_at, ends_at), under any of their
        linked staff records, at any enterprise (one at another enterprise names it; one on a draft says so)."""
        ...

    async def book(
        self, shift_id: uuid.UUID, staff_ids: Sequence[uuid.UUID], starts_at: datetime, ends_at: datetime
    ) -> None: ...

    async def unbook(self, shift_id: uuid.UUID, staff_ids: Iterable[uuid.UUID]) -> None: ...

    async def move(self, shift_id: uuid.UUID, starts_at: datetime, ends_at: datetime) -> None: ...

    async def release(self, shift_id: uuid.UUID) -> None:
        """The shift's people are free again (it is cancelled); the bookings stay, inactive."""
        ...

    async def check_in(self, shift_id: uuid.UUID, staff_id: uuid.UUID, at: datetime) -> None: ...


@dataclass(frozen=True)
class RuleFacts:
    """Everything the shift rules read about one shift, read at once (`FactsRepository.for_rules`)."""

    enterprise_name: str | None  # None: no such enterprise
    campaign: CampaignFacts | None
    sites: Mapping[uuid.UUID, SiteFacts]
    staff: Mapping[uuid.UUID, StaffFacts]
    bookings: list[Booking]  # as `BookingRepository.near` finds them


class FactsRepository(Protocol):
    """The facts of other concepts that the shift rules read (enterprises, campaigns, sites, staff)."""

    async def for_rules(
        self,
        *,
        enterprise_id: uuid.UUID,
        campaign_id: uuid.UUID,
        site_ids: Sequence[uuid.UUID],
        staff_ids: Sequence[uuid.UUID],
        starts_at: datetime,
        ends_at: datetime,
    ) -> RuleFacts:
        """The enterprise's name, the campaign, these sites and people, and the people's active
        bookings overlapping [starts_at, ends_at) (as `BookingRepository.near`), in one round trip."""
        ...

    async def enterprise_name(self, enterprise_id: uuid.UUID) -> str | None:
        """The enterprise's name; None if it does not exist."""
        ...

    async def campaign(self, campaign_id: uuid.UUID) -> CampaignFacts | None: ...

    async def sites(self, site_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, SiteFacts]: ...

    async def staff(self, staff_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, StaffFacts]: ...

    async def enterprise_staff(self, enterprise_id: uuid.UUID) -> list[tuple[StaffFacts, str | None]]:
        """Every staff member of an enterprise with their e-mail."""
        ...

    async def border_settings(self, *, campaign_id: uuid.UUID | None, ongoing_at: datetime) -> list[BorderSettings]:
        """The border settings of one campaign, else of every campaign not over at `ongoing_at`."""
        ...

    async def border_sites(
        self, *, site_ids: Iterable[uuid.UUID] | None, enterprise_id: uuid.UUID | None
    ) -> list[BorderSite]:
        """The border sites (all, or these, or one enterprise's), by id."""
        ...

    async def enterprise_of(self, kind: str, ident: uuid.UUID) -> uuid.UUID | None:
        """The enterprise a site or staff member belongs to; None if it does not exist."""
        ...


class SwapRepository(Protocol):
    async def get(self, swap_id: uuid.UUID) -> Swap | None:
        """The request with its people's names and its shift (as `page` reads them)."""
        ...

    async def lock(self, swap_id: uuid.UUID) -> Swap | None:
        """The request alone (no names), held against concurrent changes until the transaction ends."""
        ...

    async def add(self, swap: Swap) -> uuid.UUID | None:
        """Store a new request; None, or — if the person already has an open request for the
        shift — nothing stored and that request's id."""
        ...

    async def save(self, swap: Swap) -> None: ...

    async def started_waiting(self, now: datetime, *, limit: int) -> list[Swap]:
        """Up to `limit` requests (alone, oldest first) still stored as waiting whose shift began by `now`, held
        until the transaction ends; those another transaction holds are passed over."""
        ...

    async def page(self, f: SwapFilter, *, visible: Visible, page: PageRequest) -> Slice[Swap]:
        """Swap requests the caller may see, oldest first (keyset cursor), with the total; each with
        its people's names and its shift (`Swap.from_name`, `to_name`, `about`), read in the same query."""
        ...

    async def owners(self, swap_id: uuid.UUID) -> Owners | None:
        """A swap's enterprise, the person handing over (`asker`) and the one named to take over."""
        ...

    async def candidates(self, q: CandidateQuery, *, page: PageRequest) -> Slice[SwapCandidate]:
        """The colleagues `q` describes, by name in Vietnamese order (`search.by_name`; offset paging),
        with the total, in one query; the free-at-that-time test is the double-booking rule's
        (`bookings.overlapping`, as `BookingRepository.near` reads it)."""
        ...


class EarlyLeaveRepository(Protocol):
    async def add(self, notice: EarlyLeave) -> uuid.UUID | None:
        """Store a new notice; None, or — the person already has an open notice on the shift — nothing stored and
        that notice's id."""
        ...

    async def save(self, notice: EarlyLeave) -> None: ...

    async def open_on(self, shift_id: uuid.UUID, *, staff_id: uuid.UUID | None = None) -> list[EarlyLeave]:
        """The notices stored open on a shift (of one person: `staff_id`), alone (no names), held until the
        transaction ends, oldest first."""
        ...

    async def get(self, notice_id: uuid.UUID) -> EarlyLeave | None:
        """One notice with its people's names and its shift's end."""
        ...

    async def page(self, f: EarlyLeaveFilter, *, visible: Visible, page: PageRequest) -> Slice[EarlyLeave]:
        """The notices the caller may see (a staff member: their own), newest first (keyset cursor), with the total;
        each with its people's names and its shift's end."""
        ...


class RequirementRepository(Protocol):
    async def get(self, requirement_id: uuid.UUID) -> StaffingRequirement | None: ...

    async def lock(self, requirement_id: uuid.UUID) -> StaffingRequirement | None: ...

    async def add(self, requirement: StaffingRequirement) -> None: ...

    async def save(self, requirement: StaffingRequirement) -> None: ...

    async def remove(self, requirement_id: uuid.UUID) -> None: ...

    async def record(self, version: RequirementVersion) -> None:
        """Keep a version (each set, change and removal), with from when it applies."""
        ...

    async def versions_of(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> list[RequirementVersion]:
        """Every version of an enterprise's requirements in a campaign, removed ones' included, by requirement then
        version."""
        ...

    async def history(self, requirement_id: uuid.UUID, *, page: PageRequest) -> Slice[RequirementVersion]:
        """A requirement's versions, oldest first (keyset on the version), with the total."""
        ...

    async def keys(
        self, *, campaign_ids: Iterable[uuid.UUID], site_ids: Iterable[uuid.UUID]
    ) -> set[tuple[uuid.UUID, uuid.UUID, str]]:
        """(campaign, site, duty type) of every requirement of these campaigns at these sites."""
        ...

    async def page(self, f: RequirementFilter, *, visible: Visible, page: PageRequest) -> Slice[StaffingRequirement]:
        """Requirements the caller may see, by enterprise, duty type, then creation (keyset), with the total."""
        ...

    async def removed(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        """A removed requirement as it last was (its version before the removal), with its removal; None when it
        was not removed (or never was)."""
        ...

    async def enterprise_of(self, requirement_id: uuid.UUID) -> uuid.UUID | None:
        """The enterprise of a requirement, a removed one's included (what the access policy checks)."""
        ...


@dataclass(frozen=True)
class IdempotentRequest:
    key: str
    fingerprint: str
    method: str
    path: str
    owner: str = ""  # the account that sent it

    @property
    def stored_key(self) -> str:
        """What the database keeps: the account's key, never the bare one (at most 64 characters)."""
        return hashlib.sha256(f"{self.owner}\n{self.key}".encode()).hexdigest()


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str
    headers: dict[str, str]


@dataclass(frozen=True)
class StoredKey:
    """A key claimed before: what it was claimed for, and the response stored for it."""

    fingerprint: str
    method: str
    path: str
    response: StoredResponse


class IdempotencyKeys(Protocol):
    async def claim(self, request: IdempotentRequest, *, now: datetime, ttl: timedelta) -> StoredKey | None:
        """Claim the key for this transaction (None), or what it was claimed for before (keys
        older than `ttl` are forgotten first)."""
        ...

    async def store(self, request: IdempotentRequest, response: StoredResponse) -> None: ...

    async def purge_expired(self, *, now: datetime, ttl: timedelta) -> int:
        """Forget keys older than `ttl`; returns how many."""
        ...


class Outbox(Protocol):
    async def add(self, event: CloudEvent, *, topic: str) -> None:
        """Queue an event; it leaves only if the transaction commits."""
        ...


@dataclass
class Repositories:
    """Everything a unit of work reaches storage through (one transaction); the unit of work
    is a `Repositories` itself, so each field is reached as ``uow.<name>``."""

    shifts: ShiftRepository
    bookings: BookingRepository
    swaps: SwapRepository
    early_leaves: EarlyLeaveRepository
    requirements: RequirementRepository
    idempotency: IdempotencyKeys
    facts: FactsRepository
    outbox: Outbox
    campaigns: CampaignRepository
    enterprises: EnterpriseRepository
    sites: SiteRepository
    staff: StaffRepository
    accounts: AccountRepository
    sign_ins: SignInRepository
    readiness: ReadinessRepository
    hours: HoursRepository
    inspections: InspectionRepository
    daily_reports: ReportRepository
    incidents: IncidentRepository
    department: DepartmentRepository


class Store(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[tuple[Repositories, Any]]:
        """One transaction: committed when the block ends normally, rolled back on any error.
        Yields the repositories and the raw session (None in memory) for handlers not yet
        behind repositories."""
        ...

    def reading(self) -> AbstractAsyncContextManager[Repositories]:
        """Repositories for queries (no transaction held beyond the block)."""
        ...
