"""Inspection plans in the portal (issue 15, part 5): the inspector's page — plan an inspection, the
campaign's plans per phase (before, during, after Tết) with planned, done, overdue and cancelled, and
for a plan still waiting: record its finding, move it to another day, cancel it — and the manager's view of their enterprises' inspections. Roster decides what
each person sees: a manager's list never holds a surprise plan before its finding."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from lichtruc.text import sort_key
from lichtruc.vntime import VIETNAM

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.asked import Asked, not_offered
from ..domain.campaigns import PREPARE, CampaignChoice
from ..domain.dates import day_label
from ..domain.gaps import day_bounds
from ..domain.paging import PageView, clamp_limit, local_cursor, local_next, local_offset, page_view
from ..domain.stale import Latest, latest_beside
from .staff import Choice, DrillNote, campaigns, drill_note, enterprises, how_many, pick_campaign

Words = Callable[..., str]

PHASES = ("before", "during", "after")
STATES = ("planned", "overdue", "done", "cancelled")
RESULTS = ("compliant", "issues_found")
PAGE = "/inspect/inspections"
KINDS = ("surprise", "announced")
"""The inspector's kind filter: surprise inspections, or those announced to the enterprise."""


@dataclass(frozen=True)
class Plan:
    id: str
    version: int
    enterprise_name: str
    site_name: str
    planned_on: date
    day_label: str
    phase: str
    state: str
    purpose: str
    inspectors: list[str]
    surprise: bool
    result: str
    finding_text: str
    recommendations: str
    cancel_reason: str = ""
    rescheduled_from: date | None = None
    """The day the plan was on before its last move (roster keeps it), if it was moved."""
    reschedule_reason: str = ""
    enterprise_id: str = ""
    site_records: bool | None = None
    """Whether audit has records of visits to the enterprise's sites on the plan's day (`with_site_records`): the
    plan's row links them only then (None: not known, audit not asked or not answering — linked, as before)."""

    @property
    def open(self) -> bool:
        return self.state in ("planned", "overdue")

    @property
    def links_site_records(self) -> bool:
        """Whether the row offers "Xem biên bản tại điểm trực…" (QZ26 #10: it opened "Không có biên bản nào khớp" for
        visits whose result was recorded on the plan alone)."""
        return bool(self.enterprise_id) and self.site_records is not False


def plan_of(item: Mapping[str, Any]) -> Plan:
    finding = item.get("finding") or {}
    return Plan(
        id=str(item["id"]),
        version=int(item["version"]),
        enterprise_name=str(item.get("enterprise_name") or ""),
        site_name=str(item.get("site_name") or ""),
        planned_on=date.fromisoformat(item["planned_on"]),
        day_label=str(item.get("planned_on_label") or item["planned_on"]),
        phase=str(item["phase"]),
        state=str(item["status"]),
        purpose=str(item["purpose"]),
        inspectors=[str(n) for n in item.get("inspectors") or ()],
        surprise=bool(item.get("surprise")),
        result=str(finding.get("result") or ""),
        finding_text=str(finding.get("text") or ""),
        recommendations=str(finding.get("recommendations") or ""),
        cancel_reason=str(item.get("cancel_reason") or ""),
        rescheduled_from=date.fromisoformat(item["rescheduled_from"]) if item.get("rescheduled_from") else None,
        reschedule_reason=str(item.get("reschedule_reason") or ""),
        enterprise_id=str(item.get("enterprise_id") or ""),
    )


async def with_site_records(caller: Caller, plans: list[Plan]) -> list[Plan]:
    """`plans`, each done one marked whether audit has a record of a visit to its enterprise's sites on its day (one
    call for the days of them all, `GET /findings` filtered by those days), so that its row links the records only
    when there are some (QZ26 #10). Audit refusing or not answering leaves them unknown (linked, as before)."""
    done = [p for p in plans if p.state == "done" and p.enterprise_id]
    if not done:
        return plans
    lo, hi = day_bounds(min(p.planned_on for p in done), max(p.planned_on for p in done))
    params = {"observed_from": lo.isoformat() if lo else None, "observed_to": hi.isoformat() if hi else None}
    try:
        found = await caller.every("audit", "/findings", params)
    except (ServiceError, ServiceUnavailable):
        return plans
    held = {(str(f.get("enterprise_id")), _local_day(str(f.get("observed_at") or ""))) for f in found}
    return [replace(p, site_records=(p.enterprise_id, p.planned_on) in held) if p in done else p for p in plans]


