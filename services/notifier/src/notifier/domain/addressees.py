"""Who a mail to a manager's address is for. An enterprise's managers are addresses on the enterprise
(roster's ``manager_emails``); a manager with a staff record has the same address there, and reads notifier's
mails as that person does: in their own language (`preferences.chosen_language`), addressed with their name.
An address no staff record has (the enterprise's duty mailbox, the Department's) gets the service's default
language and no name. Pure."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Person, Preferences
from .preferences import chosen_language
from .texts import Lang, check_lang


@dataclass(frozen=True)
class Addressee:
    """An e-mail address as a mail goes to it: the name to put beside it (None: a bare mailbox) and the
    language to write in; `staff_id`, the person whose staff record has it (None: a bare mailbox)."""

    email: str
    name: str | None
    language: Lang
    staff_id: uuid.UUID | None = None


def address_key(email: str) -> str:
    """An address as compared: trimmed, in lower case (a manager typed "TamTV@…" on the enterprise); as
    PostgreSQL's ``lower(btrim(email))`` compares it."""
    return email.strip(" ").lower()


def addressees(
    emails: Iterable[str],
    people: Iterable[Person],
    prefs: Mapping[uuid.UUID, Preferences],
    *,
    enterprise_id: uuid.UUID | None,
    default: Lang,
) -> list[Addressee]:
    """The distinct non-blank `emails`, in order, each as the person whose staff record has it (of `people`;
    an active record first, then one of `enterprise_id`), or as a bare mailbox in `default`."""
    found: list[Addressee] = []
    seen: set[str] = set()
    for email in emails:
        key = address_key(email)
        if not key or key in seen:
            continue
        seen.add(key)
        holders = [p for p in people if p.email and address_key(p.email) == key]
        holders.sort(key=lambda p: (not p.active, p.enterprise_id != enterprise_id))
        if not holders:
            found.append(Addressee(email.strip(), None, default))
            continue
        person = holders[0]
        found.append(
            Addressee(
                email.strip(),
                person.full_name,
                check_lang(chosen_language(prefs.get(person.staff_id), person)),
                person.staff_id,
            )
        )
    return found
