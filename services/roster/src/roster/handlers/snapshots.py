"""Shifts as events carry them: the whole state in one `ShiftSnapshot` (lichtruc.events)."""

from __future__ import annotations

from lichtruc.events import Assignee, ShiftSnapshot

from ..domain.shifts import Shift


def assignees_of(shift: Shift) -> tuple[Assignee, ...]:
    return tuple(Assignee(staff_id=a.staff_id, full_name=a.full_name, qualified=a.qualified) for a in shift.assignees)


def snapshot(shift: Shift) -> ShiftSnapshot:
    """The shift's whole state as every shift event carries it."""
    return ShiftSnapshot(
        shift_id=shift.id,
        campaign_id=shift.campaign_id,
        enterprise_id=shift.enterprise_id,
        site_id=shift.site_id,
        covers_site_ids=shift.covers_site_ids,
        duty_type=shift.duty_type,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        assignees=assignees_of(shift),
        status=shift.status,
        notes=shift.notes,
        warnings=tuple(f"{w['rule']}: {w['message']}" for w in shift.warnings),
        version=shift.version,
        continues_shift_id=shift.continues_shift_id,
        handover_reason=shift.handover_reason,
        handover_absent=shift.handover_absent,
    )
