"""“Tôi cần về sớm” (QZ29 #8): the person's notices on their cards, sending and withdrawing one, and the open notices
on the manager's board — roster's `POST /shifts/{id}/early-leave`, `…/withdraw`, `GET /early-leaves` with the
person's own token (roster decides who may). The colleagues offered are roster's swap candidates: those a handover
would accept (same enterprise, active, qualified, not on the shift, free at its time). The pages' words:
`domain.early_leave`'s templates."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from ..clients.services import Caller, ServiceError
from ..domain.early_leave import CardLeave, Colleague, Notice, latest_by_shift, leave_form, notice_of, open_by_shift
from ..domain.shifts import parse_local_input
from .my_shifts import ShiftCard, before_acting_on

NOTICES_LIMIT = 50


async def _colleagues(caller: Caller, *, shift_id: str, staff_id: str) -> tuple[Colleague, ...]:
    try:
        found = await caller.page(
            "roster", f"/shifts/{shift_id}/swap-candidates", {"from_staff_id": staff_id, "limit": 100}
        )
    except ServiceError as exc:
        if exc.status in (403, 404, 422):
            return ()
        raise
    return tuple(Colleague(str(c["id"]), str(c["full_name"])) for c in found.items)


async def for_cards(
    caller: Caller, cards: Sequence[ShiftCard], *, staff_id: str, now: datetime
) -> dict[str, CardLeave]:
    """By shift id, what each card says of leaving early: its latest notice, and the form on a shift under way the
    person is on with none open. No read at all when no card is under way (a page of shifts ahead)."""
    live = [c for c in cards if c.timing == "on_duty" and c.on_shift and c.status in ("published", "checked_in")]
    if not live:
        return {}
    rows = await caller.page("roster", "/early-leaves", {"staff_id": staff_id, "limit": NOTICES_LIMIT})
    latest = latest_by_shift(rows.items)
    # a shift whose rest a manager handed over already (or whole): nothing left to ask of it
    asking = [c for c in live if not (c.id in latest and latest[c.id].open) and not (c.rest_to or c.handed_over)]
    offered = await asyncio.gather(*(_colleagues(caller, shift_id=c.id, staff_id=staff_id) for c in asking))
    forms = {
        c.id: leave_form(starts_at=c.starts_at, ends_at=c.ends_at, now=now, colleagues=people)
        for c, people in zip(asking, offered, strict=True)
    }
    return {c.id: CardLeave(latest.get(c.id), forms.get(c.id)) for c in live}


async def ask(caller: Caller, *, shift_id: str, staff_id: str, moment: str, reason: str, colleague: str) -> Notice:
    """Send the notice; the moment typed on a Vietnamese wall clock (blank: roster's default, now rounded up)."""
    await before_acting_on(caller, shift_id=shift_id, staff_id=staff_id)
    at = parse_local_input(moment)
    body = {
        "staff_id": staff_id,
        "reason": reason,
        "at": at.isoformat() if at is not None else None,
        "colleague_id": colleague or None,
    }
    return notice_of(await caller.post("roster", f"/shifts/{shift_id}/early-leave", body))


async def withdraw(caller: Caller, *, shift_id: str, staff_id: str) -> None:
    await before_acting_on(caller, shift_id=shift_id, staff_id=staff_id)
    await caller.post("roster", f"/shifts/{shift_id}/early-leave/withdraw", {"staff_id": staff_id})


async def open_on_board(caller: Caller, *, enterprise_id: str) -> dict[str, list[Notice]]:
    """The enterprise's open notices by shift id, for the board's cards (a handful at a time)."""
    rows = await caller.page(
        "roster", "/early-leaves", {"enterprise_id": enterprise_id, "open": "true", "limit": NOTICES_LIMIT}
    )
    return open_by_shift(rows.items)
