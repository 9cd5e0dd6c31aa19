"""What the service layer needs from the app: units of work over the database, the clock, settings, the
scheduler's doorbell and the in-memory cache of rendered feeds."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from ..db.uow import UnitOfWorkFactory
from ..settings import NotifierSettings

Clock = Callable[[], datetime]

Order = Literal["asc", "desc"]
"""Every list is in (created_at, id) order, oldest first unless asked otherwise."""


def cursor_kind(name: str, order: Order) -> str:
    """A list's cursor kind: one list's (or one order's) cursor does not page another."""
    return f"{name}.{order}"


def system_clock() -> datetime:
    return datetime.now(UTC)


def default_instance_id() -> str:
    """host-pid-random: distinct for every replica, readable in leases and attempts."""
    return f"{socket.gethostname()[:60]}-{os.getpid()}-{secrets.token_hex(3)}"


class LruCache:
    """A small least-recently-used map (one per replica; its entries are validated before use)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        if self.size <= 0:
            return
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


@dataclass
class Context:
    settings: NotifierSettings
    uow: UnitOfWorkFactory
    """A new unit of work (one transaction): `async with ctx.uow() as uow: ...`."""
    clock: Clock = system_clock
    instance_id: str = field(default_factory=default_instance_id)
    feed_cache: LruCache = field(default_factory=lambda: LruCache(0))
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def notify_scheduler(self) -> None:
        """Something is due now (a gap alert): do not wait for the next poll."""
        self.wake.set()
