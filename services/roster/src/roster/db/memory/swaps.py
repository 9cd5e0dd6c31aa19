"""Swap requests and requirements in memory."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ...domain.requirements import Removal, RequirementVersion, StaffingRequirement
from ...domain.swaps import Swap, SwapCandidate, SwapShift
from ..ports import CandidateQuery, Owners, RequirementFilter, SwapFilter
from ..requirements import KEY_TYPES, VERSIONS_KIND
from ..search import name_order
from .pages import offset_page
from .state import MemoryState


class MemorySwaps:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    def _described(self, swap: Swap) -> Swap:
        """The request with its people's names and its shift, as PostgreSQL reads them."""

        def named(staff_id: uuid.UUID | None) -> str | None:
            found = self.state.staff.get(staff_id) if staff_id is not None else None
            return found[0].full_name if found else None

        shift = self.state.shifts.get(swap.shift_id)
        site = self.state.sites.get(shift.site_id) if shift and shift.site_id else None
        covered = [self.state.sites.get(c) for c in shift.covers_site_ids] if shift else []
        names = tuple(sorted(c.name for c in covered if c is not None))
        about = (
            SwapShift(shift.duty_type, shift.starts_at, shift.ends_at, site.name if site else None, names)
            if shift
            else None
        )
        return replace(swap, from_name=named(swap.from_staff_id), to_name=named(swap.to_staff_id), about=about)

    async def get(self, swap_id: uuid.UUID) -> Swap | None:
        swap = self.state.swaps.get(swap_id)
        return None if swap is None else self._described(swap)

    async def lock(self, swap_id: uuid.UUID) -> Swap | None:
        return self.state.swaps.get(swap_id)

    async def add(self, swap: Swap) -> uuid.UUID | None:
        for other in self.state.swaps.values():  # one open request per person and shift
            if (other.shift_id, other.from_staff_id, other.status) == (swap.shift_id, swap.from_staff_id, "requested"):
                return other.id
        self.state.swaps[swap.id] = replace(swap, from_name=None, to_name=None, about=None)
        return None

    async def save(self, swap: Swap) -> None:
        self.state.swaps[swap.id] = replace(swap, from_name=None, to_name=None, about=None)  # stored alone

    def _as_of(self, swap: Swap, now: datetime | None) -> Swap:
        """The request as `SwapFilter.now` reads its status (PostgreSQL: the same, in SQL)."""
        return swap if now is None else self._described(swap).as_of(now)

    async def started_waiting(self, now: datetime, *, limit: int) -> list[Swap]:
        waiting = [
            s for s in self.state.swaps.values() if s.status == "requested" and self._as_of(s, now).status == "lapsed"
        ]
        return sorted(waiting, key=lambda s: (s.created_at, s.id))[:limit]

    async def page(self, f: SwapFilter, *, visible: Visible, page: PageRequest) -> Slice[Swap]:
        def shown(s: Swap) -> bool:
            return (
                visible.sees_enterprise(s.enterprise_id)
                and not (visible.own_only and visible.staff_id not in s.people)
                and (f.shift_id is None or s.shift_id == f.shift_id)
                and (f.enterprise_id is None or s.enterprise_id == f.enterprise_id)
                and (f.staff_id is None or f.staff_id in s.people)
                and (f.status is None or self._as_of(s, f.now).status == f.status)
            )

        found = sorted((s for s in self.state.swaps.values() if shown(s)), key=lambda s: (s.created_at, s.id))
        after = page.after("swaps", datetime, uuid.UUID)
        rest = found
        if after is not None:
            rest = [s for s in found if (s.created_at, s.id) > (after[0], after[1])]
        shown_now = [self._described(s) for s in rest[: page.limit + 1]]
        return keyset(shown_now, page.limit, "swaps", lambda s: (s.created_at, s.id), total=len(found))

    async def owners(self, swap_id: uuid.UUID) -> Owners | None:
        swap = self.state.swaps.get(swap_id)
        return None if swap is None else Owners(swap.enterprise_id, swap.people, asker=swap.from_staff_id)

    async def candidates(self, q: CandidateQuery, *, page: PageRequest) -> Slice[SwapCandidate]:
        state = self.state
        busy = {
            b.person_id
            for b in state.bookings
            if b.active and b.starts_at < q.ends_at and b.ends_at > q.starts_at  # as `bookings.overlapping`
        }
        shared_shifts = {
            b.shift_id
            for b in state.bookings
            if b.active
            and b.staff_id == q.asker
            and state.shifts[b.shift_id].status != "draft"
            and state.shifts[b.shift_id].starts_at <= q.now
        }
        shared = {b.staff_id for b in state.bookings if b.active and b.shift_id in shared_shifts}

        found = [
            SwapCandidate(p.id, p.full_name, p.id in shared, phone=_phone(state, p.id), email=email)
            for p, email in state.staff.values()
            if p.enterprise_id == q.enterprise_id
            and p.active
            and q.qualification in p.qualifications
            and p.id not in q.on_shift
            and state.person_of(p.id) not in busy
        ]
        return offset_page(found, key=lambda c: name_order(c.full_name, c.staff_id), page=page, kind="swap-candidates")


