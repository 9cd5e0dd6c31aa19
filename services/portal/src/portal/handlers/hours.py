"""Hours on duty per person of one enterprise over one campaign (domain/hours.py defines them):
every page of the enterprise's shifts in the campaign read from roster, then added up."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from lichtruc.sheets import Separator, attachment, download_name

from ..clients.services import Caller
from ..domain.campaigns import LOOK_BACK
from ..domain.dates import parse_instant
from ..domain.hours import COUNTED_STATUSES, DutyShift, HoursTable, PersonHours, Span, hours_table
from ..domain.hours_files import FILE_COLUMNS, hours_csv, hours_xlsx, made_at
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
    min_rest_hours: float | None = None


async def all_shifts(
    caller: Caller, *, campaign_id: str, enterprise_id: str = "", staff_id: str = "", statuses: tuple[str, ...]
) -> list[Mapping]:
    """Every shift of the enterprise (or of one person) in the campaign with these statuses, page after page."""
    params = {"campaign_id": campaign_id, "enterprise_id": enterprise_id, "staff_id": staff_id}
    return await caller.every(
        "roster",
        "/shifts",
        {**{k: v for k, v in params.items() if v}, "status": list(statuses)},
        limit=SHIFTS_PAGE,
    )


@dataclass(frozen=True)
class CampaignHours:
    """The hours of one enterprise's people over one campaign, as the page, its files and a person's own total
    read them: the table (`domain.hours.hours_table`), the campaign's peaks and name, and the shifts read."""

    table: HoursTable
    peaks: tuple[Peak, ...]
    shifts_read: int
    campaign_name: str = ""
    min_rest_hours: float | None = None
    """Roster's minimum rest the short rests are counted against (None: roster did not say)."""


def min_rest_of(campaign: Mapping) -> timedelta | None:
    """Roster's minimum rest between one person's shifts, as it gives it with the campaign (None: not said)."""
    hours = campaign.get("min_rest_hours")
    return timedelta(hours=float(hours)) if hours is not None else None


async def campaign_hours(
    caller: Caller,
    *,
    campaign_id: str,
    enterprise_id: str = "",
    staff_id: str = "",
    drafts: bool = False,
    sort: str = "total",
    descending: bool = True,
) -> CampaignHours:
    """Every shift of the enterprise (or of one person: `staff_id`, their own total) in the campaign read from
    roster (with the drafts when asked), added up."""
    statuses = COUNTED_STATUSES + (("draft",) if drafts else ())
    campaign = await caller.get("roster", f"/campaigns/{campaign_id}")
    peaks = [
        Span(parse_instant(str(p["starts_at"])), parse_instant(str(p["ends_at"]))) for p in campaign.get("peaks") or ()
    ]
    views = tuple(Peak(str(p["name"]), str(p["starts_at"]), str(p["ends_at"])) for p in campaign.get("peaks") or ())
    shifts = await all_shifts(
        caller, campaign_id=campaign_id, enterprise_id=enterprise_id, staff_id=staff_id, statuses=statuses
    )
    table = hours_table(
        (DutyShift.from_api(s) for s in shifts),
        peaks,
        statuses=statuses,
        sort=sort,
        descending=descending,
        min_rest=min_rest_of(campaign),
    )
    min_rest = min_rest_of(campaign)
    return CampaignHours(
        table,
        views,
        len(shifts),
        str(campaign.get("name") or ""),
        min_rest.total_seconds() / 3600 if min_rest is not None else None,
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
    if where.campaign_id and where.enterprise_id:
        found = await campaign_hours(
            caller,
            campaign_id=where.campaign_id,
            enterprise_id=where.enterprise_id,
            drafts=drafts,
            sort=sort,
            descending=descending,
        )
    else:
        found = CampaignHours(hours_table((), (), sort=sort, descending=descending), (), 0)
    table = found.table
    size, offset = clamp_limit(limit), local_offset(cursor, total=len(table.people))
    people = table.people[offset : offset + size]
    return HoursPage(
        scope=where,
        table=table,
        people=people,
        peaks=found.peaks,
        drafts=drafts,
        shifts_read=found.shifts_read,
        min_rest_hours=found.min_rest_hours,
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


# --- the table as a file (QZ27 #7) ------------------------------------------------------------------------

FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class HoursFile:
    """The hours table of one enterprise over one campaign as a download (None: the address chose none, or one the
    person cannot see — the page says which)."""

    content: bytes
    media_type: str
    disposition: str


async def hours_file(
    caller: Caller,
    *,
    campaign_id: str | None,
    enterprise_id: str | None,
    drafts: bool,
    sort: str,
    descending: bool,
    kind: str,
    separator: Separator,
    t: Callable[..., str],
    lang: str = "vi",
) -> HoursFile | None:
    """The page's table (`campaign_hours`, the one function behind the page) as CSV or Excel, in the page's order,
    under its headings in the reader's language (`t`, `lang`: the lunar days' too); named after the enterprise and the campaign."""
    where = await scope(caller, campaign_id=campaign_id, enterprise_id=enterprise_id)
    if where.unknown or not (where.campaign_id and where.enterprise_id):
        return None
    found = await campaign_hours(
        caller,
        campaign_id=where.campaign_id,
        enterprise_id=where.enterprise_id,
        drafts=drafts,
        sort=sort,
        descending=descending,
    )
    enterprise = next((e.name for e in where.enterprises if e.id == where.enterprise_id), "")
    header = [t(f"hours.col.{c}") for c in FILE_COLUMNS]
    name = download_name(t("hours.file.name"), found.campaign_name, enterprise, ext=kind)
    if kind == "csv":
        content = hours_csv(found.table, header, separator=separator, lang=lang)
    else:
        footer = t(
            "hours.file.footer",
            campaign=found.campaign_name,
            enterprise=enterprise,
            at=made_at(caller.clock()),
            drafts=t("hours.file.with_drafts") if drafts else "",
        )
        content = hours_xlsx(
            found.table,
            header,
            title=t("hours.file.sheet"),
            footer=footer.strip(),
            empty=t("hours.empty"),
            lang=lang,
        )
    return HoursFile(content, FILE_TYPES[kind], attachment(name))
