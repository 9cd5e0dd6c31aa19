"""Audit settings, from AUDIT_* environment variables."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lichtruc.settings import ServiceSettings


class AuditSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_", extra="ignore", frozen=True)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:55432/audit"
    consumer_group: str = "lichtruc-audit"
