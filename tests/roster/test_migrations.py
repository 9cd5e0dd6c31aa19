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
            await conn.execute(
                text(
                    "INSERT INTO shifts (id, campaign_id, enterprise_id, site_id, duty_type, starts_at, ends_at, assignees,"
                    " status, notes, version) VALUES (:id, :campaign, :enterprise, NULL, 'leadership',"
                    " '2027-02-05T11:00Z', '2027-02-05T23:00Z', CAST(:assignees AS jsonb), 'draft', 'Giao thừa', 1)"
                ),
                {
                    "id": legacy,
                    "campaign": uuid.uuid4(),
                    "enterprise": uuid.uuid4(),
                    "assignees": f'[{{"staff_id": "{uuid.uuid4()}", "full_name": "Nguyễn Thị Ánh Tuyết"}}]',
                },
            )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            row = (
                await conn.execute(text("SELECT status, warnings, notes FROM shifts WHERE id = :id"), {"id": legacy})
            ).one()
            assert tuple(row) == ("draft", [], "Giao thừa")
            extensions = (await conn.execute(text("SELECT extname FROM pg_extension"))).scalars().all()
            assert "btree_gist" in extensions
    finally:
        await engine.dispose()


async def test_names_typed_in_nfd_are_brought_to_nfc_and_folded_for_search(new_database) -> None:
    import unicodedata

    engine = db.create_engine(new_database("roster"), pool_size=1)
    enterprise, person, twin = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    nfd = unicodedata.normalize("NFD", "Lê Thị Hồng Nhung")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0003"))
            await conn.execute(
                text(
                    "INSERT INTO enterprises (id, name, sector, version) VALUES (:id, :name, 'telecom', 1),"
                    " (:twin, :nfc_name, 'telecom', 1)"
                ),
                {
                    "id": enterprise,
                    "name": unicodedata.normalize("NFD", "Đài Truyền hình"),
                    "twin": twin,
                    "nfc_name": "Viettel Long An",
                },
            )
            await conn.execute(
                text("INSERT INTO staff (id, enterprise_id, full_name, version) VALUES (:id, :e, :name, 1)"),
                {"id": person, "e": enterprise, "name": nfd},
            )
        await db.migrate(engine, MIGRATIONS, service="roster")
        async with engine.connect() as conn:
            row = (
                await conn.execute(text("SELECT full_name, full_name_folded FROM staff WHERE id = :id"), {"id": person})
            ).one()
            assert tuple(row) == ("Lê Thị Hồng Nhung", "le thi hong nhung")
            row = (
                await conn.execute(text("SELECT name, name_folded FROM enterprises WHERE id = :id"), {"id": enterprise})
            ).one()
            assert tuple(row) == ("Đài Truyền hình", "dai truyen hinh")
            # The search can use the trigram index (the planner picks it once the table is large).
            await conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(
                (
                    await conn.execute(text("EXPLAIN SELECT id FROM staff WHERE full_name_folded LIKE '%hong nhung%'"))
                ).scalars()
            )
            assert "ix_staff_full_name_folded_trgm" in plan
    finally:
        await engine.dispose()
