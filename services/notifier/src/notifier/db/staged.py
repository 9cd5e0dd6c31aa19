"""A unit of work for a batch of events: the consumer's per-event handlers run on it unchanged,
while what they read and write on the hot path (shift snapshots, feed entries, feed validators,
reminders, people, the notices' deliveries) is read for the whole batch in a few statements and
written back at the end in a few more, instead of several round trips per event.

`StagedUnitOfWork(uow)` wraps a PostgreSQL unit of work (the batch's one transaction):

- `prefetch(shift_ids, staff_ids, assignees, named=…)` loads, in one statement each, the stored
  versions of the shifts (their rows locked, as `ShiftRepository.upsert` locks them), their feed
  entries, their reminders and missed check-in alerts (locked), the people the batch writes and the assignees'
  preferences;
  the people a notice may name are read with the first one asked for;
- the staged methods (`shifts.upsert/entries/put_entries/bump_scopes/named_entry`,
  `reminders.of_shift_for_update/add/reschedule/withdraw/skip/cancel_stale_deliveries`,
  `check_ins.of_shift_for_update/put`, `preferences.of`,
  `reference.put_person/person`, `deliveries.add`) answer from and write to that state with the
  PostgreSQL implementations' rules (newer versions only, a reminder slot taken once, withdraw only
  what is scheduled, a delivery's key once…); what was not prefetched is loaded on first use;
- `flush()` writes the state back: shifts, entries, reminders (moved ones before new ones, so a
  slot freed in the batch can be taken again), cancelled deliveries, new deliveries, people, then
  the feed scopes' revisions (each raised by as many bumps as the events made, as one at a time
  would). Each is one statement on the transaction's own asyncpg connection over the rows as one
  JSON array (`INSERT … SELECT FROM json_to_recordset($1)`; people and scopes over arrays,
  `unnest(…)`), and the reads are `= ANY($1)` there too: one execution on the server per table
  instead of one per row, and no SQLAlchemy statement building per batch;
- any other repository method (an enterprise or a gap event, a handler added later) flushes first
  and then runs on the real unit of work, so it sees everything before it. A flush keeps what the
  batch has read (it is what the database now holds); a method that may write a staged table or
  the names an entry shows (`touch_entries`, `put_enterprise`, any not listed as harmless) also
  drops it, to be read again on next use. (Dropping it at every flush, when each reassignment's
  notice flushed, made every event read the whole batch's shifts again: 13 times slower.)

Same rows as one event at a time (tests/notifier/test_batch_consumer.py compares them).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from types import TracebackType
from typing import Any, Self, cast

from pydantic import TypeAdapter
from sqlalchemy import bindparam, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import record_columns

from ..domain.check_ins import CheckInAlert
from ..domain.entries import Entry, shift_of_key
from ..domain.model import KnownShift, NamedEntry, NewDelivery, Person, Preferences, Reminder
from .check_ins import COLUMNS as _ALERT_COLUMNS
from .check_ins import CheckInAlertRepository, alert_from_row
from .deadlines import DeadlineRepository
from .deliveries import DeliveryRepository
from .feeds import FeedRepository
from .gaps import GapRepository
from .inbox import InboxRepository
from .incidents import LeaderRepository
from .preferences import PreferencesRepository
from .raw import RecordRow, asyncpg_connection
from .readmodel import ReferenceRepository, ShiftRepository, entry_from_row, names_of, person_from_row
from .reminders import ReminderRepository, _reminder
from .tables import check_in_alerts, deliveries, feed_entries, feed_scopes, reminders, shifts, staff
from .uow import PgUnitOfWork

_SHIFT_COLUMNS = ["shift_id", "enterprise_id", "version", "status", "data", "last_event_id", "changed_at"]
_SHIFTS_UPSERT_SQL = f"""
INSERT INTO {shifts.name} ({", ".join(_SHIFT_COLUMNS)})
SELECT * FROM json_to_recordset($1::json) AS u({record_columns(shifts, _SHIFT_COLUMNS)})
ON CONFLICT (shift_id) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id, version = EXCLUDED.version,
    status = EXCLUDED.status, data = EXCLUDED.data, last_event_id = EXCLUDED.last_event_id,
    changed_at = EXCLUDED.changed_at
