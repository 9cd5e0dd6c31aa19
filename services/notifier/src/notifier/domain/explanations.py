"""Mails about an enterprise's explanations (giải trình) of its coverage gaps and inspection findings (QZ28 #3: nobody
was told that one waited for an answer, or had been answered):

* a version given or amended (audit's `ExplanationGiven`) → the province's inspectors, to read and answer it: the
  enterprise, the item (site, duty type, its window or the visit's time in Asia/Ho_Chi_Minh with the lunar day), the
  version, who wrote it (and on whose behalf), the cause chosen (QZ29 #3), their reason, what was done, the files by
  name and size, and the link to the item's page where they answer (`given_message`);
* an answer (audit's `ExplanationReviewed`) → the enterprise's managers: accepted, or more asked with the inspector's
  note, and the link to their page of the item, where they amend it (`answered_message`).

Each in its reader's language (`Lang`), both languages written here. The item is said from the record's names; a
record written before audit published them has none but its words (`item_vi` / `item_en`), which are said instead.
Pure."""

from __future__ import annotations

from collections.abc import Sequence

from lichtruc import vntime, words
from lichtruc.events_explanations import ExplanationEvent, ExplanationFile, ExplanationGiven, ExplanationReviewed

from .messages import Message, enterprise_label, labelled_lines, noted, single_line, span_said
from .texts import Lang, duty_type_name, message_texts

TEXTS: dict[Lang, dict[str, str]] = {
    "vi": {
        "given_subject": "Giải trình chờ thanh tra xem: {enterprise} — {item}",
        "amended_subject": "Giải trình bổ sung (lần {n}) chờ thanh tra xem: {enterprise} — {item}",
        "given_intro": "{enterprise} đã giải trình {item}. Giải trình đang chờ thanh tra xem và trả lời.",
        "amended_intro": "{enterprise} đã giải trình bổ sung (lần {n}) {item}. Giải trình đang chờ thanh tra xem và "
        "trả lời.",
        "given_link": "Xem và trả lời giải trình",
        "accepted_subject": "Thanh tra đã chấp nhận giải trình: {enterprise} — {item}",
        "more_subject": "Thanh tra yêu cầu bổ sung giải trình: {enterprise} — {item}",
        "accepted_intro": "{inspector} đã chấp nhận giải trình (lần {n}) của {enterprise} về {item}.",
        "more_intro": "{inspector} yêu cầu {enterprise} bổ sung giải trình (lần {n}) về {item}.",
        "accepted_action": "Giải trình đã được chấp nhận, không cần bổ sung thêm.",
        "more_action": "Đề nghị doanh nghiệp bổ sung giải trình theo ghi chú của thanh tra.",
        "accepted_link": "Xem giải trình",
        "more_link": "Bổ sung giải trình",
        "enterprise": "Doanh nghiệp",
        "kind": "Nội dung giải trình",
        "gap": "Khoảng trống trực (thiếu người trực)",
        "finding": "Biên bản kiểm tra có sai lệch so với lịch trực",
        "site": "Địa điểm",
        "window": "Khoảng thời gian",
        "visit": "Thời điểm kiểm tra",
        "version": "Lần giải trình",
        "author": "Người giải trình",
        "on_behalf": "{name} (quản trị, thay mặt doanh nghiệp)",
        "cause": "Nguyên nhân",
        "reason": "Lý do",
        "action": "Việc đã làm",
        "files": "Tệp đính kèm",
        "file": "{name} ({kb} KB)",
        "was": "lần {n}: {cause}",
        "note": "Ghi chú của thanh tra",
    },
    "en": {
        "given_subject": "Explanation to review: {enterprise} — {item}",
        "amended_subject": "Amended explanation (version {n}) to review: {enterprise} — {item}",
        "given_intro": "{enterprise} has explained {item}. The explanation waits for an inspector to read and answer "
        "it.",
        "amended_intro": "{enterprise} has amended its explanation (version {n}) of {item}. It waits for an inspector "
        "to read and answer it.",
        "given_link": "Read and answer the explanation",
        "accepted_subject": "Explanation accepted by the inspector: {enterprise} — {item}",
        "more_subject": "The inspector asks for more: {enterprise} — {item}",
        "accepted_intro": "{inspector} accepted {enterprise}'s explanation (version {n}) of {item}.",
        "more_intro": "{inspector} asks {enterprise} for more on its explanation (version {n}) of {item}.",
        "accepted_action": "The explanation is accepted: nothing more is needed.",
        "more_action": "Please amend the explanation as the inspector's note says.",
        "accepted_link": "See the explanation",
        "more_link": "Amend the explanation",
        "enterprise": "Enterprise",
        "kind": "Explained",
        "gap": "A coverage gap (people on duty short of the requirement)",
        "finding": "An inspection finding that differs from the roster",
        "site": "Site",
        "window": "Window",
        "visit": "Visited at",
        "version": "Version",
        "author": "Written by",
        "on_behalf": "{name} (administrator, on the enterprise's behalf)",
        "cause": "Cause",
        "reason": "Reason",
        "action": "What was done",
        "files": "Attachments",
        "file": "{name} ({kb} KB)",
        "was": "version {n}: {cause}",
        "note": "The inspector's note",
    },
}


def cause_said(cause: str, lang: Lang) -> str | None:
    """The cause the enterprise chose, in `lang`, as the portal's form offers it (`lichtruc.words`: "Ốm đau, việc gia
    đình đột xuất"); None (no line) for a code not known here rather than the code itself."""
    return words.name("explanation_cause", cause, lang) if cause in words.EXPLANATION_CAUSE_NAMES else None


