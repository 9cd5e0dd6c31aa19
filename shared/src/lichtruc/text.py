"""Text as the services keep it: Unicode NFC.

The same Vietnamese name can arrive precomposed ("ễ" as one code point, NFC) or decomposed
("e" + circumflex + tilde, NFD: some keyboards, text copied from PDFs). Stored as typed, the
two spellings are different strings: equal names compare unequal and searches miss. So every
service brings text to NFC where it enters — request bodies, imported cells, events read
from Kafka — and nowhere else needs to care.

And text in spreadsheets: a cell that starts like a formula (``=``, ``+``, ``-``, ``@``) runs in the
reader's spreadsheet program, and a control character cannot be kept in an XLSX cell. Exports write
`sheet_text`; imports refuse what `formula_like` and `CONTROL_CHARACTERS` find in free text.

What cannot be seen is no part of a name: `invisible` characters (zero-width spaces and joiners, byte-order
marks, soft hyphens…), pasted with a name from a chat or a web page, are left out of every name kept (roster's
clean_name), of every query (`one_line`) and of every comparison (`fold`) — one rule, so that a name pasted with
one finds the person whose name looks the same.

Matching is one step further: `fold` is how every service compares names people type (search,
import, filters such as a district), so that "duc hue", "ĐỨC HUỆ" and "Đức  Huệ" are the same.
And `sort_key` is how every list of names is ordered, pages and exports alike, letter by letter in
the Vietnamese alphabet ("Đài…" after the D's, "Viettel" before "VNPT", "Ngô" before "Nguyễn"), numbers
by their value ("Trạm 2" before "Trạm 10"), never by raw code point.

And a title that puts a campaign's name next to a day says the day once: `without_day` takes the day
out of a name that holds it ("Diễn tập trực Tết 15/01/2027" beside "ngày 15/01/2027").

And a phone number is stored in one form whatever way it was typed (`phone_number`: 0912345678, not +84 912 345 678,
84912345678 or a spreadsheet's 912345678), and shown as people read it, grouped (`phone_label`): the portal's pages
and notifier's messages alike."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic_core import to_json


def invisible(char: str) -> bool:
    """Whether `char` is a format character (Unicode category Cf): a zero-width space, joiner or non-joiner, a word
    joiner, a byte-order mark, a direction mark, a soft hyphen. It draws nothing, so two names that look the same
    would differ by it ("Nguyễn Văn\u200b Khoa"): names are kept without it, and queries and comparisons leave it out
    too."""
    return unicodedata.category(char) == "Cf"


def visible(text: str) -> str:
    """`text` without its `invisible` characters (a cell of an import, a person's or a site's name as written)."""
    return text if text.isascii() else "".join(c for c in text if not invisible(c))


def one_line(text: str) -> str:
    """Text typed in a box of one line (a name, a search) as names are kept: NFC, without `invisible` characters,
    every kind of space, tab or line break (a no-break space too) made one space, none at either end."""
    if text.isascii():
        return " ".join(text.split())
    # NFC after the invisible characters are out: one between a letter and its accent kept them apart
    return unicodedata.normalize("NFC", " ".join(visible(text).split()))


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d) and `invisible` characters, single-spaced: how headers and names are
    compared, so that "Họ và tên", "ho va ten", "HỌ  VÀ TÊN" and "Họ và t\u200bên" are the same column."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf"))
    return re.sub(r"[\s_]+", " ", text).strip().lower()


def same_name_key(name: str) -> str:
    """What makes two people's names the same name — one person, or namesakes to tell apart: NFC, case folded,
    spaces made one; diacritics count ("ƠN VĂN ÚT" is "Ơn Văn Út", "Ung Thị Ý" is not "Ưng Thị Ý"). Roster asks
    before registering a second person of a name by it; the portal's people pickers tell such people apart by it."""
    return " ".join(unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold()).split())


