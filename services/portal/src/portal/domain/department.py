"""The Department's details form: its boxes, and a document's recipients ("Nơi nhận") typed one a line."""

from __future__ import annotations

from collections.abc import Iterable

LINES = ("province", "department", "superior", "place")
"""The one-line boxes, in the form's order (roster's field names)."""
LISTS = ("report_recipients", "summary_recipients")
"""The boxes of recipients, one a line."""
MAX_LINE = {"province": 100, "department": 200, "superior": 200, "place": 100}
"""Roster's bounds on each line."""
MAX_RECIPIENT = 200
MAX_ABBREVIATION = 20
"""Roster's bound on the Department's abbreviation (its documents' numbers: "…/BC-STTTT"); the box may stay empty."""


def recipients_of(text: str) -> list[str]:
    """The recipients typed in a box, one a line, in order: blank lines dropped, each line's spaces made one."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def recipients_text(recipients: Iterable[str]) -> str:
    """Recipients as their box shows them: one a line."""
    return "\n".join(recipients)
