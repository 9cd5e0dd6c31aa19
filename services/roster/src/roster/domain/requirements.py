"""Coverage requirements: how many people a duty type needs, over which windows, with a higher
minimum inside peak windows — validated and expanded into concrete intervals.

A requirement above what the enterprise can staff — more people (its minimum, or its peak minimum) than its
active staff holding the duty type's qualification — is kept, with a warning (`beyond_staff`): the Department
may set it ahead of hiring, but a slip of the keyboard (200 for 20) must not pass unsaid (QA: 200 people at an
enterprise of about 14 was taken without a word)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from lichtruc import vntime
from lichtruc.duty_types import DUTY_QUALIFICATION, duty_type_name
from lichtruc.vntime import VIETNAM as LOCAL
from lichtruc.vntime import utc
from lichtruc.words import name as word_for

from .campaigns import Peak
from .errors import Conflict, FieldError, RuleViolation


@dataclass(frozen=True)
class OneOff:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Daily:
    """Every local day between two local times; an end at or before the start crosses midnight
    (00:00–00:00 is the whole day)."""

    start_local: time
    end_local: time


Window = OneOff | Daily


@dataclass(frozen=True)
class Requirement:
    id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    window: Window
    minimum: int
    peak_minimum: int | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of time in which `required` people must be on duty."""

    starts_at: datetime
    ends_at: datetime
    required: int
    peak: str | None = None


@dataclass(frozen=True)
class DepartmentFloor:
    """What the Department set on a border default (domain/border.py): a manager may raise the
    requirement above these minimums but not go below them, nor change its duty type, site or
    window, nor remove it. Only the Department (an administrator) changes or removes it, and its
    change becomes the new floor."""

    minimum: int
    peak_minimum: int | None

    @property
    def peak_required(self) -> int:
        return self.minimum if self.peak_minimum is None else self.peak_minimum


@dataclass(frozen=True)
class Removal:
    """When a requirement was removed (`at`) and from when its removal applies (None: the whole campaign, as if it
    had never been). Removed from then on, it still ruled the time before: its page stays readable."""

    at: datetime
    applies_from: datetime | None


@dataclass(frozen=True, slots=True)
class StaffingRequirement:
    """A stored requirement: at least `minimum` people of a duty type over a window (more in
    peaks), for an enterprise as a whole or one of its sites, in one campaign."""

    id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    window: Window
    minimum: int
    peak_minimum: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    floor: DepartmentFloor | None = None
    """Set when the requirement is one of the Department's border defaults (protected)."""
    removed: Removal | None = None
    """Set on a removed requirement as it last was (read from its versions): nothing can change it any more."""

    def label(self, lang: vntime.Lang = "en") -> str:
        """The requirement in words, for a message that must name it ("Patrol, at least 2, 08:00–16:00 every day";
        in Vietnamese "Tuần tra, bảo vệ, ít nhất 2 người, 08:00–16:00 hằng ngày"); times in Vietnam time."""
        if isinstance(self.window, OneOff):
            when = vntime.span(self.window.starts_at, self.window.ends_at, lang)
        else:
            every = "hằng ngày" if lang == "vi" else "every day"
            when = f"{self.window.start_local:%H:%M}–{self.window.end_local:%H:%M} {every}"
        if lang == "vi":
            return f"{duty_type_name(self.duty_type, 'vi')}, ít nhất {self.minimum} người, {when}"
        return f"{duty_type_name(self.duty_type, 'en')}, at least {self.minimum}, {when}"

    @property
    def rule(self) -> Requirement:
        """What the coverage computation needs of it."""
        return Requirement(self.id, self.site_id, self.duty_type, self.window, self.minimum, self.peak_minimum)

    def change(
        self,
        *,
        now: datetime,
        duty_type: str,
        window: Window,
        minimum: int,
        peak_minimum: int | None,
        site_id: uuid.UUID | None,
        by_department: bool = False,
    ) -> StaffingRequirement:
        """The next version (the caller has checked the new values); the Department's change of
        a protected requirement becomes its new floor."""
        floor = self.floor
        if floor is not None and by_department:
            floor = DepartmentFloor(minimum, peak_minimum)
        return replace(
            self,
            floor=floor,
            duty_type=duty_type,
            window=window,
            minimum=minimum,
            peak_minimum=peak_minimum,
            site_id=site_id,
            version=self.version + 1,
            updated_at=now,
        )


