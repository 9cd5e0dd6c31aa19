"""The inspector's gap filters and times as people type them: local (Vietnam) days and
date-times from the forms, turned into the instants audit's API takes, and back.

A day filter is inclusive: "from 05/02 to 05/02" is every gap touching 05/02 in Vietnam
time, i.e. audit's `from=2027-02-05T00:00+07:00&to=2027-02-06T00:00+07:00`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from .dates import VIETNAM, local, on_day, parse_instant

YES_NO = {"true": True, "1": True, "on": True, "false": False, "0": False}


def ended_uncovered(status: str, ends_at: datetime, now: datetime) -> bool:
    """A gap audit still holds open whose end has passed by `now`: over and never filled, not "still short" (QZ23 #3:
    every gap of a season past read "Còn thiếu người")."""
    return status == "open" and ends_at <= now


Span = tuple[datetime, datetime]


def short_by_now(spans: Sequence[Span], now: datetime) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """A partly filled gap's parts still short (audit's `still_short`: its successors still open), as (those not
    over by `now`, those whose end has passed: over and never filled — after the season, not "còn thiếu", as
    `ended_uncovered` says of a whole gap)."""
    return tuple(s for s in spans if s[1] > now), tuple(s for s in spans if s[1] <= now)


@dataclass(frozen=True)
class GapPresence:
    """Who of the people a gap's post had rostered was not there in its hours (audit's presence shortfalls of the
    gap's key): the fewest `present` at once, over [starts_at, ends_at) within the gap, naming them (QZ26 #2: the list
    read "cần 2, có 1" where the 1 was the absent person — "cần 2, đã xếp 1, có mặt 0" now)."""

    present: int
    starts_at: datetime
    ends_at: datetime
    names: tuple[str, ...]


def gap_presence(
    *, enterprise_id: str, site_id: str | None, duty_type: str, span: Span, shortfalls: Sequence[Mapping[str, Any]]
) -> GapPresence | None:
    """The absence in a gap's hours from audit's `/attendance/shortfalls` items (its key's: the same enterprise, site
    — None the enterprise as a whole — and duty type), absence counted on top of the gap, not hidden by it; None when
    nobody rostered was missing then."""
    lo, hi = span
    found = []
    for f in shortfalls:
        site = f.get("site_id")
        if (str(f.get("enterprise_id")), str(site) if site else None, f.get("duty_type")) != (
            enterprise_id,
            site_id,
            duty_type,
        ):
            continue
        a, b = max(parse_instant(f["starts_at"]), lo), min(parse_instant(f["ends_at"]), hi)
        if a < b:
            found.append((a, b, f))
    if not found:
        return None
    names: dict[str, None] = {}
    for _, _, f in found:
        for person in f.get("absent") or ():
            names.setdefault(str(person["full_name"]))
    return GapPresence(
        min(int(f["present"]) for _, _, f in found),
        min(a for a, _, _ in found),
        max(b for _, b, _ in found),
        tuple(names),
    )


def parse_bool(text: str | None) -> bool | None:
    """ "true"/"on" → True, "false" → False, anything else (blank: "either") → None."""
    return YES_NO.get((text or "").strip().lower())


def parse_day(text: str | None) -> date | None:
    """A day from a date input ("2027-02-05"); None when blank; ValueError when not a day."""
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


MAX_DAY_CHARS = 10
"""A day as a date input sends it ("2027-02-05"); anything longer is no day."""


def day_range_errors(first: tuple[str, str], last: tuple[str, str], *, bad: str, out_of_order: str) -> dict[str, str]:
    """Field → message key for a range of days typed into two fields, each given as (name, text): a
    text that is no day is `bad`; a last day before the first is `out_of_order`, on the last field."""
    out: dict[str, str] = {}
    days: dict[str, date | None] = {}
    for name, value in (first, last):
        try:
            days[name] = parse_day(value) if len(value) <= MAX_DAY_CHARS else None
        except ValueError:
            days[name] = None
        if value and days[name] is None:
            out[name] = bad
    lo, hi = days[first[0]], days[last[0]]
    if lo and hi and hi < lo:
        out[last[0]] = out_of_order
    return out


def range_said(first: str, last: str, lang: str) -> dict[str, str]:
    """The two days of a range as a refusal of it says them ("day": the last, "first": the first): "1 Feb 2027" in
    English, "01/02/2027" in Vietnamese, not the address's "2027-02-01" (QA); a text that is no day as it is."""

    def said(text: str) -> str:
        try:
            day = parse_day(text) if len(text) <= MAX_DAY_CHARS else None
        except ValueError:
            day = None
        return on_day(day, lang) if day else text

    return {"first": said(first), "day": said(last)}


OUT_OF_ORDER = "days.out_of_order"
"""The one message of a range of days whose last is before its first (every page's and refused download's)."""


