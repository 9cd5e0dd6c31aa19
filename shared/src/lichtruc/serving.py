"""How every service and the portal are served: uvicorn with uvloop and httptools (settings
can fall back to asyncio and h11), in `workers` processes (default: one per core).

uvicorn starts several workers from an import string, so the app is built by a module-level
factory, `worker_app`, that each worker process calls: it reads the service's settings from
the environment (as `create_app()` does) and sets up that process's logging, which a freshly
spawned worker would otherwise lack."""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from .clock import CLOCK_FILE_VARIABLE, MAX_OFFSET_SECONDS, OFFSET_VARIABLE, Clock, file_clock, shifted_clock
from .logs import configure_logging

log = logging.getLogger(__name__)

Loop = Literal["uvloop", "asyncio"]
Http = Literal["httptools", "h11"]

# What the parent process tells its workers (the environment is inherited by spawned processes).
_APP = "LICHTRUC_SERVE_APP"
_NAME = "LICHTRUC_SERVE_NAME"
_LOG_LEVEL = "LICHTRUC_SERVE_LOG_LEVEL"
_LOG_JSON = "LICHTRUC_SERVE_LOG_JSON"


def default_workers() -> int:
    return os.cpu_count() or 1


class ServingSettings(BaseSettings):
    """The HTTP server's settings, with the service's prefix (ROSTER_WORKERS, PORTAL_HTTP, …), and the clock
    every service and the portal read (LICHTRUC_CLOCK_OFFSET, one variable for the whole stack)."""

    workers: int = Field(
        default_factory=default_workers,
        ge=1,
        le=256,
        description="worker processes serving HTTP (default: the number of cores); each has its own pool, "
        "Kafka clients, metrics and readiness",
    )
    loop: Loop = Field(default="uvloop", description="event loop: uvloop, or asyncio to fall back")
    http: Http = Field(default="httptools", description="HTTP parser: httptools, or h11 to fall back")
    log_level: str = "INFO"
    log_json: bool = True
    clock_offset_seconds: float | None = Field(
        default=None,
        validation_alias=OFFSET_VARIABLE,
        ge=-MAX_OFFSET_SECONDS,
        le=MAX_OFFSET_SECONDS,
        description="a test clock: the service's now is the wall clock moved by this many seconds (the same "
        "offset in every process of a stack, so that they agree; time still passes). Unset: the wall clock. "
        "Everything the service does with time follows it: record times, deadlines, reminders, check-in "
        "windows, access tokens. `python -m devstack run --at` sets it; the portal shows a banner while it is set",
    )

    clock_file: Path | None = Field(
        default=None,
        validation_alias=CLOCK_FILE_VARIABLE,
        description="a test clock moved while the service runs: a file holding the offset, read again whenever it "
        "changes (devstack's phased demo load); set, it is the clock and LICHTRUC_CLOCK_OFFSET is not read",
    )

    @field_validator("clock_offset_seconds", "clock_file", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `LICHTRUC_CLOCK_OFFSET=` (a compose file's empty entry) means no test clock, not a service that cannot
        # start. Only the one variable sets it: no per-service name, so that no service runs on a clock alone.
        return None if isinstance(value, str) and not value.strip() else value

    def clock(self) -> Clock:
        """The service's clock: the wall clock, or the test clock of `clock_file` or `clock_offset_seconds`."""
        if self.clock_file is not None:
            return file_clock(self.clock_file)
        return shifted_clock(self.clock_offset_seconds)

    @property
    def test_clock(self) -> bool:
        """Whether the clock is a test clock (shifted from the wall clock)."""
        return self.clock_file is not None or bool(self.clock_offset_seconds)


def serve(
    *,
    name: str,
    app_factory: str,
    settings: ServingSettings,
    host: str,
    port: int,
    forwarded_allow_ips: str | None = None,
    workers: int | None = None,
) -> None:
    """Run `app_factory` ("module:function", called without arguments) under uvicorn until stopped."""
    import uvicorn

    os.environ[_APP] = app_factory
    os.environ[_NAME] = name
    os.environ[_LOG_LEVEL] = settings.log_level
    os.environ[_LOG_JSON] = "true" if settings.log_json else "false"
    count = settings.workers if workers is None else workers
    log.info(
        "%s: serving on %s:%d with %d worker(s), loop=%s, http=%s",
        name,
        host,
        port,
        count,
        settings.loop,
        settings.http,
    )
    # X-Forwarded-For is believed only from the proxies the operator names: from anyone else it
    # would let a password guesser pick a fresh address for every attempt.
    uvicorn.run(
        "lichtruc.serving:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=count,
        loop=settings.loop,
        http=settings.http,
        log_config=None,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        timeout_graceful_shutdown=10,
    )


def worker_app() -> Any:
    """The app of one worker process: the factory `serve` named, with this process's logging."""
    name = os.environ.get(_NAME, "lichtruc")
    configure_logging(name, level=os.environ.get(_LOG_LEVEL, "INFO"), json=os.environ.get(_LOG_JSON, "true") == "true")
    module, _, factory = os.environ[_APP].partition(":")
    app = getattr(importlib.import_module(module), factory)()
    log.info("%s worker %d: loop=%s, http=%s", name, os.getpid(), *server_implementation())
    return app


def server_implementation() -> tuple[str, str]:
    """(event loop, HTTP parser) this process really runs: read from the running loop's class and
    from which of uvicorn's HTTP protocol modules is loaded; "unknown" when not under uvicorn."""
    try:
        loop = type(asyncio.get_running_loop()).__module__.split(".")[0]
    except RuntimeError:
        loop = "none"
    loaded = sys.modules
    if "uvicorn.protocols.http.httptools_impl" in loaded:
        http = "httptools"
    elif "uvicorn.protocols.http.h11_impl" in loaded:
        http = "h11"
    else:
        http = "unknown"
    return loop, http
