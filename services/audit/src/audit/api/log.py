"""The event log: list, read, verify; and the roster events known to be missing from it."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select

from lichtruc.problems import Problem

from ..db.queries import SequenceGapFilter
from ..db.tables import event_log
from ..domain.chain import StoredLink, verify
from ..domain.model import to_plain
from ..domain.sequences import SequenceGap
from ..handlers import inspect
from .deps import Ctx
from .schemas import VERIFY_GAPS_SHOWN, LogPage, LogRecord, SequenceGapOut, SequenceGapPage, Verification

router = APIRouter(tags=["event log"])


def _record(row) -> LogRecord:
    return LogRecord(
        event=json.loads(row.canonical), **{k: getattr(row, k) for k in LogRecord.model_fields if k != "event"}
    )


@router.get("/log", response_model=LogPage, summary="The event log, oldest first, with filters and paging")
async def list_log(
    ctx: Ctx,
    after: Annotated[int, Query(ge=0, description="return records with seq greater than this")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    enterprise_id: Annotated[str | None, Query(max_length=100)] = None,
    event_type: Annotated[str | None, Query(max_length=200)] = None,
    event_id: uuid.UUID | None = None,
) -> LogPage:
    stmt = select(event_log).where(event_log.c.seq > after)
    if enterprise_id:
        stmt = stmt.where(event_log.c.partition_key == enterprise_id)
    if event_type:
        stmt = stmt.where(event_log.c.event_type == event_type)
    if event_id:
        stmt = stmt.where(event_log.c.event_id == event_id)
    stmt = stmt.order_by(event_log.c.seq).limit(limit + 1)
    async with ctx.sessions() as session:
        rows = (await session.execute(stmt)).all()
    items = [_record(r) for r in rows[:limit]]
    return LogPage(items=items, next_after=items[-1].seq if len(rows) > limit else None)


@router.get(
    "/log/verify", response_model=Verification, summary="Re-compute the hash chain; report the first broken link"
)
async def verify_log(ctx: Ctx) -> Verification:
    async with ctx.sessions() as session:
        result = await session.stream(
            select(event_log.c.seq, event_log.c.prev_hash, event_log.c.hash, event_log.c.canonical)
            .order_by(event_log.c.seq)
            .execution_options(yield_per=2000)
        )
        links = [StoredLink(r.seq, r.prev_hash, r.hash, r.canonical.encode("utf-8")) async for r in result]
    checked, broken = verify(links)
    holes, open_holes = await inspect.sequence_gap_list(
        ctx=ctx, f=SequenceGapFilter(status="open"), offset=0, limit=VERIFY_GAPS_SHOWN
    )
    missing = {"open_sequence_gaps": open_holes, "sequence_gaps": [_sequence_gap(g) for g in holes]}
    if broken is None:
        return Verification(ok=True, records_checked=checked, **missing)
    return Verification(ok=False, records_checked=checked, first_broken_seq=broken.seq, reason=broken.reason, **missing)


def _sequence_gap(g: SequenceGap) -> SequenceGapOut:
    return SequenceGapOut(**to_plain(g))


@router.get(
    "/sequence-gaps",
    response_model=SequenceGapPage,
    summary="Roster events known to be missing from the log (an aggregate's version skipped), in the "
    "order they were noticed, with filters and pages",
)
async def list_sequence_gaps(
    ctx: Ctx,
    status: Annotated[
        Literal["open", "closed"] | None, Query(description="open: still missing; closed: the event arrived late")
    ] = None,
    aggregate_type: Annotated[
        Literal["campaign", "enterprise", "site", "staff", "requirement", "shift", "swap"] | None, Query()
    ] = None,
    aggregate_id: uuid.UUID | None = None,
    enterprise_id: Annotated[str | None, Query(max_length=100, description="the events' Kafka key")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> SequenceGapPage:
    f = SequenceGapFilter(
        status=status, aggregate_type=aggregate_type, aggregate_id=aggregate_id, partition_key=enterprise_id
    )
    holes, total = await inspect.sequence_gap_list(ctx=ctx, f=f, offset=offset, limit=limit)
    return SequenceGapPage(
        items=[_sequence_gap(g) for g in holes],
        total=total,
        offset=offset,
        limit=limit,
        next_offset=offset + limit if offset + limit < total else None,
    )


@router.get("/log/{seq}", response_model=LogRecord, summary="One log record")
async def get_record(seq: int, ctx: Ctx) -> LogRecord:
    async with ctx.sessions() as session:
        row = (await session.execute(select(event_log).where(event_log.c.seq == seq))).first()
    if row is None:
        raise Problem(
            404,
            "log-record-not-found",
            "Log record not found",
            f"No log record has seq {seq}: list the log with GET /log.",
            detail_vi=f"Không có bản ghi số {seq}.",
        )
    return _record(row)
