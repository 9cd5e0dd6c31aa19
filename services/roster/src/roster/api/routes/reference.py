"""/enterprises, /sites, /staff, /duty-types: the reference data shifts are made of."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from lichtruc.duty_types import DUTY_TYPES
from lichtruc.paging import MAX_LIMIT, by_offset, page_out

from ...domain.border import BorderDefaultKept
from ...domain.districts import SiteNote
from ...domain.people import StaffNote
from ...domain.reference import Enterprise, Site, StaffMember
from ...handlers import reference as handlers
from ..commands import etag
from ..deps import Caller, Change, Ctx, Cursor, IdempotentChange, IfMatch, Viewer
from ..schemas import (
    DutyTypeOut,
    EnterpriseIn,
    EnterpriseOut,
    EnterprisePatch,
    Page,
    Qualification,
    Sector,
    SiteIn,
    SiteOut,
    SitePatch,
    StaffIn,
    StaffLinkIn,
    StaffOut,
    StaffPatch,
)
from ..views import site_note_out, staff_note_out

router = APIRouter()


def enterprise_out(e: Enterprise) -> EnterpriseOut:
    return EnterpriseOut.model_validate(e, from_attributes=True)


def site_out(s: Site, warnings: Sequence[SiteNote | BorderDefaultKept] = ()) -> SiteOut:
    return SiteOut.model_validate({**asdict(s), "warnings": [site_note_out(n) for n in warnings]})


def staff_out(m: StaffMember, warnings: Sequence[StaffNote] = ()) -> StaffOut:
    return StaffOut.model_validate({**asdict(m), "warnings": [staff_note_out(n) for n in warnings]})


Renderer = Callable[[Any], tuple[BaseModel, dict[str, str]]]


def _renderer(
    out: Callable[[Any], BaseModel], collection: str | None = None, *, entity_of: Callable[[Any], Any] = lambda r: r
) -> Renderer:
    """A command's answer as its response: `out` of the result, its ETag and (created in `collection`) its Location,
    from the entity `entity_of` finds in the result (the result itself, or the record of an answer with warnings)."""

    def render(result: Any) -> tuple[BaseModel, dict[str, str]]:
        entity = entity_of(result)
        headers = etag(entity.version)
        if collection:
            headers["Location"] = f"/{collection}/{entity.id}"
        return out(result), headers

    return render


def _site_renderer(collection: str | None = None) -> Renderer:
    return _renderer(lambda a: site_out(a.site, [*a.warnings, *a.kept]), collection, entity_of=lambda a: a.site)


def _staff_renderer(collection: str | None = None) -> Renderer:
    return _renderer(lambda a: staff_out(a.staff, a.warnings), collection, entity_of=lambda a: a.staff)


# --- enterprises ---------------------------------------------------------------------------------


@router.post(
    "/enterprises",
    status_code=status.HTTP_201_CREATED,
    response_model=EnterpriseOut,
    tags=["enterprises"],
    summary="Register an enterprise; publishes EnterpriseRegistered",
)
async def register_enterprise(body: EnterpriseIn, change: IdempotentChange) -> Response:
    cmd = handlers.RegisterEnterprise(
        body.name, body.sector, body.manager_phone, tuple(body.manager_emails), body.obligations_from
    )
    return await change.run(
        lambda uow: handlers.register_enterprise(uow, cmd),
        _renderer(enterprise_out, "enterprises"),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.get("/enterprises", response_model=Page[EnterpriseOut], tags=["enterprises"], summary="Enterprises by name")
async def list_enterprises(
    request: Request,
    response: Response,
    ctx: Ctx,
    paging: Cursor,
    viewer: Viewer,
    sector: Sector | None = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
) -> dict[str, Any]:
    page = await handlers.list_enterprises(ctx, sector=sector, q=q, page=paging, visible=viewer)
    return page_out(request, response, page, paging.limit, [enterprise_out(e) for e in page.items])


@router.get(
    "/enterprises/{enterprise_id}", response_model=EnterpriseOut, tags=["enterprises"], summary="One enterprise"
)
async def get_enterprise(enterprise_id: uuid.UUID, ctx: Ctx, response: Response) -> EnterpriseOut:
    found = await handlers.get_enterprise(ctx, enterprise_id)
    response.headers.update(etag(found.version))
    return enterprise_out(found)


@router.patch(
    "/enterprises/{enterprise_id}",
    response_model=EnterpriseOut,
    tags=["enterprises"],
    summary="Change name, sector, manager contacts or the day it owes reports from (obligations_from: only an "
    "administrator; a manager's is a 409); needs If-Match; publishes EnterpriseUpdated. A day that would change what "
    "the enterprise owes in a campaign already begun (a report or readiness item already due that would stop or start "
    "counting) asks first: a 409 (rule past-season-obligations) naming each campaign and the counts, unless confirm=true",
)
async def edit_enterprise(
    enterprise_id: uuid.UUID,
    body: EnterprisePatch,
    change: Change,
    pre: IfMatch,
    caller: Caller,
    confirm: Annotated[
        bool, Query(description="save a day that changes a campaign already begun (the 409's question answered)")
    ] = False,
) -> Response:
    nullable = ("manager_phone", "obligations_from")
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None or k in nullable}
    return await change.run(
        lambda uow: handlers.edit_enterprise(
            uow, enterprise_id, changes=changes, pre=pre, by_department=caller.role == "admin", confirmed=confirm
        ),
        _renderer(enterprise_out),
    )


# --- sites -----------------------------------------------------------------------------------------


@router.post(
    "/sites",
    status_code=status.HTTP_201_CREATED,
    response_model=SiteOut,
    tags=["sites"],
    summary="Register a site of an enterprise; publishes SiteRegistered; warns of a district no site or incident "
    "is in yet. Only an administrator (the Department) registers one in a border area: a manager's border_area "
    "true is a 409",
)
async def register_site(body: SiteIn, change: IdempotentChange, caller: Caller) -> Response:
    cmd = handlers.RegisterSite(body.enterprise_id, body.name, body.kind, body.district, body.border_area)
    return await change.run(
        lambda uow: handlers.register_site(uow, cmd, by_department=caller.role == "admin"),
        _site_renderer("sites"),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.get(
    "/sites",
    response_model=Page[SiteOut],
    tags=["sites"],
    summary="Sites by enterprise, then name; q: those whose name contains it, case and diacritics aside",
)
async def list_sites(
    request: Request,
    response: Response,
    ctx: Ctx,
    paging: Cursor,
    viewer: Viewer,
    enterprise_id: uuid.UUID | None = None,
    border_area: bool | None = None,
    district: Annotated[str | None, Query(max_length=100)] = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
) -> dict[str, Any]:
    page = await handlers.list_sites(
        ctx,
        enterprise_id=enterprise_id,
        border_area=border_area,
        district=district,
        q=q,
        page=paging,
        visible=viewer,
    )
    return page_out(request, response, page, paging.limit, [site_out(s) for s in page.items])


@router.get("/sites/{site_id}", response_model=SiteOut, tags=["sites"], summary="One site")
async def get_site(site_id: uuid.UUID, ctx: Ctx, response: Response) -> SiteOut:
    found = await handlers.get_site(ctx, site_id)
    response.headers.update(etag(found.version))
    return site_out(found)


@router.patch(
    "/sites/{site_id}",
    response_model=SiteOut,
    tags=["sites"],
    summary="Change name, kind, district or border-area flag; needs If-Match; publishes SiteUpdated; warns of a "
    "district no site or incident is in yet. Only an administrator (the Department) changes the border-area flag: "
    "a manager's is a 409 (the same value is no change)",
)
async def edit_site(site_id: uuid.UUID, body: SitePatch, change: Change, pre: IfMatch, caller: Caller) -> Response:
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None or k == "district"}
    by_department = caller.role == "admin"
    return await change.run(
        lambda uow: handlers.edit_site(uow, site_id, changes=changes, pre=pre, by_department=by_department),
        _site_renderer(),
    )


# --- staff -----------------------------------------------------------------------------------------


@router.post(
    "/staff",
    status_code=status.HTTP_201_CREATED,
    response_model=StaffOut,
    tags=["staff"],
    summary="Register a staff member; publishes StaffJoined",
)
async def register_staff(body: StaffIn, change: IdempotentChange) -> Response:
    cmd = handlers.RegisterStaff(
        body.enterprise_id,
        body.full_name,
        tuple(body.qualifications),
        body.email,
        body.phone,
        body.active,
        body.language,
        body.national_id,
    )
    return await change.run(
        lambda uow: handlers.register_staff(uow, cmd),
        _staff_renderer("staff"),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.get("/staff", response_model=Page[StaffOut], tags=["staff"], summary="Staff by full name")
async def list_staff(
    request: Request,
    response: Response,
    ctx: Ctx,
    paging: Cursor,
    viewer: Viewer,
    enterprise_id: uuid.UUID | None = None,
    qualification: Qualification | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
    email: Annotated[str | None, Query(max_length=254)] = None,
    name: Annotated[
        str | None,
        Query(
            max_length=200,
            description="with enterprise_id: the enterprise's records of exactly this name (NFC, spaces folded; case "
            "and diacritics count), as the staff import matches a row to a record by name; one page",
        ),
    ] = None,
    ids: Annotated[
        list[uuid.UUID] | None,
        Query(
            alias="id",
            max_length=MAX_LIMIT,
            description="these records only (repeat for several, at most 500: a list's linked records read in one "
            "call); an id of no record is simply absent",
        ),
    ] = None,
) -> dict[str, Any]:
    page = await handlers.list_staff(
        ctx,
        ids=frozenset(ids) if ids else None,
        enterprise_id=enterprise_id,
        qualification=qualification,
        active=active,
        q=q,
        email=email,
        page=paging,
        visible=viewer,
        full_name=name,
    )
    return page_out(request, response, page, paging.limit, [staff_out(m) for m in page.items])


@router.get("/staff/{staff_id}", response_model=StaffOut, tags=["staff"], summary="One staff member")
async def get_staff(staff_id: uuid.UUID, ctx: Ctx, response: Response) -> StaffOut:
    found = await handlers.get_staff(ctx, staff_id)
    response.headers.update(etag(found.version))
    return staff_out(found)


@router.patch(
    "/staff/{staff_id}",
    response_model=StaffOut,
    tags=["staff"],
    summary="Change a staff record; needs If-Match; publishes StaffUpdated; warns about upcoming shifts",
)
async def edit_staff(staff_id: uuid.UUID, body: StaffPatch, change: Change, pre: IfMatch) -> Response:
    changes = {
        k: v
        for k, v in body.model_dump(exclude_unset=True).items()
        if v is not None or k in ("email", "phone", "national_id")
    }
    return await change.run(lambda uow: handlers.edit_staff(uow, staff_id, changes=changes, pre=pre), _staff_renderer())


@router.post(
    "/staff/{staff_id}/link",
    response_model=StaffOut,
    tags=["staff"],
    summary="Link this record (and the records already linked to it) to another record of the same person, at "
    "this or another enterprise: double booking is then checked across all of them; a 409 when they would be "
    "double-booked",
)
async def link_staff(staff_id: uuid.UUID, body: StaffLinkIn, change: Change) -> Response:
    return await change.run(lambda uow: handlers.link_staff(uow, staff_id, other_id=body.staff_id), _staff_renderer())


@router.post(
    "/staff/{staff_id}/unlink",
    response_model=StaffOut,
    tags=["staff"],
    summary="Take this record out of the person it is linked to (administrators): a person of its own again",
)
async def unlink_staff(staff_id: uuid.UUID, change: Change) -> Response:
    return await change.run(lambda uow: handlers.unlink_staff(uow, staff_id), _staff_renderer())


# --- duty types ------------------------------------------------------------------------------------


@router.get(
    "/duty-types",
    response_model=Page[DutyTypeOut],
    tags=["duty types"],
    summary="The duty types, each with the qualification it demands, in Vietnamese and English",
)
async def list_duty_types(request: Request, response: Response, paging: Cursor) -> dict[str, Any]:
    items = [
        DutyTypeOut(key=d.key, qualification=d.qualification, name_vi=d.name_vi, name_en=d.name_en) for d in DUTY_TYPES
    ]
    start = paging.offset("duty-types")
    page = by_offset(items[start : start + paging.limit + 1], paging, "duty-types", total=len(items))
    return page_out(request, response, page, paging.limit)
