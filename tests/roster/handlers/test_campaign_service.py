"""Campaign commands and queries on the in-memory repositories: the service layer's rules
without a database (fast; the API tests cover the PostgreSQL repositories)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from lichtruc.events import CampaignOpened, CampaignUpdated
from lichtruc.paging import BadCursor, PageRequest
from roster.domain.campaigns import Campaign, DatedRequirement, DatedShift, LunarDay, Peak
from roster.domain.errors import Conflict, Precondition, PreconditionRequired, RuleViolation, StaleVersion
from roster.handlers import campaigns as handlers
from roster.handlers.campaigns import EditCampaign, OpenCampaign

from .memory_roster import MemoryRoster

ICT = timedelta(hours=7)


async def _open(roster: MemoryRoster, cmd: OpenCampaign) -> Campaign:
    return (await handlers.open_campaign(roster.uow(), cmd)).campaign


async def test_a_tet_campaign_takes_its_dates_from_the_lunar_calendar() -> None:
    roster = MemoryRoster()
    campaign = await _open(roster, OpenCampaign(2027))
    # 23 tháng Chạp Bính Ngọ = 30/01/2027, mùng 10 tháng Giêng Đinh Mùi = 15/02/2027 (local days)
    assert (campaign.starts_at + ICT).date() == date(2027, 1, 30)
    assert (campaign.ends_at + ICT).date() == date(2027, 2, 16) and (campaign.ends_at + ICT).hour == 0
    assert campaign.name == "Tết Đinh Mùi 2027" and campaign.kind == "tet" and campaign.version == 1
    assert [p.name for p in campaign.peaks] == ["Giao thừa"]
    assert campaign.deadline == campaign.starts_at - timedelta(hours=24) and campaign.readiness_deadline is None
    assert (campaign.border_duty_types, campaign.border_sectors) == (("patrol",), ("telecom", "internet"))
    (event,) = roster.events
    assert isinstance(event.data, CampaignOpened) and event.key == str(campaign.id)
    assert event.data.readiness_deadline == campaign.deadline and event.data.actor == "tester"
    assert roster.border_calls == [{"campaign_id": campaign.id}]
    assert await handlers.get_campaign(roster.ctx, campaign.id) == campaign


async def test_one_tet_campaign_per_lunar_year_but_many_drills() -> None:
    roster = MemoryRoster()
    first = await _open(roster, OpenCampaign(2027))
    with pytest.raises(Conflict) as refused:
        await _open(roster, OpenCampaign(2027, name="Tết lần hai"))
    assert refused.value.first.rule == "campaign-exists"
    assert refused.value.context["campaign_id"] == str(first.id)
    start = datetime(2026, 12, 1, 8, tzinfo=UTC)
    for name in ("Diễn tập trực Tết 01/12/2026", "Diễn tập trực Tết 01/12/2026 (2)"):  # named apart by default
        drill = await _open(
            roster, OpenCampaign(None, kind="drill", starts_at=start, ends_at=start + timedelta(hours=8))
        )
        assert drill.kind == "drill" and drill.lunar_year == 2027 and drill.peaks == ()
        assert drill.name == name
    assert len(roster.state.campaign_records) == 3 and roster.types() == ["opened"] * 3
    # QA (2026-12-04): a name given that another campaign has (however cased) showed twice in every picker
    with pytest.raises(Conflict) as taken:
        await _open(
            roster,
            OpenCampaign(
                None,
                kind="drill",
                name="diễn tập trực tết 01/12/2026",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
            ),
        )
    assert taken.value.first.rule == "campaign-name-taken"
    assert taken.value.first.message_vi.startswith("Đã có đợt trực tên “Diễn tập trực Tết 01/12/2026”")
    with pytest.raises(Conflict) as renamed:
        await handlers.edit_campaign(
            roster.uow(),
            drill.id,
            change=EditCampaign(name="Tết Đinh Mùi 2027"),
            pre=Precondition(frozenset({drill.version})),
        )
    assert renamed.value.first.rule == "campaign-name-taken"


async def test_each_kind_refuses_the_other_kinds_dates() -> None:
    roster = MemoryRoster()
    start = datetime(2026, 12, 1, 8, tzinfo=UTC)
    with pytest.raises(RuleViolation) as drill:
        await _open(roster, OpenCampaign(None, LunarDay(12, 20), kind="drill", starts_at=start, ends_at=start))
    assert drill.value.first.rule == "drill-dates"
    with pytest.raises(RuleViolation) as tet:
        await _open(roster, OpenCampaign(2027, starts_at=start))
    assert (tet.value.first.rule, tet.value.first.field) == ("tet-dates", "starts_at")
    assert roster.events == [] and roster.state.campaign_records == {}


async def test_an_edit_needs_the_current_version_and_keeps_shifts_and_requirements_inside() -> None:
    roster = MemoryRoster()
    campaign = await _open(roster, OpenCampaign(2027))
    uow = roster.uow()
    later = EditCampaign(start=LunarDay(12, 25))
    with pytest.raises(PreconditionRequired):
        await handlers.edit_campaign(uow, campaign.id, change=later, pre=Precondition(None, present=False))
    with pytest.raises(StaleVersion):
        await handlers.edit_campaign(uow, campaign.id, change=later, pre=Precondition(frozenset({7})))

    early = DatedShift(uuid.uuid4(), campaign.starts_at, campaign.starts_at + timedelta(hours=8), "patrol", "VNPT")
    roster.state.dated_shifts[campaign.id] = [early]
    with pytest.raises(Conflict) as shift_outside:
        await handlers.edit_campaign(uow, campaign.id, change=later, pre=Precondition(frozenset({1})))
    assert shift_outside.value.first.rule == "shifts-inside-campaign"
    assert shift_outside.value.context["conflicting_shift_id"] == str(early.id)

    roster.state.dated_shifts[campaign.id] = []
    req = DatedRequirement(uuid.uuid4(), campaign.starts_at, campaign.starts_at + timedelta(hours=1), "patrol", "VNPT")
    roster.state.dated_requirements[campaign.id] = [req]
    with pytest.raises(Conflict) as requirement_outside:
        await handlers.edit_campaign(uow, campaign.id, change=later, pre=Precondition(frozenset({1})))
    assert requirement_outside.value.first.rule == "requirements-inside-campaign"
    assert len(roster.events) == 1  # nothing but the opening

    roster.state.dated_requirements[campaign.id] = []
    deadline = campaign.starts_at - timedelta(days=3)
    edited = (
        await handlers.edit_campaign(
            uow,
            campaign.id,
            change=EditCampaign(start=LunarDay(12, 25), readiness_deadline=deadline, peaks=()),
            pre=Precondition(frozenset({1})),
        )
    ).campaign
    assert edited.version == 2 and edited.starts_at == campaign.starts_at + timedelta(days=2)
    assert edited.readiness_deadline == deadline and edited.peaks == () and edited.end == campaign.end
    assert isinstance(roster.events[-1].data, CampaignUpdated) and roster.events[-1].data.version == 2
    assert roster.border_calls == [{"campaign_id": campaign.id}]  # the defaults did not change

    back = (
        await handlers.edit_campaign(
            uow,
            campaign.id,
            change=EditCampaign(default_readiness=True, border_sectors=("telecom",)),
            pre=Precondition(frozenset({2})),
        )
    ).campaign
    assert back.readiness_deadline is None and back.deadline == back.starts_at - timedelta(hours=24)
    assert back.border_sectors == ("telecom",) and roster.border_calls[-1] == {"campaign_id": campaign.id}


async def test_an_edit_is_told_every_clash_at_once_a_name_taken_a_shift_and_a_requirement_outside() -> None:
    """QA: the campaign form showed one refusal a send; roster said the name taken, then the shift left outside,
    then the requirement. One 409 names each, on its field, the first's context at the top as before."""
    roster = MemoryRoster()
    await _open(roster, OpenCampaign(2026))
    campaign = await _open(roster, OpenCampaign(2027))
    early = DatedShift(uuid.uuid4(), campaign.starts_at, campaign.starts_at + timedelta(hours=8), "patrol", "VNPT")
    late = DatedRequirement(uuid.uuid4(), campaign.ends_at - timedelta(hours=1), campaign.ends_at, "patrol", "VNPT")
    roster.state.dated_shifts[campaign.id] = [early]
    roster.state.dated_requirements[campaign.id] = [late]
    shorter = EditCampaign(name="Tết Bính Ngọ 2026", start=LunarDay(12, 25), end=LunarDay(1, 8))
    with pytest.raises(Conflict) as refused:
        await handlers.edit_campaign(roster.uow(), campaign.id, change=shorter, pre=Precondition(frozenset({1})))
    said = [(e.field, e.rule) for e in refused.value.errors]
    assert said == [
        ("name", "campaign-name-taken"),
        ("start", "shifts-inside-campaign"),
        ("end", "requirements-inside-campaign"),
    ]
    assert refused.value.errors[1].context["conflicting_shift_id"] == str(early.id)
    assert refused.value.errors[2].context["requirement_id"] == str(late.id)
    assert len(roster.events) == 2  # nothing but the openings


