"""Campaign commands and queries: orchestration around domain/campaigns.py, through the
campaign repository (``uow.campaigns``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from lichtruc import lunar
from lichtruc.events import CampaignOpened, CampaignUpdated, PeakWindow
from lichtruc.paging import PageRequest, Slice
from lichtruc.vntime import utc

from ..domain.border import border_settings
from ..domain.campaigns import (
    OUTSIDE_NAMED,
    SIDES,
    Campaign,
    CampaignWarning,
    LunarDay,
    Peak,
    campaign_dates,
    check_hours_deadline,
    check_name_free,
    check_peaks,
    check_readiness_deadline,
    default_peaks,
    distinct,
    drill_name,
    drill_warnings,
    kept_deadline_outside,
    left_outside,
    unused_name,
)
from ..domain.errors import Conflict, FieldError, Precondition, RuleViolation, missing
from .border import apply_border_defaults
from .context import Context, UnitOfWork, reading


@dataclass(frozen=True)
class OpenCampaign:
    lunar_year: int | None
    start: LunarDay | None = None
    end: LunarDay | None = None
    peaks: tuple[Peak, ...] | None = None  # None: the default giao thừa peak (none for a drill)
    name: str | None = None
    readiness_deadline: datetime | None = None  # None: 24 h before the start
    border_duty_types: tuple[str, ...] | None = None  # None: the Tết defaults (none for a drill)
    border_sectors: tuple[str, ...] | None = None
    kind: str = "tet"
    starts_at: datetime | None = None  # a drill's free dates
    ends_at: datetime | None = None
    hours_deadline: datetime | None = None  # None: the campaign's first day, 00:00 local


@dataclass(frozen=True)
class EditCampaign:
    """Only the fields that are not None change; `peaks=()` removes every peak."""

    start: LunarDay | None = None
    end: LunarDay | None = None
    peaks: tuple[Peak, ...] | None = None
    name: str | None = None
    readiness_deadline: datetime | None = None
    default_readiness: bool = False  # True: back to the default deadline, 24 h before the start
    border_duty_types: tuple[str, ...] | None = None
    border_sectors: tuple[str, ...] | None = None
    starts_at: datetime | None = None  # a drill's
    ends_at: datetime | None = None
    hours_deadline: datetime | None = None
    default_hours_deadline: bool = False  # True: back to the default, the campaign's first day 00:00 local


@dataclass(frozen=True)
class CampaignOutcome:
    """A campaign as opened or edited, with the warnings its dates give (a drill in the past, over Tết, over
    another drill; none for a Tết campaign)."""

    campaign: Campaign
    warnings: tuple[CampaignWarning, ...] = ()


def _event_data(cls: type[CampaignOpened], campaign: Campaign, *, actor: str | None) -> CampaignOpened:
    return cls(
        campaign_id=campaign.id,
        kind=campaign.kind,
        lunar_year=campaign.lunar_year,
        name=campaign.name,
        starts_at=campaign.starts_at,
        ends_at=campaign.ends_at,
        peaks=tuple(PeakWindow(name=p.name, starts_at=p.starts_at, ends_at=p.ends_at) for p in campaign.peaks),
        readiness_deadline=campaign.deadline,
        hours_deadline=campaign.hours_due,
        border_duty_types=campaign.border_duty_types,
        border_sectors=campaign.border_sectors,
        version=campaign.version,
        actor=actor,
    )


async def open_campaign(uow: UnitOfWork, cmd: OpenCampaign) -> CampaignOutcome:
    """Open the campaign of a Tết (one per lunar year) or a drill (free dates, as many as held);
    publishes CampaignOpened. A drill is opened with warnings when it lies in the past or overlaps Tết or
    another drill."""
    dates = campaign_dates(
        cmd.kind, lunar_year=cmd.lunar_year, start=cmd.start, end=cmd.end, starts_at=cmd.starts_at, ends_at=cmd.ends_at
    )
    period = dates.period
    border_duty_types, border_sectors = border_settings(cmd.kind, cmd.border_duty_types, cmd.border_sectors)
    if cmd.peaks is not None:
        peaks = cmd.peaks
    else:
        peaks = default_peaks(dates.lunar_year) if cmd.kind == "tet" else ()
    check_peaks(peaks, period.starts_at, period.ends_at)
    check_readiness_deadline(cmd.readiness_deadline, period.starts_at, period.ends_at)
    check_hours_deadline(cmd.hours_deadline, period.starts_at, period.ends_at)
    store = uow.campaigns
    names = await store.names()
    if cmd.name:
        if cmd.kind != "tet" or await store.tet_of(dates.lunar_year) is None:  # a second Tết of a year: said below
            check_name_free(cmd.name, names)
        campaign_name = cmd.name
    elif cmd.kind == "tet":
        campaign_name = lunar.tet_name(dates.lunar_year)
    else:
        campaign_name = unused_name(drill_name(period.starts_at), names)
    campaign = await store.add(
        Campaign(
            id=uuid.uuid4(),
            kind=cmd.kind,
            lunar_year=dates.lunar_year,
            name=campaign_name,
            starts_at=utc(period.starts_at),
            ends_at=utc(period.ends_at),
            start=dates.start,
            end=dates.end,
            peaks=peaks,
            readiness_deadline=utc(cmd.readiness_deadline) if cmd.readiness_deadline else None,
            hours_deadline=utc(cmd.hours_deadline) if cmd.hours_deadline else None,
            border_duty_types=distinct(border_duty_types),
            border_sectors=distinct(border_sectors),
            version=1,
            created_at=uow.now,
            updated_at=uow.now,
        )
    )
    if campaign is None:
        existing = await store.tet_of(dates.lunar_year)
        assert existing is not None  # the insert was refused for it
        raise Conflict(
            "lunar_year",
            "campaign-exists",
            f"The campaign of lunar year {dates.lunar_year} already exists ({existing.name}): edit it with "
            f"PATCH /campaigns/{existing.id}.",
            f"Đợt trực năm âm lịch {dates.lunar_year} đã có ({existing.name}): hãy sửa đợt trực đó.",
            campaign_id=str(existing.id),
        )
    await uow.emit(
        _event_data(CampaignOpened, campaign, actor=uow.actor), key=campaign.id, subject=f"campaigns/{campaign.id}"
    )
    await apply_border_defaults(uow, campaign_id=campaign.id)
    return CampaignOutcome(campaign, await _warnings(uow, campaign))


async def edit_campaign(
    uow: UnitOfWork, campaign_id: uuid.UUID, *, change: EditCampaign, pre: Precondition
) -> CampaignOutcome:
    """Change a campaign's dates, peaks or name; publishes CampaignUpdated. Refused (409) when a
    shift or a one-off requirement would fall outside the new dates; a drill moved into the past or
    over Tết or another drill is moved with warnings."""
    store = uow.campaigns
    current = await store.get(campaign_id, lock=True)
    if current is None:
        raise missing("campaign", campaign_id)
    pre.check(current.version, what="campaign", what_vi="đợt trực", ident=current.name)
    clashes: list[FieldError] = []  # what the change clashes with, said together in one 409 (QA: one a send)
    if change.name:
        try:
            check_name_free(change.name, await store.names(), but=campaign_id)
        except Conflict as taken:
            clashes += taken.errors
    border_settings(current.kind, change.border_duty_types, change.border_sectors)  # a drill takes none
    if current.kind == "drill":
        dates = campaign_dates(
            "drill",
            lunar_year=None,
            start=change.start,
            end=change.end,
            starts_at=change.starts_at or current.starts_at,
            ends_at=change.ends_at or current.ends_at,
        )
    else:
        dates = campaign_dates(
            "tet",
            lunar_year=current.lunar_year,
            start=change.start or current.start.lunar_day(),
            end=change.end or current.end.lunar_day(),
            starts_at=change.starts_at,
            ends_at=change.ends_at,
        )
    peaks = current.peaks if change.peaks is None else change.peaks
    check_peaks(peaks, dates.period.starts_at, dates.period.ends_at)
    start, end = utc(dates.period.starts_at), utc(dates.period.ends_at)
    # A deadline this change sets is checked as typed (422); one it keeps that the new dates leave outside clashes
    # with what is stored, said with the other clashes (409).
    deadline = None if change.default_readiness else change.readiness_deadline or current.readiness_deadline
    hours_due = None if change.default_hours_deadline else change.hours_deadline or current.hours_deadline
    wrong: list[FieldError] = []  # this change's own deadlines at fault, said with the clashes when there are any
    for field, given, kept, check in (
        ("readiness_deadline", change.readiness_deadline, deadline, check_readiness_deadline),
        ("hours_deadline", change.hours_deadline, hours_due, check_hours_deadline),
    ):
        if given is None:
            clash = kept_deadline_outside(field, kept, start, end)
            clashes += [clash] if clash else []
        else:
            try:
                check(given, start, end)
            except RuleViolation as typed:
                wrong += typed.errors
    shifts = {
        side: await store.shifts_outside(campaign_id, starts_at=start, ends_at=end, side=side, limit=OUTSIDE_NAMED)
        for side in SIDES
    }
    requirements = await store.one_off_requirements(campaign_id)
    clashes += left_outside(shifts, requirements, starts_at=start, ends_at=end)
    if clashes:
        first, *more = clashes
        more += wrong
        raise Conflict(first.field, first.rule, first.message, first.message_vi, more=more, **first.context)
    if wrong:
        raise RuleViolation(wrong)
    updated = await store.save(
        replace(
            current,
            name=change.name or current.name,
            starts_at=start,
            ends_at=end,
            start=dates.start,
            end=dates.end,
            peaks=peaks,
            border_duty_types=current.border_duty_types
            if change.border_duty_types is None
            else distinct(change.border_duty_types),
            border_sectors=current.border_sectors if change.border_sectors is None else distinct(change.border_sectors),
            version=current.version + 1,
            updated_at=uow.now,
            readiness_deadline=utc(deadline) if deadline else None,
            hours_deadline=utc(hours_due) if hours_due else None,
        )
    )
    await uow.emit(
        _event_data(CampaignUpdated, updated, actor=uow.actor), key=campaign_id, subject=f"campaigns/{campaign_id}"
    )
    if (updated.border_duty_types, updated.border_sectors) != (current.border_duty_types, current.border_sectors):
        await apply_border_defaults(uow, campaign_id=campaign_id)
    return CampaignOutcome(updated, await _warnings(uow, updated, before=current))


async def _warnings(
    uow: UnitOfWork, campaign: Campaign, *, before: Campaign | None = None
) -> tuple[CampaignWarning, ...]:
    if campaign.kind != "drill":
        return ()
    others = await uow.campaigns.overlapping(starts_at=campaign.starts_at, ends_at=campaign.ends_at)
    return drill_warnings(campaign, others, now=uow.now, before=before)


async def get_campaign(ctx: Context, campaign_id: uuid.UUID) -> Campaign:
    async with reading(ctx) as r:
        campaign = await r.campaigns.get(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    return campaign


async def list_campaigns(
    ctx: Context, *, lunar_year: int | None, kind: str | None = None, page: PageRequest
) -> Slice[Campaign]:
    """Campaigns, newest lunar year first (a season's drills with its Tết campaign)."""
    async with reading(ctx) as r:
        return await r.campaigns.find(lunar_year=lunar_year, kind=kind, page=page)
