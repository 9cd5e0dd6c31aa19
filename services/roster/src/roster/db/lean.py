"""Roster's hot path (plan, reschedule, reassign a shift) in SQL written once, sent straight to
the driver: no statement is built, coerced or compiled per request (SQLAlchemy Core spent more
time on that than asyncpg on the wire), and the driver keeps each one prepared per connection.

- **One read for the rules** (`RULE_FACTS`): the enterprise, the campaign, the sites, the
  people and every active booking of those people near the shift, in one statement.
- **Writes held, then sent together** (`lichtruc.db.HeldWrites`): the inserts of a unit of work (the shift,
  its bookings under the exclusion constraint, the outbox row) wait until the next statement of
  the transaction or its commit, and then leave as one statement (data-modifying CTEs; a bulk import's
  thousands as a few, within the driver's limit of parameters). Anything
  else that runs on the session — a read, an update, a delete — sends them first (`install`), so
  every statement sees the writes before it, in order. INSERTs are held, and UPDATEs only of rows that
  existed before the transaction and that nothing else in it writes (a staff import's changed people):
  an UPDATE of a row inserted in the same statement would not see it.

The statements go to asyncpg's own connection under the session, in its transaction
(`lichtruc.db.driver`): SQLAlchemy's cursor and result around each took about a tenth of a
POST /shifts' CPU (2.54 against 2.79 ms a request, ten rounds alternating in one process,
2026-12-03). What SQLAlchemy did on a failure is done here (`_run`): the refusal is raised as the
`IntegrityError` or `DBAPIError` it raises, so the store's translation (a double booking, a unique
key, unstorable text) is one for both paths, and a broken connection is invalidated with the
pool's older ones. The held writes sent from SQLAlchemy's own statements (`_send_held_writes`, in
its greenlet) still go through it. Every parameter is positional ($1…); JSON goes in and out as
text, so a plain asyncpg connection (the benchmark's baseline) runs the very same statements.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from lichtruc.db import HeldWrites, driver

from ..domain.campaigns import Peak
from ..domain.shifts import Booking, CampaignFacts, SiteFacts, StaffFacts
from . import ports  # a module: the repositories ports names (db/staff.py) hold their writes here

RULE_FACTS = """
SELECT
  (SELECT e.name FROM enterprises e WHERE e.id = $1) AS enterprise_name,
  (SELECT ROW(c.id, c.name, c.starts_at, c.ends_at, c.peaks::text) FROM campaigns c WHERE c.id = $2) AS campaign,
  ARRAY(SELECT ROW(s.id, s.enterprise_id, s.name) FROM sites s WHERE s.id = ANY($3::uuid[])) AS sites,
  ARRAY(
    SELECT ROW(st.id, st.enterprise_id, st.full_name, st.qualifications::text, st.active, e.name, st.person_id)
    FROM staff st JOIN enterprises e ON e.id = st.enterprise_id
    WHERE st.id = ANY($4::uuid[])
  ) AS staff,
  ARRAY(
    SELECT ROW(a.shift_id, a.person_id, a.starts_at, a.ends_at, sh.duty_type, sh.enterprise_id, e.name, sh.status)
    FROM shift_assignments a
    JOIN shifts sh ON sh.id = a.shift_id
    JOIN enterprises e ON e.id = sh.enterprise_id
    WHERE a.person_id IN (SELECT p.person_id FROM staff p WHERE p.id = ANY($4::uuid[]))
      AND a.active AND a.starts_at < $6 AND a.ends_at > $5
  ) AS bookings
