"""Audit's domain errors: what went wrong, in words an inspector can act on (English and
Vietnamese), naming the thing concerned (a site, a campaign, a time) and never by a raw id.

The API maps each kind to one HTTP status, once, in ``api/problems.py`` (NotFound 404,
Conflict 409, Invalid 422, Unavailable 503); below ``api/`` nothing knows of HTTP.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lichtruc import vntime
from lichtruc.words import name


class AuditError(Exception):
    """Base of every error a handler ends with: a slug (``code``), a short title, and the
    detail in both languages; `extensions`, members of the problem a client reads (what is recorded now)."""

    def __init__(self, code: str, title: str, detail: str, detail_vi: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.code = code
        self.title = title
        self.detail = detail
        self.detail_vi = detail_vi
        self.extensions = extensions


class NotFound(AuditError):
    """The thing asked for is not known to audit (or not to this caller)."""


class Conflict(AuditError):
    """The request contradicts what is recorded, or cannot be done in the present state."""


class Invalid(AuditError):
    """The request is well-formed but asks for something impossible."""


class TooLarge(Invalid):
    """An upload is larger than audit keeps (413)."""


class Unsupported(Invalid):
    """An upload is of a kind audit does not keep, by its bytes (415)."""


class Unavailable(AuditError):
    """What audit needs to answer (Kafka) does not answer now; asking again later may do."""


def lag_unreadable(reason: str) -> Unavailable:
    """Kafka's offsets could not be read: audit cannot tell how far behind it is."""
    return Unavailable(
        "lag-unreadable",
        "Consumer lag cannot be read",
        f"Audit cannot read its consumer's offsets from Kafka just now ({reason}), so it cannot tell how far "
        "behind it is: check that Kafka runs (GET /readyz) and ask again in a minute.",
        "Hệ thống kiểm tra chưa đọc được vị trí đã xử lý trên Kafka nên không biết mình đang chậm bao nhiêu: "
        "kiểm tra Kafka có đang chạy không (GET /readyz) rồi hỏi lại sau một phút.",
    )


def log_record_not_found(seq: int) -> NotFound:
    return NotFound(
        "log-record-not-found",
        "Log record not found",
        f"The event log has no record number {seq}: list the log with GET /log.",
        f"Nhật ký sự kiện không có bản ghi số {seq}.",
    )


def gap_not_found() -> NotFound:
    """The same words whether the gap does not exist or belongs to another enterprise."""
    return NotFound(
        "gap-not-found",
        "Gap not found",
        "No such coverage gap is known to audit: list the gaps with GET /gaps.",
        "Không tìm thấy khoảng trống trực này.",
    )


def finding_not_found() -> NotFound:
    """The same words whether the finding does not exist or belongs to another enterprise."""
    return NotFound(
        "finding-not-found",
        "Finding not found",
        "No such inspection finding is recorded: list them with GET /findings.",
        "Không tìm thấy biên bản kiểm tra này.",
    )


def incident_not_found() -> NotFound:
    """The same words whether the incident does not exist or belongs to another enterprise."""
    return NotFound(
        "incident-not-found",
        "Incident not found",
        "No such incident is known to audit: list them with GET /incidents.",
        "Không tìm thấy sự cố này.",
    )


def campaign_not_found(known_at: datetime | None = None) -> NotFound:
    when_en = f" as known at {vntime.clock(known_at, 'en')}" if known_at else ""
    when_vi = f" tại thời điểm {vntime.clock(known_at)}" if known_at else ""
    return NotFound(
        "campaign-not-found",
        "Campaign not known",
        f"Audit knows no such campaign{when_en}: list the campaigns with GET /campaigns"
        + (" (with the same as_of)." if known_at else "."),
        f"Audit không có đợt trực này{when_vi}.",
    )


