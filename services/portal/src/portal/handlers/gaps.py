"""The inspector's gaps: audit's list with its filters and pages, one gap with its timeline and
the changes that opened and closed it, and the CSV exports passed through with the person's
own token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx

from lichtruc.sheets import attachment

from ..clients.services import Caller, ServiceError
from ..domain.asked import Asked, not_offered
from ..domain.dates import clock_span, parse_instant
from ..domain.gaps import (
    GapFilters,
    GapPresence,
    ended_uncovered,
    filters_asked,
    gap_presence,
    opening_filters,
    short_by_now,
)
from ..domain.paging import PageView, clamp_limit, page_view
from .heatmap import Campaign, Reference, campaigns, choose, reference

ENDED_BY = ("taken_over", "filled", "next_shift")
"""The ways an open gap's window ends with someone coming on duty at its end (audit's `ends_as`; "window_end": nobody)."""


@dataclass(frozen=True)
class Successor:
    """A gap that took over part of a closed gap's window (audit's `replaced_by`)."""

    gap_id: str
    starts_at: datetime
    ends_at: datetime
    status: str  # audit's "open" or "closed", or "ended_uncovered": open, its end passed (QZ23 #3)
    within: tuple[datetime, datetime]
    """The closed gap's own start and end (its page dates them)."""
    ends_as: str | None = None
    """What ends this part's window while it is open (audit's `ends_as`, as `Gap.ends_as`)."""
    ends_with: tuple[str, ...] = ()
    """Who comes on duty at its end, by name (audit's `ends_with`)."""

    def hours(self, lang: str) -> str:
        return clock_span(self.starts_at, self.ends_at, within=self.within, lang=lang)

    @property
    def ended_by(self) -> str | None:
        """How this part, still open when its time passed, ended when someone came on duty at its end ("taken_over",
        "filled", "next_shift"), as `Gap.ended_by` says it of a whole gap; None otherwise (at its window's end it ended
        uncovered). The rest of a part-filled gap taken over by a hand-over read "the rest ended uncovered, nobody
        was added" (QZ29)."""
        if self.status == "ended_uncovered" and self.ends_as in ENDED_BY and self.ends_with:
            return self.ends_as
        return None


