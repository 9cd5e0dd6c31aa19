"""The consumer callback: append the event to the log, project it, and queue the gap
events it caused — one transaction. Only the roster events the contract lists are taken
(domain/intake.py); anything else is parked on the DLQ. The log's unique event id is audit's inbox, so a
redelivered event changes nothing; the offset is committed only after this returns."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from lichtruc.events import AUDIT_SOURCE, CloudEvent, CoverageGapClosed, CoverageGapOpened, make_event
from lichtruc.kafka import PermanentError

from ..domain.inforce import is_in_force
from ..domain.intake import refusal
from ..domain.live import GapChange
from .context import Context
from .log import sign_head
from .projector import Logged, decode_data, project

log = logging.getLogger(__name__)


def gap_event(change: GapChange, *, at: datetime) -> CloudEvent:
    """The CoverageGapOpened (opened, re-opened, updated) or CoverageGapClosed of a change,
    keyed by the enterprise; its `version` is the gap's."""
    g = change.gap
    common = dict(
        gap_id=g.gap_id,
        campaign_id=g.campaign_id,
        enterprise_id=g.enterprise_id,
        site_id=g.site_id,
        duty_type=g.duty_type,
        starts_at=g.starts_at,
        ends_at=g.ends_at,
        version=g.version,
    )
    if change.kind == "closed":
        data: CoverageGapClosed | CoverageGapOpened = CoverageGapClosed(
            **common, closed_by_event_ids=g.closed_by_event_ids, in_force=is_in_force(g, at)
        )
    else:
        data = CoverageGapOpened(
            **common,
            required=g.required,
            actual=g.actual,
            missing_qualification=g.missing_qualification,
            peak=g.peak,
            cause_event_ids=g.cause_event_ids,
            in_force_from=g.in_force_from,
        )
    return make_event(data, source=AUDIT_SOURCE, partitionkey=g.enterprise_id, time=at, subject=f"gaps/{g.gap_id}")


def make_apply(ctx: Context) -> Callable[[CloudEvent, str], Awaitable[None]]:
    """The callback `lichtruc.service.subscribe_events` runs for every roster event."""

    async def apply(event: CloudEvent, topic: str) -> None:
        refused = refusal(event.type, event.source)
        if refused is not None:
            raise PermanentError(refused)  # parked on the DLQ, never in the chain
        data = decode_data(event)  # a known type that breaks the contract raises: straight to the DLQ
        published = 0
        async with ctx.write() as unit:
            appended = await unit.log.append(event, topic=topic, clock=ctx.clock)
            if appended is None:
                log.info("event %s already in the log; skipped", event.id)
                return
            await sign_head(unit, key=ctx.log_key, at=appended.received_at)
            logged = Logged(appended.seq, appended.received_at, event)
            changes = await project(store=unit.store, logged=logged, data=data)
            for change in changes:
                if change.publish:
                    await unit.queue(gap_event(change, at=logged.received_at), topic=ctx.audit_topic)
                    published += 1
        if published:
            ctx.notify_relay()
        ctx.appended(logged.seq)

    return apply
