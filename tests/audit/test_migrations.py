"""Audit's migrations of a log recorded before them. 0006 places it in the Merkle tree: leaves in seq
order (a hole left by an aborted append included), every perfect subtree, and — once the
service starts with its key — a signed head (marked as settling coverage after each event, as the
code of that time did); appends then carry on from there. 0018 starts each account's version head
from its logged events (0023 the Department profile's); 0019 gives each campaign the kind its logged event says; 0021 makes each requirement
one version, for the whole campaign; 0022 says where each version counts."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from audit_testkit import CAMPAIGN_END, CAMPAIGN_START, Roster, audit_settings, province_events
from sequence_samples import Samples
from sqlalchemy import text

from audit.app import MIGRATIONS, create_app
from audit.domain.chain import GENESIS, canonical_bytes, link_hash
from audit.handlers import make_apply
from audit.rebuild import run
from lichtruc import db
from lichtruc.events import ROSTER_SOURCE, make_event
from lichtruc.events_accounts import AccountRecorded
from merkle_reference import consistency_ok, inclusion_ok, leaf, mth
from support import eventually, present, running


def upgrade_to(revision: str, *, down: bool = False):
    """Alembic's upgrade (or, `down`, downgrade) to `revision`, for `connection.run_sync`."""

    def run(connection) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)

    return run


async def test_a_log_recorded_before_0006_is_placed_in_the_tree(new_database, kafka, topic_prefix) -> None:
    url = new_database("audit", migrated=False)
    _, events = province_events(Roster())
    before, after = events[:6], events[6:9]
    seqs = [1, 2, 3, 5, 6, 7]  # seq 4 was taken by an append that rolled back
    engine = db.create_engine(url, pool_size=1)
    old_bytes = []
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0005"))
            prev = GENESIS
            for seq, event in zip(seqs, before, strict=True):
                canonical = canonical_bytes(event.model_dump(mode="json"))
                old_bytes.append(canonical)
                await conn.execute(
                    text(
                        "INSERT INTO event_log (seq, event_id, event_type, source, subject, partition_key, event_time,"
                        " received_at, topic, canonical, prev_hash, hash) VALUES (:seq, :id, :type, :source,"
                        " :subject, :key, :time, :at, 'roster-events', :canonical, :prev, :hash)"
                    ),
                    {
                        "seq": seq,
                        "id": event.id,
                        "type": event.type,
                        "source": event.source,
                        "subject": event.subject,
                        "key": event.partitionkey,
                        "time": event.time,
                        "at": datetime(2027, 1, 20, 2, seq, tzinfo=UTC),
                        "canonical": canonical.decode("utf-8"),
                        "prev": prev,
                        "hash": link_hash(prev, canonical),
                    },
                )
                prev = link_hash(prev, canonical)
        await db.migrate(engine, MIGRATIONS, service="audit")
        async with engine.connect() as conn:
            placed = (await conn.execute(text("SELECT leaf_index, seq FROM log_leaves ORDER BY leaf_index"))).all()
            assert [tuple(r) for r in placed] == list(enumerate(seqs))
            top = (await conn.execute(text("SELECT hash FROM merkle_nodes WHERE level = 2 AND idx = 0"))).scalar()
            assert bytes(present(top)) == mth(old_bytes[:4])
            assert (await conn.execute(text("SELECT count(*) FROM tree_heads"))).scalar() == 0
    finally:
        await engine.dispose()

    app = create_app(audit_settings(url, kafka, topic_prefix))
    async with running(app) as client:

        async def first_head() -> dict | None:
            answer = await client.get("/log/tree-head")
            return answer.json() if answer.status_code == 200 else None

        head = await eventually(first_head, what="the head signed at start-up")
        assert head["tree_size"] == 6 and bytes.fromhex(head["root_hash"]) == mth(old_bytes)
        apply = make_apply(app.state.ctx)
        for event in after:
            await apply(event, "test")
        new = (await client.get("/log/tree-head")).json()
        assert new["tree_size"] == 9
        records = (await client.get("/log", params={"limit": 20})).json()["items"]
        assert [r["seq"] for r in records] == [*seqs, 8, 9, 10]  # the tip plus one, from now on
        assert (await client.get("/log/verify")).json()["ok"] is True

        proof = (await client.get("/log/proof/inclusion", params={"event": str(before[4].id)})).json()
        assert (proof["leaf_index"], proof["seq"]) == (4, 6)
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        assert inclusion_ok(leaf(old_bytes[4]), 4, 9, path, bytes.fromhex(new["root_hash"]))
        consistency = (await client.get("/log/proof/consistency", params={"from": 6})).json()
        assert consistency_ok(
            6,
            9,
            bytes.fromhex(head["root_hash"]),
            bytes.fromhex(new["root_hash"]),
            [bytes.fromhex(h) for h in consistency["proof"]],
        )

    # The head signed at start-up covers records appended by code that settled coverage after each
    # event: it says so, for the rebuild; the consumer's heads say they settled once per transaction.
    engine = db.create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            heads = await conn.execute(text("SELECT tree_size, coverage_per_batch FROM tree_heads ORDER BY 1"))
            assert [tuple(h) for h in heads] == [(6, False), (7, True), (8, True), (9, True)]
    finally:
        await engine.dispose()


