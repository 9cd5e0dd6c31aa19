"""The words people read for the contract's codes (duty types, qualifications, sectors,
statuses, field keys) in Vietnamese and English, and how instants are written in messages —
so that no message or export shows an English key or a UUID where a name belongs."""

from __future__ import annotations

from datetime import datetime

from . import vntime
from .duty_types import DUTY_TYPES

DUTY_TYPE_NAMES: dict[str, tuple[str, str]] = {d.key: (d.name_vi, d.name_en) for d in DUTY_TYPES}
QUALIFICATION_NAMES: dict[str, tuple[str, str]] = {
    "leader": ("Lãnh đạo", "Leader"),
    "operator": ("Điều hành", "Operator"),
    "technician": ("Kỹ thuật", "Technician"),
    "guard": ("Bảo vệ", "Guard"),
}
SECTOR_NAMES: dict[str, tuple[str, str]] = {
    "postal": ("Bưu chính", "Postal"),
    "telecom": ("Viễn thông", "Telecommunications"),
    "internet": ("Internet", "Internet"),
    "television": ("Phát thanh, truyền hình", "Radio and television"),
}
SHIFT_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "draft": ("bản nháp", "draft"),
    "published": ("đã công bố", "published"),
    "checked_in": ("đã điểm danh", "checked in"),
    "completed": ("đã hoàn thành", "completed"),
    "cancelled": ("đã hủy", "cancelled"),
}
GAP_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "open": ("đang thiếu người", "open"),
    "closed": ("đã đủ người", "closed"),
}
SWAP_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "requested": ("đang chờ duyệt", "requested"),
    "approved": ("đã duyệt", "approved"),
    "rejected": ("đã từ chối", "rejected"),
}
CAMPAIGN_KIND_NAMES: dict[str, tuple[str, str]] = {
    "tet": ("Chiến dịch Tết", "Tết campaign"),
    "drill": ("Diễn tập", "Drill"),
}
INCIDENT_SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    "minor": ("nhẹ", "minor"),
    "serious": ("nghiêm trọng", "serious"),
    "critical": ("đặc biệt nghiêm trọng", "critical"),
}
INCIDENT_SERVICE_NAMES: dict[str, tuple[str, str]] = {
    "mobile": ("Di động", "Mobile"),
    "fixed_line": ("Cố định", "Fixed line"),
    "internet": ("Internet", "Internet"),
    "television": ("Kênh truyền hình", "Television channels"),
    "postal": ("Bưu chính", "Postal"),
}
INCIDENT_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "open": ("đang xử lý", "open"),
    "resolved": ("đã khắc phục", "resolved"),
}
YES_NO: dict[bool, tuple[str, str]] = {True: ("có", "yes"), False: ("không", "no")}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "full_name": ("Họ và tên", "full name"),
    "email": ("Email", "e-mail"),
    "phone": ("Số điện thoại", "phone"),
    "national_id": ("Số CCCD", "national ID number"),
    "qualifications": ("Chuyên môn", "qualifications"),
    "language": ("Ngôn ngữ", "language"),
    "active": ("Đang hoạt động", "active"),
    "enterprise_id": ("Doanh nghiệp", "enterprise"),
    "enterprise": ("Doanh nghiệp", "enterprise"),
    "enterprise_ids": ("Doanh nghiệp", "enterprises"),
    "site_id": ("Địa điểm", "site"),
    "site": ("Địa điểm", "site"),
    "staff_id": ("Cán bộ", "staff member"),
    "from_staff_id": ("Người xin đổi", "giver"),
    "to_staff_id": ("Người nhận ca", "taker"),
    "campaign_id": ("Chiến dịch", "campaign"),
    "duty_type": ("Loại trực", "duty type"),
    "starts_at": ("Giờ bắt đầu", "start"),
    "ends_at": ("Giờ kết thúc", "end"),
    "date": ("Ngày", "date"),
    "assignees": ("Người trực", "assignees"),
    "notes": ("Ghi chú", "notes"),
    "sector": ("Lĩnh vực", "sector"),
    "district": ("Huyện", "district"),
    "border_area": ("Khu vực biên giới", "border area"),
    "manager_phone": ("Số điện thoại lãnh đạo", "manager's phone"),
    "manager_emails": ("Email lãnh đạo", "managers' e-mails"),
    "lunar_year": ("Năm âm lịch", "lunar year"),
    "time_window": ("Khung giờ", "time window"),
    "minimum": ("Số người tối thiểu", "minimum"),
    "peak_minimum": ("Số người tối thiểu lúc cao điểm", "peak minimum"),
    "reason": ("Lý do", "reason"),
    "kind": ("Loại", "kind"),
}

