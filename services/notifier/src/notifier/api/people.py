"""A person's notification preferences."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from lichtruc.problems import Problem

from ..domain.webhooks import webhook_url_refusal
from ..handlers import preferences as service
from ..settings import NotifierSettings
from .deps import Ctx
from .schemas import PreferencesIn, PreferencesOut

router = APIRouter(tags=["preferences"])


@router.get(
    "/people/{staff_id}/preferences",
    response_model=PreferencesOut,
    summary="A person's notification preferences, defaults filled in",
)
async def get_preferences(staff_id: uuid.UUID, ctx: Ctx) -> dict:
    return await service.get_preferences(ctx=ctx, staff_id=staff_id)


@router.put(
    "/people/{staff_id}/preferences",
    response_model=PreferencesOut,
    summary="Replace a person's preferences; their upcoming reminders are re-planned",
)
async def put_preferences(staff_id: uuid.UUID, body: PreferencesIn, ctx: Ctx) -> dict:
    settings = ctx.settings
    webhook_url = str(body.webhook_url) if body.webhook_url is not None else None
    if webhook_url is not None:
        refuse_unsafe_webhook(webhook_url, settings)
    if "webhook" in body.channels:
        if webhook_url is None and settings.webhook_url is None:
            raise Problem(
                422,
                "webhook-url-missing",
                "Webhook address missing",
                "The webhook channel needs an address: give webhook_url (no service-wide webhook is set).",
                detail_vi="Kênh webhook cần địa chỉ: hãy nhập webhook_url.",
                errors=[
                    {
                        "field": "body.webhook_url",
                        "rule": "required-for-webhook",
                        "message": "required when channels contains webhook",
                    }
                ],
            )
        keeps = "webhook_secret" not in body.model_fields_set
        has_secret = body.webhook_secret is not None or (
            keeps and await service.stored_webhook_secret(ctx=ctx, staff_id=staff_id)
        )
        if webhook_url is not None and not has_secret:
            raise Problem(
                422,
                "webhook-secret-missing",
                "Webhook secret missing",
                "A personal webhook needs a webhook_secret (16+ characters) to sign its requests with HMAC-SHA256.",
                detail_vi="Webhook riêng cần webhook_secret (ít nhất 16 ký tự) để ký các yêu cầu.",
                errors=[
                    {
                        "field": "body.webhook_secret",
                        "rule": "required-for-webhook",
                        "message": "required with a personal webhook_url",
                    }
                ],
            )
    quiet = body.quiet_hours.times() if body.quiet_hours is not None else (None, None)
    new = service.PreferencesIn(
        language=body.language,
        channels=tuple(body.channels),
        reminder_offsets_minutes=tuple(body.reminder_offsets_minutes)
        if body.reminder_offsets_minutes is not None
        else None,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
        webhook_url=webhook_url,
        webhook_secret=body.webhook_secret if "webhook_secret" in body.model_fields_set else service.KEEP,
    )
    return await service.put_preferences(ctx=ctx, staff_id=staff_id, new=new)


def refuse_unsafe_webhook(url: str, settings: NotifierSettings) -> None:
    """A personal webhook is called by the server: only hosts the operator allowed (see domain.webhooks)."""
    refusal = webhook_url_refusal(url, settings.webhook_allowed_hosts, allow_http=settings.webhook_allow_insecure_hosts)
    if refusal is not None:
        raise Problem(
            422,
            "webhook-url-not-allowed",
            "Webhook address not allowed",
            refusal.detail,
            detail_vi=refusal.detail_vi,
            errors=[{"field": "body.webhook_url", "rule": refusal.rule, "message": refusal.detail}],
        )
