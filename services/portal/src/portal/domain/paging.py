"""Paging as people see it: "Mục 51–100 trong 134 mục" ("Mục 51–100" where the list is not counted),
links to the page before, the first page and the next page, all keeping the filters.

The services page with `limit` and an opaque `cursor` (`lichtruc.paging`): a page knows the
cursor of the page after it, never the one before. So a next page's link carries the cursors
of the pages walked through (`?back=`, space-separated, the first page's none): "← Trang trước"
is the last of them, with no script and nothing kept on the server (QZ11 #14: a person on page 4
had only "first page"). The links are built here from the current query so that a filter never
gets lost between pages.

Where the portal pages a list it computed itself (hours, past shifts newest first), its own
cursor is the position in that list, written as digits: `local_cursor` / `local_offset`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
PAGING_KEYS = ("cursor", "limit", "back")
MAX_TRAIL = 50
"""The pages walked through that a link remembers (its address stays short): further back, "first page"."""


def clamp_limit(value: int | None, default: int = DEFAULT_LIMIT) -> int:
    """A page's size from its `?limit=`: none is the page's `default`. The pages refuse a `?limit=` that is
    no whole number from 1 to MAX_LIMIT, saying so (api.deps.Limit), so what is bounded here is only what
    the portal itself asks for: zero or a negative number is the `default` (not one row), more than
    MAX_LIMIT is MAX_LIMIT."""
    if value is None or value < 1:
        return default
    return min(value, MAX_LIMIT)


@dataclass(frozen=True)
class PageView:
    """One page of a list as shown: which rows, of how many (None: not counted), and links."""

    limit: int
    count: int
    total: int | None
    first_url: str | None
    next_url: str | None
    previous_url: str | None = None
    offset: int | None = None
    """Where this page starts in the list (0: the first), when known (a list the portal pages itself): the pager
    then says the range shown ("Mục 51–100 trong 111 mục"), not the same count on every page; None where it is
    not known (more than MAX_TRAIL pages walked through, or a page past a total that shrank meanwhile)."""

    @property
    def shown(self) -> bool:
        """Whether the list has more than this page (so that the navigation is worth showing)."""
        return self.first_url is not None or self.next_url is not None


def page_view(
    path: str,
    query: Mapping[str, str],
    *,
    limit: int,
    count: int,
    total: int | None,
    next_cursor: str | None,
) -> PageView:
    """Links to the first and the next page of `path`, keeping every other query parameter.
    `query` is the current page's query: a `cursor` in it means this is not the first page."""
    params = {k: v for k, v in query.items() if k not in PAGING_KEYS and k != "offset" and v != ""}
    params["limit"] = str(limit)
    cursor = query.get("cursor") or ""
    walked_through = (query.get("back") or "").split()
    trail = walked_through[-MAX_TRAIL:]
    first_url = f"{path}?{urlencode(params)}" if cursor else None
    previous_url = None
    local = cursor.isascii() and cursor.isdigit() and len(cursor) < 10
    if local:  # the portal's own position: the page before is `limit` earlier, whatever the trail (none is kept)
        earlier = int(cursor) - limit
        previous_url = f"{path}?{urlencode({**params, **({'cursor': str(earlier)} if earlier > 0 else {})})}"
    elif cursor:  # the page before: the last one walked through, or the first page
        before = {"cursor": trail[-1], **({"back": " ".join(trail[:-1])} if trail[:-1] else {})} if trail else {}
        previous_url = f"{path}?{urlencode({**params, **before})}"
    walked = {"back": " ".join([*trail, cursor][-MAX_TRAIL:])} if cursor else {}
    next_url = f"{path}?{urlencode({**params, 'cursor': next_cursor, **walked})}" if next_cursor else None
    # QZ12 #12b: a later page says which rows it shows ("51–57 trên 57", not "7 trên 57"). The portal's own cursor is
    # the position itself (`local_cursor`: digits; a service's never is); after a service's, the pages walked through
    # (the first, then `back`'s) were each `limit` long; unknown once the trail was cut short, or past the total
    # QZ15: the first page says its rows the same way ("Mục 1–50 trong 136 mục", "Mục 1–50" uncounted)
    offset: int | None = None if cursor else 0
    if local:
        offset = int(cursor)
    elif cursor and len(walked_through) < MAX_TRAIL:
        offset = (len(walked_through) + 1) * limit
    if offset is not None and total is not None and offset + count > total:
        offset = None
    return PageView(
        limit=limit,
        count=count,
        total=total,
        first_url=first_url,
        next_url=next_url,
        previous_url=previous_url,
        offset=offset,
    )


def local_cursor(offset: int) -> str:
    """The portal's own cursor for position `offset` of a list it computed."""
    return str(offset)


class NotAPagePosition(ValueError):
    """A page position (`?cursor=`) a list the portal pages itself never hands out: no digits, or past the end
    of the list. Said as the services' "bad-cursor" is (api.errors): a page leading to the list's first page."""


def local_offset(cursor: str | None, *, total: int) -> int:
    """The position a `local_cursor` stands for in a list of `total` (none: the first page).
    NotAPagePosition for anything the list never hands out: not digits (a sign, a letter, a service's cursor),
    or at or past the end of a list that has rows (an empty list has no page to be past: its first page)."""
    if not cursor:
        return 0
    if not (cursor.isascii() and cursor.isdigit() and len(cursor) < 10):
        raise NotAPagePosition(cursor)
    offset = int(cursor)
    if offset and offset >= total > 0:
        raise NotAPagePosition(cursor)
    return offset if total else 0


def local_next(offset: int, *, limit: int, total: int) -> str | None:
    """The cursor after a page of `limit` at `offset` in a list of `total`; None on the last."""
    return local_cursor(offset + limit) if offset + limit < total else None
