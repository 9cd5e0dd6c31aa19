"""/districts: the districts as the sites and incidents spell them, and the administrator's merge of split spellings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from lichtruc.paging import page_out

from ...domain.districts import DistrictGroup
from ...handlers import districts as handlers
from ..deps import Ctx, Cursor, IdempotentChange
from ..schemas import DistrictMergeIn, DistrictMergeOut, DistrictOut, Page, SpellingOut

router = APIRouter(tags=["districts"])


def district_out(g: DistrictGroup) -> DistrictOut:
    return DistrictOut(
        key=g.key,
        preferred=g.preferred,
        sites=g.sites,
        incidents=g.incidents,
        split=g.split,
        spellings=[SpellingOut(spelling=s.spelling, sites=s.sites, incidents=s.incidents) for s in g.spellings],
    )


@router.get(
    "/districts",
    response_model=Page[DistrictOut],
    summary="The districts the sites and incidents are in, each with the ways they spell it and how many sites and "
    "incidents each; those spelled in several ways first",
)
async def list_districts(
    request: Request,
    response: Response,
    ctx: Ctx,
    paging: Cursor,
    q: Annotated[str | None, Query(max_length=100, description="part of the district, however typed")] = None,
    split: Annotated[bool | None, Query(description="only the districts spelled in several ways (or in one)")] = None,
) -> dict[str, Any]:
    page = await handlers.list_districts(ctx, q=q, split=split, page=paging)
    return page_out(request, response, page, paging.limit, [district_out(g) for g in page.items])


def _merged(result: handlers.DistrictsMerged) -> tuple[BaseModel, dict[str, str]]:
    out = DistrictMergeOut(
        into=result.into,
        spellings=list(result.spellings),
        sites_changed=result.sites_changed,
        incidents_changed=result.incidents_changed,
    )
    return out, {}


@router.post(
    "/districts/merge",
    response_model=DistrictMergeOut,
    summary="Write every site and incident whose district is one of the spellings as `into` (one district's "
    "spellings only); each site changed publishes SiteUpdated, each incident IncidentUpdated, all in one transaction",
)
async def merge_districts(body: DistrictMergeIn, change: IdempotentChange) -> Response:
    cmd = handlers.MergeDistricts(tuple(body.spellings), body.into)
    return await change.run(
        lambda uow: handlers.merge_districts(uow, cmd), _merged, payload=body.model_dump(mode="json")
    )