@dataclass(frozen=True)
class Gap:
    gap_id: str
    campaign_id: str
    enterprise_id: str
    enterprise_name: str
    sector: str
    site_id: str | None
    site_name: str
    district: str
    border: bool
    duty_type: str
    duty_name: str
    starts_at: datetime
    ends_at: datetime
    minutes: int
    required: int
    actual: int
    missing: int
    missing_qualification: bool
    peak: bool
    status: str
    announced: bool  # audit published it to notifier (no alert: notifier alerts only gaps in force)
    in_force: bool  # False: a planning gap (closed, or still open, before it counted: audit's rule)
    in_force_from: datetime | None
    version: int
    opened_at: datetime
    closed_at: datetime | None
    opened_by_event_id: str
    closed_by_event_ids: list[str]
    cause_event_ids: list[str]
    # "opened" (the opening change is among its causes) | "narrowed" (it filled part of an earlier gap, this
    # gap is the part left short: its causes are the earlier gap's — audit's `opened_as`)
    opened_as: str = "opened"
    # its giải trình's state (domain.gaps.EXPLANATION_STATES); None: a planning gap, nothing owed (audit's)
    explanation: str | None = None
    # "filled" | "narrowed" (filled only in part: audit opened the rest as `replaced_by`) | "requirement_changed"
    # (nobody added: its requirement was lowered or removed) | None (open)
    closed_as: str | None = None
    # The changes that reshaped the gap in place (same start): widened or deepened it (among its causes), or only
    # narrowed it (no cause) — audit's `widened_by_event_ids` and `narrowed_by_event_ids`
    widened_by_event_ids: tuple[str, ...] = ()
    narrowed_by_event_ids: tuple[str, ...] = ()
    replaced_by: tuple[Successor, ...] = ()
    still_short: tuple[tuple[datetime, datetime], ...] = ()  # what the successors still open leave short, not over
    ended_short: tuple[tuple[datetime, datetime], ...] = ()
    """What the successors still open left short and whose time has passed by the portal's clock: that part ended
    uncovered (`domain.gaps.short_by_now`), said so — not "còn thiếu" after the season."""
    cause: str = ""
    """Audit's sentence for the gap's cause in the person's language (who failed to staff, and why; its `cause`),
    shown as audit words it, not rebuilt here."""
    presence: GapPresence | None = None
    """Who of those rostered was not there in its hours (audit's presence shortfalls of its key, `with_presence`):
    absence counted on top of the gap — "cần 2, đã xếp 1, có mặt 0" (QZ26 #2); None when nobody was missing then or
    its time has not come."""
    ended_uncovered: bool = False
    """Still open in audit, but its window has ended by the portal's clock (QZ23 #3: after Tết every gap of the
    season read "Còn thiếu người" and "passed on to notifications"): said as past and never filled. Audit's status,
    and the status filter's values, stay "open"."""
    ends_as: str | None = None
    """What ends an open gap's window (audit's `ends_as`): "taken_over" (a hand-over), "filled" (a shift added for
    it), "next_shift" (the roster's next shift, nobody added) or "window_end" (its requirement's window; nobody
    added); None for a closed gap. Once it has ended, its status says it with `ends_with` (QZ29 #1: a gap ended by a
    hand-over read "ended at 10:05, nobody was added" beside its cause "Lê Hữu Nghĩa took over from 10:05")."""
    ends_with: tuple[str, ...] = ()
    """Who comes on duty at its end, by name (audit's `ends_with`)."""
    explained_with: str | None = None
    """The gap filled in part whose explanation accounts for this one, a part it left short (audit's
    `explained_with`): not owed apart, nor counted again (QZ29); None: judged by its own record."""

    @property
    def ended_by(self) -> str | None:
        """How a gap that ended while open ended when someone came on duty at its end ("taken_over", "filled",
        "next_shift": its status, detail and time line say who and from when); None otherwise — at its window's end
        it ended uncovered, said as before."""
        if self.ended_uncovered and self.ends_as in ENDED_BY and self.ends_with:
            return self.ends_as
        return None

    @property
    def narrowed(self) -> bool:
        return self.status == "closed" and self.closed_as == "narrowed"

    @property
    def rest_ended_at(self) -> datetime | None:
        """When the last of what this partly filled gap left short ended uncovered, once none of it is still ahead
        (None: some is, or none ended so)."""
        return max(b for _, b in self.ended_short) if self.ended_short and not self.still_short else None

    @property
    def rest_ended(self) -> tuple[Successor, ...]:
        """The parts this partly filled gap left short whose time passed while still open, by start: each says how
        it ended (`Successor.ended_by`)."""
        return tuple(sorted((s for s in self.replaced_by if s.status == "ended_uncovered"), key=lambda s: s.starts_at))

    @property
    def narrowed_tag(self) -> str:
        """The look of a partly filled gap's status: "gap" while some of it is still short or a part of it ended with
        nobody added (at its window's end, or until the next shift); none when every part over was taken over or
        filled at its end (as a whole gap so ended); "ok" when the rest was filled."""
        if self.still_short:
            return "gap"
        if self.ended_short:
            covered = self.rest_ended and all(s.ended_by in ("taken_over", "filled") for s in self.rest_ended)
            return "" if covered else "gap"
        return "ok"

    @property
    def rest_last(self) -> Successor | None:
        """Of `rest_ended`, the one that ended last (`rest_ended_at`): the time line says how it ended."""
        return max(self.rest_ended, key=lambda s: s.ends_at) if self.rest_ended_at and self.rest_ended else None

    def still_short_words(self, lang: str) -> str:
        """The hours of this gap's window still short: "10:30–12:00", parts joined by "; "."""
        return self._spans_said(self.still_short, lang)

    def ended_short_words(self, lang: str) -> str:
        """The hours of this gap's window left short that ended uncovered, as `still_short_words` says them."""
        return self._spans_said(self.ended_short, lang)

    def presence_words(self, lang: str) -> str:
        """The hours of the gap someone rostered was not there (`presence`), as `still_short_words` says them."""
        return self._spans_said(((self.presence.starts_at, self.presence.ends_at),) if self.presence else (), lang)

    def _spans_said(self, spans: tuple[tuple[datetime, datetime], ...], lang: str) -> str:
        return "; ".join(clock_span(a, b, within=(self.starts_at, self.ends_at), lang=lang) for a, b in spans)

    @property
    def duration(self) -> tuple[str, int, int]:
        """How long, for the message `gaps.duration_<kind>` with `h` and `m`: "kéo dài 2 giờ 30 phút",
        never "2:30 giờ:phút"."""
        h, m = divmod(self.minutes, 60)
        return ("both" if h and m else "hours" if h else "minutes"), h, m


