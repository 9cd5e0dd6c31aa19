"""Coverage-gap alerts: audit says a gap opened → the enterprise's managers are told, once
per gap and manager, through the same deliveries as reminders; a short notice when it closes. The managers are
the enterprise's addresses and its active manager accounts' sign-in addresses, each address once, as inspections
tell them (QZ12: an account's manager heard of inspections only). A manager
whose staff record has their address reads both in their own language, addressed by name; the enterprise's
other mailboxes in ``NOTIFIER_GAP_ALERT_LANGUAGE`` (`handlers.addressees`). A manager account made or given the
enterprise later is alerted of its gaps still open, as the enterprise's addresses are when they arrive.
Only gaps in force or imminent are alerted, never planning gaps (see `alert_time`); nor a gap already over when its
alert would go out (QZ14 #4: nothing left to fill): the sender cancels it, saying why (`gap_alert_too_late`).

Digest: an e-mail alert or notice is sent `NOTIFIER_ALERT_DIGEST_SECONDS` after it is due, and
joins a recipient's alerts already waiting within that window (`digest_time`); the sender then
puts all of that recipient's due alerts and notices into one message (deliveries.py). A closing
cancels the gap's alert not sent yet, and no notice follows: nothing is left to tell.

A closing notice says why the gap closed, as audit says (CoverageGapClosed's `reason`): people on duty now
("Đã đủ người trực"), or only its requirement lowered or removed, nobody added ("Yêu cầu trực đã thay đổi").
A gap already over when it closes (a correction of a past night) gets no notice: its alert was true while
the gap lasted, and nothing is left to plan.

A gap re-opened (audit opens a closed gap again under its id, with a higher version: a campaign
moved and moved back closes and re-opens its first gaps) is alerted afresh: its earlier alert was
cancelled (or sent, and followed by a closing notice), so the re-opening's alert and closing notice
are deliveries of their own, keyed by the version that re-opened or closed it.

A gap of an enterprise notifier does not know yet (its EnterpriseRegistered has not
arrived) is kept; the managers are alerted when it arrives, if the gap is still open. The two
arrive on different topics, applied by two consumers at once: each holds the enterprise
(`ReferenceRepository.hold_enterprises`) until it commits, so the later one sees the other's rows.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from lichtruc.events import CoverageGapClosed, CoverageGapOpened

from ..db.uow import UnitOfWork
from ..domain.addressees import address_key
from ..domain.deliveries import new_delivery, recipient_problem
from ..domain.messages import GapView, gap_message, gap_payload, json_body
from ..domain.model import Gap, NewDelivery
from ..domain.views import gap_view
from .addressees import addressed, default_language, managers
from .context import Context


def _recipient_key(channel: str, recipient: str | None) -> str:
    return f"{channel}:{hashlib.sha256((recipient or '').lower().encode()).hexdigest()[:24]}"


async def _gap_view(uow: UnitOfWork, gap: Gap) -> GapView:
    named = await uow.gaps.named([gap.gap_id])
    view = gap_view(named[0]) if named else None
    assert view is not None, "the gap was stored in this unit of work"
    return view


def alert_time(*, starts_at: datetime, in_force_from: datetime | None, now: datetime, hold: timedelta) -> datetime:
    """When the managers are alerted of an open gap: once it is in force (audit's ``in_force_from``: its
    start, or the campaign's readiness deadline, or when it was found if later) or imminent (starting
    within `hold`), whichever comes first; never before `now`. A planning gap closes before then and
    its pending alert is cancelled, so it is never sent. Without ``in_force_from`` (an event from an
    older audit) the gap is in force at once, but a gap not imminent is still held back for `hold`
    (while a manager plans, requirements come before shifts)."""
    if in_force_from is None:
        return now + hold if starts_at > now + hold else now
    return max(now, min(in_force_from, starts_at - hold))


async def digest_time(
    uow: UnitOfWork, *, recipient: str, not_before: datetime, window: timedelta, exclude: uuid.UUID | None = None
) -> datetime:
    """When an e-mail alert or notice due at `not_before` goes out: with the recipient's alerts already
    waiting to go out within `window` after it (the earliest of them), or else `window` after it, so
    that the ones following within the window join it."""
    if window <= timedelta(0):
        return not_before
    joined = await uow.deliveries.earliest_waiting_mail(
        recipient=recipient, start=not_before, end=not_before + window, exclude=exclude
    )
    return joined if joined is not None else not_before + window


async def alert_gap(
    uow: UnitOfWork, *, ctx: Context, gap_id: uuid.UUID, now: datetime, reopened_at: int | None = None
) -> int:
    """Create the "gap opened" deliveries of an open gap for every manager known now; returns how many are new.
    `reopened_at`: the version that re-opened a closed gap (its alerts are new deliveries, not the earlier ones)."""
    opening = "" if reopened_at is None else f":reopened-v{reopened_at}"
    gap = await uow.gaps.get(gap_id)
    if gap is None or gap.status != "open" or gap.ends_at <= now or not ctx.settings.gap_alerts_enabled:
        return 0
    enterprise = await uow.reference.enterprise(gap.enterprise_id)
    view = await _gap_view(uow, gap)
    lang = default_language(ctx)
    message = gap_message(view, lang=lang, portal_url=ctx.settings.portal_url)
    rows: list[NewDelivery] = []
    not_before = alert_time(
        starts_at=gap.starts_at,
        in_force_from=gap.in_force_from,
        now=now,
        hold=timedelta(seconds=ctx.settings.gap_alert_hold_seconds),
    )
    window = timedelta(seconds=ctx.settings.alert_digest_seconds)
    # A later version may move the moment (the campaign's deadline changed): a pending alert follows.
    # An e-mail alert keeps its time while that still fits (a gap changing often is not put off forever).
    for pending in await uow.deliveries.pending_alerts(gap.gap_id):
        current = pending.next_attempt_at
        if pending.channel != "email":
            at = not_before
        elif current <= not_before + window and (current >= not_before or not_before <= now):
            continue
        else:
            at = await digest_time(
                uow, recipient=pending.recipient or "", not_before=not_before, window=window, exclude=pending.id
            )
        await uow.deliveries.move(pending.id, to=at, now=now)
    # the enterprise's addresses and its manager accounts', each address once, each in their language, by name
    for manager in await managers(uow, ctx=ctx, enterprise=enterprise, with_accounts=True):
        email = manager.email
        rows.append(
            new_delivery(
                now=now,
                kind="gap_opened",
                language=manager.language,
                message=gap_message(view, lang=manager.language, portal_url=ctx.settings.portal_url),
                gap_id=gap.gap_id,
                enterprise_id=gap.enterprise_id,
                dedupe_key=f"gap:{gap.gap_id}:opened{opening}:{_recipient_key('email', email)}",
                channel="email",
                recipient=email,
                recipient_name=manager.name,
                problem=recipient_problem("email", email, "a manager"),
                not_before=await digest_time(uow, recipient=email, not_before=not_before, window=window),
            )
        )
    if ctx.settings.webhook_url:
        delivery_id = uuid.uuid4()
        body = json_body(gap_payload(view, delivery_id=delivery_id, closed=False, lang=lang, message=message))
        rows.append(
            new_delivery(
                now=now,
                kind="gap_opened",
                language=lang,
                message=message,
                gap_id=gap.gap_id,
                enterprise_id=gap.enterprise_id,
                dedupe_key=f"gap:{gap.gap_id}:opened{opening}:webhook",
                channel="webhook",
                recipient=ctx.settings.webhook_url,
                recipient_name=None,
                delivery_id=delivery_id,
                body=body.decode("utf-8"),
                not_before=not_before,
            )
        )
    return await uow.deliveries.add(rows)


async def apply_gap_opened(
    uow: UnitOfWork, *, ctx: Context, data: CoverageGapOpened, changed_at: datetime, now: datetime
) -> bool:
    """Record the gap and alert the managers; True if deliveries are waiting to go out."""
    await uow.reference.hold_enterprises([data.enterprise_id])  # its managers, applied at once elsewhere
    old = await uow.gaps.get(data.gap_id, lock=True)
    if old is not None and old.version >= data.version:
        return False
    await uow.gaps.put(
        Gap(
            gap_id=data.gap_id,
            enterprise_id=data.enterprise_id,
            site_id=data.site_id,
            duty_type=data.duty_type,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            required=data.required,
            actual=data.actual,
            peak=data.peak,
            missing_qualification=data.missing_qualification,
            status="open",
            version=data.version,
            changed_at=changed_at,
            in_force_from=data.in_force_from,
            campaign_id=data.campaign_id,
        )
    )
    reopened_at = data.version if old is not None and old.status == "closed" else None
    return await alert_gap(uow, ctx=ctx, gap_id=data.gap_id, now=now, reopened_at=reopened_at) > 0


async def apply_gap_closed(
    uow: UnitOfWork, *, ctx: Context, data: CoverageGapClosed, changed_at: datetime, now: datetime
) -> bool:
    """Close the gap: an alert not sent yet is cancelled; whoever got the alert gets a short notice — saying the
    requirement changed, not that the gap is staffed, when only its requirement closed it (`reason`) — unless the
    gap is already over (nothing left to plan: a late correction of a past night is no news to act on)."""
    await uow.reference.hold_enterprises([data.enterprise_id])  # no alert made for it meanwhile elsewhere
    old = await uow.gaps.get(data.gap_id, lock=True)
    if old is not None and old.version >= data.version:
        return False
    closed = Gap(
        gap_id=data.gap_id,
        enterprise_id=data.enterprise_id,
        site_id=data.site_id,
        duty_type=data.duty_type,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        required=None,
        actual=None,
        peak=False,
        missing_qualification=False,
        status="closed",
        version=data.version,
        changed_at=changed_at,
        in_force_from=None,
        campaign_id=data.campaign_id,
        closed_reason=data.reason,
    )
    if old is not None:
        closed = replace(
            closed,
            required=old.required,
            actual=old.actual,
            peak=old.peak,
            missing_qualification=old.missing_qualification,
            in_force_from=old.in_force_from,
            campaign_id=data.campaign_id or old.campaign_id,
        )
    await uow.gaps.put(closed)
    await uow.deliveries.cancel_gap_alerts(data.gap_id, now=now)
    if not ctx.settings.gap_closed_notice or data.ends_at <= now:
        return False  # a gap already over: the alert was true while it lasted, and nothing is left to do
    alerted = await uow.deliveries.alerted(data.gap_id)
    if not alerted:
        return False
    gap = await uow.gaps.get(data.gap_id)
    assert gap is not None
    view = await _gap_view(uow, gap)
    lang = default_language(ctx)
    message = gap_message(view, lang=lang, closed=True, portal_url=ctx.settings.portal_url)
    mailed = [r for c, r in alerted if c == "email" and r]
    readers = {
        address_key(a.email): a for a in await addressed(uow, ctx=ctx, emails=mailed, enterprise_id=data.enterprise_id)
    }
    rows: list[NewDelivery] = []
    window = timedelta(seconds=ctx.settings.alert_digest_seconds)
    for channel, recipient in alerted:
        delivery_id = uuid.uuid4()
        body = None
        send_at = now
        reader = readers.get(address_key(recipient or "")) if channel == "email" else None
        if channel == "webhook":
            body = json_body(
                gap_payload(view, delivery_id=delivery_id, closed=True, lang=lang, message=message)
            ).decode("utf-8")
        else:
            send_at = await digest_time(uow, recipient=recipient or "", not_before=now, window=window)
        rows.append(
            new_delivery(
                now=now,
                kind="gap_closed",
                dedupe_key=f"gap:{data.gap_id}:closed:v{data.version}:{_recipient_key(channel, recipient)}",
                channel=channel,
                recipient=recipient,
                recipient_name=reader.name if reader is not None else None,
                language=reader.language if reader is not None else lang,
                message=message
                if reader is None or reader.language == lang
                else gap_message(view, lang=reader.language, closed=True, portal_url=ctx.settings.portal_url),
                body=body,
                delivery_id=delivery_id,
                gap_id=data.gap_id,
                enterprise_id=data.enterprise_id,
                not_before=send_at,
            )
        )
    return await uow.deliveries.add(rows) > 0


async def alert_open_gaps(uow: UnitOfWork, *, ctx: Context, enterprise_id: uuid.UUID, now: datetime) -> bool:
    """After an enterprise's managers became known (or changed, or a manager account of it did): alert them of its
    gaps still open; one already alerted is not again (each delivery's key is the gap and the address)."""
    created = 0
    for gap_id in await uow.gaps.open_gap_ids(enterprise_id, ending_after=now):
        created += await alert_gap(uow, ctx=ctx, gap_id=gap_id, now=now)
    return created > 0
