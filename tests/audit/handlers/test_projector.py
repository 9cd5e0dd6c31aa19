"""The projector on the in-memory store: the read model, live coverage and the gaps'
life, event by event — the same code the consumer runs on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from audit_testkit import GIAO_THUA, Roster, vn

from audit.db.memory import MemoryStore
from audit.domain.live import KeyRef, closed_as, compute_key, gap_id, opened_as
from audit.domain.model import Shift
from audit.handlers import projector
from audit.handlers.consume import gap_event
from audit.handlers.projector import Logged, decode_data, project
from lichtruc.events import CloudEvent, CoverageGapClosed

START, END = vn(2, 5), vn(2, 7)  # a two-day campaign: 30 Tết and mùng 1
NOW = vn(1, 20, 9)


class Feed:
    """Applies events to a store as the consumer would, with a record time per event."""

    def __init__(self, store: MemoryStore | None = None, now: datetime = NOW) -> None:
        self.store = store or MemoryStore(tracks_coverage=True)
        self.now = now
        self.changes: list = []
        self.fed: list[CloudEvent] = []

    async def __call__(self, *events: CloudEvent) -> list:
        made = []
        self.fed += events
        for event in events:
            self.store.seq += 1
            made += await project(
                store=self.store, logged=Logged(self.store.seq, self.now, event), data=decode_data(event)
            )
        self.changes += made
        return made

    def open_gaps(self) -> list[tuple]:
        return sorted(
            (g.starts_at, g.ends_at, g.required, g.actual, g.peak)
            for g in self.store.gaps.values()
            if g.status == "open"
        )


@pytest.fixture
def roster() -> Roster:
    return Roster()


async def setup(feed: Feed, roster: Roster, *, minimum: int = 1, peak_minimum: int | None = None, peaks: tuple = ()):
    enterprise, e1 = roster.enterprise("VNPT Long An")
    site, e2 = roster.site(enterprise, "Tổng đài Tân An")
    campaign, e3 = roster.campaign(starts_at=START, ends_at=END, peaks=peaks)
    _, e4 = roster.requirement(campaign, enterprise, site_id=site, minimum=minimum, peak_minimum=peak_minimum)
    await feed(e1, e2, e3, e4)
    return enterprise, site, campaign


async def test_a_requirement_with_nobody_on_duty_is_one_gap_over_the_whole_campaign(roster) -> None:
    feed = Feed()
    enterprise, site, campaign = await setup(feed, roster)
    assert feed.open_gaps() == [(START, END, 1, 0, False)]
    [opened] = feed.changes
    assert opened.kind == "opened" and opened.publish
    key = KeyRef(str(campaign), str(enterprise), str(site), "operations")
    assert opened.gap.gap_id == gap_id(key, START)
    assert [(s.start, s.end, s.required, s.actual) for s in feed.store.segments[key.key_id]] == [(START, END, 1, 0)]


async def test_a_gap_whose_end_moves_is_updated_and_one_whose_start_moves_is_replaced(roster) -> None:
    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    await feed(e)
    [first] = [c.gap for c in feed.changes]
    _, late = roster.shift(enterprise, vn(2, 6), END, tuyet, site_id=site)
    [updated] = await feed(late)
    assert (updated.kind, updated.publish, updated.gap.gap_id) == ("updated", True, first.gap_id)
    assert (updated.gap.ends_at, updated.gap.version) == (vn(2, 6), 2)
    _, early = roster.shift(enterprise, START, vn(2, 5, 8), tuyet, site_id=site)
    closed, opened = await feed(early)
    assert (closed.kind, closed.gap.gap_id, closed.gap.version) == ("closed", first.gap_id, 3)
    assert (opened.kind, opened.gap.starts_at, opened.gap.ends_at) == ("opened", vn(2, 5, 8), vn(2, 6))
    # Her shift ending at the new gap's start only filled part of the first: it narrowed the gap, and what
    # stays short keeps the first gap's causes (the requirement), not hers (QA round 3).
    assert str(early.id) not in opened.gap.cause_event_ids and opened.gap.cause_event_ids == first.cause_event_ids
    assert (opened.gap.opened_by_event_id, opened_as(opened.gap)) == (str(early.id), "narrowed")


async def test_gap_lifecycle_cover_cancel_and_reopen(roster) -> None:
    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    await feed(e)
    [first_gap] = [c.gap for c in feed.changes]
    shift, planned = roster.shift(enterprise, START, END, tuyet, site_id=site)
    [closed] = await feed(planned)
    assert (closed.kind, closed.publish, closed.gap.gap_id, closed.gap.version) == ("closed", True, first_gap.gap_id, 2)
    assert closed.gap.closed_by_event_ids == (str(planned.id),)
    assert feed.open_gaps() == []

    cancel = roster.cancel(shift)
    [reopened] = await feed(cancel)
    assert (reopened.kind, reopened.gap.gap_id, reopened.gap.version) == ("reopened", first_gap.gap_id, 3)
    # The cancelled shift is not an input of the engine any more: the cancellation is quoted as the cause.
    assert reopened.gap.cause_event_ids == (str(cancel.id),)


async def test_drafts_do_not_count_until_published_and_check_in_changes_nothing(roster) -> None:
    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    shift, planned = roster.shift(enterprise, START, END, tuyet, site_id=site, status="draft")
    assert await feed(e, planned) == []
    assert len(feed.open_gaps()) == 1
    [closed] = await feed(roster.publish(shift))
    assert closed.kind == "closed"
    assert await feed(roster.check_in(shift, tuyet)) == []
    stored: Shift = feed.store.entities["shifts"][str(shift)]
    assert stored.status == "checked_in" and stored.version == 3


async def test_a_stale_or_repeated_shift_event_does_not_regress_state(roster) -> None:
    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    shift, planned = roster.shift(enterprise, START, END, tuyet, site_id=site)
    cancel = roster.cancel(shift)
    await feed(e, cancel)  # version 2 arrives first
    before = (feed.store.entities["shifts"][str(shift)], feed.open_gaps())
    assert await feed(planned, cancel) == []  # version 1 late, version 2 again
    assert (feed.store.entities["shifts"][str(shift)], feed.open_gaps()) == before
    assert feed.store.entities["shifts"][str(shift)].status == "cancelled"


async def test_peak_minimum_makes_a_peak_gap(roster) -> None:
    feed = Feed()
    enterprise, site, _ = await setup(feed, roster, minimum=1, peak_minimum=2, peaks=(GIAO_THUA,))
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    _, planned = roster.shift(enterprise, START, END, tuyet, site_id=site)
    await feed(e, planned)
    assert feed.open_gaps() == [(vn(2, 5, 23), vn(2, 6, 1), 2, 1, True)]


async def test_campaign_arriving_after_its_requirements_and_shifts_computes_them_then(roster) -> None:
    feed = Feed()
    enterprise, e1 = roster.enterprise("Viettel Long An")
    campaign = uuid.uuid4()
    _, req = roster.requirement(campaign, enterprise, minimum=1)
    tuyet, e2 = roster.staff(enterprise, "Lê Hoàng Yến")
    _, planned = roster.shift(enterprise, START, vn(2, 6), tuyet)
    assert await feed(e1, req, e2, planned) == []
    _, opened_campaign = roster.campaign(campaign_id=campaign, starts_at=START, ends_at=END, peaks=())
    [opened] = await feed(opened_campaign)
    assert (opened.gap.starts_at, opened.gap.ends_at, opened.gap.site_id) == (vn(2, 6), END, None)


async def test_campaign_dates_changing_recomputes_its_keys(roster) -> None:
    feed = Feed()
    _enterprise, _site, campaign = await setup(feed, roster)
    _, updated = roster.campaign(campaign_id=campaign, starts_at=START, ends_at=vn(2, 6), peaks=())
    [change] = await feed(updated)  # the gap ends earlier: same start, so the same gap
    assert (change.kind, change.publish, change.gap.ends_at) == ("updated", True, vn(2, 6))
    assert feed.open_gaps() == [(START, vn(2, 6), 1, 0, False)]


async def test_removing_the_requirement_closes_its_gaps_and_drops_its_timeline(roster) -> None:
    feed = Feed()
    enterprise, e1 = roster.enterprise("MobiFone")
    campaign, e2 = roster.campaign(starts_at=START, ends_at=END, peaks=())
    rid, e3 = roster.requirement(campaign, enterprise)
    await feed(e1, e2, e3)
    [closed] = await feed(roster.remove_requirement(rid))
    assert closed.kind == "closed" and feed.store.keys == {} and feed.open_gaps() == []


async def test_gaps_found_after_they_ended_are_history_not_alerts(roster) -> None:
    feed = Feed(now=vn(3, 1))  # after the campaign
    await setup(feed, roster)
    [opened] = feed.changes
    assert opened.kind == "opened" and not opened.publish and not opened.gap.announced


async def test_one_person_on_two_enterprises_counts_for_each_key_once(roster) -> None:
    feed = Feed()
    vnpt, site, campaign = await setup(feed, roster)
    viettel, e1 = roster.enterprise("Viettel")
    _, e2 = roster.requirement(campaign, viettel, minimum=1)
    tuyet, e3 = roster.staff(vnpt, "Nguyễn Thị Ánh Tuyết")
    _, s1 = roster.shift(vnpt, START, END, tuyet, site_id=site)
    _, s2 = roster.shift(viettel, START, END, tuyet)
    await feed(e1, e2, e3, s1, s2)
    assert feed.open_gaps() == []  # coverage counts each key; the double booking is reported separately


async def test_snapshot_round_trip_keeps_every_entity(roster) -> None:
    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    _, planned = roster.shift(enterprise, START, END, tuyet, site_id=site)
    await feed(e, planned)
    copy = MemoryStore.from_snapshot(feed.store.snapshot())
    assert copy.seq == feed.store.seq
    for name in copy.entities:
        assert copy.all(name) == feed.store.all(name)
    assert copy.all("shifts")[0].assignees[0].full_name == "Nguyễn Thị Ánh Tuyết"


async def test_a_campaign_keeps_its_kind_through_edits_and_a_snapshot(roster) -> None:
    """Roster's campaign events say whether it is a Tết campaign or a drill; the projection keeps it (the Tết
    hours are a Tết campaign's alone), an edit carries it on, and a snapshot restores it (not the default)."""
    feed = Feed()
    drill, opened = roster.campaign(
        starts_at=vn(1, 15, 8), ends_at=vn(1, 15, 17), peaks=(), name="Diễn tập", kind="drill"
    )
    tet, tet_opened = roster.campaign(starts_at=START, ends_at=END, peaks=())
    await feed(opened, tet_opened)
    _, edited = roster.campaign(
        campaign_id=drill, starts_at=vn(1, 16, 8), ends_at=vn(1, 16, 17), peaks=(), name="Diễn tập", kind="drill"
    )
    await feed(edited)
    kinds = {c.campaign_id: (c.kind, c.version) for c in feed.store.all("campaigns")}
    assert kinds == {str(drill): ("drill", 2), str(tet): ("tet", 1)}
    restored = MemoryStore.from_snapshot(feed.store.snapshot())
    assert {c.campaign_id: c.kind for c in restored.all("campaigns")} == {str(drill): "drill", str(tet): "tet"}


