"""A person's notification preferences."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import HttpUrl, ValidationError

from lichtruc.problems import validation_problem

from ..domain.errors import WebhookUrlNotAllowed
from ..domain.preferences import PreferencesView
from ..handlers import preferences as service
from . import problems
from .deps import Ctx
from .schemas import PreferencesIn, PreferencesOut, QuietHoursOut


class _HostToo(APIRoute):
    """A body the schema refuses is answered with the webhook host's refusal as well, when its address reads as
    one and its host is not one notifier may call: one answer says every mistake (QA: the host was told only at
    the next send, once the rest was mended). The caller has passed the policy by then (its dependency comes
    before the body's checks)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        answer = super().get_route_handler()

        async def answered(request: Request) -> Response:
            try:
                return await answer(request)
            except RequestValidationError as exc:
                refused = _host_refused(request, exc)
                if refused is None:
                    raise
                raise validation_problem(exc, also=problems.field_errors(refused)) from None

        return answered


def _host_refused(request: Request, exc: RequestValidationError) -> WebhookUrlNotAllowed | None:
    url = exc.body.get("webhook_url") if isinstance(exc.body, dict) else None
    if not isinstance(url, str) or any(tuple(e["loc"])[:2] == ("body", "webhook_url") for e in exc.errors()):
        return None  # none given, or the schema already says what is wrong with it
    try:
        read = str(HttpUrl(url))  # as the schema reads it when it passes (PreferencesIn.webhook_url)
    except ValidationError:
        return None
    return service.webhook_url_refused(request.app.state.ctx, read)


router = APIRouter(tags=["preferences"], route_class=_HostToo)


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
