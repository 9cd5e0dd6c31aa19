"""The unit of work's asyncpg connection, for the few statements that skip SQLAlchemy's statement
building (a batch's bulk reads and writes, a feed request's one prepared statement), and its
records read the way the row mappers read SQLAlchemy's rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import driver_of


async def asyncpg_connection(session: AsyncSession) -> Any:
    """asyncpg's connection under `session`, inside the transaction SQLAlchemy began (if any); one the
    server closed while it was pooled is dropped with a disconnection error (`lichtruc.db.driver_of`)."""
    return await driver_of(await session.connection())


class RecordRow:
    """An asyncpg record read by attribute, as the repositories' row mappers read SQLAlchemy's rows."""

    __slots__ = ("_record",)

    def __init__(self, record: Any) -> None:
        self._record = record

    def __getattr__(self, name: str) -> Any:
        return self._record[name]
