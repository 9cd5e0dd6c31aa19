"""Stopping a service's background tasks so that a stop always ends.

Guarantee: `cancel_and_wait` returns only once every task has ended, and it does return while a
task keeps being cancellable, even if a cancellation is lost on the way.

Why a single `cancel()` is not enough: on Python 3.11, `asyncio.wait_for` returns the awaited
result and drops the cancellation when the two arrive together (fixed in 3.12). Libraries still
use it (aiosmtplib, which sends notifier's mail, does around each SMTP reply). Notifier's
scheduler, mailing as the service stopped, went on polling after its cancellation, and the
lifespan waited for it forever: a test's shutdown hung until its 300 s timeout, once in a whole
`make test` and twice in 14 runs of its module beside a busy core (2026-12-02). A task still
running `CANCEL_AGAIN_SECONDS` after its cancellation is cancelled again, and logged by name.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)

CANCEL_AGAIN_SECONDS = 1.0


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any]], *, again_after: float = CANCEL_AGAIN_SECONDS) -> None:
    """Cancel the tasks and wait until all have ended, cancelling again any still running every
    `again_after` seconds. Their results and exceptions are dropped: they were stopping anyway."""
    tasks = list(tasks)
    for task in tasks:
        task.cancel()
    pending = {task for task in tasks if not task.done()}
    while pending:
        _, pending = await asyncio.wait(pending, timeout=again_after)
        for task in pending:
            log.warning(
                "task %s went on after it was cancelled (a lost cancellation); cancelling it again", task.get_name()
            )
            task.cancel()
    for task in tasks:  # retrieved, so that asyncio does not log them as never retrieved
        with contextlib.suppress(asyncio.CancelledError, Exception):
            task.result()