def starts_words(name: str, query: str) -> bool:
    """Whether every word of `query` begins a word of `name`, both folded (`fold`: no diacritics, case aside): how
    a people picker finds a person — "thi y" finds "Ưng Thị Ý", "uyen" finds "Nguyễn Thị Uyên" but not every
    Nguyễn (QA: matched inside words, "uyen" found them all)."""
    words = fold(name).split()
    return all(any(w.startswith(q) for w in words) for q in fold(query).split())


VIETNAMESE_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
"""The letters in the order Vietnamese dictionaries give them (f, j, w, z kept in the Latin places, for
names such as "MobiFone" or "Zalo")."""
_VOWEL_SHAPES = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}  # breve, circumflex, horn
_SHAPED = {("a", "ă"): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô", ("o", "'"): "ơ", ("u", "'"): "ư"}
TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
"""The five tone marks (combining: huyền, hỏi, ngã, sắc, nặng) and their order after no tone ("0")."""
_LETTER_BASE = 0xE000  # the letters as private-use characters: after digits, spaces and punctuation
_NUMBER_OR_CHARACTER = re.compile(r"[0-9]+|.", re.DOTALL)


def sort_key(name: str) -> str:
    """A name as Vietnamese dictionaries order it: letter by letter in `VIETNAMESE_ALPHABET` (a < ă < â,
    d < đ, o < ô < ơ, u < ư: "Đoàn" before "Đỗ", "Ngô" before "Nguyễn", "Trần" before "Trương"), case
    aside, then — only between names equal so far — the tones (none, huyền, hỏi, ngã, sắc, nặng). The
    key is text PostgreSQL compares the same way byte by byte (a "C" collation): stored beside a name,
    it orders pages in the database exactly as Python orders a list.

    A run of digits (0-9) counts as one number, ordered by its value: "Trạm 2" < "Trạm 9" < "Trạm 10" <
    "Trạm 100", "Tổ 3 ấp 2" < "Tổ 3 ấp 10"; beside other characters, numbers stay where digits were (after
    spaces and most punctuation, before the letters). Its key is the count of its digits, leading zeros
    aside, then those digits: a longer number is a larger one, and equal lengths compare digit by digit.
    Numbers that differ only by leading zeros ("Tổ 7", "Tổ 07") are equal letter for letter; after the
    tones the one with fewer leading zeros comes first, comparing the runs from the left."""
    letters: list[str] = []
    tones: list[str] = []
    zeros: list[int] = []  # each number's leading zeros
    for token in _NUMBER_OR_CHARACTER.findall(unicodedata.normalize("NFD", name.casefold())):
        if "0" <= token[0] <= "9":
            number = token.lstrip("0") or "0"
            letters.append(_count(len(number)) + number)
            tones.append("0")
            zeros.append(len(token) - len(number))
            continue
        if unicodedata.combining(token):
            shape = _VOWEL_SHAPES.get(token)
            if shape is not None and letters:
                shaped = _SHAPED.get((_plain(letters[-1]), shape))
                if shaped is not None:
                    letters[-1] = _letter(shaped)
            elif token in TONE_MARKS and tones:
                tones[-1] = TONE_MARKS[token]
            continue
        letters.append(_letter(token))
        tones.append("0")
    tail = "\x01" + "".join(map(_count, zeros)) if any(zeros) else ""
    return "".join(letters) + "\x01" + "".join(tones) + tail


def _count(n: int) -> str:
    """`n` ≥ 0 as digits whose text order is the numbers' order and none of which starts another: one digit
    below 9, each further nine a leading "9" (8 → "8", 9 → "90", 20 → "992")."""
    return "9" * (n // 9) + str(n % 9)


def _letter(char: str) -> str:
    index = VIETNAMESE_ALPHABET.find(char)
    return char if index < 0 or len(char) != 1 else chr(_LETTER_BASE + index)


def _plain(letter: str) -> str:
    code = ord(letter) - _LETTER_BASE if len(letter) == 1 else -1  # a number is no letter
    return VIETNAMESE_ALPHABET[code] if 0 <= code < len(VIETNAMESE_ALPHABET) else letter


def nfc(value: Any, *, keep: frozenset[str] = frozenset()) -> Any:
    """`value` with every string in it (also inside lists and dicts, keys included) in NFC;
    the members of a dict named in `keep` are left exactly as given (passwords)."""
    if isinstance(value, str):
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        # Leaves inline: every event read from Kafka comes through here, more than once (hot path).
        out = {}
        for k, v in value.items():
            key = unicodedata.normalize("NFC", k) if isinstance(k, str) and not k.isascii() else k
            if k in keep:
                out[key] = v
            elif isinstance(v, str):
                out[key] = v if v.isascii() else unicodedata.normalize("NFC", v)
            elif isinstance(v, (dict, list, tuple)):
                out[key] = nfc(v, keep=keep)
            else:
                out[key] = v
        return out
    if isinstance(value, (list, tuple)):
        return type(value)(nfc(v, keep=keep) for v in value)
    return value


def nfc_json(value: Any) -> Any:
    """`nfc(value)` for JSON data (dicts, lists, strings, numbers, booleans, None), done on its JSON
    text at C speed: NFC never composes across the ASCII quotes, commas and brackets between two
    strings, so the NFC of the text is the text of the NFC'd data. Returns `value` itself when it
    is in NFC already (ASCII, most of the time). The text is pydantic's (`to_json`, compiled: a
    consumer's every event passes here, and `json.dumps` took a twentieth of notifier's batch);
    NaN and infinities are written as `json` writes and reads them."""
    raw = to_json(value, inf_nan_mode="constants")
    if raw.isascii():
        return value
    text = raw.decode()
    normal = unicodedata.normalize("NFC", text)
    return value if normal == text else json.loads(normal)


# --- text in spreadsheets (imports and exports) ----------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What spreadsheet programs read as the start of a formula (OWASP's list)."""
C1_CONTROLS = re.compile("[\x80-\x9f]")
"""The C1 control characters (U+0080–U+009F): nobody types them, but a file saved in one encoding and read in
another leaves them where its Vietnamese letters were (“ệ”, whose UTF-8 bytes E1 BB 87 read one by one are
“á”, “»” and U+0087); a terminal reads U+009B as the start of an escape sequence."""
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab and line breaks, C0 and C1 (`C1_CONTROLS`): nothing a person types, no XLSX
cell may hold the C0 ones, and imports refuse them all — so exports write none of them either."""


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula. Leading spaces and line breaks are looked
    through, since some importers trim them."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Text that cannot start a formula: a leading apostrophe when it could."""
    return "'" + text if formula_like(text) else text


def sheet_text(text: str) -> str:
    """Text as a spreadsheet cell we write: control characters left out, and unable to start a formula."""
    return neutralise(CONTROL_CHARACTERS.sub("", text))


_SEPARATORS = " \t-–—:,;·()"


def without_day(name: str, day: date) -> str:
    """`name` without `day` written in it as people write days (15/01/2027, 15/1/2027, 15-01-2027), and
    without the separators left hanging, for a title that says the day next to the name anyway; the name
    unchanged when it does not hold the day, or is nothing else."""
    pattern = rf"(?<!\d)0?{day.day}[/.-]0?{day.month}[/.-]{day.year}(?!\d)"
    found = re.search(pattern, name)
    if found is None:
        return name
    before, after = name[: found.start()].rstrip(_SEPARATORS), name[found.end() :].lstrip(_SEPARATORS)
    rest = f"{before} {after}".strip() if before and after else (before or after)
    return rest or name


_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^\+?\d{8,15}$")


def phone_number(typed: str) -> str | None:
    """A phone number as it is stored, one form whatever way it came: its digits (spaces, dots, dashes and brackets
    left out) with an optional leading +; a Vietnamese mobile or landline number in its national form, 0 and 9 or
    10 digits — "+84 912 345 672", "0084912345672", "84912345672" and "912345672" (a spreadsheet's number that lost
    its 0) are all 0912345672, "2723827777" is 02723827777. Another country's number (+ and another code) and any
    other run of 8 to 15 digits (a hotline: 1900 1234) stay as typed. None when it is no phone number."""
    text = _PHONE_SEPARATORS.sub("", typed)
    if text.startswith("0084"):
        text = "+" + text[2:]
    if not _PHONE.match(text):
        return None
    digits = text.removeprefix("+")
    if text.startswith("+84"):
        rest = digits[2:]
        national = rest if rest.startswith("0") else "0" + rest
    elif text.startswith("+"):
        return text  # another country's
    elif digits.startswith("84") and (len(digits) == 11 or (len(digits) == 12 and digits[2] == "2")):
        national = "0" + digits[2:]  # 84 and a mobile's 9 digits, or a landline's 10
    elif (len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] == "2"):
        national = "0" + digits  # a mobile's number (03…, 05…, 07…, 08…, 09…) or a landline's (02…) without its 0
    else:
        return text
    return national if len(national) in (10, 11) else text


def phone_label(phone: str | None) -> str:
    """A phone number as people read it: a mobile 0913 555 202, a landline (area code, then the number)
    0272 3827 777; anything else as stored, "" for none."""
    if not phone:
        return ""
    if phone.isdigit() and phone.startswith("0"):
        if len(phone) == 10:  # a mobile number
            return f"{phone[:4]} {phone[4:7]} {phone[7:]}"
        if len(phone) == 11 and phone.startswith("02"):  # a landline: area code, then the number
            return f"{phone[:4]} {phone[4:8]} {phone[8:]}"
    return phone


# --- Vietnamese read in the wrong encoding ------------------------------------------------------------

REPLACEMENT_CHARACTER = "\ufffd"
_UNDEFINED_CP1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
"""The bytes Windows-1252 has no character for: a program reading UTF-8 as cp1252 writes U+FFFD (“�”) for them,
so "Đ" (C4 90) comes back "Ä�"."""
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b")
"""The combining marks of Vietnamese letters: the five tones, the breve, the circumflex and the horn."""


@dataclass(frozen=True)
class Misread:
    """Text that is UTF-8 read as Windows-1252 (or Latin-1) and saved again (`misread`): "VÃµ Kim NgÃ¢n"
    for "Võ Kim Ngân". `likely`: what it was, when that can be told (None: only that it is garbled).
    `font`: "TCVN3" or "VNI" when it was typed in an old font of that 8-bit encoding instead ("TrÇn V¨n Th¾ng",
    "Nguyeãn Vaên Tuaán"): no encoding to save the file in mends it, only typing it again in Unicode or converting
    it (Unikey's conversion tool)."""

    likely: str | None
    font: str | None = None


def misread(text: str) -> Misread | None:
    """Whether `text` is Vietnamese garbled by a wrong encoding: UTF-8 read as Windows-1252 (`misread_utf8`), or typed
    in an old font's 8-bit encoding, TCVN3 or VNI ("TrÇn V¨n Th¾ng" is "Trần Văn Thắng", "Nguyeãn Vaên Tuaán" is
    "Nguyễn Văn Tuấn"; `_typed_in_legacy_font`, which takes several signs before it says so). None for any real
    name or text."""
    if text.isascii():
        return None
    return misread_utf8(text) or _typed_in_legacy_font(unicodedata.normalize("NFC", text))


def misread_utf8(text: str) -> Misread | None:
    """Whether `text` is UTF-8 garbled by a wrong encoding: its characters, written back as the Windows-1252
    (or Latin-1) bytes they stand for, are valid UTF-8 that holds Vietnamese letters ("VÃµ Kim NgÃ¢n" is the
    bytes of "Võ Kim Ngân"); or it holds U+FFFD, the mark a reader leaves for a byte it could not read. None for
    text that is not so — every real Vietnamese name among them: a letter such as "ồ", "ị", "ư" or "đ" has no
    Windows-1252 byte, and the few that have ("à", "é", "Ô") are never followed by the run of symbols (“»”, “‹”,
    “¢”) that UTF-8 would need. A space where a no-break space (A0) belongs, and a U+FFFD where one of the bytes
    Windows-1252 lacks was, are looked through when telling what it was."""
    if text.isascii():
        return None
    options: list[tuple[int, ...]] = []
    for char in text:
        if char == REPLACEMENT_CHARACTER:
            options.append(_UNDEFINED_CP1252)
            continue
        try:
            byte = char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:  # a character no single byte stands for: not such text, unless U+FFFD says so
                return Misread(None) if REPLACEMENT_CHARACTER in text else None
            byte = bytes([ord(char)])  # Latin-1 (its C1 controls where cp1252 has no character)
        options.append((byte[0], 0xA0) if char == " " else (byte[0],))
    likely = _utf8_of(options)
    if likely is not None and likely != text and any(_vietnamese_letter(c) for c in likely):
        return Misread(unicodedata.normalize("NFC", likely))
    return Misread(None) if REPLACEMENT_CHARACTER in text else None


def _utf8_of(options: list[tuple[int, ...]]) -> str | None:
    """The UTF-8 text the bytes spell, each byte one of its `options` (the first that makes a character, a
    Vietnamese letter preferred), or None when no choice makes valid UTF-8."""
    out: list[str] = []
    i = 0
    while i < len(options):
        lead = [b for b in options[i] if b < 0x80 or 0xC2 <= b <= 0xF4]
        if not lead:
            return None
        if lead[0] < 0x80:
            out.append(chr(lead[0]))
            i += 1
            continue
        found = None
        for first in lead:
            size = 2 if first < 0xE0 else 3 if first < 0xF0 else 4
            if i + size > len(options):
                continue
            tails = [[b for b in options[i + k] if 0x80 <= b <= 0xBF] for k in range(1, size)]
            for combo in itertools.product(*tails):
                try:
                    char = bytes([first, *combo]).decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if found is None or (_vietnamese_letter(char) and not _vietnamese_letter(found[0])):
                    found = (char, size)
        if found is None:
            return None
        out.append(found[0])
        i += found[1]
    return "".join(out)


def _vietnamese_letter(char: str) -> bool:
    if char in "đĐ":
        return True
    parts = unicodedata.normalize("NFD", char)
    return len(parts) > 1 and parts[0].isascii() and parts[0].isalpha() and set(parts[1:]) <= _VIETNAMESE_MARKS


# --- Vietnamese typed in the old 8-bit fonts --------------------------------------------------------------

# TCVN 5712:1993, table VN3 ("TCVN3", the ABC fonts: .VnTime, .VnArial…), from the standard's code table: the
# byte of each lower-case letter with its marks, and of the seven capitals that have one (the others are typed
# with the fonts' capital twins, .VnTimeH, which draw these same bytes as capitals). Text typed in those fonts,
# copied out of an old Word file, arrives as these bytes read as Windows-1252/Latin-1: "TrÇn V¨n Th¾ng".
_TCVN3 = dict(
    zip(
        bytes(
            [
                *(0xB5, 0xB8, 0xB6, 0xB7, 0xB9),  # à á ả ã ạ
                *(0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6),  # ă ằ ắ ẳ ẵ ặ
                *(0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB),  # â ầ ấ ẩ ẫ ậ
                0xAE,  # đ
                *(0xCC, 0xD0, 0xCE, 0xCF, 0xD1),  # è é ẻ ẽ ẹ
                *(0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6),  # ê ề ế ể ễ ệ
                *(0xD7, 0xDD, 0xD8, 0xDC, 0xDE),  # ì í ỉ ĩ ị
                *(0xDF, 0xE3, 0xE1, 0xE2, 0xE4),  # ò ó ỏ õ ọ
                *(0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9),  # ô ồ ố ổ ỗ ộ
                *(0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE),  # ơ ờ ớ ở ỡ ợ
                *(0xEF, 0xF3, 0xF1, 0xF2, 0xF4),  # ù ú ủ ũ ụ
                *(0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9),  # ư ừ ứ ử ữ ự
                *(0xFA, 0xFD, 0xFB, 0xFC, 0xFE),  # ỳ ý ỷ ỹ ỵ
                *(0xA1, 0xA2, 0xA7, 0xA3, 0xA4, 0xA5, 0xA6),  # Ă Â Đ Ê Ô Ơ Ư
            ]
        ).decode("latin-1"),
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
        strict=True,
    )
)
"""TCVN3 (VN3) as Windows-1252 shows it: the character → the Vietnamese letter it stands for."""

# VNI Windows (VNI-Times… fonts, VNI Software's published table): a letter is its plain ASCII letter followed by a
# byte for its marks ("Nguyeãn": e and ã, circumflex and ngã), except ơ, ư, đ and the i's and ỵ, one byte each.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_VNI_MARKS = {
    **dict(zip("øùûõï", _TONES, strict=True)),  # a tone alone
    "â": "\u0302",  # circumflex (after a, e, o)
    **{k: "\u0302" + t for k, t in zip("àáåãä", _TONES, strict=True)},  # circumflex and a tone
    "ê": "\u0306",  # breve (after a)
    **{k: "\u0306" + t for k, t in zip("èéúüë", _TONES, strict=True)},  # breve and a tone
}
_VNI_MARKS |= {k.upper(): v for k, v in _VNI_MARKS.items()}
"""A VNI mark byte (as Windows-1252 shows it) → the combining marks it puts on the vowel before it."""
_VNI_LETTERS = dict(zip("ôöñìíæóòî", "ơưđìíỉĩịỵ", strict=True))
_VNI_LETTERS |= {k.upper(): v.upper() for k, v in _VNI_LETTERS.items()}
"""A VNI byte that is a letter by itself → that letter."""
_TAKES_MARK = {"\u0302": "aeo", "\u0306": "a"}


