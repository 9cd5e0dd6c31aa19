"""The manager's campaign board as a grid: one row per local day of the campaign, one column
per duty type (and per site where a requirement names a site); each cell holds the planned
headcount against the required one, its gaps (the uncovered hours) and whether a peak
(giao thừa) touches the day.

Rules:
- Built from roster's board answer (`GET /campaigns/{id}/enterprises/{eid}/board`, plain
  JSON) and the enterprise's sites; nothing is recomputed that roster already decided
  (required, planned, met, gaps) — the grid only arranges it.
- A cell is a gap (red) when roster lists a gap, met (green) when something is required and
  nothing is missing, and "none" when nothing is required that day.
- A draft counts as planned in roster's count and gaps (the manager plans with it), but staff, reminders and the
  inspectors do not see it: a cell met only with its drafts counted (roster's `met_published` false) is "pending",
  covered once published, not met, and the board is not said to be all covered while any cell is.
- Every instant is shown in Vietnam time; a gap that ends at the next local midnight ends
  at "24:00" of its own day.
- A cell's count is roster's: the fewest people on duty while anything is required, against the
  most required. A cell short for some hours but staffed for others ("0/1" with someone on
  06:00–18:00) also says the most people on duty at once that day (``most_on_duty``, from its
  shifts), so it does not read as if nobody were booked.
- With the page's moment, a cell says how many people on its shifts under way have not checked in yet and
  how many on its ended shifts never did (the staff cards' rule, Shift.check_ins), in one badge (`Cell.check_in_badge`,
  QZ14 #8): presence's look (`presence`, the heatmap's too) once someone is past their check-in's grace or their
  shift ended without one, its parts counted once each (one person is never both "chưa có mặt" and "chưa điểm danh");
  such a cell's plan word is "Xếp đủ", not "Đủ người". The people of a shift whose rest was handed over with the
  manager's word that they were there (`shifts.vouched_ids`, over the whole answer: the shift that took the rest may
  be listed on another day, or past the board's last day, roster's `handed_over_to` on the shift saying it then) count
  in none of these: the daily report says they were there (QZ18 #5).
- Someone on a shift under way past their check-in's grace without one has not come (`NotCome`, QZ26 #3): the cell
  is in the alarm colour while fewer than required are there ("absent": `CELL_ABSENT`, a gap's look, whatever its
  plan says — "2/2 xếp, 0 có mặt" where green "2/2 Xếp đủ" read as covered), it names each of them and since when, and the board lists them all at its top
  (`Board.not_come`, each once, in the first cell holding their shift) while it lasts. A shift not begun is not
  absent, an ended one is history (the badge's "không điểm danh"); nor is anyone the manager vouched for. A shift
  over midnight counts in a day's cell only once its hours of that day have begun (`begun_on`, QZ26 Q3 leftover: an
  18:00–06:00 no-show turned the next morning's cell red at 22:30 too); the banner says "ca giao thừa" of the night
  into mùng 1 by the lunar calendar (`lichtruc.vntime.in_giao_thua`, `Board.not_come_giao_thua`).
- A day whose people did not come is not green, past or under way (QZ27 #2): audit's presence shortfalls of the cell's
  key (`absences`: `/attendance/shortfalls` of the enterprise, the one rule every inspector's page and file counts
  by) that touch the cell's day make it "absent" too, with their person-minutes that day (`absent_person_minutes`:
  people not there × minutes, audit's `absent_people`) and the fewest there (`present_least`); audit not answering,
  the cell says what roster's shifts say, as before.
- Publishing every draft: how many of the drafts carry roster's rest warnings (short rest,
  too many night shifts) and whose, so the manager publishes knowingly; each of them with its day and its cell (its
  first day on the board, in its own site's column, else the enterprise's), and every cell holding one marked (QZ24
  #2: "1 trong số 4 ca nháp có cảnh báo…" named no day, and the cell read "1 nháp" alone).
- The campaign's peaks (roster's campaign answer), each with its name and times, for the legend (QZ24 #3: it named
  the first peak alone, "Cao điểm Giao thừa", a second one marked on its row unexplained).

Pure: no clock, no HTTP, no words (templates word the cells from the catalogue).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from lichtruc.counters import serves_counter
from lichtruc.duty_types import duty_type_name
from lichtruc.text import without_day
from lichtruc.vntime import in_giao_thua

from .dates import VIETNAM, local, on_day, parse_instant
from .my_day import LATE_AFTER
from .requirements import unset_duties
from .shifts import Person, Shift, vouched_ids

CELL_GAP, CELL_OK, CELL_PENDING, CELL_NONE = "cell-gap", "cell-ok", "cell-pending", "cell-none"
CELL_ABSENT = "cell-absent"
"""Rostered in full but someone on a shift under way has not come: the alarm colour (QZ26 #3)."""
WARNED_LISTED = 5
"""The drafts with a rest warning the publish note names by day and cell; more are marked in their cells."""


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    border_area: bool
    counter: bool = False  # a post office or transaction point: it publishes Tết hours (lichtruc.counters)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Site:
        return cls(
            id=str(body["id"]),
            name=str(body["name"]),
            border_area=bool(body.get("border_area")),
            counter=serves_counter(str(body.get("kind") or "")),
        )


@dataclass(frozen=True)
class Gap:
    """A stretch of the day with fewer people planned than required (Vietnam time)."""

    starts_at: datetime
    ends_at: datetime
    required: int
    planned: int
    peak: str | None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def said_as(self) -> str:
        """The one wording rule for hours short of people, in the cells and the legend alike (QZ13 #13): fewer than
        required but someone there is "short" ("Thiếu người 00:00–06:00 (1/2)"), nobody there is "nobody" ("Không có
        ai 00:00–06:00"); the catalogue key board.gap_<this> words it."""
        return "nobody" if self.planned <= 0 else "short"

    def hours_on(self, day: date, lang: str = "vi") -> str:
        """ "18:00–24:00" within `day`; a gap reaching into another day names that day too."""
        return f"{clock_on(self.starts_at, day, lang)}–{clock_on(self.ends_at, day, lang)}"


def clock_on(instant: datetime, day: date, lang: str = "vi") -> str:
    """The wall-clock time of `instant` as read on `day`: "24:00" for the next midnight,
    "06:00 08/02" ("06:00 8 Feb") for a later or earlier day."""
    at = local(instant)
    if at.date() == day:
        return f"{at:%H:%M}"
    if at.date() == day + timedelta(days=1) and at.time() == time(0):
        return "24:00"
    return f"{at:%H:%M} {on_day(at.date(), lang, year=False)}"


@dataclass(frozen=True)
class Column:
    """One duty type, for the whole enterprise (site None) or for one site."""

    duty_type: str
    name_vi: str
    name_en: str
    site: Site | None = None

    @property
    def site_id(self) -> str | None:
        return self.site.id if self.site else None

    @property
    def border(self) -> bool:
        return bool(self.site and self.site.border_area)

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.duty_type, self.site_id)


