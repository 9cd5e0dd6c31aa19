"""What audit's tests build on: roster events as roster would send them (versions
counted per aggregate, snapshots carried forward), a clock the tests move, settings
pointing the app at the test session's Kafka and PostgreSQL, and a small province
(two enterprises whose roster leaves gaps) for the API tests."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from audit.settings import AuditSettings
from lichtruc.events import (
    ROSTER_SOURCE,
    Assignee,
    CampaignOpened,
    CampaignUpdated,
    CloudEvent,
    DailyWindow,
    EnterpriseRegistered,
    EventData,
    LateArrivalExplained,
    OneOffWindow,
    PeakWindow,
    PresenceConfirmed,
    RequirementRemoved,
    RequirementSet,
    ShiftCancelled,
    ShiftCheckedIn,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSnapshot,
    SiteRegistered,
    StaffJoined,
    make_event,
)
from lichtruc.events_accounts import AccountChanged, AccountCreated, AccountRecorded

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2027) -> datetime:
    """A Vietnam wall-clock time as a UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=VN).astimezone(UTC)


# Tết Đinh Mùi 2027: 23 tháng Chạp (30 Jan) to mùng 6 (11 Feb); giao thừa 23:00–01:00.
CAMPAIGN_START = vn(1, 30)
CAMPAIGN_END = vn(2, 12)
GIAO_THUA = (vn(2, 5, 23), vn(2, 6, 1))


@dataclass
class Clock:
    """The time audit believes it is (record times, and which gaps are already over)."""

    now: datetime = field(default_factory=lambda: vn(1, 20, 9))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def audit_settings(database_url: str, kafka: str, topic_prefix: str, **overrides) -> AuditSettings:
    values: dict[str, Any] = dict(
        database_url=database_url,
        kafka_bootstrap_servers=kafka,
        topic_prefix=topic_prefix,
        consumer_group=f"{topic_prefix}-audit",
        log_json=False,
        outbox_poll_seconds=0.2,
    )
    values.update(overrides)
    return AuditSettings(**values)


