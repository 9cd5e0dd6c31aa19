"""Early-leave notices ("Tôi cần về sớm", QZ29 #8; the rules: `domain.early_leave`): a person on a shift under way
tells the managers they must leave before it ends — from when, why, and the colleague who agreed to take over —
publishing EarlyLeaveAsked; they may withdraw it (EarlyLeaveClosed "withdrawn"). A notice changes nobody on duty: a
manager's handover, cancellation or reassignment of the shift closes the notices open on it in the same transaction
(`close_on_shift`, called by those commands); one whose shift ended reads "ended" (`EarlyLeave.as_of`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from lichtruc.events import EarlyLeaveAsked, EarlyLeaveClosed
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible

from ..db.ports import EarlyLeaveFilter
from ..domain.early_leave import (
    ClosedHow,
    EarlyLeave,
    colleague_on_shift,
    default_leave_at,
    ensure_under_way,
    leave_errors,
    raise_errors,
)
from ..domain.errors import Conflict, FieldError, RuleViolation, missing
from ..domain.shifts import Shift, assignee_errors, double_bookings
from .context import Context, UnitOfWork, reading
from .snapshots import snapshot

__all__ = ["EarlyLeaveFilter"]


@dataclass(frozen=True)
class AskEarlyLeave:
    shift_id: uuid.UUID
    staff_id: uuid.UUID
    reason: str | None
    at: datetime | None = None
    colleague_id: uuid.UUID | None = None


def _on_shift(shift: Shift, staff_id: uuid.UUID) -> str:
    """The person's name on the shift; 422 when they are not on it."""
    for a in shift.assignees:
        if a.staff_id == staff_id:
            return a.full_name
    raise RuleViolation(
        "staff_id",
        "on-shift",
        f"This staff member is not on the shift {shift.label('en')}.",
        f"Cán bộ này không có tên trong ca {shift.label()}.",
        staff_id=str(staff_id),
    )


async def _colleague_errors(
    uow: UnitOfWork, shift: Shift, *, colleague_id: uuid.UUID, leave_at: datetime
) -> tuple[str | None, list[FieldError]]:
    """The colleague named may take the rest over as the handover would accept them: not on the shift, active, of its
    enterprise, qualified, free from `leave_at` to its end. Their name, and what is wrong (named by name)."""
    on_it = colleague_on_shift(shift, colleague_id)
    if on_it is not None:
        return None, [on_it]
    people = await uow.facts.staff([colleague_id])
    errors = assignee_errors(
        [colleague_id],
        enterprise_id=shift.enterprise_id,
        duty_type=shift.duty_type,
        staff=people,
        field_name="colleague_id",
    )
    if errors:
        return None, [replace(e, field="colleague_id") for e in errors]
    who = people[colleague_id].full_name
    starts_at = min(max(leave_at, shift.starts_at), shift.ends_at)
    bookings = await uow.bookings.near([colleague_id], starts_at, shift.ends_at, enterprise_id=shift.enterprise_id)
    clash = double_bookings(
        shift.draft(starts_at=starts_at, staff_ids=(colleague_id,), site_id=None),
        bookings,
        shift_id=shift.id,
        names={colleague_id: who},
    )
    return who, [replace(e, field="colleague_id") for e in clash]


async def ask_early_leave(uow: UnitOfWork, cmd: AskEarlyLeave) -> EarlyLeave:
    """Tell the managers that `staff_id` must leave the shift under way early; publishes EarlyLeaveAsked. Every
    refusal of the moment, the reason and the colleague said at once (422); 409 when the shift is not under way, or
    the person has a notice open on it already."""
    shift = await uow.shifts.lock(cmd.shift_id)
    if shift is None:
        raise missing("shift", cmd.shift_id)
    ensure_under_way(shift, now=uow.now)
    person = _on_shift(shift, cmd.staff_id)
    leave_at = cmd.at if cmd.at is not None else default_leave_at(shift, uow.now)
    reason, errors = leave_errors(shift, leave_at=leave_at, reason=cmd.reason)
    colleague_name = None
    if cmd.colleague_id is not None:
        colleague_name, more = await _colleague_errors(
            uow, shift, colleague_id=cmd.colleague_id, leave_at=leave_at if leave_at.tzinfo else uow.now
        )
        errors += more
    raise_errors(errors)
    leave_at = leave_at.astimezone(UTC)
    notice = EarlyLeave.ask(
        shift=shift,
        staff_id=cmd.staff_id,
        leave_at=leave_at,
        reason=reason,
        colleague_id=cmd.colleague_id,
        actor=uow.actor,
        now=uow.now,
    )
    pending = await uow.early_leaves.add(notice)
    if pending is not None:
        raise Conflict(
            "staff_id",
            "one-open-early-leave",
            f"{person} has already told the managers they must leave the shift {shift.label('en')} early, and that "
            "notice is still open: withdraw it first to send another.",
            f"{person} đã báo về sớm khỏi ca {shift.label()} và báo này vẫn đang mở: hãy rút báo cũ trước khi gửi "
            "báo mới.",
            early_leave_id=str(pending),
        )
    await uow.emit(
        EarlyLeaveAsked(
            early_leave_id=notice.id,
            shift=snapshot(shift),
            staff_id=cmd.staff_id,
            staff_name=person,
            leave_at=leave_at,
            reason=reason,
            colleague_id=cmd.colleague_id,
            colleague_name=colleague_name,
            actor=uow.actor,
            actor_name=await uow.actor_name(),
            version=notice.version,
        ),
        key=shift.enterprise_id,
        subject=f"early-leaves/{notice.id}",
    )
    return await uow.early_leaves.get(notice.id) or notice


