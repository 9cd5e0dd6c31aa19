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
