"""The rules of sequence gaps, as pure functions: a jump opens a gap per skipped version, the
late event closes its gap, repeats and stale events change nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sequence_samples import ENTERPRISE_NAME, Samples

from audit.db.tables import sequence_gaps
from audit.domain.intake import refusal
from audit.domain.sequences import (
    AGGREGATE_TYPE_NAMES,
    AGGREGATE_TYPES,
    MAX_GAPS_PER_JUMP,
    AggregateType,
    AggregateVersion,
    SequenceGap,
    Sighting,
    Tracked,
    VersionHead,
    aggregate_version,
    describe,
    hours_id,
    report_day_id,
    sequence_gap_id,
    track,
    type_names,
)
from lichtruc.events import AUDIT_SOURCE, ROSTER_SOURCE, CoverageGapClosed, RequirementRemoved, SwapRejected
from lichtruc.events_accounts import AccountRecorded
from lichtruc.events_department import DEPARTMENT_KEY
from lichtruc.events_hours import TransactionHoursPublished
from lichtruc.events_reports import DailyReportSubmitted
from support import present

SHIFT = str(uuid.uuid4())
AT = datetime(2027, 2, 5, 15, tzinfo=UTC)


def seen(version: int, seq: int) -> Sighting:
    return Sighting(
        AggregateVersion("shift", SHIFT, version), "enterprise-1", seq, AT + timedelta(minutes=seq), f"event-{seq}"
    )


def run(*versions: int) -> tuple[dict, list[Tracked]]:
    """Apply versions in this order; the final head and gaps (by id), and each step's result."""
    head: VersionHead | None = None
    gaps: dict[str, SequenceGap] = {}
    steps: list[Tracked] = []
    for seq, version in enumerate(versions, start=1):
        ref = seen(version, seq).ref
        late = gaps.get(sequence_gap_id(ref.aggregate_type, ref.aggregate_id, version))
        step = track(head, late, seen(version, seq))
        steps.append(step)
        head = step.head or head
        for g in (*step.opened, *([step.closed] if step.closed else [])):
            gaps[g.gap_id] = g
    return {"head": head.version if head else None, "gaps": gaps}, steps


def test_consecutive_versions_open_nothing() -> None:
    state, steps = run(1, 2, 3)
    assert state == {"head": 3, "gaps": {}}
    assert all(not s.opened and s.closed is None for s in steps)


def test_a_jump_opens_one_gap_per_skipped_version_and_the_late_event_closes_its_own() -> None:
    state, steps = run(1, 2, 5)
    opened = steps[2].opened
    assert [(g.expected_version, g.first_seen_version, g.status) for g in opened] == [(3, 5, "open"), (4, 5, "open")]
    assert {(g.noticed_seq, g.noticed_by_event_id, g.partition_key) for g in opened} == {(3, "event-3", "enterprise-1")}
    assert opened[0].gap_id == sequence_gap_id("shift", SHIFT, 3)  # stable: the same hole, the same id

    state, steps = run(1, 2, 5, 4)
    closed = present(steps[3].closed)
    assert (closed.expected_version, closed.status, closed.closed_seq, closed.closed_by_event_id) == (
        4,
        "closed",
        4,
        "event-4",
    )
    assert state["head"] == 5  # a late event never moves the head back
    assert sorted((g.expected_version, g.status) for g in state["gaps"].values()) == [(3, "open"), (4, "closed")]


def test_repeats_and_stale_events_change_nothing() -> None:
    state, steps = run(1, 2, 2, 1, 3)
    assert state == {"head": 3, "gaps": {}}
    assert steps[2] == Tracked(head=None) and steps[3] == Tracked(head=None)
    state, steps = run(1, 3, 2, 2)  # the late one twice: closed once
    assert steps[3] == Tracked(head=None)


def test_a_first_sighting_after_version_one_says_the_earlier_ones_are_missing() -> None:
    state, _ = run(3)
    assert sorted(g.expected_version for g in state["gaps"].values()) == [1, 2]


def test_a_huge_jump_is_recorded_in_bounded_size() -> None:
    _, [step] = run(10**9)
    assert len(step.opened) == MAX_GAPS_PER_JUMP and present(step.head).version == 10**9


def test_which_aggregate_an_event_versions() -> None:
    rid, swap, shift, eid = (uuid.uuid4() for _ in range(4))
    assert aggregate_version(
        RequirementRemoved(requirement_id=rid, campaign_id=uuid.uuid4(), enterprise_id=eid, version=4)
    ) == AggregateVersion("requirement", str(rid), 4)
    assert aggregate_version(
        SwapRejected(swap_id=swap, shift_id=shift, enterprise_id=eid, from_staff_id=uuid.uuid4(), version=2)
    ) == AggregateVersion("swap", str(swap), 2)
    gap = CoverageGapClosed(
        gap_id=uuid.uuid4(), enterprise_id=eid, duty_type="patrol", starts_at=AT, ends_at=AT, version=1
    )
    assert aggregate_version(gap) is None and aggregate_version(None) is None


