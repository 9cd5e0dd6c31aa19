"""Roster's service layer: one function per command. Each owns its transaction: it
writes the change and its event (outbox) together, then wakes the relay."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lichtruc.events import ROSTER_SOURCE, Assignee, ShiftPlanned, ShiftSnapshot, make_event

from lichtruc import outbox

from .db.tables import outbox as outbox_table
from .db.tables import shifts
from .domain.shifts import check_assignees, check_interval


@dataclass(frozen=True)
class PlanShift:
    enterprise_id: uuid.UUID
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    assignees: tuple[Assignee, ...]
    campaign_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Context:
    """What handlers need from the app: the database, the clock, the relay's doorbell, names."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime]
    notify_relay: Callable[[], None]
    roster_topic: str
    max_shift_length: timedelta


async def plan_shift(*, ctx: Context, cmd: PlanShift) -> dict:
    """Store a draft shift and queue ShiftPlanned in the same transaction."""
    check_interval(cmd.starts_at, cmd.ends_at, max_length=ctx.max_shift_length)
    check_assignees([a.staff_id for a in cmd.assignees])
    shift_id = uuid.uuid4()
    now = ctx.clock()
    data = ShiftPlanned(shift=ShiftSnapshot(
        shift_id=shift_id, campaign_id=cmd.campaign_id, enterprise_id=cmd.enterprise_id, site_id=cmd.site_id,
        duty_type=cmd.duty_type, starts_at=cmd.starts_at.astimezone(UTC), ends_at=cmd.ends_at.astimezone(UTC),
        assignees=cmd.assignees, status="draft", notes=cmd.notes, version=1,
    ))
    event = make_event(data, source=ROSTER_SOURCE, partitionkey=str(cmd.enterprise_id), time=now,
                       subject=f"shifts/{shift_id}")
    row = {
        "id": shift_id, "campaign_id": cmd.campaign_id, "enterprise_id": cmd.enterprise_id, "site_id": cmd.site_id,
        "duty_type": cmd.duty_type, "starts_at": cmd.starts_at, "ends_at": cmd.ends_at,
        "assignees": [a.model_dump(mode="json") for a in cmd.assignees], "status": "draft",
        "notes": cmd.notes, "version": 1, "created_at": now, "updated_at": now,
    }
    async with ctx.sessions.begin() as session:
        await session.execute(shifts.insert().values(**row))
        await outbox.add(session, outbox_table, event, topic=ctx.roster_topic)
    ctx.notify_relay()
    return row


async def get_shift(*, ctx: Context, shift_id: uuid.UUID) -> dict | None:
    async with ctx.sessions() as session:
        row = (await session.execute(select(shifts).where(shifts.c.id == shift_id))).mappings().first()
    return dict(row) if row else None
