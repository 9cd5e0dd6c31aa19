"""The inspector's new-plan form checked as typed, pure: every mistake at once, the day among them whatever else is
missing (QA round T: the day was only checked once the team was filled in)."""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.domain.inspections import MAX_INSPECTORS, plan_form_problems
from roster.api.schemas.inspections import MAX_INSPECTORS as ROSTERS_MAX

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


def test_more_inspectors_than_roster_takes_and_a_site_of_another_enterprise_are_said_with_the_rest() -> None:
    """QZ24: eleven inspectors were refused only on the second send, once the other mistakes were mended. Said with
    them, as is a site of an enterprise other than the one chosen; the same name twice counts twice, as roster
    counts what was typed."""
    eleven = [f"Thanh tra {n}" for n in range(10)] + ["Thanh tra 0"]
    assert plan_form_problems(
        **{**GOOD, "planned_on": "", "inspectors": eleven}, today=TODAY, site_enterprise_id="e2"
    ) == {"site_id": "site_elsewhere", "planned_on": "need_day", "inspectors": "too_many_inspectors"}
    assert plan_form_problems(**{**GOOD, "inspectors": eleven[:10]}, today=TODAY, site_enterprise_id="e1") == {}


def test_the_portals_limit_of_inspectors_is_roster_s() -> None:
    assert MAX_INSPECTORS == ROSTERS_MAX
