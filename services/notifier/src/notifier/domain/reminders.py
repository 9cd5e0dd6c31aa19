"""When each person on a shift is reminded: offsets, quiet hours, and what a shift change
does to reminders already planned. Pure functions; the caller passes `now`.

Rules:

* a published shift gives each assignee one reminder per offset (their own offsets, or
  the service default), due ``offset`` before the start;
* quiet hours are a local (UTC+7) window, exclusive at both ends: a reminder strictly
  inside it moves *earlier*, to the moment the quiet time began (the end of the
  previous non-quiet time). Moving earlier can never put it after the shift start;
* no reminder goes out inside quiet hours because its time has passed: one that is due by now
  while the quiet time lasts (a shift planned or moved at 02:00 for 04:00, quiet 23:00–05:00)
  waits for the quiet time's end if that comes before the start, else is not sent at all — the
  person asked not to be disturbed then, and the calendar shows the shift. This holds when the
  reminder is sent as well as when it is planned: one found due inside quiet hours by the scheduler
  (the service was down or stopped at its due time and restarted inside the quiet time — QA round 11,
  #3: due 04:00, quiet 04:00–05:30, restarted at 04:50 and sent at once) waits the same way, or is not
  sent when another reminder of the person for that start falls due by the quiet time's end;
* two reminders of one person that land on the same instant become one (the nearer offset);
* a reminder is identified by (person, offset, the start time it announces): rescheduling
  moves a reminder still waiting; one already sent for the old time stays sent and the
  new start time gets its own; cancelling, reassigning away, or the shift starting
  (check-in, completion) withdraws what is still waiting; a person put back on a shift
  gets their withdrawn reminders back;
* a reminder already sent for a start time is not sent again because the offsets changed: after a
  preference change (or any re-plan) a new offset whose time has passed gets no reminder when one
  already went to that person for that start; offsets still ahead get theirs (QA round 11, #4: the
  10:30 shift's hour-before reminder went at 10:00, the person then chose 30 minutes only, and the
  new 30-minute reminder, due 10:00, went at once — the same e-mail twice);
* nothing is planned for a shift that has already started; reminders whose time has
  passed are planned (the scheduler sends only the latest of them, and only before the start);
* a reminder due now is held back when the person's next reminder for that start falls due within
  ``SOON`` (15 minutes) and before the start: it would say the same thing minutes later (a shift
  planned at 09:47 for 10:50 sent the late day-before reminder and the hour-before one three
  minutes apart, two identical e-mails);
* a shift that continues another (a handover, ``continues_shift_id``) gets no new reminder already
  due: its people were just told of it by the handover notice, which says more (QA round 10, #2);
  one still to come is planned as for any shift;
* likewise a person the change just made it theirs (``told``: an approved swap's taker, a person a
  reassignment put on) gets no reminder already due: the change's notice tells them the shift with its
  .ics, and the late reminder went out a second after it, the same event twice (QZ25 #5). That reminder
  is stored as skipped, so that a later change of the shift does not send it after all. So is one of theirs
  withdrawn when the shift left them and due by now that it came back (swapped back, reassigned back): the notice
  of its return tells it; one still ahead is theirs again, once;
* a shift published less than a day ahead: its people are told by the publication notice, which goes out within its
  own minute (``told_until``, `NOTIFIER_PUBLISHED_DIGEST_SECONDS`) and says what the late day-before reminder would
  (the start and time left, the place, the check-in link): a reminder due by then is stored as skipped (`PUBLISHED`),
  not sent seconds after it; one still ahead of that (the hour before) is planned as for any shift.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import NamedTuple

from lichtruc.events import ShiftSnapshot
from lichtruc.vntime import at_local, local

__all__ = [
    "PUBLISHED",
    "SOON",
    "TOLD",
    "Existing",
    "Planned",
    "QuietHold",
    "QuietHours",
    "ReminderPlan",
    "ReminderPrefs",
    "Told",
    "Update",
    "Withdraw",
    "plan_reminders",
    "quiet_hold",
    "reminder_due",
    "sendable_from",
    "superseded",
]


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily local window in which no reminder is sent; ``start > end`` crosses midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("quiet hours must not start and end at the same time")

    def contains(self, at: datetime) -> bool:
        """Whether the local wall-clock time of ``at`` lies strictly inside the window."""
        t = local(at).time()
        if self.start < self.end:
            return self.start < t < self.end
        return t > self.start or t < self.end

    def ends(self, at: datetime) -> datetime:
        """The instant the window containing ``at`` ends (``at`` must be inside it)."""
        wall = local(at)
        day = wall.date()
        if self.start > self.end and wall.time() > self.start:
            day += timedelta(days=1)
        return at_local(day, self.end)

    def began(self, at: datetime) -> datetime:
        """The instant the window containing ``at`` began (``at`` must be inside it)."""
        wall = local(at)
        day = wall.date()
        if self.start > self.end and wall.time() < self.end:
            day -= timedelta(days=1)
        return at_local(day, self.start)


@dataclass(frozen=True, slots=True)
class ReminderPrefs:
    """A person's reminder settings: offsets in minutes before the start, and quiet hours."""

    offsets: tuple[int, ...]
    quiet: QuietHours | None = None


