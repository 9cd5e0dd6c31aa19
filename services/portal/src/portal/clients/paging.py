"""Reading the services' lists: one page format for every list of roster, notifier and audit.

A list answers ``{"items": [...], "limit": n, "total": m | null, "next": "<address>" | null}``
(`lichtruc.paging`). `read_page` checks that shape and gives a typed `PageOf`; the cursor of the
next page is read out of ``next``. The portal never follows the address itself: it asks its own
configured base URL again with its own filters and that cursor, so a host named in an answer is
never called."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx

T = TypeVar("T")
U = TypeVar("U")

WALK_LIMIT = 500
"""Page size when the portal needs every item of a list (the services' maximum)."""

WALK_MAX_PAGES = 200
"""A list longer than this many full pages is a fault, not something to keep walking."""


PAGE_KEYS = ("items", "limit", "total", "next")
"""Every page carries all four (``total`` and ``next`` may be null, never absent)."""


class BadPage(ValueError):
    """An answer that is not a page of the shared format (or a ``next`` without a cursor)."""


@dataclass(frozen=True)
class PageOf(Generic[T]):
    """One page of a service's list."""

    items: list[T]
    limit: int
    total: int | None
    next: str | None

    @property
    def next_cursor(self) -> str | None:
        """The cursor of the following page; None on the last."""
        return cursor_of(self.next)

    def map(self, convert: Callable[[T], U]) -> PageOf[U]:
        return PageOf([convert(item) for item in self.items], self.limit, self.total, self.next)


def cursor_of(address: str | None) -> str | None:
    """The ``cursor`` query parameter of a ``next`` address; None for no address."""
    if address is None:
        return None
    values = parse_qs(urlsplit(address).query).get("cursor")
    if not values or not values[0]:
        raise BadPage(f"the 'next' address {address[:200]!r} carries no cursor")
    return values[0]


def read_page(source: httpx.Response | Mapping[str, Any]) -> PageOf[Any]:
    """The page a list answered (a response or its parsed body); `BadPage` for any other shape."""
    body: Any = source.json() if isinstance(source, httpx.Response) else source
    if not isinstance(body, Mapping):
        raise BadPage(f"a list answered {type(body).__name__}, not a page object")
    missing = [key for key in PAGE_KEYS if key not in body]
    if missing:
        raise BadPage(f"a page without {', '.join(repr(k) for k in missing)}")
    items, limit, total, nxt = (body[key] for key in PAGE_KEYS)
    if not isinstance(items, list):
        raise BadPage("a page without an 'items' list")
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise BadPage("a page without its 'limit'")
    if total is not None and (not isinstance(total, int) or isinstance(total, bool)):
        raise BadPage("a page whose 'total' is not a number or null")
    if nxt is not None and not isinstance(nxt, str):
        raise BadPage("a page whose 'next' is not an address or null")
    page: PageOf[Any] = PageOf(items, limit, total, nxt)
    page.next_cursor  # noqa: B018 - checked now, so that a broken 'next' fails where it was read
    return page
