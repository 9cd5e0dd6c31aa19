"""Pages as the API returns them.

Lists on cursors answer in the `lichtruc.paging` format (``items``, ``limit``, ``total``,
``next`` and a ``Link: <next>; rel="next"`` header); a cursor the list did not hand out is a
422 problem in both languages. `page_out` is the older offset format, kept for the lists that
have not moved yet (reference, accounts, campaigns).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from fastapi import Request, Response

from lichtruc import paging
from lichtruc.problems import Problem

from ..handlers.views import Page


def page_out(request: Request, page: Page) -> dict[str, Any]:
    nxt = None
    if page.offset + page.limit < page.total:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))
    return {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset, "next": nxt}


def bad_cursor(exc: paging.BadCursor) -> Problem:
    return Problem(
        422,
        "bad-cursor",
        "Invalid request",
        str(exc),
        detail_vi=exc.detail_vi,
        errors=[{"field": "query.cursor", "rule": "cursor", "message": str(exc), "message_vi": exc.detail_vi}],
    )


@contextlib.contextmanager
def cursor_problems() -> Iterator[None]:
    """A cursor this list did not hand out becomes a 422 problem, not an empty page."""
    try:
        yield
    except paging.BadCursor as exc:
        raise bad_cursor(exc) from exc


def slice_out(request: Request, response: Response, page: paging.Slice[Any], limit: int) -> dict[str, Any]:
    """The body of a cursor page, with its Link header."""
    return paging.page_out(request, response, page, limit)
