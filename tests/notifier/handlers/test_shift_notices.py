"""Who is told what, once, when the people on a shift change (QA round 9, #3), through the service layer over the
in-memory repositories: a reassignment tells the person put on and the person taken off (not the one who stays),
an approved swap both of its people, a swap request the enterprise's managers and the colleague it names, a
rejection the person who asked; each in their language, on their channels, after their quiet hours; a draft or a
shift already over tells nobody; a repeated event (or another envelope of the same change) adds nothing."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from notifier_testkit import GIAO_THUA, PORTAL, Enterprise, Person, account, roster_event

from lichtruc.events import (
    ShiftCancelled,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSwapped,
    SwapAnswered,
    SwapLapsed,
    SwapRejected,
    SwapRequested,
    SwapWithdrawn,
)
from notifier.domain.model import Delivery
from notifier.handlers import notices
from notifier.handlers.deliveries import claim_next
from notifier.handlers.preferences import PreferencesIn, put_preferences
from notifier.handlers.reminders import dispatch_due_reminders

from .conftest import THREE_READERS, World, make_world, post_office

ANH, BAO, HOA = "Phạm Thị Ngọc Ánh", "Đặng Quốc Bảo", "Lê Văn Hòa"
MANAGER = "Trần Văn Tâm"
LOGIN = "manager-vnpt"  # the account's login, the events' `actor`: never in a mail (QA round 10, #15)


def changed(world: World) -> list[Delivery]:
    """Every delivery but the notices of a shift published (test_published_shift_notices.py tells of those): the
    shifts below are published before they change."""
    return [d for d in world.state.deliveries.values() if d.kind != "shift_published"]


def told(world: World) -> list[tuple[str, str | None, str]]:
    """(kind, the name beside the address, language) of every delivery of a change (`changed`), in a stable order."""
    return sorted((d.kind, d.recipient_name, d.language) for d in changed(world))


def alarms(delivery: Delivery) -> list[timedelta]:
    """The alarms of a mail's .ics (Z20: the feed reminded by itself, the mailed invitation did not)."""
    [event] = icalendar.Calendar.from_ical(delivery.attachment or "").events
    return [a.decoded("TRIGGER") for a in event.walk("VALARM")]


def of_kind(world: World, kind: str) -> list[Delivery]:
    return [d for d in world.state.deliveries.values() if d.kind == kind]