# A requirement's versions (lichtruc.coverage.in_force): each instant judged by the version in force then.
MUNG_1 = vn(2, 6)  # the instant a change "from now on" applies from, mid-campaign


def timeline(feed: Feed, campaign, enterprise, site) -> list[tuple]:
    key = KeyRef(str(campaign), str(enterprise), str(site), "operations")
    return [(s.start, s.end, s.required, s.actual) for s in feed.store.segments[key.key_id]]


async def test_a_minimum_raised_from_now_on_keeps_the_past_and_opens_gaps_only_from_then(roster, monkeypatch) -> None:
    """One person on duty the whole campaign meets a minimum of 1; raised to 2 from mùng 1 on, the days before
    stay covered (no gap, their timeline as it was) and the gap starts at mùng 1 — recomputed from there only.
    The same raise as a correction (for the whole campaign, as every event before the field) judges the whole
    campaign by it, as before."""
    recomputed: list = []

    def spy(key, campaign, requirements, shifts, *, start=None, end=None):
        recomputed.append(start)
        return compute_key(key, campaign, requirements, shifts, start=start, end=end)

    monkeypatch.setattr(projector, "compute_key", spy)
    for applies_from, gap_from in ((MUNG_1, MUNG_1), (None, START)):
        roster = Roster()
        feed = Feed()
        enterprise, site, campaign = await setup(feed, roster)
        tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
        _, planned = roster.shift(enterprise, START, END, tuyet, site_id=site)
        await feed(e, planned)
        assert feed.open_gaps() == [] and timeline(feed, campaign, enterprise, site) == [(START, END, 1, 1)]
        [rid] = roster.requirements
        _, raised = roster.requirement(
            campaign, enterprise, site_id=site, minimum=2, requirement_id=rid, applies_from=applies_from
        )
        recomputed.clear()
        [opened] = await feed(raised)
        assert recomputed == [applies_from]  # from mùng 1 on (its timeline there: covered); None: the whole campaign
        assert feed.open_gaps() == [(gap_from, END, 2, 1, False)]
        # (the gap at START is the one the campaign opened before she was planned: it comes back)
        assert opened.kind == ("opened" if applies_from else "reopened")
        assert str(raised.id) in opened.gap.cause_event_ids
        before = [(START, gap_from, 1, 1)] if gap_from > START else []
        assert timeline(feed, campaign, enterprise, site) == [*before, (gap_from, END, 2, 1)]