WHERE {shifts.name}.version < EXCLUDED.version"""
"""The batch's shift snapshots (one per shift: the batch's last) as one statement: one execution on the
server instead of one per row, same rule (newer versions only). The rows travel as one JSON array of the
`KnownShift`s (`_records`), which PostgreSQL takes apart in C."""

_ENTRY_COLUMNS = [c.name for c in feed_entries.columns]
_ENTRIES_UPSERT_SQL = f"""
INSERT INTO {feed_entries.name} ({", ".join(_ENTRY_COLUMNS)})
SELECT * FROM ROWS FROM (unnest($1::text[]), json_to_recordset($2::json) AS ({record_columns(feed_entries, _ENTRY_COLUMNS[1:])}))
ON CONFLICT (entry_key) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in _ENTRY_COLUMNS if c != "entry_key")}"""
"""The batch's changed feed entries (one row per key) in one statement: their keys as an array, side by
side (ROWS FROM) with the `Entry`s as one JSON array; the name lists (`people`, `handed_to`) become text[]."""

_REMINDER_COLUMNS = [c.name for c in reminders.columns if c.name != "dispatched_at"]
_REMINDER_INSERT_SQL = f"""
INSERT INTO {reminders.name} ({", ".join(_REMINDER_COLUMNS)})
SELECT * FROM json_to_recordset($1::json) AS u({record_columns(reminders, _REMINDER_COLUMNS)})
ON CONFLICT ON CONSTRAINT uq_reminders_slot DO NOTHING"""
"""New reminders in one statement (the `Reminder`s as one JSON array); a slot taken already (or twice in
the list) is skipped, as one INSERT each would skip it."""

_REMINDER_WRITE_SQL = f"""
UPDATE {reminders.name} AS r SET status = u.status, reason = u.reason, shift_starts_at = u.shift_starts_at,
       due_at = u.due_at, updated_at = u.updated_at
FROM json_to_recordset($1::json) AS u({record_columns(reminders, _REMINDER_COLUMNS)})
WHERE r.id = u.id"""

_ALERTS_UPSERT_SQL = f"""
INSERT INTO {check_in_alerts.name} ({", ".join(_ALERT_COLUMNS)})
SELECT * FROM json_to_recordset($1::json) AS u({record_columns(check_in_alerts, _ALERT_COLUMNS)})
ON CONFLICT (shift_id, staff_id) DO UPDATE SET {
    ", ".join(f"{c} = EXCLUDED.{c}" for c in _ALERT_COLUMNS if c not in ("shift_id", "staff_id", "created_at"))
}"""
"""The batch's new and changed missed check-in alerts (one row per shift and person) in one statement."""

_DELIVERY_COLUMNS = [f.name for f in fields(NewDelivery)]
_DELIVERY_VALUES = [f"NULLIF(u.{c}, '{{}}')" if c == "enterprise_ids" else f"u.{c}" for c in _DELIVERY_COLUMNS]
_DELIVERIES_INSERT_SQL = f"""
INSERT INTO {deliveries.name} ({", ".join(_DELIVERY_COLUMNS)}, attempts, updated_at)
SELECT {", ".join(_DELIVERY_VALUES)}, 0, u.created_at
FROM json_to_recordset($1::json) AS u({record_columns(deliveries, _DELIVERY_COLUMNS)})
ON CONFLICT (dedupe_key) DO NOTHING"""
"""The batch's new deliveries (the notices') in one statement, as `PgDeliveries.add` writes each (no attempts yet,
updated when made, no enterprises listed: NULL), a key the database holds already skipped; the `NewDelivery`s as
one JSON array. SQLAlchemy's multi-row VALUES built and bound every value of ~500 rows a batch in Python: a
tenth of the batch's CPU (2026-12-07)."""

_PERSON_COLUMNS = [f.name for f in fields(Person)] + ["updated_at"]
_STAFF_UPSERT_SQL = f"""
INSERT INTO {staff.name} ({", ".join(_PERSON_COLUMNS)})
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[],
                     $8::int[], $9::timestamptz[])
ON CONFLICT (staff_id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in _PERSON_COLUMNS if c != "staff_id")}
WHERE {staff.name}.version < EXCLUDED.version"""

