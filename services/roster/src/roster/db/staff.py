"""Staff records in PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import asdict
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Text, any_, bindparam, exists, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice
from lichtruc.text import fold, sort_key

from ..domain.people import PersonRecord, phone_key
from ..domain.reference import EmailHolder, StaffMember, UpcomingShift
from . import lean
from .pages import Row, offset_page
from .search import by_name, name_matches, with_name_keys, words_first
from .tables import accounts, enterprises, shift_assignments, shifts, staff

PAGE_KIND = "staff"

INSERT_STAFF = (
    "INSERT INTO staff (id, enterprise_id, full_name, full_name_folded, full_name_sort, email, phone, qualifications, "
    "active, language, national_id, person_id, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13, $14, $15)"
)
"""A new record, held with the transaction's other inserts (db/lean.py); its parameters: `_args`."""
UPDATE_STAFF = (
    "UPDATE staff SET enterprise_id = $2, full_name = $3, full_name_folded = $4, full_name_sort = $5, email = $6, "
    "phone = $7, qualifications = $8::text::jsonb, active = $9, language = $10, national_id = $11, person_id = $12, "
    "version = $13, updated_at = $14 WHERE id = $1"
)
"""A changed record, written at once (the held inserts first), SQL written once: an import of 2,000 changed
people spent more on building the statement (and deep-copying the record into it) than on sending it.
Its parameters: INSERT_STAFF's but the creation, which it leaves as it was."""


