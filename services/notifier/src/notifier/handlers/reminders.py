"""Reminders in the database: planned when a shift changes (in the consumer's transaction),
turned into deliveries when due (by the scheduler, on whichever replica locks them first)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc import vntime
from lichtruc.events import ShiftSnapshot

from ..db.tables import deliveries, feed_entries, preferences, reminders, shifts, staff
from ..domain.calendar import render_invitation
from ..domain.entries import entry_key
from ..domain.messages import json_body, reminder_message, reminder_payload, valid_address
from ..domain.reminders import Existing, QuietHours, ReminderPrefs, plan_reminders, superseded
from ..domain.texts import Lang
from .context import Context
from .deliveries import add_deliveries, new_delivery, recipient_problem
from .views import entries_with_names, to_feed_entry, to_shift_view

log = logging.getLogger(__name__)


def prefs_of(row, default: ReminderPrefs) -> ReminderPrefs:
    """A person's reminder settings from their preferences row (None: the defaults)."""
    if row is None:
        return default
    quiet = (
        QuietHours(row.quiet_start, row.quiet_end)
        if row.quiet_start is not None and row.quiet_end is not None
        else None
    )
    offsets = tuple(row.reminder_offsets_minutes) if row.reminder_offsets_minutes is not None else default.offsets
    return ReminderPrefs(offsets=offsets, quiet=quiet)


def default_prefs(ctx: Context) -> ReminderPrefs:
    return ReminderPrefs(offsets=tuple(ctx.settings.reminder_offsets_minutes))


async def load_prefs(session: AsyncSession, staff_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, object]:
    ids = list(set(staff_ids))
    if not ids:
        return {}
    rows = (await session.execute(select(preferences).where(preferences.c.staff_id.in_(ids)))).all()
    return {row.staff_id: row for row in rows}


_INSERT_REMINDER = insert(reminders).on_conflict_do_nothing(constraint="uq_reminders_slot")
_RESCHEDULE = (
    update(reminders)
    .where(reminders.c.id == bindparam("rid"))
    .values(
        status="scheduled",
        reason=None,
        shift_starts_at=bindparam("starts"),
        due_at=bindparam("due"),
        updated_at=bindparam("now"),
    )
)
_WITHDRAW = (
    update(reminders)
    .where(reminders.c.id == bindparam("rid"), reminders.c.status == "scheduled")
    .values(status="withdrawn", reason=bindparam("why"), updated_at=bindparam("now"))
)


