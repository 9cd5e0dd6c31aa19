"""Roster settings, from ROSTER_* environment variables."""

from __future__ import annotations

import logging
from datetime import time, timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from lichtruc import report_deadline
from lichtruc.auth import generate_keypair, public_key_of
from lichtruc.settings import PlanCacheMode, ServiceSettings, read_key_file

from .domain.shifts import RuleLimits


class RosterSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ROSTER_", extra="ignore", frozen=True)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:15432/roster"
    # The rules' one read (db/lean.py RULE_FACTS) joins the bookings; its generic plan, made while
    # shift_assignments was small, scanned it and the shifts in full: the read took 30–270 ms once
    # some thousands of shifts were planned, and POST /shifts fell from 557 to 24 a second over
    # four rounds of bench/bench_roster_post_shifts.py (764–859 a second with custom plans).
    database_plan_cache_mode: PlanCacheMode = Field(
        default="force_custom_plan",
        description="PostgreSQL's plan_cache_mode on every connection (see ServiceSettings)",
    )
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="JSON request bodies")
    max_shift_hours: int = Field(default=24, ge=1, le=168)
    min_rest_hours: float = Field(default=8, ge=0, le=72, description="soft rule: rest between one person's shifts")
    night_shift_limit: int = Field(
        default=3, ge=0, le=31, description="soft rule: night shifts (22:00–06:00) allowed per period"
    )
    night_shift_period_days: int = Field(default=7, ge=1, le=31)
    daily_report_due: time = Field(
        default=report_deadline.DEFAULT_DUE,
        description="local time on the next day by which a day's report is due (keep it equal to "
        "AUDIT_DAILY_REPORT_DUE): the province summary's files count only the days due by now",
    )
    check_in_lead_minutes: int = Field(default=30, ge=0, le=720, description="check-in opens this long before start")
    import_max_bytes: int = Field(default=4_194_304, ge=1024, description="size of one uploaded spreadsheet")
    import_max_rows: int = Field(default=2000, ge=1, le=100_000)
    idempotency_ttl_hours: int = Field(default=24, ge=1, le=24 * 30)
    list_max_limit: int = Field(default=500, ge=10, le=10_000)
    outbox_batch_size: int = Field(default=200, ge=1, le=5000)
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    rewarn_poll_seconds: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description="how often a serving worker looks for shifts whose rest warnings a change could not "
        "recompute (another transaction held them); a worker whose own change queued one looks at once",
    )
    lapse_poll_seconds: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="how often a serving worker looks for swap requests still waiting when their shift began, to "
        "store them lapsed and announce it (SwapLapsed); lists read them lapsed from the start instant already",
    )
    relay: Literal["in-process", "off"] = Field(
        default="in-process",
        description="in-process: every serving worker also runs the outbox relay (one publishes at a time); "
        "off: the workers only write the outbox and `python -m roster relay` publishes it",
    )
    relay_port: int = Field(default=8104, ge=1, le=65535, description="`python -m roster relay`'s health port")

    # --- accounts and tokens (roster is the only service holding the signing key) -------------
    auth_private_key: SecretStr | None = Field(
        default=None,
        description="Ed25519 private key (PEM) that signs access tokens; make one with "
        "`python -m roster keygen`. Its public half goes to NOTIFIER_/AUDIT_AUTH_PUBLIC_KEY",
    )
    auth_private_key_file: Path | None = Field(
        default=None, description="the signing key read from a file (e.g. a Docker secret); wins over auth_private_key"
    )
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60, description="lifetime of an access token")
    refresh_token_hours: int = Field(
        default=12, ge=1, le=24 * 30, description="a login can be renewed with its refresh token this long"
    )
    login_max_failures: int = Field(
        default=5, ge=1, le=100, description="failed sign-ins in a row that lock an account (429 with Retry-After)"
    )
    login_lockout_minutes: int = Field(
        default=15,
        ge=1,
        le=24 * 60,
        description="how long a locked account waits; also the window of the per-address limit",
    )
    login_client_max_failures: int = Field(
        default=20,
        ge=1,
        le=10_000,
        description="failed sign-ins from one client address within "
        "login_lockout_minutes before that address must wait",
    )
    password_reset_login_minutes: int = Field(
        default=15,
        ge=1,
        le=24 * 60,
        description="minutes before a login may ask again for a new password at the sign-in page (any login, known "
        "or not, so that the answer tells nothing)",
    )
    password_reset_client_max: int = Field(
        default=5,
        ge=1,
        le=10_000,
        description="requests for a new password from one client address within an hour before it must wait",
    )
    # argon2id cost (argon2-cffi's defaults, RFC 9106's low-memory choice); a stored hash made with
    # other parameters is re-hashed at the next successful sign-in.
    password_hash_time_cost: int = Field(default=3, ge=1, le=20)
    password_hash_memory_kib: int = Field(default=65_536, ge=8_192, le=1_048_576)
    password_hash_parallelism: int = Field(default=4, ge=1, le=16)

    @model_validator(mode="after")
    def _auth_key(self) -> RosterSettings:  # replaces the base check: roster needs the private key
        if self.auth_private_key is None and self.auth_private_key_file is None:
            if not self.dev_mode:
                raise ValueError(
                    "no ROSTER_AUTH_PRIVATE_KEY: roster signs access tokens with it. Make a key pair with "
                    "`python -m roster keygen`, or set ROSTER_DEV_MODE=true on a development machine"
                )
            # Development only: a throwaway key, so tokens die with the process.
            logging.getLogger(__name__).warning("dev mode: signing access tokens with a throwaway key")
            object.__setattr__(self, "auth_private_key", SecretStr(generate_keypair()[0]))
        self.token_public_key()  # refuses a malformed key, or a public key that does not match
        return self

    def token_private_key(self) -> str:
        if self.auth_private_key_file is not None:
            return read_key_file(self.auth_private_key_file, "auth_private_key_file")
        assert self.auth_private_key is not None  # the validator made sure
        return self.auth_private_key.get_secret_value()

    def token_public_key(self) -> str | None:
        derived = public_key_of(self.token_private_key())
        given = super().token_public_key()
        if given and given.strip() != derived.strip():
            raise ValueError(
                "ROSTER_AUTH_PUBLIC_KEY is not the public half of the private key: "
                "leave it unset (it is derived) or give the matching key"
            )
        return derived

    def rule_limits(self) -> RuleLimits:
        return RuleLimits(
            max_length=timedelta(hours=self.max_shift_hours),
            min_rest=timedelta(hours=self.min_rest_hours),
            night_shift_limit=self.night_shift_limit,
            night_shift_period=timedelta(days=self.night_shift_period_days),
            check_in_lead=timedelta(minutes=self.check_in_lead_minutes),
        )
