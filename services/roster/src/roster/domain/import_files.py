"""The staff list and the roster written as the files the imports read, for a round trip: download, edit in Excel,
import. Each file has the import's own columns (the Vietnamese headers of the portal's template, which
`imports.STAFF_COLUMNS` and `imports.SHIFT_COLUMNS` accept) and one row per person or shift, each cell written as
the import reads it back, so that a file imported unchanged changes nothing ("không đổi" on every row).

Values are text (the writer keeps ids, phone numbers and CCCD numbers as Text cells: Excel would drop their leading
zeros); names are ordered as Vietnamese lists are (`lichtruc.text.sort_key`)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from lichtruc.text import fold, sort_key
from lichtruc.vntime import local
from lichtruc.words import name as word_for

from .reference import StaffMember
from .shifts import Shift

STAFF_HEADER: tuple[str, ...] = (
    "Họ và tên",
    "Email",
    "Số điện thoại",
    "Chuyên môn",
    "Đang hoạt động",
    "Ngôn ngữ",
    "Số CCCD",
)
STATUS_HEADER = "Trạng thái"
SHIFT_HEADER: tuple[str, ...] = (
    "Ngày",
    "Loại trực",
    "Bắt đầu",
    "Kết thúc",
    "Địa điểm",
    "Người trực",
    "Ghi chú",
    STATUS_HEADER,
)
"""The roster's columns: the shift import's, and last whether the shift is a draft (QZ8: a sheet printed or passed on
read its drafts as the roster) — a column the import knows and does not read (`imports.SHIFT_COLUMNS`: publishing
is the board's)."""
STATUS_SAID = {
    "vi": {"draft": "Nháp — chưa công bố", "published": "Đã công bố"},
    "en": {"draft": "Draft — not published", "published": "Published"},
}
TEXT_HEADERS = frozenset({"Email", "Số điện thoại", "Số CCCD", "Ngày", "Bắt đầu", "Kết thúc"})
"""The columns written as Text cells: digits with leading zeros, and dates and times Excel would otherwise turn into
numbers shown in the reader's locale."""
LANGUAGES = {"vi": "Tiếng Việt", "en": "Tiếng Anh"}


def staff_rows(members: Iterable[StaffMember]) -> list[list[str]]:
    """One row per staff record in `STAFF_HEADER`'s columns, in Vietnamese name order (then by e-mail)."""
    ordered = sorted(members, key=lambda m: (sort_key(m.full_name), m.email or "", str(m.id)))
    return [
        [
            m.full_name,
            m.email or "",
            m.phone or "",
            "; ".join(word_for("qualification", q, "vi") for q in sorted(m.qualifications)),
            "Có" if m.active else "Không",
            LANGUAGES.get(m.language, m.language),
            m.national_id or "",
        ]
        for m in ordered
    ]


@dataclass(frozen=True)
class StaffFilter:
    """The staff list's filters a download of it follows (the portal's list: a qualification, at work or not, part
    of the name); none set: the enterprise's whole list."""

    qualification: str | None = None
    active: bool | None = None
    q: str | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.qualification or self.active is not None or self.q)

    def words(self) -> tuple[str, ...]:
        """The filters in Vietnamese, as the file's name says them and the portal's list labels them ("tên có
        “nguyen”", "Kỹ thuật", "đang làm việc" or "ngừng trực"); none for the whole list."""
        said = [f"tên có “{self.q}”"] if self.q else []
        if self.qualification:
            said.append(word_for("qualification", self.qualification, "vi"))
        if self.active is not None:
            said.append("đang làm việc" if self.active else "ngừng trực")
        return tuple(said)


def people_written(people: Sequence[tuple[uuid.UUID, str, str | None]]) -> dict[uuid.UUID, str]:
    """How the shift file names each person of the enterprise (id, full name, e-mail): by name, which the import
    finds when no one else of the enterprise has it (diacritics, case and spacing aside), else by e-mail."""
    names = Counter(fold(name) for _, name, _ in people)
    return {staff_id: name if names[fold(name)] == 1 or not email else email for staff_id, name, email in people}


def shift_rows(
    shifts: Iterable[Shift], *, people: Mapping[uuid.UUID, str], sites: Mapping[uuid.UUID, str], lang: str = "vi"
) -> list[list[str]]:
    """One row per shift (not cancelled) in `SHIFT_HEADER`'s columns, by start, duty and site: the day, the start's
    and end's times (the end as a date and time when the shift ends more than a day after it starts, which a time
    alone cannot say), the site's name, the people as `people` writes them, and whether it is a draft (in `lang`):
    "Nháp — chưa công bố" beside a shift nobody was told of, "Đã công bố" beside the others."""
    said = STATUS_SAID.get(lang, STATUS_SAID["vi"])
    kept = [s for s in shifts if s.status != "cancelled"]
    kept.sort(key=lambda s: (s.starts_at, s.duty_type, sort_key(sites.get(s.site_id, "") if s.site_id else ""), s.id))
    rows = []
    for s in kept:
        start, end = local(s.starts_at), local(s.ends_at)
        within_a_day = timedelta(0) < end - start <= timedelta(days=1)
        rows.append(
            [
                f"{start:%d/%m/%Y}",
                word_for("duty_type", s.duty_type, "vi"),
                f"{start:%H:%M}",
                f"{end:%H:%M}" if within_a_day else f"{end:%d/%m/%Y %H:%M}",
                sites.get(s.site_id, "") if s.site_id else "",
                "; ".join(people.get(a.staff_id, a.full_name) for a in s.assignees),
                s.notes or "",
                said["draft" if s.status == "draft" else "published"],
            ]
        )
    return rows