"""
"""$1 enterprise, $2 campaign, $3 sites, $4 people, [$5, $6) the window the bookings overlap."""

WRITTEN_COLUMNS = (
    "id, campaign_id, enterprise_id, site_id, covers_site_ids, duty_type, starts_at, ends_at, assignees, "
    "status, notes, warnings, cancel_reason, version, created_at, updated_at"
)
SHIFT_COLUMNS = f"{WRITTEN_COLUMNS}, published_at, edited_version, continues_shift_id, handover_reason, handover_absent"
# A new shift is a draft or, created published, published at its creation: its published_at is then its
# updated_at (Shift.publish sets both to the same instant), so the statement keeps its 16 parameters.
INSERT_SHIFT = (
    f"INSERT INTO shifts ({WRITTEN_COLUMNS}, published_at, edited_version) VALUES "
    "($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9::text::jsonb, $10, $11, $12::text::jsonb, $13, $14, $15, $16, "
    "CASE WHEN $10::varchar = 'draft' THEN NULL ELSE $16::timestamptz END, NULL)"
)
# A shift that takes over the rest of another (a handover, rare): the same, with what it continues and why.
INSERT_CONTINUATION = (
    f"INSERT INTO shifts ({SHIFT_COLUMNS}) VALUES "
    "($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9::text::jsonb, $10, $11, $12::text::jsonb, $13, $14, $15, $16, "
    "CASE WHEN $10::varchar = 'draft' THEN NULL ELSE $16::timestamptz END, NULL, $17, $18, $19)"
)
# In the order of the staff ids, so that two transactions booking the same people wait for each
# other instead of deadlocking; the person behind each record is read in the same statement.
INSERT_BOOKINGS = (
    "INSERT INTO shift_assignments (shift_id, staff_id, person_id, starts_at, ends_at, active) "
    "SELECT $1, s.id, s.person_id, $3, $4, true FROM staff s WHERE s.id = ANY($2::uuid[]) ORDER BY s.id"
)
INSERT_OUTBOX = "INSERT INTO outbox (event_id, topic, key, event_type, payload) VALUES ($1, $2, $3, $4, $5)"

LOCK_SHIFT = f"SELECT {SHIFT_COLUMNS} FROM shifts WHERE id = $1 FOR UPDATE"
UPDATE_SHIFT = (
    "UPDATE shifts SET campaign_id = $2, enterprise_id = $3, site_id = $4, covers_site_ids = $5::text::jsonb, "
    "duty_type = $6, starts_at = $7, ends_at = $8, assignees = $9::text::jsonb, status = $10, notes = $11, "
    "warnings = $12::text::jsonb, cancel_reason = $13, version = $14, updated_at = $15, published_at = $16, "
    "edited_version = $17 WHERE id = $1"
)
MOVE_BOOKINGS = "UPDATE shift_assignments SET starts_at = $2, ends_at = $3 WHERE shift_id = $1"
# A changed shift's neighbours (`ShiftRepository.try_lock_many`): those no other transaction holds, by id.
LOCK_FREE_SHIFTS = f"SELECT {SHIFT_COLUMNS} FROM shifts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED"
# The active bookings overlapping [$2, $3) of the people behind the staff records $1, each said of the record
# asked about (`BookingRepository.near`); one statement where SQLAlchemy's were two, each built per call.
NEAR_BOOKINGS = """
SELECT a.shift_id, asked.id, a.starts_at, a.ends_at, sh.duty_type, sh.enterprise_id, e.name, sh.status
FROM (SELECT DISTINCT ON (st.person_id) st.person_id, st.id FROM staff st WHERE st.id = ANY($1::uuid[])
      ORDER BY st.person_id, st.id) AS asked
JOIN shift_assignments a ON a.person_id = asked.person_id
JOIN shifts sh ON sh.id = a.shift_id
JOIN enterprises e ON e.id = sh.enterprise_id
WHERE a.active AND a.starts_at < $3 AND a.ends_at > $2
"""


def rule_facts_args(
    *,
    enterprise_id: uuid.UUID,
    campaign_id: uuid.UUID,
    site_ids: Sequence[uuid.UUID],
    staff_ids: Sequence[uuid.UUID],
    starts_at: datetime,
    ends_at: datetime,
) -> tuple[Any, ...]:
    return (enterprise_id, campaign_id, list(set(site_ids)), list(set(staff_ids)), starts_at, ends_at)


def rule_facts_of(row: Sequence[Any], *, enterprise_id: uuid.UUID | None) -> ports.RuleFacts:
    """`RULE_FACTS`' one row as the facts (a booking at another enterprise names it; one on a draft says so)."""
    name, campaign, site_rows, staff_rows, booking_rows = row
    facts = None
    if campaign is not None:
        c_id, c_name, c_starts, c_ends, peaks = campaign
        facts = CampaignFacts(
            c_id,
            c_name,
            c_starts,
            c_ends,
            tuple(
                Peak(p["name"], datetime.fromisoformat(p["starts_at"]), datetime.fromisoformat(p["ends_at"]))
                for p in json.loads(peaks) or ()
            ),
        )
    sites = {r[0]: SiteFacts(r[0], r[1], r[2]) for r in site_rows}
    staff = {r[0]: StaffFacts(r[0], r[1], r[2], frozenset(json.loads(r[3])), r[4], r[5], r[6]) for r in staff_rows}
    asked = {s.person_id: s.id for s in staff.values()}  # person → the staff record asked about
    bookings = [
        Booking(
            r[0],
            asked[r[1]],
            r[2],
            r[3],
            r[4],
            r[6] if enterprise_id is not None and r[5] != enterprise_id else None,
            r[7] == "draft",
        )
        for r in booking_rows
        if r[1] in asked
    ]
    return ports.RuleFacts(name, facts, sites, staff, bookings)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def shift_args(values: Mapping[str, Any]) -> tuple[Any, ...]:
    """A shift's row (db/shifts.py `_row`) as INSERT_SHIFT's parameters."""
    return (
        values["id"],
        values["campaign_id"],
        values["enterprise_id"],
        values["site_id"],
        _json(values["covers_site_ids"]),
        values["duty_type"],
        values["starts_at"],
        values["ends_at"],
        _json(values["assignees"]),
        values["status"],
        values["notes"],
        _json(values["warnings"]),
        values["cancel_reason"],
        values["version"],
        values["created_at"],
        values["updated_at"],
    )


