"""Delivery rules that do not need I/O: retry timing and which failures are worth retrying."""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = ["http_status_is_transient", "next_attempt", "retry_delay", "smtp_reply_is_transient"]


def retry_delay(attempt: int, *, base_seconds: float, max_seconds: float) -> timedelta:
    """Exponential backoff after failed attempt number ``attempt`` (1-based): base, 2×base, 4×base… capped."""
    if attempt < 1:
        raise ValueError(f"attempt numbers start at 1; got {attempt}")
    return timedelta(seconds=min(base_seconds * 2 ** min(attempt - 1, 30), max_seconds))


def next_attempt(
    now: datetime, attempt: int, *, max_attempts: int, base_seconds: float, max_seconds: float
) -> datetime | None:
    """When to try again after failed attempt ``attempt``, or None when the attempts are used up."""
    if attempt >= max_attempts:
        return None
    return now + retry_delay(attempt, base_seconds=base_seconds, max_seconds=max_seconds)


def smtp_reply_is_transient(code: int) -> bool:
    """RFC 5321: 4yz replies are transient (try again later), 5yz are permanent; anything else we
    cannot classify (e.g. -1 for a dropped connection) is treated as transient."""
    return not 500 <= code <= 599


def http_status_is_transient(status: int) -> bool:
    """A webhook answer worth retrying: server errors, timeouts and rate limits; other 4xx are final."""
    return status >= 500 or status in (408, 425, 429)