def reminder_due(starts_at: datetime, offset_minutes: int, quiet: QuietHours | None) -> datetime:
    """When the reminder ``offset_minutes`` before ``starts_at`` is due, after quiet hours."""
    due = starts_at - timedelta(minutes=offset_minutes)
    if quiet is not None and quiet.contains(due):
        due = quiet.began(due)
    return min(due, starts_at)


def sendable_from(quiet: QuietHours | None, *, starts_at: datetime, now: datetime) -> datetime | None:
    """When a reminder due by ``now`` may go: ``now`` outside quiet hours; inside them, the quiet time's end
    if that comes before ``starts_at``; None (not at all) if the quiet time lasts until the start."""
    if quiet is None or not quiet.contains(now):
        return now
    end = quiet.ends(now)
    return end if end < starts_at else None


class QuietHold(NamedTuple):
    """A due reminder the scheduler must not send now: due again at ``until``, or not at all (None)."""

    until: datetime | None
    reason: str


def quiet_hold(
    quiet: QuietHours | None,
    *,
    due_at: datetime,
    starts_at: datetime,
    others: Sequence[tuple[datetime, str]],
    now: datetime,
) -> QuietHold | None:
    """Whether a reminder due by ``now`` (at ``due_at``) is held back by the person's quiet hours, and till when;
    None: it may go now. ``others`` are (due_at, status) of the person's other reminders for ``starts_at``: one
    still scheduled that falls due by the quiet time's end says the same then, so this one is not sent."""
    until = sendable_from(quiet, starts_at=starts_at, now=now)
    if until is None:
        return QuietHold(None, "not sent: the person's quiet hours last until the shift starts")
    if until <= now:
        return None
    if any(due_at < other_due <= until and status == "scheduled" for other_due, status in others):
        return QuietHold(None, "not sent in the person's quiet hours: a later reminder for the shift goes at their end")
    return QuietHold(until, "due inside the person's quiet hours: moved to their end")


class Existing(NamedTuple):
    """A reminder already stored for this shift.

    This and the plan's values below are named tuples, not frozen dataclasses: a batch of shift events
    makes a few of each per event, and a frozen dataclass's `__init__` sets every field through
    `object.__setattr__` (about twice a tuple's cost, 2026-12-02)."""

    id: uuid.UUID
    staff_id: uuid.UUID
    offset_minutes: int
    shift_starts_at: datetime
    due_at: datetime
    status: str  # scheduled | withdrawn | dispatched | skipped | expired


