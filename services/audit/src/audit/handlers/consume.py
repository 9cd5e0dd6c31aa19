"""The consumer callbacks: append events to the log, project them, and queue the gap
events they caused — one transaction, for one event (`make_apply`) or a batch of them
(`make_apply_batch`, in a few statements; coverage is settled once per transaction, see
domain/live.py). Only the roster events the
contract lists are taken (domain/intake.py); anything else is parked on the DLQ. The log's
unique event id is audit's inbox, so a redelivered event changes nothing; the offsets are
committed only after the callback returns."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime

from pydantic import ValidationError

from lichtruc.events import (
    AUDIT_SOURCE,
    CampaignOpened,
    CloudEvent,
    CoverageGapClosed,
    CoverageGapOpened,
    EnterpriseRegistered,
    EventData,
    RequirementRemoved,
    RequirementSet,
    ShiftEvent,
    SiteRegistered,
    StaffJoined,
    SwapRequested,
    make_event,
)
from lichtruc.kafka import PermanentError

from ..domain.inforce import is_in_force
from ..domain.intake import refusal
from ..domain.live import GapChange
from ..domain.sequences import aggregate_version
from .context import Context
from .log import sign_head
from .projector import Logged, Pending, decode_data, project, settle

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
            **common, closed_by_event_ids=g.closed_by_event_ids, in_force=is_in_force(g, at), reason=change.reason
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


def make_apply_batch(ctx: Context) -> Callable[[Sequence[tuple[CloudEvent, str]]], Awaitable[None]]:
    """The batch callback `lichtruc.service.subscribe_events` runs (`apply_batch`): the log, the
    tree and the read model `make_apply`'s callback leaves when run on each event in order, and
    coverage settled once for the batch (domain/live.py, "Settled per append": each key the batch
    touched recomputed once, where `make_apply` recomputes it after each event), in one
    transaction with a few statements — the chain's lock; one read of the log's state, of the records the events
    name and of their keys' timelines, gaps and campaigns; the stretches the changes can move
    read in one more; the projections kept in memory through the batch,
    then one statement of all its writes (`Unit.hold_writes`): the records appended to the log
    and the tree, its one signed head, the projections, the gap events queued; the relay woken once.
    Four round trips for a batch of one shift change, where there were fourteen or fifteen.

    Events the intake refuses (and known types that break the contract) are left out of the
    transaction; once the others are committed, a `PermanentError` makes the consumer fall
    back to one event at a time, where the events applied already are skipped (the inbox)
    and the refused ones are parked on the DLQ by `make_apply`'s callback."""

    async def apply_batch(events: Sequence[tuple[CloudEvent, str]]) -> None:
        taken: list[tuple[CloudEvent, str, EventData | None]] = []
        refused: list[str] = []
        for event, topic in events:
            why = refusal(event.type, event.source)
            if why is None:
                try:
                    taken.append((event, topic, decode_data(event)))
                    continue
                except ValidationError as exc:
                    why = f"{event.type} breaks the event contract: {exc.error_count()} error(s)"
            refused.append(f"{event.id}: {why}")
        seqs: list[int] = []
        queued: list[CloudEvent] = []
        if taken:
            async with ctx.write() as unit:
                unit.hold_writes()  # the log's, the head's, the projections' and the outbox's: one round trip
                store = unit.batch_store()
                # What the events name, and their keys' timelines, gaps and campaigns, is read with the
                # log's state (for the events found logged already too).
                all_datas = [d for _, _, d in taken]
                named = store.named_reads(*_named(all_datas), _sites(all_datas))
                appended = await unit.log.append_many([(e, t) for e, t, _ in taken], clock=ctx.clock, reads=named)
                fresh = [(a, e, d) for a, (e, _, d) in zip(appended, taken, strict=True) if a is not None]
                if fresh:
                    await sign_head(unit, key=ctx.log_key, at=fresh[-1][0].received_at, grown=unit.log.grown)
                    datas = [d for _, _, d in fresh]
                    await store.read_ahead(*_named(datas), _shift_spans(datas), _sites(datas))
                    pending = Pending()
                    for record, event, data in fresh:
                        logged = Logged(record.seq, record.received_at, event)
                        await project(store=store, logged=logged, data=data, pending=pending)
                    for settled in await settle(store=store, pending=pending):
                        if settled.change.publish:
                            queued.append(gap_event(settled.change, at=settled.at))
                    await store.flush()
                    await unit.queue_many(queued, topic=ctx.audit_topic)
                    await unit.write_held()
                    seqs = [a.seq for a, _, _ in fresh]
            skipped = len(taken) - len(seqs)
            if skipped:
                log.info("%d event(s) of the batch already in the log; skipped", skipped)
        if queued:
            ctx.notify_relay()
        for seq in seqs:
            ctx.appended(seq)
        if refused:
            raise PermanentError(
                f"{len(refused)} event(s) of the batch refused (the others are applied): " + "; ".join(refused)
            )

    return apply_batch


def _named(
    datas: Iterable[EventData | None],
) -> tuple[dict[str, set[str]], set[tuple[str, str]], set[tuple[str, str]]]:
    """What a batch's events name, to read at once: records by collection, the version heads
    of their aggregates, and the (enterprise, duty type) pairs of their shifts and requirements."""
    ids: dict[str, set[str]] = {
        name: set() for name in ("shifts", "requirements", "campaigns", "enterprises", "sites", "staff")
    }
    heads: set[tuple[str, str]] = set()
    pairs: set[tuple[str, str]] = set()
    for data in datas:
        ref = aggregate_version(data)
        if ref is not None:
            heads.add((ref.aggregate_type, ref.aggregate_id))
        if isinstance(data, (ShiftEvent, SwapRequested)):
            ids["shifts"].add(str(data.shift.shift_id))
            pairs.add((str(data.shift.enterprise_id), data.shift.duty_type))
        elif isinstance(data, (RequirementSet, RequirementRemoved)):
            ids["requirements"].add(str(data.requirement_id))
            if isinstance(data, RequirementSet):
                pairs.add((str(data.enterprise_id), data.duty_type))
        elif isinstance(data, CampaignOpened):
            ids["campaigns"].add(str(data.campaign_id))
        elif isinstance(data, EnterpriseRegistered):
            ids["enterprises"].add(str(data.enterprise_id))
        elif isinstance(data, SiteRegistered):
            ids["sites"].add(str(data.site_id))
        elif isinstance(data, StaffJoined):
            ids["staff"].add(str(data.staff_id))
    return ids, heads, pairs


def _shift_spans(datas: Iterable[EventData | None]) -> list[tuple[str, str, str, datetime, datetime, tuple[str, ...]]]:
    """The shifts the events carry: id, enterprise, duty type, start, end and the sites it counts at."""
    return [
        (
            str(d.shift.shift_id),
            str(d.shift.enterprise_id),
            d.shift.duty_type,
            d.shift.starts_at,
            d.shift.ends_at,
            tuple(str(s) for s in (d.shift.site_id, *d.shift.covers_site_ids) if s is not None),
        )
        for d in datas
        if isinstance(d, (ShiftEvent, SwapRequested))
    ]


def _sites(datas: Iterable[EventData | None]) -> set[str]:
    """The sites the events name: their shifts' own and covered sites, their requirements' sites."""
    sites: set[str] = set()
    for d in datas:
        if isinstance(d, (ShiftEvent, SwapRequested)):
            sites.update(str(s) for s in (d.shift.site_id, *d.shift.covers_site_ids) if s is not None)
        elif isinstance(d, RequirementSet) and d.site_id is not None:
            sites.add(str(d.site_id))
    return sites
