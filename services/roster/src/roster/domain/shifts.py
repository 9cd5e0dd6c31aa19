"""The rules a shift must satisfy (hard rules → errors) and the ones it should (soft rules →
warnings), as pure functions of the facts the service layer loads.

Which neighbours a shift's warnings count (`soft_warnings`): a draft's count every active shift of its people
(the manager planning it sees them all); a shift its staff and the inspectors see — published, checked in,
completed — counts only the neighbours that are not drafts, so that no warning they read names or counts a
shift that does not exist for them (a draft may never be published). Both warnings follow it: the short rest
and the night shifts. A draft published becomes a neighbour the published shifts around it count: publishing
computes their warnings again."""

from __future__ import annotations

import bisect
import unicodedata
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal

from lichtruc.duty_types import DUTY_QUALIFICATION
from lichtruc.vntime import VIETNAM as LOCAL
from lichtruc.vntime import date_said
from lichtruc.words import hours_said, name, rest_said, shift_label, span, until, when

from . import lateness
from . import presence as presence_rules
from .campaigns import Peak
from .errors import Conflict, FieldError, RuleViolation
from .presence import PresenceNote
from .values import trim_text

# --- facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffFacts:
    id: uuid.UUID
    enterprise_id: uuid.UUID
    full_name: str
    qualifications: frozenset[str]
    active: bool
    enterprise_name: str = ""
    person_id: uuid.UUID | None = None  # None: the record is its own person


@dataclass(frozen=True)
class CampaignFacts:
    id: uuid.UUID
    name: str
    starts_at: datetime
    ends_at: datetime
    peaks: tuple[Peak, ...] = ()


@dataclass(frozen=True)
class SiteFacts:
    id: uuid.UUID
    enterprise_id: uuid.UUID
    name: str


@dataclass(frozen=True)
class Booking:
    """One person's place on one active (not cancelled) shift. `staff_id` is the record the rules
    are checked for; a booking of the same person under a linked record at another enterprise
    carries that enterprise's name. `draft`: the shift is a draft, counted only by the warnings of
    other drafts (the module's docstring); a booking being written, read only for a double booking,
    leaves it False."""

    shift_id: uuid.UUID
    staff_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    duty_type: str | None = None
    enterprise_name: str | None = None
    draft: bool = False

    def label(self, lang: str = "vi") -> str:
        """The shift as people name it: duty type, local time (and enterprise when it is another one)."""
        if self.duty_type is None:
            return span(self.starts_at, self.ends_at, lang)
        return shift_label(self.duty_type, self.starts_at, self.ends_at, lang, enterprise=self.enterprise_name)


@dataclass(frozen=True)
class ShiftDraft:
    """What a shift would become: the input of every check."""

    enterprise_id: uuid.UUID
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    staff_ids: tuple[uuid.UUID, ...]
    site_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RuleLimits:
    """The configurable numbers behind the rules (see RosterSettings)."""

    max_length: timedelta = timedelta(hours=24)
    min_rest: timedelta = timedelta(hours=8)
    night_shift_limit: int = 3
    night_shift_period: timedelta = timedelta(days=7)
    check_in_lead: timedelta = timedelta(minutes=30)

    @property
    def reach(self) -> timedelta:
        """How far around a shift the soft rules look for the same person's other shifts."""
        return max(self.min_rest, self.night_shift_period)


