"""Applying roster facts to notifier's read model: shifts and their feed entries, and the
reference data (enterprises, sites, staff) that feeds and messages show.

Every function runs inside the caller's transaction (the one that records the event in
the inbox) and tolerates stale versions: an older version arriving late changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.events import CloudEvent, EnterpriseRegistered, ShiftSnapshot, SiteRegistered, StaffJoined

from ..db.tables import enterprises, feed_entries, feed_scopes, shifts, sites, staff
from ..domain.entries import Entry, reconcile_entries, reference_change_is_visible

REFERENCE_SCOPE = "reference"


def person_scope(staff_id: uuid.UUID) -> str:
    return f"person:{staff_id}"


def enterprise_scope(enterprise_id: uuid.UUID) -> str:
    return f"enterprise:{enterprise_id}"


_BUMP = insert(feed_scopes).on_conflict_do_update(
    index_elements=["scope"], set_={"revision": feed_scopes.c.revision + 1}
)


async def bump_scopes(session: AsyncSession, scopes: Iterable[str]) -> None:
    """Mark feeds of these scopes changed (validators of cached feeds). Sorted: a fixed lock order."""
    wanted = sorted(set(scopes))
    if wanted:
        await session.execute(_BUMP, [{"scope": s, "revision": 1} for s in wanted])


# --- shifts and feed entries ---------------------------------------------------------------------


async def upsert_shift(session: AsyncSession, event: CloudEvent, shift: ShiftSnapshot) -> bool:
    """Store the snapshot if it is newer than what we have; True if it was (the row is then locked)."""
    values = {
        "shift_id": shift.shift_id,
        "enterprise_id": shift.enterprise_id,
        "version": shift.version,
        "status": shift.status,
        "data": shift.model_dump(mode="json"),
        "last_event_id": event.id,
        "changed_at": event.time,
    }
    stmt = insert(shifts).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["shift_id"],
        set_={k: stmt.excluded[k] for k in values if k != "shift_id"},
        where=shifts.c.version < stmt.excluded.version,
    ).returning(shifts.c.shift_id)
    return (await session.execute(stmt)).first() is not None


def entry_from_row(row) -> Entry:
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
    )


def _entry_upsert():
    stmt = insert(feed_entries)
    return stmt.on_conflict_do_update(
        index_elements=["entry_key"],
        set_={c.name: stmt.excluded[c.name] for c in feed_entries.columns if c.name != "entry_key"},
    )


_ENTRY_UPSERT = _entry_upsert()  # one statement, executed with many rows: compiled once


def _entry_values(entry: Entry) -> dict:
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
    }


async def sync_entries(
    session: AsyncSession,
    shift: ShiftSnapshot,
    *,
    changed_at: datetime,
    retention: timedelta,
    reason: str | None = None,
) -> set[str]:
    """Bring the shift's feed entries in line with the snapshot; returns the feed scopes it changed
    (for the caller to bump last: the scope rows are hot, their locks are best held briefly)."""
    rows = (await session.execute(select(feed_entries).where(feed_entries.c.shift_id == shift.shift_id))).all()
    existing = {row.entry_key: entry_from_row(row) for row in rows}
    changes = reconcile_entries(shift, existing, changed_at=changed_at, retention=retention, reason=reason)
    if not changes:
        return set()
    await session.execute(_ENTRY_UPSERT, [_entry_values(e) for e in changes])
    scopes = {enterprise_scope(e.enterprise_id) for e in changes}
    scopes |= {enterprise_scope(existing[e.key].enterprise_id) for e in changes if e.key in existing}
    scopes |= {person_scope(e.staff_id) for e in changes if e.staff_id is not None}
    return scopes


def _shown_now(now: datetime):
    return or_(feed_entries.c.status == "confirmed", feed_entries.c.retain_until > now)


async def _bump_entries(session: AsyncSession, where, *, changed_at: datetime, now: datetime) -> int:
    """A reference-data change every matching entry shows: one more SEQUENCE, new change time."""
    result = await session.execute(
        update(feed_entries)
        .where(and_(where, _shown_now(now)))
        .values(sequence=feed_entries.c.sequence + 1, changed_at=changed_at)
    )
    return result.rowcount or 0


# --- reference data ------------------------------------------------------------------------------


async def apply_enterprise(
    session: AsyncSession, event: CloudEvent, data: EnterpriseRegistered, *, now: datetime
) -> bool:
    """Upsert an enterprise (EnterpriseRegistered or a later full-state update); True if applied."""
    old = (
        await session.execute(
            select(enterprises).where(enterprises.c.enterprise_id == data.enterprise_id).with_for_update()
        )
    ).first()
    if old is not None and old.version >= data.version:
        return False
    values = {
        "enterprise_id": data.enterprise_id,
        "name": data.name,
        "sector": data.sector,
        "manager_phone": data.manager_phone,
        "manager_emails": list(data.manager_emails),
        "version": data.version,
    }
    stmt = insert(enterprises).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["enterprise_id"],
        set_={**{k: stmt.excluded[k] for k in values if k != "enterprise_id"}, "updated_at": now},
        where=enterprises.c.version < stmt.excluded.version,
    )
    await session.execute(stmt)
    before = None if old is None else (old.name, old.manager_phone)
    if reference_change_is_visible(before, (data.name, data.manager_phone)):
        await _bump_entries(session, feed_entries.c.enterprise_id == data.enterprise_id, changed_at=event.time, now=now)
        await bump_scopes(session, [REFERENCE_SCOPE])
    return True


async def apply_site(session: AsyncSession, event: CloudEvent, data: SiteRegistered, *, now: datetime) -> bool:
    old = (await session.execute(select(sites).where(sites.c.site_id == data.site_id).with_for_update())).first()
    if old is not None and old.version >= data.version:
        return False
    values = {
        "site_id": data.site_id,
        "enterprise_id": data.enterprise_id,
        "name": data.name,
        "kind": data.kind,
        "district": data.district,
        "border_area": data.border_area,
        "version": data.version,
    }
    stmt = insert(sites).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["site_id"],
        set_={**{k: stmt.excluded[k] for k in values if k != "site_id"}, "updated_at": now},
        where=sites.c.version < stmt.excluded.version,
    )
    await session.execute(stmt)
    if reference_change_is_visible(None if old is None else (old.name,), (data.name,)):
        await _bump_entries(session, feed_entries.c.site_id == data.site_id, changed_at=event.time, now=now)
        await bump_scopes(session, [REFERENCE_SCOPE])
    return True


async def apply_staff(session: AsyncSession, data: StaffJoined, *, now: datetime) -> bool:
    """Upsert a person (StaffJoined/StaffUpdated carry the whole state); True if applied."""
    values = {
        "staff_id": data.staff_id,
        "enterprise_id": data.enterprise_id,
        "full_name": data.full_name,
        "email": data.email,
        "phone": data.phone,
        "language": data.language,
        "active": data.active,
        "version": data.version,
    }
    stmt = insert(staff).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["staff_id"],
        set_={**{k: stmt.excluded[k] for k in values if k != "staff_id"}, "updated_at": now},
        where=staff.c.version < stmt.excluded.version,
    ).returning(staff.c.staff_id)
    applied = (await session.execute(stmt)).first() is not None
    if applied:  # the feed's title and language follow the person
        await bump_scopes(session, [person_scope(data.staff_id)])
    return applied
