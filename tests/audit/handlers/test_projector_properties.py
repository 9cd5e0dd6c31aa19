"""Live coverage recomputes only the keys an event touches. On random roster histories —
requirements set and removed (for the whole campaign, or from an instant on), shifts planned, published, moved, reassigned and
cancelled, the campaign's dates and peaks edited, stale events delivered again — the
gaps kept incrementally must be exactly those the engine finds from scratch on the
final state, and replaying the same deliveries must give the same state."""

from __future__ import annotations

import hashlib
import itertools
import uuid
from datetime import timedelta
from unittest import mock

from audit_testkit import Roster, vn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.db.memory import MemoryStore
from audit.domain.live import gap_id, opened_as
from audit.domain.reports import campaign_coverage
from audit.handlers.projector import Logged, Pending, decode_data, project, settle
from support import examples

START, END = vn(2, 5), vn(2, 7)
HOUR = timedelta(hours=1)
DUTIES = ["operations", "leadership"]
# A requirement's change for the whole campaign (a correction), or from an instant on (lichtruc.coverage.in_force).
applies_from = st.one_of(st.none(), st.integers(-6, 50).map(lambda h: START + h * HOUR))


def build_history(data) -> list:
    """Events of a random roster history, in the order roster would publish them. Its ids (events,
    enterprises, shifts…) follow from a seed Hypothesis draws too: a failing example, replayed or shrunk,
    is the same history down to the order of its ids."""
    seed, made = data.draw(st.integers(0, 2**32 - 1), label="ids"), itertools.count()

    def uuid4() -> uuid.UUID:  # distinct ids (a shrunk `Random` would give the same one again), in a seeded order
        digest = hashlib.blake2b(f"{seed}/{next(made)}".encode(), digest_size=16).digest()
        return uuid.UUID(bytes=digest, version=4)

    with mock.patch.object(uuid, "uuid4", uuid4):
        return _history(data)