@dataclass(frozen=True)
class ShiftWarning:
    """A soft rule the shift breaks: stored on it and shown, but it does not stop the change."""

    rule: str
    staff_id: uuid.UUID
    message: str
    message_vi: str
    shift_id: uuid.UUID | None = None
    context: Mapping[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        doc: dict[str, object] = {
            "rule": self.rule,
            "staff_id": str(self.staff_id),
            "message": self.message,
            "message_vi": self.message_vi,
        }
        if self.shift_id is not None:
            doc["shift_id"] = str(self.shift_id)
        doc.update(self.context)
        return doc

    def as_text(self) -> str:
        """The one-line form carried in ShiftSnapshot.warnings."""
        return f"{self.rule}: {self.message}"


def known_enterprise(name: str | None, enterprise_id: uuid.UUID, field: str = "enterprise_id") -> str:
    """The name of the enterprise a command refers to, or a 422 naming the field when it does not exist."""
    if name is None:
        raise RuleViolation(
            field,
            "enterprise-exists",
            f"No enterprise has id {enterprise_id}: register it first (POST /enterprises).",
            "Doanh nghiệp đã chọn chưa được đăng ký: hãy đăng ký trước.",
            enterprise_id=str(enterprise_id),
        )
    return name


def known_campaign(campaign: CampaignFacts | None, campaign_id: uuid.UUID, field: str = "campaign_id") -> CampaignFacts:
    """The campaign a command refers to, or a 422 naming the field when it does not exist."""
    if campaign is None:
        raise RuleViolation(
            field,
            "campaign-exists",
            f"No campaign has id {campaign_id}: open one first (POST /campaigns).",
            "Đợt trực đã chọn không tồn tại: hãy chọn một đợt trực trong danh sách.",
            campaign_id=str(campaign_id),
        )
    return campaign


# --- status --------------------------------------------------------------------------------

ACTIVE_STATUSES = frozenset({"draft", "published", "checked_in", "completed"})
"""Statuses in which a shift holds its people's time (everything but cancelled)."""

_ALLOWED: dict[str, frozenset[str]] = {
    "publish": frozenset({"draft"}),
    "reschedule": frozenset({"draft", "published"}),
    "reassign": frozenset({"draft", "published"}),
    "edit": frozenset({"draft", "published", "checked_in"}),
    "cancel": frozenset({"draft", "published", "checked_in"}),
    "check_in": frozenset({"published", "checked_in"}),
    "complete": frozenset({"published", "checked_in"}),
    "request_swap": frozenset({"published"}),
    "approve_swap": frozenset({"published"}),
    "hand_over": frozenset({"published", "checked_in"}),
    "confirm_presence": frozenset({"published", "checked_in", "completed"}),
    "explain_late": frozenset({"published", "checked_in", "completed"}),
}
_ACTION_VI = {
    "publish": "công bố",
    "reschedule": "đổi giờ",
    "reassign": "đổi người",
    "edit": "sửa",
    "cancel": "hủy",
    "check_in": "điểm danh",
    "complete": "kết thúc",
    "request_swap": "xin đổi ca",
    "approve_swap": "duyệt đổi ca",
    "hand_over": "giao phần còn lại của ca",
    "confirm_presence": "xác nhận có mặt",
    "explain_late": "nêu lý do đến muộn",
}
_ACTION_EN = {
    "publish": "published",
    "reschedule": "moved",
    "reassign": "given to other people",
    "edit": "edited",
    "cancel": "cancelled",
    "check_in": "checked in",
    "complete": "completed",
    "request_swap": "swapped",
    "approve_swap": "swapped",
    "hand_over": "handed over",
    "confirm_presence": "confirmed as worked",
    "explain_late": "given a reason for a late check-in",
}


def _either(words: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def check_transition(shift: Mapping[str, object], action: str) -> None:
    """Raise Conflict unless `action` is allowed on the shift (a row: id, status, duty_type, times)."""
    allowed = _ALLOWED[action]
    status = str(shift["status"])
    if status not in allowed:
        label_en = shift_label(str(shift["duty_type"]), shift["starts_at"], shift["ends_at"], "en")  # type: ignore[arg-type]
        label_vi = shift_label(str(shift["duty_type"]), shift["starts_at"], shift["ends_at"])  # type: ignore[arg-type]
        raise Conflict(
            "status",
            "invalid-status",
            f"The shift {label_en} is {name('shift_status', status, 'en')}: it can be {_ACTION_EN[action]} only "
            f"when it is {_either([name('shift_status', a, 'en') for a in sorted(allowed)])}.",
            f"Ca {label_vi} đang ở trạng thái {name('shift_status', status)}, không thể {_ACTION_VI[action]}.",
            shift_id=str(shift["id"]),
            shift_status=status,
        )


# --- hard rules ----------------------------------------------------------------------------


def _hours(delta: timedelta, lang: str = "en") -> str:
    return hours_said(delta.total_seconds() / 3600, lang)


def interval_errors(starts_at: datetime, ends_at: datetime, *, max_length: timedelta) -> list[FieldError]:
    """A shift ends after it starts and lasts at most `max_length`."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        return [
            FieldError(
                "starts_at",
                "timezone-required",
                "Times must carry a UTC offset, e.g. 2027-02-05T23:00:00+07:00.",
                "Thời gian phải có múi giờ, ví dụ 2027-02-05T23:00:00+07:00.",
            )
        ]
    if ends_at <= starts_at:
        return [
            FieldError(
                "ends_at",
                "end-after-start",
                "The end must be later than the start.",
                "Giờ kết thúc phải sau giờ bắt đầu.",
            )
        ]
    if ends_at - starts_at > max_length:
        return [
            FieldError(
                "ends_at",
                "max-length",
                f"A shift may last at most {_hours(max_length)} h: split it into several shifts.",
                f"Một ca trực dài tối đa {_hours(max_length, 'vi')} giờ: hãy chia thành nhiều ca.",
            )
        ]
    return []


def campaign_errors(starts_at: datetime, ends_at: datetime, campaign: CampaignFacts) -> list[FieldError]:
    """The shift lies inside its campaign: its start and its end each said when outside (a shift wholly after
    the campaign is refused at both, so that fixing one does not bring up the other)."""
    where = f"{campaign.name} runs from {when(campaign.starts_at, 'en')} {until(campaign.ends_at, 'en')}"
    where_vi = f"{campaign.name} kéo dài từ {when(campaign.starts_at)} {until(campaign.ends_at)}"
    context = {"campaign_id": str(campaign.id)}
    errors = []
    if starts_at < campaign.starts_at:
        errors.append(
            FieldError(
                "starts_at",
                "inside-campaign",
                f"The shift starts before its campaign: {where}.",
                f"Ca trực bắt đầu trước đợt trực: {where_vi}.",
                context,
            )
        )
    elif starts_at >= campaign.ends_at:
        errors.append(
            FieldError(
                "starts_at",
                "inside-campaign",
                f"The shift starts after its campaign has ended: {where}.",
                f"Ca trực bắt đầu sau khi đợt trực đã kết thúc: {where_vi}.",
                context,
            )
        )
    if ends_at > campaign.ends_at:
        errors.append(
            FieldError(
                "ends_at",
                "inside-campaign",
                f"The shift ends after its campaign: {where}.",
                f"Ca trực kết thúc sau đợt trực: {where_vi}.",
                context,
            )
        )
    elif ends_at <= campaign.starts_at:
        errors.append(
            FieldError(
                "ends_at",
                "inside-campaign",
                f"The shift ends before its campaign begins: {where}.",
                f"Ca trực kết thúc trước khi đợt trực bắt đầu: {where_vi}.",
                context,
            )
        )
    return errors


def assignee_errors(
    staff_ids: Sequence[uuid.UUID],
    *,
    enterprise_id: uuid.UUID,
    duty_type: str,
    staff: Mapping[uuid.UUID, StaffFacts],
    field_name: str = "assignees",
) -> list[FieldError]:
    """At least one person, nobody twice; each exists, is active, works for the shift's
    enterprise and holds the qualification the duty type demands."""
    if not staff_ids:
        return [
            FieldError(
                field_name, "at-least-one", "A shift needs at least one assignee.", "Ca trực cần ít nhất một người."
            )
        ]
    if len(set(staff_ids)) != len(staff_ids):
        return [
            FieldError(
                field_name,
                "unique",
                "The same person is listed twice on this shift.",
                "Một người bị ghi hai lần trong cùng ca.",
            )
        ]
    needed = DUTY_QUALIFICATION[duty_type]
    errors = []
    for i, staff_id in enumerate(staff_ids):
        where = f"{field_name}.{i}"
        person = staff.get(staff_id)
        ctx = {"staff_id": str(staff_id)}
        if person is None:
            errors.append(
                FieldError(
                    where,
                    "staff-exists",
                    f"No staff member has id {staff_id}: register them first (POST /staff).",
                    (
                        f"Người thứ {i + 1} trong danh sách người trực chưa được đăng ký là cán bộ: hãy đăng ký trước."
                        if len(staff_ids) > 1
                        else "Người được chọn chưa được đăng ký là cán bộ: hãy đăng ký trước, hoặc chọn người khác."
                    ),
                    ctx,
                )
            )
        elif not person.active:
            errors.append(
                FieldError(
                    where,
                    "staff-active",
                    f"{person.full_name} is not active and cannot be put on duty.",
                    f"{person.full_name} không còn hoạt động, không thể xếp trực.",
                    ctx,
                )
            )
        elif person.enterprise_id != enterprise_id:
            other = person.enterprise_name or "another enterprise"
            other_vi = person.enterprise_name or "doanh nghiệp khác"
            errors.append(
                FieldError(
                    where,
                    "same-enterprise",
                    f"{person.full_name} works for {other}, not for the shift's enterprise.",
                    f"{person.full_name} thuộc {other_vi}, không thuộc doanh nghiệp của ca trực.",
                    {**ctx, "enterprise_id": str(person.enterprise_id)},
                )
            )
        elif needed not in person.qualifications:
            errors.append(
                FieldError(
                    where,
                    "qualified",
                    f"{person.full_name} lacks the {name('qualification', needed, 'en')} "
                    f"qualification that {name('duty_type', duty_type, 'en')} demands.",
                    f"{person.full_name} không có chuyên môn {name('qualification', needed)} mà "
                    f"{name('duty_type', duty_type).lower()} yêu cầu.",
                    {**ctx, "qualification": needed},
                )
            )
    return errors


def site_errors(site_id: uuid.UUID | None, site: SiteFacts | None, enterprise_id: uuid.UUID) -> list[FieldError]:
    """The site, if any, exists and belongs to the shift's enterprise."""
    if site_id is None:
        return []
    if site is None:
        return [
            FieldError(
                "site_id",
                "site-exists",
                f"No site has id {site_id}: register it first (POST /sites).",
                "Địa điểm đã chọn chưa được đăng ký: hãy đăng ký trước.",
                {"site_id": str(site_id)},
            )
        ]
    if site.enterprise_id != enterprise_id:
        return [
            FieldError(
                "site_id",
                "same-enterprise",
                f"Site “{site.name}” belongs to another enterprise.",
                f"Địa điểm “{site.name}” thuộc doanh nghiệp khác.",
                {"site_id": str(site_id)},
            )
        ]
    return []


def covered_sites(covers: Sequence[uuid.UUID], site_id: uuid.UUID | None) -> list[uuid.UUID]:
    """The further sites a shift covers as stored: each once, in the order given, without the
    shift's own site (it is covered anyway)."""
    return [s for s in dict.fromkeys(covers) if s != site_id]


def covers_errors(
    covers: Sequence[uuid.UUID], found: Mapping[uuid.UUID, SiteFacts], enterprise_id: uuid.UUID
) -> list[FieldError]:
    """Every site a shift covers exists and belongs to the shift's enterprise."""
    errors = []
    for i, site_id in enumerate(covers):
        site = found.get(site_id)
        if site is None:
            errors.append(
                FieldError(
                    f"covers_site_ids.{i}",
                    "site-exists",
                    f"No site has id {site_id}: register it first (POST /sites).",
                    "Không có điểm trực này: hãy đăng ký điểm trực trước.",
                    {"site_id": str(site_id)},
                )
            )
        elif site.enterprise_id != enterprise_id:
            errors.append(
                FieldError(
                    f"covers_site_ids.{i}",
                    "same-enterprise",
                    f"Site “{site.name}” belongs to another enterprise: a shift covers only its "
                    "own enterprise's sites.",
                    f"Điểm trực “{site.name}” thuộc doanh nghiệp khác: ca trực chỉ phụ trách điểm "
                    "trực của doanh nghiệp mình.",
                    {"site_id": str(site_id)},
                )
            )
    return errors


def shift_errors(
    draft: ShiftDraft,
    *,
    campaign: CampaignFacts,
    site: SiteFacts | None,
    staff: Mapping[uuid.UUID, StaffFacts],
    limits: RuleLimits,
) -> list[FieldError]:
    """Every hard rule except double booking, which needs the other shifts."""
    errors = interval_errors(draft.starts_at, draft.ends_at, max_length=limits.max_length)
    if not errors:
        errors += campaign_errors(draft.starts_at, draft.ends_at, campaign)
    errors += site_errors(draft.site_id, site, draft.enterprise_id)
    errors += assignee_errors(
        draft.staff_ids, enterprise_id=draft.enterprise_id, duty_type=draft.duty_type, staff=staff
    )
    return errors


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def double_bookings(
    draft: ShiftDraft, bookings: Iterable[Booking], *, shift_id: uuid.UUID | None, names: Mapping[uuid.UUID, str]
) -> list[FieldError]:
    """Errors for each assignee already on another active shift that overlaps this one
    (half-open intervals: a shift ending at 06:00 and one starting at 06:00 do not overlap)."""
    errors = []
    position = {staff_id: i for i, staff_id in enumerate(draft.staff_ids)}
    clashes = sorted(
        (
            b
            for b in bookings
            if b.staff_id in position
            and b.shift_id != shift_id
            and _overlaps(draft.starts_at, draft.ends_at, b.starts_at, b.ends_at)
        ),
        key=lambda b: (position[b.staff_id], b.starts_at, str(b.shift_id)),
    )
    for b in clashes:
        who = names.get(b.staff_id, "")
        where = {"enterprise_name": b.enterprise_name} if b.enterprise_name else {}
        errors.append(
            FieldError(
                f"assignees.{position[b.staff_id]}",
                "no-double-booking",
                f"{who} is already on the shift {b.label('en')}, which overlaps this one.",
                f"{who} đã có ca {b.label()} trùng thời gian với ca này.",
                {"staff_id": str(b.staff_id), "shift_id": str(b.shift_id), **where},
            )
        )
    return errors


def raise_double_booking(errors: Sequence[FieldError]) -> None:
    """Raise the 409 for double-booking errors (naming the first conflicting shift)."""
    if errors:
        first = errors[0]
        where = (
            {"conflicting_enterprise_name": first.context["enterprise_name"]}
            if first.context.get("enterprise_name")
            else {}
        )
        raise Conflict(
            first.field,
            first.rule,
            first.message,
            first.message_vi,
            more=errors[1:],
            conflicting_shift_id=first.context["shift_id"],
            staff_id=first.context["staff_id"],
            **where,
        )


# --- soft rules ------------------------------------------------------------------------------

NIGHT_START = time(22)
NIGHT_END = time(6)
NIGHT_SHIFT_MIN_HOURS = 3
"""A shift counts as a night shift when at least 3 of its hours fall between 22:00 and 06:00
local (the ILO Night Work Convention's threshold for a night worker)."""


def night_hours(starts_at: datetime, ends_at: datetime) -> float:
    """Hours of [starts_at, ends_at) that fall between 22:00 and 06:00 local time."""
    start = starts_at.astimezone(LOCAL)
    end = ends_at.astimezone(LOCAL)
    total = 0.0
    day = start.date() - timedelta(days=1)
    while day <= end.date():
        night_from = datetime.combine(day, NIGHT_START, tzinfo=LOCAL)
        night_to = datetime.combine(day + timedelta(days=1), NIGHT_END, tzinfo=LOCAL)
        overlap = min(end, night_to) - max(start, night_from)
        if overlap > timedelta(0):
            total += overlap.total_seconds() / 3600
        day += timedelta(days=1)
    return total


def is_night_shift(starts_at: datetime, ends_at: datetime) -> bool:
    """At least NIGHT_SHIFT_MIN_HOURS between 22:00 and 06:00 local."""
    return night_hours(starts_at, ends_at) >= NIGHT_SHIFT_MIN_HOURS


def _short_rest(who: str, rest: timedelta, other: Booking, minimum: timedelta) -> tuple[str, str]:
    """The min-rest warning in English and Vietnamese: the rest left in hours and minutes ("3 h 5 min",
    `lichtruc.words.rest_said`, as the portal's pickers say it), or — none at all, one shift ending as the other
    begins — that the person works the two back to back (never "0 h of rest")."""
    least_en, least_vi = f"minimum {_hours(minimum)} h", f"tối thiểu {_hours(minimum, 'vi')} giờ"
    if rest <= timedelta(0):
        return (
            f"{who} works two shifts back to back, with no rest between them: this shift and the shift "
            f"{other.label('en')} ({least_en} of rest).",
            f"{who} trực liền hai ca, không có thời gian nghỉ ở giữa: ca này và ca {other.label()} ({least_vi} nghỉ).",
        )
    hours = rest.total_seconds() / 3600
    en_rest, vi_rest = rest_said(hours, "en"), rest_said(hours, "vi")
    return (
        f"{who} gets only {en_rest} of rest between this shift and the shift {other.label('en')} ({least_en}).",
        f"{who} chỉ được nghỉ {vi_rest} giữa ca này và ca {other.label()} ({least_vi}).",
    )


def soft_warnings(
    draft: ShiftDraft,
    bookings: Iterable[Booking],
    *,
    shift_id: uuid.UUID | None,
    names: Mapping[uuid.UUID, str],
    limits: RuleLimits,
    status: str,
) -> list[ShiftWarning]:
    """Short rest before or after another shift of the same person, and too many night shifts
    within any `night_shift_period` that contains this shift. A shift in `status` draft counts every
    booking; any other counts only those not on a draft (`Booking.draft`): its staff and the inspectors
    read its warnings, and a draft does not exist for them.

    The nights are this shift's and its person's other night shifts, each once, in the window of `night_shift_period`
    that holds the most of them with this one (QZ26 #14: at 22:30 on giao thừa every operator free to take a no-show's
    night was warned — rightly: a rotation of a night every third day is three in any seven days, the default limit,
    and one more is a fourth; neither the shift handed over nor the no-show's own counts against the one taking it)."""
    warnings: list[ShiftWarning] = []
    others: dict[uuid.UUID, list[Booking]] = {}
    counts_drafts = status == "draft"
    for b in bookings:
        if b.shift_id != shift_id and b.staff_id in draft.staff_ids and (counts_drafts or not b.draft):
            others.setdefault(b.staff_id, []).append(b)
    this_is_night = is_night_shift(draft.starts_at, draft.ends_at)
    for staff_id in draft.staff_ids:
        who = names.get(staff_id, "")
        mine = sorted(others.get(staff_id, []), key=lambda b: (b.starts_at, str(b.shift_id)))
        for b in mine:
            if b.ends_at <= draft.starts_at:
                rest = draft.starts_at - b.ends_at
            elif b.starts_at >= draft.ends_at:
                rest = b.starts_at - draft.ends_at
            else:
                continue  # an overlap is a double booking, reported as an error
            if rest < limits.min_rest:
                en, vi = _short_rest(who, rest, b, limits.min_rest)
                warnings.append(
                    ShiftWarning("min-rest", staff_id, en, vi, b.shift_id, {"rest_hours": rest.total_seconds() / 3600})
                )
        if this_is_night:
            nights = sorted([b.starts_at for b in mine if is_night_shift(b.starts_at, b.ends_at)] + [draft.starts_at])
            period = limits.night_shift_period
            worst = max(
                sum(1 for t in nights if anchor <= t < anchor + period)
                for anchor in nights
                if anchor <= draft.starts_at < anchor + period
            )
            if worst > limits.night_shift_limit:
                days = f"{period.total_seconds() / 86400:g}"
                warnings.append(
                    ShiftWarning(
                        "night-shifts",
                        staff_id,
                        f"{who} works {worst} night shifts (22:00–06:00) within {days} days "
                        f"(at most {limits.night_shift_limit}).",
                        f"{who} trực {worst} ca đêm (22:00–06:00) trong {days} ngày "
                        f"(tối đa {limits.night_shift_limit}).",
                        None,
                        {"night_shifts": worst},
                    )
                )
    return warnings


@dataclass(frozen=True)
class NightStretch:
    """Night shifts of one person close enough that some window of the rule's period holds more than its limit:
    the first and the last shift's start, how many shifts, and the most in one window."""

    first: datetime
    last: datetime
    shifts: int
    worst: int


def night_stretches(nights: Iterable[datetime], *, period: timedelta, limit: int) -> list[NightStretch]:
    """The stretches of the night shifts starting at `nights` over the limit: every window `period` long from one
    shift's start that holds more than `limit` of them, joined with the windows it shares a shift with."""
    starts = sorted(nights)
    found: list[list[int]] = []  # [first index, last index, most in one window]
    for i, anchor in enumerate(starts):
        end = bisect.bisect_left(starts, anchor + period) - 1  # the window's shifts: i … end
        if end - i + 1 <= limit:
            continue
        if found and i <= found[-1][1]:
            found[-1][1], found[-1][2] = max(found[-1][1], end), max(found[-1][2], end - i + 1)
        else:
            found.append([i, end, end - i + 1])
    return [NightStretch(starts[lo], starts[hi], hi - lo + 1, worst) for lo, hi, worst in found]


def night_shifts_of_file(
    who: str,
    staff_id: uuid.UUID,
    *,
    rows: Sequence[tuple[int, datetime]],
    bookings: Iterable[Booking],
    stored: Collection[uuid.UUID],
    limits: RuleLimits,
) -> ShiftWarning:
    """The one warning an import's report gives for a person with too many night shifts on several of its rows
    (QA: one sentence on each of eight rows, its count that of one window): `rows`, each row's number and its
    shift's start; `bookings`, the person's shifts the rule counts, the file's and the roster's (`stored`: the
    roster's shifts). It says the stretches over the limit that hold a row's shift — from the first to the last
    shift's day, how many, the most in one window of the rule's period, how many of them the roster already has —
    and the rows."""
    mine = [b for b in bookings if is_night_shift(b.starts_at, b.ends_at)]
    starts = {r for _, r in rows}
    stretches = [
        s
        for s in night_stretches(
            (b.starts_at for b in mine), period=limits.night_shift_period, limit=limits.night_shift_limit
        )
        if any(s.first <= t <= s.last for t in starts)
    ] or [NightStretch(min(starts), max(starts), len(starts), len(starts))]  # not reached: the rows were warned
    days = f"{limits.night_shift_period.total_seconds() / 86400:g}"
    total, worst = sum(s.shifts for s in stretches), max(s.worst for s in stretches)
    already = sum(1 for b in mine if b.shift_id in stored and any(s.first <= b.starts_at <= s.last for s in stretches))

    def said(lang: Literal["vi", "en"]) -> str:
        to = " to " if lang == "en" else " đến "
        first, last = (
            (date_said(s.first.astimezone(LOCAL).date(), lang) for s in stretches),
            (date_said(s.last.astimezone(LOCAL).date(), lang) for s in stretches),
        )
        return ("; from " if lang == "en" else "; từ ").join(f"{a}{to}{b}" for a, b in zip(first, last, strict=True))

    listed = ", ".join(str(n) for n, _ in sorted(rows))
    stored_en = f", {already} of them already in the roster" if already else ""
    stored_vi = f", trong đó {already} ca đã có trong lịch" if already else ""
    return ShiftWarning(
        "night-shifts",
        staff_id,
        f"{who} would work {total} night shifts (22:00–06:00) from {said('en')}{stored_en}, up to {worst} within "
        f"{days} days (at most {limits.night_shift_limit}): rows {listed}.",
        f"{who} sẽ trực {total} ca đêm (22:00–06:00) từ {said('vi')}{stored_vi}, có lúc {worst} ca trong {days} "
        f"ngày (tối đa {limits.night_shift_limit}): các dòng {listed}.",
        None,
        {"night_shifts": worst, "rows": [n for n, _ in sorted(rows)]},
    )


def warnings_of(
    shift: Shift, bookings: Iterable[Booking], *, limits: RuleLimits, status: str | None = None
) -> list[ShiftWarning]:
    """The soft rules a stored shift breaks, in its status (or `status`, the one it is about to take: a draft
    being published), with its people's other `bookings` as they are now: what its warnings become when a shift
    near it is planned, moved, cancelled, given other people or published (a warning is kept as of the shift's
    last change, and names the neighbouring shift it is about)."""
    names = {a.staff_id: a.full_name for a in shift.assignees}
    return soft_warnings(
        shift.draft(), bookings, shift_id=shift.id, names=names, limits=limits, status=status or shift.status
    )


# --- check-in ------------------------------------------------------------------------------


def check_in_closed(*, ends_at: datetime, now: datetime) -> bool:
    """Whether a shift's check-in window has closed at `now`: a person checks in until the shift ends."""
    return now >= ends_at


def check_in_errors(*, now: datetime, starts_at: datetime, ends_at: datetime, lead: timedelta) -> list[FieldError]:
    """A person checks in from `lead` before the start until the end of the shift."""
    opens = starts_at - lead
    if now < opens:
        return [
            FieldError(
                "staff_id",
                "check-in-window",
                f"Check-in opens at {when(opens, 'en')} ({int(lead.total_seconds() // 60)} min before the start).",
                f"Chỉ điểm danh được từ {when(opens)} ({int(lead.total_seconds() // 60)} phút trước giờ trực).",
                {"opens_at": opens.isoformat()},
            )
        ]
    if check_in_closed(ends_at=ends_at, now=now):
        return [
            FieldError(
                "staff_id",
                "check-in-window",
                "The shift is over: check-in is closed.",
                "Ca trực đã kết thúc, không thể điểm danh.",
            )
        ]
    return []


# --- the shift entity ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OnShift:
    """One person on a shift, as the shift records them."""

    staff_id: uuid.UUID
    full_name: str
    qualified: bool = True
    checked_in_at: datetime | None = None
    presence: PresenceNote | None = None
    """A manager's word afterwards on whether they were on post (`domain.presence`); None: nobody said."""
    late_reason: str | None = None
    """Why they came late, as their late check-in (or the reason given after it) says (`domain.lateness`)."""

    @classmethod
    def of(cls, person: StaffFacts) -> OnShift:
        return cls(person.id, person.full_name)


_AND = {"vi": "và", "en": "and"}
_OF = {"vi": "của", "en": "of"}

ShiftStatus = Literal["draft", "published", "checked_in", "completed", "cancelled"]
ChangeKind = Literal[
    "planned",
    "published",
    "updated",
    "rescheduled",
    "reassigned",
    "swapped",
    "cancelled",
    "checked_in",
    "completed",
    "presence_confirmed",
    "presence_corrected",
    "late_explained",
]

UpdatedPart = Literal["notes", "site", "covers", "warnings"]
"""What an update changed, as ShiftUpdated says it (lichtruc.events.ShiftUpdatedPart): the notes, the site, the
further sites covered, the rest warnings (recomputed after a change next to it)."""


class Unchanged:
    """The value of an argument not given (distinct from None, which clears)."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged()


@dataclass(frozen=True, slots=True)
class ShiftChange:
    """A shift's new state and what happened to it (the event to announce)."""

    shift: Shift
    kind: ChangeKind
    changed: tuple[UpdatedPart, ...] = ()
    """An update's parts that changed (`Shift.edit`, `Shift.rewarn`), in UPDATED_PARTS' order; () for other kinds."""


@dataclass(frozen=True, slots=True)
class Shift:
    """A shift and its people. Its methods own its status changes: each checks the rule, and
    returns a `ShiftChange` (the new state — next version — and what happened) for the caller
    to save and announce. The entity itself is never changed in place."""

    id: uuid.UUID
    campaign_id: uuid.UUID | None
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    assignees: tuple[OnShift, ...]
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    covers_site_ids: tuple[uuid.UUID, ...] = ()
    notes: str | None = None
    warnings: tuple[Mapping[str, object], ...] = ()
    cancel_reason: str | None = None
    published_at: datetime | None = None
    """When it was first published: from then on its staff and the inspectors saw it (their calendars, their
    pages). None: never published — a draft, or a draft cancelled before anyone was told of it."""
    continues_shift_id: uuid.UUID | None = None
    """The shift this one continues (`Shift.hand_over`): it took over the rest of it, from this one's start (the
    moment of the handover; the other's start or later)."""
    handover_reason: str | None = None
    """Why the shift it continues was handed over; None unless `continues_shift_id`."""
    handover_absent: bool | None = None
    """Whether the people of the shift it continues never came (the handover's "Người trực không đến"), so that
    those told of it say so only then; None unless `continues_shift_id` (and for one that took over before it was
    kept)."""
    edited_version: int | None = None
    """The version a person last made, when every version since only recomputed the rest warnings
    (`rewarn`, after a change to a shift next to it); None: this version is a person's. A change that read
    any version from this one on is let through (`Precondition.allows_since`): nobody changed what it saw."""

    @classmethod
    def plan(
        cls,
        *,
        shift_id: uuid.UUID,
        campaign_id: uuid.UUID,
        draft: ShiftDraft,
        people: Mapping[uuid.UUID, StaffFacts],
        warnings: Sequence[ShiftWarning],
        covers: Sequence[uuid.UUID] = (),
        notes: str | None = None,
        now: datetime,
    ) -> ShiftChange:
        """A new draft (version 1) of a checked shift."""
        shift = cls(
            id=shift_id,
            campaign_id=campaign_id,
            enterprise_id=draft.enterprise_id,
            site_id=draft.site_id,
            covers_site_ids=tuple(covered_sites(covers, draft.site_id)),
            duty_type=draft.duty_type,
            starts_at=draft.starts_at.astimezone(UTC),
            ends_at=draft.ends_at.astimezone(UTC),
            assignees=tuple(OnShift.of(people[s]) for s in draft.staff_ids),
            status="draft",
            notes=notes,
            warnings=tuple(w.as_dict() for w in warnings),
            version=1,
            created_at=now,
            updated_at=now,
        )
        return ShiftChange(shift, "planned")

    # --- reading

    @property
    def staff_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(a.staff_id for a in self.assignees)

    def label(self, lang: str = "vi") -> str:
        """The shift as people name it: duty type and local time."""
        return shift_label(self.duty_type, self.starts_at, self.ends_at, lang)

    def named(self, lang: str = "vi") -> str:
        """The shift with its people, as a manager tells one shift from the others of the same hours: "trực điều
        hành 22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết) của Nguyễn Thị Ánh Tuyết"."""
        names = [a.full_name for a in self.assignees]
        if not names:
            return self.label(lang)
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {_AND[lang]} {names[-1]}"
        return f"{self.label(lang)} {_OF[lang]} {joined}"

    def draft(self, **changes: Any) -> ShiftDraft:
        """What the shift would become with `changes` (starts_at, ends_at, staff_ids): the input of the rules."""
        values: dict[str, Any] = {
            "enterprise_id": self.enterprise_id,
            "duty_type": self.duty_type,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "staff_ids": self.staff_ids,
            "site_id": self.site_id,
        }
        values.update(changes)
        return ShiftDraft(**values)

    def campaign(self) -> uuid.UUID:
        """The shift's campaign; a shift planned before campaigns existed can only be cancelled (409)."""
        if self.campaign_id is None:
            raise Conflict(
                "campaign_id",
                "legacy-shift",
                f"The shift {self.label('en')} was planned before campaigns existed and cannot be changed: "
                "cancel it and plan it again in a campaign.",
                f"Ca {self.label()} được lập trước khi có đợt trực, không thể sửa: hãy hủy và lập lại.",
                shift_id=str(self.id),
            )
        return self.campaign_id

    @property
    def late_from(self) -> datetime:
        """From when a check-in on it counts late (after `LATE_AFTER` more): its start — or, for a shift that
        continues another (`continues_shift_id`), the moment it was handed over (its creation) when that came later
        (QZ12 #3: handed the shift at 09:06, checking in at 09:07 read "muộn 3 giờ 7 phút" from the 06:00 start)."""
        if self.continues_shift_id is None:
            return self.starts_at
        return max(self.starts_at, self.created_at)

    def allows(self, action: str) -> None:
        """Raise Conflict unless `action` is possible in the shift's status."""
        check_transition(
            {
                "id": self.id,
                "status": self.status,
                "duty_type": self.duty_type,
                "starts_at": self.starts_at,
                "ends_at": self.ends_at,
            },
            action,
        )

    def _next(self, now: datetime, kind: ChangeKind, **changes: Any) -> ShiftChange:
        """The next version, a person's unless `changes` says otherwise (`rewarn`)."""
        changes.setdefault("edited_version", None)
        return ShiftChange(replace(self, version=self.version + 1, updated_at=now, **changes), kind)

    # --- status changes

    def publish(self, *, now: datetime, warnings: Sequence[ShiftWarning] | None = None) -> ShiftChange:
        """A draft becomes published, with `warnings` — those of a published shift (`warnings_of` with status
        published: the drafts next to it no longer count); None keeps its warnings (a shift created published,
        whose warnings were computed as such)."""
        self.allows("publish")
        self.campaign()
        changes: dict[str, Any] = {} if warnings is None else {"warnings": tuple(w.as_dict() for w in warnings)}
        return self._next(now, "published", status="published", published_at=self.published_at or now, **changes)

    def cancel(self, *, now: datetime, reason: str | None) -> ShiftChange:
        """Cancelled: its people are free again, and it has no warnings left. A shift its staff and the inspectors
        already see (anything but a draft) is cancelled only with a reason: their calendars and the history say why.
        The reason is kept in NFC without the blank at either end; a blank one is none (RuleViolation unless a
        draft)."""
        self.allows("cancel")
        said = trim_text(unicodedata.normalize("NFC", reason)) if reason is not None else ""
        if not said and self.status != "draft":
            state_en, state_vi = (
                ("is published", "đã công bố")
                if self.status == "published"
                else ("has people checked in", "đã có người điểm danh")
            )
            raise RuleViolation(
                "reason",
                "cancel-reason-required",
                f"The shift {self.label('en')} {state_en}, so its staff and the inspectors already see it: "
                "give the reason for cancelling (their calendars and the history show it).",
                f"Ca {self.label()} {state_vi}, người trực và thanh tra đã thấy ca này: hãy nêu lý do hủy ca "
                "(lịch của người trực và lịch sử thay đổi ghi lại lý do).",
                shift_id=str(self.id),
                shift_status=self.status,
            )
        # no rest to warn of on a shift nobody works (QZ20 #3: a cancelled card still said its rest was short)
        return self._next(now, "cancelled", status="cancelled", cancel_reason=said or None, warnings=())

    def check_in(
        self, *, staff_id: uuid.UUID, now: datetime, lead: timedelta, late_reason: str | None = None
    ) -> ShiftChange:
        """An assignee reports for duty, from `lead` before the start until the end; a late check-in may say why
        (`late_reason`: `domain.lateness`)."""
        self.allows("check_in")
        mine = next((a for a in self.assignees if a.staff_id == staff_id), None)
        if mine is None:
            raise RuleViolation(
                "staff_id",
                "on-shift",
                f"This staff member is not on the shift {self.label('en')}.",
                f"Cán bộ này không có tên trong ca {self.label()}.",
                staff_id=str(staff_id),
            )
        if mine.checked_in_at is not None:
            raise Conflict(
                "staff_id",
                "already-checked-in",
                f"{mine.full_name} already checked in at {when(mine.checked_in_at, 'en')}.",
                f"{mine.full_name} đã điểm danh lúc {when(mine.checked_in_at)}.",
                staff_id=str(staff_id),
            )
        errors = check_in_errors(now=now, starts_at=self.starts_at, ends_at=self.ends_at, lead=lead)
        if errors:
            raise Conflict(
                errors[0].field, errors[0].rule, errors[0].message, errors[0].message_vi, **errors[0].context
            )
        at = now.astimezone(UTC)
        why = lateness.late_reason(late_reason, person=mine.full_name)
        if why is not None:
            lateness.check_late(
                arrived=at,
                late_from=self.late_from,
                person=mine.full_name,
                label_vi=self.label(),
                label_en=self.label("en"),
            )
        people = tuple(
            replace(a, checked_in_at=at, late_reason=why) if a.staff_id == staff_id else a for a in self.assignees
        )
        return self._next(now, "checked_in", status="checked_in", assignees=people)

    def explain_late(self, *, staff_id: uuid.UUID, late_reason: str | None, now: datetime) -> ShiftChange:
        """A person who checked in late without a reason gives it afterwards, once (`domain.lateness`)."""
        self.allows("explain_late")
        mine = next((a for a in self.assignees if a.staff_id == staff_id), None)
        if mine is None:
            raise RuleViolation(
                "staff_id",
                "on-shift",
                f"This staff member is not on the shift {self.label('en')}.",
                f"Cán bộ này không có tên trong ca {self.label()}.",
                staff_id=str(staff_id),
            )
        label_vi, label_en = self.label(), self.label("en")
        if mine.checked_in_at is None:
            raise Conflict(
                "late_reason",
                "not-checked-in",
                f"{mine.full_name} has not checked in on the shift {label_en}: check in first, and give the reason "
                "with the check-in.",
                f"{mine.full_name} chưa điểm danh ca {label_vi}: hãy điểm danh trước, lý do đến muộn nêu cùng lúc "
                "điểm danh.",
                staff_id=str(staff_id),
            )
        if mine.late_reason is not None:
            raise lateness.already_explained(
                person=mine.full_name, reason=mine.late_reason, label_vi=label_vi, label_en=label_en
            )
        lateness.check_late(
            arrived=mine.checked_in_at,
            late_from=self.late_from,
            person=mine.full_name,
            label_vi=label_vi,
            label_en=label_en,
        )
        why = lateness.late_reason(late_reason, person=mine.full_name)
        if why is None:
            raise RuleViolation(
                "late_reason",
                "reason-required",
                f"Say why {mine.full_name} came late to the shift {label_en} (a flooded road, called to an incident "
                "on the way…).",
                f"Hãy nêu lý do {mine.full_name} đến muộn ca {label_vi} (đường ngập, được gọi đi ứng cứu trên đường…).",
            )
        people = tuple(replace(a, late_reason=why) if a.staff_id == staff_id else a for a in self.assignees)
        return self._next(now, "late_explained", assignees=people)

    def confirm_presence(
        self,
        *,
        staff_id: uuid.UUID,
        person: str | None,
        present: bool,
        evidence: str,
        evidence_note: str | None,
        by: str,
        by_name: str | None,
        now: datetime,
        since: datetime | None = None,
        until: datetime | None = None,
        checks_in_self: bool = True,
        late_reason: str | None = None,
    ) -> ShiftChange:
        """A manager's word, after the shift ended, that a person on it was on post (`present`) or was not, from
        `since` to `until` (the whole shift by default; the rules: `domain.presence`) — or, while it is under way,
        the arrival of a person who cannot check in themselves (`checks_in_self` False: no active account); `person`:
        the name roster knows them by, for a refusal naming someone not on it; `late_reason`: why they came late, as
        the manager was told (on post from after the grace only: `domain.lateness`)."""
        self.allows("confirm_presence")
        mine = next((a for a in self.assignees if a.staff_id == staff_id), None)
        if mine is None:
            raise presence_rules.not_on_shift(
                person, label_vi=self.label(), label_en=self.label("en"), staff_id=staff_id
            )
        presence_rules.check_when(
            present=present,
            checks_in_self=checks_in_self,
            person=mine.full_name,
            since=since,
            until=until,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            label_vi=self.named(),
            label_en=self.named("en"),
            now=now,
        )
        label_vi, label_en = self.label(), self.label("en")
        presence_rules.check_evidence_kind(evidence)
        note = presence_rules.evidence_note(evidence_note, person=mine.full_name, label_vi=label_vi, label_en=label_en)
        lo, hi = presence_rules.word_span(
            present=present,
            since=since,
            until=until,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            person=mine.full_name,
            label_vi=label_vi,
            label_en=label_en,
        )
        if not present:
            presence_rules.check_something_to_correct(
                person=mine.full_name,
                checked_in_at=mine.checked_in_at,
                note=mine.presence,
                whole=(lo, hi) == (self.starts_at, self.ends_at),
                label_vi=label_vi,
                label_en=label_en,
            )
        why = lateness.late_reason(late_reason, person=mine.full_name) if present else None
        if why is not None:
            lateness.check_late(
                arrived=lo, late_from=self.late_from, person=mine.full_name, label_vi=label_vi, label_en=label_en
            )
        said = PresenceNote(present, evidence, note, by, now.astimezone(UTC), by_name, lo, hi)
        people = tuple(
            replace(a, presence=said, late_reason=why or a.late_reason) if a.staff_id == staff_id else a
            for a in self.assignees
        )
        return self._next(now, "presence_confirmed" if present else "presence_corrected", assignees=people)

    def complete(self, *, now: datetime) -> ShiftChange:
        """Closed once it is over."""
        self.allows("complete")
        if now < self.ends_at:
            raise Conflict(
                "status",
                "shift-over",
                f"The shift {self.label('en')} ends at {when(self.ends_at, 'en')}: complete it after that.",
                f"Ca {self.label()} chưa kết thúc (kết thúc lúc {when(self.ends_at)}).",
                ends_at=self.ends_at.isoformat(),
            )
        return self._next(now, "completed", status="completed")

    def edit(
        self,
        *,
        now: datetime,
        notes: str | Unchanged | None = UNCHANGED,
        site_id: uuid.UUID | Unchanged | None = UNCHANGED,
        covers: Sequence[uuid.UUID] | Unchanged | None = UNCHANGED,
    ) -> ShiftChange | None:
        """New notes, site or further sites covered; None when nothing changes (no new version).
        The caller has checked the site and the sites covered."""
        self.allows("edit")
        changes: dict[str, Any] = {}
        if not isinstance(notes, Unchanged) and notes != self.notes:
            changes["notes"] = notes
        site = self.site_id if isinstance(site_id, Unchanged) else site_id
        if not isinstance(site_id, Unchanged) or not isinstance(covers, Unchanged):
            further = self.covers_site_ids if isinstance(covers, Unchanged) or covers is None else tuple(covers)
            if site != self.site_id:
                changes["site_id"] = site
            stored = tuple(covered_sites(further, site))
            if stored != self.covers_site_ids:
                changes["covers_site_ids"] = stored
        if not changes:
            return None
        if "site_id" in changes or "covers_site_ids" in changes:
            self.campaign()
        change = self._next(now, "updated", **changes)
        parts: dict[str, UpdatedPart] = {"notes": "notes", "site_id": "site", "covers_site_ids": "covers"}
        return replace(change, changed=tuple(p for f, p in parts.items() if f in changes))

    def rewarn(self, *, now: datetime, warnings: Sequence[ShiftWarning]) -> ShiftChange | None:
        """The warnings as the shifts around it now give them (`warnings_of`): a new version, announced as an
        update, so that no stored warning names a shift that moved, was cancelled or lost the person; None when
        they are the ones stored. Any status that holds its people's time: a completed shift's too."""
        fresh = tuple(w.as_dict() for w in warnings)
        if fresh == tuple(dict(w) for w in self.warnings):
            return None
        edited = self.edited_version if self.edited_version is not None else self.version
        return replace(self._next(now, "updated", warnings=fresh, edited_version=edited), changed=("warnings",))

    def reschedule(
        self, *, now: datetime, starts_at: datetime, ends_at: datetime, warnings: Sequence[ShiftWarning]
    ) -> ShiftChange:
        """Moved in time (the caller has checked every rule at the new time)."""
        self.allows("reschedule")
        self.campaign()
        return self._next(
            now,
            "rescheduled",
            starts_at=starts_at.astimezone(UTC),
            ends_at=ends_at.astimezone(UTC),
            warnings=tuple(w.as_dict() for w in warnings),
        )

    def reassign(
        self,
        *,
        now: datetime,
        staff_ids: Sequence[uuid.UUID],
        people: Mapping[uuid.UUID, StaffFacts],
        warnings: Sequence[ShiftWarning],
        kind: ChangeKind = "reassigned",
    ) -> ShiftChange:
        """Other people on the shift (the caller has checked every rule for them)."""
        self.allows("approve_swap" if kind == "swapped" else "reassign")
        self.campaign()
        return self._next(
            now,
            kind,
            assignees=tuple(OnShift.of(people[s]) for s in staff_ids),
            warnings=tuple(w.as_dict() for w in warnings),
        )

    # --- handing over the rest of a shift

    def hand_over(
        self,
        *,
        now: datetime,
        at: datetime,
        warnings: Sequence[ShiftWarning],
        reason: str,
        absent: bool = False,
    ) -> ShiftChange:
        """Ends at `at`, the moment another shift takes over the rest of it (`rest_from`): its people and their
        check-ins are kept — it is what they worked — and the change is announced as a move (ShiftRescheduled,
        saying which shift took over). The caller has checked the moment (`handover_moment`) and computes the
        `warnings` of the shorter shift.

        When its people never came (`absent`, "Người trực không đến": nobody on it checked in), or at its very
        start, nothing of it was worked: it is not shortened but ends handed over — cancelled with the `reason`,
        its people free, announced as a cancellation saying which shift took over (ShiftCancelled,
        `handed_over_to`), without warnings, as any cancelled shift. The new shift starts at `at` all the same (QZ13
        #2): the hours from the start to `at` had nobody, and are left uncovered for the audit to show."""
        self.allows("hand_over")
        self.campaign()
        if absent or at.astimezone(UTC) <= self.starts_at:
            errors = [*handover_moment_errors(self, at), *handover_absent_errors(self, absent)[1]]
            if errors:
                raise RuleViolation(errors)
            return self._next(now, "cancelled", status="cancelled", cancel_reason=reason, warnings=())
        return self._next(now, "rescheduled", ends_at=at.astimezone(UTC), warnings=tuple(w.as_dict() for w in warnings))

    @property
    def checked_in(self) -> tuple[OnShift, ...]:
        """Its people who checked in."""
        return tuple(a for a in self.assignees if a.checked_in_at is not None)

    def rest_from(
        self,
        *,
        shift_id: uuid.UUID,
        at: datetime,
        staff_ids: Sequence[uuid.UUID],
        people: Mapping[uuid.UUID, StaffFacts],
        warnings: Sequence[ShiftWarning],
        reason: str,
        now: datetime,
        absent: bool = False,
    ) -> tuple[ShiftChange, ShiftChange]:
        """The shift that takes over the rest of this one: from `at` to its end, the same duty type, enterprise,
        site, sites covered and notes, with `staff_ids` (the caller has checked every rule for them), recording
        which shift it continues, why, and whether its people never came (`absent`). Planned and published at
        once, as a shift created published (`ShiftPlanned`, then `ShiftPublished`): its people are told of it as
        of any new shift."""
        planned = Shift.plan(
            shift_id=shift_id,
            campaign_id=self.campaign(),
            draft=self.draft(starts_at=at, staff_ids=tuple(staff_ids)),
            people=people,
            warnings=warnings,
            covers=self.covers_site_ids,
            notes=self.notes,
            now=now,
        )
        planned = replace(
            planned,
            shift=replace(planned.shift, continues_shift_id=self.id, handover_reason=reason, handover_absent=absent),
        )
        return planned, planned.shift.publish(now=now)


# --- handing over the rest of a shift ------------------------------------------------------------

HANDOVER_STEP = timedelta(minutes=5)
"""The default moment of a handover is the service's clock rounded up to the next 5 minutes."""


def handover_default(now: datetime) -> datetime:
    """`now` rounded up to the next multiple of HANDOVER_STEP (already one: itself)."""
    step = int(HANDOVER_STEP.total_seconds() * 1_000_000)
    since = now.astimezone(UTC) - datetime(2000, 1, 1, tzinfo=UTC)
    micro = (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds
    return datetime(2000, 1, 1, tzinfo=UTC) + timedelta(microseconds=-(-micro // step) * step)


def handover_begun(shift: Shift, *, now: datetime) -> None:
    """Only a shift that has begun by `now` is handed over (before, its people are changed: reassign): Conflict
    naming the shift and its start."""
    if now < shift.starts_at:
        raise Conflict(
            "status",
            "handover-not-begun",
            f"The shift {shift.named('en')} has not begun yet (it starts at {when(shift.starts_at, 'en')}): "
            "give it to other people instead (reassign); the rest of a shift is handed over once it has begun.",
            f"Ca {shift.named()} chưa bắt đầu (bắt đầu lúc {when(shift.starts_at)}): hãy đổi người trực; chỉ giao "
            "phần còn lại của ca khi ca đã bắt đầu.",
            shift_id=str(shift.id),
            starts_at=shift.starts_at.isoformat(),
        )


def handover_at(at: datetime | None, *, now: datetime) -> datetime:
    """The moment asked for, in UTC: `at`, or by default `now` rounded up to the next 5 minutes
    (`handover_default`). RuleViolation for a time without its offset."""
    if at is not None and at.tzinfo is None:
        raise RuleViolation(
            "at",
            "timezone-required",
            "Times must carry a UTC offset, e.g. 2027-02-05T21:00:00+07:00.",
            "Thời gian phải có múi giờ, ví dụ 2027-02-05T21:00:00+07:00.",
        )
    return (at if at is not None else handover_default(now)).astimezone(UTC)


def handover_moment_errors(shift: Shift, moment: datetime) -> list[FieldError]:
    """The moment lies within the shift: after its start — there must be some of it worked — and before its end —
    some left to hand over. At its very start only when nobody on it checked in (a no-show): then the new shift
    takes it whole. Each refusal names the shift, and who checked in when that is why."""
    moment = moment.astimezone(UTC)
    ctx = {"shift_id": str(shift.id), "starts_at": shift.starts_at.isoformat()}
    came = shift.checked_in
    if moment < shift.starts_at or (moment == shift.starts_at and came):
        if came:
            first = came[0]
            assert first.checked_in_at is not None
            en = (
                f"{first.full_name} checked in on the shift {shift.named('en')} at {when(first.checked_in_at, 'en')}, "
                f"so some of it was worked: the handover must be after its start ({when(shift.starts_at, 'en')}); "
                "choose a later moment."
            )
            vi = (
                f"{first.full_name} đã điểm danh ca {shift.named()} lúc {when(first.checked_in_at)}, ca đã có người "
                f"trực: thời điểm giao ca phải sau giờ bắt đầu ({when(shift.starts_at)}); hãy chọn thời điểm muộn hơn."
            )
        else:
            en = (
                f"The handover of the shift {shift.named('en')} cannot be before its start "
                f"({when(shift.starts_at, 'en')}): nobody has checked in, so choose its start (the new people take "
                "the whole shift) or a later moment."
            )
            vi = (
                f"Thời điểm giao ca {shift.named()} không thể trước giờ bắt đầu ({when(shift.starts_at)}): chưa ai "
                "điểm danh, hãy chọn đúng giờ bắt đầu (người mới nhận cả ca) hoặc thời điểm muộn hơn."
            )
        return [FieldError("at", "handover-after-start", en, vi, ctx)]
    if moment >= shift.ends_at:
        return [
            FieldError(
                "at",
                "handover-before-end",
                f"The shift {shift.named('en')} ends at {when(shift.ends_at, 'en')}: the handover must be before its "
                "end, after it nothing is left to hand over.",
                f"Ca {shift.named()} kết thúc lúc {when(shift.ends_at)}: thời điểm giao ca phải trước giờ kết thúc, "
                "sau đó không còn gì để giao.",
                {"shift_id": str(shift.id), "ends_at": shift.ends_at.isoformat()},
            )
        ]
    return []


def handover_moment(shift: Shift, *, at: datetime | None, now: datetime) -> datetime:
    """The moment the rest of a shift is handed over (`handover_at`) once it has begun (`handover_begun`), within
    it (`handover_moment_errors`). Raises Conflict (not begun), RuleViolation (the moment)."""
    handover_begun(shift, now=now)
    moment = handover_at(at, now=now)
    errors = handover_moment_errors(shift, moment)
    if errors:
        raise RuleViolation(errors)
    return moment


def handover_absent_errors(shift: Shift, absent: bool | None) -> tuple[bool, list[FieldError]]:
    """Whether the shift's people never came ("Người trực không đến"): as said, or — not said (None) — when nobody
    on it checked in. Said of a shift someone checked in to, the error naming who checked in when: what they
    worked is kept, only the rest from the moment is handed over."""
    came = shift.checked_in
    if absent is None:
        return not came, []
    if not absent or not came:
        return absent, []
    first = came[0]
    assert first.checked_in_at is not None
    return False, [
        FieldError(
            "absent",
            "handover-absent-checked-in",
            f"{first.full_name} checked in on the shift {shift.named('en')} at {when(first.checked_in_at, 'en')}: "
            "someone came, so untick “nobody came” — the hours worked are kept and the rest is handed over from "
            "the moment.",
            f"{first.full_name} đã điểm danh ca {shift.named()} lúc {when(first.checked_in_at)}: ca đã có người "
            "trực, hãy bỏ chọn “Người trực không đến” — giờ đã trực được giữ, chỉ giao phần còn lại từ thời điểm "
            "giao ca.",
            {"shift_id": str(shift.id), "checked_in_at": first.checked_in_at.isoformat()},
        )
    ]


def handover_reason_errors(shift: Shift, reason: str | None) -> tuple[str, list[FieldError]]:
    """Why the rest of a shift is handed over, in NFC without the blank at either end: required (its staff and the
    inspectors read it in the history); when blank, the error naming the shift."""
    said = trim_text(unicodedata.normalize("NFC", reason)) if reason is not None else ""
    if said:
        return said, []
    return said, [
        FieldError(
            "reason",
            "handover-reason-required",
            f"Say why the rest of the shift {shift.named('en')} is handed over: its staff and the inspectors read "
            "it in the history.",
            f"Hãy nêu lý do giao phần còn lại của ca {shift.named()}: người trực và thanh tra đọc lý do trong lịch "
            "sử thay đổi.",
            {"shift_id": str(shift.id)},
        )
    ]


def handover_reason(shift: Shift, reason: str | None) -> str:
    """`handover_reason_errors`, raising its RuleViolation."""
    said, errors = handover_reason_errors(shift, reason)
    if errors:
        raise RuleViolation(errors)
    return said


def handover_people_errors(shift: Shift, staff_ids: Sequence[uuid.UUID]) -> list[FieldError]:
    """Someone must take over: someone chosen, and the people named cannot all be people of the shift handed over
    (one of them may stay on, with another who takes over). Names the shift, and them."""
    if not staff_ids:
        return [
            FieldError(
                "assignees",
                "handover-people-required",
                f"Choose who takes over the rest of the shift {shift.named('en')}.",
                f"Hãy chọn người nhận phần còn lại của ca {shift.named()}.",
                {"shift_id": str(shift.id)},
            )
        ]
    mine = {a.staff_id: a.full_name for a in shift.assignees}
    if any(s not in mine for s in staff_ids):
        return []
    names = [mine[s] for s in staff_ids]

    def joined(lang: str) -> str:
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {_AND[lang]} {names[-1]}"

    verb = "is" if len(names) == 1 else "are"
    return [
        FieldError(
            "assignees",
            "handover-new-people",
            f"{joined('en')} {verb} already on the shift {shift.label('en')}: choose who takes over the rest of it.",
            f"{joined('vi')} đã có trong ca {shift.label()}: hãy chọn người nhận phần còn lại của ca.",
            {"shift_id": str(shift.id)},
        )
    ]
