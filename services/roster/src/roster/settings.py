"""Roster settings, from ROSTER_* environment variables."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from lichtruc.settings import ServiceSettings

from .domain.shifts import RuleLimits


class RosterSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ROSTER_", extra="ignore", frozen=True)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:55432/roster"
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="JSON request bodies")
    max_shift_hours: int = Field(default=24, ge=1, le=168)
    min_rest_hours: float = Field(default=8, ge=0, le=72, description="soft rule: rest between one person's shifts")
    night_shift_limit: int = Field(default=3, ge=0, le=31,
                                   description="soft rule: night shifts (22:00–06:00) allowed per period")
    night_shift_period_days: int = Field(default=7, ge=1, le=31)
    check_in_lead_minutes: int = Field(default=30, ge=0, le=720, description="check-in opens this long before start")
    import_max_bytes: int = Field(default=4_194_304, ge=1024, description="size of one uploaded spreadsheet")
    import_max_rows: int = Field(default=2000, ge=1, le=100_000)
    idempotency_ttl_hours: int = Field(default=24, ge=1, le=24 * 30)
    list_max_limit: int = Field(default=500, ge=10, le=10_000)
    outbox_batch_size: int = Field(default=200, ge=1, le=5000)
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)

    def rule_limits(self) -> RuleLimits:
        return RuleLimits(
            max_length=timedelta(hours=self.max_shift_hours),
            min_rest=timedelta(hours=self.min_rest_hours),
            night_shift_limit=self.night_shift_limit,
            night_shift_period=timedelta(days=self.night_shift_period_days),
            check_in_lead=timedelta(minutes=self.check_in_lead_minutes),
        )
