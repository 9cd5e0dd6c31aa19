"""The readiness checklist before Tết as audit knows it from the log: the Department's items per
campaign and sector, each enterprise's mark on them, and the province-wide view for inspectors —
per enterprise × item, done (when, note, reference) / open / overdue as of `now`, with a summary per
enterprise; and each readiness event in words, for an enterprise's history (`describe`). Pure: the clock
comes in as `now`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from lichtruc import vntime
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
)
from lichtruc.text import sort_key

from . import wording
from .obligations import owes

Status = Literal["done", "open", "overdue"]
_MARKS = uuid.UUID("6f1d7c52-3a0e-4d55-9a63-0c2b1f7e9a11")


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    item_id: str
    campaign_id: str
    sector: str
    title_vi: str
    title_en: str
    description: str
    due_at: datetime
    due_date: str | None
    """The local day it is due by (ISO), when set as a day; `due_at` is then that day's end."""
    position: int
    removed: bool
    version: int
    updated_seq: int


@dataclass(frozen=True, slots=True)
class ReadinessMark:
    mark_id: str
    """uuid5 of (item, enterprise): one mark per item per enterprise."""
    item_id: str
    campaign_id: str
    enterprise_id: str
    done: bool
    note: str
    reference: str
    done_at: datetime | None
    done_by: str | None
    version: int
    updated_seq: int


def mark_id(item_id: object, enterprise_id: object) -> str:
    return str(uuid.uuid5(_MARKS, f"{item_id}/{enterprise_id}"))


def apply_item(
    current: ReadinessItem | None, data: ReadinessItemDefined | ReadinessItemRemoved, *, seq: int
) -> ReadinessItem | None:
    """The item after a Defined/Updated/Removed event; None when the event is stale."""
    if current is not None and data.version <= current.version:
        return None
    if isinstance(data, ReadinessItemRemoved):
        if current is None:  # removed before audit heard of it: nothing to show
            return None
        return ReadinessItem(
            current.item_id,
            current.campaign_id,
            current.sector,
            current.title_vi,
            current.title_en,
            current.description,
            current.due_at,
            current.due_date,
            current.position,
            True,
            data.version,
            seq,
        )
    return ReadinessItem(
        str(data.item_id),
        str(data.campaign_id),
        data.sector,
        data.title_vi,
        data.title_en,
        data.description,
        data.due_at.astimezone(UTC),
        data.due_date.isoformat() if data.due_date else None,
        data.position,
        False,
        data.version,
        seq,
    )


def apply_mark(
    current: ReadinessMark | None, data: ReadinessItemCompleted | ReadinessItemReopened, *, seq: int
) -> ReadinessMark | None:
    """The enterprise's mark after a Completed/Reopened event; None when the event is stale."""
    if current is not None and data.version <= current.version:
        return None
    ident = mark_id(data.item_id, data.enterprise_id)
    if isinstance(data, ReadinessItemCompleted):
        return ReadinessMark(
            ident,
            str(data.item_id),
            str(data.campaign_id),
            str(data.enterprise_id),
            True,
            data.note,
            data.reference,
            data.done_at.astimezone(UTC),
            data.actor,
            data.version,
            seq,
        )
    return ReadinessMark(
        ident,
        str(data.item_id),
        str(data.campaign_id),
        str(data.enterprise_id),
        False,
        data.note,
        current.reference if current else "",
        None,
        None,
        data.version,
        seq,
    )


def due_day(item: ReadinessItem) -> date:
    """The local day an item is due by: the day set, else the day its due instant falls in (an end of day counts for
    the day before), as notifier reads it."""
    if item.due_date is not None:
        return date.fromisoformat(item.due_date)
    return vntime.local_day(item.due_at - timedelta(microseconds=1))


def status_of(item: ReadinessItem, mark: ReadinessMark | None, now: datetime) -> Status:
    if mark is not None and mark.done:
        return "done"
    return "overdue" if now >= item.due_at else "open"


@dataclass(frozen=True)
class Line:
    item: ReadinessItem
    mark: ReadinessMark | None
    status: Status
    event_id: str | None = None
    """The logged event of the mark (its latest completion or reopening), what proves it; the handler reads
    it from the log."""
    done_by_name: str | None = None
    """The display name of the account that marked it done (`mark.done_by` is its login), as it was called
    then; None when not done or no account event names that login. The handler reads it from the log."""
    not_owed_before: date | None = None
    """Set when the enterprise does not owe the item (due before the day it owes from: that day): listed, never
    overdue, counted only when done (QZ14 #3)."""


@dataclass(frozen=True)
class EnterpriseReadiness:
    """One enterprise's checklist (the lines the filter kept) and the counts of the whole of it."""

    enterprise_id: str
    name: str
    sector: str
    lines: list[Line]
    done: int
    overdue: int
    open: int
    obligations_from: date | None = None
    """The day it owes readiness items from (the Department's `obligations_from`), None: it owes every item."""

    @property
    def total(self) -> int:
        return self.done + self.overdue + self.open