APPLIES = ("from_now", "whole_campaign")
"""How a change made during a campaign applies, as the person says: `from_now` — a new rule
from then on, the time already past keeps the version before; `whole_campaign` — the correction of a number typed
wrong, the rule was always so (and what every change without the answer means, as before it was asked) — once the
campaign has begun, the Department's alone (`rewrites_past`)."""


def applies_from(applies: str, *, now: datetime, campaign_starts_at: datetime) -> datetime | None:
    """From when a version applies (RequirementSet/RequirementRemoved's `applies_from`): the minute of `now` (floored:
    the change applies from the minute it was made, so the board, the gaps and the heatmap all read whole minutes
    and a gap's length is the difference of the times shown) for a change "from now on" once the campaign has begun;
    None (the whole campaign) for a correction, or before the campaign begins, when no instant of it is past yet."""
    if applies != "from_now" or now <= campaign_starts_at:
        return None
    return now.replace(second=0, microsecond=0)


def rewrites_past(*, since: datetime | None, now: datetime, campaign_starts_at: datetime, by_department: bool) -> bool:
    """Who may rewrite the past (QZ11): a change or removal that applies to the whole campaign (`since` None) once
    the campaign has begun rewrites what was required of the time already past — the days the inspector's heatmap,
    the gap list and the reports have already judged by it. Only the Department (an administrator) may do that: to
    correct a number typed wrong, it asked first (the portal's "to the whole campaign — correcting a number typed
    wrong"), and audit keeps the gaps it ends as closed by a requirement change, never as covered. An enterprise's
    manager changes or removes a requirement from now on: the days past keep the version they had. This holds for
    every requirement, whoever set it — the simplest rule a Department can rely on: no manager's change reaches
    the days already judged. Before the campaign begins nothing of it is past, and anyone corrects freely."""
    return since is None and not by_department and now > campaign_starts_at


def past_kept(*, removal: bool, duty_type: str, where: str, adding: bool = False) -> Conflict:
    """409 for a manager's change (or removal, or new requirement: `adding`) that would rewrite the days past
    (`rewrites_past`): why, and what to do instead — from now on, or ask the Department. `where`: the site's or the
    enterprise's name."""
    duty_en, duty_vi = duty_type_name(duty_type, "en"), duty_type_name(duty_type, "vi")
    if adding:  # QZ12: a manager's new requirement "for the whole campaign" opened gaps in the days past
        return Conflict(
            "applies",
            "past-kept",
            f"A new {duty_en} requirement at “{where}” cannot reach back to the days past, and inspectors rely on "
            "what those days asked: only the Department (an administrator account) can add a requirement to the "
            "days past. Add it from now on (choose “From now on”), or ask the Department.",
            f"Định mức {duty_vi} mới tại “{where}” không thể áp dụng cho những ngày đã qua; thanh tra dựa vào "
            "những gì các ngày đó đã yêu cầu. Chỉ Sở (tài khoản quản trị) thêm được định mức cho các ngày đã qua; "
            "bạn có thể thêm từ bây giờ (chọn “Từ bây giờ”), hoặc đề nghị Sở.",
            where=where,
        )
    verb_en, verb_vi = ("remove", "xóa") if removal else ("change", "sửa")
    return Conflict(
        "applies",
        "past-kept",
        f"The {duty_en} requirement at “{where}” has already applied to the days past, and inspectors rely on it: "
        f"only the Department (an administrator account) can correct the days past. You can {verb_en} it from "
        "now on (choose “From now on”), or ask the Department to correct the whole campaign.",
        f"Định mức {duty_vi} tại “{where}” đã áp dụng cho những ngày đã qua; thanh tra dựa vào đó. Chỉ Sở (tài "
        f"khoản quản trị) sửa được các ngày đã qua; bạn có thể {verb_vi} từ bây giờ (chọn “Từ bây giờ”), hoặc đề "
        "nghị Sở sửa cho cả đợt.",
        where=where,
    )


