"""The scheduler loop every replica runs: due reminders and missed check-in alerts become deliveries, the directive's deadline
notices due become deliveries (deadlines.py, at most every NOTIFIER_DEADLINE_SWEEP_SECONDS), due deliveries are
sent (claim / send / mark, see deliveries.py), then it sleeps for the poll interval or until
woken by something due now. Several replicas share the work through row locks."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import httpx

from ..channels.smtp import SmtpSender
from ..channels.webhook import WebhookSender
from .check_ins import dispatch_due_check_ins
from .context import Context
from .deadlines import SweepTimer, maybe_sweep
from .deliveries import Senders, claim_next, deliver
from .reminders import dispatch_due_reminders

log = logging.getLogger(__name__)


async def run_once(ctx: Context, senders: Senders, *, timer: SweepTimer | None = None) -> bool:
    """One round; True if there may be more work right away (a full batch).

    Deliveries go one at a time — claim, send, record — never a batch sent before any of it is
    recorded: a replica that dies mid-round can repeat only the one message it had in flight."""
    batch = ctx.settings.scheduler_batch_size
    dispatched = await dispatch_due_reminders(ctx, ctx.clock())
    dispatched = max(dispatched, await dispatch_due_check_ins(ctx, ctx.clock()))
    try:
        await maybe_sweep(ctx, timer or SweepTimer())
    except asyncio.CancelledError:
        raise
    except Exception:
        # A failing sweep (one bad fact) must not hold back the deliveries: logged, tried again next round.
        log.exception("deadline sweep failed; retried at the next round")
    delivered = 0
    while delivered < batch:
        claimed = await claim_next(ctx, ctx.clock())
        if claimed is None:
            break
        delivered += 1
        try:
            await deliver(ctx, senders=senders, claimed=claimed)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # The lease will expire and the delivery be tried again: the crash case of the protocol.
            log.error("delivery %s: recording its outcome failed: %r", claimed.id, exc)
            raise
    return dispatched >= batch or delivered >= batch


async def run_scheduler(ctx: Context) -> None:
    """Run until cancelled. A failing round (database down) is logged and retried at the next poll."""
    async with httpx.AsyncClient(follow_redirects=False) as client:
        senders = Senders(
            smtp=SmtpSender(ctx.settings), webhook=WebhookSender(client, timeout=ctx.settings.webhook_timeout_seconds)
        )
        timer = SweepTimer()
        log.info("scheduler %s started (poll every %.2fs)", ctx.instance_id, ctx.settings.scheduler_poll_seconds)
        while True:
            ctx.wake.clear()
            try:
                more = await run_once(ctx, senders, timer=timer)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("scheduler round failed; retrying in %.1fs", ctx.settings.scheduler_poll_seconds)
                more = False
            if more:
                continue
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the task's cancellation.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ctx.settings.scheduler_poll_seconds):
                    await ctx.wake.wait()