def gap_of(g: Mapping[str, Any], ref: Reference, *, now: datetime, lang: str = "vi") -> Gap:
    """audit's gap as the pages say it, `now` the portal's clock (a gap still open whose end has passed: ended
    uncovered)."""
    eid = str(g["enterprise_id"])
    ends_at = parse_instant(g["ends_at"])
    short, ended_short = short_by_now(
        [(parse_instant(w["starts_at"]), parse_instant(w["ends_at"])) for w in g.get("still_short") or ()], now
    )
    return Gap(
        gap_id=str(g["gap_id"]),
        campaign_id=str(g["campaign_id"]),
        enterprise_id=eid,
        enterprise_name=g.get("enterprise_name") or ref.enterprise_name(eid),
        sector=g.get("sector") or "",
        site_id=str(g["site_id"]) if g.get("site_id") else None,
        site_name=g.get("site_name") or ref.site_name(g.get("site_id")),
        district=g.get("district") or "",
        border=bool(g.get("border_area")),
        duty_type=g["duty_type"],
        duty_name=ref.duty(g["duty_type"]),
        starts_at=parse_instant(g["starts_at"]),
        ends_at=ends_at,
        minutes=int(g["minutes"]),
        required=int(g["required"]),
        actual=int(g["actual"]),
        missing=int(g["missing"]),
        missing_qualification=bool(g["missing_qualification"]),
        peak=bool(g["peak"]),
        status=g["status"],
        announced=bool(g["announced"]),
        in_force=bool(g.get("in_force", True)),
        in_force_from=parse_instant(g["in_force_from"]) if g.get("in_force_from") else None,
        version=int(g["version"]),
        opened_at=parse_instant(g["opened_at"]),
        closed_at=parse_instant(g["closed_at"]) if g.get("closed_at") else None,
        opened_by_event_id=str(g["opened_by_event_id"]),
        closed_by_event_ids=[str(e) for e in g["closed_by_event_ids"]],
        cause_event_ids=[str(e) for e in g["cause_event_ids"]],
        opened_as=g.get("opened_as") or "opened",
        explanation=g.get("explanation"),
        closed_as=g.get("closed_as"),
        widened_by_event_ids=tuple(str(e) for e in g.get("widened_by_event_ids") or ()),
        narrowed_by_event_ids=tuple(str(e) for e in g.get("narrowed_by_event_ids") or ()),
        replaced_by=tuple(
            Successor(
                str(r["gap_id"]),
                parse_instant(r["starts_at"]),
                parse_instant(r["ends_at"]),
                "ended_uncovered" if ended_uncovered(r["status"], parse_instant(r["ends_at"]), now) else r["status"],
                within=(parse_instant(g["starts_at"]), parse_instant(g["ends_at"])),
                ends_as=r.get("ends_as"),
                ends_with=tuple(str(n) for n in r.get("ends_with") or ()),
            )
            for r in g.get("replaced_by") or ()
        ),
        still_short=short,
        ended_short=ended_short,
        cause=str(g.get("cause_vi" if lang == "vi" else "cause") or ""),
        ended_uncovered=ended_uncovered(g["status"], ends_at, now),
        ends_as=g.get("ends_as"),
        ends_with=tuple(str(n) for n in g.get("ends_with") or ()),
        explained_with=str(g["explained_with"]) if g.get("explained_with") else None,
    )


