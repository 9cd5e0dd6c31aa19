"""A missed check-in told, through the real broker, database and a real SMTP server (QZ26: on giao thừa night
nobody was told of four people missing from 18:00): a shift begins, nobody checks in, the clock passes the grace —
the person, the leader on duty and the manager each get a mail; then the late check-in — the leader and the manager
get the second; a check-in in time gets no mail at all."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from notifier_testkit import GIAO_THUA, PORTAL, Enterprise, FakeClock, Person, send_and_wait, settings_for

from notifier.app import create_app
from support import eventually, running, wait_ready

MANAGER = "quanly@vnpt-longan.vn"
EVENING = GIAO_THUA - timedelta(hours=4)  # 18:00 on 29 tháng Chạp


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(EVENING - timedelta(days=2))


@pytest.fixture
async def app(new_database, kafka, topic_prefix, mailbox, clock):
    settings = settings_for(
        new_database("notifier"),
        kafka,
        topic_prefix,
        smtp_port=mailbox.port,
        published_notice=False,  # the check-in's mails (and the reminders, left out below)
    )
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        yield app, settings, client


def _text(received) -> tuple[str, str]:
    message = received.message
    subject = str(make_header(decode_header(message["Subject"])))
    return subject, message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _check_in_mails(mailbox, address: str) -> list[tuple[str, str]]:
    """The mails to `address` about a check-in (not the shift's reminders)."""
    return [m for m in map(_text, mailbox.to(address)) if "điểm danh" in m[0] or "đã có mặt" in m[0]]


async def _mails(mailbox, address: str, count: int, what: str) -> list[tuple[str, str]]:
    async def arrived():
        found = _check_in_mails(mailbox, address)
        return found if len(found) >= count else None

    return await eventually(arrived, what=what)


async def test_a_missed_check_in_is_mailed_to_the_person_the_leader_and_the_manager_and_the_late_arrival_after(
    app, kafka, mailbox, clock
) -> None:
    app, settings, client = app
    vnpt = Enterprise(clock, manager_emails=(MANAGER,))
    tam, nguyet, binh = Person.new("Lê Văn Tám"), Person.new("Nguyễn Thị Ánh Nguyệt"), Person.new("Trần Văn Bình")
    leader = vnpt.shift([tam], start=EVENING - timedelta(hours=4), hours=18, duty_type="leadership")
    night = vnpt.shift([nguyet], start=EVENING, hours=12, duty_type="operations")
    early = vnpt.shift([binh], start=EVENING, hours=12, duty_type="incident_response")
    for s in (leader, night, early):
        s.planned()
    await send_and_wait(
        app,
        kafka,
        settings,
        [
            vnpt.registered(),
            vnpt.staff(tam, phone="0913111222"),
            vnpt.staff(nguyet),
            vnpt.staff(binh),
            leader.published(),
            night.published(),
            early.published(),
        ],
    )
    clock.now = EVENING - timedelta(hours=4)
    await send_and_wait(app, kafka, settings, [leader.checked_in(tam)])  # the duty leader, there from 14:00
    clock.now = EVENING + timedelta(minutes=5)
    await send_and_wait(app, kafka, settings, [early.checked_in(binh)])  # in time: nobody is told of Bình

    clock.now = EVENING + timedelta(minutes=16)  # the grace has passed: Nguyệt is not there
    [(subject, text)] = await _mails(mailbox, nguyet.email, 1, "the mail to the person who did not check in")
    assert subject == "Anh/chị chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa)"
    assert f"Nếu đang trực, hãy điểm danh ngay tại: {PORTAL}/go/shifts/{night.shift_id}" in text
    assert "Nếu không đến được, hãy báo ngay lãnh đạo trực Lê Văn Tám, số 0913 111 222." in text
    said = (
        "Nguyễn Thị Ánh Nguyệt chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa) tại VNPT Long An"
    )
    for address in (tam.email, MANAGER):
        found = await _mails(mailbox, address, 1, f"the mail to {address}")
        assert len(found) == 1, [s for s, _ in found]
        [(subject, text)] = found
        assert (
            subject == "Nguyễn Thị Ánh Nguyệt chưa điểm danh ca Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa)"
        )
        assert said in text and "đã quá 15 phút" in text
        # R1's leftover: the night into mùng 1 said as the shift mails say it, in the subject and the time line
        assert (
            "Thời gian: 18:00 05/02/2027 (29 tháng Chạp) – 06:00 06/02/2027 (Mùng 1 Tết), giao thừa, giờ Việt Nam"
            in text
        )
        assert f"{PORTAL}/manage/board?enterprise_id={vnpt.enterprise_id}" in text  # no campaign known: its boards
    assert _check_in_mails(mailbox, binh.email) == []

    clock.now = EVENING + timedelta(hours=4, minutes=51)
    # QZ29 #13: she says why with her check-in, and the leader and the manager read it without phoning to ask
    flooded = "Đường Quốc lộ 62 ngập sâu, phải đi vòng qua Thạnh Hóa"
    await send_and_wait(app, kafka, settings, [night.checked_in(nguyet, late_reason=flooded)])
    for address in (tam.email, MANAGER):
        mails = await _mails(mailbox, address, 2, f"the arrival told to {address}")
        subject, text = mails[1]
        assert subject.startswith("Nguyễn Thị Ánh Nguyệt đã có mặt, muộn 4 giờ 51 phút")
        assert "Nguyễn Thị Ánh Nguyệt đã có mặt lúc 22:51, muộn 4 giờ 51 phút" in text
        assert f"Lý do đến muộn (Nguyễn Thị Ánh Nguyệt nêu): {flooded}" in text
    assert len(_check_in_mails(mailbox, nguyet.email)) == 1  # she is not told she came

    async def kinds() -> list[tuple[str, str]] | None:
        found = []
        for kind in ("check_in_missed", "check_in_late"):
            response = await client.get("/deliveries", params={"kind": kind, "limit": 100})
            found += [(d["kind"], d["recipient"], d["status"]) for d in response.json()["items"]]
        return [(k, r) for k, r, _ in found] if all(status == "sent" for *_, status in found) else None

    told = await eventually(kinds, what="every delivery sent")
    assert sorted(told) == sorted(
        [("check_in_missed", a) for a in (nguyet.email, tam.email, MANAGER)]
        + [("check_in_late", a) for a in (tam.email, MANAGER)]
    )  # once each, Bình's never


async def test_a_presence_confirmed_after_the_shift_is_applied_and_mails_nobody(app, kafka, mailbox, clock) -> None:
    """QZ27 #3: the manager's word after the shift that Nguyệt was there (her phone flat) is a shift event notifier
    applies (the shift's next version in its read model) without a mail: nothing in notifier acts on it."""
    app, settings, client = app
    vnpt = Enterprise(clock, manager_emails=(MANAGER,))
    nguyet = Person.new("Nguyễn Thị Ánh Nguyệt")
    night = vnpt.shift([nguyet], start=EVENING, hours=12, duty_type="operations")
    night.planned()
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(nguyet), night.published()])
    clock.now = EVENING + timedelta(minutes=16)
    await _mails(mailbox, nguyet.email, 1, "the missed check-in told")
    await _mails(mailbox, MANAGER, 1, "the missed check-in told to the manager")
    clock.now = EVENING + timedelta(hours=13)  # the shift is over

    async def deliveries() -> list[tuple[str, str]]:
        sent = (await client.get("/deliveries", params={"limit": 100})).json()["items"]
        return sorted((d["kind"], d["recipient"]) for d in sent)

    before = await deliveries()
    assert ("check_in_missed", nguyet.email) in before
    confirmed = night.presence_confirmed(nguyet, since=EVENING + timedelta(minutes=40))
    await send_and_wait(app, kafka, settings, [confirmed])  # applied: in its inbox, not dead-lettered
    clock.now += timedelta(minutes=5)  # the scheduler's rounds go by
    await send_and_wait(app, kafka, settings, [vnpt.staff(Person.new("Trần Văn Bình"))])  # a later event: it moved on
    assert await deliveries() == before
    assert len(_check_in_mails(mailbox, nguyet.email)) == 1


