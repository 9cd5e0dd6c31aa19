"""Hours on duty per person over a campaign: how the load of Tết falls on each person of an
enterprise, so that a manager sees at a glance who carries more than the others.

Definitions (what the hours page shows):
- A person's **hours** are the lengths of the shifts they are assigned to, added up; a shift
  with two people counts fully for each of them. Cancelled shifts never count; the caller
  chooses which other statuses do (the page: published, checked in, completed; drafts on request).
- **Night hours** are the part of those hours between 22:00 and 06:00 Vietnam time
  (Asia/Ho_Chi_Minh, UTC+7, no daylight saving): a shift 18:00–06:00 has 12 hours, 8 of them
  at night; a shift 08:00–08:00 the next day has 24 hours, 8 of them at night.
- **Peak hours** are the part of those hours inside the campaign's peaks (e.g. giao thừa,
  18:00 on the last day of the year to 06:00 on mùng 1); overlapping peaks count once.
- **Shifts** is the number of shifts the person is on.
- **Rest breaches** count the times a person's rest between one counted shift and their next was shorter than
  roster's minimum rest (ROSTER_MIN_REST_HOURS, read from the campaign: `min_rest_hours`; the soft rule the board
  warns of): shifts taken in order of their start, a shift beginning as the other ends is a rest of none (a
  breach), two overlapping (a double booking, another rule) are no rest at all and not counted here.
- **First and last shift's day** (the files only): the local day the person's first counted shift begins, and the
  day their last one begins — when in the campaign their load falls (the files say each solar and lunar).
- **Longest run of nights** is the most nights in a row (the night from 22:00 on one local day to 06:00 on the next)
  in which the person was on duty at least `NIGHT_MIN_HOURS` — roster's night shift (NIGHT_SHIFT_MIN_HOURS): a
  shift 18:00–06:00 on three evenings running is a run of 3; a night off in between starts the count again.
- A value is **far above the median** (a fairness warning) when it is at least one and a half
  times the median of that column over the people listed, and at least `FLOOR` more than
  it (4 hours, or 2 shifts): a few hours' difference is never flagged. A column whose median
  is zero flags nobody: peak hours fall on the few people a peak needs by design (giao thừa
  is one night), and a zero median says nothing about what is fair.
"""

from __future__ import annotations

import itertools
import statistics
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from lichtruc.words import hours_said

from .dates import VIETNAM, local, parse_instant

NIGHT_START = time(22, 0)
NIGHT_END = time(6, 0)
FAR_ABOVE_FACTOR = 1.5
NIGHT_MIN_HOURS = 3.0
FLOOR: Mapping[str, float] = {"total": 4.0, "night": 4.0, "peak": 4.0, "shifts": 2.0}
COUNTED_STATUSES = ("published", "checked_in", "completed")
Column = Literal["name", "total", "night", "peak", "shifts", "rest_breaches", "night_run"]
COLUMNS: tuple[Column, ...] = ("name", "total", "night", "peak", "shifts", "rest_breaches", "night_run")


@dataclass(frozen=True)
class Span:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class DutyShift:
    """What the hours need of a shift: its time and the people on it (id → name)."""

    starts_at: datetime
    ends_at: datetime
    people: tuple[tuple[str, str], ...]
    status: str = "published"

    @classmethod
    def from_api(cls, doc: Mapping[str, Any]) -> DutyShift:
        return cls(
            starts_at=parse_instant(str(doc["starts_at"])),
            ends_at=parse_instant(str(doc["ends_at"])),
            people=tuple((str(a["staff_id"]), str(a["full_name"])) for a in doc.get("assignees") or ()),
            status=str(doc.get("status", "published")),
        )


@dataclass(frozen=True)
class PersonHours:
    staff_id: str
    full_name: str
    total: float
    night: float
    peak: float
    shifts: int
    far_above: frozenset[str] = field(default_factory=frozenset)  # the columns far above the median
    rest_breaches: int = 0
    night_run: int = 0
    first_day: date | None = None
    last_day: date | None = None

    def value(self, column: Column) -> float | str:
        return self.full_name if column == "name" else getattr(self, column)


@dataclass(frozen=True)
class HoursTable:
    people: tuple[PersonHours, ...]
    medians: Mapping[str, float]
    sort: Column
    descending: bool


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def overlap(a: Span, b: Span) -> timedelta:
    start, end = max(a.starts_at, b.starts_at), min(a.ends_at, b.ends_at)
    return end - start if end > start else timedelta(0)


def night_hours(starts_at: datetime, ends_at: datetime) -> float:
    """Hours of [starts_at, ends_at) between 22:00 and 06:00 Vietnam time."""
    if ends_at <= starts_at:
        return 0.0
    start, end = local(starts_at), local(ends_at)
    shift = Span(start, end)
    total = timedelta(0)
    day = start.date() - timedelta(days=1)  # the night that began the evening before
    while day <= end.date():
        night = Span(
            datetime.combine(day, NIGHT_START, tzinfo=VIETNAM),
            datetime.combine(day + timedelta(days=1), NIGHT_END, tzinfo=VIETNAM),
        )
        total += overlap(shift, night)
        day += timedelta(days=1)
    return _hours(total)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans made one (so that overlapping peaks count once)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.starts_at):
        if out and span.starts_at <= out[-1].ends_at:
            if span.ends_at > out[-1].ends_at:
                out[-1] = Span(out[-1].starts_at, span.ends_at)
        else:
            out.append(span)
    return out


