"""Audit's batched apply gives what the per-event apply gives, but for the gaps' history: one roster
stream is applied event by event into one database and in batches (of several sizes, batches that
split a shift's history among them) into others, on real PostgreSQL; the log (records, hashes,
Merkle tree, tree heads' roots), the projections, coverage and the open gaps are compared. Coverage
is settled once per batch (domain/live.py), so a gap that opened and closed within a batch is not
kept: the batched databases' gaps and gap events are checked against what a rebuild from their own
log gives. And a batch with an event audit refuses applies the others once and leaves the refused
one to the per-event fallback, which parks it."""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from audit_testkit import Roster, vn
from sequence_samples import Samples
from sqlalchemy import select

from audit.app import MIGRATIONS
from audit.db.store import SqlStore
from audit.db.tables import event_log, log_leaves, merkle_nodes, outbox, tree_heads
from audit.domain import merkle
from audit.handlers import Context, make_apply, make_apply_batch, projector
from audit.handlers.log import head_bytes
from audit.handlers.replay import rebuild
from audit.signing import throwaway_key
from lichtruc import db
from lichtruc.events import ROSTER_SOURCE, CloudEvent, decode, make_event
from lichtruc.kafka import PermanentError

START, END = vn(2, 5), vn(2, 7)
KEY = throwaway_key()  # one key for every database: Ed25519 signatures are deterministic


class StepClock:
    """Audit's clock, a few minutes later at every reading: each new event reads it once on
    both paths, so the same stream gets the same record times (and gaps become history)."""

    def __init__(self) -> None:
        self.now = vn(2, 5, 12)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=3)
        return self.now


@dataclass
class Audit:
    ctx: Context
    engine: Any

    async def dump(self) -> dict[str, Any]:
        async with self.ctx.sessions() as session:
            log = (
                await session.execute(
                    select(
                        event_log.c.seq,
                        event_log.c.event_id,
                        event_log.c.received_at,
                        event_log.c.canonical,
                        event_log.c.prev_hash,
                        event_log.c.hash,
                    ).order_by(event_log.c.seq)
                )
            ).all()
            leaves = (await session.execute(select(log_leaves).order_by(log_leaves.c.leaf_index))).all()
            nodes = (
                await session.execute(select(merkle_nodes).order_by(merkle_nodes.c.level, merkle_nodes.c.idx))
            ).all()
            heads = (await session.execute(select(tree_heads).order_by(tree_heads.c.tree_size))).all()
            queued = (await session.execute(select(outbox.c.payload).order_by(outbox.c.id))).scalars().all()
            state = await SqlStore(session).export_state()
        gap_events = []
        for payload in queued:
            event = decode(payload.encode())
            # A gap event's own id is fresh each time; everything it says must match.
            gap_events.append((event.type, event.subject, event.partitionkey, event.time, event.data))
        return {
            "log": [tuple(r) for r in log],
            "leaves": [tuple(r) for r in leaves],
            "nodes": [tuple(r) for r in nodes],
            "heads": {r.tree_size: (bytes(r.root_hash), r.signed_at, bytes(r.signature)) for r in heads},
            "gap_events": gap_events,
            "state": state,
        }


@pytest.fixture
async def audits(new_database) -> AsyncIterator[Any]:
    made: list[Audit] = []

    async def make() -> Audit:
        engine = db.create_engine(new_database("audit"), pool_size=2)
        await db.migrate(engine, MIGRATIONS, service="audit")
        ctx = Context(sessions=db.session_factory(engine), clock=StepClock(), audit_topic="audit", log_key=KEY)
        made.append(Audit(ctx, engine))
        return made[-1]

    yield make
    for audit in made:
        await audit.engine.dispose()


