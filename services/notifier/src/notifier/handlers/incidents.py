"""Incident alerts (see `domain.incidents` for who is told and when an incident is severe): on
`IncidentOpened`, deliveries for the leader(s) on duty (else the enterprise's managers) and, for a severe
incident, the Department's inspectors — through the same deliveries, channels and retries as every alert,
due at once. Each recipient once per incident (the delivery's dedupe key), whatever is redelivered.

On `IncidentUpdated` adding a responder (`responder_added`, the event naming them), the person added: which incident,
who added them, its page and what to do, on their channels and in their language, at once (a call to respond, not
held by quiet hours), once per person and incident (the key has no version: added, taken off and added again, they
were told already). The responders already there are not told again.

On `IncidentResolved`, those the opening's e-mail alert went to (not cancelled nor failed): that it is closed — when
service came back, how long it was out, the cause (`incident_closed_message`) — in the alert's language, at once, once
per recipient and incident (QZ26 #11b). The webhook is not told: its receiver reads every event's state from it.

On `IncidentResponderRemoved`, the responder taken off: told as a person taken off a shift is (`addressees.reach`:
their channels, language and quiet hours), once per removal (the incident's version is in the key); one who took
themselves off, that they left."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from lichtruc.events import CloudEvent, EventData
from lichtruc.events_incidents import (
    IncidentOpened,
    IncidentResolved,
    IncidentResponderRemoved,
    IncidentSnapshot,
    IncidentUpdated,
)

from ..db.uow import UnitOfWork
from ..domain.deliveries import new_delivery, recipient_digest, recipient_problem
from ..domain.incidents import (
    incident_closed_message,
    incident_message,
    incident_page,
    is_severe,
    responder_added_message,
    responder_notice_payload,
    responder_removed_message,
)
from ..domain.messages import Message, json_body
from ..domain.model import NewDelivery
from ..domain.shift_notices import notice_time
from ..domain.texts import Lang
from .addressees import Reach, default_language, language_of, managers, reach
from .context import Context

log = logging.getLogger(__name__)

KIND = "incident_opened"
CLOSED_KIND = "incident_closed"
REMOVED_KIND = "responder_off"
ADDED_KIND = "responder_on"


def _key(incident: IncidentSnapshot, channel: str, recipient: str) -> str:
    return f"incident:{incident.incident_id}:opened:{channel}:{recipient_digest(recipient)}"


async def _leaders(uow: UnitOfWork, incident: IncidentSnapshot) -> list[tuple[str | None, str | None, Lang, str]]:
    """(e-mail, name, language, who) of the leaders on duty at detection, or of the enterprise's managers."""
    found: list[tuple[str | None, str | None, Lang, str]] = []
    for staff_id in await uow.incidents.leaders_on_duty(incident.enterprise_id, incident.detected_at):
        person = await uow.reference.person(staff_id)
        name = person.full_name if person is not None else None
        email = person.email if person is not None else None
        lang = await language_of(uow, person) if person is not None else "vi"
        found.append((email, name, lang, f"the leader on duty {name or staff_id}"))
    return found


