"""Roster's events applied to the read model and the reminders, over the in-memory repositories."""

from __future__ import annotations

import functools
import operator
import uuid
from datetime import timedelta

import icalendar
from notifier_testkit import GIAO_THUA, TUYET, Enterprise, Person, campaign_opened

from notifier.domain.entries import REFERENCE_SCOPE, enterprise_scope, entry_key, person_scope
from notifier.handlers.reminders import dispatch_due_reminders, new_ids

from .conftest import make_world


async def test_a_published_shift_puts_entries_in_feeds_and_plans_reminders(world) -> None:
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn",))
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    shift = vnpt.shift([tuyet, binh], start=GIAO_THUA)
    planned = shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), planned, shift.published())

    state = world.state
    assert state.shifts[shift.shift_id].status == "published"
    keys = {
        entry_key(shift.shift_id, None),
        entry_key(shift.shift_id, tuyet.staff_id),
        entry_key(shift.shift_id, binh.staff_id),
    }
    assert set(state.entries) == keys
    assert {e.status for e in state.entries.values()} == {"confirmed"}
    # The default offsets (a day and an hour before), for each person on the shift.
    assert sorted((r.staff_id, r.offset_minutes, r.due_at) for r in state.reminders.values()) == sorted(
        (p.staff_id, minutes, GIAO_THUA - timedelta(minutes=minutes)) for p in (tuyet, binh) for minutes in (1440, 60)
    )
    assert {r.status for r in state.reminders.values()} == {"scheduled"}
    # Feeds showing the shift were told it changed.
    assert state.scopes[enterprise_scope(vnpt.enterprise_id)] >= 1
    assert state.scopes[person_scope(tuyet.staff_id)] >= 1


def test_new_reminder_ids_are_distinct_random_version_4_uuids() -> None:
    ids = new_ids(500) + new_ids(500)
    assert len(set(ids)) == 1000
    assert {(i.version, i.variant) for i in ids} == {(4, uuid.RFC_4122)}
    # the bits outside version and variant vary (each of the 122 is set in some id and clear in another)
    random_bits = ((1 << 128) - 1) ^ (0xF << 76) ^ (0x3 << 62)
    assert all(i.int & random_bits for i in ids)
    assert functools.reduce(operator.or_, (i.int for i in ids)) & random_bits == random_bits
    assert functools.reduce(operator.and_, (i.int for i in ids)) & random_bits == 0
    assert new_ids(0) == []


async def test_a_redelivered_or_older_event_changes_nothing(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    published = shift.published()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), published)
    before = (dict(world.state.entries), dict(world.state.reminders), dict(world.state.scopes))

    await world.apply(published)  # the same event again (at-least-once delivery)
    stale = shift.enterprise.event(type(published.decoded())(shift=published.decoded().shift))  # same version, new id
    await world.apply(stale)

    assert (dict(world.state.entries), dict(world.state.reminders), dict(world.state.scopes)) == before


async def test_rescheduling_moves_reminders_and_reassigning_hands_the_shift_over(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet, binh = Person.new(TUYET), Person.new("Trần Văn Bình")
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(binh), shift.published())

    later = GIAO_THUA + timedelta(hours=2)
    await world.apply(shift.rescheduled(later))
    mine = [r for r in world.state.reminders.values() if r.staff_id == tuyet.staff_id]
    assert sorted(r.due_at for r in mine) == [later - timedelta(minutes=1440), later - timedelta(minutes=60)]
    assert all(r.shift_starts_at == later and r.status == "scheduled" for r in mine)

    await world.apply(shift.reassigned([binh]))
    gone = world.state.entries[entry_key(shift.shift_id, tuyet.staff_id)]
    assert (gone.status, gone.handed_to) == ("cancelled", ("Trần Văn Bình",))
    assert {r.status for r in world.state.reminders.values() if r.staff_id == tuyet.staff_id} == {"withdrawn"}
    assert {r.status for r in world.state.reminders.values() if r.staff_id == binh.staff_id} == {"scheduled"}


async def test_a_renamed_enterprise_is_a_visible_change_of_every_entry(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET)
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())
    sequences = {k: e.sequence for k, e in world.state.entries.items()}
    reference = world.state.scopes.get(REFERENCE_SCOPE, 0)

    await world.apply(vnpt.registered(name="VNPT tỉnh Long An"))

    assert {k: e.sequence for k, e in world.state.entries.items()} == {k: s + 1 for k, s in sequences.items()}
    assert world.state.scopes[REFERENCE_SCOPE] == reference + 1


