"""What the directive's deadline notices say (see `domain.deadlines` for when they are due), in Vietnamese
and English: names (enterprise, post office or transaction point, checklist item, campaign), local times and lunar day
labels, never ids. A readiness mail of several items lists them under their enterprises' names, each with its sector,
due day and how many days overdue. Pure."""

from __future__ import annotations

from lichtruc import vntime
from lichtruc.counters import COUNTER_KINDS
from lichtruc.words import SECTOR_NAMES

from . import links
from .deadlines import Notice, Point, ReadinessItem
from .messages import Message, noted, single_line
from .texts import Lang, message_texts

MAX_LISTED = 200
"""At most this many points or enterprises listed in one message (the rest counted)."""

_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "readiness_soon": "Chuẩn bị Tết — sắp đến hạn",
        "readiness_late": "Chuẩn bị Tết — quá hạn",
        "hours_soon": "Giờ mở cửa Tết — sắp đến hạn niêm yết",
        "hours_late": "Giờ mở cửa Tết — quá hạn niêm yết",
        "report_missing": "Báo cáo trực Tết — chưa nộp",
        "report_digest": "Báo cáo trực Tết — doanh nghiệp chưa nộp",
        "intro_readiness_soon": "Hạng mục chuẩn bị Tết sau sắp đến hạn mà doanh nghiệp chưa đánh dấu hoàn thành.",
        "intro_readiness_late": "Hạng mục chuẩn bị Tết sau đã quá hạn mà doanh nghiệp chưa đánh dấu hoàn thành.",
        "intro_readiness_soon_many": "Các hạng mục chuẩn bị Tết sau sắp đến hạn mà doanh nghiệp chưa đánh dấu hoàn "
        "thành.",
        "intro_readiness_late_many": "Các hạng mục chuẩn bị Tết sau đã quá hạn mà doanh nghiệp chưa đánh dấu hoàn "
        "thành.",
        "readiness_mixed": "Chuẩn bị Tết — quá hạn, sắp đến hạn",
        "intro_readiness_mixed_many": "Các hạng mục chuẩn bị Tết sau đã quá hạn hoặc sắp đến hạn mà doanh nghiệp chưa "
        "đánh dấu hoàn thành.",
        "sector": "Lĩnh vực",
        "overdue": "Quá hạn",
        "overdue_day": "{n} ngày",
        "overdue_days": "{n} ngày",
        "overdue_by_day": "quá hạn {n} ngày",
        "overdue_by_days": "quá hạn {n} ngày",
        "item_count": "{n} hạng mục",
        "items_count": "{n} hạng mục",
        "intro_hours_soon": "Các bưu cục, điểm giao dịch sau chưa niêm yết giờ mở cửa, đóng cửa dịp Tết; sắp đến hạn.",
        "intro_hours_late": "Đã quá hạn mà các bưu cục, điểm giao dịch sau vẫn chưa niêm yết giờ mở cửa, đóng cửa "
        "dịp Tết.",
        "intro_report_missing": "Đã quá giờ nộp mà doanh nghiệp chưa nộp báo cáo tình hình trực Tết của ngày sau.",
        "intro_report_digest": "Đã quá giờ nộp mà các doanh nghiệp sau chưa nộp báo cáo tình hình trực Tết (gửi Sở).",
        "do_readiness": "Khi đã thực hiện, hãy đánh dấu hoàn thành trên Lịch trực Tết, kèm ghi chú và số biên bản.",
        "do_hours": "Hãy nhập và niêm yết giờ giao dịch dịp Tết của từng bưu cục, điểm giao dịch trên Lịch trực Tết.",
        "do_report": "Lãnh đạo trực hãy hoàn thiện và nộp báo cáo ngày trên Lịch trực Tết.",
        "do_digest": "Danh sách đầy đủ: Lịch trực Tết, mục Báo cáo trực Tết.",
        "link_readiness": "Đánh dấu hoàn thành",
        "link_report": "Nộp báo cáo ngày",
        "link_digest": "Danh sách đầy đủ",
        "enterprise": "Doanh nghiệp",
        "item": "Hạng mục",
        "campaign": "Đợt trực",
        "due": "Hạn",
        "day": "Ngày báo cáo",
        "points": "Bưu cục, điểm giao dịch chưa niêm yết",
        "post_office_count": "{n} bưu cục",
        "post_offices_count": "{n} bưu cục",
        "transaction_point_count": "{n} điểm giao dịch",
        "transaction_points_count": "{n} điểm giao dịch",
        "enterprise_count": "{n} doanh nghiệp",
        "enterprises_count": "{n} doanh nghiệp",
        "missing": "Doanh nghiệp chưa nộp",
        "more": "và {n} nơi khác",
        "of": "của",
        "on": "ngày",
        "by": "hạn",
        "by_end_of": "hết ngày {day}",
        "local": "giờ Việt Nam",
    },
    "en": {
        "readiness_soon": "Tết readiness — due soon",
        "readiness_late": "Tết readiness — overdue",
        "hours_soon": "Tết opening hours — due soon",
        "hours_late": "Tết opening hours — overdue",
        "report_missing": "Tết daily report — not submitted",
        "report_digest": "Tết daily reports — enterprises missing",
        "intro_readiness_soon": "This readiness item before Tết is due soon and the enterprise has not marked it done.",
        "intro_readiness_late": "This readiness item before Tết is overdue and the enterprise has not marked it done.",
        "intro_readiness_soon_many": "These readiness items before Tết are due soon and have not been marked done.",
        "intro_readiness_late_many": "These readiness items before Tết are overdue and have not been marked done.",
        "readiness_mixed": "Tết readiness — overdue, due soon",
        "intro_readiness_mixed_many": "These readiness items before Tết are overdue or due soon and have not been "
        "marked done.",
        "sector": "Sector",
        "overdue": "Overdue by",
        "overdue_day": "{n} day",
        "overdue_days": "{n} days",
        "overdue_by_day": "overdue by {n} day",
        "overdue_by_days": "overdue by {n} days",
        "item_count": "{n} item",
        "items_count": "{n} items",
        "intro_hours_soon": "These post offices and transaction points have not published their Tết opening hours; "
        "the deadline is near.",
        "intro_hours_late": "The deadline has passed and these post offices and transaction points have not "
        "published their Tết opening hours.",
        "intro_report_missing": "The due hour has passed and the enterprise has not submitted its daily duty report "
        "for this day.",
        "intro_report_digest": "The due hour has passed and these enterprises have not submitted their daily duty "
        "report (to the Department).",
        "do_readiness": "Once it is done, mark it done in the Tết duty roster with a note and the record's number.",
        "do_hours": "Enter and publish the Tết opening hours of each of them in the Tết duty roster.",
        "do_report": "The leader on duty should complete and submit the day's report in the Tết duty roster.",
        "do_digest": "The full list: Tết duty roster, Daily reports.",
        "link_readiness": "Mark it done",
        "link_report": "Submit the day's report",
        "link_digest": "The full list",
        "enterprise": "Enterprise",
        "item": "Item",
        "campaign": "Campaign",
        "due": "Due",
        "day": "Report day",
        "points": "Post offices and transaction points without published hours",
        "post_office_count": "{n} post office",
        "post_offices_count": "{n} post offices",
        "transaction_point_count": "{n} transaction point",
        "transaction_points_count": "{n} transaction points",
        "enterprise_count": "{n} enterprise",
        "enterprises_count": "{n} enterprises",
        "missing": "Enterprises that have not submitted",
        "more": "and {n} more",
        "of": "of",
        "on": "day",
        "by": "due",
        "by_end_of": "by the end of {day}",
        "local": "Vietnam time",
    },
}