async def test_a_reassignment_tells_who_is_put_on_and_who_is_taken_off_once(world) -> None:
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn",))
    anh, bao, hoa = Person.new(ANH), Person.new(BAO), Person.new(HOA)
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao, language="en"), vnpt.staff(hoa))
    draft = vnpt.shift([anh, hoa], start=GIAO_THUA, duty_type="operations")
    await world.apply(draft.planned())
    await world.apply(vnpt.event(ShiftReassigned(shift=draft._next(), previous_assignees=(anh.assignee(),))))
    assert changed(world) == []  # a draft told nobody

    shift = vnpt.shift([anh, hoa], start=GIAO_THUA, duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    before = shift.snapshot.assignees
    reassigned = vnpt.event(
        ShiftReassigned(
            shift=shift._next(assignees=(bao.assignee(), hoa.assignee())),
            previous_assignees=before,
            actor=LOGIN,
            actor_name=MANAGER,
        )
    )
    await world.apply(reassigned, reassigned)
    again = vnpt.event(
        ShiftReassigned(shift=shift.snapshot, previous_assignees=before, actor=LOGIN, actor_name=MANAGER)
    )
    await world.apply(again)  # another envelope of the same change

    assert told(world) == [("shift_put_on", BAO, "en"), ("shift_taken_off", ANH, "vi")]  # Hòa stays: not told
    [on] = of_kind(world, "shift_put_on")
    assert on.subject.startswith("You are on a shift: ") and on.staff_id == bao.staff_id
    assert f"in place of {ANH} (by {MANAGER})." in (on.body or "")
    assert on.attachment is not None and "STATUS:CONFIRMED" in on.attachment
    assert alarms(on) == [timedelta(days=-1), timedelta(hours=-1)]  # the service's offsets, as his feed reminds
    [off] = of_kind(world, "shift_taken_off")
    assert off.subject.startswith("Anh/chị không còn trực ca: ")
    assert f"ca đã được giao cho {BAO} (người thay đổi: {MANAGER})." in (off.body or "")
    assert off.attachment is not None and "STATUS:CANCELLED" in off.attachment  # removes it from her calendar
    assert alarms(off) == []  # and reminds of nothing

    world.clock.now = shift.snapshot.ends_at + timedelta(minutes=1)  # a correction of a shift already over
    before = shift.snapshot.assignees
    late = ShiftReassigned(shift=shift._next(assignees=(hoa.assignee(),)), previous_assignees=before, actor=MANAGER)
    await world.apply(vnpt.event(late))
    assert len(changed(world)) == 2


async def test_a_published_shift_moved_tells_each_person_on_it_its_old_and_new_times_once() -> None:
    """QZ23 #2: a published night shift moved by a day told nobody, and she could have come on the wrong night. Each
    person on it is told its times before and now (lunar days, an end at midnight 24:00), by whom, with the link to
    it and the .ics that moves it; a draft moved tells nobody; the same move delivered again, nothing twice."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    anh, bao = Person.new(ANH), Person.new(BAO)
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao, language="en"))
    draft = vnpt.shift([anh, bao], start=GIAO_THUA + timedelta(days=4), hours=12, duty_type="operations")
    await world.apply(draft.planned())
    await world.apply(draft.rescheduled(GIAO_THUA + timedelta(days=5), hours=12))
    assert changed(world) == []  # a draft told nobody

    night = GIAO_THUA + timedelta(days=4, hours=-4)  # 18:00 09/02 (Mùng 4 tháng Giêng) → 06:00 10/02
    shift = vnpt.shift([anh, bao], start=night, hours=12, duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    before = shift.snapshot
    moved = vnpt.event(
        ShiftRescheduled(
            shift=shift._next(starts_at=night + timedelta(days=1), ends_at=night + timedelta(days=1, hours=12)),
            previous_starts_at=before.starts_at,
            previous_ends_at=before.ends_at,
            actor=LOGIN,
            actor_name=MANAGER,
        )
    )
    await world.apply(moved, moved)
    await world.apply(vnpt.event(ShiftRescheduled.model_validate(moved.data)))  # another envelope of the same move
    async with world.ctx.uow() as uow:  # and told of it again, as the batch might: its deliveries' keys are taken
        assert not await notices.tell_shift_moved(uow, ctx=world.ctx, data=ShiftRescheduled.model_validate(moved.data))

    assert told(world) == [("shift_moved", ANH, "vi"), ("shift_moved", BAO, "en")]
    by_person = {d.staff_id: d for d in of_kind(world, "shift_moved")}
    hers, his = by_person[anh.staff_id], by_person[bao.staff_id]
    assert hers.subject.startswith("Ca trực của anh/chị đã đổi giờ: ")
    assert (
        "Ca trực dưới đây của anh/chị đã được đổi giờ: trước là 18:00 09/02/2027 (Mùng 4 tháng Giêng) – "
        "06:00 10/02/2027 (Mùng 5 tháng Giêng), nay là 18:00 10/02/2027 (Mùng 5 tháng Giêng) – "
        f"06:00 11/02/2027 (Mùng 6 tháng Giêng) (người đổi giờ: {MANAGER})." in (hers.body or "")
    ), hers.body
    assert his.subject.startswith("Your shift was moved: ")
    assert (
        "The shift below has been moved: it was 18:00 9 Feb 2027 (4th day of the 1st lunar month) – "
        "06:00 10 Feb 2027 (5th day of the 1st lunar month), it is now 18:00 10 Feb 2027 (5th day of the 1st "
        f"lunar month) – 06:00 11 Feb 2027 (6th day of the 1st lunar month) (moved by {MANAGER})." in (his.body or "")
    ), his.body
    assert LOGIN not in (hers.body or "") + (his.body or "")
    assert f"{PORTAL}/go/shifts/{shift.shift_id}\n" in (hers.body or "")
    assert hers.attachment is not None and "DTSTART;TZID=Asia/Ho_Chi_Minh:20270210T180000" in hers.attachment
    assert "STATUS:CONFIRMED" in hers.attachment and alarms(hers) == [timedelta(days=-1), timedelta(hours=-1)]
    # moved again, to end at midnight: a new version, told again — the end said 24:00 of its day
    await world.apply(shift.rescheduled(night + timedelta(days=1), hours=6))
    [again] = [d for d in of_kind(world, "shift_moved") if d.staff_id == anh.staff_id and d.id != hers.id]
    assert "nay là 18:00–24:00 10/02/2027 (Mùng 5 tháng Giêng)." in (again.body or ""), again.body
    assert len(changed(world)) == 4

    world.clock.now = shift.snapshot.ends_at + timedelta(minutes=1)  # a correction of a shift already over
    await world.apply(shift.rescheduled(night + timedelta(days=1, hours=-1), hours=6))  # over by now too
    assert len(changed(world)) == 4


async def test_a_published_shift_cancelled_tells_each_person_on_it_why_with_an_ics_that_cancels_it_once() -> None:
    """QZ23 #2: a published shift cancelled told nobody by mail, so its people could turn up for a shift that no
    longer exists. Each person on it is told, in their language, by whom and why (the reason's lines kept), with the
    link to their shifts and a METHOD:CANCEL .ics of the same UID as the invitation they had, its SEQUENCE higher;
    a draft cancelled tells nobody; the same cancellation delivered again, nothing twice; one already over, nobody;
    a handover whose people never came (ShiftCancelled with `handed_over_to`) only its own notice."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    anh, bao = Person.new(ANH), Person.new(BAO)
    site_id, site = vnpt.site("Trạm Tân An")
    await world.apply(vnpt.registered(), site, vnpt.staff(anh), vnpt.staff(bao, language="en"))
    draft = vnpt.shift([anh, bao], start=GIAO_THUA + timedelta(days=4), hours=12, site_id=site_id)
    await world.apply(draft.planned())
    await world.apply(draft.cancelled())
    assert changed(world) == []  # a draft told nobody

    night = GIAO_THUA + timedelta(days=4, hours=-4)  # 18:00 09/02 (Mùng 4 tháng Giêng)
    shift = vnpt.shift([anh, bao], start=night - timedelta(days=1), hours=6, duty_type="operations", site_id=site_id)
    shift.planned()
    await world.apply(shift.published(), shift.rescheduled(night, hours=6))  # to 18:00–24:00 09/02: an invitation
    [invited] = [d for d in of_kind(world, "shift_moved") if d.staff_id == anh.staff_id]
    reason = "Trạm mất điện, chuyển trực về Trung tâm\nĐã báo anh Tâm"
    cancelled = vnpt.event(
        ShiftCancelled(shift=shift._next(status="cancelled"), reason=reason, actor=LOGIN, actor_name=MANAGER)
    )
    await world.apply(cancelled, cancelled)
    await world.apply(vnpt.event(ShiftCancelled.model_validate(cancelled.data)))  # another envelope of the same
    async with world.ctx.uow() as uow:  # and told of it again, as the batch might: its deliveries' keys are taken
        assert not await notices.tell_shift_cancelled(
            uow, ctx=world.ctx, data=ShiftCancelled.model_validate(cancelled.data)
        )

    assert sorted(told(world)) == [
        ("shift_cancelled", ANH, "vi"),
        ("shift_cancelled", BAO, "en"),
        ("shift_moved", ANH, "vi"),
        ("shift_moved", BAO, "en"),
    ]
    by_person = {d.staff_id: d for d in of_kind(world, "shift_cancelled")}
    hers, his = by_person[anh.staff_id], by_person[bao.staff_id]
    assert hers.subject.startswith("Ca trực của anh/chị đã bị hủy: ") and "(Mùng 4 tháng Giêng)" in hers.subject
    assert f"Ca trực dưới đây của anh/chị đã bị hủy: anh/chị không phải đến trực ca này (người hủy: {MANAGER})." in (
        hers.body or ""
    ), hers.body
    assert "Địa điểm: Trạm Tân An\n" in (hers.body or "")
    assert "Thời gian: 18:00–24:00 09/02/2027 (Mùng 4 tháng Giêng), giờ Việt Nam\n" in (hers.body or "")
    assert "Lý do hủy: “Trạm mất điện, chuyển trực về Trung tâm\n              Đã báo anh Tâm”\n" in (hers.body or "")
    assert f"\nXem ca trực trên Lịch trực Tết: {PORTAL}/go/shifts/{shift.shift_id}\n" in (hers.body or "")
    assert his.subject.startswith("Your shift was cancelled: ")
    assert f"The shift below has been cancelled: you are not on duty for it (cancelled by {MANAGER})." in (
        his.body or ""
    ), his.body
    assert "Time: 18:00–24:00 9 Feb 2027 (4th day of the 1st lunar month), Viet Nam time\n" in (his.body or "")
    assert "Why it was cancelled: “Trạm mất điện, chuyển trực về Trung tâm\n" in (his.body or "")
    assert LOGIN not in (hers.body or "") + (his.body or "")
    # the .ics cancels the event the invitation put in her calendar: its UID, a higher SEQUENCE, no alarm
    before, after = (icalendar.Calendar.from_ical(d.attachment or "") for d in (invited, hers))
    assert (str(before["METHOD"]), str(after["METHOD"])) == ("PUBLISH", "CANCEL")
    [was], [now] = before.events, after.events
    assert str(now["UID"]) == str(was["UID"]) == f"{shift.shift_id}.{anh.staff_id}@lichtruc"
    assert int(str(now["SEQUENCE"])) > int(str(was["SEQUENCE"]))
    assert str(now["STATUS"]) == "CANCELLED" and alarms(hers) == []
    assert str(now["ATTENDEE"]) == f"mailto:{hers.recipient}"
    assert len(changed(world)) == 4

    over = vnpt.shift([anh], start=GIAO_THUA - timedelta(days=1), hours=6, site_id=site_id)
    over.planned()
    await world.apply(over.published())
    world.clock.now = over.snapshot.ends_at + timedelta(minutes=1)
    await world.apply(over.cancelled("Ghi nhầm ca"))  # a correction of a shift already over
    assert len(changed(world)) == 4
    assert not [d for d in of_kind(world, "shift_cancelled") if d.shift_id == over.shift_id]

    # nobody came to a published shift, its whole handed over: the handover's notice says it, not a second one
    came_not = vnpt.shift([bao], start=world.clock.now - timedelta(minutes=30), hours=8, site_id=site_id)
    came_not.planned()
    await world.apply(came_not.published())
    rest = vnpt.shift([anh], start=world.clock.now, hours=7.5, site_id=site_id)
    rest.snapshot = rest.snapshot.model_copy(
        update={"continues_shift_id": came_not.shift_id, "handover_reason": "Không đến", "handover_absent": True}
    )
    gone = ShiftCancelled(
        shift=came_not._next(status="cancelled"), handed_over_to=rest.shift_id, reason="Không đến", actor=LOGIN
    )
    await world.apply(
        vnpt.event(ShiftPlanned(shift=rest.snapshot)),
        vnpt.event(ShiftPublished(shift=rest._next(status="published"))),
        vnpt.event(gone),
    )
    assert [d.kind for d in changed(world) if d.shift_id == came_not.shift_id] == ["handover_off"]


def read_ics(delivery: Delivery) -> tuple[icalendar.Calendar, icalendar.Event]:
    """A mail's .ics as a calendar app reads it (icalendar 7's own properties), with its one event."""
    calendar = icalendar.Calendar.from_ical(delivery.attachment or "")
    [event] = calendar.events
    return calendar, event


async def test_a_cancellations_ics_read_by_icalendar_cancels_the_last_invitation_with_its_times_and_words() -> None:
    """The cancellation's attachment, read by a real calendar parser: METHOD:CANCEL of the event the person's last
    invitation put in her calendar (its UID, a SEQUENCE above every one she was sent), STATUS:CANCELLED, the shift's
    local times (18:00–24:00 on mùng 4, in Asia/Ho_Chi_Minh), addressed to her, and every Vietnamese word — the
    summary, the place, the reason's lines, her colleague — as typed (NFC), with no alarm left."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock, name="Viễn thông Long An")
    anh, bao = Person.new(ANH), Person.new(BAO)
    site_id, site = vnpt.site("Trạm Đức Huệ (biên giới)")
    await world.apply(vnpt.registered(), site, vnpt.staff(anh), vnpt.staff(bao))
    night = GIAO_THUA + timedelta(days=4, hours=-4)  # 18:00 09/02 (Mùng 4 tháng Giêng)
    shift = vnpt.shift([anh, bao], start=night - timedelta(days=2), hours=6, duty_type="operations", site_id=site_id)
    shift.planned()
    await world.apply(shift.published())
    await world.apply(shift.rescheduled(night - timedelta(days=1), hours=6))  # two invitations: the last one counts
    await world.apply(shift.rescheduled(night, hours=6))
    invitations = [read_ics(d) for d in of_kind(world, "shift_moved") if d.staff_id == anh.staff_id]
    assert len(invitations) == 2
    reason = "Trạm mất điện lưới, chuyển trực về Trung tâm Điều hành\nĐã báo ông Nguyễn Văn Tâm"
    await world.apply(vnpt.event(ShiftCancelled(shift=shift._next(status="cancelled"), reason=reason)))

    [hers] = [d for d in of_kind(world, "shift_cancelled") if d.staff_id == anh.staff_id]
    calendar, event = read_ics(hers)
    assert calendar.method == "CANCEL"
    assert {str(c.method) for c, _ in invitations} == {"PUBLISH"}
    assert event.uid == invitations[-1][1].uid == f"{shift.shift_id}.{anh.staff_id}@lichtruc"
    assert event.sequence > max(e.sequence for _, e in invitations)
    assert event.status == "CANCELLED" and event.walk("VALARM") == []
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    assert (event.start, event.end) == (datetime(2027, 2, 9, 18, tzinfo=hcm), datetime(2027, 2, 10, 0, tzinfo=hcm))
    assert isinstance(event.start, datetime) and str(event.start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert [str(a) for a in event.attendees] == [f"mailto:{hers.recipient}"]
    assert event.summary == "Đã hủy: Trực điều hành — Viễn thông Long An (Mùng 4 tháng Giêng)"
    assert event.location == "Trạm Đức Huệ (biên giới)"
    said = event.description.splitlines()
    assert said[:3] == [
        "Ca trực này đã bị hủy.",
        "Lý do hủy: Trạm mất điện lưới, chuyển trực về Trung tâm Điều hành",
        "Đã báo ông Nguyễn Văn Tâm",
    ], said
    assert f"Đồng nghiệp cùng ca: {BAO}" in said
    for text in (event.summary, event.location, event.description):
        assert unicodedata.is_normalized("NFC", text), text


async def test_a_shift_no_longer_theirs_by_a_swap_or_a_reassignment_is_cancelled_in_their_calendar() -> None:
    """QZ25 #6: the approved swap's mail to the person giving the shift away said its .ics removes the shift, but the
    file was METHOD:PUBLISH with STATUS:CANCELLED (an update some calendars keep showing), where a cancellation and
    the nobody-came handover send METHOD:CANCEL. Every "this shift is no longer yours" mail now cancels the event
    of the invitation the person had — read by icalendar: its UID, a SEQUENCE above every one sent, STATUS:CANCELLED,
    the reader as ATTENDEE, no alarm — the swap's giver's and the person a manager took off alike."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    anh, bao, hoa = Person.new(ANH), Person.new(BAO), Person.new(HOA)
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao), vnpt.staff(hoa, language="en"))
    swapped_shift = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=2), hours=12, duty_type="operations")
    swapped_shift.planned()
    reassigned_shift = vnpt.shift([hoa], start=GIAO_THUA + timedelta(days=3), hours=12, duty_type="operations")
    reassigned_shift.planned()
    await world.apply(swapped_shift.published(), reassigned_shift.published())
    await world.apply(swapped_shift.rescheduled(GIAO_THUA + timedelta(days=2, hours=1), hours=12))  # invited again
    world.clock.advance(seconds=61)  # the published mails go out, their .ics written then (`handlers.deliveries`)
    while await claim_next(world.ctx, world.clock()) is not None:
        pass
    invited = {
        d.staff_id: read_ics(d)
        for d in world.state.deliveries.values()
        if d.kind in ("shift_published", "shift_moved") and d.attachment
    }  # the last invitation of each (the move's for Ánh)
    swapped = ShiftSwapped(
        shift=swapped_shift._next(assignees=(bao.assignee(),)),
        swap_id=uuid.uuid4(),
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        actor=LOGIN,
        actor_name=MANAGER,
    )
    before = reassigned_shift.snapshot.assignees
    reassigned = ShiftReassigned(
        shift=reassigned_shift._next(assignees=(bao.assignee(),)), previous_assignees=before, actor=LOGIN
    )
    await world.apply(vnpt.event(swapped), vnpt.event(reassigned))

    [gave] = [d for d in of_kind(world, "swap_approved") if d.staff_id == anh.staff_id]
    [off] = of_kind(world, "shift_taken_off")
    for mail, person, shift in ((gave, anh, swapped_shift), (off, hoa, reassigned_shift)):
        calendar, event = read_ics(mail)
        was, last = invited[person.staff_id]
        assert calendar.method == "CANCEL" and was.method == "PUBLISH", mail.kind
        assert event.uid == last.uid == f"{shift.shift_id}.{person.staff_id}@lichtruc"
        assert event.sequence > last.sequence
        assert event.status == "CANCELLED" and event.walk("VALARM") == []
        assert [str(a) for a in event.attendees] == [f"mailto:{mail.recipient}"]
    assert "gỡ ca này khỏi lịch" in (gave.body or "") and "removes the shift from your calendar" in (off.body or "")
    [took] = [d for d in of_kind(world, "swap_approved") if d.staff_id == bao.staff_id]
    assert read_ics(took)[0].method == "PUBLISH"  # the taker's: his event added


