"""Deliveries: one message to one recipient over one channel, sent exactly once as far as
a database and a remote server allow. Several replicas may run this at the same time.

The protocol, per delivery:

Each replica takes **one delivery at a time** through all three steps, so that it never has
more than one message out whose acceptance is not yet recorded.

1. **claim** (one transaction): pick the next due row with ``FOR UPDATE SKIP LOCKED`` (so two
   replicas never pick the same row), set ``status='sending'``, count the attempt, take a
   lease (``lease_owner``, ``lease_expires_at = now + delivery_lease_seconds``) and insert
   the attempt row as ``in_flight`` — all committed *before* a byte leaves;
2. **send**, with a network timeout at most half the lease (enforced by the settings);
3. **mark** (its own short transaction, right after the server answered): the outcome (sent / retry at ``next_attempt_at`` with
   exponential backoff / failed after ``delivery_max_attempts``) and the attempt's result,
   only if this replica still holds the lease (``lease_owner`` and ``attempts`` act as a
   fencing token);
4. **recover**: a ``sending`` row whose lease has expired belongs to a replica that died
   (or stalled past its lease). Its attempt is recorded as ``interrupted`` and the row is
   claimed again (it counts as an attempt).

**Digest**: claiming a due e-mail gap alert or closing notice also claims, in the same
transaction and under the same lease, every other due one to the same address (up to
``DIGEST_MAX``); they go out as one message (`gap_digest`) and are marked together. So a
replica still has one message in flight, and a crash repeats at most that one message. Claiming a due e-mail
of a published shift likewise claims the same person's other ones to that address due now or waiting to go out
within ``NOTIFIER_PUBLISHED_DIGEST_SECONDS``: one mail lists them all with one .ics (`published_digest`), written
from their entries as they are then; one whose shift was cancelled, given to others or is over by then is cancelled,
saying why (its own notice told the person).

What that guarantees: two replicas never send the same delivery concurrently, and a
replica killed at any point before the server accepted the message causes neither a
loss nor a duplicate (the server never accepted it; the next replica sends it once).
The one window that cannot be closed is between the server's acceptance (SMTP ``250``
after DATA, HTTP 2xx) and the commit of step 3 — a few milliseconds, for the one message
in flight. A crash exactly there makes that message go out a second time after the lease
expires (at most one per crashed replica: the messages it sent before are recorded, the
ones after were never claimed); the copy carries the same ``Message-ID`` /
``X-Lichtruc-Delivery`` id, so a mail client or a webhook receiver can drop it, and the
attempts list shows the ``interrupted`` attempt.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import get_args

from lichtruc import vntime

from ..channels import DeliveryFailed
from ..channels.smtp import SmtpSender
from ..channels.webhook import WebhookSender
from ..db.uow import UnitOfWork
from ..domain import links
from ..domain.calendar import invitation_method, render_invitation, render_invitations
from ..domain.deliveries import gap_alert_too_late, next_attempt
from ..domain.entries import entry_key
from ..domain.messages import (
    GapView,
    Message,
    compose_email,
    gap_digest,
    gap_message,
    gap_payload,
    json_body,
    minutes_left,
    still_short_within,
    valid_address,
)
from ..domain.model import Claimed, Delivery, NamedEntry, NamedGap, Outcome
from ..domain.on_duty import beside_entry
from ..domain.shift_notices import NoticeKind, Published, people_now, published_digest
from ..domain.texts import check_lang, feed_texts
from ..domain.views import gap_view, to_feed_entry, to_shift_view
from ..domain.webhooks import SETTING, webhook_url_refusal
from ..settings import NotifierSettings
from .addressees import reach
from .context import Context

log = logging.getLogger(__name__)

GAP_KINDS = ("gap_opened", "gap_closed")
PUBLISHED_KIND = "shift_published"
DIGEST_MAX = 200
"""At most this many alerts and notices in one message; more go out in the next one right after."""


# --- the claim / send / mark protocol --------------------------------------------------------------


async def claim_next(ctx: Context, now: datetime) -> Claimed | None:
    """Step 1 (and 4) for one delivery: the next due one, leased to this replica with its attempt
    recorded as in flight; None when nothing is due. Rows finished on the way (late reminders,
    interrupted last attempts) are skipped over."""
    while True:
        picked, claimed = await _claim(ctx, now, limit=1)
        if claimed:
            return claimed[0]
        if not picked:
            return None


async def _claim(ctx: Context, now: datetime, *, limit: int) -> tuple[int, list[Claimed]]:
    """Lease up to `limit` due deliveries; returns how many rows were looked at, and those claimed."""
    s = ctx.settings
    claimed: list[Claimed] = []
    async with ctx.uow() as uow:
        rows = await uow.deliveries.lock_due(now, limit=limit)
        for due in rows:
            row = due.delivery
            if not await _recover(uow, ctx=ctx, row=row, now=now):
                continue
            if row.kind == "reminder" and due.shift_starts_at is not None and due.shift_starts_at <= now:
                await uow.deliveries.finish(
                    row.id,
                    status="cancelled",
                    now=now,
                    error=f"the shift started at {vntime.clock(due.shift_starts_at, 'en')} before the "
                    "reminder could be delivered",
                )
                continue
            if await _gap_over(uow, row=row, now=now):
                continue
            published = await _published_entry(uow, row=row, now=now) if _is_published_mail(row) else None
            if _is_published_mail(row) and published is None:
                continue
            attempt, attempt_row = await _lease(uow, ctx=ctx, row=row, now=now)
            secret = None
            if row.channel == "webhook":
                secret = webhook_secret_for(
                    s, recipient=row.recipient, own_url=due.own_webhook_url, own_secret=due.own_webhook_secret
                )
            subject, body = await _as_it_is_now(uow, row=row, now=now, portal_url=s.portal_url)
            members: tuple[tuple[uuid.UUID, int, int], ...] = ()
            attachment = row.attachment
            if row.kind in GAP_KINDS and row.channel == "email" and row.gap_id is not None:
                subject, body, members = await _digest(uow, ctx=ctx, row=row, now=now, subject=subject, body=body)
            elif published is not None:
                subject, body, attachment, members = await _published_mail(
                    uow, ctx=ctx, row=row, entry=published, now=now
                )
            elif _is_shift_notice(row):
                body, attachment = await _notice_as_it_is_now(
                    uow, ctx=ctx, row=row, now=now, subject=subject, body=body
                )
            claimed.append(
                Claimed(
                    id=row.id,
                    attempt=attempt,
                    attempt_row=attempt_row,
                    kind=row.kind,
                    channel=row.channel,
                    recipient=row.recipient or "",
                    recipient_name=row.recipient_name,
                    subject=subject,
                    body=body,
                    attachment=attachment,
                    webhook_secret=secret,
                    members=members,
                )
            )
    return len(rows), claimed


async def _as_it_is_now(uow: UnitOfWork, *, row: Delivery, now: datetime, portal_url: str) -> tuple[str, str]:
    """The subject and body to send. A gap alert is written again from the gap as it is now: it was
    written when the gap opened, and it waits (for the digest window, or until the gap is in force)
    while the gap may change its end or headcount in place and its site may become known or be
    renamed; the manager is told the gap as it is, not as it was. The new text is stored, so that
    the delivery shows what went out. A closing notice goes as written unless part of its window is short
    of people now (audit opened a narrower gap as it closed this one): then it says "partly filled" and
    which hours are still short, never "coverage restored". A reminder, a deadline notice go as written."""
    subject, body = row.subject, row.body or ""
    if row.kind not in GAP_KINDS or row.gap_id is None:
        return subject, body
    named = await uow.gaps.named([row.gap_id])
    closed = row.kind == "gap_closed"
    if not named or named[0].gap.status != ("closed" if closed else "open"):
        return subject, body  # (a closed gap's alert is cancelled, not sent; a reopened one's notice goes as written)
    view, lang = await _gap_as_it_is_now(uow, named[0]), check_lang(row.language)
    if closed and not view.still_short:
        return subject, body  # restored over its whole window: the notice as written is true
    message = gap_message(view, lang=lang, closed=closed, portal_url=portal_url)
    text = message.text
    if row.channel == "webhook":
        text = json_body(gap_payload(view, delivery_id=row.id, closed=closed, lang=lang, message=message)).decode(
            "utf-8"
        )
    if (message.subject, text) != (subject, body):
        await uow.deliveries.rewrite(row.id, subject=message.subject, body=text, now=now)
    return message.subject, text


async def _gap_as_it_is_now(uow: UnitOfWork, named: NamedGap) -> GapView:
    """A gap as a message tells it; a closed one with the parts of its window short of people now (audit
    closes a gap and opens a narrower one when people are added for part of it)."""
    view = gap_view(named)
    if named.gap.status != "closed":
        return view
    short = still_short_within(view.starts_at, view.ends_at, await uow.gaps.open_windows(named.gap))
    return replace(view, still_short=short)


async def _gap_over(uow: UnitOfWork, *, row: Delivery, now: datetime) -> bool:
    """A gap's alert due now of a gap already over (`gap_alert_too_late`): cancelled, saying why; True if so."""
    if row.kind != "gap_opened" or row.gap_id is None:
        return False
    gap = await uow.gaps.get(row.gap_id)
    why = gap_alert_too_late(gap_ends_at=gap.ends_at, now=now) if gap is not None else None
    if why is None:
        return False
    await uow.deliveries.finish(row.id, status="cancelled", now=now, error=why)
    return True


