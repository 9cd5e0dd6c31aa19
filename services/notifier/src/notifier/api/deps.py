"""Dependencies shared by notifier's routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lichtruc.auth import Principal, current_principal
from lichtruc.scope import Visible

from ..handlers import Context

# The dependencies are coroutines: FastAPI runs a plain function in a worker thread, a hop that
# costs more than the function itself.


async def get_context(request: Request) -> Context:
    return request.app.state.ctx


async def get_visible(principal: Annotated[Principal, Depends(current_principal)]) -> Visible:
    """Whose records the caller's lists show (the access decision itself is the policy's)."""
    return Visible.to(principal)


Ctx = Annotated[Context, Depends(get_context)]
Caller = Annotated[Principal, Depends(current_principal)]
Viewer = Annotated[Visible, Depends(get_visible)]
