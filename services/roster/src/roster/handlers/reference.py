"""Enterprises, sites and staff: register, edit, look up — orchestration around
domain/reference.py and domain/people.py, through the unit of work's repositories."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, get_args

from lichtruc.counters import serves_counter
from lichtruc.duty_types import DUTY_QUALIFICATION
from lichtruc.events import (
    EnterpriseRegistered,
    EnterpriseUpdated,
    SiteRegistered,
    SiteUpdated,
    SiteUpdatedPart,
    StaffJoined,
    StaffUpdated,
)
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible
from lichtruc.vntime import local_day
from lichtruc.words import name, shift_label

from ..db.ports import Repositories
from ..db.reports import ReportFilter
from ..domain.border import BorderDefaultKept
from ..domain.districts import SiteNote, matched_district, new_district, with_province_districts
from ..domain.errors import Conflict, Precondition, missing
from ..domain.imports import named
from ..domain.obligations import CampaignRecord, check_past_seasons, past_season_changes
from ..domain.people import (
    PersonRecord,
    ShiftAtRisk,
    StaffNote,
    already_listed,
    email_shared_with_another,
    likely_duplicate_note,
    name_capitalised,
    same_person,
)
from ..domain.reference import (
    Enterprise,
    Site,
    StaffMember,
    changed,
    check_border_flag,
    check_obligations_from,
    check_qualified_at_work,
    check_site_name,
    edited,
    enterprise_missing,
    known_spelling,
    qualifications_of,
)
from .border import apply_border_defaults, drop_border_defaults
from .context import Context, UnitOfWork, reading

# --- enterprises ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterEnterprise:
    name: str
    sector: str
    manager_phone: str | None = None
    manager_emails: tuple[str, ...] = ()
    obligations_from: date | None = None


def _enterprise_event(cls: type[EnterpriseRegistered], e: Enterprise, *, actor: str | None) -> EnterpriseRegistered:
    return cls(
        enterprise_id=e.id,
        name=e.name,
        sector=e.sector,
        manager_phone=e.manager_phone,
        manager_emails=e.manager_emails,
        obligations_from=e.obligations_from,
        version=e.version,
        actor=actor,
    )


def _as_typed(name: str, existing: str) -> tuple[str, str]:
    """What a 409 adds when the name typed is the existing one written otherwise ("  vnpt long an ")."""
    if name == existing:
        return "", ""
    return f" (“{name}” is the same name written otherwise)", f" (“{name}” là cùng tên đó, viết khác)"


def _name_taken(name: str, existing: Enterprise) -> Conflict:
    typed, typed_vi = _as_typed(name, existing.name)
    return Conflict(
        "name",
        "unique-name",
        f"An enterprise named “{existing.name}” already exists{typed}; names are compared ignoring case, "
        "accents and spacing. Choose another name, or edit that enterprise.",
        f"Đã có doanh nghiệp tên “{existing.name}”{typed_vi}; tên được so sánh không phân biệt chữ hoa, dấu và "
        "khoảng trắng. Hãy chọn tên khác, hoặc sửa doanh nghiệp đó.",
        enterprise_id=str(existing.id),
        enterprise_name=existing.name,
    )


async def register_enterprise(uow: UnitOfWork, cmd: RegisterEnterprise) -> Enterprise:
    """Register an enterprise under the directive; publishes EnterpriseRegistered."""
    enterprise = Enterprise(
        id=uuid.uuid4(),
        name=cmd.name,
        sector=cmd.sector,
        manager_phone=cmd.manager_phone,
        manager_emails=tuple(cmd.manager_emails),
        version=1,
        created_at=uow.now,
        updated_at=uow.now,
        obligations_from=cmd.obligations_from,
    )
    store = uow.enterprises
    if not await store.add(enterprise):
        raise _name_taken(cmd.name, await store.named(cmd.name) or enterprise)
    await uow.emit(
        _enterprise_event(EnterpriseRegistered, enterprise, actor=uow.actor),
        key=enterprise.id,
        subject=f"enterprises/{enterprise.id}",
    )
    return enterprise


async def edit_enterprise(
    uow: UnitOfWork,
    enterprise_id: uuid.UUID,
    *,
    changes: dict[str, Any],
    pre: Precondition,
    by_department: bool = True,
    confirmed: bool = False,
) -> Enterprise:
    """Change an enterprise's name, sector, manager contacts or the day it owes reports from (the Department's
    alone: `check_obligations_from`; one that would change the record of a campaign already begun only `confirmed`:
    `check_past_seasons`); publishes EnterpriseUpdated."""
    store = uow.enterprises
    current = await store.get(enterprise_id, lock=True)
    if current is None:
        raise missing("enterprise", enterprise_id)
    pre.check(current.version, what="enterprise", what_vi="doanh nghiệp", ident=current.name)
    if "manager_emails" in changes:
        changes = {**changes, "manager_emails": tuple(changes["manager_emails"])}
    changes = changed(current, changes)
    if not changes:
        return current
    if "obligations_from" in changes:
        check_obligations_from(current.name, by_department=by_department)
        if not confirmed:
            new = changes["obligations_from"]
            records = await _campaign_records(uow, enterprise_id, sector=changes.get("sector", current.sector))
            found = past_season_changes(
                current.obligations_from, new, campaigns=records, now=uow.now, due=uow.ctx.daily_report_due
            )
            check_past_seasons(current.name, new, found, confirmed=False)
    if "name" in changes:
        taken = await store.named(changes["name"], besides=enterprise_id)
        if taken is not None:
            raise _name_taken(changes["name"], taken)
    enterprise = edited(current, changes, now=uow.now)
    await store.save(enterprise)
    await uow.emit(
        _enterprise_event(EnterpriseUpdated, enterprise, actor=uow.actor),
        key=enterprise_id,
        subject=f"enterprises/{enterprise_id}",
    )
    if "sector" in changes:
        await apply_border_defaults(uow, enterprise_id=enterprise_id, applies="from_now")
    return enterprise


async def _campaign_records(uow: UnitOfWork, enterprise_id: uuid.UUID, *, sector: str) -> list[CampaignRecord]:
    """What each campaign already begun holds of the enterprise (`domain.obligations`): its report days, the days it
    sent a report of, its sector's readiness items, a Tết's hours deadline with its post offices and transaction
    points (those it has now: a point's hours are owed by the enterprise, as its reports)."""
    found: list[CampaignRecord] = []
    points = sum(1 for s in await uow.sites.of_enterprise(enterprise_id) if serves_counter(s.kind))
    campaigns = await uow.campaigns.find(lunar_year=None, kind=None, page=PageRequest(limit=500))
    for c in campaigns.items:
        if c.starts_at >= uow.now:
            continue
        first, last = local_day(c.starts_at), local_day(c.ends_at - timedelta(microseconds=1))
        sent: set[date] = set()
        cursor: str | None = None
        while True:
            chunk = await uow.daily_reports.page(
                ReportFilter(campaign_id=c.id, enterprise_id=enterprise_id, latest_only=True),
                visible=EVERYTHING,
                page=PageRequest(limit=500, cursor=cursor),
            )
            sent |= {r.day for r in chunk.items}
            if (cursor := chunk.next_cursor) is None:
                break
        items = await uow.readiness.of_sector(campaign_id=c.id, sector=sector)
        tet = c.kind == "tet"  # a drill has no Tết hours
        found.append(
            CampaignRecord(
                c.name,
                c.starts_at,
                first,
                last,
                frozenset(sent),
                tuple(items),
                hours_due=c.hours_due if tet else None,
                points=points if tet else 0,
            )
        )
    return found


async def require_enterprise(uow: UnitOfWork, enterprise_id: uuid.UUID, *, field: str = "enterprise_id") -> Enterprise:
    """The enterprise a command refers to, or a 422 naming the field."""
    enterprise = await uow.enterprises.get(enterprise_id)
    if enterprise is None:
        raise enterprise_missing(enterprise_id, field)
    return enterprise


# --- sites ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterSite:
    enterprise_id: uuid.UUID
    name: str
    kind: str
    district: str | None = None
    border_area: bool = False


def _site_event(cls: type[SiteRegistered], s: Site, *, actor: str | None) -> SiteRegistered:
    return cls(
        site_id=s.id,
        enterprise_id=s.enterprise_id,
        name=s.name,
        kind=s.kind,
        district=s.district,
        border_area=s.border_area,
        version=s.version,
        actor=actor,
    )


def _site_name_taken(name: str, existing: Site) -> Conflict:
    typed, typed_vi = _as_typed(name, existing.name)
    return Conflict(
        "name",
        "unique-name",
        f"This enterprise already has a site named “{existing.name}”{typed}; names are compared ignoring case, "
        "accents and spacing. Choose another name, or edit that site.",
        f"Doanh nghiệp đã có địa điểm tên “{existing.name}”{typed_vi}; tên được so sánh không phân biệt chữ hoa, "
        "dấu và khoảng trắng. Hãy chọn tên khác, hoặc sửa địa điểm đó.",
        site_id=str(existing.id),
        site_name=existing.name,
    )


async def as_known_district(uow: UnitOfWork, district: str | None) -> str | None:
    """The district typed, written as the province's sites and incidents already write it
    (`domain.reference.known_spelling`: "tan an" beside a known "Tân An" is "Tân An")."""
    return known_spelling(district, with_province_districts(await uow.sites.districts())) if district else district


@dataclass(frozen=True)
class SiteAnswer:
    """A site after a command, with the warnings to show (a district no site or incident is in yet)."""

    site: Site
    warnings: list[SiteNote] = field(default_factory=list)
    kept: list[BorderDefaultKept] = field(default_factory=list)
    """Border defaults kept when the site's border flag was cleared (changed by hand since the flag made them)."""


async def _district_as_known(uow: UnitOfWork, district: str | None) -> tuple[str | None, list[SiteNote]]:
    """The district typed as the province already writes it (`as_known_district`), and the note that says so when
    that is another spelling than the one typed (`domain.districts.matched_district`), or the warning when it is one
    no site or incident is in yet (`domain.districts.new_district`): stored all the same."""
    if not district:
        return district, []
    used = await uow.sites.districts()
    known = with_province_districts(used)  # "Duc Hoa" is Đức Hòa, not near Đức Huệ (QZ15)
    stored = known_spelling(district, known)
    # said to come from the province's list, not "đã có", when no site or incident writes it yet (QZ19 #5)
    note = new_district(district, known, in_use=used) or matched_district(district, stored, listed=stored not in used)
    return stored, [note] if note else []


async def register_site(uow: UnitOfWork, cmd: RegisterSite, *, by_department: bool = False) -> SiteAnswer:
    """Register a site of an enterprise, its district spelled as the province already spells it (a warning
    when no site or incident is in it yet); publishes SiteRegistered. Only `by_department` (an administrator)
    registers it in a border area (`domain.reference.check_border_flag`)."""
    check_site_name(cmd.name)
    if cmd.border_area:
        check_border_flag(cmd.name, border_area=True, by_department=by_department)
    await require_enterprise(uow, cmd.enterprise_id)
    district, warnings = await _district_as_known(uow, cmd.district)
    site = Site(
        id=uuid.uuid4(),
        enterprise_id=cmd.enterprise_id,
        name=cmd.name,
        kind=cmd.kind,
        district=district,
        border_area=cmd.border_area,
        version=1,
        created_at=uow.now,
        updated_at=uow.now,
    )
    store = uow.sites
    if not await store.add(site):
        raise _site_name_taken(cmd.name, await store.named(cmd.enterprise_id, cmd.name) or site)
    await uow.emit(
        _site_event(SiteRegistered, site, actor=uow.actor), key=site.enterprise_id, subject=f"sites/{site.id}"
    )
    if site.border_area:
        await apply_border_defaults(uow, site_ids=[site.id], applies="from_now")
    return SiteAnswer(site, warnings)


async def edit_site(
    uow: UnitOfWork,
    site_id: uuid.UUID,
    *,
    changes: dict[str, Any],
    pre: Precondition,
    district_as_given: bool = False,
    by_department: bool = False,
) -> SiteAnswer:
    """Change a site's name, kind, district (spelled as the province already spells it, a warning when no site
    or incident is in it yet — unless `district_as_given`: a merge of a district's spellings chooses the spelling
    itself) or border-area flag (only `by_department`, an administrator: `domain.reference.check_border_flag`);
    publishes SiteUpdated."""
    store = uow.sites
    current = await store.get(site_id, lock=True)
    if current is None:
        raise missing("site", site_id)
    pre.check(current.version, what="site", what_vi="địa điểm", ident=current.name)
    warnings: list[SiteNote] = []
    if changes.get("district") and not district_as_given:
        district, warnings = await _district_as_known(uow, changes["district"])
        changes = {**changes, "district": district}
    changes = changed(current, changes)
    if not changes:
        return SiteAnswer(current)
    if "border_area" in changes:
        check_border_flag(current.name, border_area=changes["border_area"], by_department=by_department)
    if "name" in changes:
        check_site_name(changes["name"])
        taken = await store.named(current.enterprise_id, changes["name"], besides=site_id)
        if taken is not None:
            raise _site_name_taken(changes["name"], taken)
    site = edited(current, changes, now=uow.now)
    await store.save(site)
    # what changed, in the contract's order (SiteUpdatedPart): audit's history says it (QZ11: "Cập nhật …" alone)
    parts = [part for part in get_args(SiteUpdatedPart) if part in changes]
    event = _site_event(SiteUpdated, site, actor=uow.actor).model_copy(update={"changed": parts})
    await uow.emit(event, key=site.enterprise_id, subject=f"sites/{site_id}")
    if changes.get("border_area"):
        await apply_border_defaults(uow, site_ids=[site_id], applies="from_now")
    elif "border_area" in changes:
        kept = await drop_border_defaults(uow, site_id=site_id, site_name=site.name)
        return SiteAnswer(site, warnings, kept)
    return SiteAnswer(site, warnings)


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


@dataclass(frozen=True)
class StaffAnswer:
    """A staff record after a command, with the warnings to show (a likely duplicate it was
    linked to; upcoming shifts the person may no longer work)."""

    staff: StaffMember
    warnings: list[StaffNote] = field(default_factory=list)


def staff_event(cls: type[StaffJoined], m: StaffMember, *, actor: str | None) -> StaffJoined:
    return cls(
        staff_id=m.id,
        enterprise_id=m.enterprise_id,
        full_name=m.full_name,
        email=m.email,
        phone=m.phone,
        qualifications=m.qualifications,
        active=m.active,
        language=m.language,
        version=m.version,
        actor=actor,
    )


async def email_taken(
    uow: UnitOfWork, email: str, *, field: str = "email", holder: PersonRecord | None = None
) -> Conflict:
    """The 409 for an e-mail another person (or another record of the same enterprise) has,
    naming that person and their enterprise."""
    other = holder or await uow.staff.email_holder(email)
    who, where = (other.full_name, other.enterprise_name) if other else ("another staff member", "")
    who_vi = other.full_name if other else "một cán bộ khác"
    return Conflict(
        field,
        "unique-email",
        f"The e-mail {email} already belongs to {who}{f' of {where}' if where else ''}. One person's records "
        "at several enterprises share an e-mail only under the same name (or national ID number); check the "
        "address, or the name.",
        f"Email {email} đã thuộc về {who_vi}{f' của {where}' if where else ''}. Hồ sơ của cùng một người ở "
        "nhiều doanh nghiệp chỉ dùng chung email khi cùng họ tên (hoặc số CCCD); hãy kiểm tra lại email hoặc "
        "họ tên.",
        staff_id=str(other.staff_id) if other else None,
    )


async def insert_staff(
    uow: UnitOfWork,
    cmd: RegisterStaff,
    *,
    field_prefix: str = "",
    records: Sequence[PersonRecord] | None = None,
    email_checked: bool = False,
) -> StaffAnswer:
    """Insert one staff member and queue StaffJoined (the enterprise is already checked). A record
    that very likely names someone already registered (at this or another enterprise) is linked to
    them — one person, never double-booked — and the answer's `warnings` say so. `records`: the
    registered records sharing its e-mail, phone or national ID number, when the caller read them
    already (an import, for all its rows at once); else they are read here. `email_checked`: the
    caller found the e-mail free at this enterprise (an import, for all its rows), so the record is
    written with the transaction's other inserts instead of on its own, a round trip a row."""
    store = uow.staff
    staff_id = uuid.uuid4()
    # typed all in lower or upper case: written as names are (an import's rows are already, by its reading)
    written = name_capitalised(cmd.full_name, staff_id=staff_id)
    if written is not None:
        cmd = replace(cmd, full_name=written.full_name)
    if records is None:
        records = await store.person_records(email=cmd.email, phone=cmd.phone, national_id=cmd.national_id)
    match = same_person(
        full_name=cmd.full_name, email=cmd.email, phone=cmd.phone, national_id=cmd.national_id, records=records
    )
    person_id = match.record.person_id if match else staff_id
    holder = email_shared_with_another(cmd.email, person_id, cmd.enterprise_id, records, own=staff_id)
    if holder is not None:
        listed = already_listed(
            holder, full_name=cmd.full_name, enterprise_id=cmd.enterprise_id, field=f"{field_prefix}email"
        )
        raise listed or await email_taken(uow, cmd.email or "", field=f"{field_prefix}email", holder=holder)
    # After the e-mail's: someone already listed is better told so (and their record named) than to add a trade.
    check_qualified_at_work(cmd.full_name, active=cmd.active, qualifications=cmd.qualifications)
    member = StaffMember(
        id=staff_id,
        enterprise_id=cmd.enterprise_id,
        full_name=cmd.full_name,
        email=cmd.email,
        phone=cmd.phone,
        qualifications=qualifications_of(cmd.qualifications),
        active=cmd.active,
        language=cmd.language,
        national_id=cmd.national_id,
        person_id=person_id,
        version=1,
        created_at=uow.now,
        updated_at=uow.now,
    )
    if email_checked:
        await store.add_known_new(member)
    elif not await store.add(member):
        raise await email_taken(uow, cmd.email or "", field=f"{field_prefix}email")
    await uow.emit(
        staff_event(StaffJoined, member, actor=uow.actor), key=member.enterprise_id, subject=f"staff/{staff_id}"
    )
    note = likely_duplicate_note(staff_id, cmd.full_name, match, enterprise_id=cmd.enterprise_id) if match else None
    return StaffAnswer(member, [n for n in (written, note) if n is not None])


async def register_staff(uow: UnitOfWork, cmd: RegisterStaff) -> StaffAnswer:
    """Register a staff member of an enterprise; publishes StaffJoined."""
    await require_enterprise(uow, cmd.enterprise_id)
    return await insert_staff(uow, cmd)


async def upcoming_shift_notes(uow: UnitOfWork, member: StaffMember) -> list[StaffNote]:
    """Warnings for a staff change: the person's shifts from now on that they no longer may work
    (inactive, or missing the duty type's qualification). The shifts are left as they are;
    the manager reassigns them."""
    notes: list[StaffNote] = []
    for shift in await uow.staff.upcoming_shifts(member.id, after=uow.now):
        shift_en = shift_label(shift.duty_type, shift.starts_at, shift.ends_at, "en")
        shift_vi = shift_label(shift.duty_type, shift.starts_at, shift.ends_at)
        if not member.active:
            rule, msg, msg_vi = (
                "staff-active",
                f"{member.full_name} is inactive but still on the shift {shift_en}: reassign it.",
                f"{member.full_name} đã ngừng hoạt động nhưng vẫn có ca {shift_vi}: hãy đổi người.",
            )
        elif DUTY_QUALIFICATION[shift.duty_type] not in member.qualifications:
            needed = DUTY_QUALIFICATION[shift.duty_type]
            rule, msg, msg_vi = (
                "qualified",
                f"{member.full_name} no longer holds the {name('qualification', needed, 'en')} "
                f"qualification the shift {shift_en} demands: reassign it.",
                f"{member.full_name} không còn chuyên môn {name('qualification', needed)} mà ca "
                f"{shift_vi} yêu cầu: hãy đổi người.",
            )
        else:
            continue
        notes.append(ShiftAtRisk(rule, member.id, shift.shift_id, msg, msg_vi))
    return notes


async def edit_staff(
    uow: UnitOfWork, staff_id: uuid.UUID, *, changes: dict[str, Any], pre: Precondition
) -> StaffAnswer:
    """Change a staff record; publishes StaffUpdated. A record whose new phone, e-mail or national ID
    number names someone registered elsewhere is linked to them (a `likely-duplicate` warning; a 409
    when the two would then be double-booked). The answer's `warnings` also list the person's
    upcoming shifts they may no longer work."""
    store = uow.staff
    current = await store.get(staff_id, lock=True)
    if current is None:
        raise missing("staff", staff_id)
    pre.check(current.version, what="staff member", what_vi="cán bộ", ident=current.full_name)
    if "qualifications" in changes:
        changes = {**changes, "qualifications": qualifications_of(changes["qualifications"])}
    changes = changed(current, changes)
    # a new name typed all in lower or upper case is written as names are; a stored one sent back unchanged is
    # left as it is (rows kept before this rule are not rewritten by an edit of their phone)
    written = name_capitalised(changes["full_name"], staff_id=staff_id) if "full_name" in changes else None
    if written is not None:
        changes = changed(current, {**changes, "full_name": written.full_name})
    if not changes:
        return StaffAnswer(current, await upcoming_shift_notes(uow, current))
    member = edited(current, changes, now=uow.now)
    check_qualified_at_work(
        member.full_name, active=member.active, qualifications=member.qualifications, before=current
    )
    match = None
    if {"email", "phone", "national_id"} & set(changes):
        # A record that now names someone registered elsewhere is linked to them, as at registration.
        match = same_person(
            full_name=member.full_name,
            email=member.email,
            phone=member.phone,
            national_id=member.national_id,
            records=[
                r
                for r in await store.person_records(
                    email=member.email, phone=member.phone, national_id=member.national_id
                )
                if r.person_id != member.person_id
            ],
        )
    email = changes.get("email")
    if email is not None:
        holder = email_shared_with_another(
            email,
            match.record.person_id if match else current.person_id,
            current.enterprise_id,
            [
                r
                for r in await store.person_records(email=email, phone=None, national_id=None)
                if not (r.person_id == current.person_id and r.enterprise_id != current.enterprise_id)
            ],
            own=current.id,
        )
        if holder is not None:
            raise await email_taken(uow, email, holder=holder)
    await store.save(member)
    notes: list[StaffNote] = []
    if match is not None:
        await _join(uow, member, match.record.person_id)
        member = (await store.get(member.id)) or member
        notes.append(likely_duplicate_note(member.id, member.full_name, match, enterprise_id=member.enterprise_id))
    await uow.emit(
        staff_event(StaffUpdated, member, actor=uow.actor), key=member.enterprise_id, subject=f"staff/{staff_id}"
    )
    if written is not None:
        notes.insert(0, written)
    return StaffAnswer(member, [*notes, *await upcoming_shift_notes(uow, member)])


async def _join(uow: Repositories, member: StaffMember, person_id: uuid.UUID) -> None:
    """Make every record of `member`'s person the records of `person_id`; refused (409) when the two
    would then be double-booked, naming the shifts."""
    clashes = await uow.staff.clashes(member.person_id, person_id)
    if clashes:
        mine, theirs = clashes[0]
        shifts = {s.id: s for s in [await uow.shifts.get(mine), await uow.shifts.get(theirs)] if s is not None}
        labels = {
            lang: " / ".join(
                shift_label(s.duty_type, s.starts_at, s.ends_at, lang)
                for s in (shifts.get(mine), shifts.get(theirs))
                if s
            )
            for lang in ("en", "vi")
        }
        raise Conflict(
            "staff_id",
            "link-double-booked",
            f"{member.full_name} cannot be linked to that record: as one person they would be on overlapping shifts "
            f"({labels['en']}; {len(clashes)} in all). Reassign or cancel one of each pair first.",
            f"Không thể liên kết {member.full_name} với hồ sơ đó: là một người thì sẽ trực trùng giờ "
            f"({labels['vi']}; tổng cộng {len(clashes)} cặp ca). Hãy đổi người hoặc huỷ một ca của mỗi cặp trước.",
            shift_ids=[str(i) for pair in clashes for i in pair],
        )
    await uow.staff.relink([m.id for m in await uow.staff.of_person(member.person_id)], person_id)


async def link_staff(uow: UnitOfWork, staff_id: uuid.UUID, *, other_id: uuid.UUID) -> StaffAnswer:
    """Link a staff record (with every record already linked to it) to another: one person from
    now on, checked for double booking across all of them."""
    member = await uow.staff.get(staff_id, lock=True)
    if member is None:
        raise missing("staff", staff_id)
    other = await uow.staff.get(other_id, lock=True)
    if other is None:
        raise missing("staff", other_id)
    if other.person_id != member.person_id:
        await _join(uow, member, other.person_id)
        member = (await uow.staff.get(staff_id)) or member
    return StaffAnswer(member, [])


@dataclass(frozen=True)
class PeopleLinked:
    """What `python -m roster link-people` did: records linked (each with the record it was linked
    to and how they matched) and likely duplicates left apart because they would be double-booked."""

    linked: list[tuple[StaffMember, PersonRecord, str]] = field(default_factory=list)
    apart: list[tuple[StaffMember, PersonRecord, str]] = field(default_factory=list)


async def link_existing_people(repos: Repositories) -> PeopleLinked:
    """Link the records registered before people were linked (migration 0007 made each record a
    person of its own): every record, newest first, is matched against the records of other persons
    by the registration rule (domain/people.py) and joins that person, so that a later record joins
    the earlier one as at registration. Idempotent."""
    done = PeopleLinked()
    for member in reversed(await repos.staff.all_records()):
        member = (await repos.staff.get(member.id)) or member
        records = [
            r
            for r in await repos.staff.person_records(
                email=member.email, phone=member.phone, national_id=member.national_id
            )
            if r.person_id != member.person_id and r.staff_id != member.id
        ]
        match = same_person(
            full_name=member.full_name,
            email=member.email,
            phone=member.phone,
            national_id=member.national_id,
            records=records,
        )
        if match is None:
            continue
        try:
            await _join(repos, member, match.record.person_id)
        except Conflict as exc:
            done.apart.append((member, match.record, exc.first.message))
            continue
        done.linked.append((member, match.record, match.by))
    return done


async def unlink_staff(uow: UnitOfWork, staff_id: uuid.UUID) -> StaffAnswer:
    """Take a staff record out of its person: it is a person of its own again (the others stay linked)."""
    member = await uow.staff.get(staff_id, lock=True)
    if member is None:
        raise missing("staff", staff_id)
    others = [m for m in await uow.staff.of_person(member.person_id) if m.id != member.id]
    if others:
        if member.person_id == member.id:
            await uow.staff.relink([m.id for m in others], others[0].id)
        else:
            await uow.staff.relink([member.id], member.id)
        member = (await uow.staff.get(staff_id)) or member
    return StaffAnswer(member, [])


# --- queries ----------------------------------------------------------------------------------------


async def get_enterprise(ctx: Context, enterprise_id: uuid.UUID) -> Enterprise:
    async with reading(ctx) as r:
        enterprise = await r.enterprises.get(enterprise_id)
    if enterprise is None:
        raise missing("enterprise", enterprise_id)
    return enterprise


async def get_site(ctx: Context, site_id: uuid.UUID) -> Site:
    async with reading(ctx) as r:
        site = await r.sites.get(site_id)
    if site is None:
        raise missing("site", site_id)
    return site


async def get_staff(ctx: Context, staff_id: uuid.UUID) -> StaffMember:
    async with reading(ctx) as r:
        member = await r.staff.get(staff_id)
    if member is None:
        raise missing("staff", staff_id)
    return member


async def list_enterprises(
    ctx: Context, *, sector: str | None, q: str | None, page: PageRequest, visible: Visible = EVERYTHING
) -> Slice[Enterprise]:
    """Enterprises by name (those the caller may see)."""
    async with reading(ctx) as r:
        return await r.enterprises.find(sector=sector, q=q, within=visible.enterprises, page=page)


async def list_sites(
    ctx: Context,
    *,
    enterprise_id: uuid.UUID | None,
    border_area: bool | None,
    district: str | None,
    page: PageRequest,
    visible: Visible = EVERYTHING,
    q: str | None = None,
) -> Slice[Site]:
    """Sites by enterprise, then name (of the enterprises the caller may see); `q`: those whose name contains it,
    case, diacritics and spacing aside."""
    async with reading(ctx) as r:
        return await r.sites.find(
            enterprise_id=enterprise_id,
            border_area=border_area,
            district=district,
            q=q,
            within=visible.enterprises,
            page=page,
        )


async def list_staff(
    ctx: Context,
    *,
    enterprise_id: uuid.UUID | None,
    qualification: str | None,
    active: bool | None,
    q: str | None,
    email: str | None,
    page: PageRequest,
    visible: Visible = EVERYTHING,
    ids: frozenset[uuid.UUID] | None = None,
    full_name: str | None = None,
) -> Slice[StaffMember]:
    """Staff by full name (then id), of the enterprises the caller may see (a staff member: themselves); `ids`:
    those records only (one of none is absent); `full_name` with `enterprise_id`: the enterprise's records of exactly that
    name, as the staff import tells one name from another (`named`: NFC, spaces folded; case and diacritics count),
    on one page — whom a person about to be added may already be."""
    async with reading(ctx) as r:
        if full_name is not None and enterprise_id is not None:
            if not visible.sees_enterprise(enterprise_id) or visible.own_only:
                return Slice([])
            return Slice(named(full_name, await r.staff.of_enterprise(enterprise_id)))
        return await r.staff.find(
            ids=ids,
            enterprise_id=enterprise_id,
            qualification=qualification,
            active=active,
            q=q,
            email=email,
            only=visible.staff_id if visible.own_only else None,  # a manager with a staff record sees all their staff
            within=visible.enterprises,
            page=page,
        )
