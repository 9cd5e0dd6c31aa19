"""Coverage per local day, campaign days, who was on duty, and the read model's rules
for stale events (pure)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime

from audit_testkit import vn

from audit.domain.coverage import Segment
from audit.domain.live import KeyRef, campaign_days
from audit.domain.model import (
    Campaign,
    OnShift,
    Shift,
    apply_requirement,
    from_plain,
    remove_requirement,
    to_plain,
)
from audit.domain.reports import daily_coverage, local_midnight, on_duty, unstaffed_at
from lichtruc.events import DailyWindow, RequirementRemoved, RequirementSet


def test_a_segment_across_local_midnight_counts_on_both_days_and_a_gap_across_it_too() -> None:
    segments = [
        Segment(vn(2, 5), vn(2, 5, 22), 1, 1),
        Segment(vn(2, 5, 22), vn(2, 6, 2), 2, 1),
        Segment(vn(2, 6, 2), vn(2, 7), 0, 0),
    ]
    first, second = daily_coverage(segments, [(vn(2, 5, 22), vn(2, 6, 2))], [date(2027, 2, 5), date(2027, 2, 6)])
    assert (first.required_max, first.planned_min, first.planned_max) == (2, 1, 1)
    assert (first.required_hours, first.covered_hours, first.uncovered_minutes, first.gap_count) == (26.0, 24.0, 120, 1)
    assert (second.required_hours, second.covered_hours, second.uncovered_minutes, second.gap_count) == (
        4.0,
        2.0,
        120,
        1,
    )
    assert second.planned_min == 1  # only the hours with a requirement count for the minimum


def test_a_day_without_requirement_has_no_minimum_and_local_days_are_vietnam_days() -> None:
    [cell] = daily_coverage([Segment(vn(2, 5), vn(2, 6), 0, 3)], [], [date(2027, 2, 5)])
    assert (cell.required_max, cell.planned_min, cell.planned_max, cell.uncovered_minutes) == (0, None, 3, 0)
    assert local_midnight(date(2027, 2, 6)) == datetime(2027, 2, 5, 17, tzinfo=UTC)
    campaign = Campaign("c", 2027, "Tết", vn(1, 30), vn(2, 12), (), 1, 1)
    days = campaign_days(campaign)
    assert (days[0], days[-1], len(days)) == (date(2027, 1, 30), date(2027, 2, 11), 13)


def _shift(start: datetime, end: datetime, status: str = "published", site: str | None = "noc") -> Shift:
    return Shift(
        str(uuid.uuid4()),
        None,
        "vnpt",
        site,
        "operations",
        start,
        end,
        status,
        (OnShift("s1", "Nguyễn Thị Ánh Tuyết", True, "e1"),),
        1,
        1,
        "e1",
        "e1",
        "e1",
    )


def test_a_post_required_at_the_instant_with_nobody_on_duty_is_said_with_how_many_it_needs() -> None:
    """QZ14 #5: Bưu điện's incident-response duty had nobody 06:00–09:05 and the on-duty answer did not say so.
    A key required at the instant with no shift under way there is in the answer; one whose shift is under way
    (at the site, or covering it from elsewhere), or whose requirement is not in force then, is not."""
    noc, whole, round_ = (
        KeyRef("c", "vnpt", site, duty)
        for site, duty in (("noc", "operations"), (None, "incident_response"), ("tram", "operations"))
    )
    idle = KeyRef("c", "vnpt", None, "leadership")
    timeline = {
        noc: [Segment(vn(2, 6, 6), vn(2, 6, 9), 1, 1)],
        whole: [Segment(vn(2, 6, 6), vn(2, 6, 9, 5), 2, 0), Segment(vn(2, 6, 9, 5), vn(2, 6, 12), 2, 2)],
        round_: [Segment(vn(2, 6, 6), vn(2, 6, 9), 1, 1)],
        idle: [Segment(vn(2, 6, 6), vn(2, 6, 9), 0, 0)],  # no requirement in force at 07:00
    }
    at_noc = _shift(vn(2, 6, 6), vn(2, 6, 9))
    covering = dataclasses.replace(_shift(vn(2, 6, 6), vn(2, 6, 9), site=None), covers_site_ids=("tram",))
    assert unstaffed_at(timeline, [at_noc, covering], vn(2, 6, 7)) == [(whole, 2)]
    responders = dataclasses.replace(_shift(vn(2, 6, 9, 5), vn(2, 6, 12), site=None), duty_type="incident_response")
    assert unstaffed_at(timeline, [responders], vn(2, 6, 10)) == []  # from 09:05 someone holds it


def test_on_duty_includes_the_start_excludes_the_end_and_ignores_drafts_and_cancelled() -> None:
    night = _shift(vn(2, 5, 22), vn(2, 6, 6))
    shifts = [
        night,
        _shift(vn(2, 5, 22), vn(2, 6, 6), "draft"),
        _shift(vn(2, 5, 22), vn(2, 6, 6), "cancelled"),
        _shift(vn(2, 6, 6), vn(2, 6, 14), "checked_in"),
    ]
    assert on_duty(shifts, vn(2, 5, 22)) == [night]
    assert [s.status for s in on_duty(shifts, vn(2, 6, 6))] == ["checked_in"]
    assert on_duty(shifts, vn(2, 6, 1), site_id="other") == []


def test_a_removed_requirement_stays_removed_when_an_older_set_arrives_late() -> None:
    rid, camp, ent = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    window = DailyWindow(start_local="00:00", end_local="00:00")
    v1 = RequirementSet(
        requirement_id=rid,
        campaign_id=camp,
        enterprise_id=ent,
        duty_type="operations",
        window=window,
        minimum=1,
        version=1,
    )
    gone = remove_requirement(
        None, RequirementRemoved(requirement_id=rid, campaign_id=camp, enterprise_id=ent, version=2), seq=5
    )
    assert gone is not None and gone.removed and gone.version == 2
    assert apply_requirement(gone, v1, seq=6) is None
    back = apply_requirement(gone, v1.model_copy(update={"version": 3}), seq=7)
    assert (
        back is not None
        and not back.removed
        and back.window == {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}
    )


def test_records_survive_the_trip_to_plain_data_and_back() -> None:
    shift = _shift(vn(2, 5, 22), vn(2, 6, 6))
    assert from_plain(Shift, to_plain(shift)) == shift


def test_a_campaign_report_is_the_same_from_the_columnar_engine(monkeypatch) -> None:
    from audit.domain import reports

    camp = str(uuid.uuid4())
    campaign = Campaign(camp, 2027, "Tết", vn(2, 4), vn(2, 8), (), 1, 1)
    requirement = apply_requirement(
        None,
        RequirementSet(
            requirement_id=uuid.uuid4(),
            campaign_id=uuid.UUID(camp),
            enterprise_id=uuid.uuid4(),
            duty_type="operations",
            window=DailyWindow(start_local="00:00", end_local="00:00"),
            minimum=1,
            version=1,
        ),
        seq=1,
    )
    assert requirement is not None
    # moved by hand: its one version is then the record itself (versions say where they count)
    requirement = dataclasses.replace(requirement, enterprise_id="vnpt", site_id="noc", versions=())
    shifts = [_shift(vn(2, 4, h), vn(2, 4, h + 7)) for h in (0, 8, 16)] + [_shift(vn(2, 5, 1), vn(2, 5, 9), site=None)]

    by_reference = reports.campaign_coverage(campaign, [requirement], shifts)
    monkeypatch.setattr(reports, "COLUMNAR_FROM", 0)
    by_columns = reports.campaign_coverage(campaign, [requirement], shifts)
    assert by_columns == by_reference
    assert by_reference.gaps  # the hours between the shifts and the days without any
