"""Who could be put on a shift, and what roster would say if they were (`candidacies`): the board's people pickers
say it beside each name before a manager saves (QA: a leader on duty until 08:00 was offered, with no word, for the
shift starting then; only the saved shift then warned of two shifts back to back and four nights in a week).

Each person is judged as the shift's own checks judge an assignee: the hard rules (`assignee_errors`: active, of
the shift's enterprise, qualified for its duty type), a double booking (another active shift of theirs overlapping
this one: a save would be refused), and the soft rules the saved shift would warn of (`soft_warnings`: the rest
before or after another shift of theirs under the minimum, too many night shifts). Pure: the people and their
bookings around the shift are read by the caller."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import FieldError
from .shifts import Booking, RuleLimits, ShiftDraft, ShiftWarning, StaffFacts, assignee_errors, soft_warnings


@dataclass(frozen=True, slots=True)
class ShortRest:
    """Another shift of theirs too close to this one: `rest_hours` between them (0: back to back); `before`: that
    shift ends before this one starts (the rest is before this shift), else it starts after this one ends."""

    other: Booking
    rest_hours: float
    before: bool


@dataclass(frozen=True, slots=True)
class Candidacy:
    """One person as the shift's checks would judge them on it."""

    staff_id: uuid.UUID
    full_name: str
    refusals: tuple[FieldError, ...] = ()
    """The hard rules they break (not active, of another enterprise, not qualified; unknown): a save is refused."""
    busy: tuple[Booking, ...] = ()
    """Their other active shifts overlapping this one (a double booking: a save is refused)."""
    short_rests: tuple[ShortRest, ...] = ()
    warnings: tuple[ShiftWarning, ...] = ()
    """What the saved shift would warn of about them (short rest, too many night shifts), in roster's words."""
    can_check_in: bool = True
    """An active account is linked to them: they can check in themselves. Not a rule a save breaks (QZ29 #1: a
    shift handed to someone without one — a manager then records his arrival), so `free` does not read it."""

    @property
    def free(self) -> bool:
        """Nothing to say: qualified, free at the time and rested."""
        return not (self.refusals or self.busy or self.warnings)


def candidacies(
    draft: ShiftDraft,
    staff: Mapping[uuid.UUID, StaffFacts],
    bookings: Iterable[Booking],
    *,
    shift_id: uuid.UUID | None,
    limits: RuleLimits,
    status: str,
) -> list[Candidacy]:
    """Each of `draft.staff_ids`, in that order, judged on the shift `draft` describes (`shift_id`: the shift it is,
    whose own bookings do not count; `status`: the one it would have, as `soft_warnings` reads it) over their other
    `bookings` around it (at least `limits.reach` either side). Each person alone: who else is picked changes
    nothing of what is said about them."""
    booked = [b for b in bookings if b.shift_id != shift_id]
    by_shift = {b.shift_id: b for b in booked}
    names = {k: v.full_name for k, v in staff.items()}
    warned = soft_warnings(draft, booked, shift_id=shift_id, names=names, limits=limits, status=status)
    found = []
    for staff_id in dict.fromkeys(draft.staff_ids):
        refusals = assignee_errors(
            (staff_id,), enterprise_id=draft.enterprise_id, duty_type=draft.duty_type, staff=staff
        )
        busy = sorted(
            (
                b
                for b in booked
                if b.staff_id == staff_id and b.starts_at < draft.ends_at and draft.starts_at < b.ends_at
            ),
            key=lambda b: (b.starts_at, str(b.shift_id)),
        )
        mine = tuple(w for w in warned if w.staff_id == staff_id)
        found.append(
            Candidacy(
                staff_id=staff_id,
                full_name=names.get(staff_id, ""),
                refusals=tuple(refusals),
                busy=tuple(busy),
                short_rests=_short_rests(mine, by_shift, draft),
                warnings=mine,
            )
        )
    return found


def _short_rests(
    warnings: Sequence[ShiftWarning], by_shift: Mapping[uuid.UUID, Booking], draft: ShiftDraft
) -> tuple[ShortRest, ...]:
    out = []
    for w in warnings:
        other = by_shift.get(w.shift_id) if w.rule == "min-rest" and w.shift_id is not None else None
        if other is not None:
            hours = float(w.context.get("rest_hours") or 0)  # type: ignore[arg-type]
            out.append(ShortRest(other, round(max(0.0, hours), 2), before=other.ends_at <= draft.starts_at))
    return tuple(out)
