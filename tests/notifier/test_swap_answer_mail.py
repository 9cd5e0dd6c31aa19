"""The colleague's answer to a swap request (QZ26 #12) through notifier's batch consumer on PostgreSQL: the managers'
request mail (Bảo has no account to answer on: theirs to decide at once) says the colleague is asked first; a refusal tells the asker, with the colleague's note, what to do and
tells the managers nothing (nothing to decide); the asker names someone else — the managers not mailed again (R5) —, who accepts: the
asker is told, and the managers that the request is ready to decide; a repeated batch adds nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

from notifier_testkit import GIAO_THUA, Enterprise, FakeClock, Person, account, settings_for
from sqlalchemy import select

from lichtruc import db, topics
from lichtruc.events import CloudEvent, SwapAnswered, SwapRequested
from notifier.app import MIGRATIONS, create_app
from notifier.db.tables import deliveries
from notifier.handlers.events import make_apply_batch

ANH, BAO, HOA = "Phạm Thị Ngọc Ánh", "Đặng Quốc Bảo", "Lê Văn Hòa"
MANAGER_MAIL = "quanly@vnpt-longan.vn"


async def test_answers_tell_the_asker_and_an_acceptance_the_managers(new_database) -> None:
    clock = FakeClock(GIAO_THUA - timedelta(days=3, hours=-4))  # 11:00 local: nobody's quiet hours
    vnpt = Enterprise(clock, manager_emails=(MANAGER_MAIL,))
    anh, bao, hoa = Person.new(ANH), Person.new(BAO), Person.new(HOA)
    shift = vnpt.shift([anh], start=GIAO_THUA, duty_type="operations")
    shift.planned()
    setup = [vnpt.registered(), vnpt.staff(anh), vnpt.staff(bao), vnpt.staff(hoa, language="en"), shift.published()]
    setup.append(account(vnpt, "hoa.lv", role="staff", staff_id=hoa.staff_id))  # Bảo has none: answers by phone
    swap_id = uuid.uuid4()

    def answered(version: int, who: Person, answer: str, note: str | None) -> CloudEvent:
        return vnpt.event(
            SwapAnswered(
                swap_id=swap_id,
                shift_id=shift.shift_id,
                enterprise_id=vnpt.enterprise_id,
                from_staff_id=anh.staff_id,
                to_staff_id=who.staff_id,
                answer=answer,
                note=note,
                version=version,
                actor="someone",
            )
        )

    def asked(version: int, who: Person) -> CloudEvent:
        return vnpt.event(
            SwapRequested(
                swap_id=swap_id,
                shift=shift.snapshot,
                from_staff_id=anh.staff_id,
                to_staff_id=who.staff_id,
                version=version,
            )
        )

    engine = db.create_engine(new_database("notifier"))
    await db.migrate(engine, MIGRATIONS, service="notifier")
    await engine.dispose()
    app = create_app(
        settings_for(new_database("notifier"), "127.0.0.1:1", "unused", scheduler_enabled=False), clock=clock
    )
    ctx = app.state.ctx
    consume = make_apply_batch(ctx)

    async def mails() -> list:
        async with app.state.runtime.sessions() as session:
            found = (await session.execute(select(deliveries))).mappings().all()
        return [d for d in found if d["kind"] in ("swap_asked", "swap_asked_you", "swap_answered", "swap_ready")]

    try:
        await consume([(e, topics.ROSTER_EVENTS) for e in setup])
        declined = [asked(1, bao), answered(2, bao, "declined", "Tối giao thừa em về quê")]
        await consume([(e, topics.ROSTER_EVENTS) for e in declined])
        first = await mails()
        [to_managers] = [d for d in first if d["kind"] == "swap_asked"]
        assert f"{BAO} được hỏi trước: yêu cầu sẵn sàng để duyệt khi người đó nhận ca" in to_managers["body"]
        [asked_you] = [d for d in first if d["kind"] == "swap_asked_you"]
        assert "Anh/chị chưa có tài khoản trên Lịch trực Tết" in asked_you["body"]  # no account: no button to press
        assert "Hãy bấm “Nhận”" not in asked_you["body"]
        [no] = [d for d in first if d["kind"] == "swap_answered"]
        assert (no["staff_id"], no["recipient"]) == (anh.staff_id, anh.email)
        assert no["subject"].startswith("Đồng nghiệp từ chối nhận ca")
        assert f"{BAO} từ chối nhận trực thay ca dưới đây: anh/chị vẫn trực ca này." in no["body"]
        assert "Lời nhắn của đồng nghiệp: “Tối giao thừa em về quê”" in no["body"]
        assert "Hãy nhờ người khác hoặc rút yêu cầu" in no["body"]
        assert f"/me/swaps#swap-{swap_id}" in no["body"]
        assert no["attachment"] is None
        assert not [d for d in first if d["kind"] == "swap_ready"]  # declined: nothing for a manager to decide

        yes = [asked(3, hoa), answered(4, hoa, "accepted", None)]
        await consume([(e, topics.ROSTER_EVENTS) for e in yes])
        await consume([(e, topics.ROSTER_EVENTS) for e in yes])  # redelivered: nothing more
        then = await mails()
        [ok] = [d for d in then if d["kind"] == "swap_answered" and d["id"] != no["id"]]
        assert ok["subject"].startswith("Đồng nghiệp đã nhận trực thay anh/chị")
        assert f"{HOA} đã nhận trực thay ca dưới đây; yêu cầu đang chờ quản lý duyệt." in ok["body"]
        [ready] = [d for d in then if d["kind"] == "swap_ready"]
        assert (ready["recipient"], ready["staff_id"]) == (MANAGER_MAIL, None)
        assert ready["subject"].startswith("Yêu cầu đổi ca sẵn sàng để duyệt")
        assert f"{HOA} đã nhận trực thay {ANH} ca dưới đây: yêu cầu đổi ca sẵn sàng để duyệt." in ready["body"]
        assert f"/manage/swaps?enterprise_id={vnpt.enterprise_id}" in ready["body"]
        [hoa_asked] = [d for d in then if d["kind"] == "swap_asked_you" and d["staff_id"] == hoa.staff_id]
        assert hoa_asked["language"] == "en"
        assert "Press “Accept” or “Decline” at this request on your “My shifts” page" in hoa_asked["body"]
        assert f"/me/shifts#asked-{swap_id}" in hoa_asked["body"]  # where the buttons are (QZ29 #1)
        # R5: the request named anew (Hòa) mailed the managers a second time; now they hear of it once ready
        assert [d["id"] for d in then if d["kind"] == "swap_asked"] == [to_managers["id"]]
        assert len(then) == 6  # managers ×1 (asked: Bảo has no account to answer on), colleagues ×2, asker ×2, ready
    finally:
        await app.state.runtime.engine.dispose()
