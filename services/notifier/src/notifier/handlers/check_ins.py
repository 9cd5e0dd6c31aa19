"""Missed check-ins told (`domain.check_ins`, whose docstring has the rules): planned in the consumer's unit of work
as each shift event is applied — one row per shift and person, staged with the batch's shifts (db/staged.py: no read
per event) — and turned into deliveries by the scheduler when due, like reminders (`handlers.reminders`).

Who is told, and on what: the person on the channels they chose on /me/reminders (none chosen: e-mail), in their
language, with their shift's link; the leaders on duty at that moment and the enterprise's managers by e-mail (the
managers as gap alerts find them, `handlers.addressees.managers`), each in their own language. Quiet hours hold none
of them (`domain.check_ins`: the person and the leader are on duty then, the alert is about that very moment). Sent
at once, not joined to a digest: the managers act on it tonight, person by person. ``NOTIFIER_CHECK_IN_ALERTS=false``
plans nothing and sends nothing planned."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from lichtruc import vntime
from lichtruc.events import (
    CloudEvent,
    EventData,
    LateArrivalExplained,
    PresenceConfirmed,
    ShiftCheckedIn,
    ShiftReassigned,
    ShiftSnapshot,
    ShiftSwapped,
    read_data,
)

from ..db.uow import UnitOfWork
from ..domain import links
from ..domain.check_ins import (
    GRACE,
    WATCHED,
    CheckInAlert,
    MissedView,
    Recipient,
    arrived_message,
    leaders_at,
    missed_message,
    plan_check_in_alerts,
    recipients,
    still_wanted,
)
from ..domain.deliveries import new_delivery, recipient_digest, recipient_problem
from ..domain.entries import entry_key
from ..domain.messages import Message, json_body
from ..domain.model import NewDelivery
from ..domain.on_duty import OnDuty
from ..domain.texts import Lang
from .addressees import default_language, language_of, managers, reach
from .context import Context

log = logging.getLogger(__name__)

MISSED = "check_in_missed"
LATE = "check_in_late"


def _arrived(data: EventData) -> tuple[uuid.UUID, datetime] | None:
    """The person the event says is there, and since when: a check-in, or a manager recording, while the shift is
    under way, the arrival of someone who cannot check in themselves (QZ29 #1: no account; the word said after the
    shift is a record for audit, no arrival to tell)."""
    if isinstance(data, ShiftCheckedIn):
        return data.staff_id, data.checked_in_at
    if isinstance(data, PresenceConfirmed) and data.confirmed_at < data.shift.ends_at:
        return data.staff_id, data.present_from
    return None


def _late_reason(data: EventData) -> tuple[uuid.UUID, str] | None:
    """The person the event says came late, and why: with the check-in, afterwards (LateArrivalExplained), or as the
    manager recording their arrival was told (QZ29 #13)."""
    if isinstance(data, ShiftCheckedIn | LateArrivalExplained | PresenceConfirmed) and data.late_reason:
        return data.staff_id, data.late_reason
    return None


def _newly_on(data: EventData) -> set[uuid.UUID]:
    """The people the event put on its shift (a reassignment's new people, a swap's taker)."""
    if isinstance(data, ShiftReassigned):
        return {a.staff_id for a in data.shift.assignees} - {a.staff_id for a in data.previous_assignees}
    if isinstance(data, ShiftSwapped):
        return {data.to_staff_id}
    return set()


async def plan_shift(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData, now: datetime) -> bool:
    """Make the shift's stored alerts match the shift event being applied; True if one is due already (an arrival to
    tell, or a person put on a shift whose grace has passed)."""
    if not ctx.settings.check_in_alerts:
        return False
    shift: ShiftSnapshot = data.shift  # type: ignore[attr-defined]
    existing = await uow.check_ins.of_shift_for_update(shift.shift_id)
    if not existing and shift.status not in WATCHED:
        return False  # a draft (most of a batch): nothing watched, nothing to withdraw
    changed = plan_check_in_alerts(
        shift,
        existing,
        known_at=event.time,
        now=now,
        checked_in=_arrived(data),
        newly_on=_newly_on(data),
        late_reason=_late_reason(data),
    )
    await uow.check_ins.put(changed)
    return any(r.status in ("scheduled", "late") and r.due_at <= now for r in changed)


# --- dispatch: due alerts become deliveries ------------------------------------------------------


def _key(kind: str, a: CheckInAlert, channel: str, recipient: str | None) -> str:
    return f"{kind}:{a.shift_id}:{a.staff_id}:{channel}:{recipient_digest(recipient)}"


async def _told(
    uow: UnitOfWork, *, ctx: Context, a: CheckInAlert, shift: ShiftSnapshot, on_duty: list[OnDuty]
) -> tuple[list[Recipient], list[OnDuty]]:
    """The leaders on duty at the alert's moment and the enterprise's managers (not the person), and the leaders."""
    leaders = leaders_at(on_duty, enterprise_id=shift.enterprise_id, at=a.late_from + GRACE, but=a.staff_id)
    found: list[tuple[uuid.UUID, str | None, str | None, Lang]] = []
    for leader in leaders:
        person = await uow.reference.person(leader.staff_id)
        lang = await language_of(uow, person) if person is not None else default_language(ctx)
        name = (person.full_name if person is not None else None) or leader.full_name
        found.append((leader.staff_id, name, person.email if person is not None else None, lang))
    enterprise = await uow.reference.enterprise(shift.enterprise_id)
    absent = await uow.reference.person(a.staff_id)
    told = recipients(
        person_id=a.staff_id,
        person_email=absent.email if absent is not None else None,
        leaders=found,
        managers=await managers(uow, ctx=ctx, enterprise=enterprise, with_accounts=True),
    )
    return told, leaders


async def _dispatch_one(
    uow: UnitOfWork, *, ctx: Context, a: CheckInAlert, now: datetime, on_duty: list[OnDuty]
) -> None:
    known = await uow.shifts.get(a.shift_id)
    shift = read_data(ShiftSnapshot, known.data) if known is not None else None
    if a.status == "scheduled" and (why := still_wanted(a, shift, now)) is not None:
        await uow.check_ins.set_status(a.shift_id, a.staff_id, status="skipped", reason=why, now=now)
        return
    if shift is None:
        await uow.check_ins.set_status(
            a.shift_id, a.staff_id, status="skipped", reason="the shift is not known", now=now
        )
        return
    names = {x.staff_id: x.full_name for x in shift.assignees}
    who = await reach(uow, ctx=ctx, staff_id=a.staff_id, names=names)
    if who is None:
        await uow.check_ins.set_status(
            a.shift_id, a.staff_id, status="skipped", reason="not sent: the person is no longer active", now=now
        )
        return
    named = await uow.shifts.named_entry(entry_key(a.shift_id, a.staff_id))
    told, leaders = await _told(uow, ctx=ctx, a=a, shift=shift, on_duty=on_duty)
    leader = leaders[0] if leaders else None
    view = MissedView(
        person_name=who.name or names.get(a.staff_id, ""),
        person_phone=who.person.phone if who.person is not None else None,
        duty_type=shift.duty_type,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        enterprise_name=named.enterprise_name if named is not None else None,
        site_name=named.site_name if named is not None else None,
        drill=named.drill if named is not None else False,
        leader_name=leader.full_name if leader is not None else None,
        leader_phone=leader.phone if leader is not None else None,
        manager_phone=named.manager_phone if named is not None else None,
        late_from=a.late_from,
    )
    portal = ctx.settings.portal_url
    board = links.gap_cell(
        portal,
        campaign_id=shift.campaign_id,
        enterprise_id=shift.enterprise_id,
        day=vntime.local_day(shift.starts_at),
        duty_type=shift.duty_type,
        site_id=shift.site_id,
    )
    rows: list[NewDelivery] = []
    enterprise_id = shift.enterprise_id
    if a.status == "late":  # the person came after the alert: those told are told so
        for to in told:
            message = arrived_message(
                view,
                checked_in_at=a.checked_in_at or now,
                lang=to.language,
                reader=to.name,
                link=board,
                late_reason=a.late_reason,
            )
            rows.append(_email(LATE, a, to, message, now=now, enterprise_id=enterprise_id))
        await uow.deliveries.add(rows)
        await uow.check_ins.set_status(a.shift_id, a.staff_id, status="arrived", reason=None, now=now)
        return
    mine = missed_message(view, lang=who.lang, to_person=True, reader=who.name, link=links.my_shift(portal, a.shift_id))
    for channel in who.channels:
        recipient = who.recipient(channel, ctx)
        delivery_id = uuid.uuid4()
        body = None
        if channel != "email":
            payload = {
                "type": MISSED,
                "delivery_id": str(delivery_id),
                "shift_id": str(a.shift_id),
                "staff_id": str(a.staff_id),
                "person": view.person_name,
                "due_at": a.due_at.isoformat(),
                "subject": mine.subject,
                "text": mine.text,
            }
            body = json_body(payload).decode("utf-8")
        rows.append(
            new_delivery(
                now=now,
                kind=MISSED,
                dedupe_key=_key(MISSED, a, channel, "person"),
                channel=channel,
                recipient=recipient,
                recipient_name=who.name,
                language=who.lang,
                message=mine,
                body=body,
                delivery_id=delivery_id,
                staff_id=a.staff_id,
                shift_id=a.shift_id,
                enterprise_id=enterprise_id,
                problem=recipient_problem(
                    "email" if channel == "email" else "webhook", recipient, who.name or "the person"
                ),
            )
        )
    for to in told:
        message = missed_message(view, lang=to.language, to_person=False, reader=to.name, link=board)
        rows.append(_email(MISSED, a, to, message, now=now, enterprise_id=enterprise_id))
    await uow.deliveries.add(rows)
    await uow.check_ins.set_status(a.shift_id, a.staff_id, status="dispatched", reason=None, now=now)


def _email(
    kind: str, a: CheckInAlert, to: Recipient, message: Message, *, now: datetime, enterprise_id: uuid.UUID
) -> NewDelivery:
    who = "the leader on duty" if to.role == "leader" else "a manager of the enterprise"
    return new_delivery(
        now=now,
        kind=kind,
        dedupe_key=_key(kind, a, "email", to.email or f"nobody:{to.role}:{to.staff_id}"),
        channel="email",
        recipient=to.email,
        recipient_name=to.name,
        language=to.language,
        message=message,
        staff_id=to.staff_id,
        problem=recipient_problem("email", to.email, to.name or who),
        shift_id=a.shift_id,
        enterprise_id=enterprise_id,
    )


async def dispatch_due_check_ins(ctx: Context, now: datetime) -> int:
    """Turn the due alerts (missed check-ins, and late arrivals after one) into deliveries, once each: locked (SKIP
    LOCKED: replicas share the work), their status changed in the unit of work that creates the deliveries. Who is on
    duty during their shifts is read once for the round."""
    if not ctx.settings.check_in_alerts:
        return 0
    async with ctx.uow() as uow:
        due = await uow.check_ins.lock_due(now, limit=ctx.settings.scheduler_batch_size)
        on_duty = await uow.shifts.on_duty_during({a.shift_id for a in due}) if due else []
        for a in due:
            try:
                async with uow.savepoint():  # one bad alert must not block the others
                    await _dispatch_one(uow, ctx=ctx, a=a, now=now, on_duty=on_duty)
            except Exception as exc:
                log.exception("check-in alert of shift %s, person %s could not be prepared", a.shift_id, a.staff_id)
                await uow.check_ins.set_status(
                    a.shift_id, a.staff_id, status="skipped", reason=f"could not be prepared: {exc!r}"[:500], now=now
                )
    return len(due)
