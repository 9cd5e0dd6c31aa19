"""Shifts as the manager's board shows and plans them: the people on them, their status, the
rule warnings roster keeps on them (naming the other shift by its duty type and time, never
by id), the double bookings roster refuses, the people to choose from, and the local
date-time inputs of the forms.

Rules:
- Times are typed and shown in Vietnam time; a form's "2027-02-07T18:00" is 18:00 in
  Asia/Ho_Chi_Minh, sent to roster with its offset.
- People holding the qualification the duty type demands are offered first (roster refuses
  the others); inactive people are not offered; each group in the staff list's name order, the people
  already chosen first.

- Each person's check-in on a shift (`Shift.check_ins`) is judged as "Ca trực của tôi" judges it
  (domain.my_day.outcome): the board's cell panel says who has not checked in, not only the shift's status.
- The people of a shift whose rest was handed over with the manager's word that they were there
  (`domain.my_day.vouched_for`, found among a page's shifts by `vouched_ids`) are `confirmed`, not "missed" (QZ18 #5).

Pure: no clock, no HTTP, no words (templates word warnings and clashes from the catalogue).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from lichtruc.text import fold, one_line, phone_label, same_name_key, sort_key, starts_words

from .dates import VIETNAM, parse_instant
from .my_day import Outcome, outcome, vouched_for

EDITABLE = frozenset({"draft", "published"})
ACTIONS = ("edit", "reschedule", "reassign", "cancel", "publish", "handover")
HANDED_OVER = frozenset({"published", "checked_in"})
"""Statuses whose shift, once under way, can have the rest of it handed over to other people (roster's rule)."""


HANDOVER_STEP = timedelta(minutes=5)
"""A handover's moment left empty is roster's clock rounded up to the next 5 minutes (roster's `handover_default`)."""


def handover_from(
    *, starts_at: datetime, ends_at: datetime, whole: bool, now: datetime, typed: datetime | None
) -> datetime:
    """From when the people a handover form's picker offers would take the shift over, for the notes beside their
    names: the moment typed when roster could take it (after the start — at it, `whole`: nobody came — and before
    the end); else the form's default, `now` rounded up to the next 5 minutes, kept within the shift (a moment at
    its end leaves nothing to hand over: 5 minutes before it) — never the start (QZ13 #2)."""
    if typed is not None and (starts_at <= typed if whole else starts_at < typed) and typed < ends_at:
        return typed
    step = HANDOVER_STEP.total_seconds()
    rounded = datetime.fromtimestamp(math.ceil(now.timestamp() / step) * step, tz=starts_at.tzinfo)
    return min(max(rounded, starts_at), ends_at - HANDOVER_STEP)


PRESENCE_EVIDENCE = ("handover_book", "camera", "shift_leader", "other")
"""How a manager knows afterwards whether a person was on post (roster's `evidence`), in the order the form offers them."""


@dataclass(frozen=True)
class PresenceWord:
    """A manager's word afterwards on a person of an ended shift (roster's `presence`, QZ27 #3): on post from–to
    (`present`), or not there though checked in, from–to (QZ28 #4: none said before, the whole shift); how it is known;
    who said it (their name, else their login) and when."""

    present: bool
    evidence: str
    evidence_note: str
    by: str
    at: datetime
    present_from: datetime | None = None
    present_until: datetime | None = None
    absent_from: datetime | None = None
    absent_until: datetime | None = None

    @classmethod
    def from_api(cls, said: object) -> PresenceWord | None:
        if not isinstance(said, Mapping) or not said.get("confirmed_at"):
            return None

        def instant(key: str) -> datetime | None:
            return parse_instant(str(said[key])) if said.get(key) else None

        return cls(
            present=bool(said.get("present")),
            evidence=str(said.get("evidence") or "other"),
            evidence_note=str(said.get("evidence_note") or ""),
            by=str(said.get("confirmed_by_name") or said.get("confirmed_by") or ""),
            at=parse_instant(str(said["confirmed_at"])),
            present_from=instant("present_from"),
            present_until=instant("present_until"),
            absent_from=instant("absent_from"),
            absent_until=instant("absent_until"),
        )

    @property
    def since(self) -> datetime | None:
        """When the time it covers begins (there, or away)."""
        return self.present_from if self.present else self.absent_from

    @property
    def until(self) -> datetime | None:
        return self.present_until if self.present else self.absent_until

    def whole(self, starts_at: datetime, ends_at: datetime) -> bool:
        """Whether it covers the whole shift (said without from–to; a "not there" said before it had one too)."""
        return (self.since or starts_at, self.until or ends_at) == (starts_at, ends_at)


@dataclass(frozen=True)
class Person:
    staff_id: str
    full_name: str
    qualified: bool = True
    checked_in_at: datetime | None = None  # when this person checked in on the shift (roster's), if they did
    presence: PresenceWord | None = None  # a manager's word afterwards on whether they were on post (QZ27 #3)
    # roster's `can_check_in`: an active account is linked to them (False: they cannot check in themselves — a manager
    # records their arrival, QZ29 #1; None: roster did not say)
    can_check_in: bool | None = None
    late_reason: str | None = None  # why they came late, as they (or the manager recording it) said (QZ29 #13)

    @property
    def without_account(self) -> bool:
        """Roster says they cannot check in themselves: no active account."""
        return self.can_check_in is False


@dataclass(frozen=True)
class ShiftRef:
    """Another shift, as a manager recognises it: its duty type and its time."""

    id: str
    duty_type: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class HandedOver:
    """Who took a shift over, from when and why — roster's `handed_over_to` on it, as the board's answer carries it
    on every shift handed over (whichever day the shift that took it is on), or that shift itself (`of_taker`)."""

    shift_id: str
    people: tuple[str, ...]  # their full names
    starts_at: datetime  # from when they are on duty (the moment of the handover)
    reason: str | None = None  # as the manager typed it

    @classmethod
    def from_api(cls, handed: object) -> HandedOver | None:
        """Roster's `handed_over_to` of a shift's answer (None: not handed over, or not said whom to)."""
        if not isinstance(handed, Mapping) or not handed.get("shift_id") or not handed.get("starts_at"):
            return None
        reason = handed.get("reason")
        return cls(
            shift_id=str(handed["shift_id"]),
            people=tuple(str(p) for p in handed.get("people") or ()),
            starts_at=parse_instant(str(handed["starts_at"])),
            reason=str(reason) if reason else None,
        )

    @classmethod
    def of_taker(cls, taker: Shift) -> HandedOver:
        """The same, read off the shift that took it over."""
        people = tuple(p.full_name for p in taker.people)
        return cls(shift_id=taker.id, people=people, starts_at=taker.starts_at, reason=taker.handover_reason)


@dataclass(frozen=True)
class Shift:
    id: str
    duty_type: str
    site_id: str | None
    starts_at: datetime  # Vietnam time
    ends_at: datetime
    status: str
    version: int
    notes: str | None
    cancel_reason: str | None
    people: tuple[Person, ...]
    warnings: tuple[Mapping[str, Any], ...] = ()
    covers_site_ids: tuple[str, ...] = ()  # further sites of its enterprise it covers besides its own (a patrol round)
    continues_shift_id: str | None = None  # the shift whose rest this one took over (a handover's), if it did
    handover_reason: str | None = None  # why that shift's rest was handed over
    handover_absent: bool | None = None
    """With `continues_shift_id`: whether the manager said that shift's people never came (roster's; False: they were
    there — `vouched_for`; None: not said)."""
    created_at: datetime | None = None  # when roster made it (a handover's new shift: the moment it was handed over)
    late_from: datetime | None = None
    """From when a check-in counts late (roster's `late_from`: the start, or the handover moment of a shift taking
    over another, if later); None: the start."""
    handed_over: HandedOver | None = None
    """Handed over itself: who took it, from when and why (roster's `handed_over_to`), whichever day that one is on."""
    handed_over_absent: bool | None = None
    """Handed over itself (roster's `handed_over_to`): what the manager said of its people at the handover, the word the
    shift that took it keeps (`handover_absent` of that shift: False, they were there); None: not handed over, or not
    said. Carried on this shift so that the word is known when that shift is not in sight — a night shift on a board's
    last day handed over after midnight, its taker starting past the board (B1)."""

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Shift:
        return cls(
            id=str(body["id"]),
            duty_type=str(body["duty_type"]),
            site_id=str(body["site_id"]) if body.get("site_id") else None,
            starts_at=parse_instant(str(body["starts_at"])),
            ends_at=parse_instant(str(body["ends_at"])),
            status=str(body["status"]),
            version=int(body["version"]),
            notes=body.get("notes"),
            cancel_reason=body.get("cancel_reason"),
            people=tuple(
                Person(
                    str(a["staff_id"]),
                    str(a["full_name"]),
                    bool(a.get("qualified", True)),
                    parse_instant(str(a["checked_in_at"])) if a.get("checked_in_at") else None,
                    PresenceWord.from_api(a.get("presence")),
                    a["can_check_in"] if isinstance(a.get("can_check_in"), bool) else None,
                    str(a.get("late_reason") or "").strip() or None,
                )
                for a in body.get("assignees") or ()
            ),
            warnings=tuple(body.get("warnings") or ()),
            covers_site_ids=tuple(str(c) for c in body.get("covers_site_ids") or ()),
            continues_shift_id=str(body["continues_shift_id"]) if body.get("continues_shift_id") else None,
            handover_reason=str(body["handover_reason"]) if body.get("handover_reason") else None,
            handover_absent=body["handover_absent"] if isinstance(body.get("handover_absent"), bool) else None,
            created_at=parse_instant(str(body["created_at"])) if body.get("created_at") else None,
            late_from=parse_instant(str(body["late_from"])) if body.get("late_from") else None,
            handed_over=HandedOver.from_api(body.get("handed_over_to")),
            handed_over_absent=_handed_over_absent(body.get("handed_over_to")),
        )

    def at_site(self, site_id: str | None) -> bool:
        """Whether the shift counts at a board column of `site_id` (None: the whole enterprise's column): its own
        site, or one it covers (roster counts the coverage of a covering shift at each of its sites)."""
        return site_id is None or self.site_id == site_id or site_id in self.covers_site_ids

    @property
    def ref(self) -> ShiftRef:
        return ShiftRef(self.id, self.duty_type, self.starts_at, self.ends_at)

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    def timing(self, now: datetime) -> Literal["ahead", "under_way", "ended"]:
        """Where the shift stands at `now`: still to come, being worked, or over."""
        if now >= self.ends_at:
            return "ended"
        return "under_way" if now >= self.starts_at else "ahead"

    @property
    def staff_ids(self) -> tuple[str, ...]:
        return tuple(p.staff_id for p in self.people)

    @property
    def late_after(self) -> datetime:
        """The moment a check-in's lateness is measured from (`late_from`, else the start)."""
        return self.late_from or self.starts_at

    def vouched_by(self, taker: Shift | None) -> bool:
        """Whether `taker`, the shift that took over its rest, carries the manager's word that its people were there
        (`domain.my_day.vouched_for`); without `taker` in sight, the word roster gave with this shift
        (`handed_over_absent`)."""
        if taker is None:
            said = self.handed_over_absent
        else:
            said = taker.handover_absent if taker.continues_shift_id == self.id else None
        return vouched_for(handover_absent=said, anyone_checked_in=any(p.checked_in_at for p in self.people))

    def check_ins(self, now: datetime, *, vouched: bool = False) -> tuple[tuple[Person, Outcome], ...]:
        """How each person on it stands at `now` — checked in on time or late, not yet while it is under way, missed
        once it ended ('' before it begins, or on a draft or cancelled shift), confirmed when `vouched` (its rest
        handed over with the manager's word that they were there, `vouched_by`) — by the rule of the staff's own
        cards (domain.my_day.outcome), so that the board and "Ca trực của tôi" never disagree. A manager's word
        afterwards on a person (`Person.presence`, QZ27 #3) stands over their check-in as audit's presence rule
        has it: confirmed there, they are `confirmed` when they had no check-in; recorded not there, `missed`
        whatever their check-in said — so the day cell's "không điểm danh" count agrees with the card's words."""
        return tuple((p, self._outcome(p, now, vouched=vouched)) for p in self.people)

    @property
    def status_shown(self) -> str:
        """Its status as its card's badge says it: "checked_in" turns "checked_in_unsaid" when every check-in on it
        was recorded afterwards as not there (QZ28 #3: Gấm's card kept “Đã điểm danh” beside “Vắng …”)."""
        checked = [p for p in self.people if p.checked_in_at is not None]
        if self.status == "checked_in" and checked and all(p.presence and not p.presence.present for p in checked):
            return "checked_in_unsaid"
        return self.status

    def _outcome(self, p: Person, now: datetime, *, vouched: bool) -> Outcome:
        word = p.presence
        return outcome(
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            status=self.status,
            on_shift=True,
            checked_in_at=None if word is not None and not word.present else p.checked_in_at,
            now=now,
            late_from=self.late_from,
            vouched=vouched or (word is not None and word.present),
        )


def not_checked_in_now(shifts: Iterable[Shift], now: datetime) -> frozenset[str]:
    """The staff ids of the people on these shifts under way at `now` who have not checked in to any of them (QZ26 #5:
    the incident's responder picker called Nguyễn Thị Ánh Nguyệt "đang trực", rostered, never checked in): on duty
    by the roster, not there by their check-in — by the staff cards' rule (`Shift.check_ins`)."""
    waiting: set[str] = set()
    came: set[str] = set()
    for shift in shifts:
        if shift.timing(now) != "under_way":
            continue
        for person, o in shift.check_ins(now):
            (waiting if o == "not_yet" else came).add(person.staff_id)
    return frozenset(waiting - came)


TIMING_ORDER = {"under_way": 0, "ahead": 1, "ended": 2}


def timing_rank(shift: Shift, now: datetime) -> int:
    """Where a shift comes in a cell's list at `now` (QZ26 #3): those under way first, then those to come, then those
    ended (a stable sort keeps each part by start)."""
    return TIMING_ORDER[shift.timing(now)]


def _handed_over_absent(handed: object) -> bool | None:
    """Roster's `handed_over_to.handover_absent` of a shift's answer (None: not handed over, or not said)."""
    said = handed.get("handover_absent") if isinstance(handed, Mapping) else None
    return said if isinstance(said, bool) else None


def vouched_ids(shifts: Iterable[Shift]) -> frozenset[str]:
    """The ids of those of `shifts` whose rest was taken over with the manager's word that their people were there
    (`Shift.vouched_by`: by the shift among them that took it, else by the word roster gave with the shift itself;
    audit's `presence.present_on_handover` the same over its shifts)."""
    shifts = list(shifts)
    takers = {s.continues_shift_id: s for s in shifts if s.continues_shift_id is not None}
    return frozenset(s.id for s in shifts if s.vouched_by(takers.get(s.id)))


@dataclass(frozen=True)
class RuleWarning:
    """A soft rule a shift breaks, in parts a page can word: whose, which rule, the numbers,
    and the other shift involved. `roster_vi`/`roster_en` are roster's own sentence, used for
    a rule the portal does not know."""

    rule: str
    name: str
    rest_hours: float | None
    night_shifts: int | None
    other: ShiftRef | None
    roster_vi: str
    roster_en: str

    def roster_text(self, lang: str) -> str:
        return self.roster_vi if lang == "vi" else self.roster_en


def rule_warnings(shift: Shift, known: Mapping[str, ShiftRef]) -> tuple[RuleWarning, ...]:
    """The shift's warnings; `known` maps shift ids to the shifts the page already has (the
    other shift of a short rest is named from there)."""
    names = {p.staff_id: p.full_name for p in shift.people}
    out = []
    for w in shift.warnings:
        staff_id = str(w.get("staff_id") or "")
        other_id = str(w.get("shift_id") or "")
        rest = w.get("rest_hours")
        nights = w.get("night_shifts")
        out.append(
            RuleWarning(
                rule=str(w.get("rule") or ""),
                name=names.get(staff_id, ""),
                rest_hours=float(rest) if isinstance(rest, (int, float)) else None,
                night_shifts=int(nights) if isinstance(nights, (int, float)) else None,
                other=known.get(other_id) if other_id else None,
                roster_vi=str(w.get("message_vi") or w.get("message") or ""),
                roster_en=str(w.get("message") or ""),
            )
        )
    return tuple(out)


def other_shift_ids(shifts: Iterable[Shift]) -> set[str]:
    """Ids of the other shifts the warnings of these shifts name."""
    return {str(w["shift_id"]) for s in shifts for w in s.warnings if w.get("shift_id")}


@dataclass(frozen=True)
class Clash:
    """A double booking roster refused: who is already on duty, and on which shift."""

    staff_id: str
    name: str
    other: ShiftRef | None


def clashes_of(problem: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(staff id, conflicting shift id) of each double booking in roster's 409 problem: the
    problem names the first (`staff_id`, `conflicting_shift_id`), its `errors` every one."""
    pairs: list[tuple[str, str]] = []
    if problem.get("staff_id") and problem.get("conflicting_shift_id"):
        pairs.append((str(problem["staff_id"]), str(problem["conflicting_shift_id"])))
    for error in problem.get("errors") or ():
        if not isinstance(error, Mapping):
            continue
        other = error.get("shift_id") or error.get("conflicting_shift_id")
        if error.get("staff_id") and other:
            pairs.append((str(error["staff_id"]), str(other)))
    return list(dict.fromkeys(pairs))


@dataclass(frozen=True)
class StaffOption:
    id: str
    full_name: str
    qualified: bool
    apart: tuple[str, str] | None = None
    """What tells them apart from a namesake on the staff (`told_apart`): a catalogue key and its value."""

    @property
    def folded(self) -> str:
        """The name as the picker's search box compares it (`lichtruc.text.fold`: "nguyen van hung" finds
        "Nguyễn Văn Hùng"); portal.js folds what is typed the same way."""
        return fold(self.full_name)


def told_apart(email: str | None, phone: str | None) -> tuple[str, str] | None:
    """What a picker says beside a person whose name another person offered shares: their e-mail, else their phone
    number (the staff have no site or title to say) — a catalogue key and its value; None when neither is known."""
    if email:
        return ("shift.plan.apart_email", email)
    if phone:
        return ("shift.plan.apart_phone", phone_label(phone))
    return None


def staff_options(staff: Iterable[Mapping[str, Any]], qualification: str) -> tuple[StaffOption, ...]:
    """Active staff, those holding `qualification` first, each group in the staff list's name order: roster
    orders /manage/staff by `lichtruc.text.sort_key` of the full name, then the name, then the id (QA: by the
    last word, "Trần Thanh Vinh 001" came first and the leaders whose names end in a letter at the bottom). Two or
    more of one name (`lichtruc.text.same_name_key`: "ƯNG THỊ Ý", "Ưng Thị Ý") each carry what tells them apart
    (`told_apart`; QA: three identical boxes)."""
    active = [p for p in staff if p.get("active", True)]
    names = Counter(same_name_key(str(p["full_name"])) for p in active)
    options = [
        StaffOption(
            str(p["id"]),
            str(p["full_name"]),
            qualification in (p.get("qualifications") or ()),
            told_apart(p.get("email"), p.get("phone")) if names[same_name_key(str(p["full_name"]))] > 1 else None,
        )
        for p in active
    ]
    return tuple(sorted(options, key=lambda o: (not o.qualified, sort_key(o.full_name), o.full_name, o.id)))


def chosen_first(options: Iterable[StaffOption], chosen: Collection[str]) -> tuple[StaffOption, ...]:
    """`options` as a picker draws them: the qualified first, and in each of the two groups the people in `chosen`
    (on the shift already, or ticked in a refused form) before the rest, each part keeping its order: in a list
    of eighty, a ticked name is never lost at the bottom."""
    return tuple(sorted(options, key=lambda o: (not o.qualified, o.id not in chosen)))


PICKER_MOST = 50
"""The boxes the plan form's people picker draws at most, the people ticked aside (QA: a cell at 526 staff drew 526
boxes, half of its page): the rest are found by name (`pick_people`'s `query`)."""


@dataclass(frozen=True)
class PeoplePick:
    """What a people picker draws of the staff: `listed`, in the picker's order; `left_out`, how many it does not;
    `query`, the name searched for (empty: none), and `matched`, how many people not ticked match it."""

    listed: tuple[StaffOption, ...]
    left_out: int
    query: str = ""
    matched: int = 0

    @property
    def searchable_here(self) -> bool:
        """Whether every person is drawn, so that filtering the boxes drawn (portal.js) finds anyone."""
        return not self.left_out and not self.query


def pick_people(
    options: Iterable[StaffOption], chosen: Collection[str], *, query: str = "", most: int = PICKER_MOST
) -> PeoplePick:
    """The people a picker draws: those in `chosen` always, then — those a word of whose name each word of `query`
    begins (`lichtruc.text.starts_words`: "nguyen van" finds Nguyễn Văn Hùng, "uyen" Nguyễn Thị Uyên and no other
    Nguyễn), or everyone without one — up to `most` boxes in all, in `chosen_first`'s order (the qualified first)."""
    ordered = chosen_first(options, chosen)
    words = fold(query).split()
    found = [o for o in ordered if o.id not in chosen and starts_words(o.full_name, query)]
    room = max(most - sum(1 for o in ordered if o.id in chosen), 0)
    drawn = {o.id for o in found[:room]}
    listed = tuple(o for o in ordered if o.id in chosen or o.id in drawn)
    return PeoplePick(listed, len(ordered) - len(listed), one_line(query) if words else "", len(found))


def local_input(instant: datetime) -> str:
    """The value of a datetime-local input: "2027-02-07T18:00" on a Vietnamese wall clock."""
    return f"{instant.astimezone(VIETNAM):%Y-%m-%dT%H:%M}"


def parse_local_input(text: str | None) -> datetime | None:
    """A datetime-local input ("2027-02-07T18:00", seconds allowed) as a Vietnam-time instant;
    None when empty or not a date-time."""
    if not text or not text.strip():
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value.astimezone(VIETNAM)
