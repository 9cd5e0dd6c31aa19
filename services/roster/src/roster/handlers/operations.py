"""Operational queries: the outbox backlog."""

from __future__ import annotations

from lichtruc import outbox

from ..db.tables import outbox as outbox_table
from .context import Context


async def outbox_backlog(ctx: Context) -> outbox.Backlog:
    """Events committed but not yet acknowledged by Kafka, when the oldest was committed and how long it has waited."""
    async with ctx.sessions() as session:
        return await outbox.backlog(await session.connection(), outbox_table)