@dataclass
class Roster:
    """Builds the events roster would publish for one province, one change at a time."""

    at: datetime = field(default_factory=lambda: vn(1, 15, 8))
    versions: defaultdict = field(default_factory=lambda: defaultdict(int))
    shifts: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    requirements: dict = field(default_factory=dict)
    accounts: dict = field(default_factory=dict)

    def _next(self, aggregate: uuid.UUID) -> int:
        self.versions[aggregate] += 1
        return self.versions[aggregate]

    def _event(self, data: EventData, key: uuid.UUID, subject: str | None = None) -> CloudEvent:
        self.at += timedelta(minutes=1)
        return make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=self.at, subject=subject)

    # ------------------------------------------------------------- reference data

    def enterprise(
        self,
        name: str,
        sector: str = "telecom",
        *,
        enterprise_id: uuid.UUID | None = None,
        obligations_from: date | None = None,
    ) -> tuple[uuid.UUID, CloudEvent]:
        eid = enterprise_id or uuid.uuid4()
        data = EnterpriseRegistered(
            enterprise_id=eid, name=name, sector=sector, obligations_from=obligations_from, version=self._next(eid)
        )
        return eid, self._event(data, eid)

    def site(
        self,
        enterprise_id: uuid.UUID,
        name: str,
        *,
        border: bool = False,
        district: str | None = None,
        kind: str = "exchange",
    ) -> tuple[uuid.UUID, CloudEvent]:
        sid = uuid.uuid4()
        data = SiteRegistered(
            site_id=sid,
            enterprise_id=enterprise_id,
            name=name,
            kind=kind,
            district=district,
            border_area=border,
            version=self._next(sid),
        )
        return sid, self._event(data, enterprise_id)

    def staff(self, enterprise_id: uuid.UUID, full_name: str, *qualifications: str) -> tuple[uuid.UUID, CloudEvent]:
        sid = uuid.uuid4()
        self.names[sid] = full_name
        data = StaffJoined(
            staff_id=sid,
            enterprise_id=enterprise_id,
            full_name=full_name,
            qualifications=qualifications or ("operator",),
            version=self._next(sid),
        )
        return sid, self._event(data, enterprise_id)

    def campaign(
        self,
        *,
        campaign_id: uuid.UUID | None = None,
        starts_at: datetime = CAMPAIGN_START,
        ends_at: datetime = CAMPAIGN_END,
        peaks: tuple[tuple[datetime, datetime], ...] = (GIAO_THUA,),
        name: str = "Tết Đinh Mùi 2027",
        kind: Literal["tet", "drill"] = "tet",
    ) -> tuple[uuid.UUID, CloudEvent]:
        cid = campaign_id or uuid.uuid4()
        version = self._next(cid)
        model = CampaignOpened if version == 1 else CampaignUpdated
        data = model(
            campaign_id=cid,
            kind=kind,
            lunar_year=2027,
            name=name,
            starts_at=starts_at,
            ends_at=ends_at,
            peaks=tuple(PeakWindow(name="Giao thừa", starts_at=a, ends_at=b) for a, b in peaks),
            version=version,
        )
        return cid, self._event(data, cid)

    def requirement(
        self,
        campaign_id: uuid.UUID,
        enterprise_id: uuid.UUID,
        *,
        duty_type: str = "operations",
        site_id: uuid.UUID | None = None,
        minimum: int = 1,
        peak_minimum: int | None = None,
        window: tuple[datetime, datetime] | tuple[str, str] = ("00:00", "00:00"),
        requirement_id: uuid.UUID | None = None,
        applies_from: datetime | None = None,
        actor: str | None = None,
    ) -> tuple[uuid.UUID, CloudEvent]:
        rid = requirement_id or uuid.uuid4()
        w: DailyWindow | OneOffWindow
        if isinstance(window[0], str):
            w = DailyWindow(start_local=window[0], end_local=window[1])
        else:
            w = OneOffWindow(starts_at=window[0], ends_at=window[1])
        data = RequirementSet(
            requirement_id=rid,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            site_id=site_id,
            duty_type=duty_type,
            window=w,
            minimum=minimum,
            peak_minimum=peak_minimum,
            version=self._next(rid),
            applies_from=applies_from,
            actor=actor,
        )
        self.requirements[rid] = (campaign_id, enterprise_id)
        return rid, self._event(data, enterprise_id)

    def remove_requirement(self, requirement_id: uuid.UUID, *, applies_from: datetime | None = None) -> CloudEvent:
        campaign_id, enterprise_id = self.requirements[requirement_id]
        data = RequirementRemoved(
            requirement_id=requirement_id,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            version=self._next(requirement_id),
            applies_from=applies_from,
        )
        return self._event(data, enterprise_id)

    # ---------------------------------------------------------------------- shifts

    def _people(self, staff: tuple[uuid.UUID, ...], unqualified: frozenset = frozenset()) -> tuple[Assignee, ...]:
        return tuple(
            Assignee(staff_id=s, full_name=self.names.get(s, f"Người {s.hex[:4]}"), qualified=s not in unqualified)
            for s in staff
        )

    def _shift_event(self, model: type, shift_id: uuid.UUID, snapshot: ShiftSnapshot, **extra) -> CloudEvent:
        self.shifts[shift_id] = snapshot
        data = model(shift=snapshot, actor=extra.pop("actor", "manager-1"), **extra)
        return self._event(data, snapshot.enterprise_id, subject=f"shifts/{shift_id}")

    def shift(
        self,
        enterprise_id: uuid.UUID,
        starts_at: datetime,
        ends_at: datetime,
        *staff: uuid.UUID,
        site_id: uuid.UUID | None = None,
        duty_type: str = "operations",
        status: str = "published",
        campaign_id: uuid.UUID | None = None,
        unqualified: frozenset = frozenset(),
        covers_site_ids: tuple[uuid.UUID, ...] = (),
    ) -> tuple[uuid.UUID, CloudEvent]:
        """A shift planned straight into `status` (published by default); `covers_site_ids`: the
        further sites a patrol round covers."""
        shift_id = uuid.uuid4()
        snapshot = ShiftSnapshot(
            shift_id=shift_id,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            site_id=site_id,
            covers_site_ids=covers_site_ids,
            duty_type=duty_type,
            starts_at=starts_at,
            ends_at=ends_at,
            assignees=self._people(staff, unqualified),
            status=status,
            version=self._next(shift_id),
        )
        return shift_id, self._shift_event(ShiftPlanned, shift_id, snapshot)

    def _change(self, shift_id: uuid.UUID, **changes) -> ShiftSnapshot:
        return self.shifts[shift_id].model_copy(update={**changes, "version": self._next(shift_id)})

    def publish(self, shift_id: uuid.UUID) -> CloudEvent:
        return self._shift_event(ShiftPublished, shift_id, self._change(shift_id, status="published"))

    def reassign(self, shift_id: uuid.UUID, *staff: uuid.UUID, actor: str = "manager-1") -> CloudEvent:
        previous = self.shifts[shift_id].assignees
        return self._shift_event(
            ShiftReassigned,
            shift_id,
            self._change(shift_id, assignees=self._people(staff)),
            previous_assignees=previous,
            actor=actor,
        )

    def reschedule(self, shift_id: uuid.UUID, starts_at: datetime, ends_at: datetime) -> CloudEvent:
        old = self.shifts[shift_id]
        return self._shift_event(
            ShiftRescheduled,
            shift_id,
            self._change(shift_id, starts_at=starts_at, ends_at=ends_at),
            previous_starts_at=old.starts_at,
            previous_ends_at=old.ends_at,
        )

    def hand_over(
        self,
        shift_id: uuid.UUID,
        at: datetime,
        *staff: uuid.UUID,
        reason: str = "Trưởng ca bị ốm",
        absent: bool = False,
    ) -> tuple[uuid.UUID, list[CloudEvent]]:
        """The rest of a shift handed over at `at` as roster announces it (POST /shifts/{id}/handover): the new
        shift's ShiftPlanned and ShiftPublished (continuing the old one, from `at`, carrying `absent` as
        `handover_absent`), then the old one's
        ShiftRescheduled ending at `at` — or, nobody came (`absent`, or `at` its start), its ShiftCancelled naming
        the new shift."""
        old = self.shifts[shift_id]
        rest_id = uuid.uuid4()
        planned = old.model_copy(
            update={
                "shift_id": rest_id,
                "starts_at": at,
                "assignees": self._people(staff),
                "status": "draft",
                "version": self._next(rest_id),
                "continues_shift_id": shift_id,
                "handover_reason": reason,
                "handover_absent": absent,
            }
        )
        events = [self._shift_event(ShiftPlanned, rest_id, planned)]
        events.append(self._shift_event(ShiftPublished, rest_id, self._change(rest_id, status="published")))
        if absent or at == old.starts_at:  # nobody came: the old shift cancelled, the new one from `at`
            events.append(
                self._shift_event(
                    ShiftCancelled,
                    shift_id,
                    self._change(shift_id, status="cancelled"),
                    handed_over_to=rest_id,
                    reason=reason,
                )
            )
            return rest_id, events
        events.append(
            self._shift_event(
                ShiftRescheduled,
                shift_id,
                self._change(shift_id, ends_at=at),
                previous_starts_at=old.starts_at,
                previous_ends_at=old.ends_at,
                handed_over_to=rest_id,
                reason=reason,
            )
        )
        return rest_id, events

    def cancel(self, shift_id: uuid.UUID, reason: str = "Ốm") -> CloudEvent:
        return self._shift_event(ShiftCancelled, shift_id, self._change(shift_id, status="cancelled"), reason=reason)

    def check_in(
        self, shift_id: uuid.UUID, staff_id: uuid.UUID, at: datetime | None = None, late_reason: str | None = None
    ) -> CloudEvent:
        """`staff_id` checks in at `at` (default: the shift's start), a late one maybe saying why."""
        snap = self._change(shift_id, status="checked_in")
        why = {"late_reason": late_reason} if late_reason is not None else {}
        return self._shift_event(
            ShiftCheckedIn, shift_id, snap, staff_id=staff_id, checked_in_at=at or snap.starts_at, **why
        )

    def explain_late(
        self, shift_id: uuid.UUID, staff_id: uuid.UUID, *, checked_in_at: datetime, reason: str, at: datetime
    ) -> CloudEvent:
        """`staff_id`, who checked in late at `checked_in_at`, says why at `at` (roster's LateArrivalExplained)."""
        snap = self._change(shift_id)
        return self._shift_event(
            LateArrivalExplained,
            shift_id,
            snap,
            staff_id=staff_id,
            checked_in_at=checked_in_at,
            late_reason=reason,
            explained_at=at,
        )

    def confirm_presence(
        self, shift_id: uuid.UUID, staff_id: uuid.UUID, at: datetime, since: datetime | None = None
    ) -> CloudEvent:
        """A manager confirms at `at` that `staff_id` was on post from `since` (default: the shift's start) to its end."""
        snap = self._change(shift_id)
        return self._shift_event(
            PresenceConfirmed,
            shift_id,
            snap,
            staff_id=staff_id,
            present_from=since or snap.starts_at,
            present_until=snap.ends_at,
            evidence="shift_leader",
            evidence_note="Gọi điện xác nhận",
            confirmed_at=at,
        )

    # ---------------------------------------------------------------------- accounts

    def account(
        self,
        login: str,
        display_name: str,
        role: str,
        *enterprise_ids: uuid.UUID,
        actor: str | None = "Quản trị viên Sở",
        active: bool = True,
    ) -> tuple[uuid.UUID, CloudEvent]:
        """An account created, keyed by its id, as roster publishes it."""
        account_id, state = self._new_account(login, display_name, role, enterprise_ids, active=active)
        return account_id, self._event(AccountCreated(**state, actor=actor), account_id, f"accounts/{account_id}")

    def record_account(
        self, login: str, display_name: str, role: str, *enterprise_ids: uuid.UUID, version: int = 3
    ) -> CloudEvent:
        """An account made before roster published account events, recorded as it stands on roster's command line."""
        account_id, state = self._new_account(login, display_name, role, enterprise_ids, version=version)
        return self._event(AccountRecorded(**state, actor="command line"), account_id, f"accounts/{account_id}")

    def _new_account(
        self,
        login: str,
        display_name: str,
        role: str,
        enterprise_ids: tuple[uuid.UUID, ...],
        *,
        active: bool = True,
        version: int | None = None,
    ) -> tuple[uuid.UUID, dict]:
        account_id = uuid.uuid4()
        if version is None:
            version = self._next(account_id)
        else:
            self.versions[account_id] = version  # its next change publishes the next one
        state = dict(
            account_id=account_id,
            login=login,
            display_name=display_name,
            role=role,
            enterprise_ids=enterprise_ids,
            active=active,
            version=version,
        )
        self.accounts[account_id] = state
        return account_id, state

    def change_account(
        self, account_id: uuid.UUID, *, actor: str | None = "Quản trị viên Sở", password: bool = False, **changes
    ) -> CloudEvent:
        """The account changed (its new state, `changes` by field), `password`: a new password too."""
        before = self.accounts[account_id]
        state = {**before, **changes, "version": self._next(account_id)}
        self.accounts[account_id] = state
        order = ("display_name", "role", "enterprise_ids", "staff_id", "active")
        changed = tuple(f for f in order if f in changes and changes[f] != before.get(f))
        changed += ("password",) if password else ()
        data = AccountChanged(**state, changed=changed, actor=actor)
        return self._event(data, account_id, f"accounts/{account_id}")


