"""Transaction points' Tết hours as the portal shows them: the public list grouped by district, the
manager's form (one row per campaign day: open, up to two sessions, a note) turned into roster's body, and
the points' publication status by the campaign's deadline (audit's list) as filters and a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lichtruc.text import sheet_text

from .dates import local, parse_instant


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


# --- the points' publication status by the campaign's deadline (audit's GET /transaction-hours/missing) -----

STATUSES = ("missing", "late", "pending", "on_time")
"""audit's statuses, the findings first: not published and past the deadline; published after it; not
published, the deadline still to come; published by it."""
UNSETTLED = ("missing", "late", "pending")
"""What the page lists when no status is chosen: every point not published on time (before the deadline the
points still to publish, after it the findings). audit's own default leaves out "pending"."""
STATUS_CHOICES = ("", "all", *STATUSES)
"""The page's status filter: "" (UNSETTLED), "all", or one status."""


def asked_statuses(choice: str) -> tuple[str, ...]:
    """audit's `status` values (repeatable) for the page's status filter."""
    if choice == "all":
        return STATUSES
    return (choice,) if choice in STATUSES else UNSETTLED


@dataclass(frozen=True)
class PointStatus:
    """A transaction point and whether it published its hours for the campaign by the deadline."""

    site_id: str
    site_name: str
    district: str | None
    enterprise_id: str
    enterprise_name: str
    status: str
    first_published_at: datetime | None
    published_version: int | None


def point_status(doc: Mapping[str, Any]) -> PointStatus:
    first = doc.get("first_published_at")
    return PointStatus(
        site_id=str(doc["site_id"]),
        site_name=str(doc["site_name"]),
        district=doc.get("district") or None,
        enterprise_id=str(doc["enterprise_id"]),
        enterprise_name=str(doc.get("enterprise_name") or ""),
        status=str(doc["status"]),
        first_published_at=parse_instant(first) if first else None,
        published_version=int(doc["published_version"]) if doc.get("published_version") else None,
    )


CSV_COLUMNS = ("district", "enterprise", "point", "status", "first_published_at", "published_version")


def status_csv(points: Sequence[PointStatus], *, words: Callable[[str], str]) -> bytes:
    """The points as a spreadsheet: UTF-8 with a byte-order mark (Excel then shows Vietnamese right), CRLF,
    the header and the status in words (`words("csv.<column>")`, `words("state.<status>")`), times in Vietnam
    time as "2027-01-29 15:30", no cell able to start a formula (a district is typed by people)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([sheet_text(words(f"csv.{c}")) for c in CSV_COLUMNS])
    for p in points:
        first = f"{local(p.first_published_at):%Y-%m-%d %H:%M}" if p.first_published_at else ""
        writer.writerow(
            [
                sheet_text(p.district or ""),
                sheet_text(p.enterprise_name),
                sheet_text(p.site_name),
                sheet_text(words(f"state.{p.status}")),
                first,
                str(p.published_version or ""),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