async def test_an_approved_swap_tells_both_with_the_note_after_quiet_hours(world) -> None:
    vnpt = Enterprise(world.clock)
    anh, bao = Person.new(ANH), Person.new(BAO)
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao))
    # Bảo's quiet hours (21:00–06:00) hold it back; the clock says 22:00; the shift starts days later.
    quiet = PreferencesIn(None, ("email",), (30,), time(21), time(6), None)
    await put_preferences(ctx=world.ctx, staff_id=bao.staff_id, new=quiet)
    shift = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=2), hours=12, duty_type="operations")
    shift.planned()
    await world.apply(shift.published())

    swapped = ShiftSwapped(
        shift=shift._next(assignees=(bao.assignee(),)),
        swap_id=uuid.uuid4(),
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        note="Đồng ý, Bảo nhận ca",
        actor=LOGIN,  # an event from before roster carried the name: a manager, not the login
    )
    await world.apply(vnpt.event(swapped), vnpt.event(swapped))

    assert told(world) == [("swap_approved", ANH, "vi"), ("swap_approved", BAO, "vi")]
    by_person = {d.staff_id: d for d in changed(world)}
    taker, asker = by_person[bao.staff_id], by_person[anh.staff_id]
    assert f"Yêu cầu đổi ca của {ANH} đã được duyệt" in (taker.body or "") and "“Đồng ý, Bảo nhận ca”" in (
        taker.body or ""
    )
    assert f"{BAO} nhận ca trực dưới đây" in (asker.body or "") and "“Đồng ý, Bảo nhận ca”" in (asker.body or "")
    assert "(người duyệt: người quản lý)." in (taker.body or "") and LOGIN not in (taker.body or "")
    assert alarms(taker) == [timedelta(minutes=-30)] and alarms(asker) == []  # his own offsets; hers removes it
    morning = world.clock() + timedelta(hours=8)  # 06:00 local
    assert taker.next_attempt_at == morning and asker.next_attempt_at == world.clock()


