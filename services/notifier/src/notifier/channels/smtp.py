"""E-mail over SMTP (aiosmtplib)."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from ..domain.deliveries import smtp_reply_is_transient
from ..settings import NotifierSettings
from . import DeliveryFailed


class SmtpSender:
    """Sends one message per SMTP session to the configured server (host, port, TLS, credentials)."""

    def __init__(self, settings: NotifierSettings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage, *, recipient: str) -> str:
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password.get_secret_value() if s.smtp_password else None,
            use_tls=s.smtp_security == "tls",
            start_tls=s.smtp_security == "starttls",
            timeout=s.smtp_timeout_seconds,
            local_hostname=s.smtp_local_hostname,
        )
        try:
            await client.connect()
            _errors, reply = await client.send_message(message, sender=s.smtp_from, recipients=[recipient])
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients[0] if exc.recipients else None
            code = refused.code if refused is not None else -1
            raise DeliveryFailed(
                f"recipient refused: {code} {getattr(refused, 'message', '')}".strip(),
                transient=smtp_reply_is_transient(code),
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryFailed(
                f"SMTP {exc.code} {exc.message}".strip(), transient=smtp_reply_is_transient(exc.code)
            ) from exc
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(
                f"SMTP server {s.smtp_host}:{s.smtp_port} unreachable: {exc!r}"[:500], transient=True
            ) from exc
        finally:
            # No QUIT: once the server accepted the message, every round trip before our database
            # records it widens the window in which a crash would lead to a re-send. Closing also
            # makes a cancelled send (shutdown) let go of the connection at once.
            client.close()
        return f"SMTP {reply}"[:500]
