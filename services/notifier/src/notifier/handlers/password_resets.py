"""A request for a new password (roster's `PasswordResetRequested`, QZ29 #15) told by e-mail at once, through the
usual deliveries (retries, dead letters), to each active administrator account's sign-in address (roster's account
events): the Department's administrators, who set passwords. Each reader as `handlers.addressees` says: an address
that is a staff member's in their own language and by name, any other in the default language.

Exactly once per request and administrator: the dedupe key is the event and the recipient, so a redelivered or
replayed event adds nothing (the inbox skips it first); the same person asking again later is a new request and is
told again (roster lets one through per login every few minutes)."""

from __future__ import annotations

from lichtruc.events import CloudEvent, EventData
from lichtruc.events_accounts import PasswordResetRequested

from ..db.uow import UnitOfWork
from ..domain import links
from ..domain.deliveries import new_delivery, recipient_digest, recipient_problem
from ..domain.password_resets import reset_requested_message
from .addressees import addressed
from .context import Context

KIND = "password_reset"  # deliveries.kind holds 16 characters


async def on_password_reset(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """Mail the Department's active administrators who asked, when, and the account's page; True if a mail was
    added."""
    assert isinstance(data, PasswordResetRequested)
    enterprises = [e for e in [await uow.reference.enterprise(i) for i in data.enterprise_ids] if e is not None]
    person = await uow.reference.person(data.staff_id) if data.staff_id is not None else None
    link = links.admin_account(ctx.settings.portal_url, data.account_id)
    emails = await uow.reference.admin_logins()
    now = ctx.clock()
    rows = [
        new_delivery(
            now=now,
            kind=KIND,
            language=to.language,
            message=reset_requested_message(
                data,
                lang=to.language,
                enterprises=[e.name for e in enterprises],
                phone=person.phone if person is not None else None,
                name=to.name,
                link=link,
            ),
            enterprise_id=None,
            dedupe_key=f"password_reset:{event.id}:email:{recipient_digest(to.email)}",
            channel="email",
            recipient=to.email,
            recipient_name=to.name,
            problem=recipient_problem("email", to.email, "an administrator"),
        )
        for to in await addressed(uow, ctx=ctx, emails=emails, enterprise_id=None)
    ]
    return bool(rows) and await uow.deliveries.add(rows) > 0
