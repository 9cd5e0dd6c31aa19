"""Operational queries: the outbox backlog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lichtruc import outbox

from ..db.tables import outbox as outbox_table
from .context import Context


@dataclass(frozen=True)
class Backlog:
    pending: int
    oldest_pending_at: datetime | None


async def outbox_backlog(ctx: Context) -> Backlog:
    """Events committed but not yet acknowledged by Kafka, and when the oldest was committed."""
    async with ctx.sessions() as session:
        pending, oldest = await outbox.backlog(await session.connection(), outbox_table)
    return Backlog(pending, oldest)
