"""The Department's inspections told to an enterprise's managers (issue 15, part 5): a planned
inspection once, each move to another day and a cancellation once, a recorded finding once, each by
e-mail through the usual deliveries (retries, dead letters). A **surprise** plan produces nothing until
its finding — not its plan, not its moves, not its cancellation (a surprise plan cancelled before its
finding stays unknown to the enterprise for good): then the finding is told like any other.

Exactly once: each delivery's dedupe key is the plan, the kind, the plan's version for a move or a
cancellation (a plan may move twice, each told once) and the recipient, so a redelivered or repeated
event adds nothing."""

from __future__ import annotations

import hashlib

from lichtruc.events import CloudEvent, EventData
from lichtruc.events_inspections import (
    InspectionCancelled,
    InspectionEvent,
    InspectionFindingRecorded,
    InspectionPlanned,
    InspectionRescheduled,
    InspectionSnapshot,
)

from ..db.uow import UnitOfWork
from ..domain import links
from ..domain.deliveries import new_delivery, recipient_problem
from ..domain.inspections import cancelled_message, finding_message, planned_message, rescheduled_message
from ..domain.messages import Message
from ..domain.model import NewDelivery
from ..domain.texts import check_lang
from .context import Context

PLANNED = "inspection_plan"
FINDING = "inspection_found"
MOVED = "inspection_moved"
CANCELLED = "inspection_off"  # deliveries.kind holds 16 characters
PER_VERSION = (MOVED,)  # a plan moves any number of times; it is planned, found and cancelled once


def _key(inspection: InspectionSnapshot, kind: str, email: str) -> str:
    digest = hashlib.sha256(email.lower().encode()).hexdigest()[:24]
    change = f":v{inspection.version}" if kind in PER_VERSION else ""
    return f"inspection:{inspection.inspection_id}:{kind}{change}:email:{digest}"


async def _tell_managers(
    uow: UnitOfWork, *, ctx: Context, inspection: InspectionSnapshot, kind: str, message: Message, lang: str
) -> int:
    enterprise = await uow.reference.enterprise(inspection.enterprise_id)
    emails = enterprise.manager_emails if enterprise is not None else ()
    now = ctx.clock()
    rows: list[NewDelivery] = [
        new_delivery(
            now=now,
            kind=kind,
            language=lang,
            message=message,
            enterprise_id=inspection.enterprise_id,
            dedupe_key=_key(inspection, kind, email),
            channel="email",
            recipient=email,
            recipient_name=None,
            problem=recipient_problem("email", email, "a manager"),
        )
        for email in dict.fromkeys(e.strip() for e in emails if e.strip())
    ]
    return await uow.deliveries.add(rows)


async def on_inspection(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """Tell the managers of a non-surprise inspection planned, moved or cancelled, and of any recorded finding."""
    lang = check_lang(ctx.settings.gap_alert_language)
    if not isinstance(data, InspectionEvent):
        return False
    if not isinstance(data, InspectionFindingRecorded) and data.inspection.hidden_from_enterprise:
        return False  # a surprise: not a word to the enterprise before its finding
    link = links.manager_inspections(ctx.settings.portal_url)
    if isinstance(data, InspectionPlanned):
        message = planned_message(data.inspection, lang=lang, link=link)
        kind = PLANNED
    elif isinstance(data, InspectionRescheduled):
        message = rescheduled_message(
            data.inspection, previous=data.previous_planned_on, reason=data.reason, lang=lang, link=link
        )
        kind = MOVED
    elif isinstance(data, InspectionCancelled):
        message = cancelled_message(data.inspection, reason=data.reason, lang=lang, link=link)
        kind = CANCELLED
    elif isinstance(data, InspectionFindingRecorded):
        message = finding_message(data.inspection, lang=lang, link=link)
        kind = FINDING
    else:
        return False
    return await _tell_managers(uow, ctx=ctx, inspection=data.inspection, kind=kind, message=message, lang=lang) > 0
