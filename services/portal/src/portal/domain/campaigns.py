"""Which Tết campaign a page opens on when the person has not chosen one.

Rule: the campaign in progress now; else the next one to start; else the most recent one.
So while Tết 2027 is being planned, opening Tết 2028 early does not move everyone's pages to
a campaign with nothing in it yet.

And which day of it an address asks for (`asked_day`): one of its days, or a problem to say."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

T = TypeVar("T")


def current_first(items: Sequence[T], *, now: datetime, span: Callable[[T], tuple[datetime, datetime]]) -> list[T]:
    """`items` ordered for a chooser: in progress, then upcoming (soonest first), then past (latest first)."""
    running = [c for c in items if span(c)[0] <= now < span(c)[1]]
    upcoming = sorted((c for c in items if span(c)[0] > now), key=lambda c: span(c)[0])
    past = sorted((c for c in items if span(c)[1] <= now), key=lambda c: span(c)[0], reverse=True)
    return running + upcoming + past


BAD_DAY = "bad_day"
DAY_OUTSIDE = "day_outside"
UNKNOWN_CAMPAIGN = "unknown_campaign"
MAX_DAY_CHARS = 10  # a day as a date input sends it ("2027-02-05"); anything longer is no day


def asked_day(text: str | None, days: Sequence[date]) -> tuple[date | None, str]:
    """The day an address asks for among a campaign's `days`, and what is wrong with it:
    (the day, "") when it is one of them; (None, "") when none is asked; (None, BAD_DAY) when the
    text is no day (2027-13-40); (None, DAY_OUTSIDE) when the day is not one of the campaign's.
    A page never quietly shows another day than the one asked for."""
    text = (text or "").strip()
    if not text:
        return None, ""
    try:
        day = date.fromisoformat(text) if len(text) <= MAX_DAY_CHARS else None
    except ValueError:
        day = None
    if day is None:
        return None, BAD_DAY
    return (day, "") if day in days else (None, DAY_OUTSIDE)


def problem_values(asked: str, campaign: str, days: Sequence[date]) -> dict[str, str]:
    """The values of a day problem's message: the day asked for (as people write days, when it is
    one), the campaign by name, and its first and last days."""
    try:
        asked = f"{date.fromisoformat(asked):%d/%m/%Y}" if len(asked) <= MAX_DAY_CHARS else asked
    except ValueError:
        pass
    return {
        "day": asked,
        "campaign": campaign,
        "first": f"{days[0]:%d/%m/%Y}" if days else "",
        "last": f"{days[-1]:%d/%m/%Y}" if days else "",
    }
