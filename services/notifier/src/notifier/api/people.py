"""A person's notification preferences."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from ..domain.preferences import PreferencesView
from ..handlers import preferences as service
from .deps import Ctx
from .schemas import PreferencesIn, PreferencesOut, QuietHoursOut

router = APIRouter(tags=["preferences"])


def preferences_out(view: PreferencesView) -> PreferencesOut:
    quiet = view.quiet_hours
    return PreferencesOut(
        staff_id=view.staff_id,
        known_person=view.known_person,
        full_name=view.full_name,
        email=view.email,
        language=view.language,
        language_set=view.language_set,
        channels=list(view.channels),
        reminder_offsets_minutes=list(view.reminder_offsets_minutes),
        uses_default_offsets=view.uses_default_offsets,
        quiet_hours=QuietHoursOut(start=quiet[0], end=quiet[1]) if quiet is not None else None,
        webhook_url=view.webhook_url,
        has_webhook_secret=view.has_webhook_secret,
        updated_at=view.updated_at,
    )


@router.get(
    "/people/{staff_id}/preferences",
    response_model=PreferencesOut,
    summary="A person's notification preferences, defaults filled in",
)
async def get_preferences(staff_id: uuid.UUID, ctx: Ctx) -> PreferencesOut:
    return preferences_out(await service.get_preferences(ctx=ctx, staff_id=staff_id))


@router.put(
    "/people/{staff_id}/preferences",
    response_model=PreferencesOut,
    summary="Replace a person's preferences; their upcoming reminders are re-planned",
)
async def put_preferences(staff_id: uuid.UUID, body: PreferencesIn, ctx: Ctx) -> PreferencesOut:
    quiet = body.quiet_hours.times() if body.quiet_hours is not None else (None, None)
    new = service.PreferencesIn(
        language=body.language,
        channels=tuple(body.channels),
        reminder_offsets_minutes=tuple(body.reminder_offsets_minutes)
        if body.reminder_offsets_minutes is not None
        else None,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
        webhook_url=str(body.webhook_url) if body.webhook_url is not None else None,
        webhook_secret=body.webhook_secret if "webhook_secret" in body.model_fields_set else service.KEEP,
    )
    return preferences_out(await service.put_preferences(ctx=ctx, staff_id=staff_id, new=new))
