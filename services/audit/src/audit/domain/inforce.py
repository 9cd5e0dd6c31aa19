"""Planning gaps and gaps in force — pure rules.

While a roster is being built, requirements usually come before the shifts that meet
them, so gaps open and close within seconds or days. Such a *planning gap* is kept in the
history (marked) but is not a violation and is not alerted. A gap is **in force** when

* its start arrives while it is still uncovered, or
* it still exists at the campaign's **readiness deadline** (roster's
  ``readiness_deadline``: by default 24 h before the campaign starts; events written
  before the field existed carry none and get that default here).

A gap that appears *after* that moment (a shift cancelled an hour before it starts, a
requirement raised during Tết) is in force as soon as it appears. So each gap record
carries one instant, fixed from the log alone::

    in_force_from = max(opened_at, min(starts_at, readiness_deadline))

``opened_at`` and ``closed_at`` are the log's record times of the events that opened and
closed the gap, never the wall clock, so a live consumer, a rebuild and an "as known at"
replay store the same value. Then:

* a **closed** gap was in force iff ``closed_at > in_force_from`` — decided for good when
  it closes (a gap that opened and closed before the deadline and before its own start is
  a planning gap, whatever the deadline becomes later);
* an **open** gap is in force iff ``now >= in_force_from``.

**How audit learns that time passed with no event.** It does not need to: "in force" of
an open gap is computed at query time from ``now`` (the request time, or the record time
asked for by ``as_of``), in SQL for the lists (``GET /gaps``, ``/gaps.csv``) and in
Python for the board. No background tick writes anything, so the projections stay a pure
function of the log (a tick would either break "rebuild gives the same state" or have to
log synthetic events). Notifier, which does need to act when the moment passes, gets
``in_force_from`` in ``CoverageGapOpened`` and schedules its alert for
``min(in_force_from, starts_at - hold)`` (the gap is in force or imminent then); a gap
closed before that time cancels the pending alert, so planning gaps are never alerted.

While a gap is open and not yet in force, a later change of the campaign's deadline or of
the gap moves ``in_force_from`` (and publishes the gap again); once in force it stays so.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal, Protocol

__all__ = ["DEFAULT_READINESS_LEAD", "InForce", "in_force_from", "is_in_force", "readiness_deadline", "selected"]

DEFAULT_READINESS_LEAD = timedelta(hours=24)
"""A campaign without a deadline of its own must be ready this long before it starts."""

InForce = Literal["true", "false", "all"]
"""Which gaps a list shows: in force (the default), planning gaps only, or both."""


class _Dated(Protocol):
    @property
    def starts_at(self) -> datetime: ...
    @property
    def readiness_deadline(self) -> datetime | None: ...


class _GapLike(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def in_force_from(self) -> datetime: ...


def readiness_deadline(campaign: _Dated) -> datetime:
    """The campaign's readiness deadline: its own, else 24 h before it starts."""
    own = campaign.readiness_deadline
    return own if own is not None else campaign.starts_at - DEFAULT_READINESS_LEAD


def in_force_from(*, opened_at: datetime, starts_at: datetime, deadline: datetime) -> datetime:
    """From when a gap opened at `opened_at` (a record time) counts as in force if still open."""
    return max(opened_at, min(starts_at, deadline))


def is_in_force(gap: _GapLike, now: datetime) -> bool:
    """Whether the gap is (for an open gap) or was (for a closed one) in force, as known at `now`."""
    if gap.status == "closed" and gap.closed_at is not None:
        return gap.closed_at > gap.in_force_from
    return now >= gap.in_force_from


def selected(gap: _GapLike, now: datetime, which: InForce) -> bool:
    """Whether a list asking for `which` gaps shows this one."""
    return which == "all" or is_in_force(gap, now) == (which == "true")
