"""The inspectors' API tests share one app per test on the real database, with roster
events fed straight into the consumer's callback (the broker path has its own test)."""

from __future__ import annotations

import pytest
from audit_testkit import vn

from audit.app import create_app
from audit.handlers import make_apply
from lichtruc.events import CloudEvent
from support import running


@pytest.fixture
async def audit(settings, clock):
    clock.now = vn(2, 5, 20)  # the evening of 30 Tết: the morning's gaps are history
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        apply = make_apply(app.state.ctx)

        async def feed(*events: CloudEvent) -> None:
            for event in events:
                await apply(event, "test")

        yield client, feed, app