async def _recover(uow: UnitOfWork, *, ctx: Context, row: Delivery, now: datetime) -> bool:
    """Step 4 for a locked due row: a ``sending`` one's attempt is recorded as interrupted; False if
    that was its last attempt (it is failed now) and it must not be sent."""
    if row.status != "sending":
        return True
    expired = row.lease_expires_at.isoformat() if row.lease_expires_at is not None else "?"
    await uow.deliveries.interrupt_attempt(
        row.id,
        attempt=row.attempts,
        detail=f"{row.lease_owner} did not report back before its lease expired at "
        f"{expired}: the outcome of this attempt is unknown",
        now=now,
    )
    if row.attempts >= ctx.settings.delivery_max_attempts:
        await uow.deliveries.finish(
            row.id,
            status="failed",
            now=now,
            error="interrupted on its last attempt (the sending replica stopped)",
        )
        return False
    return True


async def _lease(uow: UnitOfWork, *, ctx: Context, row: Delivery, now: datetime) -> tuple[int, int]:
    """Step 1 for a locked due row: leased to this replica, its attempt recorded as in flight;
    returns (attempt, attempt row id)."""
    attempt = row.attempts + 1
    attempt_row = await uow.deliveries.lease(
        row.id,
        attempt=attempt,
        owner=ctx.instance_id,
        until=now + timedelta(seconds=ctx.settings.delivery_lease_seconds),
        now=now,
    )
    return attempt, attempt_row


