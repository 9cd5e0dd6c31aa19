"""A person's notification preferences."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import HttpUrl, ValidationError

from lichtruc.problems import refused_too

from ..domain.preferences import PreferencesView
from ..handlers import preferences as service
from . import problems
from .deps import Ctx
from .schemas import PreferencesIn, PreferencesOut, QuietHoursOut


def _webhook_host_too(request: Request, body: Any, refused: frozenset[str]) -> list[dict[str, Any]]:
    """A body the schema refuses is answered with the webhook host's refusal as well, when its address reads as
    one and its host is not one notifier may call: one answer says every mistake (QA: the host was told only at
    the next send, once the rest was mended). The caller has passed the policy by then (its dependency comes
    before the body's checks)."""
    url = body.get("webhook_url") if isinstance(body, dict) else None
    if not isinstance(url, str) or any(f == "body.webhook_url" or f.startswith("body.webhook_url.") for f in refused):
        return []  # none given, or the schema already says what is wrong with it
    try:
        read = str(HttpUrl(url))  # as the schema reads it when it passes (PreferencesIn.webhook_url)
    except ValidationError:
        return []
    host_refused = service.webhook_url_refused(request.app.state.ctx, read)
    return [] if host_refused is None else problems.field_errors(host_refused)


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
        default_offsets_minutes=list(view.default_offsets_minutes),
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
@refused_too(_webhook_host_too)
async def put_preferences(
    staff_id: uuid.UUID,
    body: PreferencesIn,
    ctx: Ctx,
    dry_run: Annotated[
        bool,
        Query(
            description="check only: the same refusals, nothing saved; the answer is the preferences as they would be"
        ),
    ] = False,
) -> PreferencesOut:
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
    return preferences_out(await service.put_preferences(ctx=ctx, staff_id=staff_id, new=new, dry_run=dry_run))
