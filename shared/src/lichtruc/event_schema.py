"""The event contract as the AsyncAPI documents show it: for every event type of
`lichtruc.events`, a typed envelope (the CloudEvent whose `type` is that event's and whose
`data` is its model), and the discriminated union of the envelopes a topic carries.

These types document; they do not decode. Consumers still take the raw bytes and parse
them with `lichtruc.events.decode` (see `lichtruc.kafka.consume_event`), so that a
malformed message fails in our code and reaches the dead-letter topic instead of failing
inside the framework. `documented_bytes` is how a subscriber says both at once: bytes at
run time, the union in the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any, Literal, Union, cast

from pydantic import Field, GetJsonSchemaHandler, TypeAdapter, create_model
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from .events import AUDIT_SOURCE, ROSTER_SOURCE, CloudEvent, EventData, publisher_of


def published_by(source: str) -> tuple[type[EventData], ...]:
    """Every event model the contract says `source` publishes, in the order they are defined: `lichtruc.events`'s,
    then each companion module's (events_accounts, events_department, …, in the order of their names, which is the
    order `lichtruc.events` imports them). The registry alone is in the order the classes were first imported: a
    process that imports a companion first (the portal does) registered it first, and wrote the AsyncAPI documents
    in another order (a test of them failed after the portal's tests in one process)."""
    models = [model for event_type, model in EventData.registry.items() if publisher_of(event_type) == source]
    return tuple(sorted(models, key=lambda model: model.__module__))  # stable: a module's in definition order


ROSTER_EVENTS = published_by(ROSTER_SOURCE)
"""What roster publishes on the roster topic (and what its consumers accept there)."""

AUDIT_EVENTS = published_by(AUDIT_SOURCE)
"""What audit publishes on the audit topic (coverage gaps; explanations given and answered)."""


@cache
def envelope(model: type[EventData]) -> type[CloudEvent]:
    """The CloudEvent that carries `model`: `type` is its event type, `data` is the model.
    Named `<Model>Event` in the documents (e.g. `ShiftPlannedEvent` carries `ShiftPlanned`)."""
    tag: Any = cast(Any, Literal)[model.event_type]  # a Literal of a runtime value, one per model
    typed: type[CloudEvent] = create_model(
        f"{model.__name__}Event",
        __base__=CloudEvent,
        __doc__=model.__doc__ or f"The CloudEvent carrying {model.__name__}.",
        type=(tag, ...),
        data=(model, ...),
    )
    return typed


def event_union(models: Iterable[type[EventData]]) -> Any:
    """The discriminated union (on the envelope's `type`) of the envelopes of `models`."""
    envelopes = tuple(envelope(model) for model in models)
    if not envelopes:
        raise ValueError("an event union needs at least one event model")
    if len(envelopes) == 1:
        return envelopes[0]
    return Annotated[Union[envelopes], Field(discriminator="type")]  # noqa: UP007  # a runtime tuple of types


class DocumentedAs:
    """`Annotated[bytes, DocumentedAs(t)]`: validated as bytes, shown in JSON Schema as `t`."""

    def __init__(self, documented: Any) -> None:
        self.core_schema = TypeAdapter(documented).core_schema

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(self.core_schema)


def documented_bytes(models: Iterable[type[EventData]]) -> Any:
    """The annotation of a subscriber's body: the raw bytes, documented as the union of `models`."""
    return Annotated[bytes, DocumentedAs(event_union(models))]


def documented_batch(models: Iterable[type[EventData]]) -> Any:
    """The body of a batch subscriber: a list of raw messages at run time; the document shows what
    each message on the topic is (the union of `models`), since a batch is the consumer's choice."""
    return Annotated[list[bytes], DocumentedAs(event_union(models))]


__all__ = [
    "AUDIT_EVENTS",
    "ROSTER_EVENTS",
    "DocumentedAs",
    "documented_batch",
    "documented_bytes",
    "envelope",
    "event_union",
    "published_by",
]
