"""The words people read for the contract's codes (duty types, qualifications, sectors,
statuses, field keys) in Vietnamese and English, and how instants are written in messages —
so that no message or export shows an English key or a UUID where a name belongs."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta

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
    "open": ("còn thiếu người", "open"),  # as the portal's gaps page says
    "closed": ("đã được bổ sung", "closed"),
    # closed without anyone added: the requirement was lowered or removed (QZ11 #1), never "covered"
    "requirement_changed": ("đóng vì định mức thay đổi", "closed because the requirement changed"),
}
SWAP_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "requested": ("đang chờ duyệt", "requested"),
    "approved": ("đã duyệt", "approved"),
    "rejected": ("đã từ chối", "rejected"),
    "withdrawn": ("đã rút", "withdrawn"),
    "lapsed": ("hết hạn — ca đã bắt đầu trước khi được duyệt", "lapsed — the shift began before a decision"),
}
SWAP_STAGE_NAMES: dict[str, tuple[str, str]] = {
    # a waiting request's state (roster's `Swap.stage`): the named colleague answers before the manager decides (QZ26 #12)
    "asking": ("chờ đồng nghiệp trả lời", "waiting for the colleague's answer"),
    "open": ("chờ đồng nghiệp nhận ca", "waiting for a colleague to take it"),
    "accepted": ("đồng nghiệp đã nhận", "the colleague accepted"),
    "declined": ("đồng nghiệp từ chối", "the colleague declined"),
}
CAMPAIGN_KIND_NAMES: dict[str, tuple[str, str]] = {
    "tet": ("Đợt trực Tết", "Tết campaign"),
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
PRESENCE_EVIDENCE_NAMES: dict[str, tuple[str, str]] = {
    # how a manager knows, afterwards, that a person was on post (or was not): roster's presence confirmation
    "handover_book": ("sổ giao ca", "the handover book"),
    "camera": ("camera", "camera"),
    "shift_leader": ("xác nhận của trưởng ca", "the shift leader's word"),
    "other": ("khác", "other"),
}
EXPLANATION_CAUSE_NAMES: dict[str, tuple[str, str]] = {
    # the cause a manager chooses for a giải trình (audit's `domain.explanations.CAUSES`, the portal's choice), as a
    # reader of it is told (notifier's mails; QZ29 #3: they never said it)
    "no_show": ("Người trực không đến", "The person on duty did not come"),
    "sudden_absence": ("Ốm đau, việc gia đình đột xuất", "Sudden illness or family emergency"),
    "short_of_people": ("Thiếu người đủ điều kiện để xếp", "Not enough qualified people to roster"),
    "roster_mistake": ("Sai sót khi xếp lịch", "A mistake in the roster"),
    "roster_late": ("Có người trực nhưng lịch cập nhật chậm", "People were on duty but the roster was updated late"),
    "incident": ("Sự cố, thiên tai, bất khả kháng", "An incident, disaster or force majeure"),
    "other": ("Lý do khác", "Another reason"),
}
YES_NO: dict[bool, tuple[str, str]] = {True: ("có", "yes"), False: ("không", "no")}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "id": ("Mã định danh", "id"),
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
    "colleague_id": ("Đồng nghiệp nhận ca", "colleague taking over"),
    "campaign_id": ("Đợt trực", "campaign"),
    "duty_type": ("Loại trực", "duty type"),
    "starts_at": ("Giờ bắt đầu", "start"),
    "ends_at": ("Giờ kết thúc", "end"),
    "date": ("Ngày", "date"),
    "assignees": ("Người trực", "assignees"),
    "notes": ("Ghi chú", "notes"),
    "sector": ("Lĩnh vực", "sector"),
    "district": ("Huyện, thị xã, thành phố", "district"),
    "border_area": ("Khu vực biên giới", "border area"),
    # As the enterprise form labels them (portal's admin catalogue): what the phone and the e-mails are for.
    "manager_phone": ("Điện thoại trực của lãnh đạo", "duty leader's phone"),
    "manager_emails": ("Email nhận thông báo", "e-mails for notices"),
    "lunar_year": ("Năm của Tết", "year of the Tết"),  # as the portal's forms label it
    "time_window": ("Khung giờ", "time window"),
    "minimum": ("Số người tối thiểu", "minimum"),
    "peak_minimum": ("Số người tối thiểu lúc cao điểm", "peak minimum"),
    "reason": ("Lý do", "reason"),
    "kind": ("Loại", "kind"),
    # a presence confirmed afterwards (roster's POST /shifts/{id}/presence), as the portal's form labels them
    "present": ("Có mặt", "was there"),
    "present_from": ("Có mặt từ", "there from"),
    "present_until": ("Có mặt đến", "there until"),
    "absent_from": ("Vắng từ", "away from"),
    "absent_until": ("Vắng đến", "away until"),
    "evidence": ("Căn cứ", "how it is known"),
    "evidence_note": ("Ghi chú hoặc số hiệu căn cứ", "note or reference"),
    # a late check-in's reason (roster's check-in, POST /shifts/{id}/late-reason, the presence form), as the portal
    # labels it
    "late_reason": ("Lý do đến muộn", "why late"),
    # Every other request field of the services' APIs (body, query, path, header): a test
    # (tests/shared/test_validation_messages.py) walks the OpenAPI documents and fails on one without a name.
    "account_id": ("Tài khoản", "account"),
    "absent": ("Người trực không đến", "the people rostered did not come"),
    "applies": ("Áp dụng thay đổi", "how the change applies"),
    "agency_links": ("Đường truyền của cơ quan Đảng, Nhà nước", "links of Party or State agencies"),
    "aggregate_id": ("Đối tượng thay đổi", "changed record"),
    "aggregate_type": ("Loại đối tượng thay đổi", "kind of changed record"),
    "alerted": ("Đã cảnh báo", "alerted"),
    "announced": ("Đã báo cho dịch vụ thông báo", "announced to notifier"),
    "against": ("Đợt trực để kiểm tra tệp", "campaign to check the file against"),  # the import report's offer
    "as_of": ("Thời điểm ghi nhận", "as known at"),
    "at": ("Thời điểm", "instant"),
    "border": ("Khu vực biên giới", "border area"),
    "border_duty_types": ("Loại trực bắt buộc ở biên giới", "duty types required at border sites"),
    "border_sectors": ("Lĩnh vực áp dụng ở biên giới", "sectors with border defaults"),
    "cause": ("Nguyên nhân", "cause"),
    # an explanation (giải trình) of a gap or a finding, audit's (QZ27 #4)
    "action": ("Việc đã làm", "what was done"),
    "keep": ("Tệp giữ lại", "files kept"),
    "files": ("Tệp đính kèm", "attachments"),
    "decision": ("Trả lời", "decision"),
    "state": ("Tình trạng", "state"),
    "attachment_id": ("Tệp đính kèm", "attachment"),
    "version": ("Lần giải trình", "version"),
    "waiting_first": ("Mục chờ thanh tra xem trước", "waiting ones first"),
    "explanation": ("Giải trình", "explanation"),  # the gap and finding lists' filter by its state
    "channel": ("Kênh gửi", "channel"),
    "channels": ("Kênh nhận thông báo", "channels"),
    "closes": ("Giờ đóng cửa", "closing time"),
    "closing_note": ("Kết quả xử lý", "closing note"),  # as the portal's form says
    "confirm": ("Xác nhận vẫn lưu", "confirm saving anyway"),  # an answer to a question asked first (“Vẫn lưu”)
    "obligations_from": ("Tính nghĩa vụ báo cáo từ ngày", "owes reports from"),  # as the portal's form says
    "copy_for": ("Chép cho doanh nghiệp", "copy for"),  # the portal's “Chép từ Tết trước”: the enterprise, or every one
    "covers_site_ids": ("Các địa điểm trực thêm", "further sites covered"),
    "created_from": ("Tạo từ", "created from"),
    "created_to": ("Tạo đến", "created until"),
    "current_password": ("Mật khẩu hiện tại", "current password"),
    "cursor": ("Vị trí trang", "page position"),
    "day": ("Ngày", "day"),
    "days": ("Các ngày", "days"),
    "delivery_id": ("Lần gửi", "delivery"),
    "description": ("Mô tả", "description"),
    "detected_at": ("Thời điểm phát hiện", "detected at"),
    "detected_from": ("Phát hiện từ", "detected from"),
    "detected_to": ("Phát hiện đến", "detected until"),
    "open_too": ("Cả sự cố còn mở", "open ones too"),
    "display_name": ("Tên hiển thị", "display name"),
    "dry_run": ("Chỉ kiểm tra", "check only"),
    "due_at": ("Hạn (thời điểm)", "due at"),
    "due_date": ("Hạn (ngày)", "due date"),
    "due_from": ("Hạn từ", "due from"),
    "due_to": ("Hạn đến", "due until"),
    "end": ("Ngày kết thúc", "end"),
    "end_local": ("Giờ kết thúc", "end time"),
    "ended_by": ("Đã kết thúc trước", "over by"),
    "event": ("Sự kiện", "event"),
    "event_id": ("Sự kiện", "event"),
    "event_type": ("Loại sự kiện", "event type"),
    "ever_published": ("Đã từng công bố", "ever published"),
    "feed_id": ("Lịch đăng ký", "calendar feed"),
    "file": ("Tệp", "file"),
    "finding_id": ("Kết quả kiểm tra", "finding"),
    "format": ("Định dạng tệp", "file format"),
    "from": ("Từ", "from"),
    "gap_id": ("Chỗ thiếu người", "gap"),
    "held_on": ("Ngày đã kiểm tra", "day it was held"),
    "hours_deadline": ("Hạn công bố giờ mở cửa", "opening hours deadline"),
    "idempotency_key": ("Khoá chống gửi trùng", "idempotency key"),
    "if_match": ("Phiên bản đã đọc", "version read"),
    "read_version": ("Lần sửa đã đọc", "version read"),
    "in_force": ("Chỗ thiếu người có hiệu lực", "gaps in force"),
    "opened_as": ("Cách khoảng trống phát sinh", "how the gap was opened"),
    "include_removed": ("Cả những mục đã xóa", "include removed ones"),
    "incident_id": ("Sự cố", "incident"),
    "inspection_id": ("Đợt kiểm tra", "inspection"),
    "into": ("Tên huyện, thị xã, thành phố sau khi gộp", "district as merged"),
    "inspectors": ("Người kiểm tra", "inspectors"),
    "item_id": ("Mục chuẩn bị", "readiness item"),
    "label": ("Tên gọi", "label"),
    "lang": ("Ngôn ngữ", "language"),
    "late_due_date": ("Hạn mới cho mục đã qua hạn", "new due date of the items past due"),
    "latest": ("Chỉ bản mới nhất", "latest only"),
    "leap": ("Tháng nhuận", "leap month"),
    "limit": ("Số mục mỗi trang", "items per page"),
    "login": ("Tên đăng nhập", "login"),
    "month": ("Tháng", "month"),
    "name": ("Tên", "name"),
    "province": ("Tên tỉnh", "province"),
    "department": ("Tên Sở (dòng thứ hai của tiêu đề)", "Department's name (the letterhead's second line)"),
    "abbreviation": ("Chữ viết tắt tên Sở (trong số văn bản)", "Department's abbreviation (in document numbers)"),
    "superior": ("Cơ quan chủ quản (dòng đầu của tiêu đề)", "superior body (the letterhead's first line)"),
    "place": ("Địa danh ghi trước ngày", "place before the date"),
    "report_recipients": ("Nơi nhận của báo cáo ngày", "daily report's recipients"),
    "summary_recipients": ("Nơi nhận của báo cáo tổng hợp", "summary's recipients"),
    "recipient": ("Nơi nhận", "recipient"),
    "new_password": ("Mật khẩu mới", "new password"),
    "note": ("Ghi chú", "note"),
    "agreement": ("Cách đồng nghiệp đã đồng ý", "how the colleague agreed"),
    "observed_at": ("Thời điểm kiểm tra", "observed at"),
    "observed_from": ("Kiểm tra từ", "observed from"),
    "observed_to": ("Kiểm tra đến", "observed until"),
    "open": ("Mở cửa", "open"),
    "open_longer_than": ("Gián đoạn lâu hơn", "interrupted longer than"),
    "opens": ("Giờ mở cửa", "opening time"),
    "order": ("Thứ tự", "order"),
    "password": ("Mật khẩu", "password"),
    "peak": ("Giờ cao điểm", "peak"),
    "peaks": ("Các khung giờ cao điểm", "peaks"),
    "people_found": ("Người có mặt", "people found"),
    "phase": ("Giai đoạn", "phase"),
    "planned_on": ("Ngày dự kiến", "planned day"),
    "position": ("Vị trí trong danh sách", "position"),
    "publish": ("Công bố", "publish"),
    "purpose": ("Mục đích", "purpose"),
    "q": ("Từ khoá tìm kiếm", "search text"),
    "qualification": ("Chuyên môn", "qualification"),
    "quiet_hours": ("Giờ yên lặng", "quiet hours"),  # as the portal's reminders page says
    "readiness_deadline": ("Hạn sẵn sàng", "readiness deadline"),
    "received_from": ("Ghi nhận từ", "recorded from"),
    "received_to": ("Ghi nhận đến", "recorded until"),
    "recommendations": ("Kiến nghị", "recommendations"),
    "reference": ("Số văn bản hoặc địa chỉ", "reference"),
    "refresh_token": ("Mã gia hạn đăng nhập", "refresh token"),
    "remarks": ("Nhận xét", "remarks"),
    "reminder_offsets_minutes": ("Nhắc trước (phút)", "reminder offsets (minutes)"),
    "replace_drafts": ("Chép đè giờ đã nhập", "overwrite the hours entered"),
    "reset_requested": ("Xin đặt lại mật khẩu", "new password asked for"),
    "report_id": ("Báo cáo", "report"),
    "requirement_id": ("Yêu cầu trực", "requirement"),
    "restored_at": ("Thời điểm khôi phục", "restored at"),
    "result": ("Kết quả", "result"),
    "revoked": ("Đã thu hồi", "revoked"),
    "role": ("Vai trò", "role"),
    "sectors": ("Lĩnh vực", "sectors"),
    "separator": ("Dấu phân cách cột (CSV)", "CSV separator"),
    "seq": ("Số thứ tự trong nhật ký", "log sequence number"),
    "services": ("Dịch vụ bị ảnh hưởng", "services affected"),
    "sessions": ("Các buổi mở cửa", "sessions"),
    "severity": ("Mức độ", "severity"),
    "shift_id": ("Ca trực", "shift"),
    "size": ("Kích thước nhật ký", "log size"),
    "spellings": ("Các cách viết tên huyện, thị xã, thành phố", "district spellings"),
    "split": ("Huyện, thị xã, thành phố viết nhiều cách", "districts spelled several ways"),
    "sort": ("Sắp xếp", "sort"),
    "start": ("Ngày bắt đầu", "start"),
    "start_local": ("Giờ bắt đầu", "start time"),
    "status": ("Trạng thái", "status"),
    "surprise": ("Kiểm tra đột xuất", "surprise"),
    "swap_id": ("Yêu cầu đổi ca", "swap request"),
    "text": ("Nội dung", "text"),
    "title_en": ("Tiêu đề tiếng Anh", "English title"),
    "title_vi": ("Tiêu đề tiếng Việt", "Vietnamese title"),
    "to": ("Đến", "to"),
    "token": ("Mã lịch", "feed token"),
    "tree_size": ("Kích thước nhật ký", "log size"),
    "webhook_secret": ("Khoá bí mật webhook", "webhook secret"),
    "webhook_url": ("Địa chỉ webhook", "webhook address"),
    "window": ("Khung giờ", "window"),
    "with_discrepancies": ("Có sai lệch", "with discrepancies"),
}

_TABLES = {
    "duty_type": DUTY_TYPE_NAMES,
    "qualification": QUALIFICATION_NAMES,
    "sector": SECTOR_NAMES,
    "shift_status": SHIFT_STATUS_NAMES,
    "gap_status": GAP_STATUS_NAMES,
    "swap_status": SWAP_STATUS_NAMES,
    "swap_stage": SWAP_STAGE_NAMES,
    "campaign_kind": CAMPAIGN_KIND_NAMES,
    "field": FIELD_NAMES,
    "incident_severity": INCIDENT_SEVERITY_NAMES,
    "incident_service": INCIDENT_SERVICE_NAMES,
    "incident_status": INCIDENT_STATUS_NAMES,
    "presence_evidence": PRESENCE_EVIDENCE_NAMES,
    "explanation_cause": EXPLANATION_CAUSE_NAMES,
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
    "gap_status", "swap_status", "campaign_kind", "field", "explanation_cause", …) in `lang`; an unknown code as
    is."""
    names = _TABLES[kind].get(code)  # type: ignore[call-overload]
    if names is None:
        return "" if code is None else str(code)
    return names[0] if lang == "vi" else names[1]