async def test_a_swap_approved_or_a_reassignment_the_day_before_sends_its_taker_one_mail_not_a_reminder_too() -> None:
    """QZ25 #5: approved at 14:00 for the next morning's shift, the taker got two mails a second apart, each with the
    same event — the approval's notice and the day-before reminder, past due and planned for him when he came on
    the shift. The notice says more (whose it was, the manager's note): his only mail of the change; the
    reminder is stored as skipped, so a later change of the shift does not send it; the hour-before one still goes.
    The same for a person a reassignment puts on; the person staying on is reminded as before."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    anh, bao, hoa, vy = Person.new(ANH), Person.new(BAO), Person.new(HOA), Person.new("Ngô Thảo Vy")
    await world.apply(vnpt.registered(), *(vnpt.staff(p) for p in (anh, bao, hoa, vy)))
    morning = world.clock() + timedelta(hours=16)
    swapped_shift = vnpt.shift([anh], start=morning, hours=8, duty_type="operations")
    swapped_shift.planned()
    reassigned_shift = vnpt.shift([hoa, vy], start=morning, hours=8, duty_type="leadership")
    reassigned_shift.planned()
    await world.apply(swapped_shift.published(), reassigned_shift.published())
    await dispatch_due_reminders(world.ctx, world.clock())  # the day-before reminders of the people published

    world.clock.now += timedelta(minutes=5)
    swapped = ShiftSwapped(
        shift=swapped_shift._next(assignees=(bao.assignee(),)),
        swap_id=uuid.uuid4(),
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        actor=LOGIN,
        actor_name=MANAGER,
    )
    before = reassigned_shift.snapshot.assignees
    reassigned = ShiftReassigned(
        shift=reassigned_shift._next(assignees=(vy.assignee(), bao.assignee())), previous_assignees=before
    )
    await world.apply(vnpt.event(swapped), vnpt.event(reassigned))
    await dispatch_due_reminders(world.ctx, world.clock())
    world.clock.now += timedelta(minutes=5)
    await world.apply(swapped_shift.rescheduled(morning + timedelta(minutes=30), hours=8))  # a later change
    now_on = reassigned_shift.snapshot.assignees
    await world.apply(vnpt.event(ShiftReassigned(shift=reassigned_shift._next(), previous_assignees=now_on)))
    await dispatch_due_reminders(world.ctx, world.clock())

    def mails(person: Person) -> list[str]:
        return [d.kind for d in world.state.deliveries.values() if d.staff_id == person.staff_id]

    assert sorted(mails(bao)) == ["shift_moved", "shift_put_on", "swap_approved"]  # no reminder: one mail a change
    assert sorted(mails(vy)) == ["shift_published"]  # she stayed on: its publication stood for the late reminder
    skipped = [r for r in world.state.reminders.values() if r.staff_id == bao.staff_id and r.status == "skipped"]
    assert {(r.shift_id, r.offset_minutes) for r in skipped} == {
        (swapped_shift.shift_id, 1440),
        (reassigned_shift.shift_id, 1440),
    }
    waiting = [r for r in world.state.reminders.values() if r.staff_id == bao.staff_id and r.status == "scheduled"]
    assert {(r.shift_id, r.offset_minutes) for r in waiting} == {
        (swapped_shift.shift_id, 60),
        (reassigned_shift.shift_id, 60),
    }  # the hour-before ones, still to come


async def test_a_shift_swapped_back_or_reassigned_back_reminds_whoever_has_it_once_and_nobody_else() -> None:
    """A gives the shift to B, then it comes back to A — by a second swap, or by a reassignment — the day before.
    Before: A's day-before reminder, withdrawn when the shift left her, came back as due and went out a second after
    the notice giving the shift back, the same event twice. Now whoever has the shift is reminded once: B his
    day-before reminder while it was his; A not beside the notice that gives it back (skipped, with the reason), her
    hour-before one as planned; B nothing once it is no longer his; nothing twice."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    anh, bao = Person.new(ANH), Person.new(BAO)
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao))
    start = world.clock() + timedelta(hours=30)
    by_swap = vnpt.shift([anh], start=start, hours=8, duty_type="operations")
    by_reassignment = vnpt.shift([anh], start=start + timedelta(hours=8), hours=8, duty_type="incident_response")
    for shift in (by_swap, by_reassignment):
        shift.planned()
        await world.apply(shift.published())

    def swapped(shift, giver: Person, taker: Person) -> ShiftSwapped:
        return ShiftSwapped(
            shift=shift._next(assignees=(taker.assignee(),)),
            swap_id=uuid.uuid4(),
            from_staff_id=giver.staff_id,
            to_staff_id=taker.staff_id,
            actor=LOGIN,
            actor_name=MANAGER,
        )

    world.clock.now = start - timedelta(hours=25)  # A gives both to B
    await world.apply(vnpt.event(swapped(by_swap, anh, bao)), by_reassignment.reassigned([bao]))
    for hours in (24, 16):  # his day-before reminders go while the shifts are his
        world.clock.now = start - timedelta(hours=hours)
        await dispatch_due_reminders(world.ctx, world.clock())
    world.clock.now = start - timedelta(hours=15)  # and both come back to A
    await world.apply(vnpt.event(swapped(by_swap, bao, anh)), by_reassignment.reassigned([anh]))
    for step in range(50):  # the scheduler's rounds, past both shifts' starts
        world.clock.now = start - timedelta(hours=15) + timedelta(minutes=30 * step)
        await dispatch_due_reminders(world.ctx, world.clock())

    def reminded(person: Person) -> list[tuple[uuid.UUID, int]]:
        sent = [d for d in world.state.deliveries.values() if d.kind == "reminder" and d.staff_id == person.staff_id]
        offsets = {r.id: r.offset_minutes for r in world.state.reminders.values()}
        return sorted((d.shift_id, offsets[d.reminder_id]) for d in sent if d.shift_id and d.reminder_id)

    assert reminded(bao) == sorted([(by_swap.shift_id, 1440), (by_reassignment.shift_id, 1440)])
    assert reminded(anh) == sorted([(by_swap.shift_id, 60), (by_reassignment.shift_id, 60)])  # once each
    back = [
        r
        for r in world.state.reminders.values()
        if r.staff_id == anh.staff_id and r.offset_minutes == 1440 and r.status == "skipped"
    ]
    assert {r.shift_id for r in back} == {by_swap.shift_id, by_reassignment.shift_id}
    assert all((r.reason or "").startswith("not sent: the notice of the change") for r in back)
    notices = sorted(d.kind for d in world.state.deliveries.values() if d.staff_id == anh.staff_id)
    assert notices.count("swap_approved") == 2 and notices.count("shift_put_on") == 1  # the shift back, told


async def test_a_taker_is_told_of_an_asker_notifier_has_no_record_of_in_the_takers_language(world) -> None:
    """QA: the asker, with no staff record in notifier, was "một đồng nghiệp" in an English mail too."""
    vnpt = Enterprise(world.clock)
    anh, bao = Person.new(ANH), Person.new(BAO)
    await world.apply(vnpt.registered(), vnpt.staff(bao, language="en"))  # Ánh's staff record not read yet
    shift = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=2), hours=12, duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    swapped = ShiftSwapped(
        shift=shift._next(assignees=(bao.assignee(),)),
        swap_id=uuid.uuid4(),
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        actor=MANAGER,
    )
    await world.apply(vnpt.event(swapped))
    [taker] = [d for d in of_kind(world, "swap_approved") if d.staff_id == bao.staff_id]
    assert taker.language == "en"
    assert "A colleague's swap request was approved: the shift below is now yours" in (taker.body or "")
    assert "một đồng nghiệp" not in (taker.body or "")


async def test_a_swap_request_tells_the_managers_and_the_named_colleague_and_a_rejection_the_asker(world) -> None:
    post = await post_office(world)
    anh, bao = Person.new(ANH), Person.new(BAO)
    await world.apply(post.staff(anh), post.staff(bao, language="en"))
    shift = post.shift([anh], start=GIAO_THUA, duty_type="operations")
    shift.planned()
    await world.apply(shift.published())

    swap_id = uuid.uuid4()
    asked = SwapRequested(
        swap_id=swap_id,
        shift=shift.snapshot,
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        version=1,
        reason="Việc gia đình",
    )
    await world.apply(post.event(asked), post.event(asked))  # two envelopes of the same version: told once

    managers = {d.recipient: (d.recipient_name, d.language) for d in of_kind(world, "swap_asked")}
    assert managers == THREE_READERS  # each manager in their language, the duty mailbox too
    english = next(d for d in of_kind(world, "swap_asked") if d.language == "en")
    assert f"{ANH} asks to hand the shift below to {BAO}." in (english.body or "")
    assert f"/manage/swaps?enterprise_id={post.enterprise_id}" in (english.body or "")
    [you] = of_kind(world, "swap_asked_you")
    assert (you.staff_id, you.language) == (bao.staff_id, "en")
    assert f"{ANH} asked to hand you the shift below; the manager decides." in (you.body or "")
    # QZ24 #2: no event in his calendar before anyone approved (it was the whole shift's, `<shift>.all`, confirmed)
    assert you.attachment is None
    assert "the shift's calendar invitation (.ics) is sent to you once a manager approves the request." in (
        you.body or ""
    )

    rejected = SwapRejected(
        swap_id=swap_id,
        shift_id=shift.shift_id,
        enterprise_id=post.enterprise_id,
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        reason="Không đủ người đêm giao thừa",
        actor=LOGIN,
        actor_name=MANAGER,
        version=2,
    )
    await world.apply(post.event(rejected), post.event(rejected))
    [no] = [d for d in of_kind(world, "swap_rejected") if d.staff_id == anh.staff_id]
    assert (no.staff_id, no.language) == (anh.staff_id, "vi")
    assert "Lý do từ chối: “Không đủ người đêm giao thừa”" in (no.body or "")
    assert f"anh/chị vẫn trực ca dưới đây (người từ chối: {MANAGER})." in (no.body or "")
    # QZ22 #12b: the colleague it named is told too — closed, he need do nothing — in his language, no .ics
    [closed] = [d for d in of_kind(world, "swap_rejected") if d.staff_id == bao.staff_id]
    assert closed.language == "en" and closed.attachment is None
    assert closed.subject.startswith("The request to hand you a shift was rejected: ")
    assert (
        f"A manager rejected {ANH}'s request to hand you the shift below: the request is closed, you do not take "
        f"this shift and need do nothing (by {MANAGER})." in (closed.body or "")
    ), closed.body
    assert "Why it was rejected: “Không đủ người đêm giao thừa”" in (closed.body or "")
    assert "you are still on the shift" not in (closed.body or "")
    assert len(changed(world)) == 6  # three managers, the colleague twice, the asker: nobody twice a change
    assert all(not d.subject.startswith("Gấp") for d in of_kind(world, "swap_asked"))  # days off: not urgent

    # QZ19 #12: asked 26 minutes before its shift starts (the event's time), the managers' mail says it is urgent
    soon = post.shift([anh], start=world.clock() + timedelta(minutes=26), duty_type="operations")
    soon.planned()
    await world.apply(soon.published())
    urgent = SwapRequested(swap_id=uuid.uuid4(), shift=soon.snapshot, from_staff_id=anh.staff_id, version=1)
    world.clock.advance(minutes=3)  # read 3 minutes later: said as it was when asked
    await world.apply(roster_event(urgent, enterprise=post.enterprise_id, at=world.clock() - timedelta(minutes=3)))
    mails = {d.language: d for d in of_kind(world, "swap_asked") if d.shift_id == soon.shift_id}
    assert mails["vi"].subject.startswith("Gấp: Yêu cầu đổi ca: ")
    assert "Ca bắt đầu sau 26 phút." in (mails["vi"].body or "")
    assert mails["en"].subject.startswith("Urgent: Swap request: ")
    assert "The shift starts in 26 min." in (mails["en"].body or "")


