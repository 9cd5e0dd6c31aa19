"""Bulk import of staff and shifts from CSV/XLSX: a dry run reports every row; a commit writes
all rows in one transaction, or nothing when any row breaks a rule."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from lichtruc.events import StaffUpdated
from lichtruc.paging import MAX_LIMIT, PageRequest
from lichtruc.text import fold

from ..domain.errors import FieldError
from ..domain.import_files import RowOfShift, StoredMatch, stored_matches
from ..domain.imports import (
    REFUSED,
    ImportReport,
    RowResult,
    ShiftCells,
    ShiftRow,
    ShiftRowReport,
    StaffRow,
    StaffRowReport,
    another_person,
    email_gained,
    email_gained_record,
    enterprise_error,
    exact_name,
    kept_name,
    kept_unqualified,
    name_kept,
    parse_shifts,
    parse_staff,
    partial_row_errors,
    person_key,
    qualification_missing,
    read_the_other_way,
    refused_row_warnings,
    rejection,
    resolve_shift_names,
    same_name,
    same_name_in_file,
    same_name_record,
    same_person_in_file,
    same_record,
    shift_draft,
    shift_row_errors,
    similar_name,
    staff_changes,
    summarise,
    told_apart,
    update_warnings,
    with_values,
)
from ..domain.localtime import utc
from ..domain.people import (
    LikelyDuplicate,
    PersonIndex,
    PersonRecord,
    ShiftAtRisk,
    email_shared_with_another,
    likely_duplicate_note,
    same_person,
)
from ..domain.reference import StaffMember, edited
from ..domain.shifts import (
    Booking,
    ShiftDraft,
    SiteFacts,
    StaffFacts,
    double_bookings,
    known_campaign,
    night_shifts_of_file,
    soft_warnings,
)
from ..domain.spreadsheets import read_table
from .context import UnitOfWork
from .lookups import registered_enterprise
from .reference import RegisterStaff, insert_staff, staff_event, upcoming_shift_notes
from .shifts import PlanShift, add_shift, apply, field_errors_for_row, refresh_neighbours, rule_margin


def _staff_row(r: RowResult, action: str | None, changes: tuple[dict[str, object], ...] = ()) -> StaffRowReport:
    return StaffRowReport(
        r.row,
        with_values(r.errors, r.cells),
        tuple(r.warnings),
        full_name=r.parsed.full_name if isinstance(r.parsed, StaffRow) else next(iter(r.named), None),
        # a row with errors is not imported, whatever it would have done (N3: a refused row said create or update)
        action=REFUSED if r.errors else action,
        changes=changes if action == "update" and not r.errors else (),  # a row in error is not applied (QA)
        adds=r.parsed if action == "create" and isinstance(r.parsed, StaffRow) and not r.errors else None,
    )


def _shift_row(r: RowResult, staff_ids: tuple[uuid.UUID, ...], match: StoredMatch | None = None) -> ShiftRowReport:
    p = r.parsed if isinstance(r.parsed, ShiftRow) else None
    action = (
        None if p is None or r.errors else "create" if match is None else "update" if match.changes else "unchanged"
    )
    return ShiftRowReport(
        r.row,
        with_values(r.errors, r.cells),
        tuple(r.warnings),
        duty_type=p.duty_type if p else None,
        starts_at=p.starts_at if p else None,
        ends_at=p.ends_at if p else None,
        staff_ids=staff_ids,
        assignees=r.named,
        action=action,
        changes=match.changes if match is not None and action == "update" else (),
        shift_id=match.shift.id if match is not None else None,
    )


# --- staff ------------------------------------------------------------------------------------------


_LIKELY = "likely-duplicate"


async def import_staff(uow: UnitOfWork, *, enterprise_id: uuid.UUID, data: bytes, dry_run: bool) -> ImportReport:
    """Staff of one enterprise from a spreadsheet. A row whose e-mail is already registered in
    this enterprise updates that person (StaffUpdated), and so does a row without e-mail that names a record of
    the enterprise by name and phone number (or national ID number); other rows register people (StaffJoined).
    An update keeps the stored spelling of a name the file writes without its diacritics, and the report says
    what it changes."""
    enterprise = await registered_enterprise(uow, enterprise_id)
    table = await asyncio.to_thread(read_table, data, max_rows=uow.ctx.import_max_rows)
    cols, results = parse_staff(table)
    parsed = [p for r in results if isinstance(p := r.parsed or r.partial, StaffRow)]  # (an unread cell is None)
    emails = [p.email for p in parsed if p.email]
    members = await uow.staff.of_enterprise(enterprise_id)
    existing = {m.email: m for m in members if m.email}
    named: dict[str, list[str]] = defaultdict(list)
    for m in members:
        named[fold(m.full_name)].append(m.full_name)
    # Who each row may be (the records sharing its e-mail, phone or ID number), read once for the file:
    # a row at a time it was a read for every row, twice (the check, then the insert).
    pool = PersonIndex(
        await uow.staff.person_records_of(
            emails=emails,
            phones=[p.phone for p in parsed if p.phone],
            national_ids=[p.national_id for p in parsed if p.national_id],
        )
    )
    # A file with an enterprise column: each row must name the enterprise chosen (QA: three enterprises' people
    # went into one).
    known = await _enterprise_names(uow) if "enterprise" in cols.index else []
    seen: dict[str, int] = {}
    people_seen: dict[tuple[str, ...], tuple[int, str | None]] = {}  # person_key → (first row, its e-mail)
    updating: dict[uuid.UUID, int] = {}  # record → the row that updates it
    targets: dict[int, StaffMember] = {}  # row → the record it updates (or leaves unchanged)
    changes: dict[int, tuple[dict[str, object], ...]] = {}
    actions: dict[int, str] = {}
    named_rows: dict[str, list[StaffRow]] = {}  # exact_name → the file's rows of that name without e-mail
    for r in results:
        # A row with an unreadable cell is judged as far as its other cells read (`RowResult.partial`): the
        # mistakes of who it is — an e-mail on two rows, or someone else's — are said with the unread cell's.
        # What it would do (its warnings, changes and action) is said once it reads.
        p = r.parsed or r.partial
        if not isinstance(p, StaffRow):
            continue
        whole = r.parsed is not None
        target = None
        if (elsewhere := enterprise_error(p, enterprise.name, known)) is not None:
            r.errors.append(elsewhere)
        if p.email:
            if p.email in seen:
                r.errors.append(
                    FieldError(
                        "email",
                        "unique-email",
                        f"{p.email} is also on row {seen[p.email]}.",
                        f"Email {p.email} trùng với dòng {seen[p.email]}.",
                        {"other_row": seen[p.email]},
                    )
                )
            seen.setdefault(p.email, r.row)
            target = existing.get(p.email)
            if (
                target is None
                and r.reads("full_name", "phone", "national_id")
                and not any(x.email == p.email for x in _naming(pool, p))  # nobody's yet, anywhere
                and (target := email_gained_record(p, members, taken=updating)) is not None
            ):
                r.warnings.append(email_gained(p, target, enterprise.name))
                # A phone left empty says nothing (`told_apart`): the record's is kept, not cleared.
                p = replace(p, phone=p.phone or target.phone)
                if whole:
                    r.parsed = p
        elif r.reads("email", "full_name", "phone", "national_id"):
            own = same_person(
                full_name=p.full_name,
                email=None,
                phone=p.phone,
                national_id=p.national_id,
                records=[x for x in _naming(pool, p) if x.enterprise_id == enterprise_id],
            )
            if own is not None and own.record.staff_id not in updating:
                target = next((m for m in members if m.id == own.record.staff_id), None)
            if target is not None and own is not None:
                r.warnings.append(same_record(p, target.full_name, enterprise.name, own.by))
            elif (target := same_name_record(p, members, taken=updating)) is not None:
                r.warnings.append(same_name(target, enterprise.name))
                # A phone left empty says nothing (`told_apart`): the record's is kept, not cleared.
                p = replace(p, phone=p.phone or target.phone)
                if whole:
                    r.parsed = p
            else:
                # Importing it again matches it to the person it registers, by exact name (`same_name_record`): the
                # note once said it would register them twice, true before that rule (QA).
                r.warnings.append(
                    {
                        "rule": "email-recommended",
                        "message": "No e-mail: this person is recognised by the full name only (and the phone number, if any); add the e-mail so that a namesake is not taken for them.",
                        "message_vi": "Không có email: người này chỉ được nhận ra theo họ tên (và số điện thoại nếu có); hãy thêm email để không nhầm với người cùng tên.",
                    }
                )
        if target is not None:
            updating.setdefault(target.id, r.row)
            targets[r.row] = target
        if target is not None and r.reads("full_name"):
            name = kept_name(target.full_name, p.full_name)
            if name != p.full_name:
                r.warnings.append(name_kept(target.full_name, p.full_name))
                p = replace(p, full_name=name)
                if whole:
                    r.parsed = p
            taken = another_person(target, p) if r.reads("national_id") else None
            if taken is not None:
                r.errors.append(taken)  # (its rename and dropped qualifications would not happen: not warned)
            elif whole and not r.errors:  # (a row already refused is not told what importing it would do)
                r.warnings.extend(update_warnings(target, p))
                r.warnings.extend(await _shifts_left(uow, target, p))
            changes[r.row] = staff_changes(target, p) if whole else ()
        twin = None
        if p.email is None and r.reads("full_name", "email", "phone", "national_id"):
            # Two rows of one name, without e-mail (a row with one is that e-mail's person), that nothing else tells
            # apart are one person written twice, most likely: refused.
            twins = named_rows.setdefault(exact_name(p.full_name), [])
            twin = next((other for other in twins if not told_apart(p, other)), None)
            if twin is not None:
                r.errors.append(same_name_in_file(p, twin.row))
            twins.append(p)
        key = person_key(p) if r.reads("national_id") and (p.national_id or r.reads("full_name", "phone")) else None
        if key is not None and twin is None:
            first = people_seen.setdefault(key, (r.row, p.email))
            if first[0] != r.row and not (p.email and first[1] == p.email):
                r.warnings.append(same_person_in_file(p, first[0], enterprise.name, other_email=first[1]))
        # Whether the row registers someone is known once who it is reads: its e-mail, or what names a record.
        registers = target is None and (p.email is not None or r.reads("email", "full_name", "phone", "national_id"))
        # A row whose e-mail (or what else names a record) does not read is judged as registering someone, or as
        # the record of its name kept with no qualification (QA: "not-an-email" hid the empty "Chuyên môn").
        judged_as = target if registers or target is not None else kept_unqualified(members, p.full_name)
        if r.reads("qualifications", "active") and (missing := qualification_missing(p, judged_as)):
            r.errors.append(missing)
        if not whole:
            if target is None and r.reads("full_name", "national_id"):
                _person_check(r, p, enterprise_id, records=_naming(pool, p))  # an e-mail another person has
            r.warnings.clear()
            continue
        action = "create" if target is None else "update" if changes[r.row] else "unchanged"
        if action == "create":
            _person_check(r, p, enterprise_id, records=_naming(pool, p))
            likely_here = any(
                w.get("rule") == _LIKELY and w.get("enterprise_id") == str(enterprise_id) for w in r.warnings
            )
            if named.get(fold(p.full_name)) and not likely_here:
                r.warnings.append(similar_name(p, named[fold(p.full_name)], enterprise.name))
        actions[r.row] = action
    for r in results:
        if r.errors:  # refused: only why (and how its cells were read), not what importing it would do
            r.warnings[:] = refused_row_warnings(r.warnings)
    rows = tuple(_staff_row(r, actions.get(r.row), changes.get(r.row, ())) for r in results)
    report = ImportReport("staff", dry_run, False, cols.ignored, summarise(results), rows, notes=cols.notes)
    if dry_run:
        return report
    if any(r.errors for r in results):
        raise rejection("staff", results, report)
    done: list[StaffRowReport] = []
    for r, row in zip(results, rows, strict=True):
        p = r.parsed
        assert isinstance(p, StaffRow)
        if actions[r.row] == "create":
            answer = await insert_staff(
                uow,
                RegisterStaff(
                    enterprise_id,
                    p.full_name,
                    p.qualifications,
                    p.email,
                    p.phone,
                    p.active,
                    p.language,
                    national_id=p.national_id,
                ),
                field_prefix=f"rows.{r.row}.",
                records=_naming(pool, p),
                email_checked=True,  # none of the file's new e-mails is registered here (`existing`)
            )
            member = answer.staff
            pool.add(_record(member, enterprise.name))  # the file's later rows may be the same person
            # The dry run's "will be linked" becomes what happened (rows of the file may link too).
            linked = [n.as_row_warning() for n in answer.warnings if isinstance(n, LikelyDuplicate)]
            row = replace(row, warnings=(*(w for w in row.warnings if w.get("rule") != _LIKELY), *linked))
        else:
            member = targets[r.row]
            if actions[r.row] == "update":
                member = _applied(member, p, now=uow.now)
                await uow.staff.save_with_others(member)  # one row per e-mail of the file: no other write
                pool.replace(_record(member, enterprise.name))
                await uow.emit(
                    staff_event(StaffUpdated, member, actor=uow.actor),
                    key=member.enterprise_id,
                    subject=f"staff/{member.id}",
                )
        done.append(replace(row, staff_id=member.id))
    return replace(report, committed=True, rows=tuple(done))


def _applied(member: StaffMember, p: StaffRow, *, now: datetime) -> StaffMember:
    """The record as a row leaves it (a national ID number left empty keeps the stored one)."""
    return edited(
        member,
        {
            "full_name": p.full_name,
            "email": p.email or member.email,
            "phone": p.phone,
            "qualifications": tuple(p.qualifications),
            "active": p.active,
            "language": p.language,
            "national_id": p.national_id or member.national_id,
        },
        now=now,
    )


async def _shifts_left(uow: UnitOfWork, before: StaffMember, p: StaffRow) -> list[dict[str, object]]:
    """The upcoming shifts a row's update leaves to someone who may no longer work them — deactivated, or without a
    qualification the duty needs —, each said as the staff form says it (`upcoming_shift_notes`, the one rule):
    QA, a row "Đang hoạt động: Không" imported while the person kept 8 upcoming shifts, without a word. Read only
    for a row that deactivates someone or takes a qualification away."""
    if not (before.active and not p.active) and set(before.qualifications) <= set(p.qualifications):
        return []
    notes = await upcoming_shift_notes(uow, _applied(before, p, now=uow.now))
    return [
        {
            "rule": n.rule,
            "field": "active" if n.rule == "staff-active" else "qualifications",
            "message": n.message,
            "message_vi": n.message_vi,
            "staff_id": str(n.staff_id),
            "shift_id": str(n.shift_id),
        }
        for n in notes
        if isinstance(n, ShiftAtRisk)
    ]


async def _enterprise_names(uow: UnitOfWork) -> list[str]:
    """Every enterprise's name (a province has tens of them)."""
    names: list[str] = []
    page = PageRequest(limit=MAX_LIMIT)
    while True:
        found = await uow.enterprises.find(sector=None, q=None, within=None, page=page)
        names += [e.name for e in found.items]
        if found.next_cursor is None:
            return names
        page = PageRequest(limit=MAX_LIMIT, cursor=found.next_cursor)


