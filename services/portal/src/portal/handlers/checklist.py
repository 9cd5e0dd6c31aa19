"""The readiness checklist the Department sets, as calls to roster (the administrator's page): a campaign's items by
sector in their order, filtered and paged; the directive's items added in one go (roster skips those the campaign
has, so a second time adds none); one item added, changed (from the version the form was read at, If-Match) or
removed (with every enterprise's mark on it: roster's rule, said before the administrator confirms).

A refusal comes back as `FormErrors` (handlers.admin): roster's words, in both languages, beside the box it names,
or over the form when it names none of its boxes (a campaign full, the directive on a drill)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypeVar

from lichtruc import vntime

from ..clients.services import Caller, ServiceError
from ..domain import admin as forms
from ..domain.asked import Asked, not_offered
from ..domain.campaigns import PREPARE, CampaignChoice, tet_before
from ..domain.checklist import (
    SECTORS,
    DueQuestion,
    Item,
    ItemForm,
    SeedQuestion,
    due_question,
    matching,
    new_due_day,
    overdue_at_once,
)
from ..domain.checklist import seed_question as ask_first
from ..domain.dates import day_label
from ..domain.paging import PageView, clamp_limit, local_next, local_offset, page_view
from ..domain.stale import latest_beside
from .admin import FormErrors, Outcome, Words, form_errors, service_errors
from .readiness import checklist_items
from .staff import DrillNote, campaigns, drill_note, pick_campaign

T = TypeVar("T")
BOXES = ("sector", "title_vi", "title_en", "description", "due_date", "due_at", "position")


@dataclass(frozen=True)
class ChecklistPage:
    campaign_id: str
    campaigns: tuple[CampaignChoice, ...]
    sector: str
    q: str
    items: tuple[Item, ...]
    total: int
    """How many items the campaign has in all (the filters aside): none, and the page says the list is not set yet."""
    page: PageView
    unknown: tuple[Asked, ...] = ()
    drill: DrillNote | None = None
    """The campaign shown is a drill: the page says so and how many items the Tết beside it has, and offers neither
    the directive's items nor last Tết's (roster refuses both on a drill), nor reads an empty list as Tết's."""
    copy_from: CopySource | None = None
    """What "Chép từ Tết trước" would copy from, for a Tết campaign shown (None: a drill, or none shown)."""

    @property
    def campaign(self) -> CampaignChoice | None:
        return next((c for c in self.campaigns if c.id == self.campaign_id), None)


@dataclass(frozen=True)
class CopySource:
    """What "Chép từ Tết trước" would copy, said up front (QZ25 #9: that there was no earlier Tết was said only once
    the button was pressed): the Tết before the one shown (`tet`, domain.campaigns.tet_before; None: there is none,
    looked for among the Tết campaigns begun before `before_day`) and how many items it has."""

    tet: CampaignChoice | None
    items: int
    before_day: date

    @property
    def copyable(self) -> bool:
        return self.tet is not None and self.items > 0


async def copy_source(caller: Caller, choices: Sequence[CampaignChoice], *, shown: CampaignChoice) -> CopySource:
    """The Tết before `shown` and how many checklist items it has (one roster count)."""
    before = tet_before(choices, shown)
    count = await checklist_items(caller, before.id) if before is not None else 0
    return CopySource(before, count, vntime.local_day(shown.starts_at))


async def _items(caller: Caller, campaign_id: str, sector: str = "") -> list[Item]:
    listed = await caller.every("roster", f"/campaigns/{campaign_id}/readiness-items", {"sector": sector or None})
    return [Item.from_api(i) for i in listed]


async def checklist_page(
    caller: Caller,
    *,
    campaign_id: str,
    sector: str,
    q: str,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
) -> ChecklistPage:
    """The campaign's items (the Tết being prepared when none is asked for: domain.campaigns.campaign_to_prepare; an
    id that is none of the campaigns said, and nothing listed) of `sector`, holding the words `q`, one page of them."""
    choices = await campaigns(caller)
    unknown = not_offered({"campaign": campaign_id}, {"campaign": {c.id for c in choices}})
    cid = "" if unknown else pick_campaign(choices, campaign_id, now=caller.clock(), purpose=PREPARE)
    sector = sector if sector in SECTORS else ""
    size = clamp_limit(limit)
    every = await _items(caller, cid) if cid else []
    found = matching((i for i in every if not sector or i.sector == sector), q)
    offset = local_offset(cursor, total=len(found))
    shown = found[offset : offset + size]
    view = page_view(
        path,
        query,
        limit=size,
        count=len(shown),
        total=len(found),
        next_cursor=local_next(offset, limit=size, total=len(found)),
    )
    drill = await drill_note(caller, choices, shown_id=cid, count=lambda tet: checklist_items(caller, tet))
    campaign = next((c for c in choices if c.id == cid), None)
    source = await copy_source(caller, choices, shown=campaign) if campaign is not None and not campaign.drill else None
    return ChecklistPage(cid, tuple(choices), sector, q, tuple(shown), len(every), view, unknown, drill, source)