async def test_a_withdrawn_swap_request_is_told_to_the_people_it_reached_after_their_quiet_hours(world) -> None:
    """QZ13 #5: the request mailed Bảo and the managers (and truc-tet@); after "Rút yêu cầu" nobody heard, so Bảo
    still thought he might have to cover the night. Now the same people are told, in their language, on their
    channels, after their quiet hours — the colleague without the shift's .ics (it was never his)."""
    post = await post_office(world)
    anh, bao = Person.new(ANH), Person.new(BAO)
    await world.apply(post.staff(anh), post.staff(bao))
    quiet = PreferencesIn(None, ("email",), (30,), time(21), time(6), None)  # the clock says 22:00
    await put_preferences(ctx=world.ctx, staff_id=bao.staff_id, new=quiet)
    shift = post.shift([anh], start=GIAO_THUA + timedelta(days=2), duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    swap_id = uuid.uuid4()
    asked = SwapRequested(
        swap_id=swap_id, shift=shift.snapshot, from_staff_id=anh.staff_id, to_staff_id=bao.staff_id, version=1
    )
    await world.apply(post.event(asked))
    reached = {d.recipient for d in changed(world)}

    withdrawn = SwapWithdrawn(
        swap_id=swap_id,
        shift_id=shift.shift_id,
        enterprise_id=post.enterprise_id,
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        actor=LOGIN,
        version=2,
    )
    await world.apply(post.event(withdrawn), post.event(withdrawn))  # two envelopes: told once

    managers = {d.recipient: (d.recipient_name, d.language) for d in of_kind(world, "swap_withdrawn") if not d.staff_id}
    assert managers == THREE_READERS
    english = next(d for d in of_kind(world, "swap_withdrawn") if d.language == "en")
    assert f"{ANH} withdrew the request to swap the shift below and stays on it." in (english.body or "")
    assert "Nothing to approve or reject" in (english.body or "")
    # QZ14 #12: then a link labelled as what is left to do there, not "Approve or reject it in the swap inbox"
    assert "See the swap inbox: " in (english.body or "") and "Approve or reject" not in (english.body or "")
    vietnamese = next(d for d in of_kind(world, "swap_withdrawn") if d.language == "vi" and not d.staff_id)
    assert "Xem hộp yêu cầu đổi ca: " in (vietnamese.body or "") and "Duyệt hoặc từ chối" not in (vietnamese.body or "")
    [you] = [d for d in of_kind(world, "swap_withdrawn") if d.staff_id == bao.staff_id]
    assert f"{ANH} đã rút đề nghị đổi ca trực dưới đây; anh/chị không cần nhận ca này." in (you.body or "")
    assert "Đồng nghiệp đã rút đề nghị đổi ca" in you.subject
    assert you.attachment is None  # no invitation to a shift that was never his
    assert you.next_attempt_at == world.clock() + timedelta(hours=8)  # after his quiet hours, at 06:00
    assert {d.recipient for d in of_kind(world, "swap_withdrawn")} == reached  # the very people the request reached
    assert len(of_kind(world, "swap_withdrawn")) == 4


async def test_the_managers_hear_of_a_swap_request_once_it_is_theirs_to_decide(world) -> None:
    """R5: the managers were mailed the request, mailed it again each time it named someone else after a decline,
    and once more when it was ready. Now a request whose colleague can answer on the portal reaches them only when
    ready (the acceptance, `swap_ready`); one withdrawn before that tells them nothing; one withdrawn after, does."""
    post = await post_office(world)
    anh, bao, hoa = Person.new(ANH), Person.new(BAO), Person.new("Lê Văn Hòa")
    accounts = [
        account(post, "bao@buudien-longan.vn", role="staff", staff_id=bao.staff_id),
        account(post, "hoa@buudien-longan.vn", role="staff", staff_id=hoa.staff_id),
    ]
    await world.apply(post.staff(anh), post.staff(bao), post.staff(hoa), *accounts)
    shift = post.shift([anh], start=GIAO_THUA + timedelta(days=2), duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    swap_id = uuid.uuid4()

    def asked(version: int, who: Person) -> SwapRequested:
        return SwapRequested(
            swap_id=swap_id, shift=shift.snapshot, from_staff_id=anh.staff_id, to_staff_id=who.staff_id, version=version
        )

    def answered(version: int, who: Person, answer: str) -> SwapAnswered:
        return SwapAnswered(
            swap_id=swap_id,
            shift_id=shift.shift_id,
            enterprise_id=post.enterprise_id,
            from_staff_id=anh.staff_id,
            to_staff_id=who.staff_id,
            answer=answer,
            version=version,
        )

    def to_managers() -> list[str]:
        return sorted(d.kind for d in changed(world) if d.staff_id is None)

    await world.apply(post.event(asked(1, bao)))
    assert [d.staff_id for d in of_kind(world, "swap_asked_you")] == [bao.staff_id] and to_managers() == []
    await world.apply(post.event(answered(2, bao, "declined")), post.event(asked(3, hoa)))
    assert to_managers() == []  # named anew: still nothing for them to decide
    await world.apply(post.event(answered(4, hoa, "accepted")))
    assert to_managers() == ["swap_ready"] * 3  # each of the three readers, once: ready
    withdrawn = SwapWithdrawn(
        swap_id=swap_id,
        shift_id=shift.shift_id,
        enterprise_id=post.enterprise_id,
        from_staff_id=anh.staff_id,
        to_staff_id=hoa.staff_id,
        version=5,
    )
    await world.apply(post.event(withdrawn))
    assert to_managers() == ["swap_ready"] * 3 + ["swap_withdrawn"] * 3  # they had heard of it

    # another request, withdrawn while Bảo has not answered: the managers never heard of it, and hear nothing
    other = post.shift([anh], start=GIAO_THUA + timedelta(days=3), duty_type="operations")
    other.planned()
    await world.apply(other.published())
    second = uuid.uuid4()
    await world.apply(
        post.event(
            SwapRequested(
                swap_id=second, shift=other.snapshot, from_staff_id=anh.staff_id, to_staff_id=bao.staff_id, version=1
            )
        ),
        post.event(
            SwapWithdrawn(
                swap_id=second,
                shift_id=other.shift_id,
                enterprise_id=post.enterprise_id,
                from_staff_id=anh.staff_id,
                to_staff_id=bao.staff_id,
                version=2,
            )
        ),
    )
    assert [d.kind for d in changed(world) if d.shift_id == other.shift_id and d.staff_id is None] == []
    assert [d.kind for d in changed(world) if d.shift_id == other.shift_id] == ["swap_asked_you", "swap_withdrawn"]


async def test_a_lapsed_swap_request_tells_the_asker_they_are_on_duty_and_the_colleague_they_are_not(world) -> None:
    """QZ15 #1: the request still waited when the 18:00 shift began; Ánh read "waiting for the manager" all night
    and Bảo heard nothing. Each is told once, in their language: she is still on duty, he does not take it."""
    vnpt = Enterprise(world.clock)
    anh, bao = Person.new(ANH), Person.new(BAO)
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao, language="en"))
    shift = vnpt.shift([anh], start=GIAO_THUA - timedelta(hours=4), hours=12, duty_type="operations")  # 18:00
    shift.planned()
    await world.apply(shift.published())
    world.clock.now = GIAO_THUA - timedelta(hours=4) + timedelta(seconds=30)  # the sweep, just after 18:00
    lapsed = SwapLapsed(
        swap_id=uuid.uuid4(),
        shift=shift.snapshot,
        from_staff_id=anh.staff_id,
        to_staff_id=bao.staff_id,
        lapsed_at=GIAO_THUA - timedelta(hours=4),
        actor="system",
        version=2,
    )
    await world.apply(vnpt.event(lapsed), vnpt.event(lapsed))  # two envelopes: told once
    told = {d.staff_id: d for d in of_kind(world, "swap_lapsed")}
    assert set(told) == {anh.staff_id, bao.staff_id} and len(of_kind(world, "swap_lapsed")) == 2
    her, him = told[anh.staff_id], told[bao.staff_id]
    assert her.language == "vi" and "Yêu cầu đổi ca đã hết hạn" in her.subject
    assert "Ca trực dưới đây đã bắt đầu lúc 18:00 05/02/2027 trước khi quản lý duyệt" in (her.body or "")
    assert "anh/chị vẫn là người trực ca này." in (her.body or "")
    assert him.language == "en" and "lapsed" in him.subject
    assert f"{ANH} asked to hand you the shift below, but it began at 18:00" in (him.body or "")
    assert "you do not take this shift." in (him.body or "") and f"On duty: {ANH}" in (him.body or "")
    assert her.attachment is None and him.attachment is None  # nothing changes in anyone's calendar


