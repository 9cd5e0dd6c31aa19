"""Which calendar events each shift puts in which feed, and when their SEQUENCE goes up.

A shift appears as one *entry* per person on it (their personal feed) and one entry
for the whole shift (the enterprise feeds). An entry's identity is its key, which is
also its iCalendar UID, so a client that re-reads a feed updates the event in place.

SEQUENCE rules (RFC 5545 3.8.7.4: it increases when the organizer makes a change the
attendee would notice):

* a new entry starts at 0;
* it goes up by one, and the change time becomes DTSTAMP/LAST-MODIFIED, only when
  something the person sees changes: status, start, end, duty type, enterprise, site,
  the people on the shift, the notes;
* a check-in or completion changes nothing visible, so it changes nothing;
* a person taken off a shift (reassigned, swapped) or a cancelled shift keeps the
  entry with status *cancelled* (one increase) until ``retain_until`` so that
  calendar clients remove the event instead of keeping a stale copy; after that it
  is frozen: later edits of a shift a person is no longer on are not theirs to see;
* a cancelled shift's entries carry the manager's reason; a person taken off a shift
  that goes on carries the names of who took it over (``handed_to``), so their
  calendar says "handed over to …", not merely "cancelled";
* a handover (the rest of a shift under way given to others) is said on both shifts' entries, as the
  portal's cards say it (QZ22 #12c): the shift that took over names the people it relieved, the moment
  and the reason; the shift relieved (ending at the handover, or cancelled when nobody came) names who
  took the rest, from when and why (`Handover`). The handover's event says it once; the shift's later
  events keep what its entries say (`reconcile_entries` carries it over). The relieved shift's event applied
  before the taker's (out of order) says it without the takers' names, which the taker's event then fills in
  (`takers_named`);
* a renamed enterprise or site (or a new manager phone) is a visible change for every
  entry that shows it (see :func:`reference_change_is_visible`);
* so is a shift's campaign becoming known as a drill (or no longer one): its events say
  "[Diễn tập]" from then on (see :func:`drill_change_is_visible`); a shift that moves to
  another campaign is a change of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Literal

from lichtruc.events import ShiftSnapshot

from .calendar import WHOLE_SHIFT, EntryStatus
from .on_duty import LEADERSHIP

__all__ = [
    "SHOWN_STATUSES",
    "Entry",
    "Handover",
    "HandoverKind",
    "drill_change_is_visible",
    "entry_key",
    "on_duty_scope",
    "reconcile_entries",
    "reference_change_is_visible",
    "shift_of_key",
    "takers_named",
]

SHOWN_STATUSES = frozenset({"published", "checked_in", "completed"})
"""Shift statuses that feeds show; drafts never appear, cancelled ones only as cancellations."""


@lru_cache(maxsize=1 << 16)
def _text(value: uuid.UUID) -> str:
    """`str(value)`, remembered: the consumer spells the same few thousand ids (shifts, people) in
    keys and scopes many times per batch, and `UUID.__str__` is Python code (formatting and slicing)."""
    return str(value)


def entry_key(shift_id: uuid.UUID, staff_id: uuid.UUID | None) -> str:
    """The entry's key and UID local part: ``<shift>.<person>``, or ``<shift>.all`` for the whole shift."""
    return f"{_text(shift_id)}.{_text(staff_id) if staff_id is not None else WHOLE_SHIFT}"


def shift_of_key(key: str) -> uuid.UUID:
    """The shift whose entry `key` is (`entry_key`'s first part)."""
    return uuid.UUID(key.partition(".")[0])


HandoverKind = Literal["took", "took_whole", "gave", "gave_whole"]
"""A shift's side of a handover: it took over the rest of another (``took``), or the whole of one whose people
never came (``took_whole``); its rest was given to others (``gave``: it ends at the handover), or the whole of it,
its people never having come (``gave_whole``: it is cancelled)."""