async def replan_shift(
    session: AsyncSession, *, ctx: Context, shift: ShiftSnapshot, now: datetime, only: set[uuid.UUID] | None = None
) -> bool:
    """Make the stored reminders of ``shift`` match it (see domain/reminders.py for the rules), and
    cancel reminder deliveries still waiting to be retried that the change made wrong.
    Returns True if a reminder is due already (the scheduler need not wait for its next poll)."""
    query = select(reminders).where(reminders.c.shift_id == shift.shift_id)
    if only is not None:
        query = query.where(reminders.c.staff_id.in_(list(only)))
    # Lock them: a replica dispatching one of them right now finishes first, and we see its result.
    rows = (await session.execute(query.with_for_update())).all()
    existing = [Existing(r.id, r.staff_id, r.offset_minutes, r.shift_starts_at, r.due_at, r.status) for r in rows]
    pref_rows = await load_prefs(session, [a.staff_id for a in shift.assignees] + [r.staff_id for r in rows])
    default = default_prefs(ctx)
    prefs = {sid: prefs_of(row, default) for sid, row in pref_rows.items()}
    plan = plan_reminders(shift, existing, prefs=prefs, default=default, now=now, only=only)
    if plan.insert:
        await session.execute(
            _INSERT_REMINDER,
            [
                {
                    "id": uuid.uuid4(),
                    "shift_id": shift.shift_id,
                    "staff_id": p.staff_id,
                    "offset_minutes": p.offset_minutes,
                    "shift_starts_at": p.shift_starts_at,
                    "due_at": p.due_at,
                    "status": "scheduled",
                    "created_at": now,
                    "updated_at": now,
                }
                for p in plan.insert
            ],
        )
    if plan.update:
        await session.execute(
            _RESCHEDULE, [{"rid": u.id, "starts": u.shift_starts_at, "due": u.due_at, "now": now} for u in plan.update]
        )
    if plan.withdraw:
        await session.execute(_WITHDRAW, [{"rid": w.id, "why": w.reason, "now": now} for w in plan.withdraw])
    if not any(r.status == "dispatched" for r in rows):  # no deliveries exist for this shift yet
        return any(p.due_at <= now for p in plan.insert) or any(u.due_at <= now for u in plan.update)
    # Reminders already handed to a channel but waiting for a retry: wrong if the person is off the
    # shift, the shift is no longer published, or it now starts at another time.
    assignees = [a.staff_id for a in shift.assignees]
    stale = (
        or_(reminders.c.shift_starts_at != shift.starts_at, reminders.c.staff_id.notin_(assignees))
        if shift.status == "published" and assignees
        else reminders.c.id.isnot(None)
    )
    subject = select(reminders.c.id).where(reminders.c.shift_id == shift.shift_id, stale)
    if only is not None:
        subject = subject.where(reminders.c.staff_id.in_(list(only)))
    await session.execute(
        update(deliveries)
        .where(deliveries.c.reminder_id.in_(subject), deliveries.c.status == "pending")
        .values(status="cancelled", last_error="the shift changed before this reminder was delivered", updated_at=now)
    )
    return any(p.due_at <= now for p in plan.insert) or any(u.due_at <= now for u in plan.update)


# --- dispatch: due reminders become deliveries --------------------------------------------------


async def _set(session: AsyncSession, reminder_id: uuid.UUID, status: str, reason: str | None, now: datetime) -> None:
    values = {"status": status, "reason": reason, "updated_at": now}
    if status == "dispatched":
        values["dispatched_at"] = now
    await session.execute(update(reminders).where(reminders.c.id == reminder_id).values(**values))


def _assignee_name(shift_data: dict, staff_id: uuid.UUID) -> str | None:
    for a in shift_data.get("assignees", ()):
        if a.get("staff_id") == str(staff_id):
            return a.get("full_name")
    return None