async def test_0018_and_0023_start_each_logged_accounts_and_the_department_profiles_head_where_tracking_would_have(
    new_database, kafka, topic_prefix
) -> None:
    """A log whose account events (0017) or Department profile's saves (0022) were recorded before they
    were tracked (their heads are not there) gets each head from its events, as tracking them would have
    left it; the next change of an account or of the profile is then no jump, and a real jump still opens
    its gaps."""
    url = new_database("audit")
    manager, recorded = Samples(), Samples()
    app = create_app(audit_settings(url, kafka, topic_prefix))
    async with running(app) as client:
        apply = make_apply(app.state.ctx)
        legacy = recorded.data("account", 3)[0]
        for event in (
            manager.event("department", 1),
            manager.event("department", 2, minute=1),
            manager.event("account", 1),
            manager.event("account", 2, minute=1),
            make_event(
                AccountRecorded(**legacy.model_dump(exclude={"changed"})),
                source=ROSTER_SOURCE,
                partitionkey=str(recorded.ids["account"]),
                time=datetime(2027, 1, 15, 2, 30, tzinfo=UTC),
            ),
        ):
            await apply(event, "test")
        assert (await client.get("/sequence-gaps")).json()["total"] == 0

    heads_sql = text(
        "SELECT aggregate_type, aggregate_id, version, updated_seq FROM aggregate_versions"
        " WHERE aggregate_type IN ('account', 'department')"
    )
    engine = db.create_engine(url, pool_size=1)
    try:
        async with engine.begin() as conn:
            tracked = sorted(tuple(r) for r in await conn.execute(heads_sql))
            assert sorted((r[0], *r[2:]) for r in tracked) == [
                ("account", 2, 4),
                ("account", 3, 5),
                ("department", 2, 2),
            ]
            await conn.run_sync(upgrade_to("0022", down=True))  # before 0023: no head of the profile
            assert sorted(tuple(r) for r in await conn.execute(heads_sql)) == tracked[:2]
            await conn.run_sync(upgrade_to("0017", down=True))  # before 0018: no account's head either
            assert (await conn.execute(heads_sql)).all() == []
        await db.migrate(engine, MIGRATIONS, service="audit")
        async with engine.connect() as conn:
            assert sorted(tuple(r) for r in await conn.execute(heads_sql)) == tracked
    finally:
        await engine.dispose()

    app = create_app(audit_settings(url, kafka, topic_prefix))
    async with running(app) as client:
        apply = make_apply(app.state.ctx)
        await apply(manager.event("account", 3, minute=2), "test")  # the next change: no jump
        await apply(manager.event("department", 3, minute=2), "test")  # the profile's next save: no jump
        assert (await client.get("/sequence-gaps")).json()["total"] == 0
        await apply(recorded.event("account", 6, minute=3), "test")  # 4 and 5 never came
        gaps = (await client.get("/sequence-gaps", params={"aggregate_type": "account"})).json()["items"]
        assert [(g["expected_version"], g["what_vi"]) for g in gaps] == [
            (v, "tài khoản “Nguyễn Thị Ánh Tuyết (tuyet.nta@vnpt-longan.vn)”") for v in (4, 5)
        ]
        await apply(manager.event("department", 5, minute=4), "test")  # save 4 never came
        gaps = (await client.get("/sequence-gaps", params={"aggregate_type": "department"})).json()["items"]
        assert [(g["expected_version"], g["what"]) for g in gaps] == [
            (4, "Department details “Sở Thông tin và Truyền thông”")
        ]


