"""Who else of an enterprise is on duty while a person's shift runs, as the portal's card says it ("Cùng trực",
from roster's `GET /shifts/on-duty-beside`). QZ25 #1: the publication mail and its .ics said "Đồng nghiệp cùng ca:
không có" to a man put on the giao thừa night beside the duty leader's and the operations shifts — to its reader,
"you are alone that night" (QZ13 #8 fixed exactly this on the portal). Pure: the people come in as `OnDuty` rows.

Roster's rule, followed here on notifier's own read model: the people of the shift's enterprise on a *live* shift
(published, under way or done: a person's confirmed feed entry) overlapping it, other than the shift itself and the
people on it (a message says those as its "colleagues"); duty leaders first, with their phone number (the one a
person on duty calls; nobody else's), then by duty type, start and name; each with their shift's site and, where
they differ from the shift's, its hours. A person on two such shifts is listed for each.

Where notifier says it, and why there:

- a shift's published mail (`handlers.deliveries`, written when it goes out, a minute after the publication: the
  whole publication is in the read model by then) and its .ics DESCRIPTION: one read for all the mail's shifts;
- a reminder and its .ics (`handlers.reminders`, written when due, hours before the shift: who is on then): one
  read for every reminder the scheduler turns into deliveries in one round;
- not in the notices the consumer writes as it applies an event (a move, a reassignment, a swap, a handover): the
  batch's other events may not be applied yet, so the list would be of a moment that never was, and reading it
  per event is what the batch path must not do (`docs/benchmarks.md`). They are written with their shift's own
  colleagues, and when it has none not "không có" but where to see who else is on duty
  (`texts.FeedTexts.no_colleagues`); as the mail goes out (`handlers.deliveries`, one read per mail) that line of
  their text (`shift_notices.people_now`; a webhook's text too) and their .ics are written again, so that they say
  what the person's feed says of the event (QZ29 #1, and its leftover: the text still said "không có");
- in a person's calendar feed, as the portal's card (QZ29 #1: the feed said "Đồng nghiệp cùng ca: không có" where
  the card listed four; QZ26 #7 had put the duty leaders alone there), the duty leader first with their phone (the
  person to call at 02:00): read when the feed is served, one read for the whole feed (`ShiftRepository.
  on_duty_of_person`), not written into the entries, so the consumer's batch path does nothing per event for it.
  The feed's ETag stays honest through a version of its own: each enterprise's on-duty scope
  (`entries.on_duty_scope`), bumped with the batch's other scopes when an entry of a person there changes and when a
  person's name or phone does, summed over the person's enterprises in the feed's one version read: a change of
  any shift of an enterprise gives its people's feeds a new ETag (a feed is read again when asked for, not
  written). An event's SEQUENCE follows its own shift and its duty leaders (`entries.leader_spans`), not every
  other shift beside it: calendar apps re-read a subscribed feed whole and show the description as served.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lichtruc import vntime
from lichtruc.duty_types import DUTY_TYPE_KEYS
from lichtruc.text import phone_label, sort_key

from .texts import Lang, duty_type_name, feed_texts, notice_texts

if TYPE_CHECKING:  # entries → calendar → here
    from .entries import Entry

__all__ = [
    "LEADERSHIP",
    "Beside",
    "OnDuty",
    "beside_entry",
    "hours_beside",
    "leaders_said",
    "on_duty_beside",
    "people_said",
]

LEADERSHIP = "leadership"


@dataclass(frozen=True, slots=True)
class OnDuty:
    """A person on a live shift, as notifier's read model has it (their confirmed entry of it, with their name as
    roster last said it, their phone number and the shift's site's name, None when not known)."""

    shift_id: uuid.UUID
    staff_id: uuid.UUID
    enterprise_id: uuid.UUID
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    full_name: str | None
    phone: str | None = None
    site_name: str | None = None


@dataclass(frozen=True, slots=True)
class Beside:
    """A colleague on duty during a shift, on another shift of its enterprise: a name (None: notifier knows none),
    that shift's duty type, times and site; a phone number for a duty leader only."""

    full_name: str | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    phone: str | None = None
    site_name: str | None = None


def _duty_rank(duty_type: str) -> int:
    """The duty leader first, then the vocabulary's order (roster's `_duty_rank`)."""
    if duty_type == LEADERSHIP:
        return -1
    return DUTY_TYPE_KEYS.index(duty_type) if duty_type in DUTY_TYPE_KEYS else len(DUTY_TYPE_KEYS)


