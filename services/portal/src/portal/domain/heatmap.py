"""The inspector's heatmap: enterprises × days of a campaign, each cell coloured by the
minutes its enterprise's roster leaves uncovered that local day; and the finer view of one
day, enterprise × duty type × hour.

Beside the plan, presence (QZ13 #1): a day cell also says, in words, how long the enterprise's posts had fewer people
there than required because someone rostered had not come, the roster full or short (QZ26 #2: on top of the gap's
minutes, never hidden by them) ("Chưa có mặt 3:15": audit's board, `absent_minutes`, someone had not
checked in 15 minutes after their shift's start). It is added to the day's total and its colour (QZ27 #2), and stays
said apart. The one-day hour view says it per hour the same way ("Chưa có mặt 0:45", from audit's
`/attendance/shortfalls`), in presence's one look (`.tag.presence`, the board's too). Presence's minutes are
`shown_minutes`: a stretch's times floored to the minute, audit's rule (`audit.domain.presence.shown_minutes`), so
an hour's, a day's and the presence list's "06:15–09:00" agree (QZ14 #8). The presence list says of each person
not there what became of it (`absence_outcome`, QZ15 #5): checked in late at a time, never checked in before the
shift ended ("không điểm danh", as the staff page and the board say), the shift stopped early without a check-in
(handed over or cancelled: "ca dừng lúc 09:05"), or not checked in yet.

One unit, one source (QZ27 #2, #14): every figure of the map, its day cells, its totals and the hour view, is
**person-hours** ("giờ-người"), audit's rule (`audit.domain.presence`: short_people, absent_people) — the minutes of a
stretch times the people required and not there, added up over coverage keys (an enterprise as a whole or one of its
sites, for one duty type) — in two parts, each labelled for what it is: "chưa xếp đủ" (the plan's gaps: fewer
rostered than required) and "chưa có mặt" (rostered, past the check-in's grace without one, counted on top), and
their sum, the people-hours short. A day cell's and a row's figures are audit's board's (`short_person_minutes`,
`absent_person_minutes`: the same numbers the coverage workbook writes); the hour view's are from audit's coverage
segments and presence shortfalls in the day's window by the same rule (`short_per_hour`, `presence_per_hour`), so its
hours add up to the day's cell. Two duty types short of one person for the same hour are 2 person-hours, never a
"2:00" that reads as clock time. A gap across midnight counts on each local day (Asia/Ho_Chi_Minh) for the part of
it in that day. The colour is by the people-hours short in all (a past day whose people did not come is not green).

Colour classes (``heat-0`` … ``heat-4`` in portal.css), for a day cell:

- ``heat-0``: nothing uncovered (0 minutes);
- ``heat-1``: up to 1 hour (1–60 minutes);
- ``heat-2``: up to 4 hours (61–240 minutes);
- ``heat-3``: up to 12 hours (241–720 minutes);
- ``heat-4``: more than 12 hours (721 minutes and more).

A day on which the enterprise has no requirement in force (audit's board: nobody required at any
moment of it, for the duty types and sites asked about) is ``heat-none``, neither covered nor short:
"nobody required" is not "covered". Should a gap still touch such a day, its minutes win.

For an hour cell of the day view: ``heat-0`` none, ``heat-1`` 1–15, ``heat-2`` 16–30,
``heat-3`` 31–45 and ``heat-4`` 46 minutes or more (several keys of one row can add up to
more than 60). An hour in which nobody of the row's enterprise and duty type is required (audit's
coverage in the day's window: no segment with someone required touches it) is ``heat-none``, as a
day is; a gap's minutes in it win there too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from lichtruc.text import sort_key

from .dates import VIETNAM, local

DAY_THRESHOLDS: tuple[int, ...] = (0, 60, 240, 720)
"""A day cell with more than THRESHOLDS[i] minutes is at least heat-(i+1)."""
HOUR_THRESHOLDS: tuple[int, ...] = (0, 15, 30, 45)

_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)


ABSENCE_OUTCOMES = ("came_late", "never", "stopped", "not_yet")


def absence_outcome(
    *, checked_in_at: datetime | None, absent_until: datetime, shift_ends_at: datetime, now: datetime
) -> str:
    """What became of a person counted not there (one of `ABSENCE_OUTCOMES`): "came_late" once they checked in;
    "never" when their shift ended without a check-in; "stopped" when their absence stopped before the shift's end
    and before `now` without a check-in (the shift was handed over or cancelled then); else "not_yet". A minute's
    leeway for "stopped": audit stops an absence still running at its own `now`, a moment before the page's."""
    if checked_in_at is not None:
        return "came_late"
    if shift_ends_at <= now:
        return "never"
    if absent_until < shift_ends_at and absent_until < now - timedelta(minutes=1):
        return "stopped"
    return "not_yet"


