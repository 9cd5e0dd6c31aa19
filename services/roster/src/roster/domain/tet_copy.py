"""A new Tết's coverage requirements and Tết opening hours copied from the Tết before (QZ27 #5: Tết Mậu Thân 2028
opened with seventeen empty days per transaction point and no requirement, while only the readiness checklist could
be copied).

The rule, as the readiness checklist's (`domain.readiness.moved_due`): **a day keeps its distance from mùng 1**.
A day `n` days before (or after) last Tết's mùng 1 is the day `n` days before (or after) this Tết's. So the last day
of the year — 29 tháng Chạp in a year whose twelfth month has 29 days, 30 tháng Chạp in one of 30 — is always
copied to this year's last day before mùng 1, whatever its number; the lunar day's number is not what is kept (a 30
tháng Chạp copied to a year of 29 days would have no day), the distance is. Giao thừa stays the eve of mùng 1, mùng
1 stays mùng 1. Times of day stay as they were (Vietnam keeps one offset all year).

What is copied and what is skipped, and why (each counted for the person, `SKIPPED_WHY`):
- a **requirement** of a daily window (hh:mm–hh:mm every day) is copied as it is; a one-off window is moved by the
  days between the two mùng 1s. Skipped: one the new campaign has already (same enterprise, site, duty type and
  window: a second copy adds nothing), one of the Department's border defaults (a Tết gets its own when opened),
  one whose moved one-off window falls outside the new campaign's time, one whose site is no longer there.
- a point's **opening hours**: last Tết's published days (else its draft) moved day by day into the new campaign's
  draft, to check and publish as any draft. A day that lands outside the new campaign is skipped; a point whose new
  draft has days already is left as it is unless the person answered the question asked first (`replace`).

Who may copy into what (`check_copy_into`, `past_requirements_kept`): a copy goes into a Tết campaign only (a drill
has no Tết before it, said of what was asked for); requirements copied apply to the whole campaign, so once it has
begun they would reach the days already judged — the Department's alone (`domain.requirements.rewrites_past`, the
requirement form's rule): a manager's copy is then refused, saying what to do instead."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from .errors import Conflict, RuleViolation
from .hours import DayHours, check_tet_campaign
from .requirements import Daily, OneOff, StaffingRequirement, Window

SkippedWhy = Literal["exists", "border-default", "outside", "site-gone", "has-draft", "day-outside"]
SKIPPED_WHY: dict[str, tuple[str, str]] = {
    "exists": ("đợt trực mới đã có định mức này", "the new campaign has this requirement already"),
    "border-default": (
        "định mức mặc định vùng biên giới của Sở: đợt trực mới đã có định mức riêng khi mở",
        "a Department border default: the new campaign got its own when it was opened",
    ),
    "outside": (
        "khung giờ chuyển sang rơi ngoài thời gian đợt trực mới",
        "its window moved falls outside the new campaign",
    ),
    "site-gone": ("điểm trực không còn", "its site is no longer there"),
    "has-draft": (
        "điểm này đã có giờ trong đợt trực mới (chưa chép đè vì chưa được đồng ý)",
        "the point has hours in the new campaign already (not overwritten without being asked)",
    ),
    "day-outside": (
        "ngày chuyển sang rơi ngoài thời gian đợt trực mới",
        "the day moved falls outside the new campaign",
    ),
}


def moved_day(day: date, *, from_tet: date, to_tet: date) -> date:
    """`day` of the Tết whose mùng 1 is `from_tet` as the day of the one whose mùng 1 is `to_tet`: as many days from
    mùng 1 (the module's rule)."""
    return day + (to_tet - from_tet)


def moved_window(window: Window, *, from_tet: date, to_tet: date) -> Window:
    """A daily window as it is; a one-off one moved by the days between the two mùng 1s, at the same times of day."""
    if isinstance(window, Daily):
        return window
    days = timedelta(days=(to_tet - from_tet).days)
    return OneOff(window.starts_at + days, window.ends_at + days)


def same_key(r: StaffingRequirement) -> tuple[uuid.UUID, uuid.UUID | None, str, Window]:
    """What makes two requirements the same one for a copy: enterprise, site, duty type and window."""
    return (r.enterprise_id, r.site_id, r.duty_type, r.window)


@dataclass(frozen=True)
class Skipped:
    """One thing not copied and why (`SKIPPED_WHY`): a requirement's or a point's label, and the day for a day."""

    what: str
    why: SkippedWhy
    day: date | None = None


@dataclass(frozen=True)
class CopiedRequirements:
    """The requirements to add to the new campaign (in last Tết's order) and those skipped, each with why."""

    added: tuple[StaffingRequirement, ...]
    skipped: tuple[Skipped, ...]


def copied_requirements(
    previous: Sequence[StaffingRequirement],
    have: Set[tuple[uuid.UUID, uuid.UUID | None, str, Window]],
    *,
    sites: Set[uuid.UUID],
    campaign_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    from_tet: date,
    to_tet: date,
    now: datetime,
    new_id: Callable[[], uuid.UUID],
) -> CopiedRequirements:
    """Last Tết's requirements (`previous`) as the new campaign's (`campaign_id`, from `starts_at` to `ends_at`):
    same enterprise, site, duty type, minimum and peak minimum, the window moved by `moved_window`. Skipped: one the
    campaign has (`have`, `same_key`), a border default, a one-off window moved outside the campaign, a site not
    in `sites` (those still there). Version 1 each, as new."""
    added: list[StaffingRequirement] = []
    skipped: list[Skipped] = []
    seen = set(have)
    for old in previous:
        label = old.label("vi")
        window = moved_window(old.window, from_tet=from_tet, to_tet=to_tet)
        new = replace(
            old, id=new_id(), campaign_id=campaign_id, window=window, version=1, created_at=now, updated_at=now
        )
        why: SkippedWhy | None = None
        if old.floor is not None:
            why = "border-default"
        elif old.site_id is not None and old.site_id not in sites:
            why = "site-gone"
        elif isinstance(window, OneOff) and (window.starts_at < starts_at or window.ends_at > ends_at):
            why = "outside"
        elif same_key(new) in seen:
            why = "exists"
        if why is not None:
            skipped.append(Skipped(label, why))
            continue
        seen.add(same_key(new))
        added.append(new)
    return CopiedRequirements(tuple(added), tuple(skipped))


@dataclass(frozen=True)
class CopiedHours:
    """A point's days for the new campaign's draft (`days`, empty when skipped) and the days skipped, with why."""

    days: tuple[DayHours, ...]
    skipped: tuple[Skipped, ...]
    replaced: bool = False
    """The point's draft had days and was overwritten, as the person answered."""


def copied_hours(
    previous: Sequence[DayHours],
    current: Sequence[DayHours],
    *,
    point: str,
    allowed: Sequence[date],
    from_tet: date,
    to_tet: date,
    replace_draft: bool,
) -> CopiedHours:
    """A point's last-Tết days (`previous`) moved by `moved_day` into the new campaign's days (`allowed`); a day
    landing outside it skipped. A point whose new draft has days (`current`) is skipped whole (`has-draft`) unless
    `replace_draft` — the answer to the question asked first."""
    if current and not replace_draft:
        return CopiedHours((), (Skipped(point, "has-draft"),))
    inside = set(allowed)
    days: list[DayHours] = []
    skipped: list[Skipped] = []
    for d in previous:
        day = moved_day(d.day, from_tet=from_tet, to_tet=to_tet)
        if day in inside:
            days.append(replace(d, day=day))
        else:
            skipped.append(Skipped(point, "day-outside", day=d.day))
    return CopiedHours(tuple(days), tuple(skipped), replaced=bool(current))


COPIED_WHAT = {
    "requirements": ("định mức trực", "coverage requirements", "“Thêm định mức”", "“Add a requirement”"),
    "hours": ("giờ mở cửa Tết", "Tết opening hours", "từng ngày trên trang giờ mở cửa", "each day on the hours page"),
}


def no_previous_tet(campaign_name: str, what: Literal["requirements", "hours"]) -> Conflict:
    """409: there is no Tết campaign before this one to copy its requirements or opening hours from."""
    vi, en, how_vi, how_en = COPIED_WHAT[what]
    return Conflict(
        "campaign_id",
        "no-previous-tet",
        f"There is no Tết campaign before {campaign_name} to copy its {en} from: enter them here instead ({how_en}).",
        f"Chưa có đợt trực Tết nào trước {campaign_name} để chép {vi}: hãy nhập trực tiếp ({how_vi}).",
    )


def check_copy_into(kind: str, campaign_name: str, what: Literal["requirements", "hours"]) -> None:
    """422 for a copy into a drill: said of what was asked for — requirements (a drill's are entered by hand), or the
    opening hours (`domain.hours.check_tet_campaign`: a drill has none)."""
    if what == "hours":
        check_tet_campaign(kind, campaign_name)
    elif kind != "tet":
        raise RuleViolation(
            "campaign_id",
            "copy-tet-only",
            f"{campaign_name} is a drill: last Tết's coverage requirements are copied into a Tết campaign (each day "
            "moved with mùng 1, which a drill has not). Choose the Tết campaign of the season, or enter the drill's "
            "own requirements here (“Add a requirement”).",
            f"{campaign_name} là buổi diễn tập: định mức trực của Tết trước được chép vào đợt trực Tết (mỗi ngày dời "
            "theo mùng 1 Tết, buổi diễn tập không có). Hãy chọn đợt trực Tết của mùa này, hoặc nhập định mức riêng "
            "cho buổi diễn tập (“Thêm định mức”).",
        )


def past_requirements_kept(campaign_name: str, begun_on: str, begun_on_vi: str) -> Conflict:
    """409 for a manager's copy of requirements into a Tết already begun (`rewrites_past`): copied, they would apply
    to the whole campaign, the days past among them; what to do instead. `begun_on`: the campaign's first day said."""
    return Conflict(
        "campaign_id",
        "past-kept",
        f"{campaign_name} began on {begun_on}: last Tết's coverage requirements copied now would apply to the whole "
        "campaign, the days already past among them, and inspectors rely on what those days asked: only the "
        "Department (an administrator account) can add requirements to the days past. Add the ones you need from "
        "now on (“Add a requirement”, then “From now on”), or ask the Department to copy them.",
        f"{campaign_name} đã bắt đầu từ {begun_on_vi}: định mức trực của Tết trước chép lúc này sẽ áp dụng cho cả "
        "đợt, kể cả những ngày đã qua; thanh tra dựa vào những gì các ngày đó đã yêu cầu. Chỉ Sở (tài khoản quản "
        "trị) thêm được định mức cho các ngày đã qua; bạn có thể thêm từng định mức cần thiết từ bây giờ (“Thêm "
        "định mức”, chọn “Từ bây giờ”), hoặc đề nghị Sở chép.",
    )
