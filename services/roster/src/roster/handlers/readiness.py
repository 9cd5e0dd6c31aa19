"""The readiness checklist before Tết: the Department (administrators, inspectors) defines items
per campaign and sector — one call seeds the directive's — and an enterprise's manager marks each
item of the enterprise's sector done (note + reference) or reopens it. Every change publishes an
event through the outbox; an enterprise's checklist shows each item done / open / overdue as of the
service clock."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from lichtruc import lunar
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
    ReadinessItemUpdated,
)
from lichtruc.paging import PageRequest, Slice, by_offset
from lichtruc.vntime import utc

from ..domain.errors import Conflict, Precondition, missing
from ..domain.readiness import (
    SECTORS,
    ChecklistLine,
    ReadinessItem,
    ReadinessMark,
    Status,
    check_copy_campaign,
    check_count,
    check_directive_campaign,
    check_done_evidence,
    check_due,
    check_reopen_reason,
    copied_checklist,
    due_instant,
    line_status,
    no_previous_items,
    no_previous_tet,
    not_yet_seeded,
    owed,
    wrong_sector,
)
from ..domain.reference import Enterprise
from ..domain.shifts import known_campaign
from .context import Context, UnitOfWork, reading

CHECKLIST_KIND = "readiness-checklist"


@dataclass(frozen=True)
class DefineItem:
    campaign_id: uuid.UUID
    sector: str
    title_vi: str
    title_en: str
    description: str = ""
    due_date: date | None = None
    due_at: datetime | None = None
    position: int = 0


@dataclass(frozen=True)
class Checklist:
    """One enterprise's checklist in one campaign (one page of it), with its counts."""

    enterprise_id: uuid.UUID
    enterprise_name: str
    sector: str
    campaign_id: uuid.UUID
    now: datetime
    lines: Slice[ChecklistLine]
    done: int
    overdue: int
    total: int


def _item_event(item: ReadinessItem, actor: str | None, *, new: bool) -> ReadinessItemDefined:
    kind = ReadinessItemDefined if new else ReadinessItemUpdated
    return kind(
        item_id=item.id,
        campaign_id=item.campaign_id,
        sector=item.sector,
        title_vi=item.title_vi,
        title_en=item.title_en,
        description=item.description,
        due_at=utc(item.due_at),
        due_date=item.due_date,
        position=item.position,
        version=item.version,
        actor=actor,
    )


async def _campaign(uow: UnitOfWork, campaign_id: uuid.UUID) -> None:
    known_campaign(await uow.facts.campaign(campaign_id), campaign_id)


async def define_item(uow: UnitOfWork, cmd: DefineItem) -> ReadinessItem:
    """Add an item to a sector's checklist; publishes ReadinessItemDefined."""
    await _campaign(uow, cmd.campaign_id)
    check_due(cmd.due_date, cmd.due_at, required=True)
    check_count(await uow.readiness.count(cmd.campaign_id), 1)
    item = ReadinessItem(
        id=uuid.uuid4(),
        campaign_id=cmd.campaign_id,
        sector=cmd.sector,
        title_vi=cmd.title_vi,
        title_en=cmd.title_en,
        description=cmd.description,
        due_at=due_instant(cmd.due_date, cmd.due_at),
        due_date=cmd.due_date,
        position=cmd.position,
        version=1,
        created_at=uow.now,
        updated_at=uow.now,
    )
    await uow.readiness.add(item)
    await uow.emit(_item_event(item, uow.actor, new=True), key=item.campaign_id, subject=f"readiness-items/{item.id}")
    return item