def _local_day(instant: str) -> date | None:
    try:
        return datetime.fromisoformat(instant).astimezone(VIETNAM).date()
    except ValueError:
        return None


@dataclass(frozen=True)
class Phase:
    phase: str
    counts: dict[str, int]
    plans: list[Plan]
    """The phase's plans on this page (the state filter applied)."""
    elsewhere: int = 0
    """How many more of the phase's listed plans are on the page's other pages."""


@dataclass(frozen=True)
class PlanFilters:
    """What the inspector narrowed a campaign's plans to: one enterprise, one kind (`KINDS`) and one state
    (`STATES`); blank, all. The enterprise and kind are roster's filters; the state only picks the rows shown,
    so each phase still counts its plans in every state (each count a link to its state's rows). `limit`, the page
    size chosen (None: the page's own), is no filter but travels with them, so that a change keeps it too."""

    enterprise_id: str = ""
    kind: str = ""
    state: str = ""
    limit: int | None = None

    def roster_query(self) -> dict[str, str]:
        """Roster's filters of `GET /inspections` for the enterprise and the kind."""
        query = {"enterprise_id": self.enterprise_id} if self.enterprise_id else {}
        if self.kind:
            query["surprise"] = "true" if self.kind == "surprise" else "false"
        return query

    def query(self) -> dict[str, str]:
        """The page's own query for these filters (the names its filter form sends)."""
        named = (("enterprise_id", self.enterprise_id), ("kind", self.kind), ("status", self.state))
        size = (("limit", str(self.limit)),) if self.limit is not None else ()
        return {name: value for name, value in (*named, *size) if value}

    def __bool__(self) -> bool:
        return bool(self.enterprise_id or self.kind or self.state)

    def admits(self, plan: Plan) -> bool:
        """Whether the page with these filters lists `plan`."""
        return (
            (not self.enterprise_id or plan.enterprise_id == self.enterprise_id)
            and (not self.kind or plan.surprise == (self.kind == "surprise"))
            and (not self.state or plan.state == self.state)
        )


def page_url(campaign_id: str, filters: PlanFilters, **more: str) -> str:
    """The inspector's page of the campaign (the page's own choice when blank) with `filters` and `more` (a blank
    value left out)."""
    query = {"campaign_id": campaign_id, **filters.query(), **more}
    shown = {name: value for name, value in query.items() if value}
    return PAGE + (f"?{urlencode(shown)}" if shown else "")


def listed(plans: list[Plan], *, state: str = "") -> list[Plan]:
    """The plans the page lists, in its order: phase by phase (`PHASES`), each by day, then enterprise; with
    `state`, only that state's."""
    order = {phase: i for i, phase in enumerate(PHASES)}
    mine = [p for p in plans if p.phase in order and (not state or p.state == state)]
    return sorted(mine, key=lambda p: (order[p.phase], p.planned_on, p.enterprise_name))


def per_phase(plans: list[Plan], *, state: str = "", shown: list[Plan] | None = None) -> list[Phase]:
    """The plans of each phase by day, with how many are planned, overdue, done and cancelled; with `state`,
    only that state's plans listed (the counts still of all); `shown`, the page's slice of `listed(plans)`: each
    phase lists those of its plans alone and says how many more are on other pages."""
    everything = listed(plans, state=state)
    on_page = {p.id for p in (everything if shown is None else shown)}
    out = []
    for phase in PHASES:
        counts = {s: sum(1 for p in plans if p.phase == phase and p.state == s) for s in STATES}
        mine = [p for p in everything if p.phase == phase]
        here = [p for p in mine if p.id in on_page]
        out.append(Phase(phase, counts, here, len(mine) - len(here)))
    return out


