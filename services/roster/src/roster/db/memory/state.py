"""What the in-memory store holds: every table as plain Python, copied at the start of a
transaction and put back if it fails (so a refused command leaves nothing behind).

The reference records (``*_records``: campaigns, enterprises, sites, staff as their own
repositories see them) and the facts the shift rules read (``campaigns``, ``enterprises``,
``sites``, ``staff``, ``border_*``) are two views of the same rows: a record written through its
repository updates its facts too (`MemoryState.put_*`), so a test can plan a shift for a staff
member it registered; a shift-side test may also seed the facts alone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from lichtruc.events import CloudEvent

from ...domain.accounts import Account, RefreshToken
from ...domain.border import BorderSettings, BorderSite
from ...domain.campaigns import Campaign, DatedRequirement, DatedShift
from ...domain.department import EMPTY, DepartmentProfile
from ...domain.early_leave import EarlyLeave
from ...domain.hours import TetHours
from ...domain.incidents import Incident
from ...domain.inspections import Inspection
from ...domain.readiness import ReadinessItem, ReadinessMark
from ...domain.reference import Enterprise, Site, StaffMember, UpcomingShift
from ...domain.reports import DailyReport
from ...domain.requirements import RequirementVersion, StaffingRequirement
from ...domain.shifts import CampaignFacts, Shift, SiteFacts, StaffFacts
from ...domain.swaps import Swap
from ..ports import StoredKey


@dataclass
class BookingRow:
    shift_id: uuid.UUID
    staff_id: uuid.UUID
    person_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    active: bool = True
    checked_in_at: datetime | None = None


@dataclass
class MemoryState:
    enterprises: dict[uuid.UUID, tuple[str, str]] = field(default_factory=dict)  # id → (name, sector)
    campaigns: dict[uuid.UUID, CampaignFacts] = field(default_factory=dict)
    border_settings: dict[uuid.UUID, BorderSettings] = field(default_factory=dict)
    sites: dict[uuid.UUID, SiteFacts] = field(default_factory=dict)
    border_sites: set[uuid.UUID] = field(default_factory=set)
    staff: dict[uuid.UUID, tuple[StaffFacts, str | None]] = field(default_factory=dict)
    shifts: dict[uuid.UUID, Shift] = field(default_factory=dict)
    bookings: list[BookingRow] = field(default_factory=list)
    swaps: dict[uuid.UUID, Swap] = field(default_factory=dict)
    early_leaves: dict[uuid.UUID, EarlyLeave] = field(default_factory=dict)
    requirements: dict[uuid.UUID, StaffingRequirement] = field(default_factory=dict)
    requirement_versions: dict[tuple[uuid.UUID, int], RequirementVersion] = field(default_factory=dict)
    idempotency: dict[str, tuple[datetime, StoredKey]] = field(default_factory=dict)
    events: list[tuple[str, CloudEvent]] = field(default_factory=list)  # (topic, event), committed only
    campaign_records: dict[uuid.UUID, Campaign] = field(default_factory=dict)
    enterprise_records: dict[uuid.UUID, Enterprise] = field(default_factory=dict)
    site_records: dict[uuid.UUID, Site] = field(default_factory=dict)
    staff_records: dict[uuid.UUID, StaffMember] = field(default_factory=dict)
    accounts: dict[uuid.UUID, Account] = field(default_factory=dict)
    sign_ins: dict[uuid.UUID, RefreshToken] = field(default_factory=dict)
    readiness_items: dict[uuid.UUID, ReadinessItem] = field(default_factory=dict)
    readiness_marks: dict[tuple[uuid.UUID, uuid.UUID], ReadinessMark] = field(default_factory=dict)
    # What a campaign's and a staff member's checks read of the shift side, in the records'
    # own shapes (a test fills them).
    dated_shifts: dict[uuid.UUID, list[DatedShift]] = field(default_factory=dict)  # by campaign
    dated_requirements: dict[uuid.UUID, list[DatedRequirement]] = field(default_factory=dict)  # by campaign
    upcoming_shifts: dict[uuid.UUID, list[UpcomingShift]] = field(default_factory=dict)  # by staff record
    tet_hours: dict[tuple[uuid.UUID, uuid.UUID], TetHours] = field(default_factory=dict)  # (site, campaign)
    inspections: dict[uuid.UUID, Inspection] = field(default_factory=dict)
    daily_reports: dict[uuid.UUID, DailyReport] = field(default_factory=dict)
    incidents: dict[uuid.UUID, Incident] = field(default_factory=dict)
    rewarn_queue: dict[uuid.UUID, None] = field(default_factory=dict)  # shift ids, in the order queued
    department: DepartmentProfile = EMPTY

    def person_of(self, staff_id: uuid.UUID) -> uuid.UUID:
        facts = self.staff[staff_id][0]
        return facts.person_id or facts.id

    def border_site(self, site_id: uuid.UUID) -> BorderSite:
        site = self.sites[site_id]
        return BorderSite(site.id, site.enterprise_id, self.enterprises[site.enterprise_id][1], True)

    def enterprise_name(self, enterprise_id: uuid.UUID) -> str:
        found = self.enterprises.get(enterprise_id)
        return "" if found is None else found[0]

    def staff_name(self, staff_id: uuid.UUID) -> str:
        found = self.staff.get(staff_id)
        return "" if found is None else found[0].full_name

    def put_campaign(self, campaign: Campaign) -> None:
        self.campaign_records[campaign.id] = campaign
        self.campaigns[campaign.id] = CampaignFacts(
            campaign.id, campaign.name, campaign.starts_at, campaign.ends_at, campaign.peaks
        )
        self.border_settings[campaign.id] = BorderSettings(
            campaign.id, campaign.border_duty_types, campaign.border_sectors, campaign.kind
        )

    def put_enterprise(self, enterprise: Enterprise) -> None:
        self.enterprise_records[enterprise.id] = enterprise
        self.enterprises[enterprise.id] = (enterprise.name, enterprise.sector)
        for member in self.staff_records.values():  # the staff facts carry their enterprise's name
            if member.enterprise_id == enterprise.id:
                self.put_staff(member)

    def put_site(self, site: Site) -> None:
        self.site_records[site.id] = site
        self.sites[site.id] = SiteFacts(site.id, site.enterprise_id, site.name)
        if site.border_area:
            self.border_sites.add(site.id)
        else:
            self.border_sites.discard(site.id)

    def put_staff(self, member: StaffMember) -> None:
        self.staff_records[member.id] = member
        facts = StaffFacts(
            member.id,
            member.enterprise_id,
            member.full_name,
            frozenset(member.qualifications),
            member.active,
            self.enterprise_name(member.enterprise_id),
            member.person_id,
        )
        self.staff[member.id] = (facts, member.email)
