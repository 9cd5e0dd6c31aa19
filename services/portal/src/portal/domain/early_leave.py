"""“Tôi cần về sớm” (QZ29 #8) as the pages show it: on the card of a shift under way that the person is on, a form —
from when (by default now rounded up as the handover form rounds it, within the shift), why, and the colleague who
agreed to take over, of those a handover would accept (roster's swap candidates) — or, once sent, the notice: when it
was sent, from when, why, whether it is still open (with a way to withdraw it) or how it was closed. On the manager's
board, a shift's open notices: a tag and the reason.

Pure: roster's JSON in (`GET /early-leaves`), values out; `now` passed in; the words are the templates'."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .dates import parse_instant
from .shifts import handover_from, local_input

REASON_MAX = 500
"""Roster's bound on a notice's reason (`roster.domain.early_leave.REASON_MAX`): the box's maxlength."""


@dataclass(frozen=True)
class Notice:
    """An early-leave notice as a card reads it."""

    id: str
    shift_id: str
    staff_id: str
    staff_name: str
    leave_at: datetime
    reason: str
    colleague_name: str | None
    status: str  # open, withdrawn, handed_over, cancelled, reassigned, ended (roster's, as of now)
    sent_at: datetime
    colleague_id: str | None = None

    @property
    def open(self) -> bool:
        return self.status == "open"

    @property
    def moment_input(self) -> str:
        """From when, as the handover form's datetime-local box takes it (its link fills the box so)."""
        return local_input(self.leave_at)


def notice_of(row: Mapping[str, Any]) -> Notice:
    return Notice(
        id=str(row["id"]),
        shift_id=str(row["shift_id"]),
        staff_id=str(row["staff_id"]),
        staff_name=str(row.get("staff_name") or ""),
        leave_at=parse_instant(str(row["leave_at"])),
        reason=str(row.get("reason") or ""),
        colleague_name=row.get("colleague_name") or None,
        status=str(row.get("status") or "open"),
        sent_at=parse_instant(str(row["created_at"])),
        colleague_id=str(row["colleague_id"]) if row.get("colleague_id") else None,
    )


def latest_by_shift(rows: Iterable[Mapping[str, Any]]) -> dict[str, Notice]:
    """Each shift's latest notice (roster lists them newest first): the one its card says."""
    found: dict[str, Notice] = {}
    for row in rows:
        notice = notice_of(row)
        found.setdefault(notice.shift_id, notice)
    return found


def open_by_shift(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Notice]]:
    """The open notices of each shift, oldest first (the board's tags)."""
    found: dict[str, list[Notice]] = {}
    for row in rows:
        notice = notice_of(row)
        if notice.open:
            found.setdefault(notice.shift_id, []).append(notice)
    return {k: sorted(v, key=lambda n: n.sent_at) for k, v in found.items()}


@dataclass(frozen=True)
class Colleague:
    staff_id: str
    full_name: str


@dataclass(frozen=True)
class LeaveForm:
    """The form on a card of a shift under way: the moment's box (its value, and the shift's bounds as min/max), the
    colleagues offered (by name, in roster's order)."""

    moment: str
    earliest: str
    latest: str
    colleagues: tuple[Colleague, ...] = ()


def leave_form(
    *, starts_at: datetime, ends_at: datetime, now: datetime, colleagues: Iterable[Colleague] = ()
) -> LeaveForm:
    """The form's moment as first drawn: now rounded up to the next 5 minutes, within the shift (as the handover
    form draws its own: `handover_from`), its bounds the shift's start and the minute before its end."""
    moment = handover_from(starts_at=starts_at, ends_at=ends_at, whole=True, now=now, typed=None)
    return LeaveForm(local_input(moment), local_input(starts_at), local_input(ends_at), tuple(colleagues))


@dataclass(frozen=True)
class CardLeave:
    """What a card of the person's says of leaving early: the latest notice on the shift (none: never sent), and the
    form when one may be sent now (the shift under way, the person on it, no notice open)."""

    notice: Notice | None = None
    form: LeaveForm | None = None
