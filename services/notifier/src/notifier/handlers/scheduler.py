"""The scheduler loop every replica runs: due reminders become deliveries, due deliveries are
sent (claim / send / mark, see deliveries.py), then it sleeps for the poll interval or until
woken by something due now. Several replicas share the work through row locks."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import httpx

from ..channels.smtp import SmtpSender
from ..channels.webhook import WebhookSender
from .context import Context
from .deliveries import Senders, claim_due, deliver
from .reminders import dispatch_due_reminders

log = logging.getLogger(__name__)


async def run_once(ctx: Context, senders: Senders) -> bool:
    """One round; True if there may be more work right away (a full batch)."""
    batch = ctx.settings.scheduler_batch_size
    dispatched = await dispatch_due_reminders(ctx, ctx.clock())
    claimed = await claim_due(ctx, ctx.clock())
    if claimed:
        results = await asyncio.gather(*(deliver(ctx, senders, c) for c in claimed), return_exceptions=True)
        for c, result in zip(claimed, results):
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                # Recording the outcome failed (database gone?): the lease will expire and the
                # delivery be tried again, which is the crash case of the protocol.
                log.error("delivery %s: recording its outcome failed: %r", c.id, result)
    return dispatched >= batch or len(claimed) >= batch


async def run_scheduler(ctx: Context) -> None:
    """Run until cancelled. A failing round (database down) is logged and retried at the next poll."""
    async with httpx.AsyncClient(follow_redirects=False) as client:
        senders = Senders(smtp=SmtpSender(ctx.settings),
                          webhook=WebhookSender(client, timeout=ctx.settings.webhook_timeout_seconds))
        log.info("scheduler %s started (poll every %.2fs)", ctx.instance_id, ctx.settings.scheduler_poll_seconds)
        while True:
            ctx.wake.clear()
            try:
                more = await run_once(ctx, senders)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep the loop alive; the rows wait in the database
                log.exception("scheduler round failed; retrying in %.1fs", ctx.settings.scheduler_poll_seconds)
                more = False
            if more:
                continue
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the task's cancellation.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ctx.settings.scheduler_poll_seconds):
                    await ctx.wake.wait()
