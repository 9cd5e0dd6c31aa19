"""A new password asked for at the sign-in page (roster's PasswordResetRequested, QZ29 #15) reaches the Department's
active administrators as e-mail, through real Kafka and the test's own SMTP server: once each per request (a
redelivered event adds nothing; the same person asking again is told again), each in their language, naming who
asked — name, login, role, enterprise, phone —, when in Viet Nam time with the lunar day, and linking the account's
page on the portal; not an inactive administrator, not an inspector or a manager."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest
from notifier_testkit import (
    PORTAL,
    Enterprise,
    FakeClock,
    Person,
    account,
    links_in,
    portal_page,
    send_and_wait,
    settings_for,
)

from lichtruc.events import ROSTER_SOURCE, make_event
from lichtruc.events_accounts import PasswordResetRequested
from notifier.app import create_app
from support import eventually, running, wait_ready

ASKED_AT = datetime(2027, 2, 6, 22, 30, tzinfo=UTC)  # 05:30 on mùng 2 Tết in Viet Nam
ADMIN = "quantri@stttt.longan.gov.vn"
ADMIN_EN = "it.support@stttt.longan.gov.vn"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(ASKED_AT)


@pytest.fixture
def settings(new_database, kafka, topic_prefix, mailbox):
    return settings_for(new_database("notifier"), kafka, topic_prefix, smtp_port=mailbox.port)


def _subject(received) -> str:
    return str(make_header(decode_header(received.message["Subject"])))


def _text(received) -> str:
    return received.message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _asked(nghia: Person, mobifone: Enterprise, *, at: datetime, since: datetime):
    account_id = uuid.uuid5(uuid.NAMESPACE_URL, "nghia")
    data = PasswordResetRequested(
        account_id=account_id,
        login=str(nghia.email),
        display_name=nghia.full_name,
        role="staff",
        enterprise_ids=(mobifone.enterprise_id,),
        staff_id=nghia.staff_id,
        requested_at=at,
        open_since=since,
    )
    return account_id, make_event(data, source=ROSTER_SOURCE, partitionkey=str(account_id), time=at)


async def test_each_active_administrator_is_mailed_once_in_their_language_with_the_accounts_page(
    settings, kafka, clock, mailbox
) -> None:
    mobifone = Enterprise(clock, name="MobiFone Long An")
    department = Enterprise(clock, name="Sở Thông tin và Truyền thông")  # where the English-reading admin's record is
    nghia = Person.new("Lê Hữu Nghĩa", "nghia.lh@mobifone.vn")
    reader = Person.new("Trần Minh Khoa", ADMIN_EN)
    setup = [
        mobifone.registered(),
        department.registered(),
        mobifone.staff(nghia, phone="0918 123 456"),
        department.staff(reader, language="en"),
        account(department, ADMIN, role="admin"),
        account(department, ADMIN_EN, role="admin", staff_id=reader.staff_id),
        account(department, "cu.quantri@stttt.longan.gov.vn", role="admin", active=False),
        account(department, "thanhtra@stttt.longan.gov.vn", role="inspector"),
        account(mobifone, "giamdoc@mobifone.vn", role="manager"),
    ]
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(app, kafka, settings, setup)
        account_id, asked = _asked(nghia, mobifone, at=ASKED_AT, since=ASKED_AT)
        await send_and_wait(app, kafka, settings, [asked, asked])  # a redelivery tells nobody twice
        await eventually(lambda: _count(mailbox, 2), what="the request to each active administrator")

        by_address = {m.rcpt_tos[0]: m for m in mailbox.received}
        assert sorted(by_address) == sorted([ADMIN, ADMIN_EN])
        vi, en = by_address[ADMIN], by_address[ADMIN_EN]
        assert _subject(vi) == "Xin đặt lại mật khẩu: Lê Hữu Nghĩa (nghia.lh@mobifone.vn)"
        assert _subject(en) == "New password asked for: Lê Hữu Nghĩa (nghia.lh@mobifone.vn)"
        text = _text(vi)
        for line in (
            "Lê Hữu Nghĩa đã bấm “Quên mật khẩu?” trên trang đăng nhập Lịch trực Tết và xin Sở đặt lại mật khẩu.",
            "  Người xin: Lê Hữu Nghĩa",
            "  Tên đăng nhập: nghia.lh@mobifone.vn",
            "  Vai trò: Nhân viên trực",
            "  Doanh nghiệp: MobiFone Long An",
            "  Số điện thoại: 0918 123 456",
            "  Lúc: 05:30 07/02/2027 (Mùng 2 Tết Đinh Mùi), giờ Việt Nam",
            "Trong lúc chờ, quản lý của doanh nghiệp ghi nhận có mặt cho người này được.",
        ):
            assert f"\n{line}\n" in f"\n{text}", line
        assert "Xin lần đầu lúc" not in text
        assert "báo mật khẩu qua điện thoại (không gửi qua thư" in text
        english = _text(en)
        assert english.startswith("Dear Trần Minh Khoa,\n")
        assert "  Role: duty staff\n" in english and "  At: 05:30 7 Feb 2027 (2nd day of Tết, Đinh Mùi)" in english
        page = f"{PORTAL}/admin/accounts/{account_id}"
        for m in (vi, en):
            assert links_in(_text(m)) == [page]
        assert f"\nĐặt mật khẩu mới: {page}\n" in text
        assert portal_page(page) == "/admin/accounts/{account_id}"

        # nobody called: asked again twenty minutes later, a new request, still open since the first
        clock.now = ASKED_AT + timedelta(minutes=20)
        _, again = _asked(nghia, mobifone, at=clock.now, since=ASKED_AT)
        await send_and_wait(app, kafka, settings, [again])
        await eventually(lambda: _count(mailbox, 4), what="the request asked again")
        later = next(m for m in mailbox.received[2:] if m.rcpt_tos[0] == ADMIN)
        assert "  Lúc: 05:50 07/02/2027 (Mùng 2 Tết Đinh Mùi), giờ Việt Nam\n" in _text(later)
        assert "  Xin lần đầu lúc: 05:30 07/02/2027 (Mùng 2 Tết Đinh Mùi), giờ Việt Nam\n" in _text(later)
    assert len(mailbox.received) == 4


async def _count(mailbox, n: int) -> bool:
    return len(mailbox.received) == n
