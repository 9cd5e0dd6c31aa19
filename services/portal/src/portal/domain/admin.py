"""What the administrator's forms mean, without the services: the vocabulary roster accepts
(sectors, kinds of site, roles), a campaign's days as the lunar days roster wants, peak windows
typed on a Vietnamese wall clock, lists typed in one box, and a form's filters as query values.

Pure code: no HTTP, no clock. A form that cannot be read gives `FormProblem`s naming the field
and a catalogue key, so the page can show the words next to the field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from lichtruc import lunar
from lichtruc.text import phone_number

from .dates import VIETNAM, local
from .gaps import OUT_OF_ORDER

# Roster's vocabulary (docs/openapi/roster.json); the words for each are in messages/*/admin.toml.
SECTORS = ("postal", "telecom", "internet", "television")
SITE_KINDS = (
    "noc",
    "exchange",
    "base_station",
    "transmitter",
    "post_office",
    "transaction_point",
    "data_center",
    "office",
)
ROLES = ("admin", "manager", "staff", "inspector")
CAMPAIGN_KINDS = ("tet", "drill")  # a Tết campaign, or a drill (an exercise before Tết, free dates)
MAX_DRILL_DAYS = 14  # roster's limit on a drill's length
MAX_CAMPAIGN_DAYS = 120  # roster's limit on a Tết campaign's length (domain/campaigns.py)

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # the value of an <input type="datetime-local">


@dataclass(frozen=True)
class FormProblem:
    field: str
    key: str  # a catalogue key under "admin.", e.g. "errors.required"; or one of every page's (SHARED_KEYS)
    params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Label:
    """A field's label inside a problem's words (a catalogue key under "admin.", e.g. "sites.kind"), said in lower
    case: "Hãy chọn loại điểm trực." """

    key: str
    written: bool = False  # as the form writes it (a box named in quotes: “Ngày kết thúc”), not in lower case


SHARED_KEYS = (OUT_OF_ORDER,)
"""The problems said one way on every page, not in the administrator's own words (a range of days out of order)."""


def choose(field: str) -> FormProblem:
    """A list (a <select>) left at "— Chọn —": "not chosen yet, choose one", not "fill this in", which is said of a
    box to type in — without its name, which its label beside it and the summary's line say (G2: "Lĩnh vực: Hãy
    chọn lĩnh vực.")."""
    return FormProblem(field, "errors.choose")


class FormInvalid(Exception):
    def __init__(self, problems: Sequence[FormProblem]) -> None:
        super().__init__(", ".join(f"{p.field}: {p.key}" for p in problems))
        self.problems = tuple(problems)


# --- campaign days ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LunarDay:
    """A day named relative to a Tết, as roster's LunarDayIn: months 7–12 of the year before, 1–6 of the Tết year."""

    month: int
    day: int
    leap: bool = False

    def as_json(self) -> dict[str, object]:
        return {"month": self.month, "day": self.day, "leap": self.leap}


def lunar_day_of(day: date, tet_year: int) -> LunarDay | None:
    """The lunar day of the Tết of `tet_year` that falls on the solar `day`, or None when that day
    lies outside the months a campaign may use (tháng 7 of the year before to tháng 6 of the Tết year)."""
    ld = lunar.solar_to_lunar(day)
    if (ld.year == tet_year - 1 and ld.month >= 7) or (ld.year == tet_year and ld.month <= 6):
        return LunarDay(ld.month, ld.day, ld.leap)
    return None


def parse_day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FormInvalid([FormProblem(field, "errors.date")]) from None


def campaign_day(text: str, tet_year: int, field: str) -> LunarDay:
    """The lunar day of an <input type="date"> value in the campaign of `tet_year`."""
    day = parse_day(text, field)
    found = lunar_day_of(day, tet_year)
    if found is None:
        raise FormInvalid([FormProblem(field, "errors.outside_year", (("year", lunar.tet_name(tet_year)),))])
    return found


def campaign_days(first: date, last: date) -> list[FormProblem]:
    """What roster would refuse in a Tết campaign's first and last days once each reads as a day of its year, said
    with the form's other mistakes rather than after them: a last day before the first, or more than
    MAX_CAMPAIGN_DAYS days (whole days: 00:00 of the first to 24:00 of the last). A `date` in a problem's params is
    said as the page says days."""
    if last < first:
        boxes = (
            ("first_box", Label("campaigns.first_day", written=True)),
            ("last_box", Label("campaigns.last_day", written=True)),
        )
        return [FormProblem("end", OUT_OF_ORDER, (("first", first), ("last", last), *boxes))]
    count = (last - first).days + 1
    if count > MAX_CAMPAIGN_DAYS:
        span = (("days", MAX_CAMPAIGN_DAYS), ("count", count), ("first", first), ("last", last))
        return [FormProblem("end", "errors.campaign_length", span)]
    return []


def campaign_kind(text: str) -> str:
    """The kind of campaign chosen on the form ("tet" when none is)."""
    kind = (text or "tet").strip()
    if kind not in CAMPAIGN_KINDS:
        raise FormInvalid([FormProblem("kind", "errors.invalid_choice")])
    return kind