def _key(r: StaffingRequirement) -> tuple[uuid.UUID, str, datetime, uuid.UUID]:
    return (r.enterprise_id, r.duty_type, r.created_at, r.id)


class MemoryRequirements:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    async def get(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        return self.state.requirements.get(requirement_id)

    async def lock(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        return self.state.requirements.get(requirement_id)

    async def add(self, requirement: StaffingRequirement) -> None:
        self.state.requirements[requirement.id] = requirement

    async def save(self, requirement: StaffingRequirement) -> None:
        self.state.requirements[requirement.id] = requirement

    async def remove(self, requirement_id: uuid.UUID) -> None:
        self.state.requirements.pop(requirement_id, None)

    async def record(self, version: RequirementVersion) -> None:
        self.state.requirement_versions[(version.requirement_id, version.version)] = version

    async def versions_of(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> list[RequirementVersion]:
        return sorted(
            (
                v
                for v in self.state.requirement_versions.values()
                if v.campaign_id == campaign_id and v.enterprise_id == enterprise_id
            ),
            key=lambda v: (v.requirement_id, v.version),
        )

    async def history(self, requirement_id: uuid.UUID, *, page: PageRequest) -> Slice[RequirementVersion]:
        mine = sorted(
            (v for v in self.state.requirement_versions.values() if v.requirement_id == requirement_id),
            key=lambda v: v.version,
        )
        after = page.after(VERSIONS_KIND, int)
        found = [v for v in mine if after is None or v.version > after[0]]
        return keyset(found[: page.limit + 1], page.limit, VERSIONS_KIND, lambda v: (v.version,), total=len(mine))

    async def keys(
        self, *, campaign_ids: Iterable[uuid.UUID], site_ids: Iterable[uuid.UUID]
    ) -> set[tuple[uuid.UUID, uuid.UUID, str]]:
        campaigns, sites = set(campaign_ids), set(site_ids)
        return {
            (r.campaign_id, r.site_id, r.duty_type)
            for r in self.state.requirements.values()
            if r.campaign_id in campaigns and r.site_id is not None and r.site_id in sites
        }

    async def page(self, f: RequirementFilter, *, visible: Visible, page: PageRequest) -> Slice[StaffingRequirement]:
        every = list(self.state.requirements.values())
        if f.include_removed:
            every += [r for r in (self._removed(i) for i in {v.requirement_id for v in self._versions()}) if r]
        found = sorted(
            (
                r
                for r in every
                if visible.sees_enterprise(r.enterprise_id)
                and (f.campaign_id is None or r.campaign_id == f.campaign_id)
                and (f.enterprise_id is None or r.enterprise_id == f.enterprise_id)
                and (f.site_id is None or r.site_id == f.site_id)
                and (f.duty_type is None or r.duty_type == f.duty_type)
            ),
            key=_key,
        )
        after = page.after("requirements", *KEY_TYPES)
        rest = found
        if after is not None:
            rest = [r for r in found if _key(r) > tuple(after)]
        return keyset(rest[: page.limit + 1], page.limit, "requirements", _key, total=len(found))

    def _versions(self) -> list[RequirementVersion]:
        return list(self.state.requirement_versions.values())

    def _removed(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        mine = sorted((v for v in self._versions() if v.requirement_id == requirement_id), key=lambda v: v.version)
        if len(mine) < 2 or mine[-1].rule is not None:
            return None
        gone, last = mine[-1], mine[-2]
        rule = last.rule
        if rule is None:
            return None
        return StaffingRequirement(
            id=requirement_id,
            campaign_id=last.campaign_id,
            enterprise_id=last.enterprise_id,
            site_id=rule.site_id,
            duty_type=rule.duty_type,
            window=rule.window,
            minimum=rule.minimum,
            peak_minimum=rule.peak_minimum,
            version=gone.version,
            created_at=mine[0].recorded_at,
            updated_at=gone.recorded_at,
            removed=Removal(gone.recorded_at, gone.applies_from),
        )

    async def removed(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        return self._removed(requirement_id)

    async def enterprise_of(self, requirement_id: uuid.UUID) -> uuid.UUID | None:
        r = self.state.requirements.get(requirement_id)
        if r is not None:
            return r.enterprise_id
        return next((v.enterprise_id for v in self._versions() if v.requirement_id == requirement_id), None)


def _phone(state: MemoryState, staff_id: uuid.UUID) -> str | None:
    record = state.staff_records.get(staff_id)  # the facts a test fills carry no phone; a record does
    return record.phone if record is not None else None
