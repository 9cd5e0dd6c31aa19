"""Notifier's records as typed entities: what the repositories (db/) store and return, and what
the service layer (handlers/) works with. Plain frozen dataclasses: no framework, no database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, NamedTuple

from .entries import Entry

# --- feed subscriptions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedSubscription:
    """A calendar feed link (its token is never stored, only its SHA-256 digest and first characters)."""

    id: uuid.UUID
    kind: str  # person | enterprise | duty
    staff_id: uuid.UUID | None
    enterprise_id: uuid.UUID | None
    duty_type: str | None
    language: str | None
    label: str | None
    token_prefix: str
    created_at: datetime
    rotated_at: datetime | None = None
    revoked_at: datetime | None = None
    created_by: str | None = None
    revoked_by: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class FeedFilter:
    kind: str | None = None
    staff_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    duty_type: str | None = None
    revoked: bool | None = None


@dataclass(frozen=True)
class FeedSubject:
    """What a feed shows: one person's shifts (and that person's enterprise, if known), or an enterprise's."""

    kind: str
    staff_id: uuid.UUID | None
    enterprise_id: uuid.UUID | None  # of the feed (enterprise, duty) or of the person (person), if known


@dataclass(frozen=True)
class Owner:
    """The enterprise and the people a record belongs to (empty when not known); `draft`: a shift
    still in draft, which its people may not see yet (`lichtruc.scope.Visible.drafts`)."""

    enterprise_id: uuid.UUID | None
    staff_ids: frozenset[uuid.UUID] = frozenset()
    draft: bool = False
    enterprises: frozenset[uuid.UUID] = frozenset()
    """Of a record that concerns several enterprises (a readiness mail naming each): in the reach of whoever
    manages every one of them."""


# --- reference data and the shift read model ---------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A staff member as roster last said."""

    staff_id: uuid.UUID
    enterprise_id: uuid.UUID
    full_name: str
    email: str | None
    phone: str | None
    language: str
    active: bool
    version: int


@dataclass(frozen=True)
class EnterpriseRecord:
    enterprise_id: uuid.UUID
    name: str
    sector: str
    manager_phone: str | None
    manager_emails: tuple[str, ...]
    version: int
    obligations_from: date | None = None
    """The local day it owes daily reports and readiness items from (the Department's choice); None: everything."""


@dataclass(frozen=True)
class ManagerAccount:
    """A portal account (roster's account events) as notifier needs it: a manager's sign-in address is where the
    Department's inspections, coverage-gap alerts and deadline notices reach them beside the enterprise's own
    addresses (`manager_emails`); `staff_id`, the staff record it is linked to, says a duty worker can sign in to
    the portal, where a mail's link takes them (QZ25 #5)."""

    account_id: uuid.UUID
    login: str
    role: str
    enterprise_ids: tuple[uuid.UUID, ...]
    active: bool
    version: int
    staff_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DepartmentName:
    """The Department's name as its profile last saved it (roster's `DepartmentProfileChanged`): the body that
    plans inspections, named in their mails."""

    department: str
    version: int


@dataclass(frozen=True)
class SiteRecord:
    site_id: uuid.UUID
    enterprise_id: uuid.UUID
    name: str
    kind: str
    district: str | None
    border_area: bool
    version: int


@dataclass(frozen=True)
class KnownShift:
    """The latest snapshot of a shift notifier has applied."""

    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    version: int
    status: str
    data: dict[str, Any]
    last_event_id: uuid.UUID
    changed_at: datetime


class FeedRow(NamedTuple):
    """One entry as a calendar feed shows it: the columns the feed needs and nothing more, in
    the order the feed query selects them (a row becomes one without per-field work). The ids
    come as text: the feed writes them as text."""

    shift_id: str
    staff_id: str | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    status: str
    people: Sequence[str]
    notes: str | None
    sequence: int
    changed_at: datetime
    cancel_reason: str | None
    handed_to: Sequence[str]
    enterprise_name: str | None
    manager_phone: str | None
    site_name: str | None
    drill: bool = False
    """The entry's campaign is a drill (False while its campaign is unknown here)."""
    handover: str | None = None
    """The shift's side of a handover it took part in (`domain.entries.Entry.handover`), with the other's people,
    the moment and the reason."""
    handover_people: Sequence[str] = ()
    handover_at: datetime | None = None
    handover_reason: str | None = None
    enterprise_id: uuid.UUID | None = None
    """The shift's enterprise: a person's feed finds the duty leaders of it on duty during the shift."""


@dataclass(frozen=True)
class FeedVersion:
    """What a feed's content is a function of, besides its subscription: the revisions of its
    scope and of reference data (bumped in the transactions that change them), the latest
    retention end already passed among its cancelled entries (which of them are still shown) and, of a
    person's feed, the latest end already passed among their shifts still on (which of them are over: those
    carry no alarm)."""

    scope: int
    reference: int
    expired_through: datetime | None
    ended_through: datetime | None = None
    on_duty: int = 0
    """Of a person's feed: the revisions of the on-duty scopes of the enterprises of their shifts still on, summed
    (`entries.on_duty_scope`): who else is on duty during each shift ("Cùng trực"), the duty leader with their phone;
    of an enterprise's or a duty type's feed, its enterprise's on-duty scope (who leads during each shift)."""