def roster_stream(seed: int) -> tuple[list[CloudEvent], dict[str, list[int]]]:
    """A province's roster events in a random but fixed order: reference data, requirements
    (a daily one with a peak, a one-off one, an enterprise-wide one, one changed and one
    removed on the way), a campaign whose dates change, shifts planned, published, moved,
    reassigned, checked in and cancelled; a version lost and sent late, an event delivered
    twice. Also where each shift's events are in the stream."""
    rng = random.Random(seed)
    roster = Roster()
    events: list[CloudEvent] = []

    def keep(pair: tuple[uuid.UUID, CloudEvent]) -> uuid.UUID:
        events.append(pair[1])
        return pair[0]

    campaign = keep(roster.campaign(starts_at=START, ends_at=END, peaks=((vn(2, 5, 23), vn(2, 6, 1)),)))
    vnpt = keep(roster.enterprise("VNPT Long An"))
    post = keep(roster.enterprise("Bưu điện tỉnh Long An", "postal"))
    tan_an = keep(roster.site(vnpt, "Tổng đài Tân An"))
    binh_hiep = keep(roster.site(vnpt, "Trạm Bình Hiệp", border=True))
    moc_hoa = keep(roster.site(post, "Bưu cục Mộc Hóa", border=True))
    people = {
        vnpt: [keep(roster.staff(vnpt, n)) for n in ("Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Phạm Minh Châu")],
        post: [keep(roster.staff(post, n, "leader")) for n in ("Lê Hoàng Yến", "Võ Thị Sáu", "Bùi Xuân Phái")],
    }
    daily = keep(roster.requirement(campaign, vnpt, site_id=tan_an, minimum=1, peak_minimum=2))
    keep(roster.requirement(campaign, vnpt, site_id=binh_hiep, minimum=1, window=(vn(2, 5, 22), vn(2, 6, 6))))
    leaders = keep(roster.requirement(campaign, post, duty_type="leadership", minimum=1, window=("08:00", "17:00")))
    keep(roster.requirement(campaign, post, site_id=moc_hoa, duty_type="patrol", window=("22:00", "06:00")))
    places = [(vnpt, tan_an, "operations"), (vnpt, binh_hiep, "operations"), (post, None, "leadership")]
    places += [(post, moc_hoa, "patrol")]
    shifts: list[uuid.UUID] = []
    late: CloudEvent | None = None
    for step in range(150):
        roll = rng.random()
        live = [s for s in shifts if roster.shifts[s].status != "cancelled"]
        if step == 60:  # raised from mùng 1 on (30 Tết judged by the minimum of 1, as it was)
            keep(
                roster.requirement(
                    campaign, vnpt, site_id=tan_an, minimum=2, requirement_id=daily, applies_from=vn(2, 6)
                )
            )
        elif step == 75:  # moved to Bình Hiệp from 06:00 on mùng 1 (Tân An keeps it before: a trace)
            keep(
                roster.requirement(
                    campaign, vnpt, site_id=binh_hiep, minimum=2, requirement_id=daily, applies_from=vn(2, 6, 6)
                )
            )
        elif step == 100:  # and back from 18:00 (Bình Hiệp keeps it between)
            keep(
                roster.requirement(
                    campaign, vnpt, site_id=tan_an, minimum=1, requirement_id=daily, applies_from=vn(2, 6, 18)
                )
            )
        elif step == 90:  # removed from noon on mùng 1 (the gaps before stay)
            events.append(roster.remove_requirement(leaders, applies_from=vn(2, 6, 12)))
        elif step == 110:
            keep(roster.campaign(campaign_id=campaign, starts_at=START, ends_at=END + timedelta(hours=12)))
        elif roll < 0.35 or not live:
            enterprise, site, duty = rng.choice(places)
            begins = START + timedelta(hours=rng.randrange(0, 44))
            crew = rng.sample(people[enterprise], rng.choice((1, 1, 2)))
            unqualified = frozenset(crew[:1]) if rng.random() < 0.1 else frozenset()
            status = "draft" if rng.random() < 0.2 else "published"
            shift_id, event = roster.shift(
                enterprise,
                begins,
                begins + timedelta(hours=rng.choice((4, 6, 8, 12))),
                *crew,
                site_id=site,
                duty_type=duty,
                status=status,
                unqualified=unqualified,
            )
            shifts.append(shift_id)
            events.append(event)
        else:
            shift_id = rng.choice(live)
            old = roster.shifts[shift_id]
            if old.status == "draft":
                events.append(roster.publish(shift_id))
            elif roll < 0.6:
                delta = timedelta(hours=rng.choice((-3, -1, 1, 2)))
                events.append(roster.reschedule(shift_id, old.starts_at + delta, old.ends_at + delta))
            elif roll < 0.8:
                staff = people[uuid.UUID(str(old.enterprise_id))]
                events.append(roster.reassign(shift_id, *rng.sample(staff, len(old.assignees))))
            elif roll < 0.87 and late is None:
                roster.check_in(shift_id, old.assignees[0].staff_id)  # lost on the way: a sequence gap
                late = roster.check_in(shift_id, old.assignees[0].staff_id)
                events.append(late)
                late = roster.cancel(shift_id)  # it comes later, after events that follow it
            elif roll < 0.9:
                events.append(roster.check_in(shift_id, old.assignees[0].staff_id))
            else:
                events.append(roster.cancel(shift_id, reason="Ốm đột xuất"))
        if step == 100 and late is not None:
            events.append(late)
        if step == 120:
            events.append(events[rng.randrange(len(events))])  # delivered twice
    # A transaction point's Tết hours (published 1, 3, then 2 late) and a daily report (1, 3, 2): their
    # sequence gaps open and close in the batches as they do one event at a time, and in the rebuild.
    more = Samples(enterprise_id=post, campaign_id=campaign)
    for kind in ("transaction_hours", "daily_report"):
        first, third, second = (more.event(kind, v, minute=v) for v in (1, 3, 2))
        events[40:40] = [first]
        events[75:75] = [third]
        events[130:130] = [second]
    where: defaultdict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        if event.subject and event.subject.startswith("shifts/"):
            where[event.subject].append(i)
    return events, where


