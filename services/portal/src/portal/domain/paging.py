"""Paging as people see it: "21–40 of 134", previous and next links that keep the filters.

The services page with `limit`/`offset` and a `total` (roster, audit's gaps); the links are
built here from the current query so that a filter never gets lost between pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def clamp_limit(value: int | None) -> int:
    return max(1, min(value or DEFAULT_LIMIT, MAX_LIMIT))


@dataclass(frozen=True)
class PageView:
    total: int
    limit: int
    offset: int
    count: int
    prev_url: str | None
    next_url: str | None

    @property
    def first(self) -> int:
        return self.offset + 1 if self.count else 0

    @property
    def last(self) -> int:
        return self.offset + self.count


def page_view(path: str, query: Mapping[str, str], *, total: int, limit: int, offset: int, count: int) -> PageView:
    """Links to the neighbouring pages of `path`, keeping every other query parameter."""

    def link(new_offset: int) -> str:
        params = {k: v for k, v in query.items() if k not in ("offset", "limit") and v != ""}
        params.update({"limit": str(limit), "offset": str(new_offset)})
        return f"{path}?{urlencode(params)}"

    prev_url = link(max(0, offset - limit)) if offset > 0 else None
    next_url = link(offset + limit) if offset + count < total else None
    return PageView(total=total, limit=limit, offset=offset, count=count, prev_url=prev_url, next_url=next_url)
