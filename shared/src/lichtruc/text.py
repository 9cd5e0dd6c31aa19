"""Text as the services keep it: Unicode NFC.

The same Vietnamese name can arrive precomposed ("ễ" as one code point, NFC) or decomposed
("e" + circumflex + tilde, NFD: some keyboards, text copied from PDFs). Stored as typed, the
two spellings are different strings: equal names compare unequal and searches miss. So every
service brings text to NFC where it enters — request bodies, imported cells, events read
from Kafka — and nowhere else needs to care."""

from __future__ import annotations

import unicodedata
from typing import Any


def nfc(value: Any, *, keep: frozenset[str] = frozenset()) -> Any:
    """`value` with every string in it (also inside lists and dicts, keys included) in NFC;
    the members of a dict named in `keep` are left exactly as given (passwords)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): (v if k in keep else nfc(v, keep=keep)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(nfc(v, keep=keep) for v in value)
    return value
