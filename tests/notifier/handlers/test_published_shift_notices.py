"""A shift published tells each person on it (QZ24 #1: four people planned, one on giao thừa night, and nobody was
told before the 24-hour reminder), through the service layer over the in-memory repositories: once per shift and
person, in their language, by whom; a draft, or a shift already over when published, tells nobody; a person put on
later is told by the reassignment's notice only. Several of a person's shifts published together go out as one
mail listing them with one .ics holding every event (its UIDs those of the later notices), written as the shifts
are when it is sent: a shift moved meanwhile at its new time, one cancelled meanwhile left out."""

from __future__ import annotations

from datetime import time, timedelta

import icalendar
from notifier_testkit import GIAO_THUA, PORTAL, Enterprise, Person

from lichtruc.events import ShiftPublished, ShiftReassigned
from notifier.domain.model import Claimed, Delivery, Outcome
from notifier.handlers import notices
from notifier.handlers.deliveries import claim_next, mark
from notifier.handlers.preferences import PreferencesIn, put_preferences

from .conftest import make_world

ANH, BAO, HOA = "Phạm Thị Ngọc Ánh", "Đặng Quốc Bảo", "Lê Văn Hòa"
MANAGER, LOGIN = "Trần Văn Tâm", "manager-vnpt"


def _published(world) -> list[Delivery]:
    return [d for d in world.state.deliveries.values() if d.kind == "shift_published"]


async def _claims(world) -> list[Claimed]:
    out = []
    while (claimed := await claim_next(world.ctx, world.clock())) is not None:
        out.append(claimed)
    return out


async def test_publishing_four_shifts_tells_each_person_once_in_one_mail_with_one_ics_of_all_theirs() -> None:
    world = make_world(portal_url=PORTAL)
    now = world.clock()
    vnpt = Enterprise(world.clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    bao, hoa = Person.new(BAO, email="baodq@vnpt-longan.vn"), Person.new(HOA, email="hoalv@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao, language="en"), vnpt.staff(hoa))
    night = vnpt.shift([anh], start=GIAO_THUA - timedelta(hours=4), hours=6, duty_type="operations")  # to 24:00
    morning = vnpt.shift([anh, bao], start=GIAO_THUA + timedelta(hours=8), duty_type="leadership")
    third = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=2))
    fourth = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=3))
    draft = vnpt.shift([anh], start=GIAO_THUA + timedelta(days=4))
    over = vnpt.shift([anh], start=now - timedelta(hours=10), hours=8)  # a correction of a past shift
    events = [s.planned() for s in (night, morning, third, fourth, draft, over)]
    events += [s.published(actor=LOGIN, actor_name=MANAGER) for s in (night, morning, third, fourth, over)]
    await world.apply(*events)

    told = sorted((d.recipient, d.shift_id) for d in _published(world))
    assert told == sorted(
        [(anh.email, s.shift_id) for s in (night, morning, third, fourth)] + [(bao.email, morning.shift_id)]
    )  # not the draft, not the shift already over
    assert {d.next_attempt_at for d in _published(world)} == {now + timedelta(seconds=60)}  # the window
    again = vnpt.event(ShiftPublished.model_validate(events[6].data))  # another envelope of the same publication
    later = vnpt.event(ShiftPublished(shift=night._next(), actor=LOGIN, actor_name=MANAGER))  # a newer version
    await world.apply(again, later)
    async with world.ctx.uow() as uow:  # and told of it again, as the batch might: its deliveries' keys are taken
        assert not await notices.tell_shift_published(
            uow, ctx=world.ctx, data=ShiftPublished.model_validate(later.data)
        )
    assert len(_published(world)) == 5

    before = morning.snapshot.assignees  # Hòa put on the morning later: the reassignment's notice, not a second one
    put_on = ShiftReassigned(shift=morning._next(assignees=(*before, hoa.assignee())), previous_assignees=before)
    await world.apply(vnpt.event(put_on))
    assert [d.kind for d in world.state.deliveries.values() if d.staff_id == hoa.staff_id] == ["shift_put_on"]
    await world.apply(third.rescheduled(GIAO_THUA + timedelta(days=2, hours=1)))  # moved within the window
    await world.apply(fourth.cancelled("Trạm đóng cửa"))  # cancelled within it: its own notice tells her

    world.clock.advance(seconds=30)
    assert {c.kind for c in await _claims(world)} == {"shift_put_on", "shift_moved", "shift_cancelled"}
    world.clock.advance(seconds=31)
    claims = [c for c in await _claims(world) if c.kind == "shift_published"]
    by_address = {c.recipient: c for c in claims}
    assert sorted(by_address) == [anh.email, bao.email]
    hers = by_address[anh.email]
    assert len(hers.members) == 2  # her night, morning and the moved one: one mail (the cancelled one left out)
    assert (
        hers.subject == "Lịch trực của anh/chị đã được công bố: 3 ca, 05/02 – 08/02/2027 (29 tháng Chạp – Mùng 3 Tết)"
    )
    assert f"3 ca trực dưới đây của anh/chị đã được công bố (người công bố: {MANAGER})." in hers.body
    assert "18:00–24:00 05/02/2027 (29 tháng Chạp), giao thừa, giờ Việt Nam" in hers.body  # to giao thừa (QZ26 #7)
    assert "23:00 07/02/2027" in hers.body, hers.body  # the moved one at its new time (22:00 → 23:00)
    assert LOGIN not in hers.body and f"{PORTAL}/go/shifts/{night.shift_id}" in hers.body
    calendar = icalendar.Calendar.from_ical(hers.attachment or "")
    assert calendar.get("METHOD") == "PUBLISH"
    uids = [str(e.get("UID")) for e in calendar.events]
    assert uids == [f"{s.shift_id}.{anh.staff_id}@lichtruc" for s in (night, morning, third)]  # as later notices
    assert [e.get("SEQUENCE") for e in calendar.events] == [0, 1, 1]  # the morning re-peopled, the third moved
    assert all(len(e.walk("VALARM")) == 2 for e in calendar.events)  # her phone reminds, as her feed does
    [cancelled] = [d for d in _published(world) if d.shift_id == fourth.shift_id]
    assert cancelled.status == "cancelled" and "cancelled, given to others or over" in (cancelled.last_error or "")
    his = by_address[bao.email]
    assert his.members == () and his.subject.startswith("Your duty roster is published: Leadership")
    assert f"Your shift below has been published (published by {MANAGER})." in his.body
    assert [str(e.get("UID")) for e in icalendar.Calendar.from_ical(his.attachment or "").events] == [
        f"{morning.shift_id}.{bao.staff_id}@lichtruc"
    ]
    assert await _claims(world) == []  # nothing told twice