def _listed(lines: list[str], w: dict[str, str]) -> list[str]:
    shown = [f"  - {line}" for line in lines[:MAX_LISTED]]
    if len(lines) > MAX_LISTED:
        shown.append("  " + w["more"].format(n=len(lines) - MAX_LISTED))
    return shown


def _counted(n: int, what: str, w: dict[str, str]) -> str:
    """A count with its noun ("2 điểm giao dịch", "1 enterprise"), never a bare number in a subject."""
    return w[f"{what}_count" if n == 1 else f"{what}s_count"].format(n=n)


def _points_counted(points: tuple[Point, ...], w: dict[str, str]) -> str:
    """The places of a notice counted by kind, post offices first ("1 bưu cục, 2 điểm giao dịch"; "2 transaction
    points"), a kind with none left out."""
    return ", ".join(_counted(n, kind, w) for kind in COUNTER_KINDS if (n := sum(1 for p in points if p.kind == kind)))


def _point(p: Point, notice: Notice, portal_url: str) -> str:
    """A post office or transaction point as listed: its name (and district), and with the portal's address the link
    to its Tết hours form in the campaign."""
    named = f"{p.name} ({p.district})" if p.district else p.name
    link = links.tet_hours(portal_url, campaign_id=notice.campaign.campaign_id, site_id=p.site_id)
    return f"{named}: {link}" if link else named


def _due_of(item: ReadinessItem, lang: Lang, w: dict[str, str]) -> str:
    """When an item is due, as a notice says it: by the end of its day, else its local time."""
    if (end := item.by_end_of) is not None:
        return w["by_end_of"].format(day=vntime.day_label(end, lang))
    return noted(vntime.instant_label(item.due_at, lang), w["local"])


def _sector(sector: str, lang: Lang) -> str:
    names = SECTOR_NAMES.get(sector)
    return (names[0] if lang == "vi" else names[1]) if names else sector


def _item_line(part: Notice, lang: Lang, w: dict[str, str]) -> str:
    """An item as a mail of several lists it: its title, its sector, when it was due (with its lunar day) and, if
    overdue, by how many days ("Nguồn điện dự phòng (Viễn thông) — hết ngày 20/01/2027 (…) — quá hạn 5 ngày")."""
    assert part.item is not None
    item = part.item
    line = (
        f"{item.title_vi if lang == 'vi' else item.title_en} ({_sector(item.sector, lang)}) — {_due_of(item, lang, w)}"
    )
    if part.overdue_days > 0:
        line += " — " + w["overdue_by_day" if part.overdue_days == 1 else "overdue_by_days"].format(n=part.overdue_days)
    return line


