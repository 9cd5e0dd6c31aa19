"""Who else of an enterprise is on duty during a person's shift (QZ13 #8: every card said "Cùng ca: Chỉ mình bạn"
while the duty leader, the incident response and the patrol were on at the same time).

What a staff member may read of others' shifts: the names, duty types and times of the enterprise's live shifts
(published, under way or done; no draft, no cancelled one) overlapping their own — and the duty leader's phone
number, the one a person on duty calls — and the name of the site each of those shifts is at (QZ14 #13: where the
colleague is matters to whom one calls). Nothing else: no e-mail, no other phone, no other enterprise.
The people on the person's own shift are left out (the card says them as "Cùng ca" already)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from lichtruc.duty_types import DUTY_TYPE_KEYS
from lichtruc.text import sort_key

from .shifts import Shift

LIVE_STATUSES = ("published", "checked_in", "completed")
LEADERSHIP = "leadership"


@dataclass(frozen=True)
class OnDutyBeside:
    """One colleague on duty during the person's shift, on another shift of the enterprise."""

    staff_id: uuid.UUID
    full_name: str
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    phone: str | None = None  # a duty leader's only
    site_name: str | None = None  # the site that shift is at; None: the enterprise's duty as a whole


def _duty_rank(duty_type: str) -> int:
    """The duty leader first, then the vocabulary's order."""
    if duty_type == LEADERSHIP:
        return -1
    return DUTY_TYPE_KEYS.index(duty_type) if duty_type in DUTY_TYPE_KEYS else len(DUTY_TYPE_KEYS)


def on_duty_beside(
    own: Shift,
    others: Iterable[Shift],
    *,
    phones: Mapping[uuid.UUID, str | None],
    sites: Mapping[uuid.UUID, str] | None = None,
) -> list[OnDutyBeside]:
    """The people of `own`'s enterprise on duty while it runs, from `others` (any shifts): those on a live shift
    overlapping it, other than itself and other than the people on it; duty leaders first (with their phone from
    `phones`, if any), then by duty type, start and name; each with their shift's site's name from `sites` (site id
    to name). A person on two such shifts is listed for each."""
    mine = {a.staff_id for a in own.assignees}
    named = sites or {}
    found = [
        OnDutyBeside(
            staff_id=a.staff_id,
            full_name=a.full_name,
            duty_type=s.duty_type,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            phone=phones.get(a.staff_id) if s.duty_type == LEADERSHIP else None,
            site_name=named.get(s.site_id) if s.site_id is not None else None,
        )
        for s in others
        if s.id != own.id
        and s.enterprise_id == own.enterprise_id
        and s.status in LIVE_STATUSES
        and s.starts_at < own.ends_at
        and own.starts_at < s.ends_at
        for a in s.assignees
        if a.staff_id not in mine
    ]
    return sorted(found, key=lambda p: (_duty_rank(p.duty_type), p.starts_at, sort_key(p.full_name), p.staff_id))


@dataclass(frozen=True)
class BesideShift:
    """Who else is on duty during one shift (`on_duty_beside`)."""

    shift_id: uuid.UUID
    people: list[OnDutyBeside]


def beside_each(
    asked: Iterable[Shift],
    others: Sequence[Shift],
    *,
    phones: Mapping[uuid.UUID, str | None],
    order: Iterable[uuid.UUID],
    sites: Mapping[uuid.UUID, str] | None = None,
) -> list[BesideShift]:
    """`on_duty_beside` for each of the `asked` shifts, from one read of `others` (every live shift overlapping any
    of them): one entry per asked shift, in `order` (an id asked twice answered once; an id not among `asked` — a
    shift the caller may not read, or none — left out)."""
    by_id = {s.id: s for s in asked}
    ids = [i for i in dict.fromkeys(order) if i in by_id]
    return [BesideShift(i, on_duty_beside(by_id[i], others, phones=phones, sites=sites)) for i in ids]


def site_ids(shifts: Iterable[Shift]) -> set[uuid.UUID]:
    """The sites these shifts are at (whose names the list gives)."""
    return {s.site_id for s in shifts if s.site_id is not None}


def leaders(people: Iterable[Shift]) -> set[uuid.UUID]:
    """The people on these shifts' leadership duty (whose phone numbers the list gives)."""
    return {a.staff_id for s in people if s.duty_type == LEADERSHIP for a in s.assignees}
