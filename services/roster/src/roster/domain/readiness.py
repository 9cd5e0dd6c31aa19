"""The readiness checklist before Tết: items the Department asks of every enterprise of a sector
in a campaign (with a due date), and each enterprise's mark on each item (done with a note or a
reference — at least one —, or reopened with its reason). Pure: the clock comes in as `now`."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from lichtruc.vntime import at_local, local_day, utc

from .errors import Conflict, FieldError, RuleViolation

Status = Literal["done", "open", "overdue"]
STATUSES: tuple[Status, ...] = ("done", "open", "overdue")
SECTORS = ("postal", "telecom", "internet", "television")
MAX_ITEMS_PER_CAMPAIGN = 400
"""A checklist is a page or two per sector; more is a mistake (a loop seeding again and again)."""


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    """One thing every enterprise of `sector` must have done by `due_at` before the campaign."""

    id: uuid.UUID
    campaign_id: uuid.UUID
    sector: str
    title_vi: str
    title_en: str
    description: str
    due_at: datetime
    due_date: date | None
    position: int
    version: int
    created_at: datetime
    updated_at: datetime

    def change(
        self,
        *,
        now: datetime,
        title_vi: str,
        title_en: str,
        description: str,
        due_at: datetime,
        due_date: date | None,
        position: int,
    ) -> ReadinessItem:
        """The next version with these values (the caller has checked them)."""
        return replace(
            self,
            title_vi=title_vi,
            title_en=title_en,
            description=description,
            due_at=due_at,
            due_date=due_date,
            position=position,
            version=self.version + 1,
            updated_at=now,
        )


@dataclass(frozen=True, slots=True)
class ReadinessMark:
    """An enterprise's mark on an item: done (with note and reference) or reopened."""

    item_id: uuid.UUID
    enterprise_id: uuid.UUID
    done: bool
    note: str
    reference: str
    done_at: datetime | None
    done_by: str | None
    version: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """An item as one enterprise sees it."""

    item: ReadinessItem
    mark: ReadinessMark | None
    status: Status
    done_by_name: str | None = None
    """The display name of the mark's ``done_by`` login (None: not done, or no account of that login)."""
    not_owed_before: date | None = None
    """Set when the enterprise does not owe the item (`owed`): the day it owes from, which the item is due before.
    Such an item is still on its checklist and can be marked done, but is never overdue nor counted unless done."""


def due_instant(due_date: date | None, due_at: datetime | None) -> datetime:
    """A due day means "by the end of that local day" (the next local midnight); an instant is itself."""
    if due_at is not None:
        return utc(due_at)
    assert due_date is not None
    return utc(at_local(due_date + timedelta(days=1), time(0)))


def status_of(item: ReadinessItem, mark: ReadinessMark | None, now: datetime) -> Status:
    """done; else overdue once the due instant has passed; else open."""
    if mark is not None and mark.done:
        return "done"
    return "overdue" if now >= item.due_at else "open"


def owed(item: ReadinessItem, obligations_from: date | None) -> bool:
    """Whether an enterprise owing from the local day `obligations_from` (the Department's choice for one that
    joined mid-campaign; None: from always) owes `item`: its due day — the day set, else the local day its due
    instant falls in (an end of day counting for the day before) — is on or after it."""
    if obligations_from is None:
        return True
    due_day = item.due_date if item.due_date is not None else local_day(item.due_at - timedelta(microseconds=1))
    return due_day >= obligations_from


def line_status(item: ReadinessItem, mark: ReadinessMark | None, now: datetime, *, is_owed: bool) -> Status:
    """`status_of` for an item the enterprise owes; one it does not owe is done or open, never overdue."""
    status = status_of(item, mark, now)
    return "open" if status == "overdue" and not is_owed else status


def check_due(due_date: date | None, due_at: datetime | None, *, required: bool) -> None:
    """A due date is a local day or an instant, not both (and one of them when `required`)."""
    if due_date is not None and due_at is not None:
        raise RuleViolation(
            "due_at",
            "one-due",
            "Give either due_date (a local day) or due_at (an instant), not both.",
            "Chỉ nhập một trong hai: ngày hạn hoặc thời điểm hạn.",
        )
    if required and due_date is None and due_at is None:
        raise RuleViolation(
            "due_date",
            "required",
            "A checklist item needs a due date: give due_date (a local day) or due_at (an instant).",
            "Mục kiểm tra cần có hạn hoàn thành: hãy nhập ngày hạn hoặc thời điểm hạn.",
        )


