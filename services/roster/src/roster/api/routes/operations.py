"""Operational endpoints: the outbox backlog."""

from __future__ import annotations

from fastapi import APIRouter

from ...handlers.operations import outbox_backlog
from ..deps import Ctx
from ..schemas import OutboxStatus

router = APIRouter(tags=["operations"])


@router.get("/outbox", response_model=OutboxStatus, summary="Events committed but not yet delivered to Kafka")
async def outbox_status(ctx: Ctx) -> OutboxStatus:
    backlog = await outbox_backlog(ctx)
    waited = backlog.oldest_waited
    return OutboxStatus(
        pending=backlog.pending,
        oldest_pending_at=backlog.oldest_at,
        oldest_pending_seconds=waited.total_seconds() if waited is not None else None,
    )
