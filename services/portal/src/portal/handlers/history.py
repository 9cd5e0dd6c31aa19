"""An enterprise's history of changes for inspectors: audit's account of every logged change to its
roster (who, what, when it was made, when it was recorded), a page at a time, within a range of
record days; each change links to the proof that it is in the signed log (the log page checks it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lichtruc.text import sort_key

from ..clients.services import Caller
from ..domain.dates import parse_instant
from ..domain.history import HistoryFilters
from ..domain.paging import PageView, clamp_limit, page_view


@dataclass(frozen=True)
class HistoryRow:
    """One logged change as a history lists it (the history of accounts adds the account's state)."""

    seq: int
    event_id: str
    summary: str
    actor: str | None
    actor_name: str | None
    """The actor's display name, as audit knows it (None: it knows no account of that login)."""
    event_time: datetime
    received_at: datetime


def logged_change(item: Mapping[str, Any], *, lang: str) -> dict[str, Any]:
    """A `HistoryRow`'s fields from one of audit's history items, its summary in `lang`."""
    return dict(
        seq=int(item["seq"]),
        event_id=str(item["event_id"]),
        summary=str(item["summary"] if lang == "en" else item["summary_vi"]),
        actor=item.get("actor"),
        actor_name=item.get("actor_name"),
        event_time=parse_instant(str(item["event_time"])),
        received_at=parse_instant(str(item["received_at"])),
    )


def row_of(item: Mapping[str, Any], *, lang: str) -> HistoryRow:
    return HistoryRow(**logged_change(item, lang=lang))


@dataclass(frozen=True)
class HistoryPage:
    filters: HistoryFilters
    errors: dict[str, str]
    enterprise_options: list[tuple[str, str]]
    enterprise_name: str
    rows: list[HistoryRow]
    page: PageView | None
    """None until an enterprise is chosen (and while a day is wrong): nothing was asked of audit."""


async def history_page(
    *,
    caller: Caller,
    lang: str,
    filters: HistoryFilters,
    cursor: str | None,
    limit: int | None,
    path: str,
    back: str = "",
) -> HistoryPage:
    limit = clamp_limit(limit)
    enterprises = {str(e["id"]): str(e["name"]) for e in await caller.every("roster", "/enterprises")}
    options = sorted(enterprises.items(), key=lambda o: sort_key(o[1]))
    errors = filters.errors()
    name = enterprises.get(filters.enterprise_id, "")
    if not filters.enterprise_id or errors:
        return HistoryPage(filters, errors, options, name, [], None)
    found = await caller.page(
        "audit",
        f"/enterprises/{filters.enterprise_id}/history",
        {**filters.api_params(), "cursor": cursor, "limit": limit},
    )
    rows = [row_of(item, lang=lang) for item in found.items]
    page = page_view(
        path,
        {**filters.query(), "cursor": cursor or "", "back": back},
        limit=limit,
        count=len(rows),
        total=found.total,
        next_cursor=found.next_cursor,
    )
    return HistoryPage(filters, errors, options, name, rows, page)
