"""The demo's inspection plans say what is true on their day, whatever `make run --at` (QZ27 #15: at 09:00 16/02 a
finding recorded on mùng 4 Tết asked for its fix "trước ngày 23 tháng Chạp", a day already gone): the plans whose
day moves with the stack's clock are worded before, during and after Tết, and every deadline they set is after the
day it was set on."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from devstack import demo
from devstack.demo_directive import inspections

KITCHEN_GODS_DEADLINE = "23 tháng Chạp"
TODAYS = [inspections.WINDOW[0] + timedelta(days=n) for n in range((date(2027, 6, 30) - inspections.WINDOW[0]).days)]


def _deadline(text: str) -> date | None:
    """The day a text asks something by: a dd/mm/yyyy it names, or 23 tháng Chạp of the demo's Tết."""
    if found := re.search(r"(\d\d)/(\d\d)/(\d{4})", text):
        return date(int(found[3]), int(found[2]), int(found[1]))
    return inspections.KITCHEN_GODS if KITCHEN_GODS_DEADLINE in text else None


def test_the_demo_s_days_are_its_campaign_s() -> None:
    assert inspections.KITCHEN_GODS == demo.FIRST_DAY
    assert demo.GIAO_THUA[0].date() == inspections.TET_EVE
    assert (demo.TET_ENDS - timedelta(days=1)).date() == inspections.CAMPAIGN_LAST


def test_no_finding_asks_for_a_day_gone_whatever_the_stack_s_day() -> None:
    asked = set()
    for today in TODAYS:
        for plan in inspections.plans(today):
            if not plan.get("finding"):
                continue
            by = _deadline(plan["finding"]["recommendations"])
            if by is not None:
                assert by >= plan["day"], (today, plan)
            asked.add(plan["finding"]["recommendations"])
    # before: on 16/02 both findings asked for the 23rd of the last lunar month; now each deadline is its own
    after_tet = {p["enterprise"]: p["finding"] for p in inspections.plans(date(2027, 2, 16)) if p.get("finding")}
    assert "23 tháng Chạp" not in str(after_tet)
    assert after_tet["Viettel Long An"]["recommendations"].endswith("trước ngày 12/02/2027 (mùng 7 tháng Giêng).")
    assert after_tet["Bưu điện tỉnh Long An"]["recommendations"].endswith("đến hết mùng 10 Tết.")  # held on mùng 1
    long_after = {p["enterprise"]: p["finding"] for p in inspections.plans(date(2027, 3, 1)) if p.get("finding")}
    assert "thường lệ" in long_after["Bưu điện tỉnh Long An"]["recommendations"]
    assert len(asked) > 10  # the words follow the day


def test_the_post_office_s_plan_is_worded_for_before_during_or_after_tet() -> None:
    for day, said in (
        (date(2027, 1, 20), "Kiểm tra phương án"),
        (date(2027, 2, 7), "trong dịp Tết"),
        (date(2027, 2, 20), "Kiểm tra sau Tết"),
    ):
        plan = inspections.post_office_plan(day)
        assert plan["purpose"].startswith(said) or said in plan["purpose"], (day, plan)
    assert "trước 23 tháng Chạp" in inspections.post_office_plan(date(2027, 1, 20))["finding"]["recommendations"]
    on_the_day = inspections.post_office_plan(date(2027, 2, 1))["finding"]["recommendations"]
    assert "23 tháng Chạp" not in on_the_day and "01/02/2027 (25 tháng Chạp)" in on_the_day


def test_each_plan_s_purpose_is_its_own_on_every_day() -> None:
    # record_findings finds a plan by its purpose
    for today in TODAYS:
        purposes = [p["purpose"] for p in inspections.plans(today)]
        assert len(set(purposes)) == len(purposes), today


def test_the_findings_are_recorded_on_their_day_after_tet_too() -> None:
    final = datetime(2027, 2, 16, 9, 0, tzinfo=demo.ICT)
    moments = inspections.findings_moments(final.date())
    assert [m.date() for m in moments] == [date(2027, 2, 6), date(2027, 2, 9)]