@dataclass(frozen=True)
class _Word:
    typed: str
    likely: str
    legacy: int  # how many of its characters are the old encoding's own


def _tcvn3_word(word: str) -> _Word | None:
    out = []
    for char in word:
        if char.isascii():
            out.append(char)
        elif (letter := _TCVN3.get(char)) is not None:
            out.append(letter)
        else:
            return None
    likely = "".join(out)
    cased = [c for c in word if c.isascii() and c.isalpha()]
    if len(cased) > 1 and all(c.isupper() for c in cased):  # typed in a capitals font (.VnTimeH): "TRÇN"
        likely = likely.upper()
    return _Word(word, likely, sum(not c.isascii() for c in word))


def _vni_word(word: str) -> _Word | None:
    out: list[str] = []
    legacy = 0
    for char in word:
        if char.isascii():
            out.append(char)
            continue
        legacy += 1
        if (letter := _VNI_LETTERS.get(char)) is not None:
            out.append(letter)
            continue
        marks = _VNI_MARKS.get(char)
        if marks is None or not out:
            return None
        parts = unicodedata.normalize("NFD", out[-1])
        base, has = parts[0], parts[1:]
        shape = marks[0] if marks[0] in _TAKES_MARK else ""
        if shape and (has or base.lower() not in _TAKES_MARK[shape]):
            return None  # a circumflex after no a, e or o, a breve after no a, or on a vowel that has a mark
        if not shape and (base.lower() not in "aeiouy" or any(m in _TONES for m in has)):
            return None  # a tone after no vowel, or a second one
        out[-1] = unicodedata.normalize("NFC", base + has + marks)
    return _Word(word, "".join(out), legacy)


