"""Projecting the readiness checklist's events (one branch of `projector._apply_to_read_model`), and
the inspectors' province-wide view of it."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Iterator, Mapping
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
from ..domain.accounts import ACCOUNT_EVENT_TYPES, name_at
from ..domain.readiness import (
    EnterpriseReadiness,
    Line,
    ReadinessMark,
    Status,
    apply_item,
    apply_mark,
    mark_id,
    overview,
)
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


def _done_by(marks: Iterable[ReadinessMark]) -> Iterator[str]:
    return (m.done_by for m in marks if m.done and m.done_by)


def _proved(line: Line, events: Mapping[int, uuid.UUID], names: Mapping[str, list[tuple[int, str]]]) -> Line:
    """The line with its mark's logged event and the name of who marked it done, as called then."""
    mark = line.mark
    if mark is None:
        return line
    event = events.get(mark.updated_seq)
    login = mark.done_by if mark.done else None
    return dataclasses.replace(
        line,
        event_id=None if event is None else str(event),
        done_by_name=None if login is None else name_at(names.get(login.lower(), []), mark.updated_seq),
    )


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
    mark (`Line.event_id`) and who marked it done by name (`Line.done_by_name`, one read of the log's account
    events for every login of the page)."""
    now = ctx.clock()
    async with ctx.read() as unit:
        reads = ReadinessReads(unit.session)
        items = await reads.items(campaign_id, sector=sector)
        enterprises = await reads.enterprises(sector=sector, enterprise_id=enterprise_id)
        owes_from = await reads.owing_from(sector=sector, enterprise_id=enterprise_id)
        marks = await reads.marks(campaign_id, enterprise_id=enterprise_id)
        events = await unit.log.event_ids_at(m.updated_seq for m in marks)
        names = await unit.log.account_names(_done_by(marks), event_types=ACCOUNT_EVENT_TYPES)
    rows = [
        dataclasses.replace(r, lines=[_proved(x, events, names) for x in r.lines])
        for r in overview(
            items=items, enterprises=enterprises, marks=marks, now=now, status=status, owes_from=owes_from
        )
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