async def test_a_requirement_removed_from_now_on_keeps_the_gaps_before_and_closes_the_rest(roster) -> None:
    feed = Feed()
    enterprise, site, campaign = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    _, planned = roster.shift(enterprise, vn(2, 5, 12), vn(2, 6, 12), tuyet, site_id=site)
    await feed(e, planned)
    assert feed.open_gaps() == [(START, vn(2, 5, 12), 1, 0, False), (vn(2, 6, 12), END, 1, 0, False)]
    [rid] = roster.requirements
    removal = roster.remove_requirement(rid, applies_from=MUNG_1)
    [closed] = await feed(removal)  # the gap before mùng 1 is left as it was: no change to it
    assert (closed.kind, closed.gap.starts_at, closed.gap.closed_by_event_ids) == (
        "closed",
        vn(2, 6, 12),
        (str(removal.id),),
    )
    assert feed.open_gaps() == [(START, vn(2, 5, 12), 1, 0, False)]
    assert timeline(feed, campaign, enterprise, site) == [
        (START, vn(2, 5, 12), 1, 0),
        (vn(2, 5, 12), MUNG_1, 1, 1),
        (MUNG_1, vn(2, 6, 12), 0, 1),
        (vn(2, 6, 12), END, 0, 0),
    ]


async def test_a_requirement_created_from_now_on_requires_nothing_before(roster) -> None:
    feed = Feed()
    enterprise, e1 = roster.enterprise("MobiFone")
    campaign, e2 = roster.campaign(starts_at=START, ends_at=END, peaks=())
    _, e3 = roster.requirement(campaign, enterprise, minimum=3, applies_from=MUNG_1)
    await feed(e1, e2, e3)
    assert feed.open_gaps() == [(MUNG_1, END, 3, 0, False)]