@dataclass(frozen=True)
class NewPlan:
    """The plan form as typed, for showing it again with errors."""

    enterprise_id: str = ""
    planned_on: str = ""
    purpose: str = ""
    inspectors: str = ""
    surprise: bool = False
    site_id: str = ""

    @property
    def names(self) -> list[str]:
        """One inspector per line (or separated by semicolons), blanks dropped."""
        return [n.strip() for line in self.inspectors.splitlines() for n in line.split(";") if n.strip()]


ACTIONS = ("finding", "reschedule", "cancel")


@dataclass(frozen=True)
class Refused:
    """A change to one plan that roster (or the portal) refused: which plan, which form, why in words, and
    what was typed, so the form opens again beside the plan with it."""

    plan_id: str
    action: str  # one of ACTIONS
    message: str
    typed: dict[str, str] = field(default_factory=dict)
    boxes: tuple[str, ...] = ()  # the form's boxes the refusal is about: marked invalid, described by it
    stale: bool = False  # someone else changed the plan first (roster's 412): `typed_over` says what it is now
    latest: Latest = field(default_factory=Latest)
    """The plan's latest saved values beside the boxes that differ from `typed`."""
    lines: tuple[str, ...] = ()
    """Several mistakes refused at once: each a sentence under its box's label (`message` then says how many)."""
    kept: tuple[tuple[str, str, str], ...] = ()
    """A plan closed meanwhile has no form to keep what was typed in: each box's name, label (a catalogue key) and
    what was typed in it, in words, shown beside the plan for the person to copy."""


@dataclass(frozen=True)
class InspectorPage:
    campaign_id: str
    campaigns: list[CampaignChoice]
    enterprises: list[Choice]
    phases: list[Phase]
    form: NewPlan
    sites: tuple[SiteGroup, ...] = ()
    """The plan form's site choice: each enterprise's sites, under its name."""
    errors: dict[str, str] = field(default_factory=dict)
    message: str = ""
    refused: Refused | None = None
    filters: PlanFilters = PlanFilters()
    page: PageView | None = None
    """The pager over the listed plans (None: all on one page)."""
    matched: int = 0
    """How many plans the filters admit, over every page."""
    unknown: tuple[Asked, ...] = ()
    """The campaign the address asked for when it is none of them (domain.asked): said, no plans of the default
    campaign listed or planned in its stead."""
    drill: DrillNote | None = None
    """The campaign shown is a drill: the page says so and how many plans the Tết beside it has."""

    def link(self, **changes: str) -> str:
        """This page's address with its campaign and filters, `changes` applied (a blank value drops a filter)."""
        return page_url(self.campaign_id, self.filters, **changes)

    def refused_for(self, plan_id: str, action: str | None = None) -> Refused | None:
        """The refusal to show beside this plan's form (`action`), or beside the plan when it no longer
        waits (someone else recorded its finding or cancelled it meanwhile: no form to show it by)."""
        r = self.refused
        return r if r is not None and r.plan_id == plan_id and action in (None, r.action) else None

    @property
    def refused_plan(self) -> Plan | None:
        """The listed plan a change was refused for: the top of the page names it and links to its row, since
        the row (and the reason beside its form) may be far down the page."""
        r = self.refused
        return next((p for ph in self.phases for p in ph.plans if r is not None and p.id == r.plan_id), None)

    @property
    def refused_elsewhere(self) -> Refused | None:
        """A refusal about a plan this page does not list (gone, or of another campaign): said at the top."""
        r = self.refused
        return r if r is not None and all(p.id != r.plan_id for ph in self.phases for p in ph.plans) else None


