"""The base of every PDF the services make (roster's daily reports, summaries and notices; audit's campaign report): A4, Noto Serif embedded (regular, bold, italic) as the
family ``serif`` — a Times-like face, as Decree 30/2020/NĐ-CP asks of administrative documents,
that has every Vietnamese letter. Text goes in as NFC and comes back out of the PDF as the same
bytes (tests read it back with pypdf). What Noto Serif lacks (an emoji, a symbol in a manager's note)
comes from the monochrome fallbacks, and a character no font has prints as a visible stand-in
(`printable.Document`). Shared (`lichtruc.pdf`, the fonts as package data in `fonts/`) so that audit prints
under the same letterhead as roster without importing it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FAMILY = "serif"
STYLES = {"": "NotoSerif-Regular.ttf", "B": "NotoSerif-Bold.ttf", "I": "NotoSerif-Italic.ttf"}
FALLBACKS = (
    ("emoji", FONTS / "NotoEmoji-Regular.ttf"),
    ("symbols2", FONTS / "NotoSansSymbols2-Regular.ttf"),
    ("symbols", FONTS / "NotoSansSymbols-Regular.ttf"),
)
"""The fonts asked, in this order, for a character Noto Serif lacks (fonts/README.md says what each covers)."""


def new_pdf(*, title: str, created: datetime, author: str = "lichtruc") -> FPDF:
    """An empty A4 portrait document with the fonts registered and the metadata set; margins
    as Decree 30 sets them (top 20 mm, bottom 20 mm, left 30 mm, right 15 mm)."""
    # Imported at the first document, not at import: fpdf2 takes about a second of CPU to import,
    # which every service process (and every test that starts one) paid at start for nothing.
    from .printable import Document

    pdf = Document(fallbacks=FALLBACKS)
    for style, file in STYLES.items():
        pdf.add_font(FAMILY, style, str(FONTS / file))
    pdf.set_font(FAMILY, size=13)
    pdf.set_margins(left=30, top=20, right=15)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(created)  # passed in, no clock here: the same input gives the same bytes
    return pdf
