"""A person's notification preferences: language, channels, reminder offsets, quiet hours,
their own webhook. Changing them re-plans the person's reminders of shifts not started yet,
in the same unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import time

from ..domain.entries import person_scope
from ..domain.errors import WebhookSecretMissing, WebhookUrlMissing, WebhookUrlNotAllowed
from ..domain.model import Preferences
from ..domain.preferences import PreferencesView, preferences_view
from ..domain.texts import Lang
from ..domain.webhooks import webhook_url_refusal
from .context import Context
from .reminders import replan_person


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()
"""Marker: leave the stored webhook secret as it is (secrets are write-only)."""


@dataclass(frozen=True)
class PreferencesIn:
    language: Lang | None
    channels: tuple[str, ...]
    reminder_offsets_minutes: tuple[int, ...] | None
    quiet_start: time | None
    quiet_end: time | None
    webhook_url: str | None
    webhook_secret: str | _Keep | None = KEEP


async def get_preferences(*, ctx: Context, staff_id: uuid.UUID) -> PreferencesView:
    """The preferences as they apply (defaults filled in) and what notifier knows of the person."""
    async with ctx.uow() as uow:
        pref = await uow.preferences.get(staff_id)
        person = await uow.reference.person(staff_id)
    return preferences_view(staff_id, pref, person, default_offsets=tuple(ctx.settings.reminder_offsets_minutes))


def webhook_url_refused(ctx: Context, url: str) -> WebhookUrlNotAllowed | None:
    """Why notifier may not call `url` as a personal webhook, or None: the server calls it, so only hosts the
    operator allowed (see domain.webhooks). Asked before saving, and of a request its schema refuses (api.people),
    so that the same answer says it."""
    s = ctx.settings
    refusal = webhook_url_refusal(url, s.webhook_allowed_hosts, allow_http=s.webhook_allow_insecure_hosts)
    return None if refusal is None else WebhookUrlNotAllowed(refusal.detail, refusal.detail_vi, check=refusal.rule)


async def put_preferences(
    *, ctx: Context, staff_id: uuid.UUID, new: PreferencesIn, dry_run: bool = False
) -> PreferencesView:
    """Replace the person's preferences and re-plan their upcoming reminders. A webhook channel needs an
    address (the person's, or the service-wide one) and a personal address needs a secret to sign with.
    `dry_run`: the same checks and refusals, nothing saved or re-planned; the answer is the preferences as
    they would be."""
    if new.webhook_url is not None and (refused := webhook_url_refused(ctx, new.webhook_url)) is not None:
        raise refused
    now = ctx.clock()
    async with ctx.uow() as uow:
        if "webhook" in new.channels:
            if new.webhook_url is None and ctx.settings.webhook_url is None:
                raise WebhookUrlMissing()
            if isinstance(new.webhook_secret, _Keep):
                stored = await uow.preferences.get(staff_id)
                has_secret = bool(stored is not None and stored.webhook_secret)
            else:
                has_secret = new.webhook_secret is not None
            if new.webhook_url is not None and not has_secret:
                raise WebhookSecretMissing()
        pref = Preferences(
            staff_id=staff_id,
            language=new.language,
            channels=tuple(new.channels),
            reminder_offsets_minutes=new.reminder_offsets_minutes,
            quiet_start=new.quiet_start,
            quiet_end=new.quiet_end,
            webhook_url=new.webhook_url,
            webhook_secret=None if isinstance(new.webhook_secret, _Keep) else new.webhook_secret,
            updated_at=now,
        )
        if dry_run:  # as they would be: the stored secret kept, the time of the last change they had
            stored = await uow.preferences.get(staff_id)
            kept = stored.webhook_secret if stored is not None and isinstance(new.webhook_secret, _Keep) else None
            pref = replace(
                pref,
                webhook_secret=kept or pref.webhook_secret,
                updated_at=stored.updated_at if stored is not None else None,
            )
            person = await uow.reference.person(staff_id)
            defaults = tuple(ctx.settings.reminder_offsets_minutes)
            return preferences_view(staff_id, pref, person, default_offsets=defaults)
        await uow.preferences.put(pref, keep_secret=isinstance(new.webhook_secret, _Keep))
        due_now = await replan_person(uow, ctx=ctx, staff_id=staff_id, now=now)
        # Last, in the same order as the consumer takes these locks (reminders, then scopes).
        await uow.shifts.bump_scopes([person_scope(staff_id)])
    if due_now:
        ctx.notify_scheduler()
    return await get_preferences(ctx=ctx, staff_id=staff_id)