async def inspector_page(
    caller: Caller,
    *,
    campaign_id: str | None,
    form: NewPlan | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
    refused: Refused | None = None,
    filters: PlanFilters | None = None,
    cursor: str | None = None,
    focus: str | None = None,
) -> InspectorPage:
    """The campaign's plans, `filters.limit` a page (phase by phase, by day): the page at `cursor`, or — `focus`, a plan
    just made or changed, or the plan a refusal is about — the page that lists that plan, so that it is in sight
    wherever the change moved it."""
    filters = filters if filters is not None else PlanFilters()  # an empty one is falsy: `or` would replace it
    all_campaigns = await campaigns(caller)
    all_enterprises = await enterprises(caller)
    all_sites = await caller.every("roster", "/sites")
    unknown = not_offered(
        {"campaign": campaign_id, "enterprise": filters.enterprise_id},
        {"campaign": {c.id for c in all_campaigns}, "enterprise": {e.id for e in all_enterprises}},
    )
    chosen = (
        "" if "campaign" in unknown else pick_campaign(all_campaigns, campaign_id, now=caller.clock(), purpose=PREPARE)
    )
    query = {"campaign_id": chosen, **filters.roster_query()}
    items = await caller.every("roster", "/inspections", query) if chosen and not unknown else []
    plans = await with_site_records(caller, [plan_of(i) for i in items])
    ordered = listed(plans, state=filters.state)
    size = clamp_limit(filters.limit)
    at = next((i for i, p in enumerate(ordered) if focus is not None and p.id == focus), None)
    offset = (at // size) * size if at is not None else local_offset(cursor, total=len(ordered))
    shown = ordered[offset : offset + size]
    pager = page_view(
        PAGE,
        {"campaign_id": chosen, **filters.query(), "cursor": local_cursor(offset) if offset else ""},
        limit=size,
        count=len(shown),
        total=len(ordered),
        next_cursor=local_next(offset, limit=size, total=len(ordered)),
    )
    return InspectorPage(
        campaign_id=chosen,
        campaigns=all_campaigns,
        enterprises=all_enterprises,
        phases=per_phase(plans, state=filters.state, shown=shown),
        form=form or NewPlan(),
        sites=site_groups(all_enterprises, all_sites),
        errors=errors or {},
        message=message,
        refused=refused,
        filters=filters,
        page=pager,
        matched=len(ordered),
        unknown=unknown,
        drill=await drill_note(
            caller,
            all_campaigns,
            shown_id=chosen,
            count=lambda tet: how_many(caller, "roster", path="/inspections", params={"campaign_id": tet}),
        ),
    )


# Each plan form's boxes (in its order) and their labels: beside these, after someone else's change, the plan's
# latest saved value where it differs from what was typed.
BOXES = {
    "finding": (
        ("result", "inspections.result_label"),
        ("text", "inspections.finding_text"),
        ("recommendations", "inspections.recommendations"),
        ("held_on", "inspections.held_on"),
    ),
    "reschedule": (("planned_on", "inspections.new_day"), ("reason", "inspections.reason")),
    "cancel": (("reason", "inspections.cancel_reason"),),
}


def typed_over(page: InspectorPage, *, words: Words, lang: str) -> InspectorPage:
    """`page` after someone else changed the refused form's plan first (roster's 412): the form as typed, over the
    plan as it now is (its version the latest, so that sending it again is knowingly over theirs), with the plan's
    latest saved value beside each box where it differs from what was typed; a plan closed meanwhile (its finding
    recorded, or cancelled) has no form: what was typed is kept beside it in words, to copy."""
    r, plan = page.refused, page.refused_plan
    if r is None or not r.stale or plan is None or r.action not in BOXES:
        return page  # not a stale change, or the plan is gone from the page: the message says it as it is
    said = _said(words, lang)
    saved = _saved(plan, r.action)
    fields = [name for name, _ in BOXES[r.action]] if saved is not None else []
    latest = latest_beside(r.typed, saved or {}, fields=fields, said=said)
    if plan.open:
        return replace(page, refused=replace(r, message=words("inspections.stale_kept"), latest=latest))
    kept = tuple(
        (name, label, said(name, r.typed[name]))
        for name, label in BOXES[r.action]
        if str(r.typed.get(name) or "").strip()
    )
    message = words(f"inspections.stale_closed.{plan.state}")
    return replace(page, refused=replace(r, message=message, latest=latest, kept=kept))


def _saved(plan: Plan, action: str) -> dict[str, str] | None:
    """The plan as it now is, in `action`'s form's boxes; None when the plan holds nothing of that form (no finding
    recorded, not cancelled): there is no saved value to set beside what was typed."""
    if action == "finding":
        found = {"result": plan.result, "text": plan.finding_text, "recommendations": plan.recommendations}
        return found if plan.result else None
    if action == "reschedule":
        return {"planned_on": plan.planned_on.isoformat(), "reason": plan.reschedule_reason}
    return {"reason": plan.cancel_reason} if plan.state == "cancelled" else None


def _said(words: Words, lang: str) -> Callable[[str, Any], str]:
    """A plan form's value in the words its page shows it in (an empty box: said to be empty)."""

    def said(name: str, value: Any) -> str:
        text = " ".join(str(value or "").split())
        if name == "result" and text in RESULTS:
            text = words(f"inspections.result.{text}")
        elif name in ("planned_on", "held_on") and text:
            try:
                text = day_label(date.fromisoformat(text), lang)
            except ValueError:
                pass  # as typed: the refusal said the day did not read
        return text or words("latest.empty")

    return said


async def plan(caller: Caller, *, campaign_id: str, form: NewPlan) -> Plan:
    created = await caller.post(
        "roster",
        "/inspections",
        {
            "campaign_id": campaign_id,
            "enterprise_id": form.enterprise_id,
            "planned_on": form.planned_on,
            "purpose": form.purpose,
            "inspectors": form.names,
            "surprise": form.surprise,
            "site_id": form.site_id or None,
        },
    )
    return plan_of(created)


@dataclass(frozen=True)
class SiteOf:
    """A site the plan form chose: its name and its enterprise (the form's check that they agree)."""

    name: str
    enterprise_id: str


async def enterprise_names(caller: Caller) -> Mapping[str, str]:
    """The enterprises the caller sees, id → name: a site of another enterprise than the one chosen is said naming
    both (QZ25 #4)."""
    return {e.id: e.name for e in await enterprises(caller)}


async def site_of(caller: Caller, site_id: str) -> SiteOf | None:
    """The site a plan form chose, None when roster knows none of that id (roster then says so, by the box)."""
    try:
        found = await caller.get("roster", f"/sites/{quote(site_id, safe='')}")
    except ServiceError as exc:
        if exc.status in (404, 422):
            return None
        raise
    return SiteOf(str(found["name"]), str(found["enterprise_id"]))


@dataclass(frozen=True)
class SiteGroup:
    """An enterprise's sites, as the plan form's site choice lists them under its name."""

    enterprise: Choice
    sites: tuple[Choice, ...]


def site_groups(enterprises: Sequence[Choice], sites: Sequence[Mapping[str, Any]]) -> tuple[SiteGroup, ...]:
    """Each enterprise's sites by name, in the enterprises' order; an enterprise without one left out (QZ24: the
    plan form had no site, though a plan may name one — the demo's surprise plans name "Trạm BTS Thái Bình
    Trung")."""
    of: dict[str, list[Choice]] = {}
    for s in sites:
        of.setdefault(str(s["enterprise_id"]), []).append(Choice(str(s["id"]), str(s["name"])))
    return tuple(
        SiteGroup(e, tuple(sorted(of[e.id], key=lambda c: sort_key(c.name)))) for e in enterprises if of.get(e.id)
    )


async def record(
    caller: Caller, *, inspection_id: str, version: int, result: str, text: str, recs: str, held_on: str = ""
) -> Plan:
    """Record a finding; `held_on` (YYYY-MM-DD, optional) the day it was really held when not the planned one."""
    body = {"result": result, "text": text, "recommendations": recs or None}
    if held_on:
        body["held_on"] = held_on
    done = await caller.post("roster", f"/inspections/{inspection_id}/finding", body, version=version)
    return plan_of(done)


async def reschedule(caller: Caller, *, inspection_id: str, version: int, planned_on: str, reason: str) -> Plan:
    """Move a waiting plan to another day (roster derives its phase again and tells the enterprise)."""
    moved = await caller.post(
        "roster",
        f"/inspections/{inspection_id}/reschedule",
        {"planned_on": planned_on, "reason": reason or None},
        version=version,
    )
    return plan_of(moved)


async def cancel(caller: Caller, *, inspection_id: str, version: int, reason: str) -> Plan:
    """Cancel a waiting plan (roster tells the enterprise, unless it is a surprise)."""
    cancelled = await caller.post(
        "roster", f"/inspections/{inspection_id}/cancel", {"reason": reason or None}, version=version
    )
    return plan_of(cancelled)


@dataclass(frozen=True)
class ManagerFilters:
    """What a manager narrowed their enterprises' inspections to: a campaign, one of their enterprises, a phase
    (`PHASES`) and a state (`STATES`) — all roster's own filters of `GET /inspections`; blank, all."""

    campaign_id: str = ""
    enterprise_id: str = ""
    phase: str = ""
    state: str = ""

    def query(self) -> dict[str, str]:
        """The page's own query for these filters (the names its filter form sends)."""
        named = (
            ("campaign_id", self.campaign_id),
            ("enterprise_id", self.enterprise_id),
            ("phase", self.phase),
            ("status", self.state),
        )
        return {name: value for name, value in named if value}

    def __bool__(self) -> bool:
        return bool(self.query())


@dataclass(frozen=True)
class ManagerPage:
    plans: list[Plan]
    page: PageView
    filters: ManagerFilters = ManagerFilters()
    campaigns: list[CampaignChoice] = field(default_factory=list)
    enterprises: list[Choice] = field(default_factory=list)
    """The manager's enterprises; the page offers to pick one only when there are several."""
    matched: int | None = None
    """How many plans the filters admit, over every page (None: roster did not count)."""
    unknown: tuple[Asked, ...] = ()
    """A campaign or enterprise in the address that is none of them (an enterprise: none of the manager's)."""

    @property
    def clear_url(self) -> str:
        return MANAGER_PAGE


MANAGER_PAGE = "/manage/inspections"


async def manager_page(
    caller: Caller, *, limit: int | None, cursor: str | None, filters: ManagerFilters | None = None, back: str = ""
) -> ManagerPage:
    """The inspections of the manager's enterprises that roster shows them (surprise ones once revealed), narrowed
    by `filters` (roster applies them)."""
    filters = filters if filters is not None else ManagerFilters()  # an empty one is falsy
    limit = clamp_limit(limit)
    all_campaigns, theirs = await campaigns(caller), await enterprises(caller)
    unknown = not_offered(
        {"campaign": filters.campaign_id, "enterprise": filters.enterprise_id},
        {"campaign": {c.id for c in all_campaigns}, "enterprise": {e.id for e in theirs}},
    )
    if unknown:  # roster is not asked: it would refuse, and the page would say only "not found", naming nothing
        empty = page_view(MANAGER_PAGE, filters.query(), limit=limit, count=0, total=None, next_cursor=None)
        return ManagerPage([], empty, filters=filters, campaigns=all_campaigns, enterprises=theirs, unknown=unknown)
    found = await caller.page("roster", "/inspections", {**filters.query(), "cursor": cursor, "limit": limit})
    plans = await with_site_records(caller, [plan_of(i) for i in found.items])
    page = page_view(
        MANAGER_PAGE,
        {**filters.query(), "cursor": cursor or "", "back": back},
        limit=limit,
        count=len(plans),
        total=found.total,
        next_cursor=found.next_cursor,
    )
    return ManagerPage(
        plans,
        page,
        filters=filters,
        campaigns=all_campaigns,
        enterprises=theirs,
        matched=found.total,
    )