def changes_nothing(
    current: StaffingRequirement, changed: StaffingRequirement, *, since: datetime | None, newest_since: datetime | None
) -> bool:
    """Whether a change (`changed`, applying from `since`; None: the whole campaign) would lay on the time line just
    what is there (`current`, whose newest version applies from `newest_since`): the same terms from now on (the
    newest version already rules from its instant, before now, on), or for the whole campaign when the newest version
    already does. The same terms for the whole campaign after one "from now on" do change something: the time
    before it. Such a change is answered with the requirement as it is, and no new version."""
    same = (current.duty_type, current.window, current.minimum, current.peak_minimum, current.site_id) == (
        changed.duty_type,
        changed.window,
        changed.minimum,
        changed.peak_minimum,
        changed.site_id,
    )
    return same and current.floor == changed.floor and (since is not None or newest_since is None)


@dataclass(frozen=True, slots=True)
class RequirementVersion:
    """One version of a requirement as roster keeps it for its board: what it said (None: removed) and from when it
    applies (None: the whole campaign). `lichtruc.coverage.in_force` lays a requirement's versions on the time
    line."""

    requirement_id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    version: int
    applies_from: datetime | None
    rule: Requirement | None
    recorded_at: datetime

    @classmethod
    def of(
        cls, r: StaffingRequirement, *, applies_from: datetime | None, at: datetime, removed: bool = False
    ) -> RequirementVersion:
        """The version `r` is, made `at` (its next one, removed, when `removed`)."""
        return cls(
            r.id,
            r.campaign_id,
            r.enterprise_id,
            r.version + 1 if removed else r.version,
            applies_from,
            None if removed else r.rule,
            at,
        )


def weakenings(
    current: StaffingRequirement,
    *,
    duty_type: str,
    window: Window,
    minimum: int,
    peak_minimum: int | None,
    site_id: uuid.UUID | None,
) -> list[tuple[str, str, str]]:
    """How a change would weaken a protected requirement, as (field, English, Vietnamese); empty
    when it only keeps or raises it (or the requirement is not protected)."""
    floor = current.floor
    if floor is None:
        return []
    out = []
    if minimum < floor.minimum:
        out.append(
            (
                "minimum",
                f"the minimum may not go below {floor.minimum} (entered: {minimum})",
                f"số người tối thiểu không được dưới {floor.minimum} (đã nhập: {minimum})",
            )
        )
    # "đề nghị" read as "recommended" (QZ11 #12): the number is what was typed. A peak left blank means "as the
    # minimum": no number was typed there, so none is quoted; when the minimum's own refusal already asks for at
    # least the peak's floor, the blank peak is not refused a second time.
    if peak_minimum is not None and peak_minimum < floor.peak_required:
        out.append(
            (
                "peak_minimum",
                f"the peak minimum may not go below {floor.peak_required} (entered: {peak_minimum})",
                f"số người tối thiểu lúc cao điểm không được dưới {floor.peak_required} (đã nhập: {peak_minimum})",
            )
        )
    elif peak_minimum is None and minimum < floor.peak_required and floor.peak_required > floor.minimum:
        out.append(
            (
                "peak_minimum",
                f"the peak minimum may not go below {floor.peak_required}: enter it (left blank, it would be the "
                "minimum)",
                f"số người tối thiểu lúc cao điểm không được dưới {floor.peak_required}: hãy nhập ô này (để trống "
                "thì bằng số người tối thiểu)",
            )
        )
    if duty_type != current.duty_type:
        out.append(("duty_type", "its duty type may not change", "không được đổi loại trực"))
    if site_id != current.site_id:
        out.append(("site_id", "it may not move to another site", "không được chuyển sang điểm khác"))
    if not covers(window, current.window):
        out.append(("window", "its time window may not be narrowed", "không được thu hẹp khung giờ"))
    return out


