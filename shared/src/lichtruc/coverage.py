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
from typing import Generic, TypeVar

T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class Version(Generic[T]):
    """One version of a rule (a staffing requirement): its number, from when it applies (None: the whole
    campaign, a correction) and what it says (None: removed)."""

    number: int
    applies_from: datetime | None
    value: T | None


@dataclass(frozen=True, slots=True)
class InForce(Generic[T]):
    """What is in force over ``[starts_at, ends_at)`` (None: unbounded on that side); ``value`` None: nothing."""

    starts_at: datetime | None
    ends_at: datetime | None
    value: T | None


def in_force(versions: Iterable[Version[T]]) -> tuple[InForce[T], ...]:
    """The versions of one rule laid on the time line: **at each instant the newest version that applies then** is
    in force — a version applies from its ``applies_from`` on, or always when it has none. So a change "from now on"
    leaves the instants before it to the version before (nothing, for a rule created from now on), and a correction
    for the whole campaign replaces every version before it at every instant, while a later change from then on
    still applies after its own instant. The pieces come in time order, touching; ones in which nothing is in force
    are left out. Versions may come in any order; a number seen twice keeps its last."""
    by_number = {v.number: v for v in versions}
    pieces: list[InForce[T]] = []
    # Walking from the newest down: a version rules from its instant up to where a newer one already took over.
    taken_from: datetime | None = None  # the earliest instant a newer version already rules (None: none yet)
    for number in sorted(by_number, reverse=True):
        v = by_number[number]
        if taken_from is not None and v.applies_from is not None and v.applies_from >= taken_from:
            continue  # every instant it would rule is already a newer version's
        if v.value is not None:
            pieces.append(InForce(v.applies_from, taken_from, v.value))
        taken_from = v.applies_from if taken_from is None or v.applies_from is None else min(taken_from, v.applies_from)
        if v.applies_from is None:
            break  # a whole-campaign version: nothing older rules anywhere
    return tuple(reversed(pieces))