async def test_0019_gives_each_stored_campaign_the_kind_its_logged_event_says(
    new_database, kafka, topic_prefix
) -> None:
    """Campaigns stored before audit kept their kind get it from the log (the event each was last projected
    from), so a drill recorded then is a drill after the upgrade — as the rebuild would derive it."""
    url = new_database("audit")
    roster = Roster()
    tet, tet_opened = roster.campaign()
    drill, drill_opened = roster.campaign(name="Diễn tập trực Tết", kind="drill", peaks=())
    _, drill_edited = roster.campaign(campaign_id=drill, name="Diễn tập trực Tết (dời ngày)", kind="drill", peaks=())
    settings = audit_settings(url, kafka, topic_prefix)
    app = create_app(settings)
    async with running(app):
        apply = make_apply(app.state.ctx)
        for event in (tet_opened, drill_opened, drill_edited):
            await apply(event, "test")

    kinds_sql = text("SELECT campaign_id, kind FROM campaigns")
    engine = db.create_engine(url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0018", down=True))  # as the projections stood before: no kind
            columns = await conn.execute(
                text("SELECT column_name FROM information_schema.columns WHERE table_name = 'campaigns'")
            )
            assert "kind" not in {c[0] for c in columns}
        await db.migrate(engine, MIGRATIONS, service="audit")
        async with engine.connect() as conn:
            assert {str(r[0]): r[1] for r in await conn.execute(kinds_sql)} == {str(tet): "tet", str(drill): "drill"}
    finally:
        await engine.dispose()
    assert (await run(settings, check_only=True)).differences == []


async def test_0021_makes_each_stored_requirement_one_version_for_the_whole_campaign(
    new_database, kafka, topic_prefix
) -> None:
    """Requirements stored before audit kept versions become one version each, for the whole campaign (what
    judged them then), removed or not — what the rebuild derives from their events, which carry no applies_from."""
    url = new_database("audit")
    roster = Roster()
    enterprise, registered = roster.enterprise("VNPT Long An")
    campaign, opened = roster.campaign()
    kept, set_once = roster.requirement(campaign, enterprise, minimum=1)
    _, raised = roster.requirement(campaign, enterprise, minimum=2, peak_minimum=3, requirement_id=kept)
    dropped, set_dropped = roster.requirement(campaign, enterprise, duty_type="leadership", window=("08:00", "17:00"))
    settings = audit_settings(url, kafka, topic_prefix)
    app = create_app(settings)
    async with running(app):
        apply = make_apply(app.state.ctx)
        for event in (registered, opened, set_once, raised, set_dropped, roster.remove_requirement(dropped)):
            await apply(event, "test")

    engine = db.create_engine(url, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0020", down=True))  # as the projections stood before: no versions
        await db.migrate(engine, MIGRATIONS, service="audit")
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT requirement_id, versions FROM requirements"))
            versions = {str(r[0]): r[1] for r in rows}
    finally:
        await engine.dispose()
    assert versions == {
        str(kept): [
            {
                "number": 2,
                "applies_from": None,
                "window": {"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
                "minimum": 2,
                "peak_minimum": 3,
                "removed": False,
                "enterprise_id": str(enterprise),  # where it counts (0022)
                "site_id": None,
                "duty_type": "operations",
            }
        ],
        str(dropped): [
            {
                "number": 2,
                "applies_from": None,
                "window": None,
                "minimum": 0,
                "peak_minimum": None,
                "removed": True,
                "enterprise_id": None,  # a removal: nowhere (0022)
                "site_id": None,
                "duty_type": None,
            }
        ],
    }
    found = (await run(settings, check_only=True)).differences
    assert found == [], "\n".join(found)


async def test_0022_says_where_each_stored_version_counts_and_a_rebuild_restores_a_moved_requirements_trace(
    new_database, kafka, topic_prefix
) -> None:
    """A requirement moved from Tân An to Mộc Hóa from mùng 1 on, on PostgreSQL: Tân An keeps it (a trace) and its
    gap before the move, Mộc Hóa has it from then on. As the projections stood before 0022 (no trace, versions not
    saying where), the upgrade gives every stored version its record's place; a trace it cannot read off the rows
    is what `--check` then finds missing, and the rebuild from the log restores it."""
    url = new_database("audit")
    roster = Roster()
    enterprise, registered = roster.enterprise("VNPT Long An")
    tan_an, at_tan_an = roster.site(enterprise, "Tổng đài Tân An")
    moc_hoa, at_moc_hoa = roster.site(enterprise, "Trạm Mộc Hóa")
    campaign, opened = roster.campaign(peaks=())
    rid, created = roster.requirement(campaign, enterprise, site_id=tan_an)
    mung_1 = datetime(2027, 2, 5, 17, tzinfo=UTC)
    _, moved = roster.requirement(campaign, enterprise, site_id=moc_hoa, requirement_id=rid, applies_from=mung_1)
    settings = audit_settings(url, kafka, topic_prefix)
    gaps_sql = text("SELECT site_id, starts_at, ends_at FROM coverage_gaps WHERE status = 'open' ORDER BY site_id")
    app = create_app(settings)
    async with running(app):
        apply = make_apply(app.state.ctx)
        for event in (registered, at_tan_an, at_moc_hoa, opened, created, moved):
            await apply(event, "test")
    engine = db.create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            gaps = {(str(r[0]), r[1], r[2]) for r in await conn.execute(gaps_sql)}
            rows = await conn.execute(text("SELECT requirement_id, site_id, trace_of, removed FROM requirements"))
            records = {(str(r[1]), str(r[2]) if r[2] else None, r[3]) for r in rows}
        starts_at, ends_at = CAMPAIGN_START, CAMPAIGN_END
        assert gaps == {(str(tan_an), starts_at, mung_1), (str(moc_hoa), mung_1, ends_at)}
        assert records == {(str(moc_hoa), None, False), (str(tan_an), str(rid), False)}
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to("0021", down=True))
            # What audit kept of a moved requirement then: the versions at its new place only.
            await conn.execute(text("UPDATE requirements SET versions = jsonb_build_array(versions -> -1)"))
        await db.migrate(engine, MIGRATIONS, service="audit")
        async with engine.connect() as conn:
            [versions] = (await conn.execute(text("SELECT versions FROM requirements"))).scalars()
        assert [(v["number"], v["site_id"], v["duty_type"]) for v in versions] == [(2, str(moc_hoa), "operations")]
    finally:
        await engine.dispose()
    found = (await run(settings, check_only=True)).differences
    assert any("requirements" in line for line in found), found
    repaired = (await run(settings, check_only=False)).corrected["requirements"]
    assert (repaired.added, repaired.changed, repaired.removed) == (1, 1, 0)  # the trace, the record's versions
    found = (await run(settings, check_only=True)).differences
    assert found == [], "\n".join(found)
