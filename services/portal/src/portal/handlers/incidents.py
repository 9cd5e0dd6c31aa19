"""Incident pages: an enterprise's duty staff and managers record communication incidents and their response
(roster's /incidents: responders, updates, restore time, resolution); the Department reads them province-wide
with the times audit derived (audit's /incidents: a campaign's, the CSV of the list, one incident with each of its
versions, who made it and what changed). The services decide who sees what; names, not ids, are shown."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from lichtruc.text import fold, sort_key

from ..clients.services import Caller, ServiceError
from ..domain.dates import parse_instant
from ..domain.gaps import day_bounds, parse_local
from ..domain.incidents import (
    ALL_CAMPAIGNS,
    RESENT_WITHIN,
    OpenAge,
    ProvinceFilters,
    VersionStep,
    district_choices,
    history_steps,
    open_age,
    resent_incident,
)
from ..domain.paging import PageView, page_view
from ..domain.shifts import Shift, not_checked_in_now
from .admin import district_names
from .gaps import EXPORT_TYPES, Download, Export, separator_params
from .heatmap import Campaign, asked_campaign, campaigns

SERVICES = ("mobile", "fixed_line", "internet", "television", "postal")
SEVERITIES = ("minor", "serious", "critical")
STATUSES = ("open", "resolved")
SECTORS = ("telecom", "postal", "internet", "television")
LIST_LIMIT = 20


@dataclass(frozen=True)
class Choices:
    """What the open form offers: the caller's enterprises and their sites (with district)."""

    enterprises: list[tuple[str, str]]
    sites: list[tuple[str, str]]  # (site id, "name — district")


@dataclass(frozen=True)
class IncidentList:
    items: list[dict[str, Any]]
    page: PageView
    filters: dict[str, str]
    choices: Choices
    districts: list[tuple[str, str]]  # the district filter's options (domain.incidents.district_choices)
    district: str  # the one chosen among them ("": none)
    day: date | None = None  # the local day of detection asked for


@dataclass(frozen=True)
class Colleague:
    """Someone the incident's page offers as a responder (roster's choice: the enterprise's active staff not
    responding yet); `on_duty`: on a shift of the enterprise now or at detection (added without a warning)."""

    id: str
    full_name: str
    on_duty: bool
    not_checked_in: bool = False
    """On a shift of the enterprise under way now, not checked in to it (QZ26 #5): "chưa điểm danh", not "đang trực"."""

    @property
    def folded(self) -> str:
        """The name as the page's search matches it (portal.js folds what is typed the same way)."""
        return fold(self.full_name)


@dataclass(frozen=True)
class Detail:
    incident: dict[str, Any]
    staff: list[Colleague]  # who may be added as a responder, on duty first (empty: nobody, or not the caller's)
    responding: bool = False  # the signed-in person is among the responders already (their staff id)
    me: Colleague | None = None  # the signed-in person, when offered ("Tôi tham gia ứng cứu")

    @property
    def on_duty(self) -> list[Colleague]:
        return [c for c in self.staff if c.on_duty]

    @property
    def others(self) -> list[Colleague]:
        return [c for c in self.staff if not c.on_duty]

    def responder(self, staff_id: str | None) -> dict[str, Any] | None:
        """The incident's responder with this staff id, if any."""
        return next((r for r in self.incident["responders"] if staff_id and r["staff_id"] == staff_id), None)


async def choices(caller: Caller) -> Choices:
    enterprises = await caller.every("roster", "/enterprises", {})
    sites = await caller.every("roster", "/sites", {})
    mine = set(caller.session.account.enterprise_ids)
    shown = [e for e in enterprises if not mine or e["id"] in mine]
    ids = {e["id"] for e in shown}
    names = {e["id"]: e["name"] for e in shown}
    site_options = [
        (s["id"], f"{s['name']} — {s.get('district') or ''}{' ★' if s.get('border_area') else ''}".rstrip(" —"))
        for s in sites
        if s["enterprise_id"] in ids
    ]
    site_options.sort(key=lambda o: sort_key(o[1]))
    return Choices(sorted(names.items(), key=lambda p: sort_key(p[1])), site_options)


def _clean(query: Mapping[str, str], keys: tuple[str, ...]) -> dict[str, str]:
    return {k: str(query.get(k) or "").strip() for k in keys}