async def get_item(caller: Caller, *, campaign_id: str, item_id: str) -> Item:
    return Item.from_api(await caller.get("roster", f"/campaigns/{campaign_id}/readiness-items/{item_id}"))


async def find_item(caller: Caller, *, campaign_id: str, item_id: str) -> Item | None:
    """The item, or None when roster has it no more (removed meanwhile: the removal then says so itself)."""
    try:
        return await get_item(caller, campaign_id=campaign_id, item_id=item_id)
    except ServiceError as exc:
        if exc.status == 404:
            return None
        raise


def _on_boxes(errors: FormErrors, boxes: Collection[str]) -> FormErrors:
    """roster's refusals of the fields the form has no box for (the campaign: full, a drill) said over the form."""
    away = [text for name, text in errors.fields.items() if name not in boxes]
    if not away:
        return errors
    kept = {name: text for name, text in errors.fields.items() if name in boxes}
    message = " ".join(dict.fromkeys([*away, *([errors.message] if errors.message and kept else [])]))
    return replace(errors, fields=kept, message=message)


async def _attempt(call: Callable[[], Any], words: Words, boxes: Collection[str]) -> Outcome[Any]:
    """Run a change; the form's own mistakes and roster's refusals (the item gone meanwhile: 404) as FormErrors."""
    try:
        return Outcome(saved=await call())
    except forms.FormInvalid as exc:
        return Outcome(errors=form_errors(exc, words))
    except ServiceError as exc:
        if exc.status == 404 and exc.service == "roster":
            return Outcome(errors=FormErrors({}, words.t("admin.checklist.gone"), 409))
        if exc.status not in (409, 412, 422):
            raise
        return Outcome(errors=_on_boxes(service_errors(exc, words), boxes))


def item_question(caller: Caller, form: ItemForm, *, saved: Item | None = None) -> DueQuestion | None:
    """What to ask before adding the item `form` (or, `saved`, changing that item) when its due has passed by the
    stack's clock; None: save it."""
    before = ItemForm.of(saved) if saved is not None else None
    return due_question(form, now=caller.clock(), new=saved is None, saved=before)


def overdue_now(caller: Caller, item: Item) -> bool:
    """Whether the item saved is overdue already (added or moved as it is, the question answered)."""
    return overdue_at_once(item.due_at, caller.clock())


async def add_item(caller: Caller, words: Words, *, campaign_id: str, form: ItemForm) -> Outcome[Item]:
    async def call() -> Item:
        body = form.body(new=True, after=await _items(caller, campaign_id, form.sector) if form.sector else [])
        return Item.from_api(await caller.post("roster", f"/campaigns/{campaign_id}/readiness-items", body))

    return await _attempt(call, words, BOXES)


async def change_item(caller: Caller, words: Words, *, campaign_id: str, item_id: str, form: ItemForm) -> Outcome[Item]:
    async def call() -> Item:
        after = await _items(caller, campaign_id, form.sector) if not form.position.strip() else []
        body = form.body(new=False, after=[i for i in after if i.id != item_id])
        path = f"/campaigns/{campaign_id}/readiness-items/{item_id}"
        return Item.from_api(await caller.patch("roster", path, body, version=form.version or 0))

    return await _attempt(call, words, BOXES)


async def remove_item(caller: Caller, words: Words, *, campaign_id: str, item_id: str, version: int) -> Outcome[bool]:
    async def call() -> bool:
        await caller.delete("roster", f"/campaigns/{campaign_id}/readiness-items/{item_id}", version=version)
        return True

    return await _attempt(call, words, ())


async def seed_directive(
    caller: Caller, words: Words, *, campaign_id: str, due_date: date | None = None
) -> Outcome[int]:
    """The directive's items for every sector, due by the end of `due_date`, else by the campaign's readiness
    deadline: how many were added."""

    async def call() -> int:
        body = {"due_date": due_date.isoformat()} if due_date is not None else {}
        added = await caller.post("roster", f"/campaigns/{campaign_id}/readiness-items/directive", body)
        return int(added["created"])

    return await _attempt(call, words, ())