def test_audit_takes_only_the_roster_events_the_contract_lists() -> None:
    assert refusal("lichtruc.roster.shift.planned.v1", ROSTER_SOURCE) is None
    assert "not in the event contract" in present(refusal("lichtruc.roster.shift.teleported.v1", ROSTER_SOURCE))
    assert "source '/somewhere/else'" in present(refusal("lichtruc.roster.shift.planned.v1", "/somewhere/else"))
    assert "roster events only" in present(refusal("lichtruc.audit.coverage_gap.opened.v1", AUDIT_SOURCE))
    # audit's own record of a finding (K6) is made only by POST /findings: one on Kafka is no finding, and parked
    from audit.domain.finding_record import FINDING_RECORDED

    assert "not in the event contract" in present(refusal(FINDING_RECORDED, AUDIT_SOURCE))


def test_tet_hours_are_versioned_by_publication_per_site_and_campaign() -> None:
    """`published_version` counts publications (1, 2, 3 …); `version` is the draft's and skips
    with every saved edit, so it is not the one tracked."""
    samples = Samples()
    first, second = samples.data("transaction_hours", 1)[0], samples.data("transaction_hours", 2)[0]
    assert isinstance(first, TransactionHoursPublished) and isinstance(second, TransactionHoursPublished)
    assert (first.version, second.version) == (4, 5)  # the draft's, not tracked
    ref1, ref2 = aggregate_version(first), aggregate_version(second)
    assert ref1 == AggregateVersion("transaction_hours", hours_id(first.site_id, first.campaign_id), 1)
    assert present(ref2).version == 2 and present(ref2).aggregate_id == present(ref1).aggregate_id
    other_campaign = first.model_copy(update={"campaign_id": uuid.uuid4()})
    assert present(aggregate_version(other_campaign)).aggregate_id != present(ref1).aggregate_id


def test_a_daily_report_is_versioned_per_enterprise_and_day_whatever_its_report_id() -> None:
    samples = Samples()
    v1, v2 = samples.data("daily_report", 1)[0], samples.data("daily_report", 2)[0]
    assert isinstance(v1, DailyReportSubmitted) and isinstance(v2, DailyReportSubmitted)
    assert v1.report_id != v2.report_id  # each version has its own id …
    ref1, ref2 = present(aggregate_version(v1)), present(aggregate_version(v2))
    assert ref1.aggregate_id == ref2.aggregate_id == report_day_id(v1.enterprise_id, v1.day)  # … one aggregate
    assert (ref1.aggregate_type, ref1.version, ref2.version) == ("daily_report", 1, 2)
    next_day = v1.model_copy(update={"day": v1.day + timedelta(days=1)})
    assert present(aggregate_version(next_day)).aggregate_id != ref1.aggregate_id


@pytest.mark.parametrize("aggregate_type", AGGREGATE_TYPES)
def test_every_type_is_recognised_named_and_fits_the_column(aggregate_type: AggregateType) -> None:
    data, _key = Samples().data(aggregate_type, 3)
    ref = present(aggregate_version(data))
    assert (ref.aggregate_type, ref.version) == (aggregate_type, 3)
    uuid.UUID(ref.aggregate_id)  # the tables hold UUIDs
    assert len(aggregate_type) <= sequence_gaps.c.aggregate_type.type.length  # type: ignore[attr-defined]  # a String column
    said = present(describe(data))
    vi, en = AGGREGATE_TYPE_NAMES[aggregate_type]
    assert said.vi.startswith(vi) and said.en.startswith(en) and said.vi != vi  # the aggregate itself is named
    assert type_names(aggregate_type) == (vi, en)


def test_names_say_what_and_when() -> None:
    shift = present(describe(Samples().data("shift", 1)[0]))
    assert shift.vi == "ca trực “Trực lãnh đạo 22:00 05/02/2027 – 06:00 06/02/2027 (29 tháng Chạp Bính Ngọ)”"
    assert shift.en.startswith("shift “Leadership duty 22:00 5 Feb 2027 – 06:00 6 Feb 2027 (")
    report = present(describe(Samples().data("daily_report", 2)[0]))
    assert report.vi == "báo cáo ngày “06/02/2027 (Mùng 1 Tết Đinh Mùi)”" and report.enterprise_name == ENTERPRISE_NAME
    assert type_names("planet") == ("planet", "planet") and describe(None) is None


# --- accounts: AccountRecorded is a baseline ----------------------------------------------------------


def _account_events(samples: Samples, *steps: tuple[str, int]) -> list[Sighting]:
    """Sightings of one account's events, in this order: ("created"|"changed"|"recorded", version)."""
    sightings = []
    for seq, (kind, version) in enumerate(steps, start=1):
        data = samples.data("account", version)[0]
        if kind == "recorded":
            data = AccountRecorded(**data.model_dump(exclude={"changed"}))
        ref = present(aggregate_version(data))
        sightings.append(Sighting(ref, ref.aggregate_id, seq, AT + timedelta(minutes=seq), f"event-{seq}"))
    return sightings