def on_duty_beside(
    *,
    shift_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    people: Iterable[OnDuty],
) -> tuple[Beside, ...]:
    """The people of the shift's enterprise on duty while it runs ([`starts_at`, `ends_at`)), from `people` (anyone
    on any live shift: the rows of this shift among them say who is on it, and are left out with those people, as
    roster leaves out "the people on it"); duty leaders first with their phone, then by duty type, start and name."""
    rows = list(people)
    mine = {p.staff_id for p in rows if p.shift_id == shift_id}
    found = [
        Beside(
            full_name=p.full_name,
            duty_type=p.duty_type,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
            phone=p.phone if p.duty_type == LEADERSHIP and p.phone else None,
            site_name=p.site_name,
        )
        for p in rows
        if p.shift_id != shift_id
        and p.enterprise_id == enterprise_id
        and p.staff_id not in mine
        and p.starts_at < ends_at
        and starts_at < p.ends_at
    ]
    return tuple(
        sorted(found, key=lambda b: (_duty_rank(b.duty_type), b.starts_at, sort_key(b.full_name or ""), b.ends_at))
    )


def beside_entry(entry: Entry, people: Iterable[OnDuty]) -> tuple[Beside, ...]:
    """`on_duty_beside` of a person's entry of a shift (its shift, enterprise and times)."""
    return on_duty_beside(
        shift_id=entry.shift_id,
        enterprise_id=entry.enterprise_id,
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        people=people,
    )


def hours_beside(start: datetime, end: datetime, *, day: datetime, lang: vntime.Lang) -> str:
    """A colleague's shift's hours beside one starting `day`, as the portal's card says them: "18:00–23:00" within
    that local day ("18:00–24:00" to its midnight), else each end with its day and the portal's arrow between dated
    ends, "08:00 06/02 → 08:00 07/02" (`portal.domain.dates.hours_beside`; QZ25 #7, QZ26 #7)."""
    a = vntime.local(start)
    last, hour = vntime.span_end(start, end)
    if a.date() == last == vntime.local_day(day):
        return f"{a:%H:%M}–{hour}"
    return (
        f"{a:%H:%M} {vntime.date_said(a.date(), lang, year=False)} → {hour} {vntime.date_said(last, lang, year=False)}"
    )


def _person(b: Beside, *, starts_at: datetime, ends_at: datetime, lang: Lang) -> str:
    """ "Nguyễn Văn An, 0912 345 678 (Trung tâm điều hành, 18:00–24:00)": the portal card's words for one colleague —
    a leader's phone, their site, their hours where they are not the shift's."""
    said = b.full_name or notice_texts(lang).someone
    if b.phone:
        said += f", {phone_label(b.phone)}"
    same = (b.starts_at, b.ends_at) == (starts_at, ends_at)
    where = [
        w for w in (b.site_name, None if same else hours_beside(b.starts_at, b.ends_at, day=starts_at, lang=lang)) if w
    ]
    return said + (f" ({', '.join(where)})" if where else "")


def people_said(
    colleagues: Sequence[str],
    beside: Sequence[Beside] | None,
    *,
    starts_at: datetime,
    ends_at: datetime,
    lang: Lang,
) -> list[tuple[str, str | None]]:
    """A shift's people as a message or an invitation lists them, as (label, value) lines: its own `colleagues`
    (the reader's, by name), then — `beside` read (not None) — who else of the enterprise is on duty meanwhile,
    headed as the portal's card ("Cùng trực (3 người)"), one line per duty type, the duty leader's first. The
    colleagues' line is left out when there are none and others are on duty (never "không có" beside a duty
    leader); with nobody at all, the heading says nobody else is on. `beside` None (not read: a feed, a notice of
    the consumer): the colleagues' line only, which when empty says where to see who else is on duty."""
    labels = feed_texts(lang)
    lines: list[tuple[str, str | None]] = []
    if colleagues or beside is None:
        lines.append((labels.colleagues, ", ".join(colleagues) or labels.no_colleagues))
    if beside is None:
        return lines
    if not beside:
        if not colleagues:
            lines.append((labels.beside_label, labels.nobody_beside))
        return lines
    groups: dict[str, list[str]] = {}
    for b in beside:
        groups.setdefault(b.duty_type, []).append(_person(b, starts_at=starts_at, ends_at=ends_at, lang=lang))
    head = labels.beside_one if len(beside) == 1 else labels.beside.format(n=len(beside))
    lines.append((head, "\n".join(f"{duty_type_name(d, lang)}: {'; '.join(p)}" for d, p in groups.items())))
    return lines


def leaders_said(
    leaders: Sequence[Beside], *, duty_type: str, starts_at: datetime, ends_at: datetime, lang: Lang
) -> str | None:
    """The duty leaders on duty during a shift, as a person's feed says them after "Trực lãnh đạo:": each by name
    with their phone, site and, where they differ from the shift's, hours ("Nguyễn Văn An, 0912 345 678 (18:00–24:00);
    …"), or that nobody is rostered then. None (no line) for a leadership shift with no other leader: its reader is
    the leader. `leaders`: `on_duty_beside` of the shift, the duty leaders among them."""
    found = [b for b in leaders if b.duty_type == LEADERSHIP]
    if not found:
        return None if duty_type == LEADERSHIP else feed_texts(lang).no_duty_leader
    return "; ".join(_person(b, starts_at=starts_at, ends_at=ends_at, lang=lang) for b in found)