def _history(data) -> list:
    roster = Roster()
    events = []
    e1, ev = roster.enterprise("VNPT")
    events.append(ev)
    e2, ev = roster.enterprise("Viettel")
    events.append(ev)
    sites = {e1: [None], e2: [None]}
    for name in ("Tân An", "Bến Lức"):
        sid, ev = roster.site(e1, name, border=name == "Bến Lức")
        sites[e1].append(sid)
        events.append(ev)
    people = []
    for name in ("An", "Bình", "Chi", "Dũng"):
        pid, ev = roster.staff(e1, name)
        people.append(pid)
        events.append(ev)
    campaign = uuid.uuid4()
    campaign_first = data.draw(st.booleans(), label="campaign before the rest")
    peak = (vn(2, 5, 23), vn(2, 6, 1))
    _, opened = roster.campaign(campaign_id=campaign, starts_at=START, ends_at=END, peaks=(peak,))
    if campaign_first:
        events.append(opened)
    requirement_ids = [uuid.uuid4() for _ in range(3)]
    live_requirements: set = set()
    shifts: list = []
    for _ in range(data.draw(st.integers(1, 14), label="changes")):
        action = data.draw(
            st.sampled_from(
                [
                    "require",
                    "require",
                    "unrequire",
                    "plan",
                    "plan",
                    "plan",
                    "publish",
                    "move",
                    "reassign",
                    "cancel",
                    "campaign",
                ]
            )
        )
        if action == "require":
            rid = data.draw(st.sampled_from(requirement_ids))
            enterprise = data.draw(st.sampled_from([e1, e1, e2]))
            if data.draw(st.booleans()):
                window = (f"{data.draw(st.integers(0, 23)):02d}:00", f"{data.draw(st.integers(0, 23)):02d}:00")
            else:
                a = data.draw(st.integers(-6, 50))
                window = (START + a * HOUR, START + (a + data.draw(st.integers(1, 20))) * HOUR)
            _, ev = roster.requirement(
                campaign,
                enterprise,
                requirement_id=rid,
                site_id=data.draw(st.sampled_from(sites[enterprise])),
                duty_type=data.draw(st.sampled_from(DUTIES)),
                minimum=data.draw(st.integers(0, 2)),
                peak_minimum=data.draw(st.one_of(st.none(), st.integers(0, 3))),
                window=window,
                applies_from=data.draw(applies_from),
            )
            live_requirements.add(rid)
        elif action == "unrequire" and live_requirements:
            # In the order they were made, not by their random ids: a replayed example must draw the same one.
            rid = data.draw(st.sampled_from(sorted(live_requirements, key=requirement_ids.index)))
            live_requirements.discard(rid)
            ev = roster.remove_requirement(rid, applies_from=data.draw(applies_from))
        elif action == "plan":
            enterprise = data.draw(st.sampled_from([e1, e1, e2]))
            a = data.draw(st.integers(-6, 50))
            staff = data.draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique=True))
            real_sites = [s for s in sites[enterprise] if s is not None]
            covers = data.draw(st.lists(st.sampled_from(real_sites), max_size=2, unique=True)) if real_sites else []
            sid, ev = roster.shift(
                enterprise,
                START + a * HOUR,
                START + (a + data.draw(st.integers(1, 14))) * HOUR,
                *staff,
                site_id=data.draw(st.sampled_from(sites[enterprise])),
                covers_site_ids=tuple(covers),  # a patrol round counts at the sites it covers too
                duty_type=data.draw(st.sampled_from(DUTIES)),
                status=data.draw(st.sampled_from(["draft", "published", "published"])),
                unqualified=frozenset(data.draw(st.lists(st.sampled_from(staff), max_size=1))),
            )
            shifts.append(sid)
        elif action in ("publish", "move", "reassign", "cancel") and shifts:
            sid = data.draw(st.sampled_from(shifts))
            if action == "publish":
                ev = roster.publish(sid)
            elif action == "move":
                a = data.draw(st.integers(-6, 50))
                ev = roster.reschedule(sid, START + a * HOUR, START + (a + data.draw(st.integers(1, 14))) * HOUR)
            elif action == "reassign":
                ev = roster.reassign(
                    sid, *data.draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique=True))
                )
            else:
                ev = roster.cancel(sid)
        elif action == "campaign" and campaign_first:
            _, ev = roster.campaign(
                campaign_id=campaign,
                starts_at=START,
                ends_at=END - data.draw(st.integers(0, 12)) * HOUR,
                peaks=data.draw(st.sampled_from([(), (peak,)])),
            )
        else:
            continue
        events.append(ev)
    if not campaign_first:
        events.append(opened)  # the campaign's partition lagged behind
    # Redeliveries and stale copies: some events come again, later.
    for _ in range(data.draw(st.integers(0, 4), label="stale copies")):
        events.insert(data.draw(st.integers(len(events) // 2, len(events))), data.draw(st.sampled_from(events)))
    return events


async def replay(events, *, windowed: bool = True) -> MemoryStore:
    store = MemoryStore(tracks_coverage=True)
    store.recomputes_windows = windowed  # False: each key's whole campaign, every time (the reference)
    for seq, event in enumerate(events, start=1):
        await project(
            store=store, logged=Logged(seq, vn(1, 20) + seq * timedelta(seconds=1), event), data=decode_data(event)
        )
        store.seq = seq
    return store


class WholeCampaigns(MemoryStore):
    """A store that shows no stored timeline: every key a batch touched is recomputed over its whole
    campaign, while its touches' windows are known as live knows them (they say which of a batch's
    events a gap names)."""

    async def coverage_of(self, key):
        return None


async def replay_in_batches(events, sizes: list[int], *, store: MemoryStore | None = None) -> MemoryStore:
    """As the batch consumer applies them: `sizes` events at a time, each batch's keys settled once at its end."""
    store = store or MemoryStore(tracks_coverage=True)
    seq = 0
    for size in sizes:
        pending = Pending()
        for event in events[seq : seq + size]:
            seq += 1
            logged = Logged(seq, vn(1, 20) + seq * timedelta(seconds=1), event)
            await project(store=store, logged=logged, data=decode_data(event), pending=pending)
            store.seq = seq
        await settle(store=store, pending=pending)
    return store


async def engine_causes_after(events, seq: int) -> dict[str, set[str]]:
    """The causes the engine names for each gap, from scratch, on the state the first `seq` events leave."""
    store = await replay(events[:seq])
    campaigns = store.all("campaigns")
    if not campaigns:
        return {}
    report = campaign_coverage(campaigns[0], store.all("requirements"), store.all("shifts"))
    return {gap_id(k, g.start): set(g.cause_event_ids) for k, g in report.gaps}


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
@given(st.data())
async def test_incremental_gaps_equal_the_engine_from_scratch_and_replay_is_deterministic(data) -> None:
    events = build_history(data)
    store = await replay(events)
    [campaign] = store.all("campaigns")
    report = campaign_coverage(campaign, store.all("requirements"), store.all("shifts"))
    expected = sorted(
        (gap_id(k, g.start), g.start, g.end, g.required, g.actual, g.missing_qualification, g.peak, g.requirement_ids)
        for k, g in report.gaps
    )
    kept = sorted(
        (g.gap_id, g.starts_at, g.ends_at, g.required, g.actual, g.missing_qualification, g.peak, g.requirement_ids)
        for g in store.gaps.values()
        if g.status == "open"
    )
    assert kept == expected
    # Causes: a gap opened, widened or deepened by a change names that change — and only the changes: not what
    # the engine names besides (a neighbouring shift that ends where the gap starts, planned long before, made
    # no hole; QA 2026-12-06). Replayed one event at a time, a gap told as opened has for causes the event
    # that opened it and those that widened or deepened it since; what stayed short after a change filled part
    # of an earlier gap keeps that gap's causes instead (the change only narrowed it: domain/live.py).
    logged = {str(e.id) for e in events}
    for g in store.gaps.values():
        if g.status != "open":
            continue
        causes, widened = set(g.cause_event_ids), set(g.widened_by_event_ids)
        assert causes and causes <= logged
        assert widened <= causes and set(g.narrowed_by_event_ids) <= logged
        if opened_as(g) == "opened":
            assert causes == {g.opened_by_event_id} | widened, (causes, g.opened_by_event_id, widened)
        if opened_as(g) == "narrowed":
            assert g.opened_by_event_id not in causes and g.opened_by_event_id in logged
    assert {k.key_id: segs for k, segs in report.timeline.items()} == store.segments

    again = await replay(events)
    assert await again.export_state() == await store.export_state()


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
@given(st.data())
async def test_recomputing_the_stretch_a_change_can_move_leaves_what_the_whole_campaign_would(data) -> None:
    """The rebuild recomputes, for a shift's change, only the stretch of each key's timeline it can
    have moved (as live does); recomputing every key's whole campaign for every event must leave the
    very same state: timelines, gaps with their versions, causes and history, everything."""
    events = build_history(data)
    whole = await replay(events, windowed=False)
    assert await (await replay(events)).export_state() == await whole.export_state()


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
@given(st.data())
async def test_a_batch_recomputing_its_stretches_leaves_what_the_whole_campaign_would(data) -> None:
    """Settled once per batch (the consumer's way), several changes of a batch meeting in one key:
    recomputing only their stretches — two changes that meet at an instant can make one gap across it —
    must leave the timelines and gaps that recomputing each touched key's whole campaign leaves, and
    those the engine finds from scratch. (Not the gaps' causes and versions: a gap that several events
    of one batch opened names them all, until a recompute over it names the engine's causes and the
    last of them — which the whole campaign's recompute does for every gap of a touched key.)"""
    events = build_history(data)
    sizes: list[int] = []
    while sum(sizes) < len(events):
        sizes.append(data.draw(st.integers(1, 8), label="batch size"))
    store = await replay_in_batches(events, sizes)
    whole = await replay_in_batches(events, sizes, store=WholeCampaigns(tracks_coverage=True))

    def gaps(state: dict) -> list:
        return [
            (g.gap_id, g.starts_at, g.ends_at, g.status, g.required, g.actual, g.missing_qualification, g.peak)
            for g in state["coverage_gaps"]
        ]

    state, reference = await store.export_state(), await whole.export_state()
    assert gaps(state) == gaps(reference)
    assert {k: v for k, v in state.items() if k != "coverage_gaps"} == {
        k: v for k, v in reference.items() if k != "coverage_gaps"
    }
    [campaign] = store.all("campaigns")
    report = campaign_coverage(campaign, store.all("requirements"), store.all("shifts"))
    assert {k.key_id: segs for k, segs in report.timeline.items()} == store.segments
    expected = sorted((gap_id(k, g.start), g.start, g.end, g.required, g.actual) for k, g in report.gaps)
    kept = sorted(
        (g.gap_id, g.starts_at, g.ends_at, g.required, g.actual) for g in store.gaps.values() if g.status == "open"
    )
    assert kept == expected


async def test_two_changes_of_a_batch_meeting_at_an_instant_make_one_gap_across_it() -> None:
    """A fully staffed key (shifts handed over end to start: one segment over the campaign); one batch
    cancels two shifts that meet at 12:00. Each change alone reaches only its own shift's span, yet
    the gap is one, from the first's start to the second's end, as the whole campaign gives."""
    roster = Roster()
    e, enterprise = roster.enterprise("VNPT")
    person, joined = roster.staff(e, "An")
    campaign, opened = roster.campaign(starts_at=START, ends_at=END, peaks=())
    _, required = roster.requirement(campaign, e, window=(START, END))
    handed_over = [START + 6 * HOUR * i for i in range(9)]  # 00:00, 06:00, … 48:00
    planned = [roster.shift(e, a, b, person) for a, b in itertools.pairwise(handed_over)]
    before = [enterprise, joined, opened, required, *(ev for _, ev in planned)]
    cancels = [roster.cancel(planned[1][0]), roster.cancel(planned[2][0])]  # 06:00–12:00 and 12:00–18:00
    store = await replay_in_batches([*before, *cancels], [len(before), 2])
    whole = await replay_in_batches([*before, *cancels], [len(before), 2], store=WholeCampaigns(tracks_coverage=True))
    [gap] = [g for g in store.gaps.values() if g.status == "open"]
    assert (gap.starts_at, gap.ends_at) == (START + 6 * HOUR, START + 18 * HOUR)
    assert await store.export_state() == await whole.export_state()


async def test_a_gap_left_as_it_was_keeps_its_causes_when_a_shift_next_to_it_starts_counting() -> None:
    """The story the property test above once failed on (its oracle asked the engine of the final state). Two
    leaders are needed all day; An leads 00:00–01:00 on a draft, then 01:00–02:00 beside Bình without the
    qualification: the shift of 01:00 opens a gap there (short of one, a stand-in unqualified). Publishing the
    draft changes nothing in that hour, so the gap keeps its causes, though the engine, asked afresh, now also
    names the draft's planning and publishing (An's shift ends where the gap starts)."""
    roster = Roster()
    enterprise, registered = roster.enterprise("VNPT")
    an, an_joined = roster.staff(enterprise, "An")
    binh, binh_joined = roster.staff(enterprise, "Bình")
    campaign, opened = roster.campaign(starts_at=START, ends_at=END, peaks=())
    draft, planned_draft = roster.shift(enterprise, START, START + HOUR, an, duty_type="leadership", status="draft")
    _, required = roster.requirement(campaign, enterprise, duty_type="leadership", minimum=2)
    _, planned = roster.shift(
        enterprise, START + HOUR, START + 2 * HOUR, an, binh, duty_type="leadership", unqualified=frozenset({an})
    )
    published = roster.publish(draft)
    events = [registered, an_joined, binh_joined, opened, planned_draft, required, planned, published]
    store = await replay(events)

    [gap] = [g for g in store.gaps.values() if g.status == "open" and g.starts_at == START + HOUR]
    assert (gap.ends_at, gap.actual, gap.missing_qualification) == (START + 2 * HOUR, 1, True)
    assert gap.cause_event_ids == (str(planned.id),) and gap.version == 1
    after_publishing = await engine_causes_after(events, len(events))
    assert after_publishing[gap.gap_id] == {str(planned_draft.id), str(planned.id), str(published.id)}
    before_publishing = await engine_causes_after(events, len(events) - 1)
    assert before_publishing[gap.gap_id] == {str(planned.id)}
