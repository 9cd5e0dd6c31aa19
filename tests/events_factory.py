"""Roster events as a producer would send them, for consumer tests; and one example of every event
type roster publishes (`ROSTER_EXAMPLES`, a factory per type: a test checks that none is missing), all
about one enterprise of Long An at Tết Đinh Mùi, with the ids and names below."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lichtruc.events import (
    ROSTER_SOURCE,
    Assignee,
    CampaignOpened,
    CampaignUpdated,
    CloudEvent,
    DailyWindow,
    EarlyLeaveAsked,
    EarlyLeaveClosed,
    EnterpriseRegistered,
    EnterpriseUpdated,
    EventData,
    LateArrivalExplained,
    PeakWindow,
    PresenceConfirmed,
    PresenceCorrected,
    RequirementRemoved,
    RequirementSet,
    ShiftCancelled,
    ShiftCheckedIn,
    ShiftCompleted,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSnapshot,
    ShiftSwapped,
    ShiftUpdated,
    SiteRegistered,
    SiteUpdated,
    StaffJoined,
    StaffUpdated,
    SwapAnswered,
    SwapLapsed,
    SwapRejected,
    SwapRequested,
    SwapWithdrawn,
    encode,
    make_event,
)
from lichtruc.events_accounts import (
    AccountChanged,
    AccountCreated,
    AccountEvent,
    AccountRecorded,
    PasswordResetRequested,
)
from lichtruc.events_department import DEPARTMENT_KEY, DepartmentDetails, DepartmentProfileChanged
from lichtruc.events_hours import DayHours, OpeningSession, TransactionHoursPublished
from lichtruc.events_incidents import (
    IncidentNote,
    IncidentOpened,
    IncidentResolved,
    IncidentResponder,
    IncidentResponderRemoved,
    IncidentSnapshot,
    IncidentUpdated,
)
from lichtruc.events_inspections import (
    InspectionCancelled,
    InspectionFindingData,
    InspectionFindingRecorded,
    InspectionPlanned,
    InspectionRescheduled,
    InspectionSnapshot,
)
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
    ReadinessItemUpdated,
)
from lichtruc.events_reports import DailyReportSubmitted

ENTERPRISE = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f01")
GIAO_THUA = datetime(2027, 2, 5, 15, tzinfo=UTC)  # 22:00 on 30 tháng Chạp, Asia/Ho_Chi_Minh


def shift_planned(
    *,
    shift_id: uuid.UUID | None = None,
    version: int = 1,
    name: str = "Nguyễn Thị Ánh Tuyết",
    enterprise: uuid.UUID = ENTERPRISE,
) -> CloudEvent:
    shift_id = shift_id or uuid.uuid4()
    data = ShiftPlanned(
        shift=ShiftSnapshot(
            shift_id=shift_id,
            enterprise_id=enterprise,
            duty_type="leadership",
            starts_at=GIAO_THUA,
            ends_at=GIAO_THUA + timedelta(hours=8),
            assignees=(Assignee(staff_id=uuid.uuid4(), full_name=name),),
            status="published",
            version=version,
        )
    )
    return make_event(
        data, source=ROSTER_SOURCE, partitionkey=str(enterprise), time=datetime.now(UTC), subject=f"shifts/{shift_id}"
    )


def message(event: CloudEvent) -> tuple[bytes, bytes, dict]:
    return event.partitionkey.encode(), encode(event), {"content-type": "application/cloudevents+json"}


# ------------------------------------------------------------------- one example of every roster event

CAMPAIGN = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f02")
SITE = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f03")
TUYET = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f04")
DUC = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f05")
SHIFT = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f06")
SWAP = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f07")
REQUIREMENT = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f08")
ITEM = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f09")
INCIDENT = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0a")
INSPECTION = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0b")
REPORT = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0c")
ACCOUNT = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0d")
WITHDRAWN_SWAP = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0e")
EARLY_LEAVE = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0e01")
"""A second request of Tuyết's, taken back before a decision (the first one is rejected)."""
LAPSED_SWAP = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f1e")
ANSWERED_SWAP = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f2e")
"""A third request of Tuyết's, still waiting when the shift began."""

