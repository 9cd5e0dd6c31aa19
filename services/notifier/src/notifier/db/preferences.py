"""People's notification preferences: the `PreferencesRepository` interface and its PostgreSQL implementation."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.model import Preferences
from .tables import preferences


class PreferencesRepository(Protocol):
    async def get(self, staff_id: uuid.UUID) -> Preferences | None: ...

    async def of(self, staff_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Preferences]: ...

    async def put(self, prefs: Preferences, *, keep_secret: bool) -> None:
        """Insert or replace; with ``keep_secret`` the stored webhook secret stays as it is."""
        ...


def _prefs(row: Any) -> Preferences:
    return Preferences(
        staff_id=row.staff_id,
        language=row.language,
        channels=tuple(row.channels),
        reminder_offsets_minutes=tuple(row.reminder_offsets_minutes)
        if row.reminder_offsets_minutes is not None
        else None,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        webhook_url=row.webhook_url,
        webhook_secret=row.webhook_secret,
        updated_at=row.updated_at,
    )


class PgPreferences:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, staff_id: uuid.UUID) -> Preferences | None:
        row = (await self.session.execute(select(preferences).where(preferences.c.staff_id == staff_id))).first()
        return _prefs(row) if row is not None else None

    async def of(self, staff_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Preferences]:
        ids = list(set(staff_ids))
        if not ids:
            return {}
        rows = (await self.session.execute(select(preferences).where(preferences.c.staff_id.in_(ids)))).all()
        return {row.staff_id: _prefs(row) for row in rows}

    async def put(self, prefs: Preferences, *, keep_secret: bool) -> None:
        values: dict[str, Any] = {
            "staff_id": prefs.staff_id,
            "language": prefs.language,
            "channels": list(prefs.channels),
            "reminder_offsets_minutes": list(prefs.reminder_offsets_minutes)
            if prefs.reminder_offsets_minutes is not None
            else None,
            "quiet_start": prefs.quiet_start,
            "quiet_end": prefs.quiet_end,
            "webhook_url": prefs.webhook_url,
            "updated_at": prefs.updated_at,
        }
        if not keep_secret:
            values["webhook_secret"] = prefs.webhook_secret
        stmt = insert(preferences).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["staff_id"], set_={k: stmt.excluded[k] for k in values if k != "staff_id"}
        )
        await self.session.execute(stmt)
