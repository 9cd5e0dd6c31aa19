"""Notifier's read model of roster's facts: shifts and their feed entries, the feed scopes'
revisions (validators of cached feeds), and the reference data (enterprises, sites, staff)
that feeds and messages show. Interfaces (`ShiftRepository`, `ReferenceRepository`) and their
PostgreSQL implementations; every method works inside the caller's unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import fields, replace
from datetime import datetime
from functools import cache
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, Table, and_, any_, false, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.events_department import DEPARTMENT_KEY

from ..domain.addressees import address_key
from ..domain.entries import Entry
from ..domain.model import (
    DepartmentName,
    EnterpriseRecord,
    FeedRow,
    KnownShift,
    ManagerAccount,
    NamedEntry,
    Person,
    SiteRecord,
)
from ..domain.on_duty import OnDuty
from .raw import asyncpg_connection
from .tables import (
    accounts,
    deadline_campaigns,
    department,
    enterprises,
    feed_entries,
    feed_scopes,
    shifts,
    sites,
    staff,
)


class ShiftRepository(Protocol):
    async def upsert(self, shift: KnownShift) -> bool:
        """Store the snapshot if it is newer than the stored one; True if it was (the row is then locked)."""
        ...

    async def get(self, shift_id: uuid.UUID) -> KnownShift | None: ...

    async def entries(self, shift_id: uuid.UUID) -> dict[str, Entry]:
        """The shift's feed entries by key."""
        ...

    async def put_entries(self, entries: list[Entry]) -> None: ...

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
        """A reference-data change every matching entry still shown shows (of the enterprise, else of the
        site, else of the campaign): one more SEQUENCE, new change time. With `during`: a duty leader's change, the
        enterprise's live entries overlapping that span but those of the shift `but_shift` (its own entries changed
        with it) — each says who leads during it. Returns how many entries."""
        ...

    async def bump_scopes(self, scopes: Iterable[str]) -> None:
        """Mark feeds of these scopes changed. Sorted: a fixed lock order."""
        ...

    async def revisions(self, scopes: Iterable[str]) -> dict[str, int]: ...

    async def shown_entries(
        self,
        *,
        now: datetime,
        staff_id: uuid.UUID | None = None,
        enterprise_id: uuid.UUID | None = None,
        duty_type: str | None = None,
    ) -> list[NamedEntry]:
        """The entries a feed shows (a person's, or an enterprise's whole-shift entries, of one duty type
        if given): confirmed ones and cancelled ones still retained, with their names."""
        ...

    async def feed_rows(
        self,
        *,
        now: datetime,
        staff_id: uuid.UUID | None = None,
        enterprise_id: uuid.UUID | None = None,
        duty_type: str | None = None,
    ) -> list[FeedRow]:
        """`shown_entries`, as the columns a calendar feed needs (the feed's hot path)."""
        ...

    async def named_entry(self, entry_key: str) -> NamedEntry | None:
        """The entry with its names and whether its campaign is a drill, in one statement."""
        ...

    async def upcoming_shift_ids(self, staff_id: uuid.UUID, *, after: datetime) -> list[uuid.UUID]:
        """The shifts the person is confirmed on that start after ``after``."""
        ...

    async def on_duty_during(self, shift_ids: Collection[uuid.UUID]) -> list[OnDuty]:
        """Everyone on a live shift (a confirmed person's entry) of each given shift's enterprise overlapping it —
        the given shifts' own people among them — with their name, phone number and shift's site
        (`domain.on_duty`): one read for all the shifts (a mail's, a round of reminders'). Each person's entry
        once, whatever the number of shifts it overlaps."""
        ...

    async def leaders_of_enterprise(self, enterprise_id: uuid.UUID) -> list[OnDuty]:
        """Everyone on a live leadership shift of the enterprise (`on_duty_during`'s rows, of duty leaders): one read
        for an enterprise's or a duty type's whole feed, each of whose shifts says who leads during it."""
        ...

    async def on_duty_of_person(self, staff_id: uuid.UUID) -> list[OnDuty]:
        """Everyone on a live shift of an enterprise the person is on a live shift of, overlapping one of theirs
        (`on_duty_during`'s rows; the person's own among them): one read for the person's whole feed, each of whose
        shifts says who else is on duty during it, as the portal's "Cùng trực" (QZ26 #7, QZ29 #1)."""
        ...


