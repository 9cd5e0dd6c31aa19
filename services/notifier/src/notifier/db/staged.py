"""A unit of work for a batch of events: the consumer's per-event handlers run on it unchanged,
while what they read and write on the hot path (shift snapshots, feed entries, feed validators,
reminders, people) is read for the whole batch in a few statements and written back at the end
in a few more, instead of several round trips per event.

`StagedUnitOfWork(uow)` wraps a PostgreSQL unit of work (the batch's one transaction):

- `prefetch(shift_ids, staff_ids)` loads, in one statement each, the stored versions of the
  shifts (their rows locked, as `ShiftRepository.upsert` locks them), their feed entries, their
  reminders (locked) and the stored versions of the people;
- the staged methods (`shifts.upsert/entries/put_entries/bump_scopes`, `reminders.of_shift_for_update/
  add/reschedule/withdraw/cancel_stale_deliveries`, `preferences.of`, `reference.put_person`) answer from
  and write to that state with the PostgreSQL implementations' rules (newer versions only, a
  reminder slot taken once, withdraw only what is scheduled…); what was not prefetched is loaded
  on first use;
- `flush()` writes the state back: shifts, entries, reminders (moved ones before new ones, so a
  slot freed in the batch can be taken again), cancelled deliveries, people, then the feed scopes'
  revisions (each raised by as many bumps as the events made, as one at a time would);
- any other repository method (an enterprise or a gap event, a handler added later) flushes first
  and then runs on the real unit of work, so it sees everything before it; the staged state is
  read again afterwards.

Same rows as one event at a time (tests/notifier/test_batch_consumer.py compares them).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from types import TracebackType
from typing import Any, Self, cast

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.entries import Entry
from ..domain.model import KnownShift, Person, Preferences, Reminder
from .deadlines import DeadlineRepository
from .deliveries import DeliveryRepository
from .feeds import FeedRepository
from .gaps import GapRepository
from .inbox import InboxRepository
from .incidents import LeaderRepository
from .preferences import PreferencesRepository
from .readmodel import ReferenceRepository, ShiftRepository, _entry_values, entry_from_row
from .reminders import ReminderRepository, _reminder
from .tables import deliveries, feed_entries, feed_scopes, reminders, shifts, staff
from .uow import PgUnitOfWork


def _upsert_newer(table: Any, key: str, columns: Sequence[str]) -> Any:
    """Insert, or overwrite only with a newer version (executed with many rows)."""
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[key],
        set_={c: stmt.excluded[c] for c in columns if c != key},
        where=table.c.version < stmt.excluded.version,
    )


def _upsert_sql(table: Any, key: str, columns: Sequence[str], *, newer: bool) -> str:
    """The same upsert as plain SQL with $n parameters, for asyncpg's executemany (the batch's bulk
    writes: encoding the rows there is several times cheaper than through SQLAlchemy's parameters)."""
    values = ", ".join(f"${i + 1}" for i in range(len(columns)))
    changes = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
    only_newer = f" WHERE {table.name}.version < EXCLUDED.version" if newer else ""
    return (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({values}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {changes}{only_newer}"
    )


_SHIFT_COLUMNS = [f.name for f in fields(KnownShift)]
_PERSON_COLUMNS = [f.name for f in fields(Person)] + ["updated_at"]
_SHIFTS_UPSERT_SQL = _upsert_sql(shifts, "shift_id", _SHIFT_COLUMNS, newer=True)
_ENTRY_COLUMNS = [c.name for c in feed_entries.columns]
_ENTRIES_UPSERT_SQL = _upsert_sql(feed_entries, "entry_key", _ENTRY_COLUMNS, newer=False)
_NEW_REMINDER_COLUMNS = [
    "id",
    "shift_id",
    "staff_id",
    "offset_minutes",
    "shift_starts_at",
    "due_at",
    "status",
    "reason",
    "created_at",
    "updated_at",
]
_REMINDER_INSERT_SQL = (
    f"INSERT INTO {reminders.name} ({', '.join(_NEW_REMINDER_COLUMNS)}) "
    f"VALUES ({', '.join(f'${i + 1}' for i in range(len(_NEW_REMINDER_COLUMNS)))}) "
    "ON CONFLICT ON CONSTRAINT uq_reminders_slot DO NOTHING"
)
_REMINDER_WRITE_SQL = (
    f"UPDATE {reminders.name} SET status = $2, reason = $3, shift_starts_at = $4, due_at = $5, updated_at = $6 "
    "WHERE id = $1"
)
_STAFF_UPSERT = _upsert_newer(staff, "staff_id", _PERSON_COLUMNS)
_BUMP_BY = insert(feed_scopes)
_BUMP_BY = _BUMP_BY.on_conflict_do_update(
    index_elements=["scope"], set_={"revision": feed_scopes.c.revision + _BUMP_BY.excluded.revision}
)
_STALE_DELIVERY = "the shift changed before this reminder was delivered"
_CANCEL_DELIVERIES = (
    update(deliveries)
    .where(deliveries.c.reminder_id == bindparam("rid"), deliveries.c.status == "pending")
    .values(status="cancelled", last_error=_STALE_DELIVERY, updated_at=bindparam("now"))
)


@dataclass
class _State:
    """What the batch has read and changed so far (cleared by each flush)."""

    shift_versions: dict[uuid.UUID, int | None] = field(default_factory=dict)
    shifts: dict[uuid.UUID, KnownShift] = field(default_factory=dict)
    entries: dict[uuid.UUID, dict[str, Entry]] = field(default_factory=dict)
    dirty_entries: dict[str, Entry] = field(default_factory=dict)
    reminders: dict[uuid.UUID, dict[uuid.UUID, Reminder]] = field(default_factory=dict)
    reminder_shift: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    new_reminders: set[uuid.UUID] = field(default_factory=set)
    moved_reminders: set[uuid.UUID] = field(default_factory=set)
    cancel_deliveries: list[tuple[uuid.UUID, datetime]] = field(default_factory=list)
    staff_versions: dict[uuid.UUID, int | None] = field(default_factory=dict)
    people: dict[uuid.UUID, tuple[Person, datetime]] = field(default_factory=dict)
    bumps: Counter[str] = field(default_factory=Counter)

    def dirty(self) -> bool:
        return bool(
            self.shifts
            or self.dirty_entries
            or self.new_reminders
            or self.moved_reminders
            or self.cancel_deliveries
            or self.people
            or self.bumps
        )


class _Flushing:
    """A repository of the real unit of work whose every call first writes the staged state back."""

    def __init__(self, target: Any, flush: Callable[[], Awaitable[None]]) -> None:
        self._target, self._flush = target, flush

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._target, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            await self._flush()
            return await method(*args, **kwargs)

        return call


class StagedShifts(_Flushing):
    def __init__(self, owner: StagedUnitOfWork) -> None:
        super().__init__(owner.real.shifts, owner.flush)
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
            s.entries[e.shift_id][e.key] = e
            s.dirty_entries[e.key] = e

    async def bump_scopes(self, scopes: Iterable[str]) -> None:
        self.o.state.bumps.update(set(scopes))


class StagedReminders(_Flushing):
    def __init__(self, owner: StagedUnitOfWork) -> None:
        super().__init__(owner.real.reminders, owner.flush)
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


class StagedPreferences(_Flushing):
    """Preferences are not written by the consumer: `of` answers from what the batch read."""

    def __init__(self, owner: StagedUnitOfWork) -> None:
        super().__init__(owner.real.preferences, owner.flush)
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
        super().__init__(owner.real.reference, owner.flush)
        self.o = owner

    async def put_person(self, person: Person, *, now: datetime) -> bool:
        await self.o.load_staff([person.staff_id])
        s = self.o.state
        current = s.staff_versions[person.staff_id]
        if current is not None and current >= person.version:
            return False
        s.staff_versions[person.staff_id] = person.version
        s.people[person.staff_id] = (person, now)
        return True


class StagedUnitOfWork:
    """See the module docstring. Entered and left by the caller's real unit of work, not by itself."""

    feeds: FeedRepository
    preferences: PreferencesRepository
    shifts: ShiftRepository
    reference: ReferenceRepository
    reminders: ReminderRepository
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
        self.preferences = cast("PreferencesRepository", StagedPreferences(self))
        self.reference = cast("ReferenceRepository", StagedReference(self))
        self.feeds = cast("FeedRepository", _Flushing(real.feeds, self.flush))
        self.deliveries = cast("DeliveryRepository", _Flushing(real.deliveries, self.flush))
        self.gaps = cast("GapRepository", _Flushing(real.gaps, self.flush))
        self.inbox = cast("InboxRepository", _Flushing(real.inbox, self.flush))
        self.incidents = cast("LeaderRepository", _Flushing(real.incidents, self.flush))
        self.deadlines = cast("DeadlineRepository", _Flushing(real.deadlines, self.flush))

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
            async with self.real.savepoint() as sp:
                yield sp
            await self.flush()

        return nested()

    # --- reading for the batch ------------------------------------------------------------------

    async def prefetch(
        self, shift_ids: Iterable[uuid.UUID], staff_ids: Iterable[uuid.UUID], assignees: Iterable[uuid.UUID]
    ) -> None:
        """Read the batch's shifts (with their entries and reminders), people's versions, and the reminder
        preferences of the assignees and of everyone with a reminder of those shifts."""
        self.wanted_shifts, self.wanted_staff = set(shift_ids), set(staff_ids)
        await self.load_shifts(self.wanted_shifts)
        await self.load_staff(self.wanted_staff)
        with_reminders = {r.staff_id for of_shift in self.state.reminders.values() for r in of_shift.values()}
        await self.preferences.of({*assignees, *with_reminders})

    async def load_shifts(self, shift_ids: Iterable[uuid.UUID]) -> None:
        s = self.state
        known = s.shift_versions
        missing = [i for i in set(shift_ids) if i not in known]
        if not missing:
            return
        missing += [i for i in self.wanted_shifts - set(missing) if i not in s.shift_versions]
        rows = await self.session.execute(
            select(shifts.c.shift_id, shifts.c.version).where(shifts.c.shift_id.in_(missing)).with_for_update()
        )
        s.shift_versions.update(dict.fromkeys(missing))
        s.shift_versions.update({row.shift_id: row.version for row in rows})
        for shift_id in missing:
            s.entries[shift_id], s.reminders[shift_id] = {}, {}
        for row in await self.session.execute(select(feed_entries).where(feed_entries.c.shift_id.in_(missing))):
            s.entries[row.shift_id][row.entry_key] = entry_from_row(row)
        for row in await self.session.execute(
            select(reminders).where(reminders.c.shift_id.in_(missing)).with_for_update()
        ):
            s.reminders[row.shift_id][row.id] = _reminder(row)
            s.reminder_shift[row.id] = row.shift_id

    async def load_staff(self, staff_ids: Iterable[uuid.UUID]) -> None:
        s = self.state
        missing = [i for i in set(staff_ids) if i not in s.staff_versions]
        if not missing:
            return
        missing += [i for i in self.wanted_staff - set(missing) if i not in s.staff_versions]
        rows = await self.session.execute(
            select(staff.c.staff_id, staff.c.version).where(staff.c.staff_id.in_(missing))
        )
        s.staff_versions.update(dict.fromkeys(missing))
        s.staff_versions.update({row.staff_id: row.version for row in rows})

    # --- writing back ---------------------------------------------------------------------------

    async def _driver(self) -> Any:
        """The transaction's asyncpg connection (the bulk writes go to it directly)."""
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        return raw.driver_connection

    async def flush(self) -> None:
        """Write what the batch changed; the next staged read reads the database again."""
        s, self.state = self.state, _State()
        if not s.dirty():
            return
        run = self.session.execute
        driver = await self._driver()
        if s.shifts:
            await driver.executemany(
                _SHIFTS_UPSERT_SQL,
                [
                    (
                        k.shift_id,
                        k.enterprise_id,
                        k.version,
                        k.status,
                        json.dumps(k.data),
                        k.last_event_id,
                        k.changed_at,
                    )
                    for k in s.shifts.values()
                ],
            )
        if s.dirty_entries:
            await driver.executemany(
                _ENTRIES_UPSERT_SQL,
                [tuple(v[c] for c in _ENTRY_COLUMNS) for v in map(_entry_values, s.dirty_entries.values())],
            )
        by_id = {r.id: r for of_shift in s.reminders.values() for r in of_shift.values()}
        if s.moved_reminders:
            await driver.executemany(
                _REMINDER_WRITE_SQL,
                [
                    (r.id, r.status, r.reason, r.shift_starts_at, r.due_at, r.updated_at)
                    for r in (by_id[i] for i in s.moved_reminders)
                ],
            )
        if s.new_reminders:
            await driver.executemany(
                _REMINDER_INSERT_SQL,
                [
                    (
                        r.id,
                        r.shift_id,
                        r.staff_id,
                        r.offset_minutes,
                        r.shift_starts_at,
                        r.due_at,
                        r.status,
                        r.reason,
                        r.created_at,
                        r.updated_at,
                    )
                    for r in (by_id[i] for i in s.new_reminders)
                ],
            )
        if s.cancel_deliveries:
            await run(_CANCEL_DELIVERIES, [{"rid": rid, "now": now} for rid, now in s.cancel_deliveries])
        if s.people:
            await run(
                _STAFF_UPSERT,
                [
                    {**{c: getattr(p, c) for c in _PERSON_COLUMNS[:-1]}, "updated_at": now}
                    for p, now in s.people.values()
                ],
            )
        if s.bumps:
            await run(_BUMP_BY, [{"scope": scope, "revision": n} for scope, n in sorted(s.bumps.items())])
