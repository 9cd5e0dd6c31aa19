"""Operational endpoints: the outbox backlog."""

from __future__ import annotations

from fastapi import APIRouter

from lichtruc import outbox

from ...db.tables import outbox as outbox_table
from ..deps import Ctx
from ..schemas import OutboxStatus

router = APIRouter(tags=["operations"])


@router.get("/outbox", response_model=OutboxStatus, summary="Events committed but not yet delivered to Kafka")
async def outbox_status(ctx: Ctx) -> OutboxStatus:
    async with ctx.sessions() as session:
        conn = await session.connection()
        pending, oldest = await outbox.backlog(conn, outbox_table)
    return OutboxStatus(pending=pending, oldest_pending_at=oldest)