async def seed_directive(
    uow: UnitOfWork,
    campaign_id: uuid.UUID,
    *,
    sectors: tuple[str, ...] = SECTORS,
    due_date: date | None = None,
    due_at: datetime | None = None,
    dry_run: bool = False,
) -> list[ReadinessItem]:
    """Define the directive's items for these sectors (due: the date given, else the campaign's
    readiness deadline); an item the campaign already has (same sector, and its title or a former one:
    `not_yet_seeded`) is skipped, so a second call adds nothing, also after an item's rename. A drill gets none (RuleViolation `readiness-tet-only`). `dry_run`: the items
    it would define, none defined (nothing published)."""
    check_due(due_date, due_at, required=False)
    campaign = await uow.campaigns.get(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    check_directive_campaign(campaign.kind, campaign.name)
    due = campaign.deadline if due_date is None and due_at is None else due_instant(due_date, due_at)
    have = await uow.readiness.titles(campaign_id)
    wanted = not_yet_seeded(sectors, have)
    check_count(len(have), len(wanted))
    created = []
    for sector, position, d in wanted:
        item = ReadinessItem(
            id=uuid.uuid4(),
            campaign_id=campaign_id,
            sector=sector,
            title_vi=d.title_vi,
            title_en=d.title_en,
            description=d.description,
            due_at=due,
            due_date=due_date,
            position=position,
            version=1,
            created_at=uow.now,
            updated_at=uow.now,
        )
        if not dry_run:
            await uow.readiness.add(item)
            await uow.emit(
                _item_event(item, uow.actor, new=True), key=campaign_id, subject=f"readiness-items/{item.id}"
            )
        created.append(item)
    return created


@dataclass(frozen=True)
class CopiedFromTet:
    """The previous Tết's checklist copied into a campaign (or, a dry run, what copying it would do)."""

    from_campaign_id: uuid.UUID
    from_campaign_name: str
    added: list[ReadinessItem]
    skipped: list[ReadinessItem]
    """The previous Tết's items the campaign has already (same sector and Vietnamese title): not copied."""
    late: int
    """How many of `added` were due by now once moved (due `late_due_date` instead when it was given)."""


async def copy_previous_tet(
    uow: UnitOfWork,
    campaign_id: uuid.UUID,
    *,
    late_due_date: date | None = None,
    dry_run: bool = False,
) -> CopiedFromTet:
    """Define the items of the Tết campaign before this one (drills aside) in this one: each with its sector, titles,
    description and place, due as many days from this Tết's mùng 1 as it was from that one's
    (`domain.readiness.moved_due`); one the campaign has by sector and Vietnamese title is skipped, so a second copy
    adds nothing. One due by now once moved is due by the end of `late_due_date` when given (the answer to the
    portal's question), else overdue at once. One ReadinessItemDefined each, in the one transaction. A drill gets
    none (`readiness-tet-only`); no Tết before, or one with no items, is refused naming them (`no-previous-tet`,
    `no-previous-items`). `dry_run`: what it would define, none defined."""
    campaign = await uow.campaigns.get(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    check_copy_campaign(campaign.kind, campaign.name)
    previous = await uow.campaigns.tet_before(campaign.lunar_year)
    if previous is None:
        raise no_previous_tet(campaign.name)
    items = [i for sector in SECTORS for i in await uow.readiness.of_sector(campaign_id=previous.id, sector=sector)]
    if not items:
        raise no_previous_items(previous.name, campaign.name)
    have = await uow.readiness.titles(campaign_id)
    copied = copied_checklist(
        items,
        have,
        campaign_id=campaign_id,
        from_tet=lunar.tet(previous.lunar_year),
        to_tet=lunar.tet(campaign.lunar_year),
        now=uow.now,
        late_due=late_due_date,
        new_id=uuid.uuid4,
    )
    check_count(len(have), len(copied.added))
    if not dry_run:
        for item in copied.added:
            await uow.readiness.add(item)
            await uow.emit(
                _item_event(item, uow.actor, new=True), key=campaign_id, subject=f"readiness-items/{item.id}"
            )
    return CopiedFromTet(previous.id, previous.name, list(copied.added), list(copied.skipped), copied.late)


async def _item_of(uow_or_repos: Any, campaign_id: uuid.UUID, item_id: uuid.UUID, *, lock: bool) -> ReadinessItem:
    item: ReadinessItem | None = await uow_or_repos.readiness.get(item_id, lock=lock)
    if item is None or item.campaign_id != campaign_id:
        raise missing("readiness_item", item_id)
    return item


async def change_item(
    uow: UnitOfWork, campaign_id: uuid.UUID, *, item_id: uuid.UUID, changes: Mapping[str, Any], pre: Precondition
) -> ReadinessItem:
    """Change an item's titles, description, due date or order; publishes ReadinessItemUpdated."""
    current = await _item_of(uow, campaign_id, item_id, lock=True)
    pre.check(current.version, what="readiness checklist item", what_vi="mục kiểm tra sẵn sàng", ident=current.title_en)
    due_date, due_at = changes.get("due_date"), changes.get("due_at")
    check_due(due_date, due_at, required=False)
    if due_date is None and due_at is None:
        due_date, due = current.due_date, current.due_at
    else:
        due = due_instant(due_date, due_at)
    item = current.change(
        now=uow.now,
        title_vi=changes.get("title_vi") or current.title_vi,
        title_en=changes.get("title_en") or current.title_en,
        description=changes.get("description", current.description),
        due_at=due,
        due_date=due_date,
        position=changes.get("position", current.position),
    )
    await uow.readiness.save(item)
    await uow.emit(_item_event(item, uow.actor, new=False), key=campaign_id, subject=f"readiness-items/{item_id}")
    return item


async def remove_item(uow: UnitOfWork, campaign_id: uuid.UUID, *, item_id: uuid.UUID, pre: Precondition) -> None:
    """Remove an item and every enterprise's mark on it; publishes ReadinessItemRemoved."""
    current = await _item_of(uow, campaign_id, item_id, lock=True)
    pre.check(current.version, what="readiness checklist item", what_vi="mục kiểm tra sẵn sàng", ident=current.title_en)
    await uow.readiness.remove(item_id)
    await uow.emit(
        ReadinessItemRemoved(
            item_id=item_id,
            campaign_id=campaign_id,
            sector=current.sector,
            version=current.version + 1,
            actor=uow.actor,
        ),
        key=campaign_id,
        subject=f"readiness-items/{item_id}",
    )


async def get_item(ctx: Context, campaign_id: uuid.UUID, *, item_id: uuid.UUID) -> ReadinessItem:
    async with reading(ctx) as repos:
        return await _item_of(repos, campaign_id, item_id, lock=False)


async def list_items(
    ctx: Context, campaign_id: uuid.UUID, *, sector: str | None, page: PageRequest
) -> Slice[ReadinessItem]:
    """A campaign's items by sector, then checklist order."""
    async with reading(ctx) as repos:
        if await repos.facts.campaign(campaign_id) is None:
            raise missing("campaign", campaign_id)
        return await repos.readiness.page(campaign_id=campaign_id, sector=sector, page=page)


async def _registered(repos: Any, enterprise_id: uuid.UUID) -> Enterprise:
    enterprise: Enterprise | None = await repos.enterprises.get(enterprise_id)
    if enterprise is None:
        raise missing("enterprise", enterprise_id)
    return enterprise


def _checklist_line(
    item: ReadinessItem,
    mark: ReadinessMark | None,
    names: Mapping[str, str],
    *,
    now: datetime,
    owes_from: date | None,
) -> ChecklistLine:
    """The line of `item` for an enterprise owing from `owes_from`: one it does not owe is flagged, never overdue."""
    done_by = mark.done_by if mark is not None and mark.done else None
    is_owed = owed(item, owes_from)
    return ChecklistLine(
        item,
        mark,
        line_status(item, mark, now, is_owed=is_owed),
        None if done_by is None else names.get(done_by),
        not_owed_before=None if is_owed else owes_from,
    )


async def _names(uow: UnitOfWork, mark: ReadinessMark) -> Mapping[str, str]:
    return {} if mark.done_by is None or not mark.done else await uow.accounts.display_names({mark.done_by})


async def checklist(
    ctx: Context,
    enterprise_id: uuid.UUID,
    *,
    campaign_id: uuid.UUID,
    status: Status | None,
    page: PageRequest,
) -> Checklist:
    """The items of the enterprise's sector with its marks, each done / open / overdue as of now; those due before
    the day it owes from (`domain.readiness.owed`) listed, flagged (`not_owed_before`), never overdue, and counted
    only when marked done."""
    now = ctx.clock()
    async with reading(ctx) as repos:
        enterprise = await _registered(repos, enterprise_id)
        name, sector, owes_from = enterprise.name, enterprise.sector, enterprise.obligations_from
        if await repos.facts.campaign(campaign_id) is None:
            raise missing("campaign", campaign_id)
        items = await repos.readiness.of_sector(campaign_id=campaign_id, sector=sector)
        marks = await repos.readiness.marks([i.id for i in items], enterprise_id)
        logins = {m.done_by for m in marks.values() if m.done and m.done_by is not None}
        names = await repos.accounts.display_names(logins)
    every = [_checklist_line(i, marks.get(i.id), names, now=now, owes_from=owes_from) for i in items]
    lines = [line for line in every if line.status == "done" or line.not_owed_before is None]
    shown = [line for line in every if status is None or line.status == status]
    start = page.offset(CHECKLIST_KIND)
    return Checklist(
        enterprise_id=enterprise_id,
        enterprise_name=name,
        sector=sector,
        campaign_id=campaign_id,
        now=now,
        lines=by_offset(shown[start : start + page.limit + 1], page, CHECKLIST_KIND, total=len(shown)),
        done=sum(1 for line in lines if line.status == "done"),
        overdue=sum(1 for line in lines if line.status == "overdue"),
        total=len(lines),
    )


async def _line(
    uow: UnitOfWork, enterprise_id: uuid.UUID, item_id: uuid.UUID
) -> tuple[ReadinessItem, ReadinessMark | None, date | None]:
    enterprise = await _registered(uow, enterprise_id)
    name, sector = enterprise.name, enterprise.sector
    item = await uow.readiness.get(item_id)
    if item is None:
        raise missing("readiness_item", item_id)
    if item.sector != sector:
        raise wrong_sector(item, name, sector)
    return item, await uow.readiness.mark(item_id, enterprise_id, lock=True), enterprise.obligations_from


async def mark_done(
    uow: UnitOfWork, enterprise_id: uuid.UUID, *, item_id: uuid.UUID, note: str, reference: str
) -> ChecklistLine:
    """Mark an item done for the enterprise (again: a new note or reference), with a note or a reference at least;
    publishes ReadinessItemCompleted."""
    item, current, owes_from = await _line(uow, enterprise_id, item_id)
    check_done_evidence(item, note, reference)
    mark = ReadinessMark(
        item_id=item_id,
        enterprise_id=enterprise_id,
        done=True,
        note=note,
        reference=reference,
        done_at=uow.now,
        done_by=uow.actor,
        version=1 if current is None else current.version + 1,
        updated_at=uow.now,
    )
    await uow.readiness.put_mark(mark)
    await uow.emit(
        ReadinessItemCompleted(
            item_id=item_id,
            campaign_id=item.campaign_id,
            enterprise_id=enterprise_id,
            sector=item.sector,
            title_vi=item.title_vi,
            due_at=utc(item.due_at),
            note=note,
            reference=reference,
            done_at=utc(uow.now),
            version=mark.version,
            actor=uow.actor,
        ),
        key=enterprise_id,
        subject=f"enterprises/{enterprise_id}/readiness/{item_id}",
    )
    return _checklist_line(item, mark, await _names(uow, mark), now=uow.now, owes_from=owes_from)


async def reopen(uow: UnitOfWork, enterprise_id: uuid.UUID, *, item_id: uuid.UUID, note: str) -> ChecklistLine:
    """Withdraw the enterprise's mark: the item is open (or overdue) again; publishes ReadinessItemReopened."""
    item, current, owes_from = await _line(uow, enterprise_id, item_id)
    if current is None or not current.done:
        raise Conflict(
            "item_id",
            "not-done",
            f"“{item.title_en}” is not marked done for this enterprise: there is nothing to reopen.",
            f"Mục “{item.title_vi}” chưa được đánh dấu hoàn thành cho doanh nghiệp này: không có gì để mở lại.",
        )
    check_reopen_reason(item, note)
    mark = replace(current, done=False, note=note, version=current.version + 1, updated_at=uow.now)
    await uow.readiness.put_mark(mark)
    await uow.emit(
        ReadinessItemReopened(
            item_id=item_id,
            campaign_id=item.campaign_id,
            enterprise_id=enterprise_id,
            sector=item.sector,
            title_vi=item.title_vi,
            due_at=utc(item.due_at),
            note=note,
            reopened_at=utc(uow.now),
            version=mark.version,
            actor=uow.actor,
        ),
        key=enterprise_id,
        subject=f"enterprises/{enterprise_id}/readiness/{item_id}",
    )
    return _checklist_line(item, mark, {}, now=uow.now, owes_from=owes_from)