def drafts_line(shifts: Iterable[Shift], *, lang: str = "vi") -> str:
    """The roster file's first line, above its header: how many of its shifts (not cancelled) are drafts — not
    published, nobody told — and where they are marked, so that a sheet printed or passed on does not pass them as
    the roster (QZ8); that there are none, when so. The import reads the header below it (`locate_columns`)."""
    count = sum(1 for s in shifts if s.status == "draft")
    if lang == "en":
        if not count:
            return "No drafts: every shift in this file is published."
        shifts_said = "1 draft shift" if count == 1 else f"{count} draft shifts"
        return (
            f"{shifts_said} in this file — not published, nobody told: marked “Draft — not published” in the "
            f"“{STATUS_HEADER}” column. Publish them on the board before passing this sheet on as the roster."
        )
    if not count:
        return "Không có ca nháp: mọi ca trong tệp đã công bố."
    return (
        f"Tệp có {count} ca nháp — chưa công bố, chưa báo cho ai: ghi “Nháp — chưa công bố” ở cột “{STATUS_HEADER}”. "
        "Hãy công bố trên bảng trực trước khi gửi bảng này đi như lịch trực."
    )


# --- a shift row that is a stored shift --------------------------------------------------------------


@dataclass(frozen=True)
class RowOfShift:
    """A shift row read whole, as the import found its names: what it is matched to a stored shift by."""

    row: int
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    site_id: uuid.UUID | None
    staff_ids: tuple[uuid.UUID, ...]
    notes: str | None


@dataclass(frozen=True)
class StoredMatch:
    """The stored shift a row is, and what the row changes in it (nothing: "unchanged")."""

    shift: Shift
    changes: tuple[dict[str, object], ...] = ()


def _site_words(site_id: uuid.UUID | None, sites: Mapping[uuid.UUID, str], lang: str) -> str:
    if site_id is None:
        return "—" if lang == "vi" else "(none)"
    return sites.get(site_id, str(site_id))


def _shift_changes(shift: Shift, row: RowOfShift, sites: Mapping[uuid.UUID, str]) -> tuple[dict[str, object], ...]:
    changes: list[dict[str, object]] = []
    if row.site_id != shift.site_id:
        changes.append(
            {
                "field": "site",
                "before": sites.get(shift.site_id) if shift.site_id else None,
                "after": sites.get(row.site_id) if row.site_id else None,
                "message": f"Site: {_site_words(shift.site_id, sites, 'en')} → {_site_words(row.site_id, sites, 'en')}",
                "message_vi": f"Địa điểm: {_site_words(shift.site_id, sites, 'vi')} → "
                f"{_site_words(row.site_id, sites, 'vi')}",
            }
        )
    if (row.notes or None) != (shift.notes or None):
        changes.append(
            {
                "field": "notes",
                "before": shift.notes,
                "after": row.notes,
                "message": f"Notes: {shift.notes or '(none)'} → {row.notes or '(none)'}",
                "message_vi": f"Ghi chú: {shift.notes or '—'} → {row.notes or '—'}",
            }
        )
    return tuple(changes)


def stored_matches(
    rows: Iterable[RowOfShift], stored: Iterable[Shift], *, sites: Mapping[uuid.UUID, str]
) -> dict[int, StoredMatch]:
    """The rows of a shift file that are shifts already stored (not cancelled), by row: a row is the shift of the
    same duty, start, end and people (in any order) — the shift the roster file wrote it from —, the one with the
    same site and notes too when several are (then "unchanged"); otherwise it changes that shift's site or notes
    (`changes`, in words). Each stored shift is one row's at most: a second row like it is a new shift (which the
    double-booking rule then refuses, its people being on the first). Other rows are new shifts."""
    free = [s for s in stored if s.status != "cancelled"]
    matched: dict[int, StoredMatch] = {}
    taken: set[uuid.UUID] = set()
    pending = list(rows)

    def same_shift(s: Shift, r: RowOfShift) -> bool:
        return (
            s.id not in taken
            and s.duty_type == r.duty_type
            and s.starts_at == r.starts_at
            and s.ends_at == r.ends_at
            and sorted(map(str, (a.staff_id for a in s.assignees))) == sorted(map(str, r.staff_ids))
        )

    for exact in (True, False):  # the unchanged rows first: a row's edit never takes another row's shift
        for r in pending:
            if r.row in matched:
                continue
            found = next(
                (s for s in free if same_shift(s, r) and (not exact or not _shift_changes(s, r, sites))),
                None,
            )
            if found is not None:
                taken.add(found.id)
                matched[r.row] = StoredMatch(found, _shift_changes(found, r, sites))
    return matched
