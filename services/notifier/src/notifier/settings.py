"""Notifier settings, from NOTIFIER_* environment variables."""

from __future__ import annotations

import json
from datetime import time
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from lichtruc import report_deadline
from lichtruc.settings import ServiceSettings

from .domain.messages import valid_address
from .domain.webhooks import parse_allowed_host

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class NotifierSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFIER_", extra="ignore", frozen=True)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:15432/notifier"
    consumer_group: str = "lichtruc-notifier"

    # --- calendar feeds ---------------------------------------------------------------------
    public_base_url: str = Field(
        default="http://127.0.0.1:8102",
        description="where calendar clients reach this service; feed links are built on it (https:// in production)",
    )
    feed_retention_days: int = Field(
        default=30,
        ge=0,
        le=3650,
        description="how long a cancelled or reassigned-away shift stays in a feed as STATUS:CANCELLED after its end",
    )
    feed_refresh_minutes: int = Field(default=15, ge=1, le=1440, description="REFRESH-INTERVAL hint in feeds")
    feed_max_age_seconds: int = Field(default=300, ge=0, le=86400, description="Cache-Control max-age of feeds")
    feed_cache_size: int = Field(default=64, ge=0, le=10_000, description="rendered feeds kept in memory")

    # --- reminders and the scheduler ----------------------------------------------------------
    reminder_offsets_minutes: tuple[int, ...] = Field(
        default=(1440, 60),
        description="default reminder times before a shift's start; a person's preference overrides",
    )
    scheduler_enabled: bool = True
    scheduler_poll_seconds: float = Field(default=5.0, gt=0, le=300)
    scheduler_batch_size: int = Field(default=20, ge=1, le=1000)
    instance_id: str | None = Field(
        default=None,
        max_length=100,
        description="this replica's name in leases and attempts (default host-pid-random; with several "
        "workers, each adds its pid)",
    )

    # --- deliveries ---------------------------------------------------------------------------
    delivery_lease_seconds: float = Field(
        default=120.0, gt=0, le=3600, description="how long a claimed delivery is reserved for the replica sending it"
    )
    delivery_max_attempts: int = Field(default=5, ge=1, le=20)
    delivery_backoff_seconds: float = Field(default=30.0, ge=0, le=3600)
    delivery_backoff_max_seconds: float = Field(default=1800.0, ge=0, le=86400)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "lichtruc@lichtruc.local"
    smtp_from_name: str = "Lịch trực Tết"
    smtp_local_hostname: str | None = Field(default=None, description="the name this client gives in EHLO")
    smtp_timeout_seconds: float = Field(default=20.0, gt=0, le=600)

    webhook_url: str | None = Field(default=None, description="default webhook (operators' chat/SMS gateway)")
    webhook_secret: SecretStr | None = Field(default=None, description="HMAC-SHA256 key of the default webhook")
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    webhook_allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="hosts that people's own webhooks (preferences.webhook_url) may point at; anything else is "
        "refused when saved and not called when sent (protection against server-side request forgery: "
        "no personal webhook to 127.0.0.1, internal networks or cloud metadata). Comma-separated or a "
        "JSON list: 'hooks.example.vn' (that host, https port 443), 'hooks.example.vn:8443' (that "
        "port only), '.example.vn' (its subdomains, not example.vn itself). Empty (the default): "
        "personal webhooks are refused. NOTIFIER_WEBHOOK_URL is not restricted by it.",
    )
    webhook_allow_insecure_hosts: bool = Field(
        default=False,
        description="DEVELOPMENT AND TESTS ONLY, never in production: also accept http:// personal webhooks "
        "(e.g. a local receiver on 127.0.0.1); their host and port must still be in "
        "NOTIFIER_WEBHOOK_ALLOWED_HOSTS.",
    )

    # --- coverage-gap alerts ------------------------------------------------------------------
    gap_alerts_enabled: bool = True
    gap_alert_hold_seconds: int = Field(
        default=600,
        ge=0,
        le=86400,
        description="alerts of gaps starting later than this are held this long, and dropped if the gap closes",
    )
    gap_closed_notice: bool = True
    alert_digest_seconds: int = Field(
        default=300,
        ge=0,
        le=86400,
        description="gap alerts and closing notices to the same e-mail address within this window go out as one "
        "message listing them (0: each as soon as it is due, still one message for those due together)",
    )
    check_in_alerts: bool = Field(
        default=True,
        description="tell a missed check-in, 15 minutes after the shift's start, to the person, the leader on duty "
        "and the enterprise's managers, and a late check-in after it to those told (domain/check_ins.py; off: "
        "nothing is planned, and alerts already planned are not sent)",
    )
    published_notice: bool = Field(
        default=True,
        description="tell each person on a shift published that it is theirs, with its .ics (off: they learn of it "
        "from their calendar feed and reminders only)",
    )
    published_digest_seconds: int = Field(
        default=60,
        ge=0,
        le=3600,
        description="the e-mail telling a person of a shift published waits this long, and goes out as one message "
        "with their other shifts published by then (a campaign's drafts published at once: one mail listing them, "
        "one .ics); never past the shift's start (0: as soon as it is due, still one message for those due together)",
    )
    gap_alert_language: Literal["vi", "en"] = "vi"
    portal_url: str = Field(
        default="",
        description="the portal's public address (e.g. https://lichtruc.stttt.longan.gov.vn): every mail links to "
        "the page there where its reader acts (a reminder to the shift, a gap alert to the board's cell, a deadline "
        "notice to its checklist, hours form or daily report, an inspection to the managers' inspections, an "
        "incident alert to the incident); empty (the default): no link",
    )
    department_emails: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        max_length=50,
        description="the Department's inspectors: told at once of every severe incident (critical or serious) and "
        "of every incident with border or Party/State impact, and sent the daily digest of missing daily reports; "
        "from the environment a comma-separated list or a JSON list",
    )

    # --- the directive's deadlines (readiness, Tết hours, daily reports; domain/deadlines.py) ---------
    deadline_notices_enabled: bool = Field(
        default=True, description="remind of readiness items, transaction points' hours and daily reports"
    )
    deadline_sweep_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="how often the scheduler looks for deadline notices due (0: every round)",
    )
    readiness_reminder_days: int = Field(
        default=2,
        ge=0,
        le=60,
        description="days before a readiness item's due day that its managers are reminded (if not done)",
    )
    readiness_notice_time: time = Field(
        default=time(8, 0),
        description="local time (Asia/Ho_Chi_Minh) of the readiness reminder, and of the overdue notice on the "
        "morning after the due day",
    )
    hours_reminder_days: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="days before the campaign's hours deadline that managers are reminded of transaction points "
        "without published hours",
    )
    daily_report_due: time = Field(
        default=report_deadline.DEFAULT_DUE,
        description="local time on the next day by which a day's report is due (keep it equal to "
        "AUDIT_DAILY_REPORT_DUE); after it the leaders on duty and the managers are reminded once",
    )
    daily_report_window_hours: int = Field(
        default=24,
        ge=1,
        le=240,
        description="how long after the due hour a missing report is still reminded of (not later: stale)",
    )
    daily_report_digest: bool = Field(
        default=True,
        description="send NOTIFIER_DEPARTMENT_EMAILS one message per day listing the enterprises missing",
    )

    @field_validator("public_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(
                "public_base_url must be an absolute https:// URL without query, e.g. https://lich.example.vn"
            )
        if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
            raise ValueError(
                "public_base_url must use https:// (feed links carry a secret token); http:// is for loopback only"
            )
        return value.rstrip("/")

    @field_validator("portal_url")
    @classmethod
    def _portal_url(cls, value: str) -> str:
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(
                "portal_url must be an absolute http(s):// URL without query, e.g. https://lich.example.vn"
            )
        return value.rstrip("/")

    @field_validator("smtp_from")
    @classmethod
    def _sender(cls, value: str) -> str:
        # Checked here, not at the first send: a bad sender would fail every delivery.
        if not valid_address(value):
            raise ValueError(f"{value!r} is not a plain e-mail address like lichtruc@vnpt-longan.vn")
        return value

    @field_validator("reminder_offsets_minutes")
    @classmethod
    def _offsets(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if len(value) > 10 or any(not 1 <= v <= 20160 for v in value):
            raise ValueError("reminder_offsets_minutes: at most 10 offsets, each 1..20160 minutes (14 days)")
        return tuple(sorted(set(value), reverse=True))

    @field_validator("webhook_url")
    @classmethod
    def _webhook(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("webhook_url must be an http:// or https:// URL")
        return value

    @field_validator("webhook_allowed_hosts", mode="before")
    @classmethod
    def _allowed_hosts_list(cls, value: object) -> object:
        # From the environment: "a.example.vn,.example.vn" or a JSON list.
        if isinstance(value, str):
            text = value.strip()
            return tuple(json.loads(text)) if text.startswith("[") else tuple(p for p in text.split(",") if p.strip())
        return value

    @field_validator("department_emails", mode="before")
    @classmethod
    def _department_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            return (
                tuple(json.loads(text))
                if text.startswith("[")
                else tuple(p.strip() for p in text.split(",") if p.strip())
            )
        return value

    @field_validator("department_emails")
    @classmethod
    def _department_emails(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Checked here, not at the first alert: a typo would silently lose every severe incident's alert.
        for email in value:
            if not valid_address(email):
                raise ValueError(f"department_emails: {email!r} is not an e-mail address")
        return tuple(dict.fromkeys(e.strip() for e in value))

    @field_validator("webhook_allowed_hosts")
    @classmethod
    def _allowed_hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Checked here, not at the first send: a typo would silently refuse every personal webhook.
        try:
            return tuple(dict.fromkeys(str(parse_allowed_host(entry)) for entry in value))
        except ValueError as exc:
            raise ValueError(f"webhook_allowed_hosts: {exc}") from None

    @model_validator(mode="after")
    def _timeouts_inside_the_lease(self) -> NotifierSettings:
        # A send that outlives its lease could be repeated by another replica: keep every
        # network timeout well inside the lease (see the delivery protocol in handlers/deliveries.py).
        longest = max(self.smtp_timeout_seconds, self.webhook_timeout_seconds)
        if longest * 2 > self.delivery_lease_seconds:
            raise ValueError(
                f"delivery_lease_seconds ({self.delivery_lease_seconds}) must be at least twice the longest send "
                f"timeout ({longest}s): raise the lease or lower smtp/webhook_timeout_seconds"
            )
        return self