async def apply_one_by_one(audit: Audit, events: list[CloudEvent]) -> None:
    apply = make_apply(audit.ctx)
    for event in events:
        await apply(event, "roster")


async def apply_in_batches(audit: Audit, events: list[CloudEvent], size: int) -> None:
    apply_batch = make_apply_batch(audit.ctx)
    for i in range(0, len(events), size):
        await apply_batch([(e, "roster") for e in events[i : i + size]])


def assert_same(one: dict[str, Any], other: dict[str, Any]) -> None:
    """The same log, tree and projections, gaps and gap events included."""
    assert_same_log_and_read_model(one, other)
    assert other["state"]["coverage_gaps"] == one["state"]["coverage_gaps"]
    assert other["gap_events"] == one["gap_events"]


def assert_same_log_and_read_model(one: dict[str, Any], other: dict[str, Any]) -> None:
    """The same log and tree, the same projections and the same open gaps; the gaps' history may differ
    (coverage is settled once per batch: domain/live.py)."""
    assert other["log"] == one["log"]
    assert other["leaves"] == one["leaves"] and other["nodes"] == one["nodes"]
    # One head per batch: each is the per-event head of the same size, root and all.
    assert other["heads"] and set(other["heads"]) <= set(one["heads"])
    for size, (root, _, _) in other["heads"].items():
        assert root == one["heads"][size][0]
        assert root == merkle.root_of([merkle.leaf_hash(c.encode()) for *_, c, _, _ in one["log"][:size]])
    assert max(other["heads"]) == max(one["heads"]) == len(one["log"])
    for name in one["state"]:
        if name != "coverage_gaps":
            assert other["state"][name] == one["state"][name], name
    assert open_gaps(other) == open_gaps(one)


async def assert_as_logged(one: dict[str, Any], batched: Audit) -> None:
    """`assert_same_log_and_read_model`, and the batched database's gaps are what its log says."""
    got = await batched.dump()
    assert_same_log_and_read_model(one, got)
    assert_events_follow_the_gaps(got)
    check = await rebuild(batched.ctx.sessions, snapshot_every=0, check_only=True)
    assert check.differences == []


def open_gaps(dump: dict[str, Any]) -> dict[str, tuple]:
    return {
        g.gap_id: (g.key_id, g.starts_at, g.ends_at, g.required, g.actual, g.missing_qualification, g.peak)
        + (g.requirement_ids,)
        for g in dump["state"]["coverage_gaps"]
        if g.status == "open"
    }


def assert_events_follow_the_gaps(dump: dict[str, Any]) -> None:
    """Every gap event is of a gap audit keeps, at a version it had; an announced gap's last event
    says what became of it when it closed."""
    gaps = {g.gap_id: g for g in dump["state"]["coverage_gaps"]}
    last: dict[str, tuple[str, int]] = {}
    for event_type, subject, *_, data in dump["gap_events"]:
        gap = gaps[subject.removeprefix("gaps/")]
        assert data["version"] <= gap.version
        last[gap.gap_id] = (event_type, data["version"])
    for gap in gaps.values():
        if gap.announced and gap.status == "closed":
            assert last[gap.gap_id] == ("lichtruc.audit.coverage_gap.closed.v1", gap.version)


