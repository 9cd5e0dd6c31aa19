"""The incidents the manager's board shows without leaving it (QZ22 #13: the board showed nothing of them), from
roster's `GET /incidents` of the board's enterprise:

- its open incidents (not resolved: roster's `status` "open", whatever campaign they fall in — one detected the day
  before the campaign began is open all the same), in a short block above the grid, the latest detected first: the
  place (the site, else the district), the severity, since when, whether the service is restored, each linking its
  incident page; at most `OPEN_SHOWN` of them, the block linking the list of them all when there are more;
- each day of the board, the incidents of the campaign detected that local day (Vietnam time), open or resolved,
  counted in its row's header and linking the incident list filtered to that enterprise and day.

An enterprise with no incident shows neither (no empty block, no mark); a list roster did not answer is
`unread`, said in one line, and the board stands without it.

Pure: roster's list items in, values out; the words are the template's."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from .dates import local, parse_instant

OPEN_SHOWN = 5
"""The open incidents the block lists; more are one link away (the incident list, open ones of the enterprise)."""


@dataclass(frozen=True)
class OpenIncident:
    id: str
    place: str  # its site's name, else its district ("": neither recorded)
    border: bool
    severity: str  # roster's key: minor, serious, critical
    severe: bool  # roster's: the Department is told at once
    detected_at: datetime
    restored_at: datetime | None  # service restored (an update said so), the incident still open

    @property
    def url(self) -> str:
        return f"/incidents/{self.id}"

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> OpenIncident:
        return cls(
            id=str(body["id"]),
            place=str(body.get("site_name") or body.get("district") or ""),
            border=bool(body.get("border")),
            severity=str(body.get("severity") or ""),
            severe=bool(body.get("severe")),
            detected_at=parse_instant(str(body["detected_at"])),
            restored_at=parse_instant(str(body["restored_at"])) if body.get("restored_at") else None,
        )


@dataclass(frozen=True)
class BoardIncidents:
    """What the board shows of its enterprise's incidents (the module's rules)."""

    enterprise_id: str
    open: tuple[OpenIncident, ...] = ()  # the latest detected first, at most OPEN_SHOWN
    open_total: int = 0  # every open one, shown or not
    by_day: Mapping[date, int] = field(default_factory=dict)  # incidents detected each local day of the board
    unread: bool = False  # roster's list did not answer: the board says so in one line

    @property
    def more(self) -> bool:
        """More open incidents than the block lists."""
        return self.open_total > len(self.open)

    @property
    def open_url(self) -> str:
        """The incident list of the enterprise's open incidents, every one."""
        return f"/incidents?{urlencode({'status': 'open', 'enterprise_id': self.enterprise_id})}"

    def on(self, day: date) -> int:
        """How many incidents were detected on the local `day`."""
        return self.by_day.get(day, 0)

    def day_url(self, day: date) -> str:
        """The incident list filtered to the enterprise and the local `day` of detection."""
        return f"/incidents?{urlencode({'enterprise_id': self.enterprise_id, 'day': day.isoformat()})}"


def board_incidents(
    enterprise_id: str,
    *,
    open_items: Iterable[Mapping[str, Any]],
    open_total: int | None = None,
    campaign_items: Iterable[Mapping[str, Any]],
    days: Collection[date],
) -> BoardIncidents:
    """The board's incidents from roster's lists: `open_items` its open ones (`open_total`: how many there are in all,
    when roster said; else those given), `campaign_items` the campaign's, counted on the board's `days` by the local
    day of detection (one detected on no day of the board is counted on none)."""
    shown = sorted((OpenIncident.from_api(i) for i in open_items), key=lambda i: (i.detected_at, i.id), reverse=True)
    counts: dict[date, int] = {}
    for item in campaign_items:
        day = local(parse_instant(str(item["detected_at"]))).date()
        if day in days:
            counts[day] = counts.get(day, 0) + 1
    return BoardIncidents(
        enterprise_id=enterprise_id,
        open=tuple(shown[:OPEN_SHOWN]),
        open_total=max(open_total if open_total is not None else 0, len(shown)),
        by_day=counts,
    )
