"""Pages as the API returns them: items, total, and the address of the next page."""

from __future__ import annotations

from fastapi import Request

from ..handlers.views import Page


def page_out(request: Request, page: Page) -> dict:
    nxt = None
    if page.offset + page.limit < page.total:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))
    return {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset, "next": nxt}
