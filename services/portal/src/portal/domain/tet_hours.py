"""Transaction points' Tết hours as the portal shows them: the public list grouped by district, and the
manager's form (one row per campaign day: open, up to two sessions, a note) turned into roster's body."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class District:
    name: str
    points: tuple[Mapping[str, Any], ...]


def by_district(points: Sequence[Mapping[str, Any]], *, unnamed: str) -> list[District]:
    """The points in roster's order (district, enterprise, point), grouped by district."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for p in points:
        groups.setdefault(str(p.get("district") or unnamed), []).append(p)
    return [District(name, tuple(items)) for name, items in groups.items()]


@dataclass(frozen=True)
class DayRow:
    """One campaign day of the manager's form, filled from the draft (or empty)."""

    day: str
    label: str
    open: bool
    sessions: tuple[tuple[str, str], tuple[str, str]]
    note: str


def form_rows(
    campaign_days: Sequence[str], draft_days: Sequence[Mapping[str, Any]], labels: Mapping[str, str]
) -> list[DayRow]:
    known = {str(d["day"]): d for d in draft_days}
    rows = []
    for day in campaign_days:
        d = known.get(day)
        sessions = [(str(s["opens"]), str(s["closes"])) for s in (d["sessions"] if d else [])]
        sessions += [("", "")] * (2 - len(sessions))
        rows.append(
            DayRow(
                day=day,
                label=labels.get(day, day),
                open=bool(d["open"]) if d else True,
                sessions=(sessions[0], sessions[1]),
                note=str(d.get("note") or "") if d else "",
            )
        )
    return rows


def days_from_form(campaign_days: Sequence[str], form: Mapping[str, str]) -> list[dict[str, Any]]:
    """roster's `days` from the form: `open-<day>` checked (else closed), sessions from `a1-/b1-/a2-/b2-<day>`
    (a session with an empty time is left out), `note-<day>`."""
    days = []
    for day in campaign_days:
        is_open = form.get(f"open-{day}") == "1"
        sessions = []
        for i in (1, 2):
            opens, closes = form.get(f"a{i}-{day}", "").strip(), form.get(f"b{i}-{day}", "").strip()
            if opens and closes and is_open:
                sessions.append({"opens": opens[:5], "closes": closes[:5]})
        note = form.get(f"note-{day}", "").strip()[:300]
        days.append({"day": day, "open": is_open, "sessions": sessions, "note": note or None})
    return days
