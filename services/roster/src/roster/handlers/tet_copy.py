"""A new Tết's coverage requirements and Tết opening hours copied from the Tết before (QZ27 #5), for one
enterprise (a manager's) or every one (the Department's). The rule — a day keeps its distance from mùng 1 — and what
is skipped and why are `domain.tet_copy`'s; here the story: load last Tết's, map them, add what is new (each
requirement with its RequirementSet and version, as one set by hand; each point's draft saved, published by the
manager as any draft), or, a dry run, say what would be."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from lichtruc import lunar, vntime
from lichtruc.counters import serves_counter
from lichtruc.paging import PageRequest
from lichtruc.scope import EVERYTHING

from ..db.ports import RequirementFilter
from ..domain.campaigns import Campaign
from ..domain.errors import missing
from ..domain.hours import TetHours, campaign_days
from ..domain.reference import Site
from ..domain.requirements import StaffingRequirement, rewrites_past
from ..domain.tet_copy import (
    CopiedHours,
    Skipped,
    check_copy_into,
    copied_hours,
    copied_requirements,
    no_previous_tet,
    past_requirements_kept,
    same_key,
)
from .context import UnitOfWork
from .requirements import keep_requirement

PAGE = PageRequest(limit=500)


@dataclass(frozen=True)
class RequirementsFromTet:
    """Last Tết's requirements copied into a campaign (or, a dry run, what copying would do)."""

    from_campaign: Campaign
    added: list[StaffingRequirement]
    skipped: list[Skipped]


@dataclass(frozen=True)
class PointCopied:
    site: Site
    copied: CopiedHours


@dataclass(frozen=True)
class HoursFromTet:
    """Last Tết's opening hours copied into a campaign's drafts (or, a dry run, what copying would do)."""

    from_campaign: Campaign
    points: list[PointCopied]
    """The points given days (`copied.days`), and those skipped whole (no days, `copied.skipped` says why)."""

    @property
    def skipped(self) -> list[Skipped]:
        return [s for p in self.points for s in p.copied.skipped]

    @property
    def filled(self) -> list[PointCopied]:
        return [p for p in self.points if p.copied.days]


