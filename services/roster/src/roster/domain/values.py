"""Value formats shared by the API and the spreadsheet import: names, e-mail, phone, yes/no,
language, instants typed by hand."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from lichtruc.text import CONTROL_CHARACTERS, Misread, fold, invisible, misread, one_line, phone_number
from lichtruc.words import Invalid
from lichtruc.words import name as word

from .localtime import LOCAL

# --- names ---------------------------------------------------------------------------------------

LINE_BREAKS_AND_TABS = frozenset("\t\n\r\x0b\x0c\x85")
"""The control characters a name may arrive with (a pasted cell, a form's text area): read as a space."""
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
"""The Hangul fillers: letters to Unicode, blank on screen; they do not make a name visible."""


class NameRefused(Invalid):
    """A name that cannot be kept (`rule`: "required", "visible-character" or "no-control-characters").
    The English message names the field; the Vietnamese one is said after the field's name."""

    def __init__(self, rule: str, message: str, message_vi: str) -> None:
        super().__init__(message, message_vi)
        self.rule = rule


def clean_name(text: str, *, field: str = "name", optional: bool = False) -> str:
    """A person's, an enterprise's, a site's, a campaign's name as it is stored and shown, on one line:
    NFC; tabs, line breaks and every kind of space made one space, and none at either end; the invisible
    format characters (zero-width spaces and joiners, word joiners, byte-order marks, direction marks,
    soft hyphens) left out, since they show nothing and would make two names that look the same differ.

    Raises NameRefused (`field`'s English word in the message) for a name that is then blank, that has no
    letter or digit (a lone accent, dashes), or that holds any other control character (NUL, escape…):
    nothing a person types, and a blank row or an unlabelled checkbox wherever the name is shown; and for
    Vietnamese read in the wrong encoding ("VÃµ Kim NgÃ¢n", lichtruc.text.misread) or typed in an old font (TCVN3
    "TrÇn V¨n Th¾ng", VNI "Nguyeãn Vaên Tuaán"), said with what it was.
    `optional`: the field may be left out (a site's district), and a blank one is told so."""
    what = word("field", field, "en")
    for char in text:
        if char not in LINE_BREAKS_AND_TABS and unicodedata.category(char) in ("Cc", "Cs"):
            code = f"U+{ord(char):04X}"
            raise NameRefused(
                "no-control-characters",
                f"The {what} contains a control character ({code}), which a name cannot hold: type it again "
                "without it.",
                f"có ký tự điều khiển ({code}), tên không được chứa ký tự này: hãy gõ lại mà không có nó.",
            )
    # the one rule searches fold queries by too (lichtruc.text.fold leaves out the same invisible characters)
    cleaned = one_line(text)
    if not cleaned:
        otherwise, otherwise_vi = (
            (", or leave the field out when there is none", ", hoặc bỏ hẳn trường này nếu không có")
            if optional
            else ("", "")
        )
        raise NameRefused(
            "required",
            f"The {what} must not be blank (spaces and invisible characters alone do not count): type it{otherwise}.",
            f"không được để trống (chỉ có dấu cách hay ký tự vô hình cũng là trống): hãy nhập tên{otherwise_vi}.",
        )
    if not any(unicodedata.category(c)[0] in "LN" and c not in INVISIBLE_LETTERS for c in cleaned):
        raise NameRefused(
            "visible-character",
            f"The {what} “{cleaned}” has no letter or digit: type the name itself.",
            f"“{cleaned}” không có chữ cái hay chữ số nào: hãy nhập đúng tên.",
        )
    # pasted from a file opened in the wrong encoding, or typed in an old font: looked for before the invisible
    # characters are left out, since TCVN3's "ư" is a soft hyphen ("Tr­¬ng") and UTF-8's "í" ends in one
    if (garbled := misread(" ".join(unicodedata.normalize("NFC", text).split()))) is not None:
        if garbled.font:
            en, vi = legacy_font_words(cleaned, garbled)
            raise NameRefused("misread-encoding", f"The {what} {en}", vi)
        likely, likely_vi = (
            (f"looks like “{garbled.likely}” read in the wrong encoding", f"có vẻ là “{garbled.likely}” bị đọc sai")
            if garbled.likely
            else (
                "holds “\ufffd”, the mark of a letter read in the wrong encoding",
                "có ký tự “\ufffd” của chữ bị đọc sai",
            )
        )
        raise NameRefused(
            "misread-encoding",
            f"The {what} “{cleaned}” {likely}: type the name as it should read.",
            f"“{cleaned}” {likely_vi} bảng mã: hãy gõ lại tên cho đúng.",
        )
    return cleaned


def person_name(name: str) -> str:
    """A person's full name as it is written (a cleaned name, `clean_name`): one typed all in lower case or all in
    upper case ("nguyễn văn an", "NGUYỄN VĂN AN") with each word's first letter capital and the others small
    ("Nguyễn Văn An", NFC; "ĐẶNG" is "Đặng"), as Vietnamese names are written in lists, mails and documents. A name
    already in mixed case is the writer's and is left as typed: no guess beyond the two cases nobody means; so is
    one with a word that is not letters (a digit, a sign: "' OR 1=1 --" is no name to write otherwise)."""
    if name == name.lower() == name.upper():  # no letter that has a case: nothing to write otherwise
        return name
    if name not in (name.lower(), name.upper()) or not all(map(_name_word, name.split(" "))):
        return name
    return unicodedata.normalize("NFC", " ".join(_capital_first(word) for word in name.split(" ")))


def _name_word(word: str) -> bool:
    """Letters, maybe joined by a hyphen or an apostrophe or ended by an initial's dot ("Hơ-Wai", "A.")."""
    return any(c.isalpha() for c in word) and all(
        c.isalpha() or c in "-'’." or unicodedata.category(c) == "Mn"
        for c in word  # Mn: a decomposed tone mark
    )


def _capital_first(word: str) -> str:
    lower = word.lower()
    for i, char in enumerate(lower):
        if char.isalpha():
            return lower[:i] + char.upper() + lower[i + 1 :]
    return lower


def legacy_font_words(shown: str, found: Misread) -> tuple[str, str]:
    """What to say of text typed in an old font's 8-bit encoding (`found.font`: TCVN3 or VNI), in English and
    Vietnamese: what it likely reads, and to type it again in Unicode or convert it — saving the file in
    another encoding would not mend it."""
    return (
        f"“{shown}” looks like “{found.likely}” typed in an old font ({found.font}): type it again in Unicode, or "
        "copy it from a file converted to Unicode (Unikey: Công cụ chuyển mã, the conversion tool).",
        f"“{shown}” có vẻ là “{found.likely}” gõ bằng phông chữ cũ ({found.font}): hãy gõ lại bằng Unicode, hoặc "
        "chép từ tệp đã chuyển sang Unicode (Unikey: Công cụ chuyển mã).",
    )


# --- free text ------------------------------------------------------------------------------------


def _blank(char: str) -> bool:
    return char.isspace() or invisible(char) or char in INVISIBLE_LETTERS


def trim_text(text: str) -> str:
    """Free text (a note, a reference, a reason, a finding) as it is stored: without the white space and invisible
    characters (zero-width spaces, joiners, byte-order marks…) at either end — the line breaks and spacing inside
    are the writer's and stay. "" when nothing visible is left: "   " is no note."""
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return text[start:end]


class TextRefused(Invalid):
    """Free text that cannot be kept (`rule`: "required" when it must say something and is blank,
    "no-control-characters" when it holds one)."""

    def __init__(self, message: str, message_vi: str, *, rule: str = "required") -> None:
        super().__init__(message, message_vi)
        self.rule = rule


def free_text(text: str, *, field: str) -> str:
    """`trim_text`, refusing first a control character other than tabs and line breaks (NUL, escape, the C1
    controls…: nothing a person types, and what a terminal, a sheet or a mail reader would act on; exports
    used to be the only place they were left out). Raises TextRefused (rule "no-control-characters") naming
    `field` in English and the character's code point."""
    found = CONTROL_CHARACTERS.search(text)
    if found is not None:
        code = f"U+{ord(found.group()):04X}"
        what = word("field", field, "en")
        raise TextRefused(
            f"The {what} contains a control character ({code}), which a text cannot hold: type it again without it.",
            f"có ký tự điều khiển ({code}), nội dung không được chứa ký tự này: hãy gõ lại mà không có nó.",
            rule="no-control-characters",
        )
    return trim_text(text)


def clean_text(text: str, *, field: str, optional: bool = False) -> str:
    """`free_text`, for a text that must say something once it is given: raises TextRefused (`field`'s English
    word in the message; the Vietnamese one is said after the field's name) when nothing visible is left.
    `optional`: the field may be left out altogether (absent or null), and the message says so."""
    trimmed = free_text(text, field=field)
    if trimmed:
        return trimmed
    what = word("field", field, "en")
    otherwise, otherwise_vi = (
        (", or leave the field out when there is none", ", hoặc bỏ hẳn trường này nếu không có")
        if optional
        else ("", "")
    )
    raise TextRefused(
        f"The {what} must not be blank (spaces and invisible characters alone do not count): write it{otherwise}.",
        f"không được để trống (chỉ có dấu cách hay ký tự vô hình cũng là trống): hãy nhập nội dung{otherwise_vi}.",
    )


# --- e-mail, phone, … -----------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def normalize_email(text: str) -> str | None:
    """Lower-cased address, or None when it is not one."""
    text = text.strip().lower()
    return text if _EMAIL.match(text) and len(text) <= 254 else None


def normalize_phone(value: object) -> str | None:
    """A phone number in the one form it is stored in (`lichtruc.text.phone_number`: 0912345678 however typed, +84
    or 84 or without its 0), from a text or a spreadsheet's number (912345678, its leading 0 lost); None when it
    is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return phone_number(str(value))


_YES = {"co", "x", "yes", "y", "true", "1", "dang lam viec", "hoat dong", "active"}
_NO = {"khong", "no", "n", "false", "0", "nghi", "nghi viec", "inactive"}


def parse_yes_no(value: object) -> bool | None:
    """ "Có"/"x"/"yes"/1 → True, "Không"/"no"/0 → False, anything else → None."""
    if isinstance(value, bool):
        return value
    text = fold(str(value))
    return True if text in _YES else False if text in _NO else None


_LANGUAGES = {
    "vi": "vi",
    "tieng viet": "vi",
    "vietnamese": "vi",
    "viet": "vi",
    "en": "en",
    "tieng anh": "en",
    "english": "en",
    "anh": "en",
}


def parse_language(value: object) -> str | None:
    """ "vi"/"Tiếng Việt" → "vi", "en"/"Tiếng Anh" → "en", else None."""
    return _LANGUAGES.get(fold(str(value)))


_MERIDIEM = r"(?:\s*(sa|ch|am|pm|a\.m\.|p\.m\.))?"
"""A time's AM/PM as Excel writes it: "SA"/"CH" (sáng, chiều) in Vietnamese, "AM"/"PM" in English."""
_AFTERNOON = frozenset({"ch", "pm", "p.m."})
_DMY = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T]+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?" + _MERIDIEM + "$", re.IGNORECASE
)
_HM_DMY = re.compile(
    r"^(\d{1,2})[:hg](\d{2})(?::(\d{2}))?" + _MERIDIEM + r"[ ,]+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", re.IGNORECASE
)


