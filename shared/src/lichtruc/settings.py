"""Settings every service has; each service subclasses this with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from .auth import check_public_key
from .serving import ServingSettings

PlanCacheMode = Literal["auto", "force_custom_plan", "force_generic_plan"]
"""PostgreSQL's plan_cache_mode values (ServiceSettings.database_plan_cache_mode)."""

# What Kafka adds around an event's bytes in a produce request (the key, the headers, the record
# and batch framing: a few hundred bytes), with room to spare.
EVENT_HEADROOM_BYTES = 16_384


class ServiceSettings(ServingSettings):
    """Where the service finds its database and Kafka, and how it names its topics.

    Point `database_url` and `kafka_bootstrap_servers` at any server (docker-compose,
    a cluster); the defaults match `python -m devstack up`.
    """

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    database_url: str
    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    topic_prefix: str = Field(default="", description="namespace for topic names; empty in production")
    topic_partitions: int = Field(default=6, ge=1, le=1000)
    topic_replication_factor: int = Field(default=1, ge=1, le=5)
    migrate_on_startup: bool = True
    consumer_max_attempts: int = Field(
        default=3,
        ge=1,
        le=20,
        description="an event whose handler fails this many times in a way that is neither transient nor "
        "permanent goes to the DLQ, if the database answers meanwhile (see lichtruc.failures)",
    )
    consumer_retry_backoff_seconds: float = Field(
        default=0.2, ge=0, le=60, description="first delay between retries; doubles each time"
    )
    consumer_max_backoff_seconds: float = Field(
        default=10.0,
        ge=0,
        le=3600,
        description="longest delay between retries of a transient failure (retried without limit meanwhile)",
    )
    consumer_batch_size: int = Field(
        default=500,
        ge=1,
        le=10_000,
        description="most events a batching consumer applies in one transaction (audit, notifier; see "
        "lichtruc.kafka): whatever the fetch has buffered, up to this many",
    )
    consumer_batch_ms: int = Field(
        default=20,
        ge=1,
        le=10_000,
        description="how long a batching consumer waits for records when none are buffered, in milliseconds",
    )
    consumer_fetch_max_wait_ms: int = Field(
        default=50,
        ge=0,
        le=10_000,
        description="how long the broker may hold a consumer's fetch when its partitions have no new records. "
        "Kept short: while that fetch is held, a partition that has just been drained is not fetched again "
        "(one fetch in flight per broker), so Kafka's 500 ms default stalled a replay 120-280 ms each time "
        "one partition ran dry before the others. A batching consumer holds it this short only while records "
        "come (lichtruc.kafka.FetchWait)",
    )
    consumer_idle_fetch_max_wait_ms: int = Field(
        default=500,
        ge=0,
        le=10_000,
        description="how long the broker may hold a batching consumer's fetch once no record has come for a "
        "second (Kafka's default). An idle consumer's fetch names all its partitions, and the broker answers it "
        "as soon as one receives a record, so this delays no event; at 50 ms an idle consumer cost the broker "
        "about 3 % of a core and its own process 1 % (lichtruc.kafka.FetchWait)",
    )
    kafka_max_request_bytes: int = Field(
        default=1_048_576,
        ge=65_536,
        le=104_857_600,
        description="the producer's max_request_size: larger records are refused before sending (a dead "
        "letter is parked as a digest instead). Keep it at most the broker's message.max.bytes and "
        "the topics' max.message.bytes (Kafka's default 1048588)",
    )
    # Back-pressure, in two bounds that work together. A worker admits at most
    # `max_in_flight_requests` requests; by default that is the pool's steady size, so every
    # admitted request finds a connection at once and the pool's overflow is left to the
    # background work (the outbox relay, the consumers, readiness probes) and to a request that
    # briefly needs a second connection. One request more is answered 503 with Retry-After at
    # once instead of queueing (50 clients on one worker: 10 served, 40 told to retry within
    # milliseconds, where a limit of 64 over a pool of 20 queued them for seconds). A request
    # that was admitted but finds the pool empty (a slow database) waits at most
    # `database_pool_timeout_seconds`, then is answered 503 with Retry-After (SQLAlchemy's pool
    # timeout is classified as the database being unavailable, lichtruc.failures), never for
    # SQLAlchemy's default 30 s.
    database_pool_size: int = Field(
        default=10, ge=1, le=500, description="database connections each worker keeps open (its steady pool)"
    )
    database_pool_overflow: int = Field(
        default=10,
        ge=0,
        le=500,
        description="connections a worker may open beyond the pool for a moment (background work, probes)",
    )
    database_pool_timeout_seconds: float = Field(
        default=3.0,
        gt=0,
        le=60,
        description="longest wait for a pooled connection; then the request is answered 503 with Retry-After",
    )
    # A statement the driver keeps prepared gets, after five runs, PostgreSQL's generic plan,
    # built from the table sizes of that moment and kept for the connection's life: a plan made
    # while a table was nearly empty (a new season, a fresh database) may scan it in full ever
    # after (audit's batch read of shifts by id does: a generic plan made on an empty table is a
    # sequential scan). `force_custom_plan` plans every run with the sizes of that moment, for
    # some of the database's CPU: roster needs it (see RosterSettings); audit's ingest lost about
    # a tenth with it (bench_audit_ingest: 1,933 against 2,160 events/s), so the consumers keep
    # `auto` and their connections are replaced every `database_pool_recycle_seconds` instead,
    # which bounds how long such a plan can live.
    database_plan_cache_mode: PlanCacheMode = Field(
        default="auto",
        description="PostgreSQL's plan_cache_mode on every connection: auto (the server's choice), or "
        "force_custom_plan where a generic plan made on small tables would stay",
    )
    database_pool_recycle_seconds: int = Field(
        default=3600,
        ge=1,
        le=7 * 24 * 3600,
        description="a pooled connection older than this is closed and opened afresh at its next checkout "
        "(its prepared statements, and the plans PostgreSQL kept for them, go with it)",
    )
    max_in_flight_requests: int | None = Field(
        default=None,
        ge=1,
        le=100_000,
        description="requests one worker handles at once (default: database_pool_size, so that each admitted "
        "request has a connection); one more is answered 503 with Retry-After at once (health probes are "
        "not counted)",
    )
    forwarded_allow_ips: str | None = Field(
        default=None,
        max_length=1000,
        description="behind a reverse proxy: its addresses (comma-separated, or *), whose X-Forwarded-For is "
        "believed, so that login throttling and logs see the real client address",
    )

    # --- who is calling (see lichtruc.auth) ---------------------------------------------------
    auth_public_key: str | None = Field(
        default=None, description="Ed25519 public key (PEM) that verifies access tokens issued by roster"
    )
    auth_public_key_file: Path | None = Field(
        default=None, description="the same key read from a file (e.g. a Docker secret); wins over auth_public_key"
    )
    dev_mode: bool = Field(default=False, description="local development only: allows running without a real auth key")

    def event_max_bytes(self) -> int:
        """The largest serialized event a service writes to its outbox: the producer's limit less
        EVENT_HEADROOM_BYTES for what Kafka adds around it (key, headers, batch framing). A larger
        one would be refused by the producer, so it is refused when it is written, not relayed."""
        return self.kafka_max_request_bytes - EVENT_HEADROOM_BYTES

    def in_flight_limit(self) -> int:
        """The requests one worker admits at once (see `max_in_flight_requests`)."""
        return self.max_in_flight_requests or self.database_pool_size

    def token_public_key(self) -> str | None:
        """The key access tokens are verified with."""
        if self.auth_public_key_file is not None:
            return read_key_file(self.auth_public_key_file, "auth_public_key_file")
        return self.auth_public_key

    @model_validator(mode="after")
    def _auth_key(self) -> ServiceSettings:
        check_public_key(self.token_public_key(), dev_mode=self.dev_mode)
        return self


def read_key_file(path: Path, setting: str) -> str:
    """A PEM key from a file, or a ValueError that says which setting points where."""
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{setting}: cannot read a PEM key from {path} ({exc.__class__.__name__}: {exc})") from exc
