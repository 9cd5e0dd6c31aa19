"""/enterprises, /sites, /staff, /duty-types: the reference data shifts are made of."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from ...domain.reference import DUTY_TYPES
from ...handlers import reference as handlers
from ...handlers.views import Page as ResultPage
from ..commands import etag, run
from ..deps import Actor, Ctx, IdempotencyKey, IfMatch, Pages, Viewer
from ..paging import page_out
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
    StaffOut,
    StaffPatch,
)

router = APIRouter()


def _renderer(model: type[BaseModel], collection: str | None = None):
    def render(view: dict) -> tuple[BaseModel, dict[str, str]]:
        headers = etag(view["version"])
        if collection:
            headers["Location"] = f"/{collection}/{view['id']}"
        return model.model_validate(view), headers

    return render


# --- enterprises ---------------------------------------------------------------------------------


@router.post(
    "/enterprises",
    status_code=status.HTTP_201_CREATED,
    response_model=EnterpriseOut,
    tags=["enterprises"],
    summary="Register an enterprise; publishes EnterpriseRegistered",
)
async def register_enterprise(
    body: EnterpriseIn, request: Request, ctx: Ctx, actor: Actor = None, idempotency_key: IdempotencyKey = None
) -> Response:
    cmd = handlers.RegisterEnterprise(body.name, body.sector, body.manager_phone, tuple(body.manager_emails))
    return await run(
        request,
        ctx,
        lambda uow: handlers.register_enterprise(uow, cmd),
        _renderer(EnterpriseOut, "enterprises"),
        status_code=201,
        actor=actor,
        idempotency_key=idempotency_key,
        payload=body.model_dump(mode="json"),
    )


@router.get("/enterprises", response_model=Page[EnterpriseOut], tags=["enterprises"], summary="Enterprises by name")
async def list_enterprises(
    request: Request,
    ctx: Ctx,
    pages: Pages,
    viewer: Viewer,
    sector: Sector | None = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
) -> dict:
    return page_out(
        request,
        await handlers.list_enterprises(
            ctx, sector=sector, q=q, limit=pages.limit, offset=pages.offset, visible=viewer
        ),
    )


@router.get(
    "/enterprises/{enterprise_id}", response_model=EnterpriseOut, tags=["enterprises"], summary="One enterprise"
)
async def get_enterprise(enterprise_id: uuid.UUID, ctx: Ctx, response: Response) -> dict:
    view = await handlers.get_enterprise(ctx, enterprise_id)
    response.headers.update(etag(view["version"]))
    return view


@router.patch(
    "/enterprises/{enterprise_id}",
    response_model=EnterpriseOut,
    tags=["enterprises"],
    summary="Change name, sector or manager contacts; needs If-Match; publishes EnterpriseUpdated",
)
async def edit_enterprise(
    enterprise_id: uuid.UUID, body: EnterprisePatch, request: Request, ctx: Ctx, pre: IfMatch, actor: Actor = None
) -> Response:
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None or k == "manager_phone"}
    return await run(
        request,
        ctx,
        lambda uow: handlers.edit_enterprise(uow, enterprise_id, changes, pre),
        _renderer(EnterpriseOut),
        actor=actor,
    )


# --- sites -----------------------------------------------------------------------------------------


@router.post(
    "/sites",
    status_code=status.HTTP_201_CREATED,
    response_model=SiteOut,
    tags=["sites"],
    summary="Register a site of an enterprise; publishes SiteRegistered",
)
async def register_site(
    body: SiteIn, request: Request, ctx: Ctx, actor: Actor = None, idempotency_key: IdempotencyKey = None
) -> Response:
    cmd = handlers.RegisterSite(body.enterprise_id, body.name, body.kind, body.district, body.border_area)
    return await run(
        request,
        ctx,
        lambda uow: handlers.register_site(uow, cmd),
        _renderer(SiteOut, "sites"),
        status_code=201,
        actor=actor,
        idempotency_key=idempotency_key,
        payload=body.model_dump(mode="json"),
    )


@router.get("/sites", response_model=Page[SiteOut], tags=["sites"], summary="Sites by enterprise, then name")
async def list_sites(
    request: Request,
    ctx: Ctx,
    pages: Pages,
    viewer: Viewer,
    enterprise_id: uuid.UUID | None = None,
    border_area: bool | None = None,
    district: Annotated[str | None, Query(max_length=100)] = None,
) -> dict:
    return page_out(
        request,
        await handlers.list_sites(
            ctx,
            enterprise_id=enterprise_id,
            border_area=border_area,
            district=district,
            limit=pages.limit,
            offset=pages.offset,
            visible=viewer,
        ),
    )


@router.get("/sites/{site_id}", response_model=SiteOut, tags=["sites"], summary="One site")
async def get_site(site_id: uuid.UUID, ctx: Ctx, response: Response) -> dict:
    view = await handlers.get_site(ctx, site_id)
    response.headers.update(etag(view["version"]))
    return view


@router.patch(
    "/sites/{site_id}",
    response_model=SiteOut,
    tags=["sites"],
    summary="Change name, kind, district or border-area flag; needs If-Match; publishes SiteUpdated",
)
async def edit_site(
    site_id: uuid.UUID, body: SitePatch, request: Request, ctx: Ctx, pre: IfMatch, actor: Actor = None
) -> Response:
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None or k == "district"}
    return await run(
        request, ctx, lambda uow: handlers.edit_site(uow, site_id, changes, pre), _renderer(SiteOut), actor=actor
    )


# --- staff -----------------------------------------------------------------------------------------


@router.post(
    "/staff",
    status_code=status.HTTP_201_CREATED,
    response_model=StaffOut,
    tags=["staff"],
    summary="Register a staff member; publishes StaffJoined",
)
async def register_staff(
    body: StaffIn, request: Request, ctx: Ctx, actor: Actor = None, idempotency_key: IdempotencyKey = None
) -> Response:
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
    return await run(
        request,
        ctx,
        lambda uow: handlers.register_staff(uow, cmd),
        _renderer(StaffOut, "staff"),
        status_code=201,
        actor=actor,
        idempotency_key=idempotency_key,
        payload=body.model_dump(mode="json"),
    )


@router.get("/staff", response_model=Page[StaffOut], tags=["staff"], summary="Staff by full name")
async def list_staff(
    request: Request,
    ctx: Ctx,
    pages: Pages,
    viewer: Viewer,
    enterprise_id: uuid.UUID | None = None,
    qualification: Qualification | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
    email: Annotated[str | None, Query(max_length=254)] = None,
) -> dict:
    return page_out(
        request,
        await handlers.list_staff(
            ctx,
            enterprise_id=enterprise_id,
            qualification=qualification,
            active=active,
            q=q,
            email=email,
            limit=pages.limit,
            offset=pages.offset,
            visible=viewer,
        ),
    )


@router.get("/staff/{staff_id}", response_model=StaffOut, tags=["staff"], summary="One staff member")
async def get_staff(staff_id: uuid.UUID, ctx: Ctx, response: Response) -> dict:
    view = await handlers.get_staff(ctx, staff_id)
    response.headers.update(etag(view["version"]))
    return view


@router.patch(
    "/staff/{staff_id}",
    response_model=StaffOut,
    tags=["staff"],
    summary="Change a staff record; needs If-Match; publishes StaffUpdated; warns about upcoming shifts",
)
async def edit_staff(
    staff_id: uuid.UUID, body: StaffPatch, request: Request, ctx: Ctx, pre: IfMatch, actor: Actor = None
) -> Response:
    changes = {
        k: v
        for k, v in body.model_dump(exclude_unset=True).items()
        if v is not None or k in ("email", "phone", "national_id")
    }
    return await run(
        request, ctx, lambda uow: handlers.edit_staff(uow, staff_id, changes, pre), _renderer(StaffOut), actor=actor
    )


# --- duty types ------------------------------------------------------------------------------------


@router.get(
    "/duty-types",
    response_model=Page[DutyTypeOut],
    tags=["duty types"],
    summary="The duty types, each with the qualification it demands, in Vietnamese and English",
)
async def list_duty_types(request: Request, pages: Pages) -> dict:
    items = [
        {"key": d.key, "qualification": d.qualification, "name_vi": d.name_vi, "name_en": d.name_en} for d in DUTY_TYPES
    ]
    return page_out(
        request, ResultPage(items[pages.offset : pages.offset + pages.limit], len(items), pages.limit, pages.offset)
    )