def drill_span(starts: str, ends: str) -> tuple[datetime, datetime]:
    """A drill's start and end as typed on a Vietnamese wall clock (datetime-local values). Each is
    required and must read; the end comes after the start, at most MAX_DRILL_DAYS later (roster's
    rule, said next to the field before asking it)."""
    problems: list[FormProblem] = []
    span: list[datetime] = []
    for field, text in (("starts_at", starts), ("ends_at", ends)):
        if not text.strip():
            problems.append(FormProblem(field, "errors.drill_required"))
            continue
        try:
            span.append(wall_clock(text, field))
        except FormInvalid as exc:
            problems.extend(exc.problems)
    if problems:
        raise FormInvalid(problems)
    start, end = span
    if end <= start:
        raise FormInvalid([FormProblem("ends_at", "errors.drill_order")])
    if (end - start).total_seconds() > MAX_DRILL_DAYS * 86400:
        raise FormInvalid([FormProblem("ends_at", "errors.drill_length", (("days", MAX_DRILL_DAYS),))])
    return start, end


def readiness_deadline_body(typed: str, kept: str) -> dict[str, str | None]:
    """roster's body for a campaign's readiness deadline as typed in the edit form (a datetime-local value,
    Vietnam time) against the one it showed (`kept`: empty for the default): nothing when unchanged, so a deadline
    kept is judged as kept; null when emptied (back to the default, 24 h before the start); else the new instant."""
    if typed.strip() == kept.strip():
        return {}
    if not typed.strip():
        return {"readiness_deadline": None}
    return {"readiness_deadline": wall_clock(typed, "readiness_deadline").isoformat()}


# --- peak windows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeakRow:
    """One row of the peaks table as typed: wall-clock times in Vietnam."""

    name: str
    starts: str  # "2027-02-05T18:00"
    ends: str


@dataclass(frozen=True)
class Peak:
    name: str
    starts_at: datetime
    ends_at: datetime

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "starts_at": self.starts_at.isoformat(), "ends_at": self.ends_at.isoformat()}


@dataclass(frozen=True)
class Obliging:
    """A campaign as the new enterprise's form reads it: when it runs, when the first of its readiness items is
    due (None: it has none), and whether it is a drill (which owes no reports: under way, it obliges nothing)."""

    starts_at: datetime
    ends_at: datetime
    first_due: datetime | None = None
    drill: bool = False


def owes_from_default(campaigns: Iterable[Obliging], *, now: datetime) -> date | None:
    """The day a new enterprise's form proposes it owes daily reports and readiness items from (QZ15: registered on
    mùng 1 with the box empty, it was mailed as late for the day before it existed and 9 items overdue): today
    (Vietnam time) when a campaign that has not ended has begun to oblige — a Tết campaign under way, or one of its
    readiness items is already due; None (it owes everything) otherwise, where nothing is due before today and an
    empty box means the same. A drill under way obliges nothing (QZ24 #3: during the drill before Tết the form said
    the campaign had begun). The administrator clears the day for an enterprise that must answer for the days
    before."""
    for c in campaigns:
        under_way = c.starts_at <= now and not c.drill
        if c.ends_at > now and (under_way or (c.first_due is not None and c.first_due <= now)):
            return local(now).date()
    return None


def local_input(instant: datetime) -> str:
    """An instant as a datetime-local value on a Vietnamese wall clock."""
    return local(instant).strftime(LOCAL_INPUT)


def wall_clock(text: str, field: str) -> datetime:
    """A datetime-local value as the Vietnam wall-clock instant it is; FormInvalid (`errors.instant`, of `field`) when
    it is none."""
    try:
        return datetime.strptime(text.strip()[:16], LOCAL_INPUT).replace(tzinfo=VIETNAM)
    except ValueError:
        raise FormInvalid([FormProblem(field, "errors.instant")]) from None


def _midnight(day: date) -> datetime:
    """00:00 of `day` in Vietnam: a campaign covers its days whole."""
    return datetime.combine(day, time(), VIETNAM)


def peak_rows(names: Sequence[str], starts: Sequence[str], ends: Sequence[str]) -> list[PeakRow]:
    """The rows of the peaks table (the three lists are the table's columns, in order)."""
    size = max(len(names), len(starts), len(ends), 0)

    def at(values: Sequence[str], i: int) -> str:
        return values[i].strip() if i < len(values) else ""

    return [PeakRow(at(names, i), at(starts, i), at(ends, i)) for i in range(size)]


def filled_rows(rows: Sequence[PeakRow], removed: AbstractSet[int] = frozenset()) -> tuple[list[PeakRow], set[int]]:
    """The rows with something typed in them, and the ticked ones among them renumbered: the table
    re-shown after a refusal has no blank row in the middle (with a "remove" box of its own), and a
    row's number in a message is the number it has on the page."""
    kept = [(i, row) for i, row in enumerate(rows) if row.name or row.starts or row.ends]
    return [row for _, row in kept], {n for n, (i, _) in enumerate(kept) if i in removed}


