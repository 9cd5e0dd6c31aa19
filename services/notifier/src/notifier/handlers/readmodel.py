"""Applying roster facts to notifier's read model: shifts and their feed entries, and the
reference data (enterprises, sites, staff) that feeds and messages show.

Every function runs inside the caller's unit of work (the one that records the event in
the inbox) and tolerates stale versions: an older version arriving late changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from lichtruc.events import (
    CloudEvent,
    EnterpriseRegistered,
    EventData,
    ShiftCancelled,
    ShiftPlanned,
    ShiftPublished,
    ShiftRescheduled,
    ShiftSnapshot,
    SiteRegistered,
    StaffJoined,
    read_data,
)
from lichtruc.events_accounts import AccountEvent
from lichtruc.events_department import DepartmentProfileChanged

from ..db.uow import UnitOfWork
from ..domain.entries import (
    REFERENCE_SCOPE,
    Handover,
    changed_scopes,
    drill_change_is_visible,
    leader_spans,
    on_duty_scope,
    person_scope,
    reconcile_entries,
    reference_change_is_visible,
    relieved_handover,
    taker_handover,
    takers_named,
)
from ..domain.model import DepartmentName, EnterpriseRecord, KnownShift, ManagerAccount, Person, SiteRecord


async def upsert_shift(uow: UnitOfWork, *, event: CloudEvent, shift: ShiftSnapshot) -> bool:
    """Store the snapshot if it is newer than what we have; True if it was (the row is then locked)."""
    return await uow.shifts.upsert(
        KnownShift(
            shift_id=shift.shift_id,
            enterprise_id=shift.enterprise_id,
            version=shift.version,
            status=shift.status,
            data=shift.model_dump(mode="json"),
            last_event_id=event.id,
            changed_at=event.time,
        )
    )


async def handover_of(uow: UnitOfWork, data: EventData) -> Handover | None:
    """The handover a shift event is, if it is one's, as the shift's entries say it: the taking shift published
    (ShiftPlanned/ShiftPublished continuing another: the relieved people are on that one, stored here), the
    relieved one ended or cancelled (ShiftRescheduled/ShiftCancelled handed over: the people taking over are on
    the other, and the reason only on this event). One read of the other shift, for these events alone."""
    if isinstance(data, ShiftPlanned | ShiftPublished) and data.shift.continues_shift_id is not None:
        return taker_handover(data.shift, await _stored(uow, data.shift.continues_shift_id))
    if isinstance(data, ShiftRescheduled | ShiftCancelled) and data.handed_over_to is not None:
        rest = await _stored(uow, data.handed_over_to)
        return relieved_handover(data.shift, rest, whole=isinstance(data, ShiftCancelled), reason=data.reason)
    return None


async def _stored(uow: UnitOfWork, shift_id: uuid.UUID) -> ShiftSnapshot | None:
    known = await uow.shifts.get(shift_id)
    return read_data(ShiftSnapshot, known.data) if known is not None else None


async def sync_entries(
    uow: UnitOfWork,
    *,
    shift: ShiftSnapshot,
    changed_at: datetime,
    retention: timedelta,
    reason: str | None = None,
    handover: Handover | None = None,
) -> set[str]:
    """Bring the shift's feed entries in line with the snapshot (``handover``: the one the event is, `handover_of`;
    else the entries keep the one they say); returns the feed scopes it changed
    (for the caller to bump last: the scope rows are hot, their locks are best held briefly)."""
    existing = await uow.shifts.entries(shift.shift_id)
    changes = reconcile_entries(
        shift, existing, changed_at=changed_at, retention=retention, reason=reason, handover=handover
    )
    if not changes:
        return set()
    await uow.shifts.put_entries(changes)
    for enterprise_id, starts_at, ends_at in leader_spans(changes, existing):
        # a duty leader changed: the other events of the enterprise then say another leader, one more SEQUENCE each
        await uow.shifts.touch_entries(
            enterprise_id=enterprise_id,
            during=(starts_at, ends_at),
            but_shift=shift.shift_id,
            changed_at=changed_at,
            now=changed_at,
        )
    return changed_scopes(changes, existing)


async def name_takers(uow: UnitOfWork, *, data: EventData, changed_at: datetime) -> set[str]:
    """A shift that continues another (ShiftPlanned/ShiftPublished, `continues_shift_id`): the relieved shift's
    entries that say its handover without the people taking over — its event was applied first, out of order —
    name them now (`takers_named`; J1); returns the feed scopes it changed. Nothing for any other event."""
    if not isinstance(data, ShiftPlanned | ShiftPublished) or data.shift.continues_shift_id is None:
        return set()
    relieved = await uow.shifts.entries(data.shift.continues_shift_id)
    changes = takers_named(relieved, data.shift, changed_at=changed_at)
    if not changes:
        return set()
    await uow.shifts.put_entries(changes)
    return changed_scopes(changes, relieved)


async def apply_enterprise(uow: UnitOfWork, *, event: CloudEvent, data: EnterpriseRegistered, now: datetime) -> bool:
    """Upsert an enterprise (EnterpriseRegistered or a later full-state update); True if applied.
    The enterprise is held (`hold_enterprises`) until the unit of work ends: its gaps' alerts follow."""
    await uow.reference.hold_enterprises([data.enterprise_id])
    old = await uow.reference.enterprise(data.enterprise_id, lock=True)
    if old is not None and old.version >= data.version:
        return False
    await uow.reference.put_enterprise(
        EnterpriseRecord(
            enterprise_id=data.enterprise_id,
            name=data.name,
            sector=data.sector,
            manager_phone=data.manager_phone,
            manager_emails=tuple(data.manager_emails),
            version=data.version,
            obligations_from=data.obligations_from,
        ),
        now=now,
    )
    before = None if old is None else (old.name, old.manager_phone)
    if reference_change_is_visible(before, (data.name, data.manager_phone)):
        await uow.shifts.touch_entries(enterprise_id=data.enterprise_id, changed_at=event.time, now=now)
        await uow.shifts.bump_scopes([REFERENCE_SCOPE])
    return True


