"""The AsyncAPI documents in docs/asyncapi/ list every event type of the contract
(`lichtruc.events`) with its schema: the publisher's document on its send operation, and
each consumer's on its receive operation for the topic it reads. A new event model that is
not wired into the documents fails here; so does a listed schema that drifted from the model.
(tests/deploy/test_asyncapi_docs.py keeps the committed documents equal to the generated ones.)"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest

from devstack.asyncapi import DOCS
from lichtruc import topics
from lichtruc.event_schema import envelope
from lichtruc.events import AUDIT_SOURCE, ROSTER_SOURCE, EventData, publisher_of

TOPIC_OF = {ROSTER_SOURCE: topics.ROSTER_EVENTS, AUDIT_SOURCE: topics.AUDIT_EVENTS}
"""The topic each publisher's events travel on."""

READERS = {
    topics.ROSTER_EVENTS: {"roster": "send", "notifier": "receive", "audit": "receive"},
    topics.AUDIT_EVENTS: {"audit": "send", "notifier": "receive"},
}
"""Per topic: which service's document must list its events, and on which kind of operation."""

EVERY_EVENT = sorted(EventData.registry.items())


def _document(service: str) -> dict[str, Any]:
    return json.loads((DOCS / f"{service}.json").read_text(encoding="utf-8"))


DOCUMENTS = {service: _document(service) for service in ("roster", "notifier", "audit")}


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[unquote(part)]
    return node


def _listed(doc: dict[str, Any], *, address: str, action: str) -> dict[str, dict[str, Any]]:
    """Event type → its envelope schema, for the messages of `doc`'s `action` operations on `address`."""
    found: dict[str, dict[str, Any]] = {}
    for operation in doc.get("operations", {}).values():
        channel = _resolve(doc, operation["channel"]["$ref"])
        if operation["action"] != action or channel["address"] != address:
            continue
        for message_ref in operation["messages"]:
            message = _resolve(doc, message_ref["$ref"])
            if "$ref" in message:  # the channel's message points at components/messages
                message = _resolve(doc, message["$ref"])
            payload = _resolve(doc, message["payload"]["$ref"]) if "$ref" in message["payload"] else message["payload"]
            for choice in payload.get("oneOf", [payload]):
                schema = _resolve(doc, choice["$ref"]) if "$ref" in choice else choice
                event_type = schema.get("properties", {}).get("type", {}).get("const")
                if event_type is not None:
                    found[event_type] = schema
    return found


def _inline(node: Any, lookup: Any) -> Any:
    """`node` with every `$ref` replaced by what it names (the event models are not recursive), and
    discriminators reduced to their property name (AsyncAPI's Schema Object keeps only that)."""
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            return _inline(lookup(node["$ref"]), lookup)
        out = {key: _inline(value, lookup) for key, value in node.items() if key != "$defs"}
        if isinstance(out.get("discriminator"), dict):
            out["discriminator"] = out["discriminator"]["propertyName"]
        return out
    if isinstance(node, list):
        return [_inline(item, lookup) for item in node]
    return node


def _model_schema(model: type[Any]) -> Any:
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    return _inline(schema, lambda ref: defs[ref.removeprefix("#/$defs/")])


def _document_schema(doc: dict[str, Any], schema: Any) -> Any:
    return _inline(schema, lambda ref: _resolve(doc, ref))


def test_every_service_reads_or_writes_some_events() -> None:
    for topic, services in READERS.items():
        for service, action in services.items():
            assert _listed(DOCUMENTS[service], address=topic, action=action), (
                f"docs/asyncapi/{service}.json lists no event on its {action} operation for {topic}"
            )


@pytest.mark.parametrize(("event_type", "model"), EVERY_EVENT, ids=[t for t, _ in EVERY_EVENT])
def test_every_event_model_is_listed_where_it_travels(event_type: str, model: type[EventData]) -> None:
    publisher = publisher_of(event_type)
    assert publisher in TOPIC_OF, f"{model.__name__} ({event_type}) has no publisher in the contract"
    topic = TOPIC_OF[publisher]
    for service, action in READERS[topic].items():
        doc = DOCUMENTS[service]
        listed = _listed(doc, address=topic, action=action)
        assert event_type in listed, (
            f"{model.__name__} ({event_type}) is missing from docs/asyncapi/{service}.json ({action} on {topic}): "
            "declare it (lichtruc.event_schema) and run `make asyncapi`"
        )
        data = listed[event_type]["properties"]["data"]
        assert _document_schema(doc, data) == _model_schema(model), (
            f"docs/asyncapi/{service}.json: the data schema of {event_type} differs from "
            f"{model.__name__}.model_json_schema(): run `make asyncapi`"
        )
        assert _document_schema(doc, listed[event_type]) == _model_schema(envelope(model)), (
            f"docs/asyncapi/{service}.json: the envelope of {event_type} differs from the CloudEvent carrying it"
        )


def test_documents_list_no_event_the_contract_does_not_know() -> None:
    for topic, services in READERS.items():
        for service, action in services.items():
            unknown = set(_listed(DOCUMENTS[service], address=topic, action=action)) - set(EventData.registry)
            assert not unknown, f"docs/asyncapi/{service}.json lists event types not in lichtruc.events: {unknown}"


def test_a_subscriber_body_is_documented_as_events_but_received_as_the_raw_bytes() -> None:
    """What keeps bad messages reaching the DLQ: the documented union never validates the body."""
    from pydantic import TypeAdapter

    from lichtruc.event_schema import ROSTER_EVENTS, documented_bytes

    body = TypeAdapter(documented_bytes(ROSTER_EVENTS))
    for raw in (b"not json {", b'{"type": "lichtruc.roster.shift.planned.v1"}', "Tết".encode()):
        assert body.validate_python(raw) == raw
    schema = body.json_schema()
    assert len(schema["oneOf"]) == len(ROSTER_EVENTS)
    assert set(schema["discriminator"]["mapping"]) == {m.event_type for m in ROSTER_EVENTS}


def test_every_document_says_how_consumers_read_the_schemas_and_the_schemas_agree() -> None:
    """The tolerant reader (lichtruc.events): each document says that consumers ignore data fields they do
    not know and that audit keeps them, and its schemas say what it says: a data schema (and every object
    in it) declares what a producer writes, no field more; an envelope admits extension attributes."""
    from lichtruc.service import READING_RULE

    assert "ignored" in READING_RULE and "….v2" in READING_RULE and "dead-letter" in READING_RULE
    for service, doc in DOCUMENTS.items():
        assert READING_RULE in doc["info"]["description"], f"docs/asyncapi/{service}.json: run `make asyncapi`"
        for topic, services in READERS.items():
            if service not in services:
                continue
            for event_type, schema in _listed(doc, address=topic, action=services[service]).items():
                assert schema["additionalProperties"] is True, f"{service}: {event_type}'s envelope"
                closed = _objects(_document_schema(doc, schema["properties"]["data"]))
                assert closed and all(o.get("additionalProperties") is False for o in closed), (
                    f"{service}: {event_type}'s data schema admits fields it does not declare"
                )


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every object schema in `node` (one with properties), at any depth."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "properties" in node:
            found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_objects(item))
    return found
