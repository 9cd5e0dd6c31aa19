"""Messages to an enterprise's managers about the Department's inspections (issue 15, part 5): a planned
inspection, moved to another day or cancelled (never a surprise one: the enterprise must not learn of it
before its finding), and a recorded finding. Pure: the plan comes in as its event snapshot, the Department's name
as its profile was last saved (`department`; None until roster said it: "Sở" / "the Department", never a name
written here, for an administrator renames it on /admin/department)."""

from __future__ import annotations

from datetime import date

from lichtruc import vntime
from lichtruc.events_inspections import InspectionSnapshot

from .messages import Message, single_line
from .texts import Lang, message_texts

PHASES = {
    "vi": {"before": "trước Tết", "during": "trong Tết", "after": "sau Tết"},
    "en": {"before": "before Tết", "during": "during Tết", "after": "after Tết"},
}
RESULTS = {
    "vi": {"compliant": "Đạt yêu cầu", "issues_found": "Có tồn tại, thiếu sót"},
    "en": {"compliant": "Compliant", "issues_found": "Issues found"},
}


def _body(department: str | None, lang: Lang) -> str:
    """Who plans the inspections, as a sentence starts with it."""
    if lang == "vi":
        return department or "Sở"
    return f"The Department ({department})" if department else "The Department"


def _where(s: InspectionSnapshot, lang: Lang) -> str:
    enterprise = s.enterprise_name or ("doanh nghiệp của anh/chị" if lang == "vi" else "your enterprise")
    return f"{enterprise} – {s.site_name}" if s.site_name else enterprise


def _facts(s: InspectionSnapshot, lang: Lang) -> list[str]:
    day = vntime.day_label(s.planned_on, lang)
    inspectors = ", ".join(s.inspectors)
    if lang == "vi":
        return [
            f"Đơn vị được kiểm tra: {_where(s, lang)}",
            f"Ngày kiểm tra: {day} ({PHASES[lang][s.phase]})",
            f"Nội dung: {s.purpose}",
            f"Đoàn kiểm tra: {inspectors}",
        ]
    return [
        f"Inspected: {_where(s, lang)}",
        f"Day: {day} ({PHASES[lang][s.phase]})",
        f"Purpose and scope: {s.purpose}",
        f"Inspectors: {inspectors}",
    ]


def planned_message(
    s: InspectionSnapshot, *, lang: Lang, department: str | None = None, link: str | None = None
) -> Message:
    """A (non-surprise) inspection was planned."""
    day = vntime.day_label(s.planned_on, lang)
    who = _body(department, lang)
    if lang == "vi":
        subject = f"{who} sẽ kiểm tra công tác trực Tết ngày {day}"
        intro = f"{who} đã lên kế hoạch kiểm tra công tác trực Tết tại đơn vị:"
        outro = "Đề nghị đơn vị chuẩn bị hồ sơ, lịch trực và bố trí người làm việc với đoàn."
    else:
        subject = f"The Department will inspect Tết duty on {day}"
        intro = f"{who} has planned an inspection of your Tết duty:"
        outro = "Please have the duty roster and records ready and name someone to receive the inspectors."
    body = [intro, "", *_facts(s, lang), "", outro, ""]
    return Message(single_line(subject), _signed(body, link, lang))