ENTERPRISE_NAME = "VNPT Long An"
SITE_NAME = "Trạm BTS Mỹ Thạnh Bắc"
TUYET_NAME, DUC_NAME = "Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"
ITEM_TITLE_VI, ITEM_TITLE_EN = "Kiểm tra máy phát điện dự phòng", "Check the standby generators"
MANAGER = "quan-ly-vnpt"
"""The account that makes the enterprise's changes (`actor`)."""


def _shift_snapshot(
    *, version: int = 1, status: str = "published", staff: tuple[uuid.UUID, ...] = (TUYET,)
) -> ShiftSnapshot:
    names = {TUYET: TUYET_NAME, DUC: DUC_NAME}
    return ShiftSnapshot(
        shift_id=SHIFT,
        campaign_id=CAMPAIGN,
        enterprise_id=ENTERPRISE,
        site_id=SITE,
        duty_type="incident_response",
        starts_at=GIAO_THUA,
        ends_at=GIAO_THUA + timedelta(hours=8),
        assignees=tuple(Assignee(staff_id=s, full_name=names[s]) for s in staff),
        status=status,
        version=version,
    )


def _campaign(model: type[CampaignOpened] = CampaignOpened, version: int = 1) -> CampaignOpened:
    return model(
        campaign_id=CAMPAIGN,
        lunar_year=2027,
        name="Tết Đinh Mùi 2027",
        starts_at=datetime(2027, 1, 29, 17, tzinfo=UTC),
        ends_at=datetime(2027, 2, 11, 17, tzinfo=UTC),
        peaks=(PeakWindow(name="Giao thừa", starts_at=GIAO_THUA, ends_at=GIAO_THUA + timedelta(hours=2)),),
        border_duty_types=("patrol",),
        border_sectors=("telecom",),
        version=version,
        actor="admin@lichtruc.local",
    )


def _staff(model: type[StaffJoined] = StaffJoined, version: int = 1, active: bool = True) -> StaffJoined:
    return model(
        staff_id=DUC,
        enterprise_id=ENTERPRISE,
        full_name=DUC_NAME,
        qualifications=("leader", "technician"),
        active=active,
        version=version,
        actor=MANAGER,
    )


def _incident(status: str = "open", *, version: int = 1) -> IncidentSnapshot:
    detected = datetime(2027, 2, 5, 18, 15, tzinfo=UTC)  # 01:15 on mùng 1 Tết
    resolved = status == "resolved"
    return IncidentSnapshot(
        incident_id=INCIDENT,
        enterprise_id=ENTERPRISE,
        enterprise_name=ENTERPRISE_NAME,
        sector="telecom",
        campaign_id=CAMPAIGN,
        detected_at=detected,
        site_id=SITE,
        site_name=SITE_NAME,
        district="Tân Hưng",
        services=("mobile", "fixed_line"),
        agency_links=True,
        border=True,
        severity="critical",
        description="Đứt cáp quang tuyến Tân Hưng – Mỹ Thạnh Bắc",
        status=status,
        responders=(
            IncidentResponder(staff_id=DUC, full_name=DUC_NAME, added_at=detected + timedelta(minutes=5), on_duty=True),
        )
        if version > 1
        else (),
        updates=(
            IncidentNote(at=detected + timedelta(minutes=40), note="Đã điều xe ứng cứu đến hiện trường", by=MANAGER),
        )
        if version > 2
        else (),
        restored_at=detected + timedelta(hours=2) if version > 2 else None,
        cause="Thi công đường làm đứt cáp" if resolved else None,
        closing_note="Đã hàn nối cáp" if resolved else None,
        resolved_at=detected + timedelta(hours=3) if resolved else None,
        opened_by=MANAGER,
        version=version,
    )