async def _campaigns(
    uow: UnitOfWork, campaign_id: uuid.UUID, what: Literal["requirements", "hours"]
) -> tuple[Campaign, Campaign]:
    campaign = await uow.campaigns.get(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    check_copy_into(campaign.kind, campaign.name, what)
    previous = await uow.campaigns.tet_before(campaign.lunar_year)
    if previous is None:
        raise no_previous_tet(campaign.name, what)
    return campaign, previous


async def _enterprises(uow: UnitOfWork, enterprise_ids: Sequence[uuid.UUID] | None) -> list[uuid.UUID]:
    """These enterprises (each one there: a missing one is named), or every one (None: the whole province)."""
    if enterprise_ids is None:
        found = await uow.enterprises.find(sector=None, q=None, within=None, page=PAGE)
        return [e.id for e in found.items]
    for ident in enterprise_ids:
        if await uow.enterprises.get(ident) is None:
            raise missing("enterprise", ident)
    return list(enterprise_ids)


async def _requirements(uow: UnitOfWork, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> list[StaffingRequirement]:
    out: list[StaffingRequirement] = []
    page = PAGE
    while True:
        found = await uow.requirements.page(
            RequirementFilter(campaign_id=campaign_id, enterprise_id=enterprise_id), visible=EVERYTHING, page=page
        )
        out += found.items
        if found.next_cursor is None:
            return out
        page = PageRequest(limit=PAGE.limit, cursor=found.next_cursor)


async def copy_requirements_from_tet(
    uow: UnitOfWork,
    campaign_id: uuid.UUID,
    *,
    enterprise_ids: Sequence[uuid.UUID] | None,
    by_department: bool,
    dry_run: bool = False,
) -> RequirementsFromTet:
    """Define last Tết's requirements of these enterprises (None: all) in this Tết campaign
    (`domain.tet_copy.copied_requirements`): each a RequirementSet for the whole campaign, as the Department's
    border defaults are. Once the campaign has begun that reaches the days past: `by_department` alone
    (`rewrites_past`, the requirement form's rule), a manager's copy refused, its dry run too. `dry_run`: none
    defined."""
    campaign, previous = await _campaigns(uow, campaign_id, "requirements")
    if rewrites_past(since=None, now=uow.now, campaign_starts_at=campaign.starts_at, by_department=by_department):
        first = vntime.local_day(campaign.starts_at)
        raise past_requirements_kept(campaign.name, vntime.day_label(first, "en"), vntime.day_label(first))
    added: list[StaffingRequirement] = []
    skipped: list[Skipped] = []
    for enterprise_id in await _enterprises(uow, enterprise_ids):
        old = await _requirements(uow, previous.id, enterprise_id)
        if not old:
            continue
        have = {same_key(r) for r in await _requirements(uow, campaign.id, enterprise_id)}
        sites = {s.id for s in await uow.sites.of_enterprise(enterprise_id)}
        copied = copied_requirements(
            old,
            have,
            sites=sites,
            campaign_id=campaign.id,
            starts_at=campaign.starts_at,
            ends_at=campaign.ends_at,
            from_tet=lunar.tet(previous.lunar_year),
            to_tet=lunar.tet(campaign.lunar_year),
            now=uow.now,
            new_id=uuid.uuid4,
        )
        added += copied.added
        skipped += copied.skipped
    if not dry_run:
        for requirement in added:
            await uow.requirements.add(requirement)
            await keep_requirement(uow, requirement, since=None)
    return RequirementsFromTet(previous, added, skipped)


async def copy_hours_from_tet(
    uow: UnitOfWork,
    campaign_id: uuid.UUID,
    *,
    enterprise_ids: Sequence[uuid.UUID] | None,
    replace_drafts: bool = False,
    dry_run: bool = False,
) -> HoursFromTet:
    """Last Tết's opening hours of the post offices and transaction points of these enterprises (None: all) as
    this Tết campaign's drafts (`domain.tet_copy.copied_hours`: what was published, else the draft), each day moved
    by its distance from mùng 1; a point whose new draft has days is left as it is unless `replace_drafts` (the
    answer to the question asked first). Nothing is published: the manager checks and publishes each. `dry_run`:
    none saved."""
    campaign, previous = await _campaigns(uow, campaign_id, "hours")
    allowed = campaign_days(campaign.starts_at, campaign.ends_at)
    points: list[PointCopied] = []
    for enterprise_id in await _enterprises(uow, enterprise_ids):
        for site in await uow.sites.of_enterprise(enterprise_id):
            if not serves_counter(site.kind):
                continue
            old = await uow.hours.get(site.id, previous.id)
            last = (old.published_days or old.days) if old is not None else ()
            if not last:
                continue
            current = await uow.hours.get(site.id, campaign.id, lock=not dry_run)
            copied = copied_hours(
                last,
                current.days if current is not None else (),
                point=site.name,
                allowed=allowed,
                from_tet=lunar.tet(previous.lunar_year),
                to_tet=lunar.tet(campaign.lunar_year),
                replace_draft=replace_drafts,
            )
            points.append(PointCopied(site, copied))
            if dry_run or not copied.days:
                continue
            await uow.hours.save(
                replace(current, days=copied.days, version=current.version + 1, updated_at=uow.now)
                if current is not None
                else TetHours(
                    site_id=site.id,
                    campaign_id=campaign.id,
                    enterprise_id=site.enterprise_id,
                    days=copied.days,
                    version=1,
                    published_days=None,
                    published_version=0,
                    published_at=None,
                    created_at=uow.now,
                    updated_at=uow.now,
                )
            )
    return HoursFromTet(previous, points)