class Planned(NamedTuple):
    staff_id: uuid.UUID
    offset_minutes: int
    shift_starts_at: datetime
    due_at: datetime


class Update(NamedTuple):
    """Move a stored reminder (back) to scheduled at this start and due time."""

    id: uuid.UUID
    shift_starts_at: datetime
    due_at: datetime


class Withdraw(NamedTuple):
    id: uuid.UUID
    reason: str


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    insert: list[Planned] = field(default_factory=list)
    update: list[Update] = field(default_factory=list)
    withdraw: list[Withdraw] = field(default_factory=list)
    skip: list[Planned] = field(default_factory=list)
    """Reminders already due of people told of the shift by the change's notice: stored as skipped (`TOLD`)."""
    skip_stored: list[Withdraw] = field(default_factory=list)
    """Stored reminders not sent (withdrawn when the shift left a person) that the change's notice tells as it gives
    the shift back to them, due by then: skipped, with the reason."""

    def __bool__(self) -> bool:
        return bool(self.insert or self.update or self.withdraw or self.skip or self.skip_stored)


TOLD = "not sent: the notice of the change that made the shift theirs (a swap approved, a reassignment) told it"
"""Why a reminder already due of a person `plan_reminders` was told of as `told` is stored as skipped."""

PUBLISHED = (
    "not sent: the publication notice, going out within its minute, told the shift (its start and the time left, the "
    "place, the check-in link)"
)
"""Why a reminder of a shift published less than its offset ahead, due by the time its publication notice goes out,
is stored as skipped (one mail, not the notice and the late reminder seconds apart)."""


def _desired(
    shift: ShiftSnapshot,
    prefs: Mapping[uuid.UUID, ReminderPrefs],
    default: ReminderPrefs,
    now: datetime,
    sent: set[uuid.UUID],
    kept: set[tuple[uuid.UUID, int]],
) -> list[Planned]:
    """The reminders ``shift`` should have. ``sent``: the people a reminder for its start went to already;
    ``kept``: the (person, offset) stored for its start (in whatever status)."""
    if shift.status != "published" or shift.starts_at <= now:
        return []
    out: list[Planned] = []
    for staff_id in dict.fromkeys(a.staff_id for a in shift.assignees):
        pref = prefs.get(staff_id, default)
        by_due: dict[datetime, Planned] = {}
        for offset in sorted(set(pref.offsets)):  # nearest first: it wins a tie
            due = reminder_due(shift.starts_at, offset, pref.quiet)
            if due <= now:
                if staff_id in sent and (staff_id, offset) not in kept:
                    continue  # a reminder for this start went already: none for an offset new to it
                when = sendable_from(pref.quiet, starts_at=shift.starts_at, now=now)
                if when is None:
                    continue  # past due inside quiet hours that last until the start: not at all…
                if when > now:
                    due = when  # …or at their end
            by_due.setdefault(due, Planned(staff_id, offset, shift.starts_at, due))
        out.extend(by_due.values())
    return out


def _withdraw_reason(shift: ShiftSnapshot, staff_id: uuid.UUID, now: datetime) -> str:
    if shift.status == "cancelled":
        return "shift cancelled"
    if shift.status in ("checked_in", "completed") or shift.starts_at <= now:
        return "shift started"
    if shift.status == "draft":
        return "shift not published"
    if staff_id not in {a.staff_id for a in shift.assignees}:
        return "no longer assigned to the shift"
    return "shift rescheduled or reminder settings changed"