def _daily_minutes(window: Daily) -> set[int]:
    start = window.start_local.hour * 60 + window.start_local.minute
    end = window.end_local.hour * 60 + window.end_local.minute
    if end <= start:
        end += 24 * 60
    return {m % (24 * 60) for m in range(start, end)}


def covers(new: Window, old: Window) -> bool:
    """Whether `new` asks for coverage over at least all the time `old` did (a daily window
    against a daily one, a one-off against a one-off)."""
    if isinstance(new, Daily) and isinstance(old, Daily):
        return _daily_minutes(old) <= _daily_minutes(new)
    if isinstance(new, OneOff) and isinstance(old, OneOff):
        return new.starts_at <= old.starts_at and new.ends_at >= old.ends_at
    return False


def window_to_json(window: Window) -> dict[str, str]:
    """A window as stored and as events carry it (one-off instants in UTC, daily times as HH:MM)."""
    if isinstance(window, OneOff):
        return {
            "kind": "one_off",
            "starts_at": utc(window.starts_at).isoformat().replace("+00:00", "Z"),
            "ends_at": utc(window.ends_at).isoformat().replace("+00:00", "Z"),
        }
    return {
        "kind": "daily",
        "start_local": window.start_local.strftime("%H:%M"),
        "end_local": window.end_local.strftime("%H:%M"),
    }


def window_from_json(doc: Mapping[str, Any]) -> Window:
    if doc["kind"] == "one_off":
        return OneOff(datetime.fromisoformat(doc["starts_at"]), datetime.fromisoformat(doc["ends_at"]))
    return Daily(parse_local_time(doc["start_local"]), parse_local_time(doc["end_local"]))


