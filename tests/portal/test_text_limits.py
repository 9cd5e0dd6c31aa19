"""Every long text box of the portal takes what its service takes (QZ13 #12: a report's box cut a paste at 8000
without a word; the checklist's box stopped at 2000 and the portal then refused a longer text as “Mô tả … tối đa
4000”): the boxes' limit (data-max, not maxlength, which cuts a paste without a word: QZ14 #2) comes from one table, portal.domain.text_limits, and that table is held here to the
services' own request schemas."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from audit.api import campaign_report as audit_report
from audit.api import explanations as audit_explanations
from audit.api import schemas as audit_schemas
from audit.domain import explanations as explanation_rules
from notifier.api import schemas as notifier_schemas
from portal.api.text import LfMultipart, lf_form
from portal.domain.text_limits import (
    FORM_TEXT_MAX,
    FOUND_NAME_MAX,
    TEXT_LIMITS,
    one_line_break,
    over_limits,
    over_said,
    sent_length,
)
from roster.api.schemas import (
    accounts,
    campaigns,
    department,
    hours,
    incidents,
    inspections,
    readiness,
    reference,
    reports,
    shifts,
    swaps,
)
from roster.domain import early_leave as early_leave_rules
from roster.domain import lateness
from roster.domain.department import MAX_ABBREVIATION

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
    "incident.cause": [(incidents.ResolveIncidentIn, "cause")],
    "incident.district": [(incidents.IncidentIn, "district")],
    "report.remarks": [(reports.ReportIn, "remarks")],
    "shift.notes": [(shifts.ShiftIn, "notes"), (shifts.ShiftPatch, "notes")],
    "shift.reason": [(shifts.CancelIn, "reason"), (shifts.HandoverIn, "reason")],
    "shift.evidence_note": [(shifts.PresenceIn, "evidence_note")],
    "swap.reason": [(swaps.SwapIn, "reason")],
    "swap.decision_note": [(swaps.ApproveSwapIn, "note"), (swaps.RejectSwapIn, "note")],
    "swap.agreement": [(swaps.ApproveSwapIn, "agreement")],
    "swap.answer_note": [(swaps.AnswerSwapIn, "note"), (swaps.TakeSwapIn, "note")],
    "inspection.purpose": [(inspections.InspectionIn, "purpose")],
    "inspection.text": [(inspections.FindingIn, "text")],
    "inspection.recommendations": [(inspections.FindingIn, "recommendations")],
    "inspection.reason": [(inspections.RescheduleInspectionIn, "reason"), (inspections.CancelInspectionIn, "reason")],
    "finding.notes": [(audit_schemas.FindingIn, "notes")],
    "explanation.note": [(audit_explanations.ReviewIn, "note")],
    "campaign_report.recommendations": [(audit_report.RemarksIn, "recommendations")],
    "account.login": [(accounts.AccountIn, "login")],
    "account.display_name": [(accounts.AccountIn, "display_name"), (accounts.AccountPatch, "display_name")],
    "campaign.name": [(campaigns.CampaignIn, "name"), (campaigns.CampaignPatch, "name")],
    "campaign.peak_name": [(campaigns.PeakIn, "name")],
    "department.province": [(department.DepartmentIn, "province")],
    "department.place": [(department.DepartmentIn, "place")],
    "department.department": [(department.DepartmentIn, "department")],
    "department.superior": [(department.DepartmentIn, "superior")],
    "site.name": [(reference.SiteIn, "name"), (reference.SitePatch, "name")],
    "site.district": [(reference.SiteIn, "district"), (reference.SitePatch, "district")],
    "readiness.title": [
        (readiness.ReadinessItemIn, "title_vi"),
        (readiness.ReadinessItemIn, "title_en"),
        (readiness.ReadinessItemPatch, "title_vi"),
        (readiness.ReadinessItemPatch, "title_en"),
    ],
    "readiness.reference": [(readiness.MarkDoneIn, "reference")],
    "staff.full_name": [(reference.StaffIn, "full_name"), (reference.StaffPatch, "full_name")],
    "staff.phone": [(reference.StaffIn, "phone"), (reference.StaffPatch, "phone")],
    "staff.email": [(reference.StaffIn, "email"), (reference.StaffPatch, "email")],
    "reminders.webhook_url": [(notifier_schemas.PreferencesIn, "webhook_url")],
    "reminders.webhook_secret": [(notifier_schemas.PreferencesIn, "webhook_secret")],
    "tet_hours.note": [(hours.DayHoursIn, "note")],
}

# Each box of the table whose service reads more than it keeps (its schema's bound is the raw text's), with the
# service's own rule: the box counts down to what is kept. The abbreviation: roster reads 40 and keeps at most 20.
# An explanation's words come in a multipart form (its files with them): audit's rule, not a schema, bounds them.
SERVICE_RULES: dict[str, int] = {
    "department.abbreviation": MAX_ABBREVIATION,
    "explanation.reason": explanation_rules.REASON_MAX,
    "explanation.action": explanation_rules.ACTION_MAX,
    "shift.late_reason": lateness.MAX_LATE_REASON,  # roster's domain.lateness (its schema reads up to 2000)
    "early_leave.reason": early_leave_rules.REASON_MAX,  # “Tôi cần về sớm” (QZ29 #8): roster's rule, short
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


# Each box of the table whose text goes to a service as a query's value (no request schema): the type it is read as.
SERVICE_TYPES: dict[str, Any] = {"incident.removal_reason": incidents.RemovalReason}

# The text boxes that still carry a maxlength instead of the table's data-max, each (template, name) with why.
SEARCHES = "a search or filter: nothing typed is kept, and a cut query finds no less than the service would"
SIGN_IN = "the sign-in and password boxes: a counter would read a password's length aloud; roster's limits"
LEFT = "a stored single-line box not moved to the table yet: its maxlength is still its own (to do, as the incident boxes were)"
MAXLENGTH_LEFT: dict[tuple[str, str], str] = {
    **dict.fromkeys(
        (
            ("admin/account_form.html", "staff_q"),
            ("admin/accounts.html", "q"),
            ("admin/districts.html", "q"),
            ("admin/enterprises.html", "q"),
            ("admin/readiness.html", "q"),
            ("admin/sites.html", "q"),
            ("admin/sites.html", "district"),
            ("inspector/account_history.html", "q"),
            ("inspector/on_duty.html", "person"),
            ("manager/cell_panel.html", "people_q"),
            ("manager/cell_panel.html", "who"),
            ("manager/staff.html", "q"),
            ("tet_hours/status.html", "district"),
        ),
        SEARCHES,
    ),
    **dict.fromkeys(
        (("auth/login.html", "login"), ("auth/login.html", "password"), ("admin/account_form.html", "password")),
        SIGN_IN,
    ),
    **dict.fromkeys(
        (
            ("admin/enterprise_form.html", "manager_emails"),
            ("admin/enterprise_form.html", "manager_phone"),
            ("admin/enterprise_form.html", "name"),
        ),
        LEFT,
    ),
}


@pytest.mark.parametrize("box", sorted(SERVICE_FIELDS))
def test_each_boxs_limit_is_its_services(box: str) -> None:
    for model, field in SERVICE_FIELDS[box]:
        said = model.model_json_schema(mode="validation")["properties"][field]
        assert _max_length(said) == TEXT_LIMITS[box], f"{box}: {model.__name__}.{field} takes {_max_length(said)}"
    assert TEXT_LIMITS[box] < FORM_TEXT_MAX  # the portal's own reading never refuses first, in other words


@pytest.mark.parametrize("box", sorted(SERVICE_TYPES))
def test_each_boxs_limit_sent_in_a_query_is_its_services(box: str) -> None:
    said = TypeAdapter(SERVICE_TYPES[box]).json_schema(mode="validation")
    assert _max_length(said) == TEXT_LIMITS[box], f"{box}: the service takes {_max_length(said)}"


@pytest.mark.parametrize("box", sorted(SERVICE_RULES))
def test_each_boxs_limit_kept_by_a_services_rule_is_its_services(box: str) -> None:
    assert SERVICE_RULES[box] == TEXT_LIMITS[box] < FORM_TEXT_MAX


def test_the_table_has_no_box_the_services_are_not_compared_to() -> None:
    assert set(TEXT_LIMITS) == set(SERVICE_FIELDS) | set(SERVICE_TYPES) | set(SERVICE_RULES)
    assert not set(SERVICE_FIELDS) & set(SERVICE_TYPES)
    assert not (set(SERVICE_FIELDS) | set(SERVICE_TYPES)) & set(SERVICE_RULES)


def _name(tag: str, where: str) -> str:
    """A box's name: its name attribute, or a `field(…)`/`filter_input(…)` macro's first argument."""
    found = re.search(r'\bname="([^"]+)"', tag) or re.search(r"""(?:field|filter_input)\(\s*["']([^"']+)["']""", tag)
    assert found, f"{where}: a box without a name: {tag[:120]}"
    return found.group(1)


def test_every_single_line_box_takes_its_limit_from_the_table_or_says_why_not() -> None:
    """QZ14: the incident form's one-line boxes carried maxlengths of their own (a pasted cause cut at 2000, a
    removal's reason at 500 where roster takes 2000). A one-line box's limit is the table's, as a data-max; the
    boxes still holding a maxlength are named in MAXLENGTH_LEFT with the reason, and none is named there in vain."""
    seen: set[tuple[str, str]] = set()
    for template in sorted(TEMPLATES.rglob("*.html")):
        where = str(template.relative_to(TEMPLATES))
        text = template.read_text("utf-8")
        # an <input> tag, or a line drawing one through the forms' macros (whose attrs hold the limit)
        for tag in re.finditer(r"<input\b[^>]*>|\{\{-? *(?:field|filter_input)\((?:(?!\}\}).)*", text, re.DOTALL):
            box = tag.group(0)
            if "maxlength" not in box and "data-max" not in box:
                continue
            name = _name(box, where)
            if "maxlength" in box:
                assert (where, name) in MAXLENGTH_LEFT, f"{where}: the box {name!r} has a maxlength not in the table"
                seen.add((where, name))
                continue
            limit = re.search(r"""data-max(?:="\{\{ |["']: )text_limit\(['"]([\w.]+)['"]\)""", box)
            assert limit, f"{where}: the box {name!r} does not take its data-max from text_limit(…)"
            assert limit.group(1) in TEXT_LIMITS, f"{where}: {limit.group(1)!r} is no box of the table"
    # the sign-in page sets its boxes' attributes apart from the boxes
    assert ("auth/login.html", "login") in MAXLENGTH_LEFT and '"maxlength": "320"' in (
        TEMPLATES / "auth/login.html"
    ).read_text("utf-8")
    seen |= {("auth/login.html", "login"), ("auth/login.html", "password")}
    assert seen == set(MAXLENGTH_LEFT)


def _single_line_boxes() -> set[str]:
    """The boxes of the table an <input> (or a `field(…)` line) takes its data-max from."""
    found: set[str] = set()
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text("utf-8")
        for tag in re.finditer(r"<input\b[^>]*>|\{\{-? *(?:field|filter_input)\((?:(?!\}\}).)*", text, re.DOTALL):
            if limit := re.search(r"""data-max(?:="\{\{ |["']: )text_limit\(['"]([\w.]+)['"]\)""", tag.group(0)):
                found.add(limit.group(1))
    return found


def test_every_long_text_box_takes_its_limit_from_the_table() -> None:
    used: set[str] = set()
    for template in sorted(TEMPLATES.rglob("*.html")):
        where = str(template.relative_to(TEMPLATES))
        for box in re.finditer(r"<textarea\b[^>]*>", template.read_text("utf-8")):
            if re.search(r"\breadonly\b", box.group(0)):
                continue  # text to copy (a proof's checkpoint), nothing typed or sent
            name = re.search(r'\bname="([^"]+)"', box.group(0))
            assert name, f"{where}: a textarea without a name"
            if (where, name.group(1)) in LISTS:
                continue
            limit = re.search(r"""\bdata-max="\{\{ text_limit\(['"]([\w.]+)['"]\) \}\}\"""", box.group(0))
            assert limit, f"{where}: the box {name.group(1)!r} does not take its data-max from text_limit(…)"
            assert "maxlength" not in box.group(0), f"{where}: the box {name.group(1)!r} would cut a long paste"
            assert limit.group(1) in TEXT_LIMITS, f"{where}: {limit.group(1)!r} is no box of the table"
            used.add(limit.group(1))
    assert used | _single_line_boxes() == set(TEXT_LIMITS)  # no limit kept in the table for a box that is gone


def test_a_line_break_is_one_character_and_the_ends_are_not_counted() -> None:
    """QZ19 #10: a reason of exactly 2,000 characters with 10 line breaks was "Quá 10 ký tự" — the browser sends a
    line break as CR LF, and it was counted as two. It is one (LF), as the person typed it and the service stores it;
    a lone CR is one too."""
    assert one_line_break("Dòng 1\r\nDòng 2\rDòng 3\n\r\n") == "Dòng 1\nDòng 2\nDòng 3\n\n"
    assert sent_length("  Dòng 1\r\nDòng 2\r\n") == 13
    assert sent_length("Dòng 1\rDòng 2") == sent_length("Dòng 1\nDòng 2") == 13
    reason = "\r\n".join(["b" * 181] * 10 + ["b" * 180])  # 2,000 characters typed, 10 of them line breaks
    assert over_limits({"note": (reason, "incident.note")}) == {}
    assert over_limits({"note": (reason + "b", "incident.note")}) == {"note": (1, 2000)}
    assert over_limits({"note": ("b" * 2000 + "\r\n  ", "incident.note")}) == {}


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 1000])
def test_a_form_body_has_its_line_breaks_lf_however_it_arrives_in_chunks(size: int) -> None:
    """api.text.LfForm: each CR LF ("%0D%0A") or lone CR ("%0D", "%0d") of a URL-encoded body is one LF ("%0A"),
    even one cut between two chunks; a "%" typed ("%25") and a typed "%0D" in words ("%250D") are left as they are."""
    body = b"note=D%C3%B2ng+1%0D%0ADong+2%0DDong+3%0d%0aX%0A%250D%0D&version=1%0D"
    out, held = b"", b""
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    for n, chunk in enumerate(chunks):
        done, held = lf_form(held + chunk, more=n < len(chunks) - 1)
        out += done
    assert held == b""
    assert out == b"note=D%C3%B2ng+1%0ADong+2%0ADong+3%0AX%0A%250D%0A&version=1%0A"


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64, 100_000])
def test_a_multipart_forms_text_fields_have_their_line_breaks_lf_and_its_files_their_bytes(size: int) -> None:
    """api.text.LfMultipart (C3: "multipart forms keep CRLF as sent"): each CR LF or lone CR of a text field is one
    LF, even one cut between two chunks or ending the field; a file part's bytes are left as they came."""
    file = b"m\xc3\xa3 s\xe1\xbb\xb1 c\xe1\xbb\x91\r\nSC-01\r\r\n"
    body = (
        b'--b0\r\nContent-Disposition: form-data; name="note"\r\n\r\n'
        b"D\xc3\xb2ng 1\r\nDong 2\rDong 3\r\n\r\nX\r\r\n--b0\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n'
        + file
        + b'\r\n--b0\r\nContent-Disposition: form-data; name="version"\r\n\r\n1\r\n--b0--\r\n'
    )
    parts = LfMultipart(b"b0")
    out = b"".join(parts.feed(body[i : i + size]) for i in range(0, len(body), size))
    assert out == (
        b'--b0\r\nContent-Disposition: form-data; name="note"\r\n\r\n'
        b"D\xc3\xb2ng 1\nDong 2\nDong 3\n\nX\n\r\n--b0\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n'
        + file
        + b'\r\n--b0\r\nContent-Disposition: form-data; name="version"\r\n\r\n1\r\n--b0--\r\n'
    )
    broken = LfMultipart(b"b0")  # not multipart after all: passed on as it came, for Starlette to refuse
    assert broken.feed(b"--b0\r\nnot a header line\r\n\r\nx\r\n") == b"--b0\r\nnot a header line\r\n\r\nx\r\n"


