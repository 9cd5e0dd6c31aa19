"""Notifier's test fixtures. `notifier_testkit` (next to this file) holds the event builders,
the fake clock and the in-process SMTP and webhook servers."""

from __future__ import annotations

import sys
from pathlib import Path

# A module name of its own, so that it cannot clash with other services' test helpers.
sys.path.insert(0, str(Path(__file__).parent))

import pytest
from notifier_testkit import Hooks, Mailbox, smtp_server, webhook_server


@pytest.fixture
async def mailbox():
    """A real SMTP server in the test process; `mailbox.received` holds what arrived."""
    box = Mailbox()
    async with smtp_server(box) as port:
        box.port = port
        yield box


@pytest.fixture
async def hooks():
    """A real HTTP receiver for webhooks; `hooks.requests` holds what arrived."""
    receiver = Hooks()
    async with webhook_server(receiver) as url:
        receiver.url = url
        yield receiver
