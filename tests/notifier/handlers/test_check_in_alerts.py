"""A missed check-in told (handlers/check_ins.py) through the service layer over the in-memory repositories: the
person, the leader on duty then and the enterprise's managers, 15 minutes after the start; the managers told of the
late arrival after it; nothing for a check-in in time, a cancelled shift, or with NOTIFIER_CHECK_IN_ALERTS off."""

from __future__ import annotations

from datetime import timedelta

from notifier_testkit import PORTAL, Enterprise, Person

from notifier.handlers.check_ins import dispatch_due_check_ins

from .conftest import World, make_world

EVENING = "2027-02-05T11:00:00+00:00"


async def _night(world: World):
    """VNPT Long An with a manager's address and the duty mailbox; the duty leader Lê Văn Tám on a leadership shift
    from 14:00 to 08:00, and Nguyễn Thị Ánh Nguyệt and Trần Văn Bình on the operations shift 18:00–06:00 of 29
    tháng Chạp (giao thừa's eve), published two days before; Tám checks in at 14:00."""
    world.clock.now = world.clock.now.fromisoformat(EVENING) - timedelta(days=2)
    vnpt = Enterprise(world.clock, manager_emails=("quanly@vnpt-longan.vn", "truc-tet@vnpt-longan.vn"))
    tam, nguyet, binh = Person.new("Lê Văn Tám"), Person.new("Nguyễn Thị Ánh Nguyệt"), Person.new("Trần Văn Bình")
    await world.apply(
        vnpt.registered(),
        vnpt.staff(tam, phone="0913111222"),
        vnpt.staff(nguyet, phone="0987654321"),
        vnpt.staff(binh),
    )
    start = world.clock.now + timedelta(days=2)
    leader = vnpt.shift([tam], start=start - timedelta(hours=4), hours=18, duty_type="leadership")
    night = vnpt.shift([nguyet, binh], start=start, hours=12, duty_type="operations")
    await world.apply(leader.planned(), leader.published(), night.planned(), night.published())
    world.clock.now = start - timedelta(hours=4)
    await world.apply(leader.checked_in(tam))  # the duty leader is there from 14:00
    world.clock.now = start - timedelta(days=2)
    return vnpt, night, tam, nguyet, binh


def _mails(world: World, kind: str) -> dict[str, str]:
    return {d.recipient or "": d.body or "" for d in world.state.deliveries.values() if d.kind == kind}


async def test_nobody_checks_in_the_person_the_leader_on_duty_and_the_managers_are_told_once(world) -> None:
    vnpt, night, tam, nguyet, binh = await _night(world)
    start = night.snapshot.starts_at
    world.clock.now = start + timedelta(minutes=14)
    await world.apply(night.checked_in(binh))  # Bình is there; Nguyệt is not
    assert await dispatch_due_check_ins(world.ctx, world.clock()) == 0  # not yet: the grace has a minute left

    world.clock.now = start + timedelta(minutes=15)
    await dispatch_due_check_ins(world.ctx, world.clock())
    mails = _mails(world, "check_in_missed")
    assert set(mails) == {nguyet.email, tam.email, "quanly@vnpt-longan.vn", "truc-tet@vnpt-longan.vn"}
    assert "Nếu đang trực, hãy điểm danh ngay tại: " + PORTAL + f"/go/shifts/{night.shift_id}" in mails[nguyet.email]
    assert "hãy báo ngay lãnh đạo trực Lê Văn Tám, số 0913 111 222" in mails[nguyet.email]
    said = (
        "Nguyễn Thị Ánh Nguyệt chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa) tại VNPT Long An"
    )
    assert said in mails[tam.email] and said in mails["quanly@vnpt-longan.vn"]
    board = f"{PORTAL}/manage/board/{night.snapshot.campaign_id}" if night.snapshot.campaign_id else PORTAL
    assert board + "/manage/board?enterprise_id=" + str(vnpt.enterprise_id) in mails["quanly@vnpt-longan.vn"]
    assert not any(binh.full_name in body for body in mails.values())  # checked in in time: nobody told

    world.clock.now += timedelta(minutes=5)
    assert await dispatch_due_check_ins(world.ctx, world.clock()) == 0  # once
    assert len(_mails(world, "check_in_missed")) == 4

    world.clock.now = start + timedelta(hours=4, minutes=51)
    await world.apply(night.checked_in(nguyet))
    await dispatch_due_check_ins(world.ctx, world.clock())
    came = _mails(world, "check_in_late")
    assert set(came) == {tam.email, "quanly@vnpt-longan.vn", "truc-tet@vnpt-longan.vn"}  # not Nguyệt herself
    assert "Nguyễn Thị Ánh Nguyệt đã có mặt lúc 22:51, muộn 4 giờ 51 phút" in came["quanly@vnpt-longan.vn"]


async def test_a_check_in_in_time_a_cancelled_shift_and_the_setting_off_tell_nobody(world) -> None:
    vnpt, night, _, nguyet, binh = await _night(world)
    start = night.snapshot.starts_at
    world.clock.now = start - timedelta(minutes=10)
    await world.apply(night.checked_in(nguyet), night.checked_in(binh))
    world.clock.now = start + timedelta(hours=1)
    await dispatch_due_check_ins(world.ctx, world.clock())
    assert _mails(world, "check_in_missed") == {}
    assert {a.status for a in world.state.check_ins.values() if a.shift_id == night.shift_id} == {"withdrawn"}

    world.clock.now = start - timedelta(days=1)
    other = vnpt.shift([nguyet], start=start + timedelta(days=1), duty_type="operations")
    await world.apply(other.planned(), other.published(), other.cancelled())
    world.clock.now = start + timedelta(days=1, minutes=30)
    await dispatch_due_check_ins(world.ctx, world.clock())
    assert _mails(world, "check_in_missed") == {}

    off = make_world(check_in_alerts=False)
    _, night, *_ = await _night(off)
    off.clock.now = night.snapshot.starts_at + timedelta(hours=1)
    assert await dispatch_due_check_ins(off.ctx, off.clock()) == 0
    assert off.state.check_ins == {}
    assert not [d for d in off.state.deliveries.values() if d.kind.startswith("check_in")]
