"""The links that put a calendar feed into people's calendar apps, and its QR code.

- Google Calendar subscribes from `https://calendar.google.com/calendar/render?cid=<feed>`
  (the long-standing "add by URL" link; Google does not document it formally, and it needs
  a feed Google's servers can reach). The webcal:// form is passed, percent-encoded.
- Outlook on the web subscribes from
  `https://outlook.live.com/calendar/0/addfromweb?url=<https feed>&name=<calendar name>`
  (likewise undocumented by Microsoft, and widely used).
- The QR code carries the http(s) link, which every phone camera can open; it is rendered as
  an SVG without style attributes (the portal's CSP forbids them)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import segno

GOOGLE_ADD = "https://calendar.google.com/calendar/render"
OUTLOOK_ADD = "https://outlook.live.com/calendar/0/addfromweb"


def webcal_of(url: str) -> str:
    """The webcal:// twin of an http(s) feed link (calendar apps subscribe on a tap)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "webcal"):
        raise ValueError(f"{url!r} is not an http(s) or webcal link")
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def google_calendar_url(webcal_url: str) -> str:
    return f"{GOOGLE_ADD}?{urlencode({'cid': webcal_url}, quote_via=quote)}"


def outlook_url(feed_url: str, name: str) -> str:
    return f"{OUTLOOK_ADD}?{urlencode({'url': feed_url, 'name': name}, quote_via=quote)}"


_STYLE = re.compile(r"\sstyle=(\"[^\"]*\"|'[^']*')")


def qr_svg(data: str) -> str:
    """An inline <svg> QR code of `data` (no XML declaration, no size, no style attributes)."""
    out = io.BytesIO()
    segno.make(data, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        border=2,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        title=None,
    )
    return _STYLE.sub("", out.getvalue().decode("utf-8"))


@dataclass(frozen=True)
class CalendarLinks:
    url: str  # https:// (http:// on a developer's machine)
    webcal_url: str
    google_url: str
    outlook_url: str
    qr_svg: str


def calendar_links(url: str, name: str, webcal_url: str | None = None) -> CalendarLinks:
    """Everything the "my calendar" page offers for one feed link."""
    webcal = webcal_url or webcal_of(url)
    return CalendarLinks(
        url=url,
        webcal_url=webcal,
        google_url=google_calendar_url(webcal),
        outlook_url=outlook_url(url, name),
        qr_svg=qr_svg(url),
    )
