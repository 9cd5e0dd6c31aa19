"""The layout of an administrative document as Decree 30/2020/NĐ-CP sets it (Appendix I): the issuing body top
left and the national motto top right, the number under the body, the place and date under the motto, the title,
the body's sections, then the recipients ("Nơi nhận") bottom left and the signature block bottom right, kept
together with the last part of the body. Roster's daily reports and summaries and audit's campaign report are laid
out by these functions, on `lichtruc.pdf.new_pdf`'s base."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, cast

from lichtruc.text import as_printed
from lichtruc.vntime import local

from . import FAMILY

if TYPE_CHECKING:
    from fpdf import FPDF

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def dated(at: datetime, place: str) -> str:
    """ "Long An, ngày 06 tháng 02 năm 2027" (the local date; `place`: the Department's profile's, a "," typed at
    its end not printed twice)."""
    d = local(at)
    if not place.strip():  # a document printed before the Department's profile names its place: the date alone
        return f"Ngày {d:%d} tháng {d:%m} năm {d:%Y}"
    return f"{as_printed(place)}, ngày {d:%d} tháng {d:%m} năm {d:%Y}"


# --- PDF ---------------------------------------------------------------------------------------


def header(pdf: FPDF, *, body: str, unit: str, number: str, at: datetime, place: str) -> None:
    """The two header columns (Decree 30, Appendix I): the issuing body and the national motto, then
    the number under the body and the place and date under the motto."""
    left_w, right_w = 70.0, pdf.w - pdf.l_margin - pdf.r_margin - 70.0
    x0, y0 = pdf.l_margin, pdf.get_y()
    _one_line(pdf, body.upper(), left_w, style="")
    pdf.multi_cell(left_w, 6, body.upper(), align="C", new_x="LEFT", new_y="NEXT")
    _one_line(pdf, unit.upper(), left_w, style="B")
    pdf.multi_cell(left_w, 6, unit.upper(), align="C", new_x="LEFT", new_y="NEXT")
    _rule(pdf, x0 + left_w / 2 - 12, pdf.get_y() + 0.5, 24)
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(left_w, 7, f"Số: {number}", align="C")
    y_left = pdf.get_y() + 7
    pdf.set_xy(x0 + left_w, y0)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(right_w, 6, NATION, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_x(x0 + left_w)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(right_w, 6, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
    motto_w = pdf.get_string_width(MOTTO)
    _rule(pdf, x0 + left_w + (right_w - motto_w) / 2, pdf.get_y() + 0.5, motto_w)
    pdf.ln(4)
    pdf.set_x(x0 + left_w)
    pdf.set_font(FAMILY, "I", 13)
    pdf.cell(right_w, 7, dated(at, place), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x0, max(y_left, pdf.get_y()) + 6)


def _one_line(pdf: FPDF, text: str, width: float, *, style: str) -> None:
    """The font for a header line: 12 pt, or down to 10 pt so that it stays on one line as the Decree sets it
    ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG" broke before its last word at 11 pt); a longer name still wraps."""
    size = 12.0
    pdf.set_font(FAMILY, style, size)
    while size > 10 and pdf.get_string_width(text) > width - 1:
        size -= 0.5
        pdf.set_font(FAMILY, style, size)


def _rule(pdf: FPDF, x: float, y: float, width: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(x, y, x + width, y)


def title(pdf: FPDF, lines: Sequence[str]) -> None:
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 13)
    for line in lines:
        pdf.multi_cell(0, 6.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)


def section(pdf: FPDF, heading: str, lines: Iterable[str], *, empty: str, note: str | None = None) -> None:
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
    if note:
        pdf.set_font(FAMILY, "I", 12)
        pdf.multi_cell(0, 6, note, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 13)
    shown = list(lines)
    for line in shown or [empty]:
        item(pdf, 6.5, line)
    pdf.ln(2)


def typed_lines(text: str | None) -> list[tuple[str, str]]:
    """Text a person typed (remarks, proposals), a line each (blank lines left out), with the mark it is printed
    after: a line they numbered or marked ("1.", "a)", "-", "+", "•") keeps its own, any other gets "-" (QZ28 #4: the
    whole text as one item printed "- 1. …", a dash before the first line only and the next ones under it unmarked)."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        own = _OWN_MARK.match(line)
        out.append((own.group(1), line[own.end() :].strip()) if own else ("-", line))
    return out


_OWN_MARK = re.compile(r"^(\d{1,3}[.)]|[a-zđ][.)]|[-+•–])\s+")


def typed_section(pdf: FPDF, heading: str, text: str | None, *, empty: str) -> None:
    """A section of typed text: each line an item after its own mark (`typed_lines`), `empty` if there is none."""
    lines = typed_lines(text)
    if not lines:
        section(pdf, heading, [], empty=empty)
        return
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 13)
    for mark, line in lines:
        item(pdf, 6.5, line, mark=mark)
    pdf.ln(2)


def item(pdf: FPDF, height: float, text: str, *, mark: str = "-") -> None:
    """One item of a list: its mark ("- " unless told), then its text as a block beside it, so that each line after the first — wrapped, or
    a line break typed in a remark ("Dòng hai.") — starts under the text, not at the margin outside the dash
    (QZ20 #9)."""
    pdf.cell(pdf.get_string_width(mark + " "), height, mark)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def ending(pdf: FPDF, last: Callable[[FPDF], None], closing: Callable[[FPDF], None]) -> None:
    """The last part of the body and the closing, kept together: drawn first on a trial page, and when they
    would not fit on what is left of this one, begun on a new page — a signature block never stands alone on
    a page of its own, cut from what it signs (a last part longer than a page still breaks, and the closing
    follows its end)."""
    with pdf.offset_rendering() as recorder:
        trial = cast("FPDF", recorder)  # it takes the calls a page does, and is thrown away
        last(trial)
        closing(trial)
    if recorder.page_break_triggered:
        pdf.add_page()
    last(pdf)
    closing(pdf)


def closing(pdf: FPDF, *, title: str, name: str, recipients: Sequence[str]) -> None:
    """Recipients bottom left (`recipients`: the lines as printed, "- Lưu: VT."), the signature block bottom right:
    the signer's capacity (`title`), "(Ký, ghi rõ họ tên)", room to sign, the name."""
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    pdf.ln(4)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    x0, y0 = pdf.l_margin, pdf.get_y()
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(width / 2, 6, "Nơi nhận:", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    for line in recipients:
        pdf.cell(width / 2, 5.5, line, new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x0 + width / 2, y0)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(width / 2, 6.5, title.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 12)
    pdf.cell(width / 2, 6, "(Ký, ghi rõ họ tên)", align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(22)
    pdf.set_x(x0 + width / 2)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(width / 2, 6.5, name, align="C", new_x="LEFT", new_y="NEXT")