def _line(item: ReadinessItem, mark: ReadinessMark | None, now: datetime, not_owed_before: date | None) -> Line:
    """An item as the enterprise stands on it; one it does not owe (`not_owed_before` set) is never overdue."""
    status = status_of(item, mark, now)
    return Line(item, mark, "open" if status == "overdue" and not_owed_before else status, None, None, not_owed_before)


def overview(
    *,
    items: Iterable[ReadinessItem],
    enterprises: Iterable[tuple[str, str, str]],
    marks: Iterable[ReadinessMark],
    now: datetime,
    status: Status | None = None,
    owes_from: Mapping[str, date] | None = None,
) -> list[EnterpriseReadiness]:
    """Every enterprise (id, name, sector) × the items of its sector, as of `now`; with `status`, only
    the lines of that status, and only the enterprises that have one. By enterprise name (in the Vietnamese
    alphabet, lichtruc.text.sort_key). An item an enterprise does not owe (due before its day in `owes_from`, by
    enterprise id: `obligations.owes`) is on its checklist flagged (`Line.not_owed_before`), never overdue, and
    counted only when marked done (QZ14 #3)."""
    owes_from = owes_from or {}
    by_sector: dict[str, list[ReadinessItem]] = {}
    for item in sorted(items, key=lambda i: (i.position, i.title_vi, i.item_id)):
        if not item.removed:
            by_sector.setdefault(item.sector, []).append(item)
    marked = {(m.item_id, m.enterprise_id): m for m in marks}
    out = []
    for enterprise_id, name, sector in sorted(enterprises, key=lambda e: (sort_key(e[1]), e[0])):
        day = owes_from.get(enterprise_id)
        every = [
            _line(i, m, now, None if owes(day, due_day(i)) else day)
            for i in by_sector.get(sector, [])
            for m in [marked.get((i.item_id, enterprise_id))]
        ]
        if not every:
            continue
        counted = [x for x in every if x.status == "done" or x.not_owed_before is None]
        counts = {s: sum(1 for x in counted if x.status == s) for s in ("done", "overdue", "open")}
        kept = [x for x in every if status is None or x.status == status]
        if status is not None and not kept:
            continue
        out.append(
            EnterpriseReadiness(
                enterprise_id, name, sector, kept, counts["done"], counts["overdue"], counts["open"], day
            )
        )
    return out


# ------------------------------------------------------------------------------ in words


def _due(data: Mapping[str, Any]) -> tuple[str, str]:
    """When an item is due: by the end of its day, or at its instant."""
    if data.get("due_date"):
        en, vi = wording.day(data["due_date"])
        return f"due by the end of {en}", f"hạn hết ngày {vi}"
    en, vi = wording.instant(data.get("due_at"))
    return f"due {en}", f"hạn {vi}"


def describe(what: str, data: Mapping[str, Any], *, items: Mapping[str, ReadinessItem]) -> tuple[str, str] | None:
    """A readiness event in words (English, Vietnamese): the item by its title — the event's, else the
    one audit knows (`items` by id: a removal names no title, an enterprise's mark names it in
    Vietnamese only) — its sector, due time, and an enterprise's note. None if not a readiness event."""
    if not what.startswith("readiness_item."):
        return None
    known = items.get(str(data.get("item_id")))
    title_vi = str(data.get("title_vi") or (known.title_vi if known else ""))
    title_en = str(data.get("title_en") or (known.title_en if known else "") or title_vi)
    sector_en, sector_vi = wording.code("sector", data.get("sector"))
    item_en = f"Readiness item “{title_en}”" if title_en else f"A readiness item for {sector_en}"
    item_vi = (
        f"mục kiểm tra sẵn sàng “{title_vi}”" if title_vi else f"một mục kiểm tra sẵn sàng của lĩnh vực {sector_vi}"
    )
    note = wording.text(data, "note")
    if what in ("readiness_item.defined", "readiness_item.updated"):
        due_en, due_vi = _due(data)
        verb_en, verb_vi = ("added", "Thêm") if what == "readiness_item.defined" else ("changed", "Sửa")
        return (
            f"{item_en} {verb_en} for {sector_en}, {due_en}",
            f"{verb_vi} {item_vi} cho lĩnh vực {sector_vi}, {due_vi}",
        )
    if what == "readiness_item.removed":
        if not title_vi:  # the item's name says its sector already
            return f"{item_en} removed", f"Bỏ {item_vi}"
        return f"{item_en} removed ({sector_en})", f"Bỏ {item_vi} (lĩnh vực {sector_vi})"
    if what == "readiness_item.completed":
        reference = wording.text(data, "reference")
        en, vi = f"{item_en} marked done", f"Đánh dấu đã xong {item_vi}"
        if note:
            en, vi = f"{en}: {note}", f"{vi}: {note}"
        if reference:
            en, vi = f"{en}; reference: {reference}", f"{vi}; số văn bản / đường dẫn: {reference}"
        return en, vi
    if what == "readiness_item.reopened":
        en, vi = f"{item_en} reopened", f"Mở lại {item_vi}"
        return (f"{en}: {note}", f"{vi}: {note}") if note else (en, vi)
    return None