async def test_due_reminders_become_deliveries_once(world) -> None:
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET, email="tuyet@vnpt-longan.vn")
    gone = Person.new("Lê Thị Hoa")
    shift = vnpt.shift([tuyet, gone], start=GIAO_THUA)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), vnpt.staff(gone), shift.published())
    await world.apply(vnpt.staff(gone, version=2, active=False))

    world.clock.now = GIAO_THUA - timedelta(minutes=59)  # both reminders of each person are due: only the later goes
    assert await dispatch_due_reminders(world.ctx, world.clock()) == 4
    assert await dispatch_due_reminders(world.ctx, world.clock()) == 0

    statuses = sorted(
        (r.staff_id == tuyet.staff_id, r.offset_minutes, r.status) for r in world.state.reminders.values()
    )
    assert statuses == [
        (False, 60, "skipped"),
        (False, 1440, "skipped"),
        (True, 60, "dispatched"),
        (True, 1440, "skipped"),
    ]
    (delivery,) = [d for d in world.state.deliveries.values() if d.kind != "shift_published"]
    assert (delivery.kind, delivery.channel, delivery.recipient, delivery.status) == (
        "reminder",
        "email",
        "tuyet@vnpt-longan.vn",
        "pending",
    )
    assert delivery.attachment is not None and "BEGIN:VEVENT" in delivery.attachment
    [event] = icalendar.Calendar.from_ical(delivery.attachment).events  # her calendar reminds as her feed does
    assert [a.decoded("TRIGGER") for a in event.walk("VALARM")] == [timedelta(days=-1), timedelta(hours=-1)]
    assert TUYET in (delivery.body or "")


async def test_a_reminder_sent_late_says_the_time_left_and_its_calendar_file_keeps_her_alarms() -> None:
    """QZ13: a shift published at 09:00 for 09:30: its hour-before reminder (due 08:30) goes at once, and said
    "Nhắc trước 1 giờ". It says the half hour left; the .ics still carries her alarms (1 day and 1 hour before).
    With the publication notice off: on, the notice says it instead (QZ26 #2, test_published_shift_notices.py)."""
    world = make_world(published_notice=False)
    vnpt = Enterprise(world.clock)
    tuyet = Person.new(TUYET, email="tuyet@vnpt-longan.vn")
    shift = vnpt.shift([tuyet], start=GIAO_THUA)
    shift.planned()
    world.clock.now = GIAO_THUA - timedelta(minutes=30)
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())
    assert await dispatch_due_reminders(world.ctx, world.clock()) == 2  # the day-before one is skipped
    (delivery,) = [d for d in world.state.deliveries.values() if d.kind != "shift_published"]
    assert delivery.subject.startswith("Ca trực bắt đầu sau 30 phút: Trực lãnh đạo — VNPT Long An"), delivery.subject
    assert f"Chào {TUYET},\n\nCa trực của anh/chị bắt đầu sau 30 phút:\n" in (delivery.body or "")
    [event] = icalendar.Calendar.from_ical(delivery.attachment or "").events
    assert [a.decoded("TRIGGER") for a in event.walk("VALARM")] == [timedelta(days=-1), timedelta(hours=-1)]


async def test_a_drill_learned_after_its_shifts_marks_their_entries_reminders_and_gaps(world) -> None:
    """The in-memory twin reads a drill as PostgreSQL does (tests/notifier/test_drill_views.py): a campaign
    not known yet is no drill; once it is known as one, its shifts' entries change once, and a reminder or
    a gap alert made from then on is marked."""
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn",))
    tuyet = Person.new(TUYET, email="tuyet@vnpt-longan.vn")
    drill_id = uuid.uuid4()
    start = GIAO_THUA - timedelta(days=2)
    shift = vnpt.shift([tuyet], start=start, hours=4, campaign_id=drill_id)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(tuyet), shift.published())
    key = entry_key(shift.shift_id, tuyet.staff_id)
    assert world.state.entries[key].campaign_id == drill_id
    async with world.ctx.uow() as uow:
        named = await uow.shifts.named_entry(key)
    assert named is not None and not named.drill
    reference = world.state.scopes.get(REFERENCE_SCOPE, 0)

    opened = campaign_opened(world.clock, campaign_id=drill_id, starts_at=start, ends_at=start + timedelta(hours=4))
    await world.apply(opened)
    assert world.state.entries[key].sequence == 1 and world.state.scopes[REFERENCE_SCOPE] == reference + 1
    await world.apply(opened)  # repeated: nothing more
    assert world.state.entries[key].sequence == 1

    world.clock.now = start - timedelta(minutes=60)
    assert await dispatch_due_reminders(world.ctx, world.clock()) == 1  # the day-before: told by the publication
    [reminder] = [d for d in world.state.deliveries.values() if d.kind == "reminder"]
    assert reminder.subject.startswith("[Diễn tập] Nhắc trước 1 giờ: Trực lãnh đạo — VNPT Long An")
    assert "Ca trực dưới đây thuộc buổi diễn tập, không phải lịch trực Tết." in (reminder.body or "")
    assert "SUMMARY:[Diễn tập] Trực lãnh đạo" in (reminder.attachment or "")

    gap = vnpt.gap_opened(start=start, campaign_id=drill_id)
    await world.apply(gap)
    [alert] = [d for d in world.state.deliveries.values() if d.kind == "gap_opened"]
    assert alert.subject.startswith("[Diễn tập] Cảnh báo thiếu người trực:")
    tet_gap = vnpt.gap_opened(start=start + timedelta(hours=4), campaign_id=uuid.uuid4())
    await world.apply(tet_gap)  # of a campaign not known here: no drill's
    [tet_alert] = [d for d in world.state.deliveries.values() if d.gap_id == uuid.UUID(tet_gap.data["gap_id"])]
    assert tet_alert.subject.startswith("Cảnh báo thiếu người trực:")