def hours_tet_only(campaign_name: str) -> Invalid:
    """The Tết hours of post offices and transaction points asked of a drill: it has none (roster refuses them for one, with the
    same problem type), so every point would be listed as missing, which is false."""
    return Invalid(
        "hours-tet-only",
        "Tết hours belong to the Tết campaign",
        f"{campaign_name} is a drill: Tết opening hours are published for the Tết campaign, so no point has any "
        "to publish for it. Choose the Tết campaign of the season.",
        f"{campaign_name} là buổi diễn tập: giờ mở cửa Tết được niêm yết cho đợt trực Tết, nên không bưu cục "
        "hay điểm giao dịch nào phải niêm yết cho buổi này. Hãy chọn đợt trực Tết của mùa này.",
    )


def report_enterprise_required(names: list[str]) -> Invalid:
    """A manager asked for the campaign report without naming an enterprise and manages several (or none): the
    province's report is the Department's, and one report of several enterprises would print none of their remarks."""
    said_en = ", ".join(names) or "none"
    said_vi = ", ".join(names) or "không có doanh nghiệp nào"
    return Invalid(
        "report-enterprise-required",
        "Choose the enterprise",
        f"The province-wide campaign report is the Department's; a manager's is one enterprise's. You manage "
        f"{said_en}: ask for one of them with enterprise_id.",
        f"Báo cáo tổng kết toàn tỉnh là của Sở; báo cáo của người quản lý là của một doanh nghiệp. Anh/chị quản lý "
        f"{said_vi}: hãy chọn một trong các doanh nghiệp đó.",
    )


def site_not_found() -> NotFound:
    return NotFound(
        "site-not-found",
        "Site not known",
        "Audit has received no registration of the chosen site: check it against roster's sites "
        "(GET /log?event_type=lichtruc.roster.site.registered.v1 lists those known).",
        "Audit chưa nhận được thông tin về điểm trực đã chọn: hãy kiểm tra lại.",
    )


def finding_exists(site_name: str | None) -> Conflict:
    at_en = f" (site {site_name})" if site_name else ""
    at_vi = f" (điểm trực {site_name})" if site_name else ""
    return Conflict(
        "finding-exists",
        "Finding already recorded",
        f"A different finding{at_en} is already recorded under this finding_id; findings cannot be "
        "changed. Record a new finding (without finding_id) to add to it.",
        f"Đã có biên bản khác{at_vi} với mã này; biên bản không thể sửa, hãy ghi biên bản mới.",
    )


def observed_in_the_future(observed_at: datetime, recorded_at: datetime) -> Invalid:
    return Invalid(
        "observed-in-the-future",
        "Visit dated in the future",
        f"The visit is dated {vntime.clock(observed_at, 'en')}, after the time of recording "
        f"({vntime.clock(recorded_at, 'en')}, Vietnam time): give the time of the visit.",
        f"Thời điểm kiểm tra ({vntime.clock(observed_at)}) muộn hơn thời điểm ghi nhận "
        f"({vntime.clock(recorded_at)}): hãy nhập đúng thời điểm kiểm tra.",
    )


def observed_outside_campaigns(observed_at: datetime, campaigns: list[tuple[str, datetime, datetime]]) -> Invalid:
    """`campaigns`: (name, start, end) of those nearest the visit, the nearest first."""
    listed_en = (
        "; ".join(f"{n}, {vntime.clock(a, 'en')} – {vntime.clock(b, 'en')}" for n, a, b in campaigns) or "none yet"
    )
    listed_vi = "; ".join(f"{n}, {vntime.clock(a)} – {vntime.clock(b)}" for n, a, b in campaigns) or "chưa có đợt nào"
    return Invalid(
        "observed-outside-campaigns",
        "No campaign at the time of the visit",
        f"No duty campaign runs at {vntime.clock(observed_at, 'en')} (Vietnam time), so there is no roster to hold the "
        f"visit against (the nearest campaigns: {listed_en}): check the date and time of the visit.",
        f"Lúc {vntime.clock(observed_at)} không có đợt trực nào, nên không có lịch trực để đối chiếu (các đợt gần "
        f"nhất: {listed_vi}): hãy kiểm tra lại ngày giờ kiểm tra.",
    )


