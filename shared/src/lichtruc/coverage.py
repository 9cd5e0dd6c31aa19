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


def short_within(
    starts_at: datetime, ends_at: datetime, open_windows: Iterable[tuple[datetime, datetime]]
) -> tuple[tuple[datetime, datetime], ...]:
    """The parts of ``[starts_at, ends_at)`` that the open gaps' windows cover, in time order, touching parts
    joined: what a gap filled only in part still lacks. Audit's gap pages and notifier's closing notices both
    say it from this (audit closes a gap and opens its rest as a new gap when people are added for part of it)."""
    parts = sorted((max(a, starts_at), min(b, ends_at)) for a, b in open_windows if a < ends_at and b > starts_at)
    joined: list[tuple[datetime, datetime]] = []
    for a, b in parts:
        if joined and a <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], b))
        else:
            joined.append((a, b))
    return tuple(joined)
