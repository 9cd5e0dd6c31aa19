"""Inspection plans (issue 15, part 5): the Department plans inspections before, during and after
Tết (some of them surprise ones), records each one's finding, or reschedules or cancels a plan;
every change publishes the plan's whole state (`lichtruc.events_inspections`).

Reads are narrowed by `Visible`: the Department sees every plan; an enterprise's managers see their
enterprises' plans, but a surprise plan only once its finding is recorded — before that it is a 404
like a missing one, and absent from lists and counts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import cast

from lichtruc import vntime
from lichtruc.events_inspections import (
    InspectionCancelled,
    InspectionEvent,
    InspectionFindingData,
    InspectionFindingRecorded,
    InspectionPhase,
    InspectionPlanned,
    InspectionRescheduled,
    InspectionResult,
    InspectionSnapshot,
    InspectionStatus,
)
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible

from ..db.inspections import InspectionFilter, sees
from ..db.ports import Repositories
from ..domain.campaigns import Campaign
from ..domain.errors import Precondition, RuleViolation, missing
from ..domain.inspections import Inspection, Phase, PlanWindow, ensure_not_past
from .context import Context, UnitOfWork, reading

__all__ = ["InspectionFilter"]


@dataclass(frozen=True)
class PlanInspection:
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    planned_on: date
    purpose: str
    inspectors: tuple[str, ...]
    surprise: bool = False
    site_id: uuid.UUID | None = None
    phase: str | None = None  # derived from the day; if given, it must agree


@dataclass(frozen=True)
class RecordFinding:
    result: str
    text: str
    recommendations: str | None = None
    held_on: date | None = None
    """The day it was really held, when not the planned one (today or earlier)."""


def _window(campaign: Campaign) -> PlanWindow:
    return PlanWindow.of(
        name=campaign.name,
        lunar_year=campaign.lunar_year,
        starts_on=vntime.local_day(campaign.starts_at),
        ends_on=vntime.local_day(campaign.ends_at),
        drill=campaign.kind == "drill",
    )


async def _campaign(uow: Repositories, campaign_id: uuid.UUID) -> Campaign:
    campaign = await uow.campaigns.get(campaign_id)
    if campaign is None:
        raise RuleViolation(
            "campaign_id",
            "exists",
            f"No campaign has id {campaign_id}: list campaigns with GET /campaigns.",
            "Không tìm thấy đợt trực này: hãy chọn một đợt trực trong danh sách.",
        )
    return campaign


async def snapshot(uow: Repositories, inspection: Inspection) -> InspectionSnapshot:
    """The plan's whole state as the events carry it, with the enterprise's and site's names."""
    enterprise_name = await uow.facts.enterprise_name(inspection.enterprise_id)
    site_name = None
    if inspection.site_id is not None:
        site = (await uow.facts.sites([inspection.site_id])).get(inspection.site_id)
        site_name = site.name if site is not None else None
    finding = None
    if inspection.recorded_at is not None and inspection.result is not None:
        finding = InspectionFindingData(
            result=cast(InspectionResult, inspection.result),
            text=inspection.finding_text or "",
            recommendations=inspection.recommendations,
            recorded_by=inspection.recorded_by,
            recorded_at=inspection.recorded_at,
        )
    return InspectionSnapshot(
        inspection_id=inspection.id,
        campaign_id=inspection.campaign_id,
        enterprise_id=inspection.enterprise_id,
        enterprise_name=enterprise_name,
        site_id=inspection.site_id,
        site_name=site_name,
        planned_on=inspection.planned_on,
        phase=cast(InspectionPhase, inspection.phase),
        purpose=inspection.purpose,
        inspectors=inspection.inspectors,
        surprise=inspection.surprise,
        status=cast(InspectionStatus, inspection.status),
        finding=finding,
        planned_by=inspection.planned_by,
        version=inspection.version,
    )


