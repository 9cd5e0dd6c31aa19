"""Reference vocabulary: duty types, qualifications, sectors, languages — their names in
Vietnamese and English, and how a spreadsheet may spell them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lichtruc.duty_types import DUTY_QUALIFICATION


@dataclass(frozen=True)
class DutyType:
    key: str
    qualification: str
    name_vi: str
    name_en: str
    aliases: tuple[str, ...]


# Names follow the Department's directive (79/STTTT-BCTT): trực lãnh đạo, trực điều hành,
# trực vận hành khai thác mạng lưới và ứng cứu thông tin, and the guards at network sites.
DUTY_TYPES: tuple[DutyType, ...] = (
    DutyType(
        "leadership",
        DUTY_QUALIFICATION["leadership"],
        "Trực lãnh đạo",
        "Leadership duty",
        ("lãnh đạo", "trực lãnh đạo", "leadership", "leader"),
    ),
    DutyType(
        "operations",
        DUTY_QUALIFICATION["operations"],
        "Trực điều hành",
        "Operations (command) duty",
        ("điều hành", "trực điều hành", "chỉ huy", "operations", "operation", "command"),
    ),
    DutyType(
        "incident_response",
        DUTY_QUALIFICATION["incident_response"],
        "Trực vận hành khai thác mạng lưới và ứng cứu thông tin",
        "Network operation and incident response duty",
        (
            "ứng cứu",
            "ứng cứu thông tin",
            "trực ứng cứu",
            "ứng cứu thông tin",
            "vận hành khai thác",
            "trực vận hành khai thác mạng lưới và ứng cứu thông tin",
            "incident response",
            "incident_response",
            "incident",
        ),
    ),
    DutyType(
        "patrol",
        DUTY_QUALIFICATION["patrol"],
        "Tuần tra, bảo vệ",
        "Patrol and guard duty",
        ("tuần tra", "bảo vệ", "tuần tra bảo vệ", "tuần tra, bảo vệ", "patrol", "guard"),
    ),
)
DUTY_TYPE_KEYS = tuple(d.key for d in DUTY_TYPES)
DUTY_BY_KEY = {d.key: d for d in DUTY_TYPES}

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


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), single-spaced: how headers and names are compared,
    so that "Họ và tên", "ho va ten" and "HỌ  VÀ TÊN" are the same column."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s_]+", " ", text).strip().lower()


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
