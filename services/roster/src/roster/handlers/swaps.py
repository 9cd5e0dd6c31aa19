"""Swaps: a person on a published shift asks to hand it to a named colleague (or to anyone
qualified); the colleague named accepts or declines it (a qualified colleague may take an open one), publishing
SwapAnswered; a declined one goes back to the asker, who names someone else (SwapRequested again) or withdraws it; a
manager approves an accepted one — every rule is checked again at that moment; one nobody accepted only saying how
the colleague agreed (`domain.swaps`) — or rejects; the person who asked may withdraw it while it waits. Each command
answers with the request as people read it (names and the shift: `described`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from lichtruc import vntime
from lichtruc.duty_types import DUTY_QUALIFICATION
from lichtruc.events import SYSTEM_ACTOR, SwapAnswered, SwapLapsed, SwapRejected, SwapRequested, SwapWithdrawn
from lichtruc.paging import MAX_LIMIT, PageRequest, Slice, keyset
from lichtruc.scope import EVERYTHING, Visible

from ..db.ports import CandidateQuery, Repositories, SwapFilter
from ..domain.errors import Conflict, DomainError, Precondition, RuleViolation, missing
from ..domain.shifts import Shift, assignee_errors, double_bookings, raise_double_booking
from ..domain.swaps import Swap, SwapCandidate, with_warnings
from .context import Context, UnitOfWork, reading
from .shifts import apply, evaluate, rebook, refresh_neighbours
from .snapshots import snapshot

__all__ = ["SwapFilter"]


@dataclass(frozen=True)
class RequestSwap:
    shift_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None = None
    reason: str | None = None


def _not_started(uow: UnitOfWork, shift: Shift) -> None:
    if uow.now >= shift.starts_at:
        raise Conflict(
            "shift_id",
            "shift-started",
            f"The shift {shift.label('en')} has already started: it can no longer be swapped; ask a "
            "manager to reassign it.",
            f"Ca {shift.label()} đã bắt đầu, không thể đổi ca nữa.",
            shift_id=str(shift.id),
        )


def _on_shift(shift: Shift, staff_id: uuid.UUID) -> None:
    if staff_id not in shift.staff_ids:
        raise RuleViolation(
            "from_staff_id",
            "on-shift",
            f"This staff member is not on the shift {shift.label('en')}.",
            f"Cán bộ này không có tên trong ca {shift.label()}.",
            staff_id=str(staff_id),
        )


def _who(shift: Shift, staff_id: uuid.UUID) -> tuple[str, str]:
    """A person on the shift by name (Vietnamese, English)."""
    for a in shift.assignees:
        if a.staff_id == staff_id:
            return a.full_name, a.full_name
    return "Cán bộ này", "This staff member"


def _already_on(shift: Shift, staff_id: uuid.UUID) -> RuleViolation:
    vi, en = _who(shift, staff_id)
    return RuleViolation(
        "to_staff_id",
        "not-on-shift",
        f"{en} is already on this shift.",
        f"{vi} đã có tên trong ca trực này.",
        staff_id=str(staff_id),
    )


async def _check_colleague(
    uow: Repositories, shift: Shift, *, to_staff_id: uuid.UUID, from_staff_id: uuid.UUID
) -> None:
    """The colleague may take the shift: not on it already, active, same enterprise, qualified,
    and free at that time."""
    if to_staff_id == from_staff_id or to_staff_id in shift.staff_ids:
        raise _already_on(shift, to_staff_id)
    people = await uow.facts.staff([to_staff_id])
    errors = assignee_errors(
        [to_staff_id],
        enterprise_id=shift.enterprise_id,
        duty_type=shift.duty_type,
        staff=people,
        field_name="to_staff_id",
    )
    if errors:
        raise RuleViolation([replace(e, field="to_staff_id") for e in errors])
    bookings = await uow.bookings.near([to_staff_id], shift.starts_at, shift.ends_at, enterprise_id=shift.enterprise_id)
    errors = double_bookings(
        shift.draft(staff_ids=(to_staff_id,), site_id=None),
        bookings,
        shift_id=shift.id,
        names={to_staff_id: people[to_staff_id].full_name},
    )
    raise_double_booking([replace(e, field="to_staff_id") for e in errors])


@dataclass(frozen=True)
class SwapApproval:
    """An approved swap and the shift as it is after the hand-over."""

    swap: Swap
    shift: Shift


async def described(uow: UnitOfWork, swap: Swap) -> Swap:
    """The request as just written, read back with its people's names and its shift."""
    return await uow.swaps.get(swap.id) or swap