def field_name(key: str, lang: str = "vi") -> str:
    """A dotted field path ("assignees.1", "body.full_name") in words (see `field_label`)."""
    return field_label([int(p) if p.isdigit() else p for p in key.split(".")], lang)


INSPECTOR_TITLES = {"vi": "Thanh tra", "en": "Inspector"}
"""The title an inspector's name is said after ("Thanh tra Lê Thị Hoa" / "Inspector Lê Thị Hoa")."""


def inspector_titled(who: str | None, lang: str = "vi") -> str:
    """An inspector as a sentence names them: their name after the title ("Thanh tra Lê Thị Hoa"), the title alone
    when no name is known; a name that is a title already — an account named after its office, "Thanh tra Sở Thông
    tin và Truyền thông" — stands as it is, in either language, never "Thanh tra Thanh tra Sở …" (V3: the demo
    inspector's answer to an explanation read so)."""
    title = INSPECTOR_TITLES["en" if lang == "en" else "vi"]
    said = unicodedata.normalize("NFC", (who or "").strip())
    if not said:
        return title
    folded = said.casefold()
    if any(folded == t.casefold() or folded.startswith(t.casefold() + " ") for t in INSPECTOR_TITLES.values()):
        return said
    return f"{title} {said}"


def yes_no(value: bool | None, lang: str = "vi") -> str:
    return "" if value is None else YES_NO[bool(value)][0 if lang == "vi" else 1]


