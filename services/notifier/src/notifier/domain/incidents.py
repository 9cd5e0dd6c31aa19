"""Incident alerts: what the people told of a new communication incident read, and who they are.

Who is alerted when an incident is opened (`IncidentOpened`), at once, once per recipient and incident:

* the **leader on duty** of the enterprise: everyone on a leadership shift of that enterprise (published,
  checked in or completed, as notifier's read model knows it) whose time covers the incident's detection;
  if nobody is, the enterprise's manager addresses;
* the **Department's inspectors** (the addresses in ``NOTIFIER_DEPARTMENT_EMAILS``), as the issue asks
  ("for severe ones **or** border/Party-State impact"), when the incident is severe — severity *critical* or
  *serious* — **or** affects a border area or Party/State agency links, whatever its severity. Only a minor
  incident with neither impact is the enterprise's own matter.

When the incident is resolved (`IncidentResolved`), those the opening alert went to — the leaders or managers, the
Department — are told it is closed: when service came back, how long it was out, the cause if typed
(`incident_closed_message`, QZ26 #11b: a demanding inspector alerted of a serious incident heard nothing of its end);
once per recipient and incident, at once, in the language the alert was written in; nobody the alert did not go to.

Otherwise a later `IncidentUpdated` alerts nobody again, nor does a redelivered event, but for the person an
`IncidentUpdated` adds as a responder (`responder_added`): they are told which incident, who added them, its page and
what to do (`responder_added_message`; one who added themselves — the event's `actor_staff_id` is theirs — that they
joined, and when, with nobody to contact), on the channels they chose, at once — a call to respond, as the alert is,
not held by their quiet hours; once per person and incident, never the responders already there. A responder taken
off the incident (`IncidentResponderRemoved`: added by mistake) is told they no longer are, by whom and when
(`responder_removed_message`; one who took themselves off — the event's `actor_staff_id` is theirs — that they left,
and when, with nobody to ask), on the channels they chose and after their quiet hours, as a person taken off a
shift is (handlers/incidents.py); once per removal.

With the portal's address known (``NOTIFIER_PORTAL_URL``), an alert ends with a link to the incident's page:
the inspectors' (``/inspect/incidents/{id}``) for the Department's addresses, the enterprise's
(``/incidents/{id}``) for the leaders on duty, the managers and the webhook (whose readers are not known).

Pure: the texts in Vietnamese and English, with names, the local time and the lunar day."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from lichtruc import vntime
from lichtruc.events_incidents import IncidentSnapshot
from lichtruc.words import name, yes_no

from . import links
from .messages import Message, labelled_lines, noted, single_line
from .texts import Lang, message_texts, offset_said

ON_DUTY_STATUSES = ("published", "checked_in", "completed")
LEADERSHIP = "leadership"


def is_severe(incident: IncidentSnapshot) -> bool:
    """Whether the Department is told at once: critical or serious, or any incident with border or
    Party/State agency impact."""
    return incident.severity in ("critical", "serious") or incident.border or incident.agency_links


_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "head": "Sự cố thông tin",
        "intro": "Một sự cố thông tin liên lạc vừa được ghi nhận và cần chỉ đạo ứng cứu ngay.",
        "intro_department": "Một doanh nghiệp vừa ghi nhận sự cố thông tin liên lạc nghiêm trọng hoặc ảnh hưởng "
        "khu vực biên giới, liên lạc cơ quan Đảng, Nhà nước (gửi Sở).",
        "enterprise": "Doanh nghiệp",
        "where": "Nơi xảy ra",
        "border": "Khu vực biên giới",
        "detected": "Phát hiện lúc",
        "services": "Dịch vụ bị ảnh hưởng",
        "agency": "Ảnh hưởng liên lạc cơ quan Đảng, Nhà nước",
        "severity": "Mức độ",
        "description": "Mô tả",
        "local": "giờ Việt Nam",
        "link": "Xem chi tiết",
    },
    "en": {
        "head": "Communication incident",
        "intro": "A communication incident has just been recorded and needs a response at once.",
        "intro_department": "An enterprise has just recorded a communication incident that is severe or affects "
        "a border area or Party/State agency links (to the Department).",
        "enterprise": "Enterprise",
        "where": "Where",
        "border": "Border area",
        "detected": "Detected at",
        "services": "Services affected",
        "agency": "Party/State agency links affected",
        "severity": "Severity",
        "description": "Description",
        "local": "Vietnam time",
        "link": "See the details",
    },
}


def incident_page(portal_url: str, incident: IncidentSnapshot, *, inspector: bool) -> str | None:
    """The incident's page on the portal at `portal_url`: the inspectors' (`inspector`), else the one of the
    enterprise's people; None without a portal address."""
    return links.incident(portal_url, incident.incident_id, inspector=inspector)