async def test_batches_of_any_size_leave_one_event_at_a_times_log_and_read_model_and_their_rebuilds_gaps(
    audits, monkeypatch
) -> None:
    events, where = roster_stream(seed=14)
    stretches: list[tuple[datetime, datetime]] = []
    computed: list[str] = []
    engine = projector.compute_key

    def spy(key, campaign, requirements, shifts, *, start=None, end=None):
        computed.append(key.key_id)
        if start is not None:
            stretches.append((start, end))
        return engine(key, campaign, requirements, shifts, start=start, end=end)

    monkeypatch.setattr(projector, "compute_key", spy)
    one = await audits()
    await apply_one_by_one(one, events)
    expected = await one.dump()
    assert not stretches  # one event at a time (the fallback) recomputes whole campaigns
    assert len(expected["log"]) == len(events) - 1  # the event delivered twice is logged once
    opened = [e for e in expected["gap_events"] if e[0].endswith("opened.v1")]
    closed = [e for e in expected["gap_events"] if e[0].endswith("closed.v1")]
    assert len(opened) > 10 and len(closed) > 5  # the stream does open and close gaps
    assert expected["state"]["sequence_gaps"] and expected["state"]["coverage_keys"]
    late = {(g.aggregate_type, g.expected_version, g.status) for g in expected["state"]["sequence_gaps"]}
    assert {("transaction_hours", 2, "closed"), ("daily_report", 2, "closed")} <= late
    # The requirement moved to Bình Hiệp and back counts at both: a trace stands at Bình Hiệp, and the one Tân An
    # had while it was away is emptied (the record counts there again).
    traces = {r.site_id: r.removed for r in expected["state"]["requirements"] if r.trace_of}
    assert len(traces) == 2 and sorted(traces.values()) == [False, True]
    assert_events_follow_the_gaps(expected)
    kept = len(expected["state"]["coverage_gaps"])

    for size in (3, 7, 40, len(events)):
        # The batches split some shift's history and hold several events of another.
        assert size == len(events) or any(len({i // size for i in at}) > 1 for at in where.values())
        assert any(len(at) != len({i // size for i in at}) for at in where.values())
        batched = await audits()
        stretches.clear()
        computed.clear()
        await apply_in_batches(batched, events, size)
        got = await batched.dump()
        assert_same_log_and_read_model(expected, got)
        assert len(got["heads"]) == -(-len(events) // size)  # one head per batch
        for size_, (root, signed_at, signature) in got["heads"].items():
            assert KEY.verifies(head_bytes_of(size_, root, signed_at), signature)
        assert_events_follow_the_gaps(got)
        # Gaps that opened and closed within a batch are not kept: the fewer batches, the fewer gaps.
        assert len(got["state"]["coverage_gaps"]) <= kept
        if size == 3:
            # Shift changes recomputed stretches of their keys' timelines, most shorter than the campaign.
            assert len(stretches) > 20 and sum(b - a < END - START for a, b in stretches) > len(stretches) / 2
        if size == len(events):
            # One batch: every key computed once, over its whole campaign; every gap as the engine says.
            assert sorted(computed) == sorted(set(computed)) and not stretches
            assert all(g.version == 1 and g.status == "open" for g in got["state"]["coverage_gaps"])
        # What the log says, replayed: the gaps' history too (the tree heads say where each batch ended).
        check = await rebuild(batched.ctx.sessions, snapshot_every=0, check_only=True)
        assert check.differences == []

    # A batch applied again (a redelivery after a crash) changes nothing.
    again = await audits()
    await apply_in_batches(again, events, 25)
    before = await again.dump()
    await apply_in_batches(again, events[20:70], 50)
    assert_same(before, await again.dump())


def head_bytes_of(size: int, root: bytes, signed_at: datetime) -> bytes:
    from audit.db.tree import TreeHead

    return head_bytes(TreeHead(size, root, signed_at, b""))


async def test_a_refused_event_is_left_to_the_fallback_and_the_others_applied_once(audits) -> None:
    events, _ = roster_stream(seed=3)
    events = events[:30]
    stranger = make_event(
        events[0].decoded(), source="https://example.invalid/not-roster", partitionkey="x", time=events[0].time
    )
    unknown = CloudEvent.model_validate(
        {**json.loads(events[1].model_dump_json()), "id": str(uuid.uuid4()), "type": "vn.gov.lichtruc.nothing.v1"}
    )
    assert stranger.source != ROSTER_SOURCE
    batch = [*events[:10], stranger, *events[10:20], unknown, *events[20:]]

    expected = await audits()
    await apply_one_by_one(expected, events)
    batched = await audits()
    apply_batch, apply = make_apply_batch(batched.ctx), make_apply(batched.ctx)
    with pytest.raises(PermanentError) as refused:
        await apply_batch([(e, "roster") for e in batch])
    assert str(stranger.id) in str(refused.value) and str(unknown.id) in str(refused.value)
    assert str(events[0].id) not in str(refused.value)
    # The consumer's fallback: one event at a time, the applied ones skipped, the refused parked.
    parked = []
    for event in batch:
        try:
            await apply(event, "roster")
        except PermanentError:
            parked.append(event.id)
    assert parked == [stranger.id, unknown.id]
    await assert_as_logged(await expected.dump(), batched)


def _recorded() -> tuple[Roster, list[CloudEvent], Callable[[tuple[uuid.UUID, CloudEvent]], uuid.UUID]]:
    """A roster, the events it sends in order, and `keep`: records an event, gives its entity's id."""
    roster, events = Roster(), list[CloudEvent]()

    def keep(pair: tuple[uuid.UUID, CloudEvent]) -> uuid.UUID:
        events.append(pair[1])
        return pair[0]

    return roster, events, keep


async def test_a_change_at_one_site_reads_that_sites_keys_and_still_leaves_what_one_at_a_time_leaves(
    audits, monkeypatch
) -> None:
    """An enterprise with several patrolled sites and patrol rounds that cover other sites: a batch
    reads ahead only the requirements and keys of the sites its events name (and, when only site keys of the pair
    are touched, only the shifts at those sites, their own or covered); the result is still exactly
    what one event at a time leaves, for batches of one event (a single change, as in the latency
    path) and of a few."""
    from audit.db.batch import BatchStore

    roster, events, keep = _recorded()
    campaign = keep(roster.campaign(starts_at=START, ends_at=END))
    post = keep(roster.enterprise("Bưu điện tỉnh Long An", "postal"))
    sites = [keep(roster.site(post, f"Bưu cục {name}", border=True)) for name in ("Mộc Hóa", "Tân Hưng", "Vĩnh Hưng")]
    people = [keep(roster.staff(post, n, "leader")) for n in ("Lê Hoàng Yến", "Võ Thị Sáu", "Bùi Xuân Phái")]
    for site in sites:
        keep(roster.requirement(campaign, post, site_id=site, duty_type="patrol", window=("08:00", "17:00")))
    day = START + timedelta(hours=1)  # 08:00 on the first day
    # A round from the first site that covers the second; each site also patrolled on its own.
    round_ = keep(
        roster.shift(
            post,
            day,
            day + timedelta(hours=9),
            people[0],
            site_id=sites[0],
            duty_type="patrol",
            covers_site_ids=(sites[1],),
        )
    )
    own = [
        keep(
            roster.shift(
                post, day + timedelta(hours=4), day + timedelta(hours=9), people[i], site_id=site, duty_type="patrol"
            )
        )
        for i, site in enumerate(sites[1:], start=1)
    ]
    changes = [
        roster.cancel(own[0]),  # the second site is now covered by the round alone
        roster.reschedule(round_, day + timedelta(hours=2), day + timedelta(hours=9)),  # 08-10 uncovered at both
        roster.reassign(own[1], people[2]),
        roster.cancel(round_),  # the first and second sites uncovered all day
    ]
    events += changes

    site_reads: list[list[str]] = []
    requirement_sites: list[set[str]] = []  # the sites of the requirement rows each read brought
    read_site_shifts, take_requirements = BatchStore._read_site_shifts, BatchStore._take_requirements

    def spy(self, pair, windows):
        site_reads.append(sorted(k.site_id for k, found in windows.items() if found))  # the keys whose shifts it reads
        return read_site_shifts(self, pair, windows)

    def spy_requirements(self, rows, pairs, at):
        requirement_sites.append({str(row["site_id"]) for row in rows})
        return take_requirements(self, rows, pairs, at)

    monkeypatch.setattr(BatchStore, "_read_site_shifts", spy)
    monkeypatch.setattr(BatchStore, "_take_requirements", spy_requirements)
    one = await audits()
    await apply_one_by_one(one, events)
    expected = await one.dump()
    opened = [e for e in expected["gap_events"] if e[0].endswith("opened.v1")]
    assert {e[4]["site_id"] for e in opened} >= {str(sites[0]), str(sites[1])}

    for size in (1, 2):
        batched = await audits()
        await apply_in_batches(batched, events[: -len(changes)], len(events))
        site_reads.clear()
        await apply_in_batches(batched, changes, size)
        await assert_as_logged(expected, batched)
        # The round's changes read the shifts at its own and covered sites; alone in a batch, never
        # the third site's (a batch that also changes a shift there names it too).
        assert sorted([str(sites[0]), str(sites[1])]) in site_reads
        if size == 1:
            assert all(str(sites[2]) not in read for read in site_reads if str(sites[0]) in read)

    # Alone in a batch, a change at one site reads the requirements of that site (and the enterprise-wide
    # ones, of which this enterprise has none), not those of the enterprise's other sites.
    batched = await audits()
    await apply_in_batches(batched, events[: -len(changes)], len(events))
    requirement_sites.clear()
    await apply_in_batches(batched, changes[:1], 1)  # the second site's own shift cancelled
    assert requirement_sites == [{str(sites[1])}]


async def test_a_change_in_a_fully_staffed_key_reads_only_the_shifts_around_it(audits, monkeypatch) -> None:
    """Two sites staffed round the clock (6-hour shifts handed over end to start) under an
    enterprise-wide requirement: the key's timeline is one covered segment, so moving one shift reads
    the shifts that meet its span before and after, not the campaign's; cancelling both sites' shifts
    of one slot opens the gap one event at a time opens, and the batched log rebuilds to its gaps."""
    from audit.db.batch import BatchStore

    roster, events, keep = _recorded()
    campaign = keep(roster.campaign(starts_at=START, ends_at=END, peaks=()))
    vnpt = keep(roster.enterprise("VNPT Long An"))
    sites = [keep(roster.site(vnpt, f"Trạm {name}")) for name in ("Tân An", "Bến Lức")]
    people = [keep(roster.staff(vnpt, name, "operator")) for name in ("Lê Văn Tám", "Phan Thị Út")]
    keep(roster.requirement(campaign, vnpt, window=(START, END)))
    hour = timedelta(hours=1)
    slots = {
        (site, h): keep(roster.shift(vnpt, START + h * hour, START + (h + 6) * hour, person, site_id=site))
        for site, person in zip(sites, people, strict=True)
        for h in range(0, 48, 6)
    }
    moved = roster.reschedule(slots[sites[0], 12], START + 13 * hour, START + 19 * hour)
    cancelled = [roster.cancel(slots[site, 24]) for site in sites]
    one = await audits()
    await apply_one_by_one(one, [*events, moved, *cancelled])
    expected = await one.dump()
    [gap] = [g for g in expected["state"]["coverage_gaps"] if g.status == "open"]
    assert (gap.starts_at, gap.ends_at, gap.site_id) == (START + 24 * hour, START + 30 * hour, None)

    windows_read: list[list[tuple[datetime, datetime]]] = []
    read_shifts = BatchStore._read_shifts

    def spy(self, pair, windows):
        windows_read.append(list(windows))
        return read_shifts(self, pair, windows)

    monkeypatch.setattr(BatchStore, "_read_shifts", spy)
    batched = await audits()
    await apply_in_batches(batched, events, len(events))
    windows_read.clear()
    await apply_in_batches(batched, [moved], 1)
    assert windows_read == [[(START + 12 * hour, START + 19 * hour)]]  # the span before and after; 48 h before
    await apply_in_batches(batched, cancelled, 2)
    await assert_as_logged(expected, batched)


async def test_a_unit_holding_its_writes_sends_them_at_once_and_never_commits_without_them(audits) -> None:
    """`Unit.hold_writes` (the batch consumer's): the log's append waits in the unit, goes with
    `write_held` in one statement, and a unit left with writes held rolls back instead of
    committing a transaction without them."""
    audit = await audits()
    events = roster_stream(seed=5)[0][:3]
    with pytest.raises(RuntimeError, match="held"):
        async with audit.ctx.write() as unit:
            unit.hold_writes()
            await unit.log.append_many([(e, "roster") for e in events], clock=audit.ctx.clock)
    assert (await audit.dump())["log"] == []
    async with audit.ctx.write() as unit:
        unit.hold_writes()
        appended = await unit.log.append_many([(e, "roster") for e in events], clock=audit.ctx.clock)
        assert unit.held is not None and len(unit.held.statements) == 3  # records, leaves, nodes
        await unit.write_held()
    logged = (await audit.dump())["log"]
    assert [r[0] for r in logged] == [a.seq for a in appended if a is not None] == [1, 2, 3]


async def test_a_small_batch_plans_its_statements_once_and_a_large_one_for_its_arrays(audits) -> None:
    """A live change (a batch of up to `SMALL_BATCH` events) runs on generic plans, prepared once per
    connection (PostgreSQL otherwise plans the log's state read again at every change); a replay's
    large batch keeps plans made for its values. Only for the append's own transaction."""
    from sqlalchemy import text

    from audit.db.log import SMALL_BATCH

    audit = await audits()
    events = roster_stream(seed=5)[0]
    mode = text("SELECT current_setting('plan_cache_mode')")
    for batch in (events[:1], events[1 : 1 + SMALL_BATCH], events[1 + SMALL_BATCH : 2 + 2 * SMALL_BATCH]):
        async with audit.ctx.write() as unit:
            appended = await unit.log.append_many([(e, "roster") for e in batch], clock=audit.ctx.clock)
            assert len(appended) == len(batch)
            expected = "force_generic_plan" if len(batch) <= SMALL_BATCH else "auto"
            assert await unit.session.scalar(mode) == expected, len(batch)
        async with audit.ctx.write() as unit:
            assert await unit.session.scalar(mode) == "auto"  # the next transaction plans as usual


async def test_a_batch_of_one_shift_change_takes_four_statements_and_leaves_what_one_at_a_time_leaves(audits) -> None:
    """The latency path: the chain's lock; the log's state with the records the change names and
    its keys' timelines, open gaps and campaigns; the shifts and closed gaps of the stretch it can
    move; one statement of every write (the log, the tree head, the projections, the gap event)."""
    from sqlalchemy import event as sql_event

    roster, events, keep = _recorded()
    campaign = keep(roster.campaign(starts_at=START, ends_at=END))
    post = keep(roster.enterprise("Bưu điện tỉnh Long An", "postal"))
    site = keep(roster.site(post, "Bưu cục Mộc Hóa", border=True))
    person = keep(roster.staff(post, "Lê Hoàng Yến", "leader"))
    keep(roster.requirement(campaign, post, site_id=site, duty_type="patrol", window=("08:00", "17:00")))
    day = START + timedelta(hours=1)
    shift = keep(roster.shift(post, day, day + timedelta(hours=9), person, site_id=site, duty_type="patrol"))
    change = roster.cancel(shift)  # the site uncovered: a gap opens

    one = await audits()
    await apply_one_by_one(one, [*events, change])
    batched = await audits()
    await apply_in_batches(batched, events, len(events))
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # through SQLAlchemy
        statements.append(statement)

    def logged(record) -> None:  # straight to asyncpg (lichtruc.db.driver); BEGIN and COMMIT not counted
        if record.query.split(maxsplit=1)[0].rstrip(";").upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:
            statements.append(record.query)

    def checkout(dbapi_connection, record, proxy) -> None:
        dbapi_connection.driver_connection.add_query_logger(logged)

    def checkin(dbapi_connection, record) -> None:
        dbapi_connection.driver_connection.remove_query_logger(logged)

    pool = batched.engine.sync_engine.pool
    sql_event.listen(batched.engine.sync_engine, "before_cursor_execute", seen)
    sql_event.listen(pool, "checkout", checkout)
    sql_event.listen(pool, "checkin", checkin)
    try:
        await apply_in_batches(batched, [change], 1)
    finally:
        sql_event.remove(batched.engine.sync_engine, "before_cursor_execute", seen)
        sql_event.remove(pool, "checkout", checkout)
        sql_event.remove(pool, "checkin", checkin)
    assert len(statements) == 4, statements
    expected, got = await one.dump(), await batched.dump()
    assert any(e[0].endswith("opened.v1") for e in expected["gap_events"])
    assert got["gap_events"][-1][1] == expected["gap_events"][-1][1]  # the change's gap, announced
    await assert_as_logged(expected, batched)


def _one_site() -> tuple[Roster, list[CloudEvent], dict[str, uuid.UUID]]:
    """A postal site patrolled 08:00–17:00 every day, and three people; nothing planned yet."""
    roster, events, keep = _recorded()
    campaign = keep(roster.campaign(starts_at=START, ends_at=END))
    post = keep(roster.enterprise("Bưu điện tỉnh Long An", "postal"))
    site = keep(roster.site(post, "Bưu cục Mộc Hóa", border=True))
    people = [keep(roster.staff(post, n, "leader")) for n in ("Lê Hoàng Yến", "Võ Thị Sáu", "Bùi Xuân Phái")]
    keep(roster.requirement(campaign, post, site_id=site, duty_type="patrol", window=("08:00", "17:00")))
    return roster, events, {"post": post, "site": site, "a": people[0], "b": people[1], "c": people[2]}


async def test_a_gap_that_opens_and_closes_within_a_batch_is_not_kept_and_a_closing_names_the_change_that_reached_it(
    audits,
) -> None:
    roster, events, ids = _one_site()
    day = START + timedelta(hours=8)  # 08:00 on the first day; the campaign has two
    next_day = day + timedelta(days=1)

    def patrol(start: datetime, end: datetime, person: uuid.UUID) -> tuple[uuid.UUID, CloudEvent]:
        return roster.shift(ids["post"], start, end, person, site_id=ids["site"], duty_type="patrol")

    morning, planned = patrol(day, day + timedelta(hours=9), ids["a"])
    events.append(planned)  # the first day covered, the second not
    cancelled = roster.cancel(morning)  # the first day uncovered ...
    _, cover = patrol(day, day + timedelta(hours=9), ids["c"])  # ... and covered again at once
    flicker = [cancelled, cover]

    one, batched = await audits(), await audits()
    for audit in (one, batched):
        await apply_in_batches(audit, events, len(events))
    before = await batched.dump()
    await apply_one_by_one(one, flicker)
    await apply_in_batches(batched, flicker, 2)
    by_one, got = await one.dump(), await batched.dump()
    first_day = [g for g in by_one["state"]["coverage_gaps"] if g.starts_at == day]
    assert [g.status for g in first_day] == ["closed"]  # one event at a time: opened, then closed
    assert [e[0].rsplit(".", 2)[-2] for e in by_one["gap_events"][len(before["gap_events"]) :]] == ["opened", "closed"]
    # In one batch the first day never lacked anyone: no gap, nothing announced.
    assert got["state"]["coverage_gaps"] == before["state"]["coverage_gaps"]
    assert got["gap_events"] == before["gap_events"]

    # A gap the batch closes names the change that covered it, not a later change of the same key elsewhere.
    _, covering = patrol(next_day, next_day + timedelta(hours=9), ids["b"])
    _, elsewhere = patrol(day + timedelta(hours=9), day + timedelta(hours=10), ids["a"])  # 17:00–18:00
    opened = {g.gap_id for g in got["state"]["coverage_gaps"] if g.starts_at == next_day and g.status == "open"}
    assert len(opened) == 1  # the second day was uncovered all along
    await apply_in_batches(batched, [covering, elsewhere], 2)
    closed = [g for g in (await batched.dump())["state"]["coverage_gaps"] if g.gap_id in opened]
    assert [(g.status, g.closed_by_event_ids) for g in closed] == [("closed", (str(covering.id),))]
    assert closed[0].closed_seq == len(events) + len(flicker) + 2  # settled at the key's last change
    await assert_as_logged((await batched.dump()), batched)


async def test_batches_appended_before_coverage_was_settled_per_batch_are_rebuilt_event_by_event(
    audits, monkeypatch, new_database
) -> None:
    """A log whose older transactions settled coverage after each event (their heads say so: signed
    before migration 0015) and whose newer ones settled it once: the rebuild settles each where the
    consumer did, and finds the tables as they are; told the old heads settled per batch, it does not."""
    from sqlalchemy import text

    from audit.db import tree
    from audit.handlers import consume

    events, _ = roster_stream(seed=14)
    audit = await audits()
    # The code before: a batch projected event by event, its head recorded as such (the column's default).
    add_head = tree.LogTree.add_head
    with monkeypatch.context() as old:

        async def per_event_head(self, head, *, per_batch):
            await add_head(self, head, per_batch=False)

        old.setattr(tree.LogTree, "add_head", per_event_head)

        async def each(*, store, logged, data, pending=None):
            return await projector.project(store=store, logged=logged, data=data)

        old.setattr(consume, "project", each)
        old.setattr(consume, "settle", lambda *, store, pending: _settled_nothing())
        await apply_in_batches(audit, events[:120], 40)
    await apply_in_batches(audit, events[120:], 40)
    async with audit.engine.connect() as conn:
        rows = await conn.execute(text("SELECT coverage_per_batch FROM tree_heads ORDER BY tree_size"))
        flags = list(rows.scalars())
    assert flags[:3] == [False] * 3 and len(flags) > 3 and all(flags[3:])
    assert (await rebuild(audit.ctx.sessions, snapshot_every=0, check_only=True)).differences == []

    async with audit.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE tree_heads DISABLE TRIGGER tree_heads_no_update_delete"))
        await conn.execute(text("UPDATE tree_heads SET coverage_per_batch = true"))
        await conn.execute(text("ALTER TABLE tree_heads ENABLE TRIGGER tree_heads_no_update_delete"))
    assert (await rebuild(audit.ctx.sessions, snapshot_every=0, check_only=True)).differences != []


async def _settled_nothing() -> list[Any]:
    return []
