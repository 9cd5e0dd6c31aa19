"""What routes take from the app: the handlers' context, the caller that the access
policy (api/policy.py) let through, and what that caller's lists show."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from lichtruc.auth import Principal, current_principal
from lichtruc.scope import Visible
from lichtruc.sheets import Separator

from ..handlers import Context

# The dependencies are coroutines: FastAPI runs a plain function in a worker thread, a hop that
# costs more than the function itself.


async def get_ctx(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


Ctx = Annotated[Context, Depends(get_ctx)]
Caller = Annotated[Principal, Depends(current_principal)]


async def visible_to(caller: Caller) -> Visible:
    """What the caller's lists and boards are narrowed to (the policy has already refused
    filters outside it)."""
    return Visible.to(caller)


Viewer = Annotated[Visible, Depends(visible_to)]

SeparatorQuery = Annotated[
    Separator,
    Query(
        description="comma (default): RFC 4180, for programs; semicolon: for Excel in the Vietnamese locale, "
        "which splits a CSV on its list separator (;) and opens a comma file in one column"
    ),
]
