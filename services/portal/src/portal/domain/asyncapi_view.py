"""A service's AsyncAPI 3.0 document as the event reference page shows it: each channel (a
Kafka topic) with what the service does there (publishes or receives), and each event type
on it with the fields of its `data`; the shared types those fields use, once, at the end.

Pure: a dict in (the document the service serves at `/asyncapi.json`), frozen values out.
The documents' envelopes are the typed CloudEvents of `lichtruc.event_schema`: a message's
payload is one envelope or a `oneOf` of them, each with `type` fixed to its event type and
`data` pointing at the event's model. Anything else in a payload (an untyped body) is shown
as a channel without event types rather than refused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

SCHEMAS = "#/components/schemas/"
ENVELOPE_ONLY = ("type", "data")  # shown per event; the other envelope fields once per page


@dataclass(frozen=True)
class FieldType:
    """A field's type: `kind` is "scalar" (`name`: string, integer…, with its `format`), "const"
    (`name`: the fixed value), "enum" (one of `values`), "ref" (`name`: a shared type shown below), "array" (of `items`),
    "choice" (one of `options`), or "any"."""

    kind: str
    name: str = ""
    format: str = ""
    items: FieldType | None = None
    options: tuple[FieldType, ...] = ()
    nullable: bool = False
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldView:
    name: str
    type: FieldType
    required: bool
    description: str
    default: str | None = None


@dataclass(frozen=True)
class EventView:
    name: str  # the model's name: ShiftPlanned
    event_type: str  # lichtruc.roster.shift.planned.v1
    description: str
    fields: tuple[FieldView, ...]

    @property
    def anchor(self) -> str:
        return f"event-{self.name}"


@dataclass(frozen=True)
class ChannelView:
    title: str
    address: str
    action: str  # "send" (the service publishes) or "receive" (it consumes)
    description: str
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class TypeView:
    """A shared type named by fields (ShiftSnapshot, Assignee…), with its own fields."""

    name: str
    description: str
    fields: tuple[FieldView, ...]

    @property
    def anchor(self) -> str:
        return f"type-{self.name}"


@dataclass(frozen=True)
class AsyncApiView:
    title: str
    description: str
    channels: tuple[ChannelView, ...]
    envelope: tuple[FieldView, ...]  # the CloudEvent fields every event has besides type and data
    types: tuple[TypeView, ...]

    @property
    def event_count(self) -> int:
        return len({e.event_type for c in self.channels for e in c.events})


def _resolve(doc: Mapping[str, Any], node: Any) -> Any:
    """Follow `$ref`s within the document (up to a few hops)."""
    for _ in range(8):
        if not isinstance(node, Mapping) or "$ref" not in node:
            return node
        ref = str(node["$ref"])
        if not ref.startswith("#/"):
            return {}
        target: Any = doc
        for part in ref[2:].split("/"):
            target = target.get(unquote(part), {}) if isinstance(target, Mapping) else {}
        node = target
    return node


def _ref_name(node: Any) -> str | None:
    if isinstance(node, Mapping) and str(node.get("$ref", "")).startswith(SCHEMAS):
        return unquote(str(node["$ref"])[len(SCHEMAS) :])
    return None


def field_type(schema: Any) -> FieldType:
    """The type of one property's schema, as FieldType."""
    if not isinstance(schema, Mapping):
        return FieldType("any")
    name = _ref_name(schema)
    if name is not None:
        return FieldType("ref", name=name)
    if "const" in schema:
        return FieldType("const", name=str(schema["const"]))
    if isinstance(schema.get("enum"), list):
        return FieldType("enum", values=tuple(_plain(v) for v in schema["enum"]))
    choices = schema.get("anyOf") or schema.get("oneOf")
    if choices:
        options = [c for c in choices if not (isinstance(c, Mapping) and c.get("type") == "null")]
        nullable = len(options) < len(choices)
        if len(options) == 1:
            inner = field_type(options[0])
            return FieldType(
                inner.kind, inner.name, inner.format, inner.items, inner.options, nullable=nullable, values=inner.values
            )
        return FieldType("choice", options=tuple(field_type(o) for o in options), nullable=nullable)
    kind = schema.get("type")
    if kind == "array":
        return FieldType("array", items=field_type(schema.get("items", {})))
    if isinstance(kind, str):
        return FieldType("scalar", name=kind, format=str(schema.get("format", "")))
    return FieldType("any")