async def alert_incident(uow: UnitOfWork, *, ctx: Context, incident: IncidentSnapshot) -> int:
    """Create the alerts of a new incident; returns how many are new (0 when they exist already)."""
    now = ctx.clock()
    default_lang = default_language(ctx)
    recipients = await _leaders(uow, incident)
    if not recipients:  # each manager as the person their address is, if notifier knows them
        enterprise = await uow.reference.enterprise(incident.enterprise_id)
        recipients = [
            (m.email, m.name, m.language, "a manager of the enterprise")
            for m in await managers(uow, ctx=ctx, enterprise=enterprise)
        ]
        if not recipients:
            log.warning("incident %s: nobody on leadership duty and no manager address known", incident.incident_id)
    department = is_severe(incident)
    if department:
        recipients += [(e, None, default_lang, "the Department") for e in ctx.settings.department_emails]
    rows: list[NewDelivery] = []
    seen: set[str] = set()
    for email, name, lang, who in recipients:
        key = _key(incident, "email", email or f"nobody:{who}")
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            new_delivery(
                now=now,
                kind=KIND,
                dedupe_key=key,
                channel="email",
                recipient=email,
                recipient_name=name,
                language=lang,
                message=incident_message(
                    incident,
                    lang=lang,
                    department=who == "the Department",
                    link=incident_page(ctx.settings.portal_url, incident, inspector=who == "the Department"),
                ),
                enterprise_id=incident.enterprise_id,
                problem=recipient_problem("email", email, who),
            )
        )
    if ctx.settings.webhook_url:
        delivery_id = uuid.uuid4()
        message = incident_message(
            incident,
            lang=default_lang,
            department=department,
            link=incident_page(ctx.settings.portal_url, incident, inspector=False),
        )
        payload = {
            "type": "incident_opened",
            "delivery_id": str(delivery_id),
            "severe": department,
            "subject": message.subject,
            "text": message.text,
            "incident": incident.model_dump(mode="json"),
        }
        rows.append(
            new_delivery(
                now=now,
                kind=KIND,
                dedupe_key=f"incident:{incident.incident_id}:opened:webhook",
                channel="webhook",
                recipient=ctx.settings.webhook_url,
                recipient_name=None,
                language=default_lang,
                message=message,
                body=json_body(payload).decode("utf-8"),
                delivery_id=delivery_id,
                enterprise_id=incident.enterprise_id,
            )
        )
    return await uow.deliveries.add(rows)


