"""The inspector's new-plan form checked as typed, pure: every mistake at once, the day among them whatever else is
missing (QA round T: the day was only checked once the team was filled in)."""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.domain.inspections import plan_form_problems

TODAY = date(2027, 2, 7)
GOOD: dict[str, Any] = {
    "enterprise_id": "e1",
    "planned_on": "2027-02-07",
    "purpose": "Kiểm tra trực Tết",
    "inspectors": ["Lê Văn A"],
}


def test_a_plan_for_today_or_later_with_everything_is_fine() -> None:
    assert plan_form_problems(**GOOD, today=TODAY) == {}
    assert plan_form_problems(**{**GOOD, "planned_on": "2027-02-20"}, today=TODAY) == {}


def test_every_mistake_is_found_at_once_the_day_among_them() -> None:
    empty: dict[str, Any] = {"enterprise_id": " ", "purpose": "", "inspectors": [" "]}
    assert plan_form_problems(**{**GOOD, **empty, "planned_on": "2027-02-06"}, today=TODAY) == {
        "enterprise_id": "need_enterprise",
        "planned_on": "day_gone",
        "purpose": "need_purpose",
        "inspectors": "need_inspectors",
    }
    assert plan_form_problems(**{**GOOD, "planned_on": ""}, today=TODAY) == {"planned_on": "need_day"}
    assert plan_form_problems(**{**GOOD, "planned_on": "07/02/2027"}, today=TODAY) == {"planned_on": "bad_day"}