_BUMP_SQL = f"""
INSERT INTO {feed_scopes.name} (scope, revision) SELECT * FROM unnest($1::text[], $2::bigint[])
ON CONFLICT (scope) DO UPDATE SET revision = {feed_scopes.name}.revision + EXCLUDED.revision"""
"""Each scope raised by its count of bumps, in the order given (sorted: the scope rows are hot, and
every writer locks them in the same order)."""


@dataclass(frozen=True)
class _Touch:
    """A duty leader's change (`touch_entries(during=…)`) the batch has not written: the enterprise's live entries
    overlapping [starts_at, ends_at), but the shift `but_shift`'s, get one more SEQUENCE and this change time."""

    enterprise_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    but_shift: uuid.UUID | None
    changed_at: datetime

    def matches(self, e: Entry) -> bool:
        return (
            e.enterprise_id == self.enterprise_id
            and e.shift_id != self.but_shift
            and e.status == "confirmed"
            and e.starts_at < self.ends_at
            and self.starts_at < e.ends_at
        )


_TOUCH_SQL = f"""
UPDATE {feed_entries.name} AS f SET sequence = f.sequence + t.n, changed_at = t.changed_at
FROM (SELECT e.entry_key, count(*) AS n, max(u.changed_at) AS changed_at
      FROM json_to_recordset($1::json)
           AS u(enterprise_id uuid, starts_at timestamptz, ends_at timestamptz, but_shift uuid, changed_at timestamptz)
      JOIN {feed_entries.name} AS e ON e.enterprise_id = u.enterprise_id AND e.shift_id IS DISTINCT FROM u.but_shift
           AND e.status = 'confirmed' AND e.starts_at < u.ends_at AND u.starts_at < e.ends_at
      WHERE e.shift_id <> ALL($2::uuid[])
      GROUP BY e.entry_key) AS t
WHERE f.entry_key = t.entry_key"""
"""The batch's leader changes on the entries it has not read, in one statement: each entry one more SEQUENCE per
change it overlaps (those it has read were touched as they were read, and are written with the rest)."""

_STALE_DELIVERY = "the shift changed before this reminder was delivered"
_CANCEL_DELIVERIES = (
    update(deliveries)
    .where(deliveries.c.reminder_id == bindparam("rid"), deliveries.c.status == "pending")
    .values(status="cancelled", last_error=_STALE_DELIVERY, updated_at=bindparam("now"))
)

_SHIFT_VERSIONS_SQL = f"SELECT shift_id, version FROM {shifts.name} WHERE shift_id = ANY($1::uuid[]) FOR UPDATE"
_SHIFT_ENTRIES_SQL = f"SELECT * FROM {feed_entries.name} WHERE shift_id = ANY($1::uuid[])"
_SHIFT_REMINDERS_SQL = f"SELECT * FROM {reminders.name} WHERE shift_id = ANY($1::uuid[]) FOR UPDATE"
_SHIFT_ALERTS_SQL = f"SELECT * FROM {check_in_alerts.name} WHERE shift_id = ANY($1::uuid[]) FOR UPDATE"
_STAFF_SQL = f"SELECT * FROM {staff.name} WHERE staff_id = ANY($1::uuid[])"
_NAMES = names_of(*(bindparam(name, type_=UUID(as_uuid=True)) for name in ("enterprise_id", "site_id", "campaign_id")))


_ROWS: dict[type, TypeAdapter[Any]] = {
    KnownShift: TypeAdapter(list[KnownShift]),
    Entry: TypeAdapter(list[Entry]),
    Reminder: TypeAdapter(list[Reminder]),
    CheckInAlert: TypeAdapter(list[CheckInAlert]),
    NewDelivery: TypeAdapter(list[NewDelivery]),
    _Touch: TypeAdapter(list[_Touch]),
}


def _records(rows: Sequence[Any]) -> str:
    """Rows of one dataclass (`_ROWS`) as one JSON array of objects, field by field, for `json_to_recordset`
    (pydantic's compiled encoder, with the type's schema: asyncpg's arrays encoded each element on its own,
    with its checks, at a tenth of the batch's time). Every time is aware, so it travels with its offset."""
    return _ROWS[type(rows[0])].dump_json(rows).decode()