async def test_a_version_that_moves_a_requirement_to_another_enterprise_moves_it_from_then_on(roster) -> None:
    """Hypothesis found it: a requirement of MobiFone (2 people, the whole campaign) moved to VNPT from mùng 1 on
    was kept with its version before — VNPT judged before mùng 1 by MobiFone's rule. Moved elsewhere (another
    enterprise, site or duty type) from an instant on, a requirement counts where it was until then and where it
    went from then on, as roster's board lays it: VNPT requires nothing before mùng 1, MobiFone 2 until then."""
    mobifone, e1 = roster.enterprise("MobiFone")
    vnpt, e2 = roster.enterprise("VNPT")
    campaign, e3 = roster.campaign(starts_at=START, ends_at=END, peaks=())
    rid, v1 = roster.requirement(campaign, mobifone, minimum=2)
    _, v2 = roster.requirement(campaign, vnpt, minimum=1, requirement_id=rid, applies_from=MUNG_1)
    feed = Feed()
    await feed(e1, e2, e3, v1)
    assert feed.open_gaps() == [(START, END, 2, 0, False)]
    await feed(v2)
    assert feed.open_gaps() == [(START, MUNG_1, 2, 0, False), (MUNG_1, END, 1, 0, False)]
    by_enterprise = {g.enterprise_id: g for g in feed.store.gaps.values() if g.status == "open"}
    assert (by_enterprise[str(mobifone)].ends_at, by_enterprise[str(vnpt)].starts_at) == (MUNG_1, MUNG_1)
    assert all(g.requirement_ids == (str(rid),) for g in by_enterprise.values())  # the trace's gap names it