def test_a_services_refusal_of_a_text_too_long_is_said_by_how_much_when_the_portal_can_count_it() -> None:
    """QZ17 #4: roster's 'quá dài (tối đa 200 ký tự)' of a box sent without script, said as portal.js says it under
    the box; an error the portal cannot count keeps roster's words."""
    too_long = {"field": "body.name", "rule": "string_too_long", "message_vi": "Tên: quá dài (tối đa 200 ký tự)"}
    errors: list[dict[str, Any]] = [
        {**too_long, "max_length": 200},
        {**too_long, "field": "body.district", "max_length": 100},  # not over as the portal counts it
        {**too_long, "field": "body.place"},  # no limit given
        {"field": "body.kind", "rule": "literal_error", "message_vi": "Loại: giá trị không được phép"},
        {**too_long, "field": "body.peaks.1.name", "max_length": 200},  # an item of a list: the second peak's
        {**too_long, "field": "body.peaks.2.name", "max_length": 200},  # no third peak was sent
    ]
    problem = {"type": "x/validation", "errors": errors}
    sent: dict[str, Any] = {
        "name": " " + "x" * 203 + "\r\n",
        "district": "y" * 100 + "  ",
        "place": "z" * 300,
        "kind": "?",
    }
    sent |= {"peaks": [{"name": "Giao thừa"}, {"name": "m" * 250}]}
    said = over_said(problem, sent, lambda lang, n, most: f"{lang} {n}/{most}")
    assert said["errors"][0] == {**errors[0], "message": "en 3/200", "message_vi": "vi 3/200", "over": 3}
    assert said["errors"][1:4] == errors[1:4]
    assert said["errors"][4] == {**errors[4], "message": "en 50/200", "message_vi": "vi 50/200", "over": 50}
    assert said["errors"][5] == errors[5]
    assert over_said(problem, None, lambda *_: "") == problem  # nothing sent as a form (a query, a file)