def _inspection(
    *, version: int = 1, status: str = "planned", planned_on: date = date(2027, 2, 3)
) -> InspectionSnapshot:
    done = status == "done"
    return InspectionSnapshot(
        inspection_id=INSPECTION,
        campaign_id=CAMPAIGN,
        enterprise_id=ENTERPRISE,
        enterprise_name=ENTERPRISE_NAME,
        site_id=SITE,
        site_name=SITE_NAME,
        planned_on=planned_on,
        phase="before" if planned_on < date(2027, 2, 5) else "during",
        purpose="Kiểm tra công tác trực Tết tại trạm biên giới",
        inspectors=("Trần Văn Bình", "Lê Thị Hoa"),
        surprise=True,
        status=status,
        finding=InspectionFindingData(
            result="issues_found",
            text="Thiếu sổ giao ca",
            recommendations="Bổ sung sổ giao ca trước 06/02/2027",
            recorded_by="thanh-tra-so",
            recorded_at=datetime(2027, 2, 6, 3, tzinfo=UTC),
        )
        if done
        else None,
        planned_by="thanh-tra-so",
        version=version,
    )


def _item(model: type[ReadinessItemDefined] = ReadinessItemDefined, version: int = 1) -> ReadinessItemDefined:
    return model(
        item_id=ITEM,
        campaign_id=CAMPAIGN,
        sector="telecom",
        title_vi=ITEM_TITLE_VI,
        title_en=ITEM_TITLE_EN,
        description="Theo công văn 79/STTTT-BCTT",
        due_at=datetime(2027, 1, 25, 16, 59, tzinfo=UTC),
        due_date=date(2027, 1, 25),
        position=1,
        version=version,
        actor="thanh-tra-so",
    )


def _account(model: type[AccountEvent] = AccountCreated, **more: Any) -> AccountEvent:
    return model(
        account_id=ACCOUNT,
        login="tuyet.nta@vnpt-longan.vn",
        display_name=TUYET_NAME,
        role="manager",
        enterprise_ids=(ENTERPRISE,),
        active=True,
        actor="admin@lichtruc.local",
        **more,
    )


LONG_AN = DepartmentDetails(
    province="Long An",
    department="Sở Thông tin và Truyền thông",
    abbreviation="STTTT",
    superior="UBND TỈNH LONG AN",
    place="Long An",
    report_recipients=("Sở Thông tin và Truyền thông tỉnh Long An", "Lưu: VT"),
    summary_recipients=("Bộ Thông tin và Truyền thông", "Lưu: VT"),
)
DONG_THAP = LONG_AN.model_copy(
    update={
        "province": "Đồng Tháp",
        "superior": "UBND TỈNH ĐỒNG THÁP",
        "place": "Cao Lãnh",
        "report_recipients": ("Sở Thông tin và Truyền thông tỉnh Đồng Tháp", "Lưu: VT"),
    }
)
"""The Department's profile before and after the example's change (DepartmentProfileChanged)."""