async def test_the_colleague_of_a_lapsed_request_is_linked_to_the_requests_asked_of_him_the_asker_to_her_shift() -> (
    None
):
    """QZ20 #7: Đoàn Quang Vinh's mail linked the shift ("Xem ca trực trên Lịch trực Tết: …/go/shifts/…"), which is
    not his: the portal opened his own shift list, nothing there about it. His link is to his lapsed swap requests,
    at this one's card; the asker's is still to her shift."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    tam, vinh = Person.new("Lê Thị Thanh Tâm"), Person.new("Đoàn Quang Vinh")
    his_account = account(vnpt, "vinhdq@vnpt-longan.vn", role="staff", staff_id=vinh.staff_id)
    await world.apply(vnpt.registered(), vnpt.staff(tam), vnpt.staff(vinh), his_account)
    shift = vnpt.shift([tam], start=GIAO_THUA - timedelta(hours=4), hours=12, duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    world.clock.now = GIAO_THUA - timedelta(hours=4) + timedelta(seconds=30)
    swap_id = uuid.uuid4()
    lapsed = SwapLapsed(
        swap_id=swap_id,
        shift=shift.snapshot,
        from_staff_id=tam.staff_id,
        to_staff_id=vinh.staff_id,
        lapsed_at=GIAO_THUA - timedelta(hours=4),
        actor="system",
        version=2,
    )
    await world.apply(vnpt.event(lapsed))
    told = {d.staff_id: d.body or "" for d in of_kind(world, "swap_lapsed")}
    his, hers = told[vinh.staff_id], told[tam.staff_id]
    assert f"\nXem các yêu cầu đổi ca trên Lịch trực Tết: {PORTAL}/me/swaps?status=lapsed#swap-{swap_id}\n" in his
    assert "/go/shifts/" not in his and "Xem ca trực" not in his
    assert f"\nXem ca trực trên Lịch trực Tết: {PORTAL}/go/shifts/{shift.snapshot.shift_id}\n" in hers


async def test_the_colleague_a_request_names_is_linked_to_it_among_his_requests_when_asked_withdrawn_rejected() -> None:
    """QZ20 #7, the mails before the lapse: "asked you" and "withdrawn" linked the shift too, which is not his; the
    rejection's (QZ22 #12b) links his requests as well — he has a portal account."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    tam, vinh = Person.new("Lê Thị Thanh Tâm"), Person.new("Đoàn Quang Vinh")
    his_account = account(vnpt, "vinhdq@vnpt-longan.vn", role="staff", staff_id=vinh.staff_id)
    await world.apply(vnpt.registered(), vnpt.staff(tam), vnpt.staff(vinh, language="en"), his_account)
    shift = vnpt.shift([tam], start=GIAO_THUA + timedelta(days=1), duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    swap_id = uuid.uuid4()
    asked = SwapRequested(
        swap_id=swap_id, shift=shift.snapshot, from_staff_id=tam.staff_id, to_staff_id=vinh.staff_id, version=1
    )
    withdrawn = SwapWithdrawn(
        swap_id=swap_id,
        shift_id=shift.shift_id,
        enterprise_id=vnpt.enterprise_id,
        from_staff_id=tam.staff_id,
        to_staff_id=vinh.staff_id,
        actor=LOGIN,
        version=2,
    )
    again = swap_id, uuid.uuid4()  # asked again, and rejected (QZ22 #12b)
    rejected = SwapRejected(
        swap_id=again[1],
        shift_id=shift.shift_id,
        enterprise_id=vnpt.enterprise_id,
        from_staff_id=tam.staff_id,
        to_staff_id=vinh.staff_id,
        actor=LOGIN,
        version=2,
    )
    await world.apply(vnpt.event(asked), vnpt.event(withdrawn), vnpt.event(rejected))
    # asked: where he answers it, his shifts page at the request's buttons (QZ29 #1: his requests showed it read-only)
    [asked_his] = [d.body or "" for d in of_kind(world, "swap_asked_you") if d.staff_id == vinh.staff_id]
    assert f"\nAccept or decline on the Tết duty roster: {PORTAL}/me/shifts#asked-{swap_id}\n" in asked_his
    assert "/go/shifts/" not in asked_his and "/me/swaps" not in asked_his
    for kind, status in (("swap_withdrawn", "withdrawn"), ("swap_rejected", "rejected")):
        swap_id = again[kind == "swap_rejected"]
        [his] = [d.body or "" for d in of_kind(world, kind) if d.staff_id == vinh.staff_id]
        assert (
            f"\nSee the swap requests on the Tết duty roster: {PORTAL}/me/swaps?status={status}#swap-{swap_id}\n" in his
        )
        assert "/go/shifts/" not in his and "See the shift" not in his


async def test_the_colleague_a_request_names_without_a_portal_account_is_told_what_to_do_and_not_linked_to_it() -> None:
    """QZ25 #5: the request's mail linked a colleague with no account — as many duty workers have none — to the
    portal's sign-in, a dead end. Each mail to him says what to do instead: answer the person who asked, by name
    and phone, or call the manager on the leadership duty phone, the mail giving the whole shift; without an
    account (none linked to his record, or his deactivated) no link, and a line that he needs none; with one, the
    link as before (and the same answer line: the portal only shows him the request)."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    tam, vinh, vy = Person.new("Lê Thị Thanh Tâm"), Person.new("Đoàn Quang Vinh"), Person.new("Ngô Thảo Vy")
    gone = account(vnpt, "vyngt@vnpt-longan.vn", role="staff", staff_id=vy.staff_id)
    await world.apply(
        vnpt.registered(),
        vnpt.staff(tam, phone="0913555202"),
        vnpt.staff(vinh),
        vnpt.staff(vy, language="en"),
        gone,
        account(vnpt, "vyngt@vnpt-longan.vn", role="staff", staff_id=vy.staff_id, active=False, version=2),
        account(vnpt, "tamltt@vnpt-longan.vn", role="staff", staff_id=tam.staff_id),  # hers, not theirs
    )
    shift = vnpt.shift([tam], start=GIAO_THUA + timedelta(days=1), duty_type="operations")
    shift.planned()
    await world.apply(shift.published())
    asked = {
        p.staff_id: SwapRequested(
            swap_id=uuid.uuid4(), shift=shift.snapshot, from_staff_id=tam.staff_id, to_staff_id=p.staff_id, version=1
        )
        for p in (vinh, vy)
    }
    withdrawn = SwapWithdrawn(
        swap_id=asked[vinh.staff_id].swap_id,
        shift_id=shift.shift_id,
        enterprise_id=vnpt.enterprise_id,
        from_staff_id=tam.staff_id,
        to_staff_id=vinh.staff_id,
        actor=LOGIN,
        version=2,
    )
    await world.apply(*(vnpt.event(a) for a in asked.values()), vnpt.event(withdrawn))

    [his] = [d.body or "" for d in of_kind(world, "swap_asked_you") if d.staff_id == vinh.staff_id]
    assert (
        "\nĐể nhận lời hay từ chối, hãy trả lời trực tiếp Lê Thị Thanh Tâm (điện thoại 0913 555 202) hoặc gọi quản "
        "lý theo số trực lãnh đạo 0272 3 826 999.\n" in his
    ), his
    assert (
        "\nAnh/chị chưa có tài khoản trên Lịch trực Tết và không cần đăng nhập: thư này đã ghi đủ thông tin ca " in his
    )
    assert PORTAL not in his and "Nhận hoặc từ chối trên" not in his and "Hãy bấm" not in his  # no dead end
    assert "Trực điều hành" in his and "Người trực: Lê Thị Thanh Tâm" in his  # the shift, whole, in the mail
    [hers] = [d.body or "" for d in of_kind(world, "swap_asked_you") if d.staff_id == vy.staff_id]
    assert "To say yes or no, answer Lê Thị Thanh Tâm (phone 0913 555 202) directly or call the manager" in hers
    assert "You have no account on the Tết duty roster and need not sign in" in hers and PORTAL not in hers
    [withdrawn_his] = [d.body or "" for d in of_kind(world, "swap_withdrawn") if d.staff_id == vinh.staff_id]
    assert PORTAL not in withdrawn_his and "anh/chị không cần nhận ca này" in withdrawn_his

    await world.apply(account(vnpt, "vinhdq@vnpt-longan.vn", role="staff", staff_id=vinh.staff_id))
    again = SwapRequested(
        swap_id=uuid.uuid4(), shift=shift.snapshot, from_staff_id=tam.staff_id, to_staff_id=vinh.staff_id, version=1
    )
    await world.apply(vnpt.event(again))
    [linked] = [d.body or "" for d in of_kind(world, "swap_asked_you") if d.body and str(again.swap_id) in d.body]
    assert f"Nhận hoặc từ chối trên Lịch trực Tết: {PORTAL}/me/shifts#asked-{again.swap_id}" in linked
    # one way to answer (QZ29 #1): the buttons, not the phone calls as well
    assert "Hãy bấm “Nhận” hoặc “Từ chối”" in linked and "trả lời trực tiếp" not in linked
    assert "chưa có tài khoản" not in linked

    approved = ShiftSwapped(  # to Vy, whose account was deactivated: the approval's mail links no sign-in either
        shift=shift._next(assignees=(vy.assignee(),)),
        swap_id=asked[vy.staff_id].swap_id,
        from_staff_id=tam.staff_id,
        to_staff_id=vy.staff_id,
        actor=LOGIN,
    )
    await world.apply(vnpt.event(approved))
    [taken] = [d for d in of_kind(world, "swap_approved") if d.staff_id == vy.staff_id]
    assert taken.subject.startswith("A swapped shift is now yours: ") and PORTAL not in (taken.body or "")
    [given] = [d for d in of_kind(world, "swap_approved") if d.staff_id == tam.staff_id]
    assert f"{PORTAL}/go/shifts/" not in (given.body or "")  # hers never linked: the shift is no longer hers


async def test_a_handover_tells_the_replacement_and_the_relieved_once_instead_of_a_reminder() -> None:
    """QA round 10, #2: the replacement had only the routine "có ca trực sắp tới" reminder, the relieved nothing.
    QZ21 #8: the relieved person's mail had no link to the portal, while the taker's had: each links their shift."""
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock)
    dung, vinh = Person.new("Hồ Văn Dũng"), Person.new("Đoàn Quang Vinh")
    await world.apply(vnpt.registered(), vnpt.staff(dung), vnpt.staff(vinh, language="en"))
    old = vnpt.shift([dung], start=GIAO_THUA - timedelta(hours=2), hours=12, duty_type="operations")
    old.planned()
    await world.apply(old.published())
    world.clock.now = GIAO_THUA + timedelta(minutes=2)  # under way; the rest from 22:05
    await world.apply(old.checked_in(dung))  # he came: the rest of what he began is handed over
    moment, reason = GIAO_THUA + timedelta(minutes=5), "Ốm đột xuất"
    rest = vnpt.shift([vinh], start=moment, hours=8, duty_type="operations")
    rest.snapshot = rest.snapshot.model_copy(update={"continues_shift_id": old.shift_id, "handover_reason": reason})
    by = {"actor": LOGIN, "actor_name": MANAGER}  # the handover's manager: named, never by the login
    planned = vnpt.event(ShiftPlanned(shift=rest.snapshot, **by))
    published = vnpt.event(ShiftPublished(shift=rest._next(status="published"), **by))
    before = old.snapshot
    ended = ShiftRescheduled(
        shift=old._next(ends_at=moment),
        previous_starts_at=before.starts_at,
        previous_ends_at=before.ends_at,
        handed_over_to=rest.shift_id,
        reason=reason,
        **by,
    )
    await world.apply(planned, published, vnpt.event(ended), vnpt.event(ended))
    again = ShiftPublished(shift=rest._next(), actor=MANAGER)  # a later version of the new shift tells nobody again
    await world.apply(vnpt.event(again))

    assert told(world) == [("handover_off", "Hồ Văn Dũng", "vi"), ("handover_taker", "Đoàn Quang Vinh", "en")]
    [taker] = of_kind(world, "handover_taker")
    assert taker.subject.startswith("You take over the rest of a shift: ")
    assert (
        "You take over the rest of the shift below from 22:05 5 Feb 2027, in place of Hồ Văn Dũng "
        f"(handed over by {MANAGER})." in (taker.body or "")
    )
    assert "Reason: “Ốm đột xuất”" in (taker.body or "")  # on its own line, as the relieved person's (QZ20 #5)
    assert taker.attachment is not None and "STATUS:CONFIRMED" in taker.attachment
    [off] = of_kind(world, "handover_off")
    assert (
        "Anh/chị thôi trực ca dưới đây từ 22:05 05/02/2027; Đoàn Quang Vinh nhận phần còn lại "
        f"(người giao ca: {MANAGER})." in (off.body or "")
    )
    assert LOGIN not in (taker.body or "") + (off.body or "")
    assert "Lý do: “Ốm đột xuất”" in (off.body or "")
    assert off.attachment is not None and "T220500" in next(
        line for line in off.attachment.splitlines() if line.startswith("DTEND")
    )  # the .ics moves its end to the moment
    assert f"\nXem ca trực trên Lịch trực Tết: {PORTAL}/go/shifts/{old.shift_id}\n" in (off.body or "")
    link = f"\nSee the shift and check in on the Tết duty roster: {PORTAL}/go/shifts/{rest.shift_id}\n"
    assert link in (taker.body or "")
    assert [r for r in world.state.reminders.values() if r.staff_id == vinh.staff_id] == []  # no routine reminder


