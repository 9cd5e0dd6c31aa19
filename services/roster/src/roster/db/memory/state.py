"""What the in-memory store holds: every table as plain Python, copied at the start of a
transaction and put back if it fails (so a refused command leaves nothing behind)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from lichtruc.events import CloudEvent

from ...domain.border import BorderSettings, BorderSite
from ...domain.requirements import StaffingRequirement
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
    requirements: dict[uuid.UUID, StaffingRequirement] = field(default_factory=dict)
    idempotency: dict[str, tuple[datetime, StoredKey]] = field(default_factory=dict)
    events: list[tuple[str, CloudEvent]] = field(default_factory=list)  # (topic, event), committed only

    def person_of(self, staff_id: uuid.UUID) -> uuid.UUID:
        facts = self.staff[staff_id][0]
        return facts.person_id or facts.id

    def border_site(self, site_id: uuid.UUID) -> BorderSite:
        site = self.sites[site_id]
        return BorderSite(site.id, site.enterprise_id, self.enterprises[site.enterprise_id][1], True)
