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
- Every instant is shown in Vietnam time; a gap that ends at the next local midnight ends
  at "24:00" of its own day.

Pure: no clock, no HTTP, no words (templates word the cells from the catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from .dates import VIETNAM, local, parse_instant

CELL_GAP, CELL_OK, CELL_NONE = "cell-gap", "cell-ok", "cell-none"


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    border_area: bool

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Site:
        return cls(id=str(body["id"]), name=str(body["name"]), border_area=bool(body.get("border_area")))


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

    def hours_on(self, day: date) -> str:
        """ "18:00–24:00" within `day`; a gap reaching into another day names that day too."""
        return f"{clock_on(self.starts_at, day)}–{clock_on(self.ends_at, day)}"


def clock_on(instant: datetime, day: date) -> str:
    """The wall-clock time of `instant` as read on `day`: "24:00" for the next midnight,
    "06:00 08/02" for a later or earlier day."""
    at = local(instant)
    if at.date() == day:
        return f"{at:%H:%M}"
    if at.date() == day + timedelta(days=1) and at.time() == time(0):
        return "24:00"
    return f"{at:%H:%M} {at:%d/%m}"


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

    @property
    def status(self) -> str:
        if self.gaps:
            return "gap"
        return "ok" if self.required is not None else "none"

    @property
    def css(self) -> str:
        return {"gap": CELL_GAP, "ok": CELL_OK, "none": CELL_NONE}[self.status]

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
    def uncovered_minutes(self) -> int:
        return sum(g.minutes for g in self.gaps)

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

    @property
    def gap_cells(self) -> int:
        return sum(1 for d in self.days for c in d.cells if c.gaps)

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


def _shift_counts(shifts: Iterable[Mapping[str, Any]], site_id: str | None) -> tuple[int, int]:
    chosen = [s for s in shifts if site_id is None or str(s.get("site_id") or "") == site_id]
    return len(chosen), sum(1 for s in chosen if s.get("status") == "draft")


def build_board(answer: Mapping[str, Any], sites: Iterable[Site] = ()) -> Board:
    """The grid of roster's board answer."""
    by_id = {s.id: s for s in sites}
    days_in = list(answer["days"])
    columns = columns_of(days_in, by_id)
    days: list[Day] = []
    drafts: set[str] = set()
    for entry in days_in:
        day = date.fromisoformat(str(entry["date"]))
        peaks = tuple(dict.fromkeys(str(p["name"]) for p in entry.get("peaks") or ()))
        duties = {str(d["duty_type"]): d for d in entry["duty_types"]}
        cells = []
        for column in columns:
            duty = duties.get(column.duty_type) or {"coverage": [], "shifts": []}
            drafts.update(str(s["id"]) for s in duty["shifts"] if s.get("status") == "draft")
            cover = next(
                (c for c in duty["coverage"] if (str(c["site_id"]) if c.get("site_id") else None) == column.site_id),
                None,
            )
            count, draft_count = _shift_counts(duty["shifts"], column.site_id)
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
                )
            )
        days.append(
            Day(day, str(entry.get("lunar_name_vi") or ""), str(entry.get("lunar_name_en") or ""), peaks, tuple(cells))
        )
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
    )


def suggested_span(
    board: Board, cell: Cell, campaign: tuple[datetime, datetime] | None = None
) -> tuple[datetime, datetime]:
    """Where a new shift in this cell most likely goes: its first gap, carried on into the next
    day while that day's gap continues from midnight (a night shift); without a gap, the day
    shift 06:00–18:00. Kept inside the campaign (`campaign`: its start and end), so that on its
    first and last day the form offers a time roster accepts (a campaign starting at 09:24 offers
    09:24–18:00, not 06:00)."""
    if not cell.gaps:
        start = datetime.combine(cell.day, time(6), tzinfo=VIETNAM)
        span = start, start + timedelta(hours=12)
    else:
        gap = cell.gaps[0]
        end = gap.ends_at
        following = board.next_cell(cell)
        if following and following.gaps and following.gaps[0].starts_at == end:
            end = following.gaps[0].ends_at
        span = gap.starts_at, min(end, gap.starts_at + timedelta(hours=24))
    return _inside(span, campaign) if campaign else span


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
