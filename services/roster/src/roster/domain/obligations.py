"""The day an enterprise owes from (`Enterprise.obligations_from`) moved over a campaign already begun.

The day is the enterprise's, not a campaign's: moved to 25/01/2028 for Tết 2028, it also took the missing reports of
Tết 2027 out of what that campaign's record holds against the enterprise, without a word (QZ23 #1). So a change that
would make something already due in a campaign already begun stop or start counting — a daily report not sent whose
deadline has passed (`reports.report_owed`), a readiness item whose due moment has passed (`readiness.owed`), the Tết
opening hours of a post office or transaction point whose deadline has passed (`hours.hours_owed`) — asks first
(`check_past_seasons`, a 409 naming each campaign and the counts) unless the request confirms it. What is not
due yet is what the day is for (an enterprise joining mid-campaign owes from today): saved without asking.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from lichtruc import report_deadline, vntime

from .errors import Conflict
from .hours import hours_owed
from .readiness import ReadinessItem, owed
from .reports import report_owed


@dataclass(frozen=True)
class CampaignRecord:
    """What a campaign holds of one enterprise, as far as the day it owes from changes it: its report days (`first` to
    `last`), the days the enterprise sent a report of (a report sent stays on the record whatever the day), and the
    readiness items of its sector, and — a Tết campaign — when the Tết hours of its post offices and transaction
    points (`points` of them) are due (None: a drill, which has none)."""

    name: str
    starts_at: datetime
    first: date
    last: date
    sent: Collection[date] = ()
    items: Sequence[ReadinessItem] = ()
    hours_due: datetime | None = None
    points: int = 0


@dataclass(frozen=True)
class PastSeasonChange:
    """In one campaign already begun: how many due reports, readiness items and points' Tết hours would stop (`starts`
    False) or start counting against the enterprise."""

    campaign_name: str
    first: date
    last: date
    reports: int
    readiness_items: int
    starts: bool
    tet_hours: int = 0
    """The post offices and transaction points whose Tết hours are due (the K3 leftover: the README said they stop
    being owed too, and the question did not count them)."""


def _days(first: date, last: date) -> list[date]:
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


def past_season_changes(
    old: date | None, new: date | None, *, campaigns: Sequence[CampaignRecord], now: datetime, due: time
) -> list[PastSeasonChange]:
    """Of `campaigns`, those begun before `now` whose record moving the day owed from `old` to `new` (None: from
    always) would change: the reports already due and not sent, the readiness items already due, the points' Tết
    hours already due (each point, published or not, as each readiness item done or not: its status changes), whose
    being owed differs under the two days. A later day takes away (`starts` False), an earlier one or none adds."""
    if old == new:
        return []
    starts = new is None or (old is not None and new < old)
    found: list[PastSeasonChange] = []
    for c in campaigns:
        if c.starts_at >= now:
            continue
        reports = sum(
            1
            for d in _days(c.first, c.last)
            if d not in c.sent
            and report_deadline.due_at(d, due) <= now
            and report_owed(d, obligations_from=old) != report_owed(d, obligations_from=new)
        )
        items = sum(1 for i in c.items if i.due_at <= now and owed(i, old) != owed(i, new))
        hours = (
            c.points
            if c.hours_due is not None
            and c.hours_due <= now
            and hours_owed(c.hours_due, old) != hours_owed(c.hours_due, new)
            else 0
        )
        if reports or items or hours:
            found.append(PastSeasonChange(c.name, c.first, c.last, reports, items, starts, hours))
    return found


def _listed(parts: Sequence[str], conjunction: str) -> str:
    """ "a, b and c" (Vietnamese: "a, b và c")."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def _said(c: PastSeasonChange, lang: vntime.Lang) -> str:
    span = f"{vntime.date_said(c.first, lang)}–{vntime.date_said(c.last, lang)}"
    if lang == "en":
        parts = [f"{c.reports} daily report{'s' if c.reports != 1 else ''} already due"] if c.reports else []
        if c.readiness_items:
            parts.append(f"{c.readiness_items} readiness item{'s' if c.readiness_items != 1 else ''} already due")
        if c.tet_hours:
            points = "post office or transaction point" if c.tet_hours == 1 else "post offices or transaction points"
            parts.append(f"the Tết opening hours of {c.tet_hours} {points} already due")
        return f"{c.campaign_name} ({span}): {_listed(parts, 'and')}"
    parts = [f"{c.reports} báo cáo ngày đã đến hạn"] if c.reports else []
    if c.readiness_items:
        parts.append(f"{c.readiness_items} việc chuẩn bị đã đến hạn")
    if c.tet_hours:
        parts.append(f"giờ mở cửa Tết của {c.tet_hours} bưu cục/điểm giao dịch đã đến hạn")
    return f"{c.campaign_name} ({span}): {_listed(parts, 'và')}"


def check_past_seasons(
    enterprise_name: str, new: date | None, changes: Sequence[PastSeasonChange], *, confirmed: bool
) -> None:
    """Refuse (Conflict, rule "past-season-obligations") a change of the day `enterprise_name` owes from that would
    change the record of a campaign already begun (`past_season_changes`), unless `confirmed`: the refusal names each
    campaign and what would stop or start counting, and says how to save anyway."""
    if confirmed or not changes:
        return
    starts = changes[0].starts
    day_en = "from always" if new is None else f"from {vntime.date_said(new, 'en')}"
    day_vi = "từ đầu" if new is None else f"từ {vntime.date_said(new, 'vi')}"
    listed_en = "; ".join(_said(c, "en") for c in changes)
    listed_vi = "; ".join(_said(c, "vi") for c in changes)
    verb_en = "would start counting against it again" if starts else "would stop counting (no longer held against it)"
    verb_vi = "sẽ lại bị tính" if starts else "sẽ không còn bị tính"
    which_en, that_en = ("campaigns", "those campaigns") if len(changes) > 1 else ("a campaign", "that campaign")
    raise Conflict(
        "obligations_from",
        "past-season-obligations",
        f"Owing {day_en} changes what “{enterprise_name}” owes in {which_en} already begun — {listed_en} {verb_en}, "
        f"and the inspectors' record of {that_en} changes with it. The day belongs to the enterprise, not to one "
        f"campaign: choose a day after {that_en}, or confirm to save it anyway (confirm=true).",
        f"Tính nghĩa vụ {day_vi} làm thay đổi nghĩa vụ của “{enterprise_name}” trong đợt trực đã bắt đầu — "
        f"{listed_vi} {verb_vi}, và hồ sơ thanh tra của đợt đó thay đổi theo. Ngày này thuộc về doanh nghiệp, không "
        "riêng một đợt: hãy chọn ngày sau đợt đó, hoặc bấm “Vẫn lưu” nếu đúng là muốn vậy.",
        enterprise_name=enterprise_name,
        campaigns=[
            {
                "name": c.campaign_name,
                "first": c.first.isoformat(),
                "last": c.last.isoformat(),
                "reports": c.reports,
                "readiness_items": c.readiness_items,
                "tet_hours": c.tet_hours,
                "starts_counting": c.starts,
            }
            for c in changes
        ],
    )
