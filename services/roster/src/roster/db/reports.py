"""Daily situation reports in PostgreSQL: each submitted version one row, its facts as JSON and its section IV as
it was derived at the submission (`section_iv`, as the event carried it), read back as stored."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from pydantic import AwareDatetime, BaseModel, ConfigDict
from sqlalchemy import Select, and_, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.events_reports import (
    ReportAbsence,
    ReportCheckIn,
    ReportDuty,
    ReportGap,
    ReportIncident,
    ReportShortfall,
)
from lichtruc.paging import Int32, PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.reports import (
    AbsenceLine,
    CheckInLine,
    DailyReport,
    DutyLine,
    GapLine,
    IncidentLine,
    PrintedFor,
    ReportFacts,
    SectionIV,
    ShortfallLine,
    StaffingLine,
)
from .tables import daily_reports
from .visibility import visible_where

LIST_KIND = "daily-reports"


@dataclass(frozen=True)
class ReportFilter:
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    day: date | None = None
    day_from: date | None = None
    day_to: date | None = None
    latest_only: bool = False  # only each day's latest version


class ReportRepository(Protocol):
    async def get(self, report_id: uuid.UUID) -> DailyReport | None: ...

    async def latest(self, enterprise_id: uuid.UUID, day: date) -> DailyReport | None:
        """The day's latest version, None before the first submission."""
        ...

    async def versions(self, enterprise_id: uuid.UUID, day: date) -> list[DailyReport]:
        """Every version of the day's report, oldest first."""
        ...

    async def add(self, report: DailyReport) -> None:
        """Store a new version (a concurrent submission of the same version is refused by the store)."""
        ...

    async def count(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> int:
        """How many reports (every version) the enterprise has submitted in the campaign."""
        ...

    async def page(self, f: ReportFilter, *, visible: Visible, page: PageRequest) -> Slice[DailyReport]:
        """Reports the caller may see, by day, enterprise, then version (keyset), with the total."""
        ...

    async def enterprise_of(self, report_id: uuid.UUID) -> uuid.UUID | None: ...


_LINES: tuple[tuple[str, type, type[BaseModel]], ...] = (
    ("duty", DutyLine, ReportDuty),
    ("check_ins", CheckInLine, ReportCheckIn),
    ("incidents", IncidentLine, ReportIncident),
    ("gaps", GapLine, ReportGap),
)


class StaffingRow(BaseModel):
    """A stretch of the plan as the report keeps it (`StaffingLine`): not in the event, only for section IV."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    duty_type: str
    site_name: str | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    required: int
    planned: int


def facts_json(facts: ReportFacts) -> dict[str, Any]:
    doc: dict[str, Any] = {"campaign_name": facts.campaign_name, "enterprise_name": facts.enterprise_name}
    for name, _, model in _LINES:
        doc[name] = [
            model.model_validate(dataclasses.asdict(line)).model_dump(mode="json") for line in getattr(facts, name)
        ]
    if facts.staffing is not None:
        doc["staffing"] = [
            StaffingRow.model_validate(dataclasses.asdict(x)).model_dump(mode="json") for x in facts.staffing
        ]
    return doc


def _fields(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in values.items() if k in names}


def facts_of(row: Mapping[str, Any]) -> ReportFacts:
    doc = row["facts"]
    lines = {
        # the line's own fields: a model may carry more than the report stores (a gap's `not_come`, derived)
        name: tuple(cls(**_fields(cls, dict(model.model_validate(x)))) for x in doc.get(name, []))
        for name, cls, model in _LINES
    }
    return ReportFacts(
        campaign_id=row["campaign_id"],
        campaign_name=doc["campaign_name"],
        enterprise_id=row["enterprise_id"],
        enterprise_name=doc["enterprise_name"],
        day=row["day"],
        **lines,
        # a report stored before the plan's stretches were kept has none: None, not "nothing required"
        staffing=(
            tuple(StaffingLine(**dict(StaffingRow.model_validate(x))) for x in doc["staffing"])
            if "staffing" in doc
            else None
        ),
    )


def said_absence(a: AbsenceLine) -> ReportAbsence:
    """A presence line as the API, the event and the stored section carry it: without its staff id (section IV counts
    people by it; the lines print names)."""
    return ReportAbsence.model_validate({k: v for k, v in dataclasses.asdict(a).items() if k != "staff_id"})


def gap_lines(section: SectionIV) -> tuple[ReportGap, ...]:
    """Section IV's gaps as the API and the event carry them, each with its `not_come`."""
    return tuple(
        ReportGap.model_validate({**dataclasses.asdict(g), "not_come": [said_absence(a) for a in people]})
        for g, people in section.gaps
    )


def absence_lines(section: SectionIV) -> tuple[ReportAbsence, ...]:
    """Everyone not there once due (not named on a gap), each saying whether they left a shortfall, as the API and the
    event carry them."""
    return tuple(said_absence(a) for a in section.absences)


def shortfall_lines(section: SectionIV) -> tuple[ReportShortfall, ...]:
    """Section IV's presence shortfalls as the API and the event carry them, each with who was missing."""
    return tuple(
        ReportShortfall.model_validate({**dataclasses.asdict(s), "missing": [said_absence(a) for a in people]})
        for s, people in section.shortfalls
    )


def section_json(section: SectionIV) -> dict[str, Any]:
    """Section IV as a submitted report keeps it (`daily_reports.section_iv`): the event's `gaps`, `absences` and
    `shortfalls`, word for word — what was sent is what is kept (migration 0036 fills the reports sent before it from
    their events)."""
    return {
        "gaps": [x.model_dump(mode="json") for x in gap_lines(section)],
        "absences": [x.model_dump(mode="json") for x in absence_lines(section)],
        "shortfalls": [x.model_dump(mode="json") for x in shortfall_lines(section)],
    }


def _absence_of(a: ReportAbsence) -> AbsenceLine:
    # an event from before the line's status was carried said "chưa điểm danh" unless checked in or handed over: so
    # does "not_yet" (`documents.reports.absence_status`)
    return AbsenceLine(**{**_fields(AbsenceLine, dict(a)), "staff_id": None, "status": a.status or "not_yet"})


def section_of(doc: Mapping[str, Any]) -> SectionIV:
    """Section IV as stored with a submitted report (`section_json`), read back as it was: nothing derived again."""
    gaps = [ReportGap.model_validate(x) for x in doc.get("gaps", [])]
    shortfalls = [ReportShortfall.model_validate(x) for x in doc.get("shortfalls", [])]
    return SectionIV(
        gaps=tuple((GapLine(**_fields(GapLine, dict(g))), tuple(_absence_of(a) for a in g.not_come)) for g in gaps),
        absences=tuple(_absence_of(ReportAbsence.model_validate(x)) for x in doc.get("absences", [])),
        shortfalls=tuple(
            (ShortfallLine(**_fields(ShortfallLine, dict(s))), tuple(_absence_of(a) for a in s.missing))
            for s in shortfalls
        ),
    )


def report_of(row: Mapping[str, Any]) -> DailyReport:
    return DailyReport(
        id=row["id"],
        facts=facts_of(row),
        version=row["version"],
        supersedes=row["supersedes"],
        number=row["number"],
        remarks=row["remarks"],
        submitted_at=row["submitted_at"],
        submitted_by=row["submitted_by"],
        submitted_by_name=row["submitted_by_name"],
        kept_section=section_of(row["section_iv"]),
        printed=printed_of(row.get("printed")),
    )


def printed_of(doc: Mapping[str, Any] | None) -> PrintedFor | None:
    """The Department's place and recipients kept with a report (`daily_reports.printed`: {"place", "recipients"})."""
    if doc is None:
        return None
    return PrintedFor(str(doc["place"]), tuple(str(r) for r in doc["recipients"]))


def report_row(report: DailyReport) -> dict[str, Any]:
    return {
        "id": report.id,
        "campaign_id": report.campaign_id,
        "enterprise_id": report.enterprise_id,
        "day": report.day,
        "version": report.version,
        "supersedes": report.supersedes,
        "number": report.number,
        "remarks": report.remarks,
        "submitted_at": report.submitted_at,
        "submitted_by": report.submitted_by,
        "submitted_by_name": report.submitted_by_name,
        "facts": facts_json(report.facts),
        "section_iv": section_json(report.section),
        "printed": None
        if report.printed is None
        else {"place": report.printed.place, "recipients": list(report.printed.recipients)},
    }


def sort_key(r: DailyReport) -> tuple[date, uuid.UUID, int]:
    return (r.day, r.enterprise_id, r.version)


KEY_TYPES = (date, uuid.UUID, Int32)
"""The types of `sort_key`, in order (the version is an INTEGER column): what a cursor of the list holds."""


class PgReports:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _all(self, stmt: Select[Any]) -> list[DailyReport]:
        return [report_of(r) for r in (await self.session.execute(stmt)).mappings()]

    async def get(self, report_id: uuid.UUID) -> DailyReport | None:
        found = await self._all(select(daily_reports).where(daily_reports.c.id == report_id))
        return found[0] if found else None

    async def latest(self, enterprise_id: uuid.UUID, day: date) -> DailyReport | None:
        found = await self.versions(enterprise_id, day)
        return found[-1] if found else None

    async def versions(self, enterprise_id: uuid.UUID, day: date) -> list[DailyReport]:
        t = daily_reports.c
        return await self._all(
            select(daily_reports).where(t.enterprise_id == enterprise_id, t.day == day).order_by(t.version)
        )

    async def add(self, report: DailyReport) -> None:
        await self.session.execute(daily_reports.insert().values(**report_row(report)))

    async def count(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> int:
        t = daily_reports.c
        found = await self.session.scalar(
            select(func.count()).where(t.campaign_id == campaign_id, t.enterprise_id == enterprise_id)
        )
        return int(found or 0)

    async def page(self, f: ReportFilter, *, visible: Visible, page: PageRequest) -> Slice[DailyReport]:
        t = daily_reports.c
        stmt = select(daily_reports).where(*visible_where(visible, t.enterprise_id))
        if f.campaign_id:
            stmt = stmt.where(t.campaign_id == f.campaign_id)
        if f.enterprise_id:
            stmt = stmt.where(t.enterprise_id == f.enterprise_id)
        if f.day:
            stmt = stmt.where(t.day == f.day)
        if f.day_from:
            stmt = stmt.where(t.day >= f.day_from)
        if f.day_to:
            stmt = stmt.where(t.day <= f.day_to)
        if f.latest_only:
            newer = daily_reports.alias("newer")
            stmt = stmt.where(
                ~select(newer.c.id)
                .where(
                    and_(newer.c.enterprise_id == t.enterprise_id, newer.c.day == t.day, newer.c.version > t.version)
                )
                .exists()
            )
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        after = page.after(LIST_KIND, *KEY_TYPES)
        if after is not None:
            stmt = stmt.where(tuple_(t.day, t.enterprise_id, t.version) > tuple_(*after))
        found = await self._all(stmt.order_by(t.day, t.enterprise_id, t.version).limit(page.limit + 1))
        return keyset(found, page.limit, LIST_KIND, sort_key, total=int(total or 0))

    async def enterprise_of(self, report_id: uuid.UUID) -> uuid.UUID | None:
        return await self.session.scalar(select(daily_reports.c.enterprise_id).where(daily_reports.c.id == report_id))
