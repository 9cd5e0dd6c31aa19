"""Tết hours of post offices and transaction points (`lichtruc.counters`) in the portal: the public list (no sign-in: roster's public routes,
called without a token), the manager's page to enter and publish a point's hours, and the points'
publication status by the campaign's deadline (audit's list: the Department's, province-wide; a manager's,
their enterprises' points) with its spreadsheet."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from lichtruc.counters import serves_counter
from lichtruc.sheets import download_name
from lichtruc.text import fold, sort_key
from lichtruc.vntime import date_said, day_label

from ..clients.services import Caller, ServiceError, Services, ServiceUnavailable, error_of
from ..domain.campaigns import PREPARE, UNKNOWN_CAMPAIGN, CampaignChoice
from ..domain.dates import parse_instant
from ..domain.deadlines import Lateness, lateness
from ..domain.paging import PageView, clamp_limit, page_view
from ..domain.tet_hours import (
    COPY_SCOPES,
    STATUSES,
    Copy,
    DayProblem,
    DayRow,
    District,
    PointStatus,
    asked_statuses,
    by_district,
    copy_day,
    form_rows,
    point_status,
    read_form,
    refused_days,
    status_csv,
    typed_over,
    typed_rows,
    with_unprintable,
)
from .staff import Choice, Words, campaigns, enterprises, pick, pick_campaign

PUBLIC_PAGE = 200
PUBLIC_MAX_PAGES = 20


async def public_points(services: Services, *, district: str | None) -> list[Mapping[str, Any]]:
    """Every published point (of the newest Tết campaign), page after page, as anyone reads them."""
    items: list[Mapping[str, Any]] = []
    params: dict[str, Any] = {"limit": PUBLIC_PAGE, **({"district": district} if district else {})}
    for _ in range(PUBLIC_MAX_PAGES):
        response = await services.send("roster", "GET", "/public/transaction-hours", params=params)
        if response.status_code == 404:  # no Tết campaign yet
            return []
        if response.status_code != 200:  # a 503 (roster overloaded, its database down): roster not answering
            raise error_of("roster", response)
        body = response.json()
        items.extend(body["items"])
        if not body.get("next"):
            break
        params = {**params, "cursor": httpx.URL(body["next"]).params.get("cursor")}
    return items


@dataclass(frozen=True)
class PublicView:
    """The public page: the points grouped by district, every district (for the filter), the district asked for as
    the points write it (typed "tan an": "Tân An"; as typed when none matches), and the Tết they are of."""

    groups: list[District]
    districts: list[str]
    district: str
    campaign: PublicCampaign | None


@dataclass(frozen=True)
class PublicCampaign:
    """The Tết campaign the public page shows (roster's `/public/tet-campaign`) and whether it is under way, to come
    or over (then its hours are the last Tết's)."""

    name: str
    first_day: date
    last_day: date
    season: str


async def public_campaign(services: Services) -> PublicCampaign | None:
    """The Tết the public hours are of; None before any is opened, or when roster does not say (the page then says
    what it said before, without naming it)."""
    response = await services.send("roster", "GET", "/public/tet-campaign")
    if response.status_code != 200:
        return None
    body = response.json()
    try:
        first, last = date.fromisoformat(body["first_day"]), date.fromisoformat(body["last_day"])
        return PublicCampaign(str(body["name"]), first, last, str(body["season"]))
    except (KeyError, TypeError, ValueError):
        return None


async def public_view(services: Services, *, district: str | None, unnamed: str) -> PublicView:
    """The points of the district asked for however typed — case, diacritics and spacing aside (`fold`, as roster's
    public API and the inspectors' pages match it: QZ23 #5, "tan an" found none of Tân An's 3 points) —, grouped by
    district, with every district for the filter and the Tết they are of."""
    every, campaign = await asyncio.gather(public_points(services, district=None), public_campaign(services))
    districts = sorted({str(p["district"]) for p in every if p.get("district")}, key=sort_key)
    wanted = fold(district) if district else ""
    shown = [p for p in every if not wanted or fold(str(p.get("district") or "")) == wanted]
    named = next((d for d in districts if fold(d) == wanted), district or "") if wanted else ""
    return PublicView(by_district(shown, unnamed=unnamed), districts, named, campaign)


async def public_file(services: Services, path: str, *, params: Mapping[str, str]) -> httpx.Response:
    """A public document of roster's (the notice PDF, the iCal feed), fetched without a token; roster answering 503
    (overloaded, its database down) is roster not answering (`ServiceUnavailable`), not a document missing."""
    response = await services.send("roster", "GET", path, params=dict(params))
    if response.status_code == 503:
        raise error_of("roster", response)
    return response


@dataclass(frozen=True)
class ManageView:
    campaigns: tuple[CampaignChoice, ...]
    campaign_id: str
    points: tuple[Choice, ...]
    site_id: str
    hours: Mapping[str, Any] | None
    rows: tuple[DayRow, ...]
    late: Lateness | None = None
    """The chosen point's hours were first published after the campaign's deadline (audit's "late")."""
    asked_unknown: bool = False
    """The address named a point that is none of the manager's (gone, another enterprise's, mistyped): no point is
    shown in its stead, the page says so and offers the choice."""
    unknown_campaign: bool = False
    """The address named a campaign that is none of the Tết campaigns (gone, mistyped): no other campaign's hours are
    shown in its stead (QA 2026-12-06: the default one's were), the page says so and links itself without it."""
    form_version: int | None = None
    """The version of the point's hours the form was first filled from, when it comes back from a copy (`copy_hours`)
    rather than from roster: saved, it is still read against that version (someone else's save meanwhile is said,
    not overwritten)."""

    @property
    def owes_from(self) -> date | None:
        """The day the point's enterprise owes from (roster's obligations_from; None: always)."""
        day = self.hours.get("obligations_from") if self.hours else None
        return date.fromisoformat(str(day)) if day else None

    @property
    def not_owed(self) -> bool:
        """The hours are due before the day the enterprise owes from (roster's `hours_owed`): welcome, not owed."""
        return self.hours is not None and self.hours.get("hours_owed") is False

    @property
    def late_counted(self) -> Lateness | None:
        """`late`, unless the hours were not owed (QZ18 #1: a late joiner's hours, published after a deadline before
        the day it owes from, read "Niêm yết muộn 7 ngày" beside "không bị tính là … niêm yết muộn")."""
        return None if self.not_owed else self.late

    @property
    def days_before(self) -> bool:
        """Some days of the campaign come before the day the enterprise owes from: publishing may leave them empty."""
        first = str(self.hours["campaign_days"][0]) if self.hours and self.hours.get("campaign_days") else ""
        return self.owes_from is not None and bool(first) and date.fromisoformat(first) < self.owes_from

    @property
    def point_name(self) -> str:
        return next((p.name for p in self.points if p.id == self.site_id), "")


def _labels(days: Sequence[str], lang: str) -> dict[str, str]:
    return {d: day_label(date.fromisoformat(d), "en" if lang == "en" else "vi") for d in days}


async def manage_view(
    caller: Caller,
    *,
    campaign_id: str | None,
    site_id: str | None,
    lang: str,
    typed: Sequence[DayRow] | None = None,
    form_version: int | None = None,
) -> ManageView:
    """The manager's post offices and transaction points (of their enterprises), the chosen one's schedule in the chosen
    campaign: the draft in the form, or the rows `typed` (a refused form, as the manager sent it; a copy's, read
    against `form_version`)."""
    all_campaigns = await campaigns(caller, kind="tet")
    chosen_campaign = pick_campaign(all_campaigns, campaign_id, now=caller.clock(), purpose=PREPARE)
    unknown_campaign = bool(campaign_id) and chosen_campaign != campaign_id
    if unknown_campaign:
        chosen_campaign = ""
    sites = await caller.every("roster", "/sites")
    points = sorted(
        (Choice(str(s["id"]), str(s["name"])) for s in sites if serves_counter(str(s.get("kind")))),
        key=lambda c: sort_key(c.name),
    )
    asked_unknown = bool(site_id) and all(p.id != site_id for p in points)
    chosen_site = "" if asked_unknown else pick(points, site_id)
    hours = None
    rows: list[DayRow] = []
    late = None
    if chosen_campaign and chosen_site:
        hours = await caller.get("roster", f"/sites/{chosen_site}/tet-hours", {"campaign_id": chosen_campaign})
        days = [str(d) for d in hours["campaign_days"]]
        same = typed is not None and (chosen_campaign, chosen_site) == (campaign_id, site_id)
        shown = list(typed) if same and typed is not None else form_rows(days, hours["days"], _labels(days, lang))
        rows = with_unprintable(shown, hours["days"])
        if int(hours.get("published_version") or 0):
            enterprise_id = next((str(s.get("enterprise_id") or "") for s in sites if str(s["id"]) == chosen_site), "")
            first = await _first_published(caller, hours, campaign_id=chosen_campaign, enterprise_id=enterprise_id)
            late = lateness(first, parse_instant(str(hours["hours_deadline"])))
    return ManageView(
        tuple(all_campaigns),
        chosen_campaign,
        tuple(points),
        chosen_site,
        hours,
        tuple(rows),
        late,
        asked_unknown,
        unknown_campaign,
        form_version,
    )


async def _first_published(
    caller: Caller, hours: Mapping[str, Any], *, campaign_id: str, enterprise_id: str
) -> datetime | None:
    """When the point's hours were first published, as the inspectors' status page has it (audit's
    `first_published_at`); roster's `published_at` for the first publication itself, which audit may not have
    logged yet (the page right after it); None when neither can say."""
    site_id = str(hours["site_id"])
    params = {"campaign_id": campaign_id, "enterprise_id": enterprise_id, "status": list(STATUSES)}
    try:
        found = await caller.every("audit", MISSING, params) if enterprise_id else []
    except (ServiceError, ServiceUnavailable):
        found = []
    point = next((point_status(p) for p in found if str(p.get("site_id")) == site_id), None)
    if point is not None and point.first_published_at is not None:
        return point.first_published_at
    if int(hours.get("published_version") or 0) == 1 and hours.get("published_at"):
        return parse_instant(str(hours["published_at"]))
    return None


@dataclass(frozen=True)
class Submitted:
    """What became of the manager's form: `done` ("saved", "published") when roster took it; else the
    page to show again (`view`, the rows as typed with their errors) and what to say above it."""

    done: str | None = None
    view: ManageView | None = None
    message: str | None = None
    status: int = 422
    typed: tuple[DayRow, ...] | None = None
    """The rows as typed, with their errors, that `view` shows (None: it shows the point's schedule as it is)."""


def _with_problems(rows: Sequence[DayRow], problems: Sequence[DayProblem], words: Words) -> list[DayRow]:
    said: dict[str, list[DayProblem]] = {}
    for p in problems:
        said.setdefault(p.day, []).append(p)
    return [
        replace(
            r,
            errors=r.errors + tuple(words(f"tet_hours.manage.errors.{p.key}", **dict(p.params)) for p in found),
            invalid=r.invalid | {i for p in found for i in p.inputs},
        )
        if (found := said.get(r.day))
        else r
        for r in rows
    ]


STALE = ("stale-version", "if-match-required")


async def submit(
    caller: Caller,
    *,
    site_id: str,
    campaign_id: str,
    form: Mapping[str, str],
    version: int,
    publishing: bool,
    lang: str,
    words: Words,
) -> Submitted:
    """Save the form as the point's draft (and publish it): read against the draft it was filled from,
    sent only when every day reads (domain.tet_hours.read_form). A refusal — the form's or roster's — shows
    the form again as typed, every problem beside its day; nothing is saved then. When someone else
    changed the schedule meanwhile (412), the form shows what was typed, over their version, each day they saved
    otherwise said beside it."""
    hours = await caller.get("roster", f"/sites/{site_id}/tet-hours", {"campaign_id": campaign_id})
    days = [str(d) for d in hours["campaign_days"]]
    labels = _labels(days, lang)
    point = str(hours["site_name"])
    rows = typed_rows(days, form, labels)

    async def again(
        problems: Sequence[DayProblem], *, said: Sequence[str] = (), status: int = 422, saved: bool = False
    ) -> Submitted:
        shown = _with_problems(rows, problems, words)
        count = sum(len(r.errors) for r in shown)
        lead = [words("tet_hours.manage.not_saved", count=count)] if count and not saved else []
        view = await manage_view(caller, campaign_id=campaign_id, site_id=site_id, lang=lang, typed=shown)
        return Submitted(view=view, message=" ".join([*lead, *said]) or None, status=status, typed=tuple(shown))

    owed = [str(d) for d in hours["owed_days"]] if "owed_days" in hours else None
    reading = read_form(rows, hours["days"], point=point, publishing=publishing, owed=owed)
    if reading.problems:
        return await again(reading.problems)
    try:
        saved = await save(caller, site_id=site_id, campaign_id=campaign_id, days=list(reading.days), version=version)
    except ServiceError as exc:
        if exc.status == 404:
            raise
        if exc.kind in STALE:  # someone else saved first: as typed, each day they saved otherwise said beside it
            now = await caller.get("roster", f"/sites/{site_id}/tet-hours", {"campaign_id": campaign_id})
            theirs = form_rows(days, now["days"], labels)
            kept = typed_over(rows, theirs, closed=words("tet_hours.closed"), empty=words("latest.empty"))
            view = await manage_view(caller, campaign_id=campaign_id, site_id=site_id, lang=lang, typed=kept)
            return Submitted(view=view, message=words("tet_hours.manage.stale_kept"), status=409, typed=tuple(kept))
        problems, others = refused_days(exc.problem.get("errors") or (), reading.days, labels, point=point, lang=lang)
        said = others or (() if problems else (exc.detail(lang),))
        return await again(problems, said=said, status=exc.status if exc.status in (409, 422) else 422)
    if publishing:
        try:
            await publish(caller, site_id=site_id, campaign_id=campaign_id, version=int(saved["version"]))
        except ServiceError as exc:
            if exc.status == 404:
                raise
            # roster checks the saved draft again (its days in the order sent) and that every day is given
            problems, others = refused_days(
                exc.problem.get("errors") or (), reading.days, labels, point=point, lang=lang
            )
            reason = " ".join(others) or (words("tet_hours.manage.see_days") if problems else exc.detail(lang))
            return await again(
                problems, said=(words("tet_hours.manage.saved_not_published", reason=reason),), status=409, saved=True
            )
    return Submitted(done="published" if publishing else "saved")


@dataclass(frozen=True)
class Copied:
    """The form after "Chép sang các ngày sau" (nothing saved): the page to show (`view`), the day copied from, what
    became of it (domain.tet_hours.Copy) and in words, and how many problems the form's days still have."""

    view: ManageView
    source: str
    copy: Copy
    said: str
    problems: int
    scope: str = "rest"
    """The choice sent ("rest", "until", "empty"), and the day chosen for "until": the form comes back with them."""
    until: str = ""
    banner: str | None = None
    """What the page says above the form: a copy not made, why and what to do, its day named (`said`), then the form's
    other problems and their days; a copy made, the form's problems and their days; None when there is nothing to
    say there. Never that nothing was saved (QZ25 #10: a copy saves nothing, and the banner spoke of saving)."""

    @property
    def done(self) -> bool:
        return self.copy.outcome == "done"


async def copy_hours(
    caller: Caller,
    *,
    site_id: str,
    campaign_id: str,
    form: Mapping[str, str],
    source: str,
    version: int,
    lang: str,
    words: Words,
) -> Copied | None:
    """The form as sent with the day `source`'s hours copied to the days after it its "copy_scope-<day>" takes
    (`copy_until-<day>` for "until"; domain.tet_hours.copy_day) — the browser without script's way; portal.js does
    the same in place. Nothing is sent to roster: the page comes back filled in, to be saved with "Lưu", read
    against the version it was first filled from. Every day still wrong is said beside it, as a save would. None
    when `source` is none of the campaign's days."""
    hours = await caller.get("roster", f"/sites/{site_id}/tet-hours", {"campaign_id": campaign_id})
    days = [str(d) for d in hours["campaign_days"]]
    if source not in days:
        return None
    labels = _labels(days, lang)
    point = str(hours["site_name"])
    rows = typed_rows(days, form, labels)
    scope = form.get(f"copy_scope-{source}", "")
    scope = scope if scope in COPY_SCOPES else "rest"
    made = copy_day(
        rows,
        source,
        scope=scope,
        until=form.get(f"copy_until-{source}", ""),
        point=point,
    )
    problems = read_form(made.rows, hours["days"], point=point, publishing=False).problems
    shown = _with_problems(made.rows, problems, words)

    def short(day: str) -> str:
        return date_said(date.fromisoformat(day), "en" if lang == "en" else "vi", year=False)

    if made.outcome == "done":
        to = [short(d) for d in made.copied]
        said = words("tet_hours.manage.copy.done", day=short(source), count=len(to), days=", ".join(to))
    elif made.outcome == "no_targets":
        said = words(f"tet_hours.manage.copy.no_targets_{scope}", day=short(source))
    else:
        said = words(f"tet_hours.manage.copy.{made.outcome}", day=short(source))
    # the form's problems other than the one that stopped the copy (its day's times), each day named
    others = [r for r in shown if r.errors and (made.outcome != "unreadable" or r.day != source)]
    count, days_named = sum(len(r.errors) for r in others), ", ".join(short(r.day) for r in others)
    if made.outcome == "done":
        banner = words("tet_hours.manage.copy.problems", count=count, days=days_named) if others else None
    else:
        more = [words("tet_hours.manage.copy.others", count=count, days=days_named)] if others else []
        banner = " ".join([said, *more])
    view = await manage_view(
        caller, campaign_id=campaign_id, site_id=site_id, lang=lang, typed=shown, form_version=version
    )
    until = form.get(f"copy_until-{source}", "")
    return Copied(view, source, made, said, sum(len(r.errors) for r in shown), scope, until, banner)


async def save(caller: Caller, *, site_id: str, campaign_id: str, days: list[dict[str, Any]], version: int) -> Any:
    return await caller.put(
        "roster",
        f"/sites/{site_id}/tet-hours",
        {"campaign_id": campaign_id, "days": days},
        headers={"If-Match": f'"{version}"'},
    )


async def publish(caller: Caller, *, site_id: str, campaign_id: str, version: int) -> Any:
    return await caller.post(
        "roster", f"/sites/{site_id}/tet-hours/publish", {"campaign_id": campaign_id}, version=version
    )


# --- the points' publication status (audit) ---------------------------------------------------------------

MISSING = "/transaction-hours/missing"
STATUS_PAGE = "/inspect/tet-hours"
UNKNOWN_ENTERPRISE = "unknown_enterprise"
NO_CAMPAIGN = "no_campaign"
EDITORS = ("manager", "admin")  # who may open a point's hours to change them (the manager's page)


@dataclass(frozen=True)
class StatusFilters:
    """The status page's filters as the address gives them (checked by the route: ids are ids, the status
    one of domain.tet_hours.STATUS_CHOICES); blank: no filter, or the default."""

    campaign_id: str = ""
    enterprise_id: str = ""
    district: str = ""
    status: str = ""

    def query(self, **changes: str) -> dict[str, str]:
        """The page's own query for these filters, with `changes`; blank values left out."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class StatusView:
    filters: StatusFilters
    """As asked, except the campaign: the one shown (the default one, domain.campaigns, when none is asked)."""
    campaigns: tuple[CampaignChoice, ...]
    enterprises: tuple[Choice, ...]
    problem: str
    """What is wrong with the campaign or enterprise asked for ("unknown_campaign", "unknown_enterprise"):
    nothing is listed then, never another campaign's or enterprise's points."""
    deadline: datetime | None
    deadline_passed: bool
    counts: Mapping[str, int]
    points: tuple[PointStatus, ...]
    page: PageView
    edits: bool
    """The person may open a point's hours from its row (managers, administrators)."""

    @property
    def listed(self) -> bool:
        return bool(self.filters.campaign_id) and not self.problem

    @property
    def enterprise_options(self) -> list[tuple[str, str]]:
        return [(e.id, e.name) for e in self.enterprises]

    def link(self, path: str = STATUS_PAGE, **changes: str) -> str:
        """This page (or its export) with the same filters and `changes`."""
        query = self.filters.query(**changes)
        return f"{path}?{urlencode(query)}" if query else path


async def _choose(caller: Caller, filters: StatusFilters) -> tuple[list[CampaignChoice], list[Choice], str, str]:
    """The campaigns and enterprises the person may see, the campaign to show, and what is wrong with the
    campaign or enterprise asked for (domain.campaigns: never quietly another one)."""
    found_campaigns, found_enterprises = await asyncio.gather(campaigns(caller, kind="tet"), enterprises(caller))
    chosen = pick_campaign(found_campaigns, filters.campaign_id, now=caller.clock(), purpose=PREPARE)
    problem = ""
    if filters.campaign_id and chosen != filters.campaign_id:
        problem = UNKNOWN_CAMPAIGN
    elif filters.enterprise_id and filters.enterprise_id not in {e.id for e in found_enterprises}:
        problem = UNKNOWN_ENTERPRISE
    return found_campaigns, found_enterprises, chosen, problem


def _asked(filters: StatusFilters, campaign_id: str) -> dict[str, Any]:
    return {"campaign_id": campaign_id, "enterprise_id": filters.enterprise_id, "district": filters.district}


async def status_page(
    caller: Caller, *, filters: StatusFilters, limit: int | None, cursor: str | None, path: str = STATUS_PAGE
) -> StatusView:
    """The post offices and transaction points of the campaign with the status asked for, a page at a time, and how many
    points (of the enterprise and district asked for) are in each status; the campaign's deadline."""
    found_campaigns, found_enterprises, chosen, problem = await _choose(caller, filters)
    shown = StatusFilters(chosen, filters.enterprise_id, filters.district, filters.status)
    size = clamp_limit(limit)
    query = {**shown.query(), "cursor": cursor or ""}
    points: list[PointStatus] = []
    counts: dict[str, int] = {}
    deadline = None
    total = 0
    next_cursor = None
    if chosen and not problem:
        asked = _asked(shown, chosen)
        campaign, counted, listed = await asyncio.gather(
            caller.get("roster", f"/campaigns/{chosen}"),
            asyncio.gather(*(caller.page("audit", MISSING, {**asked, "status": s, "limit": 1}) for s in STATUSES)),
            caller.page(
                "audit",
                MISSING,
                {**asked, "status": list(asked_statuses(shown.status)), "limit": size, "cursor": cursor},
            ),
        )
        deadline = parse_instant(str(campaign["hours_deadline"]))
        counts = {s: int(c.total or 0) for s, c in zip(STATUSES, counted, strict=True)}
        points = [point_status(p) for p in listed.items]
        total, next_cursor = int(listed.total or 0), listed.next_cursor
    return StatusView(
        filters=shown,
        campaigns=tuple(found_campaigns),
        enterprises=tuple(found_enterprises),
        problem=problem,
        deadline=deadline,
        deadline_passed=deadline is not None and deadline <= caller.clock(),
        counts=counts,
        points=tuple(points),
        page=page_view(path, query, limit=size, count=len(points), total=total, next_cursor=next_cursor),
        edits=caller.session.account.role in EDITORS,
    )


@dataclass(frozen=True)
class StatusFile:
    content: bytes
    filename: str
    problem: str = ""
    """As StatusView.problem: no file is made then."""


async def status_file(caller: Caller, *, filters: StatusFilters, lang: str, words: Callable[[str], str]) -> StatusFile:
    """Every point the page lists with these filters (all its pages), as a CSV file in `lang`."""
    found, _, chosen, problem = await _choose(caller, filters)
    if problem or not chosen:
        return StatusFile(b"", "", problem or NO_CAMPAIGN)
    asked = {**_asked(filters, chosen), "status": list(asked_statuses(filters.status))}
    points = [point_status(p) for p in await caller.every("audit", MISSING, asked)]
    # Saved under what it is and its campaign, as audit's downloads are (QA: "diem-giao-dich-gio-tet-vi.csv").
    what = "Giờ mở cửa Tết theo điểm" if lang == "vi" else "Tết opening hours by point"
    campaign = next((c.name for c in found if c.id == chosen), None)
    return StatusFile(status_csv(points, words=words), download_name(what, campaign, ext="csv"))
