"""Audit's response bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class LogRecord(BaseModel):
    seq: int
    event_id: uuid.UUID
    event_type: str
    source: str
    subject: str | None
    partition_key: str
    event_time: datetime
    received_at: datetime
    hash: str
    prev_hash: str
    event: dict[str, Any]


class LogPage(BaseModel):
    items: list[LogRecord]
    next_after: int | None = Field(description="pass as `after` to get the next page; null on the last page")


class Verification(BaseModel):
    ok: bool
    records_checked: int
    first_broken_seq: int | None = None
    reason: str | None = None