class ReferenceRepository(Protocol):
    async def hold_enterprises(self, enterprise_ids: Iterable[uuid.UUID]) -> None:
        """Hold these enterprises until the unit of work ends, known here or not yet: another unit of work
        holding one of them waits. Notifier's two consumers (roster's topic, audit's) apply an enterprise's
        managers and its gaps in separate transactions at the same moment; without this each could miss the
        other's rows (the enterprise's alerts made for the gaps committed before it, the gap's alerts made
        for the managers committed before it) and a gap would stay open with no alert. Taken before any
        row of the enterprise or its gaps, in id order (so two batches cannot wait on each other)."""
        ...

    async def enterprise(self, enterprise_id: uuid.UUID, *, lock: bool = False) -> EnterpriseRecord | None: ...

    async def put_enterprise(self, record: EnterpriseRecord, *, now: datetime) -> None:
        """Upsert if newer than the stored version."""
        ...

    async def site(self, site_id: uuid.UUID, *, lock: bool = False) -> SiteRecord | None: ...

    async def put_site(self, record: SiteRecord, *, now: datetime) -> None: ...

    async def person(self, staff_id: uuid.UUID) -> Person | None: ...

    async def people_with_emails(self, emails: Iterable[str]) -> list[Person]:
        """The staff records whose address is one of `emails`, compared trimmed and case-folded
        (`domain.addressees.address_key`): who a manager's address on an enterprise is."""
        ...

    async def put_person(self, person: Person, *, now: datetime) -> bool:
        """Upsert if newer than the stored version; True if applied."""
        ...

    async def put_account(self, account: ManagerAccount, *, now: datetime) -> bool:
        """Store an account's state if newer than the one stored; True if it was."""
        ...

    async def manager_logins(self, enterprise_id: uuid.UUID) -> list[str]:
        """The sign-in addresses of the active manager accounts that act for the enterprise, by login."""
        ...

    async def inspector_logins(self) -> list[str]:
        """The sign-in addresses of the active inspector accounts (the province's inspectors), by login."""
        ...

    async def admin_logins(self) -> list[str]:
        """The sign-in addresses of the active administrator accounts (the Department's), by login."""
        ...

    async def has_account(self, staff_id: uuid.UUID) -> bool | None:
        """Whether the staff member can sign in to the portal: an active account is linked to their record (True),
        none is (False), or notifier cannot tell (None: an account stored before migration 0018 links a record
        not known here until its next event)."""
        ...

    async def department(self) -> DepartmentName | None:
        """The Department's name as last saved (None until roster said it)."""
        ...

    async def put_department(self, record: DepartmentName, *, now: datetime) -> bool:
        """Store the Department's name if its version is newer than the one stored; True if it was."""
        ...


def entry_from_row(row: Any) -> Entry:
    return Entry(
        shift_id=row.shift_id,
        staff_id=row.staff_id,
        enterprise_id=row.enterprise_id,
        site_id=row.site_id,
        duty_type=row.duty_type,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        status=row.status,
        people=tuple(row.people),
        notes=row.notes,
        sequence=row.sequence,
        changed_at=row.changed_at,
        retain_until=row.retain_until,
        cancel_reason=row.cancel_reason,
        handed_to=tuple(row.handed_to),
        campaign_id=row.campaign_id,
        handover=row.handover,
        handover_people=tuple(row.handover_people),
        handover_at=row.handover_at,
        handover_reason=row.handover_reason,
    )


def _named(row: Any) -> NamedEntry:
    return NamedEntry(
        entry=entry_from_row(row),
        enterprise_name=row.enterprise_name,
        manager_phone=row.manager_phone,
        site_name=row.site_name,
        drill=row.drill,
    )