def incident_message(
    incident: IncidentSnapshot, *, lang: Lang, department: bool = False, link: str | None = None
) -> Message:
    """The alert: subject (severity, where, enterprise, local time) and the details, in `lang`; with a `link`
    (`incident_page`), last (before the signature) where to see the incident."""
    w = _WORDS[lang]
    severity = name("incident_severity", incident.severity, lang)
    where = incident.site_name or incident.district or "—"
    if incident.site_name and incident.district:
        where = f"{incident.site_name} ({incident.district})"
    enterprise = incident.enterprise_name or "—"
    detected = vntime.instant_label(incident.detected_at, lang)
    subject = single_line(
        f"[{w['head']} — {severity}] {incident.site_name or incident.district or enterprise} — {enterprise}, "
        f"{vntime.clock(incident.detected_at, lang)}"
    )
    details: list[tuple[str, str | None]] = [
        (w["enterprise"], enterprise),
        (w["where"], where),
        (w["border"], yes_no(incident.border, lang)),
        (w["detected"], noted(detected, w["local"])),
        (w["services"], ", ".join(name("incident_service", s, lang) for s in incident.services)),
        (w["agency"], yes_no(incident.agency_links, lang)),
        (w["severity"], severity),
        (w["description"], incident.description),
    ]
    body = [
        w["intro_department"] if department else w["intro"],
        "",
        # a description of several lines goes on under its first line's words, as in the responder's mail (QZ22
        # #12d: it went on at the left margin here)
        *labelled_lines(details, indent=""),
        *(["", f"{w['link']}: {link}"] if link else []),
        "",
        "-- ",
        message_texts(lang).signature,
    ]
    return Message(subject=subject, text="\n".join(body) + "\n")


_CLOSED: dict[str, dict[str, str]] = {
    "vi": {
        "head": "Đã khắc phục",
        "intro": "Sự cố thông tin liên lạc dưới đây, đã báo anh/chị khi ghi nhận, đã được khắc phục.",
        "restored": "Khôi phục dịch vụ lúc",
        "outage": "Thời gian gián đoạn",
        "cause": "Nguyên nhân",
        "closing_note": "Kết quả xử lý",
        "back_at": "khôi phục lúc",
    },
    "en": {
        "head": "Resolved",
        "intro": "The communication incident below, of which you were alerted when it was recorded, is resolved.",
        "restored": "Service restored at",
        "outage": "Outage",
        "cause": "Cause",
        "closing_note": "Handling",
        "back_at": "restored at",
    },
}


def incident_closed_message(incident: IncidentSnapshot, *, lang: Lang, link: str | None = None) -> Message:
    """The notice that an incident whose opening was alerted is resolved (QZ26 #11b): subject (resolved, where, the
    enterprise, when service came back), then the enterprise, where, its detection and restoration (local times),
    how long service was out, the cause and the handling when typed, in `lang`; with a `link` (`incident_page`)."""
    w, c = _WORDS[lang], _CLOSED[lang]
    where = incident.site_name or incident.district or "—"
    if incident.site_name and incident.district:
        where = f"{incident.site_name} ({incident.district})"
    enterprise = incident.enterprise_name or "—"
    restored = incident.restored_at or incident.resolved_at
    back = f", {c['back_at']} {vntime.clock(restored, lang)}" if restored is not None else ""
    subject = single_line(
        f"[{w['head']} — {c['head']}] {incident.site_name or incident.district or enterprise} — {enterprise}{back}"
    )
    outage = None
    if restored is not None and restored >= incident.detected_at:
        outage = offset_said(round((restored - incident.detected_at).total_seconds() / 60), lang)
    details: list[tuple[str, str | None]] = [
        (w["enterprise"], enterprise),
        (w["where"], where),
        (w["detected"], noted(vntime.instant_label(incident.detected_at, lang), w["local"])),
        (c["restored"], noted(vntime.instant_label(restored, lang), w["local"]) if restored is not None else None),
        (c["outage"], outage),
        (w["severity"], name("incident_severity", incident.severity, lang)),
        (c["cause"], (incident.cause or "").strip() or None),
        (c["closing_note"], (incident.closing_note or "").strip() or None),
    ]
    body = [
        c["intro"],
        "",
        *labelled_lines([(label, value) for label, value in details if value], indent=""),
        *(["", f"{w['link']}: {link}"] if link else []),
        "",
        "-- ",
        message_texts(lang).signature,
    ]
    return Message(subject=subject, text="\n".join(body) + "\n")