@dataclass(frozen=True, slots=True)
class Handover:
    """What a shift's entries say of a handover: its side (`HandoverKind`), the people of the other shift by name
    (those relieved, or those taking over; empty when that shift is not known here), the moment and the reason."""

    kind: HandoverKind
    people: tuple[str, ...]
    at: datetime
    reason: str | None


def taker_handover(shift: ShiftSnapshot, relieved_shift: ShiftSnapshot | None) -> Handover | None:
    """The handover a shift that continues another (``continues_shift_id``) took part in: the other's people not
    on this one, from this one's start. Whole when the manager said its people never came; in an event from
    before roster said so, when nobody had checked in on it (its snapshot as published) or it was taken from
    its start. None for a shift that continues none."""
    if shift.continues_shift_id is None:
        return None
    ours = {a.staff_id for a in shift.assignees}
    old = relieved_shift
    relieved = tuple(a.full_name for a in old.assignees if a.staff_id not in ours) if old is not None else ()
    whole = (
        shift.handover_absent
        if shift.handover_absent is not None
        else old is not None and (old.status in ("published", "cancelled") or shift.starts_at <= old.starts_at)
    )
    return Handover("took_whole" if whole else "took", relieved, shift.starts_at, shift.handover_reason)


def relieved_handover(shift: ShiftSnapshot, rest: ShiftSnapshot | None, *, whole: bool, reason: str | None) -> Handover:
    """The handover of a shift whose rest (``whole``: all of it, cancelled, its people never having come) was
    given to the shift ``rest`` (None: not known here yet): the people of that one, from its start (unknown: the
    relieved shift's new end, or its start when whole)."""
    people = tuple(a.full_name for a in rest.assignees) if rest is not None else ()
    at = rest.starts_at if rest is not None else (shift.starts_at if whole else shift.ends_at)
    return Handover("gave_whole" if whole else "gave", people, at, reason)


@dataclass(frozen=True, slots=True)
class Entry:
    """One shift as one feed shows it. ``staff_id`` None is the whole-shift entry of enterprise feeds;
    ``people`` are the names shown as colleagues (the others for a person, everyone for the shift)."""

    shift_id: uuid.UUID
    staff_id: uuid.UUID | None
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    status: EntryStatus
    people: tuple[str, ...]
    notes: str | None
    sequence: int
    changed_at: datetime
    retain_until: datetime | None = None
    cancel_reason: str | None = None
    handed_to: tuple[str, ...] = ()
    campaign_id: uuid.UUID | None = None
    """The shift's campaign: whether it is a drill is read with the entry (its kind is reference data)."""
    # A handover the shift took part in (`Handover`, flat: the fields are the feed_entries columns of 0016).
    handover: HandoverKind | None = None
    handover_people: tuple[str, ...] = ()
    handover_at: datetime | None = None
    handover_reason: str | None = None

    def with_handover(self, handover: Handover | None) -> Entry:
        """This entry saying ``handover`` (None: none)."""
        if handover is None:
            return replace(self, handover=None, handover_people=(), handover_at=None, handover_reason=None)
        return replace(
            self,
            handover=handover.kind,
            handover_people=handover.people,
            handover_at=handover.at,
            handover_reason=handover.reason,
        )

    @property
    def said_handover(self) -> Handover | None:
        """The handover this entry says, if any."""
        if self.handover is None or self.handover_at is None:
            return None
        return Handover(self.handover, tuple(self.handover_people), self.handover_at, self.handover_reason)

    @property
    def key(self) -> str:
        return entry_key(self.shift_id, self.staff_id)

    def visible(self) -> tuple:
        """Everything a calendar shows of this entry (reference data names are joined at render time)."""
        return (
            self.status,
            self.starts_at,
            self.ends_at,
            self.duty_type,
            self.enterprise_id,
            self.site_id,
            self.people,
            self.notes or None,
            self.cancel_reason or None,
            self.handed_to,
            self.campaign_id,
            self.handover,
            tuple(self.handover_people),
            self.handover_at,
            self.handover_reason or None,
        )


