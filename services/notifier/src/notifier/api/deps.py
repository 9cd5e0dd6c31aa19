"""Dependencies shared by notifier's routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lichtruc.auth import Principal, current_principal

from ..handlers import Context
from ..handlers.ownership import Viewer


def get_context(request: Request) -> Context:
    return request.app.state.ctx


def get_viewer(principal: Annotated[Principal, Depends(current_principal)]) -> Viewer:
    """Whose records the caller's lists show (the access decision itself is the policy's)."""
    return Viewer.of(principal)


Ctx = Annotated[Context, Depends(get_context)]
Caller = Annotated[Principal, Depends(current_principal)]
Visible = Annotated[Viewer, Depends(get_viewer)]
