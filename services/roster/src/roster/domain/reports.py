"""Daily situation reports (báo cáo tình hình trực Tết): what roster knows of one enterprise's local day
— who was on duty, who checked in, the incidents and how they were handled, the coverage gaps by
roster's own check — assembled into a draft; the leader on duty adds remarks and submits it.

A submitted report is immutable: a correction is a new version (v2 …) that supersedes it, the
earlier ones kept. Every section of it is read from what was stored at its submission — sections I–III
its facts, section IV as it was derived then (`DailyReport.section`) — so that what was sent is what is
shown, downloaded and counted later, whatever changes underneath or in the rules. Pure: the time ("now") and the facts are passed in.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from lichtruc import check_in, report_deadline
from lichtruc.duty_types import DUTY_TYPE_KEYS
from lichtruc.vntime import Lang, at_local, clock, date_said, local_day, lunar_day_name, lunar_label

from .coverage import BoardDay
from .department import default_abbreviation
from .errors import RuleViolation
from .incidents import Incident
from .shifts import Shift, check_in_closed

ReportStatus = report_deadline.ReportStatus

LATE_AFTER = check_in.GRACE
"""A check-in later than this after the shift began is late: the shared grace (`lichtruc.check_in.GRACE`, which says why
it is one constant and not a setting), the moment audit, notifier and the portal also say "not there"."""
MAX_REMARKS = 8000
ON_DUTY = frozenset({"published", "checked_in", "completed"})
"""The shifts a report counts (drafts were never announced; cancelled ones did not happen)."""

GAPS_BASIS_VI = "theo kiểm tra của hệ thống lịch trực; kết luận chính thức là phát hiện của bộ phận kiểm tra của Sở"
GAPS_BASIS_EN = (
    "by the duty roster system's own check; the official conclusion is the Department's inspection team's finding"
)
"""What a report's gaps are worth, in one text for the PDF's section IV heading and the draft's note on the web page
(QA: the page named the audit log, the PDF the Department's inspectors): roster counts the holes in its own plan; an
administrative report's conclusion on them is the Department's inspection team's, whatever system it works from."""


def presence_note(lang: Lang) -> str:
    """When section IV counts someone not there, from `LATE_AFTER` (QZ18 #6: an inspector asked why 18:00–18:15 was
    not counted): the PDF's note under the heading when it lists anyone, and the web page's after the gaps' basis."""
    minutes = LATE_AFTER // timedelta(minutes=1)
    if lang == "vi":
        return (
            f"Không có mặt: người trực chưa điểm danh sau {minutes} phút kể từ giờ bắt đầu ca (mức điểm danh muộn) "
            "được tính vắng từ giờ bắt đầu ca đến khi điểm danh, khi ca kết thúc hoặc được giao lại."
        )
    return (
        f"Not there: a person not checked in {minutes} minutes after the shift's start (the late check-in rule) is "
        "counted absent from the shift's start until they check in, the shift ends or is handed over."
    )


def gaps_note(lang: Lang) -> str:
    """The gaps' basis (`GAPS_BASIS_VI`/`_EN`) and when someone counts as not there (`presence_note`), as the note under
    section IV's heading on the web page."""
    basis = f"Thiếu hụt {GAPS_BASIS_VI}." if lang == "vi" else f"Gaps {GAPS_BASIS_EN}."
    return f"{basis} {presence_note(lang)}"


@dataclass(frozen=True)
class DutyLine:
    shift_id: uuid.UUID
    duty_type: str
    staff_id: uuid.UUID
    full_name: str
    site_name: str | None
    starts_at: datetime
    ends_at: datetime
    handed_to: str | None = None
    """Set when the person did not come and the whole shift was handed over: the names of those who took it (they are
    listed on the shift that took it, once each)."""
    covers_site_names: tuple[str, ...] = ()
    """The further sites the shift covers (its `covers_site_ids`), by name: a patrol of one site that also guards
    another is on duty at both (QZ13 #15: the report named only the first, and the other read as unguarded)."""
    handed_at: datetime | None = None
    """With `handed_to`: the moment it was handed over (the start of the shift that took it; since QZ13 #2 the
    handover's moment, not this shift's start). None in reports made before it was kept: read as the shift's end."""
    rest_handed_to: str | None = None
    """Set when the shift was handed over after it began with its people on record as there (the handover's
    "Người trực không đến" unticked: the shift kept, ending at the handover): the names of those who took the rest,
    from this shift's end. None in reports made before it was kept (QZ16 #2)."""
    qualified: bool = True
    """Whether the person holds the duty's qualification: only the qualified count on the plan (`StaffingLine.planned`),
    so only their absence can leave a post short (audit's presence rule skips the others too)."""

    @property
    def site_names(self) -> tuple[str, ...]:
        """Every site the shift covers, its own first; empty for the enterprise as a whole."""
        return ((self.site_name,) if self.site_name else ()) + self.covers_site_names

    @property
    def on_duty(self) -> bool:
        """Whether the person was on duty on it (not one who never came, the whole shift handed over)."""
        return self.handed_to is None


@dataclass(frozen=True)
class CheckInLine:
    shift_id: uuid.UUID
    duty_type: str
    staff_id: uuid.UUID
    full_name: str
    starts_at: datetime
    checked_in_at: datetime | None
    status: str  # on_time | late | missing (the check-in window closed without one) | not_yet (the shift under way)
    # | not_started (the shift has not begun: nothing is owed yet)
    # | absent (nobody came: the whole shift was handed over, `handed_to` the names of those who took it)
    # | confirmed (no check-in, but the manager handing over the rest said they were there: `vouched_for`)
    handed_to: str | None = None
    handed_at: datetime | None = None
    """With `handed_to` or `rest_handed_to`: the handover's moment, as the duty line's (section II says "… từ 09:05" as
    section I does, QZ14); None in reports made before it was kept."""
    rest_handed_to: str | None = None
    """Set when the shift was handed over after it began with its people on record as there (the handover's "Người trực
    không đến" unticked): the names of those who took the rest, as the duty line's — section II says "Không điểm danh —
    giao phần còn lại cho … từ 10:10" as section IV does (QZ17 #5: it said only "Không điểm danh"). None in reports
    made before it was kept."""
    confirmed_from: datetime | None = None
    confirmed_until: datetime | None = None
    """A manager's word afterwards (`domain.presence`, QZ27 #3) that they were on post over [confirmed_from,
    confirmed_until): section IV counts that time present as a check-in would, as audit's presence rule does (a flat
    phone at a relay station read "không có mặt" for the whole shift). None: no such word."""
    recorded_absent: bool = False
    """A manager's word afterwards that they were not on post: section IV counts them absent as if they had never
    checked in, whatever `checked_in_at` says (audit's rule; section II still says the check-in it got)."""

    @property
    def confirmed(self) -> tuple[datetime, datetime] | None:
        """The time a manager confirmed them there afterwards, None without such a word."""
        if self.confirmed_from is None or self.confirmed_until is None:
            return None
        return self.confirmed_from, self.confirmed_until


@dataclass(frozen=True)
class IncidentLine:
    incident_id: uuid.UUID
    detected_at: datetime
    summary: str
    severity: str | None = None
    status: str | None = None
    restored_at: datetime | None = None
    handling: str | None = None
    summary_en: str | None = None
    """The summary in English words around what people wrote (None in reports made before it was kept)."""
    handling_en: str | None = None

    def summary_in(self, lang: str) -> str:
        """The summary for a reader of `lang`: the English one where the report kept it, else the Vietnamese."""
        return self.summary_en if lang == "en" and self.summary_en is not None else self.summary

    def handling_in(self, lang: str) -> str | None:
        return self.handling_en if lang == "en" and self.summary_en is not None else self.handling


@dataclass(frozen=True)
class StaffingLine:
    """A stretch of the day in which a post — a duty type at a site, or of the enterprise as a whole (`site_name`
    None) — required people: how many, and how many distinct qualified people the plan had on it (the board's
    `ScopeCoverage.timeline`). Kept with the report so that section IV can tell a post short of people in fact from an
    absent person whose post others kept covered (QZ19 #1)."""

    duty_type: str
    site_name: str | None
    starts_at: datetime
    ends_at: datetime
    required: int
    planned: int


@dataclass(frozen=True)
class GapLine(StaffingLine):
    """A stretch of a post in which fewer qualified people were planned than required (a planning gap)."""


@dataclass(frozen=True)
class AbsenceLine:
    """A person on a shift of the day not there once their check-in was due (`LATE_AFTER` after its start), from its
    start (present means there, as audit counts it: QZ28 #2) until
    they checked in, the shift ended (or was handed over: it ends then) or the report's moment (QZ13 #1: section IV
    said "Không có." of a border patrol whose only guard never came)."""

    duty_type: str
    site_name: str | None
    full_name: str
    starts_at: datetime
    ends_at: datetime
    checked_in_at: datetime | None  # None: not checked in (by the report's moment)
    staff_id: uuid.UUID | None = field(kw_only=True)
    """Who it is: section IV counts and compares people by it, never by name — two people of one name on one post
    (two "Nguyễn Văn Hùng" at one enterprise is ordinary) are two people missing. Not carried by the API or the event
    (they print names), nor kept with a submitted report (`DailyReport.section`, which is counted already): None in a
    line read back from one."""
    handed_to: str | None = None
    """Set when they never came and their whole shift was handed over (the names of those who took it): section IV
    says "không đến (giao ca cho … từ 09:05)", not "chưa điểm danh" (QZ14)."""
    handed_at: datetime | None = None
    """With `handed_to` or `rest_handed_to`: the handover's moment (None in reports made before it was kept)."""
    status: str = "not_yet"
    """What became of them by the report's moment (`absence_outcome`), section II's words for the same person: late
    (checked in late), missing (the shift over, or handed over, without a check-in), not_yet (the shift under way),
    absent (never came, the whole shift handed over)."""
    rest_handed_to: str | None = None
    """With status missing: the names of those the rest of the shift was handed over to, from `handed_at` (QZ16 #2)."""
    covers_site_names: tuple[str, ...] = ()
    """The further sites the shift covers besides `site_name`, by name: audit counts the absence at each site the shift
    is at or covers (`presence.Absence.on_key`), so the line names them all — "Trạm Hưng Điền, ca kiêm cả Trạm Mỹ Thạnh
    Bắc" (QZ17 #8b: it named only the first, the other read as manned)."""
    shortfall: bool | None = None
    """Whether their absence left their post short of people (a shortfall of section IV names them, the post short in
    plan or not: QZ26 #2); False when the others there kept it covered (QZ19 #1: section II says they did not check
    in, section IV does not list them); None in a report that kept no plan's stretches."""


def absence_outcome(
    *, checked_in_at: datetime | None, shift_ends_at: datetime, handed_over_whole: bool, until: datetime
) -> str:
    """What became of a person counted not there, as of `until` — the one rule of section IV's words, agreeing with
    section II's (`check_in_status`) and with the portal's presence list (its `absence_outcome`): "late" once they
    checked in; "absent" when they never came and the whole shift was handed over; "missing" once the shift is over
    without a check-in (a shift handed over with its people on record ends at the handover: over then too); else
    "not_yet" — "chưa điểm danh" only of a shift still under way (QZ16 #2: one handed over at 09:05 read so)."""
    if checked_in_at is not None:
        return "late"
    if handed_over_whole:
        return "absent"
    return "missing" if check_in_closed(ends_at=shift_ends_at, now=until) else "not_yet"


@dataclass(frozen=True)
class ShortfallLine:
    """A stretch in which fewer people were at a post than required because some planned were not: `present` of
    `required` (`planned` on the roster, itself maybe short: a gap too), the missing being the shortfall's
    `AbsenceLine`s."""

    duty_type: str
    site_name: str | None
    starts_at: datetime
    ends_at: datetime
    required: int
    planned: int
    present: int


def _counts_at(a: AbsenceLine, st: StaffingLine) -> bool:
    """Whether the absent person's shift counts for the post (as coverage counts it: the enterprise as a whole takes
    every shift of the duty type; a site the shifts at it and those covering it)."""
    if a.duty_type != st.duty_type:
        return False
    return st.site_name is None or st.site_name == a.site_name or st.site_name in a.covers_site_names


def presence_shortfalls(
    staffing: Iterable[StaffingLine], absent: Iterable[AbsenceLine], *, now: datetime
) -> tuple[tuple[ShortfallLine, tuple[AbsenceLine, ...]], ...]:
    """The posts short of people in fact, each with who was missing, as of `now` — the same rule as audit's
    `audit.domain.presence` (its module docstring; services share no code), so the daily report's section IV, the
    inspectors' presence pages and the day's summary count the same shortfalls (QZ19 #1):

    * a **shortfall** is a maximal stretch of a post in which someone counted on the plan is absent and the people
      present — planned minus the distinct people absent then, told apart by staff id (namesakes are two people) —
      are fewer than required (> 0), **whatever the plan's own shortfall**: absence is counted on top of gaps (QZ26
      #2: Đài PT-TH rostered 1 of 2 from 18:00, Ánh Nguyệt checking in at 22:51, read "Cần 2, Bố trí 1" and an
      absence of 22:45–22:51 only — now "cần 2, bố trí 1, có mặt 0" from 18:15, every minute to her check-in);
    * a planning gap (planned < required) is still listed as a gap, its hours the plan's; the absence in it is a
      shortfall beside it, neither hiding the other;
    * an absent person whose post stayed covered by the others present is not a shortfall (section II says they did
      not check in).

    `absent` are the people counted on the plan (not one whose whole shift was handed over: a cancelled shift is not
    planned), each absent over [starts_at, ends_at); nothing after `now` counts."""
    absent = [a for a in absent if a.status != "absent"]
    by_post: dict[tuple[str, str | None], list[StaffingLine]] = {}
    for st in staffing:
        by_post.setdefault((st.duty_type, st.site_name), []).append(st)
    found: list[tuple[ShortfallLine, tuple[AbsenceLine, ...]]] = []
    for (duty_type, site_name), stretches in by_post.items():
        mine: list[tuple[ShortfallLine, tuple[AbsenceLine, ...]]] = []
        for st in sorted(stretches, key=lambda x: x.starts_at):
            lo, hi = st.starts_at, min(st.ends_at, now)
            if st.required <= 0 or lo >= hi:
                continue
            here = [a for a in absent if _counts_at(a, st) and a.starts_at < hi and lo < a.ends_at]
            cuts = sorted({lo, hi} | {t for a in here for t in (a.starts_at, a.ends_at) if lo < t < hi})
            for a0, a1 in itertools.pairwise(cuts):
                there = tuple(a for a in here if a.starts_at <= a0 < a.ends_at)
                present = max(0, st.planned - len({a.staff_id for a in there}))
                if not there or present >= st.required:
                    continue
                last = mine[-1] if mine else None
                if (
                    last is not None
                    and last[0].ends_at == a0
                    and (last[0].required, last[0].planned, last[0].present) == (st.required, st.planned, present)
                    and {a.staff_id for a in last[1]} == {a.staff_id for a in there}
                ):
                    mine[-1] = (replace(last[0], ends_at=a1), last[1])
                else:
                    line = ShortfallLine(duty_type, site_name, a0, a1, st.required, st.planned, present)
                    mine.append((line, there))
        found += mine
    return tuple(sorted(found, key=lambda x: (x[0].starts_at, _duty_order(x[0].duty_type), x[0].site_name or "")))


@dataclass(frozen=True)
class SectionIV:
    """Section IV as every output shows it (the portal's page, the PDF, the workbook, the event): the planning gaps,
    each with the people who never came whose hours it is, then the presence shortfalls, each with who was missing
    (`presence_shortfalls`, audit's rule) — each counted once (`count`).

    One who never came, their whole shift handed over, left a planning gap: their shift is cancelled, so the plan
    lacks them from its start to the handover. That gap is their absence — counted once: they are named on the gap's
    line (QZ16 #1), not being on the plan. One on the plan and absent at a post short in plan is a shortfall beside
    the gap (QZ26 #2: absence counted on top of gaps). A person absent while others kept their post covered is no
    shortfall (QZ19 #1): section II says they did not check in.

    `absences` is every person not there once due and not named on a gap — the workbook's "Chưa có mặt" sheet and the
    event's `absences` — each with `shortfall` saying whether a shortfall of section IV names them. A report made
    before the plan's stretches were kept (`ReportFacts.staffing` None) cannot tell: its presence lines are listed in
    section IV as they were (`unjudged`)."""

    gaps: tuple[tuple[GapLine, tuple[AbsenceLine, ...]], ...]
    absences: tuple[AbsenceLine, ...]
    shortfalls: tuple[tuple[ShortfallLine, tuple[AbsenceLine, ...]], ...] = ()

    @property
    def unjudged(self) -> tuple[AbsenceLine, ...]:
        """The presence lines of a report that kept no plan's stretches: listed in section IV one by one, as before."""
        return tuple(a for a in self.absences if a.shortfall is None)

    @property
    def count(self) -> int:
        """How many entries section IV lists: the gaps, the shortfalls (and an old report's presence lines) — what
        the day's summary counts as the enterprise's "thiếu hụt"."""
        return len(self.gaps) + len(self.shortfalls) + len(self.unjudged)


def _is_their_gap(gap: GapLine, absence: AbsenceLine, duty: DutyLine) -> bool:
    """Whether `gap` is the hours of one who never came (`absence`, on the shift of `duty`): their shift was handed
    over whole, of the gap's duty type, at the gap's site (any shift of the enterprise for the enterprise as a whole,
    as coverage counts it) and overlapping it between the shift's start and the handover."""
    return (
        absence.status == "absent"
        and gap.duty_type == duty.duty_type
        and (gap.site_name is None or gap.site_name in duty.site_names)
        and gap.starts_at < absence.ends_at
        and duty.starts_at < gap.ends_at
    )


def _without(
    lo: datetime, hi: datetime, confirmed: tuple[datetime, datetime] | None
) -> list[tuple[datetime, datetime]]:
    """[lo, hi) less the time a manager confirmed the person there afterwards (none, one or two pieces, each not
    empty): audit's `presence._without`, the same rule."""
    if hi <= lo:
        return []
    if confirmed is None:
        return [(lo, hi)]
    pieces = [(lo, min(hi, confirmed[0])), (max(lo, confirmed[1]), hi)]
    return [(a, b) for a, b in pieces if b > a]


def _presence(facts: ReportFacts, *, until: datetime) -> list[tuple[AbsenceLine, DutyLine]]:
    """Each person of the day's shifts not there once due, as audit's presence rule counts them: from the due moment
    until their check-in, their shift's end (or handover) or `until` — a manager's word afterwards standing over the
    check-in (QZ27 #3): the time confirmed present is not absence; "not there" counts them absent as if they never
    checked in."""
    duty = {(d.shift_id, d.staff_id): d for d in facts.duty}
    found = []
    for c in facts.check_ins:
        d = duty.get((c.shift_id, c.staff_id))
        if d is None or not (c.recorded_absent or c.status in ("late", "missing", "not_yet", "absent")):
            continue
        checked = None if c.recorded_absent else c.checked_in_at
        due = c.starts_at + LATE_AFTER
        if until <= due:
            continue  # nobody is absent while their check-in may still come on time
        # QZ14 #1: one who never came, their shift handed over, was absent until the handover (the line stays)
        ends_at = (d.handed_at or d.ends_at) if c.status == "absent" else d.ends_at
        end = min(ends_at, until, checked or ends_at)
        whole = c.status == "absent" and d.handed_to is not None
        status = absence_outcome(checked_in_at=checked, shift_ends_at=d.ends_at, handed_over_whole=whole, until=until)
        rest = d.rest_handed_to if status == "missing" else None
        # present means there (audit's presence rule, QZ28 #2): absent from the shift's start, the grace being the
        # time a check-in may take, not time counted present for someone who never came or came late
        for lo, hi in _without(c.starts_at, end, None if c.recorded_absent else c.confirmed):
            line = AbsenceLine(
                c.duty_type,
                d.site_name,
                c.full_name,
                lo,
                hi,
                checked,
                d.handed_to if whole else None,
                d.handed_at if whole else (d.ends_at if rest else None),
                status,
                rest,
                d.covers_site_names,
                staff_id=c.staff_id,
            )
            found.append((line, d))
    return sorted(found, key=lambda x: (x[0].starts_at, _duty_order(x[0].duty_type), x[0].site_name or ""))


def section_iv(facts: ReportFacts, *, until: datetime) -> SectionIV:
    """Section IV from the report's own gaps, plan's stretches, check-ins and duty (so a submitted report gives the
    same section from what it stored), as of `until` (the moment the draft is read or the report was submitted): see
    `SectionIV`."""
    found = _presence(facts, until=until)
    gaps = tuple((g, tuple(a for a, d in found if _is_their_gap(g, a, d))) for g in facts.gaps)
    named = {id(a) for _, people in gaps for a in people}
    rest = [a for a, _ in found if id(a) not in named]
    if facts.staffing is None:
        return SectionIV(gaps, tuple(rest))
    counted = [a for a, d in found if id(a) not in named and d.qualified]  # as the plan counts them
    shortfalls = presence_shortfalls(facts.staffing, counted, now=until)
    short = {id(a) for _, people in shortfalls for a in people}
    marked = {id(a): replace(a, shortfall=id(a) in short) for a in rest}
    return SectionIV(
        gaps,
        tuple(marked[id(a)] for a in rest),
        tuple((s, tuple(marked[id(a)] for a in people)) for s, people in shortfalls),
    )


def absences(facts: ReportFacts, *, until: datetime) -> tuple[AbsenceLine, ...]:
    """Every person not checked in `LATE_AFTER` after their shift's start, from that start until their check-in, their
    shift's end or `until` — but one who never came whose hours are a planning gap of the report, named on that gap's
    line instead (QZ16 #1); each says whether their absence left their post short (`AbsenceLine.shortfall`)."""
    return section_iv(facts, until=until).absences


@dataclass(frozen=True)
class ReportFacts:
    """What roster knows of one enterprise's local day (the draft, and the body of a submitted report)."""

    campaign_id: uuid.UUID
    campaign_name: str
    enterprise_id: uuid.UUID
    enterprise_name: str
    day: date
    duty: tuple[DutyLine, ...] = ()
    check_ins: tuple[CheckInLine, ...] = ()
    incidents: tuple[IncidentLine, ...] = ()
    gaps: tuple[GapLine, ...] = ()
    staffing: tuple[StaffingLine, ...] | None = None
    """The day's stretches in which each post required people, with the planned headcount (`StaffingLine`; `assemble`
    always gives them, empty when nothing was required); None in a report made before they were kept (its section IV
    lists every presence line, as then)."""

    @property
    def lunar_vi(self) -> str:
        """ "Mùng 1 Tết Đinh Mùi" (empty outside the lunar tables)."""
        return lunar_label(self.day, "vi")

    @property
    def lunar_en(self) -> str:
        return lunar_label(self.day, "en")

    @property
    def leaders(self) -> frozenset[uuid.UUID]:
        """The people on leadership duty that day (they may submit the report)."""
        return frozenset(d.staff_id for d in self.duty if d.duty_type == "leadership" and d.on_duty)

    @property
    def leader_names(self) -> list[str]:
        """The names of the people on leadership duty that day, sorted, each person once (not one who never came; two
        people of one name both listed)."""
        return sorted(
            {d.staff_id: d.full_name for d in self.duty if d.duty_type == "leadership" and d.on_duty}.values()
        )


@dataclass(frozen=True)
class PrintedFor:
    """The Department's words a submitted report prints, as they were when it was sent (R2's leftover: an old
    report's PDF printed the place and recipients of the profile as it is now): the place before its date ("Long An,
    ngày …") and its recipients ("Nơi nhận"), in order. Kept with the report, as its section IV is."""

    place: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class DailyReport:
    """One submitted version of an enterprise's report for one day."""

    id: uuid.UUID
    facts: ReportFacts
    version: int
    supersedes: uuid.UUID | None
    number: str
    remarks: str
    submitted_at: datetime
    submitted_by: str | None
    submitted_by_name: str
    kept_section: SectionIV | None = None
    """Section IV as it was at the submission (`section_iv` as of `submitted_at`, by the rule of that day), stored with
    the report and read back as stored, never derived again: a report sent to the province is a document, and when
    the rule changed (QZ26 #2, absence counted on top of gaps) reports already sent read differently. `submit` gives
    it; a report built without it (a test's) derives it once, on construction. See `section`."""
    printed: PrintedFor | None = None
    """The Department's place and recipients at the submission (`PrintedFor`), which its PDF prints; None: the
    Department had set none then (the PDF prints the profile as it is when printed)."""

    def __post_init__(self) -> None:
        if self.kept_section is None:
            object.__setattr__(self, "kept_section", section_iv(self.facts, until=self.submitted_at))

    @property
    def section(self) -> SectionIV:
        """Section IV as submitted (`kept_section`): what the page, the PDF, the workbook and the summary show of it."""
        assert self.kept_section is not None  # set on construction
        return self.kept_section

    @property
    def campaign_id(self) -> uuid.UUID:
        return self.facts.campaign_id

    @property
    def enterprise_id(self) -> uuid.UUID:
        return self.facts.enterprise_id

    @property
    def day(self) -> date:
        return self.facts.day

    @property
    def enterprise_name(self) -> str:
        return self.facts.enterprise_name

    def label(self, lang: str = "vi") -> str:
        if lang == "vi":
            return f"báo cáo ngày {self.day:%d/%m/%Y} của {self.enterprise_name} (lần {self.version})"
        return f"the report of {self.enterprise_name} for {date_said(self.day, 'en')} (version {self.version})"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local day as [start, end)."""
    return at_local(day), at_local(day + timedelta(days=1))


def _duty_order(duty_type: str) -> int:
    return DUTY_TYPE_KEYS.index(duty_type) if duty_type in DUTY_TYPE_KEYS else len(DUTY_TYPE_KEYS)


def vouched_for(shift: Shift, taker: Shift) -> bool:
    """Whether the handover that gave `shift`'s rest to `taker` was the manager's word that `shift`'s people were there,
    not checked in (QZ18 #5, audit's `presence.present_on_handover` the same rule): "Người trực không đến" unticked
    (`taker.handover_absent` False) on a shift nobody had checked in to — the box is offered only then; once someone
    had, it says nothing of the others. Not said (None: handed over before 2026-12-07): no."""
    return taker.handover_absent is False and not shift.checked_in


def check_in_status(*, starts_at: datetime, ends_at: datetime, checked_in_at: datetime | None, now: datetime) -> str:
    """How a person on a shift checked in, as of `now`: on_time, late (after the start + `LATE_AFTER`); without a
    check-in, not_started before the shift begins (QZ13 #15: an 18:00 shift read "Chưa điểm danh" at 09:00, the
    words of a real miss), not_yet while it is under way and the check-in could still happen — the check-in window
    (until the shift ends, `check_in_closed`) not closed at `now` — and missing only once it has closed (QA: at 10:00
    the draft said the 08:00 leader and the 06:00 operator had not checked in, as though they had missed it)."""
    if checked_in_at is None:
        if check_in_closed(ends_at=ends_at, now=now):
            return "missing"
        return "not_started" if now < starts_at else "not_yet"
    return "late" if checked_in_at > starts_at + LATE_AFTER else "on_time"


def assemble(
    *,
    campaign_id: uuid.UUID,
    campaign_name: str,
    enterprise_id: uuid.UUID,
    enterprise_name: str,
    day: date,
    shifts: Iterable[Shift],
    board_day: BoardDay[Shift] | None,
    site_names: Mapping[uuid.UUID, str],
    incidents: Sequence[IncidentLine],
    now: datetime,
) -> ReportFacts:
    """The draft of a day: the people on the shifts overlapping it, the check-ins of the shifts that began
    that day, the incidents detected that day, and the coverage gaps of the day (the board's). `shifts` are those
    overlapping the day and those that took any of them over, whichever day they begin (only the first are listed)."""
    start, end = day_bounds(day)
    shifts = list(shifts)
    todays = sorted(
        (s for s in shifts if s.status in ON_DUTY and s.starts_at < end and start < s.ends_at),
        key=lambda s: (_duty_order(s.duty_type), s.starts_at, str(s.id)),
    )
    # QZ12 #2: a shift nobody came to, handed over whole, is cancelled — its people are on record as not having come.
    # The shift that took one over may begin after the day (a night shift handed over after midnight): `shifts` give it
    # all the same, and it is found among them all (B1: the report said "Không điểm danh" of a guard vouched for).
    takers = {s.continues_shift_id: s for s in shifts if s.continues_shift_id and s.status in ON_DUTY}

    def took_whole(s: Shift) -> str | None:
        """The names of those who took `s` over whole (cancelled, nobody having come); None if nobody did. Whatever
        the taker's start (QZ14 #1): since QZ13 #2 it starts at the handover's moment, not at `s`'s start — a
        cancelled shift another continues was handed over with nobody on it (one handed over after someone came is
        shortened, not cancelled)."""
        taker = takers.get(s.id) if s.status == "cancelled" else None
        if taker is None:
            return None
        return ", ".join(p.full_name for p in taker.assignees)

    def handed_at(s: Shift) -> datetime | None:
        taker = takers.get(s.id) if s.status == "cancelled" else None
        return taker.starts_at if taker is not None else None

    def rest_to(s: Shift) -> str | None:
        """The names of those who took the rest of `s` (handed over with its people on record: kept, ending then)."""
        taker = takers.get(s.id) if s.status != "cancelled" else None
        return ", ".join(p.full_name for p in taker.assignees) if taker is not None else None

    def said_there(s: Shift) -> bool:
        """Whether the manager handing over the rest of `s` said its people were there (`vouched_for`)."""
        taker = takers.get(s.id) if s.status != "cancelled" else None
        return taker is not None and vouched_for(s, taker)

    def status_of(s: Shift, checked_in_at: datetime | None) -> str:
        if checked_in_at is None and said_there(s):
            return "confirmed"
        return check_in_status(starts_at=s.late_from, ends_at=s.ends_at, checked_in_at=checked_in_at, now=now)

    gone = sorted(
        (s for s in shifts if s.starts_at < end and start < s.ends_at and took_whole(s)),
        key=lambda s: (_duty_order(s.duty_type), s.starts_at, str(s.id)),
    )
    duty = sorted(
        (
            DutyLine(
                s.id,
                s.duty_type,
                a.staff_id,
                a.full_name,
                site_names.get(s.site_id) if s.site_id else None,
                s.starts_at,
                s.ends_at,
                took_whole(s),
                tuple(site_names[c] for c in s.covers_site_ids if c in site_names),
                handed_at(s),
                rest_to(s),
                a.qualified,
            )
            for s in [*todays, *gone]
            for a in s.assignees
        ),
        # each one who did not come just before the people who took their shift
        key=lambda d: (_duty_order(d.duty_type), d.starts_at, d.on_duty),
    )
    check_ins = [
        CheckInLine(
            s.id,
            s.duty_type,
            a.staff_id,
            a.full_name,
            s.starts_at,
            a.checked_in_at,
            status_of(s, a.checked_in_at),
            handed_at=s.ends_at if rest_to(s) else None,
            rest_handed_to=rest_to(s),
            confirmed_from=a.presence.starts_at if a.presence and a.presence.present else None,
            confirmed_until=a.presence.ends_at if a.presence and a.presence.present else None,
            recorded_absent=a.presence is not None and not a.presence.present,
        )
        for s in todays
        if start <= s.starts_at < end
        for a in s.assignees
    ]
    absent = [
        CheckInLine(
            s.id,
            s.duty_type,
            a.staff_id,
            a.full_name,
            s.starts_at,
            None,
            "absent",
            took_whole(s),
            handed_at(s),
        )
        for s in gone
        if start <= s.starts_at < end
        for a in s.assignees
    ]
    check_ins = sorted(
        [*check_ins, *absent], key=lambda c: (_duty_order(c.duty_type), c.starts_at, c.status != "absent")
    )
    gaps = []
    staffing = []
    if board_day is not None:
        for duty_day in board_day.duty_types:
            for scope in duty_day.coverage:
                name = site_names.get(scope.site_id) if scope.site_id else None
                for g in scope.gaps:
                    gaps.append(GapLine(duty_day.duty_type, name, g.starts_at, g.ends_at, g.required, g.planned))
                for st in scope.timeline:
                    staffing.append(
                        StaffingLine(duty_day.duty_type, name, st.starts_at, st.ends_at, st.required, st.planned)
                    )
    gaps.sort(key=lambda g: (g.starts_at, _duty_order(g.duty_type), g.site_name or ""))
    return ReportFacts(
        campaign_id,
        campaign_name,
        enterprise_id,
        enterprise_name,
        day,
        tuple(duty),
        tuple(check_ins),
        of_the_day(day, incidents),
        tuple(gaps),
        tuple(staffing),
    )


SERVICES_VI = {
    "mobile": "di động",
    "fixed_line": "cố định",
    "internet": "internet",
    "television": "truyền hình",
    "postal": "bưu chính",
}
SERVICES_EN = {
    "mobile": "mobile",
    "fixed_line": "fixed line",
    "internet": "internet",
    "television": "television",
    "postal": "postal",
}


@dataclass(frozen=True)
class _IncidentWords:
    at: str
    affected: str
    services: Mapping[str, str]
    border: str
    agency_links: str
    responders: str
    not_on_duty: str
    cause: str
    closing: str


_INCIDENT_WORDS = {
    "vi": _IncidentWords(
        "tại",
        "ảnh hưởng",
        SERVICES_VI,
        "khu vực biên giới",
        "ảnh hưởng kết nối cơ quan Đảng, Nhà nước",
        "ứng cứu",
        "ngoài ca trực",
        "nguyên nhân",
        "kết quả xử lý",
    ),
    "en": _IncidentWords(
        "at",
        "affected",
        SERVICES_EN,
        "border area",
        "links of Party and State agencies affected",
        "responders",
        "not on duty",
        "cause",
        "closing note",
    ),
}


_SENTENCE_END = (".", "!", "?", "…")


def typed_paragraph(text: str) -> str:
    """A person's text of several lines as one paragraph of the report (section III is one paragraph an incident,
    alike on the page, in the PDF and in the workbook): its lines joined with a space after one that ends a sentence
    or a clause (. ! ? … , ; :), else with "; "; their words kept (QZ22 #3: a description typed on three lines was
    split mid-sentence in the PDF)."""
    said = ""
    for line in (" ".join(raw.split()) for raw in text.splitlines()):
        if not line:
            continue
        said += ("" if not said else " " if said.endswith((*_SENTENCE_END, ",", ";", ":")) else "; ") + line
    return said


def joined_parts(parts: Iterable[str]) -> str:
    """The report's parts of an incident joined with "; " — but after a part that ends a sentence (a person's text
    ending in . ! ? …) with a space, the next part (always the report's own label or a time) capitalised: no ".;"
    (QZ22 #3), and no person's words touched."""
    said = ""
    for part in parts:
        if not said:
            said = part
        elif said.endswith(_SENTENCE_END):
            said += " " + part[:1].upper() + part[1:]
        else:
            said += "; " + part
    return said


def _incident_texts(incident: Incident, lang: Lang) -> tuple[str, str | None]:
    """What and where, then the handling, in `lang`'s words around what people wrote (their description,
    updates, cause and closing note as written, each `typed_paragraph`), the labels the incident's page uses
    ("kết quả xử lý", "closing note"), the parts `joined_parts`; its times as `lang` writes them ("09:58 7 Feb 2027"
    in English: QA read "07/02/2027" among English words); cut to the report's lengths."""
    w = _INCIDENT_WORDS[lang]
    where = incident.site_name or incident.district or incident.enterprise_name
    summary = f"{typed_paragraph(incident.description)} ({w.at} {where}"
    if incident.services:
        summary += f"; {w.affected}: " + ", ".join(w.services.get(s, s) for s in incident.services)
    if incident.border:
        summary += f"; {w.border}"
    if incident.agency_links:
        summary += f"; {w.agency_links}"
    summary += ")"
    handling = []
    if incident.responders:
        handling.append(
            f"{w.responders}: "
            + ", ".join(
                f"{r.full_name} ({clock(r.added_at, lang)}{'' if r.on_duty else f', {w.not_on_duty}'})"
                for r in incident.responders
            )
        )
    handling += [f"{clock(u.at, lang)} {typed_paragraph(u.note)}" for u in incident.updates]
    if incident.cause:
        handling.append(f"{w.cause}: {typed_paragraph(incident.cause)}")
    if incident.closing_note:
        handling.append(f"{w.closing}: {typed_paragraph(incident.closing_note)}")
    return summary[:2000], joined_parts(handling)[:4000] or None


def incident_line(incident: Incident) -> IncidentLine:
    """An incident as the report tells it: what and where, then every responder (one not on duty for the
    enterprise marked so, as the incident's page marks them), the updates, the cause and the
    closing note (local times), in Vietnamese and, for the English workbook, in English words around what
    people wrote."""
    summary, handling = _incident_texts(incident, "vi")
    summary_en, handling_en = _incident_texts(incident, "en")
    return IncidentLine(
        incident_id=incident.id,
        detected_at=incident.detected_at,
        summary=summary,
        severity=incident.severity,
        status=incident.status,
        restored_at=incident.restored_at,
        handling=handling,
        summary_en=summary_en,
        handling_en=handling_en,
    )


def abbreviation(enterprise_name: str) -> str:
    """The enterprise's symbol in a report number, as Decree 30/2020/NĐ-CP (Appendix I) writes an issuing body's: its
    name's initials in capitals, acronyms kept whole, the function words "và" and "của" left out and Đ kept
    (`department.default_abbreviation`): "VNPT Long An" → "VNPTLA", "Đài Phát thanh và Truyền hình Long An" →
    "ĐPTTHLA" (QZ26 #15: it printed "DPTVTHLA"). Enterprises have no short name of their own: their name is the one
    they are known by; a word that is not all letters (a number) is left out, as before ("VNPT Long An 2" →
    "VNPTLA"). "DN" for a name with no letter."""
    words = " ".join(w for w in re.findall(r"\w+", enterprise_name) if w.isalpha())
    return default_abbreviation(words) or "DN"


def number_for(sequence: int, enterprise_name: str) -> str:
    """ "3/BC-VNPTLA": the enterprise's n-th report of the campaign."""
    return f"{sequence}/BC-{abbreviation(enterprise_name)}"


def may_submit(facts: ReportFacts, *, staff_id: uuid.UUID | None, manager: bool) -> None:
    """A manager of the enterprise (or an administrator) may submit; a staff member only while on
    leadership duty that day."""
    if manager:
        return
    if staff_id is None or staff_id not in facts.leaders:
        raise RuleViolation(
            "day",
            "leader-on-duty",
            f"Only the leader on duty on {date_said(facts.day, 'en')} (a leadership shift of {facts.enterprise_name} that "
            "day) or a manager of the enterprise may submit its daily report.",
            f"Chỉ người trực lãnh đạo ngày {facts.day:%d/%m/%Y} của {facts.enterprise_name} hoặc người quản lý "
            "doanh nghiệp được gửi báo cáo ngày này.",
        )


def check_day_begun(facts: ReportFacts, *, now: datetime) -> None:
    """A day's report tells what happened that day: it is submitted once the day has begun (00:00 in Vietnam),
    not before. (The draft may be read ahead, as the plan of the day.)"""
    begins = at_local(facts.day)
    if now >= begins:
        return
    lunar_vi, lunar_en = (
        (f" ({facts.lunar_vi})" if facts.lunar_vi else ""),
        (f" ({facts.lunar_en})" if facts.lunar_en else ""),
    )
    raise RuleViolation(
        "day",
        "day-begun",
        f"The daily report of {facts.enterprise_name} for {date_said(facts.day, 'en')}{lunar_en} cannot be submitted yet: "
        f"that day begins at {clock(begins, 'en')} and it is now {clock(now, 'en')}. Submit it once the day has begun (the "
        "draft can be read before), or choose a day that has.",
        f"Chưa thể gửi báo cáo ngày {facts.day:%d/%m/%Y}{lunar_vi} của {facts.enterprise_name}: ngày này bắt đầu "
        f"lúc {clock(begins)}, bây giờ là {clock(now)}. Hãy gửi khi ngày đó đã bắt đầu (có thể xem trước bản "
        "nháp), hoặc chọn một ngày đã bắt đầu.",
        begins_at=begins.isoformat(),
        now=now.isoformat(),
    )


def submit(
    facts: ReportFacts,
    *,
    remarks: str,
    latest: DailyReport | None,
    sequence: int,
    now: datetime,
    actor: str | None,
    signer: str,
    printed: PrintedFor | None = None,
) -> DailyReport:
    """A new submitted version: v1, or — when the day has a report already — the next one, superseding it
    (the earlier versions stay as they were); not before the day has begun (`check_day_begun`). `printed`: the
    Department's place and recipients now, kept with it."""
    check_day_begun(facts, now=now)
    return DailyReport(
        id=uuid.uuid4(),
        facts=facts,
        version=1 if latest is None else latest.version + 1,
        supersedes=None if latest is None else latest.id,
        number=number_for(sequence, facts.enterprise_name),
        remarks=remarks.strip(),
        submitted_at=now,
        submitted_by=actor,
        submitted_by_name=signer,
        kept_section=section_iv(facts, until=now),
        printed=printed,
    )


@dataclass(frozen=True)
class SoFar:
    """What roster knows of an enterprise's day whose report is not due yet and not sent, as of `at` — the day's draft
    then (`assemble`, `section_iv` as of `at`): who is on leadership duty, the incidents detected so far, open or
    resolved, section IV so far (gaps, shortfalls, who has not been there). QZ26 #8: at 22:30 on giao thừa the
    province's summary of the day said only "Chưa đến hạn", nothing of the night's incidents and shortfalls so far;
    an inspector reads the figures so far, said as provisional (`provisional_note`)."""

    at: datetime
    leaders: tuple[str, ...]
    incidents: tuple[IncidentLine, ...]
    section: SectionIV

    @property
    def open_incidents(self) -> tuple[IncidentLine, ...]:
        return tuple(i for i in self.incidents if i.status != "resolved")

    @property
    def resolved_incidents(self) -> tuple[IncidentLine, ...]:
        return tuple(i for i in self.incidents if i.status == "resolved")

    @property
    def not_there(self) -> tuple[AbsenceLine, ...]:
        """Everyone not there once due so far: those named on a gap (never came) and the presence lines."""
        return tuple(a for _, people in self.section.gaps for a in people) + self.section.absences


def so_far(facts: ReportFacts, *, now: datetime) -> SoFar:
    """The figures of a day's draft `facts` assembled at `now` (see `SoFar`)."""
    return SoFar(now, tuple(facts.leader_names), facts.incidents, section_iv(facts, until=now))


def provisional_note(at: datetime, lang: Lang = "vi") -> str:
    """ "Số liệu tạm tính đến 22:30 05/02/2027 (29 tháng Chạp)": how the summary says its figures of a day not over,
    or of reports not due yet, are those known at `at` (Vietnam time, the lunar day's name)."""
    lunar = lunar_day_name(local_day(at), lang)
    named = f" ({lunar})" if lunar else ""
    if lang == "vi":
        return f"Số liệu tạm tính đến {clock(at)}{named}"
    return f"Provisional figures as of {clock(at, 'en')}{named}"


@dataclass(frozen=True)
class SummaryRow:
    """One enterprise on one day of the province's summary: its latest report, or none."""

    enterprise_id: uuid.UUID
    enterprise_name: str
    day: date
    report: DailyReport | None
    recorded_since: tuple[IncidentLine, ...] = ()
    """The day's incidents (`of_the_day`) roster knows now that the report does not list (recorded after it was
    sent): the report's own count would read as the whole truth (QA: "0 sự cố" beside a serious incident)."""
    handed_since: tuple[HandoverLine, ...] = ()
    """The day's handovers made after the report was sent (`handed_since`), which it cannot tell: the report read
    as the day's whole roster though someone had handed their shift over since (K3)."""
    status: ReportStatus = "missing"
    """submitted, missing (its deadline has passed) or not yet due: `summary_status`, audit's status page's rule."""
    late: bool = False
    """The day's first version came after the deadline."""
    first_submitted_at: datetime | None = None
    """When the day's first version came (what `late` is of; a correction's time is its report's `submitted_at`)."""
    early: bool = False
    """Sent before its deadline, which is still to come (`submitted_early`): sent, but not yet one of those due."""
    so_far: SoFar | None = None
    """A day begun whose report is not due yet and not sent: what roster knows of it so far (`SoFar`); else None."""

    @property
    def before_day_ended(self) -> bool:
        """The day's first version was sent before the day it reports on had ended (07:39 on 07/02 for 07/02): it
        tells only what had happened by then, which the summary says long after (QZ23 #8: the final summary read
        "Đã báo cáo (lần 1, 07:39 07/02/2027)" as if it told the whole day)."""
        return self.first_submitted_at is not None and self.first_submitted_at < day_bounds(self.day)[1]


def summary_status(
    day: date, first_submitted_at: datetime | None, *, due: time, now: datetime
) -> tuple[ReportStatus, bool]:
    """A day's report in the province's summary as of `now`, by the inspectors' status page's one rule
    (`lichtruc.report_deadline`): its status, and whether its first version (sent at `first_submitted_at`, None
    if none was) came late. QA: the whole campaign's files called every day still to come "Chưa báo cáo"."""
    deadline = report_deadline.due_at(day, due)
    status = report_deadline.report_status(submitted=first_submitted_at is not None, deadline=deadline, now=now)
    late = first_submitted_at is not None and report_deadline.is_late(first_submitted_at, deadline)
    return status, late


def submitted_early(day: date, first_submitted_at: datetime | None, *, due: time, now: datetime) -> bool:
    """Whether a day's report was sent and its deadline is still to come at `now` (an operator sending the report of
    06/02 at 07:40 on 07/02, due at 09:00): counted apart from the reports due (QZ22 #11: the campaign's summary read
    "4/37 đã đến hạn" when 35 were due and 2 of those 4 were early ones)."""
    return first_submitted_at is not None and now < report_deadline.due_at(day, due)


def report_owed(day: date, *, obligations_from: date | None) -> bool:
    """Whether an enterprise owing from the local day `obligations_from` (the Department's choice for one that joined
    mid-campaign; None: from always) owes the report of `day`: `day` itself is on or after it. A report is owed by the
    day it reports on, not by the day it is due (`due` on the next morning, `lichtruc.report_deadline`): the report of
    the owes-from day is owed (due the next morning), the report of the day before is not, though it falls due on
    the owes-from day (QZ18 #3: an enterprise registered on 06/02 owing from 06/02 was listed missing the report of
    05/02 a minute later). Services share no code: the same rule is audit's
    `domain.obligations.owes_report` and notifier's `domain.deadlines.owes_report`, each tested in its service."""
    return obligations_from is None or day >= obligations_from


def of_the_day(day: date, incidents: Iterable[IncidentLine]) -> tuple[IncidentLine, ...]:
    """The incidents a day's report tells, by detection then id: those detected that local day. One still being
    handled the next day belongs to the report of the day it was detected (which says how it was handled), not
    to the next day's — the one rule of the report (`assemble`) and of the province's summary."""
    start, end = day_bounds(day)
    return tuple(sorted((i for i in incidents if start <= i.detected_at < end), key=_incident_order))


def _incident_order(i: IncidentLine) -> tuple[datetime, str]:
    return i.detected_at, str(i.incident_id)


def not_in(report: DailyReport, known: Iterable[IncidentLine]) -> tuple[IncidentLine, ...]:
    """The incidents of `known` that `report` does not list."""
    listed = {i.incident_id for i in report.facts.incidents}
    return tuple(i for i in known if i.incident_id not in listed)


@dataclass(frozen=True)
class HandoverLine:
    """A handover as the province's summary tells it: the rest of a shift taken over by another (the taking shift's
    `continues_shift_id`), from the taking shift's start (the handover's moment) to its end."""

    shift_id: uuid.UUID
    """The taking shift's."""
    duty_type: str
    site_names: tuple[str, ...]
    """The sites the shift covers, its own first; empty for the enterprise as a whole."""
    handed_by: tuple[str, ...]
    """The people of the shift handed over, by name."""
    taken_by: tuple[str, ...]
    """The people of the taking shift, by name."""
    starts_at: datetime
    """The handover's moment (the taking shift's start)."""
    ends_at: datetime
    made_at: datetime
    """When the handover was recorded (the taking shift's creation): the moment may be earlier, or later."""
    reason: str | None = None
    absent: bool = False
    """The people of the shift handed over never came (the handover's "Người trực không đến")."""


def handover_line(taker: Shift, handed: Shift | None, site_names: Mapping[uuid.UUID, str]) -> HandoverLine:
    """The handover `taker` made (it continues `handed`, None when that shift cannot be read: nobody named)."""
    sites = [taker.site_id, *taker.covers_site_ids] if taker.site_id else list(taker.covers_site_ids)
    return HandoverLine(
        shift_id=taker.id,
        duty_type=taker.duty_type,
        site_names=tuple(site_names[i] for i in sites if i in site_names),
        handed_by=tuple(a.full_name for a in handed.assignees) if handed is not None else (),
        taken_by=tuple(a.full_name for a in taker.assignees),
        starts_at=taker.starts_at,
        ends_at=taker.ends_at,
        made_at=taker.created_at,
        reason=taker.handover_reason,
        absent=bool(taker.handover_absent),
    )


def handed_since(day: date, handovers: Iterable[HandoverLine], *, sent_at: datetime) -> tuple[HandoverLine, ...]:
    """The handovers of a day its report, sent at `sent_at` (its latest version's time), does not tell, by moment then
    id: those whose moment falls on that local day (as an incident belongs to the day it was detected, `of_the_day`)
    made after the report was sent. One made before it is in it — the report is drawn from the roster as it is when
    sent, the taking shift among the day's duty and the other one "giao ca cho …" — whatever its moment."""
    start, end = day_bounds(day)
    return tuple(
        sorted(
            (h for h in handovers if start <= h.starts_at < end and h.made_at > sent_at),
            key=lambda h: (h.starts_at, str(h.shift_id)),
        )
    )


@dataclass(frozen=True)
class Summary:
    """The province's summary for one day or a whole campaign (`first` to `last`)."""

    campaign_id: uuid.UUID
    campaign_name: str
    first: date
    last: date
    rows: tuple[SummaryRow, ...]
    not_owed: tuple[NotOwed, ...] = ()
    """The enterprises that owe reports only from a later day than `first` (`report_owed`), with how many of the
    summary's days are no row for that reason: without them the count did not add up (QZ19 #4: "7/41 đã đến hạn
    (5 doanh nghiệp, … trong 17 ngày); chưa đến hạn: 54" with 6 enterprises, and not a word of the late joiner)."""
    as_of: datetime | None = None
    """Set when some row tells figures so far (`SummaryRow.so_far`): the moment they are of, said as provisional
    (`provisional_note`)."""

    @property
    def submitted(self) -> int:
        """The reports sent of the days already due (not those sent early, `early`): out of `due`."""
        return sum(1 for r in self.rows if r.report is not None and not r.early)

    @property
    def early(self) -> int:
        """The reports sent before their deadline, which is still to come (`SummaryRow.early`)."""
        return sum(1 for r in self.rows if r.report is not None and r.early)

    def count(self, status: ReportStatus) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def due(self) -> int:
        """The reports whose deadline has passed, sent or missing: what `submitted` is out of. The rows are these, the
        `early` ones and those not yet due and not sent (`count("not_yet_due")`): the three add up to the whole."""
        return len(self.rows) - self.count("not_yet_due") - self.early

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.late)

    @property
    def enterprises(self) -> int:
        """The enterprises the summary is of: those with a row, and those of which every day is not owed (names are
        unique). Times the days, that is the rows plus the reports not owed."""
        return len({r.enterprise_name for r in self.rows} | {n.enterprise_name for n in self.not_owed})


@dataclass(frozen=True)
class NotOwed:
    """An enterprise's days of a summary that are no row: before the day it owes reports from, and not sent."""

    enterprise_name: str
    obligations_from: date
    days: int


def not_owed(
    enterprise_name: str, obligations_from: date | None, *, days: Sequence[date], sent: Collection[date]
) -> NotOwed | None:
    """Of the summary's `days`, those whose report the enterprise does not owe (`report_owed`) and did not send
    (one sent all the same is a row, counted as sent): None if there are none."""
    count = sum(1 for d in days if d not in sent and not report_owed(d, obligations_from=obligations_from))
    if obligations_from is None or count == 0:
        return None
    return NotOwed(enterprise_name, obligations_from, count)


def with_incidents(facts: ReportFacts, incidents: Sequence[IncidentLine]) -> ReportFacts:
    return replace(facts, incidents=tuple(incidents))