async def incident_list(
    caller: Caller, *, query: Mapping[str, str], cursor: str | None, limit: int, path: str, day: date | None = None
) -> IncidentList:
    """The caller's incidents (their enterprise's, or all for the Department), newest first, with filters (the
    district however typed: roster matches it; an incident at a site is in the site's district; `day`, the local day
    of detection, Vietnam time: the board's day marks link it)."""
    filters = _clean(query, ("status", "severity", "enterprise_id", "district"))
    params: dict[str, Any] = {k: v for k, v in filters.items() if v}
    filters["day"] = day.isoformat() if day else ""
    detected_from, detected_to = day_bounds(day, day)
    if detected_from is not None and detected_to is not None:  # roster's: at or after the one, before the other
        params |= {"detected_from": detected_from.isoformat(), "detected_to": detected_to.isoformat()}
    found, opts, in_use = await asyncio.gather(
        caller.page("roster", "/incidents", {**params, "limit": limit, "cursor": cursor}),
        choices(caller),
        district_names(caller),
    )
    districts, district = district_choices(in_use, filters["district"])
    return IncidentList(
        items=list(found.items),
        page=page_view(
            path, query, limit=limit, count=len(found.items), total=found.total, next_cursor=found.next_cursor
        ),
        filters=filters,
        choices=opts,
        districts=districts,
        district=district,
        day=day,
    )


def open_body(form: Mapping[str, Any]) -> dict[str, Any]:
    """The roster body of the open form (datetime-local input as Vietnam time; ValueError if not a time)."""
    detected = parse_local(str(form.get("detected_at") or ""))
    site_id = str(form.get("site_id") or "").strip() or None
    district = str(form.get("district") or "").strip() or None
    return {
        "enterprise_id": str(form.get("enterprise_id") or "").strip() or None,
        "detected_at": detected.isoformat() if detected else None,
        "site_id": site_id,
        "district": None if site_id else district,
        "services": [s for s in SERVICES if s in form.get("services", [])],
        "agency_links": form.get("agency_links") == "on",
        "border": form.get("border") == "on",
        "severity": str(form.get("severity") or ""),
        "description": str(form.get("description") or "").strip(),
    }