_LEGACY_READERS = {"TCVN3": _tcvn3_word, "VNI": _vni_word}


_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_OPEN_ONLY = "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu oai oay oao oeo uây uôi ươi ươu iêu yêu uya uyu"
_CLOSED_ONLY = "ă â iê yê oă uâ uô ươ uyê oo"
_OPEN_OR_CLOSED = "a e ê i o ô ơ u ư y oa oe uê uy uơ"
_SYLLABLE = re.compile(
    rf"(?:{_INITIALS})?(?:(?:{'|'.join(sorted(_OPEN_ONLY.split(), key=len, reverse=True))})"
    rf"|(?:{'|'.join(sorted((_CLOSED_ONLY + ' ' + _OPEN_OR_CLOSED).split(), key=len, reverse=True))})"
    rf"(?P<final>ch|nh|ng|c|m|n|p|t)"
    rf"|(?:{'|'.join(sorted(_OPEN_OR_CLOSED.split(), key=len, reverse=True))}))"
)


def vietnamese_syllable(word: str) -> bool:
    """Whether `word` has the shape of a Vietnamese syllable: an initial consonant (or none), a vowel group, a final
    consonant where the group takes one, and at most one tone — sắc or nặng when the final is c, ch, p or t.
    A check of shape, not a dictionary: "Nguyễn", "khuya", "giường", "Hoà" pass; "Nguyeãn", "Thþ", "José",
    "Müller" do not."""
    letters = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in letters if c in _TONES]
    if len(tones) > 1:
        return False
    found = _SYLLABLE.fullmatch(unicodedata.normalize("NFC", "".join(c for c in letters if c not in _TONES)))
    if found is None:
        return False
    final = found.group("final")
    return final not in ("c", "ch", "p", "t") or tones in ([], ["\u0301"], ["\u0323"])


