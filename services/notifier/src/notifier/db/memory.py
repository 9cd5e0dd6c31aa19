"""In-memory repositories and unit of work: the same interfaces as the PostgreSQL ones, over plain
dicts, for fast service-layer tests (no database, no Kafka).

A unit of work copies the state when it begins and puts the copy back if it fails, so a failed
command leaves nothing half done, as a rolled-back transaction would. Locks are not needed: one
event loop, no concurrent writers. Paging, filters and the narrowing by `Visible` behave as the
SQL does.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from lichtruc.scope import Visible

from ..domain.addressees import address_key
from ..domain.check_ins import CheckInAlert
from ..domain.entries import Entry, feed_scope, on_duty_scope
from ..domain.model import (
    Attempt,
    Delivery,
    DeliveryFilter,
    DepartmentName,
    DueDelivery,
    EnterpriseRecord,
    FeedFilter,
    FeedRow,
    FeedServing,
    FeedSubject,
    FeedSubscription,
    FeedVersion,
    Gap,
    KnownShift,
    ManagerAccount,
    NamedEntry,
    NamedGap,
    NewDelivery,
    Outcome,
    Owner,
    PendingAlert,
    Person,
    Preferences,
    Reminder,
    ReminderFilter,
    SiteRecord,
)
from ..domain.on_duty import LEADERSHIP, OnDuty
from .check_ins import CheckInAlertRepository
from .deadlines import DeadlineRepository, MemoryDeadlines
from .deliveries import (
    GAP_KINDS,
    PUBLISHED_KIND,
    DeliveryRepository,
    IncidentAlerted,
    incident_opened_keys,
    swap_keys,
)
from .feeds import FeedRepository, Order
from .gaps import GapRepository
from .inbox import InboxRepository
from .incidents import LeaderRepository, MemoryLeaders
from .preferences import PreferencesRepository
from .readmodel import ReferenceRepository, ShiftRepository
from .reminders import ReminderRepository
from .uow import UnitOfWork

T = TypeVar("T")


@dataclass
class MemoryState:
    """Everything notifier stores, as plain data."""

    feeds: dict[uuid.UUID, FeedSubscription] = field(default_factory=dict)
    feed_digests: dict[uuid.UUID, bytes] = field(default_factory=dict)
    preferences: dict[uuid.UUID, Preferences] = field(default_factory=dict)
    shifts: dict[uuid.UUID, KnownShift] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    scopes: dict[str, int] = field(default_factory=dict)
    enterprises: dict[uuid.UUID, EnterpriseRecord] = field(default_factory=dict)
    sites: dict[uuid.UUID, SiteRecord] = field(default_factory=dict)
    people: dict[uuid.UUID, Person] = field(default_factory=dict)
    accounts: dict[uuid.UUID, ManagerAccount] = field(default_factory=dict)
    department: DepartmentName | None = None
    reminders: dict[uuid.UUID, Reminder] = field(default_factory=dict)
    check_ins: dict[tuple[uuid.UUID, uuid.UUID], CheckInAlert] = field(default_factory=dict)
    deliveries: dict[uuid.UUID, Delivery] = field(default_factory=dict)
    attempts: dict[int, Attempt] = field(default_factory=dict)
    gaps: dict[uuid.UUID, Gap] = field(default_factory=dict)
    inbox: set[uuid.UUID] = field(default_factory=set)
    # the directive's deadlines (db/deadlines.py's MemoryDeadlines)
    deadline_campaigns: dict[uuid.UUID, Any] = field(default_factory=dict)
    readiness_items: dict[uuid.UUID, Any] = field(default_factory=dict)
    readiness_marks: dict[tuple[uuid.UUID, uuid.UUID], Any] = field(default_factory=dict)
    published_hours: dict[tuple[uuid.UUID, uuid.UUID], Any] = field(default_factory=dict)
    submitted_reports: dict[tuple[uuid.UUID, uuid.UUID, Any], Any] = field(default_factory=dict)
    deadline_notices: dict[str, Any] = field(default_factory=dict)


def _keyset(
    items: Iterable[T], key: Callable[[T], tuple[Any, ...]], *, after: tuple[Any, Any] | None, order: Order, limit: int
) -> list[T]:
    ordered = sorted(items, key=key, reverse=order == "desc")
    if after is not None:
        ordered = [i for i in ordered if (key(i) > after if order == "asc" else key(i) < after)]
    return ordered[: limit + 1]


def _drill(state: MemoryState, campaign_id: uuid.UUID | None) -> bool:
    """Whether the campaign is known as a drill (`deadline_campaigns` holds (campaign, version) pairs)."""
    known = state.deadline_campaigns.get(campaign_id) if campaign_id is not None else None
    return known is not None and known[0].kind == "drill"


def _own(staff_id: uuid.UUID | None, visible: Visible) -> bool:
    return visible.staff_id is not None and staff_id == visible.staff_id


class MemoryFeeds:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def add(self, feed: FeedSubscription, *, token_sha256: bytes) -> None:
        self.s.feeds[feed.id] = feed
        self.s.feed_digests[feed.id] = token_sha256

    async def get(self, feed_id: uuid.UUID) -> FeedSubscription | None:
        return self.s.feeds.get(feed_id)

    async def get_for_update(self, feed_id: uuid.UUID) -> FeedSubscription | None:
        return self.s.feeds.get(feed_id)

    async def set_token(self, feed_id: uuid.UUID, *, token_sha256: bytes, token_prefix: str, at: datetime) -> None:
        self.s.feeds[feed_id] = replace(self.s.feeds[feed_id], token_prefix=token_prefix, rotated_at=at)
        self.s.feed_digests[feed_id] = token_sha256

    async def revoke(self, feed_id: uuid.UUID, *, at: datetime, by: str | None) -> None:
        self.s.feeds[feed_id] = replace(self.s.feeds[feed_id], revoked_at=at, revoked_by=by)

    async def serving(self, token_sha256: bytes, *, reference_scope: str, now: datetime) -> FeedServing | None:
        found = next(
            (
                (self.s.feeds[feed_id], digest)
                for feed_id, digest in self.s.feed_digests.items()
                if digest == token_sha256
            ),
            None,
        )
        if found is None:
            return None
        feed, digest = found
        scope = feed_scope(feed.kind, feed.staff_id, feed.enterprise_id)
        person_feed = feed.kind == "person"
        passed = [
            e.retain_until
            for e in self.s.entries.values()
            if e.status == "cancelled"
            and e.retain_until is not None
            and e.retain_until <= now
            and (
                feed.staff_id is not None and e.staff_id == feed.staff_id
                if person_feed
                else e.staff_id is None
                and e.enterprise_id == feed.enterprise_id
                and (feed.kind != "duty" or feed.duty_type is None or e.duty_type == feed.duty_type)
            )
        ]
        ended = [
            e.ends_at
            for e in self.s.entries.values()
            if person_feed and e.status == "confirmed" and e.ends_at <= now and e.staff_id == feed.staff_id
        ]
        leading = {
            on_duty_scope(e.enterprise_id)
            for e in self.s.entries.values()
            if person_feed and e.status == "confirmed" and e.staff_id == feed.staff_id
        }
        if not person_feed and feed.enterprise_id is not None:  # an enterprise's or a duty type's: its own leaders
            leading = {on_duty_scope(feed.enterprise_id)}
        enterprise = self.s.enterprises.get(feed.enterprise_id) if feed.enterprise_id is not None else None
        person = self.s.people.get(feed.staff_id) if feed.staff_id is not None else None
        chosen = self.s.preferences.get(feed.staff_id) if feed.staff_id is not None else None
        return FeedServing(
            feed=feed,
            token_sha256=digest,
            version=FeedVersion(
                self.s.scopes.get(scope, 0),
                self.s.scopes.get(reference_scope, 0),
                max(passed, default=None),
                max(ended, default=None),
                sum(self.s.scopes.get(scope, 0) for scope in leading),
            ),
            enterprise_name=enterprise.name if enterprise is not None else None,
            person_name=person.full_name if person is not None else None,
            person_language=person.language if person is not None else None,
            preferred_language=chosen.language if chosen is not None else None,
            preferred_offsets=chosen.reminder_offsets_minutes if chosen is not None else None,
        )

    def _visible(self, feed: FeedSubscription, visible: Visible) -> bool:
        if visible.own_only:
            return feed.kind == "person" and _own(feed.staff_id, visible)
        if visible.enterprises is None:
            return True
        if feed.kind != "person":
            return feed.enterprise_id in visible.enterprises
        person = self.s.people.get(feed.staff_id) if feed.staff_id is not None else None
        return _own(feed.staff_id, visible) or (person is not None and person.enterprise_id in visible.enterprises)

    async def page(
        self,
        where: FeedFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[FeedSubscription]:
        chosen = [
            f
            for f in self.s.feeds.values()
            if self._visible(f, visible)
            and (not where.kind or f.kind == where.kind)
            and (not where.staff_id or f.staff_id == where.staff_id)
            and (not where.enterprise_id or f.enterprise_id == where.enterprise_id)
            and (not where.duty_type or f.duty_type == where.duty_type)
            and (where.revoked is None or (f.revoked_at is not None) == where.revoked)
        ]
        return _keyset(chosen, lambda f: (f.created_at, f.id), after=after, order=order, limit=limit)

    async def subject(self, feed_id: uuid.UUID) -> FeedSubject | None:
        feed = self.s.feeds.get(feed_id)
        if feed is None:
            return None
        if feed.kind == "person":
            person = self.s.people.get(feed.staff_id) if feed.staff_id is not None else None
            return FeedSubject(feed.kind, feed.staff_id, person.enterprise_id if person is not None else None)
        return FeedSubject(feed.kind, feed.staff_id, feed.enterprise_id)


class MemoryPreferences:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def get(self, staff_id: uuid.UUID) -> Preferences | None:
        return self.s.preferences.get(staff_id)

    async def of(self, staff_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Preferences]:
        return {i: self.s.preferences[i] for i in set(staff_ids) if i in self.s.preferences}

    async def put(self, prefs: Preferences, *, keep_secret: bool) -> None:
        old = self.s.preferences.get(prefs.staff_id)
        if keep_secret:
            prefs = replace(prefs, webhook_secret=old.webhook_secret if old is not None else None)
        self.s.preferences[prefs.staff_id] = prefs


class MemoryShifts:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def upsert(self, shift: KnownShift) -> bool:
        old = self.s.shifts.get(shift.shift_id)
        if old is not None and old.version >= shift.version:
            return False
        self.s.shifts[shift.shift_id] = shift
        return True

    async def get(self, shift_id: uuid.UUID) -> KnownShift | None:
        return self.s.shifts.get(shift_id)

    async def entries(self, shift_id: uuid.UUID) -> dict[str, Entry]:
        return {k: e for k, e in self.s.entries.items() if e.shift_id == shift_id}

    async def put_entries(self, entries: list[Entry]) -> None:
        for e in entries:
            self.s.entries[e.key] = e

    @staticmethod
    def _shown(e: Entry, now: datetime) -> bool:
        return e.status == "confirmed" or (e.retain_until is not None and e.retain_until > now)

    async def touch_entries(
        self,
        *,
        enterprise_id: uuid.UUID | None = None,
        site_id: uuid.UUID | None = None,
        campaign_id: uuid.UUID | None = None,
        changed_at: datetime,
        now: datetime,
        during: tuple[datetime, datetime] | None = None,
        but_shift: uuid.UUID | None = None,
    ) -> int:
        touched = 0
        for key, e in list(self.s.entries.items()):
            if during is not None:
                a, b = during
                matches = (
                    e.enterprise_id == enterprise_id
                    and e.shift_id != but_shift
                    and e.status == "confirmed"
                    and e.starts_at < b
                    and a < e.ends_at
                )
            elif enterprise_id is not None:
                matches = e.enterprise_id == enterprise_id
            elif site_id is not None:
                matches = e.site_id == site_id
            else:
                matches = e.campaign_id == campaign_id
            if matches and self._shown(e, now):
                self.s.entries[key] = replace(e, sequence=e.sequence + 1, changed_at=changed_at)
                touched += 1
        return touched

    async def bump_scopes(self, scopes: Iterable[str]) -> None:
        for scope in sorted(set(scopes)):
            self.s.scopes[scope] = self.s.scopes.get(scope, 0) + 1

    async def revisions(self, scopes: Iterable[str]) -> dict[str, int]:
        return {s: self.s.scopes[s] for s in scopes if s in self.s.scopes}

    def _named(self, e: Entry) -> NamedEntry:
        enterprise = self.s.enterprises.get(e.enterprise_id)
        site = self.s.sites.get(e.site_id) if e.site_id is not None else None
        return NamedEntry(
            entry=e,
            enterprise_name=enterprise.name if enterprise is not None else None,
            manager_phone=enterprise.manager_phone if enterprise is not None else None,
            site_name=site.name if site is not None else None,
            drill=_drill(self.s, e.campaign_id),
        )

    async def shown_entries(
        self,
        *,
        now: datetime,
        staff_id: uuid.UUID | None = None,
        enterprise_id: uuid.UUID | None = None,
        duty_type: str | None = None,
    ) -> list[NamedEntry]:
        out = []
        for e in self.s.entries.values():
            if not self._shown(e, now):
                continue
            if staff_id is not None:
                if e.staff_id != staff_id:
                    continue
            elif e.staff_id is not None or e.enterprise_id != enterprise_id or (duty_type and e.duty_type != duty_type):
                continue
            out.append(self._named(e))
        return out

    async def feed_rows(
        self,
        *,
        now: datetime,
        staff_id: uuid.UUID | None = None,
        enterprise_id: uuid.UUID | None = None,
        duty_type: str | None = None,
    ) -> list[FeedRow]:
        shown = await self.shown_entries(now=now, staff_id=staff_id, enterprise_id=enterprise_id, duty_type=duty_type)
        return [
            FeedRow(
                shift_id=str(n.entry.shift_id),
                staff_id=str(n.entry.staff_id) if n.entry.staff_id is not None else None,
                duty_type=n.entry.duty_type,
                starts_at=n.entry.starts_at,
                ends_at=n.entry.ends_at,
                status=n.entry.status,
                people=n.entry.people,
                notes=n.entry.notes,
                sequence=n.entry.sequence,
                changed_at=n.entry.changed_at,
                cancel_reason=n.entry.cancel_reason,
                handed_to=n.entry.handed_to,
                enterprise_name=n.enterprise_name,
                manager_phone=n.manager_phone,
                site_name=n.site_name,
                drill=n.drill,
                handover=n.entry.handover,
                handover_people=n.entry.handover_people,
                handover_at=n.entry.handover_at,
                handover_reason=n.entry.handover_reason,
                enterprise_id=n.entry.enterprise_id,
            )
            for n in shown
        ]

    async def named_entry(self, entry_key: str) -> NamedEntry | None:
        e = self.s.entries.get(entry_key)
        return self._named(e) if e is not None else None

    async def upcoming_shift_ids(self, staff_id: uuid.UUID, *, after: datetime) -> list[uuid.UUID]:
        return [
            e.shift_id
            for e in self.s.entries.values()
            if e.staff_id == staff_id and e.status == "confirmed" and e.starts_at > after
        ]

    async def on_duty_during(self, shift_ids: Collection[uuid.UUID]) -> list[OnDuty]:
        asked = set(shift_ids)
        windows = [
            (e.enterprise_id, e.starts_at, e.ends_at)
            for e in self.s.entries.values()
            if e.shift_id in asked and e.staff_id is None
        ]
        return self._on_duty_in(windows)

    async def leaders_of_enterprise(self, enterprise_id: uuid.UUID) -> list[OnDuty]:
        windows = [
            (e.enterprise_id, e.starts_at, e.ends_at)
            for e in self.s.entries.values()
            if e.enterprise_id == enterprise_id and e.staff_id is None and e.status == "confirmed"
        ]
        return self._on_duty_in(windows, duty_type=LEADERSHIP)

    async def on_duty_of_person(self, staff_id: uuid.UUID) -> list[OnDuty]:
        windows = [
            (e.enterprise_id, e.starts_at, e.ends_at)
            for e in self.s.entries.values()
            if e.staff_id == staff_id and e.status == "confirmed"
        ]
        return self._on_duty_in(windows)

    def _on_duty_in(
        self, windows: list[tuple[uuid.UUID, datetime, datetime]], *, duty_type: str | None = None
    ) -> list[OnDuty]:
        found: dict[str, OnDuty] = {}
        for key, e in self.s.entries.items():
            if e.staff_id is None or e.status != "confirmed" or key in found:
                continue
            if duty_type is not None and e.duty_type != duty_type:
                continue
            if not any(w == e.enterprise_id and e.starts_at < b and a < e.ends_at for w, a, b in windows):
                continue
            person = self.s.people.get(e.staff_id)
            shift = self.s.shifts.get(e.shift_id)
            named = {a["staff_id"]: a.get("full_name") for a in (shift.data.get("assignees", ()) if shift else ())}
            site = self.s.sites.get(e.site_id) if e.site_id is not None else None
            found[key] = OnDuty(
                shift_id=e.shift_id,
                staff_id=e.staff_id,
                enterprise_id=e.enterprise_id,
                duty_type=e.duty_type,
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                full_name=person.full_name if person is not None else named.get(str(e.staff_id)),
                phone=person.phone if person is not None else None,
                site_name=site.name if site is not None else None,
            )
        return list(found.values())


class MemoryReference:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def hold_enterprises(self, enterprise_ids: Iterable[uuid.UUID]) -> None:
        return None  # every unit of work sees the others' writes at once here: nothing to miss, nothing to wait for

    async def enterprise(self, enterprise_id: uuid.UUID, *, lock: bool = False) -> EnterpriseRecord | None:
        return self.s.enterprises.get(enterprise_id)

    async def put_enterprise(self, record: EnterpriseRecord, *, now: datetime) -> None:
        old = self.s.enterprises.get(record.enterprise_id)
        if old is None or old.version < record.version:
            self.s.enterprises[record.enterprise_id] = record

    async def site(self, site_id: uuid.UUID, *, lock: bool = False) -> SiteRecord | None:
        return self.s.sites.get(site_id)

    async def put_site(self, record: SiteRecord, *, now: datetime) -> None:
        old = self.s.sites.get(record.site_id)
        if old is None or old.version < record.version:
            self.s.sites[record.site_id] = record

    async def person(self, staff_id: uuid.UUID) -> Person | None:
        return self.s.people.get(staff_id)

    async def people_with_emails(self, emails: Iterable[str]) -> list[Person]:
        keys = {k for e in emails if (k := address_key(e))}
        return [p for p in self.s.people.values() if p.email and address_key(p.email) in keys]

    async def put_person(self, person: Person, *, now: datetime) -> bool:
        old = self.s.people.get(person.staff_id)
        if old is not None and old.version >= person.version:
            return False
        self.s.people[person.staff_id] = person
        return True

    async def put_account(self, account: ManagerAccount, *, now: datetime) -> bool:
        old = self.s.accounts.get(account.account_id)
        if old is not None and old.version >= account.version:
            return False
        self.s.accounts[account.account_id] = account
        return True

    async def has_account(self, staff_id: uuid.UUID) -> bool | None:
        return any(a.active and a.staff_id == staff_id for a in self.s.accounts.values())

    async def manager_logins(self, enterprise_id: uuid.UUID) -> list[str]:
        return sorted(
            a.login
            for a in self.s.accounts.values()
            if a.role == "manager" and a.active and enterprise_id in a.enterprise_ids
        )

    async def inspector_logins(self) -> list[str]:
        return sorted(a.login for a in self.s.accounts.values() if a.role == "inspector" and a.active)

    async def admin_logins(self) -> list[str]:
        return sorted(a.login for a in self.s.accounts.values() if a.role == "admin" and a.active)

    async def department(self) -> DepartmentName | None:
        return self.s.department

    async def put_department(self, record: DepartmentName, *, now: datetime) -> bool:
        if self.s.department is not None and self.s.department.version >= record.version:
            return False
        self.s.department = record
        return True


class MemoryReminders:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def of_shift_for_update(self, shift_id: uuid.UUID, *, only: set[uuid.UUID] | None = None) -> list[Reminder]:
        return [r for r in self.s.reminders.values() if r.shift_id == shift_id and (only is None or r.staff_id in only)]

    async def add(self, planned: list[Reminder]) -> None:
        taken = {(r.shift_id, r.staff_id, r.offset_minutes) for r in self.s.reminders.values()}
        for p in planned:  # uq_reminders_slot: one per shift, person and offset
            if (p.shift_id, p.staff_id, p.offset_minutes) not in taken:
                self.s.reminders[p.id] = p
                taken.add((p.shift_id, p.staff_id, p.offset_minutes))

    async def reschedule(self, moves: list[tuple[uuid.UUID, datetime, datetime]], *, now: datetime) -> None:
        for rid, starts, due in moves:
            self.s.reminders[rid] = replace(
                self.s.reminders[rid],
                status="scheduled",
                reason=None,
                shift_starts_at=starts,
                due_at=due,
                updated_at=now,
            )

    async def withdraw(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        for rid, why in reasons:
            r = self.s.reminders[rid]
            if r.status == "scheduled":
                self.s.reminders[rid] = replace(r, status="withdrawn", reason=why, updated_at=now)

    async def skip(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        for rid, why in reasons:
            r = self.s.reminders[rid]
            if r.status in ("scheduled", "withdrawn"):
                self.s.reminders[rid] = replace(r, status="skipped", reason=why, updated_at=now)

    async def cancel_stale_deliveries(
        self,
        shift_id: uuid.UUID,
        *,
        starts_at: datetime,
        assignees: Sequence[uuid.UUID],
        current: bool,
        only: set[uuid.UUID] | None,
        now: datetime,
    ) -> None:
        stale = {
            r.id
            for r in self.s.reminders.values()
            if r.shift_id == shift_id
            and (only is None or r.staff_id in only)
            and (not current or r.shift_starts_at != starts_at or r.staff_id not in assignees)
        }
        for d in list(self.s.deliveries.values()):
            if d.reminder_id in stale and d.status == "pending":
                self.s.deliveries[d.id] = replace(
                    d,
                    status="cancelled",
                    last_error="the shift changed before this reminder was delivered",
                    updated_at=now,
                )

    async def set_status(self, reminder_id: uuid.UUID, *, status: str, reason: str | None, now: datetime) -> None:
        r = replace(self.s.reminders[reminder_id], status=status, reason=reason, updated_at=now)
        self.s.reminders[reminder_id] = replace(r, dispatched_at=now) if status == "dispatched" else r

    async def siblings(self, reminder: Reminder) -> list[tuple[datetime, str]]:
        return [
            (r.due_at, r.status)
            for r in self.s.reminders.values()
            if r.shift_id == reminder.shift_id
            and r.staff_id == reminder.staff_id
            and r.shift_starts_at == reminder.shift_starts_at
            and r.id != reminder.id
        ]

    async def lock_due(self, now: datetime, *, limit: int) -> list[Reminder]:
        due = [r for r in self.s.reminders.values() if r.status == "scheduled" and r.due_at <= now]
        return sorted(due, key=lambda r: (r.due_at, r.id))[:limit]

    def _visible(self, r: Reminder, visible: Visible) -> bool:
        if visible.own_only:
            return _own(r.staff_id, visible)
        if visible.enterprises is None:
            return True
        shift = self.s.shifts.get(r.shift_id)
        return _own(r.staff_id, visible) or (shift is not None and shift.enterprise_id in visible.enterprises)

    async def page(
        self,
        where: ReminderFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[Reminder]:
        chosen = [
            r
            for r in self.s.reminders.values()
            if self._visible(r, visible)
            and (where.staff_id is None or r.staff_id == where.staff_id)
            and (where.shift_id is None or r.shift_id == where.shift_id)
            and (where.status is None or r.status == where.status)
            and (where.due_from is None or r.due_at >= where.due_from)
            and (where.due_to is None or r.due_at < where.due_to)
        ]
        return _keyset(chosen, lambda r: (r.created_at, r.id), after=after, order=order, limit=limit)


class MemoryCheckInAlerts:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def of_shift_for_update(self, shift_id: uuid.UUID) -> dict[uuid.UUID, CheckInAlert]:
        return {staff: a for (shift, staff), a in self.s.check_ins.items() if shift == shift_id}

    async def put(self, rows: Sequence[CheckInAlert]) -> None:
        for r in rows:
            before = self.s.check_ins.get((r.shift_id, r.staff_id))
            self.s.check_ins[(r.shift_id, r.staff_id)] = (
                r if before is None else replace(r, created_at=before.created_at)
            )

    async def lock_due(self, now: datetime, *, limit: int) -> list[CheckInAlert]:
        due = [a for a in self.s.check_ins.values() if a.status in ("scheduled", "late") and a.due_at <= now]
        return sorted(due, key=lambda a: (a.due_at, a.shift_id, a.staff_id))[:limit]

    async def set_status(
        self, shift_id: uuid.UUID, staff_id: uuid.UUID, *, status: str, reason: str | None, now: datetime
    ) -> None:
        a = replace(self.s.check_ins[(shift_id, staff_id)], status=status, reason=reason, updated_at=now)
        self.s.check_ins[(shift_id, staff_id)] = (
            replace(a, dispatched_at=now) if status in ("dispatched", "arrived") else a
        )


class MemoryDeliveries:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    def _with_attempts(self, d: Delivery) -> Delivery:
        log = sorted((a for a in self.s.attempts.values() if a.delivery_id == d.id), key=lambda a: a.attempt)
        return replace(d, attempt_log=tuple(log))

    async def add(self, new: Sequence[NewDelivery]) -> int:
        keys = {d.dedupe_key for d in self.s.deliveries.values()}
        added = 0
        for n in new:
            if n.dedupe_key in keys:
                continue
            keys.add(n.dedupe_key)
            self.s.deliveries[n.id] = Delivery(
                id=n.id,
                kind=n.kind,
                dedupe_key=n.dedupe_key,
                reminder_id=n.reminder_id,
                gap_id=n.gap_id,
                shift_id=n.shift_id,
                staff_id=n.staff_id,
                enterprise_id=n.enterprise_id,
                enterprise_ids=n.enterprise_ids,
                channel=n.channel,
                recipient=n.recipient,
                recipient_name=n.recipient_name,
                language=n.language,
                subject=n.subject,
                status=n.status,
                attempts=0,
                next_attempt_at=n.next_attempt_at,
                lease_owner=None,
                lease_expires_at=None,
                last_error=n.last_error,
                created_at=n.created_at,
                updated_at=n.created_at,
                sent_at=None,
                body=n.body,
                attachment=n.attachment,
                actor_name=n.actor_name,
            )
            added += 1
        return added

    async def get(self, delivery_id: uuid.UUID) -> Delivery | None:
        d = self.s.deliveries.get(delivery_id)
        return self._with_attempts(d) if d is not None else None

    async def owner(self, delivery_id: uuid.UUID) -> Owner | None:
        d = self.s.deliveries.get(delivery_id)
        if d is None:
            return None
        return Owner(
            d.enterprise_id,
            frozenset({d.staff_id}) if d.staff_id is not None else frozenset(),
            enterprises=frozenset(d.enterprise_ids),
        )

    @staticmethod
    def _visible(d: Delivery, visible: Visible) -> bool:
        if visible.own_only:
            return _own(d.staff_id, visible)
        if visible.enterprises is None:
            return True
        every = bool(d.enterprise_ids) and set(d.enterprise_ids) <= visible.enterprises
        return d.enterprise_id in visible.enterprises or every or _own(d.staff_id, visible)

    async def page(
        self,
        where: DeliveryFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[Delivery]:
        columns = ("staff_id", "shift_id", "gap_id", "channel", "status", "kind")
        of = where.enterprise_id
        chosen = [
            d
            for d in self.s.deliveries.values()
            if self._visible(d, visible)
            and all(getattr(where, c) is None or getattr(d, c) == getattr(where, c) for c in columns)
            and (of is None or d.enterprise_id == of or of in d.enterprise_ids)
            and (where.created_from is None or d.created_at >= where.created_from)
            and (where.created_to is None or d.created_at < where.created_to)
        ]
        rows = _keyset(chosen, lambda d: (d.created_at, d.id), after=after, order=order, limit=limit)
        return [replace(self._with_attempts(d), body=None, attachment=None) for d in rows]

    @staticmethod
    def _due(d: Delivery, now: datetime) -> bool:
        return (d.status == "pending" and d.next_attempt_at <= now) or (
            d.status == "sending" and d.lease_expires_at is not None and d.lease_expires_at <= now
        )

    async def lock_due(self, now: datetime, *, limit: int) -> list[DueDelivery]:
        due = sorted(
            (d for d in self.s.deliveries.values() if self._due(d, now)), key=lambda d: (d.next_attempt_at, d.id)
        )
        out = []
        for d in due[:limit]:
            reminder = self.s.reminders.get(d.reminder_id) if d.reminder_id is not None else None
            pref = self.s.preferences.get(d.staff_id) if d.staff_id is not None else None
            out.append(
                DueDelivery(
                    d,
                    reminder.shift_starts_at if reminder is not None else None,
                    pref.webhook_url if pref is not None else None,
                    pref.webhook_secret if pref is not None else None,
                )
            )
        return out

    async def lock_due_gap_mail(
        self, *, recipient: str, besides: uuid.UUID, now: datetime, limit: int
    ) -> list[Delivery]:
        due = [
            d
            for d in self.s.deliveries.values()
            if self._due(d, now)
            and d.channel == "email"
            and d.recipient == recipient
            and d.kind in GAP_KINDS
            and d.id != besides
            and d.gap_id in self.s.gaps
        ]
        return sorted(due, key=lambda d: (d.next_attempt_at, d.id))[:limit]

    async def lock_waiting_published_mail(
        self, *, recipient: str, staff_id: uuid.UUID, besides: uuid.UUID, now: datetime, until: datetime, limit: int
    ) -> list[Delivery]:
        waiting = [
            d
            for d in self.s.deliveries.values()
            if (self._due(d, now) or (d.status == "pending" and d.next_attempt_at <= until))
            and d.channel == "email"
            and d.recipient == recipient
            and d.staff_id == staff_id
            and d.kind == PUBLISHED_KIND
            and d.id != besides
        ]
        return sorted(waiting, key=lambda d: (d.next_attempt_at, d.id))[:limit]

    async def interrupt_attempt(self, delivery_id: uuid.UUID, *, attempt: int, detail: str, now: datetime) -> None:
        for a in list(self.s.attempts.values()):
            if a.delivery_id == delivery_id and a.attempt == attempt and a.outcome == "in_flight":
                self.s.attempts[a.id] = replace(a, outcome="interrupted", finished_at=now, detail=detail)

    async def finish(self, delivery_id: uuid.UUID, *, status: str, error: str, now: datetime) -> None:
        self.s.deliveries[delivery_id] = replace(
            self.s.deliveries[delivery_id],
            status=status,
            last_error=error,
            lease_owner=None,
            lease_expires_at=None,
            updated_at=now,
        )

    async def lease(self, delivery_id: uuid.UUID, *, attempt: int, owner: str, until: datetime, now: datetime) -> int:
        self.s.deliveries[delivery_id] = replace(
            self.s.deliveries[delivery_id],
            status="sending",
            attempts=attempt,
            lease_owner=owner,
            lease_expires_at=until,
            updated_at=now,
        )
        row = max(self.s.attempts, default=0) + 1
        self.s.attempts[row] = Attempt(row, delivery_id, attempt, owner, now, None, "in_flight", None)
        return row

    async def mark(self, delivery_id: uuid.UUID, *, attempt: int, owner: str, outcome: Outcome, now: datetime) -> bool:
        d = self.s.deliveries[delivery_id]
        if not (d.status == "sending" and d.lease_owner == owner and d.attempts == attempt):
            return False
        d = replace(
            d,
            status="pending" if outcome.status == "retry" else outcome.status,
            lease_owner=None,
            lease_expires_at=None,
            updated_at=now,
        )
        if outcome.status == "sent":
            d = replace(d, sent_at=now, last_error=None)
        else:
            d = replace(d, last_error=outcome.detail)
            if outcome.next_attempt_at is not None:
                d = replace(d, next_attempt_at=outcome.next_attempt_at)
        self.s.deliveries[delivery_id] = d
        return True

    async def finish_attempt(self, attempt_row: int, *, outcome: str, detail: str, now: datetime) -> None:
        self.s.attempts[attempt_row] = replace(
            self.s.attempts[attempt_row], outcome=outcome, finished_at=now, detail=detail
        )

    def _untried_alerts(self) -> Iterable[Delivery]:
        return (d for d in self.s.deliveries.values() if d.status == "pending" and d.attempts == 0)

    async def pending_alerts(self, gap_id: uuid.UUID) -> list[PendingAlert]:
        return [
            PendingAlert(d.id, d.channel, d.recipient, d.next_attempt_at)
            for d in self._untried_alerts()
            if d.gap_id == gap_id and d.kind == "gap_opened"
        ]

    async def move(self, delivery_id: uuid.UUID, *, to: datetime, now: datetime) -> None:
        self.s.deliveries[delivery_id] = replace(self.s.deliveries[delivery_id], next_attempt_at=to, updated_at=now)

    async def rewrite(
        self, delivery_id: uuid.UUID, *, subject: str, body: str, now: datetime, attachment: str | None = None
    ) -> None:
        d = self.s.deliveries[delivery_id]
        self.s.deliveries[delivery_id] = replace(
            d,
            subject=subject,
            body=body,
            updated_at=now,
            attachment=attachment if attachment is not None else d.attachment,
        )

    async def earliest_waiting_mail(
        self, *, recipient: str, start: datetime, end: datetime, exclude: uuid.UUID | None
    ) -> datetime | None:
        times = [
            d.next_attempt_at
            for d in self._untried_alerts()
            if d.recipient == recipient
            and d.channel == "email"
            and d.kind in GAP_KINDS
            and start <= d.next_attempt_at <= end
            and d.id != exclude
        ]
        return min(times, default=None)

    async def cancel_gap_alerts(self, gap_id: uuid.UUID, *, now: datetime) -> None:
        for d in list(self.s.deliveries.values()):
            if d.gap_id == gap_id and d.kind == "gap_opened" and d.status == "pending":
                self.s.deliveries[d.id] = replace(
                    d, status="cancelled", last_error="the gap was closed before the alert went out", updated_at=now
                )

    async def swap_told(self, swap_id: uuid.UUID, *, shift_id: uuid.UUID, kinds: Sequence[str]) -> bool:
        return any(
            d.shift_id == shift_id and d.kind in kinds and d.dedupe_key.startswith(swap_keys(swap_id))
            for d in self.s.deliveries.values()
        )

    async def incident_alerted(self, incident_id: uuid.UUID) -> list[IncidentAlerted]:
        keys = incident_opened_keys(incident_id)
        found = sorted(
            (
                d
                for d in self.s.deliveries.values()
                if d.kind == "incident_opened"
                and d.channel == "email"
                and d.dedupe_key.startswith(keys)
                and d.status in ("pending", "sending", "sent")
                and d.recipient
            ),
            key=lambda d: d.created_at,
        )
        return [IncidentAlerted(d.recipient or "", d.recipient_name, d.language) for d in found]

    async def alerted(self, gap_id: uuid.UUID) -> list[tuple[str, str | None]]:
        return [
            (d.channel, d.recipient)
            for d in self.s.deliveries.values()
            if d.gap_id == gap_id and d.kind == "gap_opened" and d.status in ("sent", "sending")
        ]


class MemoryGaps:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def get(self, gap_id: uuid.UUID, *, lock: bool = False) -> Gap | None:
        return self.s.gaps.get(gap_id)

    async def put(self, gap: Gap) -> None:
        old = self.s.gaps.get(gap.gap_id)
        if old is None or old.version < gap.version:
            self.s.gaps[gap.gap_id] = gap

    async def named(self, gap_ids: Iterable[uuid.UUID]) -> list[NamedGap]:
        out = []
        for gap_id in gap_ids:
            gap = self.s.gaps.get(gap_id)
            if gap is None:
                continue
            enterprise = self.s.enterprises.get(gap.enterprise_id)
            site = self.s.sites.get(gap.site_id) if gap.site_id is not None else None
            out.append(
                NamedGap(
                    gap,
                    enterprise.name if enterprise is not None else None,
                    site.name if site is not None else None,
                    _drill(self.s, gap.campaign_id),
                )
            )
        return out

    async def open_gap_ids(self, enterprise_id: uuid.UUID, *, ending_after: datetime) -> list[uuid.UUID]:
        return [
            g.gap_id
            for g in self.s.gaps.values()
            if g.enterprise_id == enterprise_id and g.status == "open" and g.ends_at > ending_after
        ]

    async def open_windows(self, gap: Gap) -> list[tuple[datetime, datetime]]:
        return [
            (g.starts_at, g.ends_at)
            for g in self.s.gaps.values()
            if (g.enterprise_id, g.site_id, g.duty_type, g.status)
            == (gap.enterprise_id, gap.site_id, gap.duty_type, "open")
            and g.gap_id != gap.gap_id
            and g.starts_at < gap.ends_at
            and g.ends_at > gap.starts_at
        ]


class MemoryInbox:
    def __init__(self, state: MemoryState) -> None:
        self.s = state

    async def record(self, *, event_id: uuid.UUID, event_type: str, topic: str) -> bool:
        if event_id in self.s.inbox:
            return False
        self.s.inbox.add(event_id)
        return True

    async def record_many(self, events: Sequence[tuple[uuid.UUID, str, str]]) -> set[uuid.UUID]:
        fresh = {event_id for event_id, _, _ in events} - self.s.inbox
        self.s.inbox |= fresh
        return fresh


class MemoryUnitOfWork:
    """One unit of work over ``state``: undone as a whole (savepoints: in part) when it fails."""

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

    def __init__(self, state: MemoryState) -> None:
        self.state = state
        self.feeds = MemoryFeeds(state)
        self.preferences = MemoryPreferences(state)
        self.shifts = MemoryShifts(state)
        self.reference = MemoryReference(state)
        self.reminders = MemoryReminders(state)
        self.check_ins = MemoryCheckInAlerts(state)
        self.deliveries = MemoryDeliveries(state)
        self.gaps = MemoryGaps(state)
        self.inbox = MemoryInbox(state)
        self.incidents = MemoryLeaders(state)
        self.deadlines = MemoryDeadlines(state)

    def _restore(self, saved: MemoryState) -> None:
        for name in vars(saved):
            setattr(self.state, name, getattr(saved, name))

    async def __aenter__(self) -> Self:
        self._saved = copy.deepcopy(self.state)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        if exc_type is not None:
            self._restore(self._saved)
        return None

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        return self._savepoint()

    @asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[None]:
        saved = copy.deepcopy(self.state)
        try:
            yield
        except BaseException:
            self._restore(saved)
            raise


class MemoryDatabase:
    """The in-memory store and its unit-of-work factory: ``Context(uow=MemoryDatabase().uow, ...)``."""

    def __init__(self) -> None:
        self.state = MemoryState()

    def uow(self) -> UnitOfWork:
        return MemoryUnitOfWork(self.state)
