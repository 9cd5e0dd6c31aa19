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
    """An asyncpg record read by attribute, as the repositories' row mappers read SQLAlchemy's rows.

    Every attribute is looked up in the record first (`__getattribute__`), anything else as on any object: a
    `__getattr__` ran only after the ordinary lookup had failed and raised its AttributeError, 3.8 µs an
    attribute where this takes 0.9 (2026-12-07, on a loaded machine) — a batch reads a few hundred people and
    entries this way, a dozen attributes each."""

    __slots__ = ("_record",)

    def __init__(self, record: Any) -> None:
        self._record = record

    def __getattribute__(self, name: str) -> Any:
        try:
            return _record_of(self)[name]
        except KeyError:
            return object.__getattribute__(self, name)


_record_of = RecordRow.__dict__["_record"].__get__
"""The slot's own getter: reading `self._record` would ask `__getattribute__`, hence the record, for it."""