async def test_a_shift_nobody_came_to_handed_over_tells_both_from_when(world) -> None:
    """QZ10 #8, QZ13 #2: nobody on the shift checked in; at 23:10 the replacement takes it from the moment (23:15) and
    the old one is cancelled with the handover (ShiftCancelled, `handed_over_to`): the absent person is told they
    are off the whole shift, with the .ics that removes it, and from when the replacement is on duty; the
    replacement that they take it from 23:15 to its end, nobody having come — not "the whole shift from 22:00"."""
    vnpt = Enterprise(world.clock)
    dung, vinh = Person.new("Hồ Văn Dũng"), Person.new("Đoàn Quang Vinh")
    await world.apply(vnpt.registered(), vnpt.staff(dung), vnpt.staff(vinh, language="en"))
    old = vnpt.shift([dung], start=GIAO_THUA, hours=8, duty_type="operations")
    old.planned()
    await world.apply(old.published())
    world.clock.now = GIAO_THUA + timedelta(minutes=70)  # 23:10, nobody came
    reason = "Trưởng ca không đến"
    rest = vnpt.shift([vinh], start=GIAO_THUA + timedelta(minutes=75), hours=8, duty_type="operations")
    rest.snapshot = rest.snapshot.model_copy(
        update={"continues_shift_id": old.shift_id, "handover_reason": reason, "ends_at": old.snapshot.ends_at}
    )
    planned = vnpt.event(ShiftPlanned(shift=rest.snapshot, actor=MANAGER))
    published = vnpt.event(ShiftPublished(shift=rest._next(status="published"), actor=MANAGER))
    gone = ShiftCancelled(
        shift=old._next(status="cancelled"), handed_over_to=rest.shift_id, reason=reason, actor=MANAGER
    )
    await world.apply(planned, published, vnpt.event(gone), vnpt.event(gone))
    # events without the account's name (from before roster carried it): "a manager", never the `actor`

    assert told(world) == [("handover_off", "Hồ Văn Dũng", "vi"), ("handover_taker", "Đoàn Quang Vinh", "en")]
    [taker] = of_kind(world, "handover_taker")
    assert taker.subject.startswith("You take over a shift nobody came to: ")
    assert (
        "You take over the shift below from 23:15 5 Feb 2027 to 06:00 6 Feb 2027 (those rostered did not come), in "
        "place of Hồ Văn Dũng (handed over by a manager)." in (taker.body or "")
    ), taker.body
    assert "Reason: “Trưởng ca không đến”" in (taker.body or "")
    assert "whole" not in (taker.subject or "") + (taker.body or "")
    [off] = of_kind(world, "handover_off")
    assert (
        "Anh/chị được ghi nhận là không đến ca trực dưới đây (bắt đầu lúc 22:00 05/02/2027), nên đã thôi trực ca "
        "này; "
        "Đoàn Quang Vinh nhận ca từ 23:15 05/02/2027 (người giao ca: người quản lý)." in (off.body or "")
    ), off.body
    assert MANAGER not in (taker.body or "") + (off.body or "")  # the `actor` is a login: never said
    assert "gỡ ca này khỏi lịch" in (off.body or "")
    assert off.attachment is not None and "STATUS:CANCELLED" in off.attachment  # removes it from his calendar