def check_directive_campaign(kind: str, campaign_name: str) -> None:
    """The directive's checklist prepares Tết: seeded on a drill — hours long, often opened after its deadline —
    every item would be overdue at once and the enterprises told so. A drill's own items are defined one by one."""
    if kind != "tet":
        raise RuleViolation(
            "campaign_id",
            "readiness-tet-only",
            f"{campaign_name} is a drill: the directive's readiness checklist prepares the Tết campaign. Choose the "
            "Tết campaign of the season, or add the drill's own items one by one.",
            f"{campaign_name} là buổi diễn tập: danh mục chuẩn bị theo chỉ thị dành cho đợt trực Tết. Hãy chọn đợt "
            "trực Tết của mùa này, hoặc thêm từng mục riêng cho buổi diễn tập.",
        )


def check_done_evidence(item: ReadinessItem, note: str, reference: str) -> None:
    """Marking an item done tells the inspectors it is done, so it says how they can see it: what was done (the
    note) or the document that shows it (the reference: a plan, minutes, a report's number or link), or both. A
    bare "done" is what an inspection would have to ask about first. Both are compared without the blanks around
    them (the API edge has already removed them)."""
    if not note.strip() and not reference.strip():
        raise RuleViolation(
            "note",
            "evidence-required",
            f"Say what was done for “{item.title_en}”, or give the number or link of the document that shows it "
            "(a plan, minutes, a report): the inspectors read it beside the item.",
            f"Hãy ghi chú việc đã làm cho mục “{item.title_vi}”, hoặc ghi số hiệu hay đường dẫn văn bản làm căn cứ "
            "(phương án, biên bản, báo cáo): thanh tra đọc nội dung này bên cạnh mục.",
        )


def check_reopen_reason(item: ReadinessItem, note: str) -> None:
    """Reopening withdraws what the enterprise told the inspectors was done, so it says why: the inspectors
    read the reason beside the item, and an item that silently turns open again reads like a slip."""
    if not note.strip():
        raise RuleViolation(
            "note",
            "reason-required",
            f"Say why “{item.title_en}” is reopened: the inspectors read the reason beside the item.",
            f"Hãy nêu lý do mở lại mục “{item.title_vi}”: thanh tra đọc lý do này bên cạnh mục.",
        )


def check_count(existing: int, adding: int) -> None:
    if existing + adding > MAX_ITEMS_PER_CAMPAIGN:
        raise RuleViolation(
            "campaign_id",
            "too-many-items",
            f"A campaign may have at most {MAX_ITEMS_PER_CAMPAIGN} checklist items ({existing} already): "
            "remove some first.",
            f"Mỗi đợt trực có tối đa {MAX_ITEMS_PER_CAMPAIGN} mục kiểm tra (đã có {existing}): hãy xóa bớt trước.",
        )


def wrong_sector(item: ReadinessItem, enterprise_name: str, sector: str) -> RuleViolation:
    return RuleViolation(
        [
            FieldError(
                "item_id",
                "same-sector",
                f"The item “{item.title_en}” is for the {item.sector} sector; {enterprise_name} is in {sector}: "
                "pick an item of its own checklist.",
                f"Mục “{item.title_vi}” dành cho lĩnh vực {SECTOR_VI[item.sector]}; {enterprise_name} thuộc lĩnh vực "
                f"{SECTOR_VI.get(sector, sector)}: hãy chọn mục trong danh sách của doanh nghiệp.",
            )
        ]
    )


SECTOR_VI = {"postal": "bưu chính", "telecom": "viễn thông", "internet": "internet", "television": "truyền hình"}


# --- the directive's items ------------------------------------------------------------------------
# Sở Thông tin và Truyền thông Long An, văn bản 79/STTTT-BCTT (13/01/2022), quoted in Vietnamese.

_TELECOM_PLAN = (
    "Tổ chức kiểm tra, bảo dưỡng đảm bảo an toàn hệ thống thiết bị và mạng ngoại vi; đảm bảo nhân sự, phương "
    "tiện, vật tư, thiết bị và các phương án dự phòng để ứng cứu khi xảy ra sự cố, bố trí đủ kênh, đủ luồng cho "
    "mạng lưới hoạt động tốt, đặc biệt lưu ý vào thời gian cao điểm."
)
_PATROL = (
    "Tổ chức tuần tra canh gác, trang bị đầy đủ thiết bị bảo vệ, công cụ hỗ trợ, phương tiện PCCC; phối hợp chặt "
    "chẽ với chính quyền địa phương và các cơ quan chức năng để bảo vệ an toàn mạng lưới, điểm giao dịch,…"
)
_POSTAL = (
    "Các doanh nghiệp bưu chính: Đảm bảo an toàn việc tiếp nhận, chuyển phát, chấp hành tuyệt đối các quy định "
    "của pháp luật; bố trí đủ nhân sự, phương tiện chuyển phát nhanh chóng, kịp thời báo chí, bưu gửi, điện tín, "
    "điện hoa, thư công phát sinh trong dịp Tết."
)
_TELEVISION = (
    "Các doanh nghiệp truyền hình: Đảm bảo an toàn mạng lưới, các kênh, chương trình để phục vụ khách hàng; đặc "
    "biệt phải cung cấp đầy đủ các kênh chương trình truyền hình phục vụ nhiệm vụ chính trị, thông tin tuyên "
    "truyền thiết yếu của quốc gia và của địa phương."
)