async def _digest(
    uow: UnitOfWork, *, ctx: Context, row: Delivery, now: datetime, subject: str, body: str
) -> tuple[str, str, tuple[tuple[uuid.UUID, int, int], ...]]:
    """Claim the other due gap alerts and notices to the same address with `row`; the subject and
    text of the one message telling them all (the row's own when it is alone)."""
    others = await uow.deliveries.lock_due_gap_mail(
        recipient=row.recipient or "", besides=row.id, now=now, limit=DIGEST_MAX - 1
    )
    members: list[tuple[uuid.UUID, int, int]] = []
    assert row.gap_id is not None
    kinds: dict[uuid.UUID, list[str]] = {row.gap_id: [row.kind]}
    for other in others:
        if await _recover(uow, ctx=ctx, row=other, now=now) and not await _gap_over(uow, row=other, now=now):
            members.append((other.id, *await _lease(uow, ctx=ctx, row=other, now=now)))
            if other.gap_id is not None:
                kinds.setdefault(other.gap_id, []).append(other.kind)
    if not members:
        return subject, body, ()
    views = {n.gap.gap_id: await _gap_as_it_is_now(uow, n) for n in await uow.gaps.named(list(kinds))}
    opened = [views[g] for g, k in kinds.items() if g in views and "gap_opened" in k]
    closed = [views[g] for g, k in kinds.items() if g in views and "gap_closed" in k]
    message = gap_digest(opened, closed, lang=check_lang(row.language), portal_url=ctx.settings.portal_url)
    return message.subject, message.text, tuple(members)


SHIFT_NOTICE_KINDS = frozenset(get_args(NoticeKind)) - {PUBLISHED_KIND}
"""The notices the consumer writes as it applies an event (`handlers.notices`), said again as they go out when they
list the shift's colleagues or carry an .ics that adds the shift (`_notice_as_it_is_now`)."""
NOTICE_WEBHOOK = "lichtruc.notifier.shift_notice.v1"


