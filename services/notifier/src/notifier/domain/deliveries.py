"""Delivery rules that do not need I/O: new deliveries, retry timing and which failures are worth retrying."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from .messages import Message, valid_address
from .model import NewDelivery

__all__ = [
    "gap_alert_too_late",
    "http_status_is_transient",
    "new_delivery",
    "next_attempt",
    "recipient_problem",
    "retry_delay",
    "smtp_reply_is_transient",
]


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


def new_delivery(
    *,
    now: datetime,
    kind: str,
    dedupe_key: str,
    channel: str,
    recipient: str | None,
    recipient_name: str | None,
    language: str,
    message: Message,
    body: str | None = None,
    attachment: str | None = None,
    delivery_id: uuid.UUID | None = None,
    reminder_id: uuid.UUID | None = None,
    gap_id: uuid.UUID | None = None,
    shift_id: uuid.UUID | None = None,
    staff_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    enterprise_ids: tuple[uuid.UUID, ...] = (),
    problem: str | None = None,
    not_before: datetime | None = None,
    actor_name: str | None = None,
) -> NewDelivery:
    """A new delivery; with ``problem`` it is recorded as failed at once (e.g. no address).
        ``not_before`` holds it back until then (it may still be cancelled meanwhile). A message that concerns
        several enterprises has them as ``enterprise_ids`` and no ``enterprise_id``. ``actor_name``: who the notice says
    made the change, kept for the sender to write it again (a published shift's notice)."""
    return NewDelivery(
        id=delivery_id or uuid.uuid4(),
        kind=kind,
        dedupe_key=dedupe_key,
        reminder_id=reminder_id,
        gap_id=gap_id,
        shift_id=shift_id,
        staff_id=staff_id,
        enterprise_id=enterprise_id,
        enterprise_ids=enterprise_ids,
        channel=channel,
        recipient=recipient,
        recipient_name=recipient_name,
        language=language,
        subject=message.subject,
        body=body if body is not None else message.text,
        attachment=attachment,
        status="failed" if problem else "pending",
        next_attempt_at=max(now, not_before or now),
        last_error=problem,
        created_at=now,
        actor_name=actor_name,
    )


def recipient_digest(recipient: str | None) -> str:
    """A recipient as a delivery's dedupe key holds it: the first 24 hex digits of the SHA-256 of the address
    trimmed and lower-cased, so that one address told twice in other cases is one delivery, and no address is kept
    in the key itself."""
    return hashlib.sha256((recipient or "").strip().lower().encode()).hexdigest()[:24]


def recipient_problem(channel: str, recipient: str | None, who: str) -> str | None:
    """Why a delivery cannot even be tried (recorded as its failure), or None."""
    if channel == "email" and not valid_address(recipient):
        if not recipient:
            return f"no e-mail address is known for {who}: roster's staff/enterprise record has none"
        return f"“{recipient}” is not a usable e-mail address for {who}"
    if channel == "webhook" and not recipient:
        return f"no webhook URL for {who}: set one in the person's preferences or NOTIFIER_WEBHOOK_URL"
    return None


def gap_alert_too_late(*, gap_ends_at: datetime, now: datetime) -> str | None:
    """Why a gap's alert ("Cảnh báo thiếu người trực … Đề nghị bổ sung người trực ngay") is not sent when it would go
    out at `now`, or None to send it: a gap already over (its end at or before `now`) is nothing left to fill — QZ14
    #4: a handover at 09:07 opened 06:00–09:10, and its alert went out at 09:14:45 asking the manager, who had
    recorded it himself, to fill it. Nothing is sent instead (the gap stays on audit's record and the portal)."""
    if gap_ends_at > now:
        return None
    return f"the gap ended at {gap_ends_at.isoformat()} before its alert could be delivered: nothing left to fill"
