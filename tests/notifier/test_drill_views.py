"""On PostgreSQL: whether a shift or a gap is a drill's is read with its view, in the statement that
names it (db/readmodel.py, db/gaps.py: an outer join on the campaigns notifier knows); a campaign learned
after its shifts were shown changes their entries once; migration 0010 gives the entries kept before it
their campaign."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from notifier_testkit import Enterprise, FakeClock, Person, campaign_opened, settings_for
from sqlalchemy import event, select, text

from lichtruc import db, topics
from notifier.app import MIGRATIONS, create_app
from notifier.db.deadlines import PgDeadlines
from notifier.db.gaps import PgGaps
from notifier.db.readmodel import PgShifts
from notifier.db.tables import feed_scopes
from notifier.domain.deadlines import Campaign
from notifier.domain.entries import REFERENCE_SCOPE, Entry, entry_key
from notifier.domain.model import Gap
from notifier.domain.views import feed_entries_of, gap_view, to_feed_entry, to_shift_view
from notifier.handlers.events import make_apply

START = datetime(2027, 1, 28, 1, tzinfo=UTC)  # 08:00 on 21 tháng Chạp, a week before Tết


def _entry(campaign_id: uuid.UUID | None, enterprise_id: uuid.UUID, staff_id: uuid.UUID | None = None) -> Entry:
    return Entry(
        shift_id=uuid.uuid4(),
        staff_id=staff_id,
        enterprise_id=enterprise_id,
        site_id=None,
        duty_type="operations",
        starts_at=START,
        ends_at=START + timedelta(hours=4),
        status="confirmed",
        people=("Trần Văn Bình",),
        notes=None,
        sequence=0,
        changed_at=START - timedelta(days=3),
        campaign_id=campaign_id,
    )


def _gap(campaign_id: uuid.UUID | None, enterprise_id: uuid.UUID) -> Gap:
    return Gap(
        gap_id=uuid.uuid4(),
        enterprise_id=enterprise_id,
        site_id=None,
        duty_type="operations",
        starts_at=START,
        ends_at=START + timedelta(hours=4),
        required=2,
        actual=1,
        peak=False,
        missing_qualification=False,
        status="open",
        version=1,
        changed_at=START - timedelta(days=3),
        campaign_id=campaign_id,
    )


async def test_the_view_of_a_drill_campaigns_shift_and_gap_says_drill_in_the_statement_that_names_it(
    new_database,
) -> None:
    engine = db.create_engine(new_database("notifier"), pool_size=1)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    enterprise, person = uuid.uuid4(), uuid.uuid4()
    drill = Campaign(uuid.uuid4(), "Diễn tập trực Tết", START, START + timedelta(hours=9), None, "drill")
    tet = Campaign(uuid.uuid4(), "Tết Đinh Mùi 2027", START + timedelta(days=8), START + timedelta(days=16), None)
    unknown = uuid.uuid4()  # its CampaignOpened not seen yet
    entries = {
        name: _entry(campaign, enterprise, person)
        for name, campaign in (
            ("drill", drill.campaign_id),
            ("tet", tet.campaign_id),
            ("unknown", unknown),
            ("none", None),
        )
    }
    gaps = {name: _gap(entries[name].campaign_id, enterprise) for name in entries}
    try:
        async with db.session_factory(engine)() as session, session.begin():
            deadlines = PgDeadlines(session)
            assert await deadlines.put_campaign(drill, version=1) and await deadlines.put_campaign(tet, version=1)
            await PgShifts(session).put_entries(list(entries.values()))
            for gap in gaps.values():
                await PgGaps(session).put(gap)

        async with db.session_factory(engine)() as session:
            shifts, stored_gaps = PgShifts(session), PgGaps(session)
            views = {}
            for name, entry in entries.items():
                statements.clear()
                named = await shifts.named_entry(entry_key(entry.shift_id, person))
                assert named is not None and named.entry == entry
                assert len(statements) == 1  # the reminder's one read, as before
                views[name] = to_shift_view(named).drill
                assert to_feed_entry(named, "vi").drill == views[name]  # the .ics attached to it
            assert views == {"drill": True, "tet": False, "unknown": False, "none": False}

            statements.clear()
            named_gaps = await stored_gaps.named(g.gap_id for g in gaps.values())
            assert len(statements) == 1
            by_id = {n.gap.gap_id: gap_view(n).drill for n in named_gaps}
            assert {name: by_id[g.gap_id] for name, g in gaps.items()} == {
                "drill": True,
                "tet": False,
                "unknown": False,
                "none": False,
            }
            assert {n.gap.campaign_id for n in named_gaps} == {drill.campaign_id, tet.campaign_id, unknown, None}

            rows = await shifts.feed_rows(now=START, staff_id=person)  # the calendar feed's hot path
            feed, refused = feed_entries_of(rows, "en")
            assert not refused
            marked = {f.shift_id for f in feed if f.drill}
            assert marked == {str(entries["drill"].shift_id)}
            shown = await shifts.shown_entries(now=START, staff_id=person)
            assert {n.entry.shift_id for n in shown if n.drill} == {entries["drill"].shift_id}
    finally:
        await engine.dispose()


async def test_a_drill_learned_after_its_shift_was_shown_changes_the_shifts_entries_once(new_database) -> None:
    clock = FakeClock(START - timedelta(days=3))
    url = new_database("notifier")
    app = create_app(settings_for(url, "127.0.0.1:1", "unused", scheduler_enabled=False), clock=clock)
    ctx = app.state.ctx
    apply = make_apply(ctx)
    vnpt, tuyet = Enterprise(clock), Person.new("Nguyễn Thị Ánh Tuyết")
    drill_id, tet_id = uuid.uuid4(), uuid.uuid4()
    drill_shift = vnpt.shift([tuyet], start=START, campaign_id=drill_id)
    tet_shift = vnpt.shift([tuyet], start=START + timedelta(days=9), campaign_id=tet_id)
    key = entry_key(drill_shift.shift_id, tuyet.staff_id)

    async def seen() -> tuple[int, bool, int]:
        async with ctx.uow() as uow:
            named = await uow.shifts.named_entry(key)
            revisions = await uow.shifts.revisions([REFERENCE_SCOPE])
        assert named is not None
        return named.entry.sequence, named.drill, revisions.get(REFERENCE_SCOPE, 0)

    try:
        for e in (vnpt.registered(), vnpt.staff(tuyet), drill_shift.published(), tet_shift.published()):
            await apply(e, topics.ROSTER_EVENTS)
        before = await seen()
        assert before[:2] == (0, False)  # its campaign not known yet: not marked

        tet = campaign_opened(
            clock, campaign_id=tet_id, kind="tet", starts_at=START, ends_at=START + timedelta(days=20)
        )
        await apply(tet, topics.ROSTER_EVENTS)
        assert await seen() == before  # a Tết campaign changes nothing shown

        opened = campaign_opened(clock, campaign_id=drill_id, starts_at=START, ends_at=START + timedelta(hours=9))
        await apply(opened, topics.ROSTER_EVENTS)
        assert await seen() == (1, True, before[2] + 1)  # marked now: one more SEQUENCE, feeds revalidate

        clock.advance(minutes=5)
        renamed = campaign_opened(
            clock,
            campaign_id=drill_id,
            name="Diễn tập ứng cứu (đổi tên)",
            starts_at=START,
            ends_at=START + timedelta(hours=9),
            version=2,
        )
        await apply(renamed, topics.ROSTER_EVENTS)
        assert await seen() == (1, True, before[2] + 1)  # still a drill: nothing more to show
        async with ctx.uow() as uow:
            tet_entry = await uow.shifts.named_entry(entry_key(tet_shift.shift_id, tuyet.staff_id))
        assert tet_entry is not None and (tet_entry.entry.sequence, tet_entry.drill) == (0, False)
    finally:
        await app.state.runtime.engine.dispose()


async def test_migration_0010_gives_the_entries_kept_before_their_campaign(new_database) -> None:
    from alembic import command

    engine = db.create_engine(new_database("notifier", migrated=False), pool_size=1)
    drill, tet = uuid.uuid4(), uuid.uuid4()
    shifts = {name: uuid.uuid4() for name in ("drill", "tet", "none", "drill_gone")}
    campaign_of = {"drill": drill, "tet": tet, "none": None, "drill_gone": drill}
    enterprise = uuid.uuid4()
    try:

        def to_0009(connection) -> None:
            command.upgrade(db._alembic_config(MIGRATIONS, connection), "0009")

        async with engine.begin() as conn:
            await conn.run_sync(to_0009)
            await conn.execute(
                text(
                    "INSERT INTO deadline_campaigns (campaign_id, name, starts_at, ends_at, kind, version)"
                    " VALUES (:drill, 'Diễn tập', :start, :start, 'drill', 1), (:tet, 'Tết', :start, :start, 'tet', 1)"
                ),
                {"drill": drill, "tet": tet, "start": START},
            )
            for name, shift_id in shifts.items():
                campaign = campaign_of[name]
                await conn.execute(
                    text(
                        "INSERT INTO shifts (shift_id, enterprise_id, version, status, data, last_event_id, changed_at)"
                        " VALUES (:id, :enterprise, 2, 'published', CAST(:data AS jsonb), :event, :at)"
                    ),
                    {
                        "id": shift_id,
                        "enterprise": enterprise,
                        "data": (
                            f'{{"shift_id": "{shift_id}", "campaign_id": '
                            + (f'"{campaign}"' if campaign else "null")
                            + "}"
                        ),
                        "event": uuid.uuid4(),
                        "at": START,
                    },
                )
                gone = name == "drill_gone"  # cancelled, and no longer shown: left as it was
                await conn.execute(
                    text(
                        "INSERT INTO feed_entries (entry_key, shift_id, staff_id, enterprise_id, duty_type, starts_at,"
                        " ends_at, status, people, sequence, changed_at, retain_until) VALUES (:key, :id, NULL,"
                        " :enterprise, 'operations', :start, :end, :status, '{}', 3, :start, :retain)"
                    ),
                    {
                        "key": f"{shift_id}.all",
                        "id": shift_id,
                        "enterprise": enterprise,
                        "start": START,
                        "end": START + timedelta(hours=4),
                        "status": "cancelled" if gone else "confirmed",
                        "retain": datetime(2020, 1, 1, tzinfo=UTC) if gone else None,  # passed on any clock
                    },
                )
        await db.migrate(engine, MIGRATIONS, service="notifier")
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT shift_id, campaign_id, sequence FROM feed_entries"))).all()
            assert {r.shift_id: (r.campaign_id, r.sequence) for r in rows} == {
                shifts["drill"]: (drill, 4),  # marked from now on: calendar clients take the new title
                shifts["tet"]: (tet, 3),
                shifts["none"]: (None, 3),
                shifts["drill_gone"]: (drill, 3),
            }
            assert (await conn.execute(select(feed_scopes))).all() == []  # the ETags change with FEED_FORMAT
    finally:
        await engine.dispose()