def hours_said(hours: float, lang: str = "vi") -> str:
    """Hours as people read them: whole ("12") or to a tenth ("7,5" with the Vietnamese decimal comma, "7.5"
    in English); 50 minutes are "0,8", never "0.833333"."""
    text = f"{hours:.1f}".rstrip("0").rstrip(".") if hours != int(hours) else str(int(hours))
    return text.replace(".", ",") if lang == "vi" else text


def rest_said(hours: float, lang: str = "vi") -> str:
    """A rest between two shifts in hours and minutes, to the nearest minute: "3 giờ 5 phút" / "3 h 5 min", "3 giờ" /
    "3 h", "45 phút" / "45 min"; a rest under half a minute is "1 phút" (never "0"). One wording in the picker, the
    warning and the refusal (QZ14: "3,08 giờ", "3,75 giờ" and "3,8 giờ" were said of one gap)."""
    minutes = max(1, round(hours * 60))
    h, m = divmod(minutes, 60)
    hour, minute = ("giờ", "phút") if lang == "vi" else ("h", "min")
    if not h:
        return f"{m} {minute}"
    return f"{h} {hour} {m} {minute}" if m else f"{h} {hour}"


def _lang(lang: str) -> vntime.Lang:
    return "vi" if lang == "vi" else "en"


