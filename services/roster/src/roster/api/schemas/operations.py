"""Operational status bodies."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class OutboxStatus(BaseModel):
    pending: int = Field(description="events committed but not yet acknowledged by Kafka")
    oldest_pending_at: datetime | None = Field(description="when the oldest of them was committed")
    oldest_pending_seconds: float | None = Field(
        description="how long the oldest has waited, by the database's clock (the one that stamped it): a reader "
        "on another clock tells a moment's wait from a long one by this, not by subtracting its own time"
    )