_LEGACY_WORD = re.compile(rf"(?:[^\W\d_]|[{re.escape(''.join(_TCVN3))}])+")
"""A word as an old font's text has them: letters, and the TCVN3 characters that are no letter ("¨", "§", "¸")."""


LEGACY_FONTS = ("TCVN3", "VNI")
"""The old 8-bit encodings of Vietnamese fonts that `misread` recognises, in the order it tries them."""


def from_legacy_font(text: str, font: str) -> str | None:
    """`text` typed in an old font of `font`'s encoding (one of `LEGACY_FONTS`), as Unicode (NFC): "TrÇn V¨n
    Th¾ng" in TCVN3 is "Trần Văn Thắng", "Nguyeãn Vaên Tuaán" in VNI is "Nguyễn Văn Tuấn"; None when it cannot be
    such text (a letter the encoding has no byte for, a VNI mark after no vowel). Says nothing of whether it is:
    that is `misread`'s."""
    read = _LEGACY_READERS[font]
    pieces: list[str] = []
    at = 0
    for found in _LEGACY_WORD.finditer(text):
        as_legacy = read(found.group())
        if as_legacy is None:
            return None
        pieces += [text[at : found.start()], as_legacy.likely]
        at = found.end()
    return unicodedata.normalize("NFC", "".join(pieces) + text[at:])