def _lunar(local: datetime, lang: str) -> str:
    return _lunar_of(local.date(), lang)


def _lunar_of(day: date, lang: str) -> str:
    name = vntime.lunar_day_name(day, _lang(lang))
    return f" ({name})" if name else ""  # nothing outside the calendar's range


def when(at: datetime, lang: str = "vi") -> str:
    """An instant as people read it: local time and date, with the lunar day
    ("22:00 05/02/2027 (29 tháng Chạp)", "22:00 5 Feb 2027 (29th day of the 12th lunar month)")."""
    local = vntime.local(at)
    return f"{vntime.clock(local, _lang(lang))}{_lunar(local, lang)}"


def until(at: datetime, lang: str = "vi") -> str:
    """The end of a period said as its last moment, after "từ …" / "from …": at local midnight, the end of the
    day before — "đến hết 15/02/2027 (Mùng 10 tháng Giêng)", "to the end of 15 Feb 2027 (…)", as the board says
    a campaign's last day (QA 2026-12-06: "đến 00:00 16/02/2027 (11 tháng Giêng)" read as the 11th included) —;
    else "đến 12:00 15/02/2027 (…)", "to 12:00 15/02/2027 (…)"."""
    local = vntime.local(at)
    if local.time() != time(0):
        return f"đến {when(local, lang)}" if lang == "vi" else f"to {when(local, lang)}"
    last = local - timedelta(days=1)
    day = f"{vntime.date_said(last.date(), _lang(lang))}{_lunar(last, lang)}"
    return f"đến hết {day}" if lang == "vi" else f"to the end of {day}"