async def _emit(uow: UnitOfWork, event: InspectionEvent) -> None:
    await uow.emit(event, key=event.inspection.enterprise_id, subject=f"inspections/{event.inspection.inspection_id}")


async def _shown(uow: UnitOfWork, inspection: Inspection) -> Named:
    return (await _named(uow, [inspection], vntime.local_day(uow.now)))[0]


async def plan_inspection(uow: UnitOfWork, cmd: PlanInspection) -> Named:
    """Plan an inspection of an enterprise (at one of its sites, if given); publishes InspectionPlanned."""
    campaign = await _campaign(uow, cmd.campaign_id)
    enterprise_name = await uow.facts.enterprise_name(cmd.enterprise_id)
    if enterprise_name is None:
        raise RuleViolation(
            "enterprise_id",
            "exists",
            f"No enterprise has id {cmd.enterprise_id}: list them with GET /enterprises.",
            "Không tìm thấy doanh nghiệp này: hãy chọn một doanh nghiệp trong danh sách.",
        )
    site_name = None
    if cmd.site_id is not None:
        site = (await uow.facts.sites([cmd.site_id])).get(cmd.site_id)
        if site is None:
            raise RuleViolation(
                "site_id",
                "exists",
                f"No site has id {cmd.site_id}: list the enterprise's sites with GET /sites?enterprise_id=…",
                "Không tìm thấy địa điểm này: hãy chọn một địa điểm của doanh nghiệp.",
            )
        if site.enterprise_id != cmd.enterprise_id:
            raise RuleViolation(
                "site_id",
                "site-of-enterprise",
                f"The site {site.name} is not one of {enterprise_name}'s: choose one of its own sites.",
                f"Địa điểm {site.name} không thuộc {enterprise_name}: hãy chọn địa điểm của doanh nghiệp này.",
            )
        site_name = site.name
    # A day gone is told as such before any window: a day years back is past first, not only far.
    ensure_not_past(cmd.planned_on, now=uow.now, enterprise_name=enterprise_name, site_name=site_name)
    phase: Phase = _window(campaign).phase(cmd.planned_on, cmd.phase)
    inspection = Inspection.plan(
        campaign_id=cmd.campaign_id,
        enterprise_id=cmd.enterprise_id,
        site_id=cmd.site_id,
        planned_on=cmd.planned_on,
        phase=phase,
        purpose=cmd.purpose,
        inspectors=cmd.inspectors,
        surprise=cmd.surprise,
        actor=uow.actor,
        now=uow.now,
        enterprise_name=enterprise_name,
        site_name=site_name,
    )
    await uow.inspections.add(inspection)
    await _emit(uow, InspectionPlanned(inspection=await snapshot(uow, inspection), actor=uow.actor))
    return await _shown(uow, inspection)


async def _open(uow: UnitOfWork, inspection_id: uuid.UUID, pre: Precondition) -> Inspection:
    inspection = await uow.inspections.lock(inspection_id)
    if inspection is None:
        raise missing("inspection", inspection_id)
    day = inspection.planned_on  # each language its own words and date: "8 Feb 2027" never reads as 2 August
    planned = f"(planned on {vntime.date_said(day, 'en')}: {inspection.purpose})"
    planned_vi = f"(dự kiến ngày {vntime.date_said(day)}: {inspection.purpose})"
    pre.check(inspection.version, what="inspection", what_vi="cuộc kiểm tra", ident=planned, ident_vi=planned_vi)
    inspection.ensure_open()
    return inspection


