"""The FPDF every PDF is made with: no text is lost to a character its fonts lack.

Noto Serif has Vietnamese and punctuation only. A manager's note ("Lì xì 🧧, gọi ☎ 0272…") goes
through the fallback fonts (`lichtruc.pdf.FALLBACKS`: Noto Emoji, Noto Sans Symbols 2 and 1, monochrome),
which are added to a document the first time its text needs one (a document without such a character
embeds none of them, and is byte for byte what it was). A character none of them has is printed as
`STAND_IN` and logged, never dropped in silence as fpdf2 does (it only warns, once the document is
written); an invisible one (a variation selector, a joiner) that no font has is left out.

Imported where a document is made (`lichtruc.pdf.new_pdf`): importing fpdf2 costs about a second.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from .glyphs import LAYOUT, invisible

log = logging.getLogger(__name__)

STAND_IN = "□"
"""What a character no font has prints as (U+25A1 WHITE SQUARE, from Noto Sans Symbols 2)."""


class Document(FPDF):
    """An A4 portrait FPDF (in mm) whose text keeps every visible character: see the module's docstring.
    `fallbacks` are (family, TrueType file), added in that order when first needed."""

    def __init__(self, *, fallbacks: tuple[tuple[str, Path], ...]) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._fallback_files = fallbacks
        self._fallbacks_added = False
        self._stood_in: set[str] = set()

    def _fallback_fonts(self) -> list[TTFFont]:
        if not self._fallbacks_added:
            self._fallbacks_added = True
            for family, file in self._fallback_files:
                self.add_font(family, "", str(file))
            # Not only for regular text: a closed day's row is bold, the notice's closing italic, and the
            # fallbacks have one style each.
            self.set_fallback_fonts([family for family, _ in self._fallback_files], exact_match=False)
        return [
            font for font in (self.fonts[family] for family, _ in self._fallback_files) if isinstance(font, TTFFont)
        ]

    def normalize_text(self, text: str) -> str:
        """`text` as fpdf2 checks it, each character its fonts lack as `STAND_IN` (an invisible one left out).
        Every text fpdf2 measures or draws (cell, multi_cell, write, text, get_string_width) passes here."""
        text = super().normalize_text(text)
        font = self.current_font
        if not isinstance(font, TTFFont) or all(ord(c) in font.cmap or c in LAYOUT for c in text):
            return text
        fallbacks = self._fallback_fonts()
        out: list[str] = []
        for char in text:
            if ord(char) in font.cmap or char in LAYOUT or any(ord(char) in f.cmap for f in fallbacks):
                out.append(char)
            elif not invisible(char):
                out.append(STAND_IN)
                if char not in self._stood_in:
                    self._stood_in.add(char)
                    log.warning(
                        "PDF %r: no font has %r (U+%04X, %s): printed as %s",
                        self.title,
                        char,
                        ord(char),
                        unicodedata.name(char, "unnamed"),
                        STAND_IN,
                    )
        return "".join(out)