async def on_incident_opened(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """`events.HANDLERS` entry: alert at once; True if deliveries are waiting to go out."""
    assert isinstance(data, IncidentOpened)
    return await alert_incident(uow, ctx=ctx, incident=data.incident) > 0


async def tell_incident_closed(uow: UnitOfWork, *, ctx: Context, incident: IncidentSnapshot) -> int:
    """Tell those the opening's alert went to that the incident is resolved; returns how many notices are new."""
    now = ctx.clock()
    rows: list[NewDelivery] = []
    department = {e.strip().lower() for e in ctx.settings.department_emails}
    for alerted in await uow.deliveries.incident_alerted(incident.incident_id):
        lang: Lang = "en" if alerted.language == "en" else "vi"
        inspector = alerted.recipient.strip().lower() in department
        digest = recipient_digest(alerted.recipient)
        rows.append(
            new_delivery(
                now=now,
                kind=CLOSED_KIND,
                dedupe_key=f"incident:{incident.incident_id}:closed:email:{digest}",
                channel="email",
                recipient=alerted.recipient,
                recipient_name=alerted.recipient_name,
                language=lang,
                message=incident_closed_message(
                    incident, lang=lang, link=incident_page(ctx.settings.portal_url, incident, inspector=inspector)
                ),
                enterprise_id=incident.enterprise_id,
            )
        )
    return await uow.deliveries.add(rows)


async def on_incident_resolved(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """`events.HANDLERS` entry: tell those alerted of the opening; True if deliveries are waiting to go out."""
    assert isinstance(data, IncidentResolved)
    return await tell_incident_closed(uow, ctx=ctx, incident=data.incident) > 0


async def tell_responder_removed(uow: UnitOfWork, *, ctx: Context, data: IncidentResponderRemoved) -> int:
    """Tell the responder taken off that they no longer respond to the incident, by whom and when; returns how many
    deliveries are new (0 when they exist already, or for someone no longer active)."""
    incident, gone, now = data.incident, data.responder, ctx.clock()
    told = await reach(uow, ctx=ctx, staff_id=gone.staff_id, names={gone.staff_id: gone.full_name})
    if told is None:
        return 0
    removal = next((r for r in reversed(incident.removed) if r.staff_id == gone.staff_id), None)
    message = responder_removed_message(
        incident,
        person_name=told.name,
        lang=told.lang,
        removed_at=removal.removed_at if removal is not None else now,
        by_name=removal.by_name if removal is not None else None,
        reason=data.reason,
        link=incident_page(ctx.settings.portal_url, incident, inspector=False),
        left=data.actor_staff_id is not None and data.actor_staff_id == gone.staff_id,  # ids, not names
    )
    send_at = notice_time(now, quiet=told.reminding.quiet, starts_at=None)
    rows = _responder_deliveries(
        incident,
        ctx=ctx,
        told=told,
        staff_id=gone.staff_id,
        kind=REMOVED_KIND,
        message=message,
        dedupe=f"incident:{incident.incident_id}:v{incident.version}:{REMOVED_KIND}:{gone.staff_id}",
        now=now,
        not_before=send_at,
    )
    return await uow.deliveries.add(rows)


async def on_responder_removed(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """`events.HANDLERS` entry: tell the responder taken off; True if deliveries are waiting to go out."""
    assert isinstance(data, IncidentResponderRemoved)
    return await tell_responder_removed(uow, ctx=ctx, data=data) > 0


async def tell_responder_added(uow: UnitOfWork, *, ctx: Context, data: IncidentUpdated) -> int:
    """Tell the person an `IncidentUpdated` added as a responder (`responder`) which incident, who added them, where
    to see it and what to do; returns how many deliveries are new (0 for another change, an event from before roster
    named the person, one already told, or someone no longer active)."""
    incident, added, now = data.incident, data.responder, ctx.clock()
    if data.change != "responder_added" or added is None or incident.status != "open":
        return 0
    told = await reach(uow, ctx=ctx, staff_id=added.staff_id, names={added.staff_id: added.full_name})
    if told is None:
        return 0
    message = responder_added_message(
        incident,
        person_name=told.name,
        lang=told.lang,
        added_at=added.added_at,
        by_name=data.actor_name,
        link=incident_page(ctx.settings.portal_url, incident, inspector=False),
        joined=data.actor_staff_id is not None and data.actor_staff_id == added.staff_id,  # ids, not names
    )
    rows = _responder_deliveries(
        incident,
        ctx=ctx,
        told=told,
        staff_id=added.staff_id,
        kind=ADDED_KIND,
        message=message,
        dedupe=f"incident:{incident.incident_id}:{ADDED_KIND}:{added.staff_id}",
        now=now,
        not_before=None,  # a call to respond goes at once, as the incident's alert does
    )
    return await uow.deliveries.add(rows)


async def on_incident_updated(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """`events.HANDLERS` entry: tell the person added as a responder; True if deliveries are waiting to go out."""
    assert isinstance(data, IncidentUpdated)
    return await tell_responder_added(uow, ctx=ctx, data=data) > 0


def _responder_deliveries(
    incident: IncidentSnapshot,
    *,
    ctx: Context,
    told: Reach,
    staff_id: uuid.UUID,
    kind: str,
    message: Message,
    dedupe: str,
    now: datetime,
    not_before: datetime | None,
) -> list[NewDelivery]:
    """One delivery of `message` per channel `told` chose, to a responder added or taken off (`kind`), each with its
    webhook payload; `dedupe` + the channel keeps a redelivered event from telling them twice."""
    rows: list[NewDelivery] = []
    for channel in told.channels:
        delivery_id = uuid.uuid4()
        recipient = told.recipient(channel, ctx)
        payload = responder_notice_payload(
            incident,
            kind=kind,
            delivery_id=delivery_id,
            staff_id=staff_id,
            person_name=told.name,
            lang=told.lang,
            message=message,
        )
        rows.append(
            new_delivery(
                now=now,
                kind=kind,
                dedupe_key=f"{dedupe}:{channel}",
                channel=channel,
                recipient=recipient,
                recipient_name=told.name or None,
                language=told.lang,
                message=message,
                body=None if channel == "email" else json_body(payload).decode("utf-8"),
                delivery_id=delivery_id,
                staff_id=staff_id,
                enterprise_id=incident.enterprise_id,
                problem=recipient_problem(
                    "email" if channel == "email" else "webhook", recipient, told.name or str(staff_id)
                ),
                not_before=not_before,
            )
        )
    return rows
