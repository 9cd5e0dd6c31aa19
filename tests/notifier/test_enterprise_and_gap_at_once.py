"""An enterprise and one of its gaps applied at the same moment by notifier's two consumers (roster's
topic and audit's, two transactions) still alert the managers. Found in CI (stop 45): a gap stayed open
with no alert because the enterprise's transaction looked for its open gaps before the gap's committed,
and the gap's transaction looked for its managers before the enterprise's committed; each missed the
other. Now each holds the enterprise until it commits (`ReferenceRepository.hold_enterprises`), so
the later one waits and then sees the other's rows.

The first transaction is paused, uncommitted, right after its handler did its work; the second runs
meanwhile (it waits on the enterprise, or, without the hold, commits having seen nothing); then the
first commits. Both orders, one event at a time and in batches, on PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from notifier_testkit import GIAO_THUA, Enterprise, FakeClock, settings_for
from sqlalchemy import text

from lichtruc import db, topics
from lichtruc.events import CloudEvent
from notifier.app import MIGRATIONS, create_app
from notifier.handlers import alerts
from notifier.handlers.events import make_apply, make_apply_batch
from support import eventually

NOW = GIAO_THUA - timedelta(days=2)
MANAGERS = ("giamdoc@vnpt-longan.vn", "truca@vnpt-longan.vn")


async def _waiting_on_a_hold(app: Any) -> int:
    async with app.state.runtime.sessions() as session:
        return (
            await session.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))
        ).scalar_one()


def _paused_after(monkeypatch: pytest.MonkeyPatch, name: str) -> tuple[asyncio.Event, asyncio.Event]:
    """`alerts.<name>` runs, then waits (its transaction still open) until released; once."""
    original: Callable[..., Awaitable[Any]] = getattr(alerts, name)
    reached, release = asyncio.Event(), asyncio.Event()

    async def paused(*args: Any, **kwargs: Any) -> Any:
        result = await original(*args, **kwargs)
        if not reached.is_set():
            reached.set()
            await release.wait()
        return result

    monkeypatch.setattr(alerts, name, paused)
    return reached, release


@pytest.mark.parametrize("mode", ["one at a time", "batch"])
@pytest.mark.parametrize("first", ["enterprise", "gap"])
async def test_the_managers_are_alerted_whichever_commits_first(new_database, monkeypatch, mode, first) -> None:
    url = new_database("at_once")
    engine = db.create_engine(url)
    await db.migrate(engine, MIGRATIONS, service="notifier")
    await engine.dispose()
    app = create_app(settings_for(url, "127.0.0.1:1", "unused", scheduler_enabled=False), clock=FakeClock(NOW))
    ctx = app.state.ctx
    try:
        vnpt = Enterprise(FakeClock(NOW), manager_emails=MANAGERS)
        registered, gap = vnpt.registered(), vnpt.gap_opened(start=GIAO_THUA)
        one, batch = make_apply(ctx), make_apply_batch(ctx)

        async def apply(event: CloudEvent, topic: str) -> None:
            await (one(event, topic) if mode == "one at a time" else batch([(event, topic)]))

        roster = apply(registered, topics.ROSTER_EVENTS)
        audit = apply(gap, topics.AUDIT_EVENTS)
        # The enterprise's transaction pauses after looking for its open gaps; the gap's after alerting.
        reached, release = _paused_after(
            monkeypatch, "alert_open_gaps" if first == "enterprise" else "apply_gap_opened"
        )
        earlier, later = (roster, audit) if first == "enterprise" else (audit, roster)

        held = asyncio.create_task(earlier)
        await asyncio.wait_for(reached.wait(), timeout=30)
        second = asyncio.create_task(later)

        async def waits_or_done() -> bool:
            return second.done() or await _waiting_on_a_hold(app) > 0

        await eventually(waits_or_done, timeout=30, what="the second transaction to wait for the first, or end")
        release.set()
        await asyncio.wait_for(asyncio.gather(held, second), timeout=30)

        async with ctx.uow() as uow:
            pending = await uow.deliveries.pending_alerts(uuid.UUID(gap.data["gap_id"]))
        assert sorted(p.recipient for p in pending) == sorted(MANAGERS)
    finally:
        await app.state.runtime.engine.dispose()
