"""Enterprises, sites and staff: register, edit, look up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert

from lichtruc.duty_types import DUTY_QUALIFICATION
from lichtruc.events import (
    EnterpriseRegistered,
    EnterpriseUpdated,
    SiteRegistered,
    SiteUpdated,
    StaffJoined,
    StaffUpdated,
)
from lichtruc.scope import EVERYTHING, Visible
from lichtruc.words import name, shift_label

from ..db.search import name_matches, with_folded
from ..db.tables import enterprises, shift_assignments, shifts, sites, staff
from ..db.visibility import visible_where
from ..domain.errors import Conflict, Precondition, RuleViolation, missing
from ..domain.people import PersonRecord, likely_duplicate_note, phone_key, same_person
from .context import Context, UnitOfWork
from .views import Page, fetch_page

# --- enterprises ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterEnterprise:
    name: str
    sector: str
    manager_phone: str | None = None
    manager_emails: tuple[str, ...] = ()


def _enterprise_event(cls: type[EnterpriseRegistered], row: dict, actor: str | None) -> EnterpriseRegistered:
    return cls(
        enterprise_id=row["id"],
        name=row["name"],
        sector=row["sector"],
        manager_phone=row["manager_phone"],
        manager_emails=tuple(row["manager_emails"]),
        version=row["version"],
        actor=actor,
    )


def _name_taken(name: str, existing: object) -> Conflict:
    return Conflict(
        "name",
        "unique-name",
        f"An enterprise named '{name}' already exists ({existing}).",
        f"Đã có doanh nghiệp tên '{name}'.",
        enterprise_id=str(existing),
    )


async def register_enterprise(uow: UnitOfWork, cmd: RegisterEnterprise) -> dict:
    """Register an enterprise under the directive; publishes EnterpriseRegistered."""
    values = {
        "id": uuid.uuid4(),
        "name": cmd.name,
        "sector": cmd.sector,
        "manager_phone": cmd.manager_phone,
        "manager_emails": list(cmd.manager_emails),
        "version": 1,
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    row = (
        (
            await uow.session.execute(
                insert(enterprises)
                .values(**with_folded(enterprises, values))
                .on_conflict_do_nothing(index_elements=["name"])
                .returning(*enterprises.c)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise _name_taken(
            cmd.name, await uow.session.scalar(select(enterprises.c.id).where(enterprises.c.name == cmd.name))
        )
    row = dict(row)
    await uow.emit(
        _enterprise_event(EnterpriseRegistered, row, uow.actor), key=row["id"], subject=f"enterprises/{row['id']}"
    )
    return row


async def edit_enterprise(uow: UnitOfWork, enterprise_id: uuid.UUID, changes: dict, pre: Precondition) -> dict:
    """Change an enterprise's name, sector or manager contacts; publishes EnterpriseUpdated."""
    row = await _locked(uow, enterprises, enterprise_id, "enterprise")
    pre.check(row["version"], what="enterprise", what_vi="doanh nghiệp", ident=enterprise_id)
    if "manager_emails" in changes:
        changes = {**changes, "manager_emails": list(changes["manager_emails"])}
    changes = _changed(row, changes)
    if not changes:
        return row
    if "name" in changes and changes["name"] != row["name"]:
        taken = await uow.session.scalar(select(enterprises.c.id).where(enterprises.c.name == changes["name"]))
        if taken is not None:
            raise _name_taken(changes["name"], taken)
    row = await _update(uow, enterprises, enterprise_id, {**changes, "version": row["version"] + 1})
    await uow.emit(
        _enterprise_event(EnterpriseUpdated, row, uow.actor), key=enterprise_id, subject=f"enterprises/{enterprise_id}"
    )
    if "sector" in changes:
        await _border_defaults(uow, enterprise_id=enterprise_id)
    return row


