"""The day an enterprise owes from, moved over a campaign already begun (roster.domain.obligations, QZ23 #1)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from roster.domain.errors import Conflict
from roster.domain.obligations import CampaignRecord, check_past_seasons, past_season_changes
from roster.domain.readiness import ReadinessItem

DUE = time(9, 0)
TET_2027 = datetime(2027, 1, 29, 17, 0, tzinfo=UTC)  # 00:00 on 30/01/2027


def _item(due_at: datetime) -> ReadinessItem:
    return ReadinessItem(
        uuid.uuid4(), uuid.uuid4(), "telecom", "Phương án", "Plan", "", due_at, None, 10, 1, due_at, due_at
    )


def _tet_2027(sent: frozenset[date] = frozenset()) -> CampaignRecord:
    item = _item(datetime(2027, 1, 28, 17, 0, tzinfo=UTC))  # by the end of 28/01/2027
    return CampaignRecord("Tết Đinh Mùi 2027", TET_2027, date(2027, 1, 30), date(2027, 2, 15), sent, (item,))


def test_a_2028_day_takes_the_missing_2027_reports_off_and_asks_naming_the_campaign() -> None:
    """QZ23 #1: MobiFone set to owe from 25/01/2028 (it joins Tết 2028 late): its 2027 record would lose every missing
    report (17 days, 14 of them sent) and the readiness item: asked, with the campaign and the counts."""
    sent = frozenset(date(2027, 1, 30 + i) if i < 2 else date(2027, 2, i - 1) for i in range(14))
    now = datetime(2027, 2, 16, 2, 0, tzinfo=UTC)  # 09:00 on 16/02: every report of the campaign is due
    (change,) = past_season_changes(None, date(2028, 1, 25), campaigns=[_tet_2027(sent)], now=now, due=DUE)
    assert (change.campaign_name, change.reports, change.readiness_items, change.starts) == (
        "Tết Đinh Mùi 2027",
        3,
        1,
        False,
    )
    with pytest.raises(Conflict) as asked:
        check_past_seasons("MobiFone Long An", date(2028, 1, 25), [change], confirmed=False)
    said = asked.value.first
    assert (said.field, said.rule) == ("obligations_from", "past-season-obligations")
    assert "Tết Đinh Mùi 2027 (30/01/2027–15/02/2027): 3 báo cáo ngày đã đến hạn và 1 việc chuẩn bị" in said.message_vi
    assert "sẽ không còn bị tính" in said.message_vi and "“MobiFone Long An”" in said.message_vi
    assert "Tết Đinh Mùi 2027 (30 Jan 2027–15 Feb 2027): 3 daily reports already due" in said.message
    assert said.context["campaigns"][0]["reports"] == 3
    check_past_seasons("MobiFone Long An", date(2028, 1, 25), [change], confirmed=True)  # confirmed: saved


def test_clearing_the_day_asks_too_what_would_start_counting() -> None:
    now = datetime(2027, 2, 16, 2, 0, tzinfo=UTC)
    (change,) = past_season_changes(date(2027, 2, 10), None, campaigns=[_tet_2027()], now=now, due=DUE)
    assert (change.reports, change.readiness_items, change.starts) == (11, 1, True)  # 30/01–09/02
    with pytest.raises(Conflict, match="would start counting"):
        check_past_seasons("VNPT Long An", None, [change], confirmed=False)


def test_a_day_inside_the_campaign_before_any_report_is_due_is_saved_without_asking() -> None:
    """The day is for an enterprise that joins mid-campaign: owing from today, on 30/01 at 20:00 (30/01's report due
    at 09:00 on 31/01), takes nothing already due off the record — the readiness item is due after it."""
    now = datetime(2027, 1, 30, 13, 0, tzinfo=UTC)
    record = CampaignRecord("Tết Đinh Mùi 2027", TET_2027, date(2027, 1, 30), date(2027, 2, 15), (), ())
    assert past_season_changes(None, date(2027, 1, 30), campaigns=[record], now=now, due=DUE) == []
    # owing from tomorrow takes 30/01's report off, but it is not due yet (09:00 on 31/01): nothing on the record
    assert past_season_changes(None, date(2027, 1, 31), campaigns=[record], now=now, due=DUE) == []
    # …but a day later the 30/01 report is due, and owing from 31/01 would take it off: asked
    later = datetime(2027, 1, 31, 3, 0, tzinfo=UTC)
    (change,) = past_season_changes(None, date(2027, 1, 31), campaigns=[record], now=later, due=DUE)
    assert change.reports == 1


def test_a_campaign_not_begun_is_never_asked_about() -> None:
    now = datetime(2027, 1, 20, 2, 0, tzinfo=UTC)
    assert past_season_changes(None, date(2028, 1, 25), campaigns=[_tet_2027()], now=now, due=DUE) == []


def test_the_tet_hours_already_due_are_counted_too() -> None:
    """K3 leftover: the README says the Tết hours due before the day are not owed either; the question counted only
    the reports and readiness items. Tết 2027's hours are due at its start (00:00 on 30/01, by the end of 29/01):
    owing from 31/01, VNPT's two transaction points no longer owe them — counted, named, in the problem's context."""
    now = datetime(2027, 1, 31, 3, 0, tzinfo=UTC)  # 10:00 on 31/01: 30/01's report due an hour ago
    record = CampaignRecord(
        "Tết Đinh Mùi 2027", TET_2027, date(2027, 1, 30), date(2027, 2, 15), hours_due=TET_2027, points=2
    )
    (change,) = past_season_changes(None, date(2027, 1, 31), campaigns=[record], now=now, due=DUE)
    assert (change.reports, change.readiness_items, change.tet_hours, change.starts) == (1, 0, 2, False)
    with pytest.raises(Conflict) as asked:
        check_past_seasons("VNPT Long An", date(2027, 1, 31), [change], confirmed=False)
    said = asked.value.first
    assert (
        "Tết Đinh Mùi 2027 (30/01/2027–15/02/2027): 1 báo cáo ngày đã đến hạn và giờ mở cửa Tết của 2 bưu cục/điểm "
        "giao dịch đã đến hạn sẽ không còn bị tính"
    ) in said.message_vi
    assert (
        "1 daily report already due and the Tết opening hours of 2 post offices or transaction points" in said.message
    )
    assert said.context["campaigns"][0]["tet_hours"] == 2
    # the hours alone ask too: owing from 30/01 (the campaign's first day) owes every report but not the hours
    (alone,) = past_season_changes(None, date(2027, 1, 30), campaigns=[record], now=now, due=DUE)
    assert (alone.reports, alone.tet_hours) == (0, 2)
    # three kinds listed as a list: "a, b và c"
    both = replace(record, items=(_item(datetime(2027, 1, 28, 17, 0, tzinfo=UTC)),))
    (three,) = past_season_changes(None, date(2027, 1, 31), campaigns=[both], now=now, due=DUE)
    with pytest.raises(Conflict) as listed:
        check_past_seasons("VNPT Long An", date(2027, 1, 31), [three], confirmed=False)
    assert (
        "1 báo cáo ngày đã đến hạn, 1 việc chuẩn bị đã đến hạn và giờ mở cửa Tết của 2 bưu cục/điểm giao dịch"
        in listed.value.first.message_vi
    )


def test_hours_not_yet_due_a_drill_or_no_point_ask_nothing() -> None:
    before = datetime(2027, 1, 29, 16, 0, tzinfo=UTC)  # 23:00 on 29/01: the hours not due yet, the campaign not begun
    record = CampaignRecord(
        "Tết Đinh Mùi 2027", TET_2027, date(2027, 1, 30), date(2027, 2, 15), hours_due=TET_2027, points=2
    )
    assert past_season_changes(None, date(2027, 1, 30), campaigns=[record], now=before, due=DUE) == []
    now = datetime(2027, 1, 31, 3, 0, tzinfo=UTC)
    for other in (replace(record, hours_due=None, points=0), replace(record, points=0)):  # a drill; no point
        assert past_season_changes(None, date(2027, 1, 30), campaigns=[other], now=now, due=DUE) == []
