"""How far audit's consumer is behind (domain.lag), for `GET /lag`: the portal asks on every page that reads
coverage, so one reading of Kafka is kept a few seconds and shared by every request meanwhile.

A reading is made by one task at a time, off the request path: a request that finds the figures older than `kept`
starts one (unless one is under way) and waits for it at most `patience` when figures were read before — then it
is answered those, with their time (`Reading.age`): Kafka slow or down (a reading given up after
messaging.lag.READ_TIMEOUT_SECONDS) makes the figures older, never the answer a refusal (QA Z4: the inspector's
pages said the figures could not be checked whenever Kafka took over 5 s). Only when nothing was ever read does a
request wait for the reading, and a reading that fails then is the domain error. A failed reading is not tried
again before `kept` either."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from lichtruc.tasks import cancel_and_wait

from ..domain.errors import lag_unreadable
from ..domain.lag import Lag

KEPT = timedelta(seconds=3)
"""How long one reading of Kafka's offsets (or its failure) is answered before Kafka is asked again."""

PATIENCE = timedelta(seconds=1)
"""How long a request waits for a fresh reading when it can answer an older one meanwhile."""


class LagReader(Protocol):
    """Where the offsets come from (messaging.lag.KafkaLag; a test's stand-in)."""

    @property
    def clock(self) -> Callable[[], datetime]: ...

    async def read(self) -> Lag: ...


@dataclass(frozen=True)
class Reading:
    """The last lag read (`lag`), how long ago on the reader's clock (`age`), and why reading it again failed
    (`failed`; None: it did not, or the reading is under way)."""

    lag: Lag
    age: timedelta
    failed: str | None = None


@dataclass
class KeptLag:
    """The last reading of `reader`, believed for `kept`; the last one that succeeded, answered for as long as no
    new one does."""

    reader: LagReader
    kept: timedelta = KEPT
    patience: timedelta = PATIENCE
    _good: Lag | None = None
    _failed: str | None = None
    _tried_at: datetime | None = None
    _reading: asyncio.Task[None] | None = field(default=None, repr=False)

    def _due(self, now: datetime) -> bool:
        return self._tried_at is None or not (self._tried_at <= now < self._tried_at + self.kept)

    async def _read(self) -> None:
        try:
            self._good, self._failed = await self.reader.read(), None
        except Exception as exc:  # Kafka down, a timeout, an unknown group: audit cannot tell
            # the client's own words quoted as words, not a Python repr (they reach a problem's detail)
            self._failed = f"{type(exc).__name__}: “{exc}”" if str(exc) else type(exc).__name__
        finally:
            self._tried_at = self.reader.clock()

    async def current(self) -> Reading:
        """The lag as last read, read again first when older than `kept` (waited for at most `patience` when an
        older reading can be answered); raises the domain error when it was never read."""
        if self._due(self.reader.clock()) and (self._reading is None or self._reading.done()):
            self._reading = asyncio.create_task(self._read(), name="audit-lag-reading")
        reading = self._reading
        if reading is not None and not reading.done():
            if self._good is None:
                await asyncio.shield(reading)  # bounded by the reader's own timeout
            else:
                await asyncio.wait({reading}, timeout=self.patience.total_seconds())
        if self._good is None:
            raise lag_unreadable(self._failed or "not read yet")
        age = max(self.reader.clock() - self._good.read_at, timedelta(0))
        return Reading(self._good, age, self._failed)

    async def close(self) -> None:
        """Cancel a reading under way (the app's shutdown)."""
        if self._reading is not None:
            await cancel_and_wait([self._reading])

    async def closed_at_shutdown(self) -> None:
        """Beside the app (a background task): when it is cancelled at shutdown, so is a reading under way."""
        try:
            await asyncio.Event().wait()
        finally:
            await self.close()
