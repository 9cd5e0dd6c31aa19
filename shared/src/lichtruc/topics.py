"""Kafka topic names. One topic per producing service; the key is the enterprise id."""

from __future__ import annotations

ROSTER_EVENTS = "lichtruc.roster.events.v1"
"""Every roster change (campaigns, reference data, requirements, shifts)."""

AUDIT_EVENTS = "lichtruc.audit.events.v1"
"""Coverage gaps opened and closed, published by audit for notifier."""

ALL = (ROSTER_EVENTS, AUDIT_EVENTS)


def dlq(topic: str) -> str:
    """The dead-letter topic of `topic`: where messages that cannot be applied go."""
    return f"{topic}.dlq"


def with_prefix(prefix: str, topic: str) -> str:
    """Topic name under an optional namespace prefix (tests use one per test to stay independent)."""
    return f"{prefix}.{topic}" if prefix else topic
