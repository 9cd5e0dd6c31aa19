"""What roster would say of each person in a people picker were they put on the shift (roster's
`GET /enterprises/{id}/shift-candidates`), as the picker says it beside the name, and the picker's order: among the
qualified, those free and rested first (QA: the reassign picker offered a leader on duty until 08:00 for the shift
starting then with no word; the saved shift only then warned).

What is said, worst last: a hard rule roster refuses them for (its own sentence), another shift of theirs at the same
time (a save is refused: a double booking), a rest under the minimum before or after another shift of theirs, more
night shifts in the rule's period than allowed. The last two break a limit: saving asks first (`limit_breaks`); each
says by how much (QZ26 #14: at 22:30 on giao thừa every operator free to take a no-show's night broke a limit — a
rotation of a night every third day is three a week, the limit — and the manager had to choose among them blind):
"thiếu 3 giờ 30 phút so với tối thiểu 8 giờ", "quá 1 ca". Among those breaking a limit, the picker lists first those
breaking fewer limits, then by less (`Judged.order`), and says when nobody can take the shift without breaking one
(`Judged.none_free`).

Roster judges rules, not presence: someone the manager recorded as not come ("Người trực không đến", a nobody-came
handover: their shift cancelled) is free by its rules. The picker says it of them (`with_no_shows`, QZ26 #5: right
after the handover, "Xếp ca mới" offered the man who never came first, "rảnh, đủ thời gian nghỉ") for a shift within
`NO_SHOW_WITHIN` of the one they did not come to, and lists them after the free."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from .dates import parse_instant
from .shifts import Shift, ShiftRef, StaffOption


@dataclass(frozen=True)
class Note:
    """One thing said beside a name: `kind` ("refused", "busy", "no_show", "rest_before", "rest_after", "nights"), the
    other shift it is about (busy, rest; no_show: the one they were recorded as not come to), and the numbers or roster's own sentence (refused) it is said with."""

    kind: str
    other: ShiftRef | None = None
    enterprise: str = ""  # the other shift's enterprise, when another one's
    hours: float = 0.0  # the rest (0: none at all, back to back)
    least: float = 0.0  # the rest the rule asks at least, in hours (rest notes; 0: roster did not say)
    count: int = 0
    days: float = 0.0
    limit: int = 0
    text: str = ""  # roster's sentence (refused), English
    text_vi: str = ""

    def said(self, lang: str) -> str:
        return self.text_vi if lang == "vi" else self.text

    @property
    def short_by(self) -> float:
        """A rest note's hours under the rule's minimum (0 when roster did not say the minimum)."""
        return max(0.0, self.least - self.hours) if self.least else 0.0

    @property
    def over_by(self) -> int:
        """A night shifts note's nights over the limit."""
        return max(0, self.count - self.limit)

    @property
    def breaks_limit(self) -> bool:
        """A soft rule broken (a save asks first): the rest, the nights."""
        return self.kind in LIMITS


RANK = {"refused": 3, "busy": 2, "no_show": 2, "rest_before": 1, "rest_after": 1, "nights": 1}
"""How far from free each kind puts a person: the picker lists the qualified by it (0: free and rested)."""
LIMITS = frozenset({"rest_before", "rest_after", "nights"})
"""The kinds that break a limit roster warns of (a save asks first, "Vẫn lưu"), not one it refuses."""


@dataclass(frozen=True)
class Judged:
    """What a picker says of the people roster was asked about (by staff id); those not asked about say nothing.
    `no_account`: those roster says cannot check in themselves (no active account, QZ29 #1: Lê Hữu Nghĩa was handed a
    shift as "rảnh, đủ thời gian nghỉ", then shown absent) — said after the notes, not a rule: free stays free."""

    notes: Mapping[str, tuple[Note, ...]]
    no_account: frozenset[str] = frozenset()

    def of(self, staff_id: str) -> tuple[Note, ...]:
        return self.notes.get(staff_id, ())

    def free(self, staff_id: str) -> bool:
        """Asked about, and nothing to say."""
        return staff_id in self.notes and not self.notes[staff_id]

    def rank(self, staff_id: str) -> int:
        return max((RANK[n.kind] for n in self.of(staff_id)), default=0)

    def harm(self, staff_id: str) -> tuple[int, int, float]:
        """How far from free, finer than `rank` among those breaking limits only: how many limits they break, the
        nights over the limit, then the hours of rest short of the minimum (QZ26 #14: of the operators each breaking
        a limit at giao thừa, one only over the nights by one is a better choice than one also back to back)."""
        limits = [n for n in self.of(staff_id) if n.breaks_limit]
        nights = sum(n.over_by for n in limits if n.kind == "nights")
        return len(limits), nights, round(sum(n.short_by for n in limits), 2)

    def order(self, people: Sequence[StaffOption], chosen: Iterable[str] = ()) -> list[StaffOption]:
        """`people` with those `chosen` first as they are, then the free and rested, then by how far from free — among
        those breaking only limits, who breaks fewer and by less (`harm`) — each group keeping the list's name order."""
        first = set(chosen)
        return sorted(people, key=lambda p: (p.id not in first, self.rank(p.id), self.harm(p.id)))

    def none_free(self, people: Iterable[StaffOption]) -> bool:
        """Roster asked about `people` and none is free: none can be given the shift without a refusal or a warning
        (the picker says so above them, and that those breaking least are listed first)."""
        asked = [p for p in people if p.id in self.notes]
        return bool(asked) and not any(self.free(p.id) for p in asked)


