"""Campaign commands and queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert

from lichtruc import lunar
from lichtruc.events import CampaignOpened, CampaignUpdated, PeakWindow
from lichtruc.words import name, shift_label, span

from ..db.tables import campaigns, enterprises, requirements, shifts
from ..domain.border import DEFAULT_BORDER_DUTY_TYPES, DEFAULT_BORDER_SECTORS
from ..domain.campaigns import (
    CampaignPeriod,
    LunarDay,
    Peak,
    campaign_period,
    check_peaks,
    check_readiness_deadline,
    default_peaks,
    drill_name,
    drill_period,
    drill_season,
    readiness_deadline,
)
from ..domain.errors import Conflict, Precondition, RuleViolation, missing
from ..domain.localtime import utc
from ..domain.requirements import OneOff
from .border import apply_border_defaults
from .context import Context, UnitOfWork
from .views import (
    Page,
    campaign_view,
    fetch_page,
    lunar_day_from_json,
    peaks_from_row,
    peaks_to_json,
    window_from_json,
)


@dataclass(frozen=True)
class OpenCampaign:
    lunar_year: int | None
    start: LunarDay | None = None
    end: LunarDay | None = None
    peaks: tuple[Peak, ...] | None = None  # None: the default giao thừa peak (none for a drill)
    name: str | None = None
    readiness_deadline: datetime | None = None  # None: 24 h before the start
    border_duty_types: tuple[str, ...] = DEFAULT_BORDER_DUTY_TYPES
    border_sectors: tuple[str, ...] = DEFAULT_BORDER_SECTORS
    kind: str = "tet"
    starts_at: datetime | None = None  # a drill's free dates
    ends_at: datetime | None = None


@dataclass(frozen=True)
class EditCampaign:
    """Only the fields that are not None change; `peaks=()` removes every peak."""

    start: LunarDay | None = None
    end: LunarDay | None = None
    peaks: tuple[Peak, ...] | None = None
    name: str | None = None
    readiness_deadline: datetime | None = None
    default_readiness: bool = False  # True: back to the default deadline, 24 h before the start
    border_duty_types: tuple[str, ...] | None = None
    border_sectors: tuple[str, ...] | None = None
    starts_at: datetime | None = None  # a drill's
    ends_at: datetime | None = None


def _distinct(values: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(values))


def _lunar_json(day: LunarDay) -> dict:
    return {"month": day.month, "day": day.day, "leap": day.leap}


def _relative(ld: lunar.LunarDate) -> LunarDay:
    return LunarDay(ld.month, ld.day, ld.leap)


def _absolute_json(ld: lunar.LunarDate) -> dict:
    return {"month": ld.month, "day": ld.day, "leap": ld.leap, "year": ld.year}


def _wrong_dates(kind: str, fields: list[str]) -> RuleViolation:
    if kind == "drill":
        return RuleViolation(
            fields[0],
            "drill-dates",
            "A drill has free dates: give starts_at and ends_at (no lunar start/end).",
            "Buổi diễn tập có ngày giờ tự do: hãy ghi giờ bắt đầu và giờ kết thúc (không dùng ngày âm lịch).",
        )
    return RuleViolation(
        fields[0],
        "tet-dates",
        "A Tết campaign's dates come from the lunar calendar: give lunar_year (and optionally the "
        "lunar start and end), not starts_at/ends_at.",
        "Chiến dịch Tết lấy ngày theo âm lịch: hãy ghi năm âm lịch (và nếu cần ngày âm lịch bắt đầu, "
        "kết thúc), không ghi giờ bắt đầu, kết thúc.",
    )


def _dates(
    kind: str,
    *,
    lunar_year: int | None,
    start: LunarDay | None,
    end: LunarDay | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> tuple[int, CampaignPeriod, dict, dict]:
    """The campaign's lunar year, instants and stored lunar days, by kind."""
    if kind == "drill":
        if starts_at is None or ends_at is None or start is not None or end is not None:
            raise _wrong_dates(kind, ["starts_at" if starts_at is None else "ends_at" if ends_at is None else "start"])
        period = drill_period(starts_at, ends_at)
        return (
            drill_season(period.starts_at),
            period,
            _absolute_json(period.first_day),
            _absolute_json(period.last_day),
        )
    if lunar_year is None or starts_at is not None or ends_at is not None:
        raise _wrong_dates(kind, ["lunar_year" if lunar_year is None else "starts_at"])
    period = campaign_period(lunar_year, start, end)
    return lunar_year, period, _lunar_json(_relative(period.first_day)), _lunar_json(_relative(period.last_day))


