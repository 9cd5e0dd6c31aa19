"""Who leads on duty at an instant, from notifier's read model of shifts (for the incident alerts)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import DateTime, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.incidents import LEADERSHIP, ON_DUTY_STATUSES
from .tables import shifts


class LeaderRepository(Protocol):
    async def leaders_on_duty(self, enterprise_id: uuid.UUID, at: datetime) -> list[uuid.UUID]:
        """The staff on a published, checked-in or completed leadership shift of the enterprise covering `at`,
        in shift start then name order, each once."""
        ...


def _people(found: list[dict[str, Any]]) -> list[uuid.UUID]:
    ordered = sorted(found, key=lambda d: (d["starts_at"], str(d["shift_id"])))
    people = [uuid.UUID(str(a["staff_id"])) for d in ordered for a in d.get("assignees", ())]
    return list(dict.fromkeys(people))


class PgLeaders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def leaders_on_duty(self, enterprise_id: uuid.UUID, at: datetime) -> list[uuid.UUID]:
        starts = cast(shifts.c.data["starts_at"].astext, DateTime(timezone=True))
        ends = cast(shifts.c.data["ends_at"].astext, DateTime(timezone=True))
        rows = await self.session.execute(
            select(shifts.c.data).where(
                shifts.c.enterprise_id == enterprise_id,
                shifts.c.status.in_(ON_DUTY_STATUSES),
                shifts.c.data["duty_type"].astext == LEADERSHIP,
                starts <= at,
                ends > at,
            )
        )
        return _people([r.data for r in rows])


class MemoryLeaders:
    def __init__(self, state: Any) -> None:
        self.s = state

    async def leaders_on_duty(self, enterprise_id: uuid.UUID, at: datetime) -> list[uuid.UUID]:
        found = [
            s.data
            for s in self.s.shifts.values()
            if s.enterprise_id == enterprise_id
            and s.status in ON_DUTY_STATUSES
            and s.data.get("duty_type") == LEADERSHIP
            and datetime.fromisoformat(str(s.data["starts_at"])) <= at < datetime.fromisoformat(str(s.data["ends_at"]))
        ]
        return _people(found)
