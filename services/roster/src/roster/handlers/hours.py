"""Transaction points' Tết hours: managers enter a point's schedule for a campaign and publish it
(TransactionHoursPublished); the public reads only what was published (JSON, iCal, the PDF notice)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lichtruc import events_hours as ev
from lichtruc.paging import PageRequest, Slice

from ..db.ports import Repositories
from ..domain.campaigns import Campaign
from ..domain.errors import NotFound, Precondition, missing
from ..domain.hours import (
    DayHours,
    PublishedPoint,
    TetHours,
    campaign_days,
    check_complete,
    check_schedule,
    check_transaction_point,
    normalised,
)
from ..domain.reference import Site
from .context import Context, UnitOfWork, reading

WHAT, WHAT_VI = "Tết opening hours", "giờ mở cửa dịp Tết"


@dataclass(frozen=True)
class PointHours:
    """A point's schedule as its manager sees it: the site, the campaign, the schedule (None: nothing yet)."""

    site: Site
    campaign: Campaign
    hours: TetHours | None

    @property
    def version(self) -> int:
        return self.hours.version if self.hours else 0


async def _site_and_campaign(
    repos: Repositories, site_id: uuid.UUID, campaign_id: uuid.UUID, *, lock: bool = False
) -> tuple[Site, Campaign]:
    site = await repos.sites.get(site_id, lock=lock)
    if site is None:
        raise missing("site", site_id)
    campaign = await repos.campaigns.get(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    return site, campaign


async def get_hours(ctx: Context, site_id: uuid.UUID, *, campaign_id: uuid.UUID) -> PointHours:
    async with reading(ctx) as repos:
        site, campaign = await _site_and_campaign(repos, site_id, campaign_id)
        return PointHours(site, campaign, await repos.hours.get(site_id, campaign_id))


async def set_hours(
    uow: UnitOfWork, site_id: uuid.UUID, *, campaign_id: uuid.UUID, days: Sequence[DayHours], pre: Precondition
) -> PointHours:
    """Replace a transaction point's draft schedule for a campaign (If-Match: its version; "0" for the
    first one). Nothing is public until it is published."""
    site, campaign = await _site_and_campaign(uow, site_id, campaign_id, lock=True)
    check_transaction_point(site.kind, site.name)
    current = await uow.hours.get(site_id, campaign_id, lock=True)
    pre.check(current.version if current else 0, what=WHAT, what_vi=WHAT_VI, ident=f"{site.name} ({campaign.name})")
    check_schedule(days, campaign_days(campaign.starts_at, campaign.ends_at))
    schedule = normalised(days)
    if current is not None and current.days == schedule:
        return PointHours(site, campaign, current)
    hours = (
        replace(current, days=schedule, version=current.version + 1, updated_at=uow.now)
        if current is not None
        else TetHours(
            site_id=site.id,
            campaign_id=campaign.id,
            enterprise_id=site.enterprise_id,
            days=schedule,
            version=1,
            published_days=None,
            published_version=0,
            published_at=None,
            created_at=uow.now,
            updated_at=uow.now,
        )
    )
    await uow.hours.save(hours)
    return PointHours(site, campaign, hours)


def _event_days(days: Sequence[DayHours]) -> tuple[ev.DayHours, ...]:
    return tuple(
        ev.DayHours(
            day=d.day,
            open=d.open,
            sessions=tuple(ev.OpeningSession(opens=s.opens, closes=s.closes) for s in d.sessions),
            note=d.note,
        )
        for d in days
    )


async def publish_hours(
    uow: UnitOfWork, site_id: uuid.UUID, *, campaign_id: uuid.UUID, pre: Precondition
) -> PointHours:
    """Publish the draft (every day of the campaign given): the public sees it from now on;
    TransactionHoursPublished carries the whole schedule. Publishing an unchanged draft again
    changes nothing (no new version)."""
    site, campaign = await _site_and_campaign(uow, site_id, campaign_id, lock=True)
    check_transaction_point(site.kind, site.name)
    current = await uow.hours.get(site_id, campaign_id, lock=True)
    pre.check(current.version if current else 0, what=WHAT, what_vi=WHAT_VI, ident=f"{site.name} ({campaign.name})")
    allowed = campaign_days(campaign.starts_at, campaign.ends_at)
    check_complete(current.days if current else (), allowed, site.name)
    assert current is not None  # check_complete refused an empty schedule
    check_schedule(current.days, allowed)  # the campaign's dates may have moved since the draft was saved
    if not current.unpublished_changes:
        return PointHours(site, campaign, current)
    published = replace(
        current, published_days=current.days, published_version=current.published_version + 1, published_at=uow.now
    )
    await uow.hours.save(published)
    await uow.emit(
        ev.TransactionHoursPublished(
            site_id=site.id,
            enterprise_id=site.enterprise_id,
            campaign_id=campaign.id,
            site_name=site.name,
            district=site.district,
            days=_event_days(published.days),
            published_at=uow.now,
            published_version=published.published_version,
            version=published.version,
            actor=uow.actor,
        ),
        key=site.enterprise_id,
        subject=f"sites/{site.id}/tet-hours",
    )
    return PointHours(site, campaign, published)


# --- what the public reads (published schedules only) ---------------------------------------------


def _no_campaign() -> NotFound:
    return NotFound(
        "Tết campaign",
        "chiến dịch Tết",
        "(none)",
        "no Tết campaign has been opened yet: the hours are published once one is.",
    )


async def _campaign(repos: Repositories, campaign_id: uuid.UUID | None) -> Campaign:
    ident = campaign_id or await repos.hours.latest_tet_campaign()
    if ident is None:
        raise _no_campaign()
    campaign = await repos.campaigns.get(ident)
    if campaign is None:
        raise missing("campaign", ident)
    return campaign


async def public_page(
    ctx: Context, *, campaign_id: uuid.UUID | None, district: str | None, page: PageRequest
) -> tuple[Campaign, Slice[PublishedPoint]]:
    async with reading(ctx) as repos:
        campaign = await _campaign(repos, campaign_id)
        return campaign, await repos.hours.published_page(campaign_id=campaign.id, district=district, page=page)


async def public_all(
    ctx: Context, *, campaign_id: uuid.UUID | None, district: str | None
) -> tuple[Campaign, list[PublishedPoint]]:
    async with reading(ctx) as repos:
        campaign = await _campaign(repos, campaign_id)
        return campaign, await repos.hours.published_all(campaign_id=campaign.id, district=district)


async def public_point(
    ctx: Context, site_id: uuid.UUID, *, campaign_id: uuid.UUID | None
) -> tuple[Campaign, PublishedPoint]:
    async with reading(ctx) as repos:
        campaign = await _campaign(repos, campaign_id)
        found = await repos.hours.published_of(site_id, campaign.id)
    if found is None:
        raise NotFound(
            "transaction point with published Tết hours",
            "điểm giao dịch đã niêm yết giờ mở cửa dịp Tết",
            site_id,
            f"the point has not published its hours for {campaign.name} (see GET /public/transaction-hours).",
        )
    return campaign, found
