"""An early-leave notice (“Tôi cần về sớm”, QZ29 #8) through notifier's batch consumer on PostgreSQL: the enterprise's
managers are mailed at once — on mùng 2 Tết at 10:00 — each once (an address both in the enterprise's list and a
manager account's login gets one mail), in their language: who, which shift (duty type, site, times in Vietnam time
with the lunar day), from when, why, the colleague named, and the link to the board's cell with the handover form
drawn for the shift from that moment with the colleague ticked; the person and the colleague are told nothing (a
notice changes nobody on duty); a repeated batch adds nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from notifier_testkit import PORTAL, Enterprise, FakeClock, Person, account, settings_for
from sqlalchemy import select

from lichtruc import db, topics
from lichtruc.events import EarlyLeaveAsked
from notifier.app import MIGRATIONS, create_app
from notifier.db.tables import deliveries
from notifier.handlers.events import make_apply_batch

TUYET, CUONG, HUNG = "Nguyễn Thị Ánh Tuyết", "Phạm Văn Cường", "Trần Quốc Hùng"
MANAGER_MAIL = "quanly@vnpt-longan.vn"


async def test_the_managers_are_mailed_at_once_with_the_handover_form_link(new_database) -> None:
    clock = FakeClock(datetime(2027, 2, 7, 3, 0, tzinfo=UTC))  # 10:00 on mùng 2 Tết
    hung = Person.new(HUNG)  # a manager who reads English
    vnpt = Enterprise(clock, manager_emails=(MANAGER_MAIL, hung.email))
    tuyet, cuong = Person.new(TUYET), Person.new(CUONG)
    site_id, site = vnpt.site("Tổng đài Tân An")
    campaign_id = uuid.uuid4()
    shift = vnpt.shift(
        [tuyet],
        start=datetime(2027, 2, 6, 23, 0, tzinfo=UTC),
        hours=12,
        duty_type="operations",
        site_id=site_id,
        campaign_id=campaign_id,
    )
    shift.planned()
    setup = [
        vnpt.registered(),
        site,
        vnpt.staff(tuyet),
        vnpt.staff(cuong),
        vnpt.staff(hung, language="en"),
        shift.published(),
        account(vnpt, MANAGER_MAIL, role="manager"),  # the same address as a login: still one mail
    ]
    notice_id = uuid.uuid4()
    asked = vnpt.event(
        EarlyLeaveAsked(
            early_leave_id=notice_id,
            shift=shift.snapshot,
            staff_id=tuyet.staff_id,
            staff_name=TUYET,
            leave_at=datetime(2027, 2, 7, 3, 30, tzinfo=UTC),  # 10:30
            reason="Con bị sốt cao,\nphải đưa đi viện",
            colleague_id=cuong.staff_id,
            colleague_name=CUONG,
            version=1,
            actor="tuyet.nta",
        )
    )
    engine = db.create_engine(new_database("notifier"))
    await db.migrate(engine, MIGRATIONS, service="notifier")
    await engine.dispose()
    app = create_app(
        settings_for(new_database("notifier"), "127.0.0.1:1", "unused", scheduler_enabled=False), clock=clock
    )
    consume = make_apply_batch(app.state.ctx)

    async def mails() -> list:
        async with app.state.runtime.sessions() as session:
            return list(
                (await session.execute(select(deliveries).where(deliveries.c.kind == "early_leave"))).mappings()
            )

    try:
        await consume([(e, topics.ROSTER_EVENTS) for e in setup])
        await consume([(asked, topics.ROSTER_EVENTS)])
        await consume([(asked, topics.ROSTER_EVENTS)])  # redelivered: nothing more
        found = await mails()
        assert sorted(d["recipient"] for d in found) == sorted([MANAGER_MAIL, hung.email])  # each once
        by = {d["recipient"]: d for d in found}
        vi, en = by[MANAGER_MAIL], by[hung.email]
        assert (vi["language"], en["language"]) == ("vi", "en")
        assert all(d["next_attempt_at"] <= clock() for d in found)  # at once: no quiet hours
        assert vi["subject"].startswith(f"{TUYET} xin về sớm: Trực điều hành")
        body = vi["body"]
        assert f"{TUYET} báo cần về sớm khỏi ca trực dưới đây, từ 10:30 07/02/2027 (Mùng 2 Tết)." in body
        assert "Tổng đài Tân An" in body
        assert "Thời gian: 06:00–18:00 07/02/2027 (Mùng 2 Tết), giờ Việt Nam" in body
        assert f"Người trực: {TUYET}" in body
        assert "Lý do: “Con bị sốt cao,\n" in body and "phải đưa đi viện”" in body
        assert f"Đồng nghiệp đã đồng ý nhận ca: {CUONG}" in body
        assert f"đã chọn {CUONG}" in body and "Lịch trực chưa thay đổi" in body
        assert f"{TUYET} must leave early" in en["subject"]
        assert "from 10:30 7 Feb 2027 (2nd day of Tết)" in en["body"]
        assert f"Colleague who agreed to take over: {CUONG}" in en["body"]
        [link] = [line.split(": ", 1)[1] for line in body.splitlines() if line.startswith("Giao phần còn lại của ca: ")]
        url = urlsplit(link)
        assert f"{url.scheme}://{url.netloc}" == PORTAL.rstrip("/")
        assert url.path == f"/manage/board/{campaign_id}/{vnpt.enterprise_id}/cell"
        assert parse_qs(url.query) == {
            "day": ["2027-02-07"],
            "duty_type": ["operations"],
            "site_id": [str(site_id)],
            "handover": [str(shift.shift_id)],
            "handover_at": ["2027-02-07T10:30"],
            "handover_people": [str(cuong.staff_id)],
        }
        assert url.fragment == f"shift-{shift.shift_id}"
        # a notice changes nobody on duty: the person and the colleague are told nothing
        async with app.state.runtime.sessions() as session:
            told = (await session.execute(select(deliveries.c.staff_id, deliveries.c.kind))).all()
        assert not [k for s, k in told if s in (tuyet.staff_id, cuong.staff_id) and k != "shift_published"]
    finally:
        await app.state.runtime.engine.dispose()