def parse_local_time(text: str) -> time:
    """ "HH:MM" → time (the schema has already checked the pattern)."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def check_requirement(
    window: Window, minimum: int, peak_minimum: int | None, *, campaign_starts_at: datetime, campaign_ends_at: datetime
) -> None:
    """A one-off window ends after it starts and lies inside the campaign; a peak minimum is
    not below the ordinary one."""
    errors = []
    if isinstance(window, OneOff):
        if window.ends_at <= window.starts_at:
            errors.append(
                FieldError(
                    "window.ends_at",
                    "end-after-start",
                    "The window must end after it starts.",
                    "Khung giờ phải kết thúc sau khi bắt đầu.",
                )
            )
        elif window.starts_at < campaign_starts_at or window.ends_at > campaign_ends_at:
            errors.append(
                FieldError(
                    "window",
                    "inside-campaign",
                    "The window must lie inside the campaign.",
                    "Khung giờ phải nằm trong thời gian đợt trực.",
                )
            )
    if peak_minimum is not None and peak_minimum < minimum:
        errors.append(
            FieldError(
                "peak_minimum",
                "at-least-minimum",
                f"peak_minimum ({peak_minimum}) must not be below minimum ({minimum}): peaks ask "
                "for more people, not fewer.",
                f"Số người tối thiểu lúc cao điểm ({peak_minimum}) không được nhỏ hơn mức thường ({minimum}).",
            )
        )
    if errors:
        raise RuleViolation(errors)


def window_intervals(window: Window, starts_at: datetime, ends_at: datetime) -> list[tuple[datetime, datetime]]:
    """The concrete intervals of a window, clipped to [starts_at, ends_at)."""
    if isinstance(window, OneOff):
        spans = [(window.starts_at, window.ends_at)]
    else:
        spans = []
        first = starts_at.astimezone(LOCAL).date() - timedelta(days=1)
        last = ends_at.astimezone(LOCAL).date()
        day = first
        while day <= last:
            s = datetime.combine(day, window.start_local, tzinfo=LOCAL)
            end_day = day if window.end_local > window.start_local else day + timedelta(days=1)
            spans.append((s, datetime.combine(end_day, window.end_local, tzinfo=LOCAL)))
            day += timedelta(days=1)
    out = []
    for s, e in spans:
        s, e = max(s, starts_at), min(e, ends_at)
        if s < e:
            out.append((s, e))
    return out


def expand(requirement: Requirement, *, starts_at: datetime, ends_at: datetime, peaks: Iterable[Peak]) -> list[Segment]:
    """The requirement as segments within [starts_at, ends_at): split at peak boundaries, with
    the peak minimum (when set) inside a peak."""
    peaks = sorted(peaks, key=lambda p: p.starts_at)
    segments: list[Segment] = []
    for s, e in window_intervals(requirement.window, starts_at, ends_at):
        cuts = sorted({s, e, *(t for p in peaks for t in (p.starts_at, p.ends_at) if s < t < e)})
        for a, b in itertools.pairwise(cuts):
            peak = next((p for p in peaks if p.starts_at <= a and b <= p.ends_at), None)
            required = requirement.minimum
            if peak is not None and requirement.peak_minimum is not None:
                required = requirement.peak_minimum
            segments.append(Segment(a, b, required, peak.name if peak else None))
    return segments


@dataclass(frozen=True)
class RequirementWarning:
    """A soft rule a requirement breaks: it is set all the same, and the answer says so, in both languages."""

    rule: str
    message: str
    message_vi: str
    required: int
    available: int

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "message": self.message,
            "message_vi": self.message_vi,
            "required": self.required,
            "available": self.available,
        }


def beyond_staff(
    *,
    duty_type: str,
    minimum: int,
    peak_minimum: int | None,
    enterprise_name: str,
    staff: Iterable[tuple[bool, Iterable[str]]],
) -> tuple[RequirementWarning, ...]:
    """The warning of a requirement that asks more people (its minimum, or its peak minimum) than the enterprise's
    active staff holding the duty type's qualification (all its active staff when the duty type asks none);
    `staff`: each of the enterprise's records as (active, qualifications). When both are beyond the staff, the one
    warning names both (`required` is the higher, the peak's)."""
    qualification = DUTY_QUALIFICATION.get(duty_type)
    available = sum(1 for active, quals in staff if active and (qualification is None or qualification in quals))
    peak = peak_minimum is not None and peak_minimum > minimum
    required = peak_minimum if peak and peak_minimum is not None else minimum
    if required <= available:
        return ()
    duty_vi = duty_type_name(duty_type, "vi")
    duty_vi = duty_vi[:1].lower() + duty_vi[1:]
    duty_en = duty_type_name(duty_type, "en")
    if peak and minimum > available:  # both are beyond the staff: both are named (QA: only the peak's 200 was)
        when_vi, when_en = f" và {required} người trong cao điểm", f" and {required} in a peak"
        asked = minimum
    else:
        when_vi, when_en = (" trong cao điểm", " in a peak") if peak else ("", "")
        asked = required
    if qualification is None:
        with_vi, with_en = "", ""
    else:
        with_vi = f" có chuyên môn {word_for('qualification', qualification, 'vi')}"
        with_en = f" with the {word_for('qualification', qualification, 'en')} qualification"
    has_vi = f"chỉ có {available} người" if available else "không có người nào"
    has_en = f"has only {available} active staff" if available else "has no active staff"
    return (
        RequirementWarning(
            "beyond-staff",
            f"The requirement asks {asked} {'person' if asked == 1 else 'people'} on {duty_en}{when_en}, but {enterprise_name} {has_en}"
            f"{with_en}{' at all' if not available else ''}: its shifts will always be short. The requirement is "
            "saved; check the number, or register (or qualify) more of its staff.",
            f"Yêu cầu {asked} người {duty_vi}{when_vi} nhưng {enterprise_name} {has_vi} đang làm việc{with_vi}: "
            "các ca trực sẽ luôn thiếu người. Yêu cầu vẫn được lưu; hãy kiểm tra lại số người, hoặc bổ sung nhân sự "
            "(hay chuyên môn) cho doanh nghiệp.",
            required,
            available,
        ),
    )
