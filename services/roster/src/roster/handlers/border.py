"""The Tết defaults for border sites (rule in domain/border.py): find what a campaign lacks
and create it through the ordinary requirement path, in the caller's unit of work."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from ..db.tables import campaigns, enterprises, requirements, sites
from ..domain.border import WHOLE_DAY, BorderSettings, BorderSite, missing_defaults
from .context import UnitOfWork
from .requirements import SetRequirement, set_requirement
from .views import window_from_json


async def apply_border_defaults(
    uow: UnitOfWork,
    *,
    campaign_id: uuid.UUID | None = None,
    site_ids: list[uuid.UUID] | None = None,
    enterprise_id: uuid.UUID | None = None,
) -> int:
    """Create the default requirements missing for one campaign (else every campaign not yet
    over), limited to some sites or one enterprise's sites when given; returns how many."""
    stmt = select(campaigns.c.id, campaigns.c.border_duty_types, campaigns.c.border_sectors)
    stmt = stmt.where(campaigns.c.id == campaign_id) if campaign_id else stmt.where(campaigns.c.ends_at > uow.now)
    settings = [
        BorderSettings(r.id, tuple(r.border_duty_types), tuple(r.border_sectors))
        for r in (await uow.session.execute(stmt.order_by(campaigns.c.id))).all()
    ]
    settings = [s for s in settings if s.duty_types and s.sectors]
    if not settings:
        return 0
    site_stmt = (
        select(sites.c.id, sites.c.enterprise_id, sites.c.border_area, enterprises.c.sector)
        .join(enterprises, enterprises.c.id == sites.c.enterprise_id)
        .where(sites.c.border_area)
    )
    if site_ids is not None:
        site_stmt = site_stmt.where(sites.c.id.in_(site_ids))
    if enterprise_id is not None:
        site_stmt = site_stmt.where(sites.c.enterprise_id == enterprise_id)
    border_sites = [
        BorderSite(r.id, r.enterprise_id, r.sector, r.border_area)
        for r in (await uow.session.execute(site_stmt.order_by(sites.c.id))).all()
    ]
    if not border_sites:
        return 0
    existing = {
        (r.campaign_id, r.site_id, r.duty_type)
        for r in (
            await uow.session.execute(
                select(requirements.c.campaign_id, requirements.c.site_id, requirements.c.duty_type).where(
                    requirements.c.campaign_id.in_([s.campaign_id for s in settings]),
                    requirements.c.site_id.in_([s.site_id for s in border_sites]),
                )
            )
        ).all()
    }
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
            ),
        )
        made += 1
    return made
