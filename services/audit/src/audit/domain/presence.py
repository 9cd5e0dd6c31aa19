"""Presence: the stretches in which fewer of a post's people have come than it requires, because some rostered did not.

Coverage (`domain/coverage`, `lichtruc.coverage`) is the *plan*: distinct qualified people on a
counting shift. A post whose only guard never arrived is covered in plan and empty in fact (QZ13 #1).
This module says when, and who is missing, from the check-ins audit keeps on each person of a shift.

Rules, in one place:

* A person's check-in is **due** `GRACE` after their shift's start: the shared grace (`lichtruc.check_in.GRACE`, 15
  minutes, the one roster's late rule, notifier's alerts and the portal read: a check-in up to then is on time; why
  it is not a setting is said there). Before then nobody is absent.
* A qualified person on a counting shift who has not checked in on time is **absent** from the shift's **start**
  (present means there: the grace is the time a check-in may take, not time counted present for someone who never
  came — QZ28 #2: two people who never came read "Có mặt 0,5" at giao thừa) until the first of: their check-in, the
  shift's end (a shift handed over ends at the handover: nothing after it counts against them; a shift cancelled
  does not count at all), and `now`. Checked in within the grace: never absent; checked in at 18:30 on an 18:00
  shift: absent 18:00–18:30, once the grace has passed.
* A shift **handed over with its people on record as there** is not counted against them at all: its rest taken
  over by a shift whose `handover_absent` is False ("Người trực không đến" unticked: the manager said they were there
  and had not checked in), nobody on it having checked in — the box is offered only then; once someone had, the flag
  says nothing of the others (QZ18 #5: Bình, there but not checked in, read "không có mặt" 18:15–19:10). Ticked, the
  old shift is cancelled and its hours are a gap, as before; not said (None, before 2026-12-07), counted as before.
* **Confirmed afterwards** (QZ27 #3: a phone flat at a relay station, the paper handover book signed): a manager's word,
  with evidence, once the shift ended (roster's PresenceConfirmed, `model.PresenceMark`), that a person was on post from
  one instant to another counts that time as present, as a check-in would — they are absent only in what is left of
  their absence outside it (came 40 minutes late, confirmed from then: absent from the shift's start until then). Their
  word "not there" (PresenceCorrected) on a person who checked in counts them absent as if they never had — over the
  whole shift (its default, and words said before it had from–to); said of part of it (QZ28 #4: checked in, left at
  12:00), absent over that part, their check-in counting as before outside it. The newest
  word on a person stands. Such time is **marked**, never mixed with a check-in on the spot: each `Absence` carries the
  word on its person, and `confirmations` lists every one with the minutes counted present only by it (`Confirmation`,
  its person-minutes: not covered by the person's own check-in), so that an inspector tells them apart.
* **An inspector's finding outweighs a word afterwards** (QZ28 #1: Viettel's manager confirmed Trần Văn Bảy "có mặt"
  for the whole night on a phone call after a surprise visit had recorded him not there at 21:30): a confirmation
  covering an instant at which an inspector found the person `missing` from their post (a finding's discrepancy on
  that shift, `FoundMissing`) counts present only until that instant — the earliest such — and the rest is absence,
  the finding named on it (`Absence.overruled`, `Confirmation.overruled`), so that coverage, the presence list and the
  report's inspections agree. `not_seen` (a duty for the enterprise as a whole, not seen at one site) does not: the
  person may have been at another site. A check-in is the person's own word on the spot and is not overruled here.
* A **shortfall** of a key (enterprise, site or the enterprise as a whole, duty type) is a maximal stretch
  in which someone counted on its plan is absent and the people present (rostered minus distinct absent people)
  are fewer than required (> 0) — **whatever the plan's own shortfall**. Absence is counted on top of gaps (QZ26 #2):
  a post rostered 1 of 2 whose one person never came is "cần 2, xếp 1, có mặt 0" from its start (once the grace passed), both a
  planning gap (its minutes are the gap's, "giờ thiếu người", the directive's figure) and a shortfall of presence
  (its minutes are "Chưa có mặt"); neither hides the other (before, absence counted only where the plan was full,
  and a no-show at a short post was lost: 4 h 30 at giao thừa).
  A stretch's `rostered` says the plan, `present` the fact. Absent people whose post the others present kept
  covered (rostered > required) leave no shortfall.
* A stretch's **minutes**, wherever they are shown (a shortfall's `minutes`, a day's `absent_minutes` on the
  board and so the heatmap's "Chưa có mặt h:mm"), are `shown_minutes`: the whole minutes between its two instants
  each floored to the minute — what its "hh:mm–hh:mm" reads on the presence list (QZ14 #8: the heatmap rounded
  2:45:40 to 2:46 beside the list's 09:15–12:00).
* **Person-hours** (QZ27 #2, the one rule every page and file totals by): a stretch of a key in which `required`
  people are asked and `rostered` are on its plan is short of `short_people` = required − rostered of them (the plan's
  gap: "chưa xếp đủ"), and of `absent_people` = min(required, rostered) − present more while a shortfall of presence
  lasts ("chưa có mặt": those rostered, counted against what is required, who are not there). Their sum is how many
  required people are not there. A stretch's person-minutes are its minutes times those people, added up over keys
  and stretches; a figure of several posts or hours is person-hours ("giờ-người"), never clock time (QZ27 #14: "47:00"
  for one duty type in one day read as a day longer than a day).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from lichtruc import check_in

from . import coverage
from .live import KeyRef
from .model import PresenceMark, Shift, utc

GRACE = check_in.GRACE
"""How long after a shift's start a check-in is still on time: the shared grace, `lichtruc.check_in.GRACE`."""