def _tracked(sightings: list[Sighting]) -> tuple[int | None, dict[int, str]]:
    """The head's version and each gap's status by expected version, after these sightings."""
    head: VersionHead | None = None
    gaps: dict[str, SequenceGap] = {}
    for s in sightings:
        step = track(head, gaps.get(sequence_gap_id("account", s.ref.aggregate_id, s.ref.version)), s)
        head = step.head or head
        for g in (*step.opened, *([step.closed] if step.closed else [])):
            gaps[g.gap_id] = g
    return (head.version if head else None), {g.expected_version: g.status for g in gaps.values()}


def test_an_account_is_versioned_by_its_id_and_only_its_recorded_state_is_a_baseline() -> None:
    samples = Samples()
    created, changed = samples.data("account", 1)[0], samples.data("account", 2)[0]
    recorded = AccountRecorded(**changed.model_dump(exclude={"changed"}))
    refs = [present(aggregate_version(d)) for d in (created, changed, recorded)]
    assert {(r.aggregate_type, r.aggregate_id) for r in refs} == {("account", str(samples.ids["account"]))}
    assert [(r.version, r.baseline) for r in refs] == [(1, False), (2, False), (2, True)]
    assert describe(changed) == describe(recorded)
    said = present(describe(recorded))
    assert (said.vi, said.en) == (
        "tài khoản “Nguyễn Thị Ánh Tuyết (tuyet.nta@vnpt-longan.vn)”",
        "account “Nguyễn Thị Ánh Tuyết (tuyet.nta@vnpt-longan.vn)”",
    )


def test_an_account_recorded_before_any_of_its_events_starts_its_history_without_gaps() -> None:
    """An account made before roster published account events enters the log as it stands (version
    4): versions 1–3 were never published, not lost. Its later changes are tracked as any other's."""
    assert _tracked(_account_events(Samples(), ("recorded", 4), ("changed", 5))) == (5, {})
    assert _tracked(_account_events(Samples(), ("recorded", 4), ("changed", 7))) == (7, {5: "open", 6: "open"})
    # First seen through a change instead, the earlier versions are missing like any aggregate's.
    assert _tracked(_account_events(Samples(), ("changed", 4))) == (4, {1: "open", 2: "open", 3: "open"})


def test_a_recorded_account_after_a_jump_opens_the_skipped_gaps_and_closes_none() -> None:
    """Recorded again later (publish-accounts run twice), the account's state is known but not who
    changed what in the lost versions: their gaps stay open until the lost events themselves arrive."""
    samples = Samples()
    assert _tracked(_account_events(samples, ("created", 1), ("recorded", 3))) == (3, {2: "open"})
    assert _tracked(_account_events(samples, ("created", 1), ("recorded", 3), ("recorded", 2))) == (3, {2: "open"})
    late = _account_events(samples, ("created", 1), ("recorded", 3), ("changed", 2))
    assert _tracked(late) == (3, {2: "closed"})


# --- the Department's profile: one aggregate, keyed by DEPARTMENT_KEY --------------------------------------


def test_a_lost_save_of_the_department_details_is_a_gap_until_it_arrives() -> None:
    """Saves 1, 2 and 4 of the profile reach audit: save 3 (a changed letterhead or list of recipients) is
    missing, under the profile's one id, named as the portal's page names it; when it comes late it closes."""
    samples = Samples()
    head: VersionHead | None = None
    gaps: dict[str, SequenceGap] = {}
    for seq, version in enumerate((1, 2, 4, 3), start=1):
        ref = present(aggregate_version(samples.data("department", version)[0]))
        assert (ref.aggregate_type, ref.aggregate_id, ref.version) == ("department", str(DEPARTMENT_KEY), version)
        step = track(
            head,
            gaps.get(sequence_gap_id("department", ref.aggregate_id, version)),
            Sighting(ref, str(DEPARTMENT_KEY), seq, AT + timedelta(minutes=seq), f"event-{seq}"),
        )
        head = step.head or head
        for g in (*step.opened, *([step.closed] if step.closed else [])):
            gaps[g.gap_id] = g
        if version == 4:
            assert [(g.expected_version, g.first_seen_version, g.status) for g in step.opened] == [(3, 4, "open")]
    assert present(head).version == 4
    assert [(g.expected_version, g.status, g.closed_by_event_id) for g in gaps.values()] == [(3, "closed", "event-4")]
    said = present(describe(samples.data("department", 4)[0]))
    assert (said.vi, said.en, said.enterprise_name) == (
        "thông tin Sở “Sở Thông tin và Truyền thông”",
        "Department details “Sở Thông tin và Truyền thông”",
        None,
    )
