"""What audit consumes from Kafka, and what it publishes."""

from __future__ import annotations

from lichtruc import topics
from lichtruc.event_schema import AUDIT_EVENTS, ROSTER_EVENTS, event_union
from lichtruc.service import Runtime, subscribe_events

from ..handlers import Context, make_apply, make_apply_batch
from ..settings import AuditSettings


def register(runtime: Runtime, settings: AuditSettings, ctx: Context) -> list[str]:
    """Subscribe audit's handlers and declare its publications; returns the topics it needs to exist."""
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
    subscribe_events(
        runtime,
        roster_topic,
        group_id=settings.consumer_group,
        apply=make_apply(ctx),
        apply_batch=make_apply_batch(ctx),
        title="roster events",
        description="Every roster event: appended once to the hash-chained log and projected into "
        "the read model and live coverage in the same transaction (a batch of events at a time, "
        "AUDIT_CONSUMER_BATCH_SIZE / AUDIT_CONSUMER_BATCH_MS).",
        accepts=ROSTER_EVENTS,
    )
    # Declared so that AsyncAPI documents what audit publishes; the outbox relay publishes the bytes.
    runtime.broker.publisher(
        ctx.audit_topic,
        schema=event_union(AUDIT_EVENTS),
        title="coverage gap and explanation events",
        description="CoverageGapOpened / CoverageGapClosed, keyed by enterprise id; a gap's "
        "later versions supersede earlier ones. ExplanationGiven / ExplanationReviewed: audit's own "
        "records of an explanation's versions and answers, as its log holds them (same id), keyed by "
        "the item's enterprise id.",
    )
    return [roster_topic, ctx.audit_topic]
