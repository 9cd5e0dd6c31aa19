"""Tết opening hours of post offices and transaction points (the directive: "niêm yết thông báo thời gian
mở cửa, đóng cửa giao dịch trong dịp đón Tết Nguyên đán tại các điểm giao dịch").

A site that serves the public at a counter — of a kind in ``lichtruc.counters.COUNTER_KINDS``: a post office
("bưu cục") or a transaction point ("điểm giao dịch") — carries, per local day of a campaign, open (one or two
sessions of local wall-clock times, e.g. 07:30–11:30 and 13:30–17:00) or closed, with a note.
Managers edit a draft schedule; publishing copies it as the public one (a new publication
version each time the draft changed). Only the published schedule is ever shown to the public."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from lichtruc import lunar
from lichtruc.counters import serves_counter
from lichtruc.vntime import date_said, day_label, local_day
from lichtruc.words import code_name

from .errors import FieldError, RuleViolation

MAX_SESSIONS = 2
MAX_NOTE = 300


@dataclass(frozen=True)
class Session:
    """One opening of a day: local wall-clock "HH:MM" times, ``closes`` after ``opens`` ("24:00": midnight)."""

    opens: str
    closes: str

    @property
    def minutes(self) -> tuple[int, int]:
        return minutes(self.opens), minutes(self.closes)


@dataclass(frozen=True)
class DayHours:
    day: date
    open: bool
    sessions: tuple[Session, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class TetHours:
    """A post office's or transaction point's schedule for one campaign: the draft being edited (``days``, ``version``)
    and what was last published (``published_days``, ``published_version``; 0: never)."""

    site_id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    days: tuple[DayHours, ...]
    version: int
    published_days: tuple[DayHours, ...] | None
    published_version: int
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def unpublished_changes(self) -> bool:
        """The draft differs from what the public sees (or nothing was ever published)."""
        return self.published_days != self.days


@dataclass(frozen=True)
class PublishedPoint:
    """A published schedule as the public reads it, with the names it is shown under."""

    site_id: uuid.UUID
    site_name: str
    district: str | None
    enterprise_id: uuid.UUID
    enterprise_name: str
    campaign_id: uuid.UUID
    lunar_year: int
    days: tuple[DayHours, ...]
    published_version: int
    published_at: datetime


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def campaign_days(starts_at: datetime, ends_at: datetime) -> list[date]:
    """Every local (Vietnam) day a campaign touches, in order."""
    first, last = local_day(starts_at), local_day(ends_at - timedelta(microseconds=1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def notice_title(lunar_year: int) -> tuple[str, str]:
    """The notice's heading: ("THÔNG BÁO", "Thời gian mở cửa, đóng cửa giao dịch dịp Tết Nguyên đán Đinh Mùi 2027")."""
    return (
        "THÔNG BÁO",
        f"Thời gian mở cửa, đóng cửa giao dịch dịp Tết Nguyên đán {lunar.year_name(lunar_year)} {lunar_year}",
    )


def session_text(day: DayHours) -> str:
    """ "07:30–11:30, 13:30–17:00" or "Nghỉ" (closed)."""
    if not day.open:
        return "Nghỉ"
    return ", ".join(f"{s.opens}–{s.closes}" for s in day.sessions)


def check_tet_campaign(kind: str, campaign_name: str) -> None:
    """Opening hours are published for a Tết campaign: a drill — an exercise of a few hours before Tết, which
    gets no border defaults either — has none to publish, and its enterprises are told of none (notifier)."""
    if kind != "tet":
        raise RuleViolation(
            "campaign_id",
            "hours-tet-only",
            f"{campaign_name} is a drill: Tết opening hours are published for the Tết campaign. Choose the Tết "
            "campaign of the season.",
            f"{campaign_name} là buổi diễn tập: giờ mở cửa Tết được niêm yết cho đợt trực Tết. Hãy chọn đợt "
            "trực Tết của mùa này.",
        )


