"""A drill's warnings: in the past, over Tết, over another drill (pure, `now` passed in)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from roster.domain.campaigns import Campaign, CampaignDay, campaign_period, drill_warnings

ICT = timezone(timedelta(hours=7))
NOW = datetime(2034, 12, 1, 9, tzinfo=ICT)


def _campaign(kind: str, name: str, starts_at: datetime, ends_at: datetime) -> Campaign:
    return Campaign(
        id=uuid.uuid4(),
        kind=kind,
        lunar_year=2035,
        name=name,
        starts_at=starts_at.astimezone(UTC),
        ends_at=ends_at.astimezone(UTC),
        start=CampaignDay(12, 1),
        end=CampaignDay(12, 2),
        peaks=(),
        readiness_deadline=None,
        border_duty_types=(),
        border_sectors=(),
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )


def _drill(name: str, starts_at: datetime, ends_at: datetime) -> Campaign:
    return _campaign("drill", name, starts_at, ends_at)


def _tet_2035() -> Campaign:
    period = campaign_period(2035)  # 23 tháng Chạp Giáp Dần (31/01/2035) to the end of mùng 10 (17/02/2035)
    return _campaign("tet", "Tết Ất Mão 2035", period.starts_at, period.ends_at)


def _rules(warnings: tuple) -> list[str]:
    return [w.rule for w in warnings]


def test_a_drill_to_come_alone_before_tet_gets_no_warning() -> None:
    drill = _drill("Diễn tập tháng Chạp", datetime(2035, 1, 10, 8, tzinfo=ICT), datetime(2035, 1, 11, 17, tzinfo=ICT))
    assert drill_warnings(drill, [drill, _tet_2035()], now=NOW) == ()


def test_a_drill_over_already_is_told_so_with_its_local_times() -> None:
    drill = _drill("Diễn tập bổ sung", datetime(2034, 11, 20, 8, tzinfo=ICT), datetime(2034, 11, 20, 17, tzinfo=ICT))
    [warning] = drill_warnings(drill, [], now=NOW)
    assert warning.rule == "drill-in-past"
    assert "đã kết thúc (08:00–17:00 20/11/2034" in warning.message_vi
    assert "is over already (08:00–17:00 20 Nov 2034" in warning.message
    # ending exactly now is over too
    assert _rules(drill_warnings(drill, [], now=drill.ends_at)) == ["drill-in-past"]


def test_a_drill_that_started_before_now_is_told_its_start_is_in_the_past() -> None:
    drill = _drill("Diễn tập đang diễn ra", datetime(2034, 12, 1, 8, tzinfo=ICT), datetime(2034, 12, 2, 17, tzinfo=ICT))
    [warning] = drill_warnings(drill, [], now=NOW)
    assert warning.rule == "drill-starts-in-past"
    assert "bắt đầu trong quá khứ (08:00 01/12/2034" in warning.message_vi
    assert "09:00 01/12/2034" in warning.message_vi  # now, in Vietnam time
    assert drill_warnings(drill, [], now=drill.starts_at) == ()  # starting exactly now is not in the past


def test_a_drill_over_tet_names_the_tet_campaign_and_its_days() -> None:
    tet = _tet_2035()
    drill = _drill("Diễn tập giao thừa", datetime(2035, 2, 7, 18, tzinfo=ICT), datetime(2035, 2, 8, 6, tzinfo=ICT))
    [warning] = drill_warnings(drill, [tet], now=NOW)
    assert warning.rule == "drill-over-tet"
    assert "đợt trực Tết “Tết Ất Mão 2035” (31/01/2035 (23 tháng Chạp Giáp Dần) – 17/02/2035 (" in (warning.message_vi)
    assert (
        "the Tết campaign “Tết Ất Mão 2035” (31 Jan 2035 (23rd day of the 12th lunar month, Giáp Dần) – 17 Feb 2035 ("
        in warning.message
    )
    assert str(tet.id) not in warning.message_vi + warning.message


def test_a_drill_over_another_drill_names_it_with_its_local_times_and_not_its_id() -> None:
    other = _drill("Diễn tập VNPT", datetime(2035, 1, 10, 8, tzinfo=ICT), datetime(2035, 1, 10, 17, tzinfo=ICT))
    drill = _drill("Diễn tập Viettel", datetime(2035, 1, 10, 14, tzinfo=ICT), datetime(2035, 1, 11, 11, tzinfo=ICT))
    [warning] = drill_warnings(drill, [other], now=NOW)
    assert warning.rule == "drill-overlap"
    assert "buổi diễn tập “Diễn tập VNPT” (08:00–17:00 10/01/2035" in warning.message_vi
    assert "the drill “Diễn tập VNPT” (08:00–17:00 10 Jan 2035" in warning.message  # “ ” in both languages
    assert str(other.id) not in warning.message_vi + warning.message


def test_drills_that_only_touch_do_not_overlap() -> None:
    first = _drill("Buổi sáng", datetime(2035, 1, 10, 8, tzinfo=ICT), datetime(2035, 1, 10, 12, tzinfo=ICT))
    second = _drill("Buổi chiều", datetime(2035, 1, 10, 12, tzinfo=ICT), datetime(2035, 1, 10, 17, tzinfo=ICT))
    assert drill_warnings(second, [first], now=NOW) == ()
    assert drill_warnings(first, [second], now=NOW) == ()
    tet = _tet_2035()
    eve = _drill("Ngay trước Tết", tet.starts_at - timedelta(hours=4), tet.starts_at)
    assert drill_warnings(eve, [tet], now=NOW) == ()


def test_every_warning_at_once_earliest_campaign_first() -> None:
    tet = _tet_2035()
    other = _drill("Diễn tập mùng 1", datetime(2035, 2, 8, 6, tzinfo=ICT), datetime(2035, 2, 8, 12, tzinfo=ICT))
    drill = _drill("Diễn tập Tết", datetime(2035, 2, 8, 0, tzinfo=ICT), datetime(2035, 2, 9, 0, tzinfo=ICT))
    later = datetime(2035, 2, 8, 9, tzinfo=ICT)
    assert _rules(drill_warnings(drill, [other, tet], now=later)) == [
        "drill-starts-in-past",
        "drill-over-tet",
        "drill-overlap",
    ]


def test_a_tet_campaign_gets_none_of_these() -> None:
    tet = _tet_2035()
    drill = _drill("Diễn tập giao thừa", datetime(2035, 2, 7, 18, tzinfo=ICT), datetime(2035, 2, 8, 6, tzinfo=ICT))
    assert drill_warnings(tet, [drill], now=datetime(2035, 3, 1, tzinfo=ICT)) == ()


def test_an_edit_is_told_only_what_its_move_brings() -> None:
    other = _drill("Diễn tập VNPT", datetime(2034, 11, 10, 8, tzinfo=ICT), datetime(2034, 11, 10, 17, tzinfo=ICT))
    past = _drill("Diễn tập đã qua", datetime(2034, 11, 10, 14, tzinfo=ICT), datetime(2034, 11, 10, 20, tzinfo=ICT))
    renamed = replace(past, name="Diễn tập đã qua (bổ sung)")
    assert drill_warnings(renamed, [other], now=NOW, before=past) == ()  # same dates: nothing new to tell
    earlier_start = replace(past, starts_at=past.starts_at - timedelta(hours=1))
    # still over, end unmoved: not told again that it is past; the overlap, told when it moves
    assert _rules(drill_warnings(earlier_start, [other], now=NOW, before=past)) == ["drill-overlap"]
    moved_back = replace(past, ends_at=past.ends_at + timedelta(hours=1))
    assert _rules(drill_warnings(moved_back, [other], now=NOW, before=past)) == ["drill-in-past", "drill-overlap"]

    running = _drill(
        "Diễn tập đang diễn ra", datetime(2034, 12, 1, 8, tzinfo=ICT), datetime(2034, 12, 1, 17, tzinfo=ICT)
    )
    longer = replace(running, ends_at=running.ends_at + timedelta(hours=2))
    assert drill_warnings(longer, [], now=NOW, before=running) == ()  # its start, not moved, is not news
    future = _drill("Diễn tập sắp tới", datetime(2034, 12, 5, 8, tzinfo=ICT), datetime(2034, 12, 5, 17, tzinfo=ICT))
    into_past = replace(future, starts_at=datetime(2034, 12, 1, 8, tzinfo=ICT))
    assert _rules(drill_warnings(into_past, [], now=NOW, before=future)) == ["drill-starts-in-past"]
