"""What routes take from the app (a later issue adds authentication here, once)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..handlers import Context


def get_ctx(request: Request) -> Context:
    return request.app.state.ctx


Ctx = Annotated[Context, Depends(get_ctx)]
