"""Notifier's batched apply: the same event stream applied one event at a time to one database
and in batches to another leaves the same rows everywhere (read model, feed entries and
validators, reminders, gap alerts and their deliveries, inbox); repeats inside and across
batches change nothing; and on the real broker a batch with a bad event in it still applies
every good event, the bad one going to the DLQ."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
import sqlalchemy
from notifier_testkit import GIAO_THUA, Enterprise, FakeClock, Person, Shift, campaign_opened, settings_for
from sqlalchemy import select, text

from events_factory import message
from lichtruc import db, service, topics, vntime
from lichtruc.events import CloudEvent, ShiftCancelled, ShiftPlanned, ShiftPublished, ShiftRescheduled, ShiftSwapped
from lichtruc.kafka import ensure_topics
from notifier.app import MIGRATIONS, create_app
from notifier.db.staged import StagedUnitOfWork
from notifier.db.tables import check_in_alerts, deliveries, feed_entries, feed_scopes, inbox, metadata, reminders
from notifier.domain.deliveries import new_delivery
from notifier.domain.messages import Message
from notifier.domain.model import NewDelivery, Preferences
from notifier.handlers import feeds
from notifier.handlers.deliveries import claim_next
from notifier.handlers.events import make_apply, make_apply_batch
from notifier.handlers.reminders import dispatch_due_reminders
from support import eventually, produce, read_topic, running, wait_ready

NOW = GIAO_THUA - timedelta(days=3)

# Written by the database's clock (server defaults), not the service's: differ between any two runs.
DATABASE_CLOCK = {"updated_at", "received_at"}
RANDOM_IDS = {"reminders": "id", "deliveries": "id"}  # uuid4 per run; replaced by placeholders


def stream(clock: FakeClock) -> tuple[list[CloudEvent], int]:
    """A province's week as roster and audit send it, with repeats and late stale versions; and
    where the changes to published shifts begin (reminders are dispatched before them)."""
    events: list[CloudEvent] = []
    vnpt = Enterprise(clock, manager_emails=("quanly@vnpt-longan.vn",))
    viettel = Enterprise(clock, name="Viettel Long An", manager_emails=("truongca@viettel-longan.vn",))
    people = [Person.new(f"Nguyễn Văn Ánh {i}") for i in range(8)]
    events += [vnpt.registered(), viettel.registered()]
    site_id, site = vnpt.site("Trạm Tân An")
    events.append(site)
    events += [vnpt.staff(p) for p in people[:5]] + [viettel.staff(p) for p in people[5:]]
    shifts = []
    drill = uuid.uuid4()  # a drill's campaign, known only after its shifts were shown
    for n in range(12):
        owner, crew = (vnpt, people[:5]) if n % 3 else (viettel, people[5:])
        start = NOW + timedelta(hours=2 + 7 * n)  # the first ones start soon: reminders due at once
        shift = owner.shift(
            crew[:2], start=start, site_id=site_id if owner is vnpt else None, campaign_id=drill if n % 6 == 5 else None
        )
        shifts.append(shift)
        planned = shift.planned()
        events += [planned, shift.published()]
        if n % 4 == 0:
            events.append(planned)  # redelivered: no effect
    changes_from = len(events)
    events.append(shifts[0].rescheduled(NOW + timedelta(hours=5)))  # its reminder went out: cancelled
    events.append(shifts[3].reassigned([people[0], people[1]]))
    events.append(shifts[1].rescheduled(NOW + timedelta(days=1, hours=3)))
    stale = shifts[2].planned()  # re-sent version 2 while the shift moves on
    events.append(shifts[2].reassigned([people[2], people[3]]))
    events.append(stale)  # an older version arriving late: ignored
    events.append(shifts[4].cancelled())
    events.append(shifts[5].checked_in(people[0]))  # her missed check-in alert withdrawn; the other's waits
    events.append(vnpt.registered(name="VNPT Long An (Trung tâm điều hành)"))  # touches every entry
    events.append(vnpt.staff(people[0], language="en", version=2))
    events.append(campaign_opened(clock, campaign_id=drill, starts_at=NOW, ends_at=NOW + timedelta(days=4)))
    events.append(vnpt.gap_opened(start=NOW + timedelta(hours=40), campaign_id=drill))
    gap = vnpt.gap_opened(start=GIAO_THUA, hours=4)
    events += [gap, viettel.gap_opened(start=GIAO_THUA + timedelta(hours=1)), vnpt.gap_closed(gap)]
    events.append(shifts[6].reassigned([people[4]]))
    events.append(shifts[6].cancelled("Mưa bão"))
    events += _handover(vnpt, shifts[7], [people[3]], "Ốm đột xuất\nĐã báo trưởng ca")
    return events, changes_from


def _handover(
    owner: Enterprise, old: Shift, takers: list[Person], reason: str, *, whole: bool = False
) -> list[CloudEvent]:
    """The events of the rest of `old` handed over an hour after its start (roster's order: the new shift's, then
    the old one's end): both shifts' entries say it (QZ22 #12c), the names read from the other shift. `whole`:
    its people never came — the old shift cancelled with the handover (ShiftCancelled, `handed_over_to`)."""
    moment = old.snapshot.starts_at + timedelta(hours=1)
    rest = owner.shift(takers, start=moment, hours=(old.snapshot.ends_at - moment) / timedelta(hours=1))
    rest.snapshot = rest.snapshot.model_copy(
        update={"continues_shift_id": old.shift_id, "handover_reason": reason, "handover_absent": whole}
    )
    before = old.snapshot
    ended: ShiftRescheduled | ShiftCancelled = (
        ShiftCancelled(shift=old._next(status="cancelled"), handed_over_to=rest.shift_id, reason=reason)
        if whole
        else ShiftRescheduled(
            shift=old._next(ends_at=moment),
            previous_starts_at=before.starts_at,
            previous_ends_at=before.ends_at,
            handed_over_to=rest.shift_id,
            reason=reason,
        )
    )
    return [
        owner.event(ShiftPlanned(shift=rest.snapshot)),
        owner.event(ShiftPublished(shift=rest._next(status="published"))),
        owner.event(ended),
    ]


async def _context(database_url: str, clock: FakeClock, **settings: object):
    engine = db.create_engine(database_url)
    await db.migrate(engine, MIGRATIONS, service="notifier")
    await engine.dispose()
    app = create_app(
        settings_for(database_url, "127.0.0.1:1", "unused", scheduler_enabled=False, **settings), clock=clock
    )
    return app, app.state.ctx


async def _rows(app) -> dict[str, list[str]]:
    """Every table's rows, as comparable text: database-clock columns left out, random ids replaced."""
    out: dict[str, list[dict[str, Any]]] = {}
    random_ids: set[str] = set()
    async with app.state.runtime.sessions() as session:
        for table in metadata.sorted_tables:
            rows = (await session.execute(select(table))).mappings().all()
            out[table.name] = [{k: v for k, v in r.items() if k not in DATABASE_CLOCK} for r in rows]
            if table.name in RANDOM_IDS:
                random_ids |= {str(r[RANDOM_IDS[table.name]]) for r in rows}
    pattern = re.compile("|".join(map(re.escape, random_ids))) if random_ids else None

    def text(row: dict[str, Any]) -> str:
        shown = json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)
        return pattern.sub("<random id>", shown) if pattern else shown

    return {name: sorted(text(r) for r in rows) for name, rows in out.items()}


async def test_batches_leave_the_same_rows_as_one_event_at_a_time(new_database) -> None:
    clock = FakeClock(NOW)
    events, changes_from = stream(clock)
    # Without the publication notices, which stand for the reminders already due of shifts published late (QZ26 #2,
    # below): the stream's shifts start within hours, and their reminders are what this compares.
    one_app, one = await _context(new_database("one"), FakeClock(NOW), published_notice=False)
    batch_app, batched = await _context(new_database("batched"), FakeClock(NOW), published_notice=False)
    try:
        for ctx in (one, batched):  # a person who chose other reminder times
            async with ctx.uow() as uow:
                await uow.preferences.put(
                    Preferences(
                        staff_id=events[3].data["staff_id"],
                        channels=("email",),
                        reminder_offsets_minutes=(30, 240),
                        updated_at=NOW,
                    ),
                    keep_secret=False,
                )
        apply, apply_batch = make_apply(one), make_apply_batch(batched)
        for n, part in enumerate((events[:changes_from], events[changes_from:])):
            for event in part:
                await apply(event, topics.ROSTER_EVENTS)
            at = 0
            for size in [1, 7, 3, 40, 5, 1000]:
                await apply_batch([(e, topics.ROSTER_EVENTS) for e in part[at : at + size]])
                at += size
            if n == 0:  # between the two: the reminders due by now become deliveries waiting to be sent
                assert await dispatch_due_reminders(one, NOW) == await dispatch_due_reminders(batched, NOW) > 0
        await apply_batch([(e, topics.ROSTER_EVENTS) for e in events[10:30]])  # redelivered: no effect

        expected, got = await _rows(one_app), await _rows(batch_app)
        for name in expected:  # a named table in the message on failure
            assert got[name] == expected[name], name
        # and the comparison compares something: every kind of effect is there
        assert len(expected[inbox.name]) == len({e.id for e in events})
        assert len(expected[feed_entries.name]) > 30 and len(expected[reminders.name]) > 30
        assert len(expected[feed_scopes.name]) > 5 and len(expected[deliveries.name]) >= 2
        assert any('"status": "withdrawn"' in r for r in expected[reminders.name])
        alerts = expected[check_in_alerts.name]  # a missed check-in planned per person, withdrawn by the check-in
        assert len(alerts) > 15 and any('"status": "scheduled"' in r for r in alerts)
        assert any('"reason": "not sent: checked in at' in r for r in alerts)
        assert any('"reason": "not sent: the shift was cancelled"' in r for r in alerts)
        assert any('"status": "cancelled"' in r for r in expected[feed_entries.name])
        stale = [r for r in expected[deliveries.name] if "the shift changed before this reminder" in r]
        assert stale and all('"status": "cancelled"' in r for r in stale)  # cancel_stale_deliveries ran
        # a drill's campaign known after its shifts were shown: their entries changed once more (as the rename did)
        drill = next(e.data["campaign_id"] for e in events if e.type == "lichtruc.roster.campaign.opened.v1")
        assert any(f'"campaign_id": "{drill}"' in r and '"sequence": 2' in r for r in expected[feed_entries.name])
        assert any(f'"campaign_id": "{drill}"' in r for r in expected["gaps"])
        # a handover: both shifts' entries say it, with the other's people (read back through the staged batch)
        took = [r for r in expected[feed_entries.name] if '"handover": "took"' in r]
        gave = [r for r in expected[feed_entries.name] if '"handover": "gave"' in r]
        assert took and all('"handover_people": ["Nguyễn Văn Ánh 0", "Nguyễn Văn Ánh 1"]' in r for r in took), took
        assert gave and all('"handover_people": ["Nguyễn Văn Ánh 3"]' in r for r in gave), gave
        assert all('"handover_reason": "Ốm đột xuất\\nĐã báo trưởng ca"' in r for r in took + gave)
        # and the feeds served from PostgreSQL say it (the feed's own statement reads the columns)
        reason = "Ốm đột xuất\nĐã báo trưởng ca"
        for person, lang, said in (
            (3, "vi", f"Tiếp nhận phần còn lại của ca của Nguyễn Văn Ánh 0, Nguyễn Văn Ánh 1 từ 02:00 05/02: {reason}"),
            (0, "en", f"The rest was handed over to Nguyễn Văn Ánh 3 from 02:00 5 Feb: {reason}"),
        ):
            staff_id = next(e.data["staff_id"] for e in events if e.data.get("full_name") == f"Nguyễn Văn Ánh {person}")
            issued = await feeds.create_feed(ctx=batched, new=feeds.NewFeed(kind="person", staff_id=staff_id))
            served = await feeds.feed_for_token(ctx=batched, token=issued.token)
            assert isinstance(served, feeds.RenderedFeed), lang
            shown = [str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(served.body).events]
            assert any(said in d for d in shown), shown
    finally:
        await one_app.state.runtime.engine.dispose()
        await batch_app.state.runtime.engine.dispose()


async def test_a_shift_swapped_back_or_published_late_skips_in_batches_as_one_at_a_time(new_database) -> None:
    """QZ26 #2 and the swap back through the staged unit of work: A gives the shift to B, B is reminded the day
    before, it comes back to A (the swap's event twice in the batch) — A's withdrawn day-before reminder, due by then,
    skipped (the notice gives it back), her hour-before one hers again, B's withdrawn; and a shift published ten
    hours ahead in the same batch: its day-before reminder skipped (the publication notice says it). The same rows
    as one event at a time."""
    clocks = FakeClock(NOW), FakeClock(NOW)
    one_app, one = await _context(new_database("one"), clocks[0])
    batch_app, batched = await _context(new_database("batched"), clocks[1])
    vnpt = Enterprise(FakeClock(NOW))
    anh, bao, hoa = Person.new("Phạm Thị Ngọc Ánh"), Person.new("Đặng Quốc Bảo"), Person.new("Lê Văn Hòa")
    start = NOW + timedelta(hours=30)
    shift, late = vnpt.shift([anh], start=start), vnpt.shift([hoa], start=NOW + timedelta(hours=18))
    shift.planned()
    late.planned()

    def swapped(giver: Person, taker: Person) -> CloudEvent:
        return vnpt.event(
            ShiftSwapped(
                shift=shift._next(assignees=(taker.assignee(),)),
                swap_id=uuid.uuid4(),
                from_staff_id=giver.staff_id,
                to_staff_id=taker.staff_id,
            )
        )

    stages: list[tuple[timedelta, list[CloudEvent]]] = [
        (timedelta(0), [vnpt.registered(), *(vnpt.staff(p) for p in (anh, bao, hoa)), shift.published()]),
        (timedelta(hours=5), [swapped(anh, bao)]),
        (timedelta(hours=8), []),  # B's day-before reminder goes, due at 6 h
    ]
    back = swapped(bao, anh)
    stages.append((timedelta(hours=8, minutes=5), [back, late.published(), back]))
    try:
        apply, apply_batch = make_apply(one), make_apply_batch(batched)
        for at, part in stages:
            for clock in clocks:
                clock.now = NOW + at
            for event in part:
                await apply(event, topics.ROSTER_EVENTS)
            await apply_batch([(e, topics.ROSTER_EVENTS) for e in part])
            assert await dispatch_due_reminders(one, NOW + at) == await dispatch_due_reminders(batched, NOW + at)
        expected, got = await _rows(one_app), await _rows(batch_app)
        for name in expected:
            assert got[name] == expected[name], name
        async with batched.uow() as uow:
            rows = await uow.reminders.of_shift_for_update(shift.shift_id)
            later = await uow.reminders.of_shift_for_update(late.shift_id)
        said = {(r.staff_id, r.offset_minutes): (r.status, r.reason or "") for r in rows}
        assert said[(bao.staff_id, 1440)][0] == "dispatched" and said[(bao.staff_id, 60)][0] == "withdrawn"
        assert said[(anh.staff_id, 60)] == ("scheduled", "")
        status, reason = said[(anh.staff_id, 1440)]
        assert status == "skipped" and reason.startswith("not sent: the notice of the change"), said
        assert sorted((r.offset_minutes, r.status) for r in later) == [(60, "scheduled"), (1440, "skipped")]
        assert all(
            (r.reason or "").startswith("not sent: the publication notice") for r in later if r.status == "skipped"
        )
    finally:
        await one_app.state.runtime.engine.dispose()
        await batch_app.state.runtime.engine.dispose()


async def test_a_handover_whose_relieved_shift_comes_first_names_its_takers_once_they_come(new_database) -> None:
    """J1: the relieved shift's event (its end, or its cancellation when nobody came) applied before the taker's
    said the handover with no names ("Đã giao phần còn lại của ca từ …"), and they were never filled in. Now the
    taker's event names them on the relieved shift's entries, from the handover's moment — in the same batch or a
    later one, as one event at a time — and the taker's event first (roster's order) names them as before. The
    relieved person's mail likewise (M3 leftover: it went out at once, naming nobody): it waits for the taker's
    event and names them, one mail a person in every order."""
    clock = FakeClock(NOW)
    vnpt = Enterprise(clock)
    people = [Person.new(f"Trần Thị Mai {i}") for i in range(8)]
    setup: list[CloudEvent] = [vnpt.registered(), *(vnpt.staff(p) for p in people)]
    handovers: list[tuple[Shift, list[CloudEvent], bool]] = []
    cases = [(whole, relieved_first) for whole in (False, True) for relieved_first in (True, False)]
    for n, (whole, relieved_first) in enumerate(cases):
        old = vnpt.shift([people[2 * n]], start=NOW + timedelta(hours=2 + 10 * n), hours=8, duty_type="operations")
        old.planned()
        setup.append(old.published())
        planned, published, ended = _handover(vnpt, old, [people[2 * n + 1]], f"Ốm đột xuất {n}", whole=whole)
        handovers.append((old, [ended, planned, published] if relieved_first else [planned, published, ended], whole))
    told = [e for _, events, _ in handovers for e in events]

    apps = {name: await _context(new_database(name), FakeClock(NOW)) for name in ("one_j1", "batch_j1", "split_j1")}
    try:
        apply = make_apply(apps["one_j1"][1])
        for event in setup + told:
            await apply(event, topics.ROSTER_EVENTS)
        for name in ("batch_j1", "split_j1"):
            await make_apply_batch(apps[name][1])([(e, topics.ROSTER_EVENTS) for e in setup])
        await make_apply_batch(apps["batch_j1"][1])([(e, topics.ROSTER_EVENTS) for e in told])  # one batch
        for event in told:  # each its own batch: the taker's comes in a later one
            await make_apply_batch(apps["split_j1"][1])([(event, topics.ROSTER_EVENTS)])

        expected = await _rows(apps["one_j1"][0])
        for name in ("batch_j1", "split_j1"):
            got = await _rows(apps[name][0])
            for table in expected:
                assert got[table] == expected[table], (name, table)
        entries = [json.loads(r) for r in expected[feed_entries.name]]
        for n, (old, _, whole) in enumerate(handovers):
            moment = old.snapshot.starts_at + timedelta(hours=1)
            relieved = [e for e in entries if e["shift_id"] == str(old.shift_id)]
            assert len(relieved) == 2, relieved  # the person's and the whole shift's
            for e in relieved:
                assert e["handover"] == ("gave_whole" if whole else "gave"), e
                assert e["handover_people"] == [f"Trần Thị Mai {2 * n + 1}"], (n, e)
                assert datetime.fromisoformat(e["handover_at"]) == moment, (n, e)
            mailed = [
                json.loads(r)["body"]
                for r in expected[deliveries.name]
                if '"kind": "handover_off"' in r and f'"staff_id": "{people[2 * n].staff_id}"' in r
            ]
            taker, at = f"Trần Thị Mai {2 * n + 1}", vntime.clock(moment, "vi")
            named = f"; {taker} nhận ca từ {at}" if whole else f"; {taker} nhận phần còn lại"
            assert len(mailed) == 1 and named in mailed[0], (n, mailed)
        # and the relieved person's feed says it, from the moment (the first out of order of each kind)
        for n, said in (
            (0, "Đã giao phần còn lại cho Trần Thị Mai 1 từ 01:00 03/02: Ốm đột xuất 0"),
            (2, "Không đến — đã giao ca cho Trần Thị Mai 5 từ 21:00 03/02: Ốm đột xuất 2"),
        ):
            issued = await feeds.create_feed(
                ctx=apps["split_j1"][1], new=feeds.NewFeed(kind="person", staff_id=people[2 * n].staff_id)
            )
            served = await feeds.feed_for_token(ctx=apps["split_j1"][1], token=issued.token)
            assert isinstance(served, feeds.RenderedFeed)
            shown = [str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(served.body).events]
            assert any(said in d for d in shown), shown
    finally:
        for app, _ in apps.values():
            await app.state.runtime.engine.dispose()


async def test_a_draft_overtaken_in_the_batch_is_skipped_only_where_it_would_have_changed_nothing(
    new_database,
) -> None:
    """The batch skips a hidden snapshot (a draft) that the next event replaces with a newer version of
    the same shift, if the shift shows nothing yet. Where the draft does matter (a published shift taken
    back to draft: its entries are cancelled, its reminders withdrawn, before it is published again; a
    draft followed by an older version) the rows must still be those of one event at a time."""
    clock = FakeClock(NOW)
    vnpt = Enterprise(clock)
    people = [Person.new(f"Lê Thị Hồng {i}") for i in range(4)]
    events: list[CloudEvent] = [vnpt.registered()] + [vnpt.staff(p) for p in people]
    new_shifts = [vnpt.shift(people[n % 3 : n % 3 + 2], start=NOW + timedelta(days=1, hours=8 * n)) for n in range(6)]
    for shift in new_shifts:  # planned as drafts, published at once: the drafts can be skipped
        events += [shift.planned(), shift.published()]
    back = new_shifts[0]  # published already: back to draft, then published again (the draft matters)
    events += [vnpt.event(ShiftPlanned(shift=back._next(status="draft"))), back.published()]
    stale = vnpt.shift(people[:2], start=NOW + timedelta(days=2))
    older = stale.planned()
    stale.published()
    events += [stale.planned(), older]  # a draft of version 2 followed by version 1: not overtaken
    cancelled = vnpt.shift(people[1:3], start=NOW + timedelta(days=3))
    events += [cancelled.planned(), cancelled.cancelled()]  # a draft cancelled before anyone saw it

    one_app, one = await _context(new_database("one_skip"), FakeClock(NOW))
    batch_app, batched = await _context(new_database("batched_skip"), FakeClock(NOW))
    try:
        apply, apply_batch = make_apply(one), make_apply_batch(batched)
        for event in events:
            await apply(event, topics.ROSTER_EVENTS)
        await apply_batch([(e, topics.ROSTER_EVENTS) for e in events])
        expected, got = await _rows(one_app), await _rows(batch_app)
        for name in expected:
            assert got[name] == expected[name], name
        # the cases are there: a shift with entries sent back to draft (its entries cancelled and
        # confirmed again: sequence 2), the stale shift stored at version 2 as a draft
        assert any(
            f'"entry_key": "{back.shift_id}.all"' in r and '"sequence": 2' in r for r in expected["feed_entries"]
        )
        assert any(f'"shift_id": "{stale.shift_id}"' in r and '"version": 2' in r for r in expected["shifts"])
        assert any(f'"shift_id": "{cancelled.shift_id}"' in r and '"cancelled"' in r for r in expected["shifts"])
    finally:
        await one_app.state.runtime.engine.dispose()
        await batch_app.state.runtime.engine.dispose()


async def test_a_batch_of_reassignments_takes_as_many_statements_for_40_as_for_5_and_tells_everyone(
    new_database,
) -> None:
    """Each reassignment of a published shift tells the people put on and taken off (a person's and an entry's
    reads, a delivery each), and each move or cancellation the people on it. The batch must read and write them with the rest, not once per event: the
    statements PostgreSQL runs for a batch of 40 are as many as for a batch of 5 (it was 13 times slower when
    every notice made the next event read the whole batch's shifts again)."""
    clock = FakeClock(NOW)
    vnpt = Enterprise(clock)
    people = [Person.new(f"Đặng Thị Thu Hà {i}") for i in range(4)]
    # each an hour past a day ahead: no reminder of the people put on is due (one due is skipped, the person told
    # by the reassignment's notice, QZ25 #5 — and the first five alone would then write it beside the moves)
    shifts = [vnpt.shift(people[:2], start=NOW + timedelta(days=1, hours=1 + 8 * n)) for n in range(45)]
    setup: list[CloudEvent] = [vnpt.registered()] + [vnpt.staff(p) for p in people]
    for shift in shifts:
        setup += [shift.planned(), shift.published()]
    app, ctx = await _context(new_database("notices"), clock)
    statements: list[str] = []
    logged: set[int] = set()

    @sqlalchemy.event.listens_for(app.state.runtime.engine.sync_engine, "checkout")
    def count_statements(dbapi_connection: Any, *_: Any) -> None:
        driver = dbapi_connection.driver_connection  # asyncpg's: it sees the staged writes' statements too
        if id(driver) not in logged:
            logged.add(id(driver))
            driver.add_query_logger(lambda query: statements.append(query.query))

    try:
        apply_batch = make_apply_batch(ctx)
        await apply_batch([(e, topics.ROSTER_EVENTS) for e in setup])
        counts = []
        for part in (shifts[:5], shifts[5:]):
            statements.clear()
            await apply_batch([(s.reassigned([people[2], people[3]]), topics.ROSTER_EVENTS) for s in part])
            counts.append(len(statements))
        assert counts[0] == counts[1] > 0, statements
        moves = []  # QZ23 #2: a move tells each person on the shift, read and written with the rest as well
        for part in (shifts[:5], shifts[5:]):
            statements.clear()
            await apply_batch(
                [(s.rescheduled(s.snapshot.starts_at + timedelta(hours=1)), topics.ROSTER_EVENTS) for s in part]
            )
            moves.append(len(statements))
        assert moves[0] == moves[1] > 0, statements
        check_ins = []  # a check-in withdraws its person's missed check-in alert, staged with the rest as well
        for part in (shifts[:5], shifts[5:]):
            statements.clear()
            await apply_batch([(s.checked_in(people[2]), topics.ROSTER_EVENTS) for s in part])
            check_ins.append(len(statements))
        assert check_ins[0] == check_ins[1] > 0, statements
        cancels = []  # and a cancellation each person on the shift, with the .ics that cancels it
        for part in (shifts[:5], shifts[5:]):
            statements.clear()
            await apply_batch([(s.cancelled("Trạm mất điện"), topics.ROSTER_EVENTS) for s in part])
            cancels.append(len(statements))
        assert cancels[0] == cancels[1] > 0, statements
        async with app.state.runtime.sessions() as session:
            told = (await session.execute(select(deliveries.c.kind, deliveries.c.staff_id))).all()
        # each shift: its publication to the two first on it; the two put on and the two taken off, by e-mail;
        # then the two on it, of its move and of its cancellation
        assert Counter(told) == {("shift_published", p.staff_id): 45 for p in people[:2]} | {
            ("shift_put_on", p.staff_id): 45 for p in people[2:]
        } | {("shift_taken_off", p.staff_id): 45 for p in people[:2]} | {
            ("shift_moved", p.staff_id): 45 for p in people[2:]
        } | {("shift_cancelled", p.staff_id): 45 for p in people[2:]}
    finally:
        await app.state.runtime.engine.dispose()


async def test_a_delivery_staged_by_the_batch_is_written_as_one_written_alone(new_database) -> None:
    """The batch writes its deliveries in one statement of its own (`db.staged`): each row as `PgDeliveries.add`
    writes it — no attempts yet, updated when made, a message of several enterprises listing them and one of none
    NULL — and a key the database holds already is skipped, the stored row left as it was."""
    clock = FakeClock(NOW)
    app, ctx = await _context(new_database("staged_deliveries"), clock)
    several, one = (uuid.uuid4(), uuid.uuid4()), uuid.uuid4()

    def made(key: str, **fields: Any) -> NewDelivery:
        message = Message(subject=f"Nhắc việc {key}", text="Kính gửi anh Bình,\n\nNội dung.\n")
        return new_delivery(
            now=NOW, kind="readiness", dedupe_key=key, channel="email", recipient="binh@example.vn",
            recipient_name="Trần Văn Bình", language="vi", message=message, not_before=NOW + timedelta(minutes=5),
            **fields,
        )  # fmt: skip

    alone = [made("alone:several", enterprise_ids=several), made("alone:one", enterprise_id=one, actor_name="")]
    staged = [made("staged:several", enterprise_ids=several), made("staged:one", enterprise_id=one, actor_name="")]
    try:
        async with ctx.uow() as uow:
            assert await uow.deliveries.add(alone) == 2
        async with ctx.uow() as real:
            batch = StagedUnitOfWork(real)
            await batch.deliveries.add([*staged, made("alone:one", enterprise_id=uuid.uuid4())])
            await batch.flush()
        async with app.state.runtime.sessions() as session:
            rows = {r.dedupe_key: r for r in (await session.execute(select(deliveries))).mappings().all()}
        assert len(rows) == 4
        assert rows["alone:one"]["enterprise_id"] == one  # held already: skipped

        def written(key: str) -> dict[str, Any]:
            return {k: v for k, v in rows[key].items() if k not in {"id", "dedupe_key", "subject"}}

        assert written("staged:several") == written("alone:several")
        assert written("staged:one") == written("alone:one")
        assert (
            rows["staged:several"]["enterprise_ids"] == list(several) and rows["staged:one"]["enterprise_ids"] is None
        )
        assert rows["staged:one"]["attempts"] == 0 and rows["staged:one"]["updated_at"] == NOW
    finally:
        await app.state.runtime.engine.dispose()


async def test_a_campaign_published_at_once_is_one_mail_a_person_listing_their_shifts_with_one_ics(
    new_database,
) -> None:
    """QZ24 #1, through the batch consumer's staged unit of work on PostgreSQL: a manager publishes a campaign's
    drafts at once, 30 of them a person's; each shift and person has its delivery (told once), and the sender puts
    a person's into one mail listing them all, with one .ics of 30 events, not 30 mails."""
    clock = FakeClock(NOW)
    vnpt = Enterprise(clock)
    people = [Person.new(f"Đặng Thị Thu Hà {i}", email=f"ha{i}@vnpt-longan.vn") for i in range(3)]
    shifts = [vnpt.shift(people[:2], start=NOW + timedelta(days=1, hours=8 * n)) for n in range(30)]
    shifts.append(vnpt.shift(people[2:], start=NOW + timedelta(days=2)))
    setup: list[CloudEvent] = [vnpt.registered()] + [vnpt.staff(p) for p in people]
    setup += [s.planned() for s in shifts]
    app, ctx = await _context(new_database("published"), clock)
    try:
        apply_batch = make_apply_batch(ctx)
        await apply_batch([(e, topics.ROSTER_EVENTS) for e in setup])
        published = [s.published(actor="manager-vnpt", actor_name="Trần Văn Tâm") for s in shifts]
        await apply_batch([(e, topics.ROSTER_EVENTS) for e in published + published[:3]])  # a few twice
        async with app.state.runtime.sessions() as session:
            told = (await session.execute(select(deliveries.c.kind, deliveries.c.staff_id))).all()
        assert Counter(told) == {("shift_published", p.staff_id): 30 for p in people[:2]} | {
            ("shift_published", people[2].staff_id): 1
        }
        assert await claim_next(ctx, clock()) is None  # the window: the rest of the publication may still come
        clock.advance(seconds=61)
        claims = []
        while (claimed := await claim_next(ctx, clock())) is not None:
            claims.append(claimed)
        assert sorted((c.recipient, len(c.members)) for c in claims) == [
            ("ha0@vnpt-longan.vn", 29),
            ("ha1@vnpt-longan.vn", 29),
            ("ha2@vnpt-longan.vn", 0),
        ]
        first = next(c for c in claims if c.recipient == "ha0@vnpt-longan.vn")
        assert first.subject == (
            "Lịch trực của anh/chị đã được công bố: 30 ca, 03/02 – 13/02/2027 (27 tháng Chạp – Mùng 8 tháng Giêng)"
        )
        # Hà 2's shift beside the one of Hà 0's it overlaps (at the same hours), not beside the two it only touches,
        # read once for the mail (QZ25 #1)
        assert first.body.count("Cùng trực (1 người): Trực lãnh đạo: Đặng Thị Thu Hà 2\n") == 1, first.body
        assert first.body.count("Cùng trực") == 1
        assert "Ca 30/30:" in first.body and "(người công bố: Trần Văn Tâm)" in first.body
        events = icalendar.Calendar.from_ical(first.attachment or "").events
        assert [str(e.get("UID")) for e in events] == [
            f"{s.shift_id}.{people[0].staff_id}@lichtruc" for s in shifts[:30]
        ]
        async with app.state.runtime.sessions() as session:
            stored = (
                await session.execute(select(deliveries.c.subject).where(deliveries.c.id == first.id))
            ).scalar_one()
        assert stored == first.subject  # the delivery shows what went out
    finally:
        await app.state.runtime.engine.dispose()


@pytest.fixture
def settings(new_database, kafka, topic_prefix):
    return settings_for(new_database("notifier"), kafka, topic_prefix, scheduler_enabled=False, consumer_batch_ms=50)


async def _on_the_topic(settings, kafka: str, events: list[CloudEvent]) -> str:
    """The events on roster's topic (one key: one partition, in order; read as a batch); its name."""
    topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
    await ensure_topics(settings, [topic])
    await produce(kafka, topic, [message(e) for e in events])
    return topic


async def _applied(app) -> set:
    """The ids of the events the app's consumer applied (its inbox)."""
    async with app.state.runtime.sessions() as session:
        return set((await session.execute(select(inbox.c.event_id))).scalars())


async def test_on_the_broker_a_bad_event_in_a_batch_is_isolated_and_the_good_ones_applied(
    settings, kafka, caplog
) -> None:
    clock = FakeClock(NOW)
    vnpt = Enterprise(clock)
    people = [Person.new(f"Trần Thị Bích {i}") for i in range(3)]
    shifts = [vnpt.shift(people[:2], start=NOW + timedelta(days=1 + n)) for n in range(40)]
    events = [vnpt.registered()] + [vnpt.staff(p) for p in people] + [s.planned() for s in shifts]
    refused = events[21]
    engine = db.create_engine(settings.database_url)
    await db.migrate(engine, MIGRATIONS, service="notifier")
    async with engine.begin() as conn:  # a fault that repeats on a healthy database
        await conn.execute(
            text(f"""
            CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.event_id = '{refused.id}' THEN RAISE EXCEPTION 'simulated fault'; END IF;
                RETURN NEW;
            END $$""")
        )
        await conn.execute(
            text("CREATE TRIGGER refuse_one BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION refuse_one()")
        )
    await engine.dispose()
    topic = await _on_the_topic(settings, kafka, events)
    good = {e.id for e in events if e is not refused}
    app = create_app(settings, clock=clock)
    with caplog.at_level(logging.WARNING, logger="lichtruc.kafka"):
        async with running(app) as client:
            await wait_ready(client)

            async def all_good_applied() -> bool:
                seen = await _applied(app)
                assert refused.id not in seen
                return good <= seen

            await eventually(all_good_applied, timeout=60, what="every good event to be applied")
            [letter] = await read_topic(kafka, topics.dlq(topic), until=lambda records: len(records) >= 1)
            shown = (await client.get(f"/shifts/{shifts[-1].shift_id}")).json()
            assert shown["version"] == 1 and (await client.get("/readyz")).status_code == 200
    assert json.loads(letter.value)["id"] == str(refused.id)
    # the bad event came in a batch with others, and that batch fell back to one by one
    fallbacks = [r.getMessage() for r in caplog.records if "applying them one by one" in r.getMessage()]
    assert fallbacks and all(not m.startswith("applying a batch of 1 events") for m in fallbacks), fallbacks


async def test_on_the_broker_a_batch_whose_handling_breaks_is_logged_and_read_again(
    settings, kafka, caplog, monkeypatch
) -> None:
    """A failure that escapes the batch step (a bug, not an event's fault): the consumer logs it,
    seeks back to the batch's first record, pauses (`*_CONSUMER_RETRY_BACKOFF_SECONDS`, doubling
    while it repeats), reads the batch again and applies it; it keeps running."""
    clock = FakeClock(NOW)
    vnpt = Enterprise(clock)
    people = [Person.new(f"Lê Văn Đức {i}") for i in range(2)]
    shifts = [vnpt.shift(people, start=NOW + timedelta(days=1 + n)) for n in range(10)]
    events = [vnpt.registered()] + [vnpt.staff(p) for p in people] + [s.planned() for s in shifts]
    engine = db.create_engine(settings.database_url)
    await db.migrate(engine, MIGRATIONS, service="notifier")
    await engine.dispose()
    topic = await _on_the_topic(settings, kafka, events)
    handed: list[int] = []
    real = service.consume_batch

    handed_at: list[float] = []

    async def breaks_once(records, **options) -> None:
        handed.append(len(records))
        handed_at.append(time.monotonic())
        if len(handed) == 1:
            raise RuntimeError("simulated bug")
        await real(records, **options)

    monkeypatch.setattr(service, "consume_batch", breaks_once)
    settings = settings.model_copy(update={"consumer_retry_backoff_seconds": 0.3})
    app = create_app(settings, clock=clock)
    with caplog.at_level(logging.ERROR, logger="lichtruc.service"):
        async with running(app) as client:
            await wait_ready(client)

            async def all_applied() -> bool:
                return {e.id for e in events} <= await _applied(app)

            await eventually(all_applied, timeout=60, what="every event applied after the failed batch")
            assert (await client.get("/readyz")).status_code == 200
    [failed] = [r for r in caplog.records if "it is read again" in r.getMessage()]
    assert re.search(
        rf"a batch of {handed[0]} record\(s\) from {re.escape(topic)}\[\d+\]@0 failed", failed.getMessage()
    )
    assert failed.exc_info is not None and "simulated bug" in str(failed.exc_info[1])
    assert len(handed) >= 2 and handed[1] >= handed[0]  # the same records again, from the first
    pause = settings.consumer_retry_backoff_seconds
    assert f"it is read again in {pause:.2f}s" in failed.getMessage()
    assert handed_at[1] - handed_at[0] >= pause  # not at once: a failure that repeats is not a hot loop


async def test_the_consumers_fetch_is_held_briefly_so_a_drained_partition_is_fetched_again_soon(
    new_database, kafka, topic_prefix
) -> None:
    """Kafka's 500 ms fetch wait held the one fetch in flight while a drained partition waited for
    its next records (bench_notifier_consumer: one 120-280 ms stall per replay); the subscribers
    take the setting, 50 ms unless configured."""
    default = create_app(settings_for(new_database("notifier"), kafka, topic_prefix, scheduler_enabled=False))
    tuned = create_app(
        settings_for(
            new_database("notifier"), kafka, topic_prefix, scheduler_enabled=False, consumer_fetch_max_wait_ms=120
        )
    )
    try:
        for app, wait in ((default, 50), (tuned, 120)):
            subscribers = app.state.runtime.broker.subscribers
            assert subscribers and {s._connection_args["fetch_max_wait_ms"] for s in subscribers} == {wait}
            # Fetched by lichtruc.kafka.next_batch, not FastStream's get_msg that pauses after an empty fetch,
            # and handed straight to consume_batch, not through FastStream's per-message machinery.
            assert all("_subscribe_batches" in s.get_msg.__qualname__ for s in subscribers)
            assert all("_subscribe_batches" in s.consume_one.__qualname__ for s in subscribers)
    finally:
        await default.state.runtime.engine.dispose()
        await tuned.state.runtime.engine.dispose()
