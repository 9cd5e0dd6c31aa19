"""Inspection plans in audit (issue 15, part 5), on the in-memory store the rebuild and "as known at"
replays use: each inspection event upserts its plan (a stale one changes nothing), the plans survive a
snapshot, and the per-phase summary tells planned from overdue by the day it is asked."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from audit.db.memory import MemoryStore
from audit.domain.inspections import summarize
from audit.domain.sequences import aggregate_version
from audit.handlers.projector import Logged, decode_data, project
from lichtruc.events import ROSTER_SOURCE, EventData, make_event
from lichtruc.events_inspections import (
    InspectionFindingData,
    InspectionFindingRecorded,
    InspectionPlanned,
    InspectionRescheduled,
    InspectionSnapshot,
)

ENTERPRISE = uuid.uuid4()
CAMPAIGN = uuid.uuid4()
NOW = datetime(2027, 1, 20, 2, tzinfo=UTC)


def plan(day: date, phase: str, *, version: int = 1, surprise: bool = False, finding: bool = False, n: int = 1):
    return InspectionSnapshot(
        inspection_id=uuid.UUID(int=n),
        campaign_id=CAMPAIGN,
        enterprise_id=ENTERPRISE,
        enterprise_name="Viettel Long An",
        planned_on=day,
        phase=phase,
        purpose="Kiểm tra công tác tuần tra tại trạm biên giới",
        inspectors=("Lê Văn Thành",),
        surprise=surprise,
        status="done" if finding else "planned",
        finding=InspectionFindingData(result="compliant", text="Đạt yêu cầu", recorded_at=NOW, recorded_by="thanh.tra")
        if finding
        else None,
        version=version,
    )


async def feed(store: MemoryStore, *datas: EventData) -> None:
    for data in datas:
        store.seq += 1
        event = make_event(data, source=ROSTER_SOURCE, partitionkey=str(ENTERPRISE), time=NOW)
        await project(store=store, logged=Logged(store.seq, NOW, event), data=decode_data(event))


async def test_each_event_upserts_its_plan_and_a_stale_one_changes_nothing() -> None:
    store = MemoryStore(tracks_coverage=True)
    first = InspectionPlanned(inspection=plan(date(2027, 2, 1), "before", surprise=True))
    moved = InspectionRescheduled(
        inspection=plan(date(2027, 2, 6), "during", version=2, surprise=True), previous_planned_on=date(2027, 2, 1)
    )
    done = InspectionFindingRecorded(
        inspection=plan(date(2027, 2, 6), "during", version=3, surprise=True, finding=True)
    )
    await feed(store, first, moved, done, moved)  # the reschedule again, late: stale
    [kept] = store.all("inspection_plans")
    assert (kept.phase, kept.status, kept.result, kept.version) == ("during", "done", "compliant", 3)
    assert kept.updated_seq == 3
    version = aggregate_version(done)
    assert version is not None and version.aggregate_type == "inspection"
    assert store.heads[("inspection", str(uuid.UUID(int=1)))].version == 3

    restored = MemoryStore.from_snapshot(store.snapshot())
    assert restored.all("inspection_plans") == [kept]


async def test_the_summary_counts_per_phase_and_tells_overdue_by_the_day() -> None:
    store = MemoryStore(tracks_coverage=False)
    await feed(
        store,
        InspectionPlanned(inspection=plan(date(2027, 1, 25), "before", n=1)),
        InspectionPlanned(inspection=plan(date(2027, 1, 28), "before", n=2)),
        InspectionFindingRecorded(inspection=plan(date(2027, 2, 6), "during", n=3, version=2, finding=True)),
        InspectionPlanned(inspection=plan(date(2027, 2, 20), "after", n=4, surprise=True)),
    )
    phases = {p.phase: p for p in summarize(store.all("inspection_plans"), today=date(2027, 1, 27))}
    assert phases["before"].counts == {"planned": 1, "overdue": 1, "done": 0, "cancelled": 0}
    assert [p.planned_on for p in phases["before"].plans["overdue"]] == ["2027-01-25"]
    assert phases["during"].counts["done"] == 1
    assert phases["after"].counts["planned"] == 1 and phases["after"].plans["planned"][0].surprise
    later = {p.phase: p.counts for p in summarize(store.all("inspection_plans"), today=date(2027, 3, 1))}
    assert later["before"]["overdue"] == 2 and later["after"]["overdue"] == 1 and later["during"]["done"] == 1
