"""Which campaign a page opens on when the person has not chosen one, the order a picker lists
them in, and how a drill reads in it. One rule for every page, in this one place, so that the same enterprise and
day never read as submitted on one page and not on another because the two opened on different campaigns.

The default (`default_campaign`), from the campaigns the person may see, at `now`, chosen for what the page is for
(`purpose`):
1. a Tết campaign under way, on every page (the latest started of several);
2. else, none under way, by the page's purpose:
   - LOOK_BACK — the pages that look back on a Tết and the board (the heat map, gaps, who was on duty, daily
     reports, incidents, hours on duty, the manager's board): the Tết that ended last, until the next Tết is nearer
     (begins sooner than the last one ended ago: the morning after Tết 2027 that Tết, not Tết 2028 opened early; in
     the weeks before Tết 2027 that Tết, its planning gaps and hours being what a manager weighs, not Tết 2026);
     none ended, the next; none to come, the one ended last;
   - PREPARE — the pages that prepare one (readiness, requirements, Tết opening hours, inspection plans, imports):
     the next Tết to begin; none to come, the one that ended last (`campaign_to_prepare`).
A drill is an exercise, not what those pages are for: it is the default only where no Tết campaign exists at all
(then among the drills, the one under way, else the next, else the one ended last). QZ27 #8: the morning after Tết
2027 a drill made at 08:40 — three shifts, no requirement — became every page's default, its heat map saying
"Không có yêu cầu trực nào", where the inspector came to read the Tết just ended (QZ23 #11 and QZ24 #1 were the same
fault on fewer pages). A drill stays in every picker, marked as one (`picker_label`), and its own people reach its
shifts from their own pages.
Ties fall to the later start, then the id, so roster's list and audit's (the same campaigns, in orders of their own)
give the same answer.

A drill chosen on a preparation page is said to be one beside the Tết it is not (`tet_beside`).

A picker (`picker_order`) lists them by start, the newest first (the later end first when two start
together): one order on every page, whatever the default; a drill is marked as one (`picker_label`).

And which day of it an address asks for (`asked_day`): one of its days, or a problem to say."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from .dates import on_day

TET = "tet"
DRILL = "drill"


class Dated(Protocol):
    """What the rule reads of a campaign (roster's and audit's alike)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...


C = TypeVar("C", bound=Dated)


@dataclass(frozen=True)
class CampaignChoice:
    """A campaign as a picker offers it."""

    id: str
    name: str
    kind: str  # TET or DRILL
    starts_at: datetime
    ends_at: datetime

    @property
    def drill(self) -> bool:
        return self.kind == DRILL


LOOK_BACK = "look_back"
PREPARE = "prepare"
PURPOSES = (LOOK_BACK, PREPARE)


def _latest_started(items: Iterable[C]) -> C | None:
    return max(items, key=lambda c: (c.starts_at, c.id), default=None)


def _default_of_drills(drills: list[C], now: datetime) -> C | None:
    running = [c for c in drills if c.starts_at <= now < c.ends_at]
    if running:
        return _latest_started(running)
    upcoming = [c for c in drills if c.starts_at > now]
    if upcoming:
        return min(upcoming, key=lambda c: (c.starts_at, c.id))
    return max(drills, key=lambda c: (c.ends_at, c.starts_at, c.id), default=None)


def default_campaign(items: Iterable[C], *, now: datetime, purpose: str = LOOK_BACK) -> C | None:
    """The campaign a page for `purpose` (LOOK_BACK, PREPARE) opens on, the module's rule: the Tết under way; else
    the Tết that ended last until the next is nearer (LOOK_BACK) or the next Tết (PREPARE), each falling back on the
    other; a drill only when there is no Tết campaign; None when there is none."""
    if purpose not in PURPOSES:
        raise ValueError(f"no such purpose: {purpose!r}")
    items = list(items)
    tets = [c for c in items if c.kind != DRILL]
    if not tets:
        return _default_of_drills(items, now)
    running = _latest_started(c for c in tets if c.starts_at <= now < c.ends_at)
    if running is not None:
        return running
    coming = min((c for c in tets if c.starts_at > now), key=lambda c: (c.starts_at, c.id), default=None)
    ended = max((c for c in tets if c.ends_at <= now), key=lambda c: (c.ends_at, c.starts_at, c.id), default=None)
    if coming is None or ended is None:
        return coming or ended
    if purpose == PREPARE or coming.starts_at - now < now - ended.ends_at:
        return coming
    return ended


