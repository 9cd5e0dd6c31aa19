"""What routes take from the app: the handlers' context, and the caller that the access
policy (api/policy.py) let through."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lichtruc.auth import Principal, current_principal

from ..handlers import Context


def get_ctx(request: Request) -> Context:
    return request.app.state.ctx


def visible_enterprises(request: Request) -> frozenset[str] | None:
    """The enterprises the caller may read (None: all): lists and boards are narrowed to them."""
    return current_principal(request).visible_enterprises()


Ctx = Annotated[Context, Depends(get_ctx)]
Caller = Annotated[Principal, Depends(current_principal)]
Within = Annotated[frozenset[str] | None, Depends(visible_enterprises)]