def _naming(pool: PersonIndex, p: StaffRow) -> list[PersonRecord]:
    return pool.naming(email=p.email, phone=p.phone, national_id=p.national_id)


def _record(member: StaffMember, enterprise_name: str) -> PersonRecord:
    return PersonRecord(
        member.id,
        member.person_id,
        member.enterprise_id,
        enterprise_name,
        member.full_name,
        member.email,
        member.phone,
        member.national_id,
    )


def _person_check(r: RowResult, p: StaffRow, enterprise_id: uuid.UUID, *, records: list[PersonRecord]) -> None:
    """A row to register: the record it will be linked to (a likely duplicate at another
    enterprise, with that enterprise's name), or the error of an e-mail another person has."""
    match = same_person(full_name=p.full_name, email=p.email, phone=p.phone, national_id=p.national_id, records=records)
    holder = email_shared_with_another(p.email, match.record.person_id if match else None, enterprise_id, records)
    if holder is not None:
        r.errors.append(
            FieldError(
                "email",
                "unique-email",
                f"{p.email} belongs to {holder.full_name} of {holder.enterprise_name}: one person's records share "
                "an e-mail only under the same name (or national ID number).",
                f"Email {p.email} thuộc {holder.full_name} của {holder.enterprise_name}: hồ sơ của cùng một người "
                "chỉ dùng chung email khi cùng họ tên (hoặc số CCCD).",
                {"staff_id": str(holder.staff_id)},
            )
        )
    elif match is not None:
        note = likely_duplicate_note(uuid.uuid4(), p.full_name, match, planned=True, enterprise_id=enterprise_id)
        r.warnings.append(note.as_row_warning())