def takers_named(relieved: Mapping[str, Entry], rest: ShiftSnapshot, *, changed_at: datetime) -> list[Entry]:
    """The relieved shift's entries once the shift that took over from it (`rest`, continuing it) is known: those
    that say the handover without the people taking over — its event was applied before the taker's (J1: its line
    then read "Đã giao phần còn lại từ …" for good) — now naming them, from `rest`'s start (the handover's
    moment), each a visible change (SEQUENCE up by one, `changed_at` its DTSTAMP). Empty when every entry names
    them already, or says no handover given, and while `rest` is not shown (a draft: its people named by the
    version that publishes it)."""
    people = tuple(a.full_name for a in rest.assignees)
    if not people or rest.status not in SHOWN_STATUSES:
        return []
    return [
        replace(
            entry,
            handover_people=people,
            handover_at=rest.starts_at,
            sequence=entry.sequence + 1,
            changed_at=changed_at,
        )
        for entry in relieved.values()
        if entry.handover in ("gave", "gave_whole") and not entry.handover_people
    ]


def _draft(
    shift: ShiftSnapshot, staff_id: uuid.UUID | None, status: EntryStatus, changed_at: datetime, retention: timedelta
) -> Entry:
    if staff_id is None:
        people = tuple(a.full_name for a in shift.assignees)
    else:
        people = tuple(a.full_name for a in shift.assignees if a.staff_id != staff_id)
    return Entry(
        shift_id=shift.shift_id,
        staff_id=staff_id,
        enterprise_id=shift.enterprise_id,
        site_id=shift.site_id,
        duty_type=shift.duty_type,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        status=status,
        people=people,
        notes=shift.notes,
        sequence=0,
        changed_at=changed_at,
        retain_until=shift.ends_at + retention if status == "cancelled" else None,
        campaign_id=shift.campaign_id,
    )


def reconcile_entries(
    shift: ShiftSnapshot,
    existing: Mapping[str, Entry],
    *,
    changed_at: datetime,
    retention: timedelta,
    reason: str | None = None,
    handover: Handover | None = None,
) -> list[Entry]:
    """The entries to write after ``shift`` (a version newer than any applied before) changed at ``changed_at``.

    ``existing`` are the shift's current entries by key; ``reason`` is a cancellation's; ``handover`` the one
    this change is (a handover's events): without it, the handover the entries say already is kept.
    Returns only new or changed entries; an empty list means no feed changes.
    """
    if handover is None:
        handover = next((h for e in existing.values() if (h := e.said_handover) is not None), None)
    shown = shift.status in SHOWN_STATUSES
    desired: dict[str, Entry] = {}
    if shown:
        for staff_id in [None, *(a.staff_id for a in shift.assignees)]:
            draft = _draft(shift, staff_id, "confirmed", changed_at, retention)
            desired[entry_key(shift.shift_id, staff_id)] = draft.with_handover(handover) if handover else draft
    elif shift.status == "cancelled":
        # Cancel what feeds show (with the shift's final times); create nothing new.
        for key, current in existing.items():
            if current.status == "confirmed":
                desired[key] = replace(
                    _draft(shift, current.staff_id, "cancelled", changed_at, retention), cancel_reason=reason
                ).with_handover(handover)

    out: list[tuple[str, Entry]] = []
    for key, want in desired.items():
        stored = existing.get(key)
        if stored is None:
            if want.status == "confirmed":
                out.append((key, want))
        elif want.visible() != stored.visible():
            out.append((key, replace(want, sequence=stored.sequence + 1)))
    # Who joined the shift with this change: those a person taken off it handed it over to.
    newcomers = (
        tuple(a.full_name for a in shift.assignees if entry_key(shift.shift_id, a.staff_id) not in existing)
        if shown
        else ()
    )
    for key, old in existing.items():
        if key not in desired and old.status == "confirmed":
            # Taken off the shift (or the shift went back out of view): cancel it as the person last saw it.
            out.append(
                (
                    key,
                    replace(
                        old,
                        status="cancelled",
                        sequence=old.sequence + 1,
                        changed_at=changed_at,
                        retain_until=old.ends_at + retention,
                        handed_to=newcomers if old.staff_id is not None else (),
                    ),
                )
            )
    out.sort(key=lambda pair: pair[0])
    return [entry for _, entry in out]


