"""One roster event of each aggregate type audit tracks (`audit.domain.sequences.AGGREGATE_TYPES`),
at any version of one fixed aggregate: to open a sequence gap of every type (a test asserts that
every type has a sample, so a type added there and forgotten here fails)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from audit_testkit import vn

from lichtruc.events import (
    ROSTER_SOURCE,
    Assignee,
    CampaignOpened,
    CloudEvent,
    DailyWindow,
    EnterpriseRegistered,
    EventData,
    RequirementSet,
    ShiftPlanned,
    ShiftSnapshot,
    SiteRegistered,
    StaffJoined,
    SwapRequested,
    make_event,
)
from lichtruc.events_accounts import AccountChanged, AccountCreated
from lichtruc.events_department import DEPARTMENT_FIELDS, DEPARTMENT_KEY, DepartmentDetails, DepartmentProfileChanged
from lichtruc.events_hours import DayHours, OpeningSession, TransactionHoursPublished
from lichtruc.events_incidents import IncidentOpened, IncidentSnapshot
from lichtruc.events_inspections import InspectionPlanned, InspectionSnapshot
from lichtruc.events_readiness import ReadinessItemCompleted, ReadinessItemDefined
from lichtruc.events_reports import DailyReportSubmitted

ENTERPRISE_NAME = "VNPT Long An"
DEPARTMENT = DepartmentDetails(
    province="Long An",
    department="Sở Thông tin và Truyền thông",
    superior="UBND TỈNH LONG AN",
    place="Long An",
    report_recipients=("Sở Thông tin và Truyền thông tỉnh Long An", "Lưu: VT"),
    summary_recipients=("Bộ Thông tin và Truyền thông", "Lưu: VT"),
)
SHIFT_START = vn(2, 5, 22)  # 22:00 05/02/2027, 29 tháng Chạp (the eve of Tết)


@dataclass
class Samples:
    """Fixed ids: every call for one type versions the same aggregate."""

    enterprise_id: uuid.UUID = field(default_factory=uuid.uuid4)
    campaign_id: uuid.UUID = field(default_factory=uuid.uuid4)
    ids: dict[str, uuid.UUID] = field(default_factory=dict)

    def _id(self, name: str) -> uuid.UUID:
        return self.ids.setdefault(name, uuid.uuid4())

    def _shift(self, version: int) -> ShiftSnapshot:
        return ShiftSnapshot(
            shift_id=self._id("shift"),
            campaign_id=self.campaign_id,
            enterprise_id=self.enterprise_id,
            duty_type="leadership",
            starts_at=SHIFT_START,
            ends_at=SHIFT_START + timedelta(hours=8),
            assignees=(Assignee(staff_id=self._id("staff"), full_name="Nguyễn Thị Ánh Tuyết", qualified=True),),
            status="published",
            version=version,
        )

    def data(self, aggregate_type: str, version: int) -> tuple[EventData, uuid.UUID]:
        """The event's data at `version`, and its Kafka key."""
        e, c, v = self.enterprise_id, self.campaign_id, version
        builders: dict[str, Callable[[], tuple[EventData, uuid.UUID]]] = {
            "campaign": lambda: (
                CampaignOpened(
                    campaign_id=c,
                    lunar_year=2027,
                    name="Tết Đinh Mùi 2027",
                    starts_at=vn(1, 30),
                    ends_at=vn(2, 14),
                    version=v,
                ),
                c,
            ),
            "enterprise": lambda: (
                EnterpriseRegistered(enterprise_id=e, name=ENTERPRISE_NAME, sector="telecom", version=v),
                e,
            ),
            "site": lambda: (
                SiteRegistered(
                    site_id=self._id("site"), enterprise_id=e, name="Trạm Tân An", kind="station", version=v
                ),
                e,
            ),
            "staff": lambda: (
                StaffJoined(staff_id=self._id("staff"), enterprise_id=e, full_name="Nguyễn Thị Ánh Tuyết", version=v),
                e,
            ),
            "requirement": lambda: (
                RequirementSet(
                    requirement_id=self._id("requirement"),
                    campaign_id=c,
                    enterprise_id=e,
                    duty_type="operations",
                    window=DailyWindow(start_local="00:00", end_local="00:00"),
                    minimum=1,
                    version=v,
                ),
                e,
            ),
            "shift": lambda: (ShiftPlanned(shift=self._shift(v)), e),
            "swap": lambda: (
                SwapRequested(
                    swap_id=self._id("swap"), shift=self._shift(1), from_staff_id=self._id("staff"), version=v
                ),
                e,
            ),
            "readiness_item": lambda: (
                ReadinessItemDefined(
                    item_id=self._id("item"),
                    campaign_id=c,
                    sector="telecom",
                    title_vi="Kiểm tra máy phát điện dự phòng",
                    title_en="Check the standby generators",
                    due_at=vn(1, 25),
                    position=1,
                    version=v,
                ),
                c,
            ),
            "readiness_mark": lambda: (
                ReadinessItemCompleted(
                    item_id=self._id("item"),
                    campaign_id=c,
                    enterprise_id=e,
                    sector="telecom",
                    title_vi="Kiểm tra máy phát điện dự phòng",
                    due_at=vn(1, 25),
                    done_at=vn(1, 20),
                    version=v,
                ),
                e,
            ),
            "inspection": lambda: (
                InspectionPlanned(
                    inspection=InspectionSnapshot(
                        inspection_id=self._id("inspection"),
                        campaign_id=c,
                        enterprise_id=e,
                        enterprise_name=ENTERPRISE_NAME,
                        planned_on=date(2027, 2, 3),
                        phase="before",
                        purpose="Kiểm tra công tác trực Tết",
                        inspectors=("Trần Văn Bình",),
                        surprise=False,
                        status="planned",
                        version=v,
                    )
                ),
                e,
            ),
            "incident": lambda: (
                IncidentOpened(
                    incident=IncidentSnapshot(
                        incident_id=self._id("incident"),
                        enterprise_id=e,
                        enterprise_name=ENTERPRISE_NAME,
                        campaign_id=c,
                        detected_at=vn(2, 6, 1, 15),
                        services=("mobile",),
                        agency_links=False,
                        border=False,
                        severity="serious",
                        description="Mất sóng di động khu vực Tân An",
                        status="open",
                        version=v,
                    )
                ),
                e,
            ),
            "transaction_hours": lambda: (
                TransactionHoursPublished(
                    site_id=self._id("site"),
                    enterprise_id=e,
                    campaign_id=c,
                    site_name="Bưu cục Tân An",
                    days=(
                        DayHours(
                            day=date(2027, 2, 6), open=True, sessions=(OpeningSession(opens="07:30", closes="11:30"),)
                        ),
                    ),
                    published_at=vn(1, 20),
                    published_version=v,
                    version=v + 3,  # the draft's version: not the one tracked
                ),
                e,
            ),
            "daily_report": lambda: (
                DailyReportSubmitted(
                    report_id=uuid.uuid4(),  # each version has its own
                    campaign_id=c,
                    enterprise_id=e,
                    enterprise_name=ENTERPRISE_NAME,
                    day=date(2027, 2, 6),
                    version=v,
                    number=f"{v}/BC-VNPTLA",
                    submitted_at=vn(2, 6, 20),
                    submitted_by_name="Nguyễn Thị Ánh Tuyết",
                ),
                e,
            ),
            "account": lambda: (self._account(v), self._id("account")),
            "department": lambda: (self._department(v), DEPARTMENT_KEY),  # one profile: one fixed key
        }
        return builders[aggregate_type]()

    def _account(self, version: int) -> EventData:
        """A manager's account: created at version 1, renamed at each later one."""
        state = {
            "account_id": self._id("account"),
            "login": "tuyet.nta@vnpt-longan.vn",
            "display_name": "Nguyễn Thị Ánh Tuyết",
            "role": "manager",
            "enterprise_ids": (self.enterprise_id,),
            "active": True,
            "version": version,
            "actor": "admin@lichtruc.local",
        }
        if version == 1:
            return AccountCreated(**state)
        return AccountChanged(**state, changed=("display_name",))

    def _department(self, version: int) -> EventData:
        """The Department's profile: set at version 1, its recipients re-saved at each later one."""
        if version == 1:
            return DepartmentProfileChanged(profile=DEPARTMENT, changed=DEPARTMENT_FIELDS, version=1, actor="quantri")
        saved = DEPARTMENT.model_copy(update={"report_recipients": (*DEPARTMENT.report_recipients, f"Bản {version}")})
        return DepartmentProfileChanged(
            profile=saved, previous=DEPARTMENT, changed=("report_recipients",), version=version, actor="quantri"
        )

    def event(self, aggregate_type: str, version: int, *, minute: int = 0) -> CloudEvent:
        data, key = self.data(aggregate_type, version)
        return make_event(
            data, source=ROSTER_SOURCE, partitionkey=str(key), time=vn(1, 15, 8) + timedelta(minutes=minute)
        )

    TYPES = (
        "campaign",
        "enterprise",
        "site",
        "staff",
        "requirement",
        "shift",
        "swap",
        "readiness_item",
        "readiness_mark",
        "inspection",
        "incident",
        "transaction_hours",
        "daily_report",
        "account",
        "department",
    )
    """The types this module builds (a test compares them with audit's list)."""
