"""Each service's migrations produce exactly the tables its code declares."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

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


@pytest.mark.parametrize("service", ["roster", "notifier", "audit"])
def test_the_head_read_from_the_files_is_alembics_own(service) -> None:
    """`db.migrate` skips Alembic for a database at `head_revision`: it must be the head Alembic itself finds."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    module = __import__(f"{service}.app", fromlist=["MIGRATIONS"])
    config = Config()
    config.set_main_option("script_location", str(module.MIGRATIONS))
    assert db.head_revision(module.MIGRATIONS) == ScriptDirectory.from_config(config).get_current_head()


def _versions(root, files: dict[str, str]):
    """A migrations folder whose versions/ holds `files` (name: text)."""
    (root / "versions").mkdir(parents=True)
    for name, source in files.items():
        (root / "versions" / name).write_text(source)
    return root


def test_a_head_the_files_do_not_say_plainly_is_left_to_alembic(tmp_path) -> None:
    first = 'revision = "0001"\ndown_revision = None\n'
    plain = _versions(
        tmp_path / "plain",
        {"0001_a.py": first, "0002_b.py": 'revision: str = "0002"\ndown_revision: str | None = "0001"\n'},
    )
    assert db.head_revision(plain) == "0002"
    two_heads = _versions(
        tmp_path / "two",
        {
            "0001_a.py": first,
            "0002_b.py": 'revision = "0002"\ndown_revision = "0001"\n',
            "0003_c.py": 'revision = "0003"\ndown_revision = "0001"\n',
        },
    )
    assert db.head_revision(two_heads) is None
    merge = _versions(
        tmp_path / "merge", {"0001_a.py": first, "0002_b.py": 'revision = "0002"\ndown_revision = ("0001",)\n'}
    )
    assert db.head_revision(merge) is None  # a tuple: Alembic reads it
    orphan = _versions(tmp_path / "orphan", {"0002_b.py": 'revision = "0002"\ndown_revision = "0009"\n'})
    assert db.head_revision(orphan) is None  # a parent no file has


@pytest.mark.parametrize("service", ["roster", "notifier", "audit"])
async def test_a_database_behind_the_head_is_migrated_and_one_at_it_left_alone(
    service, new_database, monkeypatch
) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    module = __import__(f"{service}.app", fromlist=["MIGRATIONS"])
    engine = db.create_engine(new_database(service, migrated=False), pool_size=1)
    head = db.head_revision(module.MIGRATIONS)
    assert head is not None
    try:
        # One migration behind the head, as a database is when a new version of the service starts.
        def to_previous(connection) -> None:
            config = db._alembic_config(module.MIGRATIONS, connection)
            previous = ScriptDirectory.from_config(config).get_revision(head).down_revision
            command.upgrade(config, str(previous))

        async with engine.begin() as conn:
            await conn.run_sync(to_previous)
        await db.migrate(engine, module.MIGRATIONS, service=service)
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT version_num FROM alembic_version")) == head

        def no_alembic(*args, **kwargs):
            raise AssertionError("Alembic ran for a database at the head")

        monkeypatch.setattr(command, "upgrade", no_alembic)
        await db.migrate(engine, module.MIGRATIONS, service=service)  # at the head: Alembic not asked
    finally:
        await engine.dispose()
