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
that finds nothing wrong writes nothing.

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
        result = await connection.exec_driver_sql(f"DELETE FROM {table.name}")
        return Corrected(removed=result.rowcount)
    found = await connection.exec_driver_sql(_correcting_sql(table, tuple(rows[0])), (to_json(rows).decode(),))
    removed, changed, added = (int(n) for n in found.one())
    return Corrected(removed, changed, added)


@functools.cache
def _correcting_sql(table: Table, names: tuple[str, ...]) -> str:
    keys = [c.name for c in table.primary_key.columns]
    values = [n for n in names if n not in keys]
    match = " AND ".join(f"t.{quoted(k)} = u.{quoted(k)}" for k in keys)
    columns = ", ".join(quoted(n) for n in names)
    changed = (
        f"""changed AS (
    UPDATE {table.name} AS t SET {", ".join(f"{quoted(n)} = u.{quoted(n)}" for n in values)} FROM u
    WHERE {match} AND ROW({", ".join(f"t.{quoted(n)}" for n in names)})::text
                       IS DISTINCT FROM ROW({", ".join(f"u.{quoted(n)}" for n in names)})::text
    RETURNING 1)"""
        if values
        else "changed AS (SELECT 1 WHERE false)"  # only a key: a row present in both cannot differ
    )
    return f"""WITH u AS MATERIALIZED (
    SELECT * FROM json_to_recordset($1::json) AS u({record_columns(table, names)})),
removed AS (
    DELETE FROM {table.name} AS t WHERE NOT EXISTS (SELECT 1 FROM u WHERE {match}) RETURNING 1),
{changed},
added AS (
    INSERT INTO {table.name} ({columns}) SELECT {columns} FROM u
    WHERE NOT EXISTS (SELECT 1 FROM {table.name} AS t WHERE {match}) RETURNING 1)
SELECT (SELECT count(*) FROM removed), (SELECT count(*) FROM changed), (SELECT count(*) FROM added)"""
