"""Each service's migrations produce exactly the tables its code declares."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lichtruc import db


@pytest.mark.parametrize("service", ["roster", "notifier", "audit"])
async def test_migrations_match_the_declared_tables(service, new_database) -> None:
    module = __import__(f"{service}.app", fromlist=["MIGRATIONS"])
    tables = __import__(f"{service}.db.tables", fromlist=["metadata"])
    engine = db.create_engine(new_database(service, migrated=False), pool_size=1)
    try:
        await db.migrate(engine, module.MIGRATIONS, service=service)
        await db.migrate(engine, module.MIGRATIONS, service=service)  # idempotent

        def diff(connection):
            return compare_metadata(MigrationContext.configure(connection), tables.metadata)

        async with engine.connect() as conn:
            differences = await conn.run_sync(diff)
    finally:
        await engine.dispose()
    assert differences == []