def _cause_line(e: ExplanationGiven, lang: Lang) -> str | None:
    """The version's cause, and an amendment's that changed it, what it was before: "Ốm đau, việc gia đình đột xuất
    (lần 1: Người trực không đến)"."""
    v = e.explanation
    now, before = cause_said(v.cause, lang), cause_said(e.previous_cause or "", lang)
    if now is None or before is None or e.previous_cause == v.cause:
        return now
    return f"{now} ({TEXTS[lang]['was'].format(n=v.version - 1, cause=before)})"


def files_said(files: Sequence[ExplanationFile], lang: Lang) -> str | None:
    """The files given, one a line, by name and size as the portal's page of the explanation says them
    ("Giấy khám bệnh.pdf (245 KB)"; QZ29 #3: the mail said only "2 tệp"); None (no line) for none."""
    return (
        "\n".join(TEXTS[lang]["file"].format(name=f.filename, kb=max(1, round(f.size / 1024))) for f in files) or None
    )


def _item(e: ExplanationEvent, lang: Lang) -> str:
    """The item as the record says it in `lang` ("khoảng trống trực điều hành tại Tổng đài Tân An, 06:00–12:00
    06/02/2027 (Mùng 1 Tết)")."""
    return e.item_vi if lang == "vi" else e.item_en


def _enterprise(e: ExplanationEvent, lang: Lang) -> str:
    return enterprise_label(e.enterprise_name, lang)


def _when(e: ExplanationEvent, lang: Lang) -> tuple[str, str]:
    """The item's time line: a gap's window, a finding's visit, in Vietnam's time with the lunar days."""
    t, note = TEXTS[lang], message_texts(lang).local_time_note
    assert e.starts_at is not None
    if e.item_kind == "gap" and e.ends_at is not None:
        return t["window"], noted(span_said(e.starts_at, e.ends_at, lang), note)
    return t["visit"], noted(vntime.instant_label(e.starts_at, lang), note)


def _item_lines(e: ExplanationEvent, lang: Lang) -> list[tuple[str, str | None]]:
    """The enterprise and what is explained; then, from a record that names them, the duty, the site (none: the
    whole enterprise) and the time (a record that does not has them in its words only, said in the first line)."""
    t, m = TEXTS[lang], message_texts(lang)
    lines: list[tuple[str, str | None]] = [(t["enterprise"], _enterprise(e, lang)), (t["kind"], t[e.item_kind])]
    if e.starts_at is None:
        return lines
    when_label, when = _when(e, lang)
    return [
        *lines,
        (m.duty_type, duty_type_name(e.duty_type, lang) if e.duty_type else None),
        (t["site"], e.site_name or m.whole_enterprise),
        (when_label, when),
    ]


def _signed(lines: list[str], link_label: str, link: str | None, lang: Lang) -> str:
    tail = [f"{link_label}: {link}", ""] if link else []
    return "\n".join([*lines, *tail, "-- ", message_texts(lang).signature]) + "\n"


def _greeting(name: str | None, lang: Lang) -> list[str]:
    return [message_texts(lang).greeting.format(name=name), ""] if name else []


def given_message(e: ExplanationGiven, *, lang: Lang, name: str | None = None, link: str | None = None) -> Message:
    """An explanation given (version 1) or amended (version 2, 3…) — to an inspector, `name` when known; `link`:
    the item's inspector page (`links.inspect_item`), where it is answered."""
    t, v = TEXTS[lang], e.explanation
    amended = v.version > 1
    said = {"enterprise": _enterprise(e, lang), "item": _item(e, lang), "n": str(v.version)}
    subject = t["amended_subject" if amended else "given_subject"].format(**said)
    author = v.author_name or v.author
    details = [
        *_item_lines(e, lang),
        (t["version"], str(v.version)),
        (t["author"], t["on_behalf"].format(name=author) if v.on_behalf else author),
        (t["cause"], _cause_line(e, lang)),
        (t["reason"], v.reason),
        (t["action"], v.action),
        (t["files"], files_said(v.attachments, lang)),
    ]
    body = [
        *_greeting(name, lang),
        t["amended_intro" if amended else "given_intro"].format(**said),
        "",
        *labelled_lines(details),
        "",
    ]
    return Message(single_line(subject), _signed(body, t["given_link"], link, lang))


def answered_message(
    e: ExplanationReviewed, *, lang: Lang, name: str | None = None, link: str | None = None
) -> Message:
    """An inspector's answer — to a manager of the enterprise, `name` when known: accepted, or more asked with the
    inspector's note; `link`: the manager's page of the item (`links.manager_explanation`), where it is amended."""
    t, r = TEXTS[lang], e.review
    decision = "accepted" if r.decision == "accept" else "more"
    said = {
        "enterprise": _enterprise(e, lang),
        "item": _item(e, lang),
        "n": str(r.version),
        "inspector": words.inspector_titled(r.reviewer_name or r.reviewer, lang),
    }
    # the note of an acceptance too, when the inspector wrote one ("Chấp nhận; lưu ý bố trí dự phòng")
    details = [*_item_lines(e, lang), (t["version"], str(r.version)), (t["note"], r.note or None)]
    body = [
        *_greeting(name, lang),
        t[f"{decision}_intro"].format(**said),
        "",
        *labelled_lines(details),
        "",
        t[f"{decision}_action"],
        "",
    ]
    subject = t[f"{decision}_subject"].format(**said)
    return Message(single_line(subject), _signed(body, t[f"{decision}_link"], link, lang))
