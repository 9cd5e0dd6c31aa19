"""Calendar feeds: the public feed by token, and the management of feed subscriptions."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from lichtruc.paging import Page, Paging, page_out
from lichtruc.queries import LENIENT_QUERY

from ..domain.model import FeedFilter, FeedSubscription
from ..handlers import feeds as service
from ..handlers.context import Order
from .deps import Caller, Ctx, Viewer
from .schemas import DutyType, FeedIn, FeedKind, FeedOut, IssuedFeedOut

public_router = APIRouter(tags=["calendar feeds"])
"""Calendar clients cannot log in: the unguessable token in the address is the credential."""

router = APIRouter(tags=["feed subscriptions"])

ICS = "text/calendar; charset=utf-8"


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 13.1.2: If-None-Match uses the weak comparison; ``*`` matches any current feed."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


# Calendar apps and caches may append parameters of their own (cache-busters): a feed has no
# filters that could silently widen, and a subscription that broke would tell nobody, so the
# feed ignores unknown parameters instead of refusing them like every other route.
@public_router.head("/feeds/{token}.ics", include_in_schema=False, openapi_extra=LENIENT_QUERY)
@public_router.get(
    "/feeds/{token}.ics",
    response_class=Response,
    openapi_extra=LENIENT_QUERY,
    summary="A calendar feed (iCalendar), as calendar apps subscribe to it",
    responses={
        200: {"content": {"text/calendar": {}}, "description": "the feed"},
        304: {"description": "unchanged since the ETag sent in If-None-Match"},
        404: {
            "content": {"application/problem+json": {}, "text/html": {}},
            "description": "unknown, rotated or revoked token: the problem `feed-not-found`, or, to a browser (text/html "
            "preferred to text/calendar), a short page in Vietnamese and English saying the link no longer works and "
            "where on the portal a new one is made",
        },
    },
)
async def serve_feed(token: Annotated[str, Path(max_length=100)], ctx: Ctx, request: Request) -> Response:
    if_none_match = request.headers.get("if-none-match")
    rendered = await service.feed_for_token(
        ctx=ctx, token=token, unchanged=lambda etag: etag_matches(if_none_match, etag)
    )
    headers = {
        "ETag": rendered.etag,
        "Cache-Control": f"private, max-age={ctx.settings.feed_max_age_seconds}",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if isinstance(rendered, service.NotModified):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    headers["Content-Disposition"] = 'inline; filename="lich-truc.ics"'
    return Response(rendered.body, media_type=ICS, headers=headers)


def feed_out(feed: FeedSubscription) -> FeedOut:
    return FeedOut.model_validate(feed, from_attributes=True)


def _issued(issued: service.IssuedFeed) -> IssuedFeedOut:
    return IssuedFeedOut(
        **feed_out(issued.feed).model_dump(), token=issued.token, url=issued.url, webcal_url=issued.webcal_url
    )


@router.post(
    "/feeds",
    status_code=status.HTTP_201_CREATED,
    response_model=IssuedFeedOut,
    summary="Issue a calendar feed link (https:// and webcal://); the token is shown only now",
)
async def create_feed(body: FeedIn, ctx: Ctx, caller: Caller, response: Response) -> IssuedFeedOut:
    issued = await service.create_feed(
        ctx=ctx,
        new=service.NewFeed(
            kind=body.kind.value,
            staff_id=body.staff_id,
            enterprise_id=body.enterprise_id,
            duty_type=body.duty_type,
            language=body.language,
            label=body.label,
            created_by=caller.account_id,
        ),
    )
    response.headers["Location"] = f"/feeds/{issued.feed.id}"
    return _issued(issued)


@router.get(
    "/feeds",
    response_model=Page[FeedOut],
    summary="Feed subscriptions, oldest first, with filters; paged (limit, cursor; the next page's address in next and Link)",
)
async def list_feeds(
    request: Request,
    response: Response,
    ctx: Ctx,
    viewer: Viewer,
    paging: Paging,
    kind: FeedKind | None = None,
    staff_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    duty_type: DutyType | None = None,
    revoked: Annotated[bool | None, Query(description="true: only revoked ones; false: only active ones")] = None,
    order: Order = "asc",
) -> dict[str, Any]:
    page = await service.list_feeds(
        ctx=ctx,
        where=FeedFilter(
            kind=kind.value if kind else None,
            staff_id=staff_id,
            enterprise_id=enterprise_id,
            duty_type=duty_type,
            revoked=revoked,
        ),
        visible=viewer,
        page=paging,
        order=order,
    )
    return page_out(request, response, page, paging.limit, [feed_out(f) for f in page.items])


@router.get("/feeds/{feed_id}", response_model=FeedOut, summary="One feed subscription (without its token)")
async def get_feed(feed_id: uuid.UUID, ctx: Ctx) -> FeedOut:
    return feed_out(await service.get_feed(ctx=ctx, feed_id=feed_id))


@router.post(
    "/feeds/{feed_id}/rotate",
    response_model=IssuedFeedOut,
    summary="Replace the feed's token: the old link stops working at once",
)
async def rotate_feed(feed_id: uuid.UUID, ctx: Ctx) -> IssuedFeedOut:
    return _issued(await service.rotate_feed(ctx=ctx, feed_id=feed_id))


@router.delete(
    "/feeds/{feed_id}", response_model=FeedOut, summary="Revoke the feed: its link answers 404 from now on (idempotent)"
)
async def revoke_feed(feed_id: uuid.UUID, ctx: Ctx, caller: Caller) -> FeedOut:
    return feed_out(await service.revoke_feed(ctx=ctx, feed_id=feed_id, revoked_by=caller.account_id))
