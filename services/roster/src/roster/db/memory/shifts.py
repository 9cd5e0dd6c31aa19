"""Shifts and bookings in memory: the same contract as db/shifts.py and db/bookings.py,
including the refusal of one person on two overlapping active shifts."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ...domain.errors import Conflict
from ...domain.shifts import Booking, Shift, ShiftDraft, double_bookings, raise_double_booking
from ..ports import Owners, ShiftFilter, ShiftOrder, ShiftsBeside, shift_list_kind
from .state import BookingRow, MemoryState


class MemoryShifts:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    async def get(self, shift_id: uuid.UUID) -> Shift | None:
        return self.state.shifts.get(shift_id)

    async def lock(self, shift_id: uuid.UUID) -> Shift | None:
        return self.state.shifts.get(shift_id)

    async def try_lock_many(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        """One transaction at a time in memory: none is held by another, so all that exist."""
        return [self.state.shifts[i] for i in sorted(set(shift_ids)) if i in self.state.shifts]

    async def queue_rewarn(self, shift_ids: Iterable[uuid.UUID]) -> None:
        for shift_id in sorted(set(shift_ids)):
            self.state.rewarn_queue.setdefault(shift_id, None)

    async def queued_rewarns(self, limit: int) -> list[uuid.UUID]:
        return list(self.state.rewarn_queue)[:limit]

    async def drop_rewarns(self, shift_ids: Iterable[uuid.UUID]) -> None:
        for shift_id in shift_ids:
            self.state.rewarn_queue.pop(shift_id, None)

    async def add(self, shift: Shift) -> None:
        if shift.id in self.state.shifts:
            raise ValueError(f"shift {shift.id} exists")
        self.state.shifts[shift.id] = shift

    async def save(self, shift: Shift) -> None:
        self.state.shifts[shift.id] = shift

    def _sorted(self) -> list[Shift]:
        return sorted(self.state.shifts.values(), key=lambda s: (s.starts_at, s.id))

    async def drafts(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> list[Shift]:
        return [
            s
            for s in self._sorted()
            if s.campaign_id == campaign_id and s.enterprise_id == enterprise_id and s.status == "draft"
        ]

    async def between(
        self,
        *,
        campaign_id: uuid.UUID,
        enterprise_id: uuid.UUID,
        starts_at: datetime,
        ends_at: datetime,
        handed_over: bool = False,
    ) -> list[Shift]:
        continued = (
            {s.continues_shift_id for s in self._sorted() if s.continues_shift_id and s.status != "cancelled"}
            if handed_over
            else set()
        )
        return [
            s
            for s in self._sorted()
            if s.campaign_id == campaign_id
            and s.enterprise_id == enterprise_id
            and (s.status != "cancelled" or s.id in continued)
            and s.starts_at < ends_at
            and s.ends_at > starts_at
        ]

    async def continuing(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        ids = set(shift_ids)
        return [s for s in self._sorted() if s.continues_shift_id in ids and s.status != "cancelled"]

    async def continued(self, shift_ids: Iterable[uuid.UUID]) -> list[Shift]:
        return [self.state.shifts[i] for i in sorted(set(shift_ids)) if i in self.state.shifts]

    async def handovers(self, *, campaign_id: uuid.UUID, starts_at: datetime, ends_at: datetime) -> list[Shift]:
        return [
            s
            for s in self._sorted()
            if s.continues_shift_id is not None
            and s.campaign_id == campaign_id
            and s.status != "cancelled"
            and starts_at <= s.starts_at < ends_at
        ]

    def _booked(self, shift_id: uuid.UUID, staff_id: uuid.UUID) -> bool:
        return any(b.shift_id == shift_id and b.staff_id == staff_id for b in self.state.bookings)

    def _matches(self, s: Shift, f: ShiftFilter, visible: Visible) -> bool:
        return (
            visible.sees_enterprise(s.enterprise_id)
            and not (visible.own_only and visible.staff_id is not None and not self._booked(s.id, visible.staff_id))
            and (visible.drafts or s.published_at is not None)
            and (f.campaign_id is None or s.campaign_id == f.campaign_id)
            and (f.enterprise_id is None or s.enterprise_id == f.enterprise_id)
            and (f.site_id is None or s.site_id == f.site_id or f.site_id in s.covers_site_ids)
            and (f.duty_type is None or s.duty_type == f.duty_type)
            and (f.staff_id is None or self._booked(s.id, f.staff_id))
            and (f.overlaps_from is None or s.ends_at > f.overlaps_from)
            and (f.overlaps_to is None or s.starts_at < f.overlaps_to)
            and (f.ended_by is None or s.ends_at <= f.ended_by)
            and (not f.statuses or s.status in f.statuses)
            and (f.ever_published is None or (s.published_at is not None) == f.ever_published)
        )

    async def page(
        self, f: ShiftFilter, *, visible: Visible, page: PageRequest, order: ShiftOrder = "starts_at"
    ) -> Slice[Shift]:
        found = [s for s in self._sorted() if self._matches(s, f, visible)]
        kind, latest_first = shift_list_kind(order), order == "-starts_at"
        if latest_first:
            found.reverse()
        after = page.after(kind, datetime, uuid.UUID)
        rest = found
        if after is not None:
            position = (after[0], after[1])
            rest = [
                s for s in found if ((s.starts_at, s.id) < position if latest_first else (s.starts_at, s.id) > position)
            ]
        return keyset(rest[: page.limit + 1], page.limit, kind, lambda s: (s.starts_at, s.id), total=len(found))

    async def beside(
        self, shift_ids: Collection[uuid.UUID], *, visible: Visible, statuses: Collection[str]
    ) -> ShiftsBeside:
        ids = set(shift_ids)
        asked = [s for s in self._sorted() if s.id in ids and self._matches(s, ShiftFilter(), visible)]
        overlapping = [
            s
            for s in self._sorted()
            if s.status in statuses
            and any(
                a.enterprise_id == s.enterprise_id and a.starts_at < s.ends_at and s.starts_at < a.ends_at
                for a in asked
            )
        ]
        return ShiftsBeside(asked, overlapping)

    async def owners(self, shift_id: uuid.UUID) -> Owners | None:
        shift = self.state.shifts.get(shift_id)
        if shift is None:
            return None
        people = frozenset(b.staff_id for b in self.state.bookings if b.shift_id == shift_id)
        return Owners(shift.enterprise_id, people, draft=shift.published_at is None)


class MemoryBookings:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    def _label(self, shift_id: uuid.UUID) -> tuple[str, uuid.UUID]:
        shift = self.state.shifts[shift_id]
        return shift.duty_type, shift.enterprise_id

    def _is_draft(self, shift_id: uuid.UUID) -> bool:
        return self.state.shifts[shift_id].status == "draft"

    async def near(
        self,
        staff_ids: Iterable[uuid.UUID],
        starts_at: datetime,
        ends_at: datetime,
        *,
        enterprise_id: uuid.UUID | None,
    ) -> list[Booking]:
        asked = {self.state.person_of(s): s for s in set(staff_ids) if s in self.state.staff}
        found = []
        for b in self.state.bookings:
            if b.active and b.person_id in asked and b.starts_at < ends_at and b.ends_at > starts_at:
                duty_type, owner = self._label(b.shift_id)
                other = (
                    self.state.enterprises[owner][0] if enterprise_id is not None and owner != enterprise_id else None
                )
                found.append(
                    Booking(
                        b.shift_id,
                        asked[b.person_id],
                        b.starts_at,
                        b.ends_at,
                        duty_type,
                        other,
                        self._is_draft(b.shift_id),
                    )
                )
        return found

    def _refuse_overlap(self, row: BookingRow) -> None:
        """What the database's exclusion constraint does: the 409 naming the shift already there."""
        for b in sorted(self.state.bookings, key=lambda b: (b.starts_at, b.shift_id)):
            if (
                b is not row
                and b.active
                and b.person_id == row.person_id
                and b.shift_id != row.shift_id
                and b.starts_at < row.ends_at
                and b.ends_at > row.starts_at
            ):
                duty_type, owner = self._label(b.shift_id)
                other = Booking(
                    b.shift_id, row.staff_id, b.starts_at, b.ends_at, duty_type, self.state.enterprises[owner][0]
                )
                draft = ShiftDraft(uuid.UUID(int=0), "", row.starts_at, row.ends_at, (row.staff_id,))
                name = self.state.staff[row.staff_id][0].full_name
                errors = double_bookings(draft, [other], shift_id=row.shift_id, names={row.staff_id: name})
                raise_double_booking(errors)
                raise Conflict("assignees", "no-double-booking", "double booking", "trùng ca")

    async def book(
        self, shift_id: uuid.UUID, staff_ids: Sequence[uuid.UUID], starts_at: datetime, ends_at: datetime
    ) -> None:
        for s in sorted(staff_ids):
            row = BookingRow(shift_id, s, self.state.person_of(s), starts_at, ends_at)
            self._refuse_overlap(row)
            self.state.bookings.append(row)

    async def unbook(self, shift_id: uuid.UUID, staff_ids: Iterable[uuid.UUID]) -> None:
        gone = set(staff_ids)
        self.state.bookings[:] = [b for b in self.state.bookings if not (b.shift_id == shift_id and b.staff_id in gone)]

    async def move(self, shift_id: uuid.UUID, starts_at: datetime, ends_at: datetime) -> None:
        for b in self.state.bookings:
            if b.shift_id == shift_id:
                b.starts_at, b.ends_at = starts_at, ends_at
                if b.active:
                    self._refuse_overlap(b)

    async def release(self, shift_id: uuid.UUID) -> None:
        for b in self.state.bookings:
            if b.shift_id == shift_id:
                b.active = False

    async def check_in(self, shift_id: uuid.UUID, staff_id: uuid.UUID, at: datetime) -> None:
        for b in self.state.bookings:
            if b.shift_id == shift_id and b.staff_id == staff_id:
                b.checked_in_at = at