NETWORK = ("telecom", "internet", "television")


@dataclass(frozen=True)
class DirectiveItem:
    sectors: tuple[str, ...]
    title_vi: str
    title_en: str
    description: str
    formerly: tuple[str, ...] = ()
    """Vietnamese titles it was seeded under before (a rename): a campaign holding one of them for the sector has the
    item already, and seeding the directive again adds nothing beside it (`not_yet_seeded`)."""

    def names(self) -> tuple[str, ...]:
        """Every Vietnamese title it is known by: its own, then its former ones."""
        return (self.title_vi, *self.formerly)


DIRECTIVE_ITEMS: tuple[DirectiveItem, ...] = (
    DirectiveItem(
        NETWORK,
        "Kiểm tra, bảo dưỡng thiết bị và mạng ngoại vi",
        "Inspect and maintain equipment and outside plant",
        _TELECOM_PLAN,
    ),
    DirectiveItem(NETWORK, "Nguồn điện dự phòng", "Back-up power", _TELECOM_PLAN),
    DirectiveItem(NETWORK, "Vật tư, thiết bị dự phòng", "Spare materials and equipment", _TELECOM_PLAN),
    # QZ13 #16: one item "Phương tiện ứng cứu, chuyển phát" for every sector put postal delivery on a TV station's
    # list (and the network plan's text on a postal enterprise's): each sector's its own words and its own text.
    DirectiveItem(
        NETWORK,
        "Phương tiện ứng cứu sự cố",
        "Vehicles for incident response",
        _TELECOM_PLAN,
        formerly=("Phương tiện ứng cứu, chuyển phát",),  # its title for every sector before QZ13 #16
    ),
    DirectiveItem(("postal",), "Phương tiện ứng cứu, chuyển phát", "Vehicles for response and delivery", _POSTAL),
    DirectiveItem(NETWORK, "Phương án ứng cứu khi xảy ra sự cố", "Incident-response plan", _TELECOM_PLAN),
    DirectiveItem(
        NETWORK, "Đủ kênh, đủ luồng cho giờ cao điểm", "Enough channels and capacity for the peak", _TELECOM_PLAN
    ),
    DirectiveItem(
        ("television",),
        "Đủ kênh chương trình phục vụ nhiệm vụ chính trị, thông tin thiết yếu",
        "Every channel of political and essential information on air",
        _TELEVISION,
    ),
    DirectiveItem(
        ("postal", *NETWORK),
        "Thiết bị bảo vệ, phương tiện PCCC",
        "Protective and fire-fighting equipment",
        _PATROL,
    ),
    DirectiveItem(("postal", *NETWORK), "Phương án tuần tra canh gác", "Patrol and guard plan", _PATROL),
    DirectiveItem(
        ("postal",),
        "Đủ nhân sự, phương tiện chuyển phát báo chí, bưu gửi, điện tín, điện hoa, thư công",
        "Enough delivery staff and vehicles for newspapers, parcels, telegrams, flowers and official mail",
        _POSTAL,
    ),
)
"""The items of the directive (Long An, 2022), per sector, in the order they are checked."""


def not_yet_seeded(sectors: tuple[str, ...], have: Set[tuple[str, str]]) -> list[tuple[str, int, DirectiveItem]]:
    """`directive_items` of these sectors that a campaign holding the items `have` ((sector, Vietnamese title) each)
    lacks: one it holds under its title or a former one (`DirectiveItem.formerly`) is left out, so seeding twice —
    also across a rename — adds nothing the second time."""
    return [(s, p, d) for s, p, d in directive_items(sectors) if not any((s, name) in have for name in d.names())]


def directive_items(sectors: tuple[str, ...]) -> list[tuple[str, int, DirectiveItem]]:
    """(sector, position, item) for each directive item of these sectors."""
    out = []
    for sector in sectors:
        position = 0
        for d in DIRECTIVE_ITEMS:
            if sector in d.sectors:
                position += 10
                out.append((sector, position, d))
    return out


# --- a new Tết's checklist copied from the last one --------------------------------------------------
# QZ23 #7: a province that tuned last year's checklist (items added, titles reworded, due days spread) wants it again
# for the next Tết, not the directive's ten items due on one day.