def is_drill(campaign: Table) -> ColumnElement[bool]:
    """Whether an outer-joined campaign is a drill: false when there is none (not known yet)."""
    return func.coalesce(campaign.c.kind == "drill", false())


def _with_names(base: Any, enterprise_id: Any, site_id: Any, campaign_id: Any, *columns: Any) -> Select:
    """`columns` with the names an entry shows: its enterprise's name and manager phone, its site's name (None
    when unknown) and whether its campaign is a drill (false when unknown), outer-joined to `base` by those ids."""
    return (
        select(
            *columns,
            enterprises.c.name.label("enterprise_name"),
            enterprises.c.manager_phone.label("manager_phone"),
            sites.c.name.label("site_name"),
            is_drill(deadline_campaigns).label("drill"),
        )
        .select_from(base)
        .outerjoin(enterprises, enterprises.c.enterprise_id == enterprise_id)
        .outerjoin(sites, sites.c.site_id == site_id)
        .outerjoin(deadline_campaigns, deadline_campaigns.c.campaign_id == campaign_id)
    )


def names_of(enterprise_id: Any, site_id: Any, campaign_id: Any) -> Select:
    """The names `entries_with_names` joins to an entry of that enterprise, site and campaign (one row): for a
    reader that has the entry already."""
    one = select(enterprise_id.label("enterprise_id")).subquery()
    return _with_names(one, one.c.enterprise_id, site_id, campaign_id)


def entries_with_names() -> Select:
    """feed_entries with the names each shows (`_with_names`)."""
    e = feed_entries.c
    return _with_names(feed_entries, e.enterprise_id, e.site_id, e.campaign_id, feed_entries)


def _newer(table: Table, key: str, values: dict[str, Any], *, now: datetime | None = None) -> Any:
    """Insert a read-model row, or overwrite the stored one only with a newer version of it (an
    older or repeated event changes nothing); RETURNING the key says whether it was written."""
    base = insert(table).values(**values)
    changed: dict[str, Any] = {k: base.excluded[k] for k in values if k != key}
    if now is not None:
        changed["updated_at"] = now
    return base.on_conflict_do_update(
        index_elements=[key], set_=changed, where=table.c.version < base.excluded.version
    ).returning(table.c[key])


def _entry_upsert():
    stmt = insert(feed_entries)
    return stmt.on_conflict_do_update(
        index_elements=["entry_key"],
        set_={c.name: stmt.excluded[c.name] for c in feed_entries.columns if c.name != "entry_key"},
    )


_HOLD_ENTERPRISES = text(
    "SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(CAST(:keys AS text[])) AS k"
)

_ENTRY_UPSERT = _entry_upsert()  # one statement, executed with many rows: compiled once

_BUMP = insert(feed_scopes).on_conflict_do_update(
    index_elements=["scope"], set_={"revision": feed_scopes.c.revision + 1}
)


def _entry_values(entry: Entry) -> dict[str, Any]:
    return {
        "entry_key": entry.key,
        "shift_id": entry.shift_id,
        "staff_id": entry.staff_id,
        "enterprise_id": entry.enterprise_id,
        "site_id": entry.site_id,
        "duty_type": entry.duty_type,
        "starts_at": entry.starts_at,
        "ends_at": entry.ends_at,
        "status": entry.status,
        "people": list(entry.people),
        "notes": entry.notes,
        "sequence": entry.sequence,
        "changed_at": entry.changed_at,
        "retain_until": entry.retain_until,
        "cancel_reason": entry.cancel_reason,
        "handed_to": list(entry.handed_to),
        "campaign_id": entry.campaign_id,
        "handover": entry.handover,
        "handover_people": list(entry.handover_people),
        "handover_at": entry.handover_at,
        "handover_reason": entry.handover_reason,
    }