async def _emit_closed(uow: UnitOfWork, notice: EarlyLeave) -> None:
    assert notice.status in ("withdrawn", "handed_over", "cancelled", "reassigned")
    await uow.emit(
        EarlyLeaveClosed(
            early_leave_id=notice.id,
            shift_id=notice.shift_id,
            enterprise_id=notice.enterprise_id,
            staff_id=notice.staff_id,
            how=notice.status,  # checked above
            handed_over_to=notice.handed_over_to,
            actor=uow.actor,
            actor_name=await uow.actor_name(),
            version=notice.version,
        ),
        key=notice.enterprise_id,
        subject=f"early-leaves/{notice.id}",
    )


async def withdraw_early_leave(uow: UnitOfWork, shift_id: uuid.UUID, *, staff_id: uuid.UUID) -> EarlyLeave:
    """The person takes back their open notice on the shift (they stay on duty); publishes EarlyLeaveClosed
    "withdrawn". 409 when none is open (closed by a manager's change, or the shift ended)."""
    shift = await uow.shifts.get(shift_id)
    if shift is None:
        raise missing("shift", shift_id)
    found = await uow.early_leaves.open_on(shift_id, staff_id=staff_id)
    if not found or uow.now >= shift.ends_at:
        person = next((a.full_name for a in shift.assignees if a.staff_id == staff_id), None)
        who_vi, who_en = person or "Cán bộ này", person or "This staff member"
        raise Conflict(
            "staff_id",
            "early-leave-none-open",
            f"{who_en} has no open early-leave notice on the shift {shift.label('en')}: it was closed when a manager "
            "changed the shift, or the shift has ended.",
            f"{who_vi} không có báo về sớm nào đang mở cho ca {shift.label()}: báo đã đóng khi quản lý thay đổi ca, "
            "hoặc ca đã kết thúc.",
            shift_id=str(shift_id),
        )
    closed = found[0].close(how="withdrawn", actor=uow.actor, now=uow.now)
    await uow.early_leaves.save(closed)
    await _emit_closed(uow, closed)
    return await uow.early_leaves.get(closed.id) or closed


async def close_on_shift(
    uow: UnitOfWork,
    shift: Shift,
    *,
    how: ClosedHow,
    staff_ids: frozenset[uuid.UUID] | None = None,
    handed_over_to: uuid.UUID | None = None,
) -> list[EarlyLeave]:
    """Close the notices open on `shift` (of `staff_ids` only, when given: the people a reassignment took off it) —
    a manager's change answered them — each announced (EarlyLeaveClosed, by the manager). Called in the transaction
    of that change; nothing when none is open."""
    closed = []
    for notice in await uow.early_leaves.open_on(shift.id):
        if staff_ids is not None and notice.staff_id not in staff_ids:
            continue
        done = notice.close(how=how, actor=uow.actor, now=uow.now, handed_over_to=handed_over_to)
        await uow.early_leaves.save(done)
        await _emit_closed(uow, done)
        closed.append(done)
    return closed


async def list_early_leaves(
    ctx: Context, f: EarlyLeaveFilter, *, page: PageRequest, visible: Visible = EVERYTHING
) -> Slice[EarlyLeave]:
    """Notices, newest first; only those the caller may see (a staff member: their own). Each as it stands now (an
    open one whose shift has ended reads "ended"); `open_at` set: only those open then."""
    now = ctx.clock()
    async with reading(ctx) as repos:
        found = await repos.early_leaves.page(f, visible=visible, page=page)
    return replace(found, items=[n.as_of(now) for n in found.items])