async def _border_defaults(uow: UnitOfWork, **which: object) -> None:
    """The Tết defaults for border sites, for every campaign not over yet (domain/border.py)."""
    from .border import apply_border_defaults  # border → requirements → this module: imported when used

    await apply_border_defaults(uow, **which)  # type: ignore[arg-type]


# --- sites ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterSite:
    enterprise_id: uuid.UUID
    name: str
    kind: str
    district: str | None = None
    border_area: bool = False


def _site_event(cls: type[SiteRegistered], row: dict, actor: str | None) -> SiteRegistered:
    return cls(
        site_id=row["id"],
        enterprise_id=row["enterprise_id"],
        name=row["name"],
        kind=row["kind"],
        district=row["district"],
        border_area=row["border_area"],
        version=row["version"],
        actor=actor,
    )


def _site_name_taken(name: str, existing: object) -> Conflict:
    return Conflict(
        "name",
        "unique-name",
        f"This enterprise already has a site named '{name}' ({existing}).",
        f"Doanh nghiệp đã có địa điểm tên '{name}'.",
        site_id=str(existing),
    )


async def require_enterprise(uow: UnitOfWork, enterprise_id: uuid.UUID, field: str = "enterprise_id") -> dict:
    """The enterprise a command refers to, or a 422 naming the field."""
    row = (await uow.session.execute(select(enterprises).where(enterprises.c.id == enterprise_id))).mappings().first()
    if row is None:
        raise RuleViolation(
            field,
            "enterprise-exists",
            f"No enterprise has id {enterprise_id}: register it first (POST /enterprises).",
            "Doanh nghiệp đã chọn chưa được đăng ký: hãy đăng ký trước.",
            enterprise_id=str(enterprise_id),
        )
    return dict(row)


