"""Shift commands (plan, edit, reschedule, reassign, cancel, publish, check in, complete) and
queries. Each command checks every rule against the current state, writes the shift, its
assignment rows and its event in the caller's unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, exists, or_, select, update

from lichtruc.events import (
    ShiftCancelled,
    ShiftCheckedIn,
    ShiftCompleted,
    ShiftEvent,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftUpdated,
)
from lichtruc.words import shift_label, when

from ..db.tables import campaigns, enterprises, shift_assignments, shifts, sites, staff
from ..domain.errors import Conflict, FieldError, Precondition, RuleViolation, missing
from ..domain.localtime import utc
from ..domain.shifts import (
    Booking,
    CampaignFacts,
    ShiftDraft,
    ShiftWarning,
    SiteFacts,
    StaffFacts,
    check_in_errors,
    check_transition,
    covered_sites,
    covers_errors,
    double_bookings,
    raise_double_booking,
    shift_errors,
    site_errors,
    soft_warnings,
)
from .context import Context, UnitOfWork
from .reference import require_enterprise
from .scope import EVERYTHING, Visible
from .views import Page, assignees_of, fetch_page, shift_view, snapshot, staff_ids_of

# --- loading facts -------------------------------------------------------------------------------


async def campaign_facts(uow: UnitOfWork, campaign_id: uuid.UUID, field: str = "campaign_id") -> CampaignFacts:
    """The campaign a command refers to, or a 422 naming the field."""
    row = (
        await uow.session.execute(
            select(campaigns.c.id, campaigns.c.name, campaigns.c.starts_at, campaigns.c.ends_at).where(
                campaigns.c.id == campaign_id
            )
        )
    ).first()
    if row is None:
        raise RuleViolation(
            field,
            "campaign-exists",
            f"No campaign has id {campaign_id}: open one first (POST /campaigns).",
            "Chiến dịch đã chọn không tồn tại: hãy chọn một chiến dịch trong danh sách.",
            campaign_id=str(campaign_id),
        )
    return CampaignFacts(row.id, row.name, row.starts_at, row.ends_at)


async def site_facts(uow: UnitOfWork, site_id: uuid.UUID | None) -> SiteFacts | None:
    if site_id is None:
        return None
    row = (
        await uow.session.execute(select(sites.c.id, sites.c.enterprise_id, sites.c.name).where(sites.c.id == site_id))
    ).first()
    return SiteFacts(row.id, row.enterprise_id, row.name) if row else None


async def covered_site_facts(uow: UnitOfWork, covers: Sequence[uuid.UUID]) -> dict[uuid.UUID, SiteFacts]:
    if not covers:
        return {}
    rows = await uow.session.execute(
        select(sites.c.id, sites.c.enterprise_id, sites.c.name).where(sites.c.id.in_(list(covers)))
    )
    return {r.id: SiteFacts(r.id, r.enterprise_id, r.name) for r in rows}


async def check_covers(uow: UnitOfWork, covers: Sequence[uuid.UUID], enterprise_id: uuid.UUID) -> None:
    """422 unless every site a shift covers is one of its enterprise's."""
    errors = covers_errors(covers, await covered_site_facts(uow, covers), enterprise_id)
    if errors:
        raise RuleViolation(errors)


def _staff_facts(row) -> StaffFacts:
    return StaffFacts(
        row.id,
        row.enterprise_id,
        row.full_name,
        frozenset(row.qualifications),
        row.active,
        row.enterprise_name,
        row.person_id,
    )


def _staff_columns():
    return (
        staff.c.id,
        staff.c.enterprise_id,
        staff.c.full_name,
        staff.c.qualifications,
        staff.c.active,
        enterprises.c.name.label("enterprise_name"),
        staff.c.person_id,
    )


async def staff_facts(uow: UnitOfWork, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, StaffFacts]:
    ids = list(set(ids))
    if not ids:
        return {}
    rows = await uow.session.execute(
        select(*_staff_columns())
        .join(enterprises, enterprises.c.id == staff.c.enterprise_id)
        .where(staff.c.id.in_(ids))
    )
    return {r.id: _staff_facts(r) for r in rows}