def update_args(values: Mapping[str, Any]) -> tuple[Any, ...]:
    """A shift's row as UPDATE_SHIFT's parameters (everything but its creation)."""
    args = shift_args(values)
    return (*args[:14], args[15], values["published_at"], values["edited_version"])


# --- held writes ---------------------------------------------------------------------------------

BATCH_KEY = "lichtruc.roster.write_batch"
CONNECTION_KEY = "lichtruc.roster.connection"
DRIVER_KEY = "lichtruc.roster.driver"


def batch_of(session: AsyncSession) -> HeldWrites:
    """The session's held writes (a new, empty batch the first time)."""
    info = session.sync_session.info
    batch = info.get(BATCH_KEY)
    if batch is None:
        batch = info[BATCH_KEY] = HeldWrites()
    return batch


async def _connection(session: AsyncSession) -> AsyncConnection:
    """The session's connection in its current transaction (asked of the session once per transaction)."""
    connection: AsyncConnection = await _per_transaction(session, CONNECTION_KEY, session.connection)
    return connection


async def _per_transaction(session: AsyncSession, key: str, make: Callable[[], Awaitable[Any]]) -> Any:
    """`make()`'s answer, kept in the session for its current transaction."""
    info = session.sync_session.info
    transaction = session.sync_session.get_transaction()
    cached = info.get(key)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]
    made = await make()
    info[key] = (session.sync_session.get_transaction(), made)
    return made


async def _run(session: AsyncSession, sql: str, args: Sequence[Any]) -> list[Any]:
    """One statement on asyncpg's own connection in the session's transaction (`lichtruc.db.driver`,
    asked once per transaction). A failure is raised as SQLAlchemy raises it for a statement it sends
    itself — `IntegrityError`, `DBAPIError`…, with the DB-API's error as `orig` — and a connection found
    broken is invalidated, with the pool's connections as old as it, as SQLAlchemy does: the store's and
    the edge's translations (a double booking, a unique key, unstorable text, a 503) stay one for both."""
    try:
        connection = await _per_transaction(session, DRIVER_KEY, lambda: driver(session))
        return list(await connection.fetch(sql, *args))
    except SQLAlchemyError:
        raise  # SQLAlchemy's already: a pooled connection found closed, dropped (`driver`)
    except Exception as error:
        raise await _as_sqlalchemy_raises(session, sql, args, error) from error


async def _as_sqlalchemy_raises(session: AsyncSession, sql: str, args: Sequence[Any], error: Exception) -> Exception:
    connection = await _connection(session)
    dialect, raw = connection.dialect, await connection.get_raw_connection()
    dbapi, adapter = dialect.loaded_dbapi, type(raw.dbapi_connection)
    try:
        # What SQLAlchemy's asyncpg adapter raises for the driver's error: the DB-API's error class.
        cast(Any, adapter)._handle_exception_no_connection(dbapi, error)
    except dbapi.Error as dbapi_error:
        broken = dialect.is_disconnect(dbapi_error, raw.dbapi_connection, None)
        if broken:  # as Connection._handle_dbapi_exception: this one and the pool's older ones
            connection.sync_engine.pool._invalidate(raw, dbapi_error)
            await connection.invalidate(dbapi_error)
        return DBAPIError.instance(
            sql, tuple(args), dbapi_error, dbapi.Error, connection_invalidated=broken, dialect=dialect
        )
    except Exception as other:  # not the database's
        return other
    return error


async def flush(session: AsyncSession) -> None:
    """Send the held writes now (before a statement that must see them, and before commit)."""
    batch = session.sync_session.info.get(BATCH_KEY)
    if batch is not None:
        for sql, args in batch.take():
            await _run(session, sql, args)


def hold(session: AsyncSession, sql: str, args: tuple[Any, ...]) -> None:
    """Hold an INSERT until the next statement or the commit."""
    batch_of(session).add(sql, args)


async def fetch(session: AsyncSession, sql: str, args: tuple[Any, ...]) -> list[Any]:
    """Run one of these statements (the held writes first) and return its rows (asyncpg's records: by
    index or by column name)."""
    await flush(session)
    return await _run(session, sql, args)


@event.listens_for(Session, "do_orm_execute")
def _send_held_writes(state: ORMExecuteState) -> None:
    """Before any other statement on a session that holds writes, send them (in the same
    transaction, synchronously: this runs inside SQLAlchemy's greenlet)."""
    batch = state.session.info.get(BATCH_KEY)
    if batch is not None:
        for held in batch.take():
            state.session.connection().exec_driver_sql(*held)