def deadline_message(notice: Notice, *, lang: Lang, portal_url: str = "") -> Message:
    """The notice in `lang`: a subject naming what and whose, and the details; with the portal's address, a link to
    where its reader acts (`links`): the checklist, each point's hours form, the day's report, the day's status of
    every report (the Department's digest)."""
    w = _WORDS[lang]
    campaign_id = notice.campaign.campaign_id
    link: str | None = None
    head = w[notice.kind]
    enterprise = notice.enterprise.name if notice.enterprise is not None else ""
    due = noted(vntime.instant_label(notice.due_at, lang), w["local"])
    details: list[tuple[str, str]] = []
    listed: list[str] = []
    if notice.item is not None:
        title = notice.item.title_vi if lang == "vi" else notice.item.title_en
        subject = f"[{head}] {title} — {enterprise}, {w['by']} {vntime.date_said(notice.item.due_day, lang)}"
        if (end := notice.item.by_end_of) is not None:  # due by the end of a day: that day, as the subject says
            due = w["by_end_of"].format(day=vntime.day_label(end, lang))
        details = [
            (w["enterprise"], enterprise),
            (w["item"], title),
            (w["sector"], _sector(notice.item.sector, lang)),
            (w["campaign"], notice.campaign.name),
            (w["due"], due),
        ]
        if notice.overdue_days > 0:
            days = w["overdue_day" if notice.overdue_days == 1 else "overdue_days"].format(n=notice.overdue_days)
            details.append((w["overdue"], days))
        action = w["do_readiness"]
        if notice.enterprise is not None:
            link = links.readiness(portal_url, campaign_id=campaign_id, enterprise_id=notice.enterprise.enterprise_id)
            action += f"\n{w['link_readiness']}: {link}" if link else ""
        intro = w[f"intro_{notice.kind}"]
    elif notice.parts:  # several items, of one enterprise or of every enterprise a manager has: one message
        kinds = {p.kind for p in notice.parts}
        stage = notice.kind if len(kinds) == 1 else "readiness_mixed"
        head = w[stage]
        enterprises = notice.enterprises
        named = ", ".join(e.name for e in enterprises) if len(enterprises) <= 3 else None
        count = _counted(len(notice.parts), "item", w)
        subject = f"[{head}] {count} — {named or _counted(len(enterprises), 'enterprise', w)}"
        details = [(w["campaign"], notice.campaign.name)]
        for e in enterprises:  # each enterprise a heading, its items under it, and its checklist
            listed += ["", f"{e.name}:"] if listed else [f"{e.name}:"]
            owed = [
                p for p in notice.parts if p.enterprise is not None and p.enterprise.enterprise_id == e.enterprise_id
            ]
            listed += _listed([_item_line(p, lang, w) for p in owed], w)
            if checklist := links.readiness(portal_url, campaign_id=campaign_id, enterprise_id=e.enterprise_id):
                listed.append(f"  {w['link_readiness']}: {checklist}")
        action = w["do_readiness"]
        intro = w[f"intro_{stage}_many"]
    elif notice.kind in ("hours_soon", "hours_late"):
        count = _points_counted(notice.points, w)
        subject = f"[{head}] {count} — {enterprise}, {w['by']} {vntime.clock(notice.due_at, lang)}"
        details = [(w["enterprise"], enterprise), (w["campaign"], notice.campaign.name), (w["due"], due)]
        listed = [
            w["points"] + ":",
            *_listed([_point(p, notice, portal_url) for p in notice.points], w),
        ]
        action = w["do_hours"]
        intro = w[f"intro_{notice.kind}"]
    else:
        assert notice.day is not None
        day = vntime.day_label(notice.day, lang)
        details = [(w["campaign"], notice.campaign.name), (w["day"], day), (w["due"], due)]
        intro = w[f"intro_{notice.kind}"]
        if notice.kind == "report_missing":
            subject = f"[{head}] {enterprise} — {w['on']} {day}"
            details.insert(0, (w["enterprise"], enterprise))
            action = w["do_report"]
            if notice.enterprise is not None:
                link = links.daily_report(
                    portal_url, campaign_id=campaign_id, enterprise_id=notice.enterprise.enterprise_id, day=notice.day
                )
                action += f"\n{w['link_report']}: {link}" if link else ""
        else:
            count = _counted(len(notice.missing), "enterprise", w)
            subject = f"[{head}] {count} — {w['on']} {day}"
            listed = [w["missing"] + ":", *_listed([e.name for e in notice.missing], w)]
            link = links.reports_status(portal_url, campaign_id=campaign_id, day=notice.day)
            action = f"{w['link_digest']}: {link}" if link else w["do_digest"]
    body = [intro, "", *(f"{label}: {value}" for label, value in details)]
    if listed:
        body += ["", *listed]
    body += ["", action, "", "-- ", message_texts(lang).signature]
    return Message(subject=single_line(subject), text="\n".join(body) + "\n")
