"""Last Tết's coverage requirements and Tết opening hours copied into a new Tết (QZ27 #5), as the pages say it:
roster's answer to a copy (or its preview, a dry run) read into values, and the days of last Tết named by where
they go — each day as many days from mùng 1 as it was (roster's rule, its `domain.tet_copy`), so "30 tháng Chạp →
29 tháng Chạp" when this year's twelfth month has 29 days. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from lichtruc import lunar, vntime

What = Literal["requirements", "hours"]
WHATS: tuple[What, ...] = ("requirements", "hours")


def past_kept(what: What, *, admin: bool, starts_at: datetime, now: datetime) -> bool:
    """Whether roster refuses the copy for this person now (its `rewrites_past`, 409 past-kept): requirements copied
    apply to the whole campaign, so once it has begun they reach the days already judged — the Department's alone. A
    manager's page offers no button then, but says why and what to do instead. Hours are copied as drafts: offered."""
    return what == "requirements" and not admin and now > starts_at


@dataclass(frozen=True)
class Skip:
    """One of last Tết's not copied, and why in both languages (roster's words); `day`: last Tết's day, for a day."""

    what: str
    why_vi: str
    why_en: str
    day: date | None = None

    def why(self, lang: str) -> str:
        return self.why_vi if lang == "vi" and self.why_vi else self.why_en


@dataclass(frozen=True)
class PointCopy:
    """A point whose draft gets last Tết's days (`days` of them), `replaced`: its draft had days, overwritten."""

    name: str
    days: int
    replaced: bool


@dataclass(frozen=True)
class TetCopy:
    """roster's answer to a copy from the Tết before (a dry run: what copying would do)."""

    what: What
    from_name: str
    dry_run: bool
    count: int
    """Requirements added, or points whose drafts got days."""
    days: int
    """Hours: the days copied in all (0 for requirements)."""
    skipped: tuple[Skip, ...]
    points: tuple[PointCopy, ...] = ()
    drafts: int = 0
    """Hours: the points skipped because their drafts have days (the question asked first: replace them?)."""

    @classmethod
    def from_api(cls, what: What, doc: Mapping[str, Any]) -> TetCopy:
        items = doc.get("skipped_items") or ()
        skipped = tuple(
            Skip(
                str(s.get("what") or ""),
                str(s.get("why_vi") or ""),
                str(s.get("why_en") or ""),
                date.fromisoformat(str(s["day"])) if s.get("day") else None,
            )
            for s in items
        )
        return cls(
            what,
            str(doc.get("from_campaign_name") or ""),
            bool(doc.get("dry_run")),
            int(doc.get("added" if what == "requirements" else "points") or 0),
            int(doc.get("days") or 0) if what == "hours" else 0,
            skipped,
            tuple(
                PointCopy(str(p.get("site_name") or ""), int(p.get("days") or 0), bool(p.get("replaced")))
                for p in doc.get("copied") or ()
            ),
            sum(1 for s in items if s.get("why") == "has-draft"),
        )


@dataclass(frozen=True)
class DayMoved:
    """One of last Tết's days and the day it is copied to."""

    before: date
    after: date

    def said(self, lang: str) -> str:
        """ "30 tháng Chạp → 29 tháng Chạp (24/01/2028)": the lunar days' names, the new day's date."""
        lang_: Literal["vi", "en"] = "en" if lang == "en" else "vi"
        name_before = vntime.lunar_day_name(self.before, lang_) or vntime.date_said(self.before, lang_)
        name_after = vntime.lunar_day_name(self.after, lang_)
        return f"{name_before} → {name_after} ({vntime.date_said(self.after, lang_)})"


def tet_of(ends_at: datetime) -> date:
    """Mùng 1 of the Tết a Tết campaign ending at `ends_at` covers (it ends in tháng Giêng of that lunar year)."""
    last = vntime.local_day(ends_at - timedelta(microseconds=1))
    return lunar.tet(lunar.solar_to_lunar(last).year)


def days_moved(before: tuple[datetime, datetime], after: tuple[datetime, datetime]) -> tuple[DayMoved, ...]:
    """Each local day of last Tết's campaign (`before`: starts, ends) moved by the days between the two mùng 1s,
    those landing inside this Tết's (`after`), in order: the days a copy maps."""
    shift = tet_of(after[1]) - tet_of(before[1])
    first, last = (vntime.local_day(before[0]), vntime.local_day(before[1] - timedelta(microseconds=1)))
    inside = (vntime.local_day(after[0]), vntime.local_day(after[1] - timedelta(microseconds=1)))
    out: list[DayMoved] = []
    day = first
    while day <= last:
        moved = day + shift
        if inside[0] <= moved <= inside[1]:
            out.append(DayMoved(day, moved))
        day += timedelta(days=1)
    return tuple(out)
