"""The Department's inspections told to an enterprise's managers (issue 15, part 5): a planned
inspection once, each move to another day and a cancellation once, a recorded finding once, each by
e-mail through the usual deliveries (retries, dead letters); a manager with a staff record in their own language,
by name. A **surprise** plan produces nothing until
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
from ..domain.texts import Lang
from .addressees import managers
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


def _told(data: InspectionEvent, *, lang: Lang, department: str | None, link: str | None) -> tuple[str, Message] | None:
    """The delivery kind and the message of an inspection event, in `lang`, naming `department` (None: nothing to
    tell)."""
    s, by = data.inspection, department
    if isinstance(data, InspectionPlanned):
        return PLANNED, planned_message(s, lang=lang, department=by, link=link)
    if isinstance(data, InspectionRescheduled):
        previous, reason = data.previous_planned_on, data.reason
        moved = rescheduled_message(s, previous=previous, reason=reason, lang=lang, department=by, link=link)
        return MOVED, moved
    if isinstance(data, InspectionCancelled):
        return CANCELLED, cancelled_message(s, reason=data.reason, lang=lang, department=by, link=link)
    if isinstance(data, InspectionFindingRecorded):
        return FINDING, finding_message(s, lang=lang, department=by, link=link)
    return None


async def on_inspection(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """Tell the managers of a non-surprise inspection planned, moved or cancelled, and of any recorded finding:
    the enterprise's addresses and its manager accounts' sign-in addresses, each once, each in their own language
    and by name if their address is a staff member's (`handlers.addressees`), else in the default language; the
    Department named as its profile was last saved."""
    kinds = (InspectionPlanned, InspectionRescheduled, InspectionCancelled, InspectionFindingRecorded)
    if not isinstance(data, kinds):
        return False
    if not isinstance(data, InspectionFindingRecorded) and data.inspection.hidden_from_enterprise:
        return False  # a surprise: not a word to the enterprise before its finding
    link = links.manager_inspections(ctx.settings.portal_url)
    inspection = data.inspection
    enterprise = await uow.reference.enterprise(inspection.enterprise_id)
    known = await uow.reference.department()
    department = known.department if known is not None else None
    now = ctx.clock()
    rows: list[NewDelivery] = []
    for manager in await managers(uow, ctx=ctx, enterprise=enterprise, with_accounts=True):
        told = _told(data, lang=manager.language, department=department, link=link)
        assert told is not None
        kind, message = told
        rows.append(
            new_delivery(
                now=now,
                kind=kind,
                language=manager.language,
                message=message,
                enterprise_id=inspection.enterprise_id,
                dedupe_key=_key(inspection, kind, manager.email),
                channel="email",
                recipient=manager.email,
                recipient_name=manager.name,
                problem=recipient_problem("email", manager.email, "a manager"),
            )
        )
    return await uow.deliveries.add(rows) > 0
