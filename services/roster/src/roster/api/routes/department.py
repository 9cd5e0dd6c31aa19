"""/department: the Department's profile, the names its official documents print (the daily report, the
province's summary): any signed-in role reads it, an administrator sets it."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ...domain.department import DepartmentProfile
from ...handlers import department as handlers
from ..commands import etag
from ..deps import Change, Ctx, IfMatch
from ..schemas.department import DepartmentIn, DepartmentOut

router = APIRouter(tags=["department"])


def department_out(p: DepartmentProfile) -> DepartmentOut:
    return DepartmentOut(
        province=p.province,
        department=p.department,
        abbreviation=p.symbol,
        abbreviation_from_name=not p.abbreviation,
        superior=p.superior,
        place=p.place,
        report_recipients=list(p.report_recipients),
        summary_recipients=list(p.summary_recipients),
        set=p.is_set,
        version=p.version,
        updated_at=p.updated_at,
    )


@router.get(
    "/department",
    response_model=DepartmentOut,
    summary="The Department's profile (ETag: its version; empty, version 0, until an administrator sets it)",
)
async def get_department(ctx: Ctx, response: Response) -> DepartmentOut:
    profile = await handlers.get_profile(ctx)
    response.headers.update(etag(profile.version))
    return department_out(profile)


@router.put(
    "/department",
    response_model=DepartmentOut,
    summary='Set the Department\'s profile, every field; needs If-Match ("0" the first time)',
)
async def set_department(body: DepartmentIn, change: Change, pre: IfMatch) -> Response:
    cmd = handlers.SetProfile(
        province=body.province,
        department=body.department,
        abbreviation=body.abbreviation.strip(),
        superior=body.superior,
        place=body.place,
        report_recipients=tuple(body.report_recipients),
        summary_recipients=tuple(body.summary_recipients),
    )
    return await change.run(
        lambda uow: handlers.set_profile(uow, cmd, pre=pre), lambda p: (department_out(p), etag(p.version))
    )
