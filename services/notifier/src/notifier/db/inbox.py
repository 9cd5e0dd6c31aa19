"""The consumer's inbox: which events were applied (a redelivered one changes nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import record_in_inbox, record_many_in_inbox

from .tables import inbox


class InboxRepository(Protocol):
    async def record(self, *, event_id: uuid.UUID, event_type: str, topic: str) -> bool:
        """Record the event as applied; False if it was recorded already."""
        ...

    async def record_many(self, events: Sequence[tuple[uuid.UUID, str, str]]) -> set[uuid.UUID]:
        """Record (id, type, topic) of each as applied, in one go; the ids not recorded before."""
        ...


class PgInbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, *, event_id: uuid.UUID, event_type: str, topic: str) -> bool:
        return await record_in_inbox(self.session, inbox, event_id=event_id, event_type=event_type, topic=topic)

    async def record_many(self, events: Sequence[tuple[uuid.UUID, str, str]]) -> set[uuid.UUID]:
        return await record_many_in_inbox(self.session, inbox, events)