def check_has_points(points: int, enterprise_name: str) -> None:
    """An enterprise without a post office or transaction point (`lichtruc.counters`) has no Tết opening hours to
    publish, so no template of them and no file of them to import: said in words (as the portal's import page says
    it), not an empty file of a header alone (QA: VNPT's template), nor each row of an import refused on its own."""
    if points == 0:
        raise RuleViolation(
            "enterprise_id",
            "hours-no-points",
            f"{enterprise_name} has no post office or transaction point, so it has no Tết opening hours to publish: "
            "there is no template or file to import for it. If it serves customers at a counter, register "
            "that site (or change its kind) as a post office or transaction point among the enterprise's sites (the "
            "portal's “Sites” page, POST /sites).",
            f"{enterprise_name} không có bưu cục hay điểm giao dịch nào, nên không có giờ mở cửa Tết để niêm yết: "
            "không có tệp mẫu hay tệp nào để nhập cho doanh nghiệp này. Nếu doanh nghiệp có nơi phục vụ khách hàng "
            "tại quầy, hãy đăng ký nơi đó (hoặc đổi loại của nó) là bưu cục hoặc điểm giao dịch trong các điểm trực của "
            "doanh nghiệp (trang “Điểm trực”).",
        )


def check_serves_counter(kind: str, site_name: str) -> None:
    """Tết opening hours are kept for the sites that serve the public at a counter (`lichtruc.counters`): a
    post office or a transaction point. Any other site (an office, a base station…) is refused, named with
    its kind in words."""
    if not serves_counter(kind):
        kind_vi, kind_en = code_name(kind) or kind, code_name(kind, "en") or kind
        article = "an" if kind_en[:1].lower() in "aeiou" else "a"
        raise RuleViolation(
            "site_id",
            "post-office-or-transaction-point",
            f"{site_name} is {article} {kind_en}, not a post office or transaction point: only those publish Tết "
            "opening hours. If it serves customers at a counter, change its kind to post office or transaction point.",
            f"{site_name} là {kind_vi}, không phải bưu cục hoặc điểm giao dịch: chỉ bưu cục và điểm "
            "giao dịch niêm yết giờ mở cửa dịp Tết. Nếu nơi này phục vụ khách hàng tại quầy, hãy sửa loại địa điểm "
            "của nó thành bưu cục hoặc điểm giao dịch.",
            site_kind=kind,
        )


def check_schedule(days: Sequence[DayHours], allowed: Sequence[date]) -> None:
    """Only days of the campaign, each once; an open day has one or two sessions inside the day, each
    ending after it starts, not overlapping; a closed day has none. Every error names its day in
    Vietnamese (with its lunar name) and English."""
    errors: list[FieldError] = []
    inside = set(allowed)
    seen: set[date] = set()
    first, last = (allowed[0], allowed[-1]) if allowed else (None, None)
    for i, d in enumerate(days):
        vi, en = day_label(d.day), day_label(d.day, "en")
        where = f"days.{i}"
        if d.day not in inside:
            span_en = f" ({date_said(first, 'en')}–{date_said(last, 'en')})" if first and last else ""
            errors.append(
                FieldError(
                    f"{where}.day",
                    "campaign-day",
                    f"{en} is not a day of the campaign{span_en}: give only the campaign's days.",
                    f"Ngày {vi} không thuộc thời gian đợt trực: chỉ ghi các ngày của đợt trực.",
                )
            )
            continue
        if d.day in seen:
            errors.append(
                FieldError(
                    f"{where}.day",
                    "unique-day",
                    f"{en} is given twice: give each day once.",
                    f"Ngày {vi} bị ghi hai lần: mỗi ngày chỉ ghi một lần.",
                )
            )
        seen.add(d.day)
        if d.open and not d.sessions:
            errors.append(
                FieldError(
                    f"{where}.sessions",
                    "open-needs-hours",
                    f"{en} is marked open without hours: give one or two sessions (e.g. 07:30–11:30) or mark it closed.",
                    f"Ngày {vi} ghi mở cửa nhưng chưa có giờ: hãy ghi một hoặc hai buổi (ví dụ 07:30–11:30) "
                    "hoặc ghi nghỉ.",
                )
            )
        if not d.open and d.sessions:
            errors.append(
                FieldError(
                    f"{where}.sessions",
                    "closed-no-hours",
                    f"{en} is marked closed but has hours: remove the hours or mark it open.",
                    f"Ngày {vi} ghi nghỉ nhưng lại có giờ mở cửa: hãy xóa giờ hoặc ghi mở cửa.",
                )
            )
        if len(d.sessions) > MAX_SESSIONS:
            errors.append(
                FieldError(
                    f"{where}.sessions",
                    "max-sessions",
                    f"{en} has {len(d.sessions)} sessions: at most {MAX_SESSIONS} a day.",
                    f"Ngày {vi} có {len(d.sessions)} buổi: tối đa {MAX_SESSIONS} buổi một ngày.",
                )
            )
        previous_end: int | None = None
        for j, s in enumerate(sorted(d.sessions, key=lambda s: s.minutes)):
            start, end = s.minutes
            if end <= start:
                errors.append(
                    FieldError(
                        f"{where}.sessions.{j}",
                        "closes-after-opens",
                        f"{en}: the session {s.opens}–{s.closes} must close after it opens (within the day).",
                        f"Ngày {vi}: buổi {s.opens}–{s.closes} phải đóng cửa sau giờ mở cửa (trong cùng ngày).",
                    )
                )
            elif previous_end is not None and start < previous_end:
                errors.append(
                    FieldError(
                        f"{where}.sessions.{j}",
                        "no-overlap",
                        f"{en}: the sessions overlap ({s.opens} is before the previous session closes): "
                        "give them one after the other.",
                        f"Ngày {vi}: các buổi chồng lên nhau (mở {s.opens} khi buổi trước chưa đóng): "
                        "hãy ghi buổi sau bắt đầu khi buổi trước đã kết thúc.",
                    )
                )
            previous_end = max(end, previous_end or 0)
    if errors:
        raise RuleViolation(errors)


