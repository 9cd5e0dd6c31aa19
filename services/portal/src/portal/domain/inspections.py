"""The inspector's new-plan form, checked as it is typed: every mistake found at once (the enterprise, the day —
missing, not a day, or gone —, the purpose, the inspectors), so that one send tells the inspector all of them.

Pure: values in (`today`: the Vietnam day of the portal's clock), catalogue keys out; roster checks again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

PLAN_FIELDS = ("enterprise_id", "planned_on", "purpose", "inspectors")


def plan_form_problems(
    *, enterprise_id: str, planned_on: str, purpose: str, inspectors: Sequence[str], today: date
) -> dict[str, str]:
    """Field → its `inspections.` key, for each mistake of the new-plan form, in the form's order: no enterprise
    chosen (`need_enterprise`), no day (`need_day`), one that is no day (`bad_day`) or a day gone (`day_gone`: an
    inspection is planned for today or later), no purpose (`need_purpose`), no inspector named (`need_inspectors`)."""
    problems: dict[str, str] = {}
    if not enterprise_id.strip():
        problems["enterprise_id"] = "need_enterprise"
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
    if not [n for n in inspectors if n.strip()]:
        problems["inspectors"] = "need_inspectors"
    return problems
