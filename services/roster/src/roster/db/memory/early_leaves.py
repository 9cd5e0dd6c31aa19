"""Early-leave notices in memory."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ...domain.early_leave import EarlyLeave
from ..ports import EarlyLeaveFilter
from .state import MemoryState


class MemoryEarlyLeaves:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    def _described(self, notice: EarlyLeave) -> EarlyLeave:
        def named(staff_id: uuid.UUID | None) -> str | None:
            found = self.state.staff.get(staff_id) if staff_id is not None else None
            return found[0].full_name if found else None

        shift = self.state.shifts.get(notice.shift_id)
        return replace(
            notice,
            staff_name=named(notice.staff_id),
            colleague_name=named(notice.colleague_id),
            shift_ends_at=shift.ends_at if shift else None,
        )

    @staticmethod
    def _alone(notice: EarlyLeave) -> EarlyLeave:
        return replace(notice, staff_name=None, colleague_name=None, shift_ends_at=None)

    async def add(self, notice: EarlyLeave) -> uuid.UUID | None:
        for other in self.state.early_leaves.values():  # one open notice per person and shift
            if (other.shift_id, other.staff_id, other.status) == (notice.shift_id, notice.staff_id, "open"):
                return other.id
        self.state.early_leaves[notice.id] = self._alone(notice)
        return None

    async def save(self, notice: EarlyLeave) -> None:
        self.state.early_leaves[notice.id] = self._alone(notice)

    async def open_on(self, shift_id: uuid.UUID, *, staff_id: uuid.UUID | None = None) -> list[EarlyLeave]:
        found = [
            n
            for n in self.state.early_leaves.values()
            if n.shift_id == shift_id and n.status == "open" and (staff_id is None or n.staff_id == staff_id)
        ]
        return sorted(found, key=lambda n: (n.created_at, n.id))

    async def get(self, notice_id: uuid.UUID) -> EarlyLeave | None:
        found = self.state.early_leaves.get(notice_id)
        return None if found is None else self._described(found)

    async def page(self, f: EarlyLeaveFilter, *, visible: Visible, page: PageRequest) -> Slice[EarlyLeave]:
        def shown(n: EarlyLeave) -> bool:
            return (
                visible.sees_enterprise(n.enterprise_id)
                and not (visible.own_only and visible.staff_id != n.staff_id)
                and (f.shift_id is None or n.shift_id == f.shift_id)
                and (f.enterprise_id is None or n.enterprise_id == f.enterprise_id)
                and (f.staff_id is None or n.staff_id == f.staff_id)
                and (f.open_at is None or self._described(n).as_of(f.open_at).status == "open")
            )

        found = sorted(
            (n for n in self.state.early_leaves.values() if shown(n)), key=lambda n: (n.created_at, n.id), reverse=True
        )
        after = page.after("early-leaves", datetime, uuid.UUID)
        rest = found if after is None else [n for n in found if (n.created_at, n.id) < (after[0], after[1])]
        listed = [self._described(n) for n in rest[: page.limit + 1]]
        return keyset(listed, page.limit, "early-leaves", lambda n: (n.created_at, n.id), total=len(found))