ROSTER_EXAMPLES: dict[type[EventData], Callable[[], EventData]] = {
    CampaignOpened: lambda: _campaign(),
    CampaignUpdated: lambda: _campaign(CampaignUpdated, 2),
    EnterpriseRegistered: lambda: EnterpriseRegistered(
        enterprise_id=ENTERPRISE, name=ENTERPRISE_NAME, sector="telecom", version=1, actor="admin@lichtruc.local"
    ),
    EnterpriseUpdated: lambda: EnterpriseUpdated(
        enterprise_id=ENTERPRISE, name=ENTERPRISE_NAME, sector="internet", version=2, actor="admin@lichtruc.local"
    ),
    SiteRegistered: lambda: SiteRegistered(
        site_id=SITE,
        enterprise_id=ENTERPRISE,
        name=SITE_NAME,
        kind="base_station",
        district="Tân Hưng",
        border_area=True,
        version=1,
        actor=MANAGER,
    ),
    SiteUpdated: lambda: SiteUpdated(
        site_id=SITE,
        enterprise_id=ENTERPRISE,
        name=SITE_NAME,
        kind="base_station",
        version=2,
        actor=MANAGER,
        changed=["kind"],
    ),
    StaffJoined: lambda: _staff(),
    StaffUpdated: lambda: _staff(StaffUpdated, 2, active=False),
    RequirementSet: lambda: RequirementSet(
        requirement_id=REQUIREMENT,
        campaign_id=CAMPAIGN,
        enterprise_id=ENTERPRISE,
        site_id=SITE,
        duty_type="incident_response",
        window=DailyWindow(start_local="22:00", end_local="06:00"),
        minimum=1,
        peak_minimum=2,
        version=1,
        actor=MANAGER,
    ),
    RequirementRemoved: lambda: RequirementRemoved(
        requirement_id=REQUIREMENT, campaign_id=CAMPAIGN, enterprise_id=ENTERPRISE, version=2, actor=MANAGER
    ),
    ShiftPlanned: lambda: ShiftPlanned(shift=_shift_snapshot(status="checked_in"), actor=MANAGER),
    ShiftPublished: lambda: ShiftPublished(shift=_shift_snapshot(version=2), actor=MANAGER),
    ShiftRescheduled: lambda: ShiftRescheduled(
        shift=_shift_snapshot(version=3),
        previous_starts_at=GIAO_THUA - timedelta(hours=2),
        previous_ends_at=GIAO_THUA + timedelta(hours=6),
        actor=MANAGER,
    ),
    ShiftReassigned: lambda: ShiftReassigned(
        shift=_shift_snapshot(version=4, staff=(DUC,)),
        previous_assignees=_shift_snapshot().assignees,
        actor=MANAGER,
    ),
    ShiftCancelled: lambda: ShiftCancelled(
        shift=_shift_snapshot(version=5, status="cancelled"), reason="Ốm đột xuất", actor=MANAGER
    ),
    ShiftCompleted: lambda: ShiftCompleted(shift=_shift_snapshot(version=5, status="completed"), actor="system"),
    ShiftUpdated: lambda: ShiftUpdated(shift=_shift_snapshot(version=3), actor=MANAGER),
    SwapRequested: lambda: SwapRequested(
        swap_id=SWAP,
        shift=_shift_snapshot(version=2),
        from_staff_id=TUYET,
        to_staff_id=DUC,
        reason="Việc gia đình",
        version=1,
        actor="tuyet.nta@vnpt-longan.vn",
    ),
    SwapRejected: lambda: SwapRejected(
        swap_id=SWAP,
        shift_id=SHIFT,
        enterprise_id=ENTERPRISE,
        from_staff_id=TUYET,
        to_staff_id=DUC,
        reason="Không đủ người trực",
        version=2,
        actor=MANAGER,
    ),
    SwapWithdrawn: lambda: SwapWithdrawn(
        swap_id=WITHDRAWN_SWAP,
        shift_id=SHIFT,
        enterprise_id=ENTERPRISE,
        from_staff_id=TUYET,
        to_staff_id=None,
        version=2,
        actor="tuyet.nta@vnpt-longan.vn",
    ),
    SwapAnswered: lambda: SwapAnswered(
        swap_id=ANSWERED_SWAP,
        shift_id=SHIFT,
        enterprise_id=ENTERPRISE,
        from_staff_id=TUYET,
        to_staff_id=DUC,
        answer="declined",
        note="Tối giao thừa tôi về quê",
        version=2,
        actor="duc.lv@vnpt-longan.vn",
    ),
    EarlyLeaveAsked: lambda: EarlyLeaveAsked(
        early_leave_id=EARLY_LEAVE,
        shift=_shift_snapshot(version=2),
        staff_id=TUYET,
        staff_name=TUYET_NAME,
        leave_at=datetime(2027, 2, 5, 16, 30, tzinfo=UTC),
        reason="Con bị sốt cao, phải đưa đi viện",
        colleague_id=DUC,
        colleague_name=DUC_NAME,
        version=1,
        actor="tuyet.nta@vnpt-longan.vn",
    ),
    EarlyLeaveClosed: lambda: EarlyLeaveClosed(
        early_leave_id=EARLY_LEAVE,
        shift_id=SHIFT,
        enterprise_id=ENTERPRISE,
        staff_id=TUYET,
        how="withdrawn",
        version=2,
        actor="tuyet.nta@vnpt-longan.vn",
    ),
    SwapLapsed: lambda: SwapLapsed(
        swap_id=LAPSED_SWAP,
        shift=_shift_snapshot(version=2),
        from_staff_id=TUYET,
        to_staff_id=DUC,
        lapsed_at=datetime(2027, 2, 5, 15, tzinfo=UTC),
        version=2,
        actor="system",
    ),
    ShiftSwapped: lambda: ShiftSwapped(
        shift=_shift_snapshot(version=3, staff=(DUC,)),
        swap_id=SWAP,
        from_staff_id=TUYET,
        to_staff_id=DUC,
        actor=MANAGER,
    ),
    ShiftCheckedIn: lambda: ShiftCheckedIn(
        shift=_shift_snapshot(version=3, status="checked_in"),
        staff_id=TUYET,
        checked_in_at=GIAO_THUA - timedelta(minutes=5),
        actor="tuyet.nta@vnpt-longan.vn",
    ),
    # a manager's word after the shift (QZ27 #3): Tuyết came 40 minutes late, her phone flat; Đức's check-in was not him
    PresenceConfirmed: lambda: PresenceConfirmed(
        shift=_shift_snapshot(version=4),
        staff_id=TUYET,
        present_from=GIAO_THUA + timedelta(minutes=40),
        present_until=GIAO_THUA + timedelta(hours=8),
        evidence="handover_book",
        evidence_note="Sổ giao ca trạm Tân Hưng, trang 14",
        confirmed_at=GIAO_THUA + timedelta(hours=10),
        actor=MANAGER,
        actor_name="Nguyễn Văn An",
    ),
    # a late check-in's reason given afterwards (QZ29 #13), in Vietnamese, with its diacritics
    LateArrivalExplained: lambda: LateArrivalExplained(
        shift=_shift_snapshot(version=4, status="checked_in"),
        staff_id=TUYET,
        checked_in_at=GIAO_THUA + timedelta(minutes=40),
        late_reason="Đường Quốc lộ 62 ngập sâu, phải đi vòng qua Thạnh Hóa",
        explained_at=GIAO_THUA + timedelta(hours=1),
        actor="tuyet.nta@vnpt-longan.vn",
    ),
    PresenceCorrected: lambda: PresenceCorrected(
        shift=_shift_snapshot(version=5, status="checked_in", staff=(DUC,)),
        staff_id=DUC,
        evidence="camera",
        evidence_note="Camera cổng trạm: không có ai 22:00–06:00",
        confirmed_at=GIAO_THUA + timedelta(hours=10),
        actor=MANAGER,
    ),
    AccountCreated: lambda: _account(version=1),
    AccountChanged: lambda: _account(AccountChanged, version=2, changed=("role", "enterprise_ids", "password")),
    AccountRecorded: lambda: _account(AccountRecorded, version=3),
    PasswordResetRequested: lambda: PasswordResetRequested(
        account_id=ACCOUNT,
        login="tuyet.nta@vnpt-longan.vn",
        display_name=TUYET_NAME,
        role="manager",
        enterprise_ids=(ENTERPRISE,),
        requested_at=datetime(2027, 2, 6, 22, 30, tzinfo=UTC),
        open_since=datetime(2027, 2, 6, 22, 30, tzinfo=UTC),
    ),
    DepartmentProfileChanged: lambda: DepartmentProfileChanged(
        profile=DONG_THAP,
        previous=LONG_AN,
        changed=("province", "superior", "place", "report_recipients"),
        version=2,
        actor="admin@stttt.longan.gov.vn",
    ),
    TransactionHoursPublished: lambda: TransactionHoursPublished(
        site_id=SITE,
        enterprise_id=ENTERPRISE,
        campaign_id=CAMPAIGN,
        site_name="Điểm giao dịch Tân Hưng",
        district="Tân Hưng",
        days=(
            DayHours(day=date(2027, 2, 5), open=True, sessions=(OpeningSession(opens="07:30", closes="11:30"),)),
            DayHours(day=date(2027, 2, 6), open=False, note="Nghỉ mùng 1 Tết"),
            DayHours(
                day=date(2027, 2, 7),
                open=True,
                sessions=(OpeningSession(opens="07:30", closes="11:30"), OpeningSession(opens="13:30", closes="24:00")),
            ),
        ),
        published_at=datetime(2027, 1, 20, 2, tzinfo=UTC),
        published_version=2,
        version=5,
        actor=MANAGER,
    ),
    IncidentOpened: lambda: IncidentOpened(incident=_incident(), actor=MANAGER),
    IncidentUpdated: lambda: IncidentUpdated(incident=_incident(version=2), change="responder_added", actor=MANAGER),
    IncidentResolved: lambda: IncidentResolved(incident=_incident("resolved", version=4), actor=MANAGER),
    IncidentResponderRemoved: lambda: IncidentResponderRemoved(
        incident=_incident(version=3),
        responder=IncidentResponder(
            staff_id=uuid.UUID("5a1e0000-0000-4000-8000-00000000b002"),
            full_name="Lê Văn Bình",
            added_at=datetime(2027, 2, 6, 1, 10, tzinfo=UTC),
            on_duty=False,
        ),
        reason="Thêm nhầm người",
        actor=MANAGER,
    ),
    InspectionPlanned: lambda: InspectionPlanned(inspection=_inspection(), actor="thanh-tra-so"),
    InspectionRescheduled: lambda: InspectionRescheduled(
        inspection=_inspection(version=2, planned_on=date(2027, 2, 6)),
        previous_planned_on=date(2027, 2, 3),
        reason="Trùng lịch họp của Sở",
        actor="thanh-tra-so",
    ),
    InspectionCancelled: lambda: InspectionCancelled(
        inspection=_inspection(version=2, status="cancelled"),
        reason="Đã kiểm tra đột xuất tuần trước",
        actor="thanh-tra-so",
    ),
    InspectionFindingRecorded: lambda: InspectionFindingRecorded(
        inspection=_inspection(version=3, status="done", planned_on=date(2027, 2, 6)), actor="thanh-tra-so"
    ),
    ReadinessItemDefined: lambda: _item(),
    ReadinessItemUpdated: lambda: _item(ReadinessItemUpdated, 2),
    ReadinessItemRemoved: lambda: ReadinessItemRemoved(
        item_id=ITEM, campaign_id=CAMPAIGN, sector="telecom", version=3, actor="thanh-tra-so"
    ),
    ReadinessItemCompleted: lambda: ReadinessItemCompleted(
        item_id=ITEM,
        campaign_id=CAMPAIGN,
        enterprise_id=ENTERPRISE,
        sector="telecom",
        title_vi=ITEM_TITLE_VI,
        due_at=datetime(2027, 1, 25, 16, 59, tzinfo=UTC),
        note="Đã chạy thử 2 máy phát",
        reference="Biên bản số 12/BB-KT",
        done_at=datetime(2027, 1, 22, 3, tzinfo=UTC),
        version=1,
        actor=MANAGER,
    ),
    ReadinessItemReopened: lambda: ReadinessItemReopened(
        item_id=ITEM,
        campaign_id=CAMPAIGN,
        enterprise_id=ENTERPRISE,
        sector="telecom",
        title_vi=ITEM_TITLE_VI,
        due_at=datetime(2027, 1, 25, 16, 59, tzinfo=UTC),
        note="Máy phát số 2 chưa đạt",
        reopened_at=datetime(2027, 1, 23, 3, tzinfo=UTC),
        version=2,
        actor=MANAGER,
    ),
    DailyReportSubmitted: lambda: DailyReportSubmitted(
        report_id=REPORT,
        campaign_id=CAMPAIGN,
        enterprise_id=ENTERPRISE,
        enterprise_name=ENTERPRISE_NAME,
        day=date(2027, 2, 6),
        version=2,
        supersedes=uuid.UUID(int=1),
        number="3/BC-VNPTLA",
        remarks="Không có gì bất thường",
        submitted_at=datetime(2027, 2, 6, 13, tzinfo=UTC),
        submitted_by="tuyet.nta@vnpt-longan.vn",
        submitted_by_name=TUYET_NAME,
    ),
}
"""One example of each event type roster publishes, by its model."""


def roster_example(model: type[EventData], *, at: datetime | None = None) -> CloudEvent:
    """The example of `model` (ROSTER_EXAMPLES) as roster would send it: keyed by the enterprise (an
    account's by the account, the Department's profile by its key, its campaign and readiness items by the campaign)."""
    data = ROSTER_EXAMPLES[model]()
    key = ENTERPRISE
    if isinstance(data, AccountEvent | PasswordResetRequested):
        key = ACCOUNT
    elif isinstance(data, DepartmentProfileChanged):
        key = DEPARTMENT_KEY
    elif isinstance(data, (CampaignOpened, ReadinessItemDefined, ReadinessItemRemoved)):
        key = CAMPAIGN
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=at or datetime.now(UTC))