async def test_a_shift_handed_over_ends_in_the_relieved_feed_and_both_are_told(world) -> None:
    """Roster's handover (POST /shifts/{id}/handover, QA 2026-12-06): the new shift's ShiftPlanned and ShiftPublished,
    starting at the moment (now rounded up to 5 minutes), then the old one's ShiftRescheduled ending then. The ill
    leader's feed shows his shift ending at the moment, with nothing to be reminded of; the replacement is told as of
    any new published shift was (QZ10 #2): by the handover notice instead of the routine reminder, and the leader is
    told he is relieved."""
    from lichtruc.events import ShiftPlanned, ShiftPublished, ShiftRescheduled

    vnpt = Enterprise(world.clock)
    lanh = Person.new("Trần Văn Lãnh", email="lanh@vnpt-longan.vn")
    cuong = Person.new("Phạm Văn Cường", email="cuong@vnpt-longan.vn")
    start = GIAO_THUA - timedelta(hours=15)  # 08:00 on 29 tháng Chạp
    shift = vnpt.shift([lanh], start=start, hours=16)
    shift.planned()
    await world.apply(vnpt.registered(), vnpt.staff(lanh), vnpt.staff(cuong), shift.published())
    world.clock.now = start + timedelta(minutes=3)
    await world.apply(shift.checked_in(lanh))

    world.clock.now = start + timedelta(hours=12, minutes=52)  # 20:52: he falls ill
    moment = start + timedelta(hours=12, minutes=55)
    rest = shift.snapshot.model_copy(
        update={
            "shift_id": uuid.uuid4(),
            "starts_at": moment,
            "assignees": (cuong.assignee(),),
            "status": "draft",
            "version": 1,
            "continues_shift_id": shift.shift_id,
            "handover_reason": "Trưởng ca bị ốm",
        }
    )
    published = rest.model_copy(update={"status": "published", "version": 2})
    old = shift.snapshot
    ended = shift._next(ends_at=moment)
    await world.apply(
        vnpt.event(ShiftPlanned(shift=rest)),
        vnpt.event(ShiftPublished(shift=published)),
        vnpt.event(
            ShiftRescheduled(
                shift=ended,
                previous_starts_at=old.starts_at,
                previous_ends_at=old.ends_at,
                handed_over_to=rest.shift_id,
                reason="Trưởng ca bị ốm",
            )
        ),
    )
    mine = world.state.entries[entry_key(shift.shift_id, lanh.staff_id)]
    assert (mine.status, mine.starts_at, mine.ends_at) == ("confirmed", start, moment)
    taking = world.state.entries[entry_key(rest.shift_id, cuong.staff_id)]
    assert (taking.status, taking.starts_at, taking.ends_at) == ("confirmed", moment, old.ends_at)
    assert not [r for r in world.state.reminders.values() if r.staff_id == lanh.staff_id and r.status == "scheduled"]

    assert not [r for r in world.state.reminders.values() if r.staff_id == cuong.staff_id]  # the notice says it

    await dispatch_due_reminders(world.ctx, world.clock())
    [delivery] = [d for d in world.state.deliveries.values() if d.recipient == "cuong@vnpt-longan.vn"]
    assert (delivery.kind, delivery.channel) == ("handover_taker", "email")  # not the routine reminder (QZ10 #2)
    assert "Phạm Văn Cường" in (delivery.body or "") and "thay cho Trần Văn Lãnh" in (delivery.body or "")
    [relieved] = [
        d
        for d in world.state.deliveries.values()
        if d.recipient == "lanh@vnpt-longan.vn" and d.kind != "shift_published"
    ]
    assert relieved.kind == "handover_off" and "Phạm Văn Cường nhận phần còn lại" in (relieved.body or "")
