"""Running a command from a route: one unit of work, the answer rendered inside it, and — for
a POST with Idempotency-Key — the answer stored with the change (or replayed)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Request, Response
from pydantic import BaseModel

from ..domain.errors import ConcurrentChange
from ..handlers import Context, UnitOfWork, idempotency, unit_of_work

T = TypeVar("T")

CONCURRENT_ATTEMPTS = 3
"""Runs of one command when concurrent transactions keep winning: two requests booking the same
person at the same instant can deadlock on the no-double-booking constraint; run again, the
loser sees the winner's shift and answers with the 409 that names it."""


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


async def run(
    request: Request,
    ctx: Context,
    work: Callable[[UnitOfWork], Awaitable[T]],
    render: Callable[[T], tuple[BaseModel | None, dict[str, str]]],
    *,
    status_code: int = 200,
    actor: str | None = None,
    actor_name: str | None = None,
    idempotency_key: str | None = None,
    payload: Any = None,
) -> Response:
    """Execute `work` in one transaction and answer with `render(result)` = (body, headers).

    With an Idempotency-Key the request's fingerprint (method, path, query, `payload`) is
    claimed first: a repeat gets the stored answer (header `Idempotent-Replayed: true`),
    the same key with another request gets a 422.

    A transaction that lost to a concurrent one (deadlock, serialization failure: the store's
    `ConcurrentChange`) is run again, up to `CONCURRENT_ATTEMPTS` times in all; `work` must
    therefore depend only on the unit of work it is given, as every handler does.
    """
    claim = None
    if idempotency_key is not None:
        principal = getattr(request.state, "principal", None)
        claim = idempotency.IdempotentRequest(
            key=idempotency_key,
            method=request.method,
            path=request.url.path,
            owner=principal.account_id if principal is not None else "",
            fingerprint=idempotency.fingerprint(
                request.method, request.url.path, query=list(request.query_params.multi_items()), payload=payload
            ),
        )
    for attempt in range(1, CONCURRENT_ATTEMPTS + 1):
        try:
            return await _once(
                ctx, work, render, status_code=status_code, actor=actor, actor_name=actor_name, claim=claim
            )
        except ConcurrentChange:
            if attempt == CONCURRENT_ATTEMPTS:
                raise
            # The transaction that won is finishing: a short, spread pause, and the command
            # runs again from its reads (the rolled-back attempt left nothing behind).
            await asyncio.sleep(random.uniform(0, 0.01 * attempt))
    raise AssertionError("unreachable")


async def _once(
    ctx: Context,
    work: Callable[[UnitOfWork], Awaitable[T]],
    render: Callable[[T], tuple[BaseModel | None, dict[str, str]]],
    *,
    status_code: int,
    actor: str | None,
    actor_name: str | None,
    claim: idempotency.IdempotentRequest | None,
) -> Response:
    async with unit_of_work(ctx, actor=actor, actor_name=actor_name) as uow:
        if claim is not None:
            stored = await idempotency.claim(uow, claim, ttl=ctx.idempotency_ttl)
            if stored is not None:
                return Response(
                    stored.body,
                    status_code=stored.status_code,
                    media_type="application/json",
                    headers={**stored.headers, "Idempotent-Replayed": "true"},
                )
        result = await work(uow)
        body, headers = render(result)
        content = body.model_dump_json() if body is not None else ""
        if claim is not None:
            await idempotency.store(uow, claim, response=idempotency.StoredResponse(status_code, content, headers))
    if body is None:
        return Response(status_code=status_code, headers=headers)
    return Response(content, status_code=status_code, media_type="application/json", headers=headers)