_FEED_ROWS = """
SELECT e.shift_id::text, e.staff_id::text, e.duty_type, e.starts_at, e.ends_at, e.status, e.people, e.notes, e.sequence,
       e.changed_at, e.cancel_reason, e.handed_to, en.name, en.manager_phone, s.name, coalesce(c.kind = 'drill', false),
       e.handover, e.handover_people, e.handover_at, e.handover_reason, e.enterprise_id
FROM feed_entries e
LEFT JOIN enterprises en ON en.enterprise_id = e.enterprise_id
LEFT JOIN sites s ON s.site_id = e.site_id
LEFT JOIN deadline_campaigns c ON c.campaign_id = e.campaign_id
WHERE (e.status = 'confirmed' OR e.retain_until > $1) AND """


_ON_DUTY_SQL = """
SELECT DISTINCT ON (e.entry_key) e.shift_id, e.staff_id, e.enterprise_id, e.duty_type, e.starts_at, e.ends_at,
       coalesce(st.full_name, (SELECT a->>'full_name' FROM jsonb_array_elements(sh.data->'assignees') a
                               WHERE a->>'staff_id' = e.staff_id::text LIMIT 1)),
       st.phone, si.name
FROM feed_entries w
JOIN feed_entries whole ON whole.staff_id IS NULL AND whole.enterprise_id = w.enterprise_id
     AND whole.status = 'confirmed' AND whole.starts_at < w.ends_at AND w.starts_at < whole.ends_at
JOIN feed_entries e ON e.shift_id = whole.shift_id AND e.staff_id IS NOT NULL AND e.status = 'confirmed'
     AND e.starts_at < w.ends_at AND w.starts_at < e.ends_at
LEFT JOIN staff st ON st.staff_id = e.staff_id
LEFT JOIN sites si ON si.site_id = e.site_id
LEFT JOIN shifts sh ON sh.shift_id = e.shift_id
WHERE w.shift_id = ANY($1::uuid[]) AND w.staff_id IS NULL"""
"""`on_duty_during`: the asked shifts' whole-shift entries (indexed by shift), their enterprise's live shifts
overlapping them found by their whole-shift entries (indexed by enterprise), those shifts' people by the shift
(indexed); a name as roster last said it, else as the shift's snapshot carries it."""


_PERSON_ON_DUTY_SQL = """
SELECT DISTINCT ON (e.entry_key) e.shift_id, e.staff_id, e.enterprise_id, e.duty_type, e.starts_at, e.ends_at,
       coalesce(st.full_name, (SELECT a->>'full_name' FROM jsonb_array_elements(sh.data->'assignees') a
                               WHERE a->>'staff_id' = e.staff_id::text LIMIT 1)),
       st.phone, si.name
FROM feed_entries w
JOIN feed_entries whole ON whole.staff_id IS NULL AND whole.enterprise_id = w.enterprise_id
     AND whole.status = 'confirmed' AND whole.starts_at < w.ends_at AND w.starts_at < whole.ends_at
JOIN feed_entries e ON e.shift_id = whole.shift_id AND e.staff_id IS NOT NULL AND e.status = 'confirmed'
     AND e.starts_at < w.ends_at AND w.starts_at < e.ends_at
LEFT JOIN staff st ON st.staff_id = e.staff_id
LEFT JOIN sites si ON si.site_id = e.site_id
LEFT JOIN shifts sh ON sh.shift_id = e.shift_id
WHERE w.staff_id = $1 AND w.status = 'confirmed'"""
_ENTERPRISE_LEADERS_SQL = """
SELECT DISTINCT ON (e.entry_key) e.shift_id, e.staff_id, e.enterprise_id, e.duty_type, e.starts_at, e.ends_at,
       coalesce(st.full_name, (SELECT a->>'full_name' FROM jsonb_array_elements(sh.data->'assignees') a
                               WHERE a->>'staff_id' = e.staff_id::text LIMIT 1)),
       st.phone, si.name
FROM feed_entries whole
JOIN feed_entries e ON e.shift_id = whole.shift_id AND e.staff_id IS NOT NULL AND e.status = 'confirmed'
LEFT JOIN staff st ON st.staff_id = e.staff_id
LEFT JOIN sites si ON si.site_id = e.site_id
LEFT JOIN shifts sh ON sh.shift_id = e.shift_id
WHERE whole.staff_id IS NULL AND whole.enterprise_id = $1 AND whole.duty_type = 'leadership'
  AND whole.status = 'confirmed'"""