def bucket(minutes: int, thresholds: Sequence[int] = DAY_THRESHOLDS) -> int:
    """0–4: how hot a cell is (see the module doc)."""
    return sum(1 for limit in thresholds if minutes > limit)


def heat_class(minutes: int, thresholds: Sequence[int] = DAY_THRESHOLDS) -> str:
    return f"heat-{bucket(minutes, thresholds)}"


def person_hours(minutes: int, lang: str = "vi") -> str:
    """Person-minutes as person-hours, the number a page writes before "giờ-người" / "person-hours": whole hours as
    such ("47"), else to two decimals with the language's decimal mark ("117,75", "117.75"); "0" for none."""
    hours = round(minutes / 60, 2)
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def hours_minutes(minutes: int) -> str:
    """ "5:30" for 330 minutes, "0:00" for none."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def day_start(day: date) -> datetime:
    """The instant the local (Vietnam) day begins."""
    return datetime.combine(day, time.min, tzinfo=VIETNAM)


def _overlap_minutes(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    a, b = max(start, lo), min(end, hi)
    return (b - a).total_seconds() / 60 if a < b else 0.0


def shown_minutes(start: datetime, end: datetime) -> int:
    """Presence's minutes of [start, end): whole minutes between the two instants each floored to its minute, as its
    "hh:mm–hh:mm" reads (audit's `presence.shown_minutes`, the same rule: services share no code); 0 if empty."""
    if end <= start:
        return 0
    return int(end.timestamp() // 60 - start.timestamp() // 60)


def presence_per_hour(
    intervals: Iterable[tuple[datetime, datetime] | tuple[datetime, datetime, int]], day: date
) -> list[int]:
    """Person-minutes not there in each of the 24 local hours of `day`, from presence shortfalls' (start, end, people
    — audit's `absent_people`; 1 when left out): people × `shown_minutes` of each stretch's part in the hour, added
    up over the stretches (audit's `Shortfall.person_minutes`)."""
    lo = day_start(day)
    totals = [0] * 24
    for start, end, *rest in intervals:
        people = int(rest[0]) if rest else 1
        for h in range(24):
            totals[h] += people * shown_minutes(max(start, lo + h * _HOUR), min(end, lo + (h + 1) * _HOUR))
    return totals


def short_per_hour(segments: Iterable[tuple[datetime, datetime, int, int]], day: date) -> list[int]:
    """Person-minutes the plan leaves out in each of the 24 local hours of `day`, from a key's coverage segments
    (start, end, required, rostered): (required − rostered) × the segment's minutes in the hour, added up (audit's
    `short_people`, its board's `short_person_minutes` by hour)."""
    lo = day_start(day)
    totals = [0.0] * 24
    for start, end, required, rostered in segments:
        short = max(0, required - rostered)
        if not short:
            continue
        for h in range(24):
            totals[h] += short * _overlap_minutes(local(start), local(end), lo + h * _HOUR, lo + (h + 1) * _HOUR)
    return [round(v) for v in totals]


def minutes_per_day(intervals: Iterable[tuple[datetime, datetime]], days: Sequence[date]) -> dict[date, int]:
    """Uncovered minutes of each local day from the (start, end) of gaps, summed and rounded."""
    totals = dict.fromkeys(days, 0.0)
    for start, end in intervals:
        start, end = local(start), local(end)
        for d in days:
            lo = day_start(d)
            totals[d] += _overlap_minutes(start, end, lo, lo + _DAY)
    return {d: round(v) for d, v in totals.items()}


def minutes_per_hour(intervals: Iterable[tuple[datetime, datetime]], day: date) -> list[int]:
    """Uncovered minutes in each of the 24 local hours of `day` (23 or 25 never: Vietnam has no DST)."""
    lo = day_start(day)
    totals = [0.0] * 24
    for start, end in intervals:
        start, end = local(start), local(end)
        for h in range(24):
            totals[h] += _overlap_minutes(start, end, lo + h * _HOUR, lo + (h + 1) * _HOUR)
    return [round(v) for v in totals]


def hours_touched(intervals: Iterable[tuple[datetime, datetime]], day: date) -> set[int]:
    """The local hours (0–23) of `day` that one of the (start, end) spans overlaps."""
    lo = day_start(day)
    return {
        h
        for start, end in intervals
        for h in range(24)
        if _overlap_minutes(local(start), local(end), lo + h * _HOUR, lo + (h + 1) * _HOUR) > 0
    }


def local_days(starts_at: datetime, ends_at: datetime) -> list[date]:
    """The local days a span [starts_at, ends_at) touches."""
    if ends_at <= starts_at:
        return []
    first = local(starts_at).date()
    last = local(ends_at - timedelta(microseconds=1)).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def peak_days(peaks: Iterable[tuple[datetime, datetime]]) -> set[date]:
    """The local days any peak window (giao thừa…) touches."""
    return {d for start, end in peaks for d in local_days(start, end)}


# ------------------------------------------------------------------------------------------ views


@dataclass(frozen=True)
class GapSpan:
    """One gap as the heatmap needs it."""

    enterprise_id: str
    duty_type: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Column:
    day: date
    peak: bool


NO_REQUIREMENT = "heat-none"


@dataclass(frozen=True)
class Cell:
    day: date
    minutes: int  # person-minutes short by the plan (gaps: fewer rostered than required)
    css: str
    label: str
    peak: bool
    required: bool = True
    absent_minutes: int = 0  # person-minutes of those rostered not there, on top (audit's presence); 0: all came
    confirmed_minutes: int = 0
    """Person-minutes counted present only by a manager's word afterwards, not a check-in (audit's board's
    `confirmed_person_minutes`, QZ27 #3): of the time counted present, not of the figures short."""

    @property
    def absent_label(self) -> str:
        return hours_minutes(self.absent_minutes)

    @property
    def missing_minutes(self) -> int:
        """Person-minutes short in all: the plan's and the absences'."""
        return self.minutes + self.absent_minutes

    @property
    def state(self) -> str:
        """ "none" (no requirement in force that day), "covered" or "short" (by the plan or by absence)."""
        if self.missing_minutes:
            return "short"
        return "covered" if self.required else "none"


@dataclass(frozen=True)
class Row:
    enterprise_id: str
    name: str
    sector: str
    border: bool
    cells: list[Cell]
    total_minutes: int  # person-minutes short by the plan over the days shown

    @property
    def total_absent(self) -> int:
        """Person-minutes of absence over the days shown."""
        return sum(c.absent_minutes for c in self.cells)

    @property
    def total_missing(self) -> int:
        return self.total_minutes + self.total_absent

    @property
    def total_confirmed(self) -> int:
        """Person-minutes counted present by a word afterwards alone over the days shown."""
        return sum(c.confirmed_minutes for c in self.cells)

    @property
    def required(self) -> bool:
        """Whether anyone was required on some day of the row: if not, its total is no "0:00" (covered)
        but nothing to add up."""
        return self.total_missing > 0 or any(c.state != "none" for c in self.cells)

    @property
    def total_label(self) -> str:
        return hours_minutes(self.total_minutes) if self.required else "–"


@dataclass(frozen=True)
class Heatmap:
    columns: list[Column]
    rows: list[Row]

    @property
    def total_minutes(self) -> int:
        """Person-minutes short by the plan, every row and day shown."""
        return sum(r.total_minutes for r in self.rows)

    @property
    def total_absent(self) -> int:
        """Person-minutes of absence, every row and day shown."""
        return sum(r.total_absent for r in self.rows)

    @property
    def total_missing(self) -> int:
        return self.total_minutes + self.total_absent

    @property
    def total_confirmed(self) -> int:
        """Person-minutes counted present by a word afterwards alone, every row and day shown."""
        return sum(r.total_confirmed for r in self.rows)

    @property
    def required(self) -> bool:
        """Whether any row requires anyone on some day (else the total short is no "0:00" but nothing)."""
        return any(r.required for r in self.rows)


@dataclass(frozen=True)
class EnterpriseRef:
    enterprise_id: str
    name: str
    sector: str
    border: bool


def build_heatmap(
    enterprises: Sequence[EnterpriseRef],
    gaps: Iterable[GapSpan],
    days: Sequence[date],
    peaks: set[date],
    *,
    required: Mapping[str, AbstractSet[date]] | None = None,
    absent: Mapping[str, Mapping[date, int]] | None = None,
    short: Mapping[str, Mapping[date, int]] | None = None,
    confirmed: Mapping[str, Mapping[date, int]] | None = None,
    border_only: bool = False,
    peak_only: bool = False,
    required_only: bool = False,
) -> Heatmap:
    """The grid: one row per enterprise (by name; only those with border sites if `border_only`),
    one column per day (only peak days if `peak_only`). `required`: the days each enterprise has a
    requirement in force (None: not known, every day counts as required); with `required_only`, only
    the enterprises with a requirement in force on one of the days shown. `absent`: each enterprise's minutes
    a day with someone rostered not there, the roster full or short (none given: 0). `short`: each enterprise's
    person-minutes a day short by the plan, audit's board's (given, it is the figure and `gaps` are not counted).
    `confirmed`: each enterprise's person-minutes a day counted present only by a manager's word afterwards (none
    given: 0), said apart — never added to or taken from the figures short."""
    shown_days = [d for d in days if d in peaks] if peak_only else list(days)
    by_enterprise: dict[str, list[tuple[datetime, datetime]]] = {}
    for g in gaps:
        by_enterprise.setdefault(g.enterprise_id, []).append((g.starts_at, g.ends_at))
    rows = []
    for e in sorted(enterprises, key=lambda e: sort_key(e.name)):
        if border_only and not e.border:
            continue
        if short is not None:
            mine = short.get(e.enterprise_id, {})
            per_day = {d: int(mine.get(d, 0)) for d in shown_days}
        else:
            per_day = minutes_per_day(by_enterprise.get(e.enterprise_id, ()), shown_days)
        wanted = set(shown_days) if required is None else required.get(e.enterprise_id, set())
        if required_only and not any(d in wanted for d in shown_days):
            continue
        away = (absent or {}).get(e.enterprise_id, {})
        said = (confirmed or {}).get(e.enterprise_id, {})
        cells = [
            replace(_cell(d, per_day[d], d in peaks, d in wanted, away.get(d, 0)), confirmed_minutes=said.get(d, 0))
            for d in shown_days
        ]
        rows.append(Row(e.enterprise_id, e.name, e.sector, e.border, cells, sum(per_day.values())))
    return Heatmap([Column(d, d in peaks) for d in shown_days], rows)


def _cell(day: date, minutes: int, peak: bool, required: bool, absent_minutes: int = 0) -> Cell:
    css = heat_class(minutes + absent_minutes) if required or minutes or absent_minutes else NO_REQUIREMENT
    return Cell(day, minutes, css, hours_minutes(minutes), peak, required, absent_minutes)


@dataclass(frozen=True)
class HourCell:
    hour: int
    minutes: int
    css: str
    required: bool = True
    absent_minutes: int = 0  # person-minutes of those rostered not there in this hour (presence); 0: all came

    @property
    def absent_label(self) -> str:
        return hours_minutes(self.absent_minutes)

    @property
    def missing_minutes(self) -> int:
        return self.minutes + self.absent_minutes

    @property
    def state(self) -> str:
        """ "none" (nobody required in that hour), "covered" or "short" (by the plan or by absence)."""
        if self.missing_minutes:
            return "short"
        return "covered" if self.required else "none"


@dataclass(frozen=True)
class DayRow:
    enterprise_id: str
    enterprise_name: str
    duty_type: str
    hours: list[HourCell]
    total_minutes: int

    @property
    def required(self) -> bool:
        """Whether anyone was required in some hour of the row's day: if not, its total is no "0:00"
        (covered) but nothing to add up — as a row of the campaign's heatmap."""
        return self.total_minutes > 0 or self.absent_minutes > 0 or any(c.state != "none" for c in self.hours)

    @property
    def total_label(self) -> str:
        return hours_minutes(self.total_minutes) if self.required else "–"

    @property
    def absent_minutes(self) -> int:
        """The row's minutes not there over the day (presence), as its hours add up."""
        return sum(c.absent_minutes for c in self.hours)

    @property
    def absent_label(self) -> str:
        return hours_minutes(self.absent_minutes)

    @property
    def missing_minutes(self) -> int:
        return self.total_minutes + self.absent_minutes


def build_day(
    keys: Iterable[tuple[str, str]],
    names: Mapping[str, str],
    gaps: Iterable[GapSpan],
    day: date,
    *,
    required: Mapping[tuple[str, str], AbstractSet[int]] | None = None,
    required_only: bool = False,
    absent: Mapping[tuple[str, str], Iterable[tuple[datetime, datetime] | tuple[datetime, datetime, int]]]
    | None = None,
    segments: Mapping[tuple[str, str], Iterable[tuple[datetime, datetime, int, int]]] | None = None,
) -> list[DayRow]:
    """Enterprise × duty type × hour of one local day. `keys`: the (enterprise id, duty type) rows to
    show even when covered; a gap of another key adds its row. `required`: the hours in which each
    (enterprise id, duty type) requires someone (None: not known, every hour counts as required); with
    `required_only`, only the rows that require someone in one of the day's hours (as the whole
    campaign's heatmap with its days). `absent`: each (enterprise id, duty type)'s presence shortfalls' (start, end,
    people), said per hour beside the plan (none given: nobody missing). `segments`: each (enterprise id, duty type)'s
    coverage segments (start, end, required, rostered) over its keys — given, the plan's person-minutes short are
    theirs (`short_per_hour`, audit's rule) and `gaps` only add rows."""
    by_key: dict[tuple[str, str], list[tuple[datetime, datetime]]] = {k: [] for k in keys}
    for g in gaps:
        by_key.setdefault((g.enterprise_id, g.duty_type), []).append((g.starts_at, g.ends_at))
    rows = []
    for (enterprise_id, duty), spans in by_key.items():
        if segments is not None:
            hours = short_per_hour(segments.get((enterprise_id, duty), ()), day)
        else:
            hours = minutes_per_hour(spans, day)
        away = presence_per_hour((absent or {}).get((enterprise_id, duty), ()), day)
        wanted = _EVERY_HOUR if required is None else required.get((enterprise_id, duty), frozenset())
        if required_only and not wanted:
            continue
        rows.append(
            DayRow(
                enterprise_id,
                names.get(enterprise_id, enterprise_id),
                duty,
                [_hour_cell(h, m, h in wanted, away[h]) for h, m in enumerate(hours)],
                sum(hours),
            )
        )
    rows.sort(key=lambda r: (sort_key(r.enterprise_name), r.duty_type))
    return rows


_EVERY_HOUR = frozenset(range(24))


def _hour_cell(hour: int, minutes: int, required: bool, absent_minutes: int = 0) -> HourCell:
    missing = minutes + absent_minutes
    css = heat_class(missing, HOUR_THRESHOLDS) if required or missing else NO_REQUIREMENT
    return HourCell(hour, minutes, css, required, absent_minutes)


def legend(thresholds: Sequence[int] = DAY_THRESHOLDS) -> list[tuple[str, int, int | None]]:
    """(class, from minutes, to minutes or None for "and more") for each colour, from the thresholds."""
    bounds = [(0, 0)] + [(lo + 1, hi) for lo, hi in itertools.pairwise(thresholds)] + [(thresholds[-1] + 1, None)]
    return [(f"heat-{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)]
