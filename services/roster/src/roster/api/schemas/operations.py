"""Operational status bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class OutboxStatus(BaseModel):
    pending: int = Field(description="events committed but not yet acknowledged by Kafka")
    oldest_pending_at: datetime | None
