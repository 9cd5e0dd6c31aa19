"""What roster would say of each person were they put on a shift: the board's people pickers, before a save."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ..domain.candidacy import Candidacy, candidacies
from ..domain.errors import RuleViolation, missing
from ..domain.shifts import ShiftDraft, interval_errors
from .context import Context, reading


@dataclass(frozen=True)
class CandidateQuery:
    """The shift people would be put on — planned (`shift_id` None) or one to reassign (its own place does not
    count) in `status` — and who (at most the picker's 50)."""

    enterprise_id: uuid.UUID
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    staff_ids: Sequence[uuid.UUID]
    shift_id: uuid.UUID | None = None
    status: str = "published"


async def shift_candidates(ctx: Context, q: CandidateQuery) -> list[Candidacy]:
    """Each person of `q` as the shift's checks would judge them on it (domain.candidacy), in the order asked; 404
    for an enterprise that does not exist, 422 for times no shift could have."""
    errors = interval_errors(q.starts_at, q.ends_at, max_length=ctx.limits.max_length)
    if errors:
        raise RuleViolation(errors)
    reach = ctx.limits.reach
    async with reading(ctx) as repos:
        if await repos.facts.enterprise_name(q.enterprise_id) is None:
            raise missing("enterprise", q.enterprise_id)
        staff = await repos.facts.staff(q.staff_ids)
        bookings = await repos.bookings.near(
            q.staff_ids, q.starts_at - reach, q.ends_at + reach, enterprise_id=q.enterprise_id
        )
        signing_in = await repos.accounts.signing_in(q.staff_ids)
    draft = ShiftDraft(
        enterprise_id=q.enterprise_id,
        duty_type=q.duty_type,
        starts_at=q.starts_at,
        ends_at=q.ends_at,
        staff_ids=tuple(q.staff_ids),
    )
    judged = candidacies(draft, staff, bookings, shift_id=q.shift_id, limits=ctx.limits, status=q.status)
    return [replace(c, can_check_in=c.staff_id in signing_in) for c in judged]