@dataclass(frozen=True)
class FeedServing:
    """What serving a feed by its token reads, in one round trip: the active subscription with
    that token digest and the digest as stored, the feed's version, and what its title and
    language come from — the enterprise's name, the person's name and language (None: not known
    yet) and the language the person chose here (None: none chosen) — and the reminder offsets the
    person chose, which their feed's alarms follow."""

    feed: FeedSubscription
    token_sha256: bytes
    version: FeedVersion
    enterprise_name: str | None = None
    person_name: str | None = None
    person_language: str | None = None
    preferred_language: str | None = None
    preferred_offsets: tuple[int, ...] | None = None  # the person's reminder offsets (None: the service's)


@dataclass(frozen=True)
class NamedEntry:
    """A feed entry with the reference data it shows (None where not known yet); `drill`: its
    shift's campaign is a drill (False while that campaign is not known here)."""

    entry: Entry
    enterprise_name: str | None
    manager_phone: str | None
    site_name: str | None
    drill: bool = False


# --- preferences ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preferences:
    """A person's stored notification preferences (absent: the defaults apply)."""

    staff_id: uuid.UUID
    language: str | None = None
    channels: tuple[str, ...] = ("email",)
    reminder_offsets_minutes: tuple[int, ...] | None = None
    quiet_start: time | None = None
    quiet_end: time | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    updated_at: datetime | None = None


# --- reminders, deliveries, gaps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    id: uuid.UUID
    shift_id: uuid.UUID
    staff_id: uuid.UUID
    offset_minutes: int
    shift_starts_at: datetime
    due_at: datetime
    status: str  # scheduled | withdrawn | dispatched | skipped | expired
    reason: str | None
    created_at: datetime
    updated_at: datetime
    dispatched_at: datetime | None = None


@dataclass(frozen=True)
class ReminderFilter:
    staff_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    status: str | None = None
    due_from: datetime | None = None
    due_to: datetime | None = None


@dataclass(frozen=True)
class NewDelivery:
    """A delivery to insert (one message, one recipient, one channel)."""

    id: uuid.UUID
    kind: str
    dedupe_key: str
    channel: str
    recipient: str | None
    recipient_name: str | None
    language: str
    subject: str
    body: str
    attachment: str | None
    status: str  # pending | failed (a recipient problem, recorded at once)
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    reminder_id: uuid.UUID | None = None
    gap_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    enterprise_ids: tuple[uuid.UUID, ...] = ()  # of a message that concerns several (enterprise_id then None)
    actor_name: str | None = None  # who a published shift's notice says published it (0017)


@dataclass(frozen=True)
class Attempt:
    id: int
    delivery_id: uuid.UUID
    attempt: int
    owner: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    detail: str | None


@dataclass(frozen=True)
class Delivery:
    """A delivery as stored, with every attempt (body and attachment only when asked for one)."""

    id: uuid.UUID
    kind: str
    dedupe_key: str
    reminder_id: uuid.UUID | None
    gap_id: uuid.UUID | None
    shift_id: uuid.UUID | None
    staff_id: uuid.UUID | None
    enterprise_id: uuid.UUID | None
    channel: str
    recipient: str | None
    recipient_name: str | None
    language: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: datetime
    lease_owner: str | None
    lease_expires_at: datetime | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    body: str | None = None
    attachment: str | None = None
    attempt_log: tuple[Attempt, ...] = ()
    enterprise_ids: tuple[uuid.UUID, ...] = ()  # of a message that concerns several (enterprise_id then None)
    actor_name: str | None = None  # who a published shift's notice says published it (0017)


@dataclass(frozen=True)
class DeliveryFilter:
    staff_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    gap_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    channel: str | None = None
    status: str | None = None
    kind: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


@dataclass(frozen=True)
class Gap:
    """A coverage gap as audit last said."""

    gap_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    required: int | None
    actual: int | None
    peak: bool
    missing_qualification: bool
    status: str  # open | closed
    version: int
    changed_at: datetime
    in_force_from: datetime | None = None
    campaign_id: uuid.UUID | None = None  # absent from audit's older events
    closed_reason: str | None = None  # a closed gap's, as audit said: covered | requirement_changed


@dataclass(frozen=True)
class PendingAlert:
    """A "gap opened" delivery not tried yet (its time may still move)."""

    id: uuid.UUID
    channel: str
    recipient: str | None
    next_attempt_at: datetime


@dataclass(frozen=True)
class Claimed:
    """A delivery leased to this replica, its attempt recorded as in flight: ready to send."""

    id: uuid.UUID
    attempt: int
    attempt_row: int
    kind: str
    channel: str
    recipient: str
    recipient_name: str | None
    subject: str
    body: str
    attachment: str | None
    webhook_secret: str | None
    members: tuple[tuple[uuid.UUID, int, int], ...] = ()
    """The other deliveries sent in the same message (a digest): (id, attempt, attempt row)."""


@dataclass(frozen=True)
class Outcome:
    status: str  # sent | retry | failed
    detail: str
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class DueDelivery:
    """A due delivery as the sender locks it: with its reminder's shift start and the person's own
    webhook address and secret (to choose the key a webhook request is signed with)."""

    delivery: Delivery
    shift_starts_at: datetime | None
    own_webhook_url: str | None
    own_webhook_secret: str | None


@dataclass(frozen=True)
class NamedGap:
    """A gap with the names its messages show (None where not known yet); `drill`: its campaign is a
    drill (False while that campaign, or the gap's, is not known here)."""

    gap: Gap
    enterprise_name: str | None
    site_name: str | None
    drill: bool = False