def _is_shift_notice(row: Delivery) -> bool:
    """A notice of a person's shift (a swap's taker, a reassignment's newcomer, a move, a handover's taker, a swap
    request's asker…), not a published shift's (written whole when it goes out) nor a reminder's (written when due,
    with who is on duty then)."""
    return row.kind in SHIFT_NOTICE_KINDS and row.shift_id is not None and row.staff_id is not None


def _adds_event(row: Delivery) -> bool:
    """The notice's e-mail carries an .ics that adds or updates its reader's event (METHOD:PUBLISH), not one that
    removes it."""
    return row.channel == "email" and row.attachment is not None and invitation_method(row.attachment) == "PUBLISH"


def _lists_colleagues(row: Delivery) -> bool:
    return feed_texts(check_lang(row.language)).colleagues in (row.body or "")


async def _notice_as_it_is_now(
    uow: UnitOfWork, *, ctx: Context, row: Delivery, now: datetime, subject: str, body: str
) -> tuple[str, str | None]:
    """A notice's text and .ics written again as it goes out, from the person's entry as it is then, with who else
    of the enterprise is on duty during the shift (`domain.on_duty`): what the person's feed and the portal's
    "Cùng trực" say of that shift. The consumer wrote them as it applied the event, when the batch's other events
    may not have been, and said the shift's own colleagues alone (QZ29 #1: an approved swap's .ics said "Đồng
    nghiệp cùng ca: không có" and no duty leader where the feed and the portal named four; its text still did after
    the .ics was fixed). The text's colleagues' line is said again (`shift_notices.people_now`; a webhook's `text`
    too), an .ics that adds the event written again; one read here, per notice that has either. The entry no longer
    the person's (cancelled, handed on meanwhile: a later notice tells them) or, for the .ics, the person no longer
    reached: as written."""
    assert row.shift_id is not None and row.staff_id is not None
    ics, listed = _adds_event(row), _lists_colleagues(row)
    if not ics and not listed:
        return body, row.attachment
    named = await uow.shifts.named_entry(entry_key(row.shift_id, row.staff_id))
    if named is None or named.entry.status != "confirmed":
        return body, row.attachment
    lang = check_lang(row.language)
    beside = beside_entry(named.entry, await uow.shifts.on_duty_during({row.shift_id}))
    text, attachment = body, row.attachment
    if listed and row.channel == "email":
        text = people_now(body, to_shift_view(named, beside=beside), lang)
    elif listed:  # a webhook: its JSON's text, for a chat or SMS gateway
        payload = json.loads(body)
        if payload.get("type") == NOTICE_WEBHOOK and isinstance(payload.get("text"), str):
            payload["text"] = people_now(payload["text"], to_shift_view(named, beside=beside), lang)
            text = json_body(payload).decode("utf-8")
    reached = await reach(uow, ctx=ctx, staff_id=row.staff_id, names={}) if ics else None
    if reached is not None:
        attachment = render_invitation(
            to_feed_entry(named, lang, beside=beside, portal_url=ctx.settings.portal_url),
            lang=lang,
            organizer_email=ctx.settings.smtp_from if valid_address(ctx.settings.smtp_from) else None,
            alarm_offsets_minutes=reached.reminding.offsets,
        ).decode("utf-8")
    if (text, attachment) != (body, row.attachment):
        await uow.deliveries.rewrite(row.id, subject=subject, body=text, now=now, attachment=attachment)
    return text, attachment


def _is_published_mail(row: Delivery) -> bool:
    return (
        row.kind == PUBLISHED_KIND and row.channel == "email" and row.shift_id is not None and row.staff_id is not None
    )


async def _published_entry(uow: UnitOfWork, *, row: Delivery, now: datetime) -> NamedEntry | None:
    """The person's entry of the shift a published-shift e-mail tells, while it is still theirs and not over; else
    the delivery is cancelled, saying why (the shift was cancelled, moved to others or ended meanwhile: its own
    notice told them), and None."""
    assert row.shift_id is not None and row.staff_id is not None
    named = await uow.shifts.named_entry(entry_key(row.shift_id, row.staff_id))
    if named is not None and named.entry.status == "confirmed" and named.entry.ends_at > now:
        return named
    await uow.deliveries.finish(
        row.id,
        status="cancelled",
        now=now,
        error="the shift was cancelled, given to others or over before this notice went out (its own notice told "
        "the person)",
    )
    return None