_REMOVED: dict[str, dict[str, str]] = {
    "vi": {
        "head": "Anh/chị không còn trong danh sách ứng cứu sự cố",
        "intro": "Anh/chị không còn trong danh sách ứng cứu sự cố dưới đây",
        "by_at": " (gỡ bởi {by}, lúc {at})",
        "at": " (gỡ lúc {at})",
        "reason": "Lý do",
        "what_to_do": "Nếu anh/chị vẫn đang tham gia ứng cứu sự cố này, hãy báo người đã gỡ hoặc lãnh đạo trực để "
        "được thêm lại vào danh sách.",
    },
    "en": {
        "head": "You are no longer a responder to an incident",
        "intro": "You are no longer among the responders to the incident below",
        "by_at": " (removed by {by} at {at})",
        "at": " (removed at {at})",
        "reason": "Reason",
        "what_to_do": "If you are still responding to this incident, tell whoever removed you or the leader on "
        "duty, so that they add you again.",
    },
}


_LEFT: dict[str, dict[str, str]] = {
    "vi": {
        "head": "Anh/chị đã rút khỏi danh sách ứng cứu sự cố",
        "intro": "Anh/chị đã tự rút khỏi danh sách ứng cứu sự cố dưới đây",
        "by_at": " lúc {at}",
        "at": " lúc {at}",
        "reason": "Lý do",
        "what_to_do": "Nếu anh/chị rút nhầm và vẫn đang tham gia ứng cứu sự cố này, hãy đăng ký lại trên trang sự cố.",
    },
    "en": {
        "head": "You left an incident's responders",
        "intro": "You left the responders to the incident below",
        "by_at": " at {at}",
        "at": " at {at}",
        "reason": "Reason",
        "what_to_do": "If you left by mistake and are still responding to this incident, add yourself again on the "
        "incident's page.",
    },
}


def responder_removed_message(
    incident: IncidentSnapshot,
    *,
    person_name: str,
    lang: Lang,
    removed_at: datetime,
    by_name: str | None,
    reason: str | None,
    link: str | None = None,
    left: bool = False,
) -> Message:
    """To a responder taken off an incident (added by mistake): that they no longer respond to it, by whom (the
    name of the account that took them off; left out when not known — never a login) and when, why if said, the
    incident as the alert told it, and what to do if they are still responding. `left`: they took themselves off
    (the account that did is theirs) — the mail says they left, when, and names nobody to ask (QZ22 #12: "gỡ bởi"
    herself, told to ask whoever removed her)."""
    w, alert = (_LEFT if left else _REMOVED)[lang], _WORDS[lang]
    quoted = f"“{reason.strip()}”" if reason and reason.strip() else None
    return _responder_notice(
        incident,
        words=w,
        person_name=person_name,
        lang=lang,
        at=removed_at,
        by_name=None if left else by_name,
        head=w["head"],
        rows=[
            (alert["severity"], name("incident_severity", incident.severity, lang)),
            (alert["description"], incident.description),
            (w["reason"], quoted),
        ],
        link=(alert["link"], link),
    )


_ADDED: dict[str, dict[str, str]] = {
    "vi": {
        "head": "Anh/chị được thêm vào danh sách ứng cứu sự cố",
        "intro": "Anh/chị vừa được thêm vào danh sách ứng cứu sự cố dưới đây",
        "by_at": " (người thêm: {by}, lúc {at})",
        "at": " (lúc {at})",
        "what_to_do": "Đề nghị anh/chị tham gia ứng cứu ngay: liên hệ lãnh đạo trực hoặc người đã thêm anh/chị, và "
        "ghi cập nhật trên trang sự cố khi có tiến triển. Nếu anh/chị được thêm nhầm, hãy báo người đã thêm để được "
        "gỡ khỏi danh sách.",
        "link": "Xem sự cố và ghi cập nhật",
    },
    "en": {
        "head": "You were added to an incident's responders",
        "intro": "You have been added to the responders to the incident below",
        "by_at": " (by {by} at {at})",
        "at": " (at {at})",
        "what_to_do": "Please join the response now: get in touch with the leader on duty or whoever added you, and "
        "write updates on the incident's page as the work goes on. If you were added by mistake, tell whoever added "
        "you, so that they take you off.",
        "link": "See the incident and write updates",
    },
}


