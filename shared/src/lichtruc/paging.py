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
that says what to do, not an empty page. "Handed out" means more than well-formed JSON: the cursor
names this list, and its key has the shape of this list's sort key (each list names the key's
element types, ``page.after(kind, datetime, uuid.UUID)``) with every value in the range its column
holds, so that an edited cursor is refused here and never reaches the database as a 500.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import NoneType, UnionType
from typing import Annotated, Any, Generic, TypeVar, get_args

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field

T = TypeVar("T")
Item = TypeVar("Item")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 2**31
"""The furthest an offset cursor may point: far beyond any list, far within PostgreSQL's OFFSET."""
MAX_KEY_TEXT = 300
"""The longest text a cursor's key may hold (names and codes of a few dozen characters)."""


class Int32(int):
    """Names a key element stored in a 32-bit column (``INTEGER``): an ``int`` within -2**31..2**31-1.
    Only a name for ``after(...)``'s types; a plain ``int`` element is a 64-bit (``BIGINT``) one."""


KeyType = type | UnionType
"""One element of a key's shape: ``int``, `Int32`, ``str``, ``datetime``, ``date``, ``uuid.UUID``,
or a union with ``None`` (``str | None``) where the element may be null."""

_KEY_TYPES = (int, Int32, str, datetime, date, uuid.UUID, NoneType)


class BadCursor(ValueError):
    """A cursor that this list did not hand out (or that was altered, or belongs to another list)."""

    def __init__(self, cursor: str) -> None:
        self.cursor = cursor[:40]
        super().__init__(
            f"cursor “{self.cursor}” was not handed out by this list: start again without “cursor”, "
            "then follow the “next” addresses"
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


def _fits(value: Any, kind: type) -> bool:
    if kind is NoneType:
        return value is None
    if kind is Int32 or kind is int:
        bound = 2**31 if kind is Int32 else 2**63
        return type(value) is int and -bound <= value < bound  # not a bool, not a float
    if kind is str:
        return isinstance(value, str) and len(value) <= MAX_KEY_TEXT
    if kind is datetime:
        if not isinstance(value, datetime) or value.utcoffset() is None:
            return False  # naive: which instant it names depends on the reader's zone
        try:
            value.astimezone(UTC)  # an instant a database can hold (year 1 at +07:00 is not)
        except OverflowError:
            return False
        return True
    if kind is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    return isinstance(value, kind)


def _options(element: KeyType) -> tuple[type, ...]:
    options = get_args(element) if isinstance(element, UnionType) else (element,)
    unknown = [o for o in options if o not in _KEY_TYPES]
    if unknown:
        raise TypeError(f"a cursor's key holds only {_KEY_TYPES}, not {unknown}")
    return options


def _shape(types: Sequence[KeyType]) -> list[tuple[type, ...]]:
    """The key's shape as lists name it; a TypeError (a programming error, not a client's) for none
    or for a type a cursor cannot carry."""
    if not types:
        raise TypeError("name the types of the list's sort key, in order: after(kind, datetime, uuid.UUID)")
    return [_options(t) for t in types]


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    """An opaque cursor for position ``key`` in list ``kind`` (a name, so one list's cursor does not
    silently page another)."""
    raw = json.dumps([kind, [_plain(v) for v in key]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, types: Sequence[KeyType]) -> tuple[Any, ...]:
    """The position a cursor of list ``kind`` stands for, a key of ``types`` in order (as the list's
    `keyset` key encodes it); `BadCursor` for anything else: another list's cursor, a key of another
    length, a value of another type or beyond what its column holds."""
    shape = _shape(types)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_kind, key = json.loads(raw)
        if got_kind != kind or not isinstance(key, list) or len(key) != len(shape):
            raise ValueError(kind)
        values = tuple(_typed(v) for v in key)
        if not all(any(_fits(v, o) for o in options) for v, options in zip(values, shape, strict=True)):
            raise ValueError(kind)
        return values
    except (ValueError, TypeError) as exc:
        raise BadCursor(cursor) from exc


@dataclass(frozen=True)
class PageRequest:
    """What the caller asked for: at most ``limit`` items after ``cursor``."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def after(self, kind: str, *types: KeyType) -> tuple[Any, ...] | None:
        """The keyset position to continue after, a key of ``types`` (those of the list's sort key, in
        order: ``page.after("shifts", datetime, uuid.UUID)``), or None on the first page."""
        _shape(types)  # checked on the first page too, so that a call site without its types fails at once
        return None if self.cursor is None else decode_cursor(kind, self.cursor, types)

    def offset(self, kind: str) -> int:
        """For lists paged by offset: how many items to skip (0 to `MAX_OFFSET`)."""
        if self.cursor is None:
            return 0
        (start,) = decode_cursor(kind, self.cursor, (int,))
        if not 0 <= start <= MAX_OFFSET:
            raise BadCursor(self.cursor)
        return int(start)


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
