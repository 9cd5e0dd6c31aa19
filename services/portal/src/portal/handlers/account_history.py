"""The history of accounts for inspectors and administrators: audit's account, from its signed log, of
every account created or changed — who was given which role for which enterprises, by whom, when;
deactivations; password changes (the fact only) — a page at a time, searched by login or name, within
a range of record days; each change links to the proof that it is in the signed log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..clients.services import Caller
from ..domain.history import AccountHistoryFilters
from ..domain.paging import PageView, clamp_limit, page_view
from .history import HistoryRow, logged_change

ROLES = ("admin", "manager", "staff", "inspector")
"""The roles the catalogue names (`role.*`); another is shown as audit gives it."""


@dataclass(frozen=True)
class AccountChangeRow(HistoryRow):
    role: str
    known_role: bool
    enterprises: list[str]
    """By name as audit knows them; one it does not know, by its id."""
    active: bool | None


def row_of(item: Mapping[str, Any], *, lang: str) -> AccountChangeRow:
    role = str(item.get("role") or "")
    return AccountChangeRow(
        **logged_change(item, lang=lang),
        role=role,
        known_role=role in ROLES,
        enterprises=[str(e.get("name") or e["enterprise_id"]) for e in item.get("enterprises") or ()],
        active=item.get("active"),
    )


@dataclass(frozen=True)
class AccountHistoryPage:
    filters: AccountHistoryFilters
    errors: dict[str, str]
    rows: list[AccountChangeRow]
    page: PageView | None
    """None while a day is wrong: nothing was asked of audit."""


async def account_history_page(
    *, caller: Caller, lang: str, filters: AccountHistoryFilters, cursor: str | None, limit: int | None, path: str
) -> AccountHistoryPage:
    limit = clamp_limit(limit)
    errors = filters.errors()
    if errors:
        return AccountHistoryPage(filters, errors, [], None)
    found = await caller.page("audit", "/accounts/history", {**filters.api_params(), "cursor": cursor, "limit": limit})
    rows = [row_of(item, lang=lang) for item in found.items]
    page = page_view(
        path,
        {**filters.query(), "cursor": cursor or ""},
        limit=limit,
        count=len(rows),
        total=found.total,
        next_cursor=found.next_cursor,
    )
    return AccountHistoryPage(filters, errors, rows, page)
