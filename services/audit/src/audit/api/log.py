"""The event log: list, read, verify; and the roster events known to be missing from it."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse

from lichtruc.paging import Paging, page_out

from ..db.log import LogEntry, LogFilter
from ..db.queries import SequenceGapFilter
from ..db.tree import TreeHead
from ..domain.merkle import epoch_ms
from ..domain.model import to_plain
from ..domain.sequences import AggregateType
from ..handlers import inspect
from ..handlers import log as event_log
from ..handlers.inspect import NamedSequenceGap
from .deps import Ctx
from .schemas import (
    VERIFY_GAPS_SHOWN,
    ConsistencyProofOut,
    InclusionProofOut,
    LogPage,
    LogRecord,
    SequenceGapOut,
    SequenceGapPage,
    TreeHeadOut,
    Verification,
)

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
    "/log/verify",
    response_model=Verification,
    summary="Re-compute the hash chain (report the first broken link) and the Merkle root of the latest signed "
    "tree head",
)
async def verify_log(ctx: Ctx) -> Verification:
    verdict = await event_log.verify_log(ctx=ctx, gaps_shown=VERIFY_GAPS_SHOWN)
    head = verdict.tree_head
    missing: dict[str, Any] = {
        "open_sequence_gaps": verdict.open_sequence_gaps,
        "sequence_gaps": [_sequence_gap(g) for g in verdict.sequence_gaps],
        "tree_size": None if head is None else head.tree_size,
        "tree_ok": None if head is None else verdict.tree_ok,
    }
    if verdict.broken is not None:
        return Verification(
            ok=False,
            records_checked=verdict.records_checked,
            first_broken_seq=verdict.broken.seq,
            reason=verdict.broken.reason,
            **missing,
        )
    if not verdict.tree_ok:
        return Verification(
            ok=False,
            records_checked=verdict.records_checked,
            reason="the Merkle root of the records does not match the latest signed tree head (or its signature)",
            **missing,
        )
    return Verification(ok=True, records_checked=verdict.records_checked, **missing)


def _head(head: TreeHead) -> TreeHeadOut:
    return TreeHeadOut(
        tree_size=head.tree_size,
        root_hash=head.root_hash.hex(),
        timestamp=epoch_ms(head.signed_at),
        signed_at=head.signed_at,
        signature=head.signature.hex(),
    )


@router.get(
    "/log/tree-head",
    response_model=TreeHeadOut,
    summary="The latest signed tree head of the log's Merkle tree, or the one signed for `size` records",
)
async def get_tree_head(ctx: Ctx, size: Annotated[int | None, Query(ge=0, le=2**62)] = None) -> TreeHeadOut:
    return _head(await event_log.tree_head(ctx=ctx, size=size))


@router.get(
    "/log/public-key",
    response_class=PlainTextResponse,
    summary="The audit log key's public half (PEM, Ed25519): it verifies every tree head's signature",
)
async def log_public_key(ctx: Ctx) -> PlainTextResponse:
    return PlainTextResponse(ctx.log_key.public_pem)


@router.get(
    "/log/proof/inclusion",
    response_model=InclusionProofOut,
    summary="Prove that a logged event is in the signed tree of `tree_size` records (default: the latest)",
)
async def prove_inclusion(
    ctx: Ctx,
    event: Annotated[uuid.UUID, Query(description="the event's id")],
    tree_size: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> InclusionProofOut:
    found = await event_log.inclusion_proof(ctx=ctx, event_id=event, tree_size=tree_size)
    return InclusionProofOut(
        event_id=found.event_id,
        seq=found.seq,
        leaf_index=found.leaf_index,
        tree_size=found.head.tree_size,
        leaf_hash=found.leaf_hash.hex(),
        audit_path=[h.hex() for h in found.path],
        root_hash=found.head.root_hash.hex(),
        tree_head=_head(found.head),
    )


@router.get(
    "/log/proof/consistency",
    response_model=ConsistencyProofOut,
    summary="Prove that the log's first `from` records are unchanged in the signed tree of `to` (default: latest)",
)
async def prove_consistency(
    ctx: Ctx,
    first: Annotated[int, Query(alias="from", ge=0, le=2**62)],
    second: Annotated[int | None, Query(alias="to", ge=0, le=2**62)] = None,
) -> ConsistencyProofOut:
    found = await event_log.consistency_proof(ctx=ctx, first=first, second=second)
    return ConsistencyProofOut(
        from_size=found.first,
        to_size=found.head.tree_size,
        from_root=found.first_root.hex(),
        to_root=found.head.root_hash.hex(),
        proof=[h.hex() for h in found.proof],
        tree_head=_head(found.head),
    )


def _sequence_gap(named: NamedSequenceGap) -> SequenceGapOut:
    return SequenceGapOut.model_validate(
        {
            **to_plain(named.gap),
            "aggregate_type_name_vi": named.type_vi,
            "aggregate_type_name": named.type_en,
            "what_vi": named.what_vi,
            "what": named.what_en,
            "enterprise_name": named.enterprise_name,
        }
    )


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
    aggregate_type: Annotated[AggregateType | None, Query(description="one of audit's tracked aggregate types")] = None,
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
