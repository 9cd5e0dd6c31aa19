"""Campaign dates from the Vietnamese lunar calendar (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from roster.domain.campaigns import (
    GIAO_THUA,
    LunarDay,
    Peak,
    campaign_dates,
    campaign_period,
    check_hours_deadline,
    check_peaks,
    default_peaks,
)
from roster.domain.errors import RuleViolation, missing

ICT = timezone(timedelta(hours=7))


def test_tet_dinh_mui_2027_runs_from_23_thang_chap_to_the_end_of_mung_10() -> None:
    period = campaign_period(2027)
    assert period.starts_at == datetime(2027, 1, 30, 0, 0, tzinfo=ICT)
    assert period.ends_at == datetime(2027, 2, 16, 0, 0, tzinfo=ICT)
    assert (period.first_day.year, period.first_day.month, period.first_day.day) == (2026, 12, 23)
    assert (period.last_day.year, period.last_day.month, period.last_day.day) == (2027, 1, 10)


def test_giao_thua_peak_is_18h_on_the_last_day_of_the_old_year_to_6h_on_mung_1() -> None:
    [peak] = default_peaks(2027)
    assert peak.name == GIAO_THUA
    assert peak.starts_at == datetime(2027, 2, 5, 18, tzinfo=ICT)  # 29 tháng Chạp Bính Ngọ (a 29-day month)
    assert peak.ends_at == datetime(2027, 2, 6, 6, tzinfo=ICT)  # mùng 1 Tết Đinh Mùi


def test_giao_thua_is_on_30_thang_chap_when_the_month_is_long() -> None:
    # Tết Giáp Thìn 2024 fell on 10 Feb; tháng Chạp of Quý Mão had 30 days: giao thừa on 30 Chạp, 9 Feb.
    [peak] = default_peaks(2024)
    assert peak.starts_at == datetime(2024, 2, 9, 18, tzinfo=ICT)
    assert peak.ends_at == datetime(2024, 2, 10, 6, tzinfo=ICT)


@pytest.mark.parametrize(
    ("year", "tet"), [(1985, datetime(1985, 1, 21, tzinfo=ICT)), (2007, datetime(2007, 2, 17, tzinfo=ICT))]
)
def test_vietnamese_not_chinese_calendar(year, tet) -> None:
    # Mùng 1 to mùng 1: the Vietnamese dates (the Chinese calendar has 20 Feb 1985 and 18 Feb 2007).
    period = campaign_period(year, LunarDay(1, 1), LunarDay(1, 1))
    assert period.starts_at == tet
    assert period.ends_at == tet + timedelta(days=1)


def test_custom_lunar_start_and_end() -> None:
    period = campaign_period(2027, LunarDay(12, 15), LunarDay(1, 6))
    assert period.starts_at.date() == datetime(2027, 1, 22).date()
    assert period.ends_at == datetime(2027, 2, 12, tzinfo=ICT)  # end of mùng 6 (11 Feb)


def test_a_day_that_does_not_exist_is_named() -> None:
    # Tháng Chạp Bính Ngọ has only 29 days.
    with pytest.raises(RuleViolation) as err:
        campaign_period(2027, start=LunarDay(12, 30))
    assert (err.value.field, err.value.rule) == ("start", "lunar-date-exists")
    with pytest.raises(RuleViolation) as err:
        campaign_period(2027, start=LunarDay(12, 1, leap=True))
    assert err.value.rule == "lunar-date-exists"
    assert "leap" in err.value.message


def test_end_before_start_is_refused() -> None:
    with pytest.raises(RuleViolation) as err:
        campaign_period(2027, LunarDay(1, 5), LunarDay(12, 23))
    assert (err.value.field, err.value.rule) == ("end", "end-after-start")
    # QA: the days only in lunar names; the solar days the person typed are named too, each with its lunar name
    with pytest.raises(RuleViolation) as err:
        campaign_period(2027, LunarDay(1, 15), LunarDay(1, 5))
    assert err.value.message_vi == (
        "Đợt trực phải kết thúc sau khi bắt đầu: ngày kết thúc 10/02/2027 (Mùng 5 tháng Giêng) đứng trước ngày bắt "
        "đầu 20/02/2027 (Rằm tháng Giêng)."
    )
    assert err.value.message.startswith(
        "The campaign must end after it starts: the end, 10 Feb 2027 (5th day of the 1st lunar month), "
    )
    assert "comes before the start, 20 Feb 2027 (" in err.value.message


def test_peaks_must_lie_inside_and_end_after_they_start() -> None:
    period = campaign_period(2027)
    inside = Peak("Mùng 1", datetime(2027, 2, 6, 6, tzinfo=ICT), datetime(2027, 2, 6, 12, tzinfo=ICT))
    check_peaks((inside,), period.starts_at, period.ends_at)
    outside = Peak("Rằm", datetime(2027, 2, 20, tzinfo=ICT), datetime(2027, 2, 21, tzinfo=ICT))
    backwards = Peak("Ngược", datetime(2027, 2, 7, tzinfo=ICT), datetime(2027, 2, 6, tzinfo=ICT))
    with pytest.raises(RuleViolation) as err:
        check_peaks((inside, outside, backwards), period.starts_at, period.ends_at)
    assert [(e.field, e.rule) for e in err.value.errors] == [
        ("peaks.1", "inside-campaign"),
        ("peaks.2.ends_at", "end-after-start"),
    ]


def test_messages_call_a_campaign_dot_truc_as_the_portal_does() -> None:
    # The product's word for a campaign is "đợt trực" (the portal, the documents): never "chiến dịch".
    with pytest.raises(RuleViolation) as err:
        campaign_period(2027, LunarDay(8, 1), LunarDay(2, 1))
    assert err.value.message_vi == "Một đợt trực kéo dài tối đa 120 ngày."
    with pytest.raises(RuleViolation) as err:
        campaign_dates("tet", lunar_year=None, start=None, end=None, starts_at=None, ends_at=None)
    assert err.value.message_vi.startswith("Đợt trực Tết lấy ngày theo âm lịch: ")
    period = campaign_period(2027)
    with pytest.raises(RuleViolation) as err:
        check_hours_deadline(period.ends_at, period.starts_at, period.ends_at)
    assert err.value.message_vi == "Hạn niêm yết giờ mở cửa phải trước khi đợt trực kết thúc."
    assert missing("campaign", "x").first.message_vi == (
        "Không tìm thấy đợt trực này: có thể đã bị xóa hoặc đường dẫn không đúng."
    )
