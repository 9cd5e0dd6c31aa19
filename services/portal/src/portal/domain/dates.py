"""How the portal writes instants and days for people, on `lichtruc.vntime` (Vietnam time and
lunar day names, one helper for every service), e.g. "06/02/2027 (Mùng 1 Tết Đinh Mùi)" or
"6 Feb 2027 (1st day of Tết, Đinh Mùi)": English names the month, since "08/02" reads as 2 August to an
American (QA 2026-12-06), where Vietnamese keeps dd/mm, as Vietnamese read dates.

What is here is only what the portal's pages add: reading an API's instant, a board's column
heading (`short_day`), a shift's time (`span_label`), a bare clock time. Naive values are refused
(by vntime) rather than guessed.

A span is written one way on every page (QZ25 #7: a card said "→", the colleagues under it "–"): from a start
given with its day to its end, " → " ("22:00 05/02/2027 (…) → 06:00 06/02", "08:00 06/02 → 08:00 07/02"); hours
within one day, which the text around them dates, an en dash without spaces ("06:00–18:00", "18:00–24:00 05/02")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lichtruc import check_in, vntime
from lichtruc.vntime import VIETNAM, Lang, local

__all__ = [
    "VIETNAM",
    "box_label",
    "check_in_label",
    "day_label",
    "days_between",
    "instant_label",
    "local",
    "lunar_label",
    "minutes_late",
    "on_day",
    "parse_instant",
    "short_day",
    "span_label",
    "time_label",
    "wall_label",
]


def _lang(lang: str) -> Lang:
    """The person's language as vntime names it (anything but English reads Vietnamese)."""
    return "en" if lang == "en" else "vi"


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant from an API (UTC, with "Z" or an offset) as a Vietnam-time datetime."""
    return local(datetime.fromisoformat(text.replace("Z", "+00:00")))


def lunar_label(day: date, lang: str = "vi") -> str:
    """The lunar day and year name of a solar day: "Mùng 1 Tết Đinh Mùi", "1st day of Tết, Đinh Mùi"."""
    return vntime.lunar_label(day, _lang(lang))


def on_day(day: date, lang: str = "vi", *, year: bool = True) -> str:
    """A bare solar day: "08/02/2027", "8 Feb 2027"; "08/02", "8 Feb" without the year, where the page gives it."""
    return vntime.date_said(day, _lang(lang), year=year)


def day_label(day: date, lang: str = "vi") -> str:
    """ "06/02/2027 (Mùng 1 Tết Đinh Mùi)", "6 Feb 2027 (1st day of Tết, Đinh Mùi)"."""
    return vntime.day_label(day, _lang(lang))


def instant_label(instant: datetime, lang: str = "vi") -> str:
    """ "23:40 06/02/2027 (Mùng 1 Tết Đinh Mùi)"."""
    return vntime.instant_label(instant, _lang(lang))


def moment_label(instant: datetime, lang: str = "vi") -> str:
    """ "22:30 05/02/2027 (29 tháng Chạp)", "22:30 5 Feb 2027 (29th day of the 12th lunar month)": a moment with its
    lunar day's name, without the year's (the day's figures so far are of it, QZ26 #8)."""
    at = vntime.local(instant)
    name = vntime.lunar_day_name(at.date(), _lang(lang))
    return f"{vntime.clock(at, _lang(lang))}" + (f" ({name})" if name else "")


def short_day(day: date, lang: str = "vi") -> str:
    """ "06/02 · Mùng 1 Tết", "30 Jan · 23rd of lunar month 12": a column heading where space is tight (the
    board's days, the coverage map's columns, its day picker), the lunar day's short name
    (`vntime.short_lunar_day_name`). The whole name is in `day_label`."""
    name = vntime.short_lunar_day_name(day, _lang(lang))
    solar = on_day(day, lang, year=False)
    return f"{solar} · {name}" if name else solar


def wall_label(wall: datetime, lang: str = "vi") -> str:
    """A Vietnam wall-clock time as a datetime-local box holds it (naive: the box has no zone), as the pages write
    instants: "18:00 05/02/2027", "18:00 5 Feb 2027"."""
    return f"{wall:%H:%M} {on_day(wall.date(), lang)}"


def box_label(value: str, kind: str, lang: str = "vi") -> str:
    """What a date or date-and-time box holds (`kind`: its input type), as the pages write it: printed, the browser
    would draw the box its own way ("02/07/2027, 10:21 AM"). "07/02/2027", "10:21 07/02/2027"; "7 Feb 2027" in
    English. A value that is no such date (typed by hand into the address) is given back as it is."""
    try:
        if kind == "datetime-local":
            return wall_label(datetime.fromisoformat(value), lang)
        if kind == "date":
            return on_day(date.fromisoformat(value), lang)
    except ValueError:
        pass
    return value


def time_label(instant: datetime) -> str:
    return f"{local(instant):%H:%M}"


def check_in_label(checked: datetime, starts: datetime, lang: str = "vi") -> str:
    """When a person checked in on a shift starting at `starts`: "06:03" on the shift's first day, "04:53 06/02"
    ("04:53 6 Feb") on another (QZ11 #10: a check-in the morning after an 18:00 start read as that evening's)."""
    at = local(checked)
    if at.date() == local(starts).date():
        return f"{at:%H:%M}"
    return f"{at:%H:%M} {on_day(at.date(), lang, year=False)}"


def minutes_late(checked: datetime, starts: datetime) -> int:
    """Whole minutes from a shift's start to a check-in after it (0 for one on time), as the clock times read — the
    same count as notifier's mail of that check-in (`lichtruc.check_in.minutes_late`; QZ29 #2)."""
    return check_in.minutes_late(checked, starts)


def span_label(start: datetime, end: datetime, lang: str = "vi") -> str:
    """A shift's time: "22:00 05/02/2027 (30 tháng Chạp Bính Ngọ) → 06:00 06/02", "22:00 5 Feb 2027 (…) → 06:00
    6 Feb"; an end at local midnight is 24:00 of the day before (`vntime.span_end`, as roster, notifier and audit
    say it; QZ21 #9): "18:00 05/02/2027 (…) → 24:00" within its own day, where "→ 00:00 06/02" read as a shift into
    the next. A 24-hour shift keeps its second day: "08:00 05/02/2027 (…) → 08:00 06/02"."""
    a = local(start)
    last, hour = vntime.span_end(start, end)
    tail = hour if last == a.date() else f"{hour} {on_day(last, lang, year=False)}"
    return f"{a:%H:%M} {day_label(a.date(), lang)} → {tail}"


def hours_label(start: datetime, end: datetime) -> str:
    """A shift's hours alone, where its card already says its days: "06:00–18:00", "22:00–06:00"; an end at local
    midnight "24:00" (`vntime.span_end`, QZ22 #9: a card's actions read "Hủy ca — …, 18:00–00:00")."""
    return f"{local(start):%H:%M}–{vntime.span_end(start, end)[1]}"


def hours_beside(start: datetime, end: datetime, *, day: datetime, lang: str = "vi") -> str:
    """A colleague's shift beside a card of `day` (its start): "18:00–23:00" within that day, "18:00–24:00" for one
    to its midnight (`vntime.span_end`), else each end with its day — "08:00 06/02 → 08:00 07/02", "08:00 6 Feb →
    08:00 7 Feb" (QZ14 #13: a 24-hour leader shift read "(08:00–08:00)", one to midnight "(08:00–00:00)"), the arrow
    of `span_label`, which says the card's own time above it (QZ25 #7: "–" here, "→" there)."""
    a, card_day = local(start), local(day).date()
    last, hour = vntime.span_end(start, end)
    if a.date() == last == card_day:
        return f"{a:%H:%M}–{hour}"
    da, dlast = on_day(a.date(), lang, year=False), on_day(last, lang, year=False)
    return f"{a:%H:%M} {da} → {hour} {dlast}"


def clock_span(start: datetime, end: datetime, *, within: tuple[datetime, datetime], lang: str = "vi") -> str:
    """Hours of a part of a gap, `within` the gap's own start and end, which its page already dates: "10:30–12:00"
    when the gap lies in one day; "06:00–18:00 05/02" when it spans several (QA: a remainder of a week-long gap
    read as hours of its first day); "22:00 05/02 → 06:00 06/02" across days (`span_label`'s arrow). An end at local
    midnight is 24:00 of the day before (`vntime.span_end`): "18:00–24:00 05/02", not "18:00 05/02 → 00:00 06/02"."""
    a = local(start)
    last, hour = vntime.span_end(start, end)
    da, dlast = on_day(a.date(), lang, year=False), on_day(last, lang, year=False)
    if a.date() != last:
        return f"{a:%H:%M} {da} → {hour} {dlast}"
    if local(within[0]).date() == vntime.span_end(*within)[0]:
        return f"{a:%H:%M}–{hour}"
    return f"{a:%H:%M}–{hour} {da}"


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
