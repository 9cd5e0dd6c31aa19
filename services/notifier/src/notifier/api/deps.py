"""Dependencies shared by notifier's routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..handlers import Context


def get_context(request: Request) -> Context:
    return request.app.state.ctx


Ctx = Annotated[Context, Depends(get_context)]
