"""The history of accounts for inspectors and administrators: audit's account, from its signed log, of
every account created or changed — who was given which role for which enterprises, by whom, when;
deactivations; password changes (the fact only); the administrators' changes of the Department's details (the names
its documents print, from what to what) — a page at a time, searched by login or name, within
a range of record days; each change links to the proof that it is in the signed log.

Enterprises are named: audit names the ones its log knows; the others (an enterprise audit never heard of by
name) are asked of roster, once for the page, and one roster does not have either is said to exist no more —
never shown by its id, in the scope column or in audit's sentence about the change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..clients.services import Caller
from ..domain.history import AccountHistoryFilters
from ..domain.paging import PageView, clamp_limit, page_view
from . import admin
from .admin import Words
from .history import HistoryRow, logged_change

ROLES = ("admin", "manager", "staff", "inspector")
"""The roles the catalogue names (`role.*`); another is shown as audit gives it."""


@dataclass(frozen=True)
class AccountChangeRow(HistoryRow):
    role: str
    known_role: bool
    enterprises: list[str]
    """By name: as audit knows them, else as roster does, else said to exist no more."""
    active: bool | None
    department: bool
    """A change of the Department's details (the names its documents print), not of an account."""


def _unnamed(items: list[Mapping[str, Any]]) -> set[str]:
    return {str(e["enterprise_id"]) for item in items for e in item.get("enterprises") or () if not e.get("name")}


async def unnamed_enterprises(caller: Caller, items: list[Mapping[str, Any]], *, words: Words) -> dict[str, str]:
    """The names of the enterprises audit gives by id alone: roster's (one call, and none when audit named
    them all), or the words for an enterprise that no longer exists. Inspectors and administrators, who read
    this page, see every enterprise of roster's."""
    unnamed = _unnamed(items)
    if not unnamed:
        return {}
    known = await admin.enterprise_names(caller)
    return {i: known.get(i) or words.t("account_history.gone_enterprise") for i in unnamed}


def row_of(item: Mapping[str, Any], *, lang: str, names: Mapping[str, str] | None = None) -> AccountChangeRow:
    """One change; `names` (`unnamed_enterprises`) names the enterprises audit gave by id, in its summary too."""
    role = str(item.get("role") or "")
    names = names or {}
    change = logged_change(item, lang=lang)
    for enterprise_id, name in names.items():  # audit writes an enterprise it cannot name by its id
        change["summary"] = change["summary"].replace(enterprise_id, name)
    return AccountChangeRow(
        **change,
        role=role,
        known_role=role in ROLES,
        enterprises=[
            str(e.get("name") or names.get(str(e["enterprise_id"])) or e["enterprise_id"])
            for e in item.get("enterprises") or ()
        ],
        active=item.get("active"),
        department=item.get("what") == "department.changed",
    )


@dataclass(frozen=True)
class AccountHistoryPage:
    filters: AccountHistoryFilters
    errors: dict[str, str]
    rows: list[AccountChangeRow]
    page: PageView | None
    """None while a day is wrong: nothing was asked of audit."""


async def account_history_page(
    *,
    caller: Caller,
    words: Words,
    filters: AccountHistoryFilters,
    cursor: str | None,
    limit: int | None,
    path: str,
    back: str = "",
) -> AccountHistoryPage:
    limit = clamp_limit(limit)
    errors = filters.errors()
    if errors:
        return AccountHistoryPage(filters, errors, [], None)
    found = await caller.page("audit", "/accounts/history", {**filters.api_params(), "cursor": cursor, "limit": limit})
    names = await unnamed_enterprises(caller, found.items, words=words)
    rows = [row_of(item, lang=words.lang, names=names) for item in found.items]
    page = page_view(
        path,
        {**filters.query(), "cursor": cursor or "", "back": back},
        limit=limit,
        count=len(rows),
        total=found.total,
        next_cursor=found.next_cursor,
    )
    return AccountHistoryPage(filters, errors, rows, page)
