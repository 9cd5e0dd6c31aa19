"""Making a projection table hold given rows by writing only the rows that differ: what
`python -m audit rebuild` does with what it derived from the log, while the consumer waits.

`correct(connection, table, rows)` sends the rows as one JSON array (lichtruc.db.record_columns) in
one statement, and PostgreSQL compares them with the table's, in C: rows of the table whose primary
key is not among `rows` are deleted, rows whose columns differ are updated in place, missing ones are
added. Three data-modifying CTEs on one snapshot; they touch different rows (a key absent, present in
both, present only in `rows`), so none needs to see the others' changes.

Why: the rebuild used to empty every table and fill it again. The consumer waited for all of it (about
0.7 s at 10,000 log records, growing with the projections), and every row of every table was rewritten
(WAL, dead rows) even when the projections were right, as they are after most rebuilds. Now a rebuild
that finds nothing wrong writes nothing. `Staging` does the same in two steps, the first before the
rebuild takes the chain (at 10,000 records, about 0.3 s held instead of 0.5 s in one step).

Rows are compared as the text of their columns (`ROW(…)::text`), which every column type has (JSON
and JSONB, times, ids): two values of one type with the same text are the same value, so a difference
is never missed; a value that could be spelt two ways would at worst be written again as it is. Only
the columns `rows` name are compared and written (one with a default the rebuild does not derive keeps
its value).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from lichtruc.db import quoted, record_columns


@dataclass(frozen=True, slots=True)
class Corrected:
    """What `correct` wrote to one table: rows deleted, changed in place, added."""

    removed: int = 0
    changed: int = 0
    added: int = 0

    def __bool__(self) -> bool:
        return bool(self.removed or self.changed or self.added)

    def __str__(self) -> str:
        parts = [(self.removed, "removed"), (self.changed, "changed"), (self.added, "added")]
        return ", ".join(f"{n:,} {what}" for n, what in parts if n) or "none"


async def correct(connection: AsyncConnection, table: Table, rows: list[dict[str, Any]]) -> Corrected:
    """Make `table` hold exactly `rows` (objects of its columns, the same keys in each, no two with one
    primary key), writing only the rows that differ (see the module docstring)."""
    if not rows:
        return await _emptied(connection, table)
    found = await connection.exec_driver_sql(_correcting_sql(table, tuple(rows[0])), (to_json(rows).decode(),))
    return _counted(found.one())


class Staging:
    """`correct` in two steps, so that most of the work is done before the caller has to hold anything:
    `stage` puts rows in a temporary table beside the table (dropped at commit), and `correct` later
    makes the table hold the rows as they are by then, sending only those that moved meanwhile.
    PostgreSQL takes the JSON of every row apart once, in the first step: most of `correct`'s time.

    `rebuild` stages what its first pass derived before it takes the chain; while the consumer waits,
    only the rows the records appended meanwhile changed travel, and the comparison reads the staged
    table. Same rows written, same counts, as `correct` with the final rows."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.staged: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}

    async def stage(self, table: Table, rows: list[dict[str, Any]]) -> None:
        await self.connection.exec_driver_sql(
            f"CREATE TEMP TABLE {_staged(table)} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        if rows:
            await self.connection.exec_driver_sql(_staging_sql(table, tuple(rows[0])), (to_json(rows).decode(),))
        self.staged[table.name] = {_key(table, row): row for row in rows}

    async def correct(self, table: Table, rows: list[dict[str, Any]]) -> Corrected:
        """Make `table` hold exactly `rows` from what was staged for it: the staged rows gone or moved
        since are taken out and the moved ones put in, then the table is compared with the staged one."""
        staged = self.staged.pop(table.name)
        now = {_key(table, row): row for row in rows}
        moved = {key: row for key, row in now.items() if staged.get(key) != row}
        stale = [key for key in staged if key not in now or key in moved]
        sample = next(iter(now.values() or staged.values()), None)
        if sample is None:  # nothing staged, nothing now
            return await _emptied(self.connection, table)
        if stale:
            keys = [c.name for c in table.primary_key.columns]
            stale_keys = [dict(zip(keys, key, strict=True)) for key in stale]
            await self.connection.exec_driver_sql(_unstaging_sql(table), (to_json(stale_keys).decode(),))
        if moved:
            moved_rows = list(moved.values())
            await self.connection.exec_driver_sql(_staging_sql(table, tuple(sample)), (to_json(moved_rows).decode(),))
        found = await self.connection.exec_driver_sql(_correcting_sql(table, tuple(sample), staged=True))
        return _counted(found.one())


async def _emptied(connection: AsyncConnection, table: Table) -> Corrected:
    result = await connection.exec_driver_sql(f"DELETE FROM {table.name}")
    return Corrected(removed=result.rowcount)


def _counted(row: Any) -> Corrected:
    removed, changed, added = (int(n) for n in row)
    return Corrected(removed, changed, added)


def _key(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _staged(table: Table) -> str:
    return f"staged_{table.name}"


@functools.cache
def _staging_sql(table: Table, names: tuple[str, ...]) -> str:
    columns = ", ".join(quoted(n) for n in names)
    return (
        f"INSERT INTO {_staged(table)} ({columns}) "
        f"SELECT {columns} FROM json_to_recordset($1::json) AS u({record_columns(table, names)})"
    )


@functools.cache
def _unstaging_sql(table: Table) -> str:
    keys = [c.name for c in table.primary_key.columns]
    match = " AND ".join(f"s.{quoted(k)} = k.{quoted(k)}" for k in keys)
    return (
        f"DELETE FROM {_staged(table)} AS s USING json_to_recordset($1::json) AS k({record_columns(table, keys)}) "
        f"WHERE {match}"
    )


@functools.cache
def _correcting_sql(table: Table, names: tuple[str, ...], *, staged: bool = False) -> str:
    keys = [c.name for c in table.primary_key.columns]
    values = [n for n in names if n not in keys]
    match = " AND ".join(f"t.{quoted(k)} = u.{quoted(k)}" for k in keys)
    columns = ", ".join(quoted(n) for n in names)
    source = (
        f"SELECT {columns} FROM {_staged(table)}"
        if staged
        else f"SELECT * FROM json_to_recordset($1::json) AS u({record_columns(table, names)})"
    )
    changed = (
        f"""changed AS (
    UPDATE {table.name} AS t SET {", ".join(f"{quoted(n)} = u.{quoted(n)}" for n in values)} FROM u
    WHERE {match} AND ROW({", ".join(f"t.{quoted(n)}" for n in names)})::text
                       IS DISTINCT FROM ROW({", ".join(f"u.{quoted(n)}" for n in names)})::text
    RETURNING 1)"""
        if values
        else "changed AS (SELECT 1 WHERE false)"  # only a key: a row present in both cannot differ
    )
    return f"""WITH u AS MATERIALIZED ({source}),
removed AS (
    DELETE FROM {table.name} AS t WHERE NOT EXISTS (SELECT 1 FROM u WHERE {match}) RETURNING 1),
{changed},
added AS (
    INSERT INTO {table.name} ({columns}) SELECT {columns} FROM u
    WHERE NOT EXISTS (SELECT 1 FROM {table.name} AS t WHERE {match}) RETURNING 1)
SELECT (SELECT count(*) FROM removed), (SELECT count(*) FROM changed), (SELECT count(*) FROM added)"""
