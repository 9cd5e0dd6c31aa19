"""Swap requests: a staff member asks to hand one of their shifts to a colleague (or to anyone
qualified, the manager choosing); they follow their requests and may withdraw one still waiting;
a manager's inbox lists the requests of their enterprises and approves or rejects them. Roster
gives each request with its people's names and its shift in words, and checks every rule; its
refusals are put in words here (its own sentences name items by id)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from lichtruc.text import sort_key

from ..clients.services import Caller, ServiceError
from ..domain.dates import parse_instant, time_label
from ..domain.paging import PageView, page_view
from .my_shifts import (
    REFERENCE_LIMIT,
    ShiftCard,
    SwapLine,
    reference,
    shift_card,
    swap_line,
)

SWAP_STATUSES = ("requested", "approved", "rejected", "withdrawn")

# Roster's refusals (the problem type slug) that the catalogue says in words of its own.
EXPLAINED = (
    "no-double-booking",
    "shift-started",
    "one-open-swap",
    "swap-open",
    "stale-version",
    "not-on-shift",
    "on-shift",
    "still-on-shift",
    "invalid-status",
    "check-in-window",
    "already-checked-in",
    "qualified",
    "staff-active",
    "same-enterprise",
    "required",
    "as-requested",
)


def explain(exc: ServiceError, *, lang: str, t: Callable[..., str], names: Mapping[str, str] | None = None) -> str:
    """A sentence for the person: the catalogue's for the refusals it knows, roster's otherwise."""
    kind = exc.kind
    if kind in EXPLAINED:
        first = next(iter(exc.problem.get("errors") or ()), None)
        first = first if isinstance(first, Mapping) else {}
        staff_id = str(exc.problem.get("staff_id") or first.get("staff_id") or "")
        name = (names or {}).get(staff_id) or t("swaps.someone")
        opens = exc.problem.get("opens_at") or first.get("opens_at")
        if kind == "check-in-window" and opens:
            return t("swaps.error.check-in-opens", time=time_label(parse_instant(str(opens))))
        return t(f"swaps.error.{kind}", name=name)
    return exc.detail(lang)


# --- a staff member asks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SwapForm:
    """The shift, and the colleagues who could take it over (roster's `swap-candidates`: same
    enterprise, active, qualified, free at that time), each group by name in Vietnamese order."""

    shift: ShiftCard
    known: list[tuple[str, str]]  # (staff id, name): they have been on a shift with the person
    others: list[tuple[str, str]]  # the other qualified colleagues

    @property
    def colleagues(self) -> list[tuple[str, str]]:
        return self.known + self.others


async def _candidates(caller: Caller, *, shift_id: str, staff_id: str) -> list[dict]:
    """Who could take the person's place; none when roster will not say (the shift is no longer
    theirs: the shift's own read answers that)."""
    try:
        return await caller.every(
            "roster", f"/shifts/{shift_id}/swap-candidates", {"from_staff_id": staff_id}, limit=REFERENCE_LIMIT
        )
    except ServiceError as exc:
        if exc.status in (403, 404, 422):
            return []
        raise


async def swap_form(caller: Caller, *, shift_id: str, staff_id: str, now: datetime, lang: str) -> SwapForm:
    ref, row, candidates = await asyncio.gather(
        reference(caller, lang),
        caller.get("roster", f"/shifts/{shift_id}"),
        _candidates(caller, shift_id=shift_id, staff_id=staff_id),
    )
    card = shift_card(row, staff_id=staff_id, ref=ref, now=now)
    # roster lists them in Vietnamese order: each group keeps it
    known = [(c["id"], c["full_name"]) for c in candidates if c["shared_shift"]]
    others = [(c["id"], c["full_name"]) for c in candidates if not c["shared_shift"]]
    return SwapForm(shift=card, known=known, others=others)


async def request_swap(
    caller: Caller, *, shift_id: str, staff_id: str, to_staff_id: str | None, reason: str | None
) -> dict:
    return await caller.post(
        "roster",
        f"/shifts/{shift_id}/swaps",
        {"from_staff_id": staff_id, "to_staff_id": to_staff_id or None, "reason": reason or None},
    )


# --- lists -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwapRow:
    swap: SwapLine
    enterprise_name: str | None
    candidates: list[tuple[str, str]]  # for an open request a manager approves: who could take it


@dataclass(frozen=True)
class SwapList:
    rows: list[SwapRow]
    page: PageView
    status: str
    enterprise_id: str
    enterprises: list[tuple[str, str]]


