"""Incident bodies: opening one, adding a responder, an update, resolving it; the incident as shown."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from lichtruc.events_incidents import MAX_DESCRIPTION, MAX_NOTE, IncidentService, IncidentSeverity, IncidentStatus

from .common import OPTIONAL_TEXT, TEXT, District, In, Instant, LocalInstant, Sector
from .reference import Note


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class IncidentIn(In):
    enterprise_id: uuid.UUID
    detected_at: Instant = Field(
        description="when the incident was detected (it may lie ahead: a drill or the demo records Tết incidents before their night)"
    )
    site_id: uuid.UUID | None = Field(default=None, description="the site of the enterprise where it is")
    district: District | None = Field(default=None, description="where it is when not at a site (ignored with a site)")
    services: list[IncidentService] = Field(min_length=1, max_length=5, description="the services affected")
    agency_links: bool = Field(default=False, description="links of Party or State agencies are affected")
    border: bool = Field(
        default=False, description="a border area is affected (always true at a border site; set it for a district)"
    )
    severity: IncidentSeverity
    description: Annotated[str, Field(min_length=1, max_length=MAX_DESCRIPTION), TEXT]

    _services = field_validator("services")(_unique)


class ResponderIn(In):
    staff_id: uuid.UUID = Field(description="a staff member of the incident's enterprise")
    at: Instant | None = Field(
        default=None, description="when they took it up, if recorded afterwards (default: now; not before detection)"
    )


RemovalReason = Annotated[str, Field(max_length=MAX_NOTE), OPTIONAL_TEXT]
"""Why a responder is taken off (optional): trimmed; a control character refused, as any free text."""


class IncidentUpdateIn(In):
    note: Annotated[str, Field(min_length=1, max_length=MAX_NOTE), TEXT]
    restored_at: Instant | None = Field(default=None, description="when service came back, if it has")
    at: Instant | None = Field(default=None, description="when, if written afterwards (default: now)")


class ResolveIncidentIn(In):
    cause: Annotated[str, Field(min_length=1, max_length=MAX_NOTE), TEXT]
    closing_note: Annotated[str, Field(min_length=1, max_length=MAX_NOTE), TEXT]
    restored_at: Instant | None = Field(
        default=None, description="when service came back; needed unless an update already said"
    )


class ResponderOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    added_at: datetime
    added_local: LocalInstant
    on_duty: bool = Field(description="on a published shift of the enterprise when added or at detection")


class RemovedResponderOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    added_at: datetime
    removed_at: datetime
    removed_local: LocalInstant
    by: str | None = Field(description="the account that took them off")
    by_name: str | None = Field(description="its holder's name, when known")
    reason: str | None


class ResponderChoiceOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    on_duty: bool = Field(
        description="on a published shift of the enterprise now or at detection: added without a warning"
    )


class ResponderChoicesOut(BaseModel):
    incident_id: uuid.UUID
    people: list[ResponderChoiceOut] = Field(
        description="the enterprise's active staff not responding yet, those on duty first, each group by name"
    )


class IncidentUpdateOut(BaseModel):
    at: datetime
    local: LocalInstant
    note: str
    by: str | None
    by_name: str | None


class IncidentOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str
    sector: Sector | None
    campaign_id: uuid.UUID | None
    detected_at: datetime
    detected_local: LocalInstant
    site_id: uuid.UUID | None
    site_name: str | None
    district: str | None
    services: list[IncidentService]
    agency_links: bool
    border: bool
    severity: IncidentSeverity
    severity_vi: str
    severe: bool = Field(
        description="the Department is told at once: critical or serious, or border or Party/State impact"
    )
    description: str
    status: IncidentStatus
    written_up_afterwards: bool = Field(
        default=False,
        description="recorded over an hour after its detection: a responder is added with the time they joined "
        "(`at`; without one, 422 `responder-at-required`)",
    )
    responders: list[ResponderOut]
    removed_responders: list[RemovedResponderOut] = Field(
        description="the responders taken off (added by mistake), in the order they were, with when and by whom"
    )
    updates: list[IncidentUpdateOut]
    restored_at: datetime | None
    cause: str | None
    closing_note: str | None
    resolved_at: datetime | None
    opened_by: str | None = Field(description="who recorded it: the account's login")
    opened_by_name: str | None = Field(
        default=None,
        description="that account's display name, in the answers about one incident (GET /incidents/{id} and the "
        "changes); null in lists, and when no account has that login any more",
    )
    version: int
    created_at: datetime
    updated_at: datetime
    warnings: list[Note] = Field(default_factory=list, description="what this change warns about (not stored)")