async def test_a_requirement_moved_to_another_site_from_now_on_is_judged_at_each_where_it_counted(roster) -> None:
    """Tân An required 1 person the whole campaign, with someone on duty from 12:00 on 30 Tết to 12:00 on mùng 1;
    moved to Mộc Hóa from mùng 1 on: Tân An keeps its gap before (untouched) and the one after closes, naming the
    move — as a removal from then on does; Mộc Hóa is short from mùng 1 on, nothing before. Moved back from 12:00
    on mùng 1, Tân An is short again from then on and Mộc Hóa keeps only its stretch between; a correction for the
    whole campaign then puts it at Mộc Hóa alone, all campaign long. A replay of the log leaves the same state."""
    feed = Feed()
    enterprise, tan_an, campaign = await setup(feed, roster)
    moc_hoa, e = roster.site(enterprise, "Trạm Mộc Hóa")
    tuyet, e2 = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    _, planned = roster.shift(enterprise, vn(2, 5, 12), vn(2, 6, 12), tuyet, site_id=tan_an)
    await feed(e, e2, planned)
    [rid] = roster.requirements

    def open_at(site) -> list[tuple]:
        return sorted(
            (g.starts_at, g.ends_at) for g in feed.store.gaps.values() if g.status == "open" and g.site_id == str(site)
        )

    assert open_at(tan_an) == [(START, vn(2, 5, 12)), (vn(2, 6, 12), END)]
    _, moved = roster.requirement(campaign, enterprise, site_id=moc_hoa, requirement_id=rid, applies_from=MUNG_1)
    changes = await feed(moved)
    assert open_at(tan_an) == [(START, vn(2, 5, 12))]
    [closed] = [c for c in changes if c.kind == "closed"]
    assert (closed.gap.site_id, closed.gap.starts_at, closed.gap.closed_by_event_ids) == (
        str(tan_an),
        vn(2, 6, 12),
        (str(moved.id),),
    )
    assert open_at(moc_hoa) == [(MUNG_1, END)]

    _, back = roster.requirement(campaign, enterprise, site_id=tan_an, requirement_id=rid, applies_from=vn(2, 6, 12))
    await feed(back)
    assert open_at(tan_an) == [(START, vn(2, 5, 12)), (vn(2, 6, 12), END)]
    assert open_at(moc_hoa) == [(MUNG_1, vn(2, 6, 12))]

    _, corrected = roster.requirement(campaign, enterprise, site_id=moc_hoa, requirement_id=rid)
    await feed(corrected)
    assert open_at(tan_an) == [] and open_at(moc_hoa) == [(START, END)]

    replayed = Feed()
    await replayed(*feed.fed)
    assert await replayed.store.export_state() == await feed.store.export_state()


