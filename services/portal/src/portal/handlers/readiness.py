"""The readiness checklist before Tết: an enterprise's checklist for its manager (mark an item done with a
note and a reference, reopen it; overdue items stand out), and the inspectors' province-wide overview
(enterprises × status, overdue first to find)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from ..clients.paging import read_page
from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.asked import Asked, not_offered
from ..domain.before_tet import due_day
from ..domain.campaigns import PREPARE, CampaignChoice
from ..domain.dates import parse_instant
from ..domain.field_words import refused_fields
from ..domain.paging import PageView, clamp_limit, page_view
from .staff import Choice, DrillNote, campaigns, drill_note, enterprises, how_many, pick, pick_campaign

STATUSES = ("overdue", "open", "done")
SECTORS = ("postal", "telecom", "internet", "television")


@dataclass(frozen=True)
class Line:
    item_id: str
    title: str
    description: str
    due_at: str
    due_date: str | None
    status: str
    note: str
    reference: str
    done_at: str | None
    done_by: str | None
    event_id: str | None = None
    """The logged event of the mark (audit's overview only), what proves it in the log."""
    done_by_name: str | None = None
    """The display name of the account that marked it done (`done_by` is its login), when the service knows it."""
    not_owed_before: date | None = None
    """Set when the enterprise does not owe the item (due before the day it owes from, that day): still listed and
    markable done, never overdue, not counted unless done (roster's and audit's `not_owed_before`)."""

    @property
    def who(self) -> str:
        """Who marked it done as people read it: the person's name, the login only when no name is known."""
        return self.done_by_name or self.done_by or ""

    @property
    def due_day(self) -> date | None:
        """The local day it is due by the end of: its due day, or the day before a due time of 00:00
        (Vietnam time) — so every line reads "hết ngày …", never "00:00" of the morning after. None for
        a due time within a day."""
        return due_day(parse_instant(self.due_at), self.due_date)  # the board's "what is left" says it alike

    @property
    def state(self) -> str:
        """The line's state as its tag says it: done, done late (one tag, not "done" and "done late"),
        open or overdue."""
        return "done_late" if self.done_late else self.status

    @property
    def done_late(self) -> bool:
        """Marked done after it was due: done, and shown as such, but the inspector sees it was late."""
        return (
            self.status == "done"
            and self.done_at is not None
            and datetime.fromisoformat(self.done_at) > datetime.fromisoformat(self.due_at)
        )


@dataclass(frozen=True)
class ChecklistView:
    campaign_id: str
    enterprise_id: str
    campaigns: tuple[CampaignChoice, ...]
    enterprises: tuple[Choice, ...]
    status: str
    enterprise_name: str
    done: int
    overdue: int
    open: int
    lines: tuple[Line, ...]
    page: PageView
    sector: str = ""
    """The enterprise's sector (whose checklist it is), "" when no enterprise's checklist was read."""
    department: str = ""
    """The Department's name as an administrator saved it (roster's `GET /department`), "" until set or when roster
    cannot say: the page then says "Sở" / "the Department" (QZ11: it named the old Department after a rename)."""
    drill: DrillNote | None = None
    """The campaign shown is a drill: the page says so, and how many items the enterprise has in the Tết beside it."""

    @property
    def total(self) -> int:
        return self.done + self.overdue + self.open


def _title(doc: Mapping[str, Any], lang: str) -> str:
    return str(doc["title_vi"] if lang == "vi" else doc["title_en"])


def _line(doc: Mapping[str, Any], lang: str) -> Line:
    item = doc["item"]
    return Line(
        item_id=str(item["id"]),
        title=_title(item, lang),
        description=str(item.get("description") or ""),
        due_at=str(item["due_at"]),
        due_date=item.get("due_date"),
        status=str(doc["status"]),
        note=str(doc.get("note") or ""),
        reference=str(doc.get("reference") or ""),
        done_at=doc.get("done_at"),
        done_by=doc.get("done_by"),
        done_by_name=doc.get("done_by_name") or None,
        not_owed_before=_day(doc.get("not_owed_before")),
    )


async def department_name(caller: Caller) -> str:
    """The Department's name as saved on /admin/department; "" before it is set or when roster cannot say."""
    try:
        found = await caller.get("roster", "/department")
    except (ServiceError, ServiceUnavailable):
        return ""
    return str(found.get("department") or "") if found.get("set") else ""


async def checklist_page(
    caller: Caller,
    *,
    lang: str,
    campaign_id: str,
    enterprise_id: str,
    status: str,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
) -> ChecklistView:
    """The enterprise's checklist in the campaign (the Tết being prepared and the first enterprise the person may
    see, if none chosen: domain.campaigns.campaign_to_prepare)."""
    all_campaigns, all_enterprises = await campaigns(caller), await enterprises(caller)
    cid = pick_campaign(all_campaigns, campaign_id, now=caller.clock(), purpose=PREPARE)
    eid = pick(all_enterprises, enterprise_id)
    status = status if status in STATUSES else ""
    size = clamp_limit(limit)
    body: dict[str, Any] = {"items": [], "limit": size, "total": 0, "next": None}
    counts: dict[str, Any] = {}
    if cid and eid:
        body = await caller.get(
            "roster",
            f"/enterprises/{eid}/readiness",
            {"campaign_id": cid, "status": status, "limit": size, "cursor": cursor},
        )
        counts = await caller.get("roster", f"/enterprises/{eid}/readiness/summary", {"campaign_id": cid})
    found = read_page(body)
    return ChecklistView(
        department=await department_name(caller),
        campaign_id=cid,
        enterprise_id=eid,
        campaigns=tuple(all_campaigns),
        enterprises=tuple(all_enterprises),
        status=status,
        enterprise_name=str(counts.get("enterprise_name", "")),
        done=int(counts.get("done", 0)),
        overdue=int(counts.get("overdue", 0)),
        open=int(counts.get("open", 0)),
        lines=tuple(_line(x, lang) for x in found.items),
        page=page_view(
            path, query, limit=size, count=len(found.items), total=found.total, next_cursor=found.next_cursor
        ),
        sector=str(counts.get("sector") or ""),
        drill=await drill_note(caller, all_campaigns, shown_id=cid, count=lambda tet: _items_of(caller, tet, eid))
        if eid
        else None,
    )


async def _items_of(caller: Caller, campaign_id: str, enterprise_id: str) -> int:
    """How many items the enterprise has in the campaign's checklist."""
    counts = await caller.get("roster", f"/enterprises/{enterprise_id}/readiness/summary", {"campaign_id": campaign_id})
    return sum(int(counts.get(k, 0)) for k in ("done", "overdue", "open"))


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str = ""
    status: int = 200  # roster's answer when refused: 422 a rule (a reopening without its reason), 409 a state
    boxes: tuple[str, ...] = ()  # the form's boxes the refusal is about ("note", "reference"), by `refused_boxes`


@dataclass(frozen=True)
class Refused:
    """A line's form roster refused: which line (`item_id`), which form ("done" or "reopen"), why in words, and what
    was typed in it, so that the form shows it again on the line (its boxes marked when the rule is theirs)."""

    item_id: str
    action: str
    message: str
    note: str = ""
    reference: str = ""
    boxes: tuple[str, ...] = ()  # the form's boxes the refusal is about (marked at them): none for the line's state


EITHER_BOX = "evidence-required"
"""Roster's rule for a line marked done with neither a note nor a reference: said of both boxes (either mends it)."""


def refused_boxes(exc: ServiceError, boxes: tuple[str, ...]) -> tuple[str, ...]:
    """Which of a line's form's `boxes` roster's refusal names (marked invalid, described by it); none when it is
    about the line's state (done or reopened meanwhile)."""
    named = set(exc.field_errors("en")) & set(boxes)
    if any(isinstance(e, dict) and e.get("rule") == EITHER_BOX for e in exc.problem.get("errors") or ()):
        named |= set(boxes)
    return tuple(box for box in boxes if box in named)


def refusal_words(exc: ServiceError, *, lang: str, labels: Mapping[str, str]) -> str:
    """Why roster refused a line's form, said once above its boxes: its `detail`, or — when all it refused is text
    past a box's limit — each box by its label (`labels`: roster's field → the form's label) in portal.js's words
    under it (`text_limits.over_said`: "Ghi chú (đã làm gì): Thừa 33 ký tự (tối đa 1000) — …"), not roster's
    "Yêu cầu không hợp lệ — Ghi chú: quá dài (tối đa 1000 ký tự)" (QZ17 #4)."""
    errors = exc.problem.get("errors") or ()
    if not errors or not all(isinstance(e, Mapping) and "over" in e for e in errors):
        return exc.detail(lang)
    said = refused_fields(exc.problem, lang=lang, labels=labels)
    return " ".join(said.values()) or exc.detail(lang)


async def mark_done(
    caller: Caller,
    *,
    enterprise_id: str,
    item_id: str,
    note: str,
    reference: str,
    lang: str,
    labels: Mapping[str, str] = MappingProxyType({}),
) -> Outcome:
    try:
        await caller.post(
            "roster",
            f"/enterprises/{enterprise_id}/readiness/{item_id}/done",
            {"note": note.strip(), "reference": reference.strip()},
        )
    except ServiceError as exc:
        if exc.status in (404, 409, 422):
            message = refusal_words(exc, lang=lang, labels=labels)
            return Outcome(False, message, exc.status, refused_boxes(exc, ("note", "reference")))
        raise
    return Outcome(True)


async def reopen(
    caller: Caller,
    *,
    enterprise_id: str,
    item_id: str,
    note: str,
    lang: str,
    labels: Mapping[str, str] = MappingProxyType({}),
) -> Outcome:
    try:
        await caller.post("roster", f"/enterprises/{enterprise_id}/readiness/{item_id}/reopen", {"note": note.strip()})
    except ServiceError as exc:
        if exc.status in (404, 409, 422):
            return Outcome(
                False, refusal_words(exc, lang=lang, labels=labels), exc.status, refused_boxes(exc, ("note",))
            )
        raise
    return Outcome(True)


# --- the inspectors' overview ---------------------------------------------------------------------


@dataclass(frozen=True)
class EnterpriseRow:
    enterprise_id: str
    name: str
    sector: str
    done: int
    overdue: int
    open: int
    total: int
    lines: tuple[Line, ...]
    obligations_from: date | None = None
    """The day the Department set it owes readiness items from (audit's `obligations_from`), None: every item."""


@dataclass(frozen=True)
class OverviewView:
    campaign_id: str
    campaigns: tuple[CampaignChoice, ...]
    enterprises: tuple[Choice, ...]
    status: str
    sector: str
    enterprise_id: str
    summary: Mapping[str, int]
    rows: tuple[EnterpriseRow, ...]
    page: PageView
    unknown: tuple[Asked, ...] = ()
    """The campaign or enterprise the address asked for that is none of them (domain.asked): said, audit not asked,
    so neither the default campaign's checklists nor the whole province's stand in for it."""
    drill: DrillNote | None = None
    """The campaign shown is a drill: the page says so, and how many items the Tết beside it has."""


def _overview_line(doc: Mapping[str, Any], lang: str) -> Line:
    return Line(
        item_id=str(doc["item_id"]),
        title=_title(doc, lang),
        description="",
        due_at=str(doc["due_at"]),
        due_date=doc.get("due_date"),
        status=str(doc["status"]),
        note=str(doc.get("note") or ""),
        reference=str(doc.get("reference") or ""),
        done_at=doc.get("done_at"),
        done_by=doc.get("done_by"),
        event_id=doc.get("event_id") or None,
        done_by_name=doc.get("done_by_name") or None,
        not_owed_before=_day(doc.get("not_owed_before")),
    )


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


async def overview_page(
    caller: Caller,
    *,
    lang: str,
    campaign_id: str,
    status: str,
    sector: str,
    enterprise_id: str,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
) -> OverviewView:
    all_campaigns, all_enterprises = await campaigns(caller), await enterprises(caller)
    unknown = not_offered(
        {"campaign": campaign_id, "enterprise": enterprise_id},
        {"campaign": {c.id for c in all_campaigns}, "enterprise": {e.id for e in all_enterprises}},
    )
    cid = (
        "" if "campaign" in unknown else pick_campaign(all_campaigns, campaign_id, now=caller.clock(), purpose=PREPARE)
    )
    status = status if status in STATUSES else ""
    sector = sector if sector in SECTORS else ""
    enterprise_id = "" if "enterprise" in unknown else enterprise_id
    size = clamp_limit(limit)
    body: dict[str, Any] = {"items": [], "limit": size, "total": 0, "next": None}
    summary: dict[str, Any] = {}
    if cid and not unknown:
        filters = {"campaign_id": cid, "status": status, "sector": sector, "enterprise_id": enterprise_id}
        body = await caller.get("audit", "/readiness", {**filters, "limit": size, "cursor": cursor})
        summary = await caller.get("audit", "/readiness/summary", filters)
    found = read_page(body)
    rows = tuple(
        EnterpriseRow(
            enterprise_id=str(e["enterprise_id"]),
            name=str(e["name"]),
            sector=str(e["sector"]),
            done=int(e["done"]),
            overdue=int(e["overdue"]),
            open=int(e["open"]),
            total=int(e["total"]),
            lines=tuple(_overview_line(x, lang) for x in e["items"]),
            obligations_from=_day(e.get("obligations_from")),
        )
        for e in found.items
    )
    return OverviewView(
        campaign_id=cid,
        campaigns=tuple(all_campaigns),
        enterprises=tuple(all_enterprises),
        status=status,
        sector=sector,
        enterprise_id=enterprise_id,
        summary={k: int(v) for k, v in summary.items() if isinstance(v, int)},
        rows=rows,
        page=page_view(
            path, query, limit=size, count=len(found.items), total=found.total, next_cursor=found.next_cursor
        ),
        unknown=unknown,
        drill=await drill_note(caller, all_campaigns, shown_id=cid, count=lambda tet: checklist_items(caller, tet)),
    )


async def checklist_items(caller: Caller, campaign_id: str) -> int:
    """How many items the Department set in the campaign's checklist (every sector)."""
    return await how_many(caller, "roster", path=f"/campaigns/{campaign_id}/readiness-items", params={})