_TABLES = {
    "duty_type": DUTY_TYPE_NAMES,
    "qualification": QUALIFICATION_NAMES,
    "sector": SECTOR_NAMES,
    "shift_status": SHIFT_STATUS_NAMES,
    "gap_status": GAP_STATUS_NAMES,
    "swap_status": SWAP_STATUS_NAMES,
    "campaign_kind": CAMPAIGN_KIND_NAMES,
    "field": FIELD_NAMES,
    "incident_severity": INCIDENT_SEVERITY_NAMES,
    "incident_service": INCIDENT_SERVICE_NAMES,
    "incident_status": INCIDENT_STATUS_NAMES,
}

CODES: frozenset[str] = frozenset(
    code
    for table in (DUTY_TYPE_NAMES, QUALIFICATION_NAMES, SECTOR_NAMES, SHIFT_STATUS_NAMES, FIELD_NAMES)
    for code in table
    # Words that are the same in both languages, or ordinary Vietnamese/English words too.
    if code
    not in {
        "internet",
        "email",
        "active",
        "date",
        "site",
        "enterprise",
        "notes",
        "reason",
        "kind",
        "language",
        "phone",
        "minimum",
        "sector",
        "district",
        "draft",
    }
)
"""The English codes and keys that must never appear in a Vietnamese message (tests scan for them)."""


def name(kind: str, code: object, lang: str = "vi") -> str:
    """The word for `code` of `kind` ("duty_type", "qualification", "sector", "shift_status",
    "gap_status", "swap_status", "campaign_kind", "field") in `lang`; an unknown code as is."""
    names = _TABLES[kind].get(code)  # type: ignore[call-overload]
    if names is None:
        return "" if code is None else str(code)
    return names[0] if lang == "vi" else names[1]


def field_name(key: str, lang: str = "vi") -> str:
    """A dotted field path ("assignees.1", "body.full_name") in words: its last known key."""
    for part in reversed(key.split(".")):
        if part in FIELD_NAMES:
            return name("field", part, lang)
    return key


def yes_no(value: bool | None, lang: str = "vi") -> str:
    return "" if value is None else YES_NO[bool(value)][0 if lang == "vi" else 1]


def _lunar(local: datetime, lang: str) -> str:
    name = vntime.lunar_day_name(local.date(), "vi" if lang == "vi" else "en")
    return f" ({name})" if name else ""  # nothing outside the calendar's range


def when(at: datetime, lang: str = "vi") -> str:
    """An instant as people read it: local time and date, with the lunar day
    ("22:00 05/02/2027 (29 tháng Chạp)")."""
    local = vntime.local(at)
    return f"{local:%H:%M %d/%m/%Y}{_lunar(local, lang)}"


def span(starts_at: datetime, ends_at: datetime, lang: str = "vi") -> str:
    """A time range: "22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết)", or
    "08:00–16:00 06/02/2027 (Mùng 1 Tết)" within one day."""
    start, end = vntime.local(starts_at), vntime.local(ends_at)
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M} {start:%d/%m/%Y}{_lunar(start, lang)}"
    return f"{when(start, lang)} – {when(end, lang)}"


def shift_label(
    duty_type: str, starts_at: datetime, ends_at: datetime, lang: str = "vi", *, enterprise: str | None = None
) -> str:
    """A shift named as a person would, after "ca" / "the shift": its duty type and local time (and
    enterprise) — "trực điều hành 22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết)"."""
    where = f" — {enterprise}" if enterprise else ""
    duty = name("duty_type", duty_type, lang)
    if lang == "vi":
        duty = duty[:1].lower() + duty[1:]
    return f"{duty} {span(starts_at, ends_at, lang)}{where}"
