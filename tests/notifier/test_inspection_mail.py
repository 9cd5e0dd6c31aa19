"""An announced inspection moved and cancelled reaches the enterprise's managers as e-mail, through real
Kafka and the test's own SMTP server: one message per manager and change, in Vietnamese, naming the
enterprise, the site, the old and the new day with their lunar names and the Department's reason; a
surprise plan moved and cancelled sends nothing. The roster events are produced by the test itself."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from notifier_testkit import (
    GIAO_THUA,
    PORTAL,
    Enterprise,
    FakeClock,
    account,
    department_saved,
    links_in,
    portal_page,
    send_and_wait,
    settings_for,
)

from lichtruc.events_inspections import (
    InspectionCancelled,
    InspectionPlanned,
    InspectionRescheduled,
    InspectionSnapshot,
)
from notifier.app import create_app
from support import eventually, running, wait_ready

MANAGERS = ("giamdoc@vnpt-longan.vn", "truca@vnpt-longan.vn")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(days=10))


@pytest.fixture
def settings(new_database, kafka, topic_prefix, mailbox):
    return settings_for(new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port)


def _plan(enterprise: Enterprise, *, surprise: bool, day: date, version: int, status: str = "planned"):
    return InspectionSnapshot(
        inspection_id=uuid.uuid5(enterprise.enterprise_id, str(surprise)),
        campaign_id=uuid.UUID(int=9),
        enterprise_id=enterprise.enterprise_id,
        enterprise_name=enterprise.name,
        site_name="Trạm viễn thông Hưng Điền",
        planned_on=day,
        phase="before" if day < date(2027, 2, 5) else "during",
        purpose="Kiểm tra công tác chuẩn bị trực Tết",
        inspectors=("Lê Văn Thành",),
        surprise=surprise,
        status=status,
        version=version,
    )


def _subject(received) -> str:
    return str(make_header(decode_header(received.message["Subject"])))


def _text(received) -> str:
    return received.message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # CRLF on the wire


async def _count(mailbox, n: int) -> bool:
    return len(mailbox.received) == n


async def test_managers_are_told_by_mail_of_a_move_and_a_cancellation_never_of_a_surprise(
    settings, kafka, clock, mailbox
) -> None:
    # the second manager is an account (roster's account events), not an address on the enterprise (QZ11 #5)
    vnpt = Enterprise(clock, manager_emails=MANAGERS[:1])
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        renamed = department_saved(clock, "Sở Khoa học và Công nghệ", version=1)
        await send_and_wait(app, kafka, settings, [vnpt.registered(), renamed, account(vnpt, MANAGERS[1])])

        # a surprise plan, moved and cancelled: nothing — sent first, so its mail would arrive before the others
        hidden = [
            vnpt.event(InspectionPlanned(inspection=_plan(vnpt, surprise=True, day=date(2027, 2, 5), version=1))),
            vnpt.event(
                InspectionRescheduled(
                    inspection=_plan(vnpt, surprise=True, day=date(2027, 2, 6), version=2),
                    previous_planned_on=date(2027, 2, 5),
                    reason="Đổi sang mùng 1",
                )
            ),
            vnpt.event(
                InspectionCancelled(
                    inspection=_plan(vnpt, surprise=True, day=date(2027, 2, 6), version=3, status="cancelled"),
                    reason="Không kiểm tra nữa",
                )
            ),
        ]
        planned = vnpt.event(InspectionPlanned(inspection=_plan(vnpt, surprise=False, day=date(2027, 2, 1), version=1)))
        moved = vnpt.event(
            InspectionRescheduled(
                inspection=_plan(vnpt, surprise=False, day=date(2027, 2, 3), version=2),
                previous_planned_on=date(2027, 2, 1),
                reason="Đoàn kiểm tra trùng lịch họp của Ủy ban",
            )
        )
        await send_and_wait(app, kafka, settings, [*hidden, planned, moved, moved])
        await eventually(lambda: _count(mailbox, 4), what="the plan and its move to each manager")
        assert not [m for m in mailbox.received if "Đổi sang mùng 1" in _text(m) or "Không kiểm tra nữa" in _text(m)]
        moves = [m for m in mailbox.received if "dời ngày" in _subject(m)]
        assert sorted(m.rcpt_tos[0] for m in moves) == sorted(MANAGERS)
        assert _subject(moves[0]) == (
            "Sở Khoa học và Công nghệ dời ngày kiểm tra công tác trực Tết sang 03/02/2027 (27 tháng Chạp Bính Ngọ)"
        )
        text = _text(moves[0])
        assert "Đơn vị được kiểm tra: VNPT Long An – Trạm viễn thông Hưng Điền" in text
        assert "Ngày kiểm tra cũ: 01/02/2027 (25 tháng Chạp Bính Ngọ)" in text
        assert "Ngày kiểm tra mới: 03/02/2027 (27 tháng Chạp Bính Ngọ) (trước Tết)" in text
        assert "Lý do: Đoàn kiểm tra trùng lịch họp của Ủy ban" in text

        cancelled = vnpt.event(
            InspectionCancelled(
                inspection=_plan(vnpt, surprise=False, day=date(2027, 2, 3), version=3, status="cancelled"),
                reason="Doanh nghiệp đã được kiểm tra trong đợt trước",
            )
        )
        await send_and_wait(app, kafka, settings, [cancelled, cancelled])
        await eventually(lambda: _count(mailbox, 6), what="the cancellation to each manager")
        offs = mailbox.received[4:]
        assert sorted(m.rcpt_tos[0] for m in offs) == sorted(MANAGERS)
        assert {_subject(m) for m in offs} == {
            "Sở Khoa học và Công nghệ hủy cuộc kiểm tra công tác trực Tết ngày 03/02/2027 (27 tháng Chạp Bính Ngọ)"
        }
        assert "Lý do: Doanh nghiệp đã được kiểm tra trong đợt trước" in _text(offs[0])
        assert "VNPT Long An – Trạm viễn thông Hưng Điền" in _text(offs[0])
    assert len(mailbox.received) == 6  # nothing more: not a repeat, not the surprise
    # Each mail (plan, move, cancellation) links the managers' inspections page, where they see the plan.
    page = f"{PORTAL}/manage/inspections"
    for m in mailbox.received:
        assert f"\nXem các cuộc kiểm tra trên Lịch trực Tết: {page}\n" in _text(m)
        assert links_in(_text(m)) == [page]
    assert portal_page(page) == "/manage/inspections"
