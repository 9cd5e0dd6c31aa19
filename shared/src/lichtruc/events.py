"""The event contract: a CloudEvents 1.0 envelope (structured JSON mode) and one
Pydantic model per event type, versioned in the type name.

On Kafka the value is the envelope's UTF-8 JSON (Vietnamese text unescaped, byte
for byte), the key is the enterprise id (`partitionkey`, the CloudEvents
partitioning extension) so that all events of one enterprise stay in order on one
partition, and every event's data carries its aggregate's `version` so that a
consumer can tell a stale or repeated event.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
ROSTER_SOURCE = "/lichtruc/roster"
AUDIT_SOURCE = "/lichtruc/audit"


class UnknownEventType(LookupError):
    """An envelope whose `type` this version of the contract does not know."""


class EventData(BaseModel):
    """Base of every event's `data`. Subclasses set `event_type` and are registered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    registry: ClassVar[dict[str, type["EventData"]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        event_type = cls.__dict__.get("event_type")
        if event_type:
            EventData.registry[event_type] = cls


class CloudEvent(BaseModel):
    """CloudEvents 1.0 envelope; unknown extension attributes are tolerated on read."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID
    source: str = Field(min_length=1)
    type: str = Field(min_length=1)
    time: AwareDatetime
    subject: str | None = None
    datacontenttype: Literal["application/json"] = "application/json"
    partitionkey: str = Field(min_length=1, description="Kafka key: the enterprise id")
    data: dict[str, Any]

    def decoded(self) -> EventData:
        """The typed data of this event; raises UnknownEventType or pydantic.ValidationError."""
        model = EventData.registry.get(self.type)
        if model is None:
            raise UnknownEventType(f"unknown event type {self.type!r}")
        return model.model_validate(self.data)


def make_event(
    data: EventData,
    *,
    source: str,
    partitionkey: str,
    time: datetime,
    subject: str | None = None,
    event_id: uuid.UUID | None = None,
) -> CloudEvent:
    """Wrap typed data in an envelope; `time` is when the change was committed."""
    return CloudEvent(
        id=event_id or uuid.uuid4(),
        source=source,
        type=data.event_type,
        time=time,
        subject=subject,
        partitionkey=partitionkey,
        data=data.model_dump(mode="json"),
    )


def encode(event: CloudEvent) -> bytes:
    """The exact bytes put on Kafka: compact UTF-8 JSON, non-ASCII kept as is."""
    return event.model_dump_json().encode("utf-8")


def decode(raw: bytes) -> CloudEvent:
    """Parse the bytes of a Kafka message; raises pydantic.ValidationError on anything malformed."""
    return CloudEvent.model_validate_json(raw)


__all__ = [
    "CONTENT_TYPE", "ROSTER_SOURCE", "AUDIT_SOURCE", "CloudEvent", "EventData",
    "UnknownEventType", "ValidationError", "make_event", "encode", "decode",
]


# --- roster events -------------------------------------------------------------------


class Assignee(BaseModel):
    """A person on a shift, with the name consumers show (no call back to roster needed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    staff_id: uuid.UUID
    full_name: str = Field(min_length=1, max_length=200)


class ShiftPlanned(EventData):
    """A shift was created (as a draft unless created published)."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.planned.v1"

    shift_id: uuid.UUID
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = None
    duty_type: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    assignees: tuple[Assignee, ...]
    status: Literal["draft", "published"] = "draft"
    notes: str | None = None
    version: int = Field(ge=1)
