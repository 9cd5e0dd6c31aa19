"""Shifts in PostgreSQL: the `shifts` table as `Shift` entities (the people on a shift are
kept on it as JSON; who is booked when lives in `shift_assignments`, see db/bookings.py)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, exists, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.presence import PresenceNote
from ..domain.shifts import OnShift, Shift
from . import lean
from .ports import Owners, ShiftFilter, ShiftOrder, ShiftsBeside, shift_list_kind
from .tables import rewarn_queue, shift_assignments, shifts
from .visibility import visible_where


def _instant(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def to_shift(row: Mapping[Any, Any]) -> Shift:
    return Shift(
        id=row["id"],
        campaign_id=row["campaign_id"],
        enterprise_id=row["enterprise_id"],
        site_id=row["site_id"],
        covers_site_ids=tuple(uuid.UUID(str(c)) for c in row["covers_site_ids"] or ()),
        duty_type=row["duty_type"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        assignees=tuple(
            OnShift(
                uuid.UUID(str(a["staff_id"])),
                a["full_name"],
                a.get("qualified", True),
                _instant(a.get("checked_in_at")),
                PresenceNote.of(a.get("presence")),
                a.get("late_reason"),
            )
            for a in row["assignees"]
        ),
        status=row["status"],
        notes=row["notes"],
        warnings=tuple(row["warnings"] or ()),
        cancel_reason=row["cancel_reason"],
        published_at=row["published_at"],
        version=row["version"],
        edited_version=row["edited_version"],
        continues_shift_id=row["continues_shift_id"],
        handover_reason=row["handover_reason"],
        handover_absent=row["handover_absent"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _row(shift: Shift) -> dict[str, Any]:
    return {
        "id": shift.id,
        "campaign_id": shift.campaign_id,
        "enterprise_id": shift.enterprise_id,
        "site_id": shift.site_id,
        "covers_site_ids": [str(c) for c in shift.covers_site_ids],
        "duty_type": shift.duty_type,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "assignees": [
            {
                "staff_id": str(a.staff_id),
                "full_name": a.full_name,
                "qualified": a.qualified,
                "checked_in_at": a.checked_in_at.isoformat() if a.checked_in_at else None,
                **({"presence": a.presence.as_dict()} if a.presence is not None else {}),
                **({"late_reason": a.late_reason} if a.late_reason is not None else {}),
            }
            for a in shift.assignees
        ],
        "status": shift.status,
        "notes": shift.notes,
        "warnings": [dict(w) for w in shift.warnings],
        "cancel_reason": shift.cancel_reason,
        "published_at": shift.published_at,
        "version": shift.version,
        "edited_version": shift.edited_version,
        "continues_shift_id": shift.continues_shift_id,
        "handover_reason": shift.handover_reason,
        "handover_absent": shift.handover_absent,
        "created_at": shift.created_at,
        "updated_at": shift.updated_at,
    }


def booked(staff_id: uuid.UUID) -> ColumnElement[bool]:
    """The shifts this person is (or was) booked on."""
    sa = shift_assignments
    return exists().where(sa.c.shift_id == shifts.c.id, sa.c.staff_id == staff_id)


def filtered(f: ShiftFilter, visible: Visible) -> Select[Any]:
    conditions = visible_where(visible, shifts.c.enterprise_id)
    if visible.own_only and visible.staff_id is not None:
        conditions.append(booked(visible.staff_id))
    if not visible.drafts:  # what its people were never told of: a draft, or a draft cancelled unpublished
        conditions.append(shifts.c.published_at.is_not(None))
    if f.campaign_id:
        conditions.append(shifts.c.campaign_id == f.campaign_id)
    if f.enterprise_id:
        conditions.append(shifts.c.enterprise_id == f.enterprise_id)
    if f.site_id:
        conditions.append(or_(shifts.c.site_id == f.site_id, shifts.c.covers_site_ids.contains([str(f.site_id)])))
    if f.duty_type:
        conditions.append(shifts.c.duty_type == f.duty_type)
    if f.staff_id:
        conditions.append(booked(f.staff_id))
    if f.overlaps_from:
        conditions.append(shifts.c.ends_at > f.overlaps_from)
    if f.overlaps_to:
        conditions.append(shifts.c.starts_at < f.overlaps_to)
    if f.ended_by:
        conditions.append(shifts.c.ends_at <= f.ended_by)
    if f.statuses:
        conditions.append(shifts.c.status.in_(f.statuses))
    if f.ever_published is not None:
        told = shifts.c.published_at.is_not(None)
        conditions.append(told if f.ever_published else ~told)
    return select(shifts).where(and_(*conditions)) if conditions else select(shifts)


class PgShifts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, stmt: Select[Any]) -> Shift | None:
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_shift(row)

    async def get(self, shift_id: uuid.UUID) -> Shift | None:
        return await self._one(select(shifts).where(shifts.c.id == shift_id))

    async def lock(self, shift_id: uuid.UUID) -> Shift | None:
        rows = await lean.fetch(self.session, lean.LOCK_SHIFT, (shift_id,))
        return to_shift(rows[0]) if rows else None

    async def try_lock_many(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        ids = sorted(set(shift_ids))
        if not ids:
            return []
        return [to_shift(r) for r in await lean.fetch(self.session, lean.LOCK_FREE_SHIFTS, (ids,))]

    async def queue_rewarn(self, shift_ids: Iterable[uuid.UUID]) -> None:
        ids = sorted(set(shift_ids))
        if ids:  # a shift queued already keeps its place (and a queued row another transaction holds: no wait)
            await self.session.execute(
                insert(rewarn_queue).values([{"shift_id": i} for i in ids]).on_conflict_do_nothing()
            )

    async def queued_rewarns(self, limit: int) -> list[uuid.UUID]:
        q = rewarn_queue.c
        rows = await self.session.execute(
            select(q.shift_id).order_by(q.queued_at, q.shift_id).limit(limit).with_for_update(skip_locked=True)
        )
        return list(rows.scalars())

    async def drop_rewarns(self, shift_ids: Iterable[uuid.UUID]) -> None:
        ids = sorted(set(shift_ids))
        if ids:
            await self.session.execute(delete(rewarn_queue).where(rewarn_queue.c.shift_id.in_(ids)))

    async def add(self, shift: Shift) -> None:
        if shift.continues_shift_id is None:
            lean.hold(self.session, lean.INSERT_SHIFT, lean.shift_args(_row(shift)))
        else:
            args = (
                *lean.shift_args(_row(shift)),
                shift.continues_shift_id,
                shift.handover_reason,
                shift.handover_absent,
            )
            lean.hold(self.session, lean.INSERT_CONTINUATION, args)

    async def save(self, shift: Shift) -> None:
        await lean.fetch(self.session, lean.UPDATE_SHIFT, lean.update_args(_row(shift)))

    async def drafts(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> list[Shift]:
        rows = await self.session.execute(
            select(shifts)
            .where(
                shifts.c.campaign_id == campaign_id,
                shifts.c.enterprise_id == enterprise_id,
                shifts.c.status == "draft",
            )
            .order_by(shifts.c.starts_at, shifts.c.id)
            .with_for_update()
        )
        return [to_shift(r) for r in rows.mappings()]

    async def between(
        self,
        *,
        campaign_id: uuid.UUID,
        enterprise_id: uuid.UUID,
        starts_at: datetime,
        ends_at: datetime,
        handed_over: bool = False,
    ) -> list[Shift]:
        live: ColumnElement[bool] = shifts.c.status != "cancelled"
        if handed_over:
            taker = shifts.alias("taker")
            continued = select(taker.c.continues_shift_id).where(
                taker.c.continues_shift_id.is_not(None), taker.c.status != "cancelled"
            )
            live = or_(live, shifts.c.id.in_(continued))
        rows = await self.session.execute(
            select(shifts)
            .where(
                shifts.c.campaign_id == campaign_id,
                shifts.c.enterprise_id == enterprise_id,
                live,
                shifts.c.starts_at < ends_at,
                shifts.c.ends_at > starts_at,
            )
            .order_by(shifts.c.starts_at, shifts.c.id)
        )
        return [to_shift(r) for r in rows.mappings()]

    async def continuing(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        ids = sorted(set(shift_ids))
        if not ids:
            return []
        rows = await self.session.execute(
            select(shifts)
            .where(shifts.c.continues_shift_id.in_(ids), shifts.c.status != "cancelled")
            .order_by(shifts.c.starts_at, shifts.c.id)
        )
        return [to_shift(r) for r in rows.mappings()]

    async def continued(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        ids = sorted(set(shift_ids))
        if not ids:
            return []
        rows = await self.session.execute(select(shifts).where(shifts.c.id.in_(ids)).order_by(shifts.c.id))
        return [to_shift(r) for r in rows.mappings()]

    async def handovers(self, *, campaign_id: uuid.UUID, starts_at: datetime, ends_at: datetime) -> list[Shift]:
        rows = await self.session.execute(
            select(shifts)
            .where(
                shifts.c.continues_shift_id.is_not(None),  # ix_shifts_continues_shift_id
                shifts.c.campaign_id == campaign_id,
                shifts.c.status != "cancelled",
                shifts.c.starts_at >= starts_at,
                shifts.c.starts_at < ends_at,
            )
            .order_by(shifts.c.starts_at, shifts.c.id)
        )
        return [to_shift(r) for r in rows.mappings()]

    async def page(
        self, f: ShiftFilter, *, visible: Visible, page: PageRequest, order: ShiftOrder = "starts_at"
    ) -> Slice[Shift]:
        stmt = filtered(f, visible)
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        kind, latest_first = shift_list_kind(order), order == "-starts_at"
        after = page.after(kind, datetime, uuid.UUID)
        position = tuple_(shifts.c.starts_at, shifts.c.id)
        if after is not None:
            stmt = stmt.where(position < tuple_(*after) if latest_first else position > tuple_(*after))
        keys = (shifts.c.starts_at.desc(), shifts.c.id.desc()) if latest_first else (shifts.c.starts_at, shifts.c.id)
        rows = await self.session.execute(stmt.order_by(*keys).limit(page.limit + 1))
        found = [to_shift(r) for r in rows.mappings()]
        return keyset(found, page.limit, kind, lambda s: (s.starts_at, s.id), total=int(total or 0))

    async def beside(
        self, shift_ids: Collection[uuid.UUID], *, visible: Visible, statuses: Collection[str]
    ) -> ShiftsBeside:
        if not shift_ids:
            return ShiftsBeside([], [])
        asked = filtered(ShiftFilter(), visible).where(shifts.c.id.in_(shift_ids)).cte("asked")
        mine = shifts.c.id.in_(select(asked.c.id))
        # each asked shift's own window, not the union of them: a week of cards pulls only who overlaps them
        near = exists().where(
            asked.c.enterprise_id == shifts.c.enterprise_id,
            asked.c.starts_at < shifts.c.ends_at,
            shifts.c.starts_at < asked.c.ends_at,
        )
        stmt = (
            select(shifts, mine.label("asked_for"))
            .where(or_(mine, and_(shifts.c.status.in_(statuses), near)))
            .order_by(shifts.c.starts_at, shifts.c.id)
        )
        rows = [(to_shift(r), bool(r["asked_for"])) for r in (await self.session.execute(stmt)).mappings()]
        return ShiftsBeside(
            asked=[s for s, own in rows if own], overlapping=[s for s, own in rows if s.status in statuses]
        )

    async def owners(self, shift_id: uuid.UUID) -> Owners | None:
        found = (
            await self.session.execute(
                select(shifts.c.enterprise_id, shifts.c.published_at).where(shifts.c.id == shift_id)
            )
        ).first()
        if found is None:
            return None
        people = await self.session.scalars(
            select(shift_assignments.c.staff_id).where(shift_assignments.c.shift_id == shift_id)
        )
        return Owners(found.enterprise_id, frozenset(people), draft=found.published_at is None)