def order_said(first: tuple[str, str], last: tuple[str, str], lang: str) -> dict[str, str]:
    """The values of `OUT_OF_ORDER`: each box's label and the day typed in it as the reader writes days, each given
    as (label, text): {"first_box": "Từ ngày", "first": "10/02/2027", "last_box": "Đến ngày", "last": "01/02/2027"}."""
    said = range_said(first[1], last[1], lang)
    return {"first_box": first[0], "first": said["first"], "last_box": last[0], "last": said["day"]}


def parse_local(text: str | None) -> datetime | None:
    """A Vietnam wall-clock time from a datetime-local input ("2027-02-06T00:00", seconds optional)
    as an aware instant; None when blank; ValueError when not a date-time. An offset, if typed, wins."""
    text = (text or "").strip().replace(" ", "T")
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return local(value) if value.tzinfo else value.replace(tzinfo=VIETNAM)


def local_input(instant: datetime | None, *, seconds: bool = False) -> str:
    """The value of a datetime-local input for an instant (Vietnam time)."""
    if instant is None:
        return ""
    return f"{local(instant):%Y-%m-%dT%H:%M:%S}" if seconds else f"{local(instant):%Y-%m-%dT%H:%M}"


def day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The instants from the start of `first` to the end of `last` (local days, both included)."""
    lo = datetime.combine(first, time.min, tzinfo=VIETNAM) if first else None
    hi = datetime.combine(last + timedelta(days=1), time.min, tzinfo=VIETNAM) if last else None
    return lo, hi


EXPLANATION_STATES = ("unexplained", "submitted", "more_asked", "accepted")
"""The states of an item's giải trình audit's gap and finding lists give and filter by (`explanation`): owed and
none given, waiting for the inspector, more asked, accepted."""


@dataclass(frozen=True)
class GapFilters:
    """The gaps list's filters as the form holds them (strings; blank: no filter)."""

    campaign_id: str = ""
    enterprise_id: str = ""
    sector: str = ""
    duty_type: str = ""
    site_id: str = ""
    border: str = ""
    status: str = ""
    peak: str = ""
    announced: str = ""
    in_force: str = ""  # "" (audit's default): gaps in force; "false": planning gaps; "all": both
    explanation: str = ""  # the state of its giải trình (EXPLANATION_STATES); "": any
    from_day: str = ""
    to_day: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> GapFilters:
        return cls(**{f.name: (query.get(f.name) or "").strip() for f in fields(cls)})

    def errors(self) -> dict[str, str]:
        """Field → problem key: "bad_day" for a day that is no day, "out_of_order" (on `to_day`) for a range
        that ends before it starts — told beside the field, the filters kept, as the history page does."""
        out = {}
        days = {}
        for name in ("from_day", "to_day"):
            try:
                days[name] = parse_day(getattr(self, name))
            except ValueError:
                out[name] = "bad_day"
        first, last = days.get("from_day"), days.get("to_day")
        if first and last and last < first:
            out["to_day"] = "out_of_order"  # said as OUT_OF_ORDER
        return out

    def api_params(self) -> dict[str, str]:
        """audit's `GET /gaps` query for these filters (the days as instants, in Vietnam time)."""
        params = {k: getattr(self, k) for k in ("campaign_id", "enterprise_id", "sector", "duty_type", "site_id")}
        for name in ("border", "peak", "announced"):
            value = parse_bool(getattr(self, name))
            params[name] = "" if value is None else str(value).lower()
        params["status"] = self.status if self.status in ("open", "closed", "requirement_changed") else ""
        params["in_force"] = self.in_force if self.in_force in ("true", "false", "all") else ""
        params["explanation"] = self.explanation if self.explanation in EXPLANATION_STATES else ""
        if not self.errors():
            lo, hi = day_bounds(parse_day(self.from_day), parse_day(self.to_day))
            params["from"] = lo.isoformat() if lo else ""
            params["to"] = hi.isoformat() if hi else ""
        return {k: v for k, v in params.items() if v}

    def query(self) -> dict[str, str]:
        """The portal's own query string for these filters (links keep them)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def filters_asked(query: Mapping[str, str]) -> bool:
    """Whether the address names any filter, even blank ("campaign_id=" is "every campaign", as the form sends
    it): if not, the list opens on `opening_filters`."""
    return any(f.name in query for f in fields(GapFilters))


def opening_filters(campaign_id: str) -> GapFilters:
    """What the bare list opens on: the default campaign's gaps still open (QA: every campaign and status, 111
    gaps led by long-filled ones). The form or a link's filters show others ("?campaign_id=&status=": every gap)."""
    return GapFilters(campaign_id=campaign_id, status="open")


def around(instant: datetime, minutes: int = 1) -> tuple[datetime, datetime]:
    """A small window of record time around an instant."""
    return instant - timedelta(minutes=minutes), instant + timedelta(minutes=minutes)
