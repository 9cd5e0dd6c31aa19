"""Notifier settings, from NOTIFIER_* environment variables."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lichtruc.settings import ServiceSettings


class NotifierSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFIER_", extra="ignore", frozen=True)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:55432/notifier"
    consumer_group: str = "lichtruc-notifier"
