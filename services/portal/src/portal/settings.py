"""The portal's settings (PORTAL_…): where the three services answer, and the key that seals
the session cookie. The portal has no database and no Kafka: it owns no domain data."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from lichtruc.serving import ServingSettings

# The example in the README and compose file: refused outside dev mode, like the services' example keys.
EXAMPLE_SESSION_KEY = "change-me-to-a-long-random-secret-shared-by-every-portal-replica"


class PortalSettings(ServingSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", extra="ignore", frozen=True)

    roster_url: str = Field(default="http://127.0.0.1:8101", max_length=500)
    notifier_url: str = Field(default="http://127.0.0.1:8102", max_length=500)
    audit_url: str = Field(default="http://127.0.0.1:8103", max_length=500)
    public_notifier_url: str | None = Field(
        default=None,
        max_length=500,
        description="notifier's address as people's phones reach it (calendar links); defaults to notifier_url",
    )
    public_url: str | None = Field(
        default=None,
        max_length=500,
        description="the portal's own address as people reach it (e.g. https://lichtruc.stttt.longan.gov.vn, behind a "
        "reverse proxy): written into what a person keeps, such as the log checkpoint's link that checks it again; "
        "unset, the address the request came to, which behind a proxy may be an internal one",
    )
    session_key: str | None = Field(
        default=None,
        min_length=32,
        max_length=500,
        description="secret that seals the session cookie; the same on every replica (no sticky sessions)",
    )
    session_key_file: Path | None = Field(
        default=None, description="the same secret read from a file (e.g. a Docker secret); wins over session_key"
    )
    secure_cookies: bool = Field(
        default=False,
        description="mark cookies Secure on every request; without it they are Secure when the request came over "
        "https (its scheme, or X-Forwarded-Proto from a proxy named in forwarded_allow_ips)",
    )
    session_check_seconds: float = Field(
        default=0,
        ge=0,
        le=900,
        description="how long roster's answer that a sign-in goes on is believed before it is asked again "
        "(GET /auth/session); 0 asks on every request, so a signed-out or replaced session stops at once on "
        "every replica. A larger value saves a call per page, and a copy of a cookie signed out through "
        "another replica (or ended by a new password elsewhere) then works for at most that long",
    )
    audit_behind_seconds: float = Field(
        default=30,
        ge=0,
        le=3600,
        description="the inspector's gaps and heatmap pages say their numbers may not be complete when roster has "
        "kept changes this long without handing them on to audit (its outbox: Kafka down or slow), or audit has "
        "not read for this long changes that reached Kafka (its consumer stopped or slow)",
    )
    session_hours: float = Field(default=12, gt=0, le=24 * 7, description="a session lasts at most this long")
    request_timeout_seconds: float = Field(
        default=15,
        gt=0,
        le=120,
        description="how long a write to a service (a form sent: POST) waits for its answer; one that times out may "
        "have been done, and the page says so (not known whether saved)",
    )
    read_timeout_seconds: float = Field(
        default=5,
        gt=0,
        le=120,
        description="how long a read from a service (GET: a page, a download, the sign-in's check) waits before the "
        "page says that service is not answering; a read changes nothing, so it gives up sooner than a write. The "
        "benchmarks' slowest page asks its services for 20-170 ms in all (docs/benchmarks.md, bench_portal.py)",
    )
    # A page waits on the services; each request in flight may hold one pooled connection to a
    # service, and a request beyond the pool would wait in httpx's queue (up to the request
    # timeout) instead. So the portal admits as many requests as its pool per service has
    # connections, and answers one more at once with 503 and Retry-After.
    max_in_flight_requests: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="requests one portal worker handles at once (also its connections per service); one more "
        "is answered 503 with Retry-After at once",
    )
    forwarded_allow_ips: str | None = Field(default=None, max_length=1000)
    dev_mode: bool = False

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        # as notifier's NOTIFIER_PORTAL_URL: refused at start, not in a link an inspector keeps for months
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(
                "PORTAL_PUBLIC_URL must be an absolute http(s):// URL without query, e.g. https://lich.example.vn"
            )
        return value.rstrip("/")

    def session_secret(self) -> str | None:
        """The cookie secret: from `session_key_file` when set, else `session_key`."""
        if self.session_key_file is None:
            return self.session_key
        try:
            return self.session_key_file.read_text("utf-8").strip() or None
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(
                f"session_key_file: cannot read the secret from {self.session_key_file} "
                f"({exc.__class__.__name__}: {exc})"
            ) from exc

    @model_validator(mode="after")
    def _key(self) -> PortalSettings:
        secret = self.session_secret()
        if self.dev_mode:
            return self
        if self.session_key_file is not None and (secret is None or len(secret) < 32):
            raise ValueError(f"PORTAL_SESSION_KEY_FILE ({self.session_key_file}) must hold a secret of 32+ characters")
        if not secret:
            raise ValueError(
                "PORTAL_SESSION_KEY is missing: set a random secret of 32+ characters, the same on "
                "every portal replica (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        if secret == EXAMPLE_SESSION_KEY:
            raise ValueError("PORTAL_SESSION_KEY is the documentation example: choose a secret of your own")
        return self

    def cookie_key(self) -> bytes:
        """The 32-byte Fernet key derived from `session_key` (a throwaway in dev mode without one)."""
        secret = self.session_secret() or "dev-mode-portal-session-key-" + "x" * 16
        return base64.urlsafe_b64encode(hashlib.sha256(b"lichtruc-portal-session\0" + secret.encode()).digest())

    @property
    def calendar_base(self) -> str:
        return (self.public_notifier_url or self.notifier_url).rstrip("/")
