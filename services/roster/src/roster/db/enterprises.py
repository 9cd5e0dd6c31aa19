"""Enterprises in PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice
from lichtruc.text import fold

from ..domain.reference import Enterprise, name_key
from .pages import Row, offset_page
from .search import by_name, name_matches, with_name_keys
from .tables import enterprises

PAGE_KIND = "enterprises"


class EnterpriseRepository(Protocol):
    async def add(self, enterprise: Enterprise) -> bool:
        """Store a new enterprise; False when its name is taken (`named`)."""
        ...

    async def named(self, name: str, *, besides: uuid.UUID | None = None) -> Enterprise | None:
        """The enterprise (other than `besides`) whose name is the same as `name` by
        `domain.reference.name_key`. Holds the name until the transaction ends, so that two
        transactions cannot both find it free and both take it."""
        ...

    async def get(self, enterprise_id: uuid.UUID, *, lock: bool = False) -> Enterprise | None: ...

    async def existing(self, ids: tuple[uuid.UUID, ...]) -> set[uuid.UUID]:
        """Which of these ids are registered enterprises."""
        ...

    async def save(self, enterprise: Enterprise) -> None:
        """Write a changed enterprise (same id)."""
        ...

    async def find(
        self, *, sector: str | None, q: str | None, within: frozenset[uuid.UUID] | None, page: PageRequest
    ) -> Slice[Enterprise]:
        """Enterprises by name (`search.by_name`); ``within`` None: every enterprise; ``q`` part of the name."""
        ...


def enterprise_of(row: Row) -> Enterprise:
    return Enterprise(
        id=row["id"],
        name=row["name"],
        sector=row["sector"],
        manager_phone=row["manager_phone"],
        manager_emails=tuple(row["manager_emails"] or ()),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        obligations_from=row["obligations_from"],
    )


def _values(e: Enterprise) -> dict[str, object]:
    return with_name_keys(enterprises, {**asdict(e), "manager_emails": list(e.manager_emails)})


class PgEnterprises:
    """EnterpriseRepository over the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, enterprise: Enterprise) -> bool:
        if await self.named(enterprise.name) is not None:
            return False
        stmt = insert(enterprises).values(**_values(enterprise)).on_conflict_do_nothing(index_elements=["name"])
        return (await self.session.execute(stmt.returning(enterprises.c.id))).first() is not None

    async def named(self, name: str, *, besides: uuid.UUID | None = None) -> Enterprise | None:
        key = name_key(name)
        # No unique index on the key, so that names registered apart before this rule stay readable: the
        # lock does what the index would. The candidates are those of the same folded name (a column
        # roster writes with each name: search.with_name_keys), compared by name_key here.
        await self.session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(f"enterprise name {key}", 0)))
        )
        stmt = select(enterprises).where(enterprises.c.name_folded == fold(name)).order_by(enterprises.c.created_at)
        if besides is not None:
            stmt = stmt.where(enterprises.c.id != besides)
        rows = (await self.session.execute(stmt)).mappings()
        return next((enterprise_of(row) for row in rows if name_key(row["name"]) == key), None)

    async def get(self, enterprise_id: uuid.UUID, *, lock: bool = False) -> Enterprise | None:
        stmt = select(enterprises).where(enterprises.c.id == enterprise_id)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
        return None if row is None else enterprise_of(row)

    async def existing(self, ids: tuple[uuid.UUID, ...]) -> set[uuid.UUID]:
        return set((await self.session.execute(select(enterprises.c.id).where(enterprises.c.id.in_(ids)))).scalars())

    async def save(self, enterprise: Enterprise) -> None:
        values = _values(enterprise)
        del values["id"], values["created_at"]
        await self.session.execute(enterprises.update().where(enterprises.c.id == enterprise.id).values(**values))

    async def find(
        self, *, sector: str | None, q: str | None, within: frozenset[uuid.UUID] | None, page: PageRequest
    ) -> Slice[Enterprise]:
        stmt = select(enterprises)
        if within is not None:
            stmt = stmt.where(enterprises.c.id.in_(within))
        if sector:
            stmt = stmt.where(enterprises.c.sector == sector)
        if q:
            stmt = stmt.where(name_matches(enterprises, q))
        return await offset_page(
            self.session,
            stmt,
            order_by=by_name(enterprises),
            page=page,
            kind=PAGE_KIND,
            entity=enterprise_of,
        )
