"""A person's calendar feed from notifier: find it, issue one, rotate it. Notifier shows a feed's
secret link only when it issues it (POST /feeds) or rotates it: afterwards only its first
characters are known, so the page shows the full link right after either, and otherwise
offers a new one (the old link stops working). The link just made is carried to that page as `made_link` words it
and `shown_once` reads it back (the portal keeps it sealed, for that one page, never in an address)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


def made_link(cal: MyCalendar) -> dict[str, Any]:
    """The feed and the link just made (`issue_feed`, `rotate_feed`), as `shown_once` reads them: notifier's own
    words for them (its answer's fields), not the QR code and app links drawn from them."""
    if cal.feed is None or cal.links is None:
        raise ValueError("only a link just made (issued or rotated) is shown once")
    feed = cal.feed
    return {
        "id": feed.id,
        "token_prefix": feed.token_prefix,
        "created_at": feed.created_at.isoformat(),
        "rotated_at": feed.rotated_at.isoformat() if feed.rotated_at else None,
        "label": feed.label,
        "url": cal.links.url,
        "webcal_url": cal.links.webcal_url,
    }


def shown_once(made: Mapping[str, Any], name: str) -> MyCalendar:
    """The calendar with the link `made_link` kept, its full address and the ways to add it, as right after making it."""
    return _issued(dict(made), name)