_JOINED: dict[str, dict[str, str]] = {
    "vi": {
        "head": "Anh/chị đã đăng ký ứng cứu sự cố",
        "intro": "Anh/chị đã đăng ký tham gia ứng cứu sự cố dưới đây",
        "by_at": " lúc {at}",
        "at": " lúc {at}",
        "what_to_do": "Hãy ghi cập nhật trên trang sự cố khi có tiến triển. Nếu anh/chị đăng ký nhầm, hãy báo lãnh "
        "đạo trực để được gỡ khỏi danh sách.",
        "link": "Xem sự cố và ghi cập nhật",
    },
    "en": {
        "head": "You joined an incident's responders",
        "intro": "You joined the responders to the incident below",
        "by_at": " at {at}",
        "at": " at {at}",
        "what_to_do": "Write updates on the incident's page as the work goes on. If you joined by mistake, tell the "
        "leader on duty, so that they take you off.",
        "link": "See the incident and write updates",
    },
}


def responder_added_message(
    incident: IncidentSnapshot,
    *,
    person_name: str,
    lang: Lang,
    added_at: datetime,
    by_name: str | None,
    link: str | None = None,
    joined: bool = False,
) -> Message:
    """To a person added as a responder to an incident: which incident (its severity in the subject; where, the
    enterprise, when it began, the services and what happened in the body), who added them (the name of the account
    that did; left out when not known — never a login) and when, where to see it and what to do. `joined`: the
    person added themselves (the account that did is theirs) — the mail says they joined, when, and names nobody to
    contact (QZ22 #12: it told her to contact the person who added her, herself)."""
    w, alert = (_JOINED if joined else _ADDED)[lang], _WORDS[lang]
    severity = name("incident_severity", incident.severity, lang)
    return _responder_notice(
        incident,
        words=w,
        person_name=person_name,
        lang=lang,
        at=added_at,
        by_name=None if joined else by_name,
        head=f"{w['head']} — {severity}",
        rows=[
            (alert["severity"], severity),
            (alert["services"], ", ".join(name("incident_service", s, lang) for s in incident.services)),
            (alert["description"], incident.description),
        ],
        link=(w["link"], link),
    )


def _responder_notice(
    incident: IncidentSnapshot,
    *,
    words: Mapping[str, str],
    person_name: str,
    lang: Lang,
    at: datetime,
    by_name: str | None,
    head: str,
    rows: Sequence[tuple[str, str | None]],
    link: tuple[str, str | None],
) -> Message:
    """A notice to a responder added or taken off (`words`: `_ADDED`'s or `_REMOVED`'s): the subject's `head`, where
    and when; the change, by whom (never a login) and when; the enterprise, the place and the start, then `rows`;
    what to do, and the incident page's `link` (its label and address) when there is one."""
    alert = _WORDS[lang]
    when = vntime.instant_label(at, lang)
    who = by_name.strip() if by_name and by_name.strip() else None
    where = incident.site_name or incident.district or "—"
    if incident.site_name and incident.district:
        where = f"{incident.site_name} ({incident.district})"
    enterprise = incident.enterprise_name or "—"
    subject = single_line(
        f"[{head}] {incident.site_name or incident.district or enterprise} — {enterprise}, "
        f"{vntime.clock(incident.detected_at, lang)}"
    )
    texts = message_texts(lang)
    label, address = link
    body = [
        *([texts.greeting.format(name=person_name), ""] if person_name else []),
        words["intro"] + (words["by_at"].format(by=who, at=when) if who else words["at"].format(at=when)) + ".",
        "",
        *labelled_lines(
            [
                (alert["enterprise"], enterprise),
                (alert["where"], where),
                (alert["detected"], noted(vntime.instant_label(incident.detected_at, lang), alert["local"])),
                *rows,
            ]
        ),
        "",
        words["what_to_do"],
        *(["", f"{label}: {address}"] if address else []),
        "",
        "-- ",
        texts.signature,
    ]
    return Message(subject=subject, text="\n".join(body) + "\n")


def responder_notice_payload(
    incident: IncidentSnapshot,
    *,
    kind: str,
    delivery_id: uuid.UUID,
    staff_id: uuid.UUID,
    person_name: str,
    lang: Lang,
    message: Message,
) -> dict[str, Any]:
    """The JSON a person's webhook receives for a notice of an incident they respond to (or no longer do);
    ``text`` is ready for a chat or SMS gateway."""
    return {
        "type": "lichtruc.notifier.incident_notice.v1",
        "kind": kind,
        "delivery_id": str(delivery_id),
        "language": lang,
        "subject": message.subject,
        "text": message.text,
        "incident_id": str(incident.incident_id),
        "enterprise_id": str(incident.enterprise_id),
        "staff_id": str(staff_id),
        "person_name": person_name,
    }
