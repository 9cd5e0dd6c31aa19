"""Who reads a mail to an address or a staff member, as `domain.addressees` says: a manager's address on an
enterprise as the person whose staff record has it (their language, their name), a bare mailbox in the
default language (``NOTIFIER_GAP_ALERT_LANGUAGE``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..db.uow import UnitOfWork
from ..domain.addressees import Addressee, addressees
from ..domain.model import EnterpriseRecord, Person, Preferences
from ..domain.preferences import chosen_language, reminder_prefs
from ..domain.reminders import ReminderPrefs
from ..domain.texts import Lang, check_lang
from .context import Context


def default_language(ctx: Context) -> Lang:
    """The language of a mailbox notifier knows no person for (an enterprise's, the Department's) and of the
    webhook."""
    return check_lang(ctx.settings.gap_alert_language)


async def addressed(
    uow: UnitOfWork, *, ctx: Context, emails: Iterable[str], enterprise_id: uuid.UUID | None
) -> list[Addressee]:
    """`emails` (distinct, non-blank, in order) as the people who have them, or as bare mailboxes."""
    emails = list(emails)
    people = await uow.reference.people_with_emails(emails) if emails else []
    prefs = await uow.preferences.of(p.staff_id for p in people) if people else {}
    return addressees(emails, people, prefs, enterprise_id=enterprise_id, default=default_language(ctx))


async def managers(
    uow: UnitOfWork, *, ctx: Context, enterprise: EnterpriseRecord | None, with_accounts: bool = False
) -> list[Addressee]:
    """An enterprise's managers' addresses as their readers (none for an enterprise not known yet); `with_accounts`:
    also the sign-in addresses of its manager accounts, each address once (`addressees`)."""
    if enterprise is None:
        return []
    emails = list(enterprise.manager_emails)
    if with_accounts:
        emails += await uow.reference.manager_logins(enterprise.enterprise_id)
    return await addressed(uow, ctx=ctx, emails=emails, enterprise_id=enterprise.enterprise_id)


async def language_of(uow: UnitOfWork, person: Person) -> Lang:
    """The language a staff member reads notifier's mails in: their choice on /me/reminders, else roster's."""
    return check_lang(chosen_language(await uow.preferences.get(person.staff_id), person))


@dataclass(frozen=True)
class Reach:
    """How a staff member is told of something that concerns them (a notice of a shift, of an incident): on the
    channels they chose on /me/reminders (none chosen: e-mail), in their language, by name, with their quiet hours."""

    staff_id: uuid.UUID
    person: Person | None
    pref: Preferences | None
    channels: tuple[str, ...]
    lang: Lang
    name: str
    reminding: ReminderPrefs

    def recipient(self, channel: str, ctx: Context) -> str | None:
        """Where `channel` reaches them: their e-mail address, else their own webhook or the service's."""
        if channel == "email":
            return self.person.email if self.person is not None else None
        return (self.pref.webhook_url if self.pref is not None else None) or ctx.settings.webhook_url


async def reach(uow: UnitOfWork, *, ctx: Context, staff_id: uuid.UUID, names: Mapping[uuid.UUID, str]) -> Reach | None:
    """How to tell the staff member (`names`: their name as the event carries it, when roster's record is not
    known here); None for one no longer active, who is told nothing."""
    person = await uow.reference.person(staff_id)
    if person is not None and not person.active:
        return None
    pref = (await uow.preferences.of([staff_id])).get(staff_id)
    return Reach(
        staff_id=staff_id,
        person=person,
        pref=pref,
        channels=tuple(pref.channels) if pref is not None else ("email",),
        lang=check_lang(chosen_language(pref, person)),
        name=person.full_name if person is not None else names.get(staff_id, ""),
        reminding=reminder_prefs(pref, ReminderPrefs(offsets=tuple(ctx.settings.reminder_offsets_minutes))),
    )
