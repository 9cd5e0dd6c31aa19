"""The inspector's new-plan form, checked as it is typed: every mistake found at once (the enterprise, the day —
missing, not a day, or gone —, the purpose, the inspectors), so that one send tells the inspector all of them.

Pure: values in (`today`: the Vietnam day of the portal's clock), catalogue keys out; roster checks again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

PLAN_FIELDS = ("enterprise_id", "site_id", "planned_on", "purpose", "inspectors")
MAX_INSPECTORS = 10
"""The most inspectors a plan names (roster's InspectionIn.inspectors; tests/portal/test_domain_inspections.py holds
the two together)."""


def plan_form_problems(
    *,
    enterprise_id: str,
    planned_on: str,
    purpose: str,
    inspectors: Sequence[str],
    today: date,
    site_enterprise_id: str | None = None,
) -> dict[str, str]:
    """Field → its `inspections.` key, for each mistake of the new-plan form, in the form's order: no enterprise
    chosen (`need_enterprise`), a site of another enterprise (`site_elsewhere`: `site_enterprise_id`, the chosen
    site's enterprise, None when no site is chosen), no day (`need_day`), one that is no day (`bad_day`) or a day
    gone (`day_gone`: an inspection is planned for today or later), no purpose (`need_purpose`), no inspector named
    (`need_inspectors`) or more than roster takes (`too_many_inspectors`: QZ24, said only once the other mistakes
    were mended)."""
    problems: dict[str, str] = {}
    if not enterprise_id.strip():
        problems["enterprise_id"] = "need_enterprise"
    elif site_enterprise_id is not None and site_enterprise_id != enterprise_id.strip():
        problems["site_id"] = "site_elsewhere"
    if not planned_on.strip():
        problems["planned_on"] = "need_day"
    else:
        try:
            day = date.fromisoformat(planned_on.strip())
        except ValueError:
            problems["planned_on"] = "bad_day"
        else:
            if day < today:
                problems["planned_on"] = "day_gone"
    if not purpose.strip():
        problems["purpose"] = "need_purpose"
    named = [n for n in inspectors if n.strip()]
    if not named:
        problems["inspectors"] = "need_inspectors"
    elif len(named) > MAX_INSPECTORS:
        problems["inspectors"] = "too_many_inspectors"
    return problems


def _day(typed: str) -> date | str | None:
    """The day typed (None: none; "bad": not a day)."""
    if not typed.strip():
        return None
    try:
        return date.fromisoformat(typed.strip())
    except ValueError:
        return "bad"


def finding_form_problems(
    *, result: str, results: Sequence[str], text: str, held_on: str, today: date
) -> dict[str, str]:
    """Field → its `inspections.` key, for each mistake of a plan's finding form the portal can judge, in the form's
    order, found together (QZ21 #3: a future day held said only once the texts were short enough): no assessment
    chosen and no findings written (`need_finding`, one sentence for both, on `result`; else `need_result`,
    `need_text`), a day held that is no day (`bad_held_on`) or still to come (`held_ahead`: today or earlier, Vietnam
    time). The texts' lengths are text_limits' (`over_limits`); roster checks everything again."""
    problems: dict[str, str] = {}
    unmade = [box for box, bad in (("result", result not in results), ("text", not text.strip())) if bad]
    if len(unmade) == 2:
        problems["result"] = "need_finding"
    else:
        problems |= {box: f"need_{box}" for box in unmade}
    day = _day(held_on)
    if day == "bad":
        problems["held_on"] = "bad_held_on"
    elif isinstance(day, date) and day > today:
        problems["held_on"] = "held_ahead"
    return problems


def reschedule_form_problems(*, planned_on: str, today: date) -> dict[str, str]:
    """Field → its `inspections.` key for the new day of a plan's "move" form, found with its reason's length
    (QZ21 #3: a day gone was said only once the reason was short enough): none (`need_new_day`), not a day
    (`bad_day`), a day gone (`moved_gone`: a plan moves to today or later, Vietnam time). Roster checks again."""
    day = _day(planned_on)
    if day is None:
        return {"planned_on": "need_new_day"}
    if day == "bad":
        return {"planned_on": "bad_day"}
    return {"planned_on": "moved_gone"} if isinstance(day, date) and day < today else {}