def peak_hours(starts_at: datetime, ends_at: datetime, peaks: Sequence[Span]) -> float:
    """Hours of [starts_at, ends_at) inside the peaks."""
    shift = Span(starts_at, ends_at)
    return _hours(sum((overlap(shift, p) for p in merge(peaks)), timedelta(0)))


def far_above(value: float, median: float, column: str) -> bool:
    return median > 0 and value >= FAR_ABOVE_FACTOR * median and value - median >= FLOOR[column]


def nights_of(starts_at: datetime, ends_at: datetime) -> dict[date, float]:
    """Hours of [starts_at, ends_at) in each night it touches, by the local day the night begins (22:00)."""
    out: dict[date, float] = {}
    if ends_at <= starts_at:
        return out
    shift = Span(local(starts_at), local(ends_at))
    day = shift.starts_at.date() - timedelta(days=1)
    while day <= shift.ends_at.date():
        night = Span(
            datetime.combine(day, NIGHT_START, tzinfo=VIETNAM),
            datetime.combine(day + timedelta(days=1), NIGHT_END, tzinfo=VIETNAM),
        )
        hours = _hours(overlap(shift, night))
        if hours > 0:
            out[day] = hours
        day += timedelta(days=1)
    return out


def rest_breaches(spans: Iterable[Span], min_rest: timedelta | None) -> int:
    """How many times the rest from one of a person's shifts to their next was under `min_rest` (None: unknown,
    none counted); overlapping shifts are a double booking, not a rest."""
    if min_rest is None:
        return 0
    ordered = sorted(spans, key=lambda s: (s.starts_at, s.ends_at))
    return sum(1 for a, b in itertools.pairwise(ordered) if timedelta(0) <= b.starts_at - a.ends_at < min_rest)


def longest_night_run(spans: Iterable[Span]) -> int:
    """The most nights in a row with at least `NIGHT_MIN_HOURS` on duty in each (the module docstring)."""
    per_night: dict[date, float] = {}
    for s in spans:
        for day, hours in nights_of(s.starts_at, s.ends_at).items():
            per_night[day] = per_night.get(day, 0.0) + hours
    nights = sorted(d for d, h in per_night.items() if h >= NIGHT_MIN_HOURS)
    best = run = 0
    for i, day in enumerate(nights):
        run = run + 1 if i and (day - nights[i - 1]).days == 1 else 1
        best = max(best, run)
    return best


def hours_table(
    shifts: Iterable[DutyShift],
    peaks: Sequence[Span],
    *,
    statuses: Sequence[str] = COUNTED_STATUSES,
    sort: str = "total",
    descending: bool = True,
    min_rest: timedelta | None = None,
) -> HoursTable:
    """Each person's hours, night hours, peak hours, shifts, rest breaches (rests under `min_rest`, roster's rule)
    and longest run of nights, sorted by `sort`; the values far above the median of their column are marked. The
    one function behind the manager's page, its CSV and Excel files and a person's own total (`/me/shifts`)."""
    sums: dict[str, dict[str, Any]] = {}
    for s in shifts:
        if s.status == "cancelled" or s.status not in statuses or s.ends_at <= s.starts_at:
            continue
        total = _hours(s.ends_at - s.starts_at)
        night = night_hours(s.starts_at, s.ends_at)
        peak = peak_hours(s.starts_at, s.ends_at, peaks)
        for staff_id, name in dict(s.people).items():  # a person listed twice counts once
            row = sums.setdefault(
                staff_id, {"name": name, "total": 0.0, "night": 0.0, "peak": 0.0, "shifts": 0, "spans": []}
            )
            row["total"] += total
            row["night"] += night
            row["peak"] += peak
            row["shifts"] += 1
            row["spans"].append(Span(s.starts_at, s.ends_at))
    numbers = ("total", "night", "peak", "shifts")
    medians = {c: float(statistics.median([r[c] for r in sums.values()])) if sums else 0.0 for c in numbers}
    people = [
        PersonHours(
            staff_id=k,
            full_name=r["name"],
            total=round(r["total"], 2),
            night=round(r["night"], 2),
            peak=round(r["peak"], 2),
            shifts=r["shifts"],
            far_above=frozenset(c for c in numbers if far_above(r[c], medians[c], c)),
            rest_breaches=rest_breaches(r["spans"], min_rest),
            night_run=longest_night_run(r["spans"]),
            first_day=min(local(x.starts_at).date() for x in r["spans"]),
            last_day=max(local(x.starts_at).date() for x in r["spans"]),
        )
        for k, r in sums.items()
    ]
    column: Column = sort if sort in COLUMNS else "total"
    people.sort(key=lambda p: name_key(p.full_name))
    if column != "name":
        people.sort(key=lambda p: p.value(column), reverse=descending)  # stable: ties stay by name
    elif descending:
        people.reverse()
    return HoursTable(people=tuple(people), medians=medians, sort=column, descending=descending)


def name_key(full_name: str) -> tuple[str, str]:
    """Vietnamese names sort by the given name (the last word), then the whole name."""
    words = full_name.split()
    return (_fold(words[-1]) if words else "", _fold(full_name))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def format_hours(value: float, lang: str) -> str:
    """ "12", "7,5" (Vietnamese decimal comma) or "7.5": `lichtruc.words.hours_said`, as roster says them."""
    return hours_said(value, lang)
