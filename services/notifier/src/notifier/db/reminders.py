"""Reminders: the `ReminderRepository` interface and its PostgreSQL implementation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.scope import Visible

from ..domain.model import Reminder, ReminderFilter
from .feeds import Order, keyset_page, own
from .tables import deliveries, reminders, shifts


class ReminderRepository(Protocol):
    async def of_shift_for_update(self, shift_id: uuid.UUID, *, only: set[uuid.UUID] | None = None) -> list[Reminder]:
        """The shift's reminders (of these people only, if given), locked until the end of the unit of work."""
        ...

    async def add(self, planned: list[Reminder]) -> None:
        """Insert; one for a slot taken already is left out."""
        ...

    async def reschedule(self, moves: list[tuple[uuid.UUID, datetime, datetime]], *, now: datetime) -> None:
        """(id, shift start, due) for each: scheduled again at the new time."""
        ...

    async def withdraw(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        """(id, why) for each still scheduled: withdrawn."""
        ...

    async def skip(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        """(id, why) for each not sent (scheduled or withdrawn): skipped — a notice says it instead."""
        ...

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
        """Cancel the pending (retry-waiting) deliveries of the shift's reminders that are wrong now: all of
        them unless ``current`` (published with assignees); else those of people off the shift or of
        another start time."""
        ...

    async def set_status(self, reminder_id: uuid.UUID, *, status: str, reason: str | None, now: datetime) -> None: ...

    async def siblings(self, reminder: Reminder) -> list[tuple[datetime, str]]:
        """(due, status) of the person's other reminders of the same shift start."""
        ...

    async def lock_due(self, now: datetime, *, limit: int) -> list[Reminder]:
        """Scheduled reminders due by ``now``, oldest first, locked (skipping rows other replicas hold)."""
        ...

    async def page(
        self,
        where: ReminderFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[Reminder]: ...


def _reminder(row: Any) -> Reminder:
    return Reminder(
        id=row.id,
        shift_id=row.shift_id,
        staff_id=row.staff_id,
        offset_minutes=row.offset_minutes,
        shift_starts_at=row.shift_starts_at,
        due_at=row.due_at,
        status=row.status,
        reason=row.reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        dispatched_at=row.dispatched_at,
    )


_INSERT_REMINDER = insert(reminders).on_conflict_do_nothing(constraint="uq_reminders_slot")
_RESCHEDULE = (
    update(reminders)
    .where(reminders.c.id == bindparam("rid"))
    .values(
        status="scheduled",
        reason=None,
        shift_starts_at=bindparam("starts"),
        due_at=bindparam("due"),
        updated_at=bindparam("now"),
    )
)
_WITHDRAW = (
    update(reminders)
    .where(reminders.c.id == bindparam("rid"), reminders.c.status == "scheduled")
    .values(status="withdrawn", reason=bindparam("why"), updated_at=bindparam("now"))
)

_SKIP = (
    update(reminders)
    .where(reminders.c.id == bindparam("rid"), reminders.c.status.in_(("scheduled", "withdrawn")))
    .values(status="skipped", reason=bindparam("why"), updated_at=bindparam("now"))
)


def visible_reminders(visible: Visible) -> ColumnElement[bool] | None:
    """One's own reminders, and those of the visible enterprises' shifts (own only: one's own)."""
    if visible.own_only:
        return own(reminders.c.staff_id, visible)
    if visible.enterprises is None:
        return None
    managed_shifts = select(shifts.c.shift_id).where(shifts.c.enterprise_id.in_(visible.enterprises))
    return or_(own(reminders.c.staff_id, visible), reminders.c.shift_id.in_(managed_shifts))


class PgReminders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_shift_for_update(self, shift_id: uuid.UUID, *, only: set[uuid.UUID] | None = None) -> list[Reminder]:
        query = select(reminders).where(reminders.c.shift_id == shift_id)
        if only is not None:
            query = query.where(reminders.c.staff_id.in_(list(only)))
        return [_reminder(r) for r in (await self.session.execute(query.with_for_update())).all()]

    async def add(self, planned: list[Reminder]) -> None:
        if planned:
            await self.session.execute(
                _INSERT_REMINDER,
                [
                    {
                        "id": p.id,
                        "shift_id": p.shift_id,
                        "staff_id": p.staff_id,
                        "offset_minutes": p.offset_minutes,
                        "shift_starts_at": p.shift_starts_at,
                        "due_at": p.due_at,
                        "status": p.status,
                        "reason": p.reason,  # a reminder stored skipped says why (`domain.reminders.TOLD`)
                        "created_at": p.created_at,
                        "updated_at": p.updated_at,
                    }
                    for p in planned
                ],
            )

    async def reschedule(self, moves: list[tuple[uuid.UUID, datetime, datetime]], *, now: datetime) -> None:
        if moves:
            await self.session.execute(
                _RESCHEDULE, [{"rid": rid, "starts": starts, "due": due, "now": now} for rid, starts, due in moves]
            )

    async def withdraw(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        if reasons:
            await self.session.execute(_WITHDRAW, [{"rid": rid, "why": why, "now": now} for rid, why in reasons])

    async def skip(self, reasons: list[tuple[uuid.UUID, str]], *, now: datetime) -> None:
        if reasons:
            await self.session.execute(_SKIP, [{"rid": rid, "why": why, "now": now} for rid, why in reasons])

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
        stale = (
            or_(reminders.c.shift_starts_at != starts_at, reminders.c.staff_id.notin_(list(assignees)))
            if current
            else reminders.c.id.isnot(None)
        )
        subject = select(reminders.c.id).where(reminders.c.shift_id == shift_id, stale)
        if only is not None:
            subject = subject.where(reminders.c.staff_id.in_(list(only)))
        await self.session.execute(
            update(deliveries)
            .where(deliveries.c.reminder_id.in_(subject), deliveries.c.status == "pending")
            .values(
                status="cancelled", last_error="the shift changed before this reminder was delivered", updated_at=now
            )
        )

    async def set_status(self, reminder_id: uuid.UUID, *, status: str, reason: str | None, now: datetime) -> None:
        values: dict[str, Any] = {"status": status, "reason": reason, "updated_at": now}
        if status == "dispatched":
            values["dispatched_at"] = now
        await self.session.execute(update(reminders).where(reminders.c.id == reminder_id).values(**values))

    async def siblings(self, reminder: Reminder) -> list[tuple[datetime, str]]:
        rows = await self.session.execute(
            select(reminders.c.due_at, reminders.c.status).where(
                reminders.c.shift_id == reminder.shift_id,
                reminders.c.staff_id == reminder.staff_id,
                reminders.c.shift_starts_at == reminder.shift_starts_at,
                reminders.c.id != reminder.id,
            )
        )
        return [(due, status) for due, status in rows.all()]

    async def lock_due(self, now: datetime, *, limit: int) -> list[Reminder]:
        rows = await self.session.execute(
            select(reminders)
            .where(reminders.c.status == "scheduled", reminders.c.due_at <= now)
            .order_by(reminders.c.due_at, reminders.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_reminder(r) for r in rows.all()]

    async def page(
        self,
        where: ReminderFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[Reminder]:
        query = select(reminders)
        if (narrowed := visible_reminders(visible)) is not None:
            query = query.where(narrowed)
        if where.staff_id is not None:
            query = query.where(reminders.c.staff_id == where.staff_id)
        if where.shift_id is not None:
            query = query.where(reminders.c.shift_id == where.shift_id)
        if where.status is not None:
            query = query.where(reminders.c.status == where.status)
        if where.due_from is not None:
            query = query.where(reminders.c.due_at >= where.due_from)
        if where.due_to is not None:
            query = query.where(reminders.c.due_at < where.due_to)
        query = keyset_page(query, reminders.c.created_at, reminders.c.id, after=after, order=order, limit=limit)
        return [_reminder(r) for r in (await self.session.execute(query)).all()]