async def test_many_left_outside_are_named_ten_a_kind_on_each_side_and_the_rest_there_counted() -> None:
    """QA: the ten shifts named were all on the first day and the ones after the new end only counted among the
    others, under the start; each side now names its own ten at its own field and counts its own rest."""
    roster = MemoryRoster()
    campaign = await _open(roster, OpenCampaign(2027))
    first, last = campaign.starts_at, campaign.ends_at - timedelta(hours=24)
    roster.state.dated_shifts[campaign.id] = [
        *(DatedShift(uuid.uuid4(), last + timedelta(hours=h), last + timedelta(hours=h + 1), "patrol", "VNPT")
          for h in range(13)),
        *(DatedShift(uuid.uuid4(), first + timedelta(hours=h), first + timedelta(hours=h + 1), "patrol", "VNPT")
          for h in range(12)),
    ]  # fmt: skip
    roster.state.dated_requirements[campaign.id] = [
        *(DatedRequirement(uuid.uuid4(), first, first + timedelta(hours=1), "patrol", "VNPT") for _ in range(11)),
        *(DatedRequirement(uuid.uuid4(), last, last + timedelta(hours=1), "patrol", "VNPT") for _ in range(2)),
    ]
    shorter = EditCampaign(start=LunarDay(12, 25), end=LunarDay(1, 8))
    with pytest.raises(Conflict) as refused:
        await handlers.edit_campaign(roster.uow(), campaign.id, change=shorter, pre=Precondition(frozenset({1})))
    said = [(e.field, e.rule) for e in refused.value.errors]
    assert said == (
        [("start", "shifts-inside-campaign")] * 11
        + [("start", "requirements-inside-campaign")] * 11
        + [("end", "shifts-inside-campaign")] * 11
        + [("end", "requirements-inside-campaign")] * 2
    )
    errors = refused.value.errors
    assert errors[10].message_vi.startswith("Còn 2 ca khác cũng sẽ nằm ngoài thời gian mới của đợt trực")
    assert errors[10].context == {"more_shifts_outside": 2}
    assert errors[21].message.startswith("1 more one-off requirement lies outside the new dates too")
    assert errors[32].context == {"more_shifts_outside": 3}
    assert errors[32].message.startswith("3 more shifts would fall outside the new dates too")
    assert "Ca tuần tra, bảo vệ 00:00–01:00 30/01/2027 (23 tháng Chạp) — VNPT sẽ" in errors[0].message_vi
    assert "Ca tuần tra, bảo vệ 00:00–01:00 15/02/2027 (Mùng 10 tháng Giêng) — VNPT sẽ" in errors[22].message_vi
    assert "09:00–10:00 15/02/2027" in errors[31].message_vi  # the earliest ten after the end, in order


