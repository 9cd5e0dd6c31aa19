"""Name search: one matching rule for the API's `q` and the spreadsheet import.

A name is stored as typed (in NFC) and, beside it, folded by `domain.reference.fold`
(lower case, no diacritics, đ → d, single spaces). roster writes the folded column itself
whenever it writes the name, so the rule lives in one Python function rather than in SQL,
and a search folds the query the same way and looks for it inside the folded column; a
pg_trgm index keeps that fast however many people a province registers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Table, false

from lichtruc.text import fold

from .tables import accounts, enterprises, staff

# table → (the name column, its folded companion)
FOLDED: dict[str, tuple[str, str]] = {
    enterprises.name: ("name", "name_folded"),
    staff.name: ("full_name", "full_name_folded"),
    accounts.name: ("display_name", "display_name_folded"),
}


def with_folded(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` of an INSERT or UPDATE, plus the folded name when the name is among them
    (unchanged for a table without a searchable name)."""
    out = dict(values)
    if table.name not in FOLDED:
        return out
    source, folded = FOLDED[table.name]
    if out.get(source) is not None:
        out[folded] = fold(out[source])
    return out


def containing_folded(text: str) -> str:
    """The LIKE pattern of "the folded name contains the folded `text`" (`%` and `\\` taken literally;
    folding already turned `_` into a space)."""
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def name_matches(table: Table, text: str) -> ColumnElement[bool]:
    """The condition "this row's name matches the search `text`" — whatever its case, diacritics,
    Unicode form or spacing. A text that folds to nothing but is not blank ("__": folding reads `_`
    as a space) matches no name: "contains nothing" would list everyone, as if `_` were LIKE's
    any-character."""
    if not fold(text) and text.strip():
        return false()
    return table.c[FOLDED[table.name][1]].like(containing_folded(text))


def name_found(text: str, name: str) -> bool:
    """`name_matches` for a name in hand (the in-memory store's search)."""
    searched = fold(text)
    return (bool(searched) or not text.strip()) and searched in fold(name)