@dataclass(frozen=True)
class Copied:
    """The previous Tết's checklist copied (or, a dry run, what copying it would do), as roster said it."""

    from_name: str
    """The Tết copied from (roster's: the one before, drills aside)."""
    added: tuple[Item, ...]
    skipped: int
    """The previous Tết's items the campaign has already by sector and name: not copied."""
    late: int
    """How many of `added` were due by now once moved."""


PREVIOUS_TET = "/campaigns/{}/readiness-items/previous-tet"


async def _copy(caller: Caller, campaign_id: str, body: Mapping[str, Any]) -> Copied:
    done = await caller.post("roster", PREVIOUS_TET.format(campaign_id), dict(body))
    return Copied(
        str(done["from_campaign_name"]),
        tuple(Item.from_api(i) for i in done["items"]),
        int(done["skipped"]),
        int(done["late"]),
    )


async def copy_question(caller: Caller, words: Words, *, campaign_id: str) -> Outcome[SeedQuestion | None]:
    """What to ask before copying the previous Tết's checklist (roster's dry run): how many items, their due days
    moved to this Tết, would be overdue at once and since when, with a new due day offered for them — the directive's
    question (`domain.checklist.seed_question`); None saved: none would be, copy at once. roster's refusal (no Tết
    before, nothing in it, a drill) as the copy's."""

    async def call() -> SeedQuestion | None:
        tried = await _copy(caller, campaign_id, {"dry_run": True})
        now = caller.clock()
        if not any(overdue_at_once(i.due_at, now) for i in tried.added):
            return None
        today, last_day = await _campaign_days(caller, campaign_id)
        return ask_first(list(tried.added), now=now, today=today, last_day=last_day)

    return await _attempt(call, words, ())


async def copy_previous(
    caller: Caller, words: Words, *, campaign_id: str, late_due_date: date | None = None
) -> Outcome[Copied]:
    """The previous Tết's checklist copied; the items whose moved due has passed due by the end of `late_due_date`
    when given (the question's answer), else as they are."""

    async def call() -> Copied:
        return await _copy(caller, campaign_id, {"late_due_date": late_due_date.isoformat()} if late_due_date else {})

    return await _attempt(call, words, ())


async def _campaign_days(caller: Caller, campaign_id: str) -> tuple[date, date]:
    """(today, the campaign's last day), Vietnam time."""
    choice = next((c for c in await campaigns(caller) if c.id == campaign_id), None)
    today = vntime.local_day(caller.clock())
    if choice is None:
        return today, today
    return today, vntime.local_day(choice.ends_at - timedelta(microseconds=1))


async def seed_question(caller: Caller, words: Words, *, campaign_id: str) -> Outcome[SeedQuestion | None]:
    """What to ask before adding the directive's items (roster's dry run: the items it would add): how many would be
    overdue at once and since when, with a new due day offered; None saved: none would be, add them at once.
    Roster's refusal (a drill) as the seed's."""

    async def call() -> SeedQuestion | None:
        path = f"/campaigns/{campaign_id}/readiness-items/directive"
        tried = [Item.from_api(i) for i in (await caller.post("roster", path, {"dry_run": True}))["items"]]
        now = caller.clock()
        if not any(overdue_at_once(i.due_at, now) for i in tried):
            return None
        today, last_day = await _campaign_days(caller, campaign_id)
        return ask_first(tried, now=now, today=today, last_day=last_day)

    return await _attempt(call, words, ())


async def seed_due_day(caller: Caller, words: Words, *, campaign_id: str, typed: str) -> Outcome[date]:
    """The new due day typed for the directive's items, checked against today and the campaign's last day."""
    today, last_day = await _campaign_days(caller, campaign_id)
    try:
        return Outcome(saved=new_due_day(typed, today=today, last_day=last_day))
    except forms.FormInvalid as exc:
        return Outcome(errors=form_errors(exc, words))


def item_over(typed: ItemForm, now: ItemForm, *, words: Words) -> tuple[ItemForm, FormErrors]:
    """The item's form as typed over `now` (the item as it is now), after someone else saved it first: the latest
    saved value beside each box that differs (a due day with its lunar name, a due time as the pages write it)."""

    def said(name: str, value: Any) -> str:
        text = " ".join(str(value or "").split())
        if name == "due_date" and text:
            try:
                return day_label(date.fromisoformat(text), words.lang)
            except ValueError:
                return text
        return text or words.t("latest.empty")

    fields = ("title_vi", "title_en", "description", "due_date", "due_at", "position")
    latest = latest_beside(typed, now, fields=fields, said=said)
    return replace(typed, version=now.version), FormErrors({}, words.t("admin.errors.stale_kept"), 409, latest=latest)
