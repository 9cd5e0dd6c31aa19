"""A local SMTP server for `make run`: notifier's reminders and gap alerts really go out,
and land as .eml files in the cache instead of anyone's inbox."""

from __future__ import annotations

import itertools
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

from aiosmtpd.controller import Controller


class _SaveToFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Numbered on from the messages an earlier `make run` left: a restart never writes over them.
        self.counter = itertools.count(_last_number(folder) + 1)

    async def handle_DATA(self, server, session, envelope) -> str:
        number = next(self.counter)
        raw = envelope.original_content or envelope.content
        (self.folder / f"{number:05d}.eml").write_bytes(raw)
        subject = str(make_header(decode_header(message_from_bytes(raw).get("Subject", ""))))
        print(f"mail: {', '.join(envelope.rcpt_tos)} — {subject}", flush=True)
        return "250 Message accepted for delivery"


def _last_number(folder: Path) -> int:
    """The highest number among the folder's NNNNN.eml files (0 when there are none)."""
    return max((int(p.stem) for p in folder.glob("*.eml") if p.stem.isdigit()), default=0)


def start_mailcatcher(folder: Path, port: int) -> Controller:
    """Start the catcher on 127.0.0.1:port (in a thread); stop it with `.stop()`."""
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(_SaveToFolder(folder), hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    return controller