def span(starts_at: datetime, ends_at: datetime, lang: str = "vi") -> str:
    """A time range: "22:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết)", or
    "08:00–16:00 06/02/2027 (Mùng 1 Tết)" within one day; an end at local midnight is 24:00 of the day before,
    with that day's lunar name (`vntime.span_end`, as `vntime.span`): "00:00–24:00 06/02/2027 (Mùng 1 Tết)",
    "06:00 07/02/2027 (Mùng 2 Tết) – 24:00 15/02/2027 (Mùng 10 tháng Giêng)" (QZ21 #9)."""
    start = vntime.local(starts_at)
    last, hour = vntime.span_end(starts_at, ends_at)
    said = f"{vntime.date_said(last, _lang(lang))}{_lunar_of(last, lang)}"
    if start.date() == last:
        return f"{start:%H:%M}–{hour} {said}"
    return f"{when(start, lang)} – {hour} {said}"


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


# --- request fields and codes in validation messages ------------------------------------------

OTHER_CODE_NAMES: dict[str, tuple[str, str]] = {
    # The other codes clients send (the Literals and Enums of the request schemas), so that "choose one
    # of" lists them in words; a test checks every request code of the OpenAPI documents has a word.
    "-created_at": ("mới tạo trước", "newest first"),
    "-display_name": ("tên hiển thị từ Z đến A", "display name, Z to A"),
    "-login": ("tên đăng nhập từ Z đến A", "login, Z to A"),
    "created_at": ("tạo trước trước", "oldest first"),
    "display_name": ("tên hiển thị từ A đến Z", "display name, A to Z"),
    "login": ("tên đăng nhập từ A đến Z", "login, A to Z"),
    "-starts_at": ("bắt đầu muộn nhất trước", "latest start first"),
    "starts_at": ("bắt đầu sớm nhất trước", "earliest start first"),
    # an explanation's (giải trình, audit's QZ27 #4): the items, their states, the inspector's answers
    "gap": ("khoảng trống trực", "coverage gap"),
    "finding": ("biên bản kiểm tra", "inspection finding"),
    "unexplained": ("chưa giải trình", "not explained"),
    "more_asked": ("thanh tra yêu cầu bổ sung", "the inspector asked for more"),
    "accept": ("chấp nhận giải trình", "accept the explanation"),
    "more": ("yêu cầu bổ sung", "ask for more"),
    "admin": ("quản trị", "administrator"),
    "manager": ("quản lý doanh nghiệp", "manager"),  # as the portal names the roles
    "inspector": ("thanh tra", "inspector"),
    "staff": ("nhân viên trực", "staff"),
    "comma": ("dấu phẩy (,)", "comma (,)"),  # a CSV's separator
    "semicolon": ("dấu chấm phẩy (;), cho Excel tiếng Việt", "semicolon (;), for Excel in Vietnamese"),
    "before": ("trước Tết", "before Tết"),
    "during": ("trong Tết", "during Tết"),
    "after": ("sau Tết", "after Tết"),
    "all": ("tất cả", "all"),
    "true": ("có", "yes"),
    "false": ("không", "no"),
    "asc": ("tăng dần", "ascending"),
    "desc": ("giảm dần", "descending"),
    "newest": ("mới nhất trước", "latest first"),
    "oldest": ("cũ nhất trước", "oldest first"),
    "base_station": ("trạm phát sóng", "base station"),
    "data_center": ("trung tâm dữ liệu", "data centre"),
    "exchange": ("tổng đài", "exchange"),
    "noc": ("trung tâm điều hành mạng", "network operations centre"),
    "office": ("văn phòng", "office"),
    "post_office": ("bưu cục", "post office"),
    "transaction_point": ("điểm giao dịch", "transaction point"),
    "transmitter": ("đài phát", "transmitter"),
    "campaign": ("đợt trực", "campaign"),
    "requirement": ("yêu cầu trực", "requirement"),
    "shift": ("ca trực", "shift"),
    "site": ("địa điểm", "site"),
    "swap": ("đổi ca", "swap"),
    "enterprise": ("doanh nghiệp", "enterprise"),
    "person": ("một người", "a person"),
    "duty": ("một loại trực", "a duty type"),
    "compliant": ("đạt yêu cầu", "compliant"),
    "issues_found": ("có tồn tại, thiếu sót", "issues found"),  # the result's words everywhere
    "csv": ("tệp CSV", "CSV file"),
    "xlsx": ("tệp Excel", "Excel file"),
    "daily": ("hằng ngày", "daily"),
    "one_off": ("một lần", "once"),
    "from_now": ("từ bây giờ", "from now on"),
    "whole_campaign": ("cho cả đợt", "to the whole campaign"),
    "vi": ("tiếng Việt", "Vietnamese"),
    "en": ("tiếng Anh", "English"),
    "email": ("Email", "e-mail"),
    "webhook": ("Webhook", "webhook"),
    "now": ("bây giờ", "now"),
    "opened": ("phát sinh do chính thay đổi mở nó", "opened by its own change"),  # a gap's `opened_as`
    "narrowed": ("phần còn lại của khoảng trống đã bổ sung một phần", "the rest of a gap filled in part"),
    "gap_opened": ("thiếu người", "gap opened"),
    "gap_closed": ("đã đủ người", "gap closed"),
    "incident_opened": ("sự cố mới", "incident opened"),
    "incident_closed": ("sự cố đã khắc phục", "incident resolved"),
    "inspection_found": ("kết quả kiểm tra", "inspection finding"),
    "inspection_moved": ("dời ngày kiểm tra", "inspection moved"),
    "inspection_off": ("hủy kiểm tra", "inspection cancelled"),
    "inspection_plan": ("kế hoạch kiểm tra", "inspection plan"),
    "explained": ("giải trình chờ thanh tra xem", "explanation to review"),
    "explain_answered": ("thanh tra trả lời giải trình", "explanation answered"),
    "password_reset": ("xin đặt lại mật khẩu", "new password asked for"),
    "reminder": ("nhắc lịch", "reminder"),
    "check_in_missed": ("chưa điểm danh", "check-in missed"),
    "check_in_late": ("đã có mặt, muộn", "came late"),
    "shift_put_on": ("được phân công trực", "put on a shift"),
    "shift_taken_off": ("không còn trực ca", "taken off a shift"),
    "shift_moved": ("ca đổi giờ", "shift moved"),
    "shift_cancelled": ("ca bị hủy", "shift cancelled"),
    "shift_published": ("ca được công bố", "shift published"),
    "swap_approved": ("đổi ca được duyệt", "swap approved"),
    "swap_asked": ("yêu cầu đổi ca", "swap request"),
    "swap_asked_you": ("được đề nghị nhận ca", "asked to take a shift"),
    "swap_rejected": ("đổi ca bị từ chối", "swap rejected"),
    "swap_withdrawn": ("đổi ca đã rút", "swap withdrawn"),
    "swap_lapsed": ("yêu cầu đổi ca đã hết hạn", "swap request lapsed"),
    "swap_answered": ("đồng nghiệp trả lời đề nghị đổi ca", "colleague answered a swap request"),
    "swap_ready": ("yêu cầu đổi ca sẵn sàng để duyệt", "swap request ready to decide"),
    "handover_taker": ("nhận phần còn lại của ca", "took over the rest of a shift"),
    "handover_off": ("thôi trực ca (bàn giao)", "relieved of a shift (handover)"),
    "early_leave": ("báo cần về sớm", "must leave a shift early"),
    "responder_on": ("được thêm vào danh sách ứng cứu sự cố", "added to an incident's responders"),
    "responder_off": ("không còn trong danh sách ứng cứu sự cố", "taken off an incident's responders"),
    "dispatched": ("đã chuyển đi", "dispatched"),
    "done": ("đã xong", "done"),
    "expired": ("hết hạn", "expired"),
    "failed": ("thất bại", "failed"),
    "late": ("nộp muộn", "late"),
    "missing": ("chưa nộp", "missing"),
    "not_owed": ("không tính (trước ngày tính nghĩa vụ)", "not counted (before the day it owes from)"),
    "not_owed_published": ("đã niêm yết (không tính hạn)", "published (deadline not counted)"),
    "not_yet_due": ("chưa đến hạn", "not yet due"),
    "on_time": ("đúng hạn", "on time"),
    "overdue": ("quá hạn", "overdue"),
    "pending": ("đang chờ", "pending"),
    "planned": ("đã lên kế hoạch", "planned"),
    "scheduled": ("đã hẹn gửi", "scheduled"),
    "sending": ("đang gửi", "sending"),
    "sent": ("đã gửi", "sent"),
    "skipped": ("bỏ qua", "skipped"),
    "submitted": ("đã nộp", "submitted"),
    "withdrawn": ("đã rút", "withdrawn"),
    "daily_report": ("báo cáo ngày", "daily report"),
    "incident": ("sự cố", "incident"),
    "inspection": ("kế hoạch kiểm tra", "inspection plan"),
    "readiness_item": ("mục kiểm tra sẵn sàng", "readiness item"),
    "readiness_mark": ("đánh dấu hoàn thành mục sẵn sàng", "readiness item's mark"),
    "transaction_hours": ("giờ mở cửa dịp Tết", "Tết opening hours"),
    "account": ("tài khoản", "account"),
    "department": ("thông tin Sở", "Department details"),
    "readiness_soon": ("nhắc mục sẵn sàng sắp đến hạn", "readiness item due soon"),
    "readiness_late": ("mục sẵn sàng quá hạn", "readiness item overdue"),
    "hours_soon": ("nhắc công bố giờ mở cửa", "opening hours due soon"),
    "hours_late": ("giờ mở cửa chưa công bố", "opening hours not published"),
    "report_missing": ("báo cáo ngày chưa nộp", "daily report missing"),
    "report_digest": ("tổng hợp báo cáo chưa nộp", "missing reports digest"),
}


