"""Following a link to a shift: roster's shift as the person reads it, and where it opens for them."""

from __future__ import annotations

from typing import Any

from ..clients.services import Caller, ServiceError
from ..domain.shift_links import shift_page


async def open_shift(caller: Caller, shift_id: str) -> str | None:
    """The address the link to `shift_id` opens for the signed-in person (`domain.shift_links.shift_page`); None for
    a manager who may not read it (another enterprise's, or gone): said, not opened as their own board (QZ11 #9)."""
    account = caller.session.account
    shift: dict[str, Any] | None
    try:
        shift = await caller.get("roster", f"/shifts/{shift_id}")
    except ServiceError as exc:
        if exc.status not in (403, 404):
            raise
        shift = None  # not one this person may read (or gone): their own page, never someone else's shift
    if shift is None and account.role == "manager":
        return None
    return shift_page(shift, role=account.role, staff_id=account.staff_id, now=caller.clock())
