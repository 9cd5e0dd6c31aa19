"""Communication incidents ("ứng cứu thông tin"): opened by a duty member or manager of the enterprise,
then responders, updates and the restore time, then resolved with cause and closing note. Each change
publishes its event (IncidentOpened / IncidentUpdated / IncidentResponderRemoved / IncidentResolved) with the
incident's whole state."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible

from ..db.accounts import AccountRepository
from ..db.ports import IncidentFilter
from ..domain.errors import Precondition, RuleViolation, check_window, missing
from ..domain.incidents import (
    Change,
    Incident,
    IncidentWarning,
    ResponderChoice,
    Where,
    locate_detected,
    on_duty_among,
    open_incident,
    responder_choices,
)
from ..domain.shifts import known_enterprise
from .context import Context, UnitOfWork, reading
from .reference import as_known_district

__all__ = ["IncidentFilter"]

WHAT, WHAT_VI = "incident", "sự cố"


@dataclass(frozen=True)
class OpenIncident:
    enterprise_id: uuid.UUID
    detected_at: datetime
    services: tuple[str, ...]
    severity: str
    description: str
    agency_links: bool = False
    border: bool = False
    site_id: uuid.UUID | None = None
    district: str | None = None


@dataclass(frozen=True)
class IncidentOutcome:
    """An incident as one is answered: after a change, with the warnings the change gave (a responder not on
    duty), and the name of whoever recorded it (`incident.opened_by` is their login)."""

    incident: Incident
    warnings: tuple[IncidentWarning, ...] = ()
    opened_by_name: str | None = None


async def _name_of(accounts: AccountRepository, login: str | None) -> str | None:
    """The display name of the account with `login`; None for none (no login, or no such account any more)."""
    account = None if login is None else await accounts.with_login(login)
    return None if account is None else account.display_name


async def _publish(uow: UnitOfWork, change: Change) -> IncidentOutcome:
    incident = change.incident
    await uow.emit(change.event, key=incident.enterprise_id, subject=f"incidents/{incident.id}")
    return IncidentOutcome(incident, change.warnings, await _name_of(uow.accounts, incident.opened_by))


async def open_new(uow: UnitOfWork, cmd: OpenIncident) -> IncidentOutcome:
    """Record an incident (status open, version 1); publishes IncidentOpened. Its campaign is the one whose
    period contains `detected_at`, if any."""
    enterprise = await uow.enterprises.get(cmd.enterprise_id)
    name = known_enterprise(None if enterprise is None else enterprise.name, cmd.enterprise_id)
    site = None if cmd.site_id is None else await uow.sites.get(cmd.site_id)
    where = locate_detected(
        enterprise_id=cmd.enterprise_id,
        enterprise_name=name,
        site=None if site is None else Where(site.id, site.name, site.district, site.border_area),
        site_enterprise_id=None if site is None else site.enterprise_id,
        site_id=cmd.site_id,
        district=await as_known_district(uow, cmd.district),
        border=cmd.border,
        detected_at=cmd.detected_at,
        now=uow.now,
    )
    change = open_incident(
        incident_id=uuid.uuid4(),
        enterprise_id=cmd.enterprise_id,
        enterprise_name=name,
        sector=None if enterprise is None else enterprise.sector,
        campaign_id=await uow.incidents.campaign_at(cmd.detected_at),
        detected_at=cmd.detected_at,
        where=where,
        services=cmd.services,
        agency_links=cmd.agency_links,
        severity=cmd.severity,
        description=cmd.description,
        now=uow.now,
        actor=uow.actor,
    )
    await uow.incidents.add(change.incident)
    return await _publish(uow, change)


async def _locked(uow: UnitOfWork, incident_id: uuid.UUID, pre: Precondition) -> Incident:
    incident = await uow.incidents.lock(incident_id)
    if incident is None:
        raise missing("incident", incident_id)
    pre.check(incident.version, what=WHAT, what_vi=WHAT_VI, ident=incident.label("en"))
    return incident


async def add_responder(
    uow: UnitOfWork, incident_id: uuid.UUID, *, staff_id: uuid.UUID, at: datetime | None = None, pre: Precondition
) -> IncidentOutcome:
    """Add a staff member of the incident's enterprise as a responder; one not on duty for the enterprise when taking
    it up (`at`, else now) nor at `detected_at` (`domain.incidents.on_duty_at`) is added with a warning.
    Publishes IncidentUpdated."""
    incident = await _locked(uow, incident_id, pre)
    person = (await uow.facts.staff([staff_id])).get(staff_id)
    if person is None or person.enterprise_id != incident.enterprise_id:
        who = f"The staff member {staff_id}" if person is None else person.full_name
        who_vi = "Người được chọn" if person is None else person.full_name
        raise RuleViolation(
            "staff_id",
            "responder-of-enterprise",
            f"{who} is not on the staff of {incident.enterprise_name}: a responder is one of the enterprise's own "
            "people (GET /staff?enterprise_id=…).",
            f"{who_vi} không thuộc {incident.enterprise_name}: người ứng cứu phải là cán bộ của doanh nghiệp.",
            staff_id=str(staff_id),
        )
    if not person.active:
        raise RuleViolation(
            "staff_id",
            "responder-active",
            f"{person.full_name} is no longer active at {incident.enterprise_name}: choose someone who is.",
            f"{person.full_name} không còn hoạt động tại {incident.enterprise_name}: hãy chọn người khác.",
            staff_id=str(staff_id),
        )
    instants = (at or uow.now, incident.detected_at)
    spells = await uow.incidents.duty_spells(incident.enterprise_id, instants, staff_id=staff_id)
    on_duty = staff_id in on_duty_among(spells, instants)
    change = incident.add_responder(
        staff_id=staff_id,
        full_name=person.full_name,
        on_duty=on_duty,
        now=uow.now,
        actor=uow.actor,
        at=at,
        by_name=await _writer_name(uow),
        by_staff_id=await _writer_staff_id(uow),
    )
    await uow.incidents.save(change.incident)
    return await _publish(uow, change)


async def remove_responder(
    uow: UnitOfWork, incident_id: uuid.UUID, *, staff_id: uuid.UUID, reason: str | None = None, pre: Precondition
) -> IncidentOutcome:
    """Take a responder added by mistake off an open incident (`reason`: why, optional); publishes
    IncidentResponderRemoved, saying the staff record of the account that did (a responder may leave herself)."""
    incident = await _locked(uow, incident_id, pre)
    listed = next((r.full_name for r in incident.responders if r.staff_id == staff_id), None)
    if listed is None:  # named in the refusal by their record, if they have one
        person = (await uow.facts.staff([staff_id])).get(staff_id)
        listed = person.full_name if person is not None else "Người được chọn"
    change = incident.remove_responder(
        staff_id=staff_id,
        who=listed,
        reason=reason,
        now=uow.now,
        actor=uow.actor,
        by_name=await _writer_name(uow),
        by_staff_id=await _writer_staff_id(uow),  # the responder's own: she left (QZ22 #12)
    )
    await uow.incidents.save(change.incident)
    return await _publish(uow, change)


async def respell_districts(uow: UnitOfWork, spellings: Sequence[str], *, into: str) -> int:
    """Write as `into` the district of every incident written as one of `spellings` (other spellings of the
    same district: an administrator's merge, handlers/districts.py), open or resolved; publishes
    IncidentUpdated (change "district_merged") for each one changed. Returns how many changed."""
    changed = 0
    for incident in await uow.incidents.in_districts(spellings):
        if incident.district == into:
            continue
        change = incident.respell_district(into, now=uow.now, actor=uow.actor)
        await uow.incidents.save(change.incident)
        await uow.emit(change.event, key=incident.enterprise_id, subject=f"incidents/{incident.id}")
        changed += 1
    return changed


async def _writer_name(uow: UnitOfWork) -> str | None:
    return await _name_of(uow.accounts, uow.actor)


async def _writer_staff_id(uow: UnitOfWork) -> uuid.UUID | None:
    """The staff record of the account making the change, if it has one (a staff account's): whether a person added
    as a responder added themselves is this id against theirs, not names (QZ22 #12)."""
    account = None if uow.actor is None else await uow.accounts.with_login(uow.actor)
    return None if account is None else account.staff_id


async def add_update(
    uow: UnitOfWork,
    incident_id: uuid.UUID,
    *,
    note: str,
    restored_at: datetime | None = None,
    at: datetime | None = None,
    confirm: bool = False,
    pre: Precondition,
) -> IncidentOutcome:
    """Write a timestamped update (with, perhaps, when service came back: a time earlier than a step recorded saved
    once `confirm`ed); publishes IncidentUpdated."""
    incident = await _locked(uow, incident_id, pre)
    change = incident.add_update(
        note=note,
        now=uow.now,
        actor=uow.actor,
        by_name=await _writer_name(uow),
        restored_at=restored_at,
        at=at,
        confirm=confirm,
    )
    await uow.incidents.save(change.incident)
    return await _publish(uow, change)


async def resolve(
    uow: UnitOfWork,
    incident_id: uuid.UUID,
    *,
    cause: str,
    closing_note: str,
    restored_at: datetime | None = None,
    confirm: bool = False,
    pre: Precondition,
) -> IncidentOutcome:
    """Close the incident with its cause, closing note and restore time (one earlier than a step recorded: once
    `confirm`ed); publishes IncidentResolved."""
    incident = await _locked(uow, incident_id, pre)
    change = incident.resolve(
        cause=cause, closing_note=closing_note, restored_at=restored_at, now=uow.now, actor=uow.actor, confirm=confirm
    )
    await uow.incidents.save(change.incident)
    return await _publish(uow, change)


async def get_incident(ctx: Context, incident_id: uuid.UUID) -> IncidentOutcome:
    """One incident, with the name of whoever recorded it."""
    async with reading(ctx) as repos:
        incident = await repos.incidents.get(incident_id)
        if incident is None:
            raise missing("incident", incident_id)
        return IncidentOutcome(incident, opened_by_name=await _name_of(repos.accounts, incident.opened_by))


async def choices_of_responders(ctx: Context, incident_id: uuid.UUID) -> tuple[ResponderChoice, ...]:
    """Whom the incident's page offers as a responder: the enterprise's active staff not responding yet, those on
    duty for it now or at the detection (added without a warning) first."""
    async with reading(ctx) as repos:
        incident = await repos.incidents.get(incident_id)
        if incident is None:
            raise missing("incident", incident_id)
        staff = await repos.staff.of_enterprise(incident.enterprise_id)
        instants = (ctx.clock(), incident.detected_at)
        on_duty = on_duty_among(await repos.incidents.duty_spells(incident.enterprise_id, instants), instants)
        return responder_choices(incident, ((m.id, m.full_name, m.active) for m in staff), on_duty)


async def list_incidents(
    ctx: Context, f: IncidentFilter, *, page: PageRequest, visible: Visible = EVERYTHING
) -> Slice[Incident]:
    """Incidents newest first, of the enterprises the caller may see."""
    check_window(f.detected_from, f.detected_to, keys=("detected_from", "detected_to"))
    async with reading(ctx) as repos:
        return await repos.incidents.page(f, visible=visible, page=page)
