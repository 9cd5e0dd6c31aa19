"""Inspection plans on the in-memory repositories (fast; the API tests cover PostgreSQL): the phase
derived from the day, the surprise rule in reads and lists, overdue by the clock, and the events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lichtruc.events_inspections import InspectionFindingRecorded, InspectionPlanned
from lichtruc.paging import PageRequest
from lichtruc.scope import Visible
from roster.domain.campaigns import Campaign
from roster.domain.errors import ANY_VERSION, NotFound
from roster.domain.reference import Enterprise
from roster.handlers import campaigns, inspections, reference
from roster.handlers.campaigns import OpenCampaign
from roster.handlers.inspections import InspectionFilter, PlanInspection, RecordFinding

from .memory_roster import MemoryRoster


async def world() -> tuple[MemoryRoster, Campaign, Enterprise]:
    roster = MemoryRoster()
    campaign = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    enterprise = await reference.register_enterprise(
        roster.uow(), reference.RegisterEnterprise("VNPT Long An", "telecom")
    )
    return roster, campaign, enterprise


async def test_the_surprise_rule_in_reads_lists_and_counts() -> None:
    roster, campaign, enterprise = await world()

    def cmd(day: date, surprise: bool) -> PlanInspection:
        return PlanInspection(campaign.id, enterprise.id, day, "Kiểm tra trực Tết", ("Lê Văn Thành",), surprise)

    announced = await inspections.plan_inspection(roster.uow(), cmd(date(2027, 1, 28), False))
    hidden = await inspections.plan_inspection(roster.uow(), cmd(date(2027, 2, 6), True))
    assert (announced.inspection.phase, hidden.inspection.phase) == ("before", "during")
    assert announced.enterprise_name == "VNPT Long An"

    manager = Visible(enterprises=frozenset({enterprise.id}))
    with pytest.raises(NotFound):
        await inspections.get_inspection(roster.ctx, hidden.inspection.id, visible=manager)
    page = await inspections.list_inspections(roster.ctx, InspectionFilter(), page=PageRequest(), visible=manager)
    assert [n.inspection.id for n in page.items] == [announced.inspection.id] and page.total == 1
    everything = await inspections.list_inspections(roster.ctx, InspectionFilter(), page=PageRequest())
    assert everything.total == 2

    roster.now = datetime(2027, 2, 1, 3, tzinfo=UTC)  # 28 January has passed
    overdue = await inspections.list_inspections(roster.ctx, InspectionFilter(status="overdue"), page=PageRequest())
    assert [n.inspection.id for n in overdue.items] == [announced.inspection.id]

    roster.now = datetime(2027, 2, 6, 2, tzinfo=UTC)  # 09:00 on the inspection day
    await inspections.record_finding(
        roster.uow(), hidden.inspection.id, cmd=RecordFinding("compliant", "Đạt yêu cầu"), pre=ANY_VERSION
    )
    seen = await inspections.get_inspection(roster.ctx, hidden.inspection.id, visible=manager)
    assert seen.state == "done" and seen.inspection.recorded_by == "tester"
    kinds = [type(e.data) for e in roster.events if e.subject and e.subject.startswith("inspections/")]
    assert kinds == [InspectionPlanned, InspectionPlanned, InspectionFindingRecorded]
    [found] = [e for e in roster.events if isinstance(e.data, InspectionFindingRecorded)]
    assert isinstance(found.data, InspectionFindingRecorded)
    assert found.key == str(enterprise.id) and found.data.inspection.finding is not None
    assert not found.data.inspection.hidden_from_enterprise
