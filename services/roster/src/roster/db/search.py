"""Name search: one matching rule for the API's `q` and the spreadsheet import.

A name is stored as typed (in NFC, invisible characters left out) and, beside it, folded by
`lichtruc.text.fold` (lower case, no diacritics or invisible characters, đ → d, single spaces). roster writes the folded column itself
whenever it writes the name, so the rule lives in one Python function rather than in SQL,
and a search folds the query the same way and looks for it inside the folded column; a
pg_trgm index keeps that fast however many people a province registers.

A list of names is ordered the same way: by a sort key stored beside the name
(`lichtruc.text.sort_key`: letter by letter in the Vietnamese alphabet, then tones; numbers by
value), written with it, since the database has no Vietnamese collation. The key column is collated "C" (code points, as Python
compares strings), so PostgreSQL and the in-memory store order alike whatever the database's locale.
Sites have a folded name too (a province has hundreds of base stations), a sort key for the name
and one for the district (NULL without a district), which lists order by too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, case, false, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.text import fold, one_line, sort_key

from .tables import accounts, enterprises, sites, staff

# table → (the name column, its folded companion)
FOLDED: dict[str, tuple[str, str]] = {
    enterprises.name: ("name", "name_folded"),
    staff.name: ("full_name", "full_name_folded"),
    accounts.name: ("display_name", "display_name_folded"),
    sites.name: ("name", "name_folded"),
}
# table → (the name column, its sort key): what its lists are ordered by, then the name, then the id
SORTED: dict[str, tuple[str, str]] = {
    enterprises.name: ("name", "name_sort"),
    staff.name: ("full_name", "full_name_sort"),
    accounts.name: ("display_name", "display_name_sort"),
    sites.name: ("name", "name_sort"),
}
# table → further columns its lists are ordered by, each with its sort key (NULL where the column is NULL)
SORTED_TOO: dict[str, tuple[tuple[str, str], ...]] = {
    sites.name: (("district", "district_sort"),),
}


def with_name_keys(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` of an INSERT or UPDATE, plus the folded name and the sort keys of the columns among
    them that have them (unchanged for a table without a searchable or sorted name)."""
    out = dict(values)
    if table.name in FOLDED:
        source, folded = FOLDED[table.name]
        if out.get(source) is not None:
            out[folded] = fold(out[source])
    keyed = [SORTED[table.name], *SORTED_TOO.get(table.name, ())] if table.name in SORTED else []
    for source, key in keyed:
        if source in out:
            out[key] = None if out[source] is None else sort_key(out[source])
    return out


def by_name(table: Table) -> list[Any]:
    """The order of a list of `table`'s rows by name: the sort key, the name itself (two spellings of one
    key, by code point as `name_order` compares them), then the id (a total order, as offset paging needs)."""
    source, key = SORTED[table.name]
    return [table.c[key], table.c[source].collate("C"), table.c.id]


def name_order(name: str, ident: Any) -> tuple[str, str, Any]:
    """`by_name` for a row in hand (the in-memory store)."""
    return (sort_key(name), name, ident)


def by_key_nulls_last(table: Table, column: str) -> list[Any]:
    """The order of rows by a nullable `column` that has a sort key (`SORTED_TOO`): the key, those
    without last, then the value itself by code point (two spellings of one key kept apart)."""
    key = dict(SORTED_TOO[table.name])[column]
    return [table.c[key].nulls_last(), table.c[column].collate("C").nulls_last()]


def key_order_nulls_last(value: str | None) -> tuple[bool, str, str]:
    """`by_key_nulls_last` for a value in hand (the in-memory store)."""
    return (value is None, "" if value is None else sort_key(value), value or "")


def containing_folded(text: str) -> str:
    """The LIKE pattern of "the folded name contains the folded `text`" (`%` and `\\` taken literally;
    folding already turned `_` into a space)."""
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def name_matches(table: Table, text: str) -> ColumnElement[bool]:
    """The condition "this row's name matches the search `text`" — whatever its case, diacritics,
    Unicode form or spacing. A text that folds to nothing but is not blank ("__": folding reads `_`
    as a space) matches no name: "contains nothing" would list everyone, as if `_` were LIKE's
    any-character. A text of spaces and invisible characters alone is blank, as it would be as a name
    (`one_line`), and matches every name as no text does."""
    if not fold(text) and one_line(text):
        return false()
    return table.c[FOLDED[table.name][1]].like(containing_folded(text))


def words_first(table: Table, text: str | None) -> list[Any]:
    """The order term that puts first the names in which the search `text` begins a word ("Ánh" finds Lê Thị
    Ánh before Trương Công Danh, whose "anh" sits inside a word); nothing without a search."""
    if not text or not fold(text):
        return []
    column = table.c[FOLDED[table.name][1]]
    at_a_word = (literal(" ") + column).like("% " + containing_folded(text).removeprefix("%"))
    return [case((at_a_word, 0), else_=1)]


def word_found(text: str | None, name: str) -> bool:
    """`words_first` for a name in hand: whether `text` begins a word of it (sorted first: False < True)."""
    searched = fold(text or "")
    return bool(searched) and f" {searched}" in f" {fold(name)}"


def name_found(text: str, name: str) -> bool:
    """`name_matches` for a name in hand (the in-memory store's search)."""
    searched = fold(text)
    return (bool(searched) or not one_line(text)) and searched in fold(name)


def same_district(wanted: str, stored: str | None) -> bool:
    """Whether a stored district is the one asked for, however typed: case, diacritics and spacing aside
    (lichtruc.text.fold), so "tan an", "TÂN AN" and "Tân  An " all find Tân An."""
    return stored is not None and fold(stored) == fold(wanted)


async def districts_like(session: AsyncSession, column: Column[Any], wanted: str) -> list[str]:
    """The stored spellings in `column` of the district asked for (`same_district`). A province has a few
    dozen districts: they are compared here rather than in SQL."""
    stored = await session.scalars(select(column).where(column.is_not(None)).distinct())
    return sorted(d for d in stored if same_district(wanted, d))
