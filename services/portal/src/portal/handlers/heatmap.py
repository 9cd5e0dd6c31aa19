"""The inspector's heatmap: which enterprises leave which days uncovered, from audit's open
gaps (its live coverage), with names from roster (enterprises, border sites, duty types).

Also the reference data every inspector page names things with (`reference`)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lichtruc.text import sort_key
from lichtruc.vntime import span_end

from ..clients.services import Caller
from ..domain import heatmap
from ..domain.asked import Asked, not_offered
from ..domain.campaigns import DRILL, UNKNOWN_CAMPAIGN, asked_day, chosen_campaign, picker_order, problem_values
from ..domain.dates import local, parse_instant
from ..domain.gaps import parse_bool
from ..domain.shifts import PresenceWord

SECTORS = ("telecom", "postal", "internet", "television")
PAGE = 500  # audit's largest page of gaps


@dataclass(frozen=True)
class SiteRef:
    site_id: str
    name: str
    enterprise_id: str
    border: bool
    district: str


@dataclass(frozen=True)
class Reference:
    """Names for ids: enterprises, sites, duty types (in the person's language)."""

    enterprises: dict[str, tuple[str, str]]  # id -> (name, sector)
    sites: dict[str, SiteRef]
    duty_names: dict[str, str]

    def enterprise_name(self, enterprise_id: str | None) -> str:
        return self.enterprises.get(str(enterprise_id), (str(enterprise_id or ""), ""))[0]

    def duty(self, key: str | None) -> str:
        return self.duty_names.get(key or "", key or "")

    def site_name(self, site_id: str | None) -> str:
        s = self.sites.get(str(site_id)) if site_id else None
        return s.name if s else ""

    def unknown(self, *, enterprise_id: str = "", site_id: str = "") -> tuple[Asked, ...]:
        """The enterprise and site a filter asked for that are none of those named here (domain.asked): the page
        says no such one is known rather than list nothing as if nothing matched."""
        return not_offered(
            {"enterprise": enterprise_id, "site": site_id}, {"enterprise": self.enterprises, "site": self.sites}
        )

    @property
    def border_enterprises(self) -> set[str]:
        return {s.enterprise_id for s in self.sites.values() if s.border}

    def enterprise_options(self) -> list[tuple[str, str]]:
        return sorted(((i, n) for i, (n, _) in self.enterprises.items()), key=lambda o: sort_key(o[1]))

    def site_options(self) -> list[tuple[str, str]]:
        """Sites named with their enterprise, e.g. "Bưu điện huyện Tân Hưng — Bưu điện tỉnh Long An"."""
        return sorted(
            ((s.site_id, f"{s.name} — {self.enterprise_name(s.enterprise_id)}") for s in self.sites.values()),
            key=lambda o: sort_key(o[1]),
        )

    def duty_options(self) -> list[tuple[str, str]]:
        return list(self.duty_names.items())


async def reference(caller: Caller, lang: str) -> Reference:
    """Enterprises, sites and duty types as roster names them."""
    enterprises, sites, duties = await asyncio.gather(
        caller.every("roster", "/enterprises"), caller.every("roster", "/sites"), caller.every("roster", "/duty-types")
    )
    return Reference(
        enterprises={str(e["id"]): (e["name"], e["sector"]) for e in enterprises},
        sites={
            str(s["id"]): SiteRef(
                str(s["id"]), s["name"], str(s["enterprise_id"]), bool(s.get("border_area")), s.get("district") or ""
            )
            for s in sites
        },
        duty_names={d["key"]: d["name_vi"] if lang == "vi" else d["name_en"] for d in duties},
    )


async def all_gaps(caller: Caller, params: Mapping[str, Any]) -> list[dict]:
    """Every gap audit lists for these filters (page after page)."""
    return await caller.every("audit", "/gaps", params, limit=PAGE)


# ------------------------------------------------------------------------------------------ campaigns


@dataclass(frozen=True)
class Peak:
    name: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    peaks: list[Peak]
    kind: str = "tet"  # or DRILL

    @property
    def id(self) -> str:
        return self.campaign_id

    @property
    def drill(self) -> bool:
        return self.kind == DRILL

    @property
    def days(self) -> list[date]:
        return heatmap.local_days(self.starts_at, self.ends_at)

    @property
    def peak_days(self) -> set[date]:
        return heatmap.peak_days((p.starts_at, p.ends_at) for p in self.peaks)


def _campaign(c: Mapping[str, Any]) -> Campaign:
    return Campaign(
        str(c["campaign_id"]),
        c["name"],
        parse_instant(c["starts_at"]),
        parse_instant(c["ends_at"]),
        [Peak(p["name"], parse_instant(p["starts_at"]), parse_instant(p["ends_at"])) for p in c.get("peaks") or ()],
        str(c.get("kind") or "tet"),
    )


async def campaigns(caller: Caller) -> list[Campaign]:
    """Audit's campaigns, in the pickers' order (domain.campaigns: newest start first)."""
    return picker_order(_campaign(c) for c in await caller.every("audit", "/campaigns"))


def choose(found: list[Campaign], campaign_id: str | None, *, now: datetime) -> Campaign | None:
    """The campaign asked for, else the default one (domain.campaigns: the same on every page)."""
    return chosen_campaign(found, campaign_id, now=now)


def asked_campaign(found: list[Campaign], campaign_id: str | None, *, now: datetime) -> tuple[Campaign | None, str]:
    """`choose`, and UNKNOWN_CAMPAIGN when an id asked for is none of `found` (a page then says so,
    instead of quietly showing another campaign)."""
    campaign = choose(found, campaign_id, now=now)
    unknown = bool(campaign_id) and (campaign is None or campaign.campaign_id != campaign_id)
    return campaign, UNKNOWN_CAMPAIGN if unknown else ""


# ------------------------------------------------------------------------------------------ the heatmap


@dataclass(frozen=True)
class HeatmapFilters:
    campaign_id: str = ""
    sector: str = ""
    duty_type: str = ""
    border: bool = False
    peak: bool = False
    required: bool = False  # only the enterprises (the day's view: rows) with a requirement on a day shown

    @classmethod
    def from_query(cls, q: Mapping[str, str]) -> HeatmapFilters:
        return cls(
            campaign_id=q.get("campaign_id", ""),
            sector=q.get("sector", "") if q.get("sector") in SECTORS else "",
            duty_type=q.get("duty_type", ""),
            border=bool(parse_bool(q.get("border"))),
            peak=bool(parse_bool(q.get("peak"))),
            required=bool(parse_bool(q.get("required"))),
        )

    def board_params(self) -> dict[str, str]:
        """audit's board for the same keys as the gaps: which days each has a requirement in force."""
        params = {"sector": self.sector, "duty_type": self.duty_type, "in_force": "all"}
        if self.border:
            params["border"] = "true"
        return {k: v for k, v in params.items() if v}

    def gap_params(self, campaign_id: str) -> dict[str, str]:
        # Every hole the roster has now: gaps in force and planning gaps alike (audit's lists default
        # to gaps in force only; before a campaign's readiness deadline that is nearly nothing).
        params = {
            "campaign_id": campaign_id,
            "status": "open",
            "sector": self.sector,
            "duty_type": self.duty_type,
            "in_force": "all",
        }
        if self.border:
            params["border"] = "true"
        if self.peak:
            params["peak"] = "true"
        return {k: v for k, v in params.items() if v}


@dataclass(frozen=True)
class HeatmapPage:
    campaigns: list[Campaign]
    campaign: Campaign | None
    filters: HeatmapFilters
    grid: heatmap.Heatmap | None
    reference: Reference
    problem: str = ""  # domain.campaigns: what is wrong with the campaign asked for (no grid is then shown)
    legend: list[tuple[str, int, int | None]] = field(default_factory=heatmap.legend)

    def peak_names(self, day: date) -> list[str]:
        """The peaks (giao thừa…) touching a day, by name."""
        if self.campaign is None:
            return []
        return [p.name for p in self.campaign.peaks if day in heatmap.local_days(p.starts_at, p.ends_at)]

    def day_query(self, day: date) -> dict[str, str]:
        f = self.filters
        q = {
            "campaign_id": self.campaign.campaign_id if self.campaign else "",
            "day": day.isoformat(),
            "sector": f.sector,
            "duty_type": f.duty_type,
            "border": "true" if f.border else "",
            "required": "true" if f.required else "",
        }
        return {k: v for k, v in q.items() if v}

    def presence_query(self, enterprise_id: str, day: date) -> dict[str, str]:
        """The presence list's filters for one cell (/inspect/presence)."""
        q = {
            "campaign_id": self.campaign.campaign_id if self.campaign else "",
            "enterprise_id": enterprise_id,
            "day": day.isoformat(),
            "duty_type": self.filters.duty_type,
        }
        return {k: v for k, v in q.items() if v}

    def confirmed_query(self, enterprise_id: str, day: date) -> dict[str, str]:
        """The presence list's filters for one cell's words afterwards alone ("Chỉ xác nhận sau")."""
        return {**self.presence_query(enterprise_id, day), "confirmed": "1"}

    def cell_query(self, enterprise_id: str, day: date) -> dict[str, str]:
        """The gaps list's filters for one cell."""
        f = self.filters
        q = {
            "campaign_id": self.campaign.campaign_id if self.campaign else "",
            "enterprise_id": enterprise_id,
            "from_day": day.isoformat(),
            "to_day": day.isoformat(),
            "status": "open",
            "duty_type": f.duty_type,
            "in_force": "all",
            "sector": f.sector,
            "border": "true" if f.border else "",
            "peak": "true" if f.peak else "",
        }
        return {k: v for k, v in q.items() if v}


async def heatmap_page(*, caller: Caller, lang: str, filters: HeatmapFilters) -> HeatmapPage:
    found = await campaigns(caller)
    campaign, problem = asked_campaign(found, filters.campaign_id, now=caller.clock())
    ref = await reference(caller, lang)
    if campaign is None or problem:
        return HeatmapPage(found, campaign, filters, None, ref, problem)
    # One source for both figures (QZ27 #2): audit's board, whose days the coverage workbook writes too.
    board = await caller.get("audit", f"/campaigns/{campaign.campaign_id}/board", filters.board_params())
    border = ref.border_enterprises
    enterprises = [
        heatmap.EnterpriseRef(i, n, s, i in border)
        for i, (n, s) in ref.enterprises.items()
        if not filters.sector or s == filters.sector
    ]
    grid = heatmap.build_heatmap(
        enterprises,
        (),
        campaign.days,
        campaign.peak_days,
        required=required_days(board),
        absent=absent_days(board),
        short=per_day(board, "short_person_minutes"),
        confirmed=per_day(board, "confirmed_person_minutes"),
        border_only=filters.border,
        peak_only=filters.peak,
        required_only=filters.required,
    )
    return HeatmapPage(found, campaign, filters, grid, ref)


def required_days(board: Mapping[str, Any]) -> dict[str, set[date]]:
    """Enterprise id → the local days on which one of its keys on audit's board requires someone."""
    out: dict[str, set[date]] = {}
    for row in board.get("rows") or ():
        days = out.setdefault(str(row["enterprise_id"]), set())
        days.update(date.fromisoformat(d["day"]) for d in row.get("days") or () if d.get("required_max"))
    return out


def per_day(board: Mapping[str, Any], field: str) -> dict[str, dict[date, int]]:
    """Enterprise id → local day → audit's board's `field` (person-minutes) added up over the enterprise's keys."""
    out: dict[str, dict[date, int]] = {}
    for row in board.get("rows") or ():
        days = out.setdefault(str(row["enterprise_id"]), {})
        for d in row.get("days") or ():
            if d.get(field):
                day = date.fromisoformat(d["day"])
                days[day] = days.get(day, 0) + int(d[field])
    return out


def absent_days(board: Mapping[str, Any]) -> dict[str, dict[date, int]]:
    """Enterprise id → local day → person-minutes its keys on audit's board had someone rostered not there, the
    roster full or short (`absent_person_minutes`, on top of the plan's `short_person_minutes`)."""
    return per_day(board, "absent_person_minutes")


# ------------------------------------------------------------------------------------------ one day


@dataclass(frozen=True)
class DayPage:
    campaigns: list[Campaign]
    campaign: Campaign | None
    day: date | None
    filters: HeatmapFilters
    rows: list[heatmap.DayRow]
    reference: Reference
    peak: bool
    problem: str = ""  # domain.campaigns: what is wrong with the campaign or day asked for (no rows then)
    asked: str = ""  # the day as the address gives it, for the message
    legend: list[tuple[str, int, int | None]] = field(default_factory=lambda: heatmap.legend(heatmap.HOUR_THRESHOLDS))

    def problem_values(self, lang: str) -> dict[str, str]:
        return problem_values(
            self.asked, self.campaign.name if self.campaign else "", self.campaign.days if self.campaign else [], lang
        )

    def day_query(self, day: date) -> dict[str, str]:
        """Another day's hours with the same filters."""
        return {**self.heatmap_query(), "day": day.isoformat()}

    @property
    def neighbours(self) -> tuple[date | None, date | None]:
        """The campaign's days before and after the one shown (None at either end, or with no day shown): a phone
        steps a day at a time, the campaign's whole list of days folded away."""
        days = self.campaign.days if self.campaign else []
        if self.day is None or self.day not in days:
            return None, None
        i = days.index(self.day)
        return (days[i - 1] if i > 0 else None), (days[i + 1] if i + 1 < len(days) else None)

    def heatmap_query(self) -> dict[str, str]:
        """The whole campaign's heatmap with the filters both views have."""
        f = self.filters
        q = {
            "campaign_id": self.campaign.campaign_id if self.campaign else "",
            "sector": f.sector,
            "duty_type": f.duty_type,
            "border": "true" if f.border else "",
            "required": "true" if f.required else "",
        }
        return {k: v for k, v in q.items() if v}

    def presence_query(self, enterprise_id: str, duty_type: str) -> dict[str, str]:
        """The presence list's filters for one row of the day (/inspect/presence)."""
        q = {
            "campaign_id": self.campaign.campaign_id if self.campaign else "",
            "enterprise_id": enterprise_id,
            "duty_type": duty_type,
            "day": self.day.isoformat() if self.day else "",
        }
        return {k: v for k, v in q.items() if v}

    def cell_query(self, enterprise_id: str, duty_type: str) -> dict[str, str]:
        """The gaps list's filters for one row of the day."""
        f, day = self.filters, self.day
        q = {
            "campaign_id": self.campaign.campaign_id if self.campaign else "",
            "enterprise_id": enterprise_id,
            "duty_type": duty_type,
            "from_day": day.isoformat() if day else "",
            "to_day": day.isoformat() if day else "",
            "status": "open",
            "border": "true" if f.border else "",
            "peak": "true" if f.peak else "",
            "in_force": "all",
        }
        return {k: v for k, v in q.items() if v}

    def peak_names(self, day: date) -> list[str]:
        if self.campaign is None:
            return []
        return [p.name for p in self.campaign.peaks if day in heatmap.local_days(p.starts_at, p.ends_at)]


async def day_page(*, caller: Caller, lang: str, filters: HeatmapFilters, day_asked: str | None) -> DayPage:
    """One day of a campaign hour by hour: the day asked for (the campaign's first when none is); a
    campaign or day asked for that is not one of them is a `problem`, never quietly another day."""
    found = await campaigns(caller)
    campaign, problem = asked_campaign(found, filters.campaign_id, now=caller.clock())
    ref = await reference(caller, lang)
    if campaign is None or problem:
        return DayPage(found, campaign, None, filters, [], ref, False, problem)
    wanted, problem = asked_day(day_asked, campaign.days)
    if problem:
        return DayPage(found, campaign, None, filters, [], ref, False, problem, (day_asked or "").strip())
    day = wanted or (campaign.days[0] if campaign.days else None)
    if day is None:
        return DayPage(found, campaign, None, filters, [], ref, False)
    window = {
        "from": heatmap.day_start(day).isoformat(),
        "to": heatmap.day_start(date.fromordinal(day.toordinal() + 1)).isoformat(),
    }
    shortfall_params = {"campaign_id": campaign.campaign_id, "day": day.isoformat(), "duty_type": filters.duty_type}
    gaps, board, coverage, shortfalls = await asyncio.gather(
        all_gaps(caller, {**filters.gap_params(campaign.campaign_id), **window}),
        caller.get(
            "audit",
            f"/campaigns/{campaign.campaign_id}/board",
            {"sector": filters.sector, "duty_type": filters.duty_type, "in_force": "all"},
        ),
        caller.get(
            "audit",
            f"/campaigns/{campaign.campaign_id}/coverage",
            {**window, "duty_type": filters.duty_type},
        ),
        caller.every("audit", "/attendance/shortfalls", {k: v for k, v in shortfall_params.items() if v}),
    )
    border = ref.border_enterprises
    keys = []
    for row in board["rows"]:
        eid = str(row["enterprise_id"])
        if filters.border and (eid not in border or not row.get("border_area")):
            continue
        if (eid, row["duty_type"]) not in keys:
            keys.append((eid, row["duty_type"]))
    names = {i: n for i, (n, _) in ref.enterprises.items()}
    spans = [
        heatmap.GapSpan(
            str(g["enterprise_id"]), g["duty_type"], parse_instant(g["starts_at"]), parse_instant(g["ends_at"])
        )
        for g in gaps
    ]
    required = required_hours(coverage, day, border_only=filters.border)
    absent = absent_spans(shortfalls, sector=filters.sector, border_only=filters.border)
    rows = heatmap.build_day(
        keys,
        names,
        spans,
        day,
        required=required,
        required_only=filters.required,
        absent=absent,
        segments=key_segments(coverage, border_only=filters.border),
    )
    return DayPage(found, campaign, day, filters, rows, ref, day in campaign.peak_days)


def absent_spans(
    shortfalls: Iterable[Mapping[str, Any]], *, sector: str, border_only: bool
) -> dict[tuple[str, str], list[tuple[datetime, datetime, int]]]:
    """(Enterprise id, duty type) → the (start, end, people not there on top of the plan's gap — audit's
    `absent_people`: min(required, rostered) − present) of audit's presence shortfalls of its keys (with the heatmap's
    sector and border filters, as its rows), for the hour view's "Chưa có mặt"."""
    out: dict[tuple[str, str], list[tuple[datetime, datetime, int]]] = {}
    for f in shortfalls:
        if (sector and f.get("sector") != sector) or (border_only and not f.get("border_area")):
            continue
        people = max(0, min(int(f["required"]), int(f["rostered"])) - int(f["present"]))
        out.setdefault((str(f["enterprise_id"]), f["duty_type"]), []).append(
            (parse_instant(f["starts_at"]), parse_instant(f["ends_at"]), people)
        )
    return out


def key_segments(
    coverage: Mapping[str, Any], *, border_only: bool
) -> dict[tuple[str, str], list[tuple[datetime, datetime, int, int]]]:
    """(Enterprise id, duty type) → audit's coverage segments (start, end, required, rostered) of its keys in the
    day's window (with `border_only`, only border-area sites' keys, as the rows): the plan's person-minutes short by
    hour are counted from them by audit's rule (`heatmap.short_per_hour`)."""
    out: dict[tuple[str, str], list[tuple[datetime, datetime, int, int]]] = {}
    for key in coverage.get("keys") or ():
        if border_only and not key.get("border_area"):
            continue
        out.setdefault((str(key["enterprise_id"]), key["duty_type"]), []).extend(
            (parse_instant(s["starts_at"]), parse_instant(s["ends_at"]), int(s["required"]), int(s["actual"]))
            for s in key.get("segments") or ()
        )
    return out


def required_hours(coverage: Mapping[str, Any], day: date, *, border_only: bool) -> dict[tuple[str, str], set[int]]:
    """(Enterprise id, duty type) → the local hours of `day` in which audit's coverage in the day's window
    requires someone at one of its keys (with `border_only`, only the keys of border-area sites, as the rows)."""
    spans: dict[tuple[str, str], list[tuple[datetime, datetime]]] = {}
    for key in coverage.get("keys") or ():
        if border_only and not key.get("border_area"):
            continue
        spans.setdefault((str(key["enterprise_id"]), key["duty_type"]), []).extend(
            (parse_instant(s["starts_at"]), parse_instant(s["ends_at"]))
            for s in key.get("segments") or ()
            if s.get("required")
        )
    return {k: heatmap.hours_touched(v, day) for k, v in spans.items()}


# ------------------------------------------------------------------------------------------ presence


@dataclass(frozen=True)
class AbsentPerson:
    full_name: str
    checked_in_at: datetime | None  # None: not checked in (as of now)
    outcome: str = "not_yet"  # domain.heatmap.absence_outcome
    until: datetime | None = None  # when their absence stopped (a "stopped" outcome's moment)
    presence: PresenceWord | None = None  # a manager's word afterwards (QZ27 #3): there from…, or not there
    late_reason: str | None = None  # why they came late, as they said (audit's; QZ29 #13)


@dataclass(frozen=True)
class ConfirmedLine:
    """A person a manager confirmed as there after the shift (or recorded not there), with evidence (audit's
    `/attendance/confirmations`, QZ27 #3): marked apart from check-ins on the spot, with the person-minutes counted
    present only by the word."""

    enterprise_name: str
    site_name: str  # "" for the enterprise as a whole
    duty: str
    full_name: str
    shift_starts_at: datetime
    shift_ends_at: datetime
    checked_in_at: datetime | None
    word: PresenceWord
    person_minutes: int
    overruled_at: datetime | None = None  # an inspector found them missing then: the word counts until it (QZ28 #1)
    overruled_by: str = ""  # that inspector
    overruled_site: str = ""


@dataclass(frozen=True)
class PresenceLine:
    """A stretch a post had fewer people there than required, someone rostered not there, the roster full or short
    (audit's presence)."""

    enterprise_name: str
    site_name: str  # "" for the enterprise as a whole
    duty: str
    starts_at: datetime
    ends_at: datetime
    required: int
    rostered: int
    present: int
    absent: list[AbsentPerson]

    @property
    def day(self) -> date:
        """The local day it starts on."""
        return local(self.starts_at).date()

    @property
    def end_day(self) -> date | None:
        """The local day it ends on when that is a later one (a night's stretch, 18:15–06:00), else None; an end at
        local midnight is the day before's 24:00 (`vntime.span_end`), so "18:00–24:00" is one day's."""
        end, _ = span_end(self.starts_at, self.ends_at)
        return end if end > self.day else None

    @property
    def end_label(self) -> str:
        """Its end's clock time: "06:00", or "24:00" at local midnight (QZ22: a stretch to midnight read "18:00–00:00")."""
        return span_end(self.starts_at, self.ends_at)[1]


def _overruled(found: object) -> dict[str, Any]:
    """A confirmation's `overruled_by` (audit's finding that stopped it) as `ConfirmedLine`'s fields."""
    if not isinstance(found, Mapping) or not found.get("observed_at"):
        return {}
    return {
        "overruled_at": parse_instant(str(found["observed_at"])),
        "overruled_by": str(found.get("inspector") or ""),
        "overruled_site": str(found.get("site_name") or ""),
    }


@dataclass(frozen=True)
class PresencePage:
    campaign: Campaign | None
    day: date | None
    enterprise_name: str
    lines: list[PresenceLine]
    heatmap_query: dict[str, str]
    problem: str = ""
    confirmed: list[ConfirmedLine] = field(default_factory=list)
    asked_query: dict[str, str] = field(default_factory=dict)
    """The list's own filters (campaign, enterprise, duty type, day), carried by the "chỉ xác nhận sau" form."""
    only_confirmed: bool = False
    """"Chỉ xác nhận sau": only the presences a manager confirmed afterwards, and the stretches whose absent carry a
    manager's word."""

    @property
    def confirmed_person_minutes(self) -> int:
        return sum(c.person_minutes for c in self.confirmed)


def _absent_person(found: Mapping[str, Any], *, now: datetime) -> AbsentPerson:
    came = parse_instant(found["checked_in_at"]) if found.get("checked_in_at") else None
    until = parse_instant(found["absent_until"])
    outcome = heatmap.absence_outcome(
        checked_in_at=came, absent_until=until, shift_ends_at=parse_instant(found["shift_ends_at"]), now=now
    )
    why = str(found.get("late_reason") or "").strip() or None
    return AbsentPerson(found["full_name"], came, outcome, until, PresenceWord.from_api(found.get("presence")), why)


async def presence_page(
    *,
    caller: Caller,
    lang: str,
    campaign_id: str,
    enterprise_id: str,
    duty_type: str,
    day_asked: str | None,
    only_confirmed: bool = False,
) -> PresencePage:
    """The stretches of one campaign (the default one when none is asked for), one enterprise and one day when asked,
    in which a post had fewer people there than required because someone rostered had not checked in, the roster full
    or short (audit's `/attendance/shortfalls`: absence counted on top of gaps, QZ26 #2)."""
    found = await campaigns(caller)
    campaign, problem = asked_campaign(found, campaign_id, now=caller.clock())
    ref = await reference(caller, lang)
    back = {"campaign_id": campaign.campaign_id} if campaign else {}
    if campaign is None or problem:
        return PresencePage(campaign, None, "", [], back, problem)
    day, problem = asked_day(day_asked, campaign.days)
    if problem:
        return PresencePage(campaign, None, "", [], back, problem)
    params = {"campaign_id": campaign.campaign_id, "enterprise_id": enterprise_id, "duty_type": duty_type}
    if day:
        params["day"] = day.isoformat()
    asked = {k: v for k, v in params.items() if v}
    items, said = await asyncio.gather(
        caller.every("audit", "/attendance/shortfalls", asked),
        caller.every("audit", "/attendance/confirmations", asked),
    )
    confirmed = [
        ConfirmedLine(
            enterprise_name=c.get("enterprise_name") or ref.enterprise_name(str(c["enterprise_id"])),
            site_name=c.get("site_name") or ref.site_name(c.get("site_id")),
            duty=ref.duty(c["duty_type"]),
            full_name=str(c["full_name"]),
            shift_starts_at=parse_instant(c["shift_starts_at"]),
            shift_ends_at=parse_instant(c["shift_ends_at"]),
            checked_in_at=parse_instant(c["checked_in_at"]) if c.get("checked_in_at") else None,
            word=word,
            person_minutes=int(c.get("person_minutes") or 0),
            **_overruled(c.get("overruled_by")),
        )
        for c in said
        if (word := PresenceWord.from_api(c.get("presence"))) is not None
    ]
    lines = [
        PresenceLine(
            enterprise_name=i.get("enterprise_name") or ref.enterprise_name(str(i["enterprise_id"])),
            site_name=i.get("site_name") or ref.site_name(i.get("site_id")),
            duty=ref.duty(i["duty_type"]),
            starts_at=parse_instant(i["starts_at"]),
            ends_at=parse_instant(i["ends_at"]),
            required=int(i["required"]),
            rostered=int(i["rostered"]),
            present=int(i["present"]),
            absent=[_absent_person(a, now=caller.clock()) for a in i.get("absent") or ()],
        )
        for i in items
    ]
    if only_confirmed:
        lines = [line for line in lines if any(a.presence is not None for a in line.absent)]
    name = ref.enterprise_name(enterprise_id) if enterprise_id else ""
    return PresencePage(
        campaign, day, name, lines, back, confirmed=confirmed, asked_query=params, only_confirmed=only_confirmed
    )