class StaffRepository(Protocol):
    async def add(self, member: StaffMember) -> bool:
        """Store a new staff record; False when its e-mail is taken."""
        ...

    async def add_known_new(self, member: StaffMember) -> None:
        """Store a new staff record whose e-mail the caller found free at this enterprise (an import,
        for all its rows at once): written with the transaction's other inserts, without a round trip
        of its own. A concurrent registration of the same e-mail meanwhile fails the unique key at
        commit, and the whole transaction with it."""
        ...

    async def get(self, staff_id: uuid.UUID, *, lock: bool = False) -> StaffMember | None: ...

    async def phones(self, staff_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        """The phone numbers of these records, in one read (an id of no record is left out)."""
        ...

    async def save(self, member: StaffMember) -> None:
        """Write a changed staff record (same id)."""
        ...

    async def save_with_others(self, member: StaffMember) -> None:
        """Write a changed staff record that existed before this transaction, with the transaction's other
        writes (at its next statement or its commit: an import, for all its changed rows at once). Nothing
        else in the transaction may write the record: its writes run together, none seeing the others'
        (the PostgreSQL repository refuses a second held write of one record with a RuntimeError)."""
        ...

    async def email_holder(self, email: str) -> EmailHolder | None:
        """Who has this e-mail address."""
        ...

    async def of_enterprise(self, enterprise_id: uuid.UUID) -> list[StaffMember]:
        """Every staff record of the enterprise (an import compares its rows' names with them)."""
        ...

    async def person_records(
        self, *, email: str | None, phone: str | None, national_id: str | None
    ) -> list[PersonRecord]:
        """Records sharing an e-mail, a phone number (+84 or 0) or a national ID number with these
        (oldest first, at most 50)."""
        ...

    async def person_records_of(
        self, *, emails: Collection[str], phones: Collection[str], national_ids: Collection[str]
    ) -> list[PersonRecord]:
        """Records sharing one of these e-mails, phone numbers (+84 or 0) or national ID numbers (oldest
        first): a file's rows read at once, each then matched in memory (`PersonIndex`)."""
        ...

    async def upcoming_shifts(self, staff_id: uuid.UUID, *, after: datetime) -> list[UpcomingShift]:
        """The shifts this record is on that end after ``after``, by start."""
        ...

    async def of_person(self, person_id: uuid.UUID) -> list[StaffMember]:
        """The records of one person (oldest first)."""
        ...

    async def all_records(self) -> list[StaffMember]:
        """Every record, oldest first."""
        ...

    async def relink(self, staff_ids: list[uuid.UUID], person_id: uuid.UUID) -> None:
        """Make these records (and their bookings) the given person's."""
        ...

    async def clashes(self, person_a: uuid.UUID, person_b: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Active bookings of the two persons that overlap, as (shift of a, shift of b)."""
        ...

    async def find(
        self,
        *,
        enterprise_id: uuid.UUID | None,
        qualification: str | None,
        active: bool | None,
        q: str | None,
        email: str | None,
        only: uuid.UUID | None,
        within: frozenset[uuid.UUID] | None,
        page: PageRequest,
        ids: frozenset[uuid.UUID] | None = None,
    ) -> Slice[StaffMember]:
        """Staff by full name (`search.by_name`); ``only`` one record; ``within`` None: every enterprise; ``ids``
        None: every record, else those of them there are."""
        ...


class PersonLinks:
    """Linking records of one person, in PostgreSQL (mixed into PgStaff)."""

    session: AsyncSession

    async def of_person(self, person_id: uuid.UUID) -> list[StaffMember]:
        rows = await self.session.execute(
            select(staff).where(staff.c.person_id == person_id).order_by(staff.c.created_at, staff.c.id)
        )
        return [staff_of(r) for r in rows.mappings()]

    async def all_records(self) -> list[StaffMember]:
        rows = await self.session.execute(select(staff).order_by(staff.c.created_at, staff.c.id))
        return [staff_of(r) for r in rows.mappings()]

    async def relink(self, staff_ids: list[uuid.UUID], person_id: uuid.UUID) -> None:
        if not staff_ids:
            return
        await self.session.execute(staff.update().where(staff.c.id.in_(staff_ids)).values(person_id=person_id))
        await self.session.execute(
            shift_assignments.update().where(shift_assignments.c.staff_id.in_(staff_ids)).values(person_id=person_id)
        )

    async def clashes(self, person_a: uuid.UUID, person_b: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID]]:
        a, b = shift_assignments.alias("a"), shift_assignments.alias("b")
        rows = await self.session.execute(
            select(a.c.shift_id, b.c.shift_id)
            .select_from(a.join(b, (a.c.starts_at < b.c.ends_at) & (b.c.starts_at < a.c.ends_at)))
            .where(a.c.person_id == person_a, b.c.person_id == person_b, a.c.active, b.c.active)
            .order_by(a.c.starts_at)
            .limit(20)
        )
        return [(r[0], r[1]) for r in rows]


def staff_of(row: Row) -> StaffMember:
    return StaffMember(
        id=row["id"],
        enterprise_id=row["enterprise_id"],
        full_name=row["full_name"],
        email=row["email"],
        phone=row["phone"],
        qualifications=tuple(row["qualifications"] or ()),
        active=row["active"],
        language=row["language"],
        national_id=row["national_id"],
        person_id=row["person_id"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        has_account=bool(row.get("has_account", False)),
        account="active" if row.get("has_account") else ("inactive" if row.get("has_old_account") else "none"),
    )


def _has_account() -> Any:
    """Whether an active account is linked to the record: a column of the record's own read (a list: one query,
    not one a row)."""
    linked = select(accounts.c.id).where(accounts.c.staff_id == staff.c.id, accounts.c.active)
    return exists(linked).label("has_account")


def _has_old_account() -> Any:
    """Whether a deactivated account is linked to the record (read beside `_has_account`: "Tài khoản đã khoá", not
    "Chưa có tài khoản")."""
    linked = select(accounts.c.id).where(accounts.c.staff_id == staff.c.id, ~accounts.c.active)
    return exists(linked).label("has_old_account")


def _args(m: StaffMember) -> tuple[Any, ...]:
    """INSERT_STAFF's and UPDATE_STAFF's parameters."""
    return (
        m.id,
        m.enterprise_id,
        m.full_name,
        fold(m.full_name),
        sort_key(m.full_name),
        m.email,
        m.phone,
        json.dumps(list(m.qualifications)),
        m.active,
        m.language,
        m.national_id,
        m.person_id,
        m.version,
        m.created_at,
        m.updated_at,
    )


def _update_args(m: StaffMember) -> tuple[Any, ...]:
    return (*_args(m)[:13], m.updated_at)


def _values(m: StaffMember) -> dict[str, object]:
    values = {k: v for k, v in asdict(m).items() if k not in ("has_account", "account")}  # read, not stored
    return with_name_keys(staff, {**values, "qualifications": list(m.qualifications)})


class PgStaff(PersonLinks):
    """StaffRepository over the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.held: set[uuid.UUID] = set()
        """The records written with the transaction's other writes (one repository per transaction)."""

    def _hold(self, sql: str, member: StaffMember, args: tuple[Any, ...]) -> None:
        """Hold a write of `member` — the only one of that record among the held writes: held writes are
        joined into one statement whose parts do not see each other's rows, so an UPDATE held after the
        record's held INSERT, or a second UPDATE, would be lost without a word. Refused here instead."""
        if member.id in self.held:
            raise RuntimeError(
                f"staff record {member.id} written twice with the transaction's other writes: the second "
                "would not see the first (StaffRepository.save_with_others)"
            )
        self.held.add(member.id)
        lean.hold(self.session, sql, args)

    async def add(self, member: StaffMember) -> bool:
        stmt = insert(staff).values(**_values(member))
        if member.email is not None:
            stmt = stmt.on_conflict_do_nothing(index_elements=["enterprise_id", "email"])
        return (await self.session.execute(stmt.returning(staff.c.id))).first() is not None

    async def add_known_new(self, member: StaffMember) -> None:
        self._hold(INSERT_STAFF, member, _args(member))

    async def get(self, staff_id: uuid.UUID, *, lock: bool = False) -> StaffMember | None:
        stmt = select(staff, _has_account(), _has_old_account()).where(staff.c.id == staff_id)
        row = (await self.session.execute(stmt.with_for_update(of=staff) if lock else stmt)).mappings().first()
        return None if row is None else staff_of(row)

    async def phones(self, staff_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        if not staff_ids:
            return {}
        rows = await self.session.execute(select(staff.c.id, staff.c.phone).where(staff.c.id.in_(staff_ids)))
        return {r.id: r.phone for r in rows}

    async def save(self, member: StaffMember) -> None:
        await lean.fetch(self.session, UPDATE_STAFF, _update_args(member))

    async def save_with_others(self, member: StaffMember) -> None:
        self._hold(UPDATE_STAFF, member, _update_args(member))

    async def email_holder(self, email: str) -> EmailHolder | None:
        row = (
            await self.session.execute(
                select(staff.c.id, staff.c.full_name, enterprises.c.name)
                .join(enterprises, enterprises.c.id == staff.c.enterprise_id)
                .where(staff.c.email == email)
            )
        ).first()
        return None if row is None else EmailHolder(*row)

    async def of_enterprise(self, enterprise_id: uuid.UUID) -> list[StaffMember]:
        rows = await self.session.execute(
            select(staff).where(staff.c.enterprise_id == enterprise_id).order_by(staff.c.created_at, staff.c.id)
        )
        return [staff_of(r) for r in rows.mappings()]

    async def person_records(
        self, *, email: str | None, phone: str | None, national_id: str | None
    ) -> list[PersonRecord]:
        return await self._person_records(
            emails=[email] if email else [],
            phones=[phone] if phone else [],
            national_ids=[national_id] if national_id else [],
            limit=50,
        )

    async def person_records_of(
        self, *, emails: Collection[str], phones: Collection[str], national_ids: Collection[str]
    ) -> list[PersonRecord]:
        return await self._person_records(emails=emails, phones=phones, national_ids=national_ids, limit=None)

    async def _person_records(
        self, *, emails: Collection[str], phones: Collection[str], national_ids: Collection[str], limit: int | None
    ) -> list[PersonRecord]:
        # `= ANY(array)`, one parameter each, where IN would send one a value: a file of many rows stays far
        # below the driver's 32,767 parameters.
        conditions = []
        if emails:
            conditions.append(staff.c.email == any_(_texts(emails)))
        numbers = set()
        for key in filter(None, map(phone_key, phones)):
            # Stored before numbers had one form: +84… or 84… for the same number.
            numbers.update([key, "+84" + key[1:], "84" + key[1:]] if key.startswith("0") else [key])
        if numbers:
            conditions.append(staff.c.phone == any_(_texts(numbers)))
        if national_ids:
            conditions.append(staff.c.national_id == any_(_texts(national_ids)))
        if not conditions:
            return []
        query = (
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
        )
        rows = await self.session.execute(query if limit is None else query.limit(limit))
        return [PersonRecord(*r) for r in rows]

    async def upcoming_shifts(self, staff_id: uuid.UUID, *, after: datetime) -> list[UpcomingShift]:
        sa = shift_assignments
        rows = await self.session.execute(
            select(shifts.c.id, shifts.c.duty_type, shifts.c.starts_at, shifts.c.ends_at)
            .join(sa, sa.c.shift_id == shifts.c.id)
            .where(sa.c.staff_id == staff_id, sa.c.active, shifts.c.ends_at > after)
            .order_by(shifts.c.starts_at, shifts.c.id)
        )
        return [UpcomingShift(*r) for r in rows]

    async def find(
        self,
        *,
        enterprise_id: uuid.UUID | None,
        qualification: str | None,
        active: bool | None,
        q: str | None,
        email: str | None,
        only: uuid.UUID | None,
        within: frozenset[uuid.UUID] | None,
        page: PageRequest,
        ids: frozenset[uuid.UUID] | None = None,
    ) -> Slice[StaffMember]:
        stmt = select(staff, _has_account(), _has_old_account())
        if within is not None:
            stmt = stmt.where(staff.c.enterprise_id.in_(within))
        if only:
            stmt = stmt.where(staff.c.id == only)
        if ids is not None:
            stmt = stmt.where(staff.c.id.in_(ids))
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
        return await offset_page(
            self.session,
            stmt,
            order_by=[*words_first(staff, q), *by_name(staff)],
            page=page,
            kind=PAGE_KIND,
            entity=staff_of,
        )


def _texts(values: Collection[str]) -> Any:
    """One text[] parameter (for `= ANY(…)`), the values sorted and each once."""
    return bindparam(None, sorted(set(values)), type_=ARRAY(Text))