def shown_minutes(starts_at: datetime, ends_at: datetime) -> int:
    """The whole minutes of [starts_at, ends_at) as its times read to the minute: each instant floored to its minute
    (09:15:00–12:00:40 is 165, as "09:15–12:00"); 0 for an empty or reversed stretch."""
    if ends_at <= starts_at:
        return 0
    return int(ends_at.timestamp() // 60 - starts_at.timestamp() // 60)


def short_people(required: int, rostered: int) -> int:
    """How many of the `required` people a stretch's plan leaves out (its gap's depth; 0 when met)."""
    return max(0, required - rostered)


def absent_people(required: int, rostered: int, present: int) -> int:
    """How many rostered people a stretch needs and lacks because they are not there: min(required, rostered) − present
    (those rostered beyond what is required make up for an absence first); counted on top of `short_people`."""
    return max(0, min(required, rostered) - present)


@dataclass(frozen=True, slots=True)
class FoundMissing:
    """An inspector's finding that a person of a shift was not on post at an instant (a surprise visit's `missing`
    discrepancy): what no manager's word afterwards outweighs. `inspector`: their name as the finding is read (else
    their login); `site_name`: the site visited."""

    shift_id: str
    staff_id: str
    at: datetime
    inspector: str
    site_name: str
    finding_id: str


def found_missing(docs: Iterable[Mapping[str, Any]], names: Mapping[str, str] | None = None) -> list[FoundMissing]:
    """The people findings recorded `missing` on their shift (`docs`: findings as recorded, `names`: the inspectors'
    display names by finding id), by instant."""
    names = names or {}
    found = []
    for doc in docs:
        at = doc.get("observed_at")
        if not isinstance(at, str):
            continue
        fid = str(doc.get("finding_id") or "")
        for d in doc.get("discrepancies") or ():
            if d.get("kind") == "missing" and d.get("shift_id") and d.get("staff_id"):
                found.append(
                    FoundMissing(
                        str(d["shift_id"]),
                        str(d["staff_id"]),
                        utc(datetime.fromisoformat(at)),
                        names.get(fid) or str(doc.get("inspector") or ""),
                        str(doc.get("site_name") or ""),
                        fid,
                    )
                )
    return sorted(found, key=lambda f: (f.at, f.finding_id))


def held(said: PresenceMark | None, missing: Sequence[FoundMissing]) -> tuple[PresenceMark | None, FoundMissing | None]:
    """A word as it counts beside the findings on its person (`missing`, theirs on its shift): a confirmation covering
    an instant an inspector found them missing stops at the earliest such instant (then the finding); else as said."""
    if said is None or not said.present or said.starts_at is None or said.ends_at is None:
        return said, None
    lo, hi = said.starts_at, said.ends_at
    first = next((f for f in missing if lo <= f.at < hi), None)
    return (said, None) if first is None else (replace(said, ends_at=first.at), first)


def _missing_by_person(missing: Iterable[FoundMissing]) -> dict[tuple[str, str], list[FoundMissing]]:
    out: dict[tuple[str, str], list[FoundMissing]] = {}
    for f in sorted(missing, key=lambda f: f.at):
        out.setdefault((f.shift_id, f.staff_id), []).append(f)
    return out


@dataclass(frozen=True, slots=True)
class Absence:
    """One person of one shift who had not checked in once due: absent over [starts_at, ends_at)."""

    shift_id: str
    campaign_id: str | None
    enterprise_id: str
    sites: tuple[str, ...]
    duty_type: str
    staff_id: str
    full_name: str
    shift_starts_at: datetime
    shift_ends_at: datetime
    starts_at: datetime
    ends_at: datetime
    checked_in_at: datetime | None
    presence: PresenceMark | None = None
    """A manager's word afterwards on this person (confirmed present for part of the shift: the absence is the rest;
    not there: absent though they checked in)."""
    overruled: FoundMissing | None = None
    """The inspector's finding that stopped the word's time present (the absence from its instant is the finding's)."""
    late_reason: str | None = None
    """Why the person came late, as they (or the manager recording their arrival) said (QZ29 #13); None: not said."""

    def on_key(self, key: KeyRef) -> bool:
        """Whether the shift's people count for the key (as coverage counts them: the enterprise as a whole
        takes every shift of it and the duty type; a site takes the shifts at it and those covering it)."""
        if self.enterprise_id != key.enterprise_id or self.duty_type != key.duty_type:
            return False
        if self.campaign_id is not None and self.campaign_id != key.campaign_id:
            return False
        return key.site_id is None or key.site_id in self.sites


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A stretch [starts_at, ends_at) of a key with fewer people present than required, someone rostered being absent
    (`rostered` may itself fall short of `required`: the plan's gap, counted apart)."""

    key: KeyRef
    starts_at: datetime
    ends_at: datetime
    required: int
    rostered: int
    present: int
    absent: tuple[Absence, ...]

    @property
    def minutes(self) -> int:
        return shown_minutes(self.starts_at, self.ends_at)

    @property
    def people(self) -> int:
        """How many rostered people it lacks on top of the plan's gap (`absent_people`)."""
        return absent_people(self.required, self.rostered, self.present)

    def person_minutes(self, lo: datetime | None = None, hi: datetime | None = None) -> int:
        """Its person-minutes of absence, within [lo, hi) when given: `people` × the part's `shown_minutes`."""
        a, b = max(self.starts_at, lo or self.starts_at), min(self.ends_at, hi or self.ends_at)
        return self.people * shown_minutes(a, b)


def present_on_handover(shifts: Iterable[Shift]) -> dict[str, datetime]:
    """The shifts (by id) whose rest a handover gave to another with the manager's word that their people were there
    ("Người trực không đến" unticked: the taker's `handover_absent` is False), each with the handover's moment (the
    taker's start)."""
    return {
        s.continues_shift_id: s.starts_at
        for s in shifts
        if s.continues_shift_id is not None and s.handover_absent is False
    }


def absences(shifts: Iterable[Shift], *, now: datetime, missing: Iterable[FoundMissing] = ()) -> list[Absence]:
    """Every qualified person of a counting shift absent for some time before `now` (see the rules), the inspectors'
    findings that they were `missing` (`found_missing`) outweighing a word afterwards."""
    shifts = list(shifts)
    vouched = present_on_handover(shifts)
    seen = _missing_by_person(missing)
    found = []
    for s in shifts:
        if not s.counts or (s.shift_id in vouched and s.checked_in_at is None):
            continue
        due = s.starts_at + GRACE
        if now <= due:
            continue  # nobody is absent while their check-in may still come on time
        for p in s.assignees:
            if not p.qualified:
                continue
            said, overruled = held(p.presence, seen.get((s.shift_id, p.staff_id), ()))
            away = _away(said, s.starts_at, s.ends_at)
            # "not there" over the whole shift outweighs a check-in; over a part, the check-in counts outside it
            checked = None if away == (s.starts_at, s.ends_at) else p.checked_in_at
            pieces = []
            if checked is None or checked > due:  # on time: there from the start
                end = min(s.ends_at, now, checked or s.ends_at)
                pieces = _without(s.starts_at, end, said)
            if away is not None and min(away[1], now) > away[0]:
                pieces = _union([*pieces, (away[0], min(away[1], now))])
            for lo, hi in pieces:
                found.append(
                    Absence(
                        s.shift_id,
                        s.campaign_id,
                        s.enterprise_id,
                        s.sites,
                        s.duty_type,
                        p.staff_id,
                        p.full_name,
                        s.starts_at,
                        s.ends_at,
                        lo,
                        hi,
                        p.checked_in_at,
                        p.presence,
                        overruled if overruled is not None and overruled.at <= lo else None,
                        p.late_reason,
                    )
                )
    return found


def _away(said: PresenceMark | None, starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime] | None:
    """The time a "not there" word says the person was away (the whole shift when it says none); None for no such
    word."""
    if said is None or said.present:
        return None
    return max(said.starts_at or starts_at, starts_at), min(said.ends_at or ends_at, ends_at)


def _union(pieces: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Stretches merged where they touch or overlap, in order."""
    out: list[tuple[datetime, datetime]] = []
    for lo, hi in sorted(pieces):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _without(lo: datetime, hi: datetime, said: PresenceMark | None) -> list[tuple[datetime, datetime]]:
    """[lo, hi) less the time a manager confirmed the person present (none, one or two pieces, each not empty)."""
    if hi <= lo:
        return []
    if said is None or not said.present or said.starts_at is None or said.ends_at is None:
        return [(lo, hi)]
    pieces = [(lo, min(hi, said.starts_at)), (max(lo, said.ends_at), hi)]
    return [(a, b) for a, b in pieces if b > a]


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A manager's word afterwards on one person of a counting shift (`presence`), with the stretch it alone counts
    present as of a moment: [starts_at, ends_at), the time confirmed up to the moment and before the person's own
    check-in (empty for "not there", or when the check-in covers it all). Its `minutes` are person-minutes: one person."""

    shift_id: str
    campaign_id: str | None
    enterprise_id: str
    sites: tuple[str, ...]
    duty_type: str
    staff_id: str
    full_name: str
    shift_starts_at: datetime
    shift_ends_at: datetime
    checked_in_at: datetime | None
    presence: PresenceMark
    starts_at: datetime | None
    ends_at: datetime | None
    overruled: FoundMissing | None = None
    """The inspector's finding that stopped the time confirmed at its instant (None: none did)."""

    @property
    def minutes(self) -> int:
        if self.starts_at is None or self.ends_at is None:
            return 0
        return shown_minutes(self.starts_at, self.ends_at)

    def person_minutes(self, lo: datetime | None = None, hi: datetime | None = None) -> int:
        """Its minutes counted present only by the confirmation, within [lo, hi) when given."""
        if self.starts_at is None or self.ends_at is None:
            return 0
        return shown_minutes(max(self.starts_at, lo or self.starts_at), min(self.ends_at, hi or self.ends_at))

    def on_key(self, key: KeyRef) -> bool:
        """Whether the shift's people count for the key (`Absence.on_key`)."""
        if self.enterprise_id != key.enterprise_id or self.duty_type != key.duty_type:
            return False
        if self.campaign_id is not None and self.campaign_id != key.campaign_id:
            return False
        return key.site_id is None or key.site_id in self.sites


def confirmations(
    shifts: Iterable[Shift], *, now: datetime, missing: Iterable[FoundMissing] = ()
) -> list[Confirmation]:
    """Every manager's word afterwards on a qualified person of a counting shift, in the order of the shifts and their
    people, with the stretch it alone counts present by `now`, stopped by an inspector's finding (see the rules)."""
    seen = _missing_by_person(missing)
    found = []
    for s in shifts:
        if not s.counts:
            continue
        for p in s.assignees:
            if p.presence is None or not p.qualified:
                continue
            said, overruled = held(p.presence, seen.get((s.shift_id, p.staff_id), ()))
            assert said is not None
            lo = hi = None
            if said.present and said.starts_at is not None and said.ends_at is not None:
                a, b = said.starts_at, min(said.ends_at, now, p.checked_in_at or said.ends_at)
                lo, hi = (a, b) if b > a else (None, None)
            found.append(
                Confirmation(
                    s.shift_id,
                    s.campaign_id,
                    s.enterprise_id,
                    s.sites,
                    s.duty_type,
                    p.staff_id,
                    p.full_name,
                    s.starts_at,
                    s.ends_at,
                    p.checked_in_at,
                    p.presence,
                    lo,
                    hi,
                    overruled,
                )
            )
    return found


def shortfalls(
    key: KeyRef,
    segments: Sequence[coverage.Segment],
    absent: Iterable[Absence],
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> list[Shortfall]:
    """The key's presence shortfalls from its timeline (`segments`) and the absences (`absences(...)` as of
    a moment; those of other keys are left out), within [starts_at, ends_at) when given."""
    absent = [a for a in absent if a.on_key(key)]
    if not absent:
        return []
    found: list[Shortfall] = []
    for seg in segments:
        if seg.required <= 0:
            continue
        lo = max(seg.start, starts_at) if starts_at else seg.start
        hi = min(seg.end, ends_at) if ends_at else seg.end
        if lo >= hi:
            continue
        cuts = sorted({lo, hi} | {t for a in absent for t in (a.starts_at, a.ends_at) if lo < t < hi})
        for a0, a1 in itertools.pairwise(cuts):
            there = tuple(a for a in absent if a.starts_at <= a0 < a.ends_at)
            present = max(0, seg.actual - len({a.staff_id for a in there}))
            if not there or present >= seg.required:
                continue
            last = found[-1] if found else None
            if (
                last is not None
                and last.ends_at == a0
                and (last.required, last.rostered, last.present) == (seg.required, seg.actual, present)
                and {a.staff_id for a in last.absent} == {a.staff_id for a in there}
            ):
                found[-1] = Shortfall(key, last.starts_at, a1, seg.required, seg.actual, present, last.absent)
            else:
                found.append(Shortfall(key, a0, a1, seg.required, seg.actual, present, there))
    return found
