"""What notifier consumes from Kafka."""

from __future__ import annotations

from lichtruc import topics
from lichtruc.service import Runtime, subscribe_events

from ..handlers import make_apply
from ..settings import NotifierSettings


def register(runtime: Runtime, settings: NotifierSettings) -> list[str]:
    """Subscribe notifier's handlers; returns the topics it needs to exist."""
    roster_topic = topics.with_prefix(settings.topic_prefix, topics.ROSTER_EVENTS)
    subscribe_events(runtime, roster_topic, group_id=settings.consumer_group, apply=make_apply(runtime.sessions),
                     title="roster events", description="Roster changes applied to notifier's read model.")
    return [roster_topic]
