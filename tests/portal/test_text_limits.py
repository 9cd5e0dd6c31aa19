"""Every long text box of the portal takes what its service takes (QZ13 #12: a report's box cut a paste at 8000
without a word; the checklist's box stopped at 2000 and the portal then refused a longer text as “Mô tả … tối đa
4000”): the boxes' limit (data-max, not maxlength, which cuts a paste without a word: QZ14 #2) comes from one table, portal.domain.text_limits, and that table is held here to the
services' own request schemas."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from audit.api import schemas as audit_schemas
from portal.domain.text_limits import FORM_TEXT_MAX, TEXT_LIMITS
from roster.api.schemas import incidents, inspections, readiness, reports, shifts, swaps

TEMPLATES = Path(__file__).resolve().parents[2] / "services/portal/src/portal/templates"

# Each box of the table: the fields of the services' request schemas that take its text.
SERVICE_FIELDS: dict[str, list[tuple[type[BaseModel], str]]] = {
    "readiness.description": [
        (readiness.ReadinessItemIn, "description"),
        (readiness.ReadinessItemPatch, "description"),
    ],
    "readiness.note": [(readiness.MarkDoneIn, "note"), (readiness.ReopenIn, "note")],
    "incident.description": [(incidents.IncidentIn, "description")],
    "incident.note": [(incidents.IncidentUpdateIn, "note"), (incidents.ResolveIncidentIn, "closing_note")],
    "report.remarks": [(reports.ReportIn, "remarks")],
    "shift.notes": [(shifts.ShiftIn, "notes"), (shifts.ShiftPatch, "notes")],
    "shift.reason": [(shifts.CancelIn, "reason"), (shifts.HandoverIn, "reason")],
    "swap.reason": [(swaps.SwapIn, "reason")],
    "inspection.purpose": [(inspections.InspectionIn, "purpose")],
    "inspection.text": [(inspections.FindingIn, "text")],
    "inspection.recommendations": [(inspections.FindingIn, "recommendations")],
    "inspection.reason": [(inspections.RescheduleInspectionIn, "reason"), (inspections.CancelInspectionIn, "reason")],
    "finding.notes": [(audit_schemas.FindingIn, "notes")],
}

# Boxes of one name a line (people, inspectors, e-mail addresses): lists to the services, limited by their count.
LISTS = {
    ("admin/department.html", "{{ name }}"),
    ("inspector/findings.html", "people"),
    ("inspections/inspector.html", "inspectors"),
}


def _max_length(schema: dict[str, Any]) -> int | None:
    if "maxLength" in schema:
        return int(schema["maxLength"])
    for branch in schema.get("anyOf", []):
        if (found := _max_length(branch)) is not None:
            return found
    return None


@pytest.mark.parametrize("box", sorted(SERVICE_FIELDS))
def test_each_boxs_limit_is_its_services(box: str) -> None:
    for model, field in SERVICE_FIELDS[box]:
        said = model.model_json_schema(mode="validation")["properties"][field]
        assert _max_length(said) == TEXT_LIMITS[box], f"{box}: {model.__name__}.{field} takes {_max_length(said)}"
    assert TEXT_LIMITS[box] < FORM_TEXT_MAX  # the portal's own reading never refuses first, in other words


def test_the_table_has_no_box_the_services_are_not_compared_to() -> None:
    assert set(TEXT_LIMITS) == set(SERVICE_FIELDS)


def test_every_long_text_box_takes_its_limit_from_the_table() -> None:
    used: set[str] = set()
    for template in sorted(TEMPLATES.rglob("*.html")):
        where = str(template.relative_to(TEMPLATES))
        for box in re.finditer(r"<textarea\b[^>]*>", template.read_text("utf-8")):
            name = re.search(r'\bname="([^"]+)"', box.group(0))
            assert name, f"{where}: a textarea without a name"
            if (where, name.group(1)) in LISTS:
                continue
            limit = re.search(r"""\bdata-max="\{\{ text_limit\(['"]([\w.]+)['"]\) \}\}\"""", box.group(0))
            assert limit, f"{where}: the box {name.group(1)!r} does not take its data-max from text_limit(…)"
            assert "maxlength" not in box.group(0), f"{where}: the box {name.group(1)!r} would cut a long paste"
            assert limit.group(1) in TEXT_LIMITS, f"{where}: {limit.group(1)!r} is no box of the table"
            used.add(limit.group(1))
    assert used == set(TEXT_LIMITS)  # no limit kept in the table for a box that is gone