async def _published_mail(
    uow: UnitOfWork, *, ctx: Context, row: Delivery, entry: NamedEntry, now: datetime
) -> tuple[str, str, str, tuple[tuple[uuid.UUID, int, int], ...]]:
    """Claim the person's other published-shift e-mails to the same address due now or within the window with `row`
    (`NOTIFIER_PUBLISHED_DIGEST_SECONDS`: they would follow it within the minute); the subject, text and .ics of the
    one message telling them all, written from their entries as they are now (`published_digest`, one event each
    in the .ics) with who else of the enterprise is on duty during each (`domain.on_duty`, one read for them all),
    and stored with `row`."""
    assert row.staff_id is not None
    window = timedelta(seconds=ctx.settings.published_digest_seconds)
    others = await uow.deliveries.lock_waiting_published_mail(
        recipient=row.recipient or "",
        staff_id=row.staff_id,
        besides=row.id,
        now=now,
        until=now + window,
        limit=DIGEST_MAX - 1,
    )
    told: list[tuple[Delivery, NamedEntry]] = [(row, entry)]
    members: list[tuple[uuid.UUID, int, int]] = []
    for other in others:
        if not await _recover(uow, ctx=ctx, row=other, now=now):
            continue
        theirs = await _published_entry(uow, row=other, now=now)
        if theirs is not None:
            members.append((other.id, *await _lease(uow, ctx=ctx, row=other, now=now)))
            told.append((other, theirs))
    lang = check_lang(row.language)
    portal = ctx.settings.portal_url
    # who else is on duty during each (QZ25 #1: "Đồng nghiệp cùng ca: không có" beside a duty leader), as the read
    # model has it now, the whole publication applied: one read for the mail's shifts
    people = await uow.shifts.on_duty_during({e.entry.shift_id for _, e in told})
    beside = {e.entry.key: beside_entry(e.entry, people) for _, e in told}
    reached = await reach(uow, ctx=ctx, staff_id=row.staff_id, names={})
    offsets = reached.reminding.offsets if reached is not None else tuple(ctx.settings.reminder_offsets_minutes)
    # A shift starting within the person's first reminder's offset had that reminder skipped when it was published
    # (`domain.reminders.PUBLISHED`): this mail says what it would have, the time left.
    first = timedelta(minutes=max(offsets, default=0))
    message = published_digest(
        [
            Published(
                to_shift_view(e, beside=beside[e.entry.key]),
                d.actor_name,
                links.my_shift(portal, e.entry.shift_id),
                left=minutes_left(e.entry.starts_at, now) if e.entry.starts_at - now <= first else None,
            )
            for d, e in told
        ],
        person_name=row.recipient_name or "",
        lang=lang,
    )
    organizer = ctx.settings.smtp_from if valid_address(ctx.settings.smtp_from) else None
    ics = render_invitations(
        [to_feed_entry(e, lang, beside=beside[e.entry.key], portal_url=portal) for _, e in told],
        lang=lang,
        organizer_email=organizer,
        alarm_offsets_minutes=offsets,
    ).decode("utf-8")
    await uow.deliveries.rewrite(row.id, subject=message.subject, body=message.text, now=now, attachment=ics)
    return message.subject, message.text, ics, tuple(members)


def webhook_secret_for(
    settings: NotifierSettings, *, recipient: str | None, own_url: str | None, own_secret: str | None
) -> str | None:
    """The key a webhook request is signed with: the person's own for their current address, the
    operators' for the operators' address, and none otherwise — never the operators' key for a
    person's address (its owner could replay operator-signed messages to the operators' gateway)."""
    if own_url is not None and recipient == own_url:
        return own_secret
    if settings.webhook_url is not None and recipient == settings.webhook_url and settings.webhook_secret:
        return settings.webhook_secret.get_secret_value()
    return None


@dataclass
class Senders:
    smtp: SmtpSender
    webhook: WebhookSender


def _message_id(ctx: Context, delivery_id: uuid.UUID) -> str:
    domain = ctx.settings.smtp_from.rpartition("@")[2] or "lichtruc"
    return f"<{delivery_id}@{domain}>"


