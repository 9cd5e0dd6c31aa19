"""Operations: snapshots of the projections, and their digest (to compare with a rebuild)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from lichtruc.paging import Paging, page_out

from ..handlers import replay
from .deps import Ctx
from .schemas import DigestOut, SnapshotOut, SnapshotPage

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
