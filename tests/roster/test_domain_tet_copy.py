"""Last Tết's requirements and opening hours copied to a new Tết (roster.domain.tet_copy, QZ27 #5): each day keeps
its distance from mùng 1 — the last day of the year to the new year's last day before mùng 1, 29 or 30 tháng Chạp —,
and what is not copied is said, with why."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone

from lichtruc import lunar
from lichtruc.vntime import lunar_day_name
from roster.domain.hours import DayHours, Session
from roster.domain.requirements import Daily, DepartmentFloor, OneOff, StaffingRequirement
from roster.domain.tet_copy import copied_hours, copied_requirements, moved_day, moved_window, same_key

ICT = timezone(timedelta(hours=7))
NOW = datetime(2027, 12, 1, 3, 0, tzinfo=UTC)
ENTERPRISE, SITE, GONE = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def test_the_last_day_of_the_year_goes_to_the_new_years_last_day_before_mung_1_whether_29_or_30() -> None:
    # Đinh Mùi (2027) and Mậu Thân (2028): tháng Chạp of 29 days each
    eve_2027 = date(2027, 2, 5)
    assert lunar_day_name(eve_2027) == "29 tháng Chạp"
    assert moved_day(eve_2027, from_tet=lunar.tet(2027), to_tet=lunar.tet(2028)) == date(2028, 1, 25)
    assert lunar_day_name(date(2028, 1, 25)) == "29 tháng Chạp"
    # the year before 2033 ends on 30 tháng Chạp, the one before 2032 on 29: 30 goes to 29, the last day either way
    eve_2033 = lunar.tet(2033) - timedelta(days=1)
    assert lunar_day_name(eve_2033).startswith("30 tháng Chạp")
    to_2032 = moved_day(eve_2033, from_tet=lunar.tet(2033), to_tet=lunar.tet(2032))
    assert to_2032 == lunar.tet(2032) - timedelta(days=1) and lunar_day_name(to_2032).startswith("29 tháng Chạp")
    # mùng 1 stays mùng 1, mùng 10 mùng 10
    assert moved_day(lunar.tet(2027) + timedelta(days=9), from_tet=lunar.tet(2027), to_tet=lunar.tet(2028)) == (
        lunar.tet(2028) + timedelta(days=9)
    )


def test_a_daily_window_stays_and_a_one_off_one_moves_by_the_days_between_the_mung_1s() -> None:
    daily = Daily(time(18), time(6))
    assert moved_window(daily, from_tet=lunar.tet(2027), to_tet=lunar.tet(2028)) is daily
    giao_thua = OneOff(datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT))
    assert moved_window(giao_thua, from_tet=lunar.tet(2027), to_tet=lunar.tet(2028)) == OneOff(
        datetime(2028, 1, 25, 18, tzinfo=ICT), datetime(2028, 1, 26, 6, tzinfo=ICT)
    )


def requirement(window, *, site=None, duty="operations", minimum=2, floor=None) -> StaffingRequirement:
    return StaffingRequirement(
        id=uuid.uuid4(),
        campaign_id=uuid.uuid4(),
        enterprise_id=ENTERPRISE,
        site_id=site,
        duty_type=duty,
        window=window,
        minimum=minimum,
        peak_minimum=3,
        version=4,
        created_at=NOW - timedelta(days=300),
        updated_at=NOW - timedelta(days=300),
        floor=floor,
    )


def test_requirements_are_copied_once_and_each_one_not_copied_says_why() -> None:
    daily = requirement(Daily(time(0), time(0)))
    peak = requirement(OneOff(datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT)), site=SITE)
    late = requirement(OneOff(datetime(2027, 2, 15, 8, tzinfo=ICT), datetime(2027, 2, 16, 8, tzinfo=ICT)))
    border = requirement(Daily(time(0), time(0)), duty="patrol", floor=DepartmentFloor(1, None))
    gone = requirement(Daily(time(8), time(17)), site=GONE)
    there = requirement(Daily(time(8), time(20)), duty="leadership")
    new_campaign = uuid.uuid4()
    ids = (uuid.UUID(int=i) for i in itertools.count(1))
    copied = copied_requirements(
        [daily, peak, late, border, gone, there, daily],
        {same_key(there)},
        sites={SITE},
        campaign_id=new_campaign,
        starts_at=datetime(2028, 1, 19, tzinfo=ICT),
        ends_at=datetime(2028, 2, 5, tzinfo=ICT),
        from_tet=lunar.tet(2027),
        to_tet=lunar.tet(2028),
        now=NOW,
        new_id=lambda: next(ids),
    )
    assert [(r.duty_type, r.window, r.minimum, r.peak_minimum, r.site_id) for r in copied.added] == [
        ("operations", daily.window, 2, 3, None),
        (
            "operations",
            OneOff(datetime(2028, 1, 25, 18, tzinfo=ICT), datetime(2028, 1, 26, 6, tzinfo=ICT)),
            2,
            3,
            SITE,
        ),
    ]
    assert all(r.campaign_id == new_campaign and r.version == 1 and r.created_at == NOW for r in copied.added)
    assert [s.why for s in copied.skipped] == ["outside", "border-default", "site-gone", "exists", "exists"]
    assert copied.skipped[0].what.startswith("Trực điều hành, ít nhất 2 người")


def day(d: date, opens: str = "07:30", closes: str = "17:00") -> DayHours:
    return DayHours(d, True, (Session(opens, closes),), None)


def test_a_points_hours_keep_their_distance_from_mung_1_and_a_draft_is_not_overwritten_unasked() -> None:
    from_tet, to_tet = lunar.tet(2027), lunar.tet(2028)
    last = [day(from_tet + timedelta(days=n)) for n in range(-7, 10)] + [DayHours(from_tet, False, (), "Nghỉ Tết")]
    last = [d for d in last if not (d.day == from_tet and d.open)]
    allowed = [to_tet + timedelta(days=n) for n in range(-7, 9)]  # one day shorter: mùng 10 is not in it
    copied = copied_hours(
        last,
        (),
        point="Bưu điện huyện Tân Hưng",
        allowed=allowed,
        from_tet=from_tet,
        to_tet=to_tet,
        replace_draft=False,
    )
    assert len(copied.days) == 16 and not copied.replaced
    assert next(d for d in copied.days if d.day == to_tet) == DayHours(to_tet, False, (), "Nghỉ Tết")
    assert [(s.why, s.day) for s in copied.skipped] == [("day-outside", from_tet + timedelta(days=9))]
    drafted = [day(to_tet - timedelta(days=7), "08:00", "11:00")]
    kept = copied_hours(
        last, drafted, point="P", allowed=allowed, from_tet=from_tet, to_tet=to_tet, replace_draft=False
    )
    assert kept.days == () and [s.why for s in kept.skipped] == ["has-draft"]
    over = copied_hours(last, drafted, point="P", allowed=allowed, from_tet=from_tet, to_tet=to_tet, replace_draft=True)
    assert over.replaced and len(over.days) == 16
