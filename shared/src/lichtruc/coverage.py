"""What "covered" means, once for every service: **distinct people on duty**.

The headcount of a duty (an enterprise, or one of its sites, and a duty type) over an interval
is the number of *distinct people* who are on a qualified assignment of that duty for the whole
interval. A person booked twice at once for the same duty (a double booking, reported on its
own) counts once; two people count twice however their shifts are cut. Intervals are half-open
``[starts_at, ends_at)``.

Roster's board and audit's coverage engine both count this way. Pure: no framework, no I/O.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class OnDuty:
    """One person on duty over ``[starts_at, ends_at)`` (one assignment of one shift)."""

    person: Hashable
    starts_at: datetime
    ends_at: datetime


def people_on_duty(on_duty: Iterable[OnDuty], starts_at: datetime, ends_at: datetime) -> int:
    """How many distinct people are on duty for the whole of ``[starts_at, ends_at)``."""
    return len({d.person for d in on_duty if d.starts_at <= starts_at and ends_at <= d.ends_at})
