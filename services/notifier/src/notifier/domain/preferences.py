"""A person's preferences as they apply: defaults filled in, and the reminder settings they give."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from .model import Person, Preferences
from .reminders import QuietHours, ReminderPrefs


@dataclass(frozen=True)
class PreferencesView:
    """The preferences as they apply (defaults filled in) and what notifier knows of the person."""

    staff_id: uuid.UUID
    known_person: bool
    full_name: str | None
    email: str | None
    language: str
    language_set: str | None
    channels: tuple[str, ...]
    reminder_offsets_minutes: tuple[int, ...]
    uses_default_offsets: bool
    default_offsets_minutes: tuple[int, ...]  # the service's, whoever's these are: a page names what "default" is
    quiet_hours: tuple[time, time] | None
    webhook_url: str | None
    has_webhook_secret: bool
    updated_at: datetime | None


def preferences_view(
    staff_id: uuid.UUID, pref: Preferences | None, person: Person | None, *, default_offsets: tuple[int, ...]
) -> PreferencesView:
    return PreferencesView(
        staff_id=staff_id,
        known_person=person is not None,
        full_name=person.full_name if person is not None else None,
        email=person.email if person is not None else None,
        language=(pref.language if pref is not None and pref.language else None)
        or (person.language if person is not None else "vi"),
        language_set=pref.language if pref is not None else None,
        channels=pref.channels if pref is not None else ("email",),
        reminder_offsets_minutes=pref.reminder_offsets_minutes
        if pref is not None and pref.reminder_offsets_minutes is not None
        else default_offsets,
        uses_default_offsets=pref is None or pref.reminder_offsets_minutes is None,
        default_offsets_minutes=default_offsets,
        quiet_hours=(pref.quiet_start, pref.quiet_end)
        if pref is not None and pref.quiet_start is not None and pref.quiet_end is not None
        else None,
        webhook_url=pref.webhook_url if pref is not None else None,
        has_webhook_secret=bool(pref is not None and pref.webhook_secret),
        updated_at=pref.updated_at if pref is not None else None,
    )


def reminder_prefs(pref: Preferences | None, default: ReminderPrefs) -> ReminderPrefs:
    """A person's reminder settings from their preferences (None: the defaults)."""
    if pref is None:
        return default
    quiet = (
        QuietHours(pref.quiet_start, pref.quiet_end)
        if pref.quiet_start is not None and pref.quiet_end is not None
        else None
    )
    offsets = pref.reminder_offsets_minutes if pref.reminder_offsets_minutes is not None else default.offsets
    return ReminderPrefs(offsets=offsets, quiet=quiet)


def chosen_language(pref: Preferences | None, person: Person | None) -> str:
    """The language a person reads notifier's messages in: their own choice here, else roster's, else Vietnamese."""
    return (pref.language if pref is not None and pref.language else None) or (
        person.language if person is not None else "vi"
    )
