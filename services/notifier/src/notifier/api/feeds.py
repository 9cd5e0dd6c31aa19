"""Calendar feeds: the public feed by token, and the management of feed subscriptions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from lichtruc.problems import Problem
from lichtruc.queries import LENIENT_QUERY

from ..handlers import feeds as service
from ..handlers.paging import BadCursor, Order
from .deps import Caller, Ctx, Visible
from .schemas import DutyType, FeedIn, FeedKind, FeedOut, FeedPage, IssuedFeedOut

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


def feed_not_found() -> Problem:
    return Problem(
        404,
        "feed-not-found",
        "Feed not found",
        "No active calendar feed has this address: the link was rotated or revoked, or mistyped. "
        "Ask for a new link (POST /feeds) and subscribe to it.",
        detail_vi="Không có lịch nào ở địa chỉ này: đường dẫn đã được đổi, thu hồi hoặc gõ sai. "
        "Hãy xin đường dẫn mới và đăng ký lại.",
    )


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
        404: {"description": "unknown, rotated or revoked token"},
    },
)
async def serve_feed(token: Annotated[str, Path(max_length=100)], ctx: Ctx, request: Request) -> Response:
    rendered = await service.feed_for_token(ctx=ctx, token=token)
    if rendered is None:
        raise feed_not_found()
    headers = {
        "ETag": rendered.etag,
        "Cache-Control": f"private, max-age={ctx.settings.feed_max_age_seconds}",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if etag_matches(request.headers.get("if-none-match"), rendered.etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    headers["Content-Disposition"] = 'inline; filename="lich-truc.ics"'
    return Response(rendered.body, media_type=ICS, headers=headers)


def feed_subscription_not_found(feed_id: uuid.UUID) -> Problem:
    return Problem(
        404,
        "feed-subscription-not-found",
        "Feed subscription not found",
        f"No feed subscription has id {feed_id}: list them with GET /feeds.",
        detail_vi="Không tìm thấy đăng ký lịch này (có thể đã bị thu hồi).",
    )


def _issued(issued: service.IssuedFeed) -> IssuedFeedOut:
    return IssuedFeedOut(**issued.row, token=issued.token, url=issued.url, webcal_url=issued.webcal_url)


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
    response.headers["Location"] = f"/feeds/{issued.row['id']}"
    return _issued(issued)


@router.get("/feeds", response_model=FeedPage, summary="Feed subscriptions, oldest first, with filters and paging")
async def list_feeds(
    ctx: Ctx,
    viewer: Visible,
    kind: FeedKind | None = None,
    staff_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    duty_type: DutyType | None = None,
    revoked: Annotated[bool | None, Query(description="true: only revoked ones; false: only active ones")] = None,
    order: Order = "asc",
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> FeedPage:
    try:
        items, next_cursor = await service.list_feeds(
            ctx=ctx,
            kind=kind.value if kind else None,
            staff_id=staff_id,
            enterprise_id=enterprise_id,
            duty_type=duty_type,
            revoked=revoked,
            cursor=cursor,
            order=order,
            limit=limit,
            viewer=viewer,
        )
    except BadCursor as exc:
        raise bad_cursor(exc) from exc
    return FeedPage(items=[FeedOut(**i) for i in items], next_cursor=next_cursor)


def bad_cursor(exc: BadCursor) -> Problem:
    return Problem(
        422,
        "bad-cursor",
        "Invalid cursor",
        f"{exc}: pass the next_cursor of the previous page unchanged, or leave cursor out to start over.",
        detail_vi="Con trỏ trang không hợp lệ: dùng nguyên next_cursor của trang trước, hoặc bỏ cursor để bắt đầu lại.",
        errors=[{"field": "query.cursor", "rule": "cursor", "message": str(exc)}],
    )


@router.get("/feeds/{feed_id}", response_model=FeedOut, summary="One feed subscription (without its token)")
async def get_feed(feed_id: uuid.UUID, ctx: Ctx) -> FeedOut:
    row = await service.get_feed(ctx=ctx, feed_id=feed_id)
    if row is None:
        raise feed_subscription_not_found(feed_id)
    return FeedOut(**row)


@router.post(
    "/feeds/{feed_id}/rotate",
    response_model=IssuedFeedOut,
    summary="Replace the feed's token: the old link stops working at once",
)
async def rotate_feed(feed_id: uuid.UUID, ctx: Ctx) -> IssuedFeedOut:
    try:
        return _issued(await service.rotate_feed(ctx=ctx, feed_id=feed_id))
    except service.FeedNotFound as exc:
        raise feed_subscription_not_found(feed_id) from exc
    except service.FeedRevoked as exc:
        raise Problem(
            409,
            "feed-revoked",
            "Feed revoked",
            f"Feed subscription {feed_id} was revoked and cannot be rotated: issue a new one with POST /feeds.",
            detail_vi="Đường dẫn lịch này đã bị thu hồi, không thể đổi; hãy tạo đường dẫn mới.",
        ) from exc


@router.delete(
    "/feeds/{feed_id}", response_model=FeedOut, summary="Revoke the feed: its link answers 404 from now on (idempotent)"
)
async def revoke_feed(feed_id: uuid.UUID, ctx: Ctx, caller: Caller) -> FeedOut:
    try:
        return FeedOut(**await service.revoke_feed(ctx=ctx, feed_id=feed_id, revoked_by=caller.account_id))
    except service.FeedNotFound as exc:
        raise feed_subscription_not_found(feed_id) from exc
