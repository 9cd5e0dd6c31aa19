"""`make run`'s local SMTP server keeps every message, Vietnamese intact."""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage

from devstack.mailcatcher import start_mailcatcher


def test_caught_mail_is_saved_byte_for_byte(tmp_path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    catcher = start_mailcatcher(tmp_path / "mail", port)
    try:
        message = EmailMessage()
        message["From"] = "lichtruc@localhost"
        message["To"] = "tuyet@example.vn"
        message["Subject"] = "Nhắc lịch trực: Mùng 1 Tết"
        message.set_content("Chị Nguyễn Thị Ánh Tuyết trực lãnh đạo lúc 22:00.")
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.send_message(message)
    finally:
        catcher.stop()
    [saved] = sorted((tmp_path / "mail").glob("*.eml"))
    from email import message_from_bytes, policy

    parsed = message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Nhắc lịch trực: Mùng 1 Tết"
    assert "Nguyễn Thị Ánh Tuyết" in parsed.get_content()


def test_a_restart_numbers_on_and_keeps_earlier_mail(tmp_path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "00001.eml").write_bytes(b"Subject: first run\r\n\r\nkept\r\n")
    (folder / "00007.eml").write_bytes(b"Subject: first run, last\r\n\r\nkept\r\n")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    catcher = start_mailcatcher(folder, port)
    try:
        message = EmailMessage()
        message["From"] = "lichtruc@localhost"
        message["To"] = "tuyet@example.vn"
        message["Subject"] = "Sau khi khởi động lại"
        message.set_content("Thư mới.")
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.send_message(message)
    finally:
        catcher.stop()
    assert sorted(p.name for p in folder.glob("*.eml")) == ["00001.eml", "00007.eml", "00008.eml"]
    assert (folder / "00001.eml").read_bytes().startswith(b"Subject: first run\r\n")
