"""/campaigns/{id}/readiness-items and /enterprises/{id}/readiness: the readiness checklist before Tết."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response, status

from lichtruc.paging import Page, PageRequest, page_out

from ...domain.readiness import ChecklistLine, ReadinessItem
from ...handlers import readiness as handlers
from ..commands import etag
from ..deps import Change, Ctx, Cursor, IdempotentChange, IfMatch
from ..schemas.common import Sector
from ..schemas.readiness import (
    ChecklistLineOut,
    ChecklistSummaryOut,
    CopyOut,
    DirectiveSeedIn,
    MarkDoneIn,
    PreviousTetCopyIn,
    ReadinessItemIn,
    ReadinessItemOut,
    ReadinessItemPatch,
    ReadinessStatus,
    ReopenIn,
    SeedOut,
)
from ..views import local_instant

router = APIRouter(tags=["readiness"])


def item_out(item: ReadinessItem) -> ReadinessItemOut:
    return ReadinessItemOut(
        id=item.id,
        campaign_id=item.campaign_id,
        sector=item.sector,
        title_vi=item.title_vi,
        title_en=item.title_en,
        description=item.description,
        due_at=item.due_at,
        due_date=item.due_date,
        due_local=local_instant(item.due_at),
        position=item.position,
        version=item.version,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def line_out(line: ChecklistLine) -> ChecklistLineOut:
    mark = line.mark
    return ChecklistLineOut(
        item=item_out(line.item),
        status=line.status,
        done=line.status == "done",
        note=mark.note if mark else None,
        reference=mark.reference if mark else None,
        done_at=mark.done_at if mark and mark.done else None,
        done_by=mark.done_by if mark and mark.done else None,
        done_by_name=line.done_by_name,
        mark_version=mark.version if mark else None,
        not_owed_before=line.not_owed_before,
    )


def _render(item: ReadinessItem, *, created: bool = False) -> tuple[ReadinessItemOut, dict[str, str]]:
    headers = etag(item.version)
    if created:
        headers["Location"] = f"/campaigns/{item.campaign_id}/readiness-items/{item.id}"
    return item_out(item), headers


@router.post(
    "/campaigns/{campaign_id}/readiness-items",
    status_code=status.HTTP_201_CREATED,
    response_model=ReadinessItemOut,
    summary="Define a readiness checklist item for every enterprise of a sector (the Department); "
    "publishes ReadinessItemDefined",
)
async def define_readiness_item(campaign_id: uuid.UUID, body: ReadinessItemIn, change: IdempotentChange) -> Response:
    cmd = handlers.DefineItem(
        campaign_id=campaign_id,
        sector=body.sector,
        title_vi=body.title_vi,
        title_en=body.title_en,
        description=body.description,
        due_date=body.due_date,
        due_at=body.due_at,
        position=body.position,
    )
    return await change.run(
        lambda uow: handlers.define_item(uow, cmd),
        lambda v: _render(v, created=True),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/campaigns/{campaign_id}/readiness-items/directive",
    response_model=SeedOut,
    summary="Define the directive's items (equipment and outside plant, back-up power, spare materials, vehicles, "
    "incident-response plan, channel capacity, fire-fighting equipment, patrols; postal delivery) for the sectors "
    "given; items the campaign has already are skipped; dry_run: the items it would add, none added",
)
async def seed_readiness_directive(
    campaign_id: uuid.UUID, change: Change, body: DirectiveSeedIn | None = None
) -> Response:
    seed = body or DirectiveSeedIn()

    def render(items: list[ReadinessItem]) -> tuple[SeedOut, dict[str, str]]:
        return SeedOut(created=len(items), items=[item_out(i) for i in items]), {}

    return await change.run(
        lambda uow: handlers.seed_directive(
            uow,
            campaign_id,
            sectors=tuple(dict.fromkeys(seed.sectors)),
            due_date=seed.due_date,
            due_at=seed.due_at,
            dry_run=seed.dry_run,
        ),
        render,
    )


@router.post(
    "/campaigns/{campaign_id}/readiness-items/previous-tet",
    response_model=CopyOut,
    summary="Copy the checklist of the Tết campaign before this one (drills aside): each item's sector, titles, "
    "description and place, due as many days from this Tết's mùng 1 as it was from that one's; items the campaign "
    "has already (same sector and Vietnamese title) are skipped and counted; late_due_date: the due day of those "
    "whose moved due has passed; dry_run: what it would add, none added; one ReadinessItemDefined each",
)
async def copy_previous_tet_checklist(
    campaign_id: uuid.UUID, change: Change, body: PreviousTetCopyIn | None = None
) -> Response:
    asked = body or PreviousTetCopyIn()

    def render(done: handlers.CopiedFromTet) -> tuple[CopyOut, dict[str, str]]:
        out = CopyOut(
            from_campaign_id=done.from_campaign_id,
            from_campaign_name=done.from_campaign_name,
            created=len(done.added),
            skipped=len(done.skipped),
            late=done.late,
            items=[item_out(i) for i in done.added],
            skipped_items=[item_out(i) for i in done.skipped],
        )
        return out, {}

    return await change.run(
        lambda uow: handlers.copy_previous_tet(
            uow, campaign_id, late_due_date=asked.late_due_date, dry_run=asked.dry_run
        ),
        render,
    )


@router.get(
    "/campaigns/{campaign_id}/readiness-items",
    response_model=Page[ReadinessItemOut],
    summary="A campaign's readiness checklist items by sector, then checklist order",
)
async def list_readiness_items(
    campaign_id: uuid.UUID, request: Request, response: Response, ctx: Ctx, page: Cursor, sector: Sector | None = None
) -> dict[str, Any]:
    found = await handlers.list_items(ctx, campaign_id, sector=sector, page=page)
    return page_out(request, response, found, page.limit, [item_out(i) for i in found.items])


@router.get(
    "/campaigns/{campaign_id}/readiness-items/{item_id}",
    response_model=ReadinessItemOut,
    summary="One readiness checklist item",
)
async def get_readiness_item(
    campaign_id: uuid.UUID, item_id: uuid.UUID, ctx: Ctx, response: Response
) -> ReadinessItemOut:
    found = await handlers.get_item(ctx, campaign_id, item_id=item_id)
    response.headers.update(etag(found.version))
    return item_out(found)


@router.patch(
    "/campaigns/{campaign_id}/readiness-items/{item_id}",
    response_model=ReadinessItemOut,
    summary="Change an item's titles, description, due date or order; needs If-Match; publishes ReadinessItemUpdated",
)
async def change_readiness_item(
    campaign_id: uuid.UUID, item_id: uuid.UUID, body: ReadinessItemPatch, change: Change, pre: IfMatch
) -> Response:
    changes = {name: getattr(body, name) for name in body.model_fields_set if getattr(body, name) is not None}
    return await change.run(
        lambda uow: handlers.change_item(uow, campaign_id, item_id=item_id, changes=changes, pre=pre), _render
    )


@router.delete(
    "/campaigns/{campaign_id}/readiness-items/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an item (and every enterprise's mark on it); needs If-Match; publishes ReadinessItemRemoved",
)
async def remove_readiness_item(campaign_id: uuid.UUID, item_id: uuid.UUID, change: Change, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.remove_item(uow, campaign_id, item_id=item_id, pre=pre),
        lambda _: (None, {}),
        status_code=204,
    )


@router.get(
    "/enterprises/{enterprise_id}/readiness",
    response_model=Page[ChecklistLineOut],
    summary="The enterprise's readiness checklist in a campaign: each item of its sector done / open / overdue "
    "(due passed, not done) as of now, in checklist order; filters on a status",
)
async def enterprise_readiness(
    enterprise_id: uuid.UUID,
    campaign_id: uuid.UUID,
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    status: ReadinessStatus | None = None,
) -> dict[str, Any]:
    found = await handlers.checklist(ctx, enterprise_id, campaign_id=campaign_id, status=status, page=page)
    return page_out(request, response, found.lines, page.limit, [line_out(x) for x in found.lines.items])


@router.get(
    "/enterprises/{enterprise_id}/readiness/summary",
    response_model=ChecklistSummaryOut,
    summary="How far the enterprise's readiness checklist is: done x of y, overdue z, as of now",
)
async def enterprise_readiness_summary(
    enterprise_id: uuid.UUID, campaign_id: uuid.UUID, ctx: Ctx
) -> ChecklistSummaryOut:
    found = await handlers.checklist(
        ctx, enterprise_id, campaign_id=campaign_id, status=None, page=PageRequest(limit=1)
    )
    return ChecklistSummaryOut(
        enterprise_id=found.enterprise_id,
        enterprise_name=found.enterprise_name,
        sector=found.sector,
        campaign_id=found.campaign_id,
        as_of=found.now,
        done=found.done,
        overdue=found.overdue,
        open=found.total - found.done - found.overdue,
        total=found.total,
    )


def _line(line: ChecklistLine) -> tuple[ChecklistLineOut, dict[str, str]]:
    return line_out(line), {}


@router.post(
    "/enterprises/{enterprise_id}/readiness/{item_id}/done",
    response_model=ChecklistLineOut,
    summary="Mark an item of the enterprise's checklist done, with a note or a reference or both (again: replace "
    "them); publishes ReadinessItemCompleted",
)
async def mark_readiness_done(
    enterprise_id: uuid.UUID, item_id: uuid.UUID, body: MarkDoneIn, change: IdempotentChange
) -> Response:
    return await change.run(
        lambda uow: handlers.mark_done(uow, enterprise_id, item_id=item_id, note=body.note, reference=body.reference),
        _line,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/enterprises/{enterprise_id}/readiness/{item_id}/reopen",
    response_model=ChecklistLineOut,
    summary="Reopen an item marked done, saying why: it is open (or overdue) again; publishes ReadinessItemReopened",
)
async def reopen_readiness_item(
    enterprise_id: uuid.UUID, item_id: uuid.UUID, change: Change, body: ReopenIn | None = None
) -> Response:
    note = body.note if body else ""
    return await change.run(lambda uow: handlers.reopen(uow, enterprise_id, item_id=item_id, note=note), _line)
