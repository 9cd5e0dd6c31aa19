"""Text as the services keep it: Unicode NFC.

The same Vietnamese name can arrive precomposed ("ễ" as one code point, NFC) or decomposed
("e" + circumflex + tilde, NFD: some keyboards, text copied from PDFs). Stored as typed, the
two spellings are different strings: equal names compare unequal and searches miss. So every
service brings text to NFC where it enters — request bodies, imported cells, events read
from Kafka — and nowhere else needs to care.

And text in spreadsheets: a cell that starts like a formula (``=``, ``+``, ``-``, ``@``) runs in the
reader's spreadsheet program, and a control character cannot be kept in an XLSX cell. Exports write
`sheet_text`; imports refuse what `formula_like` and `CONTROL_CHARACTERS` find in free text.

Matching is one step further: `fold` is how every service compares names people type (search,
import, filters such as a district), so that "duc hue", "ĐỨC HUỆ" and "Đức  Huệ" are the same.
And `sort_key` is how every list of names is ordered, pages and exports alike ("Đài…" among the D's,
"Viettel" before "VNPT"), never by raw code point."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from pydantic_core import to_json


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), single-spaced: how headers and names are compared,
    so that "Họ và tên", "ho va ten" and "HỌ  VÀ TÊN" are the same column."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s_]+", " ", text).strip().lower()


def sort_key(name: str) -> str:
    """A name as Vietnamese lists order it, near enough: case and diacritics aside, Đ right after D
    ("Đài Phát thanh" before "VNPT", "Viettel" before "VNPT")."""
    text = unicodedata.normalize("NFD", name.casefold().replace("đ", "dz"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


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
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters other than tab and line breaks: nothing a person types, and no XLSX cell may hold them."""


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