async def with_presence(caller: Caller, gaps: list[Gap], *, enterprise_id: str, duty_type: str) -> list[Gap]:
    """The gaps with who of their rostered people was not there in their hours (`Gap.presence`), from audit's presence
    shortfalls of each campaign whose gaps' time has come (one list per campaign, the page's enterprise and duty type
    filters passed on): a gap's figure says the plan, this the fact, neither hiding the other (QZ26 #2)."""
    now = caller.clock()
    shortfalls: dict[str, list[Any]] = {}
    for campaign_id in sorted({g.campaign_id for g in gaps if g.starts_at < now}):
        params = {"campaign_id": campaign_id, "enterprise_id": enterprise_id, "duty_type": duty_type}
        asked = {k: v for k, v in params.items() if v}
        shortfalls[campaign_id] = await caller.every("audit", "/attendance/shortfalls", asked)
    if not any(shortfalls.values()):
        return gaps
    return [
        replace(
            g,
            presence=gap_presence(
                enterprise_id=g.enterprise_id,
                site_id=g.site_id,
                duty_type=g.duty_type,
                span=(g.starts_at, g.ends_at),
                shortfalls=shortfalls.get(g.campaign_id, []),
            ),
        )
        for g in gaps
    ]


ENDED_WAYS = ("window_end", "next_shift", "taken_over", "filled")
"""The ways a gap still open when its time passed ended, in the order the opening line says them (audit's `ends_as`)."""


@dataclass(frozen=True)
class Ended:
    """After a campaign: how many of its gaps (in force) were still open when their time passed, how each way of
    ending counts (audit's `/gaps/ended`: nobody added to the window's end or until the next shift, taken over or
    filled at their end — QZ29: hand-overs were counted among those "ended uncovered"), and how many of them all were
    the rest of a gap filled in part (audit's `opened_as` "narrowed")."""

    total: int
    partly: int
    ways: tuple[tuple[str, int], ...] = ()
    """(way, count) of `ENDED_WAYS` with any, in that order."""


@dataclass(frozen=True)
class GapsPage:
    campaigns: list[Campaign]
    filters: GapFilters
    errors: dict[str, str]
    gaps: list[Gap]
    page: PageView
    reference: Reference
    csv_query: dict[str, str]
    coverage_campaign: str
    defaulted: str = ""
    """The default campaign's name when the page opened without filters (`opening_filters`), else ""."""
    unknown: tuple[Asked, ...] = ()
    """The campaign, enterprise or site filtered by that is none of them (domain.asked): said, audit not asked, no
    coverage export of another campaign offered."""
    ended: Ended | None = None
    """The list as it opened (`defaulted`) on a campaign over by the portal's clock: how many of its gaps ended
    uncovered, not "còn thiếu người" (K2)."""


async def _ended(caller: Caller, params: Mapping[str, str]) -> Ended | None:
    """How the campaign's gaps ended (audit's `/gaps/ended`); None from an audit older than it, as during a rolling
    deploy with the portal first (it reads "ended" as a gap's id: 422, or 404), and the list opens with its plain
    line rather than failing."""
    try:
        counted = await caller.get("audit", "/gaps/ended", params)
    except ServiceError as exc:
        if exc.status in (404, 422):
            return None
        raise
    ways = tuple((w, int(counted.get(w) or 0)) for w in ENDED_WAYS if counted.get(w))
    return Ended(total=int(counted["total"]), partly=int(counted.get("partly") or 0), ways=ways)


