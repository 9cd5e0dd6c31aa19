"""Who is booked when: one `shift_assignments` row per staff record per shift. The database's
exclusion constraint refuses one person (all their linked staff records) on two overlapping
active shifts, so two concurrent requests cannot both win; `lost_race` names the winner."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, FromClause, and_, delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..domain.errors import Conflict
from ..domain.shifts import Booking, ShiftDraft, double_bookings, raise_double_booking
from . import lean
from .tables import enterprises, shift_assignments, shifts, staff

EXCLUSION_VIOLATION = "23P01"


def overlapping(rows: FromClause, starts_at: datetime, ends_at: datetime) -> list[ColumnElement[bool]]:
    """The double-booking rule's test on `shift_assignments` rows (or an alias of it): an active
    booking overlapping [starts_at, ends_at) — half-open, as the exclusion constraint compares. Match
    the rows' `person_id` to cover every linked record of a person."""
    return [rows.c.active, rows.c.starts_at < ends_at, rows.c.ends_at > starts_at]


class PgBookings:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.attempted: list[Booking] = []
        """Bookings written in this transaction, to name the winner if the database refuses one."""
        self.moved: list[tuple[uuid.UUID, datetime, datetime]] = []
        """Shifts whose bookings were moved in this transaction (read back only if one is refused)."""

    async def near(
        self, staff_ids: Iterable[uuid.UUID], starts_at: datetime, ends_at: datetime, *, enterprise_id: uuid.UUID | None
    ) -> list[Booking]:
        ids = list(set(staff_ids))
        if not ids:
            return []
        rows = await lean.fetch(self.session, lean.NEAR_BOOKINGS, (ids, starts_at, ends_at))
        return [
            Booking(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[6] if enterprise_id is not None and r[5] != enterprise_id else None,
                r[7] == "draft",
            )
            for r in rows
        ]

    async def book(
        self, shift_id: uuid.UUID, staff_ids: Sequence[uuid.UUID], starts_at: datetime, ends_at: datetime
    ) -> None:
        if not staff_ids:
            return
        self.attempted.extend(Booking(shift_id, s, starts_at, ends_at) for s in staff_ids)
        # Held and sent with the transaction's other inserts (db/lean.py), in the order of the
        # staff ids, so that two transactions booking the same people wait for each other
        # instead of deadlocking.
        lean.hold(self.session, lean.INSERT_BOOKINGS, (shift_id, sorted(set(staff_ids)), starts_at, ends_at))

    async def unbook(self, shift_id: uuid.UUID, staff_ids: Iterable[uuid.UUID]) -> None:
        gone = list(staff_ids)
        if gone:
            await self.session.execute(
                delete(shift_assignments).where(
                    shift_assignments.c.shift_id == shift_id, shift_assignments.c.staff_id.in_(gone)
                )
            )

    async def move(self, shift_id: uuid.UUID, starts_at: datetime, ends_at: datetime) -> None:
        self.moved.append((shift_id, starts_at, ends_at))
        await lean.fetch(self.session, lean.MOVE_BOOKINGS, (shift_id, starts_at, ends_at))

    async def release(self, shift_id: uuid.UUID) -> None:
        await self.session.execute(
            update(shift_assignments).where(shift_assignments.c.shift_id == shift_id).values(active=False)
        )

    async def check_in(self, shift_id: uuid.UUID, staff_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(shift_assignments)
            .where(shift_assignments.c.shift_id == shift_id, shift_assignments.c.staff_id == staff_id)
            .values(checked_in_at=at)
        )


def sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def is_exclusion_violation(exc: IntegrityError) -> bool:
    return sqlstate(exc) == EXCLUSION_VIOLATION or "no_double_booking" in str(exc.orig)


CONCURRENT_DOUBLE_BOOKING = (
    "assignees",
    "no-double-booking",
    "A concurrent change booked one of these people at the same time: reload and retry.",
    "Một thay đổi đồng thời vừa xếp trùng giờ một người trong ca này: hãy tải lại và thử lại.",
)


async def lost_race(
    sessions: async_sessionmaker[AsyncSession],
    attempted: Sequence[Booking],
    moved: Sequence[tuple[uuid.UUID, datetime, datetime]] = (),
) -> Conflict:
    """After the database refused a booking, the 409 naming the committed shift it clashed with
    (under any record of the same person); a plain 409 if the winner has been cancelled since.
    `moved`: shifts whose bookings were moved to a new time (their people are read here)."""
    async with sessions() as session:
        sa = shift_assignments
        attempted = list(attempted)
        for shift_id, starts_at, ends_at in moved:
            people = await session.scalars(select(sa.c.staff_id).where(sa.c.shift_id == shift_id))
            attempted += [Booking(shift_id, s, starts_at, ends_at) for s in people]
        for b in attempted:
            person = select(staff.c.person_id).where(staff.c.id == b.staff_id).scalar_subquery()
            row = (
                await session.execute(
                    select(sa.c.shift_id, sa.c.starts_at, sa.c.ends_at, shifts.c.duty_type, enterprises.c.name)
                    .join(shifts, shifts.c.id == sa.c.shift_id)
                    .join(enterprises, enterprises.c.id == shifts.c.enterprise_id)
                    .where(
                        and_(
                            sa.c.person_id == person,
                            sa.c.active,
                            sa.c.shift_id != b.shift_id,
                            sa.c.starts_at < b.ends_at,
                            sa.c.ends_at > b.starts_at,
                        )
                    )
                    .order_by(sa.c.starts_at, sa.c.shift_id)
                    .limit(1)
                )
            ).first()
            if row is None:
                continue
            full_name = await session.scalar(select(staff.c.full_name).where(staff.c.id == b.staff_id))
            draft = ShiftDraft(
                enterprise_id=uuid.UUID(int=0),
                duty_type="",
                starts_at=b.starts_at,
                ends_at=b.ends_at,
                staff_ids=(b.staff_id,),
            )
            other = Booking(row.shift_id, b.staff_id, row.starts_at, row.ends_at, row.duty_type, row.name)
            errors = double_bookings(draft, [other], shift_id=b.shift_id, names={b.staff_id: full_name or ""})
            try:
                raise_double_booking(errors)
            except Conflict as conflict:
                return conflict
    return Conflict(*CONCURRENT_DOUBLE_BOOKING)
