"""The inspection plan entity and the phase rule (pure: no database, no clock)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from lichtruc import lunar
from roster.domain.errors import Conflict, RuleViolation
from roster.domain.inspections import Inspection, PlanWindow, phase_of, tet_phases

NOW = datetime(2027, 1, 20, 2, tzinfo=UTC)
ON_THE_DAY = datetime(2027, 2, 4, 17, tzinfo=UTC)  # 00:00 on 05/02/2027, Vietnam time
NAMES: dict[str, Any] = {"enterprise_name": "VNPT Long An", "site_name": "Trạm viễn thông Hưng Điền"}


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028, 2033])
def test_during_tet_runs_from_the_last_day_of_the_old_year_to_mung_5(year: int) -> None:
    first, last = tet_phases(year)
    assert lunar.solar_to_lunar(first).day in (29, 30) and lunar.solar_to_lunar(first).month == 12
    assert lunar.solar_to_lunar(last) == lunar.LunarDate(year, 1, 5)
    assert phase_of(first, year) == "during"
    assert phase_of(date.fromordinal(first.toordinal() - 1), year) == "before"
    assert phase_of(last, year) == "during"
    assert phase_of(date.fromordinal(last.toordinal() + 1), year) == "after"


def test_a_phase_given_must_agree_and_the_day_must_be_near_the_campaign() -> None:
    window = PlanWindow.of(
        name="Tết Đinh Mùi 2027", lunar_year=2027, starts_on=date(2027, 1, 30), ends_on=date(2027, 2, 15)
    )
    assert window.phase(date(2027, 2, 5), None) == "during"
    assert window.phase(date(2027, 2, 5), "during") == "during"
    with pytest.raises(RuleViolation) as wrong:
        window.phase(date(2027, 2, 5), "before")
    assert wrong.value.rule == "phase-of-day" and "trong Tết" in wrong.value.message_vi
    with pytest.raises(RuleViolation) as far:
        window.phase(date(2027, 6, 1), None)
    assert far.value.rule == "within-campaign" and "Tết Đinh Mùi 2027" in far.value.message_vi
    assert "lên kế hoạch" in far.value.message_vi and far.value.field == "planned_on"
    # A result being recorded is not a plan: its words say so.
    with pytest.raises(RuleViolation) as held:
        window.phase(date(2020, 1, 1), None, field="held_on")
    assert held.value.field == "held_on" and "lên kế hoạch" not in held.value.message_vi
    assert (
        "01/01/2020" in held.value.message_vi and "ngày kiểm tra thực tế phải nằm trong khoảng" in held.value.message_vi
    )
    assert "the day an inspection was held" in held.value.message


def test_a_drills_inspections_lie_within_the_drills_own_days() -> None:
    # QA: a plan for 20/01/2027 was taken into a drill of 04–06/12/2026, as "before Tết".
    drill = PlanWindow.of(
        name="Diễn tập trực Tết 04/12/2026",
        lunar_year=2027,
        starts_on=date(2026, 12, 4),
        ends_on=date(2026, 12, 6),
        drill=True,
    )
    assert drill.phase(date(2026, 12, 5), None) == "before"
    for day in (date(2027, 1, 20), date(2026, 12, 3), date(2026, 12, 7)):
        with pytest.raises(RuleViolation) as far:
            drill.phase(day, None)
        assert far.value.rule == "within-campaign" and "04/12/2026 – 06/12/2026" in far.value.message_vi


WINDOW = PlanWindow.of(
    name="Tết Đinh Mùi 2027", lunar_year=2027, starts_on=date(2027, 1, 30), ends_on=date(2027, 2, 15)
)


def plan(**extra: Any) -> Inspection:
    values: dict[str, Any] = dict(
        campaign_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        site_id=None,
        planned_on=date(2027, 2, 5),
        phase="during",
        purpose="Kiểm tra ca trực đêm giao thừa",
        inspectors=("Lê Văn Thành",),
        surprise=True,
        actor="thanh.tra",
        now=NOW,
    )
    values.update(extra)
    return Inspection.plan(**values)


def test_a_surprise_plan_is_hidden_until_its_finding_and_overdue_once_its_day_passed() -> None:
    p = plan()
    assert (
        p.hidden_from_enterprise and p.state(date(2027, 2, 5)) == "planned" and p.state(date(2027, 2, 6)) == "overdue"
    )
    done = p.record_finding(
        result="compliant", text="Đạt", recommendations=None, actor="thanh.tra", now=ON_THE_DAY, **NAMES
    )
    assert not done.hidden_from_enterprise and done.state(date(2027, 3, 1)) == "done" and done.version == 2
    with pytest.raises(Conflict):
        done.cancel(reason=None, now=NOW)
    cancelled = plan().cancel(reason="Trùng lịch", now=NOW)
    assert cancelled.hidden_from_enterprise and cancelled.state(date(2027, 3, 1)) == "cancelled"
    with pytest.raises(RuleViolation):
        plan().reschedule(planned_on=date(2027, 2, 5), window=WINDOW, reason=None, now=NOW, **NAMES)
    assert not plan(surprise=False).hidden_from_enterprise


def test_a_finding_waits_for_the_inspection_day_in_vietnam() -> None:
    """QA: a finding recorded two months ahead (for a surprise plan, an e-mail revealing it early). Refused before
    00:00 on the day (Vietnam time), naming the plan and saying what to do; a closed plan stays a 409."""
    for now in (NOW, ON_THE_DAY - timedelta(minutes=1)):
        with pytest.raises(RuleViolation) as early:
            plan().record_finding(result="compliant", text="Đạt", recommendations=None, actor="t", now=now, **NAMES)
        assert (early.value.field, early.value.rule) == ("planned_on", "day-begun")
    assert early.value.message_vi.startswith(
        "Chưa thể ghi kết quả cuộc kiểm tra VNPT Long An tại Trạm viễn thông Hưng Điền dự kiến ngày 05/02/2027 "
        "(29 tháng Chạp Bính Ngọ): chưa đến ngày kiểm tra (bây giờ là 23:59 04/02/2027"
    )
    assert "give the day it was held (held_on)" in early.value.message and early.value.first.context == {
        "planned_on": "2027-02-05"
    }
    assert (
        plan()
        .record_finding(
            result="issues_found", text="Thiếu", recommendations="Bổ sung", actor="t", now=ON_THE_DAY, **NAMES
        )
        .status
        == "done"
    )
    with pytest.raises(Conflict):
        plan().cancel(reason=None, now=NOW).record_finding(
            result="compliant", text="Đạt", recommendations=None, actor="t", now=NOW, **NAMES
        )


def test_a_plan_moves_to_today_or_later_and_keeps_the_day_it_left_and_why() -> None:
    """QA: a plan moved from 22/01/2027 to 30/11/2026 on 04/12/2026 turned overdue at once, and the enterprise was
    asked to prepare for a day gone. A move to a day before today (Vietnam time) is refused, naming the plan."""
    now = datetime(2026, 12, 3, 19, 11, tzinfo=UTC)  # 02:11 on 04/12/2026, Vietnam time
    p = plan(planned_on=date(2027, 1, 22), phase="before")
    with pytest.raises(RuleViolation) as past:
        p.reschedule(planned_on=date(2026, 11, 30), window=WINDOW, reason=None, now=now, **NAMES)
    assert (past.value.field, past.value.rule) == ("planned_on", "not-past")
    assert past.value.first.context == {"planned_on": "2026-11-30", "today": "2026-12-04"}
    assert past.value.message_vi.startswith(
        "Không thể dời cuộc kiểm tra VNPT Long An tại Trạm viễn thông Hưng Điền dự kiến ngày 22/01/2027 "
        "(Rằm tháng Chạp Bính Ngọ) sang ngày 30/11/2026"
    )
    assert "hôm nay là 04/12/2026" in past.value.message_vi and "hôm nay hoặc một ngày sau" in past.value.message_vi
    assert "Choose today or a later day" in past.value.message
    today = p.reschedule(planned_on=date(2026, 12, 4), window=WINDOW, reason="Đoàn rảnh", now=now, **NAMES)
    assert (today.planned_on, today.phase, today.rescheduled_from, today.reschedule_reason) == (
        date(2026, 12, 4),
        "before",
        date(2027, 1, 22),
        "Đoàn rảnh",
    )
    again = today.reschedule(planned_on=date(2027, 2, 12), window=WINDOW, reason=None, now=now, **NAMES)
    assert (again.phase, again.rescheduled_from, again.reschedule_reason) == ("after", date(2026, 12, 4), None)
    with pytest.raises(Conflict):  # a closed plan says it is closed, whatever the day given
        p.cancel(reason=None, now=now).reschedule(
            planned_on=date(2026, 11, 30), window=WINDOW, reason=None, now=now, **NAMES
        )


def test_a_new_plan_is_for_today_or_a_later_day_in_vietnam() -> None:
    """QA (05/02/2027): VNPT was planned for 01/01/2027, five weeks gone, and mailed that it "sẽ kiểm tra" then. A new
    plan of a day before today (Vietnam time) is refused, naming the enterprise, the day with its lunar one, and
    today, and saying what to do; today itself is taken, up to its last minute."""
    now = datetime(2027, 2, 5, 16, 59, tzinfo=UTC)  # 23:59 on 05/02/2027, Vietnam time (UTC is still the 5th too)
    with pytest.raises(RuleViolation) as past:
        plan(planned_on=date(2027, 1, 1), phase="before", now=now, **NAMES)
    assert (past.value.field, past.value.rule) == ("planned_on", "not-past")
    assert past.value.first.context == {"planned_on": "2027-01-01", "today": "2027-02-05"}
    assert past.value.message_vi == (
        "Không thể lên kế hoạch kiểm tra VNPT Long An tại Trạm viễn thông Hưng Điền vào ngày 01/01/2027 (24 tháng Mười Một "
        "Bính Ngọ): ngày đó đã qua (hôm nay là 05/02/2027 (29 tháng Chạp Bính Ngọ), giờ Việt Nam). Hãy chọn hôm nay "
        "hoặc một ngày sau đó; nếu đã kiểm tra rồi, hãy lên kế hoạch cho hôm nay và ghi kết quả kèm ngày đã kiểm tra "
        "thực tế."
    )
    assert past.value.message.startswith(
        "An inspection of VNPT Long An at Trạm viễn thông Hưng Điền cannot be planned for 1 Jan 2027 "
        "(24th day of the 11th lunar month"
    )
    assert "Choose today or a later day" in past.value.message
    assert plan(planned_on=date(2027, 2, 5), now=now).planned_on == date(2027, 2, 5)
    # 00:00 on the 6th in Vietnam (17:00 UTC on the 5th): the 5th is gone
    with pytest.raises(RuleViolation):
        plan(planned_on=date(2027, 2, 5), now=now + timedelta(minutes=1))
