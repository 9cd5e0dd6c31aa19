"""Value formats shared by the API and the spreadsheet import: e-mail, phone, yes/no, language,
instants typed by hand."""

from __future__ import annotations

import re
from datetime import date, datetime

from .localtime import LOCAL
from .reference import fold

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
_PHONE = re.compile(r"^\+?\d{8,15}$")


def normalize_email(text: str) -> str | None:
    """Lower-cased address, or None when it is not one."""
    text = text.strip().lower()
    return text if _EMAIL.match(text) and len(text) <= 254 else None


def normalize_phone(value: object) -> str | None:
    """Digits with an optional leading +, separators removed; None when it is not a number.

    A spreadsheet that stored 0912345678 as a number hands over 912345678: a 9-digit number
    not starting with 0 gets its leading 0 back (Vietnamese numbers have 10 digits).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return None
        text = str(int(value))
        if len(text) == 9:
            text = "0" + text
    else:
        text = re.sub(r"[\s.\-()]", "", str(value))
    return text if _PHONE.match(text) else None


_YES = {"co", "x", "yes", "y", "true", "1", "dang lam viec", "hoat dong", "active"}
_NO = {"khong", "no", "n", "false", "0", "nghi", "nghi viec", "inactive"}


def parse_yes_no(value: object) -> bool | None:
    """"Có"/"x"/"yes"/1 → True, "Không"/"no"/0 → False, anything else → None."""
    if isinstance(value, bool):
        return value
    text = fold(str(value))
    return True if text in _YES else False if text in _NO else None


_LANGUAGES = {"vi": "vi", "tieng viet": "vi", "vietnamese": "vi", "viet": "vi",
              "en": "en", "tieng anh": "en", "english": "en", "anh": "en"}


def parse_language(value: object) -> str | None:
    """"vi"/"Tiếng Việt" → "vi", "en"/"Tiếng Anh" → "en", else None."""
    return _LANGUAGES.get(fold(str(value)))


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T]+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?$")
_HM_DMY = re.compile(r"^(\d{1,2})[:hg](\d{2})(?::(\d{2}))?[ ,]+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_instant(value: object) -> datetime | None:
    """An instant from a cell: a spreadsheet datetime, ISO 8601 ("2027-02-05 18:00",
    "2027-02-05T18:00+07:00") or the Vietnamese day-first form ("05/02/2027 18:00",
    "18h00 05/02/2027"). Times without an offset are local (Asia/Ho_Chi_Minh). None when
    it is none of these, or a date without a time."""
    if isinstance(value, datetime):
        if not 1901 <= value.year <= 2199:
            return None
        return value if value.tzinfo else value.replace(tzinfo=LOCAL)
    if isinstance(value, date) or value is None:
        return None
    text = str(value).strip()
    parsed: datetime | None = None
    if m := _DMY.match(text):
        d, mo, y, h, mi, s = m.groups()
        parsed = _safe(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    elif m := _HM_DMY.match(text):
        h, mi, s, d, mo, y = m.groups()
        parsed = _safe(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    elif re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is None or not 1901 <= parsed.year <= 2199:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL)


def _safe(*parts: int) -> datetime | None:
    try:
        return datetime(*parts)
    except ValueError:
        return None


_NATIONAL_ID = re.compile(r"^\d{9}$|^\d{12}$")


def normalize_national_id(value: object) -> str | None:
    """A national ID number (CCCD, 12 digits, or the old CMND, 9 digits), separators removed;
    None when it is not one."""
    text = re.sub(r"[\s.\-]", "", str(value))
    return text if _NATIONAL_ID.match(text) else None
