"""The staff list and the roster as the files the imports read (domain/import_files.py): what a manager downloads,
edits in Excel and imports back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from lichtruc.paging import MAX_LIMIT, PageRequest

from ..domain.campaigns import Campaign
from ..domain.import_files import StaffFilter, drafts_line, people_written, shift_rows, staff_rows
from ..domain.reference import Enterprise, StaffMember
from .context import Context, reading
from .lookups import enterprise_and_campaign, registered_enterprise

WHOLE_LIST = StaffFilter()


@dataclass(frozen=True)
class FilledRows:
    """The rows of a filled file and what they are of (its name says the enterprise, and the campaign)."""

    enterprise: Enterprise
    rows: list[list[str]]
    campaign: Campaign | None = None
    title: str = ""  # the line above the header ("" none): the roster's drafts (`drafts_line`)


async def staff_file(ctx: Context, *, enterprise_id: uuid.UUID, only: StaffFilter = WHOLE_LIST) -> FilledRows:
    """Every staff record of the enterprise, active or not, one row each; `only`: those the staff list's filters
    keep, found as the list finds them (`staff.find`: the same name search), page after page."""
    async with reading(ctx) as repos:
        enterprise = await registered_enterprise(repos, enterprise_id)
        if not only.narrowed:
            return FilledRows(enterprise, staff_rows(await repos.staff.of_enterprise(enterprise_id)))
        members: list[StaffMember] = []
        page: PageRequest | None = PageRequest(MAX_LIMIT)
        while page is not None:
            found = await repos.staff.find(
                enterprise_id=enterprise_id,
                qualification=only.qualification,
                active=only.active,
                q=only.q,
                email=None,
                only=None,
                within=None,
                page=page,
            )
            members.extend(found.items)
            page = PageRequest(MAX_LIMIT, found.next_cursor) if found.next_cursor else None
    return FilledRows(enterprise, staff_rows(members))


async def shifts_file(
    ctx: Context, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID, lang: str = "vi"
) -> FilledRows:
    """The campaign's shifts of the enterprise (not cancelled), one row each, the people named as the import
    finds them, each draft marked, and above them how many are drafts (in `lang`)."""
    async with reading(ctx) as repos:
        enterprise, campaign = await enterprise_and_campaign(
            repos, enterprise_id=enterprise_id, campaign_id=campaign_id
        )
        day = timedelta(days=1)  # (a shift lies inside the campaign's days: a day's margin either side)
        shifts = await repos.shifts.between(
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            starts_at=campaign.starts_at - day,
            ends_at=campaign.ends_at + day,
        )
        roster = await repos.facts.enterprise_staff(enterprise_id)
        sites = {s.id: s.name for s in await repos.sites.of_enterprise(enterprise_id)}
    people = people_written([(facts.id, facts.full_name, email) for facts, email in roster])
    kept = [s for s in shifts if s.status != "cancelled"]
    rows = shift_rows(kept, people=people, sites=sites, lang=lang)
    return FilledRows(enterprise, rows, campaign, title=drafts_line(kept, lang=lang))
