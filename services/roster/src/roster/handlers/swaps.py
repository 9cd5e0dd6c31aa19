"""Swaps: a person on a published shift asks to hand it to a named colleague (or to anyone
qualified); a manager approves — every rule is checked again at that moment — or rejects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from lichtruc.events import ShiftSwapped, SwapRejected, SwapRequested
from lichtruc.words import name

from ..db.tables import swaps
from ..domain.errors import Conflict, Precondition, RuleViolation, missing
from ..domain.shifts import (
    ShiftDraft,
    assignee_errors,
    check_transition,
    double_bookings,
    raise_double_booking,
)
from .context import Context, UnitOfWork
from .scope import EVERYTHING, Visible, own_swaps
from .shifts import (
    assignee_json,
    bookings_near,
    campaign_of,
    emit_shift,
    evaluate,
    label,
    locked_shift,
    replace_people,
    save,
    shift_view,
    snapshot,
    staff_facts,
)
from .views import Page, fetch_page, staff_ids_of


@dataclass(frozen=True)
class RequestSwap:
    shift_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None = None
    reason: str | None = None


def _not_started(uow: UnitOfWork, row: dict) -> None:
    if uow.now >= row["starts_at"]:
        raise Conflict(
            "shift_id",
            "shift-started",
            f"The shift {label(row, 'en')} has already started: it can no longer be swapped; ask a "
            "manager to reassign it.",
            f"Ca {label(row)} đã bắt đầu, không thể đổi ca nữa.",
            shift_id=str(row["id"]),
        )


def _on_shift(row: dict, staff_id: uuid.UUID) -> None:
    if staff_id not in staff_ids_of(row):
        raise RuleViolation(
            "from_staff_id",
            "on-shift",
            f"This staff member is not on the shift {label(row, 'en')}.",
            f"Cán bộ này không có tên trong ca {label(row)}.",
            staff_id=str(staff_id),
        )


async def _check_colleague(uow: UnitOfWork, row: dict, to_staff_id: uuid.UUID, from_staff_id: uuid.UUID) -> None:
    """The colleague may take the shift: not on it already, active, same enterprise, qualified,
    and free at that time."""
    if to_staff_id == from_staff_id or to_staff_id in staff_ids_of(row):
        who = _who(row, to_staff_id)
        raise RuleViolation(
            "to_staff_id",
            "not-on-shift",
            f"{who[1]} is already on this shift.",
            f"{who[0]} đã có tên trong ca trực này.",
            staff_id=str(to_staff_id),
        )
    people = await staff_facts(uow, [to_staff_id])
    errors = assignee_errors(
        [to_staff_id],
        enterprise_id=row["enterprise_id"],
        duty_type=row["duty_type"],
        staff=people,
        field_name="to_staff_id",
    )
    if errors:
        raise RuleViolation([replace(e, field="to_staff_id") for e in errors])
    draft = ShiftDraft(row["enterprise_id"], row["duty_type"], row["starts_at"], row["ends_at"], (to_staff_id,))
    bookings = await bookings_near(
        uow, [to_staff_id], row["starts_at"], row["ends_at"], enterprise_id=row["enterprise_id"]
    )
    errors = double_bookings(draft, bookings, shift_id=row["id"], names={to_staff_id: people[to_staff_id].full_name})
    raise_double_booking([replace(e, field="to_staff_id") for e in errors])


def _who(row: dict, staff_id: uuid.UUID) -> tuple[str, str]:
    """A person on the shift by name (Vietnamese, English)."""
    for a in row["assignees"]:
        if a["staff_id"] == str(staff_id):
            return a["full_name"], a["full_name"]
    return "Cán bộ này", "This staff member"


def swap_view(row: dict) -> dict:
    return dict(row)


async def request_swap(uow: UnitOfWork, cmd: RequestSwap) -> dict:
    """Ask to hand a published, not yet started shift to a colleague (or to anyone qualified when
    `to_staff_id` is None); publishes SwapRequested."""
    row = await locked_shift(uow, cmd.shift_id)
    check_transition(row, "request_swap")
    campaign_of(row)
    _not_started(uow, row)
    _on_shift(row, cmd.from_staff_id)
    if cmd.to_staff_id is not None:
        await _check_colleague(uow, row, cmd.to_staff_id, cmd.from_staff_id)
    values = {
        "id": uuid.uuid4(),
        "shift_id": cmd.shift_id,
        "enterprise_id": row["enterprise_id"],
        "from_staff_id": cmd.from_staff_id,
        "to_staff_id": cmd.to_staff_id,
        "status": "requested",
        "reason": cmd.reason,
        "requested_by": uow.actor,
        "version": 1,
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    swap = (
        (
            await uow.session.execute(
                insert(swaps)
                .values(**values)
                .on_conflict_do_nothing(
                    index_elements=["shift_id", "from_staff_id"], index_where=swaps.c.status == "requested"
                )
                .returning(*swaps.c)
            )
        )
        .mappings()
        .first()
    )
    if swap is None:
        pending = await uow.session.scalar(
            select(swaps.c.id).where(
                swaps.c.shift_id == cmd.shift_id,
                swaps.c.from_staff_id == cmd.from_staff_id,
                swaps.c.status == "requested",
            )
        )
        raise Conflict(
            "from_staff_id",
            "one-open-swap",
            f"Swap request {pending} for this person and shift is still open: wait for the manager's decision.",
            "Người này đã có một yêu cầu đổi ca này đang chờ duyệt.",
            swap_id=str(pending),
        )
    swap = dict(swap)
    await uow.emit(
        SwapRequested(
            swap_id=swap["id"],
            shift=snapshot(row),
            from_staff_id=cmd.from_staff_id,
            to_staff_id=cmd.to_staff_id,
            actor=uow.actor,
            version=1,
            reason=cmd.reason,
        ),
        key=row["enterprise_id"],
        subject=f"swaps/{swap['id']}",
    )
    return swap_view(swap)


async def _open_swap(uow: UnitOfWork, swap_id: uuid.UUID, pre: Precondition) -> dict:
    swap = (await uow.session.execute(select(swaps).where(swaps.c.id == swap_id).with_for_update())).mappings().first()
    if swap is None:
        raise missing("swap", swap_id)
    pre.check(swap["version"], what="swap request", what_vi="yêu cầu đổi ca", ident=swap_id)
    if swap["status"] != "requested":
        raise Conflict(
            "status",
            "swap-open",
            f"This swap request is already {name('swap_status', swap['status'], 'en')}.",
            f"Yêu cầu đổi ca này đã được xử lý ({name('swap_status', swap['status'])}).",
            swap_id=str(swap_id),
            swap_status=swap["status"],
        )
    return dict(swap)


async def _decide(uow: UnitOfWork, swap: dict, values: dict) -> dict:
    values = {**values, "decided_by": uow.actor, "version": swap["version"] + 1, "updated_at": uow.now}
    await uow.session.execute(update(swaps).where(swaps.c.id == swap["id"]).values(**values))
    return {**swap, **values}


async def approve_swap(
    uow: UnitOfWork, swap_id: uuid.UUID, *, to_staff_id: uuid.UUID | None, note: str | None, pre: Precondition
) -> dict:
    """Hand the shift over: every rule is checked again for the new team; publishes ShiftSwapped.
    An open request needs `to_staff_id`; a named one may repeat it but not change it."""
    swap = await _open_swap(uow, swap_id, pre)
    taker = swap["to_staff_id"] or to_staff_id
    if taker is None:
        raise RuleViolation(
            "to_staff_id",
            "required",
            "This request is open to any qualified colleague: name the one who takes the shift.",
            "Yêu cầu này mở cho mọi đồng nghiệp đủ chuyên môn: hãy chọn người nhận ca.",
        )
    if swap["to_staff_id"] is not None and to_staff_id is not None and to_staff_id != swap["to_staff_id"]:
        named = (await staff_facts(uow, [swap["to_staff_id"]])).get(swap["to_staff_id"])
        who = named.full_name if named else "một người khác"
        raise RuleViolation(
            "to_staff_id",
            "as-requested",
            f"The request names {named.full_name if named else 'someone else'}: approve it as requested or reject it.",
            f"Yêu cầu đã chỉ định {who}: hãy duyệt đúng người hoặc từ chối.",
            staff_id=str(swap["to_staff_id"]),
        )
    row = await locked_shift(uow, swap["shift_id"])
    check_transition(row, "approve_swap")
    campaign_id = campaign_of(row)
    _not_started(uow, row)
    giver = swap["from_staff_id"]
    if giver not in staff_ids_of(row):
        gone = (await staff_facts(uow, [giver])).get(giver)
        who = gone.full_name if gone else "Người xin đổi"
        raise Conflict(
            "from_staff_id",
            "still-on-shift",
            f"{gone.full_name if gone else 'The giver'} is no longer on the shift {label(row, 'en')}: the "
            "request is out of date; reject it.",
            f"{who} không còn trong ca {label(row)}: yêu cầu đã lỗi thời.",
            staff_id=str(giver),
        )
    if taker in staff_ids_of(row):
        who = _who(row, taker)
        raise RuleViolation(
            "to_staff_id",
            "not-on-shift",
            f"{who[1]} is already on this shift.",
            f"{who[0]} đã có tên trong ca trực này.",
            staff_id=str(taker),
        )
    team = tuple(taker if s == giver else s for s in staff_ids_of(row))
    draft = ShiftDraft(row["enterprise_id"], row["duty_type"], row["starts_at"], row["ends_at"], team, row["site_id"])
    evaluation = await evaluate(uow, draft, campaign_id=campaign_id, shift_id=row["id"])
    await replace_people(uow, row, team, evaluation.staff)
    row = await save(
        uow,
        row,
        {
            "assignees": [assignee_json(evaluation.staff[s]) for s in team],
            "warnings": [w.as_dict() for w in evaluation.warnings],
        },
    )
    swap = await _decide(uow, swap, {"status": "approved", "to_staff_id": taker, "decision_note": note})
    await emit_shift(uow, ShiftSwapped, row, swap_id=swap_id, from_staff_id=giver, to_staff_id=taker)
    return {**swap_view(swap), "shift": shift_view(row)}


async def reject_swap(uow: UnitOfWork, swap_id: uuid.UUID, *, note: str | None, pre: Precondition) -> dict:
    """Turn a request down (the shift is unchanged); publishes SwapRejected."""
    swap = await _open_swap(uow, swap_id, pre)
    swap = await _decide(uow, swap, {"status": "rejected", "decision_note": note})
    await uow.emit(
        SwapRejected(
            swap_id=swap_id,
            shift_id=swap["shift_id"],
            enterprise_id=swap["enterprise_id"],
            from_staff_id=swap["from_staff_id"],
            to_staff_id=swap["to_staff_id"],
            reason=note,
            actor=uow.actor,
            version=swap["version"],
        ),
        key=swap["enterprise_id"],
        subject=f"swaps/{swap_id}",
    )
    return swap_view(swap)


async def get_swap(ctx: Context, swap_id: uuid.UUID) -> dict:
    async with ctx.sessions() as session:
        row = (await session.execute(select(swaps).where(swaps.c.id == swap_id))).mappings().first()
    if row is None:
        raise missing("swap", swap_id)
    return swap_view(dict(row))


async def list_swaps(
    ctx: Context,
    *,
    shift_id: uuid.UUID | None,
    enterprise_id: uuid.UUID | None,
    staff_id: uuid.UUID | None,
    status: str | None,
    limit: int,
    offset: int,
    visible: Visible = EVERYTHING,
) -> Page:
    """Swap requests, oldest first; only those the caller may see (a staff member: their own)."""
    stmt = select(swaps).where(*visible.where(swaps.c.enterprise_id))
    if visible.staff_id:
        stmt = stmt.where(own_swaps(visible.staff_id))
    if shift_id:
        stmt = stmt.where(swaps.c.shift_id == shift_id)
    if enterprise_id:
        stmt = stmt.where(swaps.c.enterprise_id == enterprise_id)
    if staff_id:
        stmt = stmt.where(own_swaps(staff_id))
    if status:
        stmt = stmt.where(swaps.c.status == status)
    async with ctx.sessions() as session:
        return await fetch_page(
            session, stmt, order_by=[swaps.c.created_at, swaps.c.id], limit=limit, offset=offset, view=swap_view
        )
