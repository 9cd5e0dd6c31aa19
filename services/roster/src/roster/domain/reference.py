"""Reference vocabulary: duty types (lichtruc.duty_types), qualifications, sectors, languages — their names in
Vietnamese and English, and how a spreadsheet may spell them."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

# The duty-type vocabulary (names, qualification, spreadsheet aliases) lives in lichtruc.duty_types.
from lichtruc.duty_types import DUTY_BY_KEY as DUTY_BY_KEY
from lichtruc.duty_types import DUTY_TYPE_KEYS as DUTY_TYPE_KEYS
from lichtruc.duty_types import DUTY_TYPES as DUTY_TYPES
from lichtruc.duty_types import DutyType as DutyType
from lichtruc.text import TONE_MARKS, fold, sort_key

from .errors import Conflict, RuleViolation

QUALIFICATIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "leader": ("Lãnh đạo", "Leader", ("lãnh đạo", "leader", "ld", "quản lý")),
    "operator": ("Điều hành", "Operator", ("điều hành", "vận hành", "operator", "dh")),
    "technician": ("Kỹ thuật", "Technician", ("kỹ thuật", "kĩ thuật", "kỹ thuật viên", "ứng cứu", "technician", "kt")),
    "guard": ("Bảo vệ", "Guard", ("bảo vệ", "tuần tra", "guard", "bv")),
}

SECTORS = {
    "postal": ("Bưu chính", "Postal"),
    "telecom": ("Viễn thông", "Telecommunications"),
    "internet": ("Internet", "Internet"),
    "television": ("Phát thanh, truyền hình", "Radio and television"),
}


_DUTY_ALIASES = {fold(alias): d.key for d in DUTY_TYPES for alias in (d.key, d.name_vi, d.name_en, *d.aliases)}
_QUALIFICATION_ALIASES = {
    fold(alias): key for key, (vi, en, aliases) in QUALIFICATIONS.items() for alias in (key, vi, en, *aliases)
}


def parse_duty_type(text: str) -> str | None:
    """The duty type key a spreadsheet cell means ("Trực lãnh đạo", "lanh dao", "leadership"), or None."""
    return _DUTY_ALIASES.get(fold(text))


def parse_qualification(text: str) -> str | None:
    """The qualification key a word means ("Kỹ thuật", "technician"), or None."""
    return _QUALIFICATION_ALIASES.get(fold(text))


def split_list(text: str) -> list[str]:
    """Items of a cell listing several values ("a@x.vn; b@x.vn", "Lãnh đạo, Điều hành")."""
    return [part.strip() for part in re.split(r"[;,\n|]+", text) if part.strip()]


def name_key(name: str) -> str:
    """What makes two enterprises' (or one enterprise's two sites') names the same name: case and
    spacing aside, and where a syllable's tone mark sits ("Hòa" and "Hoà", the two placements people
    type), so that "VNPT Long An" and "  vnpt long an " are one name. The letters and the tones
    themselves count: "Tân Hòa" and "Tân Hóa" are two places, as are "Long An" and "Lòng Án"."""
    words = []
    for word in unicodedata.normalize("NFD", name.casefold()).split():
        tone = next((TONE_MARKS[c] for c in word if c in TONE_MARKS), "0")
        bare = unicodedata.normalize("NFC", "".join(c for c in word if c not in TONE_MARKS))
        words.append(f"{bare}{tone}")
    return " ".join(words)


# --- the reference entities ---------------------------------------------------------------------


def known_spelling(typed: str | None, known: Iterable[str]) -> str | None:
    """The district as the province already writes it: `typed` when no known district folds equal to it
    (lichtruc.text.fold: case, diacritics and spacing aside), else that known spelling — so "tan an" typed
    beside a known "Tân An" is stored "Tân An", and one district is never split in two by how it was typed.
    When several known spellings fold equal (a split from before), the one written with its accents and
    capitals wins ("Tân An" over "tan an"), then the first in dictionary order."""
    if not typed:
        return typed
    wanted = fold(typed)
    same = [k for k in known if fold(k) == wanted]
    if not same:
        return typed
    return min(same, key=lambda k: (k == fold(k), sort_key(k), k))


@dataclass(frozen=True)
class Enterprise:
    """An enterprise under the directive (a telecom operator's provincial branch, a post office…)."""

    id: uuid.UUID
    name: str
    sector: str
    manager_phone: str | None
    manager_emails: tuple[str, ...]
    version: int
    created_at: datetime
    updated_at: datetime
    obligations_from: date | None = None
    """The local day (Asia/Ho_Chi_Minh) the Department decided it owes daily reports and readiness items from:
    those due before it are not owed. None: it owes everything (registered before the campaign)."""


@dataclass(frozen=True)
class Site:
    """A site of an enterprise (an exchange, a base station, a post office…)."""

    id: uuid.UUID
    enterprise_id: uuid.UUID
    name: str
    kind: str
    district: str | None
    border_area: bool
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class StaffMember:
    """A staff record: one person at one enterprise (``person_id`` links a person's records)."""

    id: uuid.UUID
    enterprise_id: uuid.UUID
    full_name: str
    email: str | None
    phone: str | None
    qualifications: tuple[str, ...]
    active: bool
    language: str
    national_id: str | None
    person_id: uuid.UUID
    version: int
    created_at: datetime
    updated_at: datetime
    has_account: bool = False
    """Whether an active account to sign in with is linked to the record: read with it (the list, one record),
    never written; a new record has none."""
    account: str = "none"
    """The account linked to the record, read with it: "active", "inactive" (one linked, deactivated: QZ27 #6, the
    staff list said "Chưa có tài khoản · Tạo tài khoản" of a person whose account had just been closed) or "none"."""


@dataclass(frozen=True)
class EmailHolder:
    """Who holds an e-mail address already (named in the 409)."""

    staff_id: uuid.UUID
    full_name: str
    enterprise_name: str


@dataclass(frozen=True)
class UpcomingShift:
    """A shift a staff member is on that has not ended yet."""

    shift_id: uuid.UUID
    duty_type: str
    starts_at: datetime
    ends_at: datetime


E = TypeVar("E", Enterprise, Site, StaffMember)


def changed(entity: Enterprise | Site | StaffMember, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Only what really changes: an edit that changes nothing makes no new version and no event."""
    return {k: v for k, v in changes.items() if getattr(entity, k) != v}


def edited(entity: E, changes: Mapping[str, Any], *, now: datetime) -> E:
    """The entity after ``changes`` (already reduced to what changes): one version up."""
    return replace(entity, **changes, version=entity.version + 1, updated_at=now)


# A site's name of fewer characters (spaces aside) says nothing of where it is ("x", "A1").
SITE_NAME_MIN = 3


def check_site_name(name: str) -> None:
    """Refuse (RuleViolation) a site's name too short to tell the site apart: fewer than `SITE_NAME_MIN`
    characters, spaces aside. `name` is as cleaned (domain.values.clean_name)."""
    if len(name.replace(" ", "")) < SITE_NAME_MIN:
        raise RuleViolation(
            "name",
            "site-name-too-short",
            f"The site's name “{name}” is too short: give at least {SITE_NAME_MIN} characters, enough to tell "
            "the site apart, e.g. “Trạm BTS Tân Hưng 2” or “Bưu cục Tân An”.",
            f"Tên điểm trực quá ngắn (“{name}”): cần ít nhất {SITE_NAME_MIN} ký tự để phân biệt được điểm trực, "
            "ví dụ “Trạm BTS Tân Hưng 2” hay “Bưu cục Tân An”.",
            min_length=SITE_NAME_MIN,
        )


def check_border_flag(site_name: str, *, border_area: bool, by_department: bool) -> None:
    """Refuse (Conflict) an enterprise's manager setting or clearing a site's border-area flag: border areas
    have absolute priority in the Department's Tết directive (the Department's defaults, the inspectors'
    heatmap), so only the Department (an administrator account) decides which sites are in one. `border_area`:
    the flag the command would leave; called only when that differs from the site's (or, for a new site, is set)."""
    if by_department:
        return
    if border_area:
        what_en, what_vi = "mark “{}” as in a border area", "đánh dấu “{}” thuộc khu vực biên giới"
    else:
        what_en, what_vi = "take “{}” out of the border area", "bỏ “{}” khỏi khu vực biên giới"
    raise Conflict(
        "border_area",
        "department-border",
        f"Only the Department can {what_en.format(site_name)}: border areas have priority in the Tết directive, "
        "so the Department (an administrator account) decides which sites are in one. Save the other changes "
        "without it, and ask the Department to change the border-area flag.",
        f"Chỉ Sở mới được {what_vi.format(site_name)}: khu vực biên giới được ưu tiên trong chỉ thị dịp Tết, "
        "nên Sở (tài khoản quản trị) quyết định điểm trực nào thuộc khu vực biên giới. Hãy lưu các thay đổi khác "
        "mà không đổi mục này, và đề nghị Sở thay đổi.",
        site_name=site_name,
    )


def check_obligations_from(enterprise_name: str, *, by_department: bool) -> None:
    """Refuse (Conflict) an enterprise's manager changing the day their enterprise owes daily reports and readiness
    items from: what the enterprise owes is the Department's to decide (an administrator account). Called only when
    the edit would change it."""
    if by_department:
        return
    raise Conflict(
        "obligations_from",
        "department-obligations",
        f"Only the Department can change the day “{enterprise_name}” owes daily reports and readiness items from. "
        "Save the other changes without it, and ask the Department to change it.",
        f"Chỉ Sở mới được đổi ngày “{enterprise_name}” bắt đầu phải nộp báo cáo ngày và hoàn thành các việc chuẩn "
        "bị. Hãy lưu các thay đổi khác mà không đổi mục này, và đề nghị Sở thay đổi.",
        enterprise_name=enterprise_name,
    )


def enterprise_missing(enterprise_id: uuid.UUID, field: str = "enterprise_id") -> RuleViolation:
    """The 422 for a command that names an enterprise nobody registered."""
    return RuleViolation(
        field,
        "enterprise-exists",
        f"No enterprise has id {enterprise_id}: register it first (POST /enterprises).",
        "Doanh nghiệp đã chọn chưa được đăng ký: hãy đăng ký trước.",
        enterprise_id=str(enterprise_id),
    )


def unqualified_at_work(*, active: bool, qualifications: Iterable[str], before: StaffMember | None = None) -> bool:
    """Whether a staff record would be left at work (active) with no qualification, so that nobody could put them
    on a shift: what registering refuses (the API's, an import's) and an edit refuses when it makes a record so
    (`before`: the record edited) — clearing an active person's qualifications, or making active someone who holds
    none. A record already kept so (an older import's) stays editable, its other changes not held up by it, as the
    portal's staff form lets it; a person not at work may hold none."""
    if not active or any(True for _ in qualifications):
        return False
    return before is None or not unqualified_at_work(active=before.active, qualifications=before.qualifications)


def check_qualified_at_work(
    full_name: str, *, active: bool, qualifications: Iterable[str], before: StaffMember | None = None
) -> None:
    """Refuse (RuleViolation) a record of `full_name` that `unqualified_at_work` says would be left at work with no
    qualification."""
    if unqualified_at_work(active=active, qualifications=qualifications, before=before):
        raise RuleViolation(
            "qualifications",
            "qualification-required",
            f"{full_name} has no qualification: a person at work needs at least one to be put on a shift. Give one "
            "or more (leader, operator, technician, guard), or mark them inactive if they are not at work.",
            f"{full_name} chưa có chuyên môn: người đang làm việc cần ít nhất một chuyên môn để được xếp vào ca "
            "trực. Hãy chọn một hoặc nhiều chuyên môn (lãnh đạo, điều hành, kỹ thuật, bảo vệ), hoặc đánh dấu ngừng "
            "hoạt động nếu người này không còn làm việc.",
        )


def qualifications_of(values: Iterable[str]) -> tuple[str, ...]:
    """Qualifications as stored: each once, sorted."""
    return tuple(sorted(set(values)))