async def _locked_shift(uow: UnitOfWork, shift_id: uuid.UUID) -> Shift:
    shift = await uow.shifts.lock(shift_id)
    if shift is None:
        raise missing("shift", shift_id)
    return shift


async def request_swap(uow: UnitOfWork, cmd: RequestSwap) -> Swap:
    """Ask to hand a published, not yet started shift to a colleague (or to anyone qualified when
    `to_staff_id` is None); publishes SwapRequested."""
    shift = await _locked_shift(uow, cmd.shift_id)
    shift.allows("request_swap")
    shift.campaign()
    _not_started(uow, shift)
    _on_shift(shift, cmd.from_staff_id)
    if cmd.to_staff_id is not None:
        await _check_colleague(uow, shift, to_staff_id=cmd.to_staff_id, from_staff_id=cmd.from_staff_id)
    swap = Swap.request(
        shift_id=cmd.shift_id,
        enterprise_id=shift.enterprise_id,
        from_staff_id=cmd.from_staff_id,
        to_staff_id=cmd.to_staff_id,
        reason=cmd.reason,
        actor=uow.actor,
        now=uow.now,
    )
    pending = await uow.swaps.add(swap)
    if pending is not None:
        raise Conflict(
            "from_staff_id",
            "one-open-swap",
            f"Swap request {pending} for this person and shift is still open: wait for the manager's decision.",
            "Người này đã có một yêu cầu đổi ca này đang chờ duyệt.",
            swap_id=str(pending),
        )
    await uow.emit(
        SwapRequested(
            swap_id=swap.id,
            shift=snapshot(shift),
            from_staff_id=cmd.from_staff_id,
            to_staff_id=cmd.to_staff_id,
            actor=uow.actor,
            version=1,
            reason=cmd.reason,
        ),
        key=shift.enterprise_id,
        subject=f"swaps/{swap.id}",
    )
    return await described(uow, swap)


async def _open_swap(uow: UnitOfWork, swap_id: uuid.UUID, pre: Precondition, *, deciding: str) -> Swap:
    """The request, locked, still waiting (409 once decided) and not lapsed: its shift not begun (409
    `swap-lapsed`, worded for who is `deciding`, `Swap.ensure_current`). The lapse is judged before the version the
    caller read (QZ17 #1: the sweep storing it lapsed moves its version, and a manager whose page was open was told
    "changed meanwhile, try again" of a request nobody may decide any more); a request decided or withdrawn
    meanwhile still answers to the version first."""
    swap = await uow.swaps.lock(swap_id)
    if swap is None:
        raise missing("swap", swap_id)
    if swap.status in ("requested", "lapsed"):  # lapsed, stored so or not yet: said so, not "already handled"
        shift = await uow.shifts.get(swap.shift_id)
        if shift is not None:
            swap.ensure_current(starts_at=shift.starts_at, now=uow.now, deciding=deciding)
    if not pre.allows(swap.version):  # named for the refusal only: one more read, on that path alone
        asker = await uow.staff.get(swap.from_staff_id)
        asked = (
            f"(asked by {asker.full_name if asker else 'a former staff member'}, {vntime.clock(swap.created_at, 'en')})"
        )
        pre.check(swap.version, what="swap request", what_vi="yêu cầu đổi ca", ident=asked)
    swap.ensure_open()
    return swap