async def test_a_shift_nobody_came_to_handed_over_cancels_the_event_of_its_invitation_in_the_one_mail(world) -> None:
    """RFC 5546 3.2.5: an organizer removes an event from an attendee's calendar with METHOD:CANCEL. The shift nobody
    came to, handed over whole, went out as METHOD:PUBLISH with STATUS:CANCELLED, which some calendars keep showing:
    its .ics is now the cancellation's — the UID of the invitation he had (his reminder's), a higher SEQUENCE, him as
    the attendee — in the handover's mail, no second (`shift_cancelled`) one. A handover of the rest of a shift
    someone came to still moves its end (PUBLISH: the event stays, shorter)."""
    vnpt = Enterprise(world.clock)
    dung, vinh = Person.new("Hồ Văn Dũng"), Person.new("Đoàn Quang Vinh")
    await world.apply(vnpt.registered(), vnpt.staff(dung), vnpt.staff(vinh))
    old = vnpt.shift([dung], start=GIAO_THUA, hours=8, duty_type="operations")
    old.planned()
    await world.apply(old.published())
    world.clock.now = GIAO_THUA - timedelta(hours=1)
    await dispatch_due_reminders(world.ctx, world.clock())
    reminded = [d for d in world.state.deliveries.values() if d.kind == "reminder" and d.staff_id == dung.staff_id]
    assert reminded, "his reminders, each with the shift's .ics"
    invited = [read_ics(d) for d in reminded]
    world.clock.now = GIAO_THUA + timedelta(minutes=70)  # 23:10, nobody came
    rest = vnpt.shift([vinh], start=GIAO_THUA + timedelta(minutes=75), hours=8, duty_type="operations")
    rest.snapshot = rest.snapshot.model_copy(
        update={"continues_shift_id": old.shift_id, "handover_reason": "Không đến", "handover_absent": True}
    )
    gone = ShiftCancelled(
        shift=old._next(status="cancelled"), handed_over_to=rest.shift_id, reason="Không đến", actor=LOGIN
    )
    await world.apply(
        vnpt.event(ShiftPlanned(shift=rest.snapshot)),
        vnpt.event(ShiftPublished(shift=rest._next(status="published"))),
        vnpt.event(gone),
        vnpt.event(gone),
    )

    # Besides his invitations (the reminders' and the publication's): one mail, the handover's, no cancellation.
    his = [
        d
        for d in world.state.deliveries.values()
        if d.staff_id == dung.staff_id and d.kind not in ("reminder", "shift_published")
    ]
    assert [d.kind for d in his] == ["handover_off"]
    calendar, event = read_ics(his[0])
    assert calendar.method == "CANCEL" and {str(c.method) for c, _ in invited} == {"PUBLISH"}
    assert event.uid == f"{old.shift_id}.{dung.staff_id}@lichtruc" and {e.uid for _, e in invited} == {event.uid}
    assert event.sequence > max(e.sequence for _, e in invited)
    assert event.status == "CANCELLED" and event.walk("VALARM") == []
    assert [str(a) for a in event.attendees] == [f"mailto:{his[0].recipient}"]
    assert event.summary.startswith("Đã chuyển giao cho Đoàn Quang Vinh: ")  # whom, as his feed says it
    [taker] = of_kind(world, "handover_taker")
    assert read_ics(taker)[0].method == "PUBLISH"  # the new shift: put in Vinh's calendar

    # someone came: the rest handed over moves the old event's end, the event kept
    came = vnpt.shift([dung], start=GIAO_THUA + timedelta(days=1), hours=8, duty_type="operations")
    came.planned()
    await world.apply(came.published())
    world.clock.now = GIAO_THUA + timedelta(days=1, minutes=30)
    await world.apply(came.checked_in(dung))
    moment = GIAO_THUA + timedelta(days=1, minutes=35)
    later = vnpt.shift([vinh], start=moment, hours=7, duty_type="operations")
    later.snapshot = later.snapshot.model_copy(update={"continues_shift_id": came.shift_id, "handover_reason": "Ốm"})
    before = came.snapshot
    ended = ShiftRescheduled(
        shift=came._next(ends_at=moment),
        previous_starts_at=before.starts_at,
        previous_ends_at=before.ends_at,
        handed_over_to=later.shift_id,
        reason="Ốm",
    )
    await world.apply(
        vnpt.event(ShiftPlanned(shift=later.snapshot)),
        vnpt.event(ShiftPublished(shift=later._next(status="published"))),
        vnpt.event(ended),
    )
    [off] = [d for d in of_kind(world, "handover_off") if d.shift_id == came.shift_id]
    calendar, event = read_ics(off)
    assert calendar.method == "PUBLISH" and event.status == "CONFIRMED"
    assert event.end == moment and "ATTENDEE" not in event


async def test_a_person_on_both_shifts_of_a_handover_nobody_came_to_gets_one_mail_saying_both() -> None:
    """M3 leftover: Vinh was on the 22:00 shift nobody came to and is on the one that replaces it from 23:15; he got
    only the new shift's mail, as if the old one were someone else's. One mail tells him both — his shift from
    22:00 cancelled, the new one his in its place — with the new one's .ics; Dũng, only on the old one, is told he is
    off it (METHOD:CANCEL), Tâm, only on the new, that he takes it in Dũng's place; in either order of the events."""
    for relieved_first in (False, True):
        world = make_world(portal_url=PORTAL)
        vnpt = Enterprise(world.clock)
        dung, vinh, tam = Person.new("Hồ Văn Dũng"), Person.new("Đoàn Quang Vinh"), Person.new("Lê Văn Tâm")
        await world.apply(vnpt.registered(), vnpt.staff(dung), vnpt.staff(vinh, language="en"), vnpt.staff(tam))
        old = vnpt.shift([dung, vinh], start=GIAO_THUA, hours=8, duty_type="operations")
        old.planned()
        await world.apply(old.published())
        world.clock.now = GIAO_THUA + timedelta(minutes=70)  # 23:10, nobody came
        rest = vnpt.shift([vinh, tam], start=GIAO_THUA + timedelta(minutes=75), hours=8, duty_type="operations")
        rest.snapshot = rest.snapshot.model_copy(
            update={
                "continues_shift_id": old.shift_id,
                "handover_reason": "Không ai đến đúng giờ",
                "handover_absent": True,
                "ends_at": old.snapshot.ends_at,
            }
        )
        by = {"actor": LOGIN, "actor_name": MANAGER}
        taking = [
            vnpt.event(ShiftPlanned(shift=rest.snapshot, **by)),
            vnpt.event(ShiftPublished(shift=rest._next(status="published"), **by)),
        ]
        gone = vnpt.event(
            ShiftCancelled(
                shift=old._next(status="cancelled"), handed_over_to=rest.shift_id, reason="Không ai đến đúng giờ", **by
            )
        )
        await world.apply(*([gone, *taking] if relieved_first else [*taking, gone]))

        assert told(world) == [
            ("handover_off", "Hồ Văn Dũng", "vi"),
            ("handover_taker", "Lê Văn Tâm", "vi"),
            ("handover_taker", "Đoàn Quang Vinh", "en"),
        ], relieved_first
        [his] = [d for d in changed(world) if d.staff_id == vinh.staff_id]
        assert his.subject.startswith("Your shift is replaced by a new one: ")
        assert (
            "You were recorded as not having come to the shift that began at 22:00 5 Feb 2027, so it is cancelled; "
            f"you are on the shift below from 23:15 5 Feb 2027 to 06:00 6 Feb 2027 in its place (handed over by "
            f"{MANAGER})." in (his.body or "")
        ), his.body
        assert "Reason: “Không ai đến đúng giờ”" in (his.body or "")
        assert "if you added it from a mail, delete it." in (his.body or "")
        calendar, event = read_ics(his)
        assert calendar.method == "PUBLISH" and event.uid == f"{rest.shift_id}.{vinh.staff_id}@lichtruc"
        [dungs] = [d for d in changed(world) if d.staff_id == dung.staff_id]
        assert read_ics(dungs)[0].method == "CANCEL" and "Đoàn Quang Vinh, Lê Văn Tâm nhận ca từ 23:15" in (
            dungs.body or ""
        ), dungs.body
        [tams] = [d for d in changed(world) if d.staff_id == tam.staff_id]
        assert "thay cho Hồ Văn Dũng (người giao ca" in (tams.body or ""), tams.body


async def test_the_replacement_is_told_the_others_did_not_come_only_when_the_manager_said_so(world) -> None:
    """QZ14: nobody on the 22:00 shift had checked in and the manager unticked "Người trực không đến" (on the way, late):
    the replacement's mail still said "(người trực trước không đến)", guessed from nobody having checked in. The new
    shift's events carry the manager's choice (`handover_absent`): said, the mail says they did not come; unticked,
    that the replacement takes the rest from the moment, nothing about anyone's absence."""
    vnpt = Enterprise(world.clock)
    dung, vinh, tam, vy = (Person.new(n) for n in ("Hồ Văn Dũng", "Đoàn Quang Vinh", "Lê Văn Tâm", "Ngô Thảo Vy"))
    await world.apply(vnpt.registered(), *(vnpt.staff(p) for p in (dung, vinh, tam, vy)))
    world.clock.now = GIAO_THUA + timedelta(minutes=70)  # 23:10, nobody checked in on either shift
    moment = GIAO_THUA + timedelta(minutes=75)
    for gone, taker, absent in ((dung, vinh, True), (tam, vy, False)):
        old = vnpt.shift([gone], start=GIAO_THUA, hours=8, duty_type="operations")
        old.planned()
        await world.apply(old.published())
        rest = vnpt.shift([taker], start=moment, hours=8, duty_type="operations")
        rest.snapshot = rest.snapshot.model_copy(
            update={
                "continues_shift_id": old.shift_id,
                "handover_reason": "Trưởng ca báo đến muộn",
                "handover_absent": absent,
                "ends_at": old.snapshot.ends_at,
            }
        )
        await world.apply(
            vnpt.event(ShiftPlanned(shift=rest.snapshot, actor=LOGIN, actor_name=MANAGER)),
            vnpt.event(ShiftPublished(shift=rest._next(status="published"), actor=LOGIN, actor_name=MANAGER)),
        )
    said = {d.recipient_name: (d.subject, d.body or "") for d in of_kind(world, "handover_taker")}
    subject, body = said["Đoàn Quang Vinh"]
    assert subject.startswith("Anh/chị nhận ca trực thay người không đến: ")
    assert "Anh/chị nhận ca trực dưới đây từ 23:15 05/02/2027 đến 06:00 06/02/2027 (người trực trước không đến)" in body
    subject, body = said["Ngô Thảo Vy"]
    assert subject.startswith("Anh/chị nhận phần còn lại của ca: "), subject
    assert (
        "Anh/chị nhận phần còn lại của ca trực dưới đây từ 23:15 05/02/2027, thay cho Lê Văn Tâm "
        f"(người giao ca: {MANAGER})" in body
    ), body
    assert "không đến" not in subject + body
