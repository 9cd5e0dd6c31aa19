"""Explanations (giải trình) of gaps and findings: a manager gives or amends one with files (multipart), an inspector
reads it, opens the files and answers it; the lists of items with their explanation's state (domain/explanations.py)."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from lichtruc.auth import Principal
from lichtruc.bodies import In
from lichtruc.paging import Page, Paging, page_out
from lichtruc.sheets import attachment

from ..db.explanations import AccountableFilter
from ..domain import explanations as rules
from ..domain.explanations import Accountable, Explanation, ItemKind, State, Upload, Writing
from ..handlers import explanations
from .deps import Caller, Ctx, Viewer
from .schemas import Local

router = APIRouter(tags=["explanations"])


class AttachmentOut(BaseModel):
    attachment_id: uuid.UUID
    filename: str = Field(description="the file's name as uploaded (NFC)")
    media_type: str = Field(description="what its bytes are (image/jpeg, image/png, application/pdf)")
    size: int
    sha256: str = Field(description="the SHA-256 of its bytes, hex: what the version's log record carries")


class VersionOut(BaseModel):
    version: int
    cause: str = Field(description=f"one of {', '.join(rules.CAUSES)}")
    cause_vi: str
    cause_en: str
    reason: str
    action: str = Field(description="what was done about it (may be blank)")
    attachments: list[AttachmentOut]
    author: str = Field(description="who wrote it: the account's login name, from the access token")
    author_name: str | None
    on_behalf: bool = Field(description="written by an administrator on the enterprise's behalf")
    written_at: Local
    log_event_id: uuid.UUID = Field(description="its record in the signed log (GET /log/proof/inclusion?event=)")


class ReviewOut(BaseModel):
    version: int = Field(description="the version answered")
    decision: Literal["accept", "more"]
    note: str
    reviewer: str
    reviewer_name: str | None
    at: Local
    log_event_id: uuid.UUID


class ExplanationOut(BaseModel):
    explanation_id: uuid.UUID
    state: State
    versions: list[VersionOut] = Field(description="oldest first; the last is the one in force")
    reviews: list[ReviewOut] = Field(description="the inspectors' answers, oldest first")


class ItemOut(BaseModel):
    item_kind: ItemKind
    item_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    site_name: str | None
    duty_type: str
    starts_at: Local = Field(description="a gap's start, a finding's visit")
    ends_at: Local | None = Field(description="a gap's end; null for a finding")
    discrepancy_count: int | None = Field(description="a finding's; null for a gap")
    described_vi: str
    described_en: str
    state: State
    versions: int = Field(description="how many versions its explanation has (0: not explained)")
    updated_at: Local | None
    counted_vi: str | None = Field(
        default=None,
        description="a gap closed before its hours began: when, and why it is still owed an explanation — the roster "
        "was short at or after the campaign's readiness deadline (“Đã bổ sung người lúc …, trước giờ bắt đầu; vẫn "
        "phải giải trình vì đến hạn sẵn sàng (…) lịch trực vẫn còn trống.”); null for any other item",
    )
    counted_en: str | None = Field(default=None, description="the same in English")


class NoteOut(BaseModel):
    code: str
    message: str
    message_vi: str


class ExplainedOut(BaseModel):
    item: ItemOut
    explanation: ExplanationOut | None
    notes: list[NoteOut] = Field(
        default=[],
        description="what the author is told of the version just given: a file given again that it has already "
        "(the same SHA-256, code file-repeated) was attached once",
    )


class ReviewIn(In):
    decision: Literal["accept", "more"]
    note: str = Field(default="", max_length=rules.NOTE_MAX, description="required to ask for more")
    version: int | None = Field(default=None, description="the version read; refused (409) if amended since")


class WaitingOut(BaseModel):
    waiting: int = Field(description="explanations given and not yet answered")


def item_out(a: Accountable) -> ItemOut:
    vi, en = rules.item_said(a)
    counted = rules.counted_why(a)
    return ItemOut(
        item_kind=a.item_kind,
        item_id=uuid.UUID(a.item_id),
        enterprise_id=uuid.UUID(a.enterprise_id),
        enterprise_name=a.enterprise_name,
        site_name=a.site_name,
        duty_type=a.duty_type,
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        discrepancy_count=a.discrepancy_count,
        described_vi=vi,
        described_en=en,
        state=a.state,
        versions=a.versions,
        updated_at=a.updated_at,
        counted_vi=counted[0] if counted else None,
        counted_en=counted[1] if counted else None,
    )


def explanation_out(e: Explanation) -> ExplanationOut:
    doc = rules.to_doc(e)
    ids = explanations.record_ids(e)
    return ExplanationOut(
        explanation_id=uuid.UUID(e.explanation_id),
        state=e.state,
        versions=[
            VersionOut.model_validate(
                {
                    **v,
                    "cause_vi": rules.CAUSES.get(v["cause"], ("", ""))[0],
                    "cause_en": rules.CAUSES.get(v["cause"], ("", ""))[1],
                    "log_event_id": ids["versions"][i],
                }
            )
            for i, v in enumerate(doc["versions"])
        ],
        reviews=[
            ReviewOut.model_validate({**r, "log_event_id": ids["reviews"][i]}) for i, r in enumerate(doc["reviews"])
        ],
    )


def explained_out(x: explanations.Explained) -> ExplainedOut:
    item = x.item
    if x.explanation is not None:
        e = x.explanation
        item = dataclasses.replace(item, state=e.state, versions=e.latest.version, updated_at=e.updated_at)
    notes = [NoteOut(code="file-repeated", message=en, message_vi=vi) for vi, en in map(rules.repeat_said, x.repeats)]
    return ExplainedOut(
        item=item_out(item),
        explanation=None if x.explanation is None else explanation_out(x.explanation),
        notes=notes,
    )


async def _uploads(files: list[UploadFile]) -> tuple[Upload, ...]:
    # At most one byte past the limit is read: a larger file is refused by its declared size, never held whole.
    # A file input left empty still sends a part, nameless and empty: not a file.
    out = []
    for f in files:
        if f.filename or f.size:
            out.append(Upload(f.filename or "", await f.read(rules.MAX_FILE_BYTES + 1), f.size))
    return tuple(out)


CauseField = Annotated[str, Form(description=f"one of {', '.join(rules.CAUSES)}")]
ReasonField = Annotated[str, Form(description="why it happened, in words (required)")]
ActionField = Annotated[str, Form(description="what was done about it")]
KeepField = Annotated[
    list[str],
    Form(description=f"earlier files to keep, by attachment_id (amendments); at most {rules.MAX_FILES}, as a version"),
]
FilesField = Annotated[
    list[UploadFile],
    File(description=f"JPEG, PNG or PDF by their bytes, at most {rules.MAX_FILES} a version, 10 MB each"),
]
_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such item (or another enterprise's)"},
    409: {"description": "accepted already; or a finding with nothing to explain"},
    413: {"description": "a file over 10 MB"},
    415: {"description": "a file that is not a JPEG, PNG or PDF by its bytes"},
    422: {"description": "no reason, an unknown cause, more than 5 files, more than 5 to keep"},
}


async def _explain(
    kind: ItemKind,
    item_id: uuid.UUID,
    ctx: Ctx,
    caller: Principal,
    cause: str,
    reason: str,
    action: str,
    keep: list[str],
    files: list[UploadFile],
) -> ExplainedOut:
    cmd = explanations.Explain(
        item_kind=kind,
        item_id=item_id,
        writing=Writing(cause=cause, reason=reason, action=action, keep=tuple(k for k in keep if k)),
        uploads=await _uploads(files),
        author=caller.actor,
        author_name=caller.display_name,
        on_behalf=caller.role == "admin",
    )
    return explained_out(await explanations.explain(ctx=ctx, cmd=cmd))


@router.post(
    "/gaps/{gap_id}/explanation",
    response_model=ExplainedOut,
    status_code=201,
    summary="Explain a gap (or amend its explanation: a new version), with files as evidence",
    responses=_WRITE_RESPONSES,
)
async def explain_gap(
    gap_id: uuid.UUID,
    ctx: Ctx,
    caller: Caller,
    cause: CauseField,
    reason: ReasonField = "",
    action: ActionField = "",
    keep: KeepField = [],  # noqa: B006 (FastAPI copies a default)
    files: FilesField = [],  # noqa: B006
) -> ExplainedOut:
    return await _explain("gap", gap_id, ctx, caller, cause, reason, action, keep, files)


@router.post(
    "/findings/{finding_id}/explanation",
    response_model=ExplainedOut,
    status_code=201,
    summary="Explain a finding's discrepancies (or amend the explanation: a new version), with files as evidence",
    responses=_WRITE_RESPONSES,
)
async def explain_finding(
    finding_id: uuid.UUID,
    ctx: Ctx,
    caller: Caller,
    cause: CauseField,
    reason: ReasonField = "",
    action: ActionField = "",
    keep: KeepField = [],  # noqa: B006
    files: FilesField = [],  # noqa: B006
) -> ExplainedOut:
    return await _explain("finding", finding_id, ctx, caller, cause, reason, action, keep, files)


@router.get("/gaps/{gap_id}/explanation", response_model=ExplainedOut, summary="A gap with its explanation, if any")
async def gap_explanation(gap_id: uuid.UUID, ctx: Ctx) -> ExplainedOut:
    return explained_out(await explanations.explanation_of(ctx=ctx, item_kind="gap", item_id=gap_id))


@router.get(
    "/findings/{finding_id}/explanation", response_model=ExplainedOut, summary="A finding with its explanation, if any"
)
async def finding_explanation(finding_id: uuid.UUID, ctx: Ctx) -> ExplainedOut:
    return explained_out(await explanations.explanation_of(ctx=ctx, item_kind="finding", item_id=finding_id))


async def _review(kind: ItemKind, item_id: uuid.UUID, body: ReviewIn, ctx: Ctx, caller: Principal) -> ExplainedOut:
    cmd = explanations.Answer(
        item_kind=kind,
        item_id=item_id,
        decision=body.decision,
        note=body.note,
        reviewer=caller.actor,
        reviewer_name=caller.display_name,
        version=body.version,
    )
    return explained_out(await explanations.review(ctx=ctx, cmd=cmd))


_REVIEW_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such item"},
    409: {"description": "not explained, answered already, amended since the version read, or one's own"},
    422: {"description": "asking for more without a note"},
}


@router.post(
    "/gaps/{gap_id}/explanation/review",
    response_model=ExplainedOut,
    summary="Accept a gap's explanation, or ask for more",
    responses=_REVIEW_RESPONSES,
)
async def review_gap_explanation(gap_id: uuid.UUID, body: ReviewIn, ctx: Ctx, caller: Caller) -> ExplainedOut:
    return await _review("gap", gap_id, body, ctx, caller)


@router.post(
    "/findings/{finding_id}/explanation/review",
    response_model=ExplainedOut,
    summary="Accept a finding's explanation, or ask for more",
    responses=_REVIEW_RESPONSES,
)
async def review_finding_explanation(finding_id: uuid.UUID, body: ReviewIn, ctx: Ctx, caller: Caller) -> ExplainedOut:
    return await _review("finding", finding_id, body, ctx, caller)


@router.get(
    "/explanations",
    response_model=Page[ItemOut],
    summary="Gaps in force and findings with discrepancies, with their explanation's state, the latest first; "
    "pages by `cursor`",
)
async def list_explanations(
    ctx: Ctx,
    request: Request,
    response: Response,
    page: Paging,
    visible: Viewer,
    kind: ItemKind | None = None,
    state: Annotated[State | None, Query(description="unexplained, submitted, more_asked or accepted")] = None,
    enterprise_id: uuid.UUID | None = None,
    waiting_first: Annotated[
        bool, Query(description="those waiting for an inspector's answer (submitted) first, then the others")
    ] = False,
) -> dict[str, Any]:
    f = AccountableFilter(
        kind=kind, state=state, enterprise_id=enterprise_id, visible=visible, waiting_first=waiting_first
    )
    found = await explanations.list_items(ctx=ctx, f=f, page=page)
    return page_out(request, response, found, page.limit, [item_out(x) for x in found.items])


@router.get("/explanations/waiting", response_model=WaitingOut, summary="How many explanations wait for an answer")
async def explanations_waiting(ctx: Ctx, visible: Viewer) -> WaitingOut:
    return WaitingOut(waiting=await explanations.waiting(ctx=ctx, f=AccountableFilter(visible=visible)))


@router.get(
    "/explanations/files/{attachment_id}",
    summary="A file given as evidence, with its media type and its name",
    responses={200: {"content": {t: {} for t in rules.MEDIA_TYPES}}, 404: {"description": "no such file"}},
)
async def explanation_file(attachment_id: uuid.UUID, ctx: Ctx) -> Response:
    kept = await explanations.file(ctx=ctx, attachment_id=attachment_id)
    a = kept.attachment
    return Response(
        kept.content,
        media_type=a.media_type,
        headers={
            "Content-Disposition": attachment(a.filename, inline=True),
            "X-Content-Type-Options": "nosniff",
        },
    )
