"""Bulk inserts by PostgreSQL's COPY, in the caller's transaction (the Merkle tree's leaves
and nodes when one event is appended, tree.py `add`; a batch's records, leaves and nodes go in
one statement of unnested arrays instead, log.py `_WRITE_RECORDS` and the two after it, two
round trips fewer per COPY).

A multi-row INSERT through SQLAlchemy builds and binds every row's parameters in Python, which
cost more than the database's own work. COPY (asyncpg's binary protocol) sends the rows as they
are, on the session's own connection — so it is part of the session's transaction and commits
or rolls back with it — and inserts exactly the rows an INSERT would (the tables' insert
triggers and defaults apply; the log's triggers only guard against UPDATE, DELETE and
TRUNCATE)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.db import driver


async def copy_rows(session: AsyncSession, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (values in the order of `columns`) into `table` with one COPY."""
    records = list(rows)
    if not records:
        return
    connection = await driver(session)  # in the session's transaction
    await connection.copy_records_to_table(table.name, records=records, columns=list(columns), schema_name=table.schema)
