"""The event log: list, read, verify; and the roster events known to be missing from it."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from lichtruc.paging import Paging, page_out

from ..db.log import LogEntry, LogFilter
from ..db.queries import SequenceGapFilter
from ..domain.model import to_plain
from ..domain.sequences import SequenceGap
from ..handlers import inspect
from ..handlers import log as event_log
from .deps import Ctx
from .schemas import VERIFY_GAPS_SHOWN, LogPage, LogRecord, SequenceGapOut, SequenceGapPage, Verification

router = APIRouter(tags=["event log"])


def _record(entry: LogEntry) -> LogRecord:
    return LogRecord.model_validate(asdict(entry))


@router.get(
    "/log",
    response_model=LogPage,
    summary="The event log, oldest first, with filters; pages by `cursor` (keyset on seq), `total` is null",
)
async def list_log(
    ctx: Ctx,
    request: Request,
    response: Response,
    page: Paging,
    enterprise_id: Annotated[str | None, Query(max_length=100)] = None,
    event_type: Annotated[str | None, Query(max_length=200)] = None,
    event_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    f = LogFilter(partition_key=enterprise_id or None, event_type=event_type or None, event_id=event_id)
    found = await event_log.list_log(ctx=ctx, f=f, page=page)
    return page_out(request, response, found, page.limit, [_record(e) for e in found.items])


@router.get(
    "/log/verify", response_model=Verification, summary="Re-compute the hash chain; report the first broken link"
)
async def verify_log(ctx: Ctx) -> Verification:
    verdict = await event_log.verify_log(ctx=ctx, gaps_shown=VERIFY_GAPS_SHOWN)
    missing: dict[str, Any] = {
        "open_sequence_gaps": verdict.open_sequence_gaps,
        "sequence_gaps": [_sequence_gap(g) for g in verdict.sequence_gaps],
    }
    if verdict.broken is None:
        return Verification(ok=True, records_checked=verdict.records_checked, **missing)
    return Verification(
        ok=False,
        records_checked=verdict.records_checked,
        first_broken_seq=verdict.broken.seq,
        reason=verdict.broken.reason,
        **missing,
    )


def _sequence_gap(g: SequenceGap) -> SequenceGapOut:
    return SequenceGapOut.model_validate(to_plain(g))


@router.get(
    "/sequence-gaps",
    response_model=SequenceGapPage,
    summary="Roster events known to be missing from the log (an aggregate's version skipped), in the "
    "order they were noticed, with filters; pages by `cursor`",
)
async def list_sequence_gaps(
    ctx: Ctx,
    request: Request,
    response: Response,
    page: Paging,
    status: Annotated[
        Literal["open", "closed"] | None, Query(description="open: still missing; closed: the event arrived late")
    ] = None,
    aggregate_type: Annotated[
        Literal["campaign", "enterprise", "site", "staff", "requirement", "shift", "swap"] | None, Query()
    ] = None,
    aggregate_id: uuid.UUID | None = None,
    enterprise_id: Annotated[str | None, Query(max_length=100, description="the events' Kafka key")] = None,
) -> dict[str, Any]:
    f = SequenceGapFilter(
        status=status, aggregate_type=aggregate_type, aggregate_id=aggregate_id, partition_key=enterprise_id
    )
    found = await inspect.sequence_gap_list(ctx=ctx, f=f, page=page)
    return page_out(request, response, found, page.limit, [_sequence_gap(g) for g in found.items])


@router.get("/log/{seq}", response_model=LogRecord, summary="One log record")
async def get_record(seq: int, ctx: Ctx) -> LogRecord:
    return _record(await event_log.record(ctx=ctx, seq=seq))