@dataclass
class _State:
    """What the batch has read and changed so far (the changes cleared by each flush, the reads kept
    unless a call may have changed a staged table behind them)."""

    shift_versions: dict[uuid.UUID, int | None] = field(default_factory=dict)
    shifts: dict[uuid.UUID, KnownShift] = field(default_factory=dict)
    entries: dict[uuid.UUID, dict[str, Entry]] = field(default_factory=dict)
    dirty_entries: dict[str, Entry] = field(default_factory=dict)
    reminders: dict[uuid.UUID, dict[uuid.UUID, Reminder]] = field(default_factory=dict)
    reminder_shift: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    new_reminders: set[uuid.UUID] = field(default_factory=set)
    alerts: dict[uuid.UUID, dict[uuid.UUID, CheckInAlert]] = field(default_factory=dict)
    dirty_alerts: dict[tuple[uuid.UUID, uuid.UUID], CheckInAlert] = field(default_factory=dict)
    moved_reminders: set[uuid.UUID] = field(default_factory=set)
    cancel_deliveries: list[tuple[uuid.UUID, datetime]] = field(default_factory=list)
    deliveries: dict[str, NewDelivery] = field(default_factory=dict)
    staff_versions: dict[uuid.UUID, int | None] = field(default_factory=dict)
    persons: dict[uuid.UUID, Person | None] = field(default_factory=dict)
    people: dict[uuid.UUID, tuple[Person, datetime]] = field(default_factory=dict)
    names: dict[
        tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None], tuple[str | None, str | None, str | None, bool]
    ] = field(default_factory=dict)
    bumps: Counter[str] = field(default_factory=Counter)
    touches: list[_Touch] = field(default_factory=list)

    def written(self) -> None:
        """The changes are in the database now: what was read stays, as it is what the database holds."""
        self.shifts, self.dirty_entries, self.people = {}, {}, {}
        self.new_reminders, self.moved_reminders, self.dirty_alerts = set(), set(), {}
        self.cancel_deliveries, self.deliveries, self.bumps, self.touches = [], {}, Counter(), []

    def dirty(self) -> bool:
        return bool(
            self.shifts
            or self.dirty_entries
            or self.new_reminders
            or self.moved_reminders
            or self.dirty_alerts
            or self.cancel_deliveries
            or self.deliveries
            or self.people
            or self.bumps
            or self.touches
        )


EVERY: frozenset[str] | None = None
"""`_Flushing(keeps=EVERY)`: a repository none of whose methods writes a staged table."""


class _Flushing:
    """A repository of the real unit of work whose every call first writes the staged state back.
    `keeps` names the methods that cannot change a staged table (or `EVERY`): after any other the
    batch's reads are dropped, since the database may no longer hold what they say."""

    def __init__(self, target: Any, owner: StagedUnitOfWork, *, keeps: frozenset[str] | None = EVERY) -> None:
        self._target, self._owner, self._keeps = target, owner, keeps

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._target, name)
        owner, keeps = self._owner, self._keeps is EVERY or name in cast("frozenset[str]", self._keeps)

        async def call(*args: Any, **kwargs: Any) -> Any:
            await owner.flush()
            if not keeps:
                owner.forget()
            return await method(*args, **kwargs)

        return call


_REFERENCE_KEEPS = frozenset(
    {"hold_enterprises", "enterprise", "site", "people_with_emails", "put_account", "manager_logins", "department"}
    | {"put_department", "has_account", "inspector_logins", "admin_logins"}
)
_DEADLINE_KEEPS = frozenset(
    {"kind_of", "put_item", "remove_item", "put_mark", "put_published", "put_report", "facts", "campaigns", "told"}
    | {"record_told", "leaders_between"}
)
"""Every method but put_campaign: a campaign's kind says whether an entry is a drill's."""