async def test_a_version_arriving_late_or_twice_changes_only_what_it_rules(roster) -> None:
    """Versions 1 (the whole campaign), 2 (from 12:00 on 30 Tết) and 3 (from mùng 1): delivered 1, 3, 3, 2, the
    repeated one changes nothing and the late one rules only between its instant and the newer one's — the state
    delivering them in order leaves. A version older than a correction for the whole campaign rules nowhere."""
    enterprise, e1 = roster.enterprise("MobiFone")
    campaign, e2 = roster.campaign(starts_at=START, ends_at=END, peaks=())
    rid, v1 = roster.requirement(campaign, enterprise, minimum=1)
    _, v2 = roster.requirement(campaign, enterprise, minimum=2, requirement_id=rid, applies_from=vn(2, 5, 12))
    _, v3 = roster.requirement(campaign, enterprise, minimum=3, requirement_id=rid, applies_from=MUNG_1)
    in_order, shuffled = Feed(), Feed()
    await in_order(e1, e2, v1, v2, v3)
    await shuffled(e1, e2, v1, v3)
    assert await shuffled(v3) == [] and shuffled.store.entities["requirements"][str(rid)].updated_seq == 4
    await shuffled(v2)
    expected = [(START, vn(2, 5, 12), 1, 0, False), (vn(2, 5, 12), MUNG_1, 2, 0, False), (MUNG_1, END, 3, 0, False)]
    assert in_order.open_gaps() == shuffled.open_gaps() == expected
    held = shuffled.store.entities["requirements"][str(rid)]
    assert (held.minimum, held.version) == (3, 3)
    assert held.versions == in_order.store.entities["requirements"][str(rid)].versions
    _, v4 = roster.requirement(campaign, enterprise, minimum=1, requirement_id=rid)  # a correction: always 1
    await in_order(v4, v2)
    assert in_order.open_gaps() == [(START, END, 1, 0, False)]
    assert [v.number for v in in_order.store.entities["requirements"][str(rid)].versions] == [4]


async def test_a_gap_closed_by_its_requirement_alone_says_so_and_one_closed_by_people_says_covered(roster) -> None:
    """The closing (and its CoverageGapClosed) says why: a minimum lowered to 0 for the whole campaign, or a
    requirement removed, closes the gap though nobody was added ("requirement_changed"); a shift planned over it
    covers it ("covered"); a batch where a shift and the lowering close it together counts as covered."""

    def why(change) -> str:
        data = gap_event(change, at=NOW).decoded()
        assert isinstance(data, CoverageGapClosed)
        assert data.reason == change.reason
        return data.reason

    feed = Feed()
    enterprise, site, campaign = await setup(feed, roster)
    [rid] = roster.requirements
    _, lowered = roster.requirement(campaign, enterprise, site_id=site, minimum=0, requirement_id=rid)
    [closed] = await feed(lowered)
    assert (closed.kind, closed.gap.closed_by_event_ids, why(closed)) == (
        "closed",
        (str(lowered.id),),
        "requirement_changed",
    )
    # kept with the gap (QZ11): its page and the list say "closed because the requirement changed", never covered
    assert (closed.gap.closed_reason, closed_as(closed.gap, ())) == ("requirement_changed", "requirement_changed")

    feed, roster = Feed(), Roster()
    enterprise, site, campaign = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    _, planned = roster.shift(enterprise, START, END, tuyet, site_id=site)
    await feed(e)
    [closed] = await feed(planned)
    assert (closed.kind, why(closed)) == ("closed", "covered")
    assert (closed.gap.closed_reason, closed_as(closed.gap, ())) == ("covered", "filled")
    _, raised = roster.requirement(campaign, enterprise, site_id=site, minimum=2, requirement_id=roster_rid(roster))
    [reopened] = await feed(raised)
    assert (reopened.kind, reopened.gap.closed_reason, closed_as(reopened.gap, ())) == ("reopened", None, None)
    [closed] = await feed(roster.remove_requirement(roster_rid(roster)))
    assert why(closed) == "requirement_changed"
    assert closed_as(closed.gap, ()) == "requirement_changed"

    feed, roster = Feed(), Roster()
    enterprise, site, campaign = await setup(feed, roster)
    tuyet, e = roster.staff(enterprise, "Nguyễn Thị Ánh Tuyết")
    await feed(e)
    _, planned = roster.shift(enterprise, START, END, tuyet, site_id=site)
    _, lowered = roster.requirement(campaign, enterprise, site_id=site, minimum=0, requirement_id=roster_rid(roster))
    held = projector.Pending()
    for event in (planned, lowered):
        feed.store.seq += 1
        logged = Logged(feed.store.seq, NOW, event)
        await project(store=feed.store, logged=logged, data=decode_data(event), pending=held)
    [settled] = await projector.settle(store=feed.store, pending=held)
    assert settled.change.kind == "closed" and why(settled.change) == "covered"


def roster_rid(roster: Roster) -> uuid.UUID:
    [rid] = roster.requirements
    return rid