def parse_instant(value: object) -> datetime | None:
    """An instant from a cell: a spreadsheet datetime, ISO 8601 ("2027-02-05 18:00",
    "2027-02-05T18:00+07:00") or the Vietnamese day-first form ("05/02/2027 18:00",
    "18h00 05/02/2027", "05/02/2027 6:00 CH" — AM/PM as Excel writes them, SA/CH or AM/PM —, and
    "13/02/2027 24:00", the end of that day). Times without an offset are local (Asia/Ho_Chi_Minh). None when
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
        d, mo, y, h, mi, s, half = m.groups()
        parsed = _safe(int(y), int(mo), int(d), _since_midnight(int(h), int(mi), int(s or 0), half))
    elif m := _HM_DMY.match(text):
        h, mi, s, half, d, mo, y = m.groups()
        parsed = _safe(int(y), int(mo), int(d), _since_midnight(int(h), int(mi), int(s or 0), half))
    elif re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is None or not 1901 <= parsed.year <= 2199:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL)


def _since_midnight(hour: int, minute: int, second: int, half: str | None = None) -> timedelta | None:
    """A time of day as the time since midnight, 24:00 the end of the day; with AM/PM (`half`: "sa", "CH", "pm"…)
    the hour is 1–12, 12 SA being midnight and 12 CH noon. None for an impossible one (25:00, 13:00 CH)."""
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() in _AFTERNOON else 0)
    if minute > 59 or second > 59 or hour > 24 or (hour == 24 and (minute or second)):
        return None
    return timedelta(hours=hour, minutes=minute, seconds=second)


def _safe(year: int, month: int, day: int, since_midnight: timedelta | None) -> datetime | None:
    """A local (Vietnam) wall-clock time from its parts ("24:00" is the next day's midnight); None for an
    impossible one (31/02, 25:00)."""
    if since_midnight is None:
        return None
    try:
        return on_day(date(year, month, day), since_midnight)
    except (ValueError, OverflowError):
        return None


_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CLOCK = re.compile(r"^(\d{1,2})(?:\s*([:hg])\s*(\d{2})?(?::(\d{2}))?)?" + _MERIDIEM + "$")


def parse_date(value: object) -> date | None:
    """A day from a "Ngày" cell: a spreadsheet date, "05/02/2027" (day first) or "2027-02-05"; else None."""
    if isinstance(value, datetime):
        return value.date() if 1901 <= value.year <= 2199 else None
    if isinstance(value, date):
        return value if 1901 <= value.year <= 2199 else None
    if value is None:
        return None
    text = str(value).strip()
    if m := _DATE_DMY.match(text):
        d, mo, y = map(int, m.groups())
    elif m := _DATE_ISO.match(text):
        y, mo, d = map(int, m.groups())
    else:
        return None
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    return day if 1901 <= day.year <= 2199 else None


EXCEL_DAY_ZERO = date(1899, 12, 30)
"""The day Excel counts its dates from (1 is 31 Dec 1899 in its reckoning, which counts 1900 a leap year)."""
_EXCEL_DAYS = ((date(1901, 1, 1) - EXCEL_DAY_ZERO).days, (date(2199, 12, 31) - EXCEL_DAY_ZERO).days)


def excel_serial_day(value: object) -> date | None:
    """The day an Excel date serial stands for (46427 → 9 Feb 2027): what a date cell hands over when its format
    is not a date's (a date pasted as values, a column left General). A whole number of days in 1901–2199; None
    for anything else, a serial with a time of day included."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    days = int(value)
    return EXCEL_DAY_ZERO + timedelta(days=days) if _EXCEL_DAYS[0] <= days <= _EXCEL_DAYS[1] else None


def parse_clock(value: object) -> timedelta | None:
    """A time of day from a "Từ"/"Đến" cell — a spreadsheet time, Excel's fraction of a day (0.2916666667 is
    07:00, 1 the end of the day), "18:00", "18h00", "18h", "6g30", "7:00 SA", "7:00 CH", "7 PM", "24:00" (the
    end of the day) — as the time since midnight; else None."""
    if isinstance(value, datetime) and value.year < 1901:  # a time cell read with Excel's day zero
        value = value.time()
    if isinstance(value, time):
        return timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A time cell whose format is not a time's: Excel's fraction of a day, to the second.
        return timedelta(seconds=round(value * 86400)) if 0 <= value <= 1 else None
    if value is None or isinstance(value, date):
        return None
    m = _CLOCK.match(str(value).strip().lower())
    if m is None or not (m.group(2) or m.group(5)):  # "7" alone is no time; "7h", "7:00", "7 PM" are
        return None
    return _since_midnight(int(m.group(1)), int(m.group(3) or 0), int(m.group(4) or 0), m.group(5))


def on_day(day: date, since_midnight: timedelta) -> datetime:
    """The local instant `since_midnight` after the start of `day` (Asia/Ho_Chi_Minh)."""
    return datetime.combine(day, time(0), tzinfo=LOCAL) + since_midnight


_NATIONAL_ID = re.compile(r"^\d{9}$|^\d{12}$")


def normalize_national_id(value: object) -> str | None:
    """A national ID number (CCCD, 12 digits, or the old CMND, 9 digits), separators removed;
    None when it is not one."""
    text = re.sub(r"[\s.\-]", "", str(value))
    return text if _NATIONAL_ID.match(text) else None
