"""People behind staff records: one person may work for several enterprises (a staff record at
each). Records are linked — they share a person id, so that nobody is double-booked across
enterprises — when a new record very likely names someone already registered."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from lichtruc.text import fold, phone_number

from .errors import Conflict
from .values import person_name


@dataclass(frozen=True)
class PersonRecord:
    """What identifies a registered staff record."""

    staff_id: uuid.UUID
    person_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str
    full_name: str
    email: str | None
    phone: str | None
    national_id: str | None


def phone_key(phone: str | None) -> str | None:
    """+84 912 345 678, 84912345678 and 0912345678 are one number (`phone_number`'s national form; a number stored
    before it was, +84…, is found by it too)."""
    if not phone:
        return None
    return phone_number(phone) or phone


def records_naming(
    records: Iterable[PersonRecord], *, email: str | None, phone: str | None, national_id: str | None
) -> list[PersonRecord]:
    """Of `records`, in their order, those sharing the e-mail, the phone number (+84 or 0) or the
    national ID number: what `StaffRepository.person_records` reads for one row, from what
    `person_records_of` read for a whole file. The rule, plainly; an import asks `PersonIndex`, which
    answers the same (the tests hold them equal) without going through every record."""
    key = phone_key(phone)
    return [
        r
        for r in records
        if (email and r.email == email)
        or (key and phone_key(r.phone) == key)
        or (national_id and r.national_id == national_id)
    ]


class PersonIndex:
    """Records looked up by e-mail, phone number (+84 or 0) and national ID number: `naming` answers
    what `records_naming` answers over all of them, in their order, without going through them all
    (an import matched each of its rows against every record, those its earlier rows registered
    among them: millions of comparisons for 2,000 rows). Records are known by their staff id."""

    def __init__(self, records: Iterable[PersonRecord] = ()) -> None:
        self._records: dict[uuid.UUID, tuple[int, PersonRecord]] = {}  # staff id → (place, record)
        self._holding: dict[tuple[str, str], set[uuid.UUID]] = {}  # (kind, value) → staff ids
        for record in records:
            self.add(record)

    def add(self, record: PersonRecord) -> None:
        """A record more (after those there), or a new state of one there (in its place)."""
        known = self._records.get(record.staff_id)
        if known is not None:
            for key in _keys(known[1].email, known[1].phone, known[1].national_id):
                self._holding[key].discard(record.staff_id)
        place = known[0] if known is not None else len(self._records)
        self._records[record.staff_id] = (place, record)
        for key in _keys(record.email, record.phone, record.national_id):
            self._holding.setdefault(key, set()).add(record.staff_id)

    def replace(self, record: PersonRecord) -> None:
        """The new state of a record, if it is there (else nothing)."""
        if record.staff_id in self._records:
            self.add(record)

    def naming(self, *, email: str | None, phone: str | None, national_id: str | None) -> list[PersonRecord]:
        """`records_naming` over the records, in their order."""
        found: set[uuid.UUID] = set()
        for key in _keys(email, phone, national_id):
            found |= self._holding.get(key, set())
        return [record for _, record in sorted(self._records[i] for i in found)]


def _keys(email: str | None, phone: str | None, national_id: str | None) -> list[tuple[str, str]]:
    key = phone_key(phone)
    return [
        *((("email", email),) if email else ()),
        *((("phone", key),) if key else ()),
        *((("national_id", national_id),) if national_id else ()),
    ]


@dataclass(frozen=True)
class Match:
    record: PersonRecord
    by: str  # "national_id" | "email" | "phone"


_BY = {
    "national_id": ("national ID number", "số CCCD"),
    "email": ("name and e-mail", "họ tên và email"),
    "phone": ("name and phone number", "họ tên và số điện thoại"),
}


def same_person(
    *, full_name: str, email: str | None, phone: str | None, national_id: str | None, records: Iterable[PersonRecord]
) -> Match | None:
    """The registered record the new one most likely is the same person as: same national ID
    number (unless both have different ones); else the same e-mail and name (one person has one
    e-mail at every enterprise; an e-mail under another name is someone else's, and refused); else
    the same name and phone number (a phone shared by two names — a family's, an office's — is not
    a match)."""
    best: Match | None = None
    rank = {"national_id": 0, "email": 1, "phone": 2}
    for r in records:
        if national_id and r.national_id and national_id != r.national_id:
            continue
        by = None
        if national_id and r.national_id == national_id:
            by = "national_id"
        elif email and r.email == email and fold(full_name) == fold(r.full_name):
            by = "email"
        elif phone_key(phone) and phone_key(phone) == phone_key(r.phone) and fold(full_name) == fold(r.full_name):
            by = "phone"
        if by and (best is None or rank[by] < rank[best.by]):
            best = Match(r, by)
    return best


def email_shared_with_another(
    email: str | None,
    person_id: uuid.UUID | None,
    enterprise_id: uuid.UUID,
    records: Iterable[PersonRecord],
    *,
    own: uuid.UUID | None = None,
) -> PersonRecord | None:
    """The record that keeps a record of `person_id` at `enterprise_id` from having this e-mail:
    one of another person, or another record of the same enterprise. Records of one person at
    several enterprises share their e-mail."""
    if not email:
        return None
    for r in records:
        if r.email == email and r.staff_id != own and (r.person_id != person_id or r.enterprise_id == enterprise_id):
            return r
    return None


def already_listed(
    holder: PersonRecord | None, *, full_name: str, enterprise_id: uuid.UUID, field: str = "email"
) -> Conflict | None:
    """The 409 for a person added again: the record holding the e-mail is of the same enterprise and under the same
    name (`fold`: case, accents and spaces aside) — this person is already in its list, and is edited there, not
    added again (whose record it is, `staff_id`, lets a page link to it). None for any other holder: the e-mail is
    then someone else's."""
    if holder is None or holder.enterprise_id != enterprise_id or fold(holder.full_name) != fold(full_name):
        return None
    where = holder.enterprise_name or "this enterprise"
    where_vi = holder.enterprise_name or "doanh nghiệp này"
    return Conflict(
        field,
        "staff-already-listed",
        f"{holder.full_name} is already in the staff list of {where}, with the e-mail {holder.email}: open their "
        "record to change it rather than adding them again.",
        f"{holder.full_name} đã có trong danh sách nhân sự của {where_vi}, với email {holder.email}: hãy mở hồ sơ "
        "đó để sửa thay vì thêm lại.",
        staff_id=str(holder.staff_id),
        full_name=holder.full_name,
        enterprise_name=holder.enterprise_name,
    )


@dataclass(frozen=True)
class LikelyDuplicate:
    """The warning a registration answers with when it was linked to an existing record."""

    staff_id: uuid.UUID
    linked_staff_id: uuid.UUID
    person_id: uuid.UUID
    enterprise_id: uuid.UUID
    matched_by: str
    message: str
    message_vi: str
    rule: str = "likely-duplicate"
    enterprise_name: str = ""

    def as_row_warning(self) -> dict[str, str]:
        """The warning as an import report's row carries it (ids as text)."""
        return {
            "rule": self.rule,
            "message": self.message,
            "message_vi": self.message_vi,
            "matched_by": self.matched_by,
            "linked_staff_id": str(self.linked_staff_id),
            "person_id": str(self.person_id),
            "enterprise_id": str(self.enterprise_id),
            "enterprise_name": self.enterprise_name,
        }


@dataclass(frozen=True)
class ShiftAtRisk:
    """The warning a staff change answers with for each upcoming shift the person may no longer
    work (`rule`: staff-active or qualified); the shift is left as it is."""

    rule: str
    staff_id: uuid.UUID
    shift_id: uuid.UUID
    message: str
    message_vi: str


@dataclass(frozen=True)
class NameCapitalised:
    """The note of a name typed all in lower or all in upper case and written with each word's first letter capital
    (domain.values.person_name): the person saving it is told what was stored, and how it was typed."""

    typed: str
    full_name: str
    staff_id: uuid.UUID | None = None  # None: a row of an import not yet stored
    rule: str = "name-capitalised"

    @property
    def message(self) -> str:
        return f"Written with each word's first letter capital: {self.full_name} (typed “{self.typed}”)."

    @property
    def message_vi(self) -> str:
        return f"Đã viết hoa chữ cái đầu: {self.full_name} (đã gõ “{self.typed}”)."


def name_capitalised(typed: str, *, staff_id: uuid.UUID | None = None) -> NameCapitalised | None:
    """The note for `typed` when `person_name` writes it otherwise; None when it is kept as typed."""
    written = person_name(typed)
    return None if written == typed else NameCapitalised(typed, written, staff_id)


StaffNote = LikelyDuplicate | ShiftAtRisk | NameCapitalised


def likely_duplicate_note(
    staff_id: uuid.UUID,
    full_name: str,
    match: Match,
    *,
    planned: bool = False,
    enterprise_id: uuid.UUID | None = None,
) -> LikelyDuplicate:
    """The warning a registration answers with when it was linked to an existing record (`planned`:
    an import's dry run, where it will be). `enterprise_id`: the new record's; a match of the same enterprise is
    said to be one (a second record of it for one person), not one of two enterprises."""
    r = match.record
    by_en, by_vi = _BY[match.by]
    are, are_vi = ("will be", "sẽ được") if planned else ("are", "được")
    if r.enterprise_id == enterprise_id:
        message = (
            f"{full_name} is very likely {r.full_name}, already registered at {r.enterprise_name} (same {by_en}): "
            f"this makes a second record of {r.enterprise_name} for that person; the two records {are} linked. "
            "If it is the same person, give the row that record's e-mail (or none) so that it updates it; if they "
            "are two people, correct the record."
        )
        message_vi = (
            f"{full_name} rất có thể là {r.full_name}, đã có hồ sơ tại {r.enterprise_name} (trùng {by_vi}): "
            f"đây là hồ sơ thứ hai của {r.enterprise_name} cho cùng một người; hai hồ sơ {are_vi} liên kết. Nếu là "
            "cùng một người, hãy ghi email của hồ sơ đó (hoặc để trống) để cập nhật hồ sơ; nếu là hai người khác "
            "nhau, hãy sửa lại hồ sơ."
        )
    else:
        message = (
            f"{full_name} is very likely the same person as {r.full_name} of {r.enterprise_name} (same "
            f"{by_en}): the two records {are} linked, so this person cannot be booked on overlapping shifts "
            "at both enterprises. If they are two people, correct the record."
        )
        message_vi = (
            f"{full_name} rất có thể là cùng một người với {r.full_name} của {r.enterprise_name} (trùng "
            f"{by_vi}): hai hồ sơ {are_vi} liên kết, người này không thể được xếp hai ca trùng giờ ở hai "
            "doanh nghiệp. Nếu là hai người khác nhau, hãy sửa lại hồ sơ."
        )
    return LikelyDuplicate(
        staff_id=staff_id,
        linked_staff_id=r.staff_id,
        person_id=r.person_id,
        enterprise_id=r.enterprise_id,
        matched_by=match.by,
        enterprise_name=r.enterprise_name,
        message=message,
        message_vi=message_vi,
    )
