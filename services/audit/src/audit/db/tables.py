"""Audit's tables. `event_log` is append-only: the database itself refuses UPDATE,
DELETE and TRUNCATE on it (trigger in migration 0001)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table, Text, func
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()

event_log = Table(
    "event_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("source", String(200), nullable=False),
    Column("subject", String(300), nullable=True),
    Column("partition_key", String(255), nullable=False, index=True),
    Column("event_time", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("topic", String(255), nullable=False),
    Column("kafka_partition", Integer, nullable=True),
    Column("kafka_offset", BigInteger, nullable=True),
    Column("canonical", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