def _event_data(cls: type[CampaignOpened], row: dict, actor: str | None) -> CampaignOpened:
    return cls(
        campaign_id=row["id"],
        kind=row["kind"],
        lunar_year=row["lunar_year"],
        name=row["name"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        peaks=tuple(PeakWindow(name=p.name, starts_at=p.starts_at, ends_at=p.ends_at) for p in peaks_from_row(row)),
        readiness_deadline=readiness_deadline(row["starts_at"], row["readiness_deadline"]),
        border_duty_types=tuple(row["border_duty_types"]),
        border_sectors=tuple(row["border_sectors"]),
        version=row["version"],
        actor=actor,
    )


async def open_campaign(uow: UnitOfWork, cmd: OpenCampaign) -> dict:
    """Open the campaign of a Tết (one per lunar year) or a drill (free dates, as many as held);
    publishes CampaignOpened."""
    year, period, start_lunar, end_lunar = _dates(
        cmd.kind, lunar_year=cmd.lunar_year, start=cmd.start, end=cmd.end, starts_at=cmd.starts_at, ends_at=cmd.ends_at
    )
    if cmd.peaks is not None:
        peaks = cmd.peaks
    else:
        peaks = default_peaks(year) if cmd.kind == "tet" else ()
    check_peaks(peaks, period.starts_at, period.ends_at)
    check_readiness_deadline(cmd.readiness_deadline, period.starts_at, period.ends_at)
    name = cmd.name or (lunar.tet_name(year) if cmd.kind == "tet" else drill_name(period.starts_at))
    values = {
        "id": uuid.uuid4(),
        "kind": cmd.kind,
        "lunar_year": year,
        "name": name,
        "starts_at": utc(period.starts_at),
        "ends_at": utc(period.ends_at),
        "start_lunar": start_lunar,
        "end_lunar": end_lunar,
        "peaks": peaks_to_json(peaks),
        "border_duty_types": _distinct(cmd.border_duty_types),
        "border_sectors": _distinct(cmd.border_sectors),
        "version": 1,
        "created_at": uow.now,
        "updated_at": uow.now,
        "readiness_deadline": utc(cmd.readiness_deadline) if cmd.readiness_deadline else None,
    }
    stmt = insert(campaigns).values(**values)
    if cmd.kind == "tet":
        stmt = stmt.on_conflict_do_nothing(index_elements=["lunar_year"], index_where=campaigns.c.kind == "tet")
    inserted = (await uow.session.execute(stmt.returning(*campaigns.c))).mappings().first()
    if inserted is None:
        existing = (
            await uow.session.execute(
                select(campaigns.c.id, campaigns.c.name).where(
                    campaigns.c.lunar_year == year, campaigns.c.kind == "tet"
                )
            )
        ).first()
        raise Conflict(
            "lunar_year",
            "campaign-exists",
            f"The campaign of lunar year {year} already exists ({existing.name}): edit it with "
            f"PATCH /campaigns/{existing.id}.",
            f"Chiến dịch năm âm lịch {year} đã có ({existing.name}): hãy sửa chiến dịch đó.",
            campaign_id=str(existing.id),
        )
    row = dict(inserted)
    await uow.emit(_event_data(CampaignOpened, row, uow.actor), key=row["id"], subject=f"campaigns/{row['id']}")
    await apply_border_defaults(uow, campaign_id=row["id"])
    return campaign_view(row)


async def _locked(uow: UnitOfWork, campaign_id: uuid.UUID) -> dict:
    row = (
        (await uow.session.execute(select(campaigns).where(campaigns.c.id == campaign_id).with_for_update()))
        .mappings()
        .first()
    )
    if row is None:
        raise missing("campaign", campaign_id)
    return dict(row)


async def edit_campaign(uow: UnitOfWork, campaign_id: uuid.UUID, cmd: EditCampaign, pre: Precondition) -> dict:
    """Change a campaign's dates, peaks or name; publishes CampaignUpdated. Refused (409) when a
    shift or a one-off requirement would fall outside the new dates."""
    row = await _locked(uow, campaign_id)
    pre.check(row["version"], what="campaign", what_vi="chiến dịch", ident=campaign_id)
    if row["kind"] == "drill":
        _, period, start_lunar, end_lunar = _dates(
            "drill",
            lunar_year=None,
            start=cmd.start,
            end=cmd.end,
            starts_at=cmd.starts_at or row["starts_at"],
            ends_at=cmd.ends_at or row["ends_at"],
        )
    else:
        _, period, start_lunar, end_lunar = _dates(
            "tet",
            lunar_year=row["lunar_year"],
            start=cmd.start or lunar_day_from_json(row["start_lunar"]),
            end=cmd.end or lunar_day_from_json(row["end_lunar"]),
            starts_at=cmd.starts_at,
            ends_at=cmd.ends_at,
        )
    peaks = peaks_from_row(row) if cmd.peaks is None else cmd.peaks
    check_peaks(peaks, period.starts_at, period.ends_at)
    start, end = utc(period.starts_at), utc(period.ends_at)
    deadline = None if cmd.default_readiness else cmd.readiness_deadline or row["readiness_deadline"]
    check_readiness_deadline(deadline, start, end)
    outside = (
        await uow.session.execute(
            select(shifts.c.id, shifts.c.starts_at, shifts.c.ends_at, shifts.c.duty_type, enterprises.c.name)
            .join(enterprises, enterprises.c.id == shifts.c.enterprise_id)
            .where(
                shifts.c.campaign_id == campaign_id,
                shifts.c.status != "cancelled",
                or_(shifts.c.starts_at < start, shifts.c.ends_at > end),
            )
            .order_by(shifts.c.starts_at, shifts.c.id)
            .limit(1)
        )
    ).first()
    if outside is not None:
        label_en = shift_label(outside.duty_type, outside.starts_at, outside.ends_at, "en", enterprise=outside.name)
        label_vi = shift_label(outside.duty_type, outside.starts_at, outside.ends_at, enterprise=outside.name)
        raise Conflict(
            "start" if outside.starts_at < start else "end",
            "shifts-inside-campaign",
            f"The shift {label_en} would fall outside the new dates: move or cancel it first.",
            f"Ca {label_vi} sẽ nằm ngoài thời gian mới của chiến dịch: hãy dời hoặc hủy ca đó trước.",
            conflicting_shift_id=str(outside.id),
        )
    for req_id, window, duty_type, enterprise_name in (
        await uow.session.execute(
            select(requirements.c.id, requirements.c.time_window, requirements.c.duty_type, enterprises.c.name)
            .join(enterprises, enterprises.c.id == requirements.c.enterprise_id)
            .where(requirements.c.campaign_id == campaign_id)
            .order_by(requirements.c.id)
        )
    ).all():
        w = window_from_json(window)
        if isinstance(w, OneOff) and (w.starts_at < start or w.ends_at > end):
            raise Conflict(
                "start" if w.starts_at < start else "end",
                "requirements-inside-campaign",
                f"The requirement of {enterprise_name} for {name('duty_type', duty_type, 'en')} "
                f"({span(w.starts_at, w.ends_at, 'en')}) lies outside the new dates: change or remove it "
                "first.",
                f"Yêu cầu {name('duty_type', duty_type).lower()} của {enterprise_name} "
                f"({span(w.starts_at, w.ends_at)}) nằm ngoài thời gian mới của chiến dịch: hãy sửa hoặc "
                "xóa trước.",
                requirement_id=str(req_id),
            )
    values = {
        "name": cmd.name or row["name"],
        "starts_at": start,
        "ends_at": end,
        "start_lunar": start_lunar,
        "end_lunar": end_lunar,
        "peaks": peaks_to_json(peaks),
        "border_duty_types": row["border_duty_types"]
        if cmd.border_duty_types is None
        else _distinct(cmd.border_duty_types),
        "border_sectors": row["border_sectors"] if cmd.border_sectors is None else _distinct(cmd.border_sectors),
        "version": row["version"] + 1,
        "updated_at": uow.now,
        "readiness_deadline": utc(deadline) if deadline else None,
    }
    updated = dict(
        (
            await uow.session.execute(
                campaigns.update().where(campaigns.c.id == campaign_id).values(**values).returning(*campaigns.c)
            )
        )
        .mappings()
        .one()
    )
    await uow.emit(
        _event_data(CampaignUpdated, updated, uow.actor), key=campaign_id, subject=f"campaigns/{campaign_id}"
    )
    if (updated["border_duty_types"], updated["border_sectors"]) != (row["border_duty_types"], row["border_sectors"]):
        await apply_border_defaults(uow, campaign_id=campaign_id)
    return campaign_view(updated)


async def get_campaign(ctx: Context, campaign_id: uuid.UUID) -> dict:
    async with ctx.sessions() as session:
        row = (await session.execute(select(campaigns).where(campaigns.c.id == campaign_id))).mappings().first()
    if row is None:
        raise missing("campaign", campaign_id)
    return campaign_view(row)


async def list_campaigns(
    ctx: Context, *, lunar_year: int | None, limit: int, offset: int, kind: str | None = None
) -> Page:
    """Campaigns, newest lunar year first (a season's drills with its Tết campaign)."""
    stmt = select(campaigns)
    if lunar_year is not None:
        stmt = stmt.where(campaigns.c.lunar_year == lunar_year)
    if kind is not None:
        stmt = stmt.where(campaigns.c.kind == kind)
    async with ctx.sessions() as session:
        return await fetch_page(
            session,
            stmt,
            order_by=[campaigns.c.lunar_year.desc(), campaigns.c.starts_at.desc(), campaigns.c.id],
            limit=limit,
            offset=offset,
            view=campaign_view,
        )