async def test_a_shift_handed_over_leaves_no_gap_and_only_the_replacement_on_duty_after_the_moment(roster) -> None:
    """QA 2026-12-06: the leader checked in at 08:03 falls ill at 21:00 on 29 tháng Chạp; the rest of his shift is
    handed over (roster's POST /shifts/{id}/handover: the new shift's events, then the old one ending at 21:00).
    Coverage never falls short across the moment, and "who was on duty at 22:00" names only the replacement —
    the ill leader still on duty before it."""
    from audit.domain.reports import on_duty

    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    lanh, e1 = roster.staff(enterprise, "Trần Văn Lãnh")
    cuong, e2 = roster.staff(enterprise, "Phạm Văn Cường")
    shift, planned = roster.shift(enterprise, START, END, lanh, site_id=site)
    await feed(e1, e2, planned, roster.check_in(shift, lanh))
    assert feed.open_gaps() == []
    before = len(feed.changes)
    rest, events = roster.hand_over(shift, vn(2, 5, 21), cuong)
    assert await feed(*events) == []  # no gap opened, not even for a moment
    assert feed.open_gaps() == [] and len(feed.changes) == before
    shifts = feed.store.entities["shifts"]
    assert shifts[str(shift)].ends_at == vn(2, 5, 21) and shifts[str(shift)].status == "checked_in"
    assert [s.shift_id for s in on_duty(shifts.values(), vn(2, 5, 22))] == [str(rest)]
    assert [s.shift_id for s in on_duty(shifts.values(), vn(2, 5, 20, 59))] == [str(shift)]
    assert [s.shift_id for s in on_duty(shifts.values(), vn(2, 5, 21))] == [str(rest)]  # the moment: half-open


async def test_a_shift_nobody_came_to_handed_over_whole_leaves_no_gap(roster) -> None:
    """QZ10 #8: the leader rostered from 08:00 never came; at 09:10 a replacement takes the shift from its start (the
    new shift's events, then the old one's ShiftCancelled naming it). No gap opens, and "who was on duty at 08:30"
    names the replacement, not the absent leader."""
    from audit.domain.reports import on_duty

    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    lanh, e1 = roster.staff(enterprise, "Trần Văn Lãnh")
    cuong, e2 = roster.staff(enterprise, "Phạm Văn Cường")
    shift, planned = roster.shift(enterprise, START, END, lanh, site_id=site)
    await feed(e1, e2, planned)
    before = len(feed.changes)
    rest, events = roster.hand_over(shift, START, cuong, reason="Trưởng ca không đến")
    assert await feed(*events) == []
    assert feed.open_gaps() == [] and len(feed.changes) == before
    shifts = feed.store.entities["shifts"]
    assert shifts[str(shift)].status == "cancelled"
    assert [s.shift_id for s in on_duty(shifts.values(), START + timedelta(minutes=30))] == [str(rest)]


async def test_a_shift_nobody_came_to_handed_over_at_the_moment_leaves_the_hours_before_uncovered(roster) -> None:
    """QZ13 #2: nobody came to the shift from 00:00; at 09:07 a replacement takes it over from 09:10 (roster's
    default moment; the old shift cancelled, the new one from the moment). The gap 00:00–09:10 opens — nobody was
    there — and "who was on duty at 07:00" names nobody, neither the absent leader nor the replacement."""
    from audit.domain.reports import on_duty

    feed = Feed()
    enterprise, site, _ = await setup(feed, roster)
    lanh, e1 = roster.staff(enterprise, "Võ Minh Nhựt")
    hai, e2 = roster.staff(enterprise, "Phan Văn Hải")
    shift, planned = roster.shift(enterprise, START, END, lanh, site_id=site)
    await feed(e1, e2, planned)
    assert feed.open_gaps() == []
    rest, events = roster.hand_over(shift, vn(2, 5, 9, 10), hai, reason="Người trực không đến", absent=True)
    await feed(*events)
    assert feed.open_gaps() == [(START, vn(2, 5, 9, 10), 1, 0, False)]
    shifts = feed.store.entities["shifts"]
    assert shifts[str(shift)].status == "cancelled"
    assert on_duty(shifts.values(), vn(2, 5, 7)) == []
    assert [s.shift_id for s in on_duty(shifts.values(), vn(2, 5, 9, 10))] == [str(rest)]
