"""db/differences.py on a real PostgreSQL: a table made to hold given rows by writing only those that
differ, in one step (`correct`) or staged ahead and finished once the rows have moved on (`Staging`),
as the rebuild does before and after it takes the chain."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, Text, text
from sqlalchemy.dialects.postgresql import JSONB

from audit.db.differences import Corrected, Staging, correct
from lichtruc import db

scratch = Table(
    "scratch",
    MetaData(),
    Column("site", Text, primary_key=True),
    Column("day", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("doc", JSONB, nullable=False),
)


def row(site: str, day: int, name: str, **doc) -> dict:
    return {"site": site, "day": day, "name": name, "doc": doc}


STORED = [row("Mộc Hóa", 1, "Bưu cục Mộc Hóa", people=["Nguyễn Thị Ánh"]), row("Tân An", 1, "Tân An", people=[])]
STORED += [row("Tân An", d, "Tân An", people=["Lê Văn Bình"]) for d in range(2, 6)]


@pytest.fixture
async def connection(new_database):
    engine = db.create_engine(new_database("differences"), pool_size=1)
    async with engine.begin() as conn:
        await conn.run_sync(scratch.metadata.create_all)
        await conn.execute(scratch.insert(), STORED)
    async with engine.connect() as conn:
        yield conn
    await engine.dispose()


async def table(conn) -> dict[tuple, tuple]:
    async with conn.begin():
        rows = await conn.execute(text("SELECT site, day, name, doc, xmin::text AS written FROM scratch"))
        return {(r.site, r.day): (r.name, r.doc, r.written) for r in rows}


def wanted() -> list[dict]:
    """STORED with one row changed (a nested value), one gone and one new."""
    rows = [r for r in STORED if (r["site"], r["day"]) != ("Tân An", 5)]
    rows[0] = row("Mộc Hóa", 1, "Bưu cục Mộc Hóa", people=["Nguyễn Thị Ánh", "Trần Văn Cường"])
    return [*rows, row("Vĩnh Hưng", 1, "Vĩnh Hưng", people=[])]


def held(rows: list[dict]) -> dict[tuple, tuple]:
    return {(r["site"], r["day"]): (r["name"], r["doc"]) for r in rows}


async def test_correct_writes_only_the_rows_that_differ(connection) -> None:
    before = await table(connection)
    async with connection.begin():
        assert await correct(connection, scratch, wanted()) == Corrected(removed=1, changed=1, added=1)
    after = await table(connection)
    assert {k: v[:2] for k, v in after.items()} == held(wanted())
    untouched = {("Tân An", d) for d in range(1, 5)}
    assert {k: after[k][2] for k in untouched} == {k: before[k][2] for k in untouched}
    async with connection.begin():
        assert not await correct(connection, scratch, wanted())  # nothing left to write
        assert await correct(connection, scratch, []) == Corrected(removed=len(wanted()))
    assert await table(connection) == {}


async def test_staged_rows_that_moved_before_the_correction_give_what_correct_gives(connection) -> None:
    early = STORED[:-1] + [row("Tân An", 5, "Tân An (cũ)", people=[]), row("Kiến Tường", 1, "Kiến Tường")]
    async with connection.begin():
        staging = Staging(connection)
        await staging.stage(scratch, early)  # what the first pass derived, staged before the chain is held
        # Meanwhile the table changes under it (a consumer's commit), and the rows move on (the tail).
        await connection.execute(text("UPDATE scratch SET name = 'sai' WHERE site = 'Tân An' AND day = 2"))
        done = await staging.correct(scratch, wanted())
    assert done == Corrected(removed=1, changed=2, added=1)  # day 5 gone, Mộc Hóa and day 2 put right
    assert {k: v[:2] for k, v in (await table(connection)).items()} == held(wanted())


async def test_staging_nothing_and_then_rows_adds_them_and_rows_then_nothing_empties_the_table(connection) -> None:
    async with connection.begin():
        staging = Staging(connection)
        await staging.stage(scratch, [])
        assert await staging.correct(scratch, wanted()) == Corrected(removed=1, changed=1, added=1)
    assert {k: v[:2] for k, v in (await table(connection)).items()} == held(wanted())
    async with connection.begin():
        staging = Staging(connection)
        await staging.stage(scratch, wanted())
        assert await staging.correct(scratch, []) == Corrected(removed=len(wanted()))
    assert await table(connection) == {}
