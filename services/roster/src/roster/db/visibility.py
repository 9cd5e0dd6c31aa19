"""`lichtruc.scope.Visible` as SQL conditions (each repository adds its own-records narrowing)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from lichtruc.scope import Visible


def visible_where(visible: Visible, enterprise_column: Any) -> list[ColumnElement[bool]]:
    """The condition that keeps a table's rows to the enterprises the caller may see."""
    return [] if visible.enterprises is None else [enterprise_column.in_(visible.enterprises)]
