"""Staff records in memory (service-layer tests)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection
from datetime import datetime

from lichtruc.paging import PageRequest, Slice

from ...domain.people import PersonRecord, phone_key
from ...domain.reference import EmailHolder, StaffMember, UpcomingShift
from ..search import name_found, name_order, word_found
from ..staff import PAGE_KIND
from .pages import offset_page
from .state import MemoryState


class MemoryStaff:
    """StaffRepository over the in-memory state; ``state.upcoming_shifts`` holds the shifts each
    record is on."""

    def __init__(self, state: MemoryState) -> None:
        self.state = state
        self.rows = state.staff_records
        self.enterprise_name = state.enterprise_name

    async def add(self, member: StaffMember) -> bool:
        if member.email is not None and any(
            m.email == member.email and m.enterprise_id == member.enterprise_id for m in self.rows.values()
        ):
            return False
        self.state.put_staff(member)
        return True

    async def add_known_new(self, member: StaffMember) -> None:
        self.state.put_staff(member)

    async def get(self, staff_id: uuid.UUID, *, lock: bool = False) -> StaffMember | None:
        member = self.rows.get(staff_id)
        return None if member is None else self._read(member)

    def _read(self, member: StaffMember) -> StaffMember:
        """The record as read, with whether an active account is linked to it."""
        mine = [a.active for a in self.state.accounts.values() if a.staff_id == member.id]
        account = "active" if any(mine) else ("inactive" if mine else "none")
        return dataclasses.replace(member, has_account=any(mine), account=account)

    async def phones(self, staff_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        return {i: self.rows[i].phone for i in staff_ids if i in self.rows}

    async def save(self, member: StaffMember) -> None:
        self.state.put_staff(member)

    async def save_with_others(self, member: StaffMember) -> None:
        self.state.put_staff(member)

    async def email_holder(self, email: str) -> EmailHolder | None:
        return next(
            (
                EmailHolder(m.id, m.full_name, self.enterprise_name(m.enterprise_id))
                for m in self.rows.values()
                if m.email == email
            ),
            None,
        )

    async def of_enterprise(self, enterprise_id: uuid.UUID) -> list[StaffMember]:
        return sorted(
            (m for m in self.rows.values() if m.enterprise_id == enterprise_id), key=lambda m: (m.created_at, m.id)
        )

    async def person_records(
        self, *, email: str | None, phone: str | None, national_id: str | None
    ) -> list[PersonRecord]:
        found = await self.person_records_of(
            emails=[email] if email else [],
            phones=[phone] if phone else [],
            national_ids=[national_id] if national_id else [],
        )
        return found[:50]

    async def person_records_of(
        self, *, emails: Collection[str], phones: Collection[str], national_ids: Collection[str]
    ) -> list[PersonRecord]:
        keys = {phone_key(p) for p in phones} - {None}
        found = [
            m
            for m in self.rows.values()
            if (m.email is not None and m.email in emails)
            or (m.phone and phone_key(m.phone) in keys)
            or (m.national_id is not None and m.national_id in national_ids)
        ]
        found.sort(key=lambda m: (m.created_at, m.id))
        return [
            PersonRecord(
                m.id,
                m.person_id,
                m.enterprise_id,
                self.enterprise_name(m.enterprise_id),
                m.full_name,
                m.email,
                m.phone,
                m.national_id,
            )
            for m in found
        ]

    async def upcoming_shifts(self, staff_id: uuid.UUID, *, after: datetime) -> list[UpcomingShift]:
        return sorted(
            (s for s in self.state.upcoming_shifts.get(staff_id, []) if s.ends_at > after),
            key=lambda s: (s.starts_at, s.shift_id),
        )

    async def of_person(self, person_id: uuid.UUID) -> list[StaffMember]:
        return sorted((m for m in self.rows.values() if m.person_id == person_id), key=lambda m: (m.created_at, m.id))

    async def all_records(self) -> list[StaffMember]:
        return sorted(self.rows.values(), key=lambda m: (m.created_at, m.id))

    async def relink(self, staff_ids: list[uuid.UUID], person_id: uuid.UUID) -> None:
        for staff_id in staff_ids:
            self.state.put_staff(dataclasses.replace(self.rows[staff_id], person_id=person_id))
        for b in self.state.bookings:
            if b.staff_id in staff_ids:
                b.person_id = person_id

    async def clashes(self, person_a: uuid.UUID, person_b: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID]]:
        mine = [b for b in self.state.bookings if b.active and b.person_id == person_a]
        theirs = [b for b in self.state.bookings if b.active and b.person_id == person_b]
        return [
            (a.shift_id, b.shift_id)
            for a in mine
            for b in theirs
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at
        ]

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
        found = [
            self._read(m)
            for m in self.rows.values()
            if (within is None or m.enterprise_id in within)
            and (not only or m.id == only)
            and (ids is None or m.id in ids)
            and (not enterprise_id or m.enterprise_id == enterprise_id)
            and (not qualification or qualification in m.qualifications)
            and (active is None or m.active == active)
            and (not q or name_found(q, m.full_name))
            and (not email or m.email == email.strip().lower())
        ]
        return offset_page(
            found,
            key=lambda m: (not word_found(q, m.full_name), *name_order(m.full_name, m.id)),
            page=page,
            kind=PAGE_KIND,
        )
