"""Inspection findings: record a visit, read them back, verify their chain."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from lichtruc.bodies import Instant
from lichtruc.duty_types import DutyTypeKey
from lichtruc.paging import Paging, page_out

from ..db.findings import FindingFilter, StoredFinding
from ..domain.finding_record import finding_event_id
from ..domain.findings import Found
from ..handlers import findings
from .deps import Caller, Ctx, Viewer
from .schemas import FindingIn, FindingOut, FindingPage, Verification

router = APIRouter(tags=["inspection findings"])


@router.post(
    "/findings",
    response_model=FindingOut,
    status_code=201,
    summary="Record a visit; it is held against the roster as known now and its discrepancies listed",
    responses={
        200: {"model": FindingOut, "description": "the same finding_id and content: already recorded"},
        404: {"description": "the site is not known to audit"},
        409: {"description": "the finding_id is taken by different content"},
    },
)
async def record_finding(body: FindingIn, ctx: Ctx, caller: Caller) -> FindingOut | JSONResponse:
    cmd = findings.RecordFinding(
        site_id=body.site_id,
        observed_at=body.observed_at,
        duty_type=body.duty_type,
        people_found=tuple(Found(str(p.staff_id) if p.staff_id else None, p.name) for p in body.people_found),
        notes=body.notes,
        inspector=caller.actor,
        inspector_account_id=caller.account_id,
        finding_id=body.finding_id,
    )
    stored, created = await findings.record_finding(ctx=ctx, cmd=cmd)
    out = finding_out(stored, logged=await findings.log_records(ctx=ctx, found=[stored]))
    if created:
        return out
    return JSONResponse(out.model_dump(mode="json"), status_code=200)


@router.get("/findings", response_model=FindingPage, summary="Findings, oldest first, with filters; pages by `cursor`")
async def list_findings(
    ctx: Ctx,
    request: Request,
    response: Response,
    page: Paging,
    visible: Viewer,
    enterprise_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    duty_type: Annotated[
        DutyTypeKey | None, Query(description="one of roster's duty types (lichtruc.duty_types: GET /duty-types there)")
    ] = None,
    observed_from: Instant | None = None,
    observed_to: Instant | None = None,
    with_discrepancies: bool | None = None,
    explanation: Annotated[
        Literal["unexplained", "submitted", "more_asked", "accepted"] | None,
        Query(
            description="only findings whose explanation (giải trình) is in this state — unexplained: with "
            "discrepancies and none given; submitted: waiting for the inspector; more_asked; accepted"
        ),
    ] = None,
) -> dict[str, Any]:
    f = FindingFilter(
        enterprise_id=enterprise_id,
        site_id=site_id,
        duty_type=duty_type,
        observed_from=observed_from,
        observed_to=observed_to,
        with_discrepancies=with_discrepancies,
        visible=visible,
        explanation=explanation,
    )
    found = await findings.list_findings(ctx=ctx, f=f, page=page)
    names = await findings.inspector_names(ctx=ctx, found=found.items)
    logged = await findings.log_records(ctx=ctx, found=found.items)
    return page_out(request, response, found, page.limit, [finding_out(x, names, logged) for x in found.items])


@router.get(
    "/findings/verify",
    response_model=Verification,
    summary="Re-compute the findings' hash chain; report the first broken link",
)
async def verify_findings(ctx: Ctx) -> Verification:
    checked, broken = await findings.verify_findings(ctx=ctx)
    if broken is None:
        return Verification(ok=True, records_checked=checked)
    return Verification(ok=False, records_checked=checked, first_broken_seq=broken.seq, reason=broken.reason)


@router.get("/findings/{finding_id}", response_model=FindingOut, summary="One finding")
async def get_finding(finding_id: uuid.UUID, ctx: Ctx) -> FindingOut:
    found = await findings.get_finding(ctx=ctx, finding_id=finding_id)
    names = await findings.inspector_names(ctx=ctx, found=[found])
    return finding_out(found, names, await findings.log_records(ctx=ctx, found=[found]))


def finding_out(
    stored: StoredFinding, names: Mapping[str, str] | None = None, logged: Mapping[str, int] | None = None
) -> FindingOut:
    """A finding as recorded (the document its chain covers) with its place in the chain, its inspector's
    display name where `names` (by finding id) has it, and its record in the signed log where `logged` has it."""
    finding_id = str(stored.doc.get("finding_id"))
    log_seq = (logged or {}).get(finding_id)
    return FindingOut.model_validate(
        {
            "seq": stored.seq,
            **stored.doc,
            "inspector_name": (names or {}).get(finding_id),
            "log_seq": log_seq,
            "log_event_id": finding_event_id(uuid.UUID(finding_id)) if log_seq is not None else None,
            "explanation": stored.explanation or ("unexplained" if stored.doc.get("discrepancies") else None),
        }
    )