async def gaps_page(
    *,
    caller: Caller,
    lang: str,
    filters: GapFilters,
    path: str,
    query: Mapping[str, str],
    limit: int | None,
    cursor: str | None,
) -> GapsPage:
    found = await campaigns(caller)
    ref = await reference(caller, lang)
    limit = clamp_limit(limit)
    defaulted = ""
    opening = None
    if not filters_asked(query):
        opening = choose(found, "", now=caller.clock())
        filters = opening_filters(opening.campaign_id if opening else "")
        defaulted = opening.name if opening else ""
    errors = filters.errors()
    params = filters.api_params()
    unknown = not_offered(
        {"campaign": filters.campaign_id}, {"campaign": {c.campaign_id for c in found}}
    ) + ref.unknown(enterprise_id=filters.enterprise_id, site_id=filters.site_id)
    if (
        errors or unknown
    ):  # audit is not asked: without the filter it cannot read, the list would not be the one asked for
        gaps: list[Gap] = []
        page = page_view(path, query, limit=limit, count=0, total=None, next_cursor=None)
    else:
        listed = await caller.page("audit", "/gaps", {**params, "limit": limit, "cursor": cursor})
        now = caller.clock()
        gaps = [gap_of(g, ref, now=now, lang=lang) for g in listed.items]
        gaps = await with_presence(caller, gaps, enterprise_id=filters.enterprise_id, duty_type=filters.duty_type)
        page = page_view(path, query, limit=limit, count=len(gaps), total=listed.total, next_cursor=listed.next_cursor)
    ended = None
    if opening is not None and opening.ends_at <= caller.clock() and not (errors or unknown):
        ended = await _ended(caller, params)
    campaign = None if "campaign" in unknown else choose(found, filters.campaign_id, now=caller.clock())
    return GapsPage(
        found,
        filters,
        errors,
        gaps,
        page,
        ref,
        params,
        campaign.campaign_id if campaign else "",
        defaulted,
        unknown,
        ended,
    )


# ------------------------------------------------------------------------------------------ one gap


@dataclass(frozen=True)
class Change:
    """A logged change to the enterprise's roster, as audit describes it."""

    seq: int
    event_id: str
    # "opened" | "narrowed" (filled part of an earlier gap, leaving this one) | "widened" (made this gap longer or
    # deeper, same start: a cause) | "narrowed_in_place" (made it shorter or shallower, same start: no cause) |
    # "closed" | "cause"
    role: str
    what: str
    summary: str
    actor: str | None
    actor_name: str | None
    """The actor's display name, as audit knows it (None: it knows no account of that login)."""
    event_time: datetime
    received_at: datetime


@dataclass(frozen=True)
class GapDetail:
    gap: Gap
    changes: list[Change]
    explained_with: Gap | None = None
    """The gap filled in part whose explanation accounts for this one, a part it left (audit's `explained_with`):
    this one owes none of its own (QZ29: one shortfall, one explanation)."""


HISTORY_PAGES = 5
"""How many pages of an enterprise's history are read to find one record (it is on the first)."""


async def history_item(caller: Caller, *, enterprise_id: str, record: Mapping[str, Any]) -> dict[str, Any] | None:
    """The history item of log `record`: the enterprise's history of that event type recorded in the
    second it was, walked (a page or two at most) until its seq."""
    seq = int(record["seq"])
    received = parse_instant(str(record["received_at"]))
    params: dict[str, Any] = {
        "event_type": record["event_type"],
        "received_from": received.isoformat(),
        "received_to": (received + timedelta(seconds=1)).isoformat(),
        "limit": 20,
    }
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        page = await caller.page("audit", f"/enterprises/{enterprise_id}/history", {**params, "cursor": cursor})
        for item in page.items:
            if int(item["seq"]) == seq:
                return dict(item)
            if int(item["seq"]) > seq:
                return None
        cursor = page.next_cursor
        if cursor is None:
            return None
    return None


async def _change(caller: Caller, *, enterprise_id: str, event_id: str, role: str, lang: str) -> Change | None:
    """The history item of one logged event: found by its log record, then read as the enterprise's history."""
    try:
        records = (await caller.page("audit", "/log", {"event_id": event_id, "limit": 1})).items
    except ServiceError as exc:
        if exc.status in (403, 404):
            return None
        raise
    if not records:
        return None
    record = records[0]
    seq = int(record["seq"])
    h = await history_item(caller, enterprise_id=enterprise_id, record=record)
    if h is None:
        return None
    return Change(
        seq=seq,
        event_id=event_id,
        role=role,
        what=h["what"],
        summary=h["summary_vi"] if lang == "vi" else h["summary"],
        actor=h.get("actor"),
        actor_name=h.get("actor_name"),
        event_time=parse_instant(h["event_time"]),
        received_at=parse_instant(h["received_at"]),
    )


async def gap_one(*, caller: Caller, lang: str, gap_id: str) -> Gap:
    """One gap as its page says it: named, with who of those rostered was not there (audit's presence)."""
    ref = await reference(caller, lang)
    gap = gap_of(await caller.get("audit", f"/gaps/{gap_id}"), ref, now=caller.clock(), lang=lang)
    [gap] = await with_presence(caller, [gap], enterprise_id=gap.enterprise_id, duty_type=gap.duty_type)
    return gap


