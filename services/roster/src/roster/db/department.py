"""The Department's profile in PostgreSQL: one row (id 1), none until an administrator sets it."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.department import EMPTY, DepartmentProfile
from .tables import department_profile

ONE = 1


class DepartmentRepository(Protocol):
    async def get(self, *, lock: bool = False) -> DepartmentProfile:
        """The profile, or the empty one (version 0) while none is set; ``lock`` holds it until the
        transaction ends."""
        ...

    async def save(self, profile: DepartmentProfile) -> None:
        """Write the profile (created the first time)."""
        ...


class PgDepartment:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, *, lock: bool = False) -> DepartmentProfile:
        query = select(department_profile).where(department_profile.c.id == ONE)
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).mappings().first()
        if row is None:
            return EMPTY
        return DepartmentProfile(
            province=row["province"],
            department=row["department"],
            abbreviation=row["abbreviation"],
            superior=row["superior"],
            place=row["place"],
            report_recipients=tuple(row["report_recipients"]),
            summary_recipients=tuple(row["summary_recipients"]),
            version=row["version"],
            updated_at=row["updated_at"],
        )

    async def save(self, profile: DepartmentProfile) -> None:
        values = {
            "province": profile.province,
            "department": profile.department,
            "abbreviation": profile.abbreviation,
            "superior": profile.superior,
            "place": profile.place,
            "report_recipients": list(profile.report_recipients),
            "summary_recipients": list(profile.summary_recipients),
            "version": profile.version,
            "updated_at": profile.updated_at,
        }
        statement = insert(department_profile).values(id=ONE, **values)
        await self.session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=values))