# --- shifts ------------------------------------------------------------------------------------------


async def import_shifts(
    uow: UnitOfWork,
    *,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    data: bytes,
    dry_run: bool,
    publish: bool = False,
) -> ImportReport:
    """Shifts of one enterprise in one campaign from a spreadsheet, checked by the same rules
    as POST /shifts — including double bookings between rows of the file itself."""
    await registered_enterprise(uow, enterprise_id)
    campaign = known_campaign(await uow.facts.campaign(campaign_id), campaign_id)
    table = await asyncio.to_thread(read_table, data, max_rows=uow.ctx.import_max_rows)
    cols, results = parse_shifts(table)

    roster = await uow.facts.enterprise_staff(enterprise_id)
    people = {facts.id: facts for facts, _ in roster}
    by_email = {email: facts for facts, email in roster if email}
    by_name: dict[str, list[StaffFacts]] = defaultdict(list)
    for facts, _ in roster:
        by_name[fold(facts.full_name)].append(facts)
    sites = await uow.sites.of_enterprise(enterprise_id)
    site_by_name = {fold(site.name): SiteFacts(site.id, site.enterprise_id, site.name) for site in sites}

    # Every row with people or a site to look up, also one with a cell that could not be read (`partial`): one
    # dry run says a person not found, a double booking and the unread cell together.
    rows_read = {r.row: p for r in results if isinstance(p := r.parsed or r.partial, ShiftRow | ShiftCells)}
    resolved = {
        row: resolve_shift_names(p, by_email=by_email, by_name=by_name, site_by_name=site_by_name)
        for row, p in rows_read.items()
    }

    # The rows that are shifts already stored (the roster file downloaded, imported back): left as they are, or
    # their site and notes changed; never planned a second time (`stored_matches`).
    read_whole = {
        row: RowOfShift(row, p.duty_type, p.starts_at, p.ends_at, t.site.id if t.site else None, t.staff_ids, p.notes)
        for row, p in rows_read.items()
        if isinstance(p, ShiftRow) and not (t := resolved[row]).errors
    }
    matches: dict[int, StoredMatch] = {}
    if read_whole:
        matches = stored_matches(
            read_whole.values(),
            await uow.shifts.between(
                campaign_id=campaign_id,
                enterprise_id=enterprise_id,
                starts_at=min(w.starts_at for w in read_whole.values()),
                ends_at=max(w.ends_at for w in read_whole.values()),
            ),
            sites={site.id: site.name for site in sites},
        )

    limits = uow.ctx.limits
    margin = rule_margin(uow)
    timed = [p for p in rows_read.values() if p.starts_at is not None and p.ends_at is not None]
    stored: list[Booking] = []
    if timed:
        stored = await uow.bookings.near(
            {s for r in resolved.values() for s in r.staff_ids},
            min(p.starts_at for p in timed if p.starts_at is not None) - margin,
            max(p.ends_at for p in timed if p.ends_at is not None) + margin,
            enterprise_id=enterprise_id,
        )
    names = {k: v.full_name for k, v in people.items()}
    # Each person's bookings, stored and made by the file's rows: a row is checked against its own people's,
    # where it scanned every booking of the file (2,000 rows: 4 million comparisons) — for a double booking
    # against the earlier rows (the later one is refused; an earlier row in error counts too, its times and
    # people being what they are), for warnings against all the others that can be planned (below).
    stored_of: dict[uuid.UUID, list[Booking]] = defaultdict(list)
    for b in stored:
        stored_of[b.staff_id].append(b)
    booked_of: dict[uuid.UUID, list[tuple[int, int, Booking]]] = defaultdict(list)  # (n, row, booking): every row
    in_file_of: dict[uuid.UUID, list[tuple[int, int, Booking]]] = defaultdict(list)  # the rows planned
    made = 0
    planned: dict[int, tuple[uuid.UUID, PlanShift, list]] = {}
    checked: dict[int, tuple[RowResult, ShiftDraft, list[Booking]]] = {}
    for r in results:
        if r.row not in rows_read:
            continue
        p, target = rows_read[r.row], resolved[r.row]
        r.errors.extend(target.errors)  # a name not found stops only the checks that depend on it
        draft: ShiftDraft | None
        if isinstance(p, ShiftRow):
            whole = shift_draft(p, target, enterprise_id)
            errors, draft = shift_row_errors(whole, target, campaign=campaign, staff=people, limits=limits), whole
        else:
            errors, draft = partial_row_errors(p, target, enterprise_id, campaign=campaign, staff=people, limits=limits)
        errors = read_the_other_way(errors, r.turnable, draft, campaign)  # "2/8/2027" meant 8 Feb: said so
        them = dict.fromkeys(target.staff_ids)  # each person once, in order
        match = matches.get(r.row)
        itself = match.shift.id if match is not None else None  # a stored shift is not booked against itself
        theirs = [b for s in them for b in stored_of.get(s, ()) if b.shift_id != itself]
        shift_id = uuid.uuid4()
        mine: list[tuple[int, int, Booking]] = []
        # Double bookings whenever the times make a shift, whatever else the row breaks (also when a name was not
        # found: the people found are checked).
        if draft is not None and draft.starts_at < draft.ends_at:
            errors += double_bookings(draft, theirs, shift_id=None, names=names)
            earlier = sorted(x for s in them for x in booked_of.get(s, ()))  # in the file's order
            for _n, other_row, b in earlier:
                if b.starts_at < draft.ends_at and draft.starts_at < b.ends_at:
                    name = names[b.staff_id]
                    errors.append(
                        FieldError(
                            "assignees",
                            "no-double-booking",
                            f"{name} is also on row {other_row} of this file at an overlapping time.",
                            f"{name} cũng có ở dòng {other_row} của tệp này, trùng thời gian.",
                            {"staff_id": str(b.staff_id), "other_row": other_row},
                        )
                    )
            for s in target.staff_ids if match is None else ():  # (a stored one is among the stored bookings)
                booking = Booking(shift_id, s, utc(draft.starts_at), utc(draft.ends_at), p.duty_type, draft=not publish)
                mine.append((made, r.row, booking))
                booked_of[s].append(mine[-1])
                made += 1
        r.errors.extend(field_errors_for_row(errors))
        if r.errors or not isinstance(p, ShiftRow) or draft is None or match is not None:
            continue
        for entry in mine:
            in_file_of[entry[2].staff_id].append(entry)
        planned[r.row] = (
            shift_id,
            PlanShift(
                campaign_id,
                enterprise_id,
                p.duty_type,
                p.starts_at,
                p.ends_at,
                target.staff_ids,
                draft.site_id,
                p.notes,
                publish,
            ),
            [],
        )
        checked[r.row] = (r, draft, theirs)
    # Each row's warnings once every row is read: against its people's stored bookings and the file's other
    # rows, earlier and later, as planning the same shifts one by one warns both of each pair (the rows that
    # could not be planned make no booking to warn of). Published with the file, a row's count no draft.
    status = "published" if publish else "draft"
    nights: dict[uuid.UUID, list[tuple[int, datetime]]] = defaultdict(list)  # a person's rows with too many nights
    for row_number, (r, draft, theirs) in checked.items():
        shift_id, cmd, warnings = planned[row_number]
        in_file = [b for s in dict.fromkeys(draft.staff_ids) for _n, _row, b in in_file_of.get(s, ())]
        warnings.extend(
            soft_warnings(draft, theirs + in_file, shift_id=shift_id, names=names, limits=limits, status=status)
        )
        r.warnings.extend(w.as_dict() for w in warnings)
        for w in warnings:
            if w.rule == "night-shifts":
                nights[w.staff_id].append((row_number, utc(draft.starts_at)))
    # Too many night shifts on several rows is said once, on the first of them (each shift still keeps its own).
    for staff_id, rows_of in nights.items():
        if len(rows_of) < 2:
            continue
        stored = [b for b in stored_of.get(staff_id, ()) if not publish or not b.draft]  # as soft_warnings counts
        counted = stored + [b for _n, _row, b in in_file_of.get(staff_id, ())]
        said = night_shifts_of_file(
            names[staff_id],
            staff_id,
            rows=rows_of,
            bookings=counted,
            stored={b.shift_id for b in stored},
            limits=limits,
        )
        for row_number, _ in rows_of:
            result = checked[row_number][0]
            result.warnings[:] = [w for w in result.warnings if not _night_warning_of(w, staff_id)]
        checked[min(n for n, _ in rows_of)][0].warnings.append(said.as_dict())

    rows = tuple(
        _shift_row(
            r,
            resolved[r.row].staff_ids if r.parsed is not None and not resolved[r.row].errors else (),
            matches.get(r.row),
        )
        for r in results
    )
    report = ImportReport("shifts", dry_run, False, cols.ignored, summarise(results), rows, notes=cols.notes)
    if dry_run:
        return report
    if any(r.errors for r in results):
        raise rejection("shifts", results, report)
    written: list[ShiftRowReport] = []
    for r, row in zip(results, rows, strict=True):
        if (match := matches.get(r.row)) is not None:
            if match.changes:
                p = r.parsed
                assert isinstance(p, ShiftRow)
                await _edit_stored(uow, match, site=resolved[r.row].site, notes=p.notes)
            written.append(row)
            continue
        shift_id, cmd, warnings = planned[r.row]
        shift = await add_shift(uow, cmd, people=people, warnings=warnings, shift_id=shift_id)
        written.append(replace(row, shift_id=shift.id))
    # The stored shifts the file's ones border: their warnings as the file leaves the roster (each row's own
    # were computed against them and the file's other rows).
    await refresh_neighbours(uow, stored, changed=[shift_id for shift_id, _cmd, _w in planned.values()])
    return replace(report, committed=True, rows=tuple(written))


async def _edit_stored(uow: UnitOfWork, match: StoredMatch, *, site: SiteFacts | None, notes: str | None) -> None:
    """A stored shift's site and notes as its row writes them (ShiftUpdated), as the shift's form changes them."""
    shift = await uow.shifts.lock(match.shift.id)
    if shift is None:  # cancelled or gone since it was read: nothing left to change
        return
    change = shift.edit(now=uow.now, notes=notes, site_id=site.id if site else None)
    if change is not None:
        await apply(uow, change)


def _night_warning_of(warning: Mapping[str, object], staff_id: uuid.UUID) -> bool:
    return warning.get("rule") == "night-shifts" and warning.get("staff_id") == str(staff_id)
