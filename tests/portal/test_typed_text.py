"""A person's own words (an incident's description, its updates and closing notes, a swap's reason, a finding's
notes, a readiness note, a report's remarks…) keep the lines they were typed in and wrap a long word: one class,
`typed-text`, on every element that shows them (QZ16 #3: an 11-line description read as one run-on paragraph)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

import portal
from portal.app import create_app
from portal.settings import PortalSettings

from .test_core import _client
from .test_incident_pages import INCIDENT, IncidentRoster, _night, _signed_in

TEMPLATES = Path(portal.__file__).parent / "templates"
CSS = Path(portal.__file__).parent / "static" / "portal.css"

# template → the expressions in it that show what a person typed, each to be inside a `typed-text` element
TYPED: dict[str, tuple[str, ...]] = {
    "incidents/detail.html": ("i.description", "i.cause", "i.closing_note", "u.note"),
    "incidents/province_detail.html": ("i.description", "i.cause", "i.closing_note", "u.note", "change(c)"),
    "staff/swaps.html": ("s.reason", "s.decision_note"),
    "manager/swaps.html": ("s.reason", "s.decision_note"),
    "staff/_shift_card.html": ("card.notes", "card.cancel_reason", "card.swap.decision_note"),
    "manager/cell_panel.html": ("shift.notes",),
    "reports/daily.html": ("sent.remarks", "i.said", "i.summary"),
    "inspector/finding.html": ("finding.notes",),
    "readiness/checklist.html": ("line.description", "line.note"),
    "readiness/overview.html": ("line.note",),
    "inspections/inspector.html": ("p.purpose", "p.finding_text", "p.recommendations"),
    "inspections/manager.html": ("p.purpose", "p.finding_text", "p.recommendations"),
    "inspections/notes.html": ("p.reschedule_reason", "p.cancel_reason"),
    "inspector/history.html": ("r.summary",),
    "inspector/account_history.html": ("r.summary",),
    "partials/forms.html": ("value=said",),
}


def _shown_at(source: str, expression: str) -> list[int]:
    """Where the expression is shown: inside a `{{ … }}`, not a test of `{% if … %}` nor a form box's value."""
    places = []
    for shown in re.finditer(r"\{\{(.*?)\}\}", source, re.S):
        if source.rfind("<textarea", 0, shown.start()) > source.rfind("</textarea>", 0, shown.start()):
            continue  # the words back in their box, to send again
        if re.search(r"(?<![\w.\"'])" + re.escape(expression) + r"(?!\w)", shown.group(1)):
            places.append(shown.start())
    return places


def _inside_typed_text(source: str, at: int) -> bool:
    """An element with the class opened before `at` and not closed since (elements opened and closed inside it, as a
    `<strong>` time before the words, set aside)."""
    before = source[:at]
    opened = list(re.finditer(r'<[a-z]+[^<>]*\bclass="[^"]*\btyped-text\b[^"]*"[^<>]*>', before))
    if not opened:
        return False
    since = before[opened[-1].end() :]
    while (shorter := re.sub(r"<([a-z]+)[^<>]*>[^<]*</\1>", "", since)) != since:
        since = shorter
    return "</" not in since


def test_every_field_a_person_typed_keeps_its_lines_with_one_class() -> None:
    rule = re.search(r"\.typed-text\s*\{([^}]*)\}", CSS.read_text(encoding="utf-8"))
    assert rule is not None
    assert "white-space: pre-line" in rule.group(1) and "overflow-wrap: anywhere" in rule.group(1)
    missing = []
    for name, expressions in TYPED.items():
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        for expression in expressions:
            places = _shown_at(source, expression)
            assert places, f"{name}: {expression} is no longer shown (update this test)"
            missing += [f"{name}: {expression}" for at in places if not _inside_typed_text(source, at)]
    assert missing == [], "\n".join(missing)
    # one class for all: no line breaks built into markup, nor another class for the same
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*replace\(\s*['\"]\\n", source), template
        assert "sent-remarks" not in source, template


async def test_an_incidents_eleven_lines_arrive_as_typed_inside_the_class(monkeypatch) -> None:
    lines = [f"Ánh Tuyết báo Dòng {n}: mất tín hiệu" for n in range(1, 12)]
    monkeypatch.setitem(INCIDENT, "description", "\n".join(lines))
    monkeypatch.setitem(
        INCIDENT, "updates", [{"at": "2027-02-05T17:00:00Z", "note": "Đã đến trạm\nĐang đo cáp", "by_name": "An"}]
    )
    roster = IncidentRoster()
    app = create_app(
        PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster), clock=_night
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        detail = await client.get("/incidents/i1")
    assert detail.status_code == 200
    typed = "\n".join(lines)
    assert f'<dd class="typed-text">{typed}</dd>' in detail.text
    assert '<span class="typed-text">Đã đến trạm\nĐang đo cáp</span>' in detail.text