def _ref(doc: Mapping[str, Any]) -> ShiftRef:
    return ShiftRef(
        str(doc["shift_id"]),
        str(doc.get("duty_type") or ""),
        parse_instant(str(doc["starts_at"])),
        parse_instant(str(doc["ends_at"])),
    )


def notes_of(candidate: Mapping[str, Any]) -> tuple[Note, ...]:
    """What the picker says of one of roster's candidates, worst first."""
    out = [
        Note("refused", text=str(r.get("message") or ""), text_vi=str(r.get("message_vi") or ""))
        for r in candidate.get("refused") or ()
    ]
    out += [Note("busy", _ref(b), enterprise=str(b.get("enterprise_name") or "")) for b in candidate.get("busy") or ()]
    for r in candidate.get("short_rests") or ():
        kind = "rest_before" if r.get("before") else "rest_after"
        where = str(r.get("enterprise_name") or "")
        least = float(r.get("min_rest_hours") or 0)
        out.append(Note(kind, _ref(r), enterprise=where, hours=float(r["rest_hours"]), least=least))
    if nights := candidate.get("night_shifts"):
        count, days, limit = int(nights["count"]), float(nights["within_days"]), int(nights["at_most"])
        out.append(Note("nights", count=count, days=days, limit=limit))
    return tuple(out)


def judged(items: Iterable[Mapping[str, Any]]) -> Judged:
    """roster's answer for a picker."""
    listed = list(items)
    without = frozenset(str(c["id"]) for c in listed if c.get("can_check_in") is False)
    return Judged({str(c["id"]): notes_of(c) for c in listed}, without)


NO_SHOW_WITHIN = timedelta(hours=12)
"""A person recorded as not come to a shift is said so in a picker of a shift starting before that one's end and ending
after it ended less than this long before: that night, not the next week."""


@dataclass(frozen=True)
class NoShow:
    """Someone the manager recorded as not come to a shift (a nobody-came handover cancelled it for the people taking
    it over), and that shift."""

    staff_id: str
    full_name: str
    shift: ShiftRef


def no_shows(takers: Iterable[Shift], gone: Mapping[str, Shift]) -> tuple[NoShow, ...]:
    """The people recorded as not come: those of each shift a taker of `takers` took over with "Người trực không đến"
    ticked (its `handover_absent` True), that shift read from `gone` (by id; one not there says nothing) and cancelled.
    Each person and shift once."""
    found: dict[tuple[str, str], NoShow] = {}
    for taker in takers:
        left = gone.get(taker.continues_shift_id or "")
        if taker.handover_absent is not True or left is None or left.status != "cancelled":
            continue
        for p in left.people:
            found.setdefault((p.staff_id, left.id), NoShow(p.staff_id, p.full_name, left.ref))
    return tuple(found.values())


def with_no_shows(judged: Judged, found: Iterable[NoShow], span: tuple[datetime, datetime]) -> Judged:
    """`judged` with "không đến ca …" said of each person asked about who was recorded as not come to a shift near
    `span` (overlapping it, or ended less than `NO_SHOW_WITHIN` before it): not free, listed after the free."""
    notes = dict(judged.notes)
    for n in found:
        near = n.shift.starts_at < span[1] and n.shift.ends_at > span[0] - NO_SHOW_WITHIN
        if near and n.staff_id in notes and all(x.other != n.shift for x in notes[n.staff_id]):
            notes[n.staff_id] = (Note("no_show", n.shift), *notes[n.staff_id])
    return replace(judged, notes=notes)


@dataclass(frozen=True)
class LimitBreak:
    """A person the shift as sent would put over a limit, in roster's words (its warning's sentence)."""

    staff_id: str
    text: str


def limit_breaks(items: Iterable[Mapping[str, Any]], lang: str) -> tuple[LimitBreak, ...]:
    """roster's warnings for the people a save would put on the shift: each breaks a limit (the rest under the
    minimum — also none at all, two shifts back to back — and too many night shifts), so saving asks first. A
    person busy or refused is not among them: roster refuses that save itself, in its own words."""
    return tuple(
        LimitBreak(str(c["id"]), str(w.get("message_vi") if lang == "vi" else w.get("message") or ""))
        for c in items
        if not c.get("busy") and not c.get("refused")
        for w in c.get("warnings") or ()
    )


def answer_key(*parts: Iterable[str] | str) -> str:
    """What a "save anyway" answers (the form's `as_is`): the people and times it was asked about, so that an answer
    to another question (the people or times changed since) is no answer."""
    text = "|".join(p if isinstance(p, str) else ",".join(sorted(p)) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
