"""The engine every service builds (lichtruc.db.create_engine): its connections carry the
plan-cache mode asked for, and are replaced once older than the recycle age, so that a generic
plan PostgreSQL made while a table was small does not live for the process's whole life."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from lichtruc import db
from lichtruc.failures import database_unreachable
from support import eventually


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


async def test_json_values_read_back_are_what_json_loads_makes_of_them(new_database) -> None:
    """JSON and JSONB come back through pydantic's parser (create_engine's `json_deserializer`): the
    same Python values as `json.loads` makes of the text PostgreSQL sends (which writes a JSONB number
    its own way: 1e-300 in full), Vietnamese text, nesting, big and small numbers included."""
    import json

    value: dict[str, Any] = {
        "tên": "Nguyễn Thị Ánh Tuyết",
        "ca": [{"bắt_đầu": "2027-02-05T23:00:00+07:00", "người": ["Trần Văn Bình", "Lê Hoàng Phúc"]}],
        "số": [0, -1, 2**62, 12345678901234567890123, 0.1, 2.5e-7, 1e-300, 1.7976931348623157e308],
        "rỗng": {},
        "có": True,
        "không": None,
        "emoji": "🧧 Tết",
    }
    engine = db.create_engine(new_database(), pool_size=1)
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT CAST(:v AS jsonb) AS b, CAST(CAST(:v AS jsonb) AS text) AS b_text,"
                        " CAST(:w AS json) AS j, CAST('[]' AS jsonb) AS e"
                    ),
                    {"v": json.dumps(value, ensure_ascii=False), "w": json.dumps(value, ensure_ascii=False)},
                )
            ).one()
    finally:
        await engine.dispose()
    assert row.b == json.loads(row.b_text)
    stored = row.b
    assert isinstance(stored, dict)
    assert stored["tên"] == "Nguyễn Thị Ánh Tuyết" and stored["số"][:5] == value["số"][:5]
    assert row.j == value  # json keeps the text as it was sent (a parameter of its own: one cast to jsonb
    # would type it jsonb, normalised)
    assert row.e == []


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


def test_reads_become_one_statement_of_arrays_with_their_parameters_renumbered() -> None:
    sql, args = db.one_query([("SELECT x FROM a WHERE y = $1", (1,)), ("SELECT u, v FROM b WHERE w = ANY($1)", ([2],))])
    assert sql == (
        "SELECT ARRAY(SELECT q FROM (SELECT x FROM a WHERE y = $1) AS q) AS r0, "
        "ARRAY(SELECT q FROM (SELECT u, v FROM b WHERE w = ANY($2)) AS q) AS r1"
    )
    assert args == (1, [2])


def test_a_select_becomes_positional_text_and_its_values_in_order() -> None:
    from sqlalchemy import Column, Integer, MetaData, Table, bindparam, select

    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("kind", Integer))
    query = select(table).where(table.c.id > bindparam("low"), table.c.kind.in_([7, 8]), table.c.id < bindparam("high"))
    sql, args = db.positional(query, {"high": 9, "low": 1})
    assert (
        sql.split("WHERE ")[1] == "t.id > $1::INTEGER AND t.kind IN ($3::INTEGER, $4::INTEGER) AND t.id < $2::INTEGER"
    )
    assert args == (1, 9, 7, 8)  # the literal list's values after the named ones, as numbered
    assert db.positional(query, {"high": 3, "low": 2})[1] == (2, 3, 7, 8)  # compiled once, any values


def test_a_select_is_expanded_once_and_a_list_of_the_callers_at_every_call() -> None:
    """`positional` remembers a statement's text and slots (nothing of the caller's is expanded): later
    calls give what SQLAlchemy's expansion gives, constants included; a list the caller binds to an
    expanding parameter is expanded at each call, its length being its own."""
    from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, select

    table = Table("u", MetaData(), Column("id", Integer, primary_key=True), Column("kind", String))
    fixed = select(table).where(table.c.kind == "open", table.c.id.in_([4, 5, 6]), table.c.id > bindparam("low"))
    for low in (1, 2, 3):
        expanded = db._compiled(fixed).construct_expanded_state({"low": low})
        assert db.positional(fixed, {"low": low}) == (expanded.statement, tuple(expanded.positional_parameters))
    assert fixed in db._recipes
    assert db.positional(fixed, {"low": 7})[1] == ("open", 7, 4, 5, 6)  # a literal list after the rest

    listed = select(table).where(table.c.id.in_(bindparam("ids", expanding=True)))
    one, three = db.positional(listed, {"ids": [1]}), db.positional(listed, {"ids": [1, 2, 3]})
    assert one[1] == (1,) and three[1] == (1, 2, 3)
    assert three[0].count("$") == 3 and one[0].count("$") == 1
    assert listed not in db._recipes


async def test_reads_in_one_statement_answer_their_typed_rows_each(new_database) -> None:
    from sqlalchemy import Column, DateTime, Integer, MetaData, Table, bindparam, select

    engine = db.create_engine(new_database(), pool_size=1)
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("at", DateTime(timezone=True)))
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql("CREATE TABLE t (id integer PRIMARY KEY, at timestamptz)")
            await conn.exec_driver_sql("INSERT INTO t VALUES (1, '2027-02-06T17:00:00Z'), (2, NULL), (3, NULL)")
            below = select(table).where(table.c.id < bindparam("n")).order_by(table.c.id)
            none = select(table.c.id).where(table.c.id > bindparam("n"))
            reads = [db.positional(below, {"n": 3}), db.positional(none, {"n": 3})]
            found = tuple((await conn.exec_driver_sql(*db.one_query(reads))).one())
        assert [tuple(r) for r in found[0]] == [(1, datetime(2027, 2, 6, 17, tzinfo=UTC)), (2, None)]
        assert found[1] == []  # a read without rows
    finally:
        await engine.dispose()


def test_held_writes_go_as_one_statement_once() -> None:
    held = db.HeldWrites()
    assert held.take() == []
    held.add("INSERT INTO a (x) VALUES ($1)", (1,))
    held.extend([("INSERT INTO b (x, y) VALUES ($1, $2)", (2, 3)), ("DELETE FROM c WHERE x = $1", (4,))])
    assert held.take() == [
        (
            "WITH w0 AS (INSERT INTO a (x) VALUES ($1)), w1 AS (INSERT INTO b (x, y) VALUES ($2, $3)), "
            "w2 AS (DELETE FROM c WHERE x = $4) SELECT 1",
            (1, 2, 3, 4),
        )
    ]
    assert held.take() == []  # taken once


def test_many_held_writes_go_as_few_statements_within_the_drivers_limit_in_order() -> None:
    """A bulk import's rows: never one statement of more parameters than asyncpg sends (it refuses
    them: a 2,000-row shift import answered 500), nor of more than MAX_PARTS statements."""
    held = db.HeldWrites()
    row = (
        "INSERT INTO t ("
        + ", ".join(f"c{i}" for i in range(25))
        + ") VALUES ("
        + ", ".join(f"${i + 1}" for i in range(25))
        + ")"
    )
    for n in range(6000):
        held.add(row, tuple(range(n * 25, n * 25 + 25)))
    statements = held.take()
    counts = [len(args) for _, args in statements]
    assert all(c <= db.MAX_ARGUMENTS for c in counts) and len(statements) == 12
    assert all(sql.count(" AS (INSERT") <= db.MAX_PARTS for sql, _ in statements)
    assert [a for _, args in statements for a in args] == list(range(6000 * 25))  # every row, in order
    wide = db.HeldWrites()
    for _ in range(3):  # three statements of 20,000 parameters: no two fit in one
        wide.add("INSERT INTO t (x) SELECT unnest($1::int[])", tuple(range(20_000)))
    assert [len(args) for _, args in wide.take()] == [20_000, 20_000, 20_000]


def test_single_row_inserts_of_one_text_become_one_insert_of_their_rows_in_order() -> None:
    outbox = "INSERT INTO outbox (event_id, payload) VALUES ($1, $2::text::jsonb)"
    shift = "INSERT INTO shifts (id) VALUES ($1)"
    booking = "INSERT INTO bookings SELECT $1, s.id FROM staff s"  # not one row of VALUES: a part of its own
    sql, args = db.one_statement([(shift, (1,)), (outbox, (2, 3)), (booking, (4,)), (shift, (5,)), (outbox, (6, 7))])
    assert sql == (
        "WITH w0 AS (INSERT INTO shifts (id) VALUES ($1), ($5)), "
        "w1 AS (INSERT INTO outbox (event_id, payload) VALUES ($2, $3::text::jsonb), ($6, $7::text::jsonb)), "
        "w2 AS (INSERT INTO bookings SELECT $4, s.id FROM staff s) SELECT 1"
    )
    assert args == (1, 2, 3, 4, 5, 6, 7)
    assert db.one_statement([(shift, (1,)), (shift, (2,))]) == ("INSERT INTO shifts (id) VALUES ($1), ($2)", (1, 2))
    for other in (
        "INSERT INTO t (x) VALUES ($1) ON CONFLICT DO NOTHING",
        "INSERT INTO t (x) VALUES ($1) RETURNING id",
        "INSERT INTO t (x) VALUES ($1), ($2)",
        "INSERT INTO t (x) SELECT * FROM (VALUES ($1)) AS v",
    ):
        assert db.one_statement([(other, (1,)), (other, (2,))])[0].startswith("WITH w0 AS"), other


async def test_held_rows_of_a_table_get_its_ids_in_the_order_they_were_held(new_database) -> None:
    """PostgreSQL runs a statement's CTEs in no promised order (the last first, here): an outbox's
    rows held one by one would have had their ids, and so their publishing order, reversed."""
    engine = db.create_engine(new_database(), pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql("CREATE TABLE o (id bigserial PRIMARY KEY, n integer, note text)")
            await conn.exec_driver_sql("CREATE TABLE other (n integer)")
            held = db.HeldWrites()
            for n in range(1200):  # more than one statement's MAX_PARTS: three statements, in order
                held.add("INSERT INTO o (n, note) VALUES ($1, $2)", (n, f"Sự kiện {n}"))
                held.add("INSERT INTO other (n) VALUES ($1)", (n,))
            statements = held.take()
            assert len(statements) == 5
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            for sql, args in statements:
                await raw.execute(sql, *args)
            rows = await raw.fetch("SELECT n, note FROM o ORDER BY id")
        assert [r["n"] for r in rows] == list(range(1200))
        assert rows[7]["note"] == "Sự kiện 7"
    finally:
        await engine.dispose()


def test_reads_as_columns_of_another_statement_are_numbered_after_its_own_parameters() -> None:
    columns, args = db.read_columns([("SELECT x FROM a WHERE y = $1 AND z = $2", (1, 2))], after=3)
    assert columns == "ARRAY(SELECT q FROM (SELECT x FROM a WHERE y = $4 AND z = $5) AS q) AS r0"
    assert args == (1, 2)
    assert db.read_columns([]) == ("", ())


def test_a_read_hands_its_records_over_by_column_name() -> None:
    from sqlalchemy import Column, Integer, MetaData, Table, bindparam, select

    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("n", Integer))
    got: list[list[dict]] = []
    read = db.Read.of(select(table).where(table.c.id == bindparam("id")), {"id": 5}, got.append)
    assert read.names == ("id", "n") and read.statement[1] == (5,)
    read.took([(5, 7)])
    read.took([])
    assert got == [[{"id": 5, "n": 7}], []]


async def test_the_driver_connection_runs_in_the_sessions_transaction_even_as_its_first_statement(
    new_database,
) -> None:
    """`db.driver` (asyncpg's connection, for a hot path's statements): a write through it as the
    transaction's very first statement is undone by the session's rollback and kept by its commit,
    and a transaction-scoped setting made through it lasts until the session's transaction ends.
    SQLAlchemy's adapter only begins with its own first statement: without `driver` beginning it,
    each of these would have committed on its own."""
    engine = db.create_engine(new_database(), pool_size=1, max_overflow=0)
    sessions = db.session_factory(engine)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE marks (n int)"))
        async with sessions() as session:
            await (await db.driver(session)).execute("INSERT INTO marks VALUES ($1)", 1)
            await session.rollback()
        async with sessions.begin() as session:
            raw = await db.driver(session)
            await raw.execute("SELECT set_config('application_name', 'lichtruc-test', true)")
            await raw.execute("INSERT INTO marks VALUES ($1)", 2)
            assert (await session.execute(text("SHOW application_name"))).scalar_one() == "lichtruc-test"
        async with sessions() as session:
            assert (await session.execute(text("SELECT array_agg(n) FROM marks"))).scalar_one() == [2]
            assert (await session.execute(text("SHOW application_name"))).scalar_one() != "lichtruc-test"
    finally:
        await engine.dispose()


async def test_a_connection_that_breaks_under_the_driver_is_not_handed_out_again(new_database) -> None:
    """A statement through `db.driver` fails on a connection PostgreSQL dropped; the session's end
    drops it from the pool (of one connection here), so the next session works."""
    import asyncpg
    import pytest
    from sqlalchemy.exc import DBAPIError

    from lichtruc.failures import classify

    url = new_database()
    engine = db.create_engine(url, pool_size=1, max_overflow=0)
    sessions = db.session_factory(engine)
    try:
        with pytest.raises((asyncpg.PostgresError, asyncpg.InterfaceError, DBAPIError)) as failed:
            async with sessions.begin() as session:
                raw = await db.driver(session)
                admin = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
                try:
                    await admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                finally:
                    await admin.close()
                await raw.execute("SELECT $1::int", 1)
        assert classify(failed.value) == "transient"  # a consumer retries it
        async with sessions() as session:
            assert (await session.execute(text("SELECT 2"))).scalar_one() == 2
    finally:
        await engine.dispose()


async def _end_connections(admin, conns) -> None:
    """PostgreSQL ends every other connection to the database (as a restart does); wait until asyncpg
    has seen each of `conns` closed."""
    async with admin.connect() as conn:
        await conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE pid <> pg_backend_pid() AND datname = current_database()"
            )
        )
    deadline = time.monotonic() + 10
    while not all(c.is_closed() for c in conns):
        assert time.monotonic() < deadline, "the driver never saw its connections closed"
        await asyncio.sleep(0.05)


async def test_pooled_connections_the_server_closed_are_replaced_at_checkout(new_database) -> None:
    """PostgreSQL restarted while connections sat in the pool (no pre-ping): asyncpg has seen them
    closed, so the pool hands out fresh ones instead — the next transactions, through SQLAlchemy or
    the driver's path the consumers use, simply work."""
    url = new_database()
    engine = db.create_engine(url, pool_size=2, max_overflow=0)
    admin = db.create_engine(url, pool_size=1)
    sessions = db.session_factory(engine)
    try:
        async with sessions.begin() as first, sessions.begin() as second:  # two connections in the pool
            pooled = [await db.driver(first), await db.driver(second)]
        await _end_connections(admin, pooled)
        async with sessions.begin() as first, sessions.begin() as second:
            fresh = [await db.driver(first), await (await second.connection()).exec_driver_sql("SELECT 1")]
            assert fresh[0] not in pooled and await fresh[0].fetchval("SELECT 1") == 1
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_a_connection_closed_under_a_transaction_is_dropped_with_a_transient_error(new_database) -> None:
    """The server ends a connection after it was checked out, before the driver's path used it: it is
    dropped with the pool's older ones (SQLAlchemy does not see these statements, and would have given
    it back to the pool) and the failure is transient for a consumer, 503 for a request."""
    from lichtruc.failures import classify, database_unreachable

    url = new_database()
    engine = db.create_engine(url, pool_size=1, max_overflow=0)
    admin = db.create_engine(url, pool_size=1)
    sessions = db.session_factory(engine)
    try:
        failed: BaseException | None = None
        try:
            async with sessions.begin() as session:
                connection = await session.connection()
                await _end_connections(admin, [(await connection.get_raw_connection()).driver_connection])
                await db.driver(session)
        except Exception as exc:
            failed = exc
        assert failed is not None, "a closed connection was used as if open"
        assert classify(failed) == "transient" and database_unreachable(failed), repr(failed)
        async with sessions.begin() as session:
            assert await (await db.driver(session)).fetchval("SELECT 1") == 1
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_a_connection_the_server_ended_under_a_statement_sent_to_asyncpg_retires_the_pools_older_ones(
    new_database,
) -> None:
    """A statement sent straight to asyncpg outside a transaction SQLAlchemy began (`driver_of`, as notifier's
    calendar feed) is cut off by the server (an administrator's terminate; a restart ends them all). SQLAlchemy
    saw no failure; the connection comes back to the pool closed, and the pool's older connections — dead too
    after a restart, though asyncpg may not know yet — are not handed out again: the next checkouts open new
    ones. (The pool's other connection is alive here, so that handing it out again would show.)"""
    import asyncpg

    url = new_database()
    engine = db.create_engine(url, pool_size=2, max_overflow=0)
    killer = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        release, both_held, pooled = asyncio.Event(), asyncio.Event(), set()

        async def held() -> None:  # two connections at once: the pool keeps both
            async with engine.connect() as conn:
                pooled.add(int(await (await db.driver_of(conn)).fetchval("SELECT pg_backend_pid()")))
                if len(pooled) == 2:
                    both_held.set()
                await release.wait()

        both = [asyncio.create_task(held()), asyncio.create_task(held())]
        await asyncio.wait_for(both_held.wait(), 30)
        release.set()
        await asyncio.gather(*both)

        async with engine.connect() as conn:
            raw = await db.driver_of(conn)
            victim = int(await raw.fetchval("SELECT pg_backend_pid()"))
            sleeping = asyncio.create_task(raw.fetchval("SELECT pg_sleep(30)"))
            await eventually(
                lambda: killer.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%'", victim
                ),
                what="the statement to run",
            )
            assert await killer.fetchval("SELECT pg_terminate_backend($1)", victim)
            try:
                await sleeping
            except Exception as exc:  # the driver's own error, whatever its class
                assert database_unreachable(exc), repr(exc)
            else:
                raise AssertionError("the statement outlived its connection")

        after = {(await _backend(engine))[0] for _ in range(2)}
        assert not after & pooled, (pooled, after)
    finally:
        await killer.close()
        await engine.dispose()