def code_name(code: object, lang: str = "vi") -> str | None:
    """A code a client may send (any kind: duty type, sector, status, role, sort order…) in words, or None."""
    for table in (*_TABLES.values(), OTHER_CODE_NAMES):
        if table is FIELD_NAMES:
            continue
        names = table.get(code)  # type: ignore[call-overload]
        if names is not None:
            return names[0] if lang == "vi" else names[1]
    return None


def code_names(codes: list[str], lang: str = "vi") -> list[str | None]:
    """The words of codes offered together (the values a field allows): from the one table that holds them
    all, where there is one — "open" is "đang xử lý" beside "resolved" (an incident's) and "còn thiếu người"
    beside "closed" (a gap's) —, else each code's own (`code_name`)."""
    for table in (*_TABLES.values(), OTHER_CODE_NAMES):
        if table is not FIELD_NAMES and codes and all(c in table for c in codes):
            return [table[c][0 if lang == "vi" else 1] for c in codes]
    return [code_name(c, lang) for c in codes]


LOCATIONS: dict[str, tuple[str, str]] = {
    "body": ("một trường trong nội dung gửi lên", "a field of the request body"),
    "query": ("một tham số trong địa chỉ", "a query parameter"),
    "path": ("một phần của địa chỉ", "a part of the address"),
    "header": ("một tiêu đề của yêu cầu", "a request header"),
    "cookie": ("một cookie của yêu cầu", "a request cookie"),
}
"""Where a field is, for one without a name (never shown by its key)."""