async def test_an_arrival_recorded_by_the_manager_under_way_is_as_a_check_in(app, kafka, mailbox, clock) -> None:
    """QZ29 #1: Lê Hữu Nghĩa, handed a shift, has no account and cannot check in; at 10:21 “chưa điểm danh” went to
    the leader, the manager and him. The manager's word under way that he came (PresenceConfirmed before the shift's
    end) stands for his check-in: before the grace, nobody is told he is missing; Bình's, said after the alert went,
    is told to the manager as a late arrival from the time he came."""
    app, settings, _client = app
    vnpt = Enterprise(clock, manager_emails=(MANAGER,))
    nghia, binh = Person.new("Lê Hữu Nghĩa"), Person.new("Trần Văn Bình")
    night = vnpt.shift([nghia], start=EVENING, hours=12, duty_type="operations")
    early = vnpt.shift([binh], start=EVENING, hours=12, duty_type="incident_response")
    for s in (night, early):
        s.planned()
    await send_and_wait(
        app,
        kafka,
        settings,
        [vnpt.registered(), vnpt.staff(nghia), vnpt.staff(binh), night.published(), early.published()],
    )
    clock.now = EVENING + timedelta(minutes=6)
    await send_and_wait(app, kafka, settings, [night.presence_confirmed(nghia, since=EVENING + timedelta(minutes=5))])
    clock.now = EVENING + timedelta(minutes=16)  # the grace has passed: Bình is told missing, Nghĩa is not
    await _mails(mailbox, binh.email, 1, "the missed check-in told to Bình")
    clock.now = EVENING + timedelta(minutes=40)
    await send_and_wait(app, kafka, settings, [early.presence_confirmed(binh, since=EVENING + timedelta(minutes=30))])
    mails = await _mails(mailbox, MANAGER, 2, "Bình's missed check-in and his arrival told to the manager")
    assert [s for s, _ in mails if "Lê Hữu Nghĩa" in s] == []
    assert "Trần Văn Bình đã có mặt lúc 18:30, muộn 30 phút" in mails[1][1]
    assert "Trần Văn Bình chưa nêu lý do đến muộn." in mails[1][1]  # none given: the manager knows to ask
    assert _check_in_mails(mailbox, nghia.email) == []
