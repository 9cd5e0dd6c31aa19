"""Roster's tables (SQLAlchemy Core). Migrations in db/migrations are the source of truth
for the schema; these definitions must match them (a test checks)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID

from lichtruc.outbox import outbox_table

metadata = MetaData()

shifts = Table(
    "shifts",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=True),
    Column("enterprise_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("site_id", UUID(as_uuid=True), nullable=True),
    Column("duty_type", String(64), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("assignees", JSONB, nullable=False),
    Column("status", String(16), nullable=False),
    Column("notes", Text, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

outbox = outbox_table(metadata)