async def approve_swap(
    uow: UnitOfWork,
    swap_id: uuid.UUID,
    *,
    to_staff_id: uuid.UUID | None,
    note: str | None,
    pre: Precondition,
    agreement: str | None = None,
) -> SwapApproval:
    """Hand the shift over: every rule is checked again for the new team; publishes ShiftSwapped.
    An open request needs `to_staff_id`; a named one may repeat it but not change it. One the colleague has not
    accepted needs `agreement` (how they agreed, by phone…: `Swap.ensure_decidable`), kept on it and in the event;
    one they declined is refused."""
    swap = await _open_swap(uow, swap_id, pre, deciding="manager")
    taker = swap.to_staff_id or to_staff_id
    if taker is None:
        raise RuleViolation(
            "to_staff_id",
            "required",
            "This request is open to any qualified colleague: name the one who takes the shift.",
            "Yêu cầu này mở cho mọi đồng nghiệp đủ chuyên môn: hãy chọn người nhận ca.",
        )
    if swap.to_staff_id is not None and to_staff_id is not None and to_staff_id != swap.to_staff_id:
        named = (await uow.facts.staff([swap.to_staff_id])).get(swap.to_staff_id)
        who = named.full_name if named else "một người khác"
        raise RuleViolation(
            "to_staff_id",
            "as-requested",
            f"The request names {named.full_name if named else 'someone else'}: approve it as requested or reject it.",
            f"Yêu cầu đã chỉ định {who}: hãy duyệt đúng người hoặc từ chối.",
            staff_id=str(swap.to_staff_id),
        )
    taker_record = (await uow.facts.staff([taker])).get(taker)
    swap.ensure_decidable(agreement=agreement, taker_name=taker_record.full_name if taker_record else "Đồng nghiệp")
    shift = await _locked_shift(uow, swap.shift_id)
    shift.allows("approve_swap")
    campaign_id = shift.campaign()
    swap.ensure_current(starts_at=shift.starts_at, now=uow.now, deciding="manager")  # as locked
    giver = swap.from_staff_id
    if giver not in shift.staff_ids:
        gone = (await uow.facts.staff([giver])).get(giver)
        who = gone.full_name if gone else "Người xin đổi"
        raise Conflict(
            "from_staff_id",
            "still-on-shift",
            f"{gone.full_name if gone else 'The giver'} is no longer on the shift {shift.label('en')}: the "
            "request is out of date; reject it.",
            f"{who} không còn trong ca {shift.label()}: yêu cầu đã lỗi thời.",
            staff_id=str(giver),
        )
    if taker in shift.staff_ids:
        raise _already_on(shift, taker)
    team = tuple(taker if s == giver else s for s in shift.staff_ids)
    evaluation = await evaluate(uow, shift.draft(staff_ids=team), campaign_id=campaign_id, shift_id=shift.id, was=shift)
    change = shift.reassign(
        now=uow.now, staff_ids=team, people=evaluation.staff, warnings=evaluation.warnings, kind="swapped"
    )
    await rebook(uow, shift, staff_ids=team)
    decided = swap.approve(taker=taker, note=note, actor=uow.actor, now=uow.now, agreement=agreement)
    await uow.swaps.save(decided)
    after = await apply(
        uow, change, swap_id=swap_id, from_staff_id=giver, to_staff_id=taker, note=note, agreement=decided.agreement
    )
    await refresh_neighbours(uow, evaluation.bookings, changed=[shift.id])  # the giver's and the taker's
    return SwapApproval(await described(uow, decided), after)


