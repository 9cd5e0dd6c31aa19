"""Paging a list held in memory exactly as the PostgreSQL repositories page a query."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from lichtruc.paging import PageRequest, Slice, by_offset

Item = TypeVar("Item")


def offset_page(items: Iterable[Item], *, key: Callable[[Item], Any], page: PageRequest, kind: str) -> Slice[Item]:
    ordered = sorted(items, key=key)
    start = page.offset(kind)
    return by_offset(ordered[start : start + page.limit + 1], page, kind, total=len(ordered))