# ----------------------------------------------------------------- a province to inspect

START, END = vn(2, 5), vn(2, 7)
PEAK = (vn(2, 5, 23), vn(2, 6, 1))


@dataclass
class Province:
    campaign: uuid.UUID
    vnpt: uuid.UUID
    post: uuid.UUID
    tan_an: uuid.UUID
    binh_hiep: uuid.UUID
    moc_hoa: uuid.UUID
    tuyet: uuid.UUID
    duc: uuid.UUID


def province_events(
    roster: Roster, *, post_name: str = "Bưu điện tỉnh Long An", site_name: str = "Bưu cục Mộc Hóa"
) -> tuple[Province, list[CloudEvent]]:
    """Two enterprises, three sites (two on the border), four requirements, shifts that
    leave gaps — open, closed, at peak, before the clock (history) and after it."""
    events = []

    def keep(pair):
        events.append(pair[1])
        return pair[0]

    campaign = keep(roster.campaign(starts_at=START, ends_at=END, peaks=(PEAK,)))
    vnpt = keep(roster.enterprise("VNPT Long An", "telecom"))
    post = keep(roster.enterprise(post_name, "postal"))
    tan_an = keep(roster.site(vnpt, "Tổng đài Tân An"))
    binh_hiep = keep(roster.site(vnpt, "Trạm Bình Hiệp", border=True, district="Mộc Hóa"))
    moc_hoa = keep(roster.site(post, site_name, border=True, district="Mộc Hóa"))
    tuyet = keep(roster.staff(vnpt, "Nguyễn Thị Ánh Tuyết"))
    duc = keep(roster.staff(vnpt, "Trần Văn Đức"))
    yen = keep(roster.staff(post, "Lê Hoàng Yến", "leader"))
    keep(roster.requirement(campaign, vnpt, site_id=tan_an, minimum=1))  # all day, every day
    keep(
        roster.requirement(
            campaign, vnpt, site_id=binh_hiep, minimum=1, peak_minimum=2, window=(vn(2, 5, 22), vn(2, 6, 6))
        )
    )
    keep(roster.requirement(campaign, post, duty_type="leadership", minimum=1, window=("08:00", "17:00")))
    keep(roster.requirement(campaign, post, site_id=moc_hoa, duty_type="patrol", minimum=1, window=("22:00", "06:00")))
    night = keep(roster.shift(vnpt, vn(2, 5, 22), vn(2, 6, 6), tuyet, site_id=binh_hiep))
    keep(roster.shift(vnpt, vn(2, 5, 6), vn(2, 5, 18), duc, site_id=tan_an))
    keep(roster.shift(vnpt, vn(2, 5, 18), vn(2, 6, 6), tuyet, site_id=tan_an))
    keep(roster.shift(post, vn(2, 5, 8), vn(2, 5, 17), yen, duty_type="leadership"))
    events.append(roster.reassign(night, duc, actor="quan-ly-vnpt"))  # closes nothing, moves a cause
    gap_filler = keep(roster.shift(vnpt, vn(2, 6, 6), vn(2, 6, 12), duc, site_id=tan_an))
    events.append(roster.cancel(gap_filler, reason="Ốm đột xuất"))  # closed a gap, then re-opened it
    return Province(campaign, vnpt, post, tan_an, binh_hiep, moc_hoa, tuyet, duc), events