async def reject_swap(uow: UnitOfWork, swap_id: uuid.UUID, *, note: str | None, pre: Precondition) -> Swap:
    """Turn a request down (the shift is unchanged); publishes SwapRejected."""
    swap = await _open_swap(uow, swap_id, pre, deciding="manager")
    swap = swap.reject(note=note, actor=uow.actor, now=uow.now)
    await uow.swaps.save(swap)
    await uow.emit(
        SwapRejected(
            swap_id=swap_id,
            shift_id=swap.shift_id,
            enterprise_id=swap.enterprise_id,
            from_staff_id=swap.from_staff_id,
            to_staff_id=swap.to_staff_id,
            reason=note,
            actor=uow.actor,
            actor_name=await uow.actor_name(),
            version=swap.version,
        ),
        key=swap.enterprise_id,
        subject=f"swaps/{swap_id}",
    )
    return await described(uow, swap)


async def withdraw_swap(uow: UnitOfWork, swap_id: uuid.UUID, *, pre: Precondition) -> Swap:
    """The person who asked takes a waiting request back (the shift is unchanged); publishes
    SwapWithdrawn. Only they may (the access policy: `api.policy.asked_it`)."""
    swap = await _open_swap(uow, swap_id, pre, deciding="asker")
    swap = swap.withdraw(actor=uow.actor, now=uow.now)
    await uow.swaps.save(swap)
    await uow.emit(
        SwapWithdrawn(
            swap_id=swap_id,
            shift_id=swap.shift_id,
            enterprise_id=swap.enterprise_id,
            from_staff_id=swap.from_staff_id,
            to_staff_id=swap.to_staff_id,
            actor=uow.actor,
            version=swap.version,
        ),
        key=swap.enterprise_id,
        subject=f"swaps/{swap_id}",
    )
    return await described(uow, swap)


async def _answerable(uow: UnitOfWork, swap_id: uuid.UUID, pre: Precondition) -> tuple[Swap, Shift]:
    """A waiting request a colleague answers (or its asker renames), its shift not begun (409 `swap-lapsed`, worded
    for the asker's side: nobody hands it over now), with the shift."""
    swap = await _open_swap(uow, swap_id, pre, deciding="asker")
    shift = await _locked_shift(uow, swap.shift_id)
    swap.ensure_current(starts_at=shift.starts_at, now=uow.now, deciding="asker")
    return swap, shift


async def _name_of(uow: UnitOfWork, staff_id: uuid.UUID) -> str:
    found = (await uow.facts.staff([staff_id])).get(staff_id)
    return found.full_name if found else "Đồng nghiệp"


async def _emit_answer(uow: UnitOfWork, swap: Swap, *, taken: bool = False) -> None:
    assert swap.to_staff_id is not None and swap.answer in ("accepted", "declined")
    await uow.emit(
        SwapAnswered(
            swap_id=swap.id,
            shift_id=swap.shift_id,
            enterprise_id=swap.enterprise_id,
            from_staff_id=swap.from_staff_id,
            to_staff_id=swap.to_staff_id,
            answer="accepted" if swap.answer == "accepted" else "declined",
            taken=taken,
            note=swap.answer_note,
            actor=uow.actor,
            actor_name=await uow.actor_name(),
            version=swap.version,
        ),
        key=swap.enterprise_id,
        subject=f"swaps/{swap.id}",
    )


async def answer_swap(
    uow: UnitOfWork, swap_id: uuid.UUID, *, accept: bool, note: str | None, pre: Precondition
) -> Swap:
    """The colleague the request names accepts it (it is now the manager's to decide) or declines it (back to the
    asker); publishes SwapAnswered. Only they may (the access policy: `api.policy.named_in_it`); 409 once answered,
    decided, withdrawn or lapsed."""
    swap, _ = await _answerable(uow, swap_id, pre)
    if swap.to_staff_id is None:
        raise Conflict(
            "to_staff_id",
            "swap-unnamed",
            "This request names nobody: a qualified colleague takes it (“Take this shift”) instead.",
            "Yêu cầu này không chỉ định ai: đồng nghiệp đủ điều kiện hãy bấm “Nhận ca này”.",
            swap_id=str(swap_id),
        )
    who = await _name_of(uow, swap.to_staff_id)
    step = swap.accept if accept else swap.decline
    answered = step(note=note, who=who, actor=uow.actor, now=uow.now)
    await uow.swaps.save(answered)
    await _emit_answer(uow, answered)
    return await described(uow, answered)


