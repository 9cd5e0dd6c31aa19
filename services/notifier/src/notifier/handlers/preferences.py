"""A person's notification preferences: language, channels, reminder offsets, quiet hours,
their own webhook. Changing them re-plans the person's reminders of shifts not started yet,
in the same transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from ..db.tables import preferences, staff
from ..domain.texts import Lang
from .context import Context
from .readmodel import bump_scopes, person_scope
from .reminders import replan_person

KEEP = object()
"""Marker: leave the stored webhook secret as it is (secrets are write-only)."""


@dataclass(frozen=True)
class PreferencesIn:
    language: Lang | None
    channels: tuple[str, ...]
    reminder_offsets_minutes: tuple[int, ...] | None
    quiet_start: time | None
    quiet_end: time | None
    webhook_url: str | None
    webhook_secret: object = KEEP  # str | None | KEEP


async def get_preferences(*, ctx: Context, staff_id: uuid.UUID) -> dict:
    """The preferences as they apply (defaults filled in) and what notifier knows of the person."""
    async with ctx.sessions() as session:
        pref = (await session.execute(select(preferences).where(preferences.c.staff_id == staff_id))).first()
        person = (await session.execute(select(staff).where(staff.c.staff_id == staff_id))).first()
    default_offsets = list(ctx.settings.reminder_offsets_minutes)
    return {
        "staff_id": staff_id,
        "known_person": person is not None,
        "full_name": person.full_name if person is not None else None,
        "email": person.email if person is not None else None,
        "language": (pref.language if pref is not None and pref.language else None)
        or (person.language if person is not None else "vi"),
        "language_set": pref.language if pref is not None else None,
        "channels": list(pref.channels) if pref is not None else ["email"],
        "reminder_offsets_minutes": list(pref.reminder_offsets_minutes)
        if pref is not None and pref.reminder_offsets_minutes is not None
        else default_offsets,
        "uses_default_offsets": pref is None or pref.reminder_offsets_minutes is None,
        "quiet_hours": {"start": pref.quiet_start, "end": pref.quiet_end}
        if pref is not None and pref.quiet_start is not None
        else None,
        "webhook_url": pref.webhook_url if pref is not None else None,
        "has_webhook_secret": bool(pref is not None and pref.webhook_secret),
        "updated_at": pref.updated_at if pref is not None else None,
    }


async def stored_webhook_secret(*, ctx: Context, staff_id: uuid.UUID) -> str | None:
    async with ctx.sessions() as session:
        return (
            await session.execute(select(preferences.c.webhook_secret).where(preferences.c.staff_id == staff_id))
        ).scalar_one_or_none()


async def put_preferences(*, ctx: Context, staff_id: uuid.UUID, new: PreferencesIn) -> dict:
    """Replace the person's preferences and re-plan their upcoming reminders."""
    now = ctx.clock()
    values = {
        "staff_id": staff_id,
        "language": new.language,
        "channels": list(new.channels),
        "reminder_offsets_minutes": list(new.reminder_offsets_minutes)
        if new.reminder_offsets_minutes is not None
        else None,
        "quiet_start": new.quiet_start,
        "quiet_end": new.quiet_end,
        "webhook_url": new.webhook_url,
        "updated_at": now,
    }
    if new.webhook_secret is not KEEP:
        values["webhook_secret"] = new.webhook_secret
    async with ctx.sessions.begin() as session:
        stmt = insert(preferences).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["staff_id"], set_={k: stmt.excluded[k] for k in values if k != "staff_id"}
        )
        await session.execute(stmt)
        due_now = await replan_person(session, ctx=ctx, staff_id=staff_id, now=now)
        # Last, in the same order as the consumer takes these locks (reminders, then scopes).
        await bump_scopes(session, [person_scope(staff_id)])
    if due_now:
        ctx.notify_scheduler()
    return await get_preferences(ctx=ctx, staff_id=staff_id)
