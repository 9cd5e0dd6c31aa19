"""What every handler works with: the app's context, and the unit of work that owns one
transaction — the change, its outbox events and (for a POST with Idempotency-Key) the
stored response commit together or not at all."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc import outbox
from lichtruc.events import ROSTER_SOURCE, EventData, make_event

from ..db.tables import enterprises, shift_assignments, shifts, staff
from ..db.tables import outbox as outbox_table
from ..domain.errors import Conflict
from ..domain.shifts import Booking, RuleLimits, ShiftDraft, double_bookings, raise_double_booking
from .credentials import Credentials

EXCLUSION_VIOLATION = "23P01"
UNIQUE_VIOLATION = "23505"
RETRYABLE = {"40001": "serialization failure", "40P01": "deadlock"}


@dataclass(frozen=True)
class Context:
    """What handlers need from the app: the database, the clock, the relay's doorbell, names,
    limits, and what signing in needs (hasher, signing key, throttles)."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime]
    notify_relay: Callable[[], None]
    roster_topic: str
    limits: RuleLimits = field(default_factory=RuleLimits)
    import_max_rows: int = 2000
    import_max_bytes: int = 4_194_304
    idempotency_ttl: timedelta = timedelta(hours=24)
    list_max_limit: int = 500
    credentials: Credentials | None = None


@dataclass
class UnitOfWork:
    """One transaction: handlers write rows and `emit` events; the owner commits."""

    ctx: Context
    session: AsyncSession
    actor: str | None
    now: datetime
    emitted: int = 0
    # Bookings written in this transaction, to name the winner if the database refuses one.
    bookings: list[Booking] = field(default_factory=list)

    async def emit(self, data: EventData, *, key: uuid.UUID | str, subject: str) -> None:
        """Queue an event in this transaction's outbox (it leaves only if the transaction commits)."""
        event = make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=self.now, subject=subject)
        await outbox.add(self.session, outbox_table, event, topic=self.ctx.roster_topic)
        self.emitted += 1


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)


def _is_exclusion_violation(exc: IntegrityError) -> bool:
    return _sqlstate(exc) == EXCLUSION_VIOLATION or "no_double_booking" in str(exc.orig)


async def _lost_race(ctx: Context, attempted: list[Booking]) -> Conflict | None:
    """After the database refused a booking, find the committed shift it clashed with (under any
    record of the same person)."""
    async with ctx.sessions() as session:
        sa = shift_assignments
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
    return None


@contextlib.asynccontextmanager
async def unit_of_work(ctx: Context, *, actor: str | None = None) -> AsyncIterator[UnitOfWork]:
    """Open a transaction; commit when the block ends normally, roll back on any error, then
    wake the outbox relay if events were written.

    A double booking that slipped past the handler's check (two requests at once) is refused
    by the database's exclusion constraint; it comes out as the same 409 Conflict, naming the
    shift that won.
    """
    uow: UnitOfWork | None = None
    try:
        async with ctx.sessions.begin() as session:
            uow = UnitOfWork(ctx=ctx, session=session, actor=actor, now=ctx.clock())
            yield uow
    except IntegrityError as exc:
        if uow is not None and _is_exclusion_violation(exc):
            conflict = await _lost_race(ctx, uow.bookings)
            if conflict is None:  # the winner has been cancelled since: still, this request lost
                conflict = Conflict(
                    "assignees",
                    "no-double-booking",
                    "A concurrent change booked one of these people at the same time: reload and retry.",
                    "Một thay đổi đồng thời vừa xếp trùng giờ một người trong ca này: hãy tải lại và thử lại.",
                )
            raise conflict from exc
        if _sqlstate(exc) == UNIQUE_VIOLATION:  # a concurrent request took the same name, e-mail or year
            constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None) or "a unique key"
            # The Vietnamese message names no key: the constraint stays in its own field.
            raise Conflict(
                "request",
                "unique",
                f"A concurrent request registered the same value ({constraint}) first: reload and retry.",
                "Một yêu cầu đồng thời vừa ghi cùng giá trị trước: hãy tải lại và thử lại.",
                constraint=constraint,
            ) from exc
        raise
    except DBAPIError as exc:
        reason = RETRYABLE.get(_sqlstate(exc) or "")
        if reason is None:
            raise
        raise Conflict(
            "request",
            "concurrent-change",
            f"A concurrent change to the same data won ({reason}); nothing was changed: reload and retry.",
            "Một thay đổi đồng thời trên cùng dữ liệu đã được ghi trước; chưa có gì thay đổi: hãy tải lại và thử lại.",
        ) from exc
    if uow is not None and uow.emitted:
        ctx.notify_relay()