def empty_window(start: datetime, end: datetime, *, keys: tuple[str, str] = ("from", "to")) -> Invalid:
    """`keys`: the query's names of the two bounds (a list's `detected_from` and `detected_to`…)."""
    start_vi, end_vi = (name("field", k) for k in keys)
    start_en, end_en = (name("field", k, "en") for k in keys)
    return Invalid(
        "empty-window",
        "Empty time window",
        f"The end “{end_en}” ({vntime.clock(end, 'en')}) must be after the start “{start_en}” "
        f"({vntime.clock(start, 'en')}), Vietnam time: give the bounds the other way round.",
        f"Thời điểm kết thúc “{end_vi}” ({vntime.clock(end)}) phải sau thời điểm bắt đầu “{start_vi}” "
        f"({vntime.clock(start)}): hãy nhập hai mốc theo đúng thứ tự.",
    )


def check_window(start: datetime | None, end: datetime | None, *, keys: tuple[str, str]) -> None:
    """A list's time filter given back to front is refused (it would list nothing, which reads as "nothing
    happened"); either bound alone, or none, is fine."""
    if start is not None and end is not None and end <= start:
        raise empty_window(start, end, keys=keys)


def empty_log() -> Conflict:
    return Conflict(
        "empty-log",
        "Nothing to snapshot",
        "The event log is empty: a snapshot is taken once roster events have been received.",
        "Nhật ký sự kiện còn trống, chưa thể tạo ảnh chụp trạng thái.",
    )


def tree_size_beyond_log(size: int, latest: int) -> Invalid:
    return Invalid(
        "tree-size-beyond-log",
        "Tree size beyond the log",
        f"The log's latest signed tree head has {latest} records; no tree of {size} has been signed: "
        "ask for at most that size (GET /log/tree-head).",
        f"Cây Merkle mới nhất của nhật ký có {latest} bản ghi, chưa có cây {size} bản ghi.",
    )


def tree_head_not_found(size: int) -> NotFound:
    return NotFound(
        "tree-head-not-found",
        "No tree head of this size",
        f"No tree head was signed for exactly {size} records (the log was placed in its Merkle tree "
        "later, or several records came in one transaction): take a size from GET /log/tree-head.",
        f"Không có đầu cây Merkle nào được ký cho đúng {size} bản ghi.",
    )


def no_tree_head() -> NotFound:
    return NotFound(
        "no-tree-head",
        "No tree head yet",
        "No tree head has been signed yet: audit signs one when it starts and at every append.",
        "Chưa có đầu cây Merkle nào được ký: hệ thống lưu vết và đối soát (audit) ký khi khởi động và sau mỗi lần ghi; hãy thử lại sau ít phút.",
    )


def event_not_in_log() -> NotFound:
    return NotFound(
        "event-not-in-log",
        "Event not in the log",
        "The event log holds no event with this id: look for it with GET /log?event_id=….",
        "Nhật ký sự kiện không có sự kiện này: hãy kiểm tra lại mã sự kiện (tìm trong trang Nhật ký), hoặc thử lại "
        "sau ít phút nếu thay đổi vừa mới được lưu.",
    )


def event_after_tree(seq: int, size: int) -> Invalid:
    return Invalid(
        "event-after-tree",
        "Event logged after this tree",
        f"The event is record {seq}, logged after the first {size} records: prove it against a later "
        "tree head (leave tree_size out for the latest).",
        f"Sự kiện là bản ghi số {seq}, được ghi sau {size} bản ghi đầu: hãy chứng minh với đầu cây mới hơn.",
    )


def sizes_out_of_order(first: int, second: int) -> Invalid:
    return Invalid(
        "sizes-out-of-order",
        "Tree sizes out of order",
        f"`from` ({first}) must not be larger than `to` ({second}): a log only grows.",
        f"Kích thước đầu ({first}) không được lớn hơn kích thước cuối ({second}): nhật ký chỉ dài thêm.",
    )
