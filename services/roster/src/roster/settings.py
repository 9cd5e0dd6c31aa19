"""Roster settings, from ROSTER_* environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from lichtruc.settings import ServiceSettings


class RosterSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ROSTER_", extra="ignore", frozen=True)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:55432/roster"
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_shift_hours: int = Field(default=24, ge=1, le=168)
    outbox_batch_size: int = Field(default=200, ge=1, le=5000)
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)
