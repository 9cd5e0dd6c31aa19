"""Sequence gaps for inspectors: audit's list of roster events known to be missing from the log
(an aggregate's version skipped), open or closed, with filters and pages, named as audit names them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lichtruc.text import sort_key

from ..clients.services import Caller
from ..domain.dates import parse_instant
from ..domain.paging import PageView, clamp_limit, page_view
from ..domain.sequence_gaps import AGGREGATE_TYPES, SequenceGapFilters


@dataclass(frozen=True)
class SequenceGapRow:
    gap_id: str
    what: str
    type_name: str
    enterprise_name: str
    expected_version: int
    first_seen_version: int
    status: str
    noticed_at: datetime
    noticed_seq: int
    closed_at: datetime | None
    closed_seq: int | None


def row_of(g: Mapping[str, Any], *, lang: str, enterprises: Mapping[str, str]) -> SequenceGapRow:
    en = lang == "en"
    return SequenceGapRow(
        gap_id=str(g["gap_id"]),
        what=str(g["what"] if en else g["what_vi"]),
        type_name=str(g["aggregate_type_name"] if en else g["aggregate_type_name_vi"]),
        enterprise_name=g.get("enterprise_name") or enterprises.get(str(g["partition_key"]), ""),
        expected_version=int(g["expected_version"]),
        first_seen_version=int(g["first_seen_version"]),
        status=str(g["status"]),
        noticed_at=parse_instant(g["noticed_at"]),
        noticed_seq=int(g["noticed_seq"]),
        closed_at=parse_instant(g["closed_at"]) if g.get("closed_at") else None,
        closed_seq=g.get("closed_seq"),
    )


@dataclass(frozen=True)
class SequenceGapsPage:
    filters: SequenceGapFilters
    rows: list[SequenceGapRow]
    page: PageView
    enterprise_options: list[tuple[str, str]]
    type_options: list[str]
    open_count: int | None


async def sequence_gaps_page(
    *,
    caller: Caller,
    lang: str,
    filters: SequenceGapFilters,
    cursor: str | None,
    limit: int | None,
    path: str,
    back: str = "",
) -> SequenceGapsPage:
    limit = clamp_limit(limit)
    enterprises = {str(e["id"]): str(e["name"]) for e in await caller.every("roster", "/enterprises")}
    found = await caller.page("audit", "/sequence-gaps", {**filters.params(), "cursor": cursor, "limit": limit})
    rows = [row_of(g, lang=lang, enterprises=enterprises) for g in found.items]
    open_count = found.total if filters.status == "open" else None
    if open_count is None:
        still_open = await caller.page("audit", "/sequence-gaps", {**filters.params(), "status": "open", "limit": 1})
        open_count = still_open.total
    page = page_view(
        path,
        {**filters.params(), "cursor": cursor or "", "back": back},
        limit=limit,
        count=len(rows),
        total=found.total,
        next_cursor=found.next_cursor,
    )
    options = sorted(enterprises.items(), key=lambda o: sort_key(o[1]))
    return SequenceGapsPage(filters, rows, page, options, list(AGGREGATE_TYPES), open_count)