async def enterprise_staff(uow: UnitOfWork, enterprise_id: uuid.UUID) -> list[tuple[StaffFacts, str | None]]:
    """Every staff member of an enterprise with their e-mail (for imports that name people)."""
    rows = await uow.session.execute(
        select(*_staff_columns(), staff.c.email)
        .join(enterprises, enterprises.c.id == staff.c.enterprise_id)
        .where(staff.c.enterprise_id == enterprise_id)
    )
    return [(_staff_facts(r), r.email) for r in rows]


async def bookings_near(
    uow: UnitOfWork,
    staff_ids: Iterable[uuid.UUID],
    starts_at: datetime,
    ends_at: datetime,
    *,
    enterprise_id: uuid.UUID | None = None,
) -> list[Booking]:
    """The active bookings of these people that overlap [starts_at, ends_at) — under any of their
    linked staff records, at any enterprise. Each booking is reported for the record asked about;
    one at another enterprise than `enterprise_id` names that enterprise."""
    ids = list(set(staff_ids))
    if not ids:
        return []
    persons = dict((await uow.session.execute(select(staff.c.person_id, staff.c.id).where(staff.c.id.in_(ids)))).all())
    if not persons:
        return []
    sa = shift_assignments
    rows = await uow.session.execute(
        select(
            sa.c.shift_id,
            sa.c.person_id,
            sa.c.starts_at,
            sa.c.ends_at,
            shifts.c.duty_type,
            shifts.c.enterprise_id,
            enterprises.c.name,
        )
        .join(shifts, shifts.c.id == sa.c.shift_id)
        .join(enterprises, enterprises.c.id == shifts.c.enterprise_id)
        .where(sa.c.person_id.in_(list(persons)), sa.c.active, sa.c.starts_at < ends_at, sa.c.ends_at > starts_at)
    )
    return [
        Booking(
            r.shift_id,
            persons[r.person_id],
            r.starts_at,
            r.ends_at,
            r.duty_type,
            r.name if enterprise_id is not None and r.enterprise_id != enterprise_id else None,
        )
        for r in rows
    ]


def rule_margin(uow: UnitOfWork):
    """How far around a shift the soft rules look for the same person's other shifts."""
    limits = uow.ctx.limits
    return max(limits.min_rest, limits.night_shift_period)


@dataclass(frozen=True)
class Evaluation:
    staff: dict[uuid.UUID, StaffFacts]
    warnings: list[ShiftWarning]


async def evaluate(
    uow: UnitOfWork, draft: ShiftDraft, *, campaign_id: uuid.UUID, shift_id: uuid.UUID | None
) -> Evaluation:
    """Check every hard rule (422, then 409 for a double booking) and compute the warnings."""
    await require_enterprise(uow, draft.enterprise_id)
    campaign = await campaign_facts(uow, campaign_id)
    site = await site_facts(uow, draft.site_id)
    people = await staff_facts(uow, draft.staff_ids)
    errors = shift_errors(draft, campaign=campaign, site=site, staff=people, limits=uow.ctx.limits)
    if errors:
        raise RuleViolation(errors)
    margin = rule_margin(uow)
    bookings = await bookings_near(
        uow, draft.staff_ids, draft.starts_at - margin, draft.ends_at + margin, enterprise_id=draft.enterprise_id
    )
    names = {k: v.full_name for k, v in people.items()}
    raise_double_booking(double_bookings(draft, bookings, shift_id=shift_id, names=names))
    return Evaluation(people, soft_warnings(draft, bookings, shift_id=shift_id, names=names, limits=uow.ctx.limits))


# --- writing ---------------------------------------------------------------------------------------


def assignee_json(person: StaffFacts, checked_in_at: datetime | None = None) -> dict:
    return {
        "staff_id": str(person.id),
        "full_name": person.full_name,
        "qualified": True,
        "checked_in_at": checked_in_at.isoformat() if checked_in_at else None,
    }


async def book(
    uow: UnitOfWork, shift_id: uuid.UUID, staff_ids: Sequence[uuid.UUID], starts_at: datetime, ends_at: datetime
) -> None:
    """Write assignment rows; the exclusion constraint refuses any double booking."""
    if not staff_ids:
        return
    # Noted first: if the database refuses them, the unit of work names the shift that won.
    uow.bookings.extend(Booking(shift_id, s, starts_at, ends_at) for s in staff_ids)
    persons = dict(
        (await uow.session.execute(select(staff.c.id, staff.c.person_id).where(staff.c.id.in_(list(staff_ids))))).all()
    )
    # Always in the same order, so that two transactions booking the same people wait for
    # each other instead of deadlocking.
    await uow.session.execute(
        shift_assignments.insert(),
        [
            {
                "shift_id": shift_id,
                "staff_id": s,
                "person_id": persons[s],
                "starts_at": starts_at,
                "ends_at": ends_at,
                "active": True,
            }
            for s in sorted(staff_ids)
        ],
    )


