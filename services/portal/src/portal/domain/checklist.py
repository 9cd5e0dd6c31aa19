"""The readiness checklist as the Department sets it (the administrator's page): the items of a campaign by sector
in their order, narrowed by words typed (roster filters by sector only; a campaign has a few hundred items at most,
so the portal reads them all and looks for the words itself), and the form that adds or changes one.

Pure: the form's own mistakes are found here (FormInvalid, every one at once); roster judges the rest (a due day
given both ways, a campaign full, the directive on a drill) and says it in both languages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from lichtruc.events_readiness import READINESS_DESCRIPTION_MAX, READINESS_TITLE_MAX
from lichtruc.text import fold

from . import admin as forms
from .dates import VIETNAM, parse_instant

SECTORS = forms.SECTORS
POSITION_STEP = 10
"""The directive's items are numbered 10, 20, 30… in each sector; an item added without a place goes after the last."""
MAX_POSITION = 10_000  # roster's bound


@dataclass(frozen=True)
class Item:
    """A checklist item as the page shows it: both titles (the form changes both), its due instant and the day it is
    due by the end of when it was given as a day."""

    id: str
    sector: str
    title_vi: str
    title_en: str
    description: str
    due_at: datetime
    due_date: date | None
    position: int
    version: int

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> Item:
        day = body.get("due_date")
        return cls(
            id=str(body["id"]),
            sector=str(body["sector"]),
            title_vi=str(body["title_vi"]),
            title_en=str(body["title_en"]),
            description=str(body.get("description") or ""),
            due_at=parse_instant(str(body["due_at"])),
            due_date=date.fromisoformat(day) if day else None,
            position=int(body.get("position") or 0),
            version=int(body["version"]),
        )

    @property
    def due_day(self) -> date | None:
        """The local day it is due by the end of: its due day, or the day before a due time of 00:00 (Vietnam time),
        as the enterprises' checklist says it ("hết ngày …"); None for a due time within a day."""
        if self.due_date is not None:
            return self.due_date
        return self.due_at.date() - timedelta(days=1) if self.due_at.time() == time(0) else None

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en


def matching(items: Iterable[Item], q: str) -> list[Item]:
    """The items whose titles or directive text hold every word of `q` (case and diacritics aside: "nguon dien" finds
    "Nguồn điện dự phòng"), in roster's order (by sector, then place)."""
    words = fold(q).split()
    return [i for i in items if all(w in fold(f"{i.title_vi} {i.title_en} {i.description}") for w in words)]


def next_position(items: Iterable[Item], sector: str) -> int:
    """The place after the last item of `sector` (the first: POSITION_STEP)."""
    return min(max((i.position for i in items if i.sector == sector), default=0) + POSITION_STEP, MAX_POSITION)


@dataclass(frozen=True)
class ItemForm:
    """The add and change form as typed: a due day (its end, Vietnam time) or a due time (a datetime-local value), a
    place in the sector's list (blank: after the last)."""

    sector: str = ""
    title_vi: str = ""
    title_en: str = ""
    description: str = ""
    due_date: str = ""
    due_at: str = ""
    position: str = ""
    version: int | None = None
    as_is: str = ""
    """The due the administrator chose to save as it is though it has passed (the question's answer, `due_typed`)."""

    @classmethod
    def of(cls, item: Item) -> ItemForm:
        """The item's form as the list says its due: a day (given as one, or a due time of 00:00, Vietnam time) in the
        day box, else its time in the time box."""
        day = item.due_day
        return cls(
            item.sector,
            item.title_vi,
            item.title_en,
            item.description,
            day.isoformat() if day else "",
            "" if day else forms.local_input(item.due_at),
            str(item.position),
            item.version,
        )

    @property
    def due_typed(self) -> str:
        """The due as typed, both boxes: what an answer to the question before saving holds (`as_is`)."""
        return f"{self.due_date.strip()} {self.due_at.strip()}".strip()

    def due(self) -> datetime | None:
        """The instant the item is due at as typed: the end of its due day (00:00 the day after, Vietnam time) or its
        due time; None when the boxes give no one due (`body` says why)."""
        day, instant = self.due_date.strip(), self.due_at.strip()
        try:
            if day and not instant:
                return datetime.combine(date.fromisoformat(day) + timedelta(days=1), time(), VIETNAM)
            if instant and not day:
                return forms.wall_clock(instant, "due_at")
        except (ValueError, forms.FormInvalid):
            pass
        return None

    def body(self, *, new: bool, after: Sequence[Item] = ()) -> dict[str, Any]:
        """roster's body (a new item's with its sector; `after`: the campaign's items, for the place of one left
        blank); every mistake the form can see raised at once (FormInvalid)."""
        problems: list[forms.FormProblem | None] = []
        if new and not self.sector:
            problems.append(forms.choose("sector"))
        elif new and self.sector not in SECTORS:
            problems.append(forms.FormProblem("sector", "errors.invalid_choice"))
        for name in ("title_vi", "title_en"):
            text = " ".join(getattr(self, name).split())
            if not text:
                problems.append(forms.FormProblem(name, "errors.required"))
            elif len(text) > READINESS_TITLE_MAX:
                problems.append(forms.too_long(name, text, READINESS_TITLE_MAX))
        if len(self.description.strip()) > READINESS_DESCRIPTION_MAX:
            problems.append(forms.too_long("description", self.description.strip(), READINESS_DESCRIPTION_MAX))
        day, instant = self.due_date.strip(), self.due_at.strip()
        if day and instant:
            problems.append(forms.FormProblem("due_at", "checklist.one_due"))
        elif not day and not instant:
            problems.append(forms.FormProblem("due_date", "checklist.due_required"))
        due: dict[str, Any] = {}
        try:
            due = {"due_date": date.fromisoformat(day).isoformat()} if day else {}
        except ValueError:
            problems.append(forms.FormProblem("due_date", "checklist.day"))
        if instant and not day:
            try:
                due = {"due_at": forms.wall_clock(instant, "due_at").isoformat()}
            except forms.FormInvalid as exc:
                problems.extend(exc.problems)
        position = self.position.strip()
        if position and not (position.isdigit() and int(position) <= MAX_POSITION):
            problems.append(forms.FormProblem("position", "checklist.position_invalid", (("max", MAX_POSITION),)))
        forms.problems_of(*problems)
        place = int(position) if position else next_position(after, self.sector)
        body: dict[str, Any] = {
            "title_vi": " ".join(self.title_vi.split()),
            "title_en": " ".join(self.title_en.split()),
            "description": self.description.strip(),
            "position": place,
            **due,
        }
        return {"sector": self.sector, **body} if new else body


