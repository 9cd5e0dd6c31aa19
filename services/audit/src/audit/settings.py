"""Audit settings, from AUDIT_* environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from lichtruc.settings import ServiceSettings


class AuditSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_", extra="ignore", frozen=True)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:15432/audit"
    consumer_group: str = "lichtruc-audit"
    outbox_batch_size: int = Field(default=200, ge=1, le=5000)
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    snapshot_every: int = Field(
        default=500, ge=0, le=1_000_000, description="snapshot the projections every N log records (0: only on demand)"
    )
    replay_cache_states: int = Field(default=4, ge=0, le=64, description="replayed 'as known at' states kept in memory")
