"""The engine every service builds (lichtruc.db.create_engine): its connections carry the
plan-cache mode asked for, and are replaced once older than the recycle age, so that a generic
plan PostgreSQL made while a table was small does not live for the process's whole life."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from lichtruc import db


async def _backend(engine) -> tuple[int, str]:
    async with engine.connect() as conn:
        pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        mode = (await conn.execute(text("SHOW plan_cache_mode"))).scalar_one()
    return int(pid), str(mode)


async def test_connections_carry_the_plan_cache_mode(new_database) -> None:
    url = new_database()
    for mode in ("auto", "force_custom_plan"):
        engine = db.create_engine(url, pool_size=1, plan_cache_mode=mode)
        try:
            assert (await _backend(engine))[1] == mode
        finally:
            await engine.dispose()


async def test_a_connection_older_than_the_recycle_age_is_replaced(new_database) -> None:
    engine = db.create_engine(new_database(), pool_size=1, max_overflow=0, pool_recycle=1)
    try:
        first, _ = await _backend(engine)
        assert (await _backend(engine))[0] == first  # a young connection is reused
        deadline = time.monotonic() + 30
        while (pid := (await _backend(engine))[0]) == first:
            assert time.monotonic() < deadline, "the pooled connection was never replaced"
            await asyncio.sleep(0.2)
        assert pid != first
    finally:
        await engine.dispose()


def test_a_batch_writes_column_list_names_the_tables_types_and_quotes_keywords() -> None:
    from sqlalchemy import Column, Integer, MetaData, Table, Text
    from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

    table = Table(
        "t",
        MetaData(),
        Column("id", UUID(as_uuid=True), primary_key=True),
        Column("window", JSONB),
        Column("people", ARRAY(Text)),
        Column("n", Integer),
    )
    assert db.record_columns(table, ["id", "window", "people", "n"]) == (
        'id UUID, "window" JSONB, people TEXT[], n INTEGER'
    )


def test_writes_become_one_statement_with_their_parameters_renumbered() -> None:
    alone = ("DELETE FROM a WHERE id = ANY($1::uuid[])", ([1],))
    assert db.one_statement([alone]) == alone
    sql, args = db.one_statement([("INSERT INTO a SELECT $1, $2", (1, 2)), alone])
    assert sql == "WITH w0 AS (INSERT INTO a SELECT $1, $2), w1 AS (DELETE FROM a WHERE id = ANY($3::uuid[])) SELECT 1"
    assert args == (1, 2, [1])