PRESENCE = "presence"
"""The one class (portal.css `.tag.presence`) of "rostered but not there", on the board and the heatmaps alike."""


@dataclass(frozen=True)
class Badge:
    """A cell's one badge of check-ins: its class and its parts, (catalogue key, count) each, in reading order."""

    css: str
    parts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class NotCome:
    """Someone on a shift under way at the page's moment, past their check-in's grace without a check-in (QZ26 #3):
    who, on which shift, since when their check-in counts (`since`: the start, or a handover's moment — roster's
    `late_from`) and how many minutes past it they are; the cell the board shows them in (`day`, `column`: the first
    day of the shift on the board, in the column holding it)."""

    full_name: str
    staff_id: str
    shift_id: str
    starts_at: datetime
    ends_at: datetime
    since: datetime
    minutes: int
    day: date
    column: Column
    giao_thua: bool = False  # the shift holds some of the night of giao thừa ("ca giao thừa", by the lunar calendar)


@dataclass(frozen=True)
class Cell:
    day: date
    column: Column
    required: int | None  # None: nothing required this day
    planned: int
    gaps: tuple[Gap, ...]
    shift_count: int
    draft_count: int
    peak: bool
    most_on_duty: int = 0  # the most people on this cell's shifts at once during the day
    not_checked_in: int = 0  # people on its shifts under way at the page's moment who have not checked in
    missed: int = 0  # people on its shifts that ended by the page's moment without checking in
    recorded_absent: int = 0  # people a manager recorded afterwards as not there (QZ28 #3: not "không điểm danh")
    absent: int = 0  # of `not_checked_in`, those whose check-in's grace (`LATE_AFTER`) has passed: not there (QZ13 #1)
    met_published: bool = True  # roster's: met by published shifts alone, drafts left out
    planned_published: int | None = None  # roster's `planned` with the drafts left out; None: an older roster's answer
    warned_drafts: int = 0  # of its drafts, those carrying a rest warning of roster's (QZ24 #2)
    not_come: tuple[NotCome, ...] = ()  # the people counted in `absent`, by name (QZ26 #3)
    present: int = 0  # people on its shifts under way at the page's moment who are there (checked in, or vouched for)
    absent_person_minutes: int = 0  # audit's presence shortfalls of its key that day: people not there × minutes
    absent_spans: tuple[tuple[datetime, datetime], ...] = ()  # those shortfalls' stretches, cut to the day
    present_least: int | None = None  # the fewest there in those stretches (None: no shortfall that day)

    @property
    def present_shown(self) -> int:
        """How many are said to be there: now, on its shifts under way, when someone of them has not come; else the
        fewest there in audit's shortfalls of the day (a past day's)."""
        if self.absent or self.present_least is None:
            return self.present
        return self.present_least

    @property
    def status(self) -> str:
        """ "gap", "absent" (no gap, but someone on a shift under way has not come and fewer than required are there:
        QZ26 #3), "ok", "pending" (met only with its drafts counted: covered once they are published) or "none". One
        not come where enough others are there keeps its colour, "Xếp đủ" and the badge saying who (QZ14 #8)."""
        if self.gaps:
            return "gap"
        if self.required is None:
            return "none"
        if (self.absent and self.present < (self.required or 0)) or self.absent_person_minutes:
            return "absent"
        return "ok" if self.met_published else "pending"

    @property
    def met_word(self) -> str:
        """The word of a cell with no gap: "Đủ người" only while nobody is missing past the check-in's grace — a cell
        rostered in full whose guard never came (or whose shift ended without a check-in) reads "Xếp đủ", its badge
        saying who was not there (QZ13 #1, QZ14 #8)."""
        if self.absent or self.missed or self.absent_person_minutes:
            return "board.met_rostered"
        return "board.met" if self.met_published else "board.met_once_published"

    @property
    def check_in_badge(self) -> Badge | None:
        """The cell's one badge of check-ins (None: nothing to say): those past their check-in's grace ("chưa có mặt"),
        those under way still within it ("chưa điểm danh"), those whose shift ended without one ("không điểm danh"),
        each person once; presence's class once someone was not there, else the plain "not yet" tag."""
        parts = (
            ("board.not_present", self.absent),
            ("board.not_checked_in", self.not_checked_in - self.absent),
            ("board.missed_check_in", self.missed - self.recorded_absent),
            ("board.recorded_absent", self.recorded_absent),
        )
        shown = tuple((key, n) for key, n in parts if n > 0)
        if not shown:
            return None
        return Badge(PRESENCE if self.absent or self.missed else "peak", shown)

    @property
    def absent_beside_gap(self) -> bool:
        """A cell short in plan whose rostered people were not all there as well (audit's shortfalls): its gap's
        words alone would hide them (QZ28 #3: "Thiếu người 18:00–24:00" and nothing of Gấm absent 06:00–18:00, while
        the heat map said "Chưa có mặt"). Absence is counted on top of gaps, as audit counts it."""
        return bool(self.gaps) and self.absent_person_minutes > 0

    @property
    def css(self) -> str:
        return {
            "gap": CELL_GAP,
            "absent": CELL_ABSENT,
            "ok": CELL_OK,
            "pending": CELL_PENDING,
            "none": CELL_NONE,
        }[self.status]

    @property
    def shown_planned(self) -> int:
        """The planned headcount a person reads against the required one. roster counts the
        fewest people on duty while anything is required, against the most ever required (the
        peak): a met cell whose requirement rises at the peak would read "1/2" although both
        are on duty then; a met cell reads at least its requirement."""
        if self.required is not None and not self.gaps:
            return max(self.planned, self.required)
        return self.planned

    @property
    def staffed_part(self) -> bool:
        """Nobody for some hours yet someone for others: the fewest on duty (the count) is 0 and the most on duty at
        once is not, so "0/1" alone would read as if nobody were booked. A cell with someone there all the time but
        fewer than required for some hours is not this (QZ13 #13: "1–2/2 Có người trực một phần giờ" beside "1/2"
        for the same shortage): it reads as its neighbour does, its short hours said by Gap.said_as."""
        return self.required is not None and bool(self.gaps) and self.planned == 0 and self.most_on_duty > 0

    @property
    def counts_apart(self) -> bool:
        """A cell met only with its drafts says its published headcount beside the one with the drafts counted ("Đã
        công bố 1 người, tính cả ca nháp 3 người; cần 2"): "Đã xếp 2 người, cần 2" alone read as covered (QA
        2026-12-06)."""
        return self.status == "pending" and self.planned_published is not None

    @property
    def uncovered_minutes(self) -> int:
        return sum(g.minutes for g in self.gaps)

    @property
    def short_person_minutes(self) -> int:
        """Person-minutes its gaps leave out on its day: (required − planned) × the minutes of each in the day — the
        inspectors' heatmap's "chưa xếp đủ" of this key and day (audit's `short_person_minutes`), QZ27 #2."""
        lo = datetime.combine(self.day, time.min, tzinfo=VIETNAM)
        hi = lo + timedelta(days=1)
        return sum(
            max(0, g.required - g.planned) * int((min(g.ends_at, hi) - max(g.starts_at, lo)).total_seconds() // 60)
            for g in self.gaps
            if g.starts_at < hi and g.ends_at > lo
        )

    @property
    def testid(self) -> str:
        site = f"-{self.column.site_id}" if self.column.site_id else ""
        return f"cell-{self.day.isoformat()}-{self.column.duty_type}{site}"


@dataclass(frozen=True)
class Day:
    day: date
    lunar_vi: str
    lunar_en: str
    peaks: tuple[str, ...]
    cells: tuple[Cell, ...]

    @property
    def peak(self) -> bool:
        return bool(self.peaks)

    def lunar(self, lang: str) -> str:
        return self.lunar_vi if lang == "vi" else self.lunar_en


@dataclass(frozen=True)
class WarnedDraft:
    """A draft shift carrying a rest warning of roster's, where the board shows it (QZ24 #2): its first day on the
    board and the column of its own site (else the enterprise's, else the first holding it), and whose rest the
    warnings are about."""

    shift_id: str
    day: date
    column: Column
    starts_at: datetime
    ends_at: datetime
    people: tuple[str, ...]


@dataclass(frozen=True)
class Peak:
    """One of the campaign's peaks (giao thừa, and any an administrator added): its name and times."""

    name: str
    starts_at: datetime
    ends_at: datetime


def peaks_of(campaign: Mapping[str, Any]) -> tuple[Peak, ...]:
    """The peaks of roster's campaign answer, the earliest first."""
    found = (
        Peak(str(p["name"]), parse_instant(str(p["starts_at"])), parse_instant(str(p["ends_at"])))
        for p in campaign.get("peaks") or ()
    )
    return tuple(sorted(found, key=lambda p: (p.starts_at, p.ends_at, p.name)))


def duties_said(keys: Iterable[str], lang: str) -> str:
    """Duty types named in a line, by their names ("Trực lãnh đạo, Trực điều hành, Trực vận hành khai thác mạng
    lưới và ứng cứu thông tin")."""
    return ", ".join(duty_type_name(k, lang) for k in keys)


@dataclass(frozen=True)
class Board:
    campaign_id: str
    campaign_name: str
    enterprise_id: str
    enterprise_name: str
    first: date
    last: date
    columns: tuple[Column, ...]
    days: tuple[Day, ...]
    drafts: int  # draft shifts waiting to be published
    warned_drafts: int = 0  # of those, the ones carrying a rest warning of roster's
    warned_people: tuple[str, ...] = ()  # whose rest the warnings are about, each once
    warned: tuple[WarnedDraft, ...] = ()  # those drafts, where each is on the board, the earliest first
    shift_total: int = 0
    """The campaign's shifts of the enterprise on the board, each once (a night's lies in two days), cancelled ones
    not: the rows of the roster's file to edit in Excel and import back (roster's shift template, filled)."""
    drill: tuple[datetime, datetime] | None = None
    """A drill's start and end (the board says it is one, to the minute: QA, a drill read as the Tết campaign
    unless its name said so); None for a Tết campaign."""
    ended: bool = False
    """The campaign has ended by the page's moment: its cells short are past, never "still" short (QZ23 #3)."""
    peaks: tuple[Peak, ...] = ()
    """The campaign's peaks (`peaks_of`), for the legend; none until the campaign is read."""
    not_come: tuple[NotCome, ...] = ()
    """Everyone on a shift under way past their check-in's grace without one, each once (a night's shift lies in two
    days: its first day's cell), the longest gone first (QZ26 #3: the board's banner)."""

    @property
    def warned_listed(self) -> tuple[WarnedDraft, ...]:
        """The warned drafts the publish note lists by day and cell (the rest are marked in their cells alone)."""
        return self.warned[:WARNED_LISTED]

    @property
    def warned_unlisted(self) -> int:
        return len(self.warned) - len(self.warned_listed)

    @property
    def every_draft_warned(self) -> bool:
        """Each of several drafts carries a warning: "all 4 draft shifts", not "4 of the 4"."""
        return self.drafts > 1 and self.warned_drafts == self.drafts

    @property
    def period_name(self) -> str:
        """The campaign's name as the line giving its first and last day says it: without a day of
        those it holds ("Diễn tập trực Tết 03/12/2026: từ 03/12/2026…" said the day twice)."""
        return without_day(without_day(self.campaign_name, self.first), self.last)

    @property
    def gap_cells(self) -> int:
        return sum(1 for d in self.days for c in d.cells if c.gaps)

    @property
    def not_come_giao_thua(self) -> bool:
        """Everyone not come is on a shift of the night of giao thừa: the banner says "chưa đến ca giao thừa"."""
        return bool(self.not_come) and all(n.giao_thua for n in self.not_come)

    @property
    def absent_cells(self) -> int:
        """The cells where someone on a shift under way has not come: "every cell is covered" is not said then."""
        return sum(1 for d in self.days for c in d.cells if c.status == "absent")

    @property
    def pending_cells(self) -> int:
        """The cells covered only once their drafts are published: "every cell is covered" is not said while any is."""
        return sum(1 for d in self.days for c in d.cells if c.status == "pending")

    @property
    def pending_drafts(self) -> int:
        """The drafts in those cells, a night's draft once per day it lies in: enough to say whether one cell waits on
        "its draft shift" or on "its draft shifts"."""
        return sum(c.draft_count for d in self.days for c in d.cells if c.status == "pending")

    @property
    def required_cells(self) -> int:
        """The cells where anything is required ("all staffed" says nothing of a board that requires nothing)."""
        return sum(1 for d in self.days for c in d.cells if c.required is not None)

    @property
    def unset_duties(self) -> tuple[str, ...]:
        """The directive's duties nothing on a Tết board requires yet, in its order (QZ21 #2: the border sites'
        patrols the Department's defaults made ticked "Requirements" while leadership, operations and incident
        response read "Không yêu cầu" every day). A drill asks only what its organiser chose: anything required
        will do."""
        required = {c.column.duty_type for d in self.days for c in d.cells if c.required is not None}
        return unset_duties(required, drill=self.drill is not None)

    @property
    def base_url(self) -> str:
        return f"/manage/board/{self.campaign_id}/{self.enterprise_id}"

    def cell_url(self, day: date, duty_type: str, site_id: str | None = None, **extra: str) -> str:
        params = {"day": day.isoformat(), "duty_type": duty_type}
        if site_id:
            params["site_id"] = site_id
        params.update({k: v for k, v in extra.items() if v})
        return f"{self.base_url}/cell?{urlencode(params)}"

    def cell(self, day: date, duty_type: str, site_id: str | None = None) -> Cell | None:
        for d in self.days:
            if d.day == day:
                return next((c for c in d.cells if c.column.key == (duty_type, site_id)), None)
        return None

    def next_cell(self, cell: Cell) -> Cell | None:
        return self.cell(cell.day + timedelta(days=1), cell.column.duty_type, cell.column.site_id)


@dataclass(frozen=True)
class LinkedGap:
    """The cells a link to a gap over several days marks (notifier's alerts link `…/cell?day=<first>&through=<last>`):
    the gap's column, from its first local day through its last, so that a manager who follows it reads the whole gap
    and not the first day's cell alone (QA)."""

    duty_type: str
    site_id: str | None
    first: date
    last: date

    def covers(self, cell: Cell) -> bool:
        return cell.column.key == (self.duty_type, self.site_id) and self.first <= cell.day <= self.last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def linked_gap(board: Board, cell: Cell, through: date | None) -> LinkedGap | None:
    """The cells from `cell` through the day `through` in its column, as far as the board goes; None unless `through`
    is a later day (a gap of one day is its cell, marked as the chosen one already)."""
    last = None if through is None else min(through, board.last)
    if last is None or last <= cell.day:
        return None
    return LinkedGap(cell.column.duty_type, cell.column.site_id, cell.day, last)


def left_behind(board: Board, cell: Cell, left: date | None) -> Cell | None:
    """After a reschedule that moved a shift out of the cell of day `left` into `cell` (the panel follows the shift to
    its new day): that cell as the board now reads it, in the same column — what the shift left behind there (QZ22 #8:
    "Đủ người suốt ngày" on the new day said nothing of the 18:00–24:00 gap just opened on the old one). None when
    `left` is no other day of the board, or nothing is required there."""
    if left is None or left == cell.day:
        return None
    found = board.cell(left, cell.column.duty_type, cell.column.site_id)
    return found if found is not None and found.required is not None else None


def _gap(body: Mapping[str, Any]) -> Gap:
    return Gap(
        parse_instant(str(body["starts_at"])),
        parse_instant(str(body["ends_at"])),
        int(body["required"]),
        int(body["planned"]),
        body.get("peak"),
    )


def columns_of(days: Sequence[Mapping[str, Any]], sites: Mapping[str, Site]) -> tuple[Column, ...]:
    """The board's columns, in roster's duty-type order: one per requirement scope of each duty
    type (the whole enterprise first, then each site by name); a duty type without any
    requirement still gets one column, so that shifts of it can be planned and seen."""
    order: list[str] = []
    names: dict[str, tuple[str, str]] = {}
    scopes: dict[str, set[str | None]] = {}
    for day in days:
        for duty in day["duty_types"]:
            key = str(duty["duty_type"])
            if key not in names:
                order.append(key)
                names[key] = (str(duty["name_vi"]), str(duty["name_en"]))
                scopes[key] = set()
            for cover in duty["coverage"]:
                scopes[key].add(str(cover["site_id"]) if cover.get("site_id") else None)
    columns = []
    for key in order:
        found = scopes[key] or {None}
        ordered = sorted(
            found, key=lambda s: (s is not None, sites[s].name if s is not None and s in sites else str(s))
        )
        for scope in ordered:
            site = sites.get(scope) if scope else None
            if scope and site is None:
                site = Site(scope, scope, False)  # a site the caller cannot list: still its own column
            columns.append(Column(key, *names[key], site=site))
    return tuple(columns)


def in_scope(shifts: Iterable[Mapping[str, Any]], site_id: str | None) -> list[Mapping[str, Any]]:
    """The shifts a column of `site_id` holds (None: the whole enterprise's, all of them): those at the site and
    those at another site that also cover it (`covers_site_ids`, a patrol round of several border sites) — roster
    counts those in the site's coverage, so the cell lists them too (QA: "Đủ người" over "no shift here")."""
    return [
        s
        for s in shifts
        if site_id is None
        or str(s.get("site_id") or "") == site_id
        or site_id in {str(c) for c in s.get("covers_site_ids") or ()}
    ]


def _shift_counts(shifts: Iterable[Mapping[str, Any]], site_id: str | None) -> tuple[int, int]:
    chosen = in_scope(shifts, site_id)
    return len(chosen), sum(1 for s in chosen if s.get("status") == "draft")


def most_on_duty(shifts: Iterable[Mapping[str, Any]], day: date) -> int:
    """The most people on these shifts at the same moment of the local `day` (cancelled shifts
    count for nobody); 0 when none of them is worked that day."""
    lo = datetime.combine(day, time(0), tzinfo=VIETNAM)
    hi = lo + timedelta(days=1)
    changes: list[tuple[datetime, int]] = []
    for s in shifts:
        people = len(s.get("assignees") or ())
        start, end = max(parse_instant(str(s["starts_at"])), lo), min(parse_instant(str(s["ends_at"])), hi)
        if s.get("status") != "cancelled" and people and start < end:
            changes += [(start, people), (end, -people)]
    most = now = 0
    for _, change in sorted(changes):  # at the same instant an end (negative) comes before a start
        now += change
        most = max(most, now)
    return most


def warned_people(shift: Mapping[str, Any]) -> tuple[str, ...]:
    """The people a shift's warnings of roster's are about, by name, each once, in order met."""
    names = {str(a["staff_id"]): str(a["full_name"]) for a in shift.get("assignees") or ()}
    found = (names.get(str(w.get("staff_id") or "")) for w in shift.get("warnings") or ())
    return tuple(dict.fromkeys(n for n in found if n))


def rest_warnings(drafts: Iterable[Mapping[str, Any]]) -> tuple[int, tuple[str, ...]]:
    """How many of these draft shifts carry a warning of roster's (short rest, too many night
    shifts), and the people those warnings are about (by name, each once, in order met)."""
    warned = [s for s in drafts if s.get("warnings")]
    return len(warned), tuple(dict.fromkeys(n for s in warned for n in warned_people(s)))


def _warned_draft(shift: Mapping[str, Any], places: Sequence[tuple[date, Column]]) -> WarnedDraft:
    """Where the board shows a warned draft, of the cells holding it (`places`, in the board's order): its first day,
    in its own site's column, else the enterprise's, else the first."""
    day = places[0][0]
    columns = [c for d, c in places if d == day]
    site = str(shift.get("site_id") or "") or None
    column = next((c for c in columns if site and c.site_id == site), None)
    column = column or next((c for c in columns if c.site_id is None), columns[0])
    return WarnedDraft(
        shift_id=str(shift["id"]),
        day=day,
        column=column,
        starts_at=parse_instant(str(shift["starts_at"])),
        ends_at=parse_instant(str(shift["ends_at"])),
        people=warned_people(shift),
    )


def _is_warned_draft(shift: Mapping[str, Any]) -> bool:
    return shift.get("status") == "draft" and bool(shift.get("warnings"))


def check_in_counts(
    shifts: Iterable[Mapping[str, Any]], now: datetime | None, vouched: Collection[str] = ()
) -> tuple[int, int, int]:
    """(people not checked in on the shifts under way at `now`, people who did not check in on those that ended, and
    of the first those whose check-in's grace has passed: not there), by the staff cards' rule (Shift.check_ins,
    domain.my_day.outcome; late after `LATE_AFTER`, audit's presence rule too); (0, 0, 0) without a moment. The
    people of the shifts in `vouched` (`shifts.vouched_ids`: the manager said at a handover they were there) are
    none of these."""
    if now is None:
        return 0, 0, 0
    found = [
        (shift, o)
        for s in shifts
        for shift in (Shift.from_api(s),)
        for _, o in shift.check_ins(now, vouched=shift.id in vouched)
    ]
    outcomes = [o for _, o in found]
    absent = sum(1 for shift, o in found if o == "not_yet" and now > shift.late_after + LATE_AFTER)
    return outcomes.count("not_yet"), outcomes.count("missed"), absent


def recorded_absent(shifts: Iterable[Mapping[str, Any]], now: datetime | None) -> int:
    """Of `check_in_counts`' missed, the people a manager recorded afterwards as not there (`Person.presence`, QZ27 #3):
    they may have checked in, so the cell says they were recorded absent, not that they did not check in (QZ28 #3)."""
    if now is None:
        return 0
    return sum(
        1
        for s in shifts
        for shift in (Shift.from_api(s),)
        for p, o in shift.check_ins(now)
        if o == "missed" and p.presence is not None and not p.presence.present
    )


def not_come(
    shifts: Iterable[Mapping[str, Any]], now: datetime | None, vouched: Collection[str] = ()
) -> tuple[tuple[Shift, Person], ...]:
    """The people of these shifts who have not come at `now` (QZ26 #3), each with their shift: on one under way, past
    their check-in's grace (`LATE_AFTER` after `Shift.late_after`) without a check-in — `check_in_counts`' absent, by
    name. None without a moment; none of a shift in `vouched`."""
    if now is None:
        return ()
    return tuple(
        (shift, person)
        for s in shifts
        for shift in (Shift.from_api(s),)
        for person, o in shift.check_ins(now, vouched=shift.id in vouched)
        if o == "not_yet" and now > shift.late_after + LATE_AFTER
    )


def begun_on(shifts: Iterable[Mapping[str, Any]], day: date, now: datetime | None) -> list[Mapping[str, Any]]:
    """The shifts whose hours on the local `day` have begun by `now` (all without a moment): only they say who is
    there or not in that day's cell. An 18:00–06:00 shift is under way at 22:30 but its next morning's hours are not:
    its people are not absent from that day yet (QZ26 Q3 leftover: both day cells turned red)."""
    if now is None:
        return list(shifts)
    day_start = datetime.combine(day, time(0), tzinfo=VIETNAM)
    return [s for s in shifts if max(parse_instant(str(s["starts_at"])), day_start) <= now]


def present_now(shifts: Iterable[Mapping[str, Any]], now: datetime | None, vouched: Collection[str] = ()) -> int:
    """How many people on these shifts under way at `now` are there: checked in (on time or late), or vouched for by
    the manager at a handover; 0 without a moment."""
    if now is None:
        return 0
    return sum(
        1
        for s in shifts
        for shift in (Shift.from_api(s),)
        if shift.timing(now) == "under_way"
        for _, o in shift.check_ins(now, vouched=shift.id in vouched)
        if o in ("on_time", "late", "confirmed")
    )


def _not_come(shift: Shift, person: Person, now: datetime, day: date, column: Column) -> NotCome:
    return NotCome(
        full_name=person.full_name,
        staff_id=person.staff_id,
        shift_id=shift.id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        since=shift.late_after,
        minutes=int((now - shift.late_after).total_seconds() // 60),
        day=day,
        column=column,
        giao_thua=in_giao_thua(shift.starts_at, shift.ends_at),
    )


def handed_over(days: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The shifts of roster's board days (each once) that a handover links: those that took over another's rest and
    those they took it from (roster says so on them, `handed_over_to`, even when the shift that took it is past the
    board's last day: B1) — all that `shifts.vouched_ids` needs, without reading every shift of the campaign."""
    shifts = {str(s["id"]): s for d in days for duty in d["duty_types"] for s in duty["shifts"]}
    linked = {str(s["continues_shift_id"]) for s in shifts.values() if s.get("continues_shift_id")}
    return [s for i, s in shifts.items() if i in linked or s.get("continues_shift_id") or s.get("handed_over_to")]


@dataclass(frozen=True)
class Shortfall:
    """One of audit's presence shortfalls of the enterprise (`/attendance/shortfalls`): its key (duty type, site or
    None for the enterprise as a whole), its stretch and its counts."""

    duty_type: str
    site_id: str | None
    starts_at: datetime
    ends_at: datetime
    required: int
    rostered: int
    present: int

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Shortfall:
        return cls(
            str(body["duty_type"]),
            str(body["site_id"]) if body.get("site_id") else None,
            parse_instant(str(body["starts_at"])),
            parse_instant(str(body["ends_at"])),
            int(body["required"]),
            int(body["rostered"]),
            int(body["present"]),
        )

    @property
    def people(self) -> int:
        """Those rostered, counted against what is required, not there (audit's `absent_people`)."""
        return max(0, min(self.required, self.rostered) - self.present)


def _shown_minutes(start: datetime, end: datetime) -> int:
    """Presence's minutes: each instant floored to its minute (audit's `presence.shown_minutes`)."""
    return int(end.timestamp() // 60 - start.timestamp() // 60) if end > start else 0


def day_absences(
    found: Iterable[Shortfall], day: date, duty_type: str, site_id: str | None
) -> tuple[int, tuple[tuple[datetime, datetime], ...], int | None]:
    """(person-minutes, the stretches cut to the day, the fewest there) of the shortfalls of one key on one local
    day: audit's person-minutes of absence (`Shortfall.person_minutes` within the day), the heatmap's cell's part."""
    lo = datetime.combine(day, time.min, tzinfo=VIETNAM)
    hi = lo + timedelta(days=1)
    minutes, spans, least = 0, [], None
    for f in found:
        if f.duty_type != duty_type or f.site_id != site_id or f.starts_at >= hi or f.ends_at <= lo:
            continue
        a, b = max(f.starts_at, lo), min(f.ends_at, hi)
        minutes += f.people * _shown_minutes(a, b)
        spans.append((a, b))
        least = f.present if least is None else min(least, f.present)
    return minutes, tuple(sorted(spans)), least


def build_board(
    answer: Mapping[str, Any],
    sites: Iterable[Site] = (),
    *,
    now: datetime | None = None,
    absences: Iterable[Shortfall] = (),
) -> Board:
    """The grid of roster's board answer; with `now`, each cell counts who has not checked in on its shifts under way
    and who did not on those that ended; `absences`, audit's presence shortfalls of the enterprise, mark the cells
    of their keys and days (see the rules)."""
    absences = tuple(absences)
    by_id = {s.id: s for s in sites}
    days_in = list(answer["days"])
    columns = columns_of(days_in, by_id)
    days: list[Day] = []
    drafts: dict[str, Mapping[str, Any]] = {}
    listed: set[str] = set()  # every shift's id, once
    warned_at: dict[str, list[tuple[date, Column]]] = {}  # each warned draft's cells, in the board's order
    vouched = vouched_ids(Shift.from_api(s) for s in handed_over(days_in)) if now is not None else frozenset()
    absentees: dict[tuple[str, str], NotCome] = {}  # each person not come on each shift, at its first cell
    s_of = {
        str(s["id"]): str(s.get("site_id") or "") for d in days_in for duty in d["duty_types"] for s in duty["shifts"]
    }
    for entry in days_in:
        day = date.fromisoformat(str(entry["date"]))
        peaks = tuple(dict.fromkeys(str(p["name"]) for p in entry.get("peaks") or ()))
        duties = {str(d["duty_type"]): d for d in entry["duty_types"]}
        cells = []
        for column in columns:
            duty = duties.get(column.duty_type) or {"coverage": [], "shifts": []}
            drafts.update((str(s["id"]), s) for s in duty["shifts"] if s.get("status") == "draft")
            listed.update(str(s["id"]) for s in duty["shifts"] if s.get("status") != "cancelled")
            cover = next(
                (c for c in duty["coverage"] if (str(c["site_id"]) if c.get("site_id") else None) == column.site_id),
                None,
            )
            count, draft_count = _shift_counts(duty["shifts"], column.site_id)
            warned_here = [s for s in in_scope(duty["shifts"], column.site_id) if _is_warned_draft(s)]
            for s in warned_here:
                warned_at.setdefault(str(s["id"]), []).append((day, column))
            scoped = begun_on(in_scope(duty["shifts"], column.site_id), day, now)
            not_checked_in, missed, absent = check_in_counts(scoped, now, vouched)
            recorded = recorded_absent(scoped, now)
            gone = tuple(_not_come(s, p, now, day, column) for s, p in not_come(scoped, now, vouched)) if now else ()
            for n in gone:
                # a shift's first cell on the board: its own site's column, else the enterprise's, else the first
                key = (n.shift_id, n.staff_id)
                first = absentees.get(key)
                if first is None or (
                    first.day == day and _rank(n.column, s_of[n.shift_id]) < _rank(first.column, s_of[n.shift_id])
                ):
                    absentees[key] = n
            cells.append(
                Cell(
                    day=day,
                    column=column,
                    required=int(cover["required"]) if cover else None,
                    planned=int(cover["planned"]) if cover else count,
                    gaps=tuple(_gap(g) for g in cover["gaps"]) if cover else (),
                    shift_count=count,
                    draft_count=draft_count,
                    peak=bool(peaks),
                    most_on_duty=most_on_duty(in_scope(duty["shifts"], column.site_id), day),
                    not_checked_in=not_checked_in,
                    missed=missed,
                    recorded_absent=recorded,
                    absent=absent,
                    met_published=bool(cover.get("met_published", True)) if cover else True,
                    planned_published=(
                        int(cover["planned_published"])
                        if cover and cover.get("planned_published") is not None
                        else None
                    ),
                    warned_drafts=len(warned_here),
                    not_come=gone,
                    present=present_now(scoped, now, vouched),
                    **_absent_fields(absences, day, column),
                )
            )
        days.append(
            Day(day, str(entry.get("lunar_name_vi") or ""), str(entry.get("lunar_name_en") or ""), peaks, tuple(cells))
        )
    warned, people = rest_warnings(drafts.values())
    placed = (_warned_draft(drafts[i], places) for i, places in warned_at.items())
    return Board(
        campaign_id=str(answer["campaign"]["id"]),
        campaign_name=str(answer["campaign"]["name"]),
        enterprise_id=str(answer["enterprise"]["id"]),
        enterprise_name=str(answer["enterprise"]["name"]),
        first=date.fromisoformat(str(answer["from"])),
        last=date.fromisoformat(str(answer["to"])),
        columns=columns,
        days=tuple(days),
        drafts=len(drafts),
        shift_total=len(listed),
        warned_drafts=warned,
        warned_people=people,
        warned=tuple(sorted(placed, key=lambda w: (w.starts_at, w.day, w.shift_id))),
        not_come=tuple(sorted(absentees.values(), key=lambda n: (n.since, n.day, n.full_name, n.shift_id))),
    )


def _absent_fields(absences: Sequence[Shortfall], day: date, column: Column) -> dict[str, Any]:
    minutes, spans, least = day_absences(absences, day, column.duty_type, column.site_id)
    return {"absent_person_minutes": minutes, "absent_spans": spans, "present_least": least}


def _rank(column: Column, site_id: str) -> int:
    """Which of a day's columns holding a shift shows it: its own site's (0), the enterprise's (1), another (2)."""
    if site_id and column.site_id == site_id:
        return 0
    return 1 if column.site_id is None else 2


def suggested_span(
    board: Board,
    cell: Cell,
    campaign: tuple[datetime, datetime] | None = None,
    *,
    now: datetime | None = None,
) -> tuple[datetime, datetime]:
    """Where a new shift in this cell most likely goes: its first gap, carried on into the next
    day while that day's gap continues from midnight (a night shift); without a gap, the day
    shift 06:00–18:00. On today's cell (`now`) never a time already past: from the next full hour,
    to the span's usual end if still ahead, else that end 12 hours on (the day/night pattern; QA: at
    20:52 on giao thừa the form offered 06:00–18:00, over). Kept inside the campaign (`campaign`:
    its start and end), so that on its first and last day the form offers a time roster accepts (a
    campaign starting at 09:24 offers 09:24–18:00, not 06:00). On today's cell a gap already over is passed by: the
    first gap still ahead (or under way: from the next full hour, or from `now` rounded up to 5 minutes when that hour
    is past its end; one ending by then is over too), else the day shift as without a gap (QZ14 #11: after a handover at 09:10 the only gap,
    06:00–09:10, was over, and the form offered 10:00 → 21:10)."""
    today = now is not None and local(now).date() == cell.day
    gaps = tuple(g for g in cell.gaps if now is None or not today or g.ends_at > _five_minutes_up(now))
    if not gaps:
        start = datetime.combine(cell.day, time(6), tzinfo=VIETNAM)
        span = start, start + timedelta(hours=12)
    else:
        gap = gaps[0]
        end = gap.ends_at
        following = board.next_cell(cell)
        if following and following.gaps and following.gaps[0].starts_at == end:
            end = following.gaps[0].ends_at
        span = gap.starts_at, min(end, gap.starts_at + timedelta(hours=24))
    if now is not None and today and span[0] < now:
        span = _from_next_hour(span, now) if not gaps else _rest_of(span, now)
    return _inside(span, campaign) if campaign else span


def _rest_of(span: tuple[datetime, datetime], now: datetime) -> tuple[datetime, datetime]:
    """The rest of a gap under way at `now` (ending after `now` rounded up to 5 minutes): from the next full hour, or
    from `now` rounded up to 5 minutes when that hour is not before the gap's end."""
    start = local(now).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return (start if start < span[1] else _five_minutes_up(now)), span[1]


def _five_minutes_up(now: datetime) -> datetime:
    """`now` (local) rounded up to a whole 5 minutes (itself when it is one)."""
    start = local(now).replace(second=0, microsecond=0)
    start += timedelta(minutes=1) if start < now else timedelta()
    return start + timedelta(minutes=-start.minute % 5)


def _from_next_hour(span: tuple[datetime, datetime], now: datetime) -> tuple[datetime, datetime]:
    """`span` moved to start at the full hour after `now`, ending at its own end or 12, 24 hours later."""
    start = local(now).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    end = span[1]
    while end <= start:
        end += timedelta(hours=12)
    return start, end


def _inside(span: tuple[datetime, datetime], campaign: tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    """`span` cut to the campaign, on whole minutes (what a form's time input holds): the start
    rounded up, the end down. A span wholly outside the campaign becomes up to 12 hours of it
    from the nearest end."""
    first = _minute_up(campaign[0])
    last = campaign[1].replace(second=0, microsecond=0)
    start, end = max(span[0], first), min(span[1], last)
    if end <= start:
        start = min(start, last)
        end = min(start + timedelta(hours=12), last)
        if end <= start:
            start, end = max(first, last - timedelta(hours=12)), last
    return start, end


def _minute_up(at: datetime) -> datetime:
    whole = at.replace(second=0, microsecond=0)
    return whole if whole == at else whole + timedelta(minutes=1)
