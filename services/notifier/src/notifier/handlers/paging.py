"""Keyset pagination shared by every list: stable order by (created_at, id), an opaque cursor."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy import Column, Select, tuple_

Order = Literal["asc", "desc"]


class BadCursor(ValueError):
    """A cursor that this service did not hand out (or that was altered)."""


def encode_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, row_id = json.loads(raw)
        return datetime.fromisoformat(at), uuid.UUID(row_id)
    except (ValueError, TypeError) as exc:
        raise BadCursor(f"cursor {cursor[:40]!r} is not one this service handed out") from exc


def page(query: Select, created: Column, row_id: Column, *, cursor: str | None, order: Order, limit: int) -> Select:
    """``query`` restricted to the page after ``cursor``, in stable order, one row more than ``limit``
    (the extra row says whether there is a next page)."""
    if cursor:
        at, last = decode_cursor(cursor)
        key = tuple_(created, row_id)
        query = query.where(key > tuple_(at, last) if order == "asc" else key < tuple_(at, last))
    if order == "asc":
        query = query.order_by(created.asc(), row_id.asc())
    else:
        query = query.order_by(created.desc(), row_id.desc())
    return query.limit(limit + 1)


def split(rows: list, limit: int, *, created: str = "created_at", row_id: str = "id") -> tuple[list, str | None]:
    """The page's rows and the cursor of the next page (None on the last page)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor(getattr(last, created), getattr(last, row_id))