async def test_a_handover_publication_is_told_by_its_own_notice_and_a_draft_published_at_once_by_this_one() -> None:
    """A shift continuing another (a handover) is told as a handover, never as "published"; a shift published too
    close to its start for the window goes at once."""
    world = make_world()
    vnpt = Enterprise(world.clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(anh))
    soon = vnpt.shift([anh], start=world.clock() + timedelta(seconds=20))
    soon.planned()
    await world.apply(soon.published())
    [now] = _published(world)
    assert now.next_attempt_at == world.clock()
    rest = vnpt.shift([anh], start=world.clock() + timedelta(hours=1))
    rest.snapshot = rest.snapshot.model_copy(update={"continues_shift_id": soon.shift_id})
    rest.planned()
    await world.apply(rest.published())
    assert len(_published(world)) == 1


async def test_a_shift_published_inside_quiet_hours_is_mailed_at_their_end_unless_it_starts_before_then() -> None:
    """The notice keeps the person's quiet hours as the other notices do (`shift_notices.notice_time`): published at
    22:00 inside Ánh's 21:00–06:00, her shift of mùng 1 is mailed at 06:00 and the window after (06:01), with any
    other published with it; her shift that starts at 00:30, before the quiet time ends, is mailed at once (after
    the window, which ends before it starts) and alone."""
    world = make_world()
    vnpt = Enterprise(world.clock)
    anh = Person.new(ANH, email="anhptn@vnpt-longan.vn")
    await world.apply(vnpt.registered(), vnpt.staff(anh))
    quiet = PreferencesIn(None, ("email",), (30,), time(21), time(6), None)  # the clock says 22:00
    await put_preferences(ctx=world.ctx, staff_id=anh.staff_id, new=quiet)
    start = world.clock()
    tet, also = (vnpt.shift([anh], start=GIAO_THUA + timedelta(hours=h)) for h in (8, 16))
    tonight = vnpt.shift([anh], start=start + timedelta(hours=2, minutes=30), duty_type="operations")
    await world.apply(*(s.planned() for s in (tet, also, tonight)), *(s.published() for s in (tet, also, tonight)))

    quiet_end = start + timedelta(hours=8)  # 06:00
    by_shift = {d.shift_id: d.next_attempt_at for d in _published(world)}
    assert by_shift == {
        tet.shift_id: quiet_end + timedelta(seconds=60),
        also.shift_id: quiet_end + timedelta(seconds=60),
        tonight.shift_id: start + timedelta(seconds=60),
    }
    world.clock.advance(seconds=61)
    [at_once] = await _claims(world)  # tonight's, alone: the others wait for the morning
    assert at_once.members == () and "Trực điều hành" in at_once.subject
    await mark(world.ctx, claimed=at_once, outcome=Outcome("sent", "250 OK"), now=world.clock())
    world.clock.advance(seconds=(quiet_end - world.clock()).total_seconds() + 1)  # 06:00:01: quiet over, the window not
    assert await _claims(world) == []
    world.clock.advance(seconds=60)
    [morning] = await _claims(world)
    assert len(morning.members) == 1 and morning.subject.startswith("Lịch trực của anh/chị đã được công bố: 2 ca, ")
    assert await _claims(world) == []