async def reschedule_inspection(
    uow: UnitOfWork, inspection_id: uuid.UUID, *, planned_on: date, reason: str | None, pre: Precondition
) -> Named:
    """Move a waiting plan to another day, today or later (Vietnam time; its phase follows); publishes
    InspectionRescheduled."""
    inspection = await _open(uow, inspection_id, pre)
    named = await _shown(uow, inspection)
    moved = inspection.reschedule(
        planned_on=planned_on,
        window=_window(await _campaign(uow, inspection.campaign_id)),
        reason=reason,
        now=uow.now,
        enterprise_name=named.enterprise_name,
        site_name=named.site_name,
    )
    await uow.inspections.save(moved)
    await _emit(
        uow,
        InspectionRescheduled(
            inspection=await snapshot(uow, moved),
            actor=uow.actor,
            previous_planned_on=inspection.planned_on,
            reason=reason,
        ),
    )
    return await _shown(uow, moved)


async def cancel_inspection(
    uow: UnitOfWork, inspection_id: uuid.UUID, *, reason: str | None, pre: Precondition
) -> Named:
    """Cancel a waiting plan (a surprise one stays hidden for good); publishes InspectionCancelled."""
    inspection = await _open(uow, inspection_id, pre)
    cancelled = inspection.cancel(reason=reason, now=uow.now)
    await uow.inspections.save(cancelled)
    await _emit(uow, InspectionCancelled(inspection=await snapshot(uow, cancelled), actor=uow.actor, reason=reason))
    return await _shown(uow, cancelled)


async def record_finding(uow: UnitOfWork, inspection_id: uuid.UUID, *, cmd: RecordFinding, pre: Precondition) -> Named:
    """Record what the inspectors found, from the inspection day on — or on the day it was really held, when that
    was earlier (`cmd.held_on`; the plan moves there): the plan is done (and a surprise one revealed to the
    enterprise); publishes InspectionFindingRecorded."""
    inspection = await _open(uow, inspection_id, pre)
    named = await _shown(uow, inspection)
    moved = cmd.held_on is not None and cmd.held_on != inspection.planned_on
    done = inspection.record_finding(
        result=cmd.result,
        text=cmd.text,
        recommendations=cmd.recommendations,
        actor=uow.actor,
        now=uow.now,
        enterprise_name=named.enterprise_name,
        site_name=named.site_name,
        held_on=cmd.held_on,
        window=_window(await _campaign(uow, inspection.campaign_id)) if moved else None,
    )
    await uow.inspections.save(done)
    await _emit(uow, InspectionFindingRecorded(inspection=await snapshot(uow, done), actor=uow.actor))
    return await _shown(uow, done)


@dataclass(frozen=True)
class Named:
    """A plan with its enterprise's and site's names, and its state today."""

    inspection: Inspection
    enterprise_name: str | None
    site_name: str | None
    state: str


async def _named(repos: Repositories, found: list[Inspection], today: date) -> list[Named]:
    sites = await repos.facts.sites({i.site_id for i in found if i.site_id is not None})
    names: dict[uuid.UUID, str | None] = {}
    for e in {i.enterprise_id for i in found}:
        names[e] = await repos.facts.enterprise_name(e)
    return [
        Named(
            i,
            names.get(i.enterprise_id),
            sites[i.site_id].name if i.site_id is not None and i.site_id in sites else None,
            i.state(today),
        )
        for i in found
    ]


async def get_inspection(ctx: Context, inspection_id: uuid.UUID, *, visible: Visible = EVERYTHING) -> Named:
    """One plan; a 404 for a plan the caller may not see (a surprise one not revealed yet)."""
    async with reading(ctx) as repos:
        inspection = await repos.inspections.get(inspection_id)
        if inspection is None or not sees(visible, inspection):
            raise missing("inspection", inspection_id)
        return (await _named(repos, [inspection], vntime.local_day(ctx.clock())))[0]


async def list_inspections(
    ctx: Context, f: InspectionFilter, *, page: PageRequest, visible: Visible = EVERYTHING
) -> Slice[Named]:
    """Plans by planned day, then id; only those the caller may see."""
    today = vntime.local_day(ctx.clock())
    async with reading(ctx) as repos:
        found = await repos.inspections.page(f, visible=visible, today=today, page=page)
        return Slice(await _named(repos, found.items, today), found.next_cursor, found.total)