def moved_due(due_date: date | None, due_at: datetime, *, from_tet: date, to_tet: date) -> tuple[date | None, datetime]:
    """An item's due (`due_date`, else the instant `due_at`) copied from the Tết whose mùng 1 is `from_tet` to the one
    whose mùng 1 is `to_tet`: as many days from mùng 1 as it was (due 10 days before mùng 1 2027, 27/01/2027, is due
    10 days before mùng 1 2028, 16/01/2028), a due day as a day, a due time at the same time of day (Vietnam keeps
    one offset all year). Mùng 1 and not the campaign's start: the checklist prepares Tết, and a campaign's start (23
    tháng Chạp by default) can be moved — a lunar year being 353 to 385 days long, no fixed number of days does."""
    days = timedelta(days=(to_tet - from_tet).days)
    if due_date is not None:
        day = due_date + days
        return day, due_instant(day, None)
    return None, utc(due_at) + days


@dataclass(frozen=True)
class CopiedChecklist:
    """What copying the previous Tết's checklist gives: the items to add (`added`, in the previous one's order), and
    the previous items left out because the campaign has one of that sector and Vietnamese title already
    (`skipped`)."""

    added: tuple[ReadinessItem, ...]
    skipped: tuple[ReadinessItem, ...]
    late: int
    """How many of `added` were due at or before `now` once moved (given `late_due` instead, or overdue at once)."""


def copied_checklist(
    previous: Sequence[ReadinessItem],
    have: Set[tuple[str, str]],
    *,
    campaign_id: uuid.UUID,
    from_tet: date,
    to_tet: date,
    now: datetime,
    late_due: date | None,
    new_id: Callable[[], uuid.UUID],
) -> CopiedChecklist:
    """The previous Tết's items (`previous`) as items of `campaign_id`: sector, titles, description and place as they
    were, the due moved by `moved_due`; one whose (sector, Vietnamese title) the campaign has (`have`) skipped, so a
    second copy adds nothing. A due that has passed by `now` once moved is `late_due` (the end of that day) when given
    — the administrator's answer to the question asked first —, else kept (overdue at once, as they chose)."""
    added: list[ReadinessItem] = []
    skipped: list[ReadinessItem] = []
    late = 0
    for old in previous:
        if (old.sector, old.title_vi) in have:
            skipped.append(old)
            continue
        due_date, due_at = moved_due(old.due_date, old.due_at, from_tet=from_tet, to_tet=to_tet)
        if due_at <= now:
            late += 1
            if late_due is not None:
                due_date, due_at = late_due, due_instant(late_due, None)
        added.append(
            ReadinessItem(
                id=new_id(),
                campaign_id=campaign_id,
                sector=old.sector,
                title_vi=old.title_vi,
                title_en=old.title_en,
                description=old.description,
                due_at=due_at,
                due_date=due_date,
                position=old.position,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
    return CopiedChecklist(tuple(added), tuple(skipped), late)


def check_copy_campaign(kind: str, campaign_name: str) -> None:
    """Last Tết's checklist, its due days moved by the days to mùng 1, prepares a Tết: a drill has no mùng 1."""
    if kind != "tet":
        raise RuleViolation(
            "campaign_id",
            "readiness-tet-only",
            f"{campaign_name} is a drill: copying the last Tết's checklist (its due days moved to this Tết) prepares "
            "a Tết campaign. Choose the Tết campaign of the season, or add the drill's own items one by one.",
            f"{campaign_name} là buổi diễn tập: chép danh mục của Tết trước (hạn dời theo Tết này) dành cho đợt trực "
            "Tết. Hãy chọn đợt trực Tết của mùa này, hoặc thêm từng mục riêng cho buổi diễn tập.",
        )


def no_previous_tet(campaign_name: str) -> Conflict:
    """There is no Tết campaign before this one to copy its checklist from."""
    return Conflict(
        "campaign_id",
        "no-previous-tet",
        f"There is no Tết campaign before {campaign_name} to copy its readiness checklist from. Add the directive's "
        "items (“Add the directive's items”) instead, then change or add items one by one.",
        f"Chưa có đợt trực Tết nào trước {campaign_name} để chép danh mục chuẩn bị. Hãy bấm “Thêm các mục theo chỉ "
        "thị” thay vào đó, rồi sửa hoặc thêm từng mục.",
    )


def no_previous_items(previous_name: str, campaign_name: str) -> Conflict:
    """The previous Tết had no checklist items: nothing to copy."""
    return Conflict(
        "campaign_id",
        "no-previous-items",
        f"{previous_name} has no readiness checklist items to copy into {campaign_name}. Add the directive's items "
        "(“Add the directive's items”) instead, then change or add items one by one.",
        f"{previous_name} không có mục chuẩn bị nào để chép sang {campaign_name}. Hãy bấm “Thêm các mục theo chỉ "
        "thị” thay vào đó, rồi sửa hoặc thêm từng mục.",
    )
