"""A person's calendar feed from notifier: find it, issue one, rotate it. Notifier shows a feed's
secret link only when it issues it (POST /feeds) or rotates it: afterwards only its first
characters are known, so the page shows the full link right after either, and otherwise
offers a new one (the old link stops working)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..clients.services import Caller
from ..domain.calendar_links import CalendarLinks, calendar_links
from ..domain.dates import parse_instant


@dataclass(frozen=True)
class Feed:
    id: str
    token_prefix: str
    created_at: datetime
    rotated_at: datetime | None
    label: str | None


@dataclass(frozen=True)
class MyCalendar:
    feed: Feed | None
    links: CalendarLinks | None  # only right after issuing or rotating


def _feed(row: dict) -> Feed:
    return Feed(
        id=row["id"],
        token_prefix=row.get("token_prefix") or "",
        created_at=parse_instant(row["created_at"]),
        rotated_at=parse_instant(row["rotated_at"]) if row.get("rotated_at") else None,
        label=row.get("label"),
    )


async def my_feed(caller: Caller, *, staff_id: str) -> Feed | None:
    """The person's newest active feed, if any."""
    found = await caller.page(
        "notifier", "/feeds", {"kind": "person", "staff_id": staff_id, "revoked": "false", "order": "desc", "limit": 1}
    )
    return _feed(found.items[0]) if found.items else None


async def my_calendar(caller: Caller, *, staff_id: str) -> MyCalendar:
    return MyCalendar(feed=await my_feed(caller, staff_id=staff_id), links=None)


def _issued(body: dict, name: str) -> MyCalendar:
    return MyCalendar(feed=_feed(body), links=calendar_links(body["url"], name, body.get("webcal_url")))


async def issue_feed(caller: Caller, *, staff_id: str, label: str, name: str) -> MyCalendar:
    """A new person feed (notifier picks the person's language)."""
    body = await caller.post("notifier", "/feeds", {"kind": "person", "staff_id": staff_id, "label": label})
    return _issued(body, name)


async def rotate_feed(caller: Caller, *, feed_id: str, name: str) -> MyCalendar:
    """A new secret for the feed: the old link stops working at once."""
    return _issued(await caller.post("notifier", f"/feeds/{feed_id}/rotate"), name)