async def _on_shift(caller: Caller, shift_id: str) -> set[str]:
    """Who is on the shift now (not offered to take it); none if the shift is not to be read."""
    try:
        shift = await caller.get("roster", f"/shifts/{shift_id}")
    except ServiceError as exc:
        if exc.status in (403, 404):
            return set()
        raise
    return {a["staff_id"] for a in shift.get("assignees") or ()}


async def my_swaps(
    caller: Caller,
    *,
    staff_id: str,
    status: str,
    limit: int,
    cursor: str | None,
    lang: str,
    path: str,
    query: Mapping[str, str],
) -> SwapList:
    found = await caller.page(
        "roster", "/swaps", {"staff_id": staff_id, "status": status or None, "limit": limit, "cursor": cursor}
    )
    rows = [SwapRow(swap=swap_line(item, lang), enterprise_name=None, candidates=[]) for item in found.items]
    return SwapList(
        rows=rows,
        status=status,
        enterprise_id="",
        enterprises=[],
        page=page_view(path, query, limit=limit, count=len(rows), total=found.total, next_cursor=found.next_cursor),
    )


async def withdraw(caller: Caller, *, swap_id: str, version: int) -> None:
    """Take one's own waiting request back (roster: the person who asked only, at the version read)."""
    await caller.post("roster", f"/swaps/{swap_id}/withdraw", None, version=version)


async def _staff_of(caller: Caller, enterprise_id: str) -> list[dict]:
    return await caller.every("roster", "/staff", {"enterprise_id": enterprise_id}, limit=REFERENCE_LIMIT)


async def inbox(
    caller: Caller,
    *,
    enterprise_ids: tuple[str, ...],
    status: str,
    enterprise_id: str,
    limit: int,
    cursor: str | None,
    lang: str,
    path: str,
    query: Mapping[str, str],
) -> SwapList:
    """A manager's swap requests (their enterprises'; an administrator's: every enterprise's). An
    open request (anyone qualified) offers the enterprise's active staff not on the shift."""
    ref = await reference(caller, lang)
    found = await caller.page(
        "roster",
        "/swaps",
        {"status": status or None, "enterprise_id": enterprise_id or None, "limit": limit, "cursor": cursor},
    )
    lines = [swap_line(item, lang) for item in found.items]
    open_ones = [line for line in lines if line.status == "requested" and line.to_staff_id is None]
    wanted = sorted({line.enterprise_id for line in open_ones})
    staff, busy = await asyncio.gather(
        asyncio.gather(*(_staff_of(caller, e) for e in wanted)),
        asyncio.gather(*(_on_shift(caller, line.shift_id) for line in open_ones)),
    )
    active = {
        e: sorted(((p["id"], p["full_name"]) for p in people if p["active"]), key=lambda x: sort_key(x[1]))
        for e, people in zip(wanted, staff, strict=True)
    }
    candidates = {
        line.id: [(i, n) for i, n in active[line.enterprise_id] if i not in on_it]
        for line, on_it in zip(open_ones, busy, strict=True)
    }
    rows = [
        SwapRow(
            swap=line, enterprise_name=ref.enterprises.get(line.enterprise_id), candidates=candidates.get(line.id, [])
        )
        for line in lines
    ]
    own = enterprise_ids or tuple(ref.enterprises)
    enterprises = sorted(((e, ref.enterprises.get(e, e)) for e in own), key=lambda x: x[1])
    return SwapList(
        rows=rows,
        status=status,
        enterprise_id=enterprise_id,
        enterprises=enterprises,
        page=page_view(path, query, limit=limit, count=len(rows), total=found.total, next_cursor=found.next_cursor),
    )


async def names_for_swap(caller: Caller, swap_id: str) -> dict[str, str]:
    """Names of the enterprise's staff, to put a refusal about this swap in words."""
    try:
        swap = await caller.get("roster", f"/swaps/{swap_id}")
        return {p["id"]: p["full_name"] for p in await _staff_of(caller, swap["enterprise_id"])}
    except ServiceError:
        return {}


async def approve(caller: Caller, *, swap_id: str, version: int, to_staff_id: str | None, note: str | None) -> None:
    await caller.post(
        "roster",
        f"/swaps/{swap_id}/approve",
        {"to_staff_id": to_staff_id or None, "note": note or None},
        version=version,
    )


async def reject(caller: Caller, *, swap_id: str, version: int, note: str | None) -> None:
    await caller.post("roster", f"/swaps/{swap_id}/reject", {"note": note or None}, version=version)