def plan_reminders(
    shift: ShiftSnapshot,
    existing: Iterable[Existing],
    *,
    prefs: Mapping[uuid.UUID, ReminderPrefs],
    default: ReminderPrefs,
    now: datetime,
    only: set[uuid.UUID] | None = None,
    told: Collection[uuid.UUID] = (),
    told_until: datetime | None = None,
    told_why: str = TOLD,
    withdrawn_too: bool = True,
) -> ReminderPlan:
    """What to insert, move or withdraw so that the stored reminders match ``shift``.

    ``only`` restricts the plan to some people (after one person changed preferences). ``told``: the people the
    change being applied made the shift theirs and tells so in its own notice, which goes out by ``told_until``
    (default ``now``): a reminder of theirs due by then, new or withdrawn from them before, is skipped with
    ``told_why`` (`ReminderPlan.skip`, and with ``withdrawn_too`` one withdrawn from them before, the shift given
    back: `ReminderPlan.skip_stored`), not sent beside the notice.
    """
    until = now if told_until is None else max(now, told_until)
    rows = [r for r in existing if only is None or r.staff_id in only]
    by_key = {(r.staff_id, r.offset_minutes, r.shift_starts_at): r for r in rows}
    waiting: dict[tuple[uuid.UUID, int], list[Existing]] = {}
    for r in rows:
        if r.status == "scheduled":
            waiting.setdefault((r.staff_id, r.offset_minutes), []).append(r)
    this_start = [r for r in rows if r.shift_starts_at == shift.starts_at]
    sent = {r.staff_id for r in this_start if r.status == "dispatched"}
    kept = {(r.staff_id, r.offset_minutes) for r in this_start}
    plan = ReminderPlan()
    handled: set[uuid.UUID] = set()
    for want in _desired(shift, prefs, default, now, sent, kept):
        if only is not None and want.staff_id not in only:
            continue
        same = by_key.get((want.staff_id, want.offset_minutes, want.shift_starts_at))
        told_now = want.staff_id in told and want.due_at <= until
        if same is not None:
            handled.add(same.id)
            if same.status == "withdrawn" and told_now and withdrawn_too:
                plan.skip_stored.append(Withdraw(same.id, told_why))  # given back: its notice says it
            elif same.status == "withdrawn" or (same.status == "scheduled" and same.due_at != want.due_at):
                plan.update.append(Update(same.id, want.shift_starts_at, want.due_at))
            continue  # dispatched, skipped or expired: this start time has had its reminder
        movable = [r for r in waiting.get((want.staff_id, want.offset_minutes), []) if r.id not in handled]
        if movable:
            handled.add(movable[0].id)
            plan.update.append(Update(movable[0].id, want.shift_starts_at, want.due_at))
        elif told_now:
            plan.skip.append(want)
        elif want.due_at > now or shift.continues_shift_id is None:
            plan.insert.append(want)
    for r in rows:
        if r.status == "scheduled" and r.id not in handled:
            plan.withdraw.append(Withdraw(r.id, _withdraw_reason(shift, r.staff_id, now)))
    return plan


class Told(NamedTuple):
    """Whom the notice of a change tells a shift is theirs (`people`), by when it goes out (`until`), why their
    reminders due by then are not sent beside it (`why`), and whether one withdrawn from them before is kept from
    them too (`withdrawn_too`: the shift given back). `plan_reminders`' told, told_until, told_why, withdrawn_too."""

    people: frozenset[uuid.UUID]
    until: datetime
    why: str = TOLD
    withdrawn_too: bool = True


SOON = timedelta(minutes=15)
"""A due reminder waits for the person's next one for the same start when that one is due within this."""


def superseded(
    due_at: datetime, others: Sequence[tuple[datetime, str]], now: datetime, *, starts_at: datetime | None = None
) -> bool:
    """Whether a due reminder should be skipped because a later one for the same person and start
    time is also due (or already went): after an outage only the latest is sent; or because the later
    one falls due within ``SOON`` and before ``starts_at`` (the start it announces), so it would say
    the same thing minutes later.

    ``others`` are (due_at, status) of the person's other reminders for that start time.
    """
    horizon = now if starts_at is None else min(now + SOON, starts_at - timedelta(microseconds=1))
    return any(
        due_at < other_due <= max(now, horizon) and status in ("scheduled", "dispatched")
        for other_due, status in others
    )