async def emit_shift(uow: UnitOfWork, cls: type[ShiftEvent], row: dict, **extra: object) -> None:
    """Queue a shift event carrying the shift's whole new state."""
    await uow.emit(
        cls(shift=snapshot(row), actor=uow.actor, **extra), key=row["enterprise_id"], subject=f"shifts/{row['id']}"
    )


@dataclass(frozen=True)
class PlanShift:
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    staff_ids: tuple[uuid.UUID, ...]
    site_id: uuid.UUID | None = None
    notes: str | None = None
    publish: bool = False
    covers_site_ids: tuple[uuid.UUID, ...] = ()


async def insert_shift(
    uow: UnitOfWork,
    cmd: PlanShift,
    people: dict[uuid.UUID, StaffFacts],
    warnings: Sequence[ShiftWarning],
    *,
    shift_id: uuid.UUID | None = None,
) -> dict:
    """Write a checked shift, its bookings and ShiftPlanned (+ ShiftPublished if created published)."""
    shift_id = shift_id or uuid.uuid4()
    starts_at, ends_at = utc(cmd.starts_at), utc(cmd.ends_at)
    row = {
        "id": shift_id,
        "campaign_id": cmd.campaign_id,
        "enterprise_id": cmd.enterprise_id,
        "site_id": cmd.site_id,
        "covers_site_ids": [str(s) for s in covered_sites(cmd.covers_site_ids, cmd.site_id)],
        "duty_type": cmd.duty_type,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "assignees": [assignee_json(people[s]) for s in cmd.staff_ids],
        "status": "draft",
        "notes": cmd.notes,
        "warnings": [w.as_dict() for w in warnings],
        "cancel_reason": None,
        "version": 1,
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    await uow.session.execute(shifts.insert().values(**row))
    await book(uow, shift_id, cmd.staff_ids, starts_at, ends_at)
    await emit_shift(uow, ShiftPlanned, row)
    if cmd.publish:
        row = await save(uow, row, {"status": "published"})
        await emit_shift(uow, ShiftPublished, row)
    return row


async def plan_shift(uow: UnitOfWork, cmd: PlanShift) -> dict:
    """Plan a shift (a draft, or published at once); publishes ShiftPlanned (and ShiftPublished)."""
    draft = ShiftDraft(cmd.enterprise_id, cmd.duty_type, cmd.starts_at, cmd.ends_at, cmd.staff_ids, cmd.site_id)
    evaluation = await evaluate(uow, draft, campaign_id=cmd.campaign_id, shift_id=None)
    await check_covers(uow, covered_sites(cmd.covers_site_ids, cmd.site_id), cmd.enterprise_id)
    return shift_view(await insert_shift(uow, cmd, evaluation.staff, evaluation.warnings))


async def locked_shift(uow: UnitOfWork, shift_id: uuid.UUID) -> dict:
    row = (
        (await uow.session.execute(select(shifts).where(shifts.c.id == shift_id).with_for_update())).mappings().first()
    )
    if row is None:
        raise missing("shift", shift_id)
    return dict(row)


async def save(uow: UnitOfWork, row: dict, values: dict) -> dict:
    """Write `values` and the next version; returns the new row."""
    values = {**values, "version": row["version"] + 1, "updated_at": uow.now}
    await uow.session.execute(update(shifts).where(shifts.c.id == row["id"]).values(**values))
    return {**row, **values}


def label(row: dict, lang: str = "vi") -> str:
    """A shift as people name it: duty type and local time."""
    return shift_label(row["duty_type"], row["starts_at"], row["ends_at"], lang)


def campaign_of(row: dict) -> uuid.UUID:
    """The shift's campaign; a shift planned before campaigns existed can only be cancelled (409)."""
    if row["campaign_id"] is None:
        raise Conflict(
            "campaign_id",
            "legacy-shift",
            f"The shift {label(row, 'en')} was planned before campaigns existed and cannot be changed: "
            "cancel it and plan it again in a campaign.",
            f"Ca {label(row)} được lập trước khi có chiến dịch, không thể sửa: hãy hủy và lập lại.",
            shift_id=str(row["id"]),
        )
    return row["campaign_id"]


async def _changeable(uow: UnitOfWork, shift_id: uuid.UUID, pre: Precondition, action: str) -> dict:
    row = await locked_shift(uow, shift_id)
    pre.check(row["version"], what="shift", what_vi="ca trực", ident=shift_id)
    check_transition(row, action)
    return row


def _draft(row: dict, **changes: object) -> ShiftDraft:
    values = {
        "enterprise_id": row["enterprise_id"],
        "duty_type": row["duty_type"],
        "starts_at": row["starts_at"],
        "ends_at": row["ends_at"],
        "staff_ids": tuple(staff_ids_of(row)),
        "site_id": row["site_id"],
    }
    values.update(changes)
    return ShiftDraft(**values)  # type: ignore[arg-type]


async def edit_shift(uow: UnitOfWork, shift_id: uuid.UUID, changes: dict, pre: Precondition) -> dict:
    """Change a shift's notes, site or the further sites it covers; publishes ShiftUpdated."""
    row = await _changeable(uow, shift_id, pre, "edit")
    if "covers_site_ids" in changes or "site_id" in changes:
        site_id = changes.get("site_id", row["site_id"])
        covers = changes.get("covers_site_ids")
        covers = [uuid.UUID(str(c)) for c in row["covers_site_ids"]] if covers is None else covers
        changes = {**changes, "covers_site_ids": [str(c) for c in covered_sites(covers, site_id)]}
    changes = {k: v for k, v in changes.items() if row[k] != v}
    if not changes:  # nothing to change: no new version, no event
        return shift_view(row)
    if "site_id" in changes:
        campaign_of(row)
        site = await site_facts(uow, changes["site_id"])
        errors = site_errors(changes["site_id"], site, row["enterprise_id"])
        if errors:
            raise RuleViolation(errors)
    if "covers_site_ids" in changes:
        campaign_of(row)
        await check_covers(uow, [uuid.UUID(c) for c in changes["covers_site_ids"]], row["enterprise_id"])
    row = await save(uow, row, changes)
    await emit_shift(uow, ShiftUpdated, row)
    return shift_view(row)


async def reschedule_shift(
    uow: UnitOfWork, shift_id: uuid.UUID, starts_at: datetime, ends_at: datetime, pre: Precondition
) -> dict:
    """Move a shift in time (same people, all rules checked again); publishes ShiftRescheduled."""
    row = await _changeable(uow, shift_id, pre, "reschedule")
    campaign_id = campaign_of(row)
    evaluation = await evaluate(
        uow, _draft(row, starts_at=starts_at, ends_at=ends_at), campaign_id=campaign_id, shift_id=shift_id
    )
    previous = (row["starts_at"], row["ends_at"])
    starts_at, ends_at = utc(starts_at), utc(ends_at)
    uow.bookings.extend(Booking(shift_id, s, starts_at, ends_at) for s in staff_ids_of(row))
    await uow.session.execute(
        update(shift_assignments)
        .where(shift_assignments.c.shift_id == shift_id)
        .values(starts_at=starts_at, ends_at=ends_at)
    )
    row = await save(
        uow, row, {"starts_at": starts_at, "ends_at": ends_at, "warnings": [w.as_dict() for w in evaluation.warnings]}
    )
    await emit_shift(uow, ShiftRescheduled, row, previous_starts_at=previous[0], previous_ends_at=previous[1])
    return shift_view(row)


async def reassign_shift(
    uow: UnitOfWork, shift_id: uuid.UUID, staff_ids: tuple[uuid.UUID, ...], pre: Precondition
) -> dict:
    """Put other people on a shift (all rules checked again); publishes ShiftReassigned."""
    row = await _changeable(uow, shift_id, pre, "reassign")
    campaign_id = campaign_of(row)
    evaluation = await evaluate(uow, _draft(row, staff_ids=staff_ids), campaign_id=campaign_id, shift_id=shift_id)
    previous = assignees_of(row)
    await replace_people(uow, row, staff_ids, evaluation.staff)
    row = await save(
        uow,
        row,
        {
            "assignees": [assignee_json(evaluation.staff[s]) for s in staff_ids],
            "warnings": [w.as_dict() for w in evaluation.warnings],
        },
    )
    await emit_shift(uow, ShiftReassigned, row, previous_assignees=previous)
    return shift_view(row)


async def replace_people(
    uow: UnitOfWork, row: dict, staff_ids: Sequence[uuid.UUID], people: dict[uuid.UUID, StaffFacts]
) -> None:
    """Make the shift's assignment rows match `staff_ids` (rows of people who stay are kept)."""
    before = set(staff_ids_of(row))
    after = set(staff_ids)
    gone = before - after
    if gone:
        await uow.session.execute(
            delete(shift_assignments).where(
                shift_assignments.c.shift_id == row["id"], shift_assignments.c.staff_id.in_(gone)
            )
        )
    await book(uow, row["id"], [s for s in staff_ids if s not in before], row["starts_at"], row["ends_at"])


async def cancel_shift(uow: UnitOfWork, shift_id: uuid.UUID, reason: str | None, pre: Precondition) -> dict:
    """Cancel a shift (its people are free again); publishes ShiftCancelled."""
    row = await _changeable(uow, shift_id, pre, "cancel")
    await uow.session.execute(
        update(shift_assignments).where(shift_assignments.c.shift_id == shift_id).values(active=False)
    )
    row = await save(uow, row, {"status": "cancelled", "cancel_reason": reason})
    await emit_shift(uow, ShiftCancelled, row, reason=reason)
    return shift_view(row)


async def publish_shift(uow: UnitOfWork, shift_id: uuid.UUID, pre: Precondition) -> dict:
    """Publish one draft; publishes ShiftPublished."""
    row = await _changeable(uow, shift_id, pre, "publish")
    campaign_of(row)
    row = await save(uow, row, {"status": "published"})
    await emit_shift(uow, ShiftPublished, row)
    return shift_view(row)


async def publish_enterprise(uow: UnitOfWork, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> dict:
    """Publish every draft of an enterprise in a campaign at once; one ShiftPublished each."""
    if await uow.session.scalar(select(campaigns.c.id).where(campaigns.c.id == campaign_id)) is None:
        raise missing("campaign", campaign_id)
    if await uow.session.scalar(select(enterprises.c.id).where(enterprises.c.id == enterprise_id)) is None:
        raise missing("enterprise", enterprise_id)
    drafts = (
        (
            await uow.session.execute(
                select(shifts)
                .where(
                    shifts.c.campaign_id == campaign_id,
                    shifts.c.enterprise_id == enterprise_id,
                    shifts.c.status == "draft",
                )
                .order_by(shifts.c.starts_at, shifts.c.id)
                .with_for_update()
            )
        )
        .mappings()
        .all()
    )
    published = []
    if drafts:
        await uow.session.execute(
            update(shifts)
            .where(shifts.c.id.in_([d["id"] for d in drafts]))
            .values(status="published", version=shifts.c.version + 1, updated_at=uow.now)
        )
    for draft in drafts:
        row = {**draft, "status": "published", "version": draft["version"] + 1, "updated_at": uow.now}
        await emit_shift(uow, ShiftPublished, row)
        published.append(
            {"id": row["id"], "version": row["version"], "starts_at": row["starts_at"], "duty_type": row["duty_type"]}
        )
    return {
        "campaign_id": campaign_id,
        "enterprise_id": enterprise_id,
        "published": len(published),
        "shifts": published,
    }


async def check_in(uow: UnitOfWork, shift_id: uuid.UUID, staff_id: uuid.UUID, pre: Precondition) -> dict:
    """An assignee reports for duty; publishes ShiftCheckedIn (the shift becomes checked_in)."""
    row = await _changeable(uow, shift_id, pre, "check_in")
    entries = [dict(a) for a in row["assignees"]]
    mine = next((a for a in entries if a["staff_id"] == str(staff_id)), None)
    if mine is None:
        raise RuleViolation(
            "staff_id",
            "on-shift",
            f"This staff member is not on the shift {label(row, 'en')}.",
            f"Cán bộ này không có tên trong ca {label(row)}.",
            staff_id=str(staff_id),
        )
    if mine.get("checked_in_at"):
        raise Conflict(
            "staff_id",
            "already-checked-in",
            f"{mine['full_name']} already checked in at {when(datetime.fromisoformat(mine['checked_in_at']), 'en')}.",
            f"{mine['full_name']} đã điểm danh lúc {when(datetime.fromisoformat(mine['checked_in_at']))}.",
            staff_id=str(staff_id),
        )
    errors = check_in_errors(
        now=uow.now, starts_at=row["starts_at"], ends_at=row["ends_at"], lead=uow.ctx.limits.check_in_lead
    )
    if errors:
        raise Conflict(errors[0].field, errors[0].rule, errors[0].message, errors[0].message_vi, **errors[0].context)
    mine["checked_in_at"] = utc(uow.now).isoformat()
    await uow.session.execute(
        update(shift_assignments)
        .where(shift_assignments.c.shift_id == shift_id, shift_assignments.c.staff_id == staff_id)
        .values(checked_in_at=uow.now)
    )
    row = await save(uow, row, {"status": "checked_in", "assignees": entries})
    await emit_shift(uow, ShiftCheckedIn, row, staff_id=staff_id, checked_in_at=uow.now)
    return shift_view(row)


async def complete_shift(uow: UnitOfWork, shift_id: uuid.UUID, pre: Precondition) -> dict:
    """Close a shift that is over; publishes ShiftCompleted."""
    row = await _changeable(uow, shift_id, pre, "complete")
    if uow.now < row["ends_at"]:
        raise Conflict(
            "status",
            "shift-over",
            f"The shift {label(row, 'en')} ends at {when(row['ends_at'], 'en')}: complete it after that.",
            f"Ca {label(row)} chưa kết thúc (kết thúc lúc {when(row['ends_at'])}).",
            ends_at=row["ends_at"].isoformat(),
        )
    row = await save(uow, row, {"status": "completed"})
    await emit_shift(uow, ShiftCompleted, row)
    return shift_view(row)


# --- queries -------------------------------------------------------------------------------------


async def get_shift(ctx: Context, shift_id: uuid.UUID) -> dict:
    async with ctx.sessions() as session:
        row = (await session.execute(select(shifts).where(shifts.c.id == shift_id))).mappings().first()
    if row is None:
        raise missing("shift", shift_id)
    return shift_view(row)


@dataclass(frozen=True)
class ShiftFilter:
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None
    duty_type: str | None = None
    staff_id: uuid.UUID | None = None
    overlaps_from: datetime | None = None
    overlaps_to: datetime | None = None
    statuses: tuple[str, ...] = ()


def booked(staff_id: uuid.UUID):
    """The shifts this person is (or was) booked on."""
    sa = shift_assignments
    return exists().where(sa.c.shift_id == shifts.c.id, sa.c.staff_id == staff_id)


def filtered(f: ShiftFilter):
    stmt = select(shifts)
    conditions = []
    if f.campaign_id:
        conditions.append(shifts.c.campaign_id == f.campaign_id)
    if f.enterprise_id:
        conditions.append(shifts.c.enterprise_id == f.enterprise_id)
    if f.site_id:  # at the site, or covering it
        conditions.append(or_(shifts.c.site_id == f.site_id, shifts.c.covers_site_ids.contains([str(f.site_id)])))
    if f.duty_type:
        conditions.append(shifts.c.duty_type == f.duty_type)
    if f.staff_id:
        conditions.append(booked(f.staff_id))
    if f.overlaps_from:
        conditions.append(shifts.c.ends_at > f.overlaps_from)
    if f.overlaps_to:
        conditions.append(shifts.c.starts_at < f.overlaps_to)
    if f.statuses:
        conditions.append(shifts.c.status.in_(f.statuses))
    return stmt.where(and_(*conditions)) if conditions else stmt


async def list_shifts(ctx: Context, f: ShiftFilter, *, limit: int, offset: int, visible: Visible = EVERYTHING) -> Page:
    """Shifts matching every given filter (the time range selects shifts that overlap it),
    sorted by start then id; only those the caller may see (a staff member: their own)."""
    stmt = filtered(f).where(*visible.where(shifts.c.enterprise_id))
    if visible.staff_id:
        stmt = stmt.where(booked(visible.staff_id))
    async with ctx.sessions() as session:
        return await fetch_page(
            session, stmt, order_by=[shifts.c.starts_at, shifts.c.id], limit=limit, offset=offset, view=shift_view
        )


def field_errors_for_row(errors: Sequence[FieldError]) -> list[FieldError]:
    """Row reports name the column, not the position in a list ("assignees", not "assignees.1")."""
    return [FieldError(e.field.split(".")[0], e.rule, e.message, e.message_vi, e.context) for e in errors]
