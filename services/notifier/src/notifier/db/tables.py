"""Notifier's tables: its inbox and its own read model of shifts (never roster's tables)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func
from sqlalchemy.dialects.postgresql import JSONB, UUID

from lichtruc.db import inbox_table

metadata = MetaData()

inbox = inbox_table(metadata)

shifts = Table(
    "shifts",
    metadata,
    Column("shift_id", UUID(as_uuid=True), primary_key=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("last_event_id", UUID(as_uuid=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
