"""One page format for every list in every service.

The contract, the same on every list endpoint:

* the request takes ``limit`` (1–500, default 50) and ``cursor`` (opaque: copy it from ``next``);
* the body is ``{"items": [...], "limit": n, "total": m | null, "next": "<address>" | null}``;
  ``next`` is the whole address of the following page with the same filters, ``null`` on the last;
* the same address rides in a ``Link: <…>; rel="next"`` header (RFC 8288), so a client can walk
  any list without knowing its shape;
* ``total`` is how many items match the filters where counting is cheap; ``null`` where it is not
  (an append-only log), never a guess.

A cursor is the position after the last item shown: the sort key of that item (keyset paging,
stable while rows are appended) or, for lists sorted by a non-unique human key, a plain offset.
Either way it is opaque to clients and checked here: a cursor this list did not hand out is a 422
that says what to do, not an empty page.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field

T = TypeVar("T")
Item = TypeVar("Item")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class BadCursor(ValueError):
    """A cursor that this list did not hand out (or that was altered, or belongs to another list)."""

    def __init__(self, cursor: str) -> None:
        self.cursor = cursor[:40]
        super().__init__(
            f"cursor {self.cursor!r} was not handed out by this list: start again without 'cursor', "
            "then follow the 'next' addresses"
        )
        self.detail_vi = (
            "Vị trí trang đã gửi không do danh sách này cấp: hãy tải lại từ trang đầu (bỏ vị trí trang) rồi đi "
            "theo địa chỉ của trang sau"
        )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        if tag == "t":
            return datetime.fromisoformat(text)
        if tag == "d":
            return date.fromisoformat(text)
        if tag == "u":
            return uuid.UUID(text)
    return value


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    """An opaque cursor for position ``key`` in list ``kind`` (a name, so one list's cursor does not
    silently page another)."""
    raw = json.dumps([kind, [_plain(v) for v in key]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> tuple[Any, ...]:
    """The position a cursor of list ``kind`` stands for; `BadCursor` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_kind, key = json.loads(raw)
        if got_kind != kind or not isinstance(key, list):
            raise ValueError(kind)
        return tuple(_typed(v) for v in key)
    except (ValueError, TypeError) as exc:
        raise BadCursor(cursor) from exc


@dataclass(frozen=True)
class PageRequest:
    """What the caller asked for: at most ``limit`` items after ``cursor``."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def after(self, kind: str) -> tuple[Any, ...] | None:
        """The keyset position to continue after, or None on the first page."""
        return None if self.cursor is None else decode_cursor(kind, self.cursor)

    def offset(self, kind: str) -> int:
        """For lists paged by offset: how many items to skip."""
        if self.cursor is None:
            return 0
        key = decode_cursor(kind, self.cursor)
        if len(key) != 1 or not isinstance(key[0], int) or key[0] < 0:
            raise BadCursor(self.cursor)
        return key[0]


async def page_request(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="how many items at most")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=400, description="opaque: the `cursor` of a `next` address")] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)


Paging = Annotated[PageRequest, Depends(page_request)]
"""The dependency every list route takes: ``limit`` and ``cursor`` from the query string."""


@dataclass(frozen=True)
class Slice(Generic[Item]):
    """One page of a list as a repository or handler returns it: the items, the cursor of the next
    page (None on the last), and the count of all matches where it is known."""

    items: list[Item]
    next_cursor: str | None = None
    total: int | None = None


def keyset(
    rows: Sequence[Item], limit: int, kind: str, key: Callable[[Item], Sequence[Any]], *, total: int | None = None
) -> Slice[Item]:
    """A page from ``limit + 1`` rows fetched after the cursor's position: the extra row only says
    that there is a next page."""
    if len(rows) <= limit:
        return Slice(list(rows), None, total)
    shown = list(rows[:limit])
    return Slice(shown, encode_cursor(kind, key(shown[-1])), total)


def by_offset(rows: Sequence[Item], page: PageRequest, kind: str, *, total: int | None = None) -> Slice[Item]:
    """A page from ``limit + 1`` rows fetched at ``page.offset(kind)``."""
    start = page.offset(kind)
    if len(rows) <= page.limit:
        return Slice(list(rows), None, total)
    return Slice(list(rows[: page.limit]), encode_cursor(kind, [start + page.limit]), total)


class Page(BaseModel, Generic[T]):
    """A page of a list: every list endpoint of every service answers in this shape."""

    items: list[T]
    limit: int = Field(description="the most items a page holds (as asked)")
    total: int | None = Field(default=None, description="how many items match the filters; null where not counted")
    next: str | None = Field(default=None, description="the address of the next page (same filters); null on the last")


def page_out(
    request: Request, response: Response, page: Slice[Any], limit: int, items: list[Any] | None = None
) -> dict[str, Any]:
    """The response body for ``page`` (``items`` already converted, if given), with the ``Link`` header set."""
    nxt = None
    if page.next_cursor is not None:
        nxt = str(request.url.include_query_params(cursor=page.next_cursor, limit=limit))
        response.headers["Link"] = f'<{nxt}>; rel="next"'
    return {"items": page.items if items is None else items, "limit": limit, "total": page.total, "next": nxt}
