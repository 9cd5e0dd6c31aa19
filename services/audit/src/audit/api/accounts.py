"""The history of accounts, from the log: who was given which role for which enterprises, by whom
and when; deactivations; password changes (the fact only); and the administrators' changes of the Department's
details (the names its documents print)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from lichtruc.bodies import Instant
from lichtruc.paging import Paging, page_out

from ..handlers import inspect
from .deps import Ctx
from .schemas import AccountHistoryItem, AccountHistoryPage

router = APIRouter(tags=["accounts"])


@router.get(
    "/accounts/history",
    response_model=AccountHistoryPage,
    summary="Every account created or changed (role, enterprises, active, password…: who, what, when), and every "
    "change of the Department's details (`department.changed`: the names its documents print; not with `account_id` "
    "or `q`), from the log, latest first (`order=oldest` for the oldest first); pages by `cursor` (keyset on the log's seq), "
    "`total` is null",
)
async def account_history(
    ctx: Ctx,
    request: Request,
    response: Response,
    page: Paging,
    account_id: Annotated[uuid.UUID | None, Query(description="only this account's events")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="only the accounts whose login or display name (in any of their events) contains this, "
            "whatever its case, diacritics or spacing",
        ),
    ] = None,
    received_from: Annotated[Instant | None, Query(description="recorded at or after")] = None,
    received_to: Annotated[Instant | None, Query(description="recorded before")] = None,
    order: Annotated[
        Literal["newest", "oldest"], Query(description="latest first (default) or oldest first")
    ] = "newest",
) -> dict[str, Any]:
    found = await inspect.account_history(
        ctx=ctx,
        page=page,
        account_id=account_id,
        q=q or None,
        received_from=received_from,
        received_to=received_to,
        newest_first=order == "newest",
    )
    return page_out(
        request, response, found, page.limit, [AccountHistoryItem.model_validate(asdict(e)) for e in found.items]
    )
