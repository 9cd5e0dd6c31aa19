"""One line per logged event, in English and Vietnamese, for an enterprise's history of
changes and for the history of accounts: who did what to which record, in the words an
inspector uses. Works on the stored JSON, so that an event type this version does not know
is still listed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lichtruc import vntime
from lichtruc.duty_types import DUTY_BY_KEY, duty_type_name

from . import accounts, inspections

STATUS_VI = {
    "draft": "bản nháp",
    "published": "đã công bố",
    "checked_in": "đã nhận ca",
    "completed": "đã hoàn thành",
    "cancelled": "đã hủy",
}
PREFIX = "lichtruc.roster."


@dataclass(frozen=True, slots=True)
class Description:
    what: str
    """The event type without prefix and version, e.g. ``shift.published``."""
    actor: str | None
    summary: str
    summary_vi: str
    subject_id: str | None
    """The changed record's id (shift, requirement, staff…), when the event names one."""


def local(value: str | None) -> str:
    """An ISO instant as local time, e.g. ``22:00 05/02/2027``."""
    if not value:
        return "?"
    return vntime.clock(datetime.fromisoformat(value))


def _in_sentence(name: str) -> str:
    return name[:1].lower() + name[1:]


def _duty(duty: str) -> tuple[str, str]:
    """A duty type's names (English, Vietnamese) from ``lichtruc.duty_types``, as they read inside a
    sentence; an unknown code as it is."""
    if duty not in DUTY_BY_KEY:
        return duty, duty
    return _in_sentence(duty_type_name(duty, "en")), _in_sentence(duty_type_name(duty, "vi"))


def _people(assignees: list[dict[str, Any]] | None) -> str:
    return ", ".join(a.get("full_name", "?") for a in assignees or ()) or "—"


def _window(window: dict[str, Any] | None) -> tuple[str, str]:
    if not window:
        return "", ""
    if window.get("kind") == "daily":
        span = f"{window.get('start_local')}–{window.get('end_local')}"
        return f"daily {span}", f"hằng ngày {span}"
    span = f"{local(window.get('starts_at'))} – {local(window.get('ends_at'))}"
    return span, span


