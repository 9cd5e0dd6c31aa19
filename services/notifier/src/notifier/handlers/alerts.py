"""Coverage-gap alerts: audit says a gap opened → the enterprise's managers are told, once
per gap and manager, through the same deliveries as reminders; a short notice when it closes.
Only gaps in force or imminent are alerted, never planning gaps (see `alert_time`).

Digest: an e-mail alert or notice is sent `NOTIFIER_ALERT_DIGEST_SECONDS` after it is due, and
joins a recipient's alerts already waiting within that window (`digest_time`); the sender then
puts all of that recipient's due alerts and notices into one message (deliveries.py). A closing
cancels the gap's alert not sent yet, and no notice follows: nothing is left to tell.

A gap of an enterprise notifier does not know yet (its EnterpriseRegistered has not
arrived) is kept; the managers are alerted when it arrives, if the gap is still open.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.events import CoverageGapClosed, CoverageGapOpened

from ..db.tables import deliveries, enterprises, gaps, sites
from ..domain.messages import GapView, gap_message, gap_payload, json_body
from .context import Context
from .deliveries import GAP_KINDS, add_deliveries, new_delivery, recipient_problem


def _recipient_key(channel: str, recipient: str | None) -> str:
    return f"{channel}:{hashlib.sha256((recipient or '').lower().encode()).hexdigest()[:24]}"


async def _gap_view(session: AsyncSession, gap) -> GapView:
    enterprise = (
        await session.execute(select(enterprises.c.name).where(enterprises.c.enterprise_id == gap.enterprise_id))
    ).scalar_one_or_none()
    site = None
    if gap.site_id is not None:
        site = (await session.execute(select(sites.c.name).where(sites.c.site_id == gap.site_id))).scalar_one_or_none()
    return GapView(
        gap_id=gap.gap_id,
        enterprise_id=gap.enterprise_id,
        enterprise_name=enterprise,
        site_name=site,
        duty_type=gap.duty_type,
        starts_at=gap.starts_at,
        ends_at=gap.ends_at,
        required=gap.required,
        actual=gap.actual,
        peak=gap.peak,
        missing_qualification=gap.missing_qualification,
    )


async def _upsert_gap(session: AsyncSession, values: dict) -> None:
    stmt = insert(gaps).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["gap_id"],
        set_={k: stmt.excluded[k] for k in values if k != "gap_id"},
        where=gaps.c.version < stmt.excluded.version,
    )
    await session.execute(stmt)


async def _current(session: AsyncSession, gap_id: uuid.UUID):
    return (await session.execute(select(gaps).where(gaps.c.gap_id == gap_id).with_for_update())).first()


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
    session: AsyncSession, *, recipient: str, not_before: datetime, window: timedelta, exclude: uuid.UUID | None = None
) -> datetime:
    """When an e-mail alert or notice due at `not_before` goes out: with the recipient's alerts already
    waiting to go out within `window` after it (the earliest of them), or else `window` after it, so
    that the ones following within the window join it."""
    if window <= timedelta(0):
        return not_before
    query = select(func.min(deliveries.c.next_attempt_at)).where(
        deliveries.c.recipient == recipient,
        deliveries.c.channel == "email",
        deliveries.c.kind.in_(GAP_KINDS),
        deliveries.c.status == "pending",
        deliveries.c.attempts == 0,
        deliveries.c.next_attempt_at >= not_before,
        deliveries.c.next_attempt_at <= not_before + window,
    )
    if exclude is not None:
        query = query.where(deliveries.c.id != exclude)
    joined = (await session.execute(query)).scalar_one_or_none()
    return joined if joined is not None else not_before + window


async def alert_gap(session: AsyncSession, *, ctx: Context, gap_id: uuid.UUID, now: datetime) -> int:
    """Create the "gap opened" deliveries of an open gap for every manager known now; returns how many are new."""
    gap = (await session.execute(select(gaps).where(gaps.c.gap_id == gap_id))).first()
    if gap is None or gap.status != "open" or gap.ends_at <= now or not ctx.settings.gap_alerts_enabled:
        return 0
    emails = (
        await session.execute(
            select(enterprises.c.manager_emails).where(enterprises.c.enterprise_id == gap.enterprise_id)
        )
    ).scalar_one_or_none() or []
    view = await _gap_view(session, gap)
    lang = ctx.settings.gap_alert_language
    message = gap_message(view, lang=lang)
    rows = []
    not_before = alert_time(
        starts_at=gap.starts_at,
        in_force_from=gap.in_force_from,
        now=now,
        hold=timedelta(seconds=ctx.settings.gap_alert_hold_seconds),
    )
    window = timedelta(seconds=ctx.settings.alert_digest_seconds)
    # A later version may move the moment (the campaign's deadline changed): a pending alert follows.
    # An e-mail alert keeps its time while that still fits (a gap changing often is not put off forever).
    pending = (
        await session.execute(
            select(deliveries.c.id, deliveries.c.channel, deliveries.c.recipient, deliveries.c.next_attempt_at).where(
                deliveries.c.gap_id == gap.gap_id,
                deliveries.c.kind == "gap_opened",
                deliveries.c.status == "pending",
                deliveries.c.attempts == 0,
            )
        )
    ).all()
    for delivery_id, channel, recipient, current in pending:
        if channel != "email":
            at = not_before
        elif current <= not_before + window and (current >= not_before or not_before <= now):
            continue
        else:
            at = await digest_time(
                session, recipient=recipient, not_before=not_before, window=window, exclude=delivery_id
            )
        await session.execute(
            update(deliveries).where(deliveries.c.id == delivery_id).values(next_attempt_at=at, updated_at=now)
        )
    common = dict(
        ctx=ctx,
        now=now,
        kind="gap_opened",
        language=lang,
        message=message,
        gap_id=gap.gap_id,
        enterprise_id=gap.enterprise_id,
    )
    for email in dict.fromkeys(e.strip() for e in emails if e.strip()):
        rows.append(
            new_delivery(
                **common,
                dedupe_key=f"gap:{gap.gap_id}:opened:{_recipient_key('email', email)}",
                channel="email",
                recipient=email,
                recipient_name=None,
                problem=recipient_problem("email", email, "a manager"),
                not_before=await digest_time(session, recipient=email, not_before=not_before, window=window),
            )
        )
    if ctx.settings.webhook_url:
        delivery_id = uuid.uuid4()
        body = json_body(gap_payload(view, delivery_id=delivery_id, closed=False, lang=lang, message=message))
        rows.append(
            new_delivery(
                **common,
                dedupe_key=f"gap:{gap.gap_id}:opened:webhook",
                channel="webhook",
                recipient=ctx.settings.webhook_url,
                recipient_name=None,
                delivery_id=delivery_id,
                body=body.decode("utf-8"),
                not_before=not_before,
            )
        )
    return await add_deliveries(session, rows)


async def apply_gap_opened(
    session: AsyncSession, *, ctx: Context, data: CoverageGapOpened, changed_at: datetime, now: datetime
) -> bool:
    """Record the gap and alert the managers; True if deliveries are waiting to go out."""
    old = await _current(session, data.gap_id)
    if old is not None and old.version >= data.version:
        return False
    await _upsert_gap(
        session,
        {
            "gap_id": data.gap_id,
            "enterprise_id": data.enterprise_id,
            "site_id": data.site_id,
            "duty_type": data.duty_type,
            "starts_at": data.starts_at,
            "ends_at": data.ends_at,
            "required": data.required,
            "actual": data.actual,
            "peak": data.peak,
            "missing_qualification": data.missing_qualification,
            "status": "open",
            "version": data.version,
            "changed_at": changed_at,
            "in_force_from": data.in_force_from,
        },
    )
    return await alert_gap(session, ctx=ctx, gap_id=data.gap_id, now=now) > 0


async def apply_gap_closed(
    session: AsyncSession, *, ctx: Context, data: CoverageGapClosed, changed_at: datetime, now: datetime
) -> bool:
    """Close the gap: an alert not sent yet is cancelled; whoever got the alert gets a short notice."""
    old = await _current(session, data.gap_id)
    if old is not None and old.version >= data.version:
        return False
    await _upsert_gap(
        session,
        {
            "gap_id": data.gap_id,
            "enterprise_id": data.enterprise_id,
            "site_id": data.site_id,
            "duty_type": data.duty_type,
            "starts_at": data.starts_at,
            "ends_at": data.ends_at,
            "required": old.required if old is not None else None,
            "actual": old.actual if old is not None else None,
            "peak": old.peak if old is not None else False,
            "missing_qualification": old.missing_qualification if old is not None else False,
            "status": "closed",
            "version": data.version,
            "changed_at": changed_at,
            "in_force_from": old.in_force_from if old is not None else None,
        },
    )
    await session.execute(
        update(deliveries)
        .where(deliveries.c.gap_id == data.gap_id, deliveries.c.kind == "gap_opened", deliveries.c.status == "pending")
        .values(status="cancelled", last_error="the gap was closed before the alert went out", updated_at=now)
    )
    if not ctx.settings.gap_closed_notice:
        return False
    alerted = (
        await session.execute(
            select(deliveries.c.channel, deliveries.c.recipient).where(
                deliveries.c.gap_id == data.gap_id,
                deliveries.c.kind == "gap_opened",
                deliveries.c.status.in_(["sent", "sending"]),
            )
        )
    ).all()
    if not alerted:
        return False
    gap = (await session.execute(select(gaps).where(gaps.c.gap_id == data.gap_id))).first()
    view = await _gap_view(session, gap)
    lang = ctx.settings.gap_alert_language
    message = gap_message(view, lang=lang, closed=True)
    rows = []
    window = timedelta(seconds=ctx.settings.alert_digest_seconds)
    for channel, recipient in alerted:
        delivery_id = uuid.uuid4()
        body = None
        send_at = now
        if channel == "webhook":
            body = json_body(
                gap_payload(view, delivery_id=delivery_id, closed=True, lang=lang, message=message)
            ).decode("utf-8")
        else:
            send_at = await digest_time(session, recipient=recipient, not_before=now, window=window)
        rows.append(
            new_delivery(
                ctx=ctx,
                now=now,
                kind="gap_closed",
                dedupe_key=f"gap:{data.gap_id}:closed:{_recipient_key(channel, recipient)}",
                channel=channel,
                recipient=recipient,
                recipient_name=None,
                language=lang,
                message=message,
                body=body,
                delivery_id=delivery_id,
                gap_id=data.gap_id,
                enterprise_id=data.enterprise_id,
                not_before=send_at,
            )
        )
    return await add_deliveries(session, rows) > 0


async def alert_open_gaps(session: AsyncSession, *, ctx: Context, enterprise_id: uuid.UUID, now: datetime) -> bool:
    """After an enterprise's managers became known (or changed): alert them of its gaps still open."""
    open_gaps = (
        (
            await session.execute(
                select(gaps.c.gap_id).where(
                    gaps.c.enterprise_id == enterprise_id, gaps.c.status == "open", gaps.c.ends_at > now
                )
            )
        )
        .scalars()
        .all()
    )
    created = 0
    for gap_id in open_gaps:
        created += await alert_gap(session, ctx=ctx, gap_id=gap_id, now=now)
    return created > 0
