"""The Department's profile: the names its official documents print (Decree 30/2020/NĐ-CP's header, the place
before the date, the recipients, the abbreviation its documents' numbers end with), one record kept by an
administrator. Until one is set the profile is empty, and a document that would print those names is refused
(`ProfileNotSet`) rather than printed with another province's names or with a blank where the letterhead goes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lichtruc.text import as_printed, fold

from .errors import Conflict, RuleViolation

PAGE_VI = "Thông tin Sở"
PAGE_EN = "Department details"


@dataclass(frozen=True)
class DepartmentProfile:
    """What the documents print, as typed (NFC, one line each): `province` ("Long An", kept but printed nowhere),
    `department` the issuing body ("Sở Thông tin và Truyền thông", the summary's header's second line, in
    capitals), `superior` the body above it (its first line, in capitals: "UBND TỈNH LONG AN"), `place` written before a document's date ("Long An, ngày …"),
    and the recipients ("Nơi nhận") of an enterprise's daily report and of the province's summary, in order.
    `abbreviation` the issuing body's in its documents' numbers as set ("SKHCN" in "Số: …/BC-SKHCN"; "" while none
    is: they print `symbol`, the initials of `department`). `version` 0: never set."""

    province: str = ""
    department: str = ""
    abbreviation: str = ""
    superior: str = ""
    place: str = ""
    report_recipients: tuple[str, ...] = ()
    summary_recipients: tuple[str, ...] = ()
    version: int = 0
    updated_at: datetime | None = None

    @property
    def is_set(self) -> bool:
        return self.version > 0

    @property
    def symbol(self) -> str:
        """The abbreviation a document's number prints: the one set, else `default_abbreviation` of the name."""
        return self.abbreviation or default_abbreviation(self.department)

    def required(self) -> DepartmentProfile:
        """The profile, for a document that prints it; ProfileNotSet while an administrator has not set it."""
        if not self.is_set:
            raise ProfileNotSet()
        return self


EMPTY = DepartmentProfile()

MAX_ABBREVIATION = 20
_ABBREVIATION = re.compile(r"[A-Z0-9Đ]+")
_NOT_INITIALS = {
    "va",
    "cua",
}  # function words have no letter in a body's symbol: "Sở Thông tin và Truyền thông" → STTTT


def default_abbreviation(department: str) -> str:
    """The issuing body's abbreviation as Decree 30/2020/NĐ-CP's document numbers write it, from its name's initials:
    "Sở Thông tin và Truyền thông" → "STTTT", "Sở Khoa học và Công nghệ" → "SKHCN", "Sở Giáo dục và Đào tạo" →
    "SGDĐT" (the function words "và" and "của" left out, Đ kept as the symbols keep it, other letters without their
    marks, a word already in capitals kept whole: "Sở TT&TT" → "STTTT"). "" for no name. An enterprise's daily
    reports' numbers are written by the same rule (`reports.abbreviation`)."""
    letters = []
    for word in re.findall(r"\w+", department):
        if fold(word) in _NOT_INITIALS:
            continue
        if word.isupper() and len(word) > 1:
            letters.append("".join(_upper_plain(c) for c in word))
        else:
            letters.append(_upper_plain(word[0]))
    return "".join(c for c in "".join(letters) if _ABBREVIATION.fullmatch(c))[:MAX_ABBREVIATION]


def _upper_plain(letter: str) -> str:
    return "Đ" if letter in "Đđ" else fold(letter).upper()


def checked_abbreviation(typed: str) -> str:
    """An abbreviation typed: capital letters (Đ among them) and digits, no space or mark, as a document's number
    prints it; refused in words with what it would be in capitals when that is all it lacks."""
    if _ABBREVIATION.fullmatch(typed) and len(typed) <= MAX_ABBREVIATION:
        return typed
    upper = typed.upper()
    if _ABBREVIATION.fullmatch(upper) and len(upper) <= MAX_ABBREVIATION:
        raise RuleViolation(
            "abbreviation",
            "capitals",
            f"The Department's abbreviation is written in capitals, as its documents' numbers print it: type "
            f"“{upper}” rather than “{typed}”.",
            f"Chữ viết tắt tên Sở viết bằng chữ in hoa như trong số văn bản: gõ “{upper}” thay vì “{typed}”.",
        )
    raise RuleViolation(
        "abbreviation",
        "letters-and-digits",
        f"“{typed}” cannot be the Department's abbreviation in its documents' numbers: capital letters and digits "
        f"only, no space, dash or accent, at most {MAX_ABBREVIATION} (e.g. STTTT, SKHCN).",
        f"“{typed}” không dùng được làm chữ viết tắt tên Sở trong số văn bản: chỉ gồm chữ in hoa và chữ số, không dấu "
        f"cách, gạch nối hay dấu thanh, tối đa {MAX_ABBREVIATION} ký tự (ví dụ: STTTT, SKHCN).",
    )


def typed_marks_removed(recipients: tuple[str, ...]) -> tuple[str, ...]:
    """The recipients as kept: each without the mark typed at its end (`as_printed`), so that the page, the history
    and the document read the same names."""
    return tuple(as_printed(r) for r in recipients)


def recipient_lines(recipients: tuple[str, ...] | list[str]) -> list[str]:
    """The "Nơi nhận" list as Decree 30/2020/NĐ-CP prints it: "- " before each recipient, ";" after each, "." after
    the last ("- Lưu: VT."), whatever the person typed at their ends (`as_printed`)."""
    last = len(recipients) - 1
    return [f"- {as_printed(r)}{'.' if i == last else ';'}" for i, r in enumerate(recipients)]


def checked_recipients(recipients: tuple[str, ...], *, field: str) -> tuple[str, ...]:
    """A document's recipients: at least one ("Lưu: VT" at least, Decree 30), none twice."""
    if not recipients:
        raise RuleViolation(
            field,
            "at-least-one",
            "A document needs at least one recipient (at least “Lưu: VT”, the office's own copy): add one per line.",
            "Văn bản cần ít nhất một nơi nhận (ít nhất là “Lưu: VT”): mỗi nơi nhận một dòng.",
        )
    seen: set[str] = set()
    for i, r in enumerate(recipients):
        if as_printed(r).casefold() in seen:
            raise RuleViolation(
                f"{field}.{i}",
                "no-repeats",
                f"“{r}” is listed twice among the recipients: keep it once.",
                f"“{r}” được ghi hai lần trong nơi nhận: chỉ giữ một lần.",
            )
        seen.add(as_printed(r).casefold())
    return recipients


class ProfileNotSet(Conflict):
    """A document printing the Department's names asked for before an administrator has set them (409)."""

    def __init__(self) -> None:
        super().__init__(
            "department",
            "department-profile-not-set",
            f"The Department's details (the province, the Department's and its superior body's names, the "
            f"recipients) have not been set, so this document cannot be printed without a wrong or blank "
            f"letterhead: an administrator sets them on the page “{PAGE_EN}” (Thông tin Sở), then download it again.",
            f"Chưa có thông tin của Sở (tên tỉnh, tên Sở và cơ quan chủ quản, nơi nhận) nên chưa thể in văn bản này "
            f"mà không sai hoặc trống phần tiêu đề: quản trị viên nhập ở trang “{PAGE_VI}”, rồi tải lại văn bản.",
        )