def _typed_in_legacy_font(text: str) -> Misread | None:
    """`text` as the old encoding (TCVN3, else VNI) reads it, when several signs say it is one: every word with a
    character beyond ASCII is, read so, a Vietnamese syllable; and the words that are no Vietnamese as they stand
    ("TrÇn", "Nguyeãn"; a sign alone, "×" for "ì", is none) hold at least two of the encoding's own characters. A
    real name never passes: its words are syllables as they stand ("Hoàng" is one, though VNI would read it
    "Hồng"), or no syllable read either way ("José", "Müller", "Zoë")."""
    for font in LEGACY_FONTS:
        read = _LEGACY_READERS[font]
        pieces: list[str] = []
        signs = 0
        at = 0
        for found in _LEGACY_WORD.finditer(text):
            word = found.group()
            pieces.append(text[at : found.start()])
            at = found.end()
            if word.isascii():
                pieces.append(word)
                continue
            as_legacy = read(word)
            if as_legacy is None or not vietnamese_syllable(as_legacy.likely):
                break
            if not vietnamese_syllable(word) and as_legacy.likely != word and re.search("[A-Za-z]", word):
                signs += as_legacy.legacy
            pieces.append(as_legacy.likely)
        else:
            if signs >= 2:
                return Misread("".join(pieces) + text[at:], font=font)
    return None


TYPED_END = ";,. \t"


def as_printed(line: str) -> str:
    """A line of the Department's profile without the punctuation a person typed at its end (";", "," or "."), which the
    document adds itself — "Lưu: VT." and "UBND tỉnh Đồng Tháp;" as the page's hint once suggested printed
    "Lưu: VT.." and "UBND tỉnh Đồng Tháp;;" (QA). The one rule for every line a document ends with its own mark."""
    return line.rstrip(TYPED_END) or line
