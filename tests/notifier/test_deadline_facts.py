"""The deadlines' facts on PostgreSQL (db/deadlines.py): a campaign's kind is kept with it, so that the sweep
tells a drill's enterprises nothing of Tết opening hours (domain/deadlines.py) after a restart as before it; the
sites that publish Tết hours are the post offices and the transaction points."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import text

from lichtruc import db
from notifier.app import MIGRATIONS
from notifier.db.deadlines import PgDeadlines
from notifier.db.readmodel import PgReference
from notifier.domain.deadlines import Campaign
from notifier.domain.model import EnterpriseRecord, SiteRecord


async def test_a_campaigns_kind_is_kept_and_read_back(new_database) -> None:
    engine = db.create_engine(new_database("notifier"), pool_size=1)
    try:
        starts, ends = datetime(2027, 1, 20, 1, tzinfo=UTC), datetime(2027, 1, 20, 10, tzinfo=UTC)
        drill = Campaign(uuid.uuid4(), "Diễn tập trực Tết", starts, ends, None, "drill")
        tet = Campaign(uuid.uuid4(), "Tết Đinh Mùi 2027", starts, ends.replace(month=2), None)
        async with db.session_factory(engine)() as session, session.begin():
            store = PgDeadlines(session)
            assert await store.put_campaign(drill, version=1) and await store.put_campaign(tet, version=1)
        async with db.session_factory(engine)() as session:
            read = {c.campaign_id: c for c in await PgDeadlines(session).campaigns(ending_after=starts)}
        assert read == {drill.campaign_id: drill, tet.campaign_id: tet}
        assert (read[drill.campaign_id].kind, read[tet.campaign_id].kind) == ("drill", "tet")
    finally:
        await engine.dispose()


async def test_the_sweep_reads_post_offices_and_transaction_points_through_their_index(new_database) -> None:
    """Post offices publish Tết hours too (`lichtruc.counters`): the sweep's facts hold every post office and
    transaction point kept from roster's sites — a post office kept before the change as well, since every site is
    kept with its kind — and no other site; migration 0011's partial index covers both kinds."""
    engine = db.create_engine(new_database("notifier"), pool_size=1)
    try:
        now = datetime(2027, 1, 28, 1, tzinfo=UTC)
        tet = Campaign(uuid.uuid4(), "Tết Đinh Mùi 2027", now, now.replace(month=2), None)
        enterprise = uuid.uuid4()
        kinds = {"post_office": uuid.uuid4(), "transaction_point": uuid.uuid4(), "office": uuid.uuid4()}
        async with db.session_factory(engine)() as session, session.begin():
            assert await PgDeadlines(session).put_campaign(tet, version=1)
            for kind, site_id in kinds.items():
                record = SiteRecord(site_id, enterprise, f"Địa điểm {kind}", kind, "Tân An", False, 1)
                await PgReference(session).put_site(record, now=now)
        async with db.session_factory(engine)() as session:
            facts = await PgDeadlines(session).facts(
                ending_after=now, items_due_before=now, hours_of=[tet.campaign_id], report_days=[]
            )
            index = await session.scalar(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_sites_counters'"))
        assert {(p.site_id, p.kind) for p in facts.points} == {
            (kinds["post_office"], "post_office"),
            (kinds["transaction_point"], "transaction_point"),
        }
        assert index is not None and "post_office" in index and "transaction_point" in index
    finally:
        await engine.dispose()


async def test_the_day_an_enterprise_owes_from_is_kept_and_read_by_the_sweep(new_database) -> None:
    """QZ11 #6 / QZ12 #5: the day the Department set (roster's `obligations_from`) is kept with the enterprise and
    reaches the sweep's facts; an enterprise without one reads None (it owes everything)."""
    engine = db.create_engine(new_database("notifier"), pool_size=1)
    try:
        now = datetime(2027, 2, 7, 2, tzinfo=UTC)
        tet = Campaign(uuid.uuid4(), "Tết Đinh Mùi 2027", now.replace(day=1), now.replace(day=14), None)
        joined = EnterpriseRecord(uuid.uuid4(), "Viettel Long An", "telecom", None, (), 1, date(2027, 2, 8))
        always = EnterpriseRecord(uuid.uuid4(), "VNPT Long An", "telecom", None, (), 1)
        async with db.session_factory(engine)() as session, session.begin():
            assert await PgDeadlines(session).put_campaign(tet, version=1)
            for record in (joined, always):
                await PgReference(session).put_enterprise(record, now=now)
        async with db.session_factory(engine)() as session:
            facts = await PgDeadlines(session).facts(
                ending_after=now, items_due_before=now, hours_of=[], report_days=[]
            )
            read = await PgReference(session).enterprise(joined.enterprise_id)
        assert {e.name: e.obligations_from for e in facts.enterprises} == {
            "Viettel Long An": date(2027, 2, 8),
            "VNPT Long An": None,
        }
        assert read == joined
    finally:
        await engine.dispose()


async def test_migration_0011_indexes_both_kinds_and_its_downgrade_the_transaction_points_alone(new_database) -> None:
    from alembic import command

    engine = db.create_engine(new_database("notifier", migrated=False), pool_size=1)

    def to(revision: str):
        def run(connection) -> None:
            config = db._alembic_config(MIGRATIONS, connection)
            if revision == "0010":
                command.downgrade(config, revision)
            else:
                command.upgrade(config, revision)

        return run

    async def indexes() -> dict[str, str]:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sites'"))
            return {r.indexname: r.indexdef for r in rows if r.indexname.startswith("ix_sites_")}

    try:
        async with engine.begin() as conn:
            await conn.run_sync(to("head"))
        upgraded = await indexes()
        assert "ix_sites_transaction_points" not in upgraded
        assert (
            "'post_office'" in upgraded["ix_sites_counters"] and "'transaction_point'" in upgraded["ix_sites_counters"]
        )
        async with engine.begin() as conn:
            await conn.run_sync(to("0010"))
        downgraded = await indexes()
        assert "ix_sites_counters" not in downgraded
        assert "'transaction_point'" in downgraded["ix_sites_transaction_points"]
        assert "post_office" not in downgraded["ix_sites_transaction_points"]
    finally:
        await engine.dispose()
