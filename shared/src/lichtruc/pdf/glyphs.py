"""Which characters of a text the PDFs cannot print, told before anything is printed.

A door notice prints a character none of its fonts has (Noto Serif, then the fallbacks of `pdf.FALLBACKS`) as
`printable.STAND_IN` (□): "福" in a note reads "□" on the door. `unprintable` names such characters when the
text is saved, so the manager can reword it before the notice is printed. It reads the fonts' character maps
with fontTools (about 0.1 s, once per process), not fpdf2, which takes a second to import.

The answer is the fonts' own: a character counts as printable when any of them maps it, as `printable.Document`
decides; an invisible one (a variation selector, a joiner) is never named, since the notice leaves it out.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from . import FALLBACKS, FONTS, STYLES

LAYOUT = frozenset("\n\r\t")
"""fpdf2's own business (line breaks), in no font's cmap."""


@cache
def _printable() -> frozenset[int]:
    """Every code point one of the notice's fonts maps (any style of Noto Serif, any fallback)."""
    from fontTools.ttLib import TTFont

    files = [FONTS / name for name in STYLES.values()] + [file for _, file in FALLBACKS]
    mapped: set[int] = set()
    for file in files:
        with TTFont(file, lazy=True) as font:
            mapped.update(font.getBestCmap())
    return frozenset(mapped)


def invisible(char: str) -> bool:
    """A character that draws nothing by itself: a format character (joiner, soft hyphen), a control, a
    variation selector (U+FE0F, which makes ☎ an emoji)."""
    code = ord(char)
    return unicodedata.category(char) in ("Cf", "Cc") or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def unprintable(text: str | None) -> tuple[str, ...]:
    """The visible characters of `text` (as NFC) that no font of the notice has, each once, in the order they
    first appear; () when every one prints."""
    if not text or text.isascii():
        return ()
    mapped = _printable()
    found: dict[str, None] = {}
    for char in unicodedata.normalize("NFC", text):
        if ord(char) not in mapped and char not in LAYOUT and not invisible(char):
            found[char] = None
    return tuple(found)
