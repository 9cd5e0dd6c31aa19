"""What notifier consumes from Kafka: roster's events (its read model) and audit's coverage
gaps (alerts to managers) and explanations (mails to inspectors and managers). Both at least once, idempotent
through the inbox."""

from __future__ import annotations

from lichtruc import topics
from lichtruc.event_schema import AUDIT_EVENTS, ROSTER_EVENTS
from lichtruc.service import Runtime, subscribe_events

from ..handlers import Context
from ..handlers.events import make_apply, make_apply_batch
from ..settings import NotifierSettings


def topic_names(settings: NotifierSettings) -> list[str]:
    """The topics notifier reads (created at start-up if missing, with their DLQs)."""
    return [
        topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS),
        topics.with_prefix(settings.topic_prefix, topics.AUDIT_EVENTS),
    ]


def register(runtime: Runtime, settings: NotifierSettings, ctx: Context) -> list[str]:
    """Subscribe notifier's handlers; returns the topics it needs to exist."""
    roster_topic, audit_topic = topic_names(settings)
    apply, apply_batch = make_apply(ctx), make_apply_batch(ctx)
    subscribe_events(
        runtime,
        roster_topic,
        group_id=settings.consumer_group,
        apply=apply,
        apply_batch=apply_batch,
        title="roster events",
        description="Roster changes applied to notifier's read model: feeds and reminders "
        "(campaign and requirement events are recorded in the inbox and otherwise not needed).",
        accepts=ROSTER_EVENTS,
    )
    # A group of its own: the two subscriptions rebalance independently.
    subscribe_events(
        runtime,
        audit_topic,
        group_id=f"{settings.consumer_group}.audit",
        apply=apply,
        apply_batch=apply_batch,
        title="audit events",
        description="Coverage gaps opened and closed: alerts to the managers. Explanations given or amended: "
        "mails to the inspectors; answered: mails to the enterprise's managers.",
        accepts=AUDIT_EVENTS,
    )
    return [roster_topic, audit_topic]