async def take_swap(
    uow: UnitOfWork, swap_id: uuid.UUID, *, staff_id: uuid.UUID, note: str | None, pre: Precondition
) -> Swap:
    """A qualified colleague (`staff_id`, the caller's own record: the access policy) takes a request open to
    anyone: every rule a request naming them checks (`_check_colleague`: the candidates' rule); it names them and
    counts as their yes; publishes SwapAnswered (`taken`)."""
    swap, shift = await _answerable(uow, swap_id, pre)
    if swap.to_staff_id is None:  # a named one is refused by the domain, in words
        await _check_colleague(uow, shift, to_staff_id=staff_id, from_staff_id=swap.from_staff_id)
    taken = swap.take(taker=staff_id, note=note, actor=uow.actor, now=uow.now)
    await uow.swaps.save(taken)
    await _emit_answer(uow, taken, taken=True)
    return await described(uow, taken)


async def ask_again(uow: UnitOfWork, swap_id: uuid.UUID, *, to_staff_id: uuid.UUID | None, pre: Precondition) -> Swap:
    """The asker names someone else (None: anyone qualified) — after the colleague declined, or before they
    answered — checked as a new request's colleague is; publishes SwapRequested again, at the request's next
    version (told to the new colleague as a new request is). Only the asker (`api.policy.asked_it`)."""
    swap, shift = await _answerable(uow, swap_id, pre)
    if to_staff_id is not None:
        await _check_colleague(uow, shift, to_staff_id=to_staff_id, from_staff_id=swap.from_staff_id)
    renamed = swap.name_colleague(to_staff_id=to_staff_id, actor=uow.actor, now=uow.now)
    await uow.swaps.save(renamed)
    await uow.emit(
        SwapRequested(
            swap_id=swap.id,
            shift=snapshot(shift),
            from_staff_id=swap.from_staff_id,
            to_staff_id=to_staff_id,
            actor=uow.actor,
            version=renamed.version,
            reason=swap.reason,
        ),
        key=swap.enterprise_id,
        subject=f"swaps/{swap.id}",
    )
    return await described(uow, renamed)


TO_TAKE_KIND = "swaps-to-take"


async def swaps_to_take(ctx: Context, *, staff_id: uuid.UUID, page: PageRequest) -> Slice[Swap]:
    """The requests open to anyone qualified that `staff_id` could take now — of their enterprise, waiting, not
    their own, its shift not begun, and they one of its candidates (`_check_colleague`'s rules: active, qualified,
    not on it, free at its time) — oldest first, a page of them (an enterprise has a handful open at a time: all
    read, then paged by their (created_at, id))."""
    now = ctx.clock()
    after = page.after(TO_TAKE_KIND, datetime, uuid.UUID)
    async with reading(ctx) as uow:
        person = (await uow.facts.staff([staff_id])).get(staff_id)
        if person is None:
            raise missing("staff", staff_id)
        waiting = await uow.swaps.page(
            SwapFilter(enterprise_id=person.enterprise_id, status="requested", now=now),
            visible=EVERYTHING,
            page=PageRequest(limit=MAX_LIMIT),
        )
        found: list[Swap] = []
        for swap in waiting.items:
            if swap.to_staff_id is not None or swap.from_staff_id == staff_id:
                continue
            shift = await uow.shifts.get(swap.shift_id)
            if shift is None:
                continue
            try:
                await _check_colleague(uow, shift, to_staff_id=staff_id, from_staff_id=swap.from_staff_id)
            except DomainError:
                continue
            found.append(swap.as_of(now))
    total = len(found)
    if after is not None:
        found = [s for s in found if (s.created_at, s.id) > after]
    return keyset(found[: page.limit + 1], page.limit, TO_TAKE_KIND, lambda s: (s.created_at, s.id), total=total)