def campaign_to_prepare(items: Iterable[C], *, now: datetime) -> C | None:
    """The campaign a page that prepares Tết opens on: `default_campaign` for PREPARE (the Tết under way, else the
    next Tết, else the Tết that ended last; a drill only when there is no Tết campaign)."""
    return default_campaign(items, now=now, purpose=PREPARE)


def tet_beside(items: Iterable[C], shown: C | None, *, now: datetime) -> C | None:
    """The Tết campaign a preparation page showing the drill `shown` names beside it (`campaign_to_prepare` of the
    Tết campaigns), so that the drill's page is never read as Tết's; None when `shown` is no drill or there is no
    Tết campaign."""
    if shown is None or shown.kind != DRILL:
        return None
    return campaign_to_prepare([c for c in items if c.kind != DRILL], now=now)


def chosen_campaign(items: Sequence[C], wanted: str | None, *, now: datetime, purpose: str = LOOK_BACK) -> C | None:
    """The campaign asked for when it is one of `items`, else the default for the page's `purpose`."""
    asked = next((c for c in items if c.id == wanted), None) if wanted else None
    return asked or default_campaign(items, now=now, purpose=purpose)


def tet_before(items: Iterable[C], shown: C) -> C | None:
    """The Tết campaign whose readiness checklist "Chép từ Tết trước" copies into `shown` (roster's rule: the latest
    Tết of an earlier lunar year, drills aside), by start: the latest Tết begun before `shown` begins; None when there
    is none, so that the page says so before the button is pressed (QZ25 #9)."""
    earlier = [c for c in items if c.kind != DRILL and c.starts_at < shown.starts_at]
    return max(earlier, key=lambda c: (c.starts_at, c.id), default=None)


def picker_order(items: Iterable[C]) -> list[C]:
    """`items` as every picker lists them: by start, the newest first (then the later end, then the id)."""
    return sorted(items, key=lambda c: (c.starts_at, c.ends_at, c.id), reverse=True)


BUILT_IN_PEAKS = {"giao thừa": "campaign.peak.giao_thua"}
"""The peak roster names itself when a campaign is opened (roster's domain.campaigns.default_peaks: "Giao thừa",
New Year's Eve), by its name folded → its words in the catalogue. A peak an administrator names is a proper name
and is shown as typed, in either language."""


def peak_key(name: str) -> str | None:
    """The catalogue key of a peak named by the system itself ("Giao thừa"), None for one an administrator named."""
    return BUILT_IN_PEAKS.get(" ".join(unicodedata.normalize("NFC", name).split()).casefold())


def begins_with(name: str, word: str) -> bool:
    """Whether a campaign's name already begins with `word` ("Diễn tập trực Tết 16/02/2027" with "Diễn tập"), case
    and Unicode form aside: a drill so named is not marked with the word again."""
    return unicodedata.normalize("NFC", name).casefold().startswith(unicodedata.normalize("NFC", word).casefold())


def picker_label(name: str, *, drill: bool, word: str) -> str:
    """A campaign's name as a picker shows it: a drill's after `word` ("Diễn tập · QA2 diễn tập trùng Tết"),
    unless its name already begins with that word ("Diễn tập trực Tết 04/12/2026" stays as it is)."""
    if not drill or begins_with(name, word):
        return name
    return f"{word} · {name}"


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


def example_day(text: str, days: Sequence[date]) -> date | None:
    """The day to show as an example of how an address writes one, for `text` that is no day: the day a person
    meant by writing it as the house writes days ("07/02/2027", day/month/year) when it is one of the campaign's
    `days`, else the campaign's first day (None: no day to show)."""
    parts = text.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        try:
            meant = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            meant = None
        if meant in days:
            return meant
    return days[0] if days else None


def problem_values(asked: str, campaign: str, days: Sequence[date], lang: str = "vi") -> dict[str, str]:
    """The values of a day problem's message: the day asked for (as people of `lang` write days, when it is
    one), the campaign by name, and its first and last days."""
    try:
        asked = on_day(date.fromisoformat(asked), lang) if len(asked) <= MAX_DAY_CHARS else asked
    except ValueError:
        pass
    return {
        "day": asked,
        "campaign": campaign,
        "first": on_day(days[0], lang) if days else "",
        "last": on_day(days[-1], lang) if days else "",
    }