class StagedShifts(_Flushing):
    def __init__(self, owner: StagedUnitOfWork) -> None:
        reads = frozenset(
            {"get", "revisions", "shown_entries", "feed_rows", "named_entry", "upcoming_shift_ids", "on_duty_during"}
            | {"on_duty_of_person"}
        )
        super().__init__(owner.real.shifts, owner, keeps=reads)
        self.o = owner

    async def upsert(self, shift: KnownShift) -> bool:
        await self.o.load_shifts([shift.shift_id])
        s = self.o.state
        current = s.shift_versions[shift.shift_id]
        if current is not None and current >= shift.version:
            return False
        s.shift_versions[shift.shift_id] = shift.version
        s.shifts[shift.shift_id] = shift
        return True

    async def entries(self, shift_id: uuid.UUID) -> dict[str, Entry]:
        await self.o.load_shifts([shift_id])
        return dict(self.o.state.entries[shift_id])

    async def put_entries(self, entries: list[Entry]) -> None:
        s = self.o.state
        await self.o.load_shifts({e.shift_id for e in entries})
        for e in entries:
            key = e.key
            s.entries[e.shift_id][key] = e
            s.dirty_entries[key] = e

    async def bump_scopes(self, scopes: Iterable[str]) -> None:
        self.o.state.bumps.update(set(scopes))

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
        """A duty leader's change (`during`) staged with the batch: the entries it has read touched now (and those it
        reads later as they are read, `load_shifts`), the others at the flush in one statement; a reference change
        as the real repository does it (flushed first, the batch's reads dropped)."""
        if during is None or enterprise_id is None:
            await self.o.flush()
            self.o.forget()
            return await self.o.real.shifts.touch_entries(
                enterprise_id=enterprise_id, site_id=site_id, campaign_id=campaign_id, changed_at=changed_at, now=now
            )
        touch = _Touch(enterprise_id, during[0], during[1], but_shift, changed_at)
        s = self.o.state
        s.touches.append(touch)
        return sum(self.o.touched(entries, [touch]) for entries in s.entries.values())

    async def named_entry(self, entry_key: str) -> NamedEntry | None:
        """From the batch's entries (a shift's are all read at once), with the names of its enterprise, site and
        campaign read once per batch (a notice of every reassignment asks for two entries)."""
        shift_id = shift_of_key(entry_key)
        s = self.o.state
        if shift_id not in s.entries:  # not one of the batch's shifts: the database has it as it is
            await self.o.flush()
            return await self.o.real.shifts.named_entry(entry_key)
        entry = s.entries[shift_id].get(entry_key)
        if entry is None:
            return None
        names = s.names.get(key := (entry.enterprise_id, entry.site_id, entry.campaign_id))
        if names is None:
            values = {"enterprise_id": key[0], "site_id": key[1], "campaign_id": key[2]}
            row = (await self.o.session.execute(_NAMES, values)).one()
            names = s.names[key] = (row.enterprise_name, row.manager_phone, row.site_name, row.drill)
        enterprise_name, manager_phone, site_name, drill = names
        return NamedEntry(entry, enterprise_name, manager_phone, site_name, drill)