_TYPE_TAGS = frozenset(
    {"str", "int", "float", "bool", "bytes", "datetime", "date", "time", "timedelta", "uuid", "decimal", "none"}
    | {"list", "dict", "set", "tuple", "url", "json", "any"}
)


def _key(part: str) -> str:
    return part.lower().replace("-", "_")


FIELD_NAMES_WITHIN: dict[tuple[str, str], tuple[str, str]] = {
    ("quiet_hours", "start"): ("Giờ bắt đầu", "start time"),
    ("quiet_hours", "end"): ("Giờ kết thúc", "end time"),
}
"""Fields whose name depends on what they are in: the quiet hours' `start` is a time of day, where
`start` alone (FIELD_NAMES) is a day."""


def field_label(loc: tuple[str | int, ...] | list[str | int], lang: str = "vi") -> str:
    """A validation error's location (pydantic's `loc`: ("body", "people_found", 0, "name")) in
    words: the field's name, with the names and item numbers of what it is in — "Tên (Người có mặt,
    mục thứ 1)". Union members' tags ("datetime", "literal['now']") are skipped; a key without a
    name is never shown: the field is "một trường trong nội dung gửi lên" instead."""
    parts = list(loc)
    where = str(parts[0]) if parts and parts[0] in LOCATIONS else None
    path: list[str] = []
    unknown = False
    within = ""
    for part in parts[1:] if where else parts:
        if isinstance(part, int):
            path.append(f"mục thứ {part + 1}" if lang == "vi" else f"item {part + 1}")
        elif (within, _key(part)) in FIELD_NAMES_WITHIN:
            path.append(FIELD_NAMES_WITHIN[within, _key(part)][0 if lang == "vi" else 1])
            unknown = False
        elif _key(part) in FIELD_NAMES:
            path.append(name("field", _key(part), lang))
            within, unknown = _key(part), False
        elif part.isidentifier() and part.lower() not in _TYPE_TAGS and not part[:1].isupper():
            unknown = True  # a key without a name (e.g. one the schema does not have)
        # else: the tag of a union member or of a validator: nothing a person needs to read
    if unknown or not path:
        anywhere = ("một trường", "a field") if where is None else LOCATIONS[where]
        outer = anywhere[0 if lang == "vi" else 1]
        if not path:
            if where == "body" and len(parts) == 1:
                return "nội dung gửi lên" if lang == "vi" else "the request body"
            return outer
        return f"{outer} ({', '.join(path)})" if lang != "vi" else f"một trường trong {', '.join(path)}"
    head, inner = path[-1], path[:-1]
    # Item numbers belong to the list named before them: "Các địa điểm trực thêm, mục thứ 1".
    while inner and head.startswith(("mục thứ", "item ")):
        head = f"{inner.pop()}, {head}"
    return f"{head} ({', '.join(inner)})" if inner else head


class Invalid(ValueError):
    """A value a validator refuses, saying why in both languages: pydantic keeps the exception, and
    the validation problem (lichtruc.problems) shows `message_vi` to Vietnamese readers."""

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message_vi = message_vi
