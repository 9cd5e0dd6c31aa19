"""Which Tết campaign a page opens on when the person has not chosen one.

Rule: the campaign in progress now; else the next one to start; else the most recent one.
So while Tết 2027 is being planned, opening Tết 2028 early does not move everyone's pages to
a campaign with nothing in it yet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")


def current_first(items: Sequence[T], *, now: datetime, span: Callable[[T], tuple[datetime, datetime]]) -> list[T]:
    """`items` ordered for a chooser: in progress, then upcoming (soonest first), then past (latest first)."""
    running = [c for c in items if span(c)[0] <= now < span(c)[1]]
    upcoming = sorted((c for c in items if span(c)[0] > now), key=lambda c: span(c)[0])
    past = sorted((c for c in items if span(c)[1] <= now), key=lambda c: span(c)[0], reverse=True)
    return running + upcoming + past