async def send(ctx: Context, *, senders: Senders, claimed: Claimed) -> str:
    """Step 2: the network part. Returns the server's answer; raises DeliveryFailed."""
    if claimed.channel == "email":
        try:
            message = compose_email(
                sender=ctx.settings.smtp_from,
                sender_name=ctx.settings.smtp_from_name,
                to=claimed.recipient,
                to_name=claimed.recipient_name,
                message=Message(claimed.subject, claimed.body),
                message_id=_message_id(ctx, claimed.id),
                date=ctx.clock(),
                ics=claimed.attachment.encode("utf-8") if claimed.attachment is not None else None,
            )
        except ValueError as exc:
            raise DeliveryFailed(str(exc), transient=False) from exc
        return await senders.smtp.send(message, recipient=claimed.recipient)
    refuse_unsafe_webhook(ctx, claimed.recipient)
    if claimed.webhook_secret is None:
        raise DeliveryFailed(
            "no webhook secret for this address: it is neither NOTIFIER_WEBHOOK_URL (with "
            "NOTIFIER_WEBHOOK_SECRET) nor the person's current webhook_url (with their "
            "webhook_secret), e.g. the person changed their webhook since",
            transient=False,
        )
    return await senders.webhook.send(
        claimed.recipient,
        claimed.body.encode("utf-8"),
        secret=claimed.webhook_secret.encode("utf-8"),
        delivery_id=str(claimed.id),
        kind=claimed.kind,
    )


def refuse_unsafe_webhook(ctx: Context, url: str) -> None:
    """Checked again right before the request: the address was allowed when it was saved, but the
    operator may have taken its host off NOTIFIER_WEBHOOK_ALLOWED_HOSTS since (or it predates the
    list). Only the operator's own NOTIFIER_WEBHOOK_URL is called without the check. A refusal is
    final: retrying would not change the list."""
    s = ctx.settings
    if s.webhook_url is not None and url == s.webhook_url:
        return
    refusal = webhook_url_refusal(url, s.webhook_allowed_hosts, allow_http=s.webhook_allow_insecure_hosts)
    if refusal is not None:
        said = f"personal webhook not called ({refusal.rule}; the operator's list: {SETTING}): {refusal.detail}"
        raise DeliveryFailed(said[:500], transient=False)


async def mark(ctx: Context, *, claimed: Claimed, outcome: Outcome, now: datetime) -> bool:
    """Step 3: record the outcome if the lease is still ours; False if another replica took over."""
    together = ((claimed.id, claimed.attempt, claimed.attempt_row), *claimed.members)
    note = f" (one message for {len(together)} alerts and notices)" if claimed.members else ""
    async with ctx.uow() as uow:
        ours = True
        for delivery_id, attempt, attempt_row in together:  # a digest's deliveries are marked together
            held = await uow.deliveries.mark(
                delivery_id, attempt=attempt, owner=ctx.instance_id, outcome=outcome, now=now
            )
            ours = ours and held
            detail = outcome.detail + note if held else f"{outcome.detail}{note} (reported after the lease was lost)"
            await uow.deliveries.finish_attempt(attempt_row, outcome=outcome.status, detail=detail[:2000], now=now)
    if not ours:
        log.warning(
            "delivery %s attempt %d finished (%s) after this replica's lease was lost",
            claimed.id,
            claimed.attempt,
            outcome.status,
        )
    return ours


async def deliver(ctx: Context, *, senders: Senders, claimed: Claimed) -> Outcome:
    """Send one claimed delivery and record what happened. Cancellation (shutdown, a killed task)
    propagates without recording anything: the lease runs out and another replica takes over."""
    s = ctx.settings
    try:
        answer = await send(ctx, senders=senders, claimed=claimed)
        outcome = Outcome("sent", answer)
    except DeliveryFailed as exc:
        retry_at = next_attempt(
            ctx.clock(),
            claimed.attempt,
            max_attempts=s.delivery_max_attempts,
            base_seconds=s.delivery_backoff_seconds,
            max_seconds=s.delivery_backoff_max_seconds,
        )
        if exc.transient and retry_at is not None:
            outcome = Outcome("retry", exc.detail, retry_at)
        else:
            why = "" if not exc.transient else f" (gave up after {claimed.attempt} attempts)"
            outcome = Outcome("failed", exc.detail + why)
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        log.exception("delivery %s: unexpected error while sending", claimed.id)
        retry_at = next_attempt(
            ctx.clock(),
            claimed.attempt,
            max_attempts=s.delivery_max_attempts,
            base_seconds=s.delivery_backoff_seconds,
            max_seconds=s.delivery_backoff_max_seconds,
        )
        outcome = Outcome("retry", repr(exc)[:500], retry_at) if retry_at else Outcome("failed", repr(exc)[:500])
    await mark(ctx, claimed=claimed, outcome=outcome, now=ctx.clock())
    return outcome