async def _dispatch_one(session: AsyncSession, ctx: Context, r, now: datetime) -> None:
    row = (
        await session.execute(entries_with_names().where(feed_entries.c.entry_key == entry_key(r.shift_id, r.staff_id)))
    ).first()
    shift = (
        await session.execute(select(shifts.c.status, shifts.c.data).where(shifts.c.shift_id == r.shift_id))
    ).first()
    if (
        shift is None
        or shift.status != "published"
        or row is None
        or row.status != "confirmed"
        or row.starts_at != r.shift_starts_at
    ):
        await _set(session, r.id, "withdrawn", "the shift changed; this reminder is no longer current", now)
        return
    if row.starts_at <= now:
        await _set(
            session,
            r.id,
            "expired",
            f"not sent: the shift started at {vntime.clock(row.starts_at)} before the reminder went out",
            now,
        )
        return
    others = (
        await session.execute(
            select(reminders.c.due_at, reminders.c.status).where(
                reminders.c.shift_id == r.shift_id,
                reminders.c.staff_id == r.staff_id,
                reminders.c.shift_starts_at == r.shift_starts_at,
                reminders.c.id != r.id,
            )
        )
    ).all()
    if superseded(r.due_at, [(o.due_at, o.status) for o in others], now):
        await _set(
            session, r.id, "skipped", "a later reminder for the same shift is due as well; only that one is sent", now
        )
        return
    person = (await session.execute(select(staff).where(staff.c.staff_id == r.staff_id))).first()
    pref = (await session.execute(select(preferences).where(preferences.c.staff_id == r.staff_id))).first()
    if person is not None and not person.active:
        await _set(session, r.id, "skipped", "the person is no longer active in roster", now)
        return
    channels = list(pref.channels) if pref is not None else ["email"]
    if not channels:
        await _set(session, r.id, "skipped", "the person chose no reminder channel", now)
        return
    lang: Lang = (pref.language if pref is not None and pref.language else None) or (
        person.language if person is not None else "vi"
    )
    name = (person.full_name if person is not None else None) or _assignee_name(shift.data, r.staff_id) or ""
    view = to_shift_view(row)
    message = reminder_message(view, person_name=name, lang=lang)
    organizer = ctx.settings.smtp_from if valid_address(ctx.settings.smtp_from) else None
    rows = []
    for channel in channels:
        delivery_id = uuid.uuid4()
        common = dict(
            ctx=ctx,
            now=now,
            kind="reminder",
            dedupe_key=f"reminder:{r.id}:{channel}",
            channel=channel,
            recipient_name=name,
            language=lang,
            message=message,
            delivery_id=delivery_id,
            reminder_id=r.id,
            shift_id=r.shift_id,
            staff_id=r.staff_id,
            enterprise_id=row.enterprise_id,
        )
        if channel == "email":
            address = person.email if person is not None else None
            ics = render_invitation(to_feed_entry(row, lang), lang=lang, organizer_email=organizer)
            rows.append(
                new_delivery(
                    **common,
                    recipient=address,
                    attachment=ics.decode("utf-8"),
                    problem=recipient_problem("email", address, name or str(r.staff_id)),
                )
            )
        else:
            url = (pref.webhook_url if pref is not None else None) or ctx.settings.webhook_url
            payload = reminder_payload(
                view,
                delivery_id=delivery_id,
                reminder_id=r.id,
                staff_id=r.staff_id,
                person_name=name,
                offset_minutes=r.offset_minutes,
                lang=lang,
                message=message,
            )
            rows.append(
                new_delivery(
                    **common,
                    recipient=url,
                    body=json_body(payload).decode("utf-8"),
                    problem=recipient_problem("webhook", url, name or str(r.staff_id)),
                )
            )
    await add_deliveries(session, rows)
    await _set(session, r.id, "dispatched", None, now)


async def dispatch_due_reminders(ctx: Context, now: datetime) -> int:
    """Turn due reminders into deliveries, once each: the row is locked (SKIP LOCKED: replicas share
    the work) and its status changes in the same transaction that creates the deliveries."""
    async with ctx.sessions.begin() as session:
        due = (
            await session.execute(
                select(reminders)
                .where(reminders.c.status == "scheduled", reminders.c.due_at <= now)
                .order_by(reminders.c.due_at, reminders.c.id)
                .limit(ctx.settings.scheduler_batch_size)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for r in due:
            try:
                async with session.begin_nested():  # one bad reminder must not block the others
                    await _dispatch_one(session, ctx, r, now)
            except Exception as exc:
                log.exception("reminder %s could not be prepared", r.id)
                await _set(session, r.id, "skipped", f"could not be prepared: {exc!r}"[:500], now)
    return len(due)


async def replan_person(session: AsyncSession, *, ctx: Context, staff_id: uuid.UUID, now: datetime) -> bool:
    """After a person's preferences changed: re-plan their reminders of every shift not started yet.
    Returns True if one of them is due already."""
    shift_ids = (
        (
            await session.execute(
                select(feed_entries.c.shift_id).where(
                    feed_entries.c.staff_id == staff_id,
                    feed_entries.c.status == "confirmed",
                    feed_entries.c.starts_at > now,
                )
            )
        )
        .scalars()
        .all()
    )
    due_now = False
    for shift_id in shift_ids:
        data = (await session.execute(select(shifts.c.data).where(shifts.c.shift_id == shift_id))).scalar_one_or_none()
        if data is not None:
            shift = ShiftSnapshot.model_validate(data)
            due_now |= await replan_shift(session, ctx=ctx, shift=shift, now=now, only={staff_id})
    return due_now
