"""Operations: snapshots of the projections, their digest (to compare with a rebuild), and how far the
consumer is behind Kafka."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from lichtruc.paging import Paging, page_out

from ..handlers import replay
from ..handlers.lag import KeptLag
from .deps import Ctx
from .schemas import DigestOut, LagOut, PartitionLagOut, SnapshotOut, SnapshotPage

router = APIRouter(tags=["operations"])


@router.post(
    "/snapshots",
    response_model=SnapshotOut,
    status_code=201,
    summary="Snapshot the roster state at the log's tip now (as-of answers start from the nearest one)",
)
async def take_snapshot(ctx: Ctx) -> SnapshotOut:
    info = await replay.take_snapshot(ctx=ctx)
    return SnapshotOut(seq=info.seq, received_at=info.received_at, created_at=info.created_at, bytes=info.bytes)


@router.get("/snapshots", response_model=SnapshotPage, summary="Snapshots, newest first; pages by `cursor`")
async def list_snapshots(ctx: Ctx, request: Request, response: Response, page: Paging) -> dict[str, Any]:
    found = await replay.list_snapshots(ctx=ctx, page=page)
    items = [
        SnapshotOut(seq=s.seq, received_at=s.received_at, created_at=s.created_at, bytes=s.bytes) for s in found.items
    ]
    return page_out(request, response, found, page.limit, items)


@router.get(
    "/projections/digest",
    response_model=DigestOut,
    summary="Row counts and SHA-256 of every projection; `python -m audit rebuild` prints the same",
)
async def projection_digest(ctx: Ctx) -> DigestOut:
    seq, digest = await replay.projection_digest(ctx.sessions)
    return DigestOut(seq=seq, tables={name: {"rows": rows, "sha256": sha} for name, (rows, sha) in digest.items()})


async def get_lag(request: Request) -> KeptLag:
    kept: KeptLag = request.app.state.lag
    return kept


@router.get(
    "/lag",
    response_model=LagOut,
    summary="How far audit's consumer is behind: per partition it consumes, the records not yet applied (end "
    "offset less its committed one) and when the oldest was put on the topic; read from Kafka at most every few "
    "seconds; when Kafka is slow or down, the last figures read, with their age (`read_seconds_ago`). 503 only when "
    "Kafka's offsets were never read",
)
async def consumer_lag(kept: Annotated[KeptLag, Depends(get_lag)]) -> LagOut:
    reading = await kept.current()
    lag = reading.lag
    waited = lag.waited(kept.reader.clock())
    return LagOut(
        pending=lag.pending,
        oldest_pending_at=lag.oldest_pending_at,
        oldest_pending_seconds=waited.total_seconds() if waited is not None else None,
        read_at=lag.read_at,
        read_seconds_ago=reading.age.total_seconds(),
        read_again_failed=reading.failed,
        partitions=[
            PartitionLagOut(
                topic=p.topic,
                partition=p.partition,
                consumer_group=p.group,
                end_offset=p.end,
                applied_offset=p.applied,
                pending=p.pending,
                oldest_pending_at=p.next_at if p.pending else None,
            )
            for p in lag.partitions
        ],
    )
