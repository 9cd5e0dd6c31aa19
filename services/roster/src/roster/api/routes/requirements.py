"""/requirements: how many people each duty type needs, when."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from lichtruc.paging import Page, page_out

from ...domain.requirements import Daily, OneOff, Window, parse_local_time
from ...handlers import requirements as handlers
from ..commands import etag
from ..deps import Caller, Change, Ctx, Cursor, IdempotentChange, IfMatch, Viewer
from ..schemas import (
    APPLIES,
    Applies,
    DutyType,
    OneOffWindowIn,
    RequirementIn,
    RequirementOut,
    RequirementPatch,
    RequirementVersionOut,
)
from ..views import requirement_out, requirement_version_out

router = APIRouter(tags=["requirements"])

INCLUDE_REMOVED = (
    "removed requirements too, each as it last was with `removed` (when, and from when it applies): removed from "
    "then on, it still ruled the time before"
)


def _window(w) -> Window:
    if isinstance(w, OneOffWindowIn):
        return OneOff(w.starts_at, w.ends_at)
    return Daily(parse_local_time(w.start_local), parse_local_time(w.end_local))


def _render(outcome: handlers.RequirementOutcome, *, created: bool = False) -> tuple[RequirementOut, dict[str, str]]:
    found = outcome.requirement
    headers = etag(found.version)
    if created:
        headers["Location"] = f"/requirements/{found.id}"
    return requirement_out(found, outcome.warnings), headers


@router.post(
    "/requirements",
    status_code=status.HTTP_201_CREATED,
    response_model=RequirementOut,
    summary="Require a minimum headcount (higher in peaks) of a duty type over a one-off or daily window; "
    "publishes RequirementSet. Added during the campaign, `applies` says whether it holds from now on or for the "
    "whole campaign (missing: the whole campaign); for the whole campaign once it has begun only an administrator: "
    "a manager's is a 409 (`past-kept`), the days past keep what they were judged by",
)
async def set_requirement(body: RequirementIn, change: IdempotentChange, caller: Caller) -> Response:
    cmd = handlers.SetRequirement(
        body.campaign_id,
        body.enterprise_id,
        body.duty_type,
        _window(body.window),
        body.minimum,
        body.peak_minimum,
        body.site_id,
        applies=body.applies,
    )
    return await change.run(
        lambda uow: handlers.set_requirement(uow, cmd, by_department=caller.role == "admin"),
        lambda v: _render(v, created=True),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.get(
    "/requirements", response_model=Page[RequirementOut], summary="Requirements by enterprise, duty type, then creation"
)
async def list_requirements(
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    viewer: Viewer,
    campaign_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    duty_type: DutyType | None = None,
    include_removed: Annotated[bool, Query(description=INCLUDE_REMOVED)] = False,
) -> dict:
    f = handlers.RequirementFilter(campaign_id, enterprise_id, site_id, duty_type, include_removed)
    found = await handlers.list_requirements(ctx, f, page=page, visible=viewer)
    return page_out(request, response, found, page.limit, [requirement_out(x) for x in found.items])


@router.get(
    "/requirements/{requirement_id}",
    response_model=RequirementOut,
    summary="One requirement (a removed one too with include_removed=true: as it last was, with `removed`)",
)
async def get_requirement(
    requirement_id: uuid.UUID,
    ctx: Ctx,
    response: Response,
    include_removed: Annotated[bool, Query(description=INCLUDE_REMOVED)] = False,
) -> RequirementOut:
    found = await handlers.get_requirement(ctx, requirement_id, include_removed=include_removed)
    response.headers.update(etag(found.version))
    return requirement_out(found)


@router.get(
    "/requirements/{requirement_id}/versions",
    response_model=Page[RequirementVersionOut],
    summary="A requirement's versions, oldest first, each with from when it applied (applies_from; null: the whole "
    "campaign); a removed requirement's too, its removal the last",
)
async def requirement_versions(
    requirement_id: uuid.UUID, request: Request, response: Response, ctx: Ctx, page: Cursor
) -> dict:
    found = await handlers.requirement_history(ctx, requirement_id, page=page)
    return page_out(request, response, found, page.limit, [requirement_version_out(v) for v in found.items])


@router.patch(
    "/requirements/{requirement_id}",
    response_model=RequirementOut,
    summary="Change window, minimums, duty type or site; needs If-Match; publishes RequirementSet. A Department "
    "border default (department_default) may only be raised by a manager; lowering or changing it is a 409 "
    "unless the caller is an administrator (the Department). During the campaign `applies` says whether the change "
    "holds from now on or for the whole campaign (missing: the whole campaign); for the whole campaign once it has "
    "begun only an administrator: a manager's is a 409 (`past-kept`), the days past keep what they were judged by",
)
async def change_requirement(
    requirement_id: uuid.UUID, body: RequirementPatch, change: Change, pre: IfMatch, caller: Caller
) -> Response:
    changes = {}
    for name in body.model_fields_set - {"applies"}:
        value = getattr(body, name)
        if name == "window":
            if value is not None:
                changes["window"] = _window(value)
        elif name == "duty_type":
            if value is not None:
                changes["duty_type"] = value
        elif name in ("site_id", "peak_minimum") or value is not None:
            changes[name] = value
    return await change.run(
        lambda uow: handlers.change_requirement(
            uow,
            requirement_id,
            changes=changes,
            pre=pre,
            by_department=caller.role == "admin",
            applies=body.applies,
        ),
        _render,
    )


@router.delete(
    "/requirements/{requirement_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove; needs If-Match; publishes RequirementRemoved. A Department border default "
    "(department_default) is removed only by an administrator (the Department); a manager gets a 409. During the "
    "campaign `applies` says whether it is dropped from now on or for the whole campaign (missing: the whole "
    "campaign); for the whole campaign once it has begun only an administrator: a manager's is a 409 (`past-kept`)",
)
async def remove_requirement(
    requirement_id: uuid.UUID,
    change: Change,
    pre: IfMatch,
    caller: Caller,
    applies: Annotated[Applies, Query(description=APPLIES)] = "whole_campaign",
) -> Response:
    return await change.run(
        lambda uow: handlers.remove_requirement(
            uow, requirement_id, pre=pre, by_department=caller.role == "admin", applies=applies
        ),
        lambda _: (None, {}),
        status_code=204,
    )