"""`leaders_of_enterprise`: the enterprise's live leadership shifts by their whole-shift entries (indexed by enterprise
and duty type), those shifts' people; names as `_ON_DUTY_SQL` finds them."""
"""`on_duty_of_person`: the person's confirmed entries (indexed by person), their enterprise's live shifts
overlapping them by their whole-shift entries (indexed by enterprise), those shifts' people; names as `_ON_DUTY_SQL`
finds them."""


def _feed_filter(
    staff_id: uuid.UUID | None, enterprise_id: uuid.UUID | None, duty_type: str | None, *, first: int
) -> tuple[str, list[Any]]:
    """The WHERE of a feed's entries (a person's, or an enterprise's whole-shift entries of one
    duty type if given) with its arguments, numbered from ``$first``."""
    if staff_id is not None:
        return f"e.staff_id = ${first}", [staff_id]
    if duty_type is not None:
        return f"e.staff_id IS NULL AND e.enterprise_id = ${first} AND e.duty_type = ${first + 1}", [
            enterprise_id,
            duty_type,
        ]
    return f"e.staff_id IS NULL AND e.enterprise_id = ${first}", [enterprise_id]


def _shown_now(now: datetime) -> ColumnElement[bool]:
    return or_(feed_entries.c.status == "confirmed", feed_entries.c.retain_until > now)


def _record(cls: Any, row: Any) -> Any:
    """A read-model record from a row: its columns carry the record's field names."""
    return cls(**{name: getattr(row, name) for name in _field_names(cls)})


@cache
def _field_names(cls: Any) -> tuple[str, ...]:
    """A record type's fields, named once (`dataclasses.fields` builds its tuple again at every call)."""
    return tuple(f.name for f in fields(cls))


def _values(record: Any, **converted: Any) -> dict[str, Any]:
    """The columns of a read-model row from its record (the same names)."""
    return {**{f.name: getattr(record, f.name) for f in fields(record)}, **converted}


def _shift(row: Any) -> KnownShift:
    shift: KnownShift = _record(KnownShift, row)
    return shift