async def test_peaks_must_lie_inside_the_campaign() -> None:
    roster = MemoryRoster()
    outside = Peak("Sau Tết", datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 3, 2, tzinfo=UTC))
    with pytest.raises(RuleViolation):
        await _open(roster, OpenCampaign(2027, peaks=(outside,)))
    assert roster.state.campaign_records == {}


async def test_campaigns_list_newest_year_first_page_by_page() -> None:
    roster = MemoryRoster()
    for year in (2025, 2027, 2026):
        await _open(roster, OpenCampaign(year))
    first = await handlers.list_campaigns(roster.ctx, lunar_year=None, page=PageRequest(limit=2))
    assert [c.lunar_year for c in first.items] == [2027, 2026] and first.total == 3 and first.next_cursor
    rest = await handlers.list_campaigns(
        roster.ctx,
        lunar_year=None,
        page=PageRequest(limit=2, cursor=first.next_cursor),
    )
    assert [c.lunar_year for c in rest.items] == [2025] and rest.next_cursor is None
    only = await handlers.list_campaigns(roster.ctx, lunar_year=2026, page=PageRequest())
    assert [c.lunar_year for c in only.items] == [2026] and only.total == 1
    with pytest.raises(BadCursor):
        await handlers.list_campaigns(roster.ctx, lunar_year=None, page=PageRequest(cursor="WyJzdGFmZiIsWzJdXQ"))