async def register_site(uow: UnitOfWork, cmd: RegisterSite) -> dict:
    """Register a site of an enterprise; publishes SiteRegistered."""
    await require_enterprise(uow, cmd.enterprise_id)
    values = {
        "id": uuid.uuid4(),
        "enterprise_id": cmd.enterprise_id,
        "name": cmd.name,
        "kind": cmd.kind,
        "district": cmd.district,
        "border_area": cmd.border_area,
        "version": 1,
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    row = (
        (
            await uow.session.execute(
                insert(sites)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["enterprise_id", "name"])
                .returning(*sites.c)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise _site_name_taken(
            cmd.name,
            await uow.session.scalar(
                select(sites.c.id).where(sites.c.enterprise_id == cmd.enterprise_id, sites.c.name == cmd.name)
            ),
        )
    row = dict(row)
    await uow.emit(_site_event(SiteRegistered, row, uow.actor), key=row["enterprise_id"], subject=f"sites/{row['id']}")
    if row["border_area"]:
        await _border_defaults(uow, site_ids=[row["id"]])
    return row


async def edit_site(uow: UnitOfWork, site_id: uuid.UUID, changes: dict, pre: Precondition) -> dict:
    """Change a site's name, kind, district or border-area flag; publishes SiteUpdated."""
    row = await _locked(uow, sites, site_id, "site")
    pre.check(row["version"], what="site", what_vi="địa điểm", ident=site_id)
    changes = _changed(row, changes)
    if not changes:
        return row
    if "name" in changes and changes["name"] != row["name"]:
        taken = await uow.session.scalar(
            select(sites.c.id).where(sites.c.enterprise_id == row["enterprise_id"], sites.c.name == changes["name"])
        )
        if taken is not None:
            raise _site_name_taken(changes["name"], taken)
    row = await _update(uow, sites, site_id, {**changes, "version": row["version"] + 1})
    await uow.emit(_site_event(SiteUpdated, row, uow.actor), key=row["enterprise_id"], subject=f"sites/{site_id}")
    if changes.get("border_area"):
        await _border_defaults(uow, site_ids=[site_id])
    return row


# --- staff --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterStaff:
    enterprise_id: uuid.UUID
    full_name: str
    qualifications: tuple[str, ...]
    email: str | None = None
    phone: str | None = None
    active: bool = True
    language: str = "vi"
    national_id: str | None = None


def staff_event(cls: type[StaffJoined], row: dict, actor: str | None) -> StaffJoined:
    return cls(
        staff_id=row["id"],
        enterprise_id=row["enterprise_id"],
        full_name=row["full_name"],
        email=row["email"],
        phone=row["phone"],
        qualifications=tuple(row["qualifications"]),
        active=row["active"],
        language=row["language"],
        version=row["version"],
        actor=actor,
    )


async def email_taken(uow: UnitOfWork, email: str, field: str = "email") -> Conflict:
    """The 409 for an e-mail another record has, naming that person and their enterprise."""
    other = (
        await uow.session.execute(
            select(staff.c.id, staff.c.full_name, enterprises.c.name)
            .join(enterprises, enterprises.c.id == staff.c.enterprise_id)
            .where(staff.c.email == email)
        )
    ).first()
    who, where = (other.full_name, other.name) if other else ("another staff member", "")
    who_vi = other.full_name if other else "một cán bộ khác"
    return Conflict(
        field,
        "unique-email",
        f"The e-mail {email} already belongs to {who}{f' of {where}' if where else ''}.",
        f"Email {email} đã thuộc về {who_vi}{f' của {where}' if where else ''}.",
        staff_id=str(other.id) if other else None,
    )


async def person_records(
    uow: UnitOfWork, *, email: str | None, phone: str | None, national_id: str | None
) -> list[PersonRecord]:
    """Registered records that share an e-mail, a phone number or a national ID number with these."""
    conditions = []
    if email:
        conditions.append(staff.c.email == email)
    if phone_key(phone):
        key = phone_key(phone)
        conditions.append(staff.c.phone.in_([key, "+84" + key[1:]] if key.startswith("0") else [key]))
    if national_id:
        conditions.append(staff.c.national_id == national_id)
    if not conditions:
        return []
    rows = await uow.session.execute(
        select(
            staff.c.id,
            staff.c.person_id,
            staff.c.enterprise_id,
            enterprises.c.name,
            staff.c.full_name,
            staff.c.email,
            staff.c.phone,
            staff.c.national_id,
        )
        .join(enterprises, enterprises.c.id == staff.c.enterprise_id)
        .where(or_(*conditions))
        .order_by(staff.c.created_at, staff.c.id)
        .limit(50)
    )
    return [PersonRecord(*r) for r in rows]


async def insert_staff(uow: UnitOfWork, cmd: RegisterStaff, *, field_prefix: str = "") -> dict:
    """Insert one staff member and queue StaffJoined (the enterprise is already checked). A record
    that very likely names someone already registered (at this or another enterprise) is linked to
    them — one person, never double-booked — and the answer's `warnings` say so."""
    staff_id = uuid.uuid4()
    match = same_person(
        full_name=cmd.full_name,
        email=cmd.email,
        phone=cmd.phone,
        national_id=cmd.national_id,
        records=await person_records(uow, email=cmd.email, phone=cmd.phone, national_id=cmd.national_id),
    )
    values = {
        "id": staff_id,
        "enterprise_id": cmd.enterprise_id,
        "full_name": cmd.full_name,
        "email": cmd.email,
        "phone": cmd.phone,
        "qualifications": sorted(set(cmd.qualifications)),
        "active": cmd.active,
        "language": cmd.language,
        "national_id": cmd.national_id,
        "person_id": match.record.person_id if match else staff_id,
        "version": 1,
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    stmt = insert(staff).values(**with_folded(staff, values))
    if cmd.email is not None:
        stmt = stmt.on_conflict_do_nothing(index_elements=["email"])
    row = (await uow.session.execute(stmt.returning(*staff.c))).mappings().first()
    if row is None:
        raise await email_taken(uow, cmd.email or "", f"{field_prefix}email")
    row = dict(row)
    await uow.emit(staff_event(StaffJoined, row, uow.actor), key=row["enterprise_id"], subject=f"staff/{row['id']}")
    return {**row, "warnings": [likely_duplicate_note(staff_id, cmd.full_name, match)] if match else []}


async def register_staff(uow: UnitOfWork, cmd: RegisterStaff) -> dict:
    """Register a staff member of an enterprise; publishes StaffJoined."""
    await require_enterprise(uow, cmd.enterprise_id)
    return await insert_staff(uow, cmd)


async def upcoming_shift_notes(uow: UnitOfWork, row: dict) -> list[dict]:
    """Warnings for a staff change: the person's shifts from now on that they no longer may work
    (inactive, or missing the duty type's qualification). The shifts are left as they are;
    the manager reassigns them."""
    sa = shift_assignments
    found = (
        await uow.session.execute(
            select(shifts.c.id, shifts.c.duty_type, shifts.c.starts_at, shifts.c.ends_at)
            .join(sa, sa.c.shift_id == shifts.c.id)
            .where(sa.c.staff_id == row["id"], sa.c.active, shifts.c.ends_at > uow.now)
            .order_by(shifts.c.starts_at, shifts.c.id)
        )
    ).all()
    notes = []
    for shift_id, duty_type, starts_at, ends_at in found:
        shift_en = shift_label(duty_type, starts_at, ends_at, "en")
        shift_vi = shift_label(duty_type, starts_at, ends_at)
        if not row["active"]:
            rule, msg, msg_vi = (
                "staff-active",
                f"{row['full_name']} is inactive but still on the shift {shift_en}: reassign it.",
                f"{row['full_name']} đã ngừng hoạt động nhưng vẫn có ca {shift_vi}: hãy đổi người.",
            )
        elif DUTY_QUALIFICATION[duty_type] not in row["qualifications"]:
            needed = DUTY_QUALIFICATION[duty_type]
            rule, msg, msg_vi = (
                "qualified",
                f"{row['full_name']} no longer holds the {name('qualification', needed, 'en')} "
                f"qualification the shift {shift_en} demands: reassign it.",
                f"{row['full_name']} không còn chuyên môn {name('qualification', needed)} mà ca "
                f"{shift_vi} yêu cầu: hãy đổi người.",
            )
        else:
            continue
        notes.append(
            {"rule": rule, "staff_id": str(row["id"]), "shift_id": str(shift_id), "message": msg, "message_vi": msg_vi}
        )
    return notes


async def edit_staff(uow: UnitOfWork, staff_id: uuid.UUID, changes: dict, pre: Precondition) -> dict:
    """Change a staff record; publishes StaffUpdated. The answer's `warnings` list the person's
    upcoming shifts they may no longer work."""
    row = await _locked(uow, staff, staff_id, "staff")
    pre.check(row["version"], what="staff member", what_vi="cán bộ", ident=staff_id)
    if "qualifications" in changes:
        changes = {**changes, "qualifications": sorted(set(changes["qualifications"]))}
    changes = _changed(row, changes)
    if not changes:
        return {**row, "warnings": await upcoming_shift_notes(uow, row)}
    email = changes.get("email")
    if email is not None and email != row["email"]:
        taken = await uow.session.scalar(select(staff.c.id).where(staff.c.email == email))
        if taken is not None:
            raise await email_taken(uow, email)
    row = await _update(uow, staff, staff_id, {**changes, "version": row["version"] + 1})
    await uow.emit(staff_event(StaffUpdated, row, uow.actor), key=row["enterprise_id"], subject=f"staff/{staff_id}")
    return {**row, "warnings": await upcoming_shift_notes(uow, row)}


# --- shared ---------------------------------------------------------------------------------------


async def _locked(uow: UnitOfWork, table, ident: uuid.UUID, kind: str) -> dict:
    row = (await uow.session.execute(select(table).where(table.c.id == ident).with_for_update())).mappings().first()
    if row is None:
        raise missing(kind, ident)
    return dict(row)


def _changed(row: dict, changes: dict) -> dict:
    """Only what really changes: an edit that changes nothing makes no new version and no event."""
    return {k: v for k, v in changes.items() if row[k] != v}


async def _update(uow: UnitOfWork, table, ident: uuid.UUID, values: dict) -> dict:
    return dict(
        (
            await uow.session.execute(
                table.update()
                .where(table.c.id == ident)
                .values(**with_folded(table, values), updated_at=uow.now)
                .returning(*table.c)
            )
        )
        .mappings()
        .one()
    )


async def _get_one(ctx: Context, table, ident: uuid.UUID, kind: str) -> dict:
    async with ctx.sessions() as session:
        row = (await session.execute(select(table).where(table.c.id == ident))).mappings().first()
    if row is None:
        raise missing(kind, ident)
    return dict(row)


async def get_enterprise(ctx: Context, enterprise_id: uuid.UUID) -> dict:
    return await _get_one(ctx, enterprises, enterprise_id, "enterprise")


async def get_site(ctx: Context, site_id: uuid.UUID) -> dict:
    return await _get_one(ctx, sites, site_id, "site")


async def get_staff(ctx: Context, staff_id: uuid.UUID) -> dict:
    return await _get_one(ctx, staff, staff_id, "staff")


async def list_enterprises(
    ctx: Context, *, sector: str | None, q: str | None, limit: int, offset: int, visible: Visible = EVERYTHING
) -> Page:
    """Enterprises by name (those the caller may see)."""
    stmt = select(enterprises).where(*visible_where(visible, enterprises.c.id))
    if sector:
        stmt = stmt.where(enterprises.c.sector == sector)
    if q:
        stmt = stmt.where(name_matches(enterprises, q))
    async with ctx.sessions() as session:
        return await fetch_page(
            session, stmt, order_by=[enterprises.c.name, enterprises.c.id], limit=limit, offset=offset
        )


async def list_sites(
    ctx: Context,
    *,
    enterprise_id: uuid.UUID | None,
    border_area: bool | None,
    district: str | None,
    limit: int,
    offset: int,
    visible: Visible = EVERYTHING,
) -> Page:
    """Sites by enterprise, then name (of the enterprises the caller may see)."""
    stmt = select(sites).where(*visible_where(visible, sites.c.enterprise_id))
    if enterprise_id:
        stmt = stmt.where(sites.c.enterprise_id == enterprise_id)
    if border_area is not None:
        stmt = stmt.where(sites.c.border_area == border_area)
    if district:
        stmt = stmt.where(sites.c.district == district)
    async with ctx.sessions() as session:
        return await fetch_page(
            session, stmt, order_by=[sites.c.enterprise_id, sites.c.name, sites.c.id], limit=limit, offset=offset
        )


async def list_staff(
    ctx: Context,
    *,
    enterprise_id: uuid.UUID | None,
    qualification: str | None,
    active: bool | None,
    q: str | None,
    email: str | None,
    limit: int,
    offset: int,
    visible: Visible = EVERYTHING,
) -> Page:
    """Staff by full name (then id), of the enterprises the caller may see (a staff member: themselves)."""
    stmt = select(staff).where(*visible_where(visible, staff.c.enterprise_id))
    if visible.own_only and visible.staff_id:
        stmt = stmt.where(staff.c.id == visible.staff_id)
    if enterprise_id:
        stmt = stmt.where(staff.c.enterprise_id == enterprise_id)
    if qualification:
        stmt = stmt.where(staff.c.qualifications.contains([qualification]))
    if active is not None:
        stmt = stmt.where(staff.c.active == active)
    if q:
        stmt = stmt.where(name_matches(staff, q))
    if email:
        stmt = stmt.where(staff.c.email == email.strip().lower())
    async with ctx.sessions() as session:
        return await fetch_page(session, stmt, order_by=[staff.c.full_name, staff.c.id], limit=limit, offset=offset)
