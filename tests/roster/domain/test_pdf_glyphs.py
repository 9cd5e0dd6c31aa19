"""No text lost to a glyph roster's fonts lack (lichtruc/pdf/printable.py): a manager's note with "🧧" or "☎"
printed on the door notice lost the character in silence, as fpdf2 drops what Noto Serif does not have. The
fallback fonts print emoji and symbols; a character no font has prints as a visible stand-in; the reports go
through the same path; a document without such a character embeds no fallback at all."""

from __future__ import annotations

import io
import logging
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from lichtruc.pdf import FAMILY, new_pdf
from lichtruc.pdf.glyphs import unprintable
from lichtruc.pdf.printable import STAND_IN
from roster.documents.hours import notice_pdf
from roster.documents.reports import report_pdf
from roster.domain.department import DepartmentProfile
from roster.domain.hours import DayHours, PublishedPoint, Session
from roster.domain.reports import DailyReport, ReportFacts

CREATED = datetime(2027, 1, 20, 3, tzinfo=UTC)


def _point(notes: dict[int, str]) -> PublishedPoint:
    """Eight days from 01/02/2027, the sixth (Mùng 1 Tết) closed, printed in bold; `notes` by day index."""
    days = tuple(
        DayHours(
            date(2027, 2, 1) + timedelta(days=i),
            i != 5,
            (Session("07:30", "11:30"), Session("13:30", "17:00")) if i != 5 else (),
            notes.get(i),
        )
        for i in range(8)
    )
    return PublishedPoint(
        uuid.uuid4(), "Bưu điện Văn hóa xã Hưng Điền", "Tân Hưng", uuid.uuid4(), "Bưu điện tỉnh Long An",
        uuid.uuid4(), 2027, days, 1, CREATED,
    )  # fmt: skip


def _text(content: bytes) -> str:
    return "\n".join(
        " ".join(line.split()) for p in PdfReader(io.BytesIO(content)).pages for line in p.extract_text().splitlines()
    )


def _fonts(content: bytes) -> set[str]:
    """The embedded fonts' names without their subset tag ("NotoSerif", "NotoEmoji"…)."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = cast(DictionaryObject, page["/Resources"])
        for font in cast(DictionaryObject, resources["/Font"]).values():
            names.add(str(cast(DictionaryObject, font.get_object())["/BaseFont"]).split("+")[-1])
    return names


def test_a_notes_emoji_and_symbols_are_printed_with_the_vietnamese_around_them() -> None:
    short = "Lì xì 🧧 ☎"  # fits the table's note column
    long = "Mừng xuân 🎆🌸 — hỏi giờ mở cửa gọi ☎️ 0272 3826 111 → quầy số ① ★ ✓ đầu năm"  # goes below the table
    content = notice_pdf(_point({3: short, 5: short, 6: long}), created=CREATED)
    text = _text(content)
    # on an open day (regular) and on the closed day (bold): the fallbacks serve every style
    assert "04/02/2027 Thứ năm 28 tháng Chạp 07:30–11:30, 13:30–17:00 Lì xì 🧧 ☎" in text, text
    assert "06/02/2027 Thứ bảy Mùng 1 Tết Nghỉ Lì xì 🧧 ☎" in text, text
    # the variation selector after ☎ comes back too (it is the emoji font's), the rest as typed
    assert f"Ghi chú 1 – 07/02/2027: {long}" in " ".join(text.split()), text
    assert STAND_IN not in text
    assert {"NotoSerif", "NotoEmoji", "NotoSansSymbols2", "NotoSansSymbols"} <= _fonts(content)


def test_a_character_no_font_has_prints_as_a_visible_stand_in_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    note = "Chúc mừng năm mới 福 an khang thịnh vượng"  # no font of ours has Chinese characters
    with caplog.at_level(logging.WARNING, logger="lichtruc.pdf.printable"):
        text = _text(notice_pdf(_point({3: note}), created=CREATED))
    assert f"Chúc mừng năm mới {STAND_IN} an khang thịnh vượng" in text, text
    assert [r for r in caplog.records if "U+798F" in r.getMessage() and STAND_IN in r.getMessage()], caplog.text


def test_a_daily_reports_remarks_keep_their_emoji() -> None:
    day = date(2027, 2, 6)
    at = datetime(2027, 2, 6, 10, tzinfo=UTC)
    facts = ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "VNPT Long An", day)
    remarks = "Đêm giao thừa bình thường 🎆, đường dây nóng ☎ thông suốt ✓."
    report = DailyReport(uuid.uuid4(), facts, 1, None, "01/BC-VNPTLA", remarks, at, "a@b.vn", "Trần Thị Quản Lý")
    content = report_pdf(report, created=at, profile=DepartmentProfile(place="Long An", version=1))
    assert remarks in _text(content)
    assert "NotoEmoji" in _fonts(content)


def test_a_document_without_such_a_character_embeds_no_fallback() -> None:
    content = notice_pdf(_point({3: "Nghỉ trưa 11:30–13:30"}), created=CREATED)
    assert _fonts(content) == {"NotoSerif", "NotoSerifBold", "NotoSerifItalic"}
    assert "Nghỉ trưa 11:30–13:30" in _text(content)


def test_a_note_is_told_before_printing_which_characters_will_print_as_the_stand_in() -> None:
    """`glyphs.unprintable` (what the manager is told on saving) names exactly the characters the notice prints as
    the stand-in: each once, in order; never a Vietnamese letter, an emoji or symbol a fallback has, nor an invisible
    character the notice leaves out."""
    note = "Chúc mừng năm mới 福 an khang 🧧 ☎\ufe0f thịnh vượng 福 禄 ①"
    assert unprintable(note) == ("福", "禄")
    assert unprintable("Nghỉ Tết, mở lại mùng 4 – 07:30") == ()
    assert unprintable(None) == () and unprintable("") == ()
    assert unprintable("Cho\u0300 ba\u0301o") == ()  # decomposed Vietnamese reads as its NFC letters
    text = _text(notice_pdf(_point({3: note}), created=CREATED))
    assert "Chúc mừng năm mới □ an khang 🧧 ☎" in text and "□ ①" in text, text


@pytest.mark.parametrize("style", ["", "B", "I"])
def test_what_is_told_unprintable_is_what_every_style_of_the_notice_prints_as_the_stand_in(style: str) -> None:
    sample = "aZ09ĐđƯươẠạỹ–—…“”«»₫€→①★✓☎☀♥🧧🎆🌸😀福禄日本語한국ไทยعربيΩ∑√∞§¶©®™\u200d\ufe0f\u00ad\U000e0101"
    pdf = new_pdf(title="thử", created=CREATED)
    pdf.set_font(FAMILY, style, 12)
    printed = {c: pdf.normalize_text(c) for c in sample}
    assert {c for c, out in printed.items() if out == STAND_IN} == set(unprintable(sample))
    assert printed["\U000e0101"] == ""  # an invisible character no font has is left out, and never told
    assert {c for c, out in printed.items() if out not in ("", STAND_IN)} == set(sample) - set(unprintable(sample)) - {
        "\U000e0101"
    }
