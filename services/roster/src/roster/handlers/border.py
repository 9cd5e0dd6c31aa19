"""The Tết defaults for border sites (rule in domain/border.py): find what a campaign lacks
and create it through the ordinary requirement path, in the caller's unit of work."""

from __future__ import annotations

import uuid

from lichtruc.paging import MAX_LIMIT, PageRequest
from lichtruc.scope import EVERYTHING

from ..db.ports import RequirementFilter
from ..domain.border import WHOLE_DAY, BorderDefaultKept, made_by_flag, missing_defaults
from ..domain.errors import Precondition
from ..domain.requirements import window_from_json
from .context import UnitOfWork
from .requirements import SetRequirement, remove_requirement, set_requirement


async def apply_border_defaults(
    uow: UnitOfWork,
    *,
    campaign_id: uuid.UUID | None = None,
    site_ids: list[uuid.UUID] | None = None,
    enterprise_id: uuid.UUID | None = None,
    applies: str = "whole_campaign",
) -> int:
    """Create the default requirements missing for one campaign (else every campaign not yet
    over), limited to some sites or one enterprise's sites when given; returns how many. `applies` "from_now" (a
    site flagged or registered as border, an enterprise's sector changed): made during a campaign, a default
    requires nothing of the time before (QZ12: a site flagged on 3 Feb was judged from 00:00 30 Jan, before it
    existed); before the campaign begins it holds for the whole campaign all the same."""
    settings = [
        s
        for s in await uow.facts.border_settings(campaign_id=campaign_id, ongoing_at=uow.now)
        if s.duty_types and s.sectors
    ]
    if not settings:
        return 0
    border_sites = await uow.facts.border_sites(site_ids=site_ids, enterprise_id=enterprise_id)
    if not border_sites:
        return 0
    existing = await uow.requirements.keys(
        campaign_ids=[s.campaign_id for s in settings], site_ids=[s.site_id for s in border_sites]
    )
    made = 0
    for d in missing_defaults(settings, border_sites, existing):
        await set_requirement(
            uow,
            SetRequirement(
                campaign_id=d.campaign_id,
                enterprise_id=d.enterprise_id,
                duty_type=d.duty_type,
                window=window_from_json(WHOLE_DAY),
                minimum=1,
                site_id=d.site_id,
                department_default=True,
                applies=applies,
            ),
        )
        made += 1
    return made


async def drop_border_defaults(uow: UnitOfWork, *, site_id: uuid.UUID, site_name: str) -> list[BorderDefaultKept]:
    """The site's border flag cleared: remove, from now on (the days past keep them; before a campaign begins, for
    the whole of it), the defaults the flag made at it in every campaign not yet over (QZ12: unticked, the patrol
    requirement stayed and no one could remove it). A default changed by hand since is kept: the notes say which."""
    campaigns = {s.campaign_id for s in await uow.facts.border_settings(campaign_id=None, ongoing_at=uow.now)}
    if not campaigns:
        return []
    found = await uow.requirements.page(
        RequirementFilter(site_id=site_id), visible=EVERYTHING, page=PageRequest(limit=MAX_LIMIT)
    )
    kept = []
    for r in found.items:
        if r.campaign_id not in campaigns or r.floor is None:
            continue
        if made_by_flag(r):
            await remove_requirement(
                uow, r.id, pre=Precondition(frozenset({r.version})), by_department=True, applies="from_now"
            )
        else:
            kept.append(
                BorderDefaultKept(duty_type=r.duty_type, site=site_name, label=r.label(), label_vi=r.label("vi"))
            )
    return kept
