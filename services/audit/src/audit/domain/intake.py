"""Which events audit takes into its chain: the roster's, as the contract (`lichtruc.events`)
lists them. The chain is the inspectors' record, so anything else — a type the contract
does not list, an audit event, a roster type claimed by another source — is refused and
parked on the dead-letter topic, where an operator sees it, rather than logged for good."""

from __future__ import annotations

from lichtruc.events import ROSTER_SOURCE, publisher_of


def refusal(event_type: str, source: str) -> str | None:
    """Why an event with this type and source does not belong in audit's chain; None if it does."""
    publisher = publisher_of(event_type)
    if publisher is None:
        return (
            f"event type {event_type!r} is not in the event contract (lichtruc.events): not logged. If roster "
            "publishes a new type, upgrade audit to the contract that lists it, then replay the DLQ."
        )
    if publisher != ROSTER_SOURCE:
        return f"{event_type} is published by {publisher}, not roster: audit's chain takes roster events only"
    if source != publisher:
        return f"{event_type} comes from {publisher} by contract, but this event says source {source!r}: not logged"
    return None