SUMMARY_LABELLED_ELSEWHERE = {
    ("manager/cell_panel.html", "notes"): "the cell's refusals are said under their form's label (manage.TEXT_LABELS)",
    ("manager/cell_panel.html", "reason"): "the cell's refusals are said under their form's label (manage.TEXT_LABELS)",
    ("inspections/inspector.html", "text"): "a plan's forms say their refusal under the box's label (BOX_LABELS)",
    ("inspections/inspector.html", "recommendations"): "as above (inspections.BOX_LABELS)",
    ("inspections/inspector.html", "reason"): "as above (inspections.BOX_LABELS)",
    ("admin/campaign.html", "peak_name"): "a peak row's box: its refusal is the campaign's “peaks” line, naming the "
    "row under “Cao điểm” (“Cao điểm, dòng 2, ô tên: …”; seen: test_manage_admin_pages, a peak name past roster's limit)",
}
"""The limited boxes of a page with a refusal summary (`error_summary`, `form_refused`) whose line in it is not
labelled by the summary's `labels`, and why."""


def test_every_summary_line_of_a_box_with_a_limit_begins_with_its_label() -> None:
    """QZ20 #4: “Chưa ghi nhận được sự cố: có 1 chỗ cần sửa… • Quá 1 ký tự (tối đa 4000) — …”: a box's refusal listed
    at the form's top named no box. Each page whose form lists its refusals at its top gives the summary the label
    of every box with a limit (`labels`: the line then begins with it, as the swap inbox's “Lý do từ chối: Quá 1 ký
    tự…”), or is listed above with where its label is said instead. A form whose other sentences name their box
    already labels its length refusals alone (`labelled`: the staff editor, the reminder settings); its pages' tests
    hold which lines take the label."""
    forms = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        where, text = str(template.relative_to(TEMPLATES)), template.read_text("utf-8")
        calls = re.findall(r"\{\{ (?:error_summary|form_refused)\((.*?)\) \}\}", text, re.S)
        tags = re.findall(r"<(?:textarea|input)\b[^>]*data-max=[^>]*>", text)
        boxes = {found.group(1) for tag in tags if (found := re.search(r'\bname="([^"]+)"', tag))}
        boxes |= set(re.findall(r'\{\{ field\("(\w+)",[^\n]*"data-max": text_limit', text))
        if not calls or not boxes:
            continue
        forms.append(where)
        labelled = {label for call in calls for label in re.findall(r'"(\w+)": t\(', call.split("labels=", 1)[-1])}
        for box in sorted(boxes):
            if (where, box) not in SUMMARY_LABELLED_ELSEWHERE and "labels=labels" not in " ".join(calls):
                assert box in labelled, f"{where}: the summary's line of {box!r} would name no box"
    assert {"incidents/list.html", "incidents/detail.html", "inspector/findings.html"} <= set(forms), forms


def test_a_findings_name_is_bounded_as_audit_bounds_it() -> None:
    """The people box holds a list (LISTS): each of its names is said too long by the portal at audit's bound."""
    assert _max_length(audit_schemas.FoundIn.model_json_schema()["properties"]["name"]) == FOUND_NAME_MAX
