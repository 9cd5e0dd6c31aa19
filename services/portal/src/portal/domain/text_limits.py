"""How much each text box of the portal takes: the services' own limits, in one table.

A box's `data-max` (templates: `text_limit("…")`; portal.js counts down to it and, past it, says by how much and
sends nothing) and the portal's own check are these numbers, so that a person meets the limit the service keeps, at
the box itself, rather than a refusal with another number (QZ13 #12). Not `maxlength`: the browser cuts a long paste
at it mid-word without a word (QZ14 #2). Where the service's limit is a shared constant it is read from there; the others are compared to the
services' request schemas by tests/portal/test_text_limits.py. A single-line box is treated the same way (a pasted
line cut at a maxlength loses its end as silently); the boxes that still carry a maxlength, and why, are listed
there (`MAXLENGTH_LEFT`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from lichtruc.check_in import MAX_LATE_REASON
from lichtruc.events import MAX_EVIDENCE_NOTE
from lichtruc.events_hours import MAX_NOTE as MAX_HOURS_NOTE
from lichtruc.events_incidents import MAX_DESCRIPTION, MAX_NOTE
from lichtruc.events_readiness import (
    READINESS_DESCRIPTION_MAX,
    READINESS_NOTE_MAX,
    READINESS_REFERENCE_MAX,
    READINESS_TITLE_MAX,
)

TEXT_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "readiness.description": READINESS_DESCRIPTION_MAX,  # roster ReadinessItemIn.description
        "readiness.note": READINESS_NOTE_MAX,  # roster MarkDoneIn.note
        "incident.description": MAX_DESCRIPTION,  # roster IncidentIn.description
        "incident.note": MAX_NOTE,  # roster IncidentUpdateIn.note, ResolveIncidentIn.closing_note
        # single-line boxes, counted down the same way (portal.js: input[data-max])
        "incident.cause": MAX_NOTE,  # roster ResolveIncidentIn.cause
        "incident.district": 100,  # roster IncidentIn.district (District)
        "incident.removal_reason": MAX_NOTE,  # roster RemovalReason (the query of DELETE …/responders/{id})
        "report.remarks": 8000,  # roster ReportIn.remarks (roster's domain.reports.MAX_REMARKS)
        "shift.notes": 2000,  # roster ShiftIn.notes
        "shift.reason": 2000,  # roster CancelIn.reason, HandoverIn.reason
        "shift.evidence_note": MAX_EVIDENCE_NOTE,  # roster PresenceIn.evidence_note (a presence confirmed afterwards)
        "shift.late_reason": MAX_LATE_REASON,  # roster CheckInIn.late_reason, LateReasonIn.late_reason (QZ29 #13)
        "swap.reason": 2000,  # roster SwapIn.reason
        "early_leave.reason": 500,  # roster's domain.early_leave.REASON_MAX (its schema reads up to 2000)
        "swap.decision_note": 2000,  # roster ApproveSwapIn.note, RejectSwapIn.note (one-line boxes)
        "swap.agreement": 2000,  # roster ApproveSwapIn.agreement: how the colleague agreed (QZ26 #12)
        "swap.answer_note": 2000,  # roster AnswerSwapIn.note, TakeSwapIn.note: the colleague's note
        "inspection.purpose": 4000,  # roster InspectionIn.purpose
        "inspection.text": 4000,  # roster FindingIn.text
        "inspection.recommendations": 4000,  # roster FindingIn.recommendations
        "inspection.reason": 2000,  # roster RescheduleInspectionIn.reason, CancelInspectionIn.reason
        "finding.notes": 4000,  # audit FindingIn.notes
        "explanation.reason": 4000,  # audit domain.explanations.REASON_MAX (a multipart form's field)
        "explanation.action": 4000,  # audit domain.explanations.ACTION_MAX
        "explanation.note": 2000,  # audit ReviewIn.note
        "campaign_report.recommendations": 4000,  # audit RemarksIn.recommendations (domain.campaign_report.MAX_REMARKS)
        # the administrator's and the manager's one-line boxes (QZ14 #2: they carried maxlengths of their own)
        "account.login": 200,  # roster AccountIn.login (roster's domain.accounts.LOGIN_MAX)
        "account.display_name": 200,  # roster AccountIn.display_name, AccountPatch.display_name (Name)
        "campaign.name": 200,  # roster CampaignIn.name, CampaignPatch.name (Name)
        "campaign.peak_name": 200,  # roster PeakIn.name (Name)
        "department.province": 100,  # roster DepartmentIn.province (Line)
        "department.place": 100,  # roster DepartmentIn.place (Line)
        "department.department": 200,  # roster DepartmentIn.department (LongLine)
        "department.superior": 200,  # roster DepartmentIn.superior (LongLine)
        "department.abbreviation": 20,  # roster's domain.department.MAX_ABBREVIATION (its schema reads up to 40)
        "site.name": 200,  # roster SiteIn.name, SitePatch.name (Name)
        "site.district": 100,  # roster SiteIn.district, SitePatch.district (District)
        "readiness.title": READINESS_TITLE_MAX,  # roster ReadinessItemIn.title_vi/title_en, ReadinessItemPatch's
        "readiness.reference": READINESS_REFERENCE_MAX,  # roster MarkDoneIn.reference
        "staff.full_name": 200,  # roster StaffIn.full_name, StaffPatch.full_name (Name)
        "staff.phone": 30,  # roster StaffIn.phone, StaffPatch.phone
        "staff.email": 254,  # roster StaffIn.email, StaffPatch.email
        "reminders.webhook_url": 2083,  # notifier PreferencesIn.webhook_url (an HttpUrl)
        "reminders.webhook_secret": 200,  # notifier PreferencesIn.webhook_secret
        "tet_hours.note": MAX_HOURS_NOTE,  # roster DayHoursIn.note
    }
)

FOUND_NAME_MAX = 200
"""The most characters of one name in a finding's "people present" box (one a line): audit's FoundIn.name. Not a box
of TEXT_LIMITS: the box holds a list (tests/portal/test_text_limits.py, LISTS), each of its lines bounded by this."""

FORM_TEXT_MAX = 100_000
"""What the portal's own form reading takes of one long text box: far over every limit above, so that a text too
long for its service is refused by the page's own check, beside its box and kept, not by a bare "too long" page."""