class StagedReminders(_Flushing):
    def __init__(self, owner: StagedUnitOfWork) -> None:
        super().__init__(owner.real.reminders, owner, keeps=frozenset({"siblings", "page", "lock_due"}))
        self.o = owner

    async def of_shift_for_update(self, shift_id: uuid.UUID, *, only: set[uuid.UUID] | None = None) -> list[Reminder]:
        await self.o.load_shifts([shift_id])
        rows = self.o.state.reminders[shift_id].values()
        return [r for r in rows if only is None or r.staff_id in only]

    async def add(self, planned: list[Reminder]) -> None:
        s = self.o.state
        await self.o.load_shifts({p.shift_id for p in planned})
        for p in planned:
            of_shift = s.reminders[p.shift_id]
            slot = (p.staff_id, p.offset_minutes, p.shift_starts_at)
            if any((r.staff_id, r.offset_minutes, r.shift_starts_at) == slot for r in of_shift.values()):
                continue  # ON CONFLICT (uq_reminders_slot) DO NOTHING
            of_shift[p.id] = p
            s.reminder_shift[p.id] = p.shift_id
            s.new_reminders.add(p.id)

    def _change(self, reminder_id: uuid.UUID, **changes: Any) -> None:
        s = self.o.state
        shift_id = s.reminder_shift.get(reminder_id)
        if shift_id is None:  # not one of the batch's (the database's UPDATE would change nothing)
            return
        of_shift = s.reminders[shift_id]
        of_shift[reminder_id] = replace(of_shift[reminder_id], **changes)
        if reminder_id not in s.new_reminders:
            s.moved_reminders.add(reminder_id)

    def _find(self, reminder_id: uuid.UUID) -> Reminder | None:
        s = self.o.state
        shift_id = s.reminder_shift.get(reminder_id)
        return None if shift_id is None else s.reminders[shift_id][reminder_id]

    async def reschedule(self, moves: list[tuple[uuid.UUID, datetime, datetime]], *, now: datetime) -> None:
        for rid, starts, due in moves:
            self._change(rid, status="scheduled", reason=None, shift_starts_at=starts, due_at=due, updated_at=now)

    async def withdraw(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        for rid, why in reasons:
            found = self._find(rid)
            if found is not None and found.status == "scheduled":
                self._change(rid, status="withdrawn", reason=why, updated_at=now)

    async def skip(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        for rid, why in reasons:
            found = self._find(rid)
            if found is not None and found.status in ("scheduled", "withdrawn"):
                self._change(rid, status="skipped", reason=why, updated_at=now)

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
        await self.o.load_shifts([shift_id])
        for r in self.o.state.reminders[shift_id].values():
            stale = (r.shift_starts_at != starts_at or r.staff_id not in assignees) if current else True
            if stale and (only is None or r.staff_id in only):
                self.o.state.cancel_deliveries.append((r.id, now))


class StagedCheckIns(_Flushing):
    """The batch's shifts' missed check-in alerts, read with them (one statement) and written at the flush (one)."""

    def __init__(self, owner: StagedUnitOfWork) -> None:
        super().__init__(owner.real.check_ins, owner, keeps=frozenset({"lock_due"}))
        self.o = owner

    async def of_shift_for_update(self, shift_id: uuid.UUID) -> dict[uuid.UUID, CheckInAlert]:
        await self.o.load_shifts([shift_id])
        return dict(self.o.state.alerts[shift_id])

    async def put(self, rows: Sequence[CheckInAlert]) -> None:
        s = self.o.state
        await self.o.load_shifts({r.shift_id for r in rows})
        for r in rows:
            before = s.alerts[r.shift_id].get(r.staff_id)
            row = r if before is None else replace(r, created_at=before.created_at)
            s.alerts[r.shift_id][r.staff_id] = s.dirty_alerts[(r.shift_id, r.staff_id)] = row


class StagedPreferences(_Flushing):
    """Preferences are not written by the consumer: `of` answers from what the batch read."""

    def __init__(self, owner: StagedUnitOfWork) -> None:
        super().__init__(owner.real.preferences, owner)
        self.o = owner
        self.known: dict[uuid.UUID, Preferences | None] = {}

    async def of(self, staff_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Preferences]:
        ids = set(staff_ids)
        missing = {i for i in ids if i not in self.known}
        if missing:
            found = await self.o.real.preferences.of(missing)
            self.known.update({i: found.get(i) for i in missing})
        return {i: p for i in ids if (p := self.known[i]) is not None}

    async def put(self, prefs: Preferences, *, keep_secret: bool) -> None:
        await self.o.flush()
        self.known.pop(prefs.staff_id, None)
        await self.o.real.preferences.put(prefs, keep_secret=keep_secret)


class StagedReference(_Flushing):
    def __init__(self, owner: StagedUnitOfWork) -> None:
        # put_person and person are staged here; the names an entry shows change with an enterprise or a site.
        super().__init__(owner.real.reference, owner, keeps=_REFERENCE_KEEPS)
        self.o = owner

    async def put_person(self, person: Person, *, now: datetime) -> bool:
        await self.o.load_staff([person.staff_id])
        s = self.o.state
        current = s.staff_versions[person.staff_id]
        if current is not None and current >= person.version:
            return False
        s.staff_versions[person.staff_id] = person.version
        s.persons[person.staff_id] = person
        s.people[person.staff_id] = (person, now)
        return True

    async def person(self, staff_id: uuid.UUID) -> Person | None:
        await self.o.load_staff([staff_id])
        return self.o.state.persons[staff_id]


class StagedDeliveries(_Flushing):
    """New deliveries (a notice of each reassignment or swap makes some) are staged and written at the flush, all
    in one statement, after the reminders they may refer to. The count `add` answers is of the deliveries new to
    the batch: one whose key the database holds already (an event applied twice) is skipped at the flush, as one
    at a time would skip it, but was counted (its only use here: whether to wake the sender)."""

    def __init__(self, owner: StagedUnitOfWork) -> None:
        super().__init__(owner.real.deliveries, owner)
        self.o = owner

    async def add(self, new: Sequence[NewDelivery]) -> int:
        staged = self.o.state.deliveries
        fresh = [n for n in new if n.dedupe_key not in staged]
        staged.update((n.dedupe_key, n) for n in fresh)
        return len(fresh)


class StagedUnitOfWork:
    """See the module docstring. Entered and left by the caller's real unit of work, not by itself."""

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

    def __init__(self, real: PgUnitOfWork) -> None:
        self.real = real
        self.session: AsyncSession = real.session
        self.state = _State()
        # What the batch will touch: read again in one go after a flush made the read state stale.
        self.wanted_shifts: set[uuid.UUID] = set()
        self.wanted_staff: set[uuid.UUID] = set()
        self.shifts = cast("ShiftRepository", StagedShifts(self))
        self.reminders = cast("ReminderRepository", StagedReminders(self))
        self.check_ins = cast("CheckInAlertRepository", StagedCheckIns(self))
        self.preferences = cast("PreferencesRepository", StagedPreferences(self))
        self.reference = cast("ReferenceRepository", StagedReference(self))
        self.feeds = cast("FeedRepository", _Flushing(real.feeds, self))
        self.deliveries = cast("DeliveryRepository", StagedDeliveries(self))
        self.gaps = cast("GapRepository", _Flushing(real.gaps, self))
        self.inbox = cast("InboxRepository", _Flushing(real.inbox, self))
        self.incidents = cast("LeaderRepository", _Flushing(real.incidents, self))
        self.deadlines = cast("DeadlineRepository", _Flushing(real.deadlines, self, keeps=_DEADLINE_KEEPS))

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        if exc_type is None:
            await self.flush()
        return None

    def savepoint(self) -> AbstractAsyncContextManager[Any]:
        @asynccontextmanager
        async def nested() -> Any:
            await self.flush()
            try:
                async with self.real.savepoint() as sp:
                    yield sp
            except BaseException:
                self.forget()  # what the part staged is undone with it; the reads may be too
                raise
            await self.flush()

        return nested()

    # --- reading for the batch ------------------------------------------------------------------

    async def prefetch(
        self,
        shift_ids: Iterable[uuid.UUID],
        staff_ids: Iterable[uuid.UUID],
        assignees: Iterable[uuid.UUID],
        *,
        named: Iterable[uuid.UUID] = (),
    ) -> None:
        """Read the batch's shifts (with their entries and reminders), people (`staff_ids`: those it writes),
        and the reminder preferences of the assignees and of everyone with a reminder of those shifts. The
        people a notice may name (`named`) are read with the first one asked for, if any is."""
        self.wanted_shifts, self.wanted_staff = set(shift_ids), set(staff_ids)
        await self.load_shifts(self.wanted_shifts)
        await self.load_staff(self.wanted_staff)
        self.wanted_staff.update(named)
        with_reminders = {r.staff_id for of_shift in self.state.reminders.values() for r in of_shift.values()}
        await self.preferences.of({*assignees, *with_reminders})

    async def load_shifts(self, shift_ids: Iterable[uuid.UUID]) -> None:
        s = self.state
        known = s.shift_versions
        missing = [i for i in set(shift_ids) if i not in known]
        if not missing:
            return
        missing += [i for i in self.wanted_shifts - set(missing) if i not in s.shift_versions]
        driver = await self._driver()
        rows = await driver.fetch(_SHIFT_VERSIONS_SQL, missing)
        s.shift_versions.update(dict.fromkeys(missing))
        s.shift_versions.update({row[0]: row[1] for row in rows})
        for shift_id in missing:
            s.entries[shift_id], s.reminders[shift_id], s.alerts[shift_id] = {}, {}, {}
        for record in await driver.fetch(_SHIFT_ENTRIES_SQL, missing):
            entry = entry_from_row(RecordRow(record))
            s.entries[entry.shift_id][record["entry_key"]] = entry
        if s.touches:  # the batch's leader changes not yet written reach these entries too
            for shift_id in missing:
                self.touched(s.entries[shift_id], s.touches)
        for record in await driver.fetch(_SHIFT_REMINDERS_SQL, missing):
            reminder = _reminder(RecordRow(record))
            s.reminders[reminder.shift_id][reminder.id] = reminder
            s.reminder_shift[reminder.id] = reminder.shift_id
        for record in await driver.fetch(_SHIFT_ALERTS_SQL, missing):
            alert = alert_from_row(record)
            s.alerts[alert.shift_id][alert.staff_id] = alert

    def touched(self, entries: dict[str, Entry], touches: Sequence[_Touch]) -> int:
        """Apply `touches` in order to a shift's entries the batch holds, each one it matches one more SEQUENCE (and
        written at the flush); how many."""
        n = 0
        for touch in touches:
            for key, e in entries.items():
                if touch.matches(e):
                    entries[key] = self.state.dirty_entries[key] = replace(
                        e, sequence=e.sequence + 1, changed_at=touch.changed_at
                    )
                    n += 1
        return n

    async def shows_nothing(self, shift_id: uuid.UUID) -> bool:
        """Whether the shift has, as far as the batch has got, neither feed entries nor reminders."""
        await self.load_shifts([shift_id])
        return not self.state.entries[shift_id] and not self.state.reminders[shift_id]

    async def load_staff(self, staff_ids: Iterable[uuid.UUID]) -> None:
        s = self.state
        missing = [i for i in set(staff_ids) if i not in s.staff_versions]
        if not missing:
            return
        missing += [i for i in self.wanted_staff - set(missing) if i not in s.staff_versions]
        rows = await (await self._driver()).fetch(_STAFF_SQL, missing)
        s.staff_versions.update(dict.fromkeys(missing))
        s.persons.update(dict.fromkeys(missing))
        for row in rows:
            person = person_from_row(RecordRow(row))
            s.staff_versions[person.staff_id], s.persons[person.staff_id] = person.version, person

    # --- writing back ---------------------------------------------------------------------------

    async def _driver(self) -> Any:
        """The transaction's asyncpg connection (the bulk writes go to it directly)."""
        return await asyncpg_connection(self.session)

    def forget(self) -> None:
        """Drop what the batch has read (and not flushed): the next staged read reads the database again."""
        self.state = _State()

    async def flush(self) -> None:
        """Write what the batch changed; what it read stays."""
        s = self.state
        if not s.dirty():
            return
        changed = replace(s)  # the changes as they are; `s` keeps the reads
        s.written()
        s = changed
        driver = await self._driver()
        if s.shifts:
            await driver.execute(_SHIFTS_UPSERT_SQL, _records(list(s.shifts.values())))
        if s.dirty_entries:
            await driver.execute(_ENTRIES_UPSERT_SQL, list(s.dirty_entries), _records(list(s.dirty_entries.values())))
        if s.touches:
            await driver.execute(_TOUCH_SQL, _records(s.touches), list(s.entries))
        by_id = {r.id: r for of_shift in s.reminders.values() for r in of_shift.values()}
        if s.moved_reminders:
            await driver.execute(_REMINDER_WRITE_SQL, _records([by_id[i] for i in s.moved_reminders]))
        if s.new_reminders:
            await driver.execute(_REMINDER_INSERT_SQL, _records([by_id[i] for i in s.new_reminders]))
        if s.dirty_alerts:
            await driver.execute(_ALERTS_UPSERT_SQL, _records(list(s.dirty_alerts.values())))
        if s.cancel_deliveries:
            await self.session.execute(
                _CANCEL_DELIVERIES, [{"rid": rid, "now": now} for rid, now in s.cancel_deliveries]
            )
        if s.deliveries:
            await driver.execute(_DELIVERIES_INSERT_SQL, _records(list(s.deliveries.values())))
        if s.people:
            people = list(s.people.values())
            await driver.execute(
                _STAFF_UPSERT_SQL,
                *([getattr(p, c) for p, _ in people] for c in _PERSON_COLUMNS[:-1]),
                [now for _, now in people],
            )
        if s.bumps:
            scopes = sorted(s.bumps.items())
            await driver.execute(_BUMP_SQL, [scope for scope, _ in scopes], [n for _, n in scopes])