def describe(
    event_type: str,
    data: Mapping[str, Any],
    *,
    staff_names: Mapping[str, str] | None = None,
    enterprise_names: Mapping[str, str] | None = None,
) -> Description:
    """What a logged event did, from its type and data; `staff_names` and `enterprise_names` (by id)
    name the people and enterprises that the data gives by id only."""
    staff_names = staff_names or {}
    what = event_type.removeprefix(PREFIX).rsplit(".v", 1)[0]
    actor = data.get("actor")
    shift = data.get("shift") or {}
    if shift:
        duty_en, duty_vi = _duty(shift.get("duty_type", ""))
        span = f"{local(shift.get('starts_at'))} – {local(shift.get('ends_at'))}"
        people = _people(shift.get("assignees"))
        head_en, head_vi = f"{duty_en} shift {span}", f"Ca {duty_vi} {span}"
        status = shift.get("status", "")
        texts = {
            "shift.planned": (
                f"{head_en} planned ({status}) with {people}",
                f"{head_vi}: lập ca ({STATUS_VI.get(status, status)}), người trực: {people}",
            ),
            "shift.published": (f"{head_en} published with {people}", f"{head_vi}: công bố, người trực: {people}"),
            "shift.rescheduled": (
                f"{duty_en} shift moved from {local(data.get('previous_starts_at'))} – "
                f"{local(data.get('previous_ends_at'))} to {span}",
                f"Ca {duty_vi}: dời từ {local(data.get('previous_starts_at'))} – "
                f"{local(data.get('previous_ends_at'))} sang {span}",
            ),
            "shift.reassigned": (
                f"{head_en}: people changed from {_people(data.get('previous_assignees'))} to {people}",
                f"{head_vi}: đổi người trực từ {_people(data.get('previous_assignees'))} sang {people}",
            ),
            "shift.cancelled": (
                f"{head_en} cancelled" + (f": {data['reason']}" if data.get("reason") else ""),
                f"{head_vi}: hủy ca" + (f": {data['reason']}" if data.get("reason") else ""),
            ),
            "shift.completed": (f"{head_en} completed", f"{head_vi}: hoàn thành"),
            "shift.updated": (f"{head_en} updated (site or notes)", f"{head_vi}: cập nhật vị trí hoặc ghi chú"),
        }
        if what == "shift.checked_in":
            who = staff_names.get(str(data.get("staff_id")), str(data.get("staff_id")))
            for a in shift.get("assignees") or ():
                if a.get("staff_id") == data.get("staff_id"):
                    who = a.get("full_name", who)
            at = local(data.get("checked_in_at"))
            texts[what] = (f"{head_en}: {who} checked in at {at}", f"{head_vi}: {who} nhận ca lúc {at}")
        if what in ("shift.swapped", "swap.requested"):
            giver = staff_names.get(str(data.get("from_staff_id")), str(data.get("from_staff_id")))
            taker_id = data.get("to_staff_id")
            taker = staff_names.get(str(taker_id), str(taker_id)) if taker_id else None
            for a in shift.get("assignees") or ():
                if a.get("staff_id") == taker_id:
                    taker = a.get("full_name", taker)
            if what == "swap.requested":
                texts[what] = (
                    f"{head_en}: {giver} asked to hand it to {taker or 'anyone qualified'}",
                    f"{head_vi}: {giver} đề nghị đổi ca cho {taker or 'người đủ điều kiện bất kỳ'}",
                )
            else:
                texts[what] = (
                    f"{head_en}: swap approved, {giver} → {taker}",
                    f"{head_vi}: duyệt đổi ca, {giver} → {taker}",
                )
        summary, summary_vi = texts.get(what, (f"{head_en}: {what}", f"{head_vi}: {what}"))
        return Description(what, actor, summary, summary_vi, shift.get("shift_id"))
    if what in ("campaign.opened", "campaign.updated"):
        span = f"{local(data.get('starts_at'))} – {local(data.get('ends_at'))}"
        verb_en, verb_vi = ("opened", "mở") if what == "campaign.opened" else ("updated", "cập nhật")
        return Description(
            what,
            actor,
            f"Campaign {data.get('name')} {verb_en}: {span}",
            f"{verb_vi.capitalize()} đợt trực {data.get('name')}: {span}",
            data.get("campaign_id"),
        )
    if what in ("enterprise.registered", "enterprise.updated"):
        verb_en, verb_vi = ("registered", "Đăng ký") if what == "enterprise.registered" else ("updated", "Cập nhật")
        return Description(
            what,
            actor,
            f"Enterprise {data.get('name')} ({data.get('sector')}) {verb_en}",
            f"{verb_vi} doanh nghiệp {data.get('name')}",
            data.get("enterprise_id"),
        )
    if what in ("site.registered", "site.updated"):
        verb_en, verb_vi = ("registered", "Đăng ký") if what == "site.registered" else ("updated", "Cập nhật")
        border_en = ", border area" if data.get("border_area") else ""
        border_vi = " (khu vực biên giới)" if data.get("border_area") else ""
        return Description(
            what,
            actor,
            f"Site {data.get('name')} {verb_en}{border_en}",
            f"{verb_vi} vị trí trực {data.get('name')}{border_vi}",
            data.get("site_id"),
        )
    if what in ("staff.joined", "staff.updated"):
        quals = ", ".join(data.get("qualifications") or ()) or "—"
        if what == "staff.joined":
            staff_texts = (
                f"{data.get('full_name')} joined (qualifications: {quals})",
                f"Thêm nhân sự {data.get('full_name')} (chuyên môn: {quals})",
            )
        else:
            active = "" if data.get("active", True) else ", inactive"
            staff_texts = (
                f"Staff record of {data.get('full_name')} updated (qualifications: {quals}{active})",
                f"Cập nhật nhân sự {data.get('full_name')} (chuyên môn: {quals}"
                f"{'' if data.get('active', True) else ', ngừng hoạt động'})",
            )
        return Description(what, actor, *staff_texts, data.get("staff_id"))
    if what == "requirement.set":
        duty_en, duty_vi = _duty(data.get("duty_type", ""))
        window_en, window_vi = _window(data.get("window"))
        peak = data.get("peak_minimum")
        return Description(
            what,
            actor,
            f"Requirement: at least {data.get('minimum')} on {duty_en}"
            + (f" ({peak} at peak)" if peak is not None else "")
            + f", {window_en}",
            f"Yêu cầu tối thiểu {data.get('minimum')} người {duty_vi}"
            + (f" ({peak} người giờ cao điểm)" if peak is not None else "")
            + f", {window_vi}",
            data.get("requirement_id"),
        )
    if what == "swap.rejected":
        giver = staff_names.get(str(data.get("from_staff_id")), str(data.get("from_staff_id")))
        reason = f": {data['reason']}" if data.get("reason") else ""
        return Description(
            what,
            actor,
            f"Swap requested by {giver} rejected{reason}",
            f"Từ chối đề nghị đổi ca của {giver}{reason}",
            data.get("shift_id"),
        )
    if what == "requirement.removed":
        return Description(
            what,
            actor,
            f"Requirement {data.get('requirement_id')} removed",
            f"Bỏ yêu cầu {data.get('requirement_id')}",
            data.get("requirement_id"),
        )
    account = accounts.describe(what, data, enterprise_names=enterprise_names or {})
    if account is not None:
        return Description(what, actor, *account, data.get("account_id"))
    inspection = inspections.describe(what, dict(data))  # the Department's inspection plans (issue 15)
    if inspection is not None:
        return Description(what, actor, *inspection, (data.get("inspection") or {}).get("inspection_id"))
    return Description(what, actor, event_type, event_type, None)