def finding_message(
    s: InspectionSnapshot, *, lang: Lang, department: str | None = None, link: str | None = None
) -> Message:
    """The inspectors recorded their finding (also for a surprise inspection: it is visible now)."""
    assert s.finding is not None
    f = s.finding
    result = RESULTS[lang][f.result]
    day = vntime.day_label(s.planned_on, lang)
    if lang == "vi":
        subject = f"Kết quả kiểm tra{' đột xuất' if s.surprise else ''} công tác trực Tết ngày {day}: {result}"
        lines = [
            f"Đoàn kiểm tra của {_body(department, lang)} đã ghi nhận kết quả kiểm tra"
            + (" đột xuất" if s.surprise else "")
            + ":",
            "",
            *_facts(s, lang),
            f"Kết quả: {result}",
            f"Nhận xét: {f.text}",
        ]
        if f.recommendations:
            lines.append(f"Kiến nghị: {f.recommendations}")
    else:
        subject = f"Result of the{' surprise' if s.surprise else ''} Tết duty inspection on {day}: {result}"
        lines = [
            "The Department's inspectors"
            + (f" ({department})" if department else "")
            + " recorded the result of their "
            + ("surprise " if s.surprise else "")
            + "inspection:",
            "",
            *_facts(s, lang),
            f"Result: {result}",
            f"Findings: {f.text}",
        ]
        if f.recommendations:
            lines.append(f"Recommendations: {f.recommendations}")
    return Message(single_line(subject), _signed([*lines, ""], link, lang))


LINK = {"vi": "Xem các cuộc kiểm tra trên Lịch trực Tết", "en": "See the inspections on the Tết duty roster"}


def _signed(lines: list[str], link: str | None, lang: Lang) -> str:
    """The body's lines, then the link to the managers' inspections page (`links.manager_inspections`), if any,
    and the signature."""
    tail = [f"{LINK[lang]}: {link}", ""] if link else []
    return "\n".join([*lines, *tail, "-- ", message_texts(lang).signature]) + "\n"


def _reason(reason: str | None, lang: Lang) -> str:
    if lang == "vi":
        return f"Lý do: {reason}" if reason else "Lý do: (Sở không ghi lý do)"
    return f"Reason: {reason}" if reason else "Reason: (none given)"


def rescheduled_message(
    s: InspectionSnapshot,
    *,
    previous: date,
    reason: str | None,
    lang: Lang,
    department: str | None = None,
    link: str | None = None,
) -> Message:
    """An announced inspection moved from `previous` to its new day (``s.planned_on``)."""
    old, new = vntime.day_label(previous, lang), vntime.day_label(s.planned_on, lang)
    who = _body(department, lang)
    if lang == "vi":
        subject = f"{who} dời ngày kiểm tra công tác trực Tết sang {new}"
        intro = f"{who} đã dời ngày kiểm tra công tác trực Tết tại đơn vị:"
        moved = [f"Ngày kiểm tra cũ: {old}", f"Ngày kiểm tra mới: {new} ({PHASES[lang][s.phase]})"]
        outro = "Đề nghị đơn vị chuẩn bị hồ sơ, lịch trực và bố trí người làm việc với đoàn vào ngày mới."
    else:
        subject = f"The Department moved its Tết duty inspection to {new}"
        intro = f"{who} moved its inspection of your Tết duty:"
        moved = [f"Previous day: {old}", f"New day: {new} ({PHASES[lang][s.phase]})"]
        outro = "Please have the duty roster and records ready on the new day."
    facts = _facts(s, lang)
    body = [intro, "", facts[0], *moved, *facts[2:], _reason(reason, lang), "", outro, ""]
    return Message(single_line(subject), _signed(body, link, lang))


def cancelled_message(
    s: InspectionSnapshot, *, reason: str | None, lang: Lang, department: str | None = None, link: str | None = None
) -> Message:
    """An announced inspection was cancelled before its finding."""
    day = vntime.day_label(s.planned_on, lang)
    who = _body(department, lang)
    if lang == "vi":
        subject = f"{who} hủy cuộc kiểm tra công tác trực Tết ngày {day}"
        intro = f"{who} đã hủy cuộc kiểm tra công tác trực Tết tại đơn vị:"
        outro = "Đơn vị không cần chuẩn bị làm việc với đoàn vào ngày này."
    else:
        subject = f"The Department cancelled its Tết duty inspection on {day}"
        intro = f"{who} cancelled its inspection of your Tết duty:"
        outro = "There is no need to prepare for the inspectors on that day."
    body = [intro, "", *_facts(s, lang), _reason(reason, lang), "", outro, ""]
    return Message(single_line(subject), _signed(body, link, lang))
