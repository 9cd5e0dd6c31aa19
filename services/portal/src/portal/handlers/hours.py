"""Hours on duty per person of one enterprise over one campaign (domain/hours.py defines them):
every page of the enterprise's shifts in the campaign read from roster, then added up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..clients.services import Caller
from ..domain.campaigns import LOOK_BACK
from ..domain.dates import parse_instant
from ..domain.hours import COUNTED_STATUSES, DutyShift, HoursTable, PersonHours, Span, hours_table
from ..domain.paging import PageView, clamp_limit, local_next, local_offset, page_view
from .requirements import Scope, scope
from .staff import DrillNote, drill_note, how_many

SHIFTS_PAGE = 500  # roster's largest page (ROSTER_LIST_MAX_LIMIT's default)


@dataclass(frozen=True)
class Peak:
    name: str
    starts_at: str
    ends_at: str


@dataclass(frozen=True)
class HoursPage:
    scope: Scope
    table: HoursTable
    people: tuple[PersonHours, ...]  # this page's slice of table.people
    page: PageView
    peaks: tuple[Peak, ...]
    drafts: bool
    shifts_read: int
    drill: DrillNote | None = None
    """The campaign shown is a drill: the page says so and how many shifts the enterprise has in the Tết beside it."""


async def all_shifts(
    caller: Caller, *, campaign_id: str, enterprise_id: str, statuses: tuple[str, ...]
) -> list[Mapping]:
    """Every shift of the enterprise in the campaign with these statuses, page after page."""
    return await caller.every(
        "roster",
        "/shifts",
        {"campaign_id": campaign_id, "enterprise_id": enterprise_id, "status": list(statuses)},
        limit=SHIFTS_PAGE,
    )


async def hours_page(
    caller: Caller,
    *,
    campaign_id: str | None,
    enterprise_id: str | None,
    drafts: bool,
    sort: str,
    descending: bool,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
) -> HoursPage:
    # hours on duty look back on a Tết (who carried how much of it): the Tết that ended last, not the next one
    where = await scope(caller, campaign_id=campaign_id, enterprise_id=enterprise_id, purpose=LOOK_BACK)
    statuses = COUNTED_STATUSES + (("draft",) if drafts else ())
    shifts: list[Mapping] = []
    peaks: list[Span] = []
    peak_views: list[Peak] = []
    if where.campaign_id and where.enterprise_id:
        campaign = await caller.get("roster", f"/campaigns/{where.campaign_id}")
        for p in campaign.get("peaks") or ():
            peaks.append(Span(parse_instant(str(p["starts_at"])), parse_instant(str(p["ends_at"]))))
            peak_views.append(Peak(str(p["name"]), str(p["starts_at"]), str(p["ends_at"])))
        shifts = await all_shifts(
            caller, campaign_id=where.campaign_id, enterprise_id=where.enterprise_id, statuses=statuses
        )
    table = hours_table(
        (DutyShift.from_api(s) for s in shifts), peaks, statuses=statuses, sort=sort, descending=descending
    )
    size, offset = clamp_limit(limit), local_offset(cursor, total=len(table.people))
    people = table.people[offset : offset + size]
    return HoursPage(
        scope=where,
        table=table,
        people=people,
        peaks=tuple(peak_views),
        drafts=drafts,
        shifts_read=len(shifts),
        drill=await drill_note(
            caller,
            where.campaigns,
            shown_id=where.campaign_id,
            count=lambda tet: how_many(
                caller,
                "roster",
                path="/shifts",
                params={"campaign_id": tet, "enterprise_id": where.enterprise_id, "status": list(statuses)},
            ),
        )
        if where.enterprise_id
        else None,
        page=page_view(
            path,
            query,
            limit=size,
            count=len(people),
            total=len(table.people),
            next_cursor=local_next(offset, limit=size, total=len(table.people)),
        ),
    )
