"""Districts as the sites and incidents spell them: the list grouped by district, and the administrator's merge of a
district's split spellings into one — each site rewritten through the sites' own edit (`reference.edit_site`),
so that each publishes its SiteUpdated with its new version, and each incident written with one of those
spellings rewritten too (`incidents.respell_districts`: IncidentUpdated, change "district_merged"), all in the
one transaction of the merge."""

from __future__ import annotations

from dataclasses import dataclass

from lichtruc.paging import PageRequest, Slice, by_offset

from ..domain.districts import DistrictGroup, group_districts, merge_of
from ..domain.errors import ANY_VERSION
from .context import Context, UnitOfWork, reading
from .incidents import respell_districts
from .reference import edit_site

PAGE_KIND = "districts"


async def list_districts(ctx: Context, *, q: str | None, split: bool | None, page: PageRequest) -> Slice[DistrictGroup]:
    """The districts the sites and incidents are in, each with its spellings and their sites and incidents
    (`domain.districts`): those spelled in several ways first. A province has a few dozen districts: they are grouped here."""
    async with reading(ctx) as r:
        spellings = await r.sites.spellings()
    groups = [g for g in group_districts(spellings) if g.matches(q) and (split is None or g.split == split)]
    start = page.offset(PAGE_KIND)
    return by_offset(groups[start : start + page.limit + 1], page, PAGE_KIND, total=len(groups))


@dataclass(frozen=True)
class MergeDistricts:
    spellings: tuple[str, ...]
    into: str


@dataclass(frozen=True)
class DistrictsMerged:
    """What a merge did: the district as now written, the spellings merged, and how many sites and incidents
    changed (those already written `into` did not)."""

    into: str
    spellings: tuple[str, ...]
    sites_changed: int
    incidents_changed: int = 0


async def merge_districts(uow: UnitOfWork, cmd: MergeDistricts) -> DistrictsMerged:
    """Write every site and every incident whose district is one of `cmd.spellings` as `cmd.into`; publishes
    SiteUpdated for each site that changed, IncidentUpdated for each incident."""
    in_use = [s.spelling for s in await uow.sites.spellings()]
    merge = merge_of(cmd.spellings, cmd.into, in_use=in_use)
    changed = 0
    for site in await uow.sites.in_districts(merge.spellings):
        if site.district == merge.into:
            continue
        await edit_site(uow, site.id, changes={"district": merge.into}, pre=ANY_VERSION, district_as_given=True)
        changed += 1
    incidents = await respell_districts(uow, merge.spellings, into=merge.into)
    return DistrictsMerged(merge.into, merge.spellings, changed, incidents)