class PgShifts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert(self, shift: KnownShift) -> bool:
        return (await self.session.execute(_newer(shifts, "shift_id", _values(shift)))).first() is not None

    async def get(self, shift_id: uuid.UUID) -> KnownShift | None:
        row = (await self.session.execute(select(shifts).where(shifts.c.shift_id == shift_id))).first()
        return _shift(row) if row is not None else None

    async def entries(self, shift_id: uuid.UUID) -> dict[str, Entry]:
        rows = (await self.session.execute(select(feed_entries).where(feed_entries.c.shift_id == shift_id))).all()
        return {row.entry_key: entry_from_row(row) for row in rows}

    async def put_entries(self, entries: list[Entry]) -> None:
        if entries:
            await self.session.execute(_ENTRY_UPSERT, [_entry_values(e) for e in entries])

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
        if during is not None:
            where = and_(
                feed_entries.c.enterprise_id == enterprise_id,
                feed_entries.c.shift_id != but_shift,
                feed_entries.c.status == "confirmed",
                feed_entries.c.starts_at < during[1],
                during[0] < feed_entries.c.ends_at,
            )
        elif enterprise_id is not None:
            where = feed_entries.c.enterprise_id == enterprise_id
        elif site_id is not None:
            where = feed_entries.c.site_id == site_id
        else:
            where = feed_entries.c.campaign_id == campaign_id
        result = await self.session.execute(
            update(feed_entries)
            .where(and_(where, _shown_now(now)))
            .values(sequence=feed_entries.c.sequence + 1, changed_at=changed_at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def bump_scopes(self, scopes: Iterable[str]) -> None:
        wanted = sorted(set(scopes))
        if wanted:
            await self.session.execute(_BUMP, [{"scope": s, "revision": 1} for s in wanted])

    async def revisions(self, scopes: Iterable[str]) -> dict[str, int]:
        rows = await self.session.execute(
            select(feed_scopes.c.scope, feed_scopes.c.revision).where(feed_scopes.c.scope.in_(list(scopes)))
        )
        return {row.scope: row.revision for row in rows.all()}

    async def shown_entries(
        self,
        *,
        now: datetime,
        staff_id: uuid.UUID | None = None,
        enterprise_id: uuid.UUID | None = None,
        duty_type: str | None = None,
    ) -> list[NamedEntry]:
        query = entries_with_names().where(_shown_now(now))
        if staff_id is not None:
            query = query.where(feed_entries.c.staff_id == staff_id)
        else:
            query = query.where(feed_entries.c.staff_id.is_(None), feed_entries.c.enterprise_id == enterprise_id)
            if duty_type is not None:
                query = query.where(feed_entries.c.duty_type == duty_type)
        return [_named(r) for r in (await self.session.execute(query)).all()]

    # The feed's two statements go straight to asyncpg, written once: a 10,000-entry feed spends
    # most of its time elsewhere in SQLAlchemy's per-row result processing (the two text arrays
    # especially), which asyncpg does in C. Same filters as shown_entries.
    async def feed_rows(
        self,
        *,
        now: datetime,
        staff_id: uuid.UUID | None = None,
        enterprise_id: uuid.UUID | None = None,
        duty_type: str | None = None,
    ) -> list[FeedRow]:
        where, args = _feed_filter(staff_id, enterprise_id, duty_type, first=2)
        rows = await (await self._driver()).fetch(_FEED_ROWS + where, now, *args)
        return [FeedRow(*row) for row in rows]

    async def _driver(self) -> Any:
        """The asyncpg connection under this unit of work's session (its transaction)."""
        return await asyncpg_connection(self.session)

    async def named_entry(self, entry_key: str) -> NamedEntry | None:
        row = (await self.session.execute(entries_with_names().where(feed_entries.c.entry_key == entry_key))).first()
        return _named(row) if row is not None else None

    async def upcoming_shift_ids(self, staff_id: uuid.UUID, *, after: datetime) -> list[uuid.UUID]:
        result = await self.session.execute(
            select(feed_entries.c.shift_id).where(
                feed_entries.c.staff_id == staff_id,
                feed_entries.c.status == "confirmed",
                feed_entries.c.starts_at > after,
            )
        )
        return list(result.scalars().all())

    async def leaders_of_enterprise(self, enterprise_id: uuid.UUID) -> list[OnDuty]:
        rows = await (await self._driver()).fetch(_ENTERPRISE_LEADERS_SQL, enterprise_id)
        return [OnDuty(*row) for row in rows]

    async def on_duty_of_person(self, staff_id: uuid.UUID) -> list[OnDuty]:
        rows = await (await self._driver()).fetch(_PERSON_ON_DUTY_SQL, staff_id)
        return [OnDuty(*row) for row in rows]

    async def on_duty_during(self, shift_ids: Collection[uuid.UUID]) -> list[OnDuty]:
        if not shift_ids:
            return []
        rows = await (await self._driver()).fetch(_ON_DUTY_SQL, list(shift_ids))
        return [OnDuty(*row) for row in rows]


def _enterprise(row: Any) -> EnterpriseRecord:
    stored: EnterpriseRecord = _record(EnterpriseRecord, row)
    return replace(stored, manager_emails=tuple(row.manager_emails or ()))


def _site(row: Any) -> SiteRecord:
    site: SiteRecord = _record(SiteRecord, row)
    return site


def person_from_row(row: Any) -> Person:
    person: Person = _record(Person, row)
    return person


class PgReference:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def hold_enterprises(self, enterprise_ids: Iterable[uuid.UUID]) -> None:
        # Transaction-level advisory locks: released by the commit or rollback, and taken again at no
        # cost by the same transaction (a batch holds its enterprises first, then each handler asks).
        # One statement; unnest yields the sorted keys in order, so they are taken in that order.
        keys = sorted({f"notifier enterprise {e}" for e in enterprise_ids})
        if keys:
            await self.session.execute(_HOLD_ENTERPRISES, {"keys": keys})

    async def enterprise(self, enterprise_id: uuid.UUID, *, lock: bool = False) -> EnterpriseRecord | None:
        query = select(enterprises).where(enterprises.c.enterprise_id == enterprise_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return _enterprise(row) if row is not None else None

    async def put_enterprise(self, record: EnterpriseRecord, *, now: datetime) -> None:
        values = _values(record, manager_emails=list(record.manager_emails))
        await self.session.execute(_newer(enterprises, "enterprise_id", values, now=now))

    async def site(self, site_id: uuid.UUID, *, lock: bool = False) -> SiteRecord | None:
        query = select(sites).where(sites.c.site_id == site_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return _site(row) if row is not None else None

    async def put_site(self, record: SiteRecord, *, now: datetime) -> None:
        await self.session.execute(_newer(sites, "site_id", _values(record), now=now))

    async def person(self, staff_id: uuid.UUID) -> Person | None:
        row = (await self.session.execute(select(staff).where(staff.c.staff_id == staff_id))).first()
        return person_from_row(row) if row is not None else None

    async def people_with_emails(self, emails: Iterable[str]) -> list[Person]:
        # A few managers' addresses per call, over the staff table (some thousands of rows): no index needed.
        keys = sorted({k for e in emails if (k := address_key(e))})
        if not keys:
            return []
        query = select(staff).where(func.lower(func.btrim(staff.c.email)).in_(keys))
        return [person_from_row(row) for row in (await self.session.execute(query)).all()]

    async def put_person(self, person: Person, *, now: datetime) -> bool:
        return (await self.session.execute(_newer(staff, "staff_id", _values(person), now=now))).first() is not None

    async def put_account(self, account: ManagerAccount, *, now: datetime) -> bool:
        values = _values(account, enterprise_ids=list(account.enterprise_ids)) | {"staff_known": True}
        base = insert(accounts).values(**values)
        # newer only — or the same version recorded again (`roster publish-accounts`) over a row from before 0018,
        # which knew no staff record
        stmt = base.on_conflict_do_update(
            index_elements=["account_id"],
            set_={k: base.excluded[k] for k in values if k != "account_id"} | {"updated_at": now},
            where=(accounts.c.version < base.excluded.version)
            | ((accounts.c.version == base.excluded.version) & ~accounts.c.staff_known),
        ).returning(accounts.c.account_id)
        return (await self.session.execute(stmt)).first() is not None

    async def has_account(self, staff_id: uuid.UUID) -> bool | None:
        linked = func.bool_or(accounts.c.active & (accounts.c.staff_id == staff_id))
        unknown = func.bool_or(~accounts.c.staff_known & accounts.c.role.in_(("staff", "manager")))
        row = (await self.session.execute(select(linked, unknown))).one()
        return True if row[0] else None if row[1] else False

    async def manager_logins(self, enterprise_id: uuid.UUID) -> list[str]:
        query = (
            select(accounts.c.login)
            .where(accounts.c.role == "manager", accounts.c.active, any_(accounts.c.enterprise_ids) == enterprise_id)
            .order_by(accounts.c.login)
        )
        return list((await self.session.execute(query)).scalars().all())

    async def inspector_logins(self) -> list[str]:
        return await self._logins_of("inspector")

    async def admin_logins(self) -> list[str]:
        return await self._logins_of("admin")

    async def _logins_of(self, role: str) -> list[str]:
        query = select(accounts.c.login).where(accounts.c.role == role, accounts.c.active).order_by(accounts.c.login)
        return list((await self.session.execute(query)).scalars().all())

    async def department(self) -> DepartmentName | None:
        row = (await self.session.execute(select(department))).first()
        return DepartmentName(row.department, row.version) if row is not None else None

    async def put_department(self, record: DepartmentName, *, now: datetime) -> bool:
        values = {"key": DEPARTMENT_KEY, "department": record.department, "version": record.version}
        return (await self.session.execute(_newer(department, "key", values, now=now))).first() is not None
