"""Roster's schema migration keeps the shifts planned with the first, minimal API."""

from __future__ import annotations

import uuid

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from lichtruc import db
from roster.app import MIGRATIONS


def upgrade_to(revision: str):
    def run(connection) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    return run


async def test_shifts_from_the_first_api_survive_the_upgrade(new_database) -> None:
    engine = db.create_engine(new_database("roster"), pool_size=1)
    legacy = uuid.uuid4()
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0001"))
            await conn.execute(text(
                "INSERT INTO shifts (id, campaign_id, enterprise_id, site_id, duty_type, starts_at, ends_at, assignees,"
                " status, notes, version) VALUES (:id, :campaign, :enterprise, NULL, 'leadership',"
                " '2027-02-05T11:00Z', '2027-02-05T23:00Z', CAST(:assignees AS jsonb), 'draft', 'Giao thừa', 1)"),
                {"id": legacy, "campaign": uuid.uuid4(), "enterprise": uuid.uuid4(),
                 "assignees": '[{"staff_id": "%s", "full_name": "Nguyễn Thị Ánh Tuyết"}]' % uuid.uuid4()})
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            row = (await conn.execute(text("SELECT status, warnings, notes FROM shifts WHERE id = :id"),
                                      {"id": legacy})).one()
            assert tuple(row) == ("draft", [], "Giao thừa")
            extensions = (await conn.execute(text("SELECT extname FROM pg_extension"))).scalars().all()
            assert "btree_gist" in extensions
    finally:
        await engine.dispose()
