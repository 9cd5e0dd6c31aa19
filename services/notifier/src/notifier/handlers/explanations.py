"""Explanations (giải trình) told by e-mail (`domain.explanations`, QZ28 #3), through the usual deliveries (retries,
dead letters), at once:

* a version given or amended (audit's `ExplanationGiven`) → each active inspector account's sign-in address (roster's
  account events): the province's inspectors, who answer it;
* an answer (audit's `ExplanationReviewed`) → the enterprise's managers: its addresses and its active manager accounts'
  sign-in addresses, each once, as inspections and gap alerts tell them (`handlers.addressees.managers`).

Each reader as `handlers.addressees` says: an address that is a staff member's in their own language and by name,
any other in the default language. An enterprise notifier does not know yet has no managers to tell: the answer is
not told (its record stays in audit's log and on the manager's page).

Exactly once: each delivery's dedupe key is the explanation, what is told, the version and the recipient, so a
redelivered or replayed record adds nothing (the inbox skips it first)."""

from __future__ import annotations

import uuid

from lichtruc.events import CloudEvent, EventData
from lichtruc.events_explanations import ExplanationEvent, ExplanationGiven, ExplanationReviewed

from ..db.uow import UnitOfWork
from ..domain import links
from ..domain.addressees import Addressee
from ..domain.deliveries import new_delivery, recipient_digest, recipient_problem
from ..domain.explanations import answered_message, given_message
from ..domain.messages import Message
from .addressees import addressed, managers
from .context import Context

GIVEN = "explained"  # to the inspectors
ANSWERED = "explain_answered"  # to the managers (deliveries.kind holds 16 characters)


def _key(data: ExplanationEvent, kind: str, version: int, email: str) -> str:
    return f"explanation:{data.explanation_id}:{kind}:v{version}:email:{recipient_digest(email)}"


def _enterprise_id(event: CloudEvent, data: ExplanationEvent) -> uuid.UUID | None:
    """The item's enterprise: the record's, else its key (a record written before audit named it)."""
    if data.enterprise_id is not None:
        return data.enterprise_id
    try:
        return uuid.UUID(event.partitionkey)
    except ValueError:
        return None


async def on_explanation(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """Tell the inspectors of a version given, the enterprise's managers of an answer; True if a mail was added."""
    if not isinstance(data, ExplanationGiven | ExplanationReviewed):
        return False
    portal, enterprise_id = ctx.settings.portal_url, _enterprise_id(event, data)
    enterprise = await uow.reference.enterprise(enterprise_id) if enterprise_id is not None else None
    if data.enterprise_name is None and enterprise is not None:  # a record audit wrote before it named the item
        data = data.model_copy(update={"enterprise_name": enterprise.name})
    told: list[tuple[Addressee, Message]] = []
    if isinstance(data, ExplanationGiven):
        kind, version, who = GIVEN, data.explanation.version, "an inspector"
        link = links.inspect_item(portal, data.item_kind, data.item_id)
        emails = await uow.reference.inspector_logins()
        for to in await addressed(uow, ctx=ctx, emails=emails, enterprise_id=None):
            told.append((to, given_message(data, lang=to.language, name=to.name, link=link)))
    else:
        kind, version, who = ANSWERED, data.review.version, "a manager"
        link = links.manager_explanation(portal, data.item_kind, data.item_id)
        for to in await managers(uow, ctx=ctx, enterprise=enterprise, with_accounts=True):
            told.append((to, answered_message(data, lang=to.language, name=to.name, link=link)))
    now = ctx.clock()
    rows = [
        new_delivery(
            now=now,
            kind=kind,
            language=to.language,
            message=message,
            enterprise_id=enterprise_id,
            dedupe_key=_key(data, kind, version, to.email),
            channel="email",
            recipient=to.email,
            recipient_name=to.name,
            problem=recipient_problem("email", to.email, who),
        )
        for to, message in told
    ]
    return bool(rows) and await uow.deliveries.add(rows) > 0