async def apply_site(uow: UnitOfWork, *, event: CloudEvent, data: SiteRegistered, now: datetime) -> bool:
    old = await uow.reference.site(data.site_id, lock=True)
    if old is not None and old.version >= data.version:
        return False
    await uow.reference.put_site(
        SiteRecord(
            site_id=data.site_id,
            enterprise_id=data.enterprise_id,
            name=data.name,
            kind=data.kind,
            district=data.district,
            border_area=data.border_area,
            version=data.version,
        ),
        now=now,
    )
    if reference_change_is_visible(None if old is None else (old.name,), (data.name,)):
        await uow.shifts.touch_entries(site_id=data.site_id, changed_at=event.time, now=now)
        await uow.shifts.bump_scopes([REFERENCE_SCOPE])
    return True


async def show_campaign_kind(
    uow: UnitOfWork, *, campaign_id: uuid.UUID, before: str | None, kind: str, changed_at: datetime, now: datetime
) -> None:
    """A campaign's kind now stored (``before``: as stored until now, None if it was not known): if that
    makes its shifts a drill's or no longer one, every entry of them still shown changes (marked, or not)."""
    if drill_change_is_visible(before, kind) and await uow.shifts.touch_entries(
        campaign_id=campaign_id, changed_at=changed_at, now=now
    ):
        await uow.shifts.bump_scopes([REFERENCE_SCOPE])


async def apply_staff(uow: UnitOfWork, *, data: StaffJoined, now: datetime, changed_at: datetime | None = None) -> bool:
    """Upsert a person (StaffJoined/StaffUpdated carry the whole state); True if applied. A duty leader's name or
    phone changed (`changed_at`: the event's time) changes the "Trực lãnh đạo" line of every event they lead during:
    one more SEQUENCE each, as a change of leader does (`leader_spans`; RFC 5545 3.8.7.4)."""
    old = await uow.reference.person(data.staff_id)
    applied = await uow.reference.put_person(
        Person(
            staff_id=data.staff_id,
            enterprise_id=data.enterprise_id,
            full_name=data.full_name,
            email=data.email,
            phone=data.phone,
            language=data.language,
            active=data.active,
            version=data.version,
        ),
        now=now,
    )
    if applied:  # the feed's title and language follow the person; their enterprise's feeds name who is on duty
        await uow.shifts.bump_scopes([person_scope(data.staff_id), on_duty_scope(data.enterprise_id)])
        if old is not None and (old.full_name, old.phone) != (data.full_name, data.phone):
            await touch_led(
                uow, staff_id=data.staff_id, enterprise_id=data.enterprise_id, changed_at=changed_at or now, now=now
            )
    return applied


async def touch_led(
    uow: UnitOfWork, *, staff_id: uuid.UUID, enterprise_id: uuid.UUID, changed_at: datetime, now: datetime
) -> None:
    """The person's name or phone, as the events say their duty leader, changed: each live event of the enterprise
    overlapping one of their leadership shifts — not that shift's own, whose reader is the leader — one more SEQUENCE
    (V3: an edit of a leader's name or phone moved the feed's ETag and body but no event's SEQUENCE)."""
    for led in await uow.shifts.leaders_of_enterprise(enterprise_id):
        if led.staff_id != staff_id:
            continue
        await uow.shifts.touch_entries(
            enterprise_id=enterprise_id,
            during=(led.starts_at, led.ends_at),
            but_shift=led.shift_id,
            changed_at=changed_at,
            now=now,
        )


async def apply_account(uow: UnitOfWork, *, data: AccountEvent, now: datetime) -> bool:
    """Store an account's state (each account event carries the whole of it); True if it was newer. Its sign-in
    address is a manager's, told of inspections, gap alerts, deadline notices and answers to explanations, while it
    is an active manager account; an inspector's, told of explanations given, while it is an active inspector account;
    its staff record can sign in to the portal while it is active (`has_account`)."""
    account = ManagerAccount(
        account_id=data.account_id,
        login=data.login,
        role=data.role,
        enterprise_ids=tuple(data.enterprise_ids),
        active=data.active,
        version=data.version,
        staff_id=data.staff_id,
    )
    return await uow.reference.put_account(account, now=now)


async def apply_department(uow: UnitOfWork, *, data: DepartmentProfileChanged, now: datetime) -> bool:
    """Store the Department's name as its profile was saved; True if this save is newer than the stored one."""
    return await uow.reference.put_department(DepartmentName(data.profile.department, data.version), now=now)
