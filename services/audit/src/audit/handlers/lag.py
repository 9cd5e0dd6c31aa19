"""How far audit's consumer is behind (domain.lag), for `GET /lag`: the portal asks on every page that reads
coverage, so one reading of Kafka is kept a few seconds and shared by every request meanwhile (one reads at a
time; the others wait for it). A reading that fails — Kafka down or too slow — is kept as long, and said as a
domain error."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from ..domain.errors import lag_unreadable
from ..domain.lag import Lag

KEPT = timedelta(seconds=3)
"""How long one reading of Kafka's offsets is answered before Kafka is asked again."""


class LagReader(Protocol):
    """Where the offsets come from (messaging.lag.KafkaLag; a test's stand-in)."""

    @property
    def clock(self) -> Callable[[], datetime]: ...

    async def read(self) -> Lag: ...


@dataclass
class KeptLag:
    """The last reading of `reader` (or why it failed), believed for `kept`."""

    reader: LagReader
    kept: timedelta = KEPT
    _last: tuple[datetime, Lag | str] | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def _fresh(self, now: datetime) -> Lag | str | None:
        if self._last is None or not (self._last[0] <= now < self._last[0] + self.kept):
            return None
        return self._last[1]

    async def current(self) -> Lag:
        """The lag as last read (within `kept`), else read now; raises the domain error when it cannot be read."""
        known = self._fresh(self.reader.clock())
        if known is None:
            async with self._lock:
                known = self._fresh(self.reader.clock())
                if known is None:
                    try:
                        known = await self.reader.read()
                    except Exception as exc:  # Kafka down, a timeout, an unknown group: audit cannot tell
                        known = repr(exc)
                    self._last = (self.reader.clock(), known)
        if isinstance(known, str):
            raise lag_unreadable(known)
        return known