async def open_incident(caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    return await caller.post("roster", "/incidents", body)


async def recorded_just_now(caller: Caller, body: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The incident the caller recorded minutes ago with the facts of the open form's `body`, if any
    (domain.incidents.resent_incident): roster's incidents of that enterprise detected about then."""
    detected = parse_local(str(body.get("detected_at") or ""))
    if detected is None or not body.get("enterprise_id"):
        return None
    found = await caller.page(
        "roster",
        "/incidents",
        {
            "enterprise_id": body["enterprise_id"],
            "detected_from": (detected - RESENT_WITHIN).isoformat(),
            "detected_to": (detected + RESENT_WITHIN + timedelta(seconds=1)).isoformat(),
            "limit": LIST_LIMIT,
        },
    )
    return resent_incident(body, found.items, login=caller.session.account.login, now=caller.clock())


async def detail(caller: Caller, incident_id: str) -> Detail:
    """The incident; while it is open, for its enterprise's duty staff and managers, whom they may add as responders
    (roster's choice, on duty first), the signed-in person apart when among them."""
    incident = await caller.get("roster", f"/incidents/{incident_id}")
    me = caller.session.account.staff_id
    responding = bool(me) and any(str(r["staff_id"]) == me for r in incident["responders"])
    if incident["status"] != "open" or caller.session.account.role not in ("admin", "manager", "staff"):
        return Detail(incident=incident, staff=[], responding=responding)
    offered, waiting = await asyncio.gather(
        caller.get("roster", f"/incidents/{incident_id}/responder-choices"),
        _not_checked_in(caller, str(incident["enterprise_id"])),
    )
    people = [
        Colleague(str(p["staff_id"]), p["full_name"], bool(p["on_duty"]), str(p["staff_id"]) in waiting)
        for p in offered["people"]
    ]
    mine = next((c for c in people if me and c.id == me), None)
    return Detail(incident=incident, staff=[c for c in people if c is not mine], responding=responding, me=mine)


async def _not_checked_in(caller: Caller, enterprise_id: str) -> frozenset[str]:
    """Who of the enterprise is on a shift under way now without having checked in (`not_checked_in_now`), from the
    shifts roster shows the reader; none when it does not answer (the picker says "đang trực" as roster does)."""
    now = caller.clock()
    params = {"enterprise_id": enterprise_id, "from": now.isoformat(), "to": (now + timedelta(minutes=1)).isoformat()}
    try:
        found = await caller.every("roster", "/shifts", {**params, "status": ["published", "checked_in"]})
    except ServiceError:
        return frozenset()
    return not_checked_in_now((Shift.from_api(s) for s in found), now)


async def restored(caller: Caller, incident_id: str) -> bool:
    """Whether the incident's service is recorded as restored (by an update), so that its closing needs no time."""
    incident = await caller.get("roster", f"/incidents/{incident_id}")
    return incident.get("restored_at") is not None


def _at(text: str) -> str | None:
    value = parse_local(text)
    return value.isoformat() if value else None


async def add_responder(caller: Caller, incident_id: str, *, version: int, staff_id: str, at: str) -> int:
    """Add a responder (whether they are on duty, roster keeps on the responder: the page shows it); the incident's
    version after it."""
    body: dict[str, Any] = {"staff_id": staff_id}
    if _at(at):
        body["at"] = _at(at)
    answer = await caller.post("roster", f"/incidents/{incident_id}/responders", body, version=version)
    return int(answer["version"]) if isinstance(answer, Mapping) and "version" in answer else version + 1


@dataclass(frozen=True)
class Added:
    """The responders ticked together, as far as roster took them: `added` in the order sent; `refused` the
    refusal of the first one it did not take (`left`: that one and those not sent after it), None when all were."""

    added: list[str]
    left: list[str]
    refused: ServiceError | None = None


async def add_responders(caller: Caller, incident_id: str, *, version: int, staff_ids: list[str], at: str) -> Added:
    """Add each colleague ticked, one call each (roster adds one responder a call, each a new version of the
    incident); the first refused stops the rest. A refusal of the first is raised as it came (nothing added).
    A time that cannot be read is a ValueError before anything is sent."""
    _at(at)
    added: list[str] = []
    for n, staff_id in enumerate(staff_ids):
        try:
            version = await add_responder(caller, incident_id, version=version, staff_id=staff_id, at=at)
        except ServiceError as exc:
            if not added:
                raise
            return Added(added, staff_ids[n:], exc)
        added.append(staff_id)
    return Added(added, [])


async def remove_responder(caller: Caller, incident_id: str, *, version: int, staff_id: str, reason: str) -> str:
    """Take a responder added by mistake off the incident (roster's DELETE, If-Match: the version the page was drawn
    from; `reason` when one is given); their name as the incident listed them, for the page to say who."""
    listed = await caller.get("roster", f"/incidents/{incident_id}")
    name = next((str(r["full_name"]) for r in listed.get("responders") or () if r.get("staff_id") == staff_id), "")
    params = {"reason": reason.strip()} if reason.strip() else None
    await caller.delete("roster", f"/incidents/{incident_id}/responders/{staff_id}", version=version, params=params)
    return name


async def add_update(
    caller: Caller, incident_id: str, *, version: int, note: str, restored_at: str, at: str, confirm: bool = False
) -> None:
    """Write an update (`confirm`: its restore time, earlier than a step recorded, saved as asked)."""
    body: dict[str, Any] = {"note": note.strip()}
    if _at(restored_at):
        body["restored_at"] = _at(restored_at)
    if _at(at):
        body["at"] = _at(at)
    params = {"confirm": "true"} if confirm else None
    await caller.post("roster", f"/incidents/{incident_id}/updates", body, version=version, params=params)


async def resolve(
    caller: Caller,
    incident_id: str,
    *,
    version: int,
    cause: str,
    closing_note: str,
    restored_at: str,
    confirm: bool = False,
) -> None:
    """Close the incident (`confirm`: its restore time, earlier than a step recorded, saved as asked)."""
    body: dict[str, Any] = {"cause": cause.strip(), "closing_note": closing_note.strip()}
    if _at(restored_at):
        body["restored_at"] = _at(restored_at)
    params = {"confirm": "true"} if confirm else None
    await caller.post("roster", f"/incidents/{incident_id}/resolve", body, version=version, params=params)


# --- the Department's province-wide view (audit) ---------------------------------------------------


@dataclass(frozen=True)
class ProvinceList:
    items: list[dict[str, Any]]
    page: PageView
    filters: ProvinceFilters
    campaign_id: str  # the campaign shown: the one asked for, else the default one (domain.campaigns); or ALL_CAMPAIGNS
    campaigns: list[Campaign]  # the pickers' order (domain.campaigns)
    enterprises: list[tuple[str, str]]
    errors: dict[str, str]  # field → its problem (domain.incidents, domain.campaigns): no list while there is one
    districts: list[tuple[str, str]]  # the district filter's options (domain.incidents.district_choices)
    district: str  # the one chosen among them ("": none)
    now: datetime  # the portal's clock: how long the open ones have been open
    open_total: int | None = None
    """How many incidents of the campaign shown are still open, whatever the other filters (the heading says it,
    linking them: QZ27 #10); None when audit did not count them."""

    def open_age(self, item: Mapping[str, Any]) -> OpenAge | None:
        """How long `item` has been open (domain.incidents.open_age), None once resolved."""
        if item.get("status") != "open" or not item.get("detected_at"):
            return None
        return open_age(parse_instant(str(item["detected_at"])), now=self.now)

    @property
    def campaign_names(self) -> dict[str, str]:
        return {c.campaign_id: c.name for c in self.campaigns}

    def download(self, lang: str) -> dict[str, str]:
        """The query of the exports (CSV, Excel) of the list on the screen (its campaign named, even the default
        one)."""
        return {**self.filters.query(campaign_id=self.campaign_id), "lang": lang}

    def download_for_excel(self) -> dict[str, str]:
        """The query of the same CSV in Vietnamese, separated by semicolons (Excel in Vietnamese)."""
        return {**self.download("vi"), "separator": "semicolon"}


MAX_MINUTES_DOWN = 60 * 24 * 366
"""The most minutes without service the filter takes (audit's bound: a year); the page refuses more."""


def _shown_campaign(found: list[Campaign], filters: ProvinceFilters, *, now: datetime) -> tuple[str, dict[str, str]]:
    """The campaign the list shows and the problem with the one asked for: every campaign when asked (or when
    there is none yet), else the one asked for, else the default one (`heatmap.choose`: the same on every page)."""
    if filters.campaign_id == ALL_CAMPAIGNS or not found:
        return ALL_CAMPAIGNS, {}
    campaign, problem = asked_campaign(found, filters.campaign_id, now=now)
    if problem:
        return filters.campaign_id, {"campaign_id": problem}
    return (campaign.campaign_id if campaign else ALL_CAMPAIGNS), {}


async def province_list(
    caller: Caller, *, filters: ProvinceFilters, query: Mapping[str, str], cursor: str | None, limit: int, path: str
) -> ProvinceList:
    """The province's incidents of the campaign shown, with the filters; none asked for while a filter is wrong
    (the list would not be the one asked for)."""
    found, enterprises, in_use = await asyncio.gather(
        campaigns(caller), caller.every("roster", "/enterprises", {}), district_names(caller)
    )
    districts, district = district_choices(in_use, filters.district)
    campaign_id, errors = _shown_campaign(found, filters, now=caller.clock())
    errors |= filters.errors()
    items: list[dict[str, Any]] = []
    total, next_cursor, open_total = None, None, None
    if not errors:
        params = filters.api_params(campaign_id=campaign_id)
        still_open = ProvinceFilters(campaign_id=filters.campaign_id, status="open").api_params(campaign_id=campaign_id)
        opened = await caller.page("audit", "/incidents", {**still_open, "limit": 1})  # the heading's count
        listed = await caller.page("audit", "/incidents", {**params, "limit": limit, "cursor": cursor})
        items, total, next_cursor = list(listed.items), listed.total, listed.next_cursor
        open_total = opened.total
    return ProvinceList(
        items=items,
        page=page_view(path, query, limit=limit, count=len(items), total=total, next_cursor=next_cursor),
        filters=filters,
        campaign_id=campaign_id,
        campaigns=found,
        enterprises=sorted(((e["id"], e["name"]) for e in enterprises), key=lambda p: sort_key(p[1])),
        errors=errors,
        districts=districts,
        district=district,
        now=caller.clock(),
        open_total=open_total,
    )


async def province_export(
    caller: Caller, *, filters: ProvinceFilters, lang: str, kind: Export = "csv", separator: str = ""
) -> Download | dict[str, str]:
    """audit's export of the incidents these filters list, with the person's token — CSV (`separator`
    "semicolon" for Excel in Vietnamese) or an Excel sheet, the same rows —; or the filters' problems (field →
    its problem), for which nothing is exported."""
    campaign_id, errors = _shown_campaign(await campaigns(caller), filters, now=caller.clock())
    errors |= filters.errors()
    if errors:
        return errors
    params = {**filters.api_params(campaign_id=campaign_id), "lang": lang}
    if kind == "csv":
        params |= separator_params(separator)
    response = await caller.request("audit", "GET", f"/incidents.{kind}", params=params)
    name = "Sự cố" if lang == "vi" else "Incidents"
    return Download.handed_on(response, media_type=EXPORT_TYPES[kind], name=f"{name}.{kind}")


@dataclass(frozen=True)
class ProvinceDetail:
    incident: dict[str, Any]  # audit's answer: the latest state, the times, who recorded it, the history
    campaign_name: str
    steps: list[VersionStep]  # each version with who made it and what changed, oldest first


async def province_detail(caller: Caller, incident_id: str) -> ProvinceDetail:
    found, known = await asyncio.gather(caller.get("audit", f"/incidents/{incident_id}"), campaigns(caller))
    names = {c.campaign_id: c.name for c in known}
    return ProvinceDetail(found, names.get(str(found.get("campaign_id") or ""), ""), history_steps(found["history"]))


def problem_text(exc: ServiceError, lang: str) -> str:
    """The service's own sentence, in the person's language (roster's problems name people, not ids)."""
    errors = exc.problem.get("errors") or ()
    first = next(iter(errors), None)
    if isinstance(first, Mapping) and (first.get("message_vi") if lang == "vi" else first.get("message")):
        return str(first.get("message_vi") if lang == "vi" else first.get("message"))
    return exc.detail(lang)
