"""What audit's handlers need from the app: the database (as units of work), the clock,
the relay's doorbell, the topic it publishes to, and the caches of the as-of replays and of the campaign reports."""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, time
from time import monotonic as _monotonic

from ..db.memory import MemoryStore
from ..db.unit import Sessions, Unit, reading, writing
from ..domain.campaign_report import CampaignReport
from ..signing import LogKey, throwaway_key


class StateCache:
    """The last few replayed states by log seq: a repeated "as known at" question costs
    nothing, and a later one replays only what came after. States handed out are shared:
    callers read them and never apply events to them (copy first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._states: OrderedDict[int, MemoryStore] = OrderedDict()

    def get(self, seq: int) -> MemoryStore | None:
        state = self._states.get(seq)
        if state is not None:
            self._states.move_to_end(seq)
        return state

    def nearest_before(self, seq: int) -> MemoryStore | None:
        """The cached state with the highest seq not after `seq`."""
        best = max((s for s in self._states if s <= seq), default=None)
        return None if best is None else self._states[best]

    def put(self, seq: int, state: MemoryStore) -> None:
        if self.size <= 0:
            return
        self._states[seq] = state
        self._states.move_to_end(seq)
        while len(self._states) > self.size:
            self._states.popitem(last=False)

    def clear(self) -> None:
        self._states.clear()


class ReportCache:
    """The last few campaign reports made, by what they were made from (`campaign_report.ReportKey`): the page,
    its PDF and its workbook read one computation of the board, and requests that come together for one key wait
    for the one being made rather than each making it (QZ: a browser run's PDF answered 503 under load). A report
    that failed is not kept: the next request makes it again."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._made: OrderedDict[Hashable, CampaignReport] = OrderedDict()
        self._making: dict[Hashable, asyncio.Future[CampaignReport]] = {}

    async def get(self, key: Hashable, make: Callable[[], Awaitable[CampaignReport]]) -> CampaignReport:
        """The report kept for `key`, or the one being made for it, or `make()`'s, kept. It is made in a task of its
        own: a request that goes away (its client gone) does not take it from those waiting for it."""
        if (kept := self._made.get(key)) is not None:
            self._made.move_to_end(key)
            return kept
        making = self._making.get(key)
        if making is None:
            making = self._making[key] = asyncio.ensure_future(make())
            making.add_done_callback(lambda task: self._settled(key, task))
        return await asyncio.shield(making)

    def _settled(self, key: Hashable, task: asyncio.Future[CampaignReport]) -> None:
        del self._making[key]
        if task.cancelled() or task.exception() is not None or self.size <= 0:
            return
        self._made[key] = task.result()
        while len(self._made) > self.size:
            self._made.popitem(last=False)

    def clear(self) -> None:
        self._made.clear()


@dataclass
class Context:
    sessions: Sessions
    clock: Callable[[], datetime]
    audit_topic: str
    notify_relay: Callable[[], None] = lambda: None
    snapshot_every: int = 500
    states: StateCache = field(default_factory=lambda: StateCache(4))
    reports: ReportCache = field(default_factory=lambda: ReportCache(16))
    """The campaign reports last made (`handlers.campaign_report`), by the state they were made from."""
    snapshot_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    last_append_at: float = 0.0
    """When (time.monotonic) the consumer last committed an append: the snapshotter waits for a quiet spell."""
    replay_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    log_key: LogKey = field(default_factory=throwaway_key)
    daily_report_due: time = time(9, 0)
    """The local time on the next day by which a day's report is due (AUDIT_DAILY_REPORT_DUE)."""
    """Signs the log's tree heads (the app passes the configured key; the default is for tests)."""

    def read(self) -> contextlib.AbstractAsyncContextManager[Unit]:
        """A unit of work for reading."""
        return reading(self.sessions)

    def write(self) -> contextlib.AbstractAsyncContextManager[Unit]:
        """A unit of work in one transaction (committed at the end of the block)."""
        return writing(self.sessions)

    def appended(self, seq: int) -> None:
        """Called after each committed append: every `snapshot_every` records, ask for a snapshot."""
        self.last_append_at = _monotonic()
        if self.snapshot_every and seq % self.snapshot_every == 0:
            self.snapshot_wakeup.set()