# --- an item added after its due ------------------------------------------------------------------
# Added (or moved) to a due that has passed, an item is overdue at once and each enterprise of its sector has its
# managers mailed so on notifier's next sweep: the page asks first, as it does before seeding the directive's items.


def overdue_at_once(due_at: datetime, now: datetime) -> bool:
    """The one rule the page asks by: an item due at or before `now` is overdue as soon as it is saved."""
    return due_at <= now


@dataclass(frozen=True)
class DueQuestion:
    """What the page asks before saving one item whose due has passed: the item named as typed, and its due."""

    title_vi: str
    title_en: str
    due_at: datetime
    due_day: date | None
    """The day it is due by the end of (as the list says it), None for a due time within a day."""
    answer: str
    """The due as typed (`ItemForm.due_typed`), which "save it as it is" carries back: another due asks again."""

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en


def due_question(form: ItemForm, *, now: datetime, new: bool, saved: ItemForm | None = None) -> DueQuestion | None:
    """The question before saving `form` when its due has passed (`overdue_at_once`); None — save it — when the form
    has mistakes (said first, the question after), when its due has not passed, when the administrator answered
    for this very due ("as it is"), or when a change keeps the due the item has (`saved`: it as saved)."""
    try:
        form.body(new=new)
    except forms.FormInvalid:
        return None
    due = form.due()
    if due is None or not overdue_at_once(due, now) or form.as_is == form.due_typed:
        return None
    if saved is not None and saved.due_typed == form.due_typed:
        return None
    day = form.due_date.strip()
    local = due.astimezone(VIETNAM)
    due_day = date.fromisoformat(day) if day else local.date() - timedelta(days=1) if local.time() == time(0) else None
    title_vi, title_en = " ".join(form.title_vi.split()), " ".join(form.title_en.split())
    return DueQuestion(title_vi, title_en, due, due_day, form.due_typed)


# --- the directive's items added after their due day ---------------------------------------------
# Seeded on a campaign already under way, every item would be overdue at once and each enterprise's managers told so
# on notifier's next sweep: the page asks first, offering a new due day (a few days ahead, within the campaign) or
# the due day as it is.

SEED_DAYS_AHEAD = 3
SEED_NAMED = 10
"""The question names this many of the items' titles, then says how many more (the directive has ten)."""


@dataclass(frozen=True)
class SeedQuestion:
    """What the page asks before adding the directive's items that would be overdue at once."""

    count: int
    """How many items would be added overdue."""
    since: Item
    """The earliest due of them (its day, or its time, as the list says it)."""
    suggested: date
    """The new due day offered."""
    today: date
    last_day: date
    """The campaign's last local day: a new due day after it is refused."""
    titles: tuple[Item, ...] = ()
    """One item of each title among them (a directive item is one per sector), in roster's order: what is named."""


def _in_sector_order(item: Item) -> tuple[int, int]:
    return (SECTORS.index(item.sector) if item.sector in SECTORS else len(SECTORS), item.position)


def seed_question(items: Sequence[Item], *, now: datetime, today: date, last_day: date) -> SeedQuestion | None:
    """The question when some of the directive's `items` (those a seed would add) are due at or before `now`; None
    when none is (then they are added without asking)."""
    late = sorted((i for i in items if overdue_at_once(i.due_at, now)), key=lambda i: i.due_at)
    if not late:
        return None
    suggested = max(today, min(today + timedelta(days=SEED_DAYS_AHEAD), last_day))
    named: dict[str, Item] = {}
    for item in sorted(late, key=_in_sector_order):
        named.setdefault(item.title_vi, item)
    return SeedQuestion(len(late), late[0], suggested, today, last_day, tuple(named.values()))


def new_due_day(typed: str, *, today: date, last_day: date) -> date:
    """The new due day typed for the directive's items: a day (YYYY-MM-DD, as a date box sends it), from today to the
    campaign's last day (FormInvalid on `due_date` naming the bound, else)."""
    try:
        day = date.fromisoformat(typed.strip())
    except ValueError:
        raise forms.FormInvalid([forms.FormProblem("due_date", "checklist.seed_day")]) from None
    if day < today:
        raise forms.FormInvalid([forms.FormProblem("due_date", "checklist.seed_past", (("today", today),))])
    if day > last_day:
        raise forms.FormInvalid([forms.FormProblem("due_date", "checklist.seed_after", (("last", last_day),))])
    return day