async def gap_detail(*, caller: Caller, lang: str, gap_id: str) -> GapDetail:
    gap = await gap_one(caller=caller, lang=lang, gap_id=gap_id)
    # A change that narrowed an earlier gap opened this one's record, but did not make it short: told so.
    wanted: list[tuple[str, str]] = [(gap.opened_by_event_id, "narrowed" if gap.opened_as == "narrowed" else "opened")]
    # One that widened or deepened it in place is among its causes: told as what it did, not as a plain cause.
    wanted += [(e, "widened") for e in gap.widened_by_event_ids[:8]]
    wanted += [(e, "cause") for e in gap.cause_event_ids[:8]]
    wanted += [(e, "narrowed_in_place") for e in gap.narrowed_by_event_ids[:8]]
    closer = "closed_requirement" if gap.closed_as == "requirement_changed" else "closed"  # nobody added: QZ11
    wanted += [(e, closer) for e in gap.closed_by_event_ids[:8]]
    seen: set[str] = set()
    changes = []
    for event_id, role in wanted:
        if event_id in seen:
            continue
        seen.add(event_id)
        change = await _change(caller, enterprise_id=gap.enterprise_id, event_id=event_id, role=role, lang=lang)
        if change is not None:
            changes.append(change)
    changes.sort(key=lambda c: c.seq)
    whose = None
    if gap.explained_with:
        ref = await reference(caller, lang)
        whose = gap_of(await caller.get("audit", f"/gaps/{gap.explained_with}"), ref, now=caller.clock(), lang=lang)
    return GapDetail(gap, changes, whose)


# ------------------------------------------------------------------------------------------ CSV


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    disposition: str
    """The Content-Disposition header: audit's (the file named after what it is and covers), handed on."""

    @classmethod
    def handed_on(cls, response: httpx.Response, *, media_type: str, name: str) -> Download:
        """audit's answer as the person's download, under audit's name (`name` only if it gave none)."""
        return cls(
            response.content,
            response.headers.get("content-type", media_type),
            response.headers.get("content-disposition") or attachment(name),
        )


def separator_params(separator: str) -> dict[str, str]:
    """The CSV separator to ask audit for: "semicolon" (Excel in Vietnamese) or nothing (audit's comma)."""
    return {"separator": "semicolon"} if separator == "semicolon" else {}


Export = Literal["csv", "xlsx"]
EXPORT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def gaps_export(
    *, caller: Caller, filters: GapFilters, lang: str, kind: Export = "csv", separator: str = ""
) -> Download:
    """The gaps matching the filters as audit writes them: CSV (UTF-8 with BOM; `separator` "semicolon" for
    Excel in Vietnamese) or an Excel sheet."""
    params = {**filters.api_params(), "lang": lang, **(separator_params(separator) if kind == "csv" else {})}
    response = await caller.request("audit", "GET", f"/gaps.{kind}", params=params)
    name = "Khoảng trống" if lang == "vi" else "Gaps"
    return Download.handed_on(response, media_type=EXPORT_TYPES[kind], name=f"{name}.{kind}")


async def coverage_export(
    *,
    caller: Caller,
    campaign_id: str,
    lang: str,
    sector: str = "",
    duty_type: str = "",
    enterprise_id: str = "",
    kind: Export = "csv",
    separator: str = "",
) -> Download:
    """A campaign's coverage per local day as audit writes it: CSV (`separator` as for `gaps_export`) or an
    Excel sheet."""
    params = {
        k: v
        for k, v in {"lang": lang, "sector": sector, "duty_type": duty_type, "enterprise_id": enterprise_id}.items()
        if v
    }
    if kind == "csv":
        params |= separator_params(separator)
    response = await caller.request("audit", "GET", f"/campaigns/{campaign_id}/coverage.{kind}", params=params)
    name = "Độ phủ theo ngày" if lang == "vi" else "Coverage per day"
    return Download.handed_on(response, media_type=EXPORT_TYPES[kind], name=f"{name}.{kind}")
