"""Missed check-in alerts (domain/check_ins.py): the `CheckInAlertRepository` interface and its PostgreSQL
implementation. One row per shift and person; the consumer plans them (in the batch, staged: db/staged.py), the
scheduler locks the due ones."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.check_ins import CheckInAlert
from .tables import check_in_alerts

COLUMNS = [f.name for f in fields(CheckInAlert)]


class CheckInAlertRepository(Protocol):
    async def of_shift_for_update(self, shift_id: uuid.UUID) -> dict[uuid.UUID, CheckInAlert]:
        """The shift's alerts by person, locked until the end of the unit of work."""
        ...

    async def put(self, rows: Sequence[CheckInAlert]) -> None:
        """Insert or replace each (by shift and person)."""
        ...

    async def lock_due(self, now: datetime, *, limit: int) -> list[CheckInAlert]:
        """Alerts due by ``now`` (scheduled, or late: an arrival to tell), oldest first, locked (skipping rows other
        replicas hold)."""
        ...

    async def set_status(
        self, shift_id: uuid.UUID, staff_id: uuid.UUID, *, status: str, reason: str | None, now: datetime
    ) -> None: ...


def alert_from_row(row: Any) -> CheckInAlert:
    return CheckInAlert(**{name: row[name] for name in COLUMNS})


_UPSERT = insert(check_in_alerts)
_UPSERT = _UPSERT.on_conflict_do_update(
    index_elements=[check_in_alerts.c.shift_id, check_in_alerts.c.staff_id],
    set_={c: _UPSERT.excluded[c] for c in COLUMNS if c not in ("shift_id", "staff_id", "created_at")},
)


class PgCheckInAlerts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_shift_for_update(self, shift_id: uuid.UUID) -> dict[uuid.UUID, CheckInAlert]:
        query = select(check_in_alerts).where(check_in_alerts.c.shift_id == shift_id).with_for_update()
        rows = (await self.session.execute(query)).mappings().all()
        return {r["staff_id"]: alert_from_row(r) for r in rows}

    async def put(self, rows: Sequence[CheckInAlert]) -> None:
        if rows:
            await self.session.execute(_UPSERT, [asdict(r) for r in rows])

    async def lock_due(self, now: datetime, *, limit: int) -> list[CheckInAlert]:
        rows = await self.session.execute(
            select(check_in_alerts)
            .where(check_in_alerts.c.status.in_(["scheduled", "late"]), check_in_alerts.c.due_at <= now)
            .order_by(check_in_alerts.c.due_at, check_in_alerts.c.shift_id, check_in_alerts.c.staff_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [alert_from_row(r) for r in rows.mappings().all()]

    async def set_status(
        self, shift_id: uuid.UUID, staff_id: uuid.UUID, *, status: str, reason: str | None, now: datetime
    ) -> None:
        values: dict[str, Any] = {"status": status, "reason": reason, "updated_at": now}
        if status in ("dispatched", "arrived"):
            values["dispatched_at"] = now
        await self.session.execute(
            update(check_in_alerts)
            .where(check_in_alerts.c.shift_id == shift_id, check_in_alerts.c.staff_id == staff_id)
            .values(**values)
        )