def parse_peaks(
    rows: Sequence[PeakRow], removed: AbstractSet[int] = frozenset(), *, days: tuple[date, date] | None = None
) -> list[Peak]:
    """The peaks to keep: empty rows and rows ticked "remove" are left out. Every row at fault is said at once, on
    `peaks`: one half filled, a time that does not read, an end not after the start, a name another row has (roster
    keeps names apart), and — given the campaign's first and last `days` — a peak outside them."""
    peaks, problems = [], []
    named: dict[str, int] = {}
    for i, row in enumerate(rows):
        if i in removed or not (row.name or row.starts or row.ends):
            continue
        if row.name and row.name in named:
            problems.append(
                FormProblem(
                    "peaks", "errors.peak_name_twice", (("row", i + 1), ("name", row.name), ("other", named[row.name]))
                )
            )
        named.setdefault(row.name, i + 1)
        if not (row.name and row.starts and row.ends):
            problems.append(FormProblem("peaks", "errors.peak_incomplete", (("row", i + 1),)))
            continue
        try:
            starts, ends = wall_clock(row.starts, "peaks"), wall_clock(row.ends, "peaks")
        except FormInvalid:
            problems.append(FormProblem("peaks", "errors.peak_time", (("row", i + 1),)))
            continue
        if ends <= starts:
            problems.append(FormProblem("peaks", "errors.peak_order", (("row", i + 1),)))
            continue
        if days is not None and not _midnight(days[0]) <= starts < ends <= _midnight(days[1] + timedelta(days=1)):
            problems.append(
                FormProblem("peaks", "errors.peak_outside", (("row", i + 1), ("first", days[0]), ("last", days[1])))
            )
            continue
        peaks.append(Peak(row.name, starts, ends))
    if problems:
        raise FormInvalid(problems)
    return peaks


# --- small inputs -------------------------------------------------------------------------------


def split_emails(text: str) -> list[str]:
    """Addresses typed in one box, separated by commas, semicolons, spaces or lines."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def lunar_year_of(text: str) -> int:
    try:
        year = int(text.strip())
    except ValueError:
        raise FormInvalid([FormProblem("lunar_year", "errors.year")]) from None
    if not lunar.FIRST_LUNAR_YEAR < year <= lunar.LAST_LUNAR_YEAR:
        raise FormInvalid(
            [
                FormProblem(
                    "lunar_year",
                    "errors.year_range",
                    (("first", lunar.FIRST_LUNAR_YEAR + 1), ("last", lunar.LAST_LUNAR_YEAR)),
                )
            ]
        )
    return year


def tet_name(year: int) -> str:
    """ "Tết Mậu Thân 2028": what roster names the campaign of that lunar year by default."""
    return lunar.tet_name(year)


def yes_no(value: str | None) -> bool | None:
    """A three-way filter ("", "yes", "no") as the services' optional boolean."""
    return {"yes": True, "no": False}.get(value or "")


_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")  # roster's (domain/values.py)


def phone_problem(text: str, field: str) -> FormProblem | None:
    """A phone number that is not one (8–15 digits, an optional leading +, spaces, dots, dashes and brackets
    between them), as roster would refuse it; None when it is one or when nothing is typed."""
    typed = text.strip()
    if not typed or phone_number(typed) is not None:
        return None
    return FormProblem(field, "errors.phone", (("phone", typed),))


def emails_problem(text: str, field: str) -> FormProblem | None:
    """The addresses typed in one box (`split_emails`) that are no addresses, all named at once; None when each
    is one (or none is typed)."""
    wrong = [e for e in split_emails(text) if len(e) > 254 or not _EMAIL.match(e.lower())]
    if not wrong:
        return None
    return FormProblem(field, "errors.emails", (("emails", ", ".join(wrong)), ("count", len(wrong))))


MAX_NAME = 200  # roster's bound on a name (an enterprise's, a site's)


def too_long(field: str, text: str, limit: int = MAX_NAME) -> FormProblem:
    return FormProblem(field, "errors.too_long", (("max", limit), ("length", len(text))))


def problems_of(*found: FormProblem | None) -> None:
    """Raise every problem found at once (FormInvalid), so that a form is corrected in one go."""
    problems = [p for p in found if p is not None]
    if problems:
        raise FormInvalid(problems)


def require(values: Mapping[str, str], *fields: str, lists: Mapping[str, str] | None = None) -> None:
    """Every named field has something typed in it, or chosen: `lists`, the fields that are lists to choose from
    (its keys; each field's label's catalogue key beside it, which `choose` no longer repeats: the label says it)."""
    lists = lists or {}
    missing = [
        choose(name) if name in lists else FormProblem(name, "errors.required")
        for name in fields
        if not (values.get(name) or "").strip()
    ]
    if missing:
        raise FormInvalid(missing)


def name_written_otherwise(typed: str, stored: str) -> bool:
    """Whether roster wrote the name `typed` otherwise than it was typed, only in its letters' case (roster's
    domain.values.person_name: a name typed all in lower or upper case is stored with each word's first letter
    capital), so that the page says what was stored — spaces and the Unicode form roster cleans aside."""
    written = unicodedata.normalize("NFC", " ".join(typed.split()))
    return bool(written) and stored != written and stored.casefold() == written.casefold()
