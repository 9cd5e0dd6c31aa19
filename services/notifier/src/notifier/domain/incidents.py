"""Incident alerts: what the people told of a new communication incident read, and who they are.

Who is alerted when an incident is opened (`IncidentOpened`), at once, once per recipient and incident:

* the **leader on duty** of the enterprise: everyone on a leadership shift of that enterprise (published,
  checked in or completed, as notifier's read model knows it) whose time covers the incident's detection;
  if nobody is, the enterprise's manager addresses;
* the **Department's inspectors** (the addresses in ``NOTIFIER_DEPARTMENT_EMAILS``), as the issue asks
  ("for severe ones **or** border/Party-State impact"), when the incident is severe — severity *critical* or
  *serious* — **or** affects a border area or Party/State agency links, whatever its severity. Only a minor
  incident with neither impact is the enterprise's own matter.

A later `IncidentUpdated`/`IncidentResolved` alerts nobody again, nor does a redelivered event.

With the portal's address known (``NOTIFIER_PORTAL_URL``), an alert ends with a link to the incident's page:
the inspectors' (``/inspect/incidents/{id}``) for the Department's addresses, the enterprise's
(``/incidents/{id}``) for the leaders on duty, the managers and the webhook (whose readers are not known).

Pure: the texts in Vietnamese and English, with names, the local time and the lunar day."""

from __future__ import annotations

from lichtruc import vntime
from lichtruc.events_incidents import IncidentSnapshot
from lichtruc.words import name, yes_no

from . import links
from .messages import Message, noted, single_line
from .texts import Lang, message_texts

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
    details = [
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
        *(f"{label}: {value}" for label, value in details),
        *(["", f"{w['link']}: {link}"] if link else []),
        "",
        "-- ",
        message_texts(lang).signature,
    ]
    return Message(subject=subject, text="\n".join(body) + "\n")
