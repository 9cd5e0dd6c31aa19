"""Projecting the readiness checklist's events (one branch of `projector._apply_to_read_model`), and
the inspectors' province-wide view of it."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any

from lichtruc.events import EventData
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
)
from lichtruc.paging import PageRequest, Slice, by_offset

from ..db.readiness import ReadinessReads
from ..domain.readiness import EnterpriseReadiness, Status, apply_item, apply_mark, mark_id, overview
from .context import Context

EVENTS = (ReadinessItemDefined, ReadinessItemRemoved, ReadinessItemCompleted, ReadinessItemReopened)
"""The event types this module projects (ReadinessItemUpdated is a ReadinessItemDefined)."""
OVERVIEW_KIND = "readiness-overview"


async def project_readiness(store: Any, data: EventData, *, seq: int) -> None:
    """Apply one readiness event to its record (`store` is a `projector.ProjectionStore`)."""
    if isinstance(data, (ReadinessItemDefined, ReadinessItemRemoved)):
        old = await store.get("readiness_items", str(data.item_id))
        item = apply_item(old, data, seq=seq)
        if item is not None:
            await store.put("readiness_items", item)
    elif isinstance(data, (ReadinessItemCompleted, ReadinessItemReopened)):
        current = await store.get("readiness_marks", mark_id(data.item_id, data.enterprise_id))
        mark = apply_mark(current, data, seq=seq)
        if mark is not None:
            await store.put("readiness_marks", mark)


def _proved(row: EnterpriseReadiness, events: Mapping[int, uuid.UUID]) -> EnterpriseReadiness:
    """The row with each mark's logged event."""
    lines = [
        dataclasses.replace(x, event_id=str(events[x.mark.updated_seq]))
        if x.mark is not None and x.mark.updated_seq in events
        else x
        for x in row.lines
    ]
    return dataclasses.replace(row, lines=lines)


async def province_overview(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    status: Status | None,
    sector: str | None,
    enterprise_id: uuid.UUID | None,
    page: PageRequest,
) -> tuple[Slice[EnterpriseReadiness], dict[str, int]]:
    """Per enterprise (a page of them, by name) × the items of its sector, as of the clock's now, and the
    province's counts over every enterprise the filter keeps. Each marked line names the logged event of its
    mark (`Line.event_id`)."""
    now = ctx.clock()
    async with ctx.read() as unit:
        reads = ReadinessReads(unit.session)
        items = await reads.items(campaign_id, sector=sector)
        enterprises = await reads.enterprises(sector=sector, enterprise_id=enterprise_id)
        marks = await reads.marks(campaign_id, enterprise_id=enterprise_id)
        events = await unit.log.event_ids_at(m.updated_seq for m in marks)
    rows = [
        _proved(r, events) for r in overview(items=items, enterprises=enterprises, marks=marks, now=now, status=status)
    ]
    totals = {
        "enterprises": len(rows),
        "done": sum(r.done for r in rows),
        "overdue": sum(r.overdue for r in rows),
        "open": sum(r.open for r in rows),
        "enterprises_with_overdue": sum(1 for r in rows if r.overdue),
    }
    start = page.offset(OVERVIEW_KIND)
    return by_offset(rows[start : start + page.limit + 1], page, OVERVIEW_KIND, total=len(rows)), totals
