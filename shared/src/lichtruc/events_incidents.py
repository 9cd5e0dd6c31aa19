"""Events of the directive: Incidents and their response (issue 15, part 1). Registered with `lichtruc.events` on import (that
module imports this one at its end), published by roster on the roster topic.

Every incident event carries the incident's whole state after the change (`IncidentSnapshot`), like the shift
events carry a `ShiftSnapshot`: a consumer upserts by (incident_id, version) without calling roster.
Key (`partitionkey`): the enterprise id."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from .events import EventData, Sector, _absent, _Value

IncidentService = Literal["mobile", "fixed_line", "internet", "television", "postal"]
"""A service an incident affects: mobile, fixed line, internet, television channels, postal."""
IncidentSeverity = Literal["minor", "serious", "critical"]
IncidentStatus = Literal["open", "resolved"]

INCIDENT_SERVICES: tuple[str, ...] = ("mobile", "fixed_line", "internet", "television", "postal")
INCIDENT_SEVERITIES: tuple[str, ...] = ("minor", "serious", "critical")

MAX_DESCRIPTION = 4000
MAX_NOTE = 2000
MAX_RESPONDERS = 50
MAX_UPDATES = 200
MAX_REMOVALS = 50


class IncidentResponder(_Value):
    """A person who responds to an incident, as they were added."""

    staff_id: uuid.UUID
    full_name: str = Field(min_length=1, max_length=200)
    added_at: AwareDatetime = Field(description="when they were added as a responder")
    on_duty: bool = Field(
        description="whether a published or checked-in shift of the enterprise had them on duty when they were added "
        "or when the incident was detected (false: added with a warning)"
    )


class IncidentRemoval(_Value):
    """A responder taken off the incident (added by mistake): who, as they had been added, and when, by whom and
    why they were taken off — the incident's page and history keep saying it."""

    staff_id: uuid.UUID
    full_name: str = Field(min_length=1, max_length=200)
    added_at: AwareDatetime = Field(description="when they had been added as a responder")
    removed_at: AwareDatetime = Field(description="when they were taken off")
    by: str | None = Field(default=None, max_length=200, description="the account that took them off")
    by_name: str | None = Field(default=None, max_length=200, description="its holder's name, when known")
    reason: str | None = Field(default=None, max_length=MAX_NOTE, description="why, when the person removing said")


class IncidentNote(_Value):
    """One timestamped update on an incident."""

    at: AwareDatetime
    note: str = Field(min_length=1, max_length=MAX_NOTE)
    by: str | None = Field(default=None, max_length=200, description="the account that wrote it")
    by_name: str | None = Field(default=None, max_length=200, description="its holder's name, when known")


class IncidentSnapshot(_Value):
    """An incident's whole state after a change."""

    incident_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str = Field(default="", max_length=200)
    sector: Sector | None = Field(default=None, description="the enterprise's sector")
    campaign_id: uuid.UUID | None = Field(
        default=None, description="the campaign whose period contains detected_at, if any"
    )
    detected_at: AwareDatetime
    site_id: uuid.UUID | None = None
    site_name: str | None = Field(default=None, max_length=200)
    district: str | None = Field(default=None, max_length=100, description="the site's district, or the one given")
    services: tuple[IncidentService, ...] = Field(min_length=1, max_length=5, description="the services affected")
    agency_links: bool = Field(description="whether links of Party or State agencies are affected")
    border: bool = Field(description="whether a border area is affected")
    severity: IncidentSeverity
    description: str = Field(min_length=1, max_length=MAX_DESCRIPTION)
    status: IncidentStatus
    responders: tuple[IncidentResponder, ...] = Field(default=(), max_length=MAX_RESPONDERS)
    updates: tuple[IncidentNote, ...] = Field(default=(), max_length=MAX_UPDATES)
    removed: tuple[IncidentRemoval, ...] = Field(
        default=(), max_length=MAX_REMOVALS, description="the responders taken off, in the order they were"
    )
    restored_at: AwareDatetime | None = Field(default=None, description="when the service came back")
    cause: str | None = Field(default=None, max_length=MAX_NOTE)
    closing_note: str | None = Field(default=None, max_length=MAX_NOTE)
    resolved_at: AwareDatetime | None = None
    opened_by: str | None = Field(default=None, max_length=200)
    version: int = Field(ge=1)


class IncidentEvent(EventData):
    """Base of every incident event: the incident after the change, and who made it."""

    incident: IncidentSnapshot
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


class IncidentOpened(IncidentEvent):
    """A duty member or manager recorded a communication incident (key: the enterprise id)."""

    event_type: ClassVar[str] = "lichtruc.roster.incident.opened.v1"


class IncidentUpdated(IncidentEvent):
    """A responder was added to an open incident, or an update (and perhaps the restore time) was written; or
    its district was written as the province spells it (an administrator merged that district's spellings:
    open or resolved, what happened is unchanged)."""

    event_type: ClassVar[str] = "lichtruc.roster.incident.updated.v1"

    change: Literal["responder_added", "note_added", "district_merged"] = Field(description="what changed")
    # Left out of an event when absent (`exclude_if`), so that every event published before them keeps its bytes.
    responder: IncidentResponder | None = Field(
        default=None,
        exclude_if=_absent,
        description="with change responder_added: the person added (also the last of incident.responders), whom "
        "notifier tells; absent for the other changes, and in events published before 2026-12-07",
    )
    actor_name: str | None = Field(
        default=None,
        max_length=200,
        exclude_if=_absent,
        description="the display name of the account that made the change (its `actor`), for the mail that tells "
        "the person added who added them; absent when not known, and in events published before 2026-12-07",
    )
    actor_staff_id: uuid.UUID | None = Field(
        default=None,
        exclude_if=_absent,
        description="the staff record of the account that made the change (its `actor`), when it has one: with "
        "change responder_added, the person added being that record means they joined the response themselves "
        "(QZ22 #12), and their mail says so; absent for an account without a staff record, and in events published "
        "before 2027-02-07",
    )


class IncidentResponderRemoved(IncidentEvent):
    """A responder added by mistake was taken off an open incident's responders (its snapshot lists them among
    `removed`, with when and by whom, no more among `responders`):
    the incident's history and the day's report then say who responded as it was. Its own type rather than a
    `change` of IncidentUpdated, so that a consumer that does not know it yet parks nothing it reads today."""

    event_type: ClassVar[str] = "lichtruc.roster.incident.responder_removed.v1"

    responder: IncidentResponder  # the one taken off, as they had been added
    reason: str | None = Field(default=None, max_length=MAX_NOTE, description="why, when the person removing said")
    actor_staff_id: uuid.UUID | None = Field(
        default=None,
        exclude_if=_absent,
        description="the staff record of the account that took them off (its `actor`), when it has one: the one "
        "taken off being that record means they left the responders themselves (QZ22 #12), and their mail says so; "
        "absent for an account without a staff record, and in events published before 2027-02-07",
    )


class IncidentResolved(IncidentEvent):
    """The incident was closed: service restored, cause and closing note recorded."""

    event_type: ClassVar[str] = "lichtruc.roster.incident.resolved.v1"


__all__ = [
    "INCIDENT_SERVICES",
    "INCIDENT_SEVERITIES",
    "IncidentEvent",
    "IncidentNote",
    "IncidentOpened",
    "IncidentRemoval",
    "IncidentResolved",
    "IncidentResponder",
    "IncidentResponderRemoved",
    "IncidentService",
    "IncidentSeverity",
    "IncidentSnapshot",
    "IncidentStatus",
    "IncidentUpdated",
]
