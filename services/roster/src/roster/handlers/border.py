"""The Tết defaults for border sites (rule in domain/border.py): find what a campaign lacks
and create it through the ordinary requirement path, in the caller's unit of work."""

from __future__ import annotations

import uuid

from ..domain.border import WHOLE_DAY, missing_defaults
from ..domain.requirements import window_from_json
from .context import UnitOfWork
from .requirements import SetRequirement, set_requirement


async def apply_border_defaults(
    uow: UnitOfWork,
    *,
    campaign_id: uuid.UUID | None = None,
    site_ids: list[uuid.UUID] | None = None,
    enterprise_id: uuid.UUID | None = None,
) -> int:
    """Create the default requirements missing for one campaign (else every campaign not yet
    over), limited to some sites or one enterprise's sites when given; returns how many."""
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
            ),
        )
        made += 1
    return made
