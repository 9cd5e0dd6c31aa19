"""Python's cycle collector paused for a burst of allocation, and always resumed after it.

A consumer's batch (`lichtruc.kafka.consume_batch`: the records decoded, then applied in one
transaction) allocates a few hundred thousand short-lived objects — decoded events, rows, records,
timelines, entries — many of which live until the batch ends. With the collector on, it traces them
again and again in its young generations and triggers full collections of the whole heap. How much
that costs grows with the heap: in a process that also held a province's events (the in-process
benches), it was a third of notifier's batch CPU, and audit's fell from 728 to 450 µs an event for
batches of 500 (5,000 events held, 2026-12-01); the services' own processes, with smaller heaps,
showed no difference beyond their benches' noise that day.

Reference counting still frees everything that is not a cycle at once; cycles made meanwhile are
collected by the first collection after the pause. Memory is bounded by the batch
(`*_CONSUMER_BATCH_SIZE` events), and the pause by `PAUSE_LIMIT_SECONDS`: a timer resumes the
collector if the block is still running then (a batch stuck on the database must not keep the whole
process, HTTP included, without collection). Left as it is if something else paused it already.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

PAUSE_LIMIT_SECONDS = 2.0
"""Longest the collector stays paused for one block (a batch takes a fraction of a second)."""


@asynccontextmanager
async def collected_after() -> AsyncIterator[None]:
    """The collector paused for the block, resumed when it ends (or fails), or after `PAUSE_LIMIT_SECONDS`."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    guard = asyncio.get_running_loop().call_later(PAUSE_LIMIT_SECONDS, gc.enable)
    try:
        yield
    finally:
        guard.cancel()
        gc.enable()