def normalised(days: Sequence[DayHours]) -> tuple[DayHours, ...]:
    """Days in order, each day's sessions in order (after ``check_schedule``)."""
    return tuple(
        DayHours(d.day, d.open, tuple(sorted(d.sessions, key=lambda s: s.minutes)), d.note or None)
        for d in sorted(days, key=lambda d: d.day)
    )


def owed_days(allowed: Sequence[date], obligations_from: date | None) -> list[date]:
    """The campaign's days (`allowed`) a point must give before publishing: every one, or — for an enterprise the
    Department set to owe from `obligations_from` (it joined late) — those from that day on. The days before it
    may be given (the hours are welcome) but are not needed."""
    return [d for d in allowed if obligations_from is None or d >= obligations_from]


def hours_owed(deadline: datetime, obligations_from: date | None) -> bool:
    """Whether an enterprise owing from `obligations_from` (None: always) owes hours due by `deadline`: the local
    day they are due by (an end of day, 00:00, counting for the day before, as audit reads it) is on or after
    it. Hours not owed are still welcome; they are just never missing nor late."""
    return obligations_from is None or local_day(deadline - timedelta(microseconds=1)) >= obligations_from


def check_complete(
    days: Sequence[DayHours], allowed: Sequence[date], site_name: str, *, obligations_from: date | None = None
) -> None:
    """Publishing needs every day of the campaign (the notice at the door lists them all) — for an enterprise
    owing from `obligations_from`, every day from it on (`owed_days`); the days before may stay empty. A schedule
    with no day at all is never published."""
    given = {d.day for d in days}
    needed = owed_days(allowed, obligations_from)
    absent = [d for d in needed if d not in given]
    if not given and not absent:  # owes no day of the campaign, and gave none
        absent = list(allowed)
    if absent:
        shown = absent[:5]
        more_en = f" and {len(absent) - 5} more" if len(absent) > 5 else ""
        more_vi = f" và {len(absent) - 5} ngày khác" if len(absent) > 5 else ""
        late = obligations_from is not None and bool(needed) and needed[0] != (allowed[0] if allowed else None)
        every_en = (
            f"every day from {date_said(needed[0], 'en')} on (the day it owes from; the days before may stay empty)"
            if late
            else "every day of the campaign"
        )
        every_vi = (
            f"đủ mọi ngày từ {needed[0]:%d/%m/%Y} (ngày tính nghĩa vụ; các ngày trước đó có thể để trống)"
            if late
            else "đủ mọi ngày của đợt trực"
        )
        raise RuleViolation(
            "days",
            "every-campaign-day",
            f"{site_name} has no hours yet for {', '.join(day_label(d, 'en') for d in shown)}{more_en}: enter "
            f"{every_en}, open or closed, before publishing.",
            f"{site_name} chưa có giờ cho ngày {', '.join(day_label(d) for d in shown)}{more_vi}: hãy nhập "
            f"{every_vi}, mở cửa hoặc nghỉ, trước khi niêm yết.",
            missing_days=[d.isoformat() for d in absent],
        )


PublicSeason = Literal["under_way", "coming", "over"]


def public_season(starts_at: datetime, ends_at: datetime, *, now: datetime) -> PublicSeason:
    """Where the Tết campaign the public page shows stands at `now` (`current_tet_campaign`: the one under way or the
    next, else the newest): the page says which Tết it is, and after the last one that its hours are those of a Tết
    over (QZ23 #5: after Tết the page said only that no point had published, not which Tết)."""
    if now >= ends_at:
        return "over"
    return "under_way" if now >= starts_at else "coming"