def text_limit(box: str) -> int:
    """The most characters the text box `box` (a key of TEXT_LIMITS) takes."""
    return TEXT_LIMITS[box]


def one_line_break(text: str) -> str:
    """`text` with each line break one character, LF: a browser sends a textarea's as CR LF (api.text.LfForm makes
    every form's so before any route reads it); a lone CR (an old Mac's, a paste) is one too."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sent_length(text: str) -> int:
    """How many characters of `text` its service counts: the text as the portal sends it on, trimmed at either end,
    each line break one character (LF: `one_line_break`), as the service stores it. portal.js (`sentLength`) counts a
    box the same way before it is sent (a box's value holds LF), so that both say the same number (QZ16 #7, QZ19
    #10: 2,000 characters with 10 line breaks were “Quá 10 ký tự” live and “Over the limit by 41” without script)."""
    return len(one_line_break(text).strip())


def over_limits(boxes: Mapping[str, tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """The boxes past their limit, each field → (how many characters over, the limit): `boxes` maps a field to its
    text and its key in TEXT_LIMITS. Said in the words portal.js says under the box (`check.text_over`)."""
    over = {}
    for field, (text, box) in boxes.items():
        most = TEXT_LIMITS[box]
        if (length := sent_length(text)) > most:
            over[field] = (length - most, most)
    return over


Say = Callable[[str, int, int], str]
"""The portal's words for a box past its limit, in a language: (lang, characters over, the limit) → the sentence
portal.js says under the box (`check.text_over`)."""


def over_said(problem: Mapping[str, Any], sent: Any, say: Say) -> dict[str, Any]:
    """A service's refusal (`problem`, RFC 9457) of the form body the portal `sent` it, each text it refused as too
    long said in portal.js's words instead of its own ("Tên điểm trực: quá dài (tối đa 200 ký tự)"): by how much,
    counted as `sent_length` counts, and the limit the service gave (its error's `max_length`) — so that every form
    whose service refuses a text past its limit, sent without script, says what the box said with script (QZ17 #4),
    whichever of the portal's readings of a refusal puts it beside the box. An error the portal cannot count (no
    limit given, a field not in what was sent, a count not over the limit) keeps the service's words."""
    errors = problem.get("errors")
    if not isinstance(sent, Mapping) or not isinstance(errors, list):
        return dict(problem)
    said = []
    for error in errors:
        over = _over(error, sent)
        if over is None:
            said.append(error)
        else:
            n, most = over
            said.append({**error, "message": say("en", n, most), "message_vi": say("vi", n, most), "over": n})
    return {**problem, "errors": said}


TEXT_TOO_LONG = ("string_too_long", "url_too_long")
"""The rules of a service's refusal of a text past its limit, a URL's too (a webhook's address): those whose errors
carry `max_length` (lichtruc.problems)."""


def _over(error: object, sent: Mapping[str, Any]) -> tuple[int, int] | None:
    if not isinstance(error, Mapping) or error.get("rule") not in TEXT_TOO_LONG:  # a text's, or a URL's (a webhook)
        return None
    most, path = error.get("max_length"), str(error.get("field") or "").split(".")
    text = _at(sent, path[1:]) if path[0] == "body" else None
    if not isinstance(most, int) or not isinstance(text, str):
        return None
    n = sent_length(text) - most
    return (n, most) if n > 0 else None


def _at(sent: Any, path: list[str]) -> Any:
    """What was sent at `path` ("days", "3", "note": the fourth day's note), None where nothing was."""
    for part in path:
        if isinstance(sent, Mapping):
            sent = sent.get(part)
        elif isinstance(sent, list) and part.isdigit() and int(part) < len(sent):
            sent = sent[int(part)]
        else:
            return None
    return sent