def fields_of(schema: Mapping[str, Any], *, skip: tuple[str, ...] = ()) -> tuple[FieldView, ...]:
    required = set(schema.get("required", ()))
    out = []
    for name, prop in (schema.get("properties") or {}).items():
        if name in skip:
            continue
        prop = prop if isinstance(prop, Mapping) else {}
        default = prop.get("default")
        out.append(
            FieldView(
                name=str(name),
                type=field_type(prop),
                required=name in required,
                description=str(prop.get("description") or ""),
                default=None if default is None and "default" not in prop else _plain(default),
            )
        )
    return tuple(out)


def _plain(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return str(value)


def _event(doc: Mapping[str, Any], envelope_schema: Mapping[str, Any]) -> EventView | None:
    envelope = _resolve(doc, envelope_schema)
    if not isinstance(envelope, Mapping):
        return None
    properties = envelope.get("properties") or {}
    event_type = (properties.get("type") or {}).get("const")
    if event_type is None:
        return None
    data_ref = properties.get("data") or {}
    data = _resolve(doc, data_ref)
    name = _ref_name(data_ref) or str(envelope.get("title", event_type))
    return EventView(
        name=name,
        event_type=str(event_type),
        description=str(data.get("description") or envelope.get("description") or ""),
        fields=fields_of(data) if isinstance(data, Mapping) else (),
    )


def _channel_events(doc: Mapping[str, Any], operation: Mapping[str, Any]) -> tuple[EventView, ...]:
    events: list[EventView] = []
    for message_ref in operation.get("messages") or ():
        message = _resolve(doc, message_ref)
        payload = _resolve(doc, message.get("payload", {})) if isinstance(message, Mapping) else {}
        if not isinstance(payload, Mapping):
            continue
        for choice in payload.get("oneOf") or [payload]:
            event = _event(doc, choice)
            if event is not None:
                events.append(event)
    return tuple(events)


def _named_types(doc: Mapping[str, Any], roots: list[FieldView]) -> tuple[TypeView, ...]:
    """The shared types reachable from `roots`' fields, each once, in the order first met."""
    schemas = (doc.get("components") or {}).get("schemas") or {}
    seen: dict[str, TypeView] = {}
    pending = list(roots)

    def names(t: FieldType) -> list[str]:
        found = [t.name] if t.kind == "ref" else []
        if t.items is not None:
            found += names(t.items)
        for option in t.options:
            found += names(option)
        return found

    while pending:
        field = pending.pop(0)
        for name in names(field.type):
            if name in seen or not isinstance(schemas.get(name), Mapping):
                continue
            schema = schemas[name]
            seen[name] = TypeView(name=name, description=str(schema.get("description") or ""), fields=fields_of(schema))
            pending.extend(seen[name].fields)
    return tuple(seen.values())


def asyncapi_view(doc: Mapping[str, Any]) -> AsyncApiView:
    """The page's view of one AsyncAPI document: channels in the document's order, sends first."""
    channels: list[ChannelView] = []
    envelope: tuple[FieldView, ...] = ()
    for operation in (doc.get("operations") or {}).values():
        if not isinstance(operation, Mapping):
            continue
        channel = _resolve(doc, operation.get("channel", {}))
        if not isinstance(channel, Mapping):
            continue
        events = _channel_events(doc, operation)
        channels.append(
            ChannelView(
                title=str(channel.get("title") or _channel_key(doc, operation) or channel.get("address", "")),
                address=str(channel.get("address", "")),
                action=str(operation.get("action", "")),
                description=str(channel.get("description") or operation.get("description") or ""),
                events=events,
            )
        )
        if not envelope:
            envelope = _envelope_fields(doc, operation)
    channels.sort(key=lambda c: (c.action != "send", c.address))
    roots = [f for c in channels for e in c.events for f in e.fields]
    info = doc.get("info") or {}
    return AsyncApiView(
        title=str(info.get("title", "")),
        description=str(info.get("description", "")),
        channels=tuple(channels),
        envelope=envelope,
        types=_named_types(doc, roots),
    )


def _channel_key(doc: Mapping[str, Any], operation: Mapping[str, Any]) -> str:
    ref = str((operation.get("channel") or {}).get("$ref", ""))
    return unquote(ref.rsplit("/", 1)[-1]) if ref.startswith("#/channels/") else ""


def _envelope_fields(doc: Mapping[str, Any], operation: Mapping[str, Any]) -> tuple[FieldView, ...]:
    for message_ref in operation.get("messages") or ():
        message = _resolve(doc, message_ref)
        payload = _resolve(doc, message.get("payload", {})) if isinstance(message, Mapping) else {}
        for choice in (payload.get("oneOf") or [payload]) if isinstance(payload, Mapping) else ():
            envelope = _resolve(doc, choice)
            if isinstance(envelope, Mapping) and "data" in (envelope.get("properties") or {}):
                return fields_of(envelope, skip=ENVELOPE_ONLY)
    return ()
