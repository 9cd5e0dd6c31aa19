"""Dependencies every route uses: the context, the caller, what the caller's lists show, If-Match,
Idempotency-Key, paging, and a change with what running it takes: the actor, the key (`Change`).

Each is `async def` although none awaits: FastAPI runs a plain `def` dependency in a worker
thread, a thread hop per dependency per request for a dictionary lookup."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel

from lichtruc.auth import Principal, current_principal
from lichtruc.paging import PageRequest, Paging
from lichtruc.problems import Problem
from lichtruc.scope import Visible

from ..domain.errors import Precondition
from ..handlers import Context, UnitOfWork
from .commands import run

T = TypeVar("T")


def context_of(request: Request) -> Context:
    """The app's context, read straight from the request (what `Ctx` gives, without a dependency:
    the hot routes — POST /shifts — read it so, each dependency FastAPI solves costs tens of µs)."""
    return request.app.state.ctx


def actor_from(request: Request) -> str | None:
    """Who makes the change, as their access token says (recorded in the events); what `Change` carries."""
    principal = getattr(request.state, "principal", None)
    return principal.actor if principal is not None else None


async def get_context(request: Request) -> Context:
    return context_of(request)


Ctx = Annotated[Context, Depends(get_context)]

Caller = Annotated[Principal, Depends(current_principal)]


async def visible_to(caller: Caller) -> Visible:
    """What the caller's lists are narrowed to (the policy has already refused filters outside it);
    a staff member's lists: their own records (`own_only`)."""
    return Visible.to(caller)


Viewer = Annotated[Visible, Depends(visible_to)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="makes a retried POST safe: the same key with the same body returns the first response (24 h)",
    ),
]

_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


async def if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=200,
            description='the version you read, as its ETag (e.g. "3"); required for every change',
        ),
    ] = None,
) -> Precondition:
    """Parse If-Match; a missing header becomes a 428 once the handler knows the current version."""
    if if_match is None:
        return Precondition(frozenset(), present=False)
    if if_match.strip() == "*":
        return Precondition(None)
    versions = set()
    for tag in if_match.split(","):
        m = _ETAG.match(tag.strip())
        if m is None:
            raise Problem(
                400,
                "if-match-format",
                "Malformed If-Match",
                f'If-Match must be the ETag you read, e.g. "3"; got “{if_match[:50]}”.',
                detail_vi='Phiên bản đã đọc (tiêu đề gửi kèm) phải là ETag đã nhận, ví dụ "3".',
                errors=[
                    {"field": "If-Match", "rule": "etag-format", "message": 'expected the version in quotes, e.g. "3"'}
                ],
            )
        versions.add(int(m.group(1)))
    return Precondition(frozenset(versions))


IfMatch = Annotated[Precondition, Depends(if_match)]


def _too_many(ctx: Context, hint: str) -> Problem:
    return Problem(
        422,
        "validation",
        "Invalid request",
        f"limit may be at most {ctx.list_max_limit}: {hint}.",
        detail_vi=f"Số mục mỗi trang tối đa là {ctx.list_max_limit}.",
        errors=[
            {
                "field": "query.limit",
                "rule": "less_than_equal",
                "message": f"Must be at most {ctx.list_max_limit}",
            }
        ],
    )


async def cursor_paging(ctx: Ctx, page: Paging) -> PageRequest:
    """`lichtruc.paging`'s limit + cursor, with roster's own ceiling (ROSTER_LIST_MAX_LIMIT)."""
    if page.limit > ctx.list_max_limit:
        raise _too_many(ctx, "follow the “next” address for more")
    return page


Cursor = Annotated[PageRequest, Depends(cursor_paging)]
"""The paging of every list in the `lichtruc.paging` format: ``limit`` and an opaque ``cursor``."""


@dataclass(frozen=True)
class Changing:
    """A change a route makes, with what running it takes from the request (`commands.run`): the context, who
    makes it (their access token's actor) and, on a POST that accepts one, the Idempotency-Key."""

    request: Request
    ctx: Context
    actor: str | None
    idempotency_key: str | None = None
    actor_name: str | None = None
    """The actor's display name as their access token says it (tokens issued before it was carried: None)."""

    async def run(
        self,
        work: Callable[[UnitOfWork], Awaitable[T]],
        render: Callable[[T], tuple[BaseModel | None, dict[str, str]]],
        *,
        status_code: int = 200,
        payload: Any = None,
        default_actor: str | None = None,
    ) -> Response:
        """`commands.run` for this request; `default_actor`: who the change is recorded as when the token names
        nobody (an import: "import")."""
        return await run(
            self.request,
            self.ctx,
            work,
            render,
            status_code=status_code,
            actor=self.actor or default_actor,
            actor_name=self.actor_name if self.actor else None,
            idempotency_key=self.idempotency_key,
            payload=payload,
        )


# Both read the context and the actor straight from the request: one dependency for FastAPI to solve where a
# route took the context and the actor as two.
async def change(request: Request) -> Changing:
    return Changing(request, context_of(request), actor_from(request), actor_name=actor_name_from(request))


async def idempotent_change(request: Request, idempotency_key: IdempotencyKey = None) -> Changing:
    return Changing(request, context_of(request), actor_from(request), idempotency_key, actor_name_from(request))


def actor_name_from(request: Request) -> str | None:
    """The actor's display name as their access token says it (None in tokens issued before it was carried)."""
    principal = getattr(request.state, "principal", None)
    return principal.display_name if principal is not None else None


Change = Annotated[Changing, Depends(change)]
"""A change that takes no Idempotency-Key (PATCH, PUT, DELETE, and the few POSTs that do not offer one)."""

IdempotentChange = Annotated[Changing, Depends(idempotent_change)]
"""A change a client may retry safely with an Idempotency-Key (the same key and body: the first answer again)."""