def reference_change_is_visible(old: tuple | None, new: tuple) -> bool:
    """Whether new reference data (an enterprise's name and manager phone, a site's name) changes what
    feeds show; a first registration is a change, since entries were shown without it."""
    return old is None or tuple(old) != tuple(new)


def drill_change_is_visible(old_kind: str | None, new_kind: str) -> bool:
    """Whether a campaign's kind as now known (``old_kind`` None: not known before) changes what its
    entries show: a campaign not known yet is shown as not a drill, so only becoming one, or ceasing
    to be one, is seen."""
    return (old_kind == "drill") != (new_kind == "drill")


# --- feed scopes: what a change invalidates ------------------------------------------------------

REFERENCE_SCOPE = "reference"
"""Reference data (enterprise and site names, manager phones) every feed may show."""


def person_scope(staff_id: uuid.UUID) -> str:
    return f"person:{_text(staff_id)}"


def enterprise_scope(enterprise_id: uuid.UUID | None) -> str:
    return f"enterprise:{_text(enterprise_id) if enterprise_id is not None else None}"


def on_duty_scope(enterprise_id: uuid.UUID) -> str:
    """The scope of who is on duty at an enterprise when, with their names and phones: a person's feed says who else
    is on duty during each of their shifts, as the portal's "Cùng trực" (`on_duty.people_said`; QZ29 #1), and an
    enterprise's feed the duty leaders (`on_duty.leaders_said`), so a person's feed's version sums these scopes'
    revisions over the enterprises of the person's shifts (db.feeds names them the same way in SQL)."""
    return f"on_duty:{_text(enterprise_id)}"


def feed_scope(kind: str, staff_id: uuid.UUID | None, enterprise_id: uuid.UUID | None) -> str:
    """The scope whose revision a feed follows: its person's, else its enterprise's (db.feeds
    names it the same way in SQL)."""
    if kind == "person" and staff_id is not None:
        return person_scope(staff_id)
    return enterprise_scope(enterprise_id)


def leader_spans(changes: list[Entry], existing: Mapping[str, Entry]) -> list[tuple[uuid.UUID, datetime, datetime]]:
    """Where a change of duty leaders shows in other events (R1's leftover: a leader change moved a feed's body and
    ETag but not its events' SEQUENCE — RFC 5545 3.8.7.4: a change a client must show raises it, as a shift's own
    change does): each duty leader's entry changed, as it was and as it is now, by its enterprise and times, once.
    Every live event of that enterprise overlapping one of them says another "Trực lãnh đạo" line."""
    spans: list[tuple[uuid.UUID, datetime, datetime]] = []
    for e in changes:
        for version in (e, existing.get(e.key)):
            if version is None or version.staff_id is None or version.duty_type != LEADERSHIP:
                continue
            span = (version.enterprise_id, version.starts_at, version.ends_at)
            if span not in spans:
                spans.append(span)
    return spans


def changed_scopes(changes: list[Entry], existing: Mapping[str, Entry]) -> set[str]:
    """The feed scopes a set of entry changes touches (the old enterprise too, if an entry moved); a person's entry,
    as it was or is now, its enterprise's on-duty scope too (every person's feed there says who else is on duty
    during each shift, QZ29 #1; every enterprise's feed who leads)."""
    scopes = {enterprise_scope(e.enterprise_id) for e in changes}
    scopes |= {enterprise_scope(existing[e.key].enterprise_id) for e in changes if e.key in existing}
    scopes |= {person_scope(e.staff_id) for e in changes if e.staff_id is not None}
    for e in changes:
        was = existing.get(e.key)
        for version in (e, was):
            if version is not None and version.staff_id is not None:
                scopes.add(on_duty_scope(version.enterprise_id))
    return scopes
