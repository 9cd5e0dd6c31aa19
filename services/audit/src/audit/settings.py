"""Audit settings, from AUDIT_* environment variables."""

from __future__ import annotations

import logging
from datetime import time
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from lichtruc.auth import generate_keypair
from lichtruc.settings import ServiceSettings, read_key_file

from .signing import LogKey


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

    daily_report_due: time = Field(
        default=time(9, 0),
        description="local time (Asia/Ho_Chi_Minh) on the next day by which an enterprise's daily report is due; "
        "after it a day without a report is missing",
    )

    # --- the log key: audit signs its log's tree heads with it (GET /log/public-key) -------
    log_signing_key: SecretStr | None = Field(
        default=None,
        description="Ed25519 private key (PEM) that signs the event log's tree heads; make one with "
        "`python -m roster keygen` (a pair of its own, not roster's token key)",
    )
    log_signing_key_file: Path | None = Field(
        default=None, description="the log key read from a file (e.g. a Docker secret); wins over log_signing_key"
    )

    @model_validator(mode="after")
    def _log_key(self) -> AuditSettings:
        if self.log_signing_key is None and self.log_signing_key_file is None:
            if not self.dev_mode:
                raise ValueError(
                    "no AUDIT_LOG_SIGNING_KEY: audit signs its log's tree heads with it. Make a key pair with "
                    "`python -m roster keygen`, or set AUDIT_DEV_MODE=true on a development machine"
                )
            # Development only: a throwaway key, so heads signed before a restart no longer verify.
            logging.getLogger(__name__).warning("dev mode: signing the log's tree heads with a throwaway key")
            object.__setattr__(self, "log_signing_key", SecretStr(generate_keypair()[0]))
        self.log_key()  # refuses a malformed key at start-up
        return self

    def log_key(self) -> LogKey:
        if self.log_signing_key_file is not None:
            return LogKey(read_key_file(self.log_signing_key_file, "log_signing_key_file"))
        assert self.log_signing_key is not None  # the validator made sure
        return LogKey(self.log_signing_key.get_secret_value())
