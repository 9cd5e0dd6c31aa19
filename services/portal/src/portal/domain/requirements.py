"""Coverage requirements as a manager reads and writes them: a window in words ("every day
18:00–06:00 the next morning", "once: 18:00 05/02/2027 → 06:00 06/02") and the add/edit form
turned into roster's body, with the mistakes people make caught before roster is asked.

A daily window is a pair of local times (Vietnam time) repeated every day of the campaign; an
end at or before the start crosses midnight, 00:00–00:00 is the whole day. A one-off window is
two instants; the form gives them as local date-times (`2027-02-05T18:00`), read as Vietnam time.

Whether an enterprise's requirements of a campaign are set, for the getting-started steps, is one rule
(`unset_duties`): the board's checklist and the next step a save links judge it the same."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lichtruc.duty_types import DUTY_BY_KEY

from .dates import VIETNAM, parse_instant

DIRECTIVE_DUTIES = ("leadership", "operations", "incident_response")
"""The duties the directive (79/STTTT-BCTT) asks every enterprise to keep through Tết: its own requirements for each
are what a new enterprise's "Requirements" step is about (the Department's border patrols are made for it)."""


def unset_duties(required: Iterable[str], *, drill: bool) -> tuple[str, ...]:
    """The one rule of the getting-started "Requirements" step, the board's checklist and a save's "Đã lưu." next
    step alike (H2: the next step took any requirement for done, the checklist did not): the directive's duties a
    campaign's requirements of the enterprise (`required`: their duty types) leave unset, in its order — done when
    none. A Tết campaign needs each of them (QZ21 #2: the Department's border patrols alone are not the enterprise's
    own); a drill asks only what its organiser chose, anything required will do."""
    found = set(required)
    if drill:
        return () if found else DIRECTIVE_DUTIES
    return tuple(k for k in DIRECTIVE_DUTIES if k not in found)


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class WindowView:
    """`key` picks the words: whole_day, daily (same day), overnight (ends the next morning), one_off."""

    key: str
    start: str = ""
    end: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def describe_window(window: Mapping[str, Any]) -> WindowView:
    if window.get("kind") == "one_off":
        return WindowView(
            "one_off", starts_at=parse_instant(str(window["starts_at"])), ends_at=parse_instant(str(window["ends_at"]))
        )
    start, end = str(window.get("start_local", "00:00")), str(window.get("end_local", "00:00"))
    if start == end == "00:00":
        return WindowView("whole_day", start, end)
    return WindowView("daily" if end > start else "overnight", start, end)


@dataclass(frozen=True)
class RequirementForm:
    """The add/edit form as typed (strings), so that it can be shown again with its errors."""

    site_id: str = ""
    duty_type: str = ""
    kind: str = "daily"
    start_local: str = "00:00"
    end_local: str = "00:00"
    starts_at: str = ""
    ends_at: str = ""
    minimum: str = "1"
    peak_minimum: str = ""
    applies: str = ""  # once the campaign has begun: "from_now" or "whole_campaign" (APPLIES); none picked for them

    @classmethod
    def from_api(cls, doc: Mapping[str, Any]) -> RequirementForm:
        window = doc.get("window") or {}
        one_off = window.get("kind") == "one_off"
        return cls(
            site_id=str(doc.get("site_id") or ""),
            duty_type=str(doc.get("duty_type") or ""),
            kind="one_off" if one_off else "daily",
            start_local="00:00" if one_off else str(window.get("start_local", "00:00")),
            end_local="00:00" if one_off else str(window.get("end_local", "00:00")),
            starts_at=_local_input(window["starts_at"]) if one_off else "",
            ends_at=_local_input(window["ends_at"]) if one_off else "",
            minimum=str(doc.get("minimum", "")),
            peak_minimum="" if doc.get("peak_minimum") is None else str(doc["peak_minimum"]),
        )


def _local_input(instant: str) -> str:
    """An API instant as a datetime-local input's value, in Vietnam time."""
    return parse_instant(instant).strftime("%Y-%m-%dT%H:%M")


def _local_instant(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value


def _count(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) <= 1000 else None


APPLIES = ("from_now", "whole_campaign")
"""How a change made during the campaign applies: from now on (the days already past keep the old requirement), or
to the whole campaign (correcting a number typed wrong). Only the manager knows which, so the form asks, with no
answer picked for them, once the campaign has begun (before, every change is for the whole campaign)."""


def begun(starts_at: datetime, now: datetime) -> bool:
    """Whether a campaign has begun, so that a change to its requirements must say how it applies."""
    return now > starts_at


def applies_error(applies: str, *, asked: bool) -> str | None:
    """The catalogue key (under `requirements.error.`) of a missing or unknown answer to "apply the change", when
    it was `asked`."""
    return "applies" if asked and applies not in APPLIES else None


def requirement_body(form: RequirementForm, *, ask_applies: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """roster's body for the form (site, duty type, window, minimums and, when `ask_applies` — the campaign has
    begun —, how the change applies), and the errors found: field → catalogue key under `requirements.error.`."""
    errors: dict[str, str] = {}
    if (wrong := applies_error(form.applies, asked=ask_applies)) is not None:
        errors["applies"] = wrong
    body: dict[str, Any] = {"site_id": form.site_id or None}
    if form.duty_type not in DUTY_BY_KEY:
        errors["duty_type"] = "duty_type"
    body["duty_type"] = form.duty_type
    if form.kind == "one_off":
        starts_at, ends_at = _local_instant(form.starts_at), _local_instant(form.ends_at)
        if starts_at is None:
            errors["starts_at"] = "instant"
        if ends_at is None:
            errors["ends_at"] = "instant"
        if starts_at and ends_at and ends_at <= starts_at:
            errors["ends_at"] = "end_after_start"
        body["window"] = {
            "kind": "one_off",
            "starts_at": starts_at.isoformat() if starts_at else None,
            "ends_at": ends_at.isoformat() if ends_at else None,
        }
    elif form.kind == "daily":
        for name in ("start_local", "end_local"):
            if not _HHMM.match(getattr(form, name).strip()):
                errors[name] = "time"
        body["window"] = {"kind": "daily", "start_local": form.start_local.strip(), "end_local": form.end_local.strip()}
    else:
        errors["kind"] = "kind"
    minimum = _count(form.minimum)
    if minimum is None:
        errors["minimum"] = "count"
    body["minimum"] = minimum
    peak = None
    if form.peak_minimum.strip():
        peak = _count(form.peak_minimum)
        if peak is None:
            errors["peak_minimum"] = "count"
    body["peak_minimum"] = peak
    if ask_applies:
        body["applies"] = form.applies
    return body, errors