async def lapse_started(uow: UnitOfWork, *, limit: int) -> int:
    """Store as lapsed up to `limit` requests still waiting when their shift began (roster's sweep, `app._lapser`),
    each announced by the system (SwapLapsed, with the shift) so that the one who asked and the colleague named hear
    of it; the requests another transaction holds wait for the next turn. Returns how many lapsed."""
    found = await uow.swaps.started_waiting(uow.now, limit=limit)
    for swap in found:
        shift = await uow.shifts.get(swap.shift_id)
        if shift is None:  # a request's shift is never deleted (foreign key)
            continue
        lapsed = swap.lapse(actor=SYSTEM_ACTOR, now=uow.now)
        await uow.swaps.save(lapsed)
        await uow.emit(
            SwapLapsed(
                swap_id=swap.id,
                shift=snapshot(shift),
                from_staff_id=swap.from_staff_id,
                to_staff_id=swap.to_staff_id,
                lapsed_at=shift.starts_at,
                actor=SYSTEM_ACTOR,
                version=lapsed.version,
            ),
            key=swap.enterprise_id,
            subject=f"swaps/{swap.id}",
        )
    return len(found)


async def get_swap(ctx: Context, swap_id: uuid.UUID) -> Swap:
    """One request as it stands now (lapsed from its shift's start, stored so or not yet: `Swap.as_of`)."""
    async with reading(ctx) as repos:
        swap = await repos.swaps.get(swap_id)
    if swap is None:
        raise missing("swap", swap_id)
    return swap.as_of(ctx.clock())


async def list_swaps(ctx: Context, f: SwapFilter, *, page: PageRequest, visible: Visible = EVERYTHING) -> Slice[Swap]:
    """Swap requests, oldest first; only those the caller may see (a staff member: their own). Each as it stands
    now: a waiting one whose shift has begun is lapsed — listed under "lapsed", not "requested" — from that
    instant, before the sweep stores it (`Swap.as_of`)."""
    now = ctx.clock()
    async with reading(ctx) as repos:
        found = await repos.swaps.page(replace(f, now=now), visible=visible, page=page)
    return replace(found, items=[s.as_of(now) for s in found.items])


async def swap_candidates(
    ctx: Context, shift_id: uuid.UUID, *, from_staff_id: uuid.UUID, page: PageRequest
) -> Slice[SwapCandidate]:
    """The colleagues who could take `from_staff_id`'s place on the shift — those a request naming
    them would not be refused for (same enterprise, active, qualified, not on it, free at its time) —
    by name, each flagged whether they shared a shift with that person, one begun by now, and with the warnings the
    shift would carry about them once handed over (the approval's own soft rules, read around the shift as its
    check reads them) (422 if they are not on it)."""
    async with reading(ctx) as repos:
        shift = await repos.shifts.get(shift_id)
        if shift is None:
            raise missing("shift", shift_id)
        _on_shift(shift, from_staff_id)
        query = CandidateQuery(
            enterprise_id=shift.enterprise_id,
            qualification=DUTY_QUALIFICATION[shift.duty_type],
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            on_shift=frozenset(shift.staff_ids),
            asker=from_staff_id,
            now=ctx.clock(),
        )
        found = await repos.swaps.candidates(query, page=page)
        reach = ctx.limits.reach
        bookings = await repos.bookings.near(
            [c.staff_id for c in found.items],
            shift.starts_at - reach,
            shift.ends_at + reach,
            enterprise_id=shift.enterprise_id,
        )
    return replace(found, items=with_warnings(found.items, shift, bookings, limits=ctx.limits))
